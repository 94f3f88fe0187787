"""Subjects and text bodies are plain text: no HTML escaping of names or titles."""

from outbox.emails import render_email


def test_subject_and_text_body_keep_ampersands_and_quotes_the_html_body_escapes_them():
    context = {
        "committee": type("C", (), {"name": 'Hội Cựu chiến binh & "Đoàn" phường 1'})(),
        "version": 2,
        "site_url": "http://x",
    }
    subject, text, html = render_email("submission-received", context, language="vi")
    assert subject == 'Biên nhận: Hội Cựu chiến binh & "Đoàn" phường 1 đã nộp báo cáo (lần 2)'
    assert 'Kính gửi Hội Cựu chiến binh & "Đoàn" phường 1,' in text
    assert "Kính gửi Hội Cựu chiến binh &amp; &quot;Đoàn&quot; phường 1," in html


def test_a_reset_email_body_is_not_shown_in_the_admin(db, client):
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    from outbox.models import Email

    admin = get_user_model().objects.create_superuser("quantri_x", "q@x.vn", "x")
    client.force_login(admin)
    reset = Email.objects.create(key="r1", kind="password_reset", to="a@x.vn", subject="Đặt lại", body_text="LINK-SECRET")
    notice = Email.objects.create(key="n1", kind="plan-issued", to="a@x.vn", subject="KH", body_text="BODY-VISIBLE")
    assert "LINK-SECRET" not in client.get(reverse("admin:outbox_email_change", args=[reset.pk])).content.decode()
    assert "BODY-VISIBLE" in client.get(reverse("admin:outbox_email_change", args=[notice.pk])).content.decode()

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

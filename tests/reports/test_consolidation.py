"""The consolidated report: the document it builds (read back with python-docx), the build's life
(request, claim, run twice, fail, retry, history), its pages and who may use them, and the
pre-fill of a committee's own upward report."""

import io
import shutil
import subprocess
from datetime import timedelta
from decimal import Decimal

import docx
import pytest
import time_machine
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from tests.conftest import local_dt

# --- data helpers (imported by the other consolidation test files) --------------------------


def fill(sub, *, sections: dict, values: dict | None = None, state="submitted", submitted_at=None, version=1):
    """Write answers {item: html} and values {indicator: number}, then put the report in `state`."""
    from reports.models import IndicatorValue, SectionAnswer

    for item, html in sections.items():
        SectionAnswer.objects.update_or_create(submission=sub, item=item, defaults={"html": html})
    for indicator, value in (values or {}).items():
        IndicatorValue.objects.update_or_create(
            submission=sub, indicator=indicator, defaults={"value": None if value is None else Decimal(value)}
        )
    sub.state = state
    if state in ("submitted", "accepted", "returned"):
        at = submitted_at or local_dt(2022, 6, 10, 9, 0)
        sub.first_submitted_at = sub.first_submitted_at or at
        sub.submitted_at = at
        sub.version = version
    if state == "accepted":
        sub.accepted_at = at
    sub.save()
    return sub


def fill_round(p):
    """Ward A1 submitted on time, the member organisation late (and accepted), ward A2 nothing."""
    fill(
        p.sub_a1,
        sections={
            p.items.s11: "<p>Phường A1 tổ chức 5 hội nghị quán triệt Nghị quyết.</p>",
            p.items.s2: "<p>Kết quả nổi bật của phường A1.</p><p>Đoạn thứ hai của A1.</p>",
        },
        values={p.indicators.meetings: 5, p.indicators.attendees: 350},
    )
    fill(
        p.sub_org,
        sections={
            p.items.s11: "<p>Hội Nông dân triển khai tới 12 chi hội.</p>",
            p.items.s12: "<p>Thuận lợi của Hội.</p>",
        },
        values={p.indicators.meetings: 7, p.indicators.attendees: 120},
        state="accepted",
        submitted_at=local_dt(2022, 6, 16, 8, 30),
    )


def read_docx(data: bytes):
    return docx.Document(io.BytesIO(data))


def paragraphs(document) -> list[str]:
    return [p.text for p in document.paragraphs if p.text.strip()]


def section_after(texts: list[str], heading: str, next_heading: str) -> list[str]:
    start = texts.index(heading)
    end = texts.index(next_heading, start + 1)
    return texts[start + 1 : end]


def tables_text(document) -> list[list[list[str]]]:
    return [[[cell.text for cell in row.cells] for row in table.rows] for table in document.tables]


def build_now(duty, **options):
    """Request and run a build synchronously (what the worker does)."""
    from reports.consolidation.services import consolidation_run
    from reports.models import ConsolidationBuild

    build = ConsolidationBuild.objects.create(duty=duty, **options)
    consolidation_run(build_id=build.pk)
    build.refresh_from_db()
    return build


def built_document(build):
    with default_storage.open(build.file.name, "rb") as fh:
        return read_docx(fh.read())


@pytest.fixture
def no_enqueue(monkeypatch):
    """Record what would be sent to the broker instead of sending it."""
    from reports import tasks

    sent = []
    monkeypatch.setattr(tasks.build_consolidation, "apply_async", lambda args=None, **kw: sent.append((args, kw)))
    return sent


FROZEN = local_dt(2022, 6, 20, 10, 0)

# --- the document ---------------------------------------------------------------------------


@time_machine.travel(FROZEN, tick=False)
def test_body_reads_like_a_report_totals_as_sentences_and_who_reported(issued_plan):
    from reports.consolidation.builder import build_document

    p = issued_plan
    fill_round(p)
    doc, summary, included = build_document(duty=p.duty)
    read = read_docx(doc.to_bytes())
    texts = paragraphs(read)
    body = texts[: texts.index("PHỤ LỤC I")]

    assert "BÁO CÁO" in texts
    assert p.plan.title in texts  # the trích yếu follows the plan
    under_11 = section_after(body, "1. Công tác triển khai", "2. Thuận lợi")
    assert under_11 == [
        "Toàn thành phố tổ chức 12 cuộc với 470 lượt người dự.",
        "Cả 2 đơn vị đã báo cáo nội dung này.",
    ]
    under_12 = section_after(body, "2. Thuận lợi", "II. KẾT QUẢ THỰC HIỆN NGHỊ QUYẾT")
    assert under_12 == ["Đơn vị báo cáo nội dung này (1/2): Hội Nông dân thành phố A."]
    # The committees' own words are not in the body, only in the annex.
    assert "Phường A1 tổ chức 5 hội nghị quán triệt Nghị quyết." not in body
    # Headings keep the outline's order and numbering.
    order = [
        body.index(h)
        for h in [
            "I. TÌNH HÌNH TRIỂN KHAI, QUÁN TRIỆT NGHỊ QUYẾT",
            "1. Công tác triển khai",
            "2. Thuận lợi",
            "II. KẾT QUẢ THỰC HIỆN NGHỊ QUYẾT",
        ]
    ]
    assert order == sorted(order)
    assert [s.pk for s in included] == [p.sub_a1.pk, p.sub_org.pk]
    assert summary["counts"] == {"expected": 3, "included": 2, "missing": 1, "late": 1}
    assert summary["submissions"][str(p.sub_a1.pk)] == {
        "v": 1,
        "state": "submitted",
        "committee": "Ủy ban MTTQ Phường A1",
    }


@time_machine.travel(FROZEN, tick=False)
def test_nothing_empty_is_printed_a_section_nobody_wrote_is_left_out(issued_plan):
    from reports.consolidation.builder import build_document

    p = issued_plan
    fill(p.sub_a1, sections={p.items.s2: "<p>Kết quả nổi bật của phường A1.</p>", p.items.s12: "<p>&nbsp;</p>"})
    texts = paragraphs(read_docx(build_document(duty=p.duty)[0].to_bytes()))
    assert not any("Chưa có đơn vị nào" in t for t in texts)
    # Section I and its items have no text, no number, no mark: out of the body and of the annex.
    assert "I. TÌNH HÌNH TRIỂN KHAI, QUÁN TRIỆT NGHỊ QUYẾT" not in texts
    assert "1. Công tác triển khai" not in texts
    assert "2. Thuận lợi" not in texts
    assert texts.count("II. KẾT QUẢ THỰC HIỆN NGHỊ QUYẾT") == 2  # the body and A1's text in the annex


@time_machine.travel(FROZEN, tick=False)
def test_annex_has_each_committees_full_text_in_sibling_order_and_who_did_not_report(issued_plan):
    from reports.consolidation.builder import build_document

    p = issued_plan
    fill_round(p)
    texts = paragraphs(read_docx(build_document(duty=p.duty)[0].to_bytes()))
    annex = texts[texts.index("PHỤ LỤC I") :]
    assert "Đơn vị chưa gửi báo cáo (1): Ủy ban MTTQ Phường A2 (Quá hạn chưa nộp)." in annex
    assert (
        "Đơn vị gửi báo cáo muộn (1): Hội Nông dân thành phố A (nộp lúc 16/06/2022 08:30, hạn 14/06/2022 23:59)."
        in annex
    )
    a1 = section_after(annex, "1. Ủy ban MTTQ Phường A1", "2. Hội Nông dân thành phố A")
    assert a1 == [
        "I. TÌNH HÌNH TRIỂN KHAI, QUÁN TRIỆT NGHỊ QUYẾT",
        "1. Công tác triển khai",
        "Phường A1 tổ chức 5 hội nghị quán triệt Nghị quyết.",
        "II. KẾT QUẢ THỰC HIỆN NGHỊ QUYẾT",
        "Kết quả nổi bật của phường A1.",
        "Đoạn thứ hai của A1.",
    ]
    org = section_after(annex, "2. Hội Nông dân thành phố A", "PHỤ LỤC II")
    assert org == [
        "I. TÌNH HÌNH TRIỂN KHAI, QUÁN TRIỆT NGHỊ QUYẾT",
        "1. Công tác triển khai",
        "Hội Nông dân triển khai tới 12 chi hội.",
        "2. Thuận lợi",
        "Thuận lợi của Hội.",
    ]


@time_machine.travel(FROZEN, tick=False)
def test_body_quotes_the_typical_passages_with_their_committee(issued_plan, personas):
    from reports.consolidation.builder import build_document
    from reports.typical.services import typical_mark

    p = issued_plan
    fill_round(p)
    typical_mark(submission=p.sub_a1, item=p.items.s2, text="Kết quả nổi bật", by=personas.reviewer)
    typical_mark(submission=p.sub_org, item=p.items.s12, by=personas.reviewer)  # the whole section
    body = paragraphs(read_docx(build_document(duty=p.duty)[0].to_bytes()))
    body = body[: body.index("PHỤ LỤC I")]
    assert body[body.index("II. KẾT QUẢ THỰC HIỆN NGHỊ QUYẾT") + 1 :] == [
        "Tiêu biểu, Phường A1: “Kết quả nổi bật”.",
        "Đơn vị báo cáo nội dung này (1/2): Phường A1.",
        "Trên đây là báo cáo sơ kết giữa nhiệm kỳ thực hiện Nghị quyết Đại hội MTTQVN các cấp nhiệm kỳ "
        "2019 - 2024 của Ban Thường trực Ủy ban MTTQ thành phố A./.",
    ]
    assert section_after(body, "2. Thuận lợi", "II. KẾT QUẢ THỰC HIỆN NGHỊ QUYẾT") == [
        "Tiêu biểu, Hội Nông dân thành phố A:",
        "“Thuận lợi của Hội.”",
        "Đơn vị báo cáo nội dung này (1/2): Hội Nông dân thành phố A.",
    ]


@time_machine.travel(FROZEN, tick=False)
def test_a_quoted_sentence_keeps_one_full_stop(issued_plan, personas):
    from reports.consolidation.builder import build_document
    from reports.typical.services import typical_mark

    p = issued_plan
    fill_round(p)
    typical_mark(submission=p.sub_a1, item=p.items.s2, text="nổi bật của phường A1.", by=personas.reviewer)
    body = paragraphs(read_docx(build_document(duty=p.duty)[0].to_bytes()))
    assert "Tiêu biểu, Phường A1: “nổi bật của phường A1”." in body


def test_the_level_above_is_among_the_recipients_unless_the_plan_names_a_front_committee(issued_plan):
    from plans.models import Recipient
    from reports.consolidation.builder import recipients_for

    p = issued_plan
    Recipient.objects.create(plan=p.plan, name="Thường trực Thành ủy", purpose="(b/c)", position=0)
    lines = recipients_for(p.plan)
    assert lines[0].startswith("Ban Thường trực ") and lines[0].endswith("(b/c)")  # the Front's level above
    assert "Thường trực Thành ủy (b/c)" in lines and lines[-1] == "Lưu: VT"
    Recipient.objects.create(plan=p.plan, name="BTT Ủy ban MTTQVN tỉnh", purpose="(B/c)", position=1)
    assert recipients_for(p.plan) == ["Thường trực Thành ủy (b/c)", "BTT Ủy ban MTTQVN tỉnh (b/c)", "Lưu: VT"]


@time_machine.travel(FROZEN, tick=False)
def test_header_date_recipients_and_annex_table(issued_plan):
    from plans.models import Recipient
    from reports.consolidation.builder import build_document

    p = issued_plan
    fill_round(p)
    doc, _summary, _included = build_document(duty=p.duty)
    read = read_docx(doc.to_bytes())
    tables = tables_text(read)
    header = tables[0]
    # A draft leaves day and month blank, never the year.
    assert "A, ngày     tháng     năm 2022" in header[0][1]
    annex = next(t for t in tables if t[0][:2] == ["STT", "Đơn vị"])
    assert annex[1] == ["1", "Ủy ban MTTQ Phường A1", "5", "350"]
    assert annex[2] == ["2", "Hội Nông dân thành phố A", "7", "120"]
    assert annex[-1] == ["", "Tổng hợp", "12", "470"]
    # Nơi nhận: with no recipient marked "để báo cáo" in the plan, the level above.
    closing = next(t for t in tables if any("Nơi nhận:" in c for c in t[0]))
    assert "Nguyễn Hồng Hải" in closing[0][1]
    assert "Ban Thường trực Tỉnh Thử Nghiệm (b/c);" in closing[0][0]
    # The plan's own recipients "(B/c)" are those the consolidated report goes to.
    Recipient.objects.create(plan=p.plan, name="BTT Ủy ban MTTQVN tỉnh", purpose="(B/c)", position=0)
    Recipient.objects.create(plan=p.plan, name="Thường trực Thành ủy", purpose="(để báo cáo)", position=1)
    Recipient.objects.create(plan=p.plan, name="Các tổ chức thành viên", purpose="(T/h)", position=2)
    read = read_docx(build_document(duty=p.duty)[0].to_bytes())
    closing = next(t for t in tables_text(read) if any("Nơi nhận:" in c for c in t[0]))
    lines = closing[0][0].splitlines()
    assert lines[1:] == ["- BTT Ủy ban MTTQVN tỉnh (b/c);", "- Thường trực Thành ủy (b/c);", "- Lưu: VT."]


def test_totals_sentence_wording():
    from decimal import Decimal

    from reports.consolidation.builder import totals_sentence
    from reports.models import Indicator

    meetings = Indicator(name="Số cuộc", unit="cuộc")
    attendees = Indicator(name="Số lượt người dự", unit="lượt người")
    rate = Indicator(name="Tỷ lệ hộ đạt chuẩn", unit="%", decimal_places=1)
    models = Indicator(name="Số mô hình", unit="mô hình")
    assert (
        totals_sentence("Toàn thành phố", [(meetings, Decimal(105)), (attendees, Decimal(5363))])
        == "Toàn thành phố tổ chức 105 cuộc với 5.363 lượt người dự."
    )
    assert totals_sentence("Toàn tỉnh", [(models, Decimal(12)), (rate, Decimal("92.5"))]) == (
        "Toàn tỉnh: 12 mô hình; tỷ lệ hộ đạt chuẩn là 92,5%."
    )
    assert totals_sentence("Toàn tỉnh", []) == ""


@time_machine.travel(FROZEN, tick=False)
def test_returned_and_draft_reports_are_only_included_when_asked(issued_plan):
    from reports.consolidation.builder import build_document

    p = issued_plan
    fill_round(p)
    fill(p.sub_a2, sections={p.items.s2: "<p>Bản nháp của A2.</p>"}, state="returned")
    default_texts = paragraphs(read_docx(build_document(duty=p.duty)[0].to_bytes()))
    assert "Bản nháp của A2." not in default_texts
    assert "Đơn vị chưa gửi báo cáo (1): Ủy ban MTTQ Phường A2 (Bị trả lại)." in default_texts

    with_returned = paragraphs(
        read_docx(build_document(duty=p.duty, states=["submitted", "accepted", "returned"])[0].to_bytes())
    )
    assert "Bản nháp của A2." in with_returned
    assert "Tất cả các đơn vị đã gửi báo cáo." in with_returned


@time_machine.travel(FROZEN, tick=False)
def test_bad_input_still_gives_a_document_that_opens(issued_plan, tmp_path):
    from reports.consolidation.builder import consolidate_to_files

    p = issued_plan
    long_paragraph = "Mặt trận " * 30000  # about 270,000 characters in one paragraph
    fill(
        p.sub_a1,
        sections={
            p.items.s11: "<p>Ký tự điều khiển:\x01\x02\x08\x0b\x1f kết thúc \ufffe.</p><p>Biểu tượng 🇻🇳🎉👍 vui.</p>",
            p.items.s12: "<p>   </p><p>&nbsp;</p>",  # empty section
            p.items.s2: (
                '<div style="font-family:Calibri"><span class="MsoNormal">Dán từ Word</span></div>'
                "<script>alert('x')</script><table><tr><td>Ô 1</td><td>Ô 2</td></tr></table>"
                "<ul><li>Ý một</li><li>Ý <b>hai</b></li></ul><!-- ghi chú --><p>" + long_paragraph + "</p>"
            ),
        },
        values={p.indicators.meetings: "3.5"},
    )
    fill(p.sub_org, sections={p.items.s11: ""}, state="accepted")
    out = tmp_path / "tong-hop.docx"
    consolidate_to_files(duty=p.duty, docx_path=str(out))
    read = docx.Document(str(out))
    texts = paragraphs(read)
    assert "Ký tự điều khiển: kết thúc ." in texts
    assert "Biểu tượng 🇻🇳🎉👍 vui." in texts
    assert "Dán từ Word" in texts
    assert "Ô 1\tÔ 2" in texts
    assert "- Ý một" in texts and "- Ý hai" in texts
    assert not any("alert" in t for t in texts)
    assert any(len(t) > 250_000 for t in texts)
    # The empty sections print no committee name.
    assert "Hội Nông dân thành phố A:" not in texts
    assert not (tmp_path / "tong-hop.docx.part").exists()

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        pytest.skip("LibreOffice is not installed: the document was read back with python-docx only")
    result = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{tmp_path}/lo-profile",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(out),
        ],
        capture_output=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr
    pdf = tmp_path / "tong-hop.pdf"
    assert pdf.exists() and pdf.stat().st_size > 5000


def test_progress_is_reported_a_few_times_not_per_paragraph(issued_plan):
    from reports.consolidation.builder import PROGRESS_WRITES, build_document

    p = issued_plan
    fill_round(p)
    calls = []
    build_document(duty=p.duty, progress=lambda done, total: calls.append((done, total)))
    total = 2 * (4 + 1)  # two reports, four outline items and the annex
    assert calls[0] == (0, total)
    assert calls[-1] == (total, total)
    assert [done for done, _ in calls] == sorted(done for done, _ in calls)
    assert len(calls) <= PROGRESS_WRITES + 2


# --- the build's life -----------------------------------------------------------------------


def test_request_creates_one_build_and_enqueues_after_commit(
    issued_plan, personas, no_enqueue, django_capture_on_commit_callbacks
):
    from reports.consolidation.services import consolidation_request
    from reports.models import ConsolidationBuild

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        build, created = consolidation_request(duty=issued_plan.duty, by=personas.reviewer, include_returned=True)
    assert created and build.state == "queued" and build.include_returned and not build.include_drafts
    assert len(callbacks) == 1
    assert no_enqueue == [([build.pk], {})]

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        again, created_again = consolidation_request(duty=issued_plan.duty, by=personas.reviewer)
    assert (again.pk, created_again) == (build.pk, False)
    assert callbacks == []
    assert ConsolidationBuild.objects.count() == 1


def test_database_refuses_two_active_builds_of_one_duty(issued_plan):
    from reports.models import ConsolidationBuild

    ConsolidationBuild.objects.create(duty=issued_plan.duty, state="running")
    ConsolidationBuild.objects.create(duty=issued_plan.duty, state="done")
    with pytest.raises(IntegrityError), transaction.atomic():
        ConsolidationBuild.objects.create(duty=issued_plan.duty, state="queued")


def test_a_lost_build_does_not_block_a_new_one(issued_plan, personas, no_enqueue):
    from reports.consolidation.services import consolidation_request
    from reports.models import ConsolidationBuild

    lost = ConsolidationBuild.objects.create(
        duty=issued_plan.duty,
        state="running",
        requested_at=timezone.now() - timedelta(hours=3),
        started_at=timezone.now() - timedelta(hours=3),
    )
    build, created = consolidation_request(duty=issued_plan.duty, by=personas.reviewer)
    lost.refresh_from_db()
    assert created and build.pk != lost.pk
    assert lost.state == "failed" and "Quá thời gian" in lost.error


def test_task_builds_the_file_and_a_second_delivery_does_nothing(issued_plan):
    from reports.models import ConsolidationBuild
    from reports.tasks import build_consolidation

    fill_round(issued_plan)
    build = ConsolidationBuild.objects.create(duty=issued_plan.duty)
    assert build_consolidation(build.pk) == "done"
    build.refresh_from_db()
    first_file = build.file.name
    assert build.state == "done" and build.finished_at and build.started_at
    assert build.progress_total == 10 and build.progress_done == 10 and build.percent == 100
    assert first_file.startswith(f"consolidations/{issued_plan.duty.pk}/") and first_file.endswith(".docx")
    assert "Phường A1 tổ chức 5 hội nghị quán triệt Nghị quyết." in paragraphs(built_document(build))
    assert set(build.summary["submissions"]) == {str(issued_plan.sub_a1.pk), str(issued_plan.sub_org.pk)}

    assert build_consolidation(build.pk) == "done"  # delivered again
    build.refresh_from_db()
    assert build.file.name == first_file
    assert sorted(default_storage.listdir(f"consolidations/{issued_plan.duty.pk}")[1]) == sorted(
        [first_file.rsplit("/", 1)[1]] + ([build.xlsx.name.rsplit("/", 1)[1]] if build.xlsx else [])
    )


def test_failed_build_says_why_keeps_no_file_and_can_be_retried(
    issued_plan, personas, client_as, monkeypatch, no_enqueue
):
    from reports.consolidation import services as services_consolidation
    from reports.models import ConsolidationBuild

    def broken(**kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(services_consolidation, "consolidate_to_files", broken)
    build = build_now(issued_plan.duty, requested_by=personas.reviewer, include_drafts=True)
    assert build.state == "failed" and not build.file
    assert build.error.startswith("Không tổng hợp được báo cáo: không ghi được tệp (No space left on device)")

    c = client_as(personas.reviewer)
    page = c.get(reverse("reports-consolidation", args=[issued_plan.plan.pk]))
    assert "No space left on device" in page.content.decode()
    assert "Tổng hợp lại" in page.content.decode()
    assert c.get(reverse("reports-consolidation-download", args=[build.pk, "docx"])).status_code == 404

    response = c.post(
        reverse("reports-consolidation-start", args=[issued_plan.plan.pk]),
        {"duty": issued_plan.duty.pk, "include_drafts": "on"},
    )
    assert response.status_code == 302
    retry = ConsolidationBuild.objects.exclude(pk=build.pk).get()
    assert retry.state == "queued" and retry.include_drafts and retry.requested_by == personas.reviewer


@time_machine.travel(FROZEN, tick=False)
def test_history_says_what_is_new_since_the_last_build(issued_plan, personas, client_as):
    from reports.consolidation.selectors import changes_since_last

    p = issued_plan
    fill(p.sub_a1, sections={p.items.s2: "<p>A1 lần 1.</p>"})
    first = build_now(p.duty)
    assert first.summary["changes"] == {"previous": None}
    assert changes_since_last(p.duty, ["submitted", "accepted"])["added"] == []

    fill(p.sub_a2, sections={p.items.s2: "<p>A2 mới nộp.</p>"})
    fill(p.sub_a1, sections={p.items.s2: "<p>A1 lần 2.</p>"}, version=2)
    live = changes_since_last(p.duty, ["submitted", "accepted"])
    assert live["added"] == ["Ủy ban MTTQ Phường A2"] and live["updated"] == ["Ủy ban MTTQ Phường A1"]
    page = client_as(personas.reviewer).get(reverse("reports-consolidation", args=[p.plan.pk])).content.decode()
    assert "Có báo cáo mới kể từ lần tổng hợp gần nhất" in page

    second = build_now(p.duty)
    assert second.summary["changes"] == {
        "previous": first.pk,
        "added": ["Ủy ban MTTQ Phường A2"],
        "updated": ["Ủy ban MTTQ Phường A1"],
        "removed": [],
    }
    assert "A1 lần 2." in paragraphs(built_document(second))
    # The older build can still be downloaded, with its own content.
    response = client_as(personas.reviewer).get(reverse("reports-consolidation-download", args=[first.pk, "docx"]))
    assert response.status_code == 200
    assert "A1 lần 1." in paragraphs(read_docx(b"".join(response.streaming_content)))


def test_what_is_new_since_the_last_build_is_named_as_on_the_round_day(issued_plan, personas):
    """A ward renamed by a reorganisation after the round is listed under the round's name, as the
    builds of that round name it (committees.reorg)."""
    import datetime

    from committees.reorg.services import Decision, committee_rename
    from reports.consolidation.selectors import changes_since_last

    p = issued_plan
    with time_machine.travel(FROZEN, tick=False):
        fill(p.sub_a1, sections={p.items.s2: "<p>A1.</p>"})
        build_now(p.duty)
        fill(p.sub_a2, sections={p.items.s2: "<p>A2 nộp muộn.</p>"})
    day = datetime.date(2025, 7, 1)
    committee_rename(
        committee=p.sub_a2.committee,
        name="Ủy ban MTTQ Phường Hòa Bình",
        decision=Decision(effective_on=day, number="12/QĐ-MTTQ", date=day, body="Ban Thường trực tỉnh"),
    )
    assert changes_since_last(p.duty, ["submitted", "accepted"])["added"] == ["Ủy ban MTTQ Phường A2"]


def test_xlsx_annex_is_built_in_the_same_run(issued_plan, personas, client_as):
    try:
        from reports.dashboards.excel import indicator_workbook  # noqa: F401
    except ImportError:
        pytest.skip("reports.dashboards.excel.indicator_workbook (the dashboards' export) is not there yet")
    import openpyxl

    fill_round(issued_plan)
    build = build_now(issued_plan.duty)
    assert build.summary["xlsx"] is True and build.xlsx.name.endswith(".xlsx")
    response = client_as(personas.reviewer).get(reverse("reports-consolidation-download", args=[build.pk, "xlsx"]))
    assert response.status_code == 200
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    cells = [str(c.value) for ws in workbook.worksheets for row in ws.iter_rows() for c in row if c.value is not None]
    assert "Ủy ban MTTQ Phường A1" in cells


def test_management_command_builds_synchronously(issued_plan, tmp_path):
    from django.core.management import call_command

    fill_round(issued_plan)
    out = tmp_path / "bc.docx"
    stdout = io.StringIO()
    call_command("consolidate", str(issued_plan.plan.pk), "-o", str(out), stdout=stdout)
    assert "2/3 báo cáo" in stdout.getvalue()
    assert "Hội Nông dân triển khai tới 12 chi hội." in paragraphs(docx.Document(str(out)))


def test_demo_loader_exists_and_is_idempotent(db):
    from demo import consolidation as demo_consolidation
    from reports.models import ConsolidationBuild

    demo_consolidation.load()
    demo_consolidation.load()
    assert ConsolidationBuild.objects.filter(state__in=["queued", "running"]).count() == 0


# --- pages and access -----------------------------------------------------------------------


def test_page_shows_the_build_button_counts_and_history(issued_plan, personas, client_as):
    fill_round(issued_plan)
    build = build_now(issued_plan.duty, requested_by=personas.reviewer)
    response = client_as(personas.reviewer).get(reverse("reports-consolidation", args=[issued_plan.plan.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Tổng hợp báo cáo" in html and 'id="start-build"' in html
    assert reverse("reports-consolidation-download", args=[build.pk, "docx"]) in html
    assert "2/3 báo cáo" in html
    assert timezone.localtime(build.requested_at).strftime("%d/%m/%Y %H:%M") in html
    assert "btt_a" in html  # who asked


def test_second_click_shows_the_build_already_under_way(
    issued_plan, personas, client_as, no_enqueue, django_capture_on_commit_callbacks
):
    from reports.models import ConsolidationBuild

    c = client_as(personas.reviewer)
    url = reverse("reports-consolidation-start", args=[issued_plan.plan.pk])
    with django_capture_on_commit_callbacks(execute=True):
        c.post(url, {"duty": issued_plan.duty.pk})
        response = c.post(url, {"duty": issued_plan.duty.pk}, follow=True)
    html = response.content.decode()
    assert ConsolidationBuild.objects.count() == 1
    assert "đang chạy" in html
    build = ConsolidationBuild.objects.get()
    assert f'data-consolidation-status="{reverse("reports-consolidation-status", args=[build.pk])}"' in html
    assert len(no_enqueue) == 1


def test_status_json_follows_the_build(issued_plan, personas, client_as):
    from reports.models import ConsolidationBuild

    build = ConsolidationBuild.objects.create(
        duty=issued_plan.duty, state="running", progress_done=3, progress_total=12
    )
    c = client_as(personas.reviewer)
    data = c.get(reverse("reports-consolidation-status", args=[build.pk])).json()
    assert data["state"] == "running" and data["percent"] == 25 and data["download_url"] is None
    assert data["message"] == "Đang tổng hợp: 25% (3/12 phần báo cáo)"

    ConsolidationBuild.objects.filter(pk=build.pk).update(state="queued")
    from reports.tasks import build_consolidation

    build_consolidation(build.pk)
    data = c.get(reverse("reports-consolidation-status", args=[build.pk])).json()
    assert data["state"] == "done" and data["percent"] == 100
    assert data["download_url"] == reverse("reports-consolidation-download", args=[build.pk, "docx"])


def test_download_serves_a_word_file(issued_plan, personas, client_as):
    fill_round(issued_plan)
    build = build_now(issued_plan.duty)
    response = client_as(personas.reviewer).get(reverse("reports-consolidation-download", args=[build.pk, "docx"]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert ".docx" in response["Content-Disposition"]
    read_docx(b"".join(response.streaming_content))
    assert (
        client_as(personas.reviewer).get(reverse("reports-consolidation-download", args=[build.pk, "pdf"])).status_code
        == 404
    )


def test_a_running_build_offers_no_file(issued_plan, personas, client_as):
    from reports.models import ConsolidationBuild

    build = ConsolidationBuild.objects.create(duty=issued_plan.duty, state="running", file="consolidations/x.docx")
    response = client_as(personas.reviewer).get(reverse("reports-consolidation-download", args=[build.pk, "docx"]))
    assert response.status_code == 404


@pytest.mark.parametrize("who", ["officer", "other_ward_officer", "other_city_reviewer", "org_officer", "nobody"])
def test_only_the_plans_standing_committee_may_use_the_pages(issued_plan, personas, client_as, who, no_enqueue):
    from reports.models import ConsolidationBuild

    fill_round(issued_plan)
    build = build_now(issued_plan.duty)
    c = client_as(getattr(personas, who))
    plan_id = issued_plan.plan.pk
    assert c.get(reverse("reports-consolidation", args=[plan_id])).status_code == 404
    assert (
        c.post(reverse("reports-consolidation-start", args=[plan_id]), {"duty": issued_plan.duty.pk}).status_code == 404
    )
    assert c.get(reverse("reports-consolidation-status", args=[build.pk])).status_code == 404
    assert c.get(reverse("reports-consolidation-download", args=[build.pk, "docx"])).status_code == 404
    assert ConsolidationBuild.objects.count() == 1 and no_enqueue == []


def test_anonymous_is_sent_to_login(issued_plan, client_as):
    from reports.models import ConsolidationBuild

    build = ConsolidationBuild.objects.create(duty=issued_plan.duty, state="done")
    c = client_as(None)
    for url in [
        reverse("reports-consolidation", args=[issued_plan.plan.pk]),
        reverse("reports-consolidation-status", args=[build.pk]),
        reverse("reports-consolidation-download", args=[build.pk, "docx"]),
    ]:
        response = c.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


# --- up the tree ----------------------------------------------------------------------------


@pytest.fixture
def upward(issued_plan, tree, personas):
    """The province asks city A to report with an outline sharing two items with city A's own."""
    from plans.models import Plan
    from reports.models import Indicator, Outline, OutlineItem, ReportingDuty, Submission

    plan = Plan.objects.create(committee=tree.province, state="issued", title="Sơ kết toàn tỉnh")
    outline = Outline.objects.create(committee=tree.province, title="Đề cương của tỉnh")
    i1 = OutlineItem.objects.create(
        outline=outline, position=0, label="I", title="Tình hình triển khai, quán triệt Nghị quyết"
    )
    i11 = OutlineItem.objects.create(outline=outline, parent=i1, position=0, label="1.", title="Công tác  triển khai")
    meetings = Indicator.objects.create(item=i11, name="Số cuộc", unit="cuộc")
    i2 = OutlineItem.objects.create(outline=outline, position=1, label="II.", title="KẾT QUẢ THỰC HIỆN NGHỊ QUYẾT")
    i3 = OutlineItem.objects.create(outline=outline, position=2, label="III.", title="Kiến nghị, đề xuất")
    duty = ReportingDuty.objects.create(
        plan=plan, outline=outline, title="Báo cáo sơ kết của cấp huyện", deadline=local_dt(2022, 7, 1, 17)
    )
    sub = Submission.objects.create(duty=duty, committee=tree.city_a)
    return type("Upward", (), {"sub": sub, "i1": i1, "i11": i11, "i2": i2, "i3": i3, "meetings": meetings})


def test_prefill_fills_matching_sections_and_keeps_written_ones(issued_plan, upward, personas):
    from reports.consolidation.selectors import prefill_plan
    from reports.consolidation.services import consolidation_prefill
    from reports.models import IndicatorValue, SectionAnswer, SubmissionEvent

    fill_round(issued_plan)
    build = build_now(issued_plan.duty)
    SectionAnswer.objects.create(submission=upward.sub, item=upward.i2, html="<p>Đã viết sẵn.</p>", revision=4)

    plan = prefill_plan(build=build, submission=upward.sub)
    assert [(own.pk, src.pk) for own, src in plan.matches] == [
        (upward.i1.pk, issued_plan.items.s1.pk),
        (upward.i11.pk, issued_plan.items.s11.pk),
        (upward.i2.pk, issued_plan.items.s2.pk),
    ]
    assert plan.unmatched == [upward.i3] and plan.with_text == {upward.i2.pk}

    result = consolidation_prefill(build=build, submission=upward.sub, by=personas.reviewer)
    assert result.filled == [upward.i11] and result.kept == [upward.i2] and result.values == 1
    html = SectionAnswer.objects.get(submission=upward.sub, item=upward.i11).html
    assert html == (
        "<p><strong>Ủy ban MTTQ Phường A1:</strong></p><p>Phường A1 tổ chức 5 hội nghị quán triệt Nghị quyết.</p>"
        "<p><strong>Hội Nông dân thành phố A:</strong></p><p>Hội Nông dân triển khai tới 12 chi hội.</p>"
    )
    assert SectionAnswer.objects.get(submission=upward.sub, item=upward.i2).html == "<p>Đã viết sẵn.</p>"
    assert IndicatorValue.objects.get(submission=upward.sub, indicator=upward.meetings).value == 12
    upward.sub.refresh_from_db()
    assert upward.sub.state == "draft"
    assert SubmissionEvent.objects.filter(submission=upward.sub).count() == 1

    again = consolidation_prefill(
        build=build, submission=upward.sub, by=personas.reviewer, overwrite_item_ids={upward.i2.pk}
    )
    assert upward.i2 in again.filled
    answer = SectionAnswer.objects.get(submission=upward.sub, item=upward.i2)
    assert "Kết quả nổi bật của phường A1." in answer.html and answer.revision == 5


def test_prefill_page_asks_before_overwriting(issued_plan, upward, personas, client_as):
    from reports.models import SectionAnswer

    fill_round(issued_plan)
    build = build_now(issued_plan.duty)
    SectionAnswer.objects.create(submission=upward.sub, item=upward.i2, html="<p>Đã viết sẵn.</p>")
    c = client_as(personas.reviewer)
    page = c.get(reverse("reports-consolidation", args=[issued_plan.plan.pk])).content.decode()
    url = reverse("reports-consolidation-prefill", args=[build.pk, upward.sub.pk])
    assert url in page

    form = c.get(url).content.decode()
    assert f'name="overwrite" value="{upward.i2.pk}"' in form
    assert "III. Kiến nghị, đề xuất" in form
    assert form.count("Bản tổng hợp không có nội dung cho mục này") == 1  # item I has only sub-items
    assert form.count("Mục còn trống: sẽ được điền") == 1  # item 1.

    response = c.post(url, {})
    assert response.status_code == 302
    assert SectionAnswer.objects.get(submission=upward.sub, item=upward.i2).html == "<p>Đã viết sẵn.</p>"
    c.post(url, {"overwrite": [str(upward.i2.pk)]})
    assert "Kết quả nổi bật" in SectionAnswer.objects.get(submission=upward.sub, item=upward.i2).html

    for who in ("officer", "other_city_reviewer", "other_ward_officer"):
        assert client_as(getattr(personas, who)).get(url).status_code == 404
        assert client_as(getattr(personas, who)).post(url, {}).status_code == 404
    assert client_as(None).get(url).status_code == 302


# --- all audiences of a plan, committees in sibling order ------------------------------------


@pytest.fixture
def two_audiences(issued_plan, tree):
    """The plan's wards (A1, A2, and a ward "Đông" named to sort after "Dương") in one duty, its
    member organisation in a second duty on the same outline."""
    from reports.models import ReportingDuty, Submission
    from tests.conftest import make_committee

    p = issued_plan
    Submission.objects.filter(pk=p.sub_org.pk).delete()
    p.duty.committees.set([tree.ward_a1, tree.ward_a2])
    dong = make_committee("tp-a-dong", "Ủy ban MTTQ Phường Đông", "Phường", tree.city_a)
    duong = make_committee("tp-a-duong", "Ủy ban MTTQ Phường Dương", "Phường", tree.city_a)
    p.sub_dong = Submission.objects.create(duty=p.duty, committee=dong)
    p.sub_duong = Submission.objects.create(duty=p.duty, committee=duong)
    orgs = ReportingDuty.objects.create(
        plan=p.plan, outline=p.outline, title="Báo cáo của các tổ chức thành viên", deadline=p.duty.deadline
    )
    p.orgs_duty = orgs
    p.sub_org = Submission.objects.create(duty=orgs, committee=tree.org_a)
    return p


@time_machine.travel(FROZEN, tick=False)
def test_all_audiences_of_a_plan_in_one_report_in_sibling_order(two_audiences):
    from reports.consolidation.builder import build_document

    p = two_audiences
    fill(p.sub_org, sections={p.items.s11: "<p>Hội Nông dân triển khai tới 12 chi hội.</p>"}, values={p.indicators.meetings: 7})
    fill(p.sub_dong, sections={p.items.s11: "<p>Phường Đông tổ chức 2 hội nghị.</p>"}, values={p.indicators.meetings: 2})
    fill(p.sub_duong, sections={p.items.s11: "<p>Phường Dương tổ chức 1 hội nghị.</p>"}, values={p.indicators.meetings: 1})
    fill(p.sub_a1, sections={p.items.s11: "<p>Phường A1 tổ chức 5 hội nghị.</p>"}, values={p.indicators.meetings: 5})

    wards_only = paragraphs(read_docx(build_document(duty=p.duty)[0].to_bytes()))
    assert "Hội Nông dân triển khai tới 12 chi hội." not in wards_only

    doc, summary, included = build_document(duty=p.duty, all_audiences=True)
    texts = paragraphs(read_docx(doc.to_bytes()))
    # Wards before member organisations; Vietnamese order: A1, Dương, Đông (Đ after D).
    assert [s.committee.name for s in included] == [
        "Ủy ban MTTQ Phường A1",
        "Ủy ban MTTQ Phường Dương",
        "Ủy ban MTTQ Phường Đông",
        "Hội Nông dân thành phố A",
    ]
    assert summary["counts"]["expected"] == 5 and summary["duties"] == [p.duty.pk, p.orgs_duty.pk]
    body = texts[: texts.index("PHỤ LỤC I")]
    assert "Toàn thành phố tổ chức 15 cuộc (số liệu của 4/4 đơn vị)." not in body
    assert "Toàn thành phố tổ chức 15 cuộc." in body
    annex = texts[texts.index("PHỤ LỤC I") :]
    headings = [t for t in annex if t[:2] in ("1.", "2.", "3.", "4.") and "Ủy ban" in t or "Hội Nông dân thành phố" in t]
    assert headings == [
        "1. Ủy ban MTTQ Phường A1",
        "2. Ủy ban MTTQ Phường Dương",
        "3. Ủy ban MTTQ Phường Đông",
        "4. Hội Nông dân thành phố A",
    ]
    assert "Hội Nông dân triển khai tới 12 chi hội." in annex
    # The Excel annex lists them in the same order.
    import openpyxl

    from reports.consolidation.builder import write_xlsx

    path = "/tmp/hcons-all-audiences.xlsx"
    assert write_xlsx(duty=p.duty, submissions=included, path=path, all_audiences=True)
    sheet = openpyxl.load_workbook(path).active
    assert p.plan.title.upper() in sheet["A1"].value  # titled for the plan, not the wards' duty
    names = [row[1] for row in sheet.iter_rows(min_row=5, values_only=True) if row[0] in (1, 2, 3, 4)]
    assert names == [s.committee.name for s in included]


def test_the_page_offers_all_audiences_and_the_build_keeps_the_choice(two_audiences, personas, client_as, no_enqueue):
    from reports.models import ConsolidationBuild

    p = two_audiences
    client = client_as(personas.reviewer)
    page = client.get(reverse("reports-consolidation", args=[p.plan.pk])).content.decode()
    assert 'name="all_audiences"' in page and "Báo cáo của các tổ chức thành viên" in page
    client.post(reverse("reports-consolidation-start", args=[p.plan.pk]), {"duty": p.duty.pk, "all_audiences": "on"})
    assert ConsolidationBuild.objects.get().all_audiences is True


@time_machine.travel(FROZEN, tick=False)
def test_a_passage_the_report_no_longer_says_is_not_quoted(issued_plan, personas):
    from reports.consolidation.builder import build_document
    from reports.typical.services import typical_mark

    p = issued_plan
    fill_round(p)
    typical_mark(submission=p.sub_a1, item=p.items.s2, text="Đoạn thứ hai của A1", by=personas.reviewer)
    fill(p.sub_a1, sections={p.items.s2: "<p>Kết quả nổi bật của phường A1.</p>"}, version=2)  # returned, sent again
    texts = paragraphs(read_docx(build_document(duty=p.duty)[0].to_bytes()))
    assert not any(t.startswith("Tiêu biểu") for t in texts)

"""Pages of the submissions area: my reports, write, submit, review, evidence, Word in and out.

Every view checks access first through `_get_submission_for_user` and answers 404 for a report
that is not the person's to see."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from committees.access import get_access
from committees.people import display_name
from lib.numbers import without_trailing_zeros
from lib.params import parse_id
from lib.uploads import stored_file_response
from reports.approval.selectors import report_waiting_level
from reports.indicators import input_text
from reports.models import Attachment, Indicator, OutlineItem, ReviewComment, Submission, SubmissionVersion
from reports.submissions import selectors, services
from reports.submissions.forms import AttachmentForm, CommentForm, DocumentInfoForm, ReturnForm, WordUploadForm
from reports.submissions.selectors import submissions_due_for
from reports.typical import selectors as typical_selectors
from reports.typical.services import MARKABLE_STATES


def _get_submission_for_user(request, pk: int) -> Submission:
    return selectors.get_visible_submission(request, pk)


def _get_for_officer(request, pk: int) -> Submission:
    """The report, for writing into it (committees.access `can_write_report`)."""
    return selectors.get_writable_submission(request, pk)


def _get_for_reviewer(request, pk: int) -> Submission:
    submission = _get_submission_for_user(request, pk)
    if not get_access(request.user).can_review_report(submission.committee, issuer=submission.duty.plan.committee):
        raise Http404
    return submission


def _hhmm(dt) -> str:
    return timezone.localtime(dt).strftime("%H:%M") if dt else ""


def _saved_time(dt, now=None) -> str:
    """When something was saved, for "Đã lưu lúc …": "09:41" today, else "10/06/2022 23:59"
    (the project's order: date first, then time)."""
    if not dt:
        return ""
    local = timezone.localtime(dt)
    today = timezone.localtime(now or timezone.now()).date()
    return local.strftime("%H:%M") if local.date() == today else local.strftime("%d/%m/%Y %H:%M")


def _length_payload(submission: Submission) -> dict:
    est = selectors.estimate_length(submission)
    limit = submission.duty.page_limit
    return {
        "pages": est.pages,
        "pages_text": selectors.pages_text(est.pages),
        "empty": est.empty,
        "words": est.words,
        "limit": limit,
        "over": est.over(limit),
    }


def _status_payload(submission: Submission) -> dict:
    """The state badge, for the editor to refresh after a save (not started -> draft)."""
    status = submission.get_status()
    label = Submission.Status(status).label
    return {
        "status": status,
        "status_label": str(label),
        "badge": render_to_string("reports/submission_badge.html", {"status": status, "status_label": label}),
    }


DOC_PREFIX = "doc"
MARK_UNWRITTEN = "chua_viet"  # the download's option: "(chưa viết)" under the items not written


def _doc_form(submission: Submission, data=None) -> DocumentInfoForm:
    initial = {name: getattr(submission, name) for name in services.DOCUMENT_FIELDS}
    if data is None:
        return DocumentInfoForm(prefix=DOC_PREFIX, initial=initial)
    return DocumentInfoForm(data, prefix=DOC_PREFIX, initial=initial)


# --- My reports -------------------------------------------------------------------------------
@login_required
def my_reports(request):
    access = get_access(request.user)
    rows = list(submissions_due_for(access=access))
    for row in rows:
        row.status_label = Submission.Status(row.status).label
    return render(
        request,
        "reports/my_reports.html",
        {
            "rows": rows,
            "several_committees": len(access.acting_committees) > 1,
            "now": timezone.now(),
            "history": list(selectors.predecessor_reports_for(access=access)[:200]),
        },
    )


# --- reading ----------------------------------------------------------------------------------
def _comments_by_item(submission: Submission, version=None) -> dict:
    qs = ReviewComment.objects.filter(submission=submission).select_related("author", "version")
    if version is not None:
        qs = qs.filter(version=version)
    result: dict = {}
    for c in qs:
        result.setdefault(c.item_id, []).append(c)
    return result


def _detail_context(request, submission: Submission, **extra) -> dict:
    access = get_access(request.user)
    content = selectors.report_content(submission)
    comments = _comments_by_item(submission)
    can_review = access.can_review_report(submission.committee, issuer=submission.duty.plan.committee)
    typical = typical_selectors.marks_by_item(submission) if can_review else {}
    for item in content["items"]:
        item.comments = comments.get(item.pk, [])
        item.typical_marks = typical.get(item.pk, [])
    versions = list(submission.versions.select_related("created_by"))
    changes = None
    if submission.state in (Submission.State.SUBMITTED, Submission.State.ACCEPTED) and len(versions) >= 2:
        changes = selectors.resubmission_changes(submission)
    can_act = access.can_write_report(submission.committee)
    items = content["items"]
    context = {
        "submission": submission,
        "duty": submission.duty,
        "plan": submission.duty.plan,
        "items": items,
        "general_comments": comments.get(None, []),
        "attachments": list(submission.attachments.select_related("uploaded_by", "item")),
        "events": list(submission.events.select_related("actor")),
        "versions": versions,
        "changes": changes,
        "status": submission.get_status(),
        "status_label": Submission.Status(submission.get_status()).label,
        "can_edit": can_act and submission.is_editable,
        "can_review": can_review,
        "can_mark_typical": can_review and submission.state in MARKABLE_STATES,
        "length": _length_payload(submission),
        "comment_form": CommentForm(items=items),
        "return_form": ReturnForm(),
        "approval_waiting": report_waiting_level(submission) if submission.duty.approved_level_by_level else None,
    }
    context.update(extra)
    return context


@login_required
def submission_detail(request, pk: int):
    submission = _get_submission_for_user(request, pk)
    return render(request, "reports/submission_detail.html", _detail_context(request, submission))


@login_required
def submission_version(request, pk: int, number: int):
    submission = _get_submission_for_user(request, pk)
    version = (
        SubmissionVersion.objects.filter(submission=submission, number=number).select_related("created_by").first()
    )
    if version is None:
        raise Http404
    items = submission.duty.outline.ordered_items()
    sections = version.snapshot.get("sections", {})
    values = version.snapshot.get("values", {})
    indicators: dict = {}
    for ind in Indicator.objects.filter(item__outline_id=submission.duty.outline_id).order_by("position", "pk"):
        indicators.setdefault(ind.item_id, []).append((ind, without_trailing_zeros(values.get(str(ind.pk)))))
    for item in items:
        item.snapshot_html = sections.get(str(item.pk), "")
        item.indicator_rows = indicators.get(item.pk, [])
    previous = SubmissionVersion.objects.filter(submission=submission, number__lt=number).order_by("-number").first()
    changes = selectors.versions_diff(submission=submission, old=previous, new=version) if previous else None
    return render(
        request,
        "reports/submission_version.html",
        {"submission": submission, "version": version, "items": items, "previous": previous, "changes": changes},
    )


# --- writing ----------------------------------------------------------------------------------
def _edit_context(request, submission: Submission, **extra) -> dict:
    content = selectors.report_content(submission)
    last_version = submission.versions.order_by("-number").first()
    comments = (
        _comments_by_item(submission, version=last_version) if submission.state == Submission.State.RETURNED else {}
    )
    conflicts, typed = extra.get("conflicts", {}), extra.get("typed", {})
    errors, typed_values = extra.get("indicator_errors", {}), extra.get("typed_values", {})
    for item in content["items"]:
        item.comments = comments.get(item.pk, [])
        item.conflict = conflicts.get(item.pk)
        item.editor_html = typed[item.pk] if item.pk in typed else (item.answer.html if item.answer else "")
        item.revision = item.conflict.revision if item.conflict else (item.answer.revision if item.answer else 0)
        item.indicator_fields = [
            (
                ind,
                typed_values[ind.pk]
                if ind.pk in typed_values
                else input_text(ind, value),  # "1.450", "2,5": read back unchanged
                errors.get(ind.pk),
            )
            for ind, value in item.indicator_rows
        ]
    items = content["items"]
    context = {
        "submission": submission,
        "duty": submission.duty,
        "plan": submission.duty.plan,
        "items": items,
        "general_comments": comments.get(None, []),
        "status": submission.get_status(),
        "status_label": Submission.Status(submission.get_status()).label,
        "editor_config": {
            "saveUrl": reverse("reports-submission-save-section", args=[submission.pk]),
            "submissionId": submission.pk,
            "text": {
                "savedAt": _("Đã lưu lúc %(t)s"),
                "saving": _("Đang lưu…"),
                "rejected": _("Có lỗi, chưa lưu"),
                "unsaved": _("Có thay đổi chưa lưu"),
                "offline": _(
                    "Mất kết nối: chưa lưu được. Nội dung vẫn giữ trên trang này và trên máy, sẽ tự lưu khi có mạng."
                ),
                "error": _("Không lưu được"),
                "conflictTitle": _("Mục này vừa được người khác sửa"),
                "theirs": _("Bản đã lưu trên cổng"),
                "yours": _("Bản của bạn: trong ô soạn phía trên"),
                "keepMine": _("Giữ bản của tôi (ghi đè)"),
                "useTheirs": _("Dùng bản đã lưu"),
                "restored": _("Đã khôi phục nội dung chưa lưu từ máy này."),
                "pages": _("Ước tính khoảng %(p)s trang"),
                "empty": _("Chưa có nội dung để in"),
                "limit": _("tối đa %(n)s trang"),
                "over": _("vượt số trang cho phép"),
                "words": _("%(n)s chữ"),
            },
        },
        "attachment_form": AttachmentForm(items=items),
        "attachments": list(submission.attachments.select_related("item").order_by("uploaded_at", "pk")),
        "doc_form": _doc_form(submission),
        "length": _length_payload(submission),
        "saved_at": _saved_time(submission.last_saved_at),
    }
    context.update(
        {k: v for k, v in extra.items() if k not in ("conflicts", "typed", "indicator_errors", "typed_values")}
    )
    context["has_conflicts"] = bool(conflicts)
    return context


@login_required
def submission_edit(request, pk: int):
    submission = _get_for_officer(request, pk)
    if not submission.is_editable:
        return redirect("reports-submission-detail", pk=submission.pk)
    if request.method != "POST":
        return render(request, "reports/submission_edit.html", _edit_context(request, submission))
    # Without JavaScript the whole page is posted: sections and indicators together.
    items = {i.pk: i for i in OutlineItem.objects.filter(outline_id=submission.duty.outline_id)}
    conflicts, typed, too_long = {}, {}, []
    try:
        for key, html in request.POST.items():
            item = items.get(parse_id(key[len("section-") :])) if key.startswith("section-") else None
            if item is None:
                continue
            revision = _revision(request.POST.get(f"revision-{item.pk}"))
            try:
                services.section_save(submission=submission, item=item, html=html, revision=revision, by=request.user)
            except services.RevisionConflict as exc:
                conflicts[item.pk] = exc.answer
                typed[item.pk] = services.sanitize_html(html)
            except services.SectionTooLong as exc:
                too_long.append(exc.messages[0])
        raw_values = {
            parse_id(k[len("indicator-") :]): v
            for k, v in request.POST.items()
            if k.startswith("indicator-") and parse_id(k[len("indicator-") :])
        }
        _saved, errors = services.indicator_values_save(submission=submission, raw_values=raw_values, by=request.user)
        # The number and signer, when the page sent them (a form without them changes nothing).
        doc_form = None
        if any(key.startswith(f"{DOC_PREFIX}-") for key in request.POST):
            doc_form = _doc_form(submission, request.POST)
            if doc_form.is_valid():
                services.document_info_save(submission=submission, by=request.user, **doc_form.cleaned_data)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("reports-submission-detail", pk=submission.pk)
    doc_invalid = doc_form is not None and not doc_form.is_valid()
    if too_long:  # the page re-shows what is stored; the browser's Back button still has the long text
        for message in too_long:
            messages.error(request, message)
    if conflicts or errors or doc_invalid:
        submission.refresh_from_db()
        return render(
            request,
            "reports/submission_edit.html",
            _edit_context(
                request,
                submission,
                conflicts=conflicts,
                typed=typed,
                indicator_errors=errors,
                typed_values={k: v for k, v in raw_values.items() if k in errors},
                save_rejected=bool(errors or doc_invalid),
                **({"doc_form": doc_form} if doc_invalid else {}),
            ),
            status=400,
        )
    messages.success(request, _("Đã lưu bản nháp lúc %(t)s.") % {"t": _hhmm(timezone.now())})
    return redirect("reports-submission-edit", pk=submission.pk)


def _bad_payload() -> JsonResponse:
    return JsonResponse({"ok": False, "error": _("Dữ liệu gửi lên không hợp lệ.")}, status=400)


@login_required
@require_POST
def submission_save_section(request, pk: int):
    """JSON autosave, one of three payloads: {"item": id, "html": "...", "revision": n} (a section),
    {"indicators": {id: "12"}} or {"document": {"doc_number": ..., ...}}. 200 when saved; 409 with
    the stored text when someone saved in between, or with the submitted text when the report was
    submitted first; 400 with field errors (valid values are saved). Answers carry the state badge."""
    submission = _get_for_officer(request, pk)
    try:
        payload = json.loads(request.body or b"{}")
    except ValueError:
        return _bad_payload()
    if not isinstance(payload, dict):
        return _bad_payload()
    if "document" in payload:
        save = _save_document
    elif "indicators" in payload:
        save = _save_indicators
    else:
        save = _save_section
    try:
        return save(request, submission, payload)
    except services.NotEditable as exc:
        # Submitted (or accepted) before this save got the report's lock: nothing was written; the
        # answer carries what was submitted for this section, the typed text stays in the browser.
        submission.refresh_from_db()
        version = submission.versions.order_by("-number").first()
        submitted_html = version.snapshot.get("sections", {}).get(str(payload.get("item")), "") if version else ""
        body = {"ok": False, "submitted": True, "error": exc.messages[0], "submitted_html": submitted_html}
        return JsonResponse({**body, **_status_payload(submission)}, status=409)
    except ValidationError as exc:
        return JsonResponse({"ok": False, "error": " ".join(exc.messages)}, status=400)


def _save_document(request, submission: Submission, payload: dict) -> JsonResponse:
    raw = payload.get("document")
    if not isinstance(raw, dict) or not all(isinstance(v, str) for v in raw.values()):
        return _bad_payload()
    current = {name: getattr(submission, name) for name in services.DOCUMENT_FIELDS}
    form = DocumentInfoForm({**current, **{k: v for k, v in raw.items() if k in services.DOCUMENT_FIELDS}})
    if not form.is_valid():
        return JsonResponse({"ok": False, "errors": {name: form.errors[name][0] for name in form.errors}}, status=400)
    # Only the fields this request carried: an older request must not undo a newer one.
    sent = {name: form.cleaned_data[name] for name in raw if name in services.DOCUMENT_FIELDS}
    services.document_info_save(submission=submission, by=request.user, **sent)
    return JsonResponse({"ok": True, "errors": {}, "saved": sent, "saved_at": _saved_time(timezone.now())})


def _save_indicators(request, submission: Submission, payload: dict) -> JsonResponse:
    raw = payload.get("indicators") or {}
    if not isinstance(raw, dict) or not all(parse_id(k) for k in raw):
        return _bad_payload()
    saved, errors = services.indicator_values_save(
        submission=submission, raw_values={parse_id(k): v for k, v in raw.items()}, by=request.user
    )
    submission.reload_state()
    indicators = Indicator.objects.in_bulk(list(saved)) if saved else {}
    body = {
        "ok": not errors,
        "saved": {str(k): (None if v is None else input_text(indicators[k], v)) for k, v in saved.items()},
        "errors": {str(k): v for k, v in errors.items()},
        "saved_at": _saved_time(submission.last_saved_at),
        "length": _length_payload(submission),
        **_status_payload(submission),
    }
    return JsonResponse(body, status=400 if errors else 200)


def _revision(raw) -> int:
    """The revision the page loaded (0: nothing saved yet); anything else matches no revision, so
    the save answers as a conflict instead of overwriting."""
    if raw in (None, "", 0, "0"):
        return 0
    value = parse_id(raw if isinstance(raw, int) else str(raw))
    return -1 if value is None else value


def _save_section(request, submission: Submission, payload: dict) -> JsonResponse:
    item_id = parse_id(payload.get("item"))
    item = (
        OutlineItem.objects.filter(pk=item_id, outline_id=submission.duty.outline_id).first()
        if item_id is not None
        else None
    )
    if item is None:
        return JsonResponse({"ok": False, "error": _("Không tìm thấy mục này trong đề cương.")}, status=400)
    revision = _revision(payload.get("revision", 0))
    html = payload.get("html") or ""
    if not isinstance(html, str):
        return _bad_payload()
    try:
        answer = services.section_save(submission=submission, item=item, html=html, revision=revision, by=request.user)
    except services.SectionTooLong as exc:
        return JsonResponse({"ok": False, "error": exc.messages[0], "too_long": True}, status=400)
    except services.RevisionConflict as exc:
        who = exc.answer.updated_by
        message = _("Người khác (%(who)s) đã lưu mục này lúc %(t)s. Bản của bạn vẫn giữ nguyên trong ô soạn.") % {
            "who": display_name(who) if who else "?",
            "t": _saved_time(exc.answer.updated_at),
        }
        body = {"ok": False, "conflict": True, "error": message, "theirs_html": exc.answer.html}
        return JsonResponse({**body, "revision": exc.answer.revision}, status=409)
    submission.reload_state()
    return JsonResponse(
        {
            "ok": True,
            "revision": answer.revision,
            "html": answer.html,
            "saved_at": _saved_time(submission.last_saved_at),
            "length": _length_payload(submission),
            **_status_payload(submission),
        }
    )


# --- submitting -------------------------------------------------------------------------------
@login_required
def submission_submit(request, pk: int):
    submission = _get_for_officer(request, pk)
    if not submission.is_editable:
        if request.method == "POST":
            messages.info(request, _("Báo cáo đã được nộp."))
        return redirect("reports-submission-detail", pk=submission.pk)
    errors = []
    if request.method == "POST":
        try:
            version = services.submission_submit(
                submission=submission, by=request.user, arrived_at=getattr(request, "arrived_at", None)
            )
        except services.AlreadySubmitted:
            messages.info(request, _("Báo cáo đã được nộp."))
            return redirect("reports-submission-detail", pk=submission.pk)
        except ValidationError as exc:
            errors = exc.messages
        else:
            messages.success(
                request,
                _("Đã nộp báo cáo (lần %(n)d) lúc %(t)s. Biên nhận đã được gửi qua email.")
                % {"n": version.number, "t": _hhmm(submission.submitted_at or timezone.now())},
            )
            return redirect("reports-submission-detail", pk=submission.pk)
    check = selectors.submission_check(submission=submission, by=request.user)
    return render(
        request,
        "reports/submission_submit.html",
        {
            "submission": submission,
            "duty": submission.duty,
            "plan": submission.duty.plan,
            "check": check,
            "post_errors": errors,
        },
        status=400 if errors else 200,
    )


# --- review -----------------------------------------------------------------------------------
@login_required
def submission_review(request, pk: int):
    """The reviewer's page: the report with comment boxes, return and accept. POST adds a comment."""
    submission = _get_for_reviewer(request, pk)
    extra = {"reviewing": True}
    if request.method == "POST":
        items = submission.duty.outline.ordered_items()
        form = CommentForm(request.POST, items=items)
        if form.is_valid():
            item = next((i for i in items if i.pk == form.cleaned_data["item"]), None)
            try:
                services.review_comment_add(
                    submission=submission, by=request.user, text=form.cleaned_data["text"], item=item
                )
            except ValidationError as exc:
                form.add_error("text", exc.messages[0])
            else:
                messages.success(request, _("Đã ghi nhận xét."))
                return redirect(
                    reverse("reports-submission-review", args=[submission.pk]) + (f"#item-{item.pk}" if item else "")
                )
        extra["comment_form"] = form
    return render(
        request,
        "reports/submission_detail.html",
        _detail_context(request, submission, **extra),
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def submission_return(request, pk: int):
    submission = _get_for_reviewer(request, pk)
    form = ReturnForm(request.POST)
    if form.is_valid():
        try:
            services.submission_return(submission=submission, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("reports-submission-review", pk=submission.pk)
        messages.success(request, _("Đã trả lại báo cáo; cán bộ của đơn vị đã được báo qua email."))
        return redirect("reports-submission-review", pk=submission.pk)
    return render(
        request,
        "reports/submission_detail.html",
        _detail_context(request, submission, reviewing=True, return_form=form),
        status=400,
    )


@login_required
@require_POST
def submission_accept(request, pk: int):
    submission = _get_for_reviewer(request, pk)
    try:
        services.submission_accept(submission=submission, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Đã tiếp nhận báo cáo."))
    return redirect("reports-submission-review", pk=submission.pk)


# --- evidence ---------------------------------------------------------------------------------
@login_required
@require_POST
def attachment_upload(request, pk: int):
    submission = _get_for_officer(request, pk)
    if not submission.is_editable:
        messages.error(request, _("Báo cáo đã nộp nên không thêm minh chứng được."))
        return redirect("reports-submission-detail", pk=submission.pk)
    items = submission.duty.outline.ordered_items()
    form = AttachmentForm(request.POST, request.FILES, items=items)
    if form.is_valid():
        item = next((i for i in items if i.pk == form.cleaned_data["item"]), None)
        try:
            attachment = services.attachment_add(
                submission=submission, uploaded_file=form.cleaned_data["file"], by=request.user, item=item
            )
        except ValidationError as exc:
            form.add_error("file", exc.messages[0])
        else:
            messages.success(request, _("Đã thêm minh chứng “%(name)s”.") % {"name": attachment.original_name})
            return redirect(reverse("reports-submission-edit", args=[submission.pk]) + "#minh-chung")
    return render(
        request, "reports/submission_edit.html", _edit_context(request, submission, attachment_form=form), status=400
    )


def _get_attachment(request, pk: int) -> Attachment:
    attachment = Attachment.objects.filter(pk=pk).select_related("submission").first()
    if attachment is None:
        raise Http404
    _get_submission_for_user(request, attachment.submission_id)
    return attachment


@login_required
def attachment_download(request, pk: int):
    attachment = _get_attachment(request, pk)
    return stored_file_response(
        attachment.file, filename=attachment.original_name, content_type=attachment.content_type
    )


@login_required
@require_POST
def attachment_delete(request, pk: int):
    attachment = _get_attachment(request, pk)
    submission = _get_for_officer(request, attachment.submission_id)
    try:
        services.attachment_remove(attachment=attachment, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("reports-submission-detail", pk=submission.pk)
    messages.success(request, _("Đã xóa minh chứng “%(name)s”.") % {"name": attachment.original_name})
    return redirect(reverse("reports-submission-edit", args=[submission.pk]) + "#minh-chung")


# --- Word out and in --------------------------------------------------------------------------
@login_required
def submission_docx(request, pk: int):
    from reports.submissions.docx import submission_document

    submission = _get_submission_for_user(request, pk)
    # The person downloading chooses: unwritten items left out (the printed report), or marked.
    data = submission_document(submission, mark_unwritten=request.GET.get(MARK_UNWRITTEN) == "1")
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    filename = f"bao-cao-{submission.committee.code}-{submission.duty_id}.docx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def submission_import_word(request, pk: int):
    """Upload the Word report: preview which text goes to which section, move pieces, confirm."""
    from reports.submissions import word_import

    submission = _get_for_officer(request, pk)
    if not submission.is_editable:
        return redirect("reports-submission-detail", pk=submission.pk)
    items = submission.duty.outline.ordered_items()
    context = {"submission": submission, "duty": submission.duty, "plan": submission.duty.plan, "items": items}
    if request.method == "POST" and "confirm" in request.POST:
        pieces = word_import.pieces_from_post(request.POST)
        placements, unplaced = word_import.placements_from_post(request.POST, pieces, items)
        if unplaced:
            context.update(
                pieces=pieces,
                **word_import.by_part(pieces),
                unplaced=len(unplaced),
                confirm_error=_(
                    "Còn %(n)d đoạn chưa xếp vào mục nào. Hãy chọn mục cho từng đoạn, hoặc chọn “Bỏ đoạn này”."
                )
                % {"n": len(unplaced)},
                file_name=request.POST.get("file_name", ""),
            )
            return render(request, "reports/submission_import_word.html", context, status=400)
        try:
            written = services.sections_import(
                submission=submission,
                placements=placements,
                by=request.user,
                file_name=request.POST.get("file_name", ""),
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("reports-submission-detail", pk=submission.pk)
        messages.success(
            request, _("Đã đưa nội dung tệp Word vào %(n)d mục. Hãy đọc lại trước khi nộp.") % {"n": written}
        )
        return redirect("reports-submission-edit", pk=submission.pk)
    form = WordUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            split = word_import.split_docx(upload.read(), items)
        except word_import.WordImportError as exc:
            form.add_error("file", str(exc))
        else:
            context.update(
                pieces=split.pieces,
                **word_import.by_part(split.pieces),
                file_name=upload.name[:200],
                found=len(split.found),
                unplaced=len(split.unplaced),
                left_out=len(split.left_out),
            )
            return render(request, "reports/submission_import_word.html", context)
    context["form"] = form
    return render(
        request, "reports/submission_import_word.html", context, status=400 if request.method == "POST" else 200
    )

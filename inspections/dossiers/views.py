"""A unit's dossier: self-scoring with evidence and submitting (the unit's officers), the team's
pre-check (team members of that day, the standing committee), the cross-inspector's scores (the
inspecting unit's officers, while their session is open). Access: inspections.access; 404 otherwise."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from lib.params import id_param
from lib.uploads import stored_file_response

from .. import access as acl
from ..downloads import attachment
from ..models import Criterion, Evidence, Score
from ..selectors import dossier_status
from . import documents, services

Source = Score.Source


def _entries(request, criteria, fields) -> dict[int, services.Entry]:
    """What was typed in the score grid, per criterion (kept as typed)."""
    return {
        c.pk: services.Entry(**{f: request.POST.get(f"{f}-{c.pk}", "") for f in fields})
        for c in criteria
        if any(f"{f}-{c.pk}" in request.POST for f in fields)
    }


def _grid(status, source_scores, typed, errors, fields, self_scores):
    """Rows for the score grid template: criterion, value shown, errors."""
    rows = []
    for c in status.criteria:
        score = source_scores.get(c.pk)
        entry = typed.get(c.pk)
        values = {}
        for f in fields:
            if entry is not None:
                values[f] = getattr(entry, f)
            elif score is not None:
                values[f] = getattr(score, f if f != "points" else "points")
            else:
                values[f] = ""
        rows.append({"criterion": c, "values": values, "errors": errors.get(str(c.pk), []),
                     "evidence": status.evidence.get(c.pk, []), "self": self_scores.get(c.pk)})
    return rows


def _score_page(request, unit, *, source, fields, template, by_unit=None, extra=None):
    status = dossier_status(unit, source)
    typed, errors, general = {}, {}, []
    if request.method == "POST" and request.POST.get("save"):
        typed = _entries(request, status.criteria, fields)
        try:
            services.scores_save(unit=unit, source=source, by=request.user, entries=typed, by_unit=by_unit)
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                errors = exc.message_dict
            else:
                general = exc.messages
        else:
            messages.success(request, _("Đã lưu điểm."))
            return redirect(request.path)
    context = {
        "unit": unit,
        "round": unit.round,
        "status": status,
        "rows": _grid(status, status.scores, typed, errors, fields, (extra or {}).get("self_scores") or {}),
        "fields": fields,
        "errors": [m for ms in errors.values() for m in ms] + general,
        "now": timezone.now(),
        **(extra or {}),
    }
    return render(request, template, context)


# --- self-scoring ---------------------------------------------------------------------------
class ReportForm(forms.Form):
    results = forms.CharField(label=gettext_lazy("Kết quả nổi bật"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    models = forms.CharField(label=gettext_lazy("Mô hình mới, cách làm hiệu quả"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    difficulties = forms.CharField(label=gettext_lazy("Khó khăn, hạn chế"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    proposals = forms.CharField(label=gettext_lazy("Đề xuất, kiến nghị"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


@login_required
def dossier(request, pk: int):
    unit = acl.get_own_unit(request, pk)
    writer = acl.acts_for(request.user, unit)
    if request.method == "POST" and not writer:
        raise Http404
    return _score_page(request, unit, source=Source.SELF, fields=["points", "note"], template="inspections/dossier.html",
                       extra={"writer": writer})


@login_required
@require_POST
def dossier_submit(request, pk: int):
    unit = acl.get_unit_for_writer(request, pk)
    try:
        services.dossier_submit(unit=unit, by=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Đã gửi hồ sơ tự chấm điểm."))
    return redirect("inspections-dossier", unit.pk)


@login_required
@require_POST
def evidence_upload(request, pk: int):
    unit = acl.get_unit_for_writer(request, pk)
    criterion = get_object_or_404(Criterion, pk=id_param(request.POST, "criterion"), group__round=unit.round)
    files = request.FILES.getlist("file")
    if not files:
        messages.error(request, _("Tiêu chí %(c)s: chọn tệp minh chứng.") % {"c": criterion.code})
    for upload in files:
        try:
            services.evidence_add(unit=unit, criterion=criterion, by=request.user, upload=upload)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Đã thêm minh chứng %(n)s.") % {"n": upload.name})
    return redirect(f"{unit_url(unit)}#c{criterion.pk}")


def unit_url(unit) -> str:
    return reverse("inspections-dossier", args=[unit.pk])


@login_required
def evidence_download(request, pk: int):
    evidence = get_object_or_404(Evidence.objects.select_related("unit__round__committee", "unit__committee", "unit__day"), pk=pk)
    if not acl.can_read_dossier(request.user, evidence.unit):
        raise Http404
    return stored_file_response(evidence.file, filename=evidence.original_name)


@login_required
@require_POST
def evidence_delete(request, pk: int):
    evidence = get_object_or_404(Evidence.objects.select_related("unit__round", "unit__committee"), pk=pk)
    if not acl.acts_for(request.user, evidence.unit):
        raise Http404
    try:
        services.evidence_delete(evidence=evidence, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("inspections-dossier", evidence.unit_id)


@login_required
def evidence_zip(request, pk: int):
    unit = acl.get_readable_unit(request, pk)
    return attachment(documents.evidence_zip(unit), f"minh-chung-{unit.committee.code}.zip")


@login_required
def report(request, pk: int):
    unit = acl.get_unit_for_writer(request, pk)
    initial = {"results": unit.report_results, "models": unit.report_models,
               "difficulties": unit.report_difficulties, "proposals": unit.report_proposals}
    form = ReportForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.report_save(unit=unit, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Đã lưu báo cáo thuyết minh."))
            return redirect("inspections-dossier", unit.pk)
    return render(request, "inspections/report_form.html", {"form": form, "unit": unit, "round": unit.round})


@login_required
def report_docx(request, pk: int):
    unit = acl.get_readable_unit(request, pk)
    return attachment(documents.report_docx(unit), f"thuyet-minh-{unit.committee.code}.docx")


# --- team pre-check and cross-inspection ----------------------------------------------------
@login_required
def precheck(request, pk: int):
    unit = acl.get_unit_for_team(request, pk)
    if request.method == "POST" and "team_comment" in request.POST:
        services.team_comment_save(unit=unit, by=request.user, text=request.POST["team_comment"])
        messages.success(request, _("Đã lưu nhận xét của tổ."))
        return redirect(request.path)
    self_scores = dossier_status(unit).scores
    return _score_page(request, unit, source=Source.TEAM, fields=["points", "strengths", "weaknesses"],
                       template="inspections/precheck.html", extra={"self_scores": self_scores})


@login_required
def cross(request, pk: int):
    unit, inspector = acl.get_unit_for_cross(request, pk)
    self_scores = dossier_status(unit).scores
    return _score_page(request, unit, source=Source.CROSS, fields=["points", "note"], template="inspections/cross.html",
                       by_unit=inspector, extra={"inspector": inspector, "self_scores": self_scores})

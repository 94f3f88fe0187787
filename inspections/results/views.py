"""Reconciliation of one unit (its team and the standing committee) and the round's results (the
standing committee; team members read the units of their days)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lib.params import id_param
from lib.vnsort import fold_name

from .. import access as acl
from ..downloads import attachment
from ..models import Criterion, VetoCondition
from ..selectors import band_counts, board, reconciliation
from . import documents, services


@login_required
def reconcile(request, pk: int):
    unit = acl.get_unit_for_team(request, pk)
    typed, error = {}, ""
    if request.method == "POST" and request.POST.get("criterion"):
        criterion = get_object_or_404(Criterion, pk=id_param(request.POST, "criterion"), group__round=unit.round)
        typed = {"criterion": criterion.pk, "points": request.POST.get("points", ""), "reason": request.POST.get("reason", "")}
        try:
            services.final_change(unit=unit, criterion=criterion, by=request.user, points=typed["points"], reason=typed["reason"])
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, _("Đã đổi điểm cuối cùng của tiêu chí %(c)s.") % {"c": criterion.code})
            return redirect("inspections-reconcile", unit.pk)
    if request.method == "POST" and "vetoes" in request.POST:
        if not acl.manages(request.user, unit.round):
            raise Http404
        chosen = VetoCondition.objects.filter(round=unit.round, pk__in=[id_param({"veto": raw}, "veto") for raw in request.POST.getlist("veto")])
        try:
            services.vetoes_set(unit=unit, by=request.user, vetoes=list(chosen), note=request.POST.get("veto_note", ""))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect("inspections-reconcile", unit.pk)
    rows, totals = reconciliation(unit)
    return render(request, "inspections/reconcile.html", {
        "unit": unit, "round": unit.round, "rows": rows, "totals": totals, "typed": typed, "error": error,
        "changes": unit.changes.select_related("criterion__group", "by__profile"),
        "manages": acl.manages(request.user, unit.round),
        "vetoes": unit.round.vetoes.all(), "unit_vetoes": set(unit.vetoes.values_list("pk", flat=True)),
        "inspector": getattr(unit, "cross_inspector", None),
    })


PAGE_SIZE = 100


@login_required
def results(request, pk: int):
    """The ranking of every unit (bands need all of them); the page shows 100 rows at a time and finds
    a unit by name however it is spelt (Hoà/Hòa, NFC/NFD)."""
    round, days, reconciles = acl.get_results_round_for_reader(request, pk)
    rows = board(round, day_ids=days)
    query = request.GET.get("q", "").strip()
    shown = [r for r in rows if fold_name(query) in fold_name(r.unit.name)] if query else rows
    page = Paginator(shown, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "inspections/results.html", {
        "round": round, "rows": page.object_list, "page": page, "query": query, "manages": acl.manages(request.user, round), "reconciles": reconciles,
        "counts": band_counts(rows, list(round.bands.all())), "total": len(rows), "tie_rule": documents.tie_rule_text(round),
        # one reverse() for the page, not one per unit: /kiem-tra/don-vi/<pk>/doi-chieu/
        "reconcile_prefix": reverse("inspections-reconcile", args=[0]).removesuffix("0/doi-chieu/"),
    })


@login_required
@require_POST
def decide(request, pk: int):
    round = acl.get_managed_round(request, pk)
    try:
        if request.POST.get("reopen"):
            services.round_reopen(round=round, by=request.user)
            messages.success(request, _("Đã mở lại: kết quả trở thành tạm thời."))
        else:
            services.round_decide(round=round, by=request.user)
            messages.success(request, _("Đã quyết định xếp loại và xếp hạng."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("inspections-results", round.pk)


@login_required
def results_xlsx(request, pk: int):
    round = acl.get_managed_round(request, pk)
    return attachment(documents.results_xlsx(round), f"ket-qua-kiem-tra-{round.year}.xlsx")


@login_required
def conclusion_docx(request, pk: int):
    round = acl.get_managed_round(request, pk)
    return attachment(documents.conclusion_docx(round), f"ket-luan-kiem-tra-{round.year}.docx")

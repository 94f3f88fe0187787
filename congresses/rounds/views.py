"""Pages of a round: list, creation, configuration (levels, chain, documents, targets), pilot
candidates and the choice. Access: a round is seen by the people who work under its committee;
it is configured by that committee's standing committee; candidates of a group are assessed and
chosen by the standing committee of the group or of a committee above it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from committees.access import get_access
from committees.models import Committee
from congresses.access import get_round
from congresses.models import Answer, Candidate, Congress, Round, RoundDocument, RoundLevel, Share
from congresses.rounds import services
from congresses.rounds.forms import (
    AnswersForm,
    CandidateAddForm,
    ChainForm,
    ChooseForm,
    DocumentForm,
    LevelForm,
    RoundCreateForm,
    TargetsForm,
)
from congresses.rounds.selectors import candidate_table, rounds_for
from lib.calendar_vn import day_off_warning
from plans.models import Plan


def form_errors_to(form, exc: ValidationError) -> None:
    """Put a service's ValidationError on the form (field errors where the field exists)."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _get_candidate(request, pk: int) -> Candidate:
    candidate = (
        Candidate.objects.select_related("round", "round__committee", "committee", "group").filter(pk=pk).first()
    )
    if candidate is None or not get_access(request.user).oversees(candidate.group):
        raise Http404
    return candidate


@login_required
def round_list(request):
    access = get_access(request.user)
    rounds = rounds_for(access)
    mine = (
        Congress.objects.filter(committee__in=access.acting_committees)
        .select_related("round", "committee")
        .order_by("-round__term_start")
    )
    can_create = bool(access.standing_committees) or access.is_superuser
    return render(request, "congresses/round_list.html", {"rounds": rounds, "mine": mine, "can_create": can_create})


@login_required
def round_create(request):
    access = get_access(request.user)
    committees = Committee.objects.all() if access.is_superuser else access.standing_committees
    if not committees:
        raise Http404
    plans = Plan.objects.filter(committee__in=list(committees), kind=Plan.Kind.PILOT_CONGRESS).order_by("-issued_on")
    form = RoundCreateForm(request.POST or None, committees=committees, plans=plans)
    if request.method == "POST" and form.is_valid():
        try:
            rnd = services.round_create(
                committee=form.cleaned_data["committee"],
                title=form.cleaned_data["title"],
                preset=form.cleaned_data["preset"],
                plan=form.cleaned_data["plan"],
                by=request.user,
            )
        except ValidationError as exc:
            form_errors_to(form, exc)
        else:
            messages.success(request, _("Đã tạo đợt đại hội."))
            return redirect("congresses-round-detail", rnd.pk)
    return render(request, "congresses/round_create.html", {"form": form})


def _units_to_propose(rnd: Round, access) -> list[Committee]:
    tiers = list(rnd.levels.values_list("tier", flat=True))
    taken = set(Candidate.objects.filter(round=rnd).values_list("committee_id", flat=True))
    units = (
        Committee.objects.below(rnd.committee)
        .filter(kind=Committee.Kind.FRONT, tier__in=tiers)
        .select_related("parent")
    )
    return [u for u in units.by_name() if u.pk not in taken and u.parent_id and access.oversees(u.parent)]


@login_required
def round_detail(request, pk: int):
    rnd = get_round(request, pk)
    access = get_access(request.user)
    levels = list(rnd.levels.prefetch_related("chain"))
    for level in levels:
        level.warnings = [
            w for w in (day_off_warning(level.submit_deadline), day_off_warning(level.approve_deadline)) if w
        ]
    units = _units_to_propose(rnd, access)
    return render(
        request,
        "congresses/round_detail.html",
        {
            "round": rnd,
            "levels": levels,
            "documents": rnd.documents.all(),
            "targets": rnd.targets.all(),
            "criteria": list(rnd.criteria.all()),
            "groups": candidate_table(round=rnd, access=access),
            "can_manage": access.can_manage(rnd.committee),
            "document_form": DocumentForm() if access.can_manage(rnd.committee) else None,
            "documents_fixed": Congress.objects.filter(round=rnd, case__sent_at__isnull=False).exists(),
            "add_form": CandidateAddForm(units=Committee.objects.filter(pk__in=[u.pk for u in units]).by_name())
            if units
            else None,
        },
    )


@login_required
def level_edit(request, pk: int):
    level = get_object_or_404(RoundLevel.objects.select_related("round"), pk=pk)
    rnd = get_round(request, level.round_id, manage=True)
    form = LevelForm(request.POST or None, instance=level)
    if request.method == "POST" and form.is_valid():
        try:
            services.level_update(level=level, **form.cleaned_data)
        except ValidationError as exc:
            form_errors_to(form, exc)
        else:
            messages.success(request, _("Đã lưu quy định của cấp."))
            return redirect("congresses-round-detail", rnd.pk)
    return render(request, "congresses/level_edit.html", {"round": rnd, "level": level, "form": form})


@login_required
def chain_edit(request, pk: int):
    level = get_object_or_404(RoundLevel.objects.select_related("round"), pk=pk)
    rnd = get_round(request, level.round_id, manage=True)
    form = ChainForm(request.POST if request.method == "POST" else None, level=level)
    if request.method == "POST" and form.is_valid():
        try:
            services.chain_set(level=level, steps=form.steps())
        except ValidationError as exc:
            form_errors_to(form, exc)
        else:
            messages.success(request, _("Đã lưu chuỗi phê duyệt."))
            return redirect("congresses-round-detail", rnd.pk)
    return render(request, "congresses/level_edit.html", {"round": rnd, "level": level, "form": form, "chain": True})


@login_required
@require_POST
def document_add(request, pk: int):
    rnd = get_round(request, pk, manage=True)
    form = DocumentForm(request.POST)
    if form.is_valid():
        try:
            services.document_add(round=rnd, label=form.cleaned_data["label"], required=form.cleaned_data["required"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Đã thêm tài liệu vào danh mục hồ sơ."))
    else:
        messages.error(request, _("Ghi tên tài liệu."))
    return redirect(reverse("congresses-round-detail", args=[rnd.pk]) + "#documents")


@login_required
@require_POST
def document_remove(request, pk: int):
    document = get_object_or_404(RoundDocument.objects.select_related("round"), pk=pk)
    rnd = get_round(request, document.round_id, manage=True)
    try:
        services.document_remove(document=document)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(reverse("congresses-round-detail", args=[rnd.pk]) + "#documents")


@login_required
def targets_edit(request, pk: int):
    rnd = get_round(request, pk, manage=True)
    form = TargetsForm(request.POST or None, targets=rnd.targets.all())
    if request.method == "POST" and form.is_valid():
        for share, _label in Share.choices:
            services.target_set(
                round=rnd,
                share=share,
                min_percent=form.cleaned_data[f"{share}_min"],
                max_percent=form.cleaned_data[f"{share}_max"],
            )
        messages.success(request, _("Đã lưu chỉ tiêu cơ cấu."))
        return redirect("congresses-round-detail", rnd.pk)
    return render(request, "congresses/targets_edit.html", {"round": rnd, "form": form})


@login_required
@require_POST
def candidate_add(request, pk: int):
    rnd = get_round(request, pk)
    access = get_access(request.user)
    units = _units_to_propose(rnd, access)
    form = CandidateAddForm(request.POST, units=Committee.objects.filter(pk__in=[u.pk for u in units]))
    if form.is_valid():
        try:
            candidate = services.candidate_add(round=rnd, committee=form.cleaned_data["committee"], by=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            return redirect("congresses-candidate", candidate.pk)
    else:
        messages.error(request, _("Chọn một đơn vị thuộc địa bàn mình phụ trách."))
    return redirect("congresses-round-detail", rnd.pk)


def _candidate_page(request, candidate: Candidate, *, form=None, choose=None, status=200):
    rnd = candidate.round
    criteria = list(rnd.criteria.all())
    answers = {a.criterion_id: a for a in Answer.objects.filter(candidate=candidate)}
    form = form or AnswersForm(criteria=criteria, answers=answers)
    rows = [
        (
            c,
            answers.get(c.pk),
            [form[f"met_{c.pk}"], form[f"evidence_{c.pk}"]] + ([form[f"reason_{c.pk}"]] if c.from_inspection else []),
        )
        for c in criteria
    ]
    group_pilot = (
        Congress.objects.filter(round=rnd, pilot_group=candidate.group, is_pilot=True)
        .select_related("committee")
        .first()
    )
    return render(
        request,
        "congresses/candidate.html",
        {
            "candidate": candidate,
            "round": rnd,
            "form": form,
            "rows": rows,
            "choose": choose or ChooseForm(),
            "group_pilot": group_pilot,
            "is_pilot": group_pilot is not None and group_pilot.committee_id == candidate.committee_id,
        },
        status=status,
    )


@login_required
def candidate_detail(request, pk: int):
    candidate = _get_candidate(request, pk)
    if request.method != "POST":
        return _candidate_page(request, candidate)
    criteria = list(candidate.round.criteria.all())
    answers = {a.criterion_id: a for a in Answer.objects.filter(candidate=candidate)}
    form = AnswersForm(request.POST, criteria=criteria, answers=answers)
    if form.is_valid():
        with transaction.atomic():
            for c in criteria:
                met = form.cleaned_data[f"met_{c.pk}"]
                if met is None:
                    continue
                try:
                    services.answer_set(
                        candidate=candidate,
                        criterion=c,
                        met=met,
                        evidence=form.cleaned_data[f"evidence_{c.pk}"],
                        override_reason=form.cleaned_data.get(f"reason_{c.pk}", ""),
                        by=request.user,
                    )
                except ValidationError as exc:
                    form.add_error(f"reason_{c.pk}" if f"reason_{c.pk}" in form.fields else None, exc.messages)
            if form.errors:
                transaction.set_rollback(True)
        if not form.errors:
            messages.success(request, _("Đã lưu đánh giá."))
            return redirect("congresses-candidate", candidate.pk)
    return _candidate_page(request, candidate, form=form, status=400)


@login_required
@require_POST
def candidate_refresh(request, pk: int):
    candidate = _get_candidate(request, pk)
    services.candidate_refresh_inspection(candidate=candidate, by=request.user)
    return redirect("congresses-candidate", candidate.pk)


@login_required
@require_POST
def candidate_choose(request, pk: int):
    candidate = _get_candidate(request, pk)
    form = ChooseForm(request.POST)
    if form.is_valid():
        try:
            services.pilot_choose(candidate=candidate, reason=form.cleaned_data["reason"], by=request.user)
        except ValidationError as exc:
            form_errors_to(form, exc)
        else:
            messages.success(request, _("Đã chọn %(name)s làm điểm.") % {"name": candidate.committee.name})
            return redirect("congresses-round-detail", candidate.round_id)
    return _candidate_page(request, candidate, choose=form, status=400)

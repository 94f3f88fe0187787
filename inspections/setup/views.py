"""Setting a round up (the standing committee that runs it; everyone else 404), and the round page
every participant starts from."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from committees.access import get_access
from lib.params import id_param
from plans.forms import apply_service_errors

from .. import access as acl
from .. import selectors
from ..downloads import attachment
from ..models import AgendaItem, Criterion, InspectionDay, Round, ScoreGroup, TeamMember, VetoCondition
from . import documents, services
from .forms import (
    AgendaItemForm,
    BandFormSet,
    CriterionForm,
    DayForm,
    GroupForm,
    ImportForm,
    RoundCreateForm,
    RoundForm,
    TeamMemberForm,
    VetoForm,
)
from .importer import TableImportError, read_table


def _standing_committee(request):
    access = get_access(request.user)
    committees = access.standing_committees
    if not committees:
        raise Http404
    return committees[0]


@login_required
def round_list(request):
    rounds = acl.visible_rounds(request.user).select_related("committee")
    access = get_access(request.user)
    return render(request, "inspections/round_list.html", {"rounds": rounds, "can_create": bool(access.standing_committees)})


@login_required
def round_create(request):
    committee = _standing_committee(request)
    form = RoundCreateForm(request.POST or None, committee=committee, initial={"year": timezone.localdate().year})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        start = data.pop("start_from")
        try:
            round = services.round_create(
                committee=committee, by=request.user, title=data["title"], year=data["year"], plan=data["plan"],
                band_preset=data["band_preset"], copy_from=form.previous.get(start), example_table=start == "example",
                deadline_stated=data["deadline_stated"], deadline_rule=data["deadline_rule"], tie_break=data["tie_break"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Đã tạo đợt kiểm tra."))
            return redirect("inspections-round-detail", round.pk)
    return render(request, "inspections/form.html", {"form": form, "title": _("Tạo đợt kiểm tra"), "back": "inspections-round-list"})


@login_required
def round_detail(request, pk: int):
    round = acl.get_round(request, pk)
    user, now = request.user, timezone.now()
    manages = acl.manages(user, round)
    access = get_access(user)
    days = acl.team_days(user, round)
    my_units = [u for u in round.units.select_related("committee", "day", "cross_target__committee") if access.can_act_for(u.committee)]
    cross = [(u, u.cross_target) for u in my_units if u.cross_target and u.day and u.day.session_open(now)]
    for u in my_units:
        u.reveal_at = u.day.opens_at() if u.day and now < u.day.opens_at() else None
    team_units = []
    if manages or days is not None:
        team_units = [u for u in round.units.select_related("committee", "day") if manages or u.day_id in days]
    return render(request, "inspections/round_detail.html", {
        "round": round,
        "manages": manages,
        "my_units": my_units,
        "cross": cross,
        "team_units": team_units,
        "schedule": selectors.schedule(round),
        "max_total": selectors.max_total(round),
        "bands": round.bands.all(),
        "vetoes": round.vetoes.select_related("cap_band"),
    })


@login_required
def round_edit(request, pk: int):
    round = acl.get_managed_round(request, pk)
    form = RoundForm(request.POST or None, instance=round, committee=round.committee)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            services.round_update(round=Round.objects.get(pk=round.pk), by=request.user, **fields)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Đã lưu."))
            return redirect("inspections-round-detail", round.pk)
    return render(request, "inspections/form.html", {"form": form, "round": round, "title": _("Thông tin đợt kiểm tra")})


# --- the scoring table ----------------------------------------------------------------------
@login_required
def table(request, pk: int):
    round = acl.get_round(request, pk)
    manages = acl.manages(request.user, round)
    others = Round.objects.filter(committee=round.committee).exclude(pk=round.pk) if manages else []
    return render(request, "inspections/table.html", {
        "round": round, "table": selectors.table_of(round), "manages": manages, "max_total": selectors.max_total(round),
        "others": others, "group_form": GroupForm() if manages else None,
    })


@login_required
@require_POST
def table_copy(request, pk: int):
    round = acl.get_managed_round(request, pk)
    source = get_object_or_404(Round, pk=id_param(request.POST, "source"), committee=round.committee)
    try:
        services.table_copy(source=source, target=round)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Đã sao chép bảng điểm từ %(t)s.") % {"t": source.title})
    return redirect("inspections-table", round.pk)


@login_required
def table_import(request, pk: int):
    round = acl.get_managed_round(request, pk)
    form = ImportForm(request.POST or None, request.FILES or None)
    problems = []
    if request.method == "POST" and form.is_valid():
        try:
            table = read_table(form.cleaned_data["file"])
            services.table_replace(round=round, by=request.user, table=table)
        except TableImportError as exc:
            problems = exc.problems
        except ValidationError as exc:
            problems = exc.messages
        else:
            messages.success(request, _("Đã nhập bảng điểm."))
            return redirect("inspections-table", round.pk)
    return render(request, "inspections/table_import.html", {"form": form, "round": round, "problems": problems})


def _delete(request, delete, done: str, round):
    try:
        delete()
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, done)
    return redirect("inspections-table", round.pk)


def _group(request, pk: int) -> ScoreGroup:
    return acl.get_managed_object(request, ScoreGroup.objects.select_related("round__committee"), pk)


@login_required
def group_create(request, pk: int):
    round = acl.get_managed_round(request, pk)
    return _group_page(request, round, None)


@login_required
def group_edit(request, pk: int):
    group = _group(request, pk)
    return _group_page(request, group.round, group)


def _group_page(request, round, group):
    form = GroupForm(request.POST or None, instance=group)
    if request.method == "POST":
        if request.POST.get("delete") and group is not None:
            return _delete(request, lambda: services.group_delete(group=group, by=request.user), _("Đã xóa nhóm tiêu chí."), round)
        if form.is_valid():
            try:
                services.group_save(round=round, by=request.user, group=group, **form.cleaned_data)
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                return redirect("inspections-table", round.pk)
    return render(request, "inspections/form.html", {
        "form": form, "round": round, "title": _("Nhóm tiêu chí"), "can_delete": group is not None, "back_url_table": True,
    })


@login_required
def criterion_create(request, group_pk: int):
    group = _group(request, group_pk)
    return _criterion_page(request, group, None)


@login_required
def criterion_edit(request, pk: int):
    criterion = acl.get_managed_object(
        request, Criterion.objects.select_related("group__round__committee"), pk, round_of=lambda c: c.group.round
    )
    return _criterion_page(request, criterion.group, criterion)


def _criterion_page(request, group, criterion):
    round = group.round
    form = CriterionForm(request.POST or None, instance=criterion)
    if request.method == "POST":
        if request.POST.get("delete") and criterion is not None:
            return _delete(request, lambda: services.criterion_delete(criterion=criterion, by=request.user), _("Đã xóa tiêu chí."), round)
        if form.is_valid():
            try:
                services.criterion_save(group=group, by=request.user, criterion=criterion, **form.cleaned_data)
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                return redirect("inspections-table", round.pk)
    return render(request, "inspections/form.html", {
        "form": form, "round": round, "title": _("Tiêu chí – %(g)s") % {"g": group}, "can_delete": criterion is not None,
        "back_url_table": True,
    })


# --- bands and vetoes -----------------------------------------------------------------------
@login_required
def bands(request, pk: int):
    round = acl.get_managed_round(request, pk)
    current = list(round.bands.all())
    initial = [{"label": b.label, "min_score": b.min_score, "strong": b.strong} for b in current]
    formset = BandFormSet(request.POST or None, initial=initial, prefix="band")
    veto_form = VetoForm(round=round, prefix="veto")
    if request.method == "POST" and request.POST.get("preset"):
        try:
            services.bands_apply_preset(round=round, preset=request.POST["preset"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Đã áp dụng bộ xếp loại."))
        return redirect("inspections-bands", round.pk)
    if request.method == "POST" and formset.is_valid():
        rows = []
        for i, f in enumerate(formset.forms):
            row = dict(f.cleaned_data)
            if not row:
                continue
            row["band"] = current[i] if i < len(current) else None
            rows.append(row)
        try:
            services.bands_save(round=round, by=request.user, rows=rows)
        except ValidationError as exc:
            formset._non_form_errors = formset.error_class(exc.messages)
        else:
            messages.success(request, _("Đã lưu xếp loại."))
            return redirect("inspections-bands", round.pk)
    from .presets import BAND_PRESETS

    return render(request, "inspections/bands.html", {
        "round": round, "formset": formset, "veto_form": veto_form, "vetoes": round.vetoes.select_related("cap_band"),
        "presets": [(k, v[0]) for k, v in BAND_PRESETS.items()],
    })


@login_required
@require_POST
def veto_create(request, pk: int):
    round = acl.get_managed_round(request, pk)
    form = VetoForm(request.POST, round=round, prefix="veto")
    if form.is_valid():
        try:
            services.veto_save(round=round, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Đã thêm điều kiện."))
    else:
        messages.error(request, _("Ghi nội dung điều kiện."))
    return redirect("inspections-bands", round.pk)


@login_required
@require_POST
def veto_delete(request, pk: int):
    veto = acl.get_managed_object(request, VetoCondition.objects.select_related("round__committee"), pk)
    try:
        services.veto_delete(veto=veto, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("inspections-bands", veto.round_id)


# --- schedule, agenda, pairs ----------------------------------------------------------------
@login_required
def schedule_page(request, pk: int):
    round = acl.get_round(request, pk)
    manages = acl.manages(request.user, round)
    if not manages and acl.team_days(request.user, round) is None:
        raise Http404
    return render(request, "inspections/schedule.html", {
        "round": round, "schedule": selectors.schedule(round), "manages": manages,
        "template": round.agenda_items.filter(day__isnull=True),
    })


def _day(request, pk: int) -> InspectionDay:
    return acl.get_managed_object(request, InspectionDay.objects.select_related("round__committee"), pk)


@login_required
def day_create(request, pk: int):
    round = acl.get_managed_round(request, pk)
    return _day_page(request, round, None)


@login_required
def day_edit(request, pk: int):
    day = _day(request, pk)
    return _day_page(request, day.round, day)


def _day_page(request, round, day):
    initial = {}
    if day is not None:
        initial["units"] = ", ".join(u.name for u in day.units.select_related("committee").order_by("position"))
    form = DayForm(request.POST or None, instance=day, initial=initial)
    if request.method == "POST":
        if request.POST.get("delete") and day is not None:
            services.day_delete(day=day, by=request.user)
            return redirect("inspections-schedule", round.pk)
        if form.is_valid():
            committees, unknown = services.committees_from_names(round=round, names=form.unit_names())
            if unknown:
                form.add_error("units", _("Không tìm thấy (hoặc trùng tên) trong các đơn vị trực thuộc: %(n)s.") % {"n": ", ".join(unknown)})
            else:
                fields = {k: v for k, v in form.cleaned_data.items() if k != "units"}
                try:
                    saved = services.day_save(round=round, by=request.user, day=day, **fields)
                    services.units_set(day=saved, by=request.user, committees=committees)
                except ValidationError as exc:
                    apply_service_errors(form, exc)
                else:
                    messages.success(request, _("Đã lưu ngày kiểm tra."))
                    return redirect("inspections-schedule", round.pk)
    return render(request, "inspections/form.html", {"form": form, "round": round, "title": _("Ngày kiểm tra"),
                                                      "can_delete": day is not None})


@login_required
def agenda_item(request, pk: int, day_pk: int | None = None, item_pk: int | None = None):
    round = acl.get_managed_round(request, pk)
    day = get_object_or_404(InspectionDay, pk=day_pk, round=round) if day_pk else None
    item = get_object_or_404(AgendaItem, pk=item_pk, round=round) if item_pk else None
    if item is not None:
        day = item.day
    form = AgendaItemForm(request.POST or None, instance=item)
    if request.method == "POST":
        if request.POST.get("delete") and item is not None:
            services.agenda_item_delete(item=item, by=request.user)
            return redirect("inspections-schedule", round.pk)
        if form.is_valid():
            try:
                services.agenda_item_save(round=round, by=request.user, day=day, item=item, **form.cleaned_data)
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                return redirect("inspections-schedule", round.pk)
    return render(request, "inspections/form.html", {"form": form, "round": round, "title": _("Nội dung chương trình"),
                                                      "can_delete": item is not None})


@login_required
@require_POST
def agenda_apply(request, pk: int):
    day = _day(request, pk)
    services.agenda_apply_template(day=day)
    messages.success(request, _("Đã áp dụng chương trình mẫu cho ngày %(d)s.") % {"d": day})
    return redirect("inspections-schedule", day.round_id)


@login_required
def pairs(request, pk: int):
    day = _day(request, pk)
    units = list(day.units.select_related("committee", "cross_target").order_by("position", "pk"))
    errors = []
    if request.method == "POST":
        if request.POST.get("generate"):
            try:
                services.pairs_generate(day=day, by=request.user)
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            else:
                messages.success(request, _("Đã ghép cặp kiểm tra chéo vòng tròn."))
            return redirect("inspections-pairs", day.pk)
        by_pk = {str(u.pk): u for u in units}
        chosen = {u: by_pk.get(request.POST.get(f"target-{u.pk}", "")) for u in units}
        try:
            services.pairs_set(day=day, by=request.user, pairs=chosen)
        except ValidationError as exc:
            errors = exc.messages
            for u in units:
                u.cross_target = chosen[u]
        else:
            messages.success(request, _("Đã lưu các cặp kiểm tra chéo."))
            return redirect("inspections-schedule", day.round_id)
    return render(request, "inspections/pairs.html", {
        "day": day, "round": day.round, "units": units, "errors": errors,
        "has_pairs": any(u.cross_target_id for u in units),  # regenerating then replaces them: ask first
    })


# --- team -----------------------------------------------------------------------------------
@login_required
def team(request, pk: int):
    round = acl.get_managed_round(request, pk)
    form = TeamMemberForm(request.POST or None, round=round)
    if request.method == "POST" and request.POST.get("remove"):
        member = get_object_or_404(TeamMember, pk=id_param(request.POST, "remove"), round=round)
        services.team_member_delete(member=member, by=request.user)
        return redirect("inspections-team", round.pk)
    if request.method == "POST" and form.is_valid():
        user = get_user_model().objects.filter(username=form.cleaned_data["username"], is_active=True).first()
        if user is None:
            form.add_error("username", _("Không có tài khoản này."))
        else:
            services.team_member_save(round=round, by=request.user, user=user, title=form.cleaned_data["title"],
                                      days=form.cleaned_data["days"])
            messages.success(request, _("Đã lưu thành viên tổ kiểm tra."))
            return redirect("inspections-team", round.pk)
    members = round.team.select_related("user__profile").prefetch_related("days")
    return render(request, "inspections/team.html", {"round": round, "form": form, "members": members})


# --- documents ------------------------------------------------------------------------------
@login_required
def schedule_docx(request, pk: int):
    round = acl.get_round(request, pk)
    # the pairs stay hidden from the units until their session opens: only the organisers' copy has them
    with_pairs = acl.calendar_days(request.user, round) is None
    return attachment(documents.schedule_docx(round, with_pairs=with_pairs), f"lich-kiem-tra-{round.year}.docx")


@login_required
def schedule_ics(request, pk: int):
    round = acl.get_round(request, pk)
    return attachment(documents.schedule_ics(round, units_of=acl.calendar_days(request.user, round)), f"lich-kiem-tra-{round.year}.ics")

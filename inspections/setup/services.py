"""Setting a round up: the round, its scoring table (edited, copied from last year, imported), bands
and vetoes, days and units, agenda, cross pairs and team. Writes only; keyword-only; atomic."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from committees.models import Committee
from committees.selectors import committees_named

from .. import rules
from ..models import AgendaItem, Band, Criterion, InspectionDay, Round, ScoreGroup, TeamMember, Unit, VetoCondition
from .presets import AGENDA_002, BAND_PRESETS, EXAMPLE_LABEL, EXAMPLE_TABLE


def _save(obj):
    obj.full_clean()
    obj.save()
    return obj


# --- the round ------------------------------------------------------------------------------
@transaction.atomic
def round_create(
    *,
    committee: Committee,
    by,
    title: str,
    year: int,
    plan=None,
    band_preset: str = "nhiem_vu",
    copy_from: Round | None = None,
    example_table: bool = False,
    deadline_stated: datetime.date | None = None,
    deadline_rule: str = Round.DeadlineRule.DAY_BEFORE,
    tie_break: str = Round.TieBreak.FEWER_DEDUCTIONS,
) -> Round:
    round = Round(committee=committee, plan=plan, title=title, year=year, deadline_rule=deadline_rule, tie_break=tie_break)
    round.deadline_stated = deadline_stated
    round.evidence_deadline = rules.last_minute(deadline_stated, deadline_rule) if deadline_stated else None
    if copy_from is not None:
        round.diff_threshold, round.tie_break = copy_from.diff_threshold, copy_from.tie_break
        round.top_band_cap_percent, round.example_label = copy_from.top_band_cap_percent, copy_from.example_label
    elif example_table:
        round.example_label = EXAMPLE_LABEL
    _save(round)
    if copy_from is not None:
        table_copy(source=copy_from, target=round)
        bands_copy(source=copy_from, target=round)
        agenda_copy(source=copy_from, target=round)
    else:
        bands_apply_preset(round=round, preset=band_preset)
        agenda_template_reset(round=round)
        if example_table:
            table_load(round=round, table=EXAMPLE_TABLE)
    return round


@transaction.atomic
def round_update(*, round: Round, by, **fields) -> Round:
    for name, value in fields.items():
        setattr(round, name, value)
    round.evidence_deadline = (
        rules.last_minute(round.deadline_stated, round.deadline_rule) if round.deadline_stated else None
    )
    return _save(round)


# --- the scoring table ----------------------------------------------------------------------
def _next_position(qs) -> int:
    return (qs.aggregate(m=Max("position"))["m"] or 0) + 1


def _locked(round: Round):
    if round.is_decided:
        raise ValidationError(_("Ban Thường trực đã quyết định xếp loại: không sửa được bảng điểm."))


@transaction.atomic
def group_save(*, round: Round, by, group: ScoreGroup | None = None, label: str, title: str) -> ScoreGroup:
    _locked(round)
    group = group or ScoreGroup(round=round, position=_next_position(round.groups.all()))
    group.label, group.title = label, title
    return _save(group)


@transaction.atomic
def group_delete(*, group: ScoreGroup, by) -> None:
    _locked(group.round)
    group.delete()


@transaction.atomic
def criterion_save(
    *,
    group: ScoreGroup,
    by,
    criterion: Criterion | None = None,
    label: str,
    title: str,
    kind: str,
    max_points: Decimal,
    guidance: str = "",
    evidence_required: bool = False,
) -> Criterion:
    _locked(group.round)
    criterion = criterion or Criterion(group=group, position=_next_position(group.criteria.all()))
    criterion.group = group
    criterion.label, criterion.title, criterion.kind = label, title, kind
    criterion.max_points, criterion.guidance, criterion.evidence_required = max_points, guidance, evidence_required
    return _save(criterion)


@transaction.atomic
def criterion_delete(*, criterion: Criterion, by) -> None:
    _locked(criterion.group.round)
    criterion.delete()


def table_load(*, round: Round, table) -> None:
    """Append groups and criteria given as (group label, title, [(label, title, kind, max, evidence, guidance)])."""
    start = _next_position(round.groups.all())
    for g, (glabel, gtitle, rows) in enumerate(table):
        group = _save(ScoreGroup(round=round, position=start + g, label=glabel, title=gtitle))
        for c, (label, title, kind, max_points, evidence, guidance) in enumerate(rows):
            _save(
                Criterion(
                    group=group, position=c, label=label, title=title, kind=kind,
                    max_points=max_points, evidence_required=evidence, guidance=guidance,
                )
            )


@transaction.atomic
def table_copy(*, source: Round, target: Round) -> None:
    """Copy last year's table into a round (appended after what it has)."""
    _locked(target)
    table = [
        (g.label, g.title, [(c.label, c.title, c.kind, c.max_points, c.evidence_required, c.guidance) for c in g.criteria.all()])
        for g in source.groups.prefetch_related("criteria")
    ]
    table_load(round=target, table=table)


@transaction.atomic
def table_replace(*, round: Round, by, table) -> None:
    """An imported table replaces the round's table, all or nothing (no score may hang on it yet)."""
    _locked(round)
    if Criterion.objects.filter(group__round=round, scores__isnull=False).exists():
        raise ValidationError(_("Đã có đơn vị chấm điểm theo bảng này: không thay cả bảng được, hãy sửa từng tiêu chí."))
    round.groups.all().delete()
    table_load(round=round, table=table)


# --- bands and vetoes -----------------------------------------------------------------------
@transaction.atomic
def bands_apply_preset(*, round: Round, preset: str) -> None:
    if preset not in BAND_PRESETS:
        raise ValidationError(_("Không có bộ xếp loại này."))
    _locked(round)
    round.vetoes.all().delete()
    round.bands.all().delete()
    _title, bands, vetoes = BAND_PRESETS[preset]
    made = [_save(Band(round=round, position=i, label=label, min_score=m, strong=strong)) for i, (label, m, strong) in enumerate(bands)]
    for label, cap in vetoes:
        _save(VetoCondition(round=round, label=label, cap_band=made[cap] if cap is not None else None))


@transaction.atomic
def bands_copy(*, source: Round, target: Round) -> None:
    made = {}
    for band in source.bands.all():
        made[band.pk] = _save(Band(round=target, position=band.position, label=band.label, min_score=band.min_score, strong=band.strong))
    for veto in source.vetoes.all():
        _save(VetoCondition(round=target, label=veto.label, cap_band=made.get(veto.cap_band_id)))


@transaction.atomic
def bands_save(*, round: Round, by, rows: list[dict]) -> None:
    """rows: {band (or None for a new one), label, min_score, strong, delete}; thresholds must fall
    strictly from the top band down, and the lowest band starts at 0."""
    _locked(round)
    kept = [r for r in rows if not r.get("delete") and r.get("label")]
    if not kept:
        raise ValidationError(_("Cần ít nhất một loại xếp loại."))
    scores = [r["min_score"] for r in kept]
    if any(a <= b for a, b in zip(scores, scores[1:], strict=False)):
        raise ValidationError(_("Ngưỡng điểm phải giảm dần từ loại cao nhất xuống loại thấp nhất."))
    if scores[-1] != 0:
        raise ValidationError(_("Loại thấp nhất phải bắt đầu từ 0 điểm."))
    for r in rows:
        if r.get("delete") and r.get("band") is not None:
            r["band"].delete()
    for i, r in enumerate(kept):
        band = r.get("band") or Band(round=round)
        band.position, band.label, band.min_score, band.strong = i, r["label"], r["min_score"], r["strong"]
        _save(band)


@transaction.atomic
def veto_save(*, round: Round, by, veto: VetoCondition | None = None, label: str, cap_band: Band | None) -> VetoCondition:
    _locked(round)
    veto = veto or VetoCondition(round=round)
    veto.label, veto.cap_band = label, cap_band
    return _save(veto)


@transaction.atomic
def veto_delete(*, veto: VetoCondition, by) -> None:
    _locked(veto.round)
    veto.delete()


# --- schedule -------------------------------------------------------------------------------
@transaction.atomic
def day_save(*, round: Round, by, day: InspectionDay | None = None, **fields) -> InspectionDay:
    day = day or InspectionDay(round=round)
    for name, value in fields.items():
        setattr(day, name, value)
    _save(day)
    if not day.agenda.exists():
        agenda_apply_template(day=day)
    return day


@transaction.atomic
def day_delete(*, day: InspectionDay, by) -> None:
    day.delete()


@transaction.atomic
def units_set(*, day: InspectionDay, by, committees: list[Committee]) -> list[Unit]:
    """The day's units, in the order given (a committee moved from another day moves here)."""
    round = day.round
    for committee in committees:
        if committee.parent_id is None or not committee.is_within(round.committee) or committee.pk == round.committee_id:
            raise ValidationError(_("%(name)s không thuộc phạm vi của %(round)s.") % {"name": committee.name, "round": round.committee.name})
    keep = {c.pk for c in committees}
    Unit.objects.filter(day=day).exclude(committee_id__in=keep).update(day=None, position=0)
    # pairs never cross days: whoever inspected a unit of this day, or a unit moving here, loses its pair
    Unit.objects.filter(round=round, cross_target__day=day).update(cross_target=None)
    Unit.objects.filter(round=round, cross_target__committee__in=committees).update(cross_target=None)
    Unit.objects.filter(day=day).update(cross_target=None)
    units = []
    for i, committee in enumerate(committees):
        unit = Unit.objects.filter(round=round, committee=committee).first() or Unit(round=round, committee=committee)
        unit.day, unit.position, unit.cross_target = day, i, None
        units.append(_save(unit))
    return units


def committees_from_names(*, round: Round, names: list[str]) -> tuple[list[Committee], list[str]]:
    """The committees below the round's committee called `names` (Hoà/Hòa, NFC/NFD alike), and
    the names that match none or more than one."""
    among = Committee.objects.below(round.committee)
    found, problems = [], []
    for name in names:
        matches = committees_named(name, among=among)
        if len(matches) == 1:
            found.append(matches[0])
        else:
            problems.append(name)
    return found, problems


@transaction.atomic
def agenda_template_reset(*, round: Round) -> None:
    round.agenda_items.filter(day__isnull=True).delete()
    for i, (start, end, title, per_unit) in enumerate(AGENDA_002):
        _save(AgendaItem(round=round, day=None, position=i, start=start, end=end, title=title, minutes_per_unit=per_unit))


@transaction.atomic
def agenda_copy(*, source: Round, target: Round) -> None:
    for item in source.agenda_items.filter(day__isnull=True):
        _save(AgendaItem(round=target, day=None, position=item.position, start=item.start, end=item.end,
                         title=item.title, minutes_per_unit=item.minutes_per_unit))


@transaction.atomic
def agenda_apply_template(*, day: InspectionDay) -> None:
    """The day's agenda becomes a copy of the round's template."""
    day.agenda.all().delete()
    for item in day.round.agenda_items.filter(day__isnull=True):
        _save(AgendaItem(round=day.round, day=day, position=item.position, start=item.start, end=item.end,
                         title=item.title, minutes_per_unit=item.minutes_per_unit))


@transaction.atomic
def agenda_item_save(*, round: Round, by, day: InspectionDay | None, item: AgendaItem | None = None, **fields) -> AgendaItem:
    item = item or AgendaItem(round=round, day=day, position=_next_position(AgendaItem.objects.filter(round=round, day=day)))
    for name, value in fields.items():
        setattr(item, name, value)
    return _save(item)


@transaction.atomic
def agenda_item_delete(*, item: AgendaItem, by) -> None:
    item.delete()


# --- cross pairs ----------------------------------------------------------------------------
@transaction.atomic
def pairs_generate(*, day: InspectionDay, by) -> dict:
    """Each unit of the day inspects the next one, the last the first (rules.pair_cycle)."""
    units = list(day.units.order_by("position", "pk"))
    if len(units) < 3:
        raise ValidationError(
            _("Ngày %(day)s có %(n)s đơn vị: cần ít nhất 3 đơn vị để kiểm tra chéo vòng tròn (không đơn vị nào chấm lẫn nhau).")
            % {"day": day, "n": len(units)}
        )
    pairs = rules.pair_cycle(units)
    Unit.objects.filter(day=day).update(cross_target=None)
    for inspector, target in pairs.items():
        inspector.cross_target = target
        inspector.save(update_fields=["cross_target"])
    return pairs


@transaction.atomic
def pairs_set(*, day: InspectionDay, by, pairs: dict[Unit, Unit | None]) -> None:
    """Edited pairs: within the day, nobody inspects itself, no two inspect each other, nobody twice."""
    day_units = {u.pk for u in day.units.all()}
    for inspector, target in pairs.items():
        if inspector.pk not in day_units or (target is not None and target.pk not in day_units):
            raise ValidationError(_("Chỉ ghép các đơn vị được kiểm tra cùng ngày."))
    names = {
        "self": _("%(unit)s không thể tự kiểm tra chéo chính mình."),
        "mutual": _("%(unit)s và đơn vị nó kiểm tra không được chấm lẫn nhau."),
    }
    problems = rules.pairing_problems({u.pk: (t.pk if t else None) for u, t in pairs.items()})
    if problems:
        by_pk = {u.pk: u for u in pairs}
        messages = []
        for pk, code in problems:
            if code == "twice":  # name the unit inspected twice and the two that inspect it
                target = pairs[by_pk[pk]]
                first = next(u for u, t in pairs.items() if t == target)
                messages.append(_("%(unit)s bị hai đơn vị cùng kiểm tra chéo: %(a)s và %(b)s.")
                                % {"unit": target.name, "a": first.name, "b": by_pk[pk].name})
            else:
                messages.append(names[code] % {"unit": by_pk[pk].name})
        raise ValidationError(messages)
    Unit.objects.filter(day=day).update(cross_target=None)
    for inspector, target in pairs.items():
        inspector.cross_target = target
        inspector.save(update_fields=["cross_target"])


# --- team -----------------------------------------------------------------------------------
@transaction.atomic
def team_member_save(*, round: Round, by, user, title: str = "", days=()) -> TeamMember:
    member = TeamMember.objects.filter(round=round, user=user).first() or TeamMember(round=round, user=user)
    member.title = title
    _save(member)
    member.days.set(days)
    return member


@transaction.atomic
def team_member_delete(*, member: TeamMember, by) -> None:
    member.delete()

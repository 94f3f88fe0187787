"""Writes of a round: creating it from its rules, editing a level, targets; pilot candidates, their
answers against the criteria (the inspection criterion filled from the unit's latest
classification), and the choice of one pilot per group."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from committees.models import Committee
from congresses.dossier.services import dossier_open
from congresses.models import (
    Answer,
    Candidate,
    ChainStep,
    Congress,
    Criterion,
    Round,
    RoundDocument,
    RoundLevel,
    RoundTarget,
)
from congresses.presets import CRITERIA, DOCUMENTS, PRESETS
from inspections import selectors as inspection_selectors
from lib.numbers import format_number


@transaction.atomic
def round_create(*, committee: Committee, title: str, preset: str, by=None, plan=None) -> Round:
    """A round with the rules of `preset` ("2024-2029", "2025-2030"): its levels with window,
    length limit, deadlines and chain, the dossier's documents, the criteria and the targets."""
    if preset not in PRESETS:
        raise ValidationError({"preset": _("Không có bộ quy định “%(p)s”.") % {"p": preset}})
    rules = PRESETS[preset]
    rnd = Round(
        committee=committee,
        title=title,
        term_start=rules["term_start"],
        term_end=rules["term_end"],
        guidance=rules["guidance"],
        plan=plan,
        created_by=by,
    )
    rnd.full_clean()
    rnd.save()
    for spec in rules["levels"]:
        spec = dict(spec)
        chain = spec.pop("chain")
        level = RoundLevel(round=rnd, **spec)
        level.full_clean()
        level.save()
        chain_set(level=level, steps=chain)
    for position, (key, label, required) in enumerate(DOCUMENTS):
        RoundDocument.objects.create(round=rnd, key=key, label=str(label), required=required, position=position)
    for position, (key, label, from_inspection) in enumerate(CRITERIA):
        Criterion.objects.create(
            round=rnd, key=key, label=str(label), from_inspection=from_inspection, position=position
        )
    for share, low, high in rules["targets"]:
        target_set(round=rnd, share=share, min_percent=low, max_percent=high)
    return rnd


@transaction.atomic
def chain_set(*, level: RoundLevel, steps: list[tuple[str, str]]) -> list[ChainStep]:
    """Replace the approval chain of a level: (kind, label) in order. Refused once a congress of
    the level has its dossier under approval (the case keeps the chain it was opened with)."""
    kinds = [kind for kind, _label in steps]
    if not steps:
        raise ValidationError(_("Chuỗi phê duyệt cần ít nhất một cấp."))
    if len(set(kinds)) != len(kinds):
        raise ValidationError(_("Một cấp duyệt chỉ xuất hiện một lần trong chuỗi."))
    order = {ChainStep.Kind.PARTY: 0, ChainStep.Kind.DISTRICT: 1, ChainStep.Kind.PROVINCE: 2}
    if kinds != sorted(kinds, key=lambda k: order[k]):
        raise ValidationError(_("Chuỗi phê duyệt đi từ cấp ủy cùng cấp lên cấp huyện rồi cấp tỉnh."))
    if level.tier == Committee.Tier.DISTRICT and ChainStep.Kind.DISTRICT in kinds:
        raise ValidationError(_("Đại hội cấp huyện không do Ban Thường trực cấp huyện duyệt."))
    if Congress.objects.filter(level=level, case__sent_at__isnull=False).exists():
        raise ValidationError(_("Đã có hồ sơ được gửi đi theo chuỗi phê duyệt này: không đổi chuỗi được nữa."))
    level.chain.all().delete()
    created = []
    for position, (kind, label) in enumerate(steps):
        step = ChainStep(level=level, position=position, kind=kind, label=label)
        step.full_clean()
        step.save()
        created.append(step)
    for congress in Congress.objects.filter(level=level, case__isnull=False).select_related(
        "round", "committee", "level"
    ):
        dossier_open(congress=congress)  # the unsent dossiers follow the new chain
    return created


def _check_documents_open(rnd: Round) -> None:
    if Congress.objects.filter(round=rnd, case__sent_at__isnull=False).exists():
        raise ValidationError(_("Đã có hồ sơ được gửi đi theo danh mục này: không thêm, bớt tài liệu được nữa."))


def _follow(rnd: Round) -> None:
    for congress in Congress.objects.filter(round=rnd, case__isnull=False).select_related(
        "round", "committee", "level"
    ):
        dossier_open(congress=congress)  # the unsent dossiers follow the round's list


@transaction.atomic
def document_add(*, round: Round, label: str, required: bool) -> RoundDocument:
    """Add a document to the round's dossier list (refused once a dossier was sent)."""
    _check_documents_open(round)
    label = " ".join(label.split())
    if not label:
        raise ValidationError({"label": _("Ghi tên tài liệu.")})
    position = (round.documents.aggregate(m=Max("position"))["m"] or 0) + 1
    key = f"extra-{position}"
    document = RoundDocument(round=round, key=key, label=label, required=required, position=position)
    document.full_clean()
    document.save()
    _follow(round)
    return document


@transaction.atomic
def document_remove(*, document: RoundDocument) -> None:
    _check_documents_open(document.round)
    rnd = document.round
    document.delete()
    _follow(rnd)


@transaction.atomic
def level_update(*, level: RoundLevel, **fields) -> RoundLevel:
    """Change a level's rules. New deadlines reach the level's dossiers not yet approved (the
    pipeline's lateness and the reminders read the case's deadlines); an approved one keeps its own."""
    for name, value in fields.items():
        setattr(level, name, value)
    level.full_clean()
    level.save()
    for congress in Congress.objects.filter(
        level=level, case__isnull=False, case__locked_at__isnull=True
    ).select_related("round", "committee", "level"):
        dossier_open(congress=congress)
    return level


@transaction.atomic
def target_set(*, round: Round, share: str, min_percent=None, max_percent=None) -> RoundTarget | None:
    """Set one structure target; both ends empty removes it."""
    if min_percent is None and max_percent is None:
        RoundTarget.objects.filter(round=round, share=share).delete()
        return None
    target = RoundTarget.objects.filter(round=round, share=share).first() or RoundTarget(round=round, share=share)
    target.min_percent, target.max_percent = min_percent, max_percent
    target.full_clean()
    target.save()
    return target


# --- pilot selection ------------------------------------------------------------------------------
def level_for(rnd: Round, committee: Committee) -> RoundLevel:
    level = rnd.levels.filter(tier=committee.tier).first()
    if level is None:
        raise ValidationError(
            _("Đợt này không tổ chức đại hội ở %(tier)s (đơn vị %(name)s).")
            % {"tier": committee.get_tier_display().lower(), "name": committee.name}
        )
    return level


def pilot_group_of(committee: Committee) -> Committee:
    """The committee whose one pilot the unit would be: its direct parent (a commune's district or
    city; a district's province)."""
    return committee.parent


@transaction.atomic
def candidate_add(*, round: Round, committee: Committee, by=None) -> Candidate:
    if (
        committee.kind != Committee.Kind.FRONT
        or not committee.is_within(round.committee)
        or committee.pk == round.committee_id
    ):
        raise ValidationError(
            {"committee": _("Đơn vị %(name)s không thuộc địa bàn của đợt đại hội.") % {"name": committee.name}}
        )
    level_for(round, committee)
    if Candidate.objects.filter(round=round, committee=committee).exists():
        raise ValidationError({"committee": _("%(name)s đã có trong danh sách đề xuất.") % {"name": committee.name}})
    candidate = Candidate.objects.create(round=round, committee=committee, group=pilot_group_of(committee), added_by=by)
    candidate_refresh_inspection(candidate=candidate, by=by)
    return candidate


@transaction.atomic
def candidate_refresh_inspection(*, candidate: Candidate, by=None) -> None:
    """Fill the inspection criteria from the unit's latest classification, when the portal holds
    one (inspections.selectors.latest_classification). An answer already given that differs keeps
    its value and becomes an override (its reason is asked for on the next save)."""
    classification = inspection_selectors.latest_classification(committee=candidate.committee)
    if classification is None:
        return
    for criterion in candidate.round.criteria.filter(from_inspection=True):
        answer = Answer.objects.filter(candidate=candidate, criterion=criterion).first()
        evidence = _("Xếp loại “%(band)s” (%(score)s điểm), %(round)s") % {
            "band": classification.band,
            "score": format_number(classification.final_score),
            "round": classification.round_title,
        }
        if answer is None:
            answer = Answer(candidate=candidate, criterion=criterion, met=classification.strong, evidence=evidence)
        answer.inspection_band = classification.band
        answer.inspection_strong = classification.strong
        answer.inspection_url = classification.url
        answer.answered_by = by
        answer.save()


@transaction.atomic
def answer_set(
    *, candidate: Candidate, criterion: Criterion, met: bool, evidence: str = "", override_reason: str = "", by=None
) -> Answer:
    if criterion.round_id != candidate.round_id:
        raise ValidationError(_("Tiêu chí không thuộc đợt đại hội này."))
    if Congress.objects.filter(round=candidate.round, committee=candidate.committee, is_pilot=True).exists():
        raise ValidationError(_("Đơn vị đã được chọn làm điểm: không sửa đánh giá nữa."))
    answer = Answer.objects.filter(candidate=candidate, criterion=criterion).first() or Answer(
        candidate=candidate, criterion=criterion
    )
    answer.met, answer.evidence, answer.override_reason, answer.answered_by = (
        met,
        evidence.strip(),
        override_reason.strip(),
        by,
    )
    if not answer.is_override:
        answer.override_reason = ""
    answer.full_clean()
    answer.save()
    return answer


@transaction.atomic
def pilot_choose(*, candidate: Candidate, reason: str, by=None) -> Congress:
    """Choose the candidate as its group's one pilot, with the reason. Every criterion must have an
    answer; the choice is refused when the group already has its pilot."""
    rnd = candidate.round
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Cần ghi lý do chọn đơn vị làm điểm.")})
    answered = set(candidate.answers.values_list("criterion_id", flat=True))
    missing = [c.label for c in rnd.criteria.all() if c.pk not in answered]
    if missing:
        raise ValidationError(_("Chưa đánh giá tiêu chí: %(list)s.") % {"list": "; ".join(missing)})
    level = level_for(rnd, candidate.committee)
    taken = (
        Congress.objects.select_for_update()
        .filter(round=rnd, level=level, pilot_group=candidate.group, is_pilot=True)
        .select_related("committee")
        .first()
    )
    if taken is not None:
        raise ValidationError(
            _("%(group)s đã chọn %(unit)s làm điểm; mỗi địa bàn chỉ một đơn vị.")
            % {"group": candidate.group.name, "unit": taken.committee.name}
        )
    congress = Congress.objects.filter(round=rnd, committee=candidate.committee).first() or Congress(
        round=rnd, level=level, committee=candidate.committee
    )
    congress.is_pilot, congress.pilot_group = True, candidate.group
    congress.chosen_reason, congress.chosen_by, congress.chosen_at = reason, by, timezone.now()
    congress.full_clean()
    congress.save()
    return dossier_open(congress=congress)


@transaction.atomic
def congress_open(*, round: Round, committee: Committee) -> Congress:
    """The (non-pilot) congress of a unit in the round."""
    congress = Congress.objects.filter(round=round, committee=committee).first()
    if congress is not None:
        return congress
    congress = Congress(round=round, level=level_for(round, committee), committee=committee)
    congress.full_clean()
    congress.save()
    return dossier_open(congress=congress)

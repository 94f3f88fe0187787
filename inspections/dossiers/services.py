"""Scores, evidence and the explanatory report of a unit's dossier: self-scoring and submitting,
the team's pre-check, the cross-inspector's scores. Every refusal names the criterion and says why."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lib.numbers import format_number, parse_number
from lib.uploads import MB, detect_kind

from ..models import Criterion, Evidence, Score, Unit
from ..selectors import dossier_status

Source = Score.Source
TWO_PLACES = Decimal("0.01")


@dataclass
class Entry:
    """What was typed for one criterion (kept as typed, to show back on a refusal)."""

    points: str = ""
    note: str = ""
    strengths: str = ""
    weaknesses: str = ""


def read_points(raw: str, criterion: Criterion) -> Decimal | None:
    """The points typed for `criterion`, None when empty; ValidationError naming the criterion when
    it is not a number, negative, has more than two decimals, or is above the criterion's limit."""
    name = criterion.code
    try:
        value = parse_number(raw)
    except ValueError:
        raise ValidationError(_("Tiêu chí %(c)s: \"%(raw)s\" không phải là số.") % {"c": name, "raw": raw}) from None
    if value is None:
        return None
    if value < 0:
        raise ValidationError(_("Tiêu chí %(c)s: điểm không được âm.") % {"c": name})
    # the limit before the decimals: a number too long to round (thirty digits) is over the limit
    if value > criterion.max_points:
        what = {
            Criterion.Kind.BONUS: _("điểm thưởng vượt mức tối đa %(max)s điểm"),
            Criterion.Kind.DEDUCTION: _("điểm trừ vượt mức tối đa %(max)s điểm"),
        }.get(criterion.kind, _("điểm vượt điểm tối đa %(max)s"))
        raise ValidationError(
            _("Tiêu chí %(c)s: %(what)s.") % {"c": name, "what": what % {"max": format_number(criterion.max_points)}}
        )
    if value != value.quantize(TWO_PLACES):
        raise ValidationError(_("Tiêu chí %(c)s: điểm chỉ ghi tối đa hai chữ số thập phân.") % {"c": name})
    return value


@transaction.atomic
def scores_save(*, unit: Unit, source: str, by, entries: dict[int, Entry], by_unit: Unit | None = None,
                now: datetime.datetime | None = None) -> None:
    """Save what was typed for the unit's criteria (criterion id -> Entry), all or nothing: a
    refusal lists every criterion at fault (a dict criterion id -> message)."""
    now = now or timezone.now()
    if source == Source.SELF:
        if unit.submitted_at is not None:
            raise ValidationError(_("Hồ sơ đã gửi: không sửa điểm tự chấm được nữa."))
        if unit.round.deadline_passed(now):
            raise ValidationError(
                _("Đã quá hạn cuối nộp hồ sơ (%(when)s): không sửa điểm tự chấm được nữa.")
                % {"when": timezone.localtime(unit.round.evidence_deadline).strftime("%H:%M %d/%m/%Y")}
            )
    if unit.round.is_decided:
        raise ValidationError(_("Ban Thường trực đã quyết định xếp loại: không sửa điểm được nữa."))
    criteria = {c.pk: c for c in Criterion.objects.filter(group__round=unit.round).select_related("group")}
    errors, values = {}, {}
    for pk, entry in entries.items():
        criterion = criteria.get(pk)
        if criterion is None:
            continue
        try:
            values[pk] = read_points(entry.points, criterion)
        except ValidationError as exc:
            errors[str(pk)] = exc.messages
    if errors:
        raise ValidationError(errors)
    existing = {s.criterion_id: s for s in Score.objects.filter(unit=unit, source=source)}
    for pk, entry in entries.items():
        if pk not in criteria:
            continue
        score = existing.get(pk) or Score(unit=unit, criterion=criteria[pk], source=source)
        score.points, score.note = values[pk], entry.note.strip()
        score.strengths, score.weaknesses = entry.strengths.strip(), entry.weaknesses.strip()
        score.by, score.by_unit = by, by_unit
        score.full_clean(validate_unique=False)
        score.save()


@transaction.atomic
def team_comment_save(*, unit: Unit, by, text: str) -> None:
    unit.team_comment = text.strip()
    unit.save(update_fields=["team_comment"])


@transaction.atomic
def report_save(*, unit: Unit, by, results: str, models: str, difficulties: str, proposals: str) -> None:
    if unit.submitted_at is not None:
        raise ValidationError(_("Hồ sơ đã gửi: không sửa báo cáo thuyết minh được nữa."))
    unit.report_results, unit.report_models = results.strip(), models.strip()
    unit.report_difficulties, unit.report_proposals = difficulties.strip(), proposals.strip()
    unit.full_clean()
    unit.save()


ALLOWED_KINDS = {"pdf", "docx", "xlsx", "jpeg", "png"}


@transaction.atomic
def evidence_add(*, unit: Unit, criterion: Criterion, by, upload, now: datetime.datetime | None = None) -> Evidence:
    """An evidence file for one criterion: PDF, Word, Excel, JPEG or PNG, judged from its content."""
    if criterion.group.round_id != unit.round_id:
        raise ValidationError(_("Tiêu chí không thuộc bảng điểm của đợt này."))
    if unit.submitted_at is not None:
        raise ValidationError(_("Hồ sơ đã gửi: không thêm minh chứng được nữa."))
    if unit.round.deadline_passed(now):
        raise ValidationError(_("Đã quá hạn cuối nộp hồ sơ: không thêm minh chứng được nữa."))
    limit = settings.UPLOAD_MAX_FILE_MB * MB
    if upload.size > limit:
        raise ValidationError(
            _("Tiêu chí %(c)s: tệp %(name)s lớn hơn %(mb)s MB.") % {"c": criterion.code, "name": upload.name, "mb": settings.UPLOAD_MAX_FILE_MB}
        )
    data = upload.read()
    upload.seek(0)
    kind = detect_kind(data, max_bytes=limit)
    if kind not in ALLOWED_KINDS:
        raise ValidationError(
            _("Tiêu chí %(c)s: tệp %(name)s không phải PDF, Word (.docx), Excel (.xlsx), JPEG hay PNG.") % {"c": criterion.code, "name": upload.name}
        )
    evidence = Evidence(unit=unit, criterion=criterion, original_name=upload.name[:255], size=upload.size, uploaded_by=by)
    evidence.file.save(upload.name, upload, save=False)
    evidence.save()
    return evidence


@transaction.atomic
def evidence_delete(*, evidence: Evidence, by) -> None:
    if evidence.unit.submitted_at is not None:
        raise ValidationError(_("Hồ sơ đã gửi: không xóa minh chứng được nữa."))
    evidence.file.delete(save=False)
    evidence.delete()


@transaction.atomic
def dossier_submit(*, unit: Unit, by, now: datetime.datetime | None = None) -> Unit:
    """Send the dossier: before the last minute, every regular criterion scored, every criterion
    that requires evidence with at least one file. Each refusal names what is missing."""
    now = now or timezone.now()
    unit = Unit.objects.select_for_update().select_related("round").get(pk=unit.pk)
    if unit.submitted_at is not None:
        raise ValidationError(_("Hồ sơ đã được gửi lúc %(when)s.") % {"when": timezone.localtime(unit.submitted_at).strftime("%H:%M %d/%m/%Y")})
    if unit.round.deadline_passed(now):
        raise ValidationError(
            _("Đã quá hạn cuối nộp hồ sơ (%(when)s): không gửi được nữa, xin liên hệ Ban Thường trực.")
            % {"when": timezone.localtime(unit.round.evidence_deadline).strftime("%H:%M ngày %d/%m/%Y")}
        )
    status = dossier_status(unit)
    problems = [_("Tiêu chí %(c)s: chưa chấm điểm.") % {"c": c.code} for c in status.unscored]
    problems += [_("Tiêu chí %(c)s: bắt buộc có minh chứng nhưng chưa có tệp nào.") % {"c": c.code} for c in status.no_evidence]
    if problems:
        raise ValidationError(problems)
    unit.submitted_at, unit.submitted_by = now, by
    unit.save(update_fields=["submitted_at", "submitted_by"])
    return unit

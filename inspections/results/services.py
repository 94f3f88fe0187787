"""Reconciliation (the team's score is final unless changed with a reason, and every change is
kept), vetoes, and the standing committee's decision on bands and ranks."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..dossiers.services import read_points
from ..models import Criterion, Round, Score, ScoreChange, Unit
from ..selectors import board

Source = Score.Source


@transaction.atomic
def final_change(*, unit: Unit, criterion: Criterion, by, points: str, reason: str) -> ScoreChange:
    """Change the final score of one criterion from the team's: a reason is required; the change
    (who, from, to, why, when) is kept."""
    if unit.round.is_decided:
        raise ValidationError(_("Ban Thường trực đã quyết định xếp loại: không sửa điểm được nữa."))
    value = read_points(points, criterion)
    if value is None:
        raise ValidationError(_("Tiêu chí %(c)s: nhập điểm cuối cùng.") % {"c": criterion.code})
    if not reason.strip():
        raise ValidationError(_("Tiêu chí %(c)s: thay đổi điểm của tổ kiểm tra phải ghi lý do.") % {"c": criterion.code})
    final = Score.objects.filter(unit=unit, criterion=criterion, source=Source.FINAL).first()
    team = Score.objects.filter(unit=unit, criterion=criterion, source=Source.TEAM).first()
    old = final.points if final else (team.points if team else None)
    final = final or Score(unit=unit, criterion=criterion, source=Source.FINAL)
    final.points, final.by, final.note = value, by, reason.strip()
    final.full_clean(validate_unique=False)
    final.save()
    change = ScoreChange(unit=unit, criterion=criterion, old_points=old, new_points=value, reason=reason.strip(), by=by)
    change.full_clean()
    change.save()
    return change


@transaction.atomic
def vetoes_set(*, unit: Unit, by, vetoes, note: str = "") -> None:
    if unit.round.is_decided:
        raise ValidationError(_("Ban Thường trực đã quyết định xếp loại: không sửa được nữa."))
    if any(v.round_id != unit.round_id for v in vetoes):
        raise ValidationError(_("Điều kiện không thuộc đợt kiểm tra này."))
    unit.vetoes.set(vetoes)
    unit.veto_note = note.strip()
    unit.save(update_fields=["veto_note"])


@transaction.atomic
def round_decide(*, round: Round, by, now: datetime.datetime | None = None) -> Round:
    """The standing committee decides: the band and rank of every unit as the board stands now are
    recorded (what congresses and the documents read from then on)."""
    round = Round.objects.select_for_update().get(pk=round.pk)
    if round.is_decided:
        raise ValidationError(_("Đợt kiểm tra này đã được quyết định xếp loại."))
    rows = board(round)
    unscored = [r.unit.name for r in rows if r.basis != Source.TEAM]
    if unscored:
        raise ValidationError(
            _("Tổ kiểm tra chưa chấm điểm các đơn vị: %(names)s.") % {"names": ", ".join(unscored)}
        )
    for r in rows:
        Unit.objects.filter(pk=r.unit.pk).update(
            decided_score=r.totals.total, decided_band=r.band, decided_strong=r.strong, decided_rank=r.rank
        )
    round.decided_at, round.decided_by = now or timezone.now(), by
    round.save(update_fields=["decided_at", "decided_by"])
    return round


@transaction.atomic
def round_reopen(*, round: Round, by) -> Round:
    """Undo a decision (a mistake found): bands and ranks become provisional again."""
    round.units.update(decided_score=None, decided_band="", decided_strong=False, decided_rank=None)
    round.decided_at, round.decided_by = None, None
    round.save(update_fields=["decided_at", "decided_by"])
    return round


"""Writes of the congress itself (date, length, sessions, place, programme, delegates and guests)
and of what follows it (first meeting, recognition, delegation, results report, lessons, the
action programme's targets)."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from committees.models import Committee, Membership
from committees.people import display_name
from congresses.models import ActionTarget, Attendee, Congress, DelegationMember, ProgrammeItem, RoundLevel


def _d(day: datetime.date) -> str:
    return day.strftime("%d/%m/%Y")


def schedule_problems(*, level: RoundLevel, starts_on: datetime.date, days: int, sessions: int) -> list[str]:
    """What in a planned congress breaks the round's rules for its level (window, days, sessions)."""
    problems = []
    ends_on = starts_on + datetime.timedelta(days=days - 1)
    if starts_on < level.window_start or ends_on > level.window_end:
        problems.append(
            _("Đại hội từ %(a)s đến %(b)s nằm ngoài thời gian đợt quy định cho %(tier)s (%(s)s – %(e)s).")
            % {
                "a": _d(starts_on),
                "b": _d(ends_on),
                "tier": level.get_tier_display().lower(),
                "s": _d(level.window_start),
                "e": _d(level.window_end),
            }
        )
    if days > level.max_days:
        problems.append(
            _("Đại hội %(n)d ngày, quá thời gian tối đa %(m)d ngày của %(tier)s.")
            % {"n": days, "m": level.max_days, "tier": level.get_tier_display().lower()}
        )
    if sessions > level.max_sessions:
        problems.append(
            _("Đại hội %(n)d phiên, quá số phiên tối đa (%(m)d).") % {"n": sessions, "m": level.max_sessions}
        )
    return problems


@transaction.atomic
def congress_schedule(
    *, congress: Congress, starts_on: datetime.date, days: int, sessions: int, place: str, by=None
) -> list[str]:
    """Set the congress's date, length, sessions and place. Against the round's rules: refused when
    the round says so, else saved with the warnings returned (and kept on the congress). A pilot
    whose level invites the other units' chairs gets them as guests at once."""
    if congress.held_recorded_at:
        raise ValidationError(_("Đại hội đã được ghi nhận là đã tổ chức: không đổi thời gian nữa."))
    if days < 1 or sessions < 1:
        raise ValidationError(_("Số ngày và số phiên phải từ 1 trở lên."))
    problems = schedule_problems(level=congress.level, starts_on=starts_on, days=days, sessions=sessions)
    if problems and congress.level.over_limit == RoundLevel.OverLimit.REFUSE:
        raise ValidationError(problems)
    outside = congress.programme.exclude(on__range=(starts_on, starts_on + datetime.timedelta(days=days - 1)))
    if outside.exists():
        raise ValidationError(_("Chương trình có phần ngoài những ngày Đại hội: sửa chương trình trước."))
    congress.starts_on, congress.days, congress.sessions, congress.place = starts_on, days, sessions, place.strip()
    congress.over_limit_note = " ".join(problems)[:300]
    congress.full_clean()
    congress.save(update_fields=["starts_on", "days", "sessions", "place", "over_limit_note"])
    if congress.is_pilot and congress.level.guests_sibling_chairs:
        guests_fill_sibling_chairs(congress=congress)  # 380/KH-MTTQ-BTT: the other units' chairs learn from the pilot
    return problems


@transaction.atomic
def programme_add(
    *, congress: Congress, session: str, on: datetime.date, at: datetime.time, title: str
) -> ProgrammeItem:
    if not congress.starts_on:
        raise ValidationError(_("Chưa có ngày Đại hội: ghi thời gian Đại hội trước khi lập chương trình."))
    if not (congress.starts_on <= on <= congress.ends_on):
        raise ValidationError(
            {
                "on": _("Ngày %(d)s không thuộc những ngày Đại hội (%(a)s – %(b)s).")
                % {"d": _d(on), "a": _d(congress.starts_on), "b": _d(congress.ends_on)}
            }
        )
    item = ProgrammeItem(congress=congress, session=session, on=on, at=at, title=title.strip())
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def attendee_add(*, congress: Congress, kind: str, full_name: str, title: str) -> Attendee:
    attendee = Attendee(congress=congress, kind=kind, full_name=" ".join(full_name.split()), title=title.strip())
    attendee.full_clean()
    attendee.save()
    return attendee


@transaction.atomic
def attendee_delete(*, attendee: Attendee) -> None:
    if attendee.congress.held_recorded_at:
        raise ValidationError(_("Đại hội đã tổ chức: không sửa danh sách đại biểu nữa."))
    attendee.delete()


def _chair_name(committee: Committee, chairs: dict) -> str:
    user = chairs.get(committee.pk)
    return display_name(user) if user else ""


@transaction.atomic
def guests_fill_sibling_chairs(*, congress: Congress) -> int:
    """The chairs of the other units of the same level in the pilot's area (380/KH-MTTQ-BTT: the
    chairs of the other communes of the city; of the other districts for a district pilot), added
    as guests once each. Returns how many were added."""
    unit = congress.committee
    siblings = list(
        Committee.objects.filter(parent_id=unit.parent_id, tier=unit.tier, kind=Committee.Kind.FRONT, is_active=True)
        .exclude(pk=unit.pk)
        .by_name()
    )
    chairs = {
        m.committee_id: m.user
        for m in Membership.objects.filter(committee__in=siblings, title__iexact="Chủ tịch").select_related(
            "user", "user__profile"
        )
    }
    have = set(
        congress.attendees.filter(kind=Attendee.Kind.GUEST, from_committee__isnull=False).values_list(
            "from_committee_id", flat=True
        )
    )
    added = 0
    for sibling in siblings:
        if sibling.pk in have:
            continue
        Attendee.objects.create(
            congress=congress,
            kind=Attendee.Kind.GUEST,
            full_name=_chair_name(sibling, chairs),
            title=_("Chủ tịch %(name)s") % {"name": sibling.name},
            from_committee=sibling,
        )
        added += 1
    return added


@transaction.atomic
def congress_held(*, congress: Congress, by=None, now=None) -> Congress:
    """Record that the congress took place as scheduled."""
    now = now or timezone.now()
    if not congress.starts_on:
        raise ValidationError(_("Chưa có ngày Đại hội."))
    if congress.starts_on > timezone.localdate(now):
        raise ValidationError(_("Đại hội chưa diễn ra (khai mạc ngày %(d)s).") % {"d": _d(congress.starts_on)})
    from congresses.dossier.selectors import dossier_approved

    if not dossier_approved(congress):
        raise ValidationError(_("Hồ sơ Đại hội chưa được duyệt đủ các cấp."))
    congress.held_recorded_at = now
    congress.save(update_fields=["held_recorded_at"])
    return congress


def _require_held(congress: Congress) -> None:
    if not Congress.objects.filter(pk=congress.pk, held_recorded_at__isnull=False).exists():
        raise ValidationError(_("Ghi nhận Đại hội đã tổ chức trước."))


def _after(congress: Congress, day: datetime.date | None, what: str) -> None:
    if day and congress.starts_on and day < congress.starts_on:
        raise ValidationError(
            _("%(what)s (%(d)s) không thể trước ngày Đại hội (%(c)s).")
            % {"what": what, "d": _d(day), "c": _d(congress.starts_on)}
        )


@transaction.atomic
def first_meeting_record(
    *, congress: Congress, on: datetime.date, notes: str, standing_members: str, by=None
) -> Congress:
    _require_held(congress)
    _after(congress, on, _("Hội nghị lần thứ nhất"))
    congress.first_meeting_on, congress.first_meeting_notes, congress.standing_members = (
        on,
        notes.strip(),
        standing_members.strip(),
    )
    congress.full_clean()
    congress.save(update_fields=["first_meeting_on", "first_meeting_notes", "standing_members"])
    return congress


@transaction.atomic
def recognition_request(*, congress: Congress, on: datetime.date, by=None) -> Congress:
    _require_held(congress)
    _after(congress, on, _("Ngày đề nghị công nhận"))
    congress.recognition_requested_on = on
    congress.save(update_fields=["recognition_requested_on"])
    return congress


@transaction.atomic
def recognition_record(*, congress: Congress, on: datetime.date, number: str, by=None) -> Congress:
    """The upper level's decision recognising the new committee."""
    if not congress.recognition_requested_on:
        raise ValidationError(_("Đơn vị chưa đề nghị công nhận."))
    if on < congress.recognition_requested_on:
        raise ValidationError(_("Quyết định công nhận không thể trước ngày đề nghị."))
    if not number.strip():
        raise ValidationError({"recognition_number": _("Ghi số quyết định công nhận.")})
    congress.recognised_on, congress.recognition_number = on, number.strip()
    congress.full_clean()
    congress.save(update_fields=["recognised_on", "recognition_number"])
    return congress


@transaction.atomic
def delegation_quota_set(*, congress: Congress, official: int, substitute: int, by=None) -> Congress:
    have = {k: congress.delegation.filter(kind=k).count() for k in DelegationMember.Kind.values}
    if official < have["official"] or substitute < have["substitute"]:
        raise ValidationError(_("Số được phân bổ nhỏ hơn số đại biểu đã có trong đoàn."))
    congress.delegation_quota_official, congress.delegation_quota_substitute = official, substitute
    congress.save(update_fields=["delegation_quota_official", "delegation_quota_substitute"])
    return congress


@transaction.atomic
def delegation_add(*, congress: Congress, kind: str, full_name: str, title: str = "", by=None) -> DelegationMember:
    _require_held(congress)
    congress = Congress.objects.select_for_update().get(pk=congress.pk)
    quota = (
        congress.delegation_quota_official
        if kind == DelegationMember.Kind.OFFICIAL
        else congress.delegation_quota_substitute
    )
    if quota is None:
        raise ValidationError(_("Chưa có số đại biểu được phân bổ."))
    if congress.delegation.filter(kind=kind).count() >= quota:
        raise ValidationError(
            _("Đoàn đã đủ %(n)d đại biểu %(kind)s được phân bổ.")
            % {"n": quota, "kind": DelegationMember.Kind(kind).label.lower()}
        )
    member = DelegationMember(congress=congress, kind=kind, full_name=" ".join(full_name.split()), title=title.strip())
    member.full_clean()
    member.save()
    return member


@transaction.atomic
def results_report_record(*, congress: Congress, on: datetime.date, text: str, by=None) -> Congress:
    _require_held(congress)
    _after(congress, on, _("Ngày gửi báo cáo kết quả"))
    if not text.strip():
        raise ValidationError({"results_report": _("Báo cáo kết quả chưa có nội dung.")})
    congress.results_reported_on, congress.results_report = on, text.strip()
    congress.save(update_fields=["results_reported_on", "results_report"])
    return congress


@transaction.atomic
def lessons_record(*, congress: Congress, strengths: str, limits: str, lessons: str, by=None, now=None) -> Congress:
    _require_held(congress)
    if not (strengths.strip() or limits.strip() or lessons.strip()):
        raise ValidationError(_("Ghi ít nhất một phần: ưu điểm, hạn chế hoặc bài học kinh nghiệm."))
    congress.strengths, congress.limits, congress.lessons = strengths.strip(), limits.strip(), lessons.strip()
    congress.lessons_recorded_at = now or timezone.now()
    congress.save(update_fields=["strengths", "limits", "lessons", "lessons_recorded_at"])
    return congress


@transaction.atomic
def action_target_add(
    *, congress: Congress, text: str, value: Decimal | None = None, unit: str = "", by=None
) -> ActionTarget:
    last = congress.targets.order_by("-position").values_list("position", flat=True).first()
    target = ActionTarget(
        congress=congress, position=(last or 0) + 1, text=text.strip(), value=value, unit=unit.strip()
    )
    target.full_clean()
    target.save()
    return target

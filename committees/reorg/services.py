"""The writes of a reorganisation. Each service records one Reorganisation (the decision: number,
date, body; the effective day), keeps what the committees were before it (CommitteeVersion),
links each closed committee to the one that carries on for it (Succession), and changes the tree.
Nothing is deleted: a merged or dissolved committee stays where it was, closed (active_until), so
its reports, inspections and congress records keep their place in the past rounds.

Refused, with the reason, before anything changes (ValidationError): a committee closed twice or
changed on a day before a later reorganisation of it; a dissolution that would leave a report
owed to an open plan with no successor (reorg.hooks: reports' own check); a merge or dissolution
that would leave a person with no committee, unless the decision for the people is given
(People.MOVE: they take the same role in the successor; People.PENDING: they stay listed for the
standing committee above to decide, `people_to_decide`).
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import TextChoices
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from committees.audit import audit_context
from committees.models import ChangeRecord, Committee, CommitteeVersion, Membership, Reorganisation, Succession
from committees.people import display_name

from .hooks import refusals, reorganisation_done


@dataclass(frozen=True)
class Decision:
    """The decision that orders a reorganisation, and the day it takes effect."""

    effective_on: datetime.date
    number: str
    date: datetime.date
    body: str
    note: str = ""


@dataclass(frozen=True)
class NewCommittee:
    """A committee a merge or split creates."""

    name: str
    code: str
    level: str
    parent: Committee | None
    short_name: str = ""
    emails: str = ""
    kind: str = Committee.Kind.FRONT


class People(TextChoices):
    MOVE = "move", gettext_lazy("Chuyển sang đơn vị kế tục, giữ vai trò")
    PENDING = "pending", gettext_lazy("Lập danh sách để Ban Thường trực cấp trên quyết định")


Target = Committee | NewCommittee


# --- the common steps ------------------------------------------------------------------------------
def _refuse(reasons: list[str]) -> None:
    if reasons:
        raise ValidationError(reasons)


def _record(*, kind: str, decision: Decision, by) -> Reorganisation:
    reasons = []
    if not (decision.number or "").strip():
        reasons.append(_("Chưa ghi số quyết định."))
    if not (decision.body or "").strip():
        reasons.append(_("Chưa ghi cơ quan ra quyết định."))
    if decision.date and decision.effective_on and decision.date > decision.effective_on:
        reasons.append(
            _("Ngày quyết định (%(date)s) sau ngày có hiệu lực (%(effective)s).")
            % {"date": f"{decision.date:%d/%m/%Y}", "effective": f"{decision.effective_on:%d/%m/%Y}"}
        )
    _refuse(reasons)
    reorganisation = Reorganisation(
        kind=kind,
        effective_on=decision.effective_on,
        decision_number=decision.number.strip(),
        decision_date=decision.date,
        decision_body=decision.body.strip(),
        note=decision.note,
        created_by=by if getattr(by, "pk", None) else None,
    )
    reorganisation.full_clean()
    reorganisation.save()
    return reorganisation


def _check_open(committees: list[Committee], day: datetime.date) -> None:
    """Each committee exists on `day` and no later reorganisation has changed it already."""
    reasons = []
    later = set(
        CommitteeVersion.objects.filter(committee__in=committees, valid_until__gt=day).values_list(
            "committee_id", flat=True
        )
    )
    for c in committees:
        if not c.existed_on(day) or not c.is_active:
            reasons.append(
                _("%(name)s không còn hoạt động vào ngày %(day)s.") % {"name": c.name, "day": f"{day:%d/%m/%Y}"}
            )
        elif c.pk in later:
            reasons.append(
                _("%(name)s đã được sắp xếp lại sau ngày %(day)s: hãy ghi các lần sắp xếp theo thứ tự ngày hiệu lực.")
                % {"name": c.name, "day": f"{day:%d/%m/%Y}"}
            )
    _refuse(reasons)


def _version_of(reorganisation: Reorganisation, committee: Committee) -> CommitteeVersion:
    return CommitteeVersion(
        committee=committee,
        reorganisation=reorganisation,
        valid_until=reorganisation.effective_on,
        name=committee.name,
        short_name=committee.short_name,
        parent_id=committee.parent_id,
        path=committee.path,
    )


def _keep_version(reorganisation: Reorganisation, committee: Committee) -> None:
    _version_of(reorganisation, committee).save()


def _keep_versions_of_subtree(reorganisation: Reorganisation, committee: Committee) -> None:
    """Before a committee moves: what it and everything below it were (their paths change with
    it), so that each committee's place on a past day is its own row (committees.selectors)."""
    CommitteeVersion.objects.bulk_create(
        _version_of(reorganisation, c)
        for c in Committee.objects.subtree_of(committee).only("name", "short_name", "parent_id", "path")
    )


def _open(new: NewCommittee, day: datetime.date) -> Committee:
    committee = Committee(
        name=" ".join(new.name.split()),
        code=new.code.strip(),
        level=new.level,
        parent=new.parent,
        short_name=new.short_name,
        emails=new.emails,
        kind=new.kind,
        active_from=day,
    )
    try:
        committee.full_clean()
    except ValidationError as exc:
        raise ValidationError([f"{committee.name or new.code}: {m}" for m in exc.messages]) from None
    committee.save()
    return committee


def _close(committee: Committee, day: datetime.date) -> None:
    committee.active_until = day
    committee.is_active = False
    committee.save(update_fields=["active_until", "is_active"])


def _succeed(reorganisation: Reorganisation, predecessor: Committee, successor: Committee) -> None:
    Succession.objects.get_or_create(
        predecessor=predecessor, successor=successor, defaults={"reorganisation": reorganisation, "direct": True}
    )
    # The committees the predecessor had absorbed are the successor's history too.
    for earlier in Succession.objects.filter(successor=predecessor).values_list("predecessor_id", flat=True):
        if earlier != successor.pk:
            Succession.objects.get_or_create(
                predecessor_id=earlier,
                successor=successor,
                defaults={"reorganisation": reorganisation, "direct": False},
            )


def _left_without_committee(closing: list[Committee]) -> list[str]:
    """The people whose every role is in a committee that closes, by name."""
    closing_ids = {c.pk for c in closing}
    roles = list(
        Membership.objects.filter(user__memberships__committee__in=closing_ids)
        .select_related("user__profile", "committee")
        .distinct()
    )
    by_user: dict[int, list[Membership]] = {}
    for m in roles:
        by_user.setdefault(m.user_id, []).append(m)
    return sorted(
        {
            display_name(ms[0].user)
            for ms in by_user.values()
            if all(m.committee_id in closing_ids or not m.committee.is_active for m in ms)
        }
    )


def _decide_people(*, closing: list[Committee], successor: Committee | None, people: str | None) -> None:
    if people is None:
        names = _left_without_committee(closing)
        if names:
            raise ValidationError(
                _(
                    "%(names)s sẽ không còn thuộc đơn vị nào. Hãy chọn cách xử lý cán bộ: chuyển sang đơn vị kế tục, "
                    "hoặc lập danh sách để Ban Thường trực cấp trên quyết định."
                )
                % {"names": ", ".join(names)}
            )
        return
    if people not in People.values:
        raise ValidationError(_("Cách xử lý cán bộ không hợp lệ."))
    if people == People.MOVE:
        if successor is None:
            raise ValidationError(_("Không có đơn vị kế tục để chuyển cán bộ sang."))
        held = set(Membership.objects.filter(committee=successor).values_list("user_id", "role"))
        for m in Membership.objects.filter(committee__in=closing).order_by("pk"):
            if (m.user_id, m.role) in held:
                m.delete()
            else:
                m.committee = successor
                m.save(update_fields=["committee"])
                held.add((m.user_id, m.role))


def _children_to(reorganisation: Reorganisation, closing: list[Committee], successor: Committee | None) -> None:
    children = list(
        Committee.objects.filter(parent__in=closing, is_active=True).exclude(pk=getattr(successor, "pk", None))
    )
    if children and successor is None:
        raise ValidationError(
            _("%(names)s còn các đơn vị trực thuộc đang hoạt động (%(children)s): hãy chuyển hoặc sắp xếp chúng trước.")
            % {"names": ", ".join(c.name for c in closing), "children": ", ".join(c.name for c in children)}
        )
    for child in children:
        _keep_versions_of_subtree(reorganisation, child)
        child.parent = successor
        child.save()


def _resolve(target: Target, day: datetime.date) -> Committee:
    return target if isinstance(target, Committee) else _open(target, day)


def _finish(*, reorganisation, closing, successor, by) -> Reorganisation:
    said = reorganisation_done.send(
        sender=Reorganisation, reorganisation=reorganisation, closing=closing, successor=successor, by=by
    )
    # What the apps above did (reports handed over), in words, for the form's summary.
    reorganisation.handed_over = [line for _receiver, lines in said for line in (lines or [])]
    return reorganisation


def _audited(by, reorganisation):
    return audit_context(actor=by, via=ChangeRecord.Via.REORGANISATION, reorganisation=reorganisation)


# --- the reorganisations ---------------------------------------------------------------------------
@transaction.atomic
def committees_merge(
    *, sources: list[Committee], into: Target, decision: Decision, people: str | None = None, by=None
) -> Reorganisation:
    """Merge `sources` into one committee: `into`, an existing committee (one of the sources, which
    absorbs the others, or another) or a NewCommittee created on the effective day. The others
    close on that day; `into` carries on for them (their reports stay theirs and become its
    history); open reports they owe pass to it (reorg.hooks)."""
    sources = list(dict.fromkeys(sources))
    closing = [c for c in sources if not (isinstance(into, Committee) and c.pk == into.pk)]
    if len(sources) < 2 and not (isinstance(into, NewCommittee) and sources):
        raise ValidationError(_("Sáp nhập cần ít nhất hai đơn vị, hoặc một đơn vị vào một đơn vị mới."))
    _check_open(
        [*sources, *([into] if isinstance(into, Committee) and into not in sources else [])], decision.effective_on
    )
    reorganisation = _record(kind=Reorganisation.Kind.MERGE, decision=decision, by=by)
    with _audited(by, reorganisation):
        successor = _resolve(into, decision.effective_on)
        _refuse(refusals(closing=closing, successor=successor, on=decision.effective_on))
        _decide_people(closing=closing, successor=successor, people=people)
        _children_to(reorganisation, closing, successor)
        for c in closing:
            _close(c, decision.effective_on)
            _succeed(reorganisation, c, successor)
        return _finish(reorganisation=reorganisation, closing=closing, successor=successor, by=by)


@transaction.atomic
def committee_split(
    *,
    source: Committee,
    into: list[Target],
    decision: Decision,
    main: int = 0,
    people: str | None = None,
    by=None,
) -> Reorganisation:
    """Split `source` into several committees (new or existing); `source` closes. `into[main]`
    takes over what `source` still owed and, with People.MOVE, its people; every one of them
    carries on its history."""
    if len(into) < 2:
        raise ValidationError(_("Chia tách cần ít nhất hai đơn vị mới."))
    if not 0 <= main < len(into):
        raise ValidationError(_("Chưa chọn đơn vị nhận các báo cáo còn dở dang."))
    _check_open([source], decision.effective_on)
    reorganisation = _record(kind=Reorganisation.Kind.SPLIT, decision=decision, by=by)
    with _audited(by, reorganisation):
        successors = [_resolve(t, decision.effective_on) for t in into]
        successor = successors[main]
        _refuse(refusals(closing=[source], successor=successor, on=decision.effective_on))
        _decide_people(closing=[source], successor=successor, people=people)
        _children_to(reorganisation, [source], successor)
        _close(source, decision.effective_on)
        for s in successors:
            _succeed(reorganisation, source, s)
        return _finish(reorganisation=reorganisation, closing=[source], successor=successor, by=by)


@transaction.atomic
def committee_move(*, committee: Committee, parent: Committee, decision: Decision, by=None) -> Reorganisation:
    """Put `committee` (and everything below it) under `parent` from the effective day."""
    if parent.pk == committee.parent_id:
        raise ValidationError(_("%(name)s đã trực thuộc %(parent)s.") % {"name": committee.name, "parent": parent.name})
    if parent.is_within(committee):
        raise ValidationError(_("Không thể đặt một ủy ban dưới chính nó hoặc cấp dưới của nó."))
    _check_open([committee, parent], decision.effective_on)
    reorganisation = _record(kind=Reorganisation.Kind.MOVE, decision=decision, by=by)
    with _audited(by, reorganisation):
        _keep_versions_of_subtree(reorganisation, committee)
        committee.parent = parent
        committee.save()
        return _finish(reorganisation=reorganisation, closing=[], successor=None, by=by)


@transaction.atomic
def committee_rename(
    *, committee: Committee, name: str, decision: Decision, short_name: str | None = None, by=None
) -> Reorganisation:
    """Give `committee` a new name from the effective day; the old one stays for the days before."""
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError(_("Chưa ghi tên mới."))
    if name == committee.name and (short_name is None or short_name == committee.short_name):
        raise ValidationError(_("Tên mới trùng tên hiện tại."))
    _check_open([committee], decision.effective_on)
    reorganisation = _record(kind=Reorganisation.Kind.RENAME, decision=decision, by=by)
    with _audited(by, reorganisation):
        _keep_version(reorganisation, committee)
        committee.name = name
        if short_name is not None:
            committee.short_name = short_name
        committee.full_clean()
        committee.save()
        return _finish(reorganisation=reorganisation, closing=[], successor=None, by=by)


@transaction.atomic
def committee_dissolve(
    *, committee: Committee, decision: Decision, successor: Committee | None = None, people: str | None = None, by=None
) -> Reorganisation:
    """Close `committee` from the effective day. Whatever it still owes passes to `successor`
    (refused while it owes a report of an open plan and none is named)."""
    if successor is not None and successor.pk == committee.pk:
        raise ValidationError(_("Đơn vị kế tục phải là một đơn vị khác."))
    _check_open([committee, *([successor] if successor else [])], decision.effective_on)
    _refuse(refusals(closing=[committee], successor=successor, on=decision.effective_on))
    reorganisation = _record(kind=Reorganisation.Kind.DISSOLVE, decision=decision, by=by)
    with _audited(by, reorganisation):
        _decide_people(closing=[committee], successor=successor, people=people)
        _children_to(reorganisation, [committee], successor)
        _close(committee, decision.effective_on)
        if successor is not None:
            _succeed(reorganisation, committee, successor)
        return _finish(reorganisation=reorganisation, closing=[committee], successor=successor, by=by)

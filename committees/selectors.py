"""Reads about committees shared by the apps above."""

import datetime
from dataclasses import dataclass

from django.db.models import Case, CharField, F, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce, Concat, Substr

from lib.vnsort import fold_name, sort_key

from .models import ChangeRecord, Committee, CommitteeVersion, Membership, Reorganisation, Succession


def committee_addresses(committee: Committee, roles, *, include_committee: bool = True) -> list[str]:
    """The email addresses of the committee's active people in `roles`, then (unless told not to)
    the committee's own addresses; each address once, whatever its case."""
    return committees_addresses([committee], roles, include_committee=include_committee)[committee.pk]


def committees_addresses(committees, roles, *, include_committee: bool = True) -> dict[int, list[str]]:
    """`committee_addresses` of many committees at once, by committee id: one query."""
    people: dict[int, list[str]] = {c.pk: [] for c in committees}
    for committee_id, address in (
        Membership.objects.filter(committee_id__in=list(people), role__in=list(roles), user__is_active=True)
        .exclude(user__email="")
        .order_by("role", "user__username")
        .values_list("committee_id", "user__email")
    ):
        people[committee_id].append(address)
    result = {}
    for committee in committees:
        seen, addresses = set(), []
        for address in [*people[committee.pk], *(committee.email_list if include_committee else [])]:
            if address.lower() not in seen:
                seen.add(address.lower())
                addresses.append(address)
        result[committee.pk] = addresses
    return result


def committees_named(name: str, *, among=None) -> list[Committee]:
    """The committees called `name`, however it is spelt (Hoà/Hòa, NFC/NFD, case: lib.vnsort.fold_name):
    by full name, short name, or the full name ending in it ("Hoà Hương" finds "Ủy ban MTTQ Việt
    Nam phường Hòa Hương"). `among` narrows the search (e.g. the children of a city)."""
    wanted = fold_name(name)
    if not wanted:
        return []
    found = []
    for committee in (among if among is not None else Committee.objects.all()).by_name():
        full = fold_name(committee.name)
        if wanted in (full, fold_name(committee.short_name)) or full.endswith(" " + wanted):
            found.append(committee)
    return found


# --- the tree on a past day (committees.reorg) -------------------------------------------------------
@dataclass(frozen=True)
class CommitteeOnDay:
    """A committee as it was on a day: its name, short name, parent and place in the tree then."""

    id: int
    code: str
    name: str
    short_name: str
    parent_id: int | None
    path: str
    kind: str
    level: str
    is_current: bool  # the same as today (no version kept for that day)

    @property
    def depth(self) -> int:
        return self.path.count("/") - 1


@dataclass(frozen=True)
class VersionOnDay:
    """What a committee renamed or moved since was on a day (its CommitteeVersion then), and its
    path today."""

    committee_id: int
    name: str
    short_name: str
    parent_id: int | None
    path: str
    path_now: str


VERSION_FIELDS = ("committee_id", "name", "short_name", "parent_id", "path", "committee__path")


def committee_versions_on(
    *, on: datetime.date, within: Committee | None = None, committee_ids=None
) -> dict[int, VersionOnDay]:
    """{committee id: VersionOnDay} for each committee renamed or moved after `on`: what it was
    on `on` (its first version valid until after that day). Committees absent are as they are
    today. `within` keeps the committees in its subtree, today or in one of their versions (all
    their versions are read, so the first one is the day's); `committee_ids` only those. One query
    (rows read as tuples: a thousand cost a few milliseconds); two when `within` itself moved
    since (its subtree of that day is then read whole)."""
    base = CommitteeVersion.objects.filter(valid_until__gt=on)
    qs = base
    if within is not None:
        inside = Q(path__startswith=within.path) | Q(committee__path__startswith=within.path)
        qs = qs.filter(committee_id__in=base.filter(inside).values("committee_id"))
    if committee_ids is not None:
        qs = qs.filter(committee_id__in=list(committee_ids))
    found: dict[int, VersionOnDay] = {}
    for row in qs.order_by("committee_id", "valid_until", "pk").values_list(*VERSION_FIELDS):
        if row[0] not in found:
            found[row[0]] = VersionOnDay(*row)
    if within is not None and within.pk in found and found[within.pk].path != within.path:
        return committee_versions_on(on=on, committee_ids=committee_ids)
    return found


def moved_paths(versions: dict[int, VersionOnDay]) -> list[tuple[str, str]]:
    """(path today, path on the day) of the committees moved since, deepest first: the prefix a
    committee's path today is read back with (its subtree moved with it)."""
    moves = [(v.path_now, v.path) for v in versions.values() if v.path != v.path_now]
    return sorted(moves, key=lambda m: -len(m[0]))


def path_on_day(path: str, moves: list[tuple[str, str]]) -> str:
    for now_prefix, then_prefix in moves:
        if path.startswith(now_prefix):
            return then_prefix + path[len(now_prefix) :]
    return path


CASE_MOVES = 30  # up to this many moved committees a CASE maps the paths; beyond, one lookup a row


def path_on_day_expression(field: str, moves: list[tuple[str, str]], *, on: datetime.date, id_field: str):
    """path_on_day() in the database, over the path field `field` ("committee__path") of the
    committee `id_field` ("committee_id"): the path itself when nothing moved; a CASE with one
    branch per moved committee for a few; for many (a province's reform moving every commune), the
    committee's own version of that day (every committee of a moved subtree has one), looked up
    by the (committee, valid_until) index."""
    if not moves:
        return F(field)
    if len(moves) > CASE_MOVES:
        then = (
            CommitteeVersion.objects.filter(committee_id=OuterRef(id_field), valid_until__gt=on)
            .order_by("valid_until", "pk")
            .values("path")[:1]
        )
        return Coalesce(Subquery(then, output_field=CharField()), F(field))
    return Case(
        *(
            When(
                **{f"{field}__startswith": now_prefix},
                then=Concat(Value(then_prefix), Substr(field, len(now_prefix) + 1)),
            )
            for now_prefix, then_prefix in moves
        ),
        default=F(field),
        output_field=CharField(),
    )


def apply_names_on(committees, *, on: datetime.date, versions: dict[int, VersionOnDay] | None = None) -> None:
    """Give loaded committees (model instances, in memory only, never saved) the name and short
    name they had on `on`: what a page or document of a past round shows. One query unless the
    versions are given."""
    committees = [c for c in committees if c is not None]
    if versions is None:
        versions = committee_versions_on(on=on, committee_ids={c.pk for c in committees})
    for c in committees:
        v = versions.get(c.pk)
        if v is not None:
            c.name, c.short_name = v.name, v.short_name
            c.sort_name = sort_key(v.name)


def committees_as_of(*, on: datetime.date, under: Committee | None = None) -> list[CommitteeOnDay]:
    """The committee tree as it was on `on`: every committee that existed that day (active_from
    <= on < active_until), with the name, parent and path it had then, in tree order; `under` keeps
    its subtree as of that day. Two queries whatever the size of the tree (three when `under` itself
    moved since). The read the API and the dashboards of past rounds use."""
    versions = committee_versions_on(on=on, within=under)
    moves = moved_paths(versions)
    qs = Committee.objects.filter(Q(active_from__isnull=True) | Q(active_from__lte=on)).filter(
        Q(active_until__isnull=True) | Q(active_until__gt=on)
    )
    if under is not None and not moves:
        qs = qs.filter(path__startswith=under.path)
    under_path = ""
    if under is not None:
        under_path = versions[under.pk].path if under.pk in versions else under.path
    result = []
    for c in qs.only("code", "name", "short_name", "parent_id", "path", "kind", "level"):
        v = versions.get(c.pk)
        path = v.path if v is not None else path_on_day(c.path, moves)
        if not path.startswith(under_path):
            continue
        result.append(
            CommitteeOnDay(
                id=c.pk,
                code=c.code,
                name=v.name if v else c.name,
                short_name=v.short_name if v else c.short_name,
                parent_id=v.parent_id if v else c.parent_id,
                path=path,
                kind=c.kind,
                level=c.level,
                is_current=v is None and path == c.path,
            )
        )
    return sorted(result, key=lambda c: c.path)


def predecessors_of(committee: Committee):
    """The committees `committee` carries on for (merged into it, split from, dissolved into it,
    and what they had absorbed), with how: Succession rows, latest reorganisation first."""
    return (
        Succession.objects.filter(successor=committee)
        .select_related("predecessor", "reorganisation")
        .order_by("-reorganisation__effective_on", "predecessor__sort_name", "pk")
    )


def successors_of(committee: Committee):
    return (
        Succession.objects.filter(predecessor=committee, direct=True)
        .select_related("successor", "reorganisation")
        .order_by("successor__sort_name", "pk")
    )


def people_to_decide(*, committee: Committee):
    """The roles left in closed committees of `committee`'s subtree (a merge or dissolution whose
    decision listed its people for the standing committee above): who still needs a committee."""
    return (
        Membership.objects.filter(committee__path__startswith=committee.path, committee__is_active=False)
        .select_related("user__profile", "committee")
        .order_by("committee__sort_name", "user__username")
    )


def changes_of(*, committee: Committee | None = None, person=None):
    """The ChangeRecords of a committee or of a person, newest first."""
    qs = ChangeRecord.objects.select_related("actor__profile", "reorganisation")
    if committee is not None:
        qs = qs.filter(committee_id=committee.pk)
    if person is not None:
        qs = qs.filter(person_id=person.pk)
    return qs.order_by("-at", "-pk")


def reorganisations_of(committee: Committee):
    """The reorganisations that changed `committee`: renamed or moved it (a version kept), merged,
    split or dissolved it or into it (a succession), or changed it or its people's roles (a change
    record), latest first."""
    touched = ChangeRecord.objects.filter(committee_id=committee.pk, reorganisation__isnull=False)
    return (
        Reorganisation.objects.filter(
            Q(versions__committee=committee)
            | Q(successions__predecessor=committee)
            | Q(successions__successor=committee)
            | Q(pk__in=touched.values("reorganisation_id"))
        )
        .distinct()
        .order_by("-effective_on", "-pk")
    )


@dataclass
class Outcome:
    """What a reorganisation did, in words a clerk checks against the decision: the committees
    opened, closed, renamed and moved, the roles moved to a successor, the people left for the
    standing committee above to place, and what the apps above handed over (reports owed)."""

    opened: list[str]
    closed: list[str]
    carried_on: list[tuple[str, str]]  # closed committee, the one carrying on for it
    renamed: list[tuple[str, str]]
    moved: list[tuple[str, str, str]]  # committee, parent before, parent after
    people_moved: list[tuple[str, str, str, str]]  # person, role, committee before, after
    people_listed: list[tuple[str, str, str]]  # person, role, committee (closed)
    handed_over: list[str]


def reorganisation_outcome(reorganisation: Reorganisation) -> Outcome:
    """Read from the change records the reorganisation wrote (committees.audit), inside the same
    transaction: the form shows it before recording (a rolled-back dry run) and after."""
    from .people import display_name

    records = list(
        ChangeRecord.objects.filter(reorganisation=reorganisation).select_related("person__profile").order_by("pk")
    )
    ids = {r.committee_id for r in records} | {
        v for r in records for f, pair in r.changes.items() if f in ("committee_id", "parent_id") for v in pair if v
    }
    names = dict(Committee.objects.filter(pk__in=ids).values_list("pk", "name"))
    opened, closed, renamed, moved, people_moved = [], [], [], [], []
    closed_ids = []
    for r in records:
        if r.subject == ChangeRecord.Subject.COMMITTEE:
            if r.action == ChangeRecord.Action.CREATED:
                opened.append(r.label)
                continue
            if r.changes.get("active_until", [None, None])[1]:
                closed.append(r.label)
                closed_ids.append(r.committee_id)
            if "name" in r.changes:
                renamed.append(tuple(r.changes["name"]))
            if "parent_id" in r.changes:
                before, after = r.changes["parent_id"]
                moved.append((r.label, names.get(before, "–"), names.get(after, "–")))
        elif r.action == ChangeRecord.Action.CHANGED and "committee_id" in r.changes and r.person_id:
            before, after = r.changes["committee_id"]
            people_moved.append((display_name(r.person), r.label, names.get(before, "–"), names.get(after, "–")))
    listed = [
        (display_name(m.user), m.get_role_display(), m.committee.name)
        for m in Membership.objects.filter(committee_id__in=closed_ids)
        .select_related("user__profile", "committee")
        .order_by("committee__sort_name", "user__username")
    ]
    carried_on = [
        (s.predecessor.name, s.successor.name)
        for s in Succession.objects.filter(reorganisation=reorganisation, direct=True)
        .select_related("predecessor", "successor")
        .order_by("predecessor__sort_name", "successor__sort_name")
    ]
    return Outcome(
        opened=opened,
        closed=closed,
        carried_on=carried_on,
        renamed=renamed,
        moved=moved,
        people_moved=people_moved,
        people_listed=listed,
        handed_over=list(getattr(reorganisation, "handed_over", [])),
    )

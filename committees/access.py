"""Who may see and do what, in one place.

Rules:
- an officer or leader acts for their own committee only;
- a standing-committee member (or administrator) of committee S sees S and everything below it,
  reviews the committees strictly below S, and writes S's own plans;
- a report is reviewed by the standing committee of the plan's issuer only (`can_review_report`);
  a committee above the issuer reads it;
- a superuser sees everything.
- a committee that carries on for merged, split or dissolved ones (committees.reorg) reads their
  past: whoever sees the successor sees its predecessors (`can_view`, `reads_history_of`) and
  nothing more (writing, reviewing and submitting stay with the closed committee's own roles).
- a standing committee oversees (follows the dashboards of) its own committee and those below;
- one reorganisation of a committee (committees.reorg) is recorded by the standing committees
  above it (`can_reorganise_committee`); a whole province's spreadsheet by the administrators;
- a report is written (edited, autosaved, imported from Word or Excel, evidence attached, pre-filled
  from a consolidation) by the officers and leaders of its committee and by that committee's own
  standing committee, which drafts the committee's reports upward (`can_write_report`); never by a
  committee above (it reviews or reads) nor by a superuser who is not a member;
- a report is submitted by an officer or leader of its committee, or by a leader only when the
  duty says so;
- an outline is seen by the standing committee that owns it, and its templates by the committees
  below (`outline_owners_q`).
- an approval dossier (approvals app) is prepared and sent by its unit's officers, leaders and own
  standing committee (`can_prepare_dossier`); a step of its chain decides through the standing
  committee of the step's committee, and a step outside the Front (a Party committee, no account
  here) is recorded by the unit itself (`can_decide_step`); the dossier is seen by those and by
  whoever sees the unit (`can_view_dossier`).
Views call these helpers (or a `visible_to(access)` queryset built on them) and answer 404 when the
object is not the person's to see. No other module writes an access rule.
"""

from dataclasses import dataclass, field
from functools import cached_property

from django.db.models import Q
from django.http import Http404

from .models import Committee, Membership, Succession
from .people import share_profile

ACTING_ROLES = (Membership.Role.OFFICER, Membership.Role.LEADER)
OVERSIGHT_ROLES = (Membership.Role.STANDING, Membership.Role.ADMIN)


@dataclass
class Access:
    user: object
    memberships: list = field(default_factory=list)

    @property
    def is_superuser(self) -> bool:
        return bool(getattr(self.user, "is_superuser", False))

    def committees_with(self, roles) -> list[Committee]:
        seen, result = set(), []
        for m in self.memberships:
            if m.role in roles and m.committee_id not in seen:
                seen.add(m.committee_id)
                result.append(m.committee)
        return result

    @property
    def acting_committees(self) -> list[Committee]:
        return self.committees_with(ACTING_ROLES)

    @property
    def standing_committees(self) -> list[Committee]:
        return self.committees_with(OVERSIGHT_ROLES)

    @property
    def can_see_operations(self) -> bool:
        """The operations page (queues, failed emails and builds: addresses and errors of every
        committee): the portal's administrators only."""
        return self.is_superuser

    @property
    def can_reorganise(self) -> bool:
        """Apply a reorganisation of the tree (committees.reorg: the spreadsheet import page): the
        portal's administrators only; everyone else reads its outcome."""
        return self.is_superuser

    def can_reorganise_committee(self, committee: Committee) -> bool:
        """Record one reorganisation of `committee` (merge, split, move, rename, dissolve: the
        portal's form, committees.reorg.views): the standing committees above it, and the portal's
        administrators (who also import a whole province's reform, `can_reorganise`)."""
        return self.can_reorganise or self.can_review(committee)

    @property
    def is_reviewer(self) -> bool:
        return self.is_superuser or bool(self.standing_committees)

    @property
    def is_officer(self) -> bool:
        return bool(self.acting_committees)

    def has_role(self, committee: Committee, roles) -> bool:
        return any(m.committee_id == committee.pk and m.role in roles for m in self.memberships)

    def can_view(self, committee: Committee) -> bool:
        if self.is_superuser:
            return True
        if any(c.pk == committee.pk for c in self.acting_committees):
            return True
        if any(committee.is_within(s) for s in self.standing_committees):
            return True
        return self.reads_history_of(committee)

    @cached_property
    def _history_ids(self) -> frozenset:
        """The committees whose past this person reads as a successor's: the predecessors
        (Succession, kept transitively) of the committees the person sees. One query, asked only
        when the other rules said no."""
        acting = [c.pk for c in self.acting_committees]
        standing = self.standing_committees
        if not acting and not standing:
            return frozenset()
        q = Q(successor_id__in=acting)
        for s in standing:
            q |= Q(successor__path__startswith=s.path)
        return frozenset(Succession.objects.filter(q).values_list("predecessor_id", flat=True))

    def reads_history_of(self, committee: Committee) -> bool:
        """`committee` was merged, split or dissolved into a committee this person sees: its past
        reports, inspections and congress records are read (never written) by the successor."""
        return committee.pk in self._history_ids

    def can_act_for(self, committee: Committee, roles=ACTING_ROLES) -> bool:
        return self.has_role(committee, roles)

    def can_review(self, committee: Committee) -> bool:
        """Standing committees review the committees strictly below them."""
        if self.is_superuser:
            return True
        return any(committee.is_within(s) and committee.pk != s.pk for s in self.standing_committees)

    def can_review_report(self, committee: Committee, *, issuer: Committee) -> bool:
        """Review (comment on, return, accept) `committee`'s report owed to a plan of `issuer`: the
        issuer's own standing committee, for committees strictly below it. Those above the issuer
        read the report (`can_view`) and never review it."""
        if self.is_superuser:
            return True
        return self.can_manage(issuer) and committee.is_within(issuer) and committee.pk != issuer.pk

    def can_see_changes_of(self, committee: Committee) -> bool:
        """The record of who changed `committee` and its people's roles (committees.audit): the
        standing committees above it, and the portal's administrators."""
        return self.can_review(committee)

    def oversees(self, committee: Committee) -> bool:
        """A standing committee of this committee or of one above it (dashboards, read-only)."""
        return self.is_superuser or any(committee.is_within(s) for s in self.standing_committees)

    def can_write_report(self, committee: Committee) -> bool:
        """Write a report of `committee`: every write into a report (the edit page and its autosave,
        Word and Excel import, evidence, pre-filling from a consolidation) asks this one question.
        Its officers and leaders, and its own standing committee (which builds the consolidation
        and drafts the committee's report upward from it); not the committees above."""
        return self.has_role(committee, ACTING_ROLES + OVERSIGHT_ROLES)

    def can_submit_for(self, committee: Committee, *, leader_only: bool = False) -> bool:
        """Submit a report of `committee`: its officers and leaders, or only its leaders."""
        return self.can_act_for(committee, roles=(Membership.Role.LEADER,) if leader_only else ACTING_ROLES)

    def can_prepare_dossier(self, committee: Committee) -> bool:
        """Submit the documents of `committee`'s approval dossier, send it up, and record what a
        level outside the Front decided: its officers, leaders and own standing committee."""
        return self.has_role(committee, ACTING_ROLES + OVERSIGHT_ROLES)

    def can_decide_step(self, committee: Committee | None, *, subject: Committee) -> bool:
        """Approve or return documents (and record the meeting) at one step of `subject`'s approval
        chain: the standing committee of the step's committee; for a level outside the Front
        (`committee` None) the subject unit records the decision itself."""
        if committee is None:
            return self.can_prepare_dossier(subject)
        return self.can_manage(committee)

    def can_view_dossier(self, subject: Committee, step_committees) -> bool:
        """Read an approval dossier: whoever sees the unit, and the standing committees of its steps."""
        return self.can_view(subject) or any(c is not None and self.can_manage(c) for c in step_committees)

    def outline_owners_q(self, prefix: str = "") -> Q:
        """A Q over a model with a committee and an is_template flag (outlines): the person's own
        standing committees' rows, and the templates of the committees above them."""
        if self.is_superuser:
            return Q()
        standing = self.standing_committees
        ancestors = {pk for c in standing for pk in c.ancestor_ids}
        return Q(**{f"{prefix}committee_id__in": [c.pk for c in standing]}) | Q(
            **{f"{prefix}committee_id__in": ancestors, f"{prefix}is_template": True}
        )

    def can_manage(self, committee: Committee) -> bool:
        """Write and issue the committee's own plans, see its dashboards and outbox."""
        return self.is_superuser or self.has_role(committee, OVERSIGHT_ROLES)

    def works_under(self, committee: Committee) -> bool:
        """A member (any role) of `committee` or of a committee below it: sees the programme `committee`
        runs for its area (a province's congress round) without seeing the other units' data."""
        if self.is_superuser:
            return True
        return any(m.committee.is_within(committee) for m in self.memberships) or self.oversees(committee)

    def visible_committees_q(self, prefix: str = "") -> Q:
        """A Q over Committee (or over a relation to it, with prefix="committee__")."""
        if self.is_superuser:
            return Q()
        q = Q(**{f"{prefix}pk__in": [c.pk for c in self.acting_committees]})
        for s in self.standing_committees:
            q |= Q(**{f"{prefix}path__startswith": s.path})
        return q

    def readable_committees_q(self, prefix: str = "") -> Q:
        """`can_view` as a Q over Committee (or a relation to it, with prefix="committee__"): the
        committees the person sees (visible_committees_q) and those whose past the person reads as
        their successor's (reads_history_of)."""
        q = self.visible_committees_q(prefix)
        if self.is_superuser or not self._history_ids:
            return q
        return q | Q(**{f"{prefix}pk__in": sorted(self._history_ids)})

    def visible_committees(self):
        return Committee.objects.filter(self.visible_committees_q())


def get_access(user) -> Access:
    """The person's access, computed once per request (one query)."""
    cached = getattr(user, "_mttq_access", None)
    if cached is not None:
        return cached
    if not getattr(user, "is_authenticated", False):
        access = Access(user=user)
    else:
        memberships = list(
            Membership.objects.filter(user=user)
            .select_related("committee", "user__profile")  # the name every page shows, same query
            .order_by("committee__sort_name", "pk")
        )
        if memberships:
            share_profile(memberships[0].user, user)
        access = Access(user=user, memberships=memberships)
        user._mttq_access = access
    return access


def get_committee_for_user(request, pk: int) -> Committee:
    committee = Committee.objects.filter(pk=pk).first()
    if committee is None or not get_access(request.user).can_view(committee):
        raise Http404
    return committee

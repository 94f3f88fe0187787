import datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from . import sessions
from .access import get_access, get_committee_for_user
from .forms import LoginForm
from .models import ChangeRecord, Committee, Membership, Reorganisation
from .selectors import changes_of, people_to_decide, predecessors_of, reorganisations_of, successors_of


@login_required
def committee_detail(request, pk: int):
    committee = get_committee_for_user(request, pk)
    access = get_access(request.user)
    children = (
        committee.children.order_by("kind", "sort_name", "pk")
        if access.can_review(committee) or access.can_manage(committee)
        else Committee.objects.none()
    )
    return render(
        request,
        "committees/committee_detail.html",
        {
            "committee": committee,
            "ancestors": committee.ancestors(),
            "children": children,
            "predecessors": list(predecessors_of(committee)),
            "successors": list(successors_of(committee)),
            "to_decide": list(people_to_decide(committee=committee)) if access.can_manage(committee) else [],
            "can_see_changes": access.can_see_changes_of(committee),
            "reorganisations": list(reorganisations_of(committee)),
            "reorganise_kinds": (
                [(slug, Reorganisation.Kind(kind).label) for slug, kind in REORGANISE_SLUGS.items()]
                if committee.is_active and access.can_reorganise_committee(committee)
                else []
            ),
        },
    )


CHANGES_SHOWN = 500


@login_required
def committee_changes(request, pk: int):
    """Who changed the committee and its people's roles, when and how (committees.audit)."""
    committee = Committee.objects.filter(pk=pk).first()
    if committee is None or not get_access(request.user).can_see_changes_of(committee):
        raise Http404
    records = list(changes_of(committee=committee)[:CHANGES_SHOWN])
    return render(
        request,
        "committees/changes.html",
        {"committee": committee, "records": _with_names(records), "heading": committee.name},
    )


@login_required
def person_changes(request, pk: int):
    """Every change of a person's roles, for the standing committees above a committee the
    person has (or had) a role in."""
    person = get_user_model().objects.filter(pk=pk).select_related("profile").first()
    if person is None:
        raise Http404
    access = get_access(request.user)
    records = list(changes_of(person=person)[:CHANGES_SHOWN])
    ids = {r.committee_id for r in records} | set(person.memberships.values_list("committee_id", flat=True))
    if not any(access.can_see_changes_of(c) for c in Committee.objects.filter(pk__in=ids)):
        raise Http404
    from .people import display_name

    return render(
        request,
        "committees/changes.html",
        {"person": person, "records": _with_names(records), "heading": display_name(person)},
    )


def _with_names(records: list[ChangeRecord]) -> list[ChangeRecord]:
    """Each record with `committee_name` (the committee's, or the label of a deleted one) and
    `lines` (field, before, after) in words."""
    from .people import display_name

    ids = {r.committee_id for r in records} | {
        v for r in records for f, pair in r.changes.items() if f in ("committee_id", "parent_id") for v in pair if v
    }
    names = dict(Committee.objects.filter(pk__in=ids).values_list("pk", "name"))
    users = {
        u.pk: u
        for u in get_user_model()
        .objects.filter(pk__in={r.person_id for r in records if r.person_id})
        .select_related("profile")
    }
    labels = {f.attname: str(f.verbose_name) for f in (*Committee._meta.fields,)}
    labels.update(
        committee_id=str(_("ủy ban")), user_id=str(_("người")), role=str(_("vai trò")), title=str(_("chức vụ"))
    )
    roles = dict(Membership.Role.choices)
    kinds = dict(Committee.Kind.choices)

    def word(field, value):
        if value is None or value == "":
            return "–"
        if field in ("committee_id", "parent_id"):
            return names.get(value, f"#{value}")
        if field == "user_id":
            return display_name(users[value]) if value in users else f"#{value}"
        if field == "role":
            return roles.get(value, value)
        if field == "kind":
            return kinds.get(value, value)
        if field in ("active_from", "active_until"):
            return datetime.date.fromisoformat(value).strftime("%d/%m/%Y")
        if isinstance(value, bool):
            return _("có") if value else _("không")
        return value

    for r in records:
        r.committee_name = names.get(r.committee_id, r.label if r.subject == ChangeRecord.Subject.COMMITTEE else "")
        r.person_name = display_name(users[r.person_id]) if r.person_id in users else ""
        r.lines = [(labels.get(f, f), word(f, pair[0]), word(f, pair[1])) for f, pair in r.changes.items()]
    return records


# --- login throttling (the request for a reset email: outbox/password_reset.py) --------------------------------------------------------
def locked_out(request, original_response=None, credentials=None):
    """The page of a login refused by the throttle (settings.AXES_LOCKOUT_CALLABLE): the site's
    login and the admin's. Says for how long, and that resetting the password by email also works."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(
        request, "registration/locked_out.html", {"minutes": minutes}, status=settings.AXES_HTTP_RESPONSE_CODE
    )


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Setting a new password through the emailed link also lifts a login lock on that account."""

    def form_valid(self, form):
        from axes.utils import reset

        response = super().form_valid(form)
        reset(username=self.user.get_username())
        return response


class LoginView(auth_views.LoginView):
    """Django's login, with "Ghi nhớ đăng nhập" deciding how long the session lasts (sessions.py)."""

    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        sessions.start(self.request, remember=form.cleaned_data.get("remember", False))
        return response


def csrf_failure(request, reason=""):
    """settings.CSRF_FAILURE_VIEW: a form sent from a page opened too long ago, or after logging in
    again elsewhere. Said in the portal's words; the browser's Back button returns to the typed text."""
    return render(request, "403_csrf.html", status=403)


class _DryRun(Exception):
    pass


@login_required
def tree_import(request):
    """A province's reform from a spreadsheet: checked row by row (the reasons listed), applied
    whole, or only checked ("Chỉ kiểm tra"). The portal's administrators only."""
    from .forms import TreeImportForm
    from .reorg.importer import TreeImportRejected
    from .reorg.importer import tree_import as import_tree

    if not get_access(request.user).can_reorganise:
        raise Http404
    form = TreeImportForm(request.POST or None, request.FILES or None)
    errors, applied, checked = [], [], False
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data["file"].read()
        try:
            with transaction.atomic():
                applied = import_tree(data=data, people=form.cleaned_data["people"], by=request.user).reorganisations
                if form.cleaned_data["dry_run"]:
                    raise _DryRun
        except _DryRun:
            checked = True
        except TreeImportRejected as exc:
            errors = [str(e) for e in exc.errors]
    return render(
        request,
        "committees/tree_import.html",
        {"form": form, "errors": errors, "applied": applied, "checked": checked},
    )


# The kinds of reorganisation as they read in the address: /don-vi/<pk>/sap-xep/<slug>/
REORGANISE_SLUGS = {
    "sap-nhap": Reorganisation.Kind.MERGE,
    "chia-tach": Reorganisation.Kind.SPLIT,
    "chuyen-cap-tren": Reorganisation.Kind.MOVE,
    "doi-ten": Reorganisation.Kind.RENAME,
    "giai-the": Reorganisation.Kind.DISSOLVE,
}


@login_required
def committee_reorganise(request, pk: int, kind: str):
    """One reorganisation of a committee, as the standing committee above records a decision:
    the form, then ("Kiểm tra") what will happen, worked out by the service itself and rolled back,
    then ("Ghi") recorded once; a refusal of the service is shown above the form, with everything
    typed kept. Back to the committee page with a message."""
    from .reorg.forms import FORMS

    committee = Committee.objects.filter(pk=pk).first()
    access = get_access(request.user)
    if committee is None or kind not in REORGANISE_SLUGS or not access.can_reorganise_committee(committee):
        raise Http404
    form = FORMS[REORGANISE_SLUGS[kind]](request.POST or None, committee=committee, access=access)
    step = request.POST.get("step", "check")
    recording = request.method == "POST" and step == "record"
    if recording and not form.is_valid() and (earlier := form.earlier()) is not None:
        messages.info(request, _recorded_message(earlier, False))  # a second submit, its choices now stale
        return redirect("committees-detail", committee.pk)
    if not committee.is_active and not recording:
        messages.warning(request, _("%(name)s đã thôi hoạt động.") % {"name": committee.name})
        return redirect("committees-detail", committee.pk)
    refusals, outcome = [], None
    if request.method == "POST" and step != "edit" and form.is_valid():
        try:
            if step == "record":
                reorganisation, new = form.record(by=request.user)
                messages.success(request, _recorded_message(reorganisation, new))
                return redirect("committees-detail", committee.pk)
            outcome = _reorganisation_dry_run(form, by=request.user)
        except ValidationError as exc:
            refusals = exc.messages
    return render(
        request,
        "committees/reorganise.html",
        {
            "committee": committee,
            "form": form,
            "kind_label": Reorganisation.Kind(form.kind).label,
            "refusals": refusals,
            "outcome": outcome,
        },
    )


def _reorganisation_dry_run(form, *, by):
    """What the reorganisation would do, read inside its own transaction, then rolled back (its
    emails with it: they are queued on commit)."""
    from .selectors import reorganisation_outcome

    try:
        with transaction.atomic():
            outcome = reorganisation_outcome(form.apply(by=by))
            raise _DryRun
    except _DryRun:
        return outcome


def _recorded_message(reorganisation, new: bool) -> str:
    from .selectors import reorganisation_outcome

    said = {
        "kind": reorganisation.get_kind_display(),
        "number": reorganisation.decision_number,
        "date": f"{reorganisation.decision_date:%d/%m/%Y}",
        "effective": f"{reorganisation.effective_on:%d/%m/%Y}",
    }
    if not new:
        return (
            _("%(kind)s theo Quyết định số %(number)s ngày %(date)s đã được ghi trước đó; không ghi lại lần nữa.")
            % said
        )
    outcome = reorganisation_outcome(reorganisation)
    parts = [_("Đã ghi: %(kind)s theo Quyết định số %(number)s ngày %(date)s, hiệu lực từ %(effective)s.") % said]
    if outcome.closed:
        parts.append(_("Thôi hoạt động: %(names)s.") % {"names": ", ".join(outcome.closed)})
    if outcome.opened:
        parts.append(_("Thành lập: %(names)s.") % {"names": ", ".join(outcome.opened)})
    if outcome.people_moved:
        parts.append(_("%(n)d phân công cán bộ chuyển sang đơn vị kế tục.") % {"n": len(outcome.people_moved)})
    if outcome.people_listed:
        parts.append(_("%(n)d phân công cán bộ chờ Ban Thường trực phân công.") % {"n": len(outcome.people_listed)})
    parts.extend(outcome.handed_over)
    return " ".join(parts)

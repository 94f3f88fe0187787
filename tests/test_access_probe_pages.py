"""The access probe of every page (#15): every URL pattern of the portal, enumerated from the resolver
(a new page cannot escape: a route missing from ROUTES fails test_every_route_is_probed), asked about
ward A1's objects (tests/page_world.py) by the officer of another ward of the same city, the
standing committee of another city and an anonymous visitor, with GET and with an empty POST.

Each answer must be 404, 403 or 405, or for the anonymous visitor a redirect to the login page; a
page without an id (a list, a dashboard) may answer 200, but no answer ever shows a "MẬT-A-" marker,
none is a 500, and none changes a row of the database (a digest of every table before and after).
The rightful person (ward A1's officer, city A's standing committee, the cross-inspecting unit, the
inspection team) gets every page, so the ids are real and the 404s are not vacuous. The API under
/api/v1/ has its own probe (tests/api/test_access_probe.py)."""

import hashlib
import re

import pytest
import time_machine
from django.apps import apps
from django.conf import settings
from django.db import connection, transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests import page_world
from tests.conftest import local_dt

pytestmark = pytest.mark.django_db
# The inspection day (17/10/2023) during its morning session: the cross-inspecting unit's pages are
# open, the report deadline (29/12/2023) and the congress dossier are still ahead.
PROBED_AT = local_dt(2023, 10, 17, 9, 30)
INTRUDERS = ["other_ward_officer", "other_city_reviewer", "anonymous"]

# Pages that anyone may open by design: they show nobody's data.
PUBLIC = {
    "favicon.ico": "the icon",
    "healthz": "liveness of the process, no data",
    "readyz": "readiness (database, broker), no data",
    "set_language": "switches the language of the session",
    "login": "the login page",
    "logout": "ends one's own session",
    "password_reset": "asks for a reset link by email (same answer for any address)",
    "password_reset_done": "says the link was sent",
    "password_reset_confirm": "a signed one-time token, checked by Django",
    "password_reset_complete": "says the password was changed",
    "password_change": "one's own password (login required)",
    "password_change_done": "one's own password (login required)",
}
# Django's admin site (/quan-tri/): staff only. Nobody of the probe is staff, so every page of it
# must send them to the admin's own login page; its login, logout and catalogue are public.
ADMIN_PUBLIC = {"login", "logout", "jsi18n"}

OFFICER, REVIEWER = "officer", "reviewer"  # ward A1's officer; city A's standing committee
CROSS, TEAM = "cross_officer", "team_user"  # the unit scoring A1 on the day; the inspection team
ADMIN = "superuser"  # the portal's administrator (operations, the tree's import)


def _w(name):
    return lambda w: {"pk": getattr(w, name).pk}


# route name -> (who has the right to it, the URL's arguments from the world)
ROUTES = {
    # --- without arguments: lists, dashboards, forms to create -------------------------------
    "home": (OFFICER, None),
    "operations": (ADMIN, None),
    "plans-list": (REVIEWER, None),
    "plans-create": (REVIEWER, None),
    "reports-outline-list": (REVIEWER, None),
    "reports-outline-import": (REVIEWER, None),
    "reports-outline-create": (REVIEWER, None),
    "reports-my-reports": (OFFICER, None),
    "reports-dashboard-overview": (REVIEWER, None),
    "reminders-outbox": (REVIEWER, None),
    "approvals-inbox": (OFFICER, None),
    "inspections-round-list": (REVIEWER, None),
    "inspections-round-create": (REVIEWER, None),
    "congresses-round-list": (REVIEWER, None),
    "congresses-round-create": (REVIEWER, None),
    "congresses-lessons": (REVIEWER, None),
    "api-tokens": (OFFICER, None),
    "committees-tree-import": (ADMIN, None),
    # --- plans ---------------------------------------------------------------------------------
    "plans-detail": (REVIEWER, _w("plan")),
    "plans-edit": (REVIEWER, _w("plan")),
    "plans-correct": (REVIEWER, _w("plan")),
    "plans-revision": (REVIEWER, lambda w: {"pk": w.plan.pk, "version": w.plan_revision.version}),
    "plans-delete": (REVIEWER, _w("plan")),
    "plans-close": (REVIEWER, _w("plan")),
    "plans-docx": (REVIEWER, _w("plan")),
    "plans-attachment-upload": (REVIEWER, _w("plan")),
    "plans-attachment-download": (REVIEWER, _w("plan_attachment")),
    "plans-attachment-delete": (REVIEWER, _w("plan_attachment")),
    # --- outlines and duties -------------------------------------------------------------------
    "reports-outline-detail": (REVIEWER, _w("outline")),
    "reports-outline-edit": (REVIEWER, _w("outline")),
    "reports-outline-copy": (REVIEWER, _w("outline")),
    "reports-outline-delete": (REVIEWER, _w("outline")),
    "reports-outline-item-add": (REVIEWER, _w("outline")),
    "reports-outline-item-edit": (REVIEWER, _w("item")),
    "reports-outline-item-action": (REVIEWER, _w("item")),
    "reports-outline-indicator-add": (REVIEWER, _w("item")),
    "reports-outline-indicator-delete": (REVIEWER, _w("indicator")),
    "reports-duty-create": (REVIEWER, lambda w: {"plan_pk": w.plan.pk}),
    "reports-duty-correct": (REVIEWER, lambda w: {"plan_pk": w.plan.pk}),
    "reports-duty-edit": (REVIEWER, _w("duty")),
    "reports-duty-delete": (REVIEWER, _w("duty")),
    "reports-plan-issue": (REVIEWER, _w("plan")),
    "reports-extension-create": (REVIEWER, lambda w: {"submission_pk": w.sub.pk}),
    # --- ward A1's report ------------------------------------------------------------------------
    "reports-submission-detail": (OFFICER, _w("sub")),
    "reports-submission-edit": (OFFICER, _w("sub")),
    "reports-submission-save-section": (OFFICER, _w("sub")),
    "reports-submission-submit": (OFFICER, _w("sub")),
    "reports-submission-review": (REVIEWER, _w("sub")),
    "reports-submission-return": (REVIEWER, _w("sub")),
    "reports-submission-accept": (REVIEWER, _w("sub")),
    "reports-submission-version": (OFFICER, lambda w: {"pk": w.sub.pk, "number": 1}),
    "reports-attachment-upload": (OFFICER, _w("sub")),
    "reports-attachment-download": (OFFICER, _w("attachment")),
    "reports-attachment-delete": (OFFICER, _w("attachment")),
    "reports-submission-docx": (OFFICER, _w("sub")),
    "reports-submission-import-word": (OFFICER, _w("sub")),
    "reports-typical-mark": (REVIEWER, _w("sub")),
    "reports-typical-unmark": (REVIEWER, _w("typical")),
    "reports-approval": (REVIEWER, _w("sub")),
    "reports-approval-decide": (REVIEWER, _w("sub")),
    "reports-approval-unlock": (REVIEWER, _w("sub")),
    # --- dashboards and the consolidation ------------------------------------------------------
    "reports-dashboard-plan": (REVIEWER, _w("plan")),
    "reports-dashboard-status-xlsx": (REVIEWER, _w("plan")),
    "reports-dashboard-indicators-xlsx": (REVIEWER, _w("plan")),
    "reports-indicator-form-xlsx": (OFFICER, _w("sub")),
    "reports-indicator-form-upload": (OFFICER, _w("sub")),
    "reports-consolidation": (REVIEWER, lambda w: {"plan_id": w.plan.pk}),
    "reports-consolidation-start": (REVIEWER, lambda w: {"plan_id": w.plan.pk}),
    "reports-consolidation-status": (REVIEWER, lambda w: {"build_id": w.build.pk}),
    "reports-consolidation-download": (REVIEWER, lambda w: {"build_id": w.build.pk, "fmt": "docx"}),
    "reports-consolidation-prefill": (REVIEWER, lambda w: {"build_id": w.build.pk, "submission_id": w.upward.pk}),
    # --- reminders -------------------------------------------------------------------------------
    "reminders-outbox-committee": (REVIEWER, lambda w: {"committee_id": w.tree.city_a.pk}),
    "reminders-remind-now": (REVIEWER, lambda w: {"scope_key": w.rule.scope_key}),
    "reminders-rule-edit": (REVIEWER, lambda w: {"scope_key": w.rule.scope_key}),
    # --- approval dossiers -----------------------------------------------------------------------
    "approvals-case-detail": (OFFICER, _w("case")),
    "approvals-case-decide": (OFFICER, _w("case")),
    "approvals-case-meeting": (OFFICER, _w("case")),
    "approvals-case-send": (OFFICER, _w("case")),
    "approvals-minutes": (OFFICER, _w("meeting")),
    # --- inspections -----------------------------------------------------------------------------
    "inspections-round-detail": (REVIEWER, _w("round")),
    "inspections-round-edit": (REVIEWER, _w("round")),
    "inspections-table": (REVIEWER, _w("round")),
    "inspections-table-copy": (REVIEWER, _w("round")),
    "inspections-table-import": (REVIEWER, _w("round")),
    "inspections-group-create": (REVIEWER, _w("round")),
    "inspections-group-edit": (REVIEWER, _w("group")),
    "inspections-criterion-create": (REVIEWER, lambda w: {"group_pk": w.group.pk}),
    "inspections-criterion-edit": (REVIEWER, _w("criterion")),
    "inspections-bands": (REVIEWER, _w("round")),
    "inspections-veto-create": (REVIEWER, _w("round")),
    "inspections-veto-delete": (REVIEWER, _w("veto")),
    "inspections-schedule": (REVIEWER, _w("round")),
    "inspections-schedule-docx": (REVIEWER, _w("round")),
    "inspections-schedule-ics": (REVIEWER, _w("round")),
    "inspections-day-create": (REVIEWER, _w("round")),
    "inspections-day-edit": (REVIEWER, _w("day")),
    "inspections-agenda-apply": (REVIEWER, _w("day")),
    "inspections-pairs": (REVIEWER, _w("day")),
    "inspections-template-item-create": (REVIEWER, _w("round")),
    "inspections-agenda-item-create": (REVIEWER, lambda w: {"pk": w.round.pk, "day_pk": w.day.pk}),
    "inspections-agenda-item-edit": (REVIEWER, lambda w: {"pk": w.round.pk, "item_pk": w.agenda_item.pk}),
    "inspections-team": (REVIEWER, _w("round")),
    "inspections-dossier": (OFFICER, _w("unit")),
    "inspections-dossier-submit": (OFFICER, _w("unit")),
    "inspections-evidence-upload": (OFFICER, _w("unit")),
    "inspections-evidence-zip": (OFFICER, _w("unit")),
    "inspections-evidence-download": (OFFICER, _w("inspection_evidence")),
    "inspections-evidence-delete": (OFFICER, _w("inspection_evidence")),
    "inspections-report": (OFFICER, _w("unit")),
    "inspections-report-docx": (OFFICER, _w("unit")),
    "inspections-precheck": (TEAM, _w("unit")),
    "inspections-cross": (CROSS, _w("unit")),
    "inspections-reconcile": (REVIEWER, _w("unit")),
    "inspections-results": (REVIEWER, _w("round")),
    "inspections-decide": (REVIEWER, _w("round")),
    "inspections-results-xlsx": (REVIEWER, _w("round")),
    "inspections-conclusion-docx": (REVIEWER, _w("round")),
    # --- congresses ------------------------------------------------------------------------------
    "congresses-round-detail": (REVIEWER, _w("congress_round")),
    "congresses-targets-edit": (REVIEWER, _w("congress_round")),
    "congresses-candidate-add": (REVIEWER, _w("congress_round")),
    "congresses-document-add": (REVIEWER, _w("congress_round")),
    "congresses-document-remove": (REVIEWER, _w("round_document")),
    "congresses-level-edit": (REVIEWER, _w("level")),
    "congresses-chain-edit": (REVIEWER, _w("level")),
    "congresses-candidate": (REVIEWER, _w("candidate")),
    "congresses-candidate-refresh": (REVIEWER, _w("candidate")),
    "congresses-candidate-choose": (REVIEWER, _w("candidate")),
    "congresses-shortlist": (OFFICER, _w("congress")),
    "congresses-shortlist-xlsx": (OFFICER, _w("congress")),
    "congresses-shortlist-docx": (OFFICER, _w("congress")),
    "congresses-shortlist-upload": (OFFICER, _w("congress")),
    "congresses-nominee-edit": (OFFICER, _w("nominee")),
    "congresses-nominee-delete": (OFFICER, _w("nominee")),
    "congresses-congress": (OFFICER, _w("congress")),
    "congresses-congress-record": (OFFICER, lambda w: {"pk": w.congress.pk, "part": "attendee"}),
    "congresses-congress-held": (OFFICER, _w("congress")),
    "congresses-guests-fill": (OFFICER, _w("congress")),
    "congresses-attendee-delete": (OFFICER, _w("attendee")),
    "congresses-document-upload": (OFFICER, lambda w: {"pk": w.congress.pk, "key": w.document_version.key}),
    "congresses-dossier-send": (OFFICER, _w("congress")),
    "congresses-document-download": (OFFICER, _w("document_version")),
    "congresses-pipeline": (REVIEWER, _w("congress_round")),
    # --- accounts, committees and their history --------------------------------------------------
    "api-token-revoke": (OFFICER, _w("token")),
    "committees-detail": (REVIEWER, lambda w: {"pk": w.tree.ward_a1.pk}),
    "committees-changes": (REVIEWER, lambda w: {"pk": w.tree.ward_a1.pk}),
    # one kind stands for the five (each kind's access: tests/committees/test_reorganise_form.py)
    "committees-reorganise": (REVIEWER, lambda w: {"pk": w.tree.ward_a1.pk, "kind": "sap-nhap"}),
    "committees-person-changes": (REVIEWER, lambda w: {"pk": w.personas.officer.pk}),
}


def page_routes() -> list[tuple[str, str, str | None]]:
    """(route, name, namespace) of every pattern outside the API (its own probe)."""

    def walk(patterns, prefix, namespace):
        for p in patterns:
            if isinstance(p, URLResolver):
                yield from walk(p.url_patterns, prefix + str(p.pattern), p.namespace or namespace)
            elif isinstance(p, URLPattern) and namespace != "api-v1":
                yield prefix + str(p.pattern), p.name or str(p.pattern), namespace

    return sorted(set(walk(get_resolver().url_patterns, "", None)), key=lambda r: (r[2] or "", r[0]))


# --- what the database holds ----------------------------------------------------------------
# Logins, sessions and liveness change by design; permissions and content types never.
SKIPPED = {
    "sessions.session",
    "axes.accessattempt",
    "axes.accessfailurelog",
    "axes.accesslog",
    "axes.accessattemptexpiration",
    "mttq_portal.heartbeat",
    "auth.permission",
    "contenttypes.contenttype",
}


def _tables() -> list[str]:
    return [m._meta.db_table for m in apps.get_models() if m._meta.managed and m._meta.label_lower not in SKIPPED]


def counts() -> tuple:
    """The number of rows of every table, in one query (asked around every request)."""
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(f"SELECT COUNT(*) FROM {connection.ops.quote_name(t)}" for t in _tables()))
        return tuple(row[0] for row in cursor.fetchall())


def digest() -> dict[str, str]:
    """Every row of every table, hashed by table (asked around every POST, which may update a row)."""
    tables = {}
    with connection.cursor() as cursor:
        for table in _tables():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)} ORDER BY 1")
            tables[table] = hashlib.sha1(repr(cursor.fetchall()).encode()).hexdigest()
    return tables


def changed(before: dict, after: dict) -> list[str]:
    return sorted(table for table in before if before[table] != after[table])


# --- the probe ---------------------------------------------------------------------------------
# What a page that only takes a POST needs to do its work for the rightful person (an empty POST is
# refused with a 404 there, "nothing a person could have typed"); the intruders get it too.
POST_DATA = {
    "reports-outline-item-action": lambda w: {"action": "down"},
    "reports-consolidation-start": lambda w: {"duty": w.duty.pk},
    "inspections-table-copy": lambda w: {"source": w.round.pk},
    "inspections-evidence-upload": lambda w: {"criterion": w.criterion.pk},
}
# A page that shows some of the world to an intruder by design: (route, intruder) -> (the markers
# it may show, why). Every other marker stays forbidden there.
SHARED = {
    ("congresses-round-list", "other_ward_officer"): (
        {"MẬT-A-congress-round"},
        "a congress round is seen by everyone working under its committee (Access.works_under)",
    ),
    ("congresses-round-detail", "other_ward_officer"): (
        {"MẬT-A-congress-round"},
        "a congress round is seen by everyone working under its committee (Access.works_under)",
    ),
    ("congresses-candidate-add", "other_ward_officer"): (
        set(),
        "its empty POST is refused back to the round's page, which the ward sees (above)",
    ),
}
MARKER = re.compile(re.escape(page_world.MARK) + r"[\w-]+")


def markers_in(response) -> set[str]:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    text = body.decode("utf-8", "replace")
    found = set(MARKER.findall(text))
    if "M\\u1eacT-A-" in text or "M\\u1EACT-A-" in text:  # JSON with escaped letters
        found.add("MẬT-A-(json)")
    return found


def is_login_redirect(response, admin: bool) -> bool:
    login = "/quan-tri/login/" if admin else reverse(settings.LOGIN_URL)
    return response.status_code == 302 and response["Location"].startswith(login)


@pytest.fixture
def world(tree, personas):
    w = page_world.build(tree, personas)
    w.tree, w.personas = tree, personas
    return w


def url_for(name: str, namespace: str | None, route: str, w) -> str:
    if namespace == "admin":  # any id: the admin refuses the non-staff before it reads one
        return "/" + re.sub(r"<(path:)?\w+>", "1", route)
    _who, args = ROUTES[name]
    return reverse(name, kwargs=args(w) if args else None)


def probe(client, who: str, w) -> list[tuple]:
    """Every answer `who` gets that is not right: (method, url, status, why)."""
    wrong = []
    before = digest()
    for route, name, namespace in page_routes():
        admin = namespace == "admin"
        if (admin and name in ADMIN_PUBLIC) or (not admin and name in PUBLIC) or "(?P<" in route:
            continue
        url = url_for(name, namespace, route, w)
        listing = not admin and ROUTES[name][1] is None
        allowed, _why = SHARED.get((name, who), (set(), ""))
        requests = [("get", None), ("post", None)] + ([("post", POST_DATA[name](w))] if name in POST_DATA else [])
        for method, data in requests:
            response = getattr(client, method)(url, data)
            status = response.status_code
            if admin:
                right = is_login_redirect(response, admin=True) or status == 405
            else:
                shared = listing or (name, who) in SHARED  # may answer the signed-in intruder
                right = status in (403, 404, 405) or (who != "anonymous" and shared and status in (200, 302))
                right = right or (who == "anonymous" and is_login_redirect(response, admin=False))
            if not right:
                wrong.append((method, url, status, "answered"))
            if status >= 500:
                wrong.append((method, url, status, "crashed"))
            shown = markers_in(response) - allowed
            if shown:
                wrong.append((method, url, status, f"shows {sorted(shown)}"))
            after = digest()
            if changed(before, after):
                wrong.append((method, url, status, f"changed {changed(before, after)}"))
            before = after
    return wrong


def test_every_route_is_probed():
    """A new page must be added to ROUTES (who may open it, and with which object of the world)."""
    names = {name for _route, name, namespace in page_routes() if namespace != "admin"}
    missing = sorted(names - set(ROUTES) - set(PUBLIC))
    assert missing == [], f"the page access probe does not know these routes: add them to ROUTES: {missing}"
    assert sorted(set(ROUTES) - names) == [], "ROUTES names a page that no longer exists"
    assert len(names) > 150


@pytest.mark.parametrize("who", INTRUDERS)
def test_no_page_shows_ward_a1_to_others(world, client_as, who):
    client = client_as(None if who == "anonymous" else getattr(world.personas, who))
    with time_machine.travel(PROBED_AT, tick=False):
        wrong = probe(client, who, world)
    assert wrong == [], "\n".join(map(str, wrong))


def test_the_rightful_person_opens_every_page(world, client_as):
    """The probe's ids are real: the owner of each object gets its page (a GET; for a page that
    only takes a POST, an empty POST, undone afterwards) without a 403, 404 or 500."""
    wrong, seen = [], set()
    clients = {}
    with time_machine.travel(PROBED_AT, tick=False):
        for name, (who, args) in ROUTES.items():
            person = getattr(world.personas, who, None) or getattr(world, who)
            client = clients.get(who) or clients.setdefault(who, client_as(person))
            url = reverse(name, kwargs=args(world) if args else None)
            response = client.get(url)
            seen |= markers_in(response)
            if response.status_code == 405:
                with transaction.atomic():
                    response = client.post(url, POST_DATA[name](world) if name in POST_DATA else None)
                    transaction.set_rollback(True)
                if response.status_code in (403, 404, 405) or response.status_code >= 500:
                    wrong.append((name, "post", url, response.status_code))
            elif response.status_code not in (200, 302) or is_login_redirect(response, admin=False):
                wrong.append((name, "get", url, response.status_code))
    assert wrong == [], "\n".join(map(str, wrong))
    # Every marker of the world is on a page of its owners: the probe looks for texts pages show.
    assert page_world.MARKS - seen == set()


def test_the_probe_catches_an_opened_page(world, client_as, monkeypatch):
    """Let anyone read and write any report (the two getters of every report page) and revoke anyone's
    API token: the probe names the report's pages, what they show, and the token a POST changed."""
    from types import SimpleNamespace

    import api.views
    from api.models import ApiToken
    from reports.models import Submission
    from reports.submissions import selectors

    def anyone(request, pk):
        return Submission.objects.select_related("duty__plan__committee", "duty__outline", "committee").get(pk=pk)

    monkeypatch.setattr(selectors, "get_visible_submission", anyone)
    monkeypatch.setattr(selectors, "get_writable_submission", anyone)
    anyones_tokens = SimpleNamespace(filter=lambda pk, user: ApiToken.objects.filter(pk=pk))
    monkeypatch.setattr(api.views, "ApiToken", SimpleNamespace(objects=anyones_tokens))
    with time_machine.travel(PROBED_AT, tick=False):
        wrong = probe(client_as(world.personas.other_city_reviewer), "other_city_reviewer", world)
    detail = reverse("reports-submission-detail", args=[world.sub.pk])
    version = reverse("reports-submission-version", args=[world.sub.pk, 1])
    revoke = reverse("api-token-revoke", args=[world.token.pk])
    assert ("get", detail, 200, "answered") in wrong and ("get", version, 200, "answered") in wrong
    assert (
        "get",
        detail,
        200,
        "shows ['MẬT-A-answer', 'MẬT-A-duty', 'MẬT-A-evidence', 'MẬT-A-indicator', "
        "'MẬT-A-outline-item', 'MẬT-A-plan', 'MẬT-A-review-comment']",
    ) in wrong
    assert ("post", revoke, 302, "changed ['api_apitoken']") in wrong
    opened = {url for _method, url, _status, _why in wrong}
    report_urls = ("/bao-cao/don-vi/", "/bao-cao/minh-chung/")
    assert {url for url in opened if not url.startswith(report_urls)} == {revoke}

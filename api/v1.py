"""The JSON API, version 1 (/api/v1/): django-ninja, its OpenAPI schema at /api/v1/schema/ and the
interactive docs at /api/v1/docs/ (swagger-ui, served by this site).

Every operation needs a token (`Authorization: Bearer mttq_...`, api.models.ApiToken) and acts as
the token's account: the reads go through the pages' own selectors and access rules
(api/selectors.py, committees/access.py), an object the account may not see is a 404 as on the
pages, a revoked or unknown token a 401, a malformed parameter a 400 with the reason, and each
token has API_RATE_LIMIT_PER_MINUTE requests a minute (429 beyond). Query parameters are read by
lib.params (ids, dates) so the API refuses what the pages refuse."""

import datetime
from decimal import Decimal
from typing import Any, Generic, TypeVar

from django.conf import settings
from django.core.exceptions import BadRequest
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, NinjaAPI, Query, Schema, Status, Swagger
from ninja.errors import AuthenticationError, HttpError, Throttled
from ninja.errors import ValidationError as NinjaValidationError
from ninja.renderers import JSONRenderer
from ninja.responses import NinjaJSONEncoder
from ninja.security import HttpBearer
from ninja.throttling import BaseThrottle

from committees.access import get_access
from congresses.access import get_pipeline_round
from congresses.pipeline.selectors import STAGES, pipeline, round_congresses, stage_q
from inspections.access import get_results_round_for_reader
from inspections.selectors import board
from lib.numbers import without_trailing_zeros
from lib.params import date_param, id_param
from reports.dashboards.selectors import days_late, indicator_totals
from reports.models import Indicator, Submission
from reports.submissions.selectors import get_writable_submission
from reports.submissions.services import NotEditable

from . import selectors
from .models import ApiToken
from .services import ValuesRefused, indicator_values_push, rate_take, token_hash

PAGE_SIZE = 50
MAX_PAGE_SIZE = 500
Item = TypeVar("Item")


# --- tokens and the rate limit ----------------------------------------------------------------
class TokenAuth(HttpBearer):
    """`Authorization: Bearer <token>`: the request acts as the token's account."""

    openapi_description = "Mã truy cập API (trang “Mã truy cập API” hoặc lệnh `manage.py api_token <tên đăng nhập>`)."

    def authenticate(self, request, token):
        found = ApiToken.objects.active().select_related("user").filter(key_hash=token_hash(token)).first()
        if found is None:
            return None
        request.user = found.user  # the access helpers of the pages read request.user
        return found


class TokenRateLimit(BaseThrottle):
    """Per token, counted on its database row (api.services.rate_take): shared by every web machine."""

    def allow_request(self, request) -> bool:
        return rate_take(token=request.auth)

    def wait(self) -> float:
        now = timezone.now()
        return 60 - now.second


class SiteSwagger(Swagger):
    """swagger-ui from the site's own static files (static/vendor/swagger-ui/, no source maps) and a
    page without inline script (templates/api/docs.html): ninja is not an installed app, so none
    of its bundled files (source maps, redoc) is collected."""

    def render_page(self, request, api, **kwargs):
        page_settings = {**self.settings, "url": self.get_openapi_url(api, kwargs)}
        return render(request, "api/docs.html", {"api": api, "swagger_settings": page_settings})


class VietnamTimeEncoder(NinjaJSONEncoder):
    """Moments in Vietnam's time with their offset ("2022-06-14T23:59:59+07:00"), as the pages show them."""

    def default(self, o):
        if isinstance(o, datetime.datetime) and timezone.is_aware(o):
            o = timezone.localtime(o)
        return super().default(o)


class ReadableJSON(JSONRenderer):
    encoder_class = VietnamTimeEncoder
    json_dumps_params = {"ensure_ascii": False}  # Vietnamese as written, not \u escapes


api = NinjaAPI(
    renderer=ReadableJSON(),
    title="Cổng báo cáo MTTQ – API",
    version="1",
    description=(
        "API chỉ đọc (trừ số liệu chỉ tiêu của báo cáo đang mở của chính đơn vị). Mỗi mã truy cập thấy "
        "đúng những gì tài khoản của nó thấy trên Cổng. Ngày: yyyy-mm-dd hoặc dd/mm/yyyy."
    ),
    urls_namespace="api-v1",
    openapi_url="/schema/",
    docs_url="/docs/",
    docs=SiteSwagger(settings={"persistAuthorization": False, "tryItOutEnabled": False}),
    auth=TokenAuth(),
    throttle=TokenRateLimit(),
)


def _error(request, message: str, status: int, **extra):
    return api.create_response(request, {"detail": message, **extra}, status=status)


@api.exception_handler(BadRequest)
def bad_request(request, exc):
    return _error(request, str(exc), 400)


@api.exception_handler(NinjaValidationError)
def malformed(request, exc):
    names = [str(e["loc"][-1]) for e in exc.errors if e.get("loc")]
    if names and exc.errors[0]["loc"][0] == "body":
        return _error(request, _("Nội dung gửi lên không hợp lệ (JSON): %(f)s.") % {"f": ", ".join(names)}, 400)
    return _error(request, _("Tham số “%(name)s” không hợp lệ.") % {"name": ", ".join(names) or "?"}, 400)


@api.exception_handler(HttpError)
def http_error(request, exc):
    if exc.status_code == 400:  # ninja's only one: a body that is not JSON
        return _error(request, _("Nội dung gửi lên không hợp lệ: không đọc được JSON."), 400)
    return _error(request, str(exc), exc.status_code)


@api.exception_handler(Http404)
def not_found(request, exc):
    return _error(request, _("Không tìm thấy, hoặc bạn không có quyền xem."), 404)


@api.exception_handler(AuthenticationError)
def unauthenticated(request, exc):
    response = _error(request, _("Thiếu mã truy cập, hoặc mã không đúng hay đã bị thu hồi."), 401)
    response["WWW-Authenticate"] = 'Bearer realm="api"'
    return response


@api.exception_handler(Throttled)
def throttled(request, exc):
    return _error(
        request,
        _("Quá %(n)d yêu cầu một phút cho mã này; hãy thử lại sau.") % {"n": settings.API_RATE_LIMIT_PER_MINUTE},
        429,
    )


class DetailOut(Schema):
    detail: str = Field(description="Lý do, bằng tiếng Việt")


# The answers every operation may give besides its own (the exception handlers above write them):
# a malformed or unknown parameter, no valid token, an object the account does not see (or a
# committee filter outside its tree), the rate limit.
ERRORS = {400: DetailOut, 401: DetailOut, 404: DetailOut, 429: DetailOut}


# --- pagination -------------------------------------------------------------------------------
class PageQuery(Schema):
    page: str | None = Field(None, description="Trang, từ 1")
    page_size: str | None = Field(None, description=f"Số dòng một trang (mặc định {PAGE_SIZE}, tối đa {MAX_PAGE_SIZE})")


class Page(Schema, Generic[Item]):
    count: int
    page: int
    page_size: int
    items: list[Item]


def _params(request, filters: Schema | None = None) -> dict:
    """The query parameters the operation declares (the fields of its `filters` schema; none
    without one) as a dict; any other name is a 400 naming it, so a typo ("comittee=") never
    silently answers everything. Every operation calls this first."""
    known = set(type(filters).model_fields) if filters is not None else set()
    unknown = sorted(set(request.GET) - known)
    if unknown:
        raise BadRequest(
            _("Tham số không được hỗ trợ: %(names)s.") % {"names": ", ".join(f"“{name[:40]}”" for name in unknown)}
        )
    return filters.dict(exclude_none=True) if filters is not None else {}


def paged(params: dict, items, transform=None) -> dict:
    """One page of `items` (a queryset or a list): {"count", "page", "page_size", "items"}."""
    page = id_param(params, "page") or 1
    size = min(id_param(params, "page_size") or PAGE_SIZE, MAX_PAGE_SIZE)
    count = items.count() if hasattr(items, "count") and not isinstance(items, list) else len(items)
    start = (page - 1) * size
    chunk = list(items[start : start + size]) if start < count else []
    return {"count": count, "page": page, "page_size": size, "items": transform(chunk) if transform else chunk}


# --- committees -------------------------------------------------------------------------------
class CommitteeOut(Schema):
    id: int
    name: str
    short_name: str
    code: str
    level: str
    tier: str
    kind: str
    parent_id: int | None
    depth: int
    is_active: bool


class CommitteeFilters(PageQuery):
    committee: str | None = Field(None, description="Chỉ cây con của đơn vị này (id)")
    as_of: str | None = Field(None, description="Cây đơn vị vào ngày này")


@api.get(
    "/committees/", response={200: Page[CommitteeOut], **ERRORS}, tags=["committees"], summary="Các đơn vị (cây con)"
)
def committee_list(request, filters: Query[CommitteeFilters]):
    access, params = get_access(request.user), _params(request, filters)
    under = selectors.under_committee(access=access, committee_id=id_param(params, "committee"))
    return paged(params, selectors.committees_as_of(access=access, day=date_param(params, "as_of"), under=under))


@api.get("/committees/{id:pk}/", response={200: CommitteeOut, **ERRORS}, tags=["committees"], summary="Một đơn vị")
def committee_detail(request, pk: int):
    _params(request)
    return selectors.under_committee(access=get_access(request.user), committee_id=pk)


# --- plans and duties -------------------------------------------------------------------------
class PlanOut(Schema):
    id: int
    committee_id: int
    kind: str
    state: str
    document_number: str
    title: str
    issued_on: datetime.date | None


class DatedFilters(PageQuery):
    committee: str | None = Field(None, description="Chỉ cây con của đơn vị này (id)")
    date_from: str | None = Field(None, description="Từ ngày")
    date_to: str | None = Field(None, description="Đến ngày")


def _date_bounds(params: dict) -> tuple[datetime.date | None, datetime.date | None]:
    start, end = date_param(params, "date_from"), date_param(params, "date_to")
    if start and end and start > end:
        raise BadRequest(_("“date_from” phải trước hoặc bằng “date_to”."))
    return start, end


def _date_range(qs, params: dict, field: str, *, moment: bool = False):
    start, end = _date_bounds(params)
    suffix = "__date" if moment else ""
    if start:
        qs = qs.filter(**{f"{field}{suffix}__gte": start})
    if end:
        qs = qs.filter(**{f"{field}{suffix}__lte": end})
    return qs


def _subtree(qs, params: dict, access, prefix: str):
    under = selectors.under_committee(access=access, committee_id=id_param(params, "committee"))
    return qs.filter(**{f"{prefix}path__startswith": under.path}) if under else qs


@api.get(
    "/plans/",
    response={200: Page[PlanOut], **ERRORS},
    tags=["plans"],
    summary="Kế hoạch (lọc theo đơn vị ban hành, ngày ban hành)",
)
def plan_list(request, filters: Query[DatedFilters]):
    access, params = get_access(request.user), _params(request, filters)
    plans = _subtree(selectors.plans_visible(access=access), params, access, "committee__")
    return paged(params, _date_range(plans, params, "issued_on").order_by("-issued_on", "-pk"))


@api.get("/plans/{id:pk}/", response={200: PlanOut, **ERRORS}, tags=["plans"], summary="Một kế hoạch")
def plan_detail(request, pk: int):
    _params(request)
    return get_object_or_404(selectors.plans_visible(access=get_access(request.user)), pk=pk)


class DutyOut(Schema):
    id: int
    plan_id: int
    outline_id: int
    title: str
    deadline: datetime.datetime
    page_limit: int | None
    allow_late: bool


class DutyFilters(DatedFilters):
    plan: str | None = Field(None, description="Kế hoạch (id)")


@api.get(
    "/duties/",
    response={200: Page[DutyOut], **ERRORS},
    tags=["duties"],
    summary="Yêu cầu báo cáo (lọc theo kế hoạch, hạn nộp)",
)
def duty_list(request, filters: Query[DutyFilters]):
    access, params = get_access(request.user), _params(request, filters)
    duties = _subtree(selectors.duties_visible(access=access), params, access, "plan__committee__")
    plan_id = id_param(params, "plan")
    if plan_id is not None:
        duties = duties.filter(plan_id=plan_id)
    return paged(params, _date_range(duties, params, "deadline", moment=True).order_by("deadline", "pk"))


def _duty(request, pk: int):
    return get_object_or_404(selectors.duties_visible(access=get_access(request.user)), pk=pk)


@api.get("/duties/{id:pk}/", response={200: DutyOut, **ERRORS}, tags=["duties"], summary="Một yêu cầu báo cáo")
def duty_detail(request, pk: int):
    _params(request)
    return _duty(request, pk)


class IndicatorTotalOut(Schema):
    indicator_id: int
    name: str
    unit: str
    aggregation: str
    total: Decimal | None
    contributors: int


class TotalsFilters(Schema):
    committee: str | None = Field(None, description="Chỉ tổng của cây con của đơn vị này (id)")


@api.get(
    "/duties/{id:pk}/indicator-totals/",
    response={200: list[IndicatorTotalOut], **ERRORS},
    tags=["indicators"],
    summary="Tổng hợp chỉ tiêu của các báo cáo đã nộp, đã tiếp nhận (như bảng điều khiển)",
)
def duty_indicator_totals(request, pk: int, filters: Query[TotalsFilters]):
    """The dashboard's totals (reports.dashboards.selectors.indicator_totals), for whoever follows
    the plan's dashboard: its standing committee and those above it."""
    access, params = get_access(request.user), _params(request, filters)
    duty = _duty(request, pk)
    plan = duty.plan
    if plan.state == plan.State.DRAFT or not access.oversees(plan.committee):
        raise Http404
    under = selectors.under_committee(access=access, committee_id=id_param(params, "committee"))
    if under is None:
        under = plan.committee
    elif not under.is_within(plan.committee):
        raise Http404
    return [
        {
            "indicator_id": t.indicator.pk,
            "name": t.indicator.name,
            "unit": t.indicator.unit,
            "aggregation": t.indicator.aggregation,
            "total": t.total,
            "contributors": t.contributors,
        }
        for t in indicator_totals(duty=duty, under=under)
    ]


# --- submissions ------------------------------------------------------------------------------
class SubmissionOut(Schema):
    id: int
    duty_id: int
    plan_id: int
    committee_id: int
    committee_name: str
    state: str = Field(description="Trạng thái lưu: not_started, draft, submitted, returned, accepted")
    status: str = Field(description="Trạng thái theo hạn: " + ", ".join(Submission.Status.values))
    deadline: datetime.datetime = Field(description="Hạn nộp (đã tính gia hạn)")
    first_submitted_at: datetime.datetime | None
    submitted_at: datetime.datetime | None
    accepted_at: datetime.datetime | None
    late: bool | None = Field(description="Nộp lần đầu sau hạn (quy tắc duy nhất: Submission.is_late)")
    days_late: int | None


class SubmissionFilters(DutyFilters):
    duty: str | None = Field(None, description="Yêu cầu báo cáo (id)")
    status: str | None = Field(None, description="Một trong: " + ", ".join(Submission.Status.values))


def _submission_rows(subs, now=None) -> list[dict]:
    now = now or timezone.now()
    return [
        {
            "id": s.pk,
            "duty_id": s.duty_id,
            "plan_id": s.duty.plan_id,
            "committee_id": s.committee_id,
            "committee_name": s.committee.name,
            "state": s.state,
            "status": s.status,
            "deadline": s.effective_deadline,
            "first_submitted_at": s.first_submitted_at,
            "submitted_at": s.submitted_at,
            "accepted_at": s.accepted_at,
            "late": s.late,
            "days_late": days_late(s, now),
        }
        for s in subs
    ]


@api.get(
    "/submissions/",
    response={200: Page[SubmissionOut], **ERRORS},
    tags=["submissions"],
    summary="Báo cáo của các đơn vị: trạng thái và đúng hạn (lọc theo đơn vị, yêu cầu, hạn nộp)",
)
def submission_list(request, filters: Query[SubmissionFilters]):
    access, params = get_access(request.user), _params(request, filters)
    now = timezone.now()
    subs = _subtree(selectors.submissions_visible(access=access, now=now), params, access, "committee__")
    for name in ("duty", "plan"):
        value = id_param(params, name)
        if value is not None:
            subs = subs.filter(**{"duty_id" if name == "duty" else "duty__plan_id": value})
    status = params.get("status")
    if status:
        if status not in Submission.Status.values:
            raise BadRequest(
                _("Tham số “status” phải là một trong: %(values)s.") % {"values": ", ".join(Submission.Status.values)}
            )
        subs = subs.filter(status=status)
    subs = _date_range(subs, params, "effective_deadline", moment=True).order_by(
        "effective_deadline", "committee__sort_name", "pk"
    )
    return paged(params, subs, lambda chunk: _submission_rows(chunk, now))


def _submission(request, pk: int):
    return get_object_or_404(selectors.submissions_visible(access=get_access(request.user)), pk=pk)


@api.get("/submissions/{id:pk}/", response={200: SubmissionOut, **ERRORS}, tags=["submissions"], summary="Một báo cáo")
def submission_detail(request, pk: int):
    _params(request)
    return _submission_rows([_submission(request, pk)])[0]


class IndicatorValueOut(Schema):
    indicator_id: int
    name: str
    unit: str
    decimal_places: int
    value: Decimal | None


def _values(sub) -> list[dict]:
    values = {v.indicator_id: v.value for v in sub.values.all()}
    indicators = Indicator.objects.filter(item__outline_id=sub.duty.outline_id).order_by(
        "item__position", "item_id", "position", "pk"
    )
    return [
        {
            "indicator_id": i.pk,
            "name": i.name,
            "unit": i.unit,
            "decimal_places": i.decimal_places,
            "value": without_trailing_zeros(values.get(i.pk)),
        }
        for i in indicators
    ]


@api.get(
    "/submissions/{id:pk}/indicator-values/",
    response={200: list[IndicatorValueOut], **ERRORS},
    tags=["indicators"],
    summary="Số liệu chỉ tiêu của một báo cáo",
)
def submission_values(request, pk: int):
    _params(request)
    return _values(_submission(request, pk))


class ValuesIn(Schema):
    # Any: each value reaches the form's rule (read_number) as the JSON carried it; pydantic would
    # read "1.500" (one thousand five hundred, as the portal writes it) as 1.5.
    values: dict[str, Any] = Field(
        description='{id chỉ tiêu: số} — số JSON, hoặc chuỗi viết như trên Cổng ("1.500", "2,5"), null để xóa'
    )


class RefusedValue(Schema):
    indicator: str
    message: str


class ValuesRefusedOut(Schema):
    detail: str
    errors: list[RefusedValue]


@api.put(
    "/submissions/{id:pk}/indicator-values/",
    response={**ERRORS, 200: list[IndicatorValueOut], 400: ValuesRefusedOut, 409: DetailOut},
    tags=["indicators"],
    summary="Gửi số liệu chỉ tiêu vào báo cáo đang mở của đơn vị mình (tất cả hoặc không gì cả)",
)
def submission_values_put(request, pk: int, payload: ValuesIn):
    """Like the Excel form of the indicators: every value is checked; one refused value refuses
    the whole request (400, each refused value with its reason); a report already submitted or
    accepted answers 409. Only the committee's officers, leaders and own standing committee."""
    _params(request)
    submission = get_writable_submission(request, pk)  # the Excel form's rule: 404 for anyone else
    try:
        indicator_values_push(submission=submission, values=payload.values, by=request.user)
    except NotEditable as exc:
        return Status(409, {"detail": exc.messages[0]})
    except ValuesRefused as exc:
        return Status(
            400,
            {
                "detail": _("Số liệu không được ghi: %(n)d giá trị bị từ chối.") % {"n": len(exc.errors)},
                "errors": [{"indicator": str(pk), "message": message} for pk, message in exc.errors],
            },
        )
    submission.refresh_from_db()
    return Status(200, _values(submission))


# --- inspections ------------------------------------------------------------------------------
class InspectionRoundOut(Schema):
    id: int
    committee_id: int
    title: str
    year: int
    is_decided: bool


class RoundFilters(PageQuery):
    committee: str | None = Field(None, description="Chỉ các đợt của cây con của đơn vị này (id)")
    date_from: str | None = Field(None, description="Lập đợt từ ngày")
    date_to: str | None = Field(None, description="Lập đợt đến ngày")


def _rounds(rounds: list, params: dict, access) -> list:
    """Rounds of the committee filter's subtree, set up (created_at, Vietnam's day) within the dates."""
    under = selectors.under_committee(access=access, committee_id=id_param(params, "committee"))
    start, end = _date_bounds(params)
    return [
        r
        for r in rounds
        if (under is None or r.committee.is_within(under))
        and (start is None or timezone.localdate(r.created_at) >= start)
        and (end is None or timezone.localdate(r.created_at) <= end)
    ]


@api.get(
    "/inspections/rounds/",
    response={200: Page[InspectionRoundOut], **ERRORS},
    tags=["inspections"],
    summary="Các đợt kiểm tra",
)
def inspection_round_list(request, filters: Query[RoundFilters]):
    access, params = get_access(request.user), _params(request, filters)
    return paged(
        params, _rounds(selectors.inspection_rounds_with_results(user=request.user, access=access), params, access)
    )


class InspectionResultOut(Schema):
    unit_id: int
    committee_id: int
    committee_name: str
    day: datetime.date | None
    self_total: Decimal | None
    cross_total: Decimal | None
    team_total: Decimal | None
    total: Decimal
    band: str
    strong: bool
    rank: int | None


class ResultFilters(PageQuery):
    committee: str | None = Field(
        None, description="Chỉ các đơn vị trong cây con của đơn vị này (id); thứ hạng vẫn của cả đợt"
    )


@api.get(
    "/inspections/rounds/{id:pk}/results/",
    response={200: Page[InspectionResultOut], **ERRORS},
    tags=["inspections"],
    summary="Kết quả, xếp loại và thứ hạng của một đợt kiểm tra",
)
def inspection_results(request, pk: int, filters: Query[ResultFilters]):
    # The results page's own access (404) and reading: a team member gets the units of their days.
    access, params = get_access(request.user), _params(request, filters)
    round, days, _reconciles = get_results_round_for_reader(request, pk)
    under = selectors.under_committee(access=access, committee_id=id_param(params, "committee"))
    rows = board(round, day_ids=days)  # ranks and bands over the whole round, as on the page
    if under is not None:
        rows = [r for r in rows if r.unit.committee.is_within(under)]
    return paged(
        params,
        rows,
        lambda chunk: [
            {
                "unit_id": r.unit.pk,
                "committee_id": r.unit.committee_id,
                "committee_name": r.unit.committee.name,
                "day": r.unit.day.date if r.unit.day else None,
                "self_total": r.self_total,
                "cross_total": r.cross_total,
                "team_total": r.team_total,
                "total": r.totals.total,
                "band": r.band,
                "strong": r.strong,
                "rank": r.rank,
            }
            for r in chunk
        ],
    )


# --- congresses -------------------------------------------------------------------------------
class CongressRoundOut(Schema):
    id: int
    committee_id: int
    title: str
    term_start: int
    term_end: int


@api.get(
    "/congresses/rounds/",
    response={200: Page[CongressRoundOut], **ERRORS},
    tags=["congresses"],
    summary="Các đợt đại hội",
)
def congress_round_list(request, filters: Query[RoundFilters]):
    access, params = get_access(request.user), _params(request, filters)
    return paged(params, _rounds(selectors.congress_rounds_with_pipeline(access=access), params, access))


class PipelineOut(Schema):
    congress_id: int
    committee_id: int
    committee_name: str
    is_pilot: bool
    stage: str
    stage_label: str
    stage_detail: str
    waits_on: str
    waiting_since: datetime.date | None
    late: list[str]


class PipelineFilters(PageQuery):
    stage: str | None = Field(None, description="Một trong: " + ", ".join(s for s, _label in STAGES))
    committee: str | None = Field(None, description="Chỉ các đơn vị trong cây con của đơn vị này (id)")


@api.get(
    "/congresses/rounds/{id:pk}/pipeline/",
    response={200: Page[PipelineOut], **ERRORS},
    tags=["congresses"],
    summary="Tiến độ từng đại hội của một đợt: giai đoạn, chờ ai, từ khi nào, chậm gì",
)
def congress_pipeline(request, pk: int, filters: Query[PipelineFilters]):
    access, params = get_access(request.user), _params(request, filters)
    rnd = get_pipeline_round(request, pk)  # the pipeline page's rule
    congresses = _subtree(round_congresses(rnd, access), params, access, "committee__")
    stage = params.get("stage")
    if stage:
        if stage not in dict(STAGES):
            raise BadRequest(
                _("Tham số “stage” phải là một trong: %(values)s.") % {"values": ", ".join(s for s, _l in STAGES)}
            )
        congresses = congresses.filter(stage_q(stage))

    def rows(chunk):
        page_rows = pipeline(
            congresses=congresses.filter(pk__in=[c.pk for c in chunk]).order_by(
                "-is_pilot", "committee__sort_name", "pk"
            )
        )
        return [
            {
                "congress_id": r.congress.pk,
                "committee_id": r.congress.committee_id,
                "committee_name": r.congress.committee.name,
                "is_pilot": r.congress.is_pilot,
                "stage": r.stage,
                "stage_label": r.stage_label,
                "stage_detail": r.stage_detail,
                "waits_on": r.waits_on,
                "waiting_since": r.since_date,
                "late": [str(x) for x in r.late],
            }
            for r in page_rows
        ]

    return paged(params, congresses, rows)

"""The province's pipeline dashboard of a round: per unit, where it stands, what is late and at
whom it waits. For the standing committees that oversee the round's committee (a district sees its
own units). A page of 200 units costs a fixed number of queries; the stage filter is a WHERE
over the whole round (selectors.stage_q), applied before the page is cut."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render

from committees.access import get_access
from congresses.access import get_pipeline_round
from congresses.pipeline.selectors import STAGES, pipeline, round_congresses, stage_q

PAGE_SIZE = 200


@login_required
def pipeline_page(request, pk: int):
    rnd = get_pipeline_round(request, pk)
    access = get_access(request.user)
    congresses = round_congresses(rnd, access)
    stage = request.GET.get("giai-doan", "")
    if stage in dict(STAGES):  # filtered in SQL over the whole round, then paginated
        congresses = congresses.filter(stage_q(stage))
    else:
        stage = ""
    page = Paginator(congresses, PAGE_SIZE).get_page(request.GET.get("trang"))
    rows = pipeline(
        congresses=congresses.filter(pk__in=[c.pk for c in page.object_list]).order_by(
            "-is_pilot", "committee__sort_name", "pk"
        )
    )
    return render(
        request,
        "congresses/pipeline.html",
        {"round": rnd, "rows": rows, "page": page, "stages": STAGES, "stage": stage},
    )

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from .access import get_access, get_committee_for_user
from .models import Committee


@login_required
def committee_detail(request, pk: int):
    committee = get_committee_for_user(request, pk)
    access = get_access(request.user)
    children = committee.children.order_by("kind", "sort_name", "pk") if access.can_review(committee) or access.can_manage(committee) else Committee.objects.none()
    return render(
        request,
        "committees/committee_detail.html",
        {"committee": committee, "ancestors": committee.ancestors(), "children": children},
    )

"""The helpers every congress page uses to fetch a congress or a round for the person (404 otherwise). The
rules themselves are in committees/access.py."""

from django.http import Http404

from committees.access import get_access
from congresses.models import Congress, Round


def get_congress(request, pk: int, *, write: bool = False) -> Congress:
    """The congress if the person may see it (its unit, the standing committees above it); with
    `write`, only if the person prepares it (the unit's officers, leaders, own standing committee)."""
    congress = (
        Congress.objects.select_related("round", "round__committee", "level", "committee", "pilot_group")
        .filter(pk=pk)
        .first()
    )
    access = get_access(request.user)
    if congress is None or not access.can_view(congress.committee):
        raise Http404
    if write and not access.can_prepare_dossier(congress.committee):
        raise Http404
    return congress


def get_round(request, pk: int, *, manage: bool = False) -> Round:
    """The round if the person works under its committee; with `manage`, only for its standing committee."""
    rnd = Round.objects.select_related("committee", "plan").filter(pk=pk).first()
    access = get_access(request.user)
    if rnd is None or not access.works_under(rnd.committee) or (manage and not access.can_manage(rnd.committee)):
        raise Http404
    return rnd


def get_pipeline_round(request, pk: int) -> Round:
    """The round whose pipeline the person follows (the pipeline page and the API): a reviewer who
    works under the round's committee; 404 otherwise."""
    rnd = get_round(request, pk)
    if not get_access(request.user).is_reviewer:
        raise Http404
    return rnd

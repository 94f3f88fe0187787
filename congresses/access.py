"""The one helper every congress page uses to fetch a congress for the person (404 otherwise). The
rules themselves are in committees/access.py."""

from django.http import Http404

from committees.access import get_access
from congresses.models import Congress


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

"""Reads of the records after the congress: lessons searchable across units and rounds, and the
action programme's targets (for pre-filling the next term's mid-term review outline)."""

from committees.access import Access
from committees.models import Committee
from congresses.models import ActionTarget, Congress
from lib.vnsort import fold_name


def lessons_search(*, access: Access, query: str = "", limit: int = 100) -> list[Congress]:
    """Congresses with recorded lessons that the person may see, whose strengths, limits or
    lessons, or unit name, contain every word of `query` whatever the spelling (Hoà/Hòa, NFC/NFD,
    case: lib.vnsort.fold_name)."""
    congresses = (
        Congress.objects.filter(lessons_recorded_at__isnull=False)
        .filter(access.visible_committees_q(prefix="committee__"))
        .select_related("committee", "round")
        .order_by("-lessons_recorded_at")
    )
    for word in fold_name(query).split():
        congresses = congresses.filter(lessons_folded__contains=word)
    return list(congresses[:limit])


def action_targets(*, committee: Committee, term_start: int | None = None) -> list[ActionTarget]:
    """The targets (chỉ tiêu) of the committee's action programme for a term (its latest congress
    when no term is given), in order: what the next mid-term review outline is pre-filled from."""
    congresses = Congress.objects.filter(committee=committee, targets__isnull=False)
    if term_start is not None:
        congresses = congresses.filter(round__term_start=term_start)
    congress = congresses.order_by("-round__term_start", "-pk").first()
    if congress is None:
        return []
    return list(ActionTarget.objects.filter(congress=congress).order_by("position", "pk"))

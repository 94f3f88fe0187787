"""Reads of the dossier: its state on the approvals chain, with the files of each document."""

from collections import defaultdict

from approvals.models import Case
from approvals.selectors import case_state
from congresses.models import Congress, DocumentVersion
from lib.calendar_vn import day_off_warning


def dossier_locked(congress: Congress) -> bool:
    """An approved dossier is locked: nothing of it (documents, short list) changes any more."""
    return congress.case_id is not None and Case.objects.filter(pk=congress.case_id, locked_at__isnull=False).exists()


def dossier_approved(congress: Congress) -> bool:
    """Every level of the chain approved every document (the case is locked)."""
    return dossier_locked(congress)


def _may_replace(state, item_state) -> bool:
    """A new version is taken before sending, and after it only for a document returned or still
    waiting at the current level (the approvals chain refuses the others)."""
    if state.is_locked:
        return False
    if not state.is_sent:
        return True
    return item_state.status in ("returned", "submitted")


def dossier_overview(*, congress: Congress, access) -> dict | None:
    """The dossier block of the congress page: the chain's state (approvals.selectors.case_state),
    each document with its versions here, and what the person may do."""
    if congress.case_id is None:
        return None
    state = case_state(congress.case)
    versions = defaultdict(list)
    for v in DocumentVersion.objects.filter(congress=congress).select_related("uploaded_by", "uploaded_by__profile"):
        versions[v.key].append(v)
    may_prepare = access.can_prepare_dossier(congress.committee)
    return {
        "state": state,
        "rows": [
            (item_state, versions.get(item_state.item.key, []), may_prepare and _may_replace(state, item_state))
            for item_state in state.items
        ],
        "may_send": may_prepare and not state.is_sent,
        "submit_warning": day_off_warning(congress.level.submit_deadline),
        "approve_warning": day_off_warning(congress.level.approve_deadline),
    }

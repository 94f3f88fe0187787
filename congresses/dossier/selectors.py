"""Reads of the dossier."""

from congresses.models import Congress


def dossier_locked(congress: Congress) -> bool:
    """An approved dossier is locked: nothing of it (documents, short list) changes any more."""
    return False


def dossier_approved(congress: Congress) -> bool:
    """Every level of the chain approved every required document."""
    return True


def dossier_overview(*, congress: Congress, access) -> dict | None:
    """The dossier block of the congress page."""
    return None

"""Reads about committees shared by the apps above."""

from lib.vnsort import fold_name

from .models import Committee, Membership


def committee_addresses(committee: Committee, roles, *, include_committee: bool = True) -> list[str]:
    """The email addresses of the committee's active people in `roles`, then (unless told not to)
    the committee's own addresses; each address once, whatever its case."""
    people = (
        Membership.objects.filter(committee=committee, role__in=list(roles), user__is_active=True)
        .exclude(user__email="")
        .order_by("role", "user__username")
        .values_list("user__email", flat=True)
    )
    seen, result = set(), []
    for address in [*people, *(committee.email_list if include_committee else [])]:
        if address.lower() not in seen:
            seen.add(address.lower())
            result.append(address)
    return result


def committees_named(name: str, *, among=None) -> list[Committee]:
    """The committees called `name`, however it is spelt (Hoà/Hòa, NFC/NFD, case: lib.vnsort.fold_name):
    by full name, short name, or the full name ending in it ("Hoà Hương" finds "Ủy ban MTTQ Việt
    Nam phường Hòa Hương"). `among` narrows the search (e.g. the children of a city)."""
    wanted = fold_name(name)
    if not wanted:
        return []
    found = []
    for committee in (among if among is not None else Committee.objects.all()).by_name():
        full = fold_name(committee.name)
        if wanted in (full, fold_name(committee.short_name)) or full.endswith(" " + wanted):
            found.append(committee)
    return found

"""Reads about committees shared by the apps above."""

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

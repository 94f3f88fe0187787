"""People as the portal shows them: the one place that turns an account into a name.

A Vietnamese name is written family name first ("Nguyễn Hồng Hải") and is stored as written in
Profile.full_name; it is never built from Django's first_name + last_name (which put the given
name first). Everything that shows a person (pages, emails, Excel, messages, admin) calls
display_name(), or the `person` template filter that wraps it.
"""

import unicodedata

from django.core.exceptions import ObjectDoesNotExist

from lib.vnsort import sort_key

from .models import Profile


def full_name(user) -> str:
    """The stored full name, "" when there is none."""
    if user is None:
        return ""
    try:
        profile = user.profile
    except (ObjectDoesNotExist, AttributeError):
        return ""
    return profile.full_name.strip() if profile else ""


def display_name(user) -> str:
    """The person's full name as written, family name first; the username when no name is stored."""
    if user is None:
        return ""
    return full_name(user) or (user.get_username() if hasattr(user, "get_username") else str(user))


def given_name(user) -> str:
    """The given name (the last word of the full name), to greet a person as "anh/chị Hải"."""
    name = full_name(user)
    return name.split()[-1] if name else display_name(user)


def person_sort_key(user) -> str:
    """Vietnamese order of people: by given name, then by the whole name (as Vietnamese lists of
    people are ordered), the username last."""
    name = full_name(user)
    given = name.split()[-1] if name else ""
    return sort_key(given) + "|" + sort_key(name) + "|" + (user.get_username() if user else "")


def set_full_name(user, name: str) -> Profile:
    """Store `name` (as written; spaces tidied, NFC) as the person's full name."""
    name = " ".join(unicodedata.normalize("NFC", name or "").split())
    profile, _created = Profile.objects.update_or_create(user=user, defaults={"full_name": name})
    user.profile = profile
    return profile


def share_profile(loaded, user) -> None:
    """Give `user` the profile already loaded (select_related, possibly "none") on `loaded`, the
    same account read by another query, so showing the name costs no query of its own."""
    descriptor = getattr(user.__class__, "profile", None)  # __class__: request.user is a lazy object
    if descriptor is None:
        return
    if descriptor.related.is_cached(loaded) and not descriptor.related.is_cached(user):
        descriptor.related.set_cached_value(user, descriptor.related.get_cached_value(loaded))

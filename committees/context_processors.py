from .access import get_access


def roles(request):
    """Puts the person's access on every page so the navigation shows only what they may use."""
    user = getattr(request, "user", None)
    if user is None:
        return {}
    return {"access": get_access(user)}

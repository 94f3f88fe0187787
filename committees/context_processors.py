from django.conf import settings

from .access import get_access


def roles(request):
    """Puts the person's access on every page so the navigation shows only what they may use."""
    user = getattr(request, "user", None)
    # the largest file a form takes: a phone is told before it sends 200 MB over a weak line (site.js)
    limits = {"UPLOAD_MAX_FILE_MB": settings.UPLOAD_MAX_FILE_MB}
    if user is None:
        return limits
    return {"access": get_access(user), **limits}

"""{% report_url submission committee=... issuer=... as url %}: where a list links a committee's
report for the person looking (reports.submissions.selectors.report_url), or "" when nowhere."""

from django import template

from committees.access import get_access
from reports.submissions.selectors import report_url as _report_url

register = template.Library()


@register.simple_tag(takes_context=True)
def report_url(context, submission, committee=None, issuer=None) -> str:
    request = context.get("request")
    user = request.user if request is not None else context.get("user")
    if user is None:
        return ""
    return _report_url(access=get_access(user), submission=submission, committee=committee, issuer=issuer) or ""


@register.simple_tag(takes_context=True)
def report_links(context, duty, names) -> list[tuple[str, str]]:
    """[(committee name, url or "")] for committee names listed by the consolidation (which keeps
    names only), in the order given: one query for the duty's reports."""
    names = list(names or [])
    request = context.get("request")
    user = request.user if request is not None else context.get("user")
    if not names or user is None:
        return [(name, "") for name in names]
    from reports.models import Submission

    access = get_access(user)
    issuer = duty.plan.committee
    by_name = {
        s.committee.name: s
        for s in Submission.objects.filter(duty=duty, committee__name__in=names).select_related("committee")
    }
    result = []
    for name in names:
        sub = by_name.get(name)
        url = _report_url(access=access, submission=sub, committee=sub.committee, issuer=issuer) if sub else None
        result.append((name, url or ""))
    return result

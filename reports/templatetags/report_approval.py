"""{{ tier|waiting_label }}: "Chờ cấp huyện duyệt", the badge of a report waiting for an approval
level (reports.approval.selectors.waiting_label), for lists annotated by with_waiting_level."""

from django import template

from reports.approval.selectors import waiting_label as _waiting_label

register = template.Library()


@register.filter
def waiting_label(tier: str) -> str:
    return _waiting_label(tier) if tier else ""

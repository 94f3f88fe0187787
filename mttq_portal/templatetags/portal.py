from django import template

from lib.timewords import time_left_words

register = template.Library()


@register.filter
def time_left(deadline, now=None):
    """{{ submission.deadline|time_left }} -> 'còn 3 ngày' / 'quá hạn 2 ngày'."""
    if not deadline:
        return ""
    return time_left_words(deadline, now)

"""Time left before a deadline, or time past it, in the plain words an office uses."""

from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lib.numbers import format_number


def time_left_words(deadline: datetime, now: datetime | None = None) -> str:
    """'còn 3 ngày', 'còn 5 giờ', 'hạn cuối hôm nay', 'quá hạn 2 ngày', 'quá hạn 4 giờ'.

    Days are counted in calendar days of Vietnam's time zone, as people count them."""
    now = now or timezone.now()
    local_deadline, local_now = timezone.localtime(deadline), timezone.localtime(now)
    days = (local_deadline.date() - local_now.date()).days
    if deadline >= now:
        if days >= 1:
            return ngettext("còn %(n)s ngày", "còn %(n)s ngày", days) % {"n": format_number(days)}
        hours = int((deadline - now).total_seconds() // 3600)
        if hours >= 1:
            return ngettext("còn %(n)d giờ (hạn cuối hôm nay)", "còn %(n)d giờ (hạn cuối hôm nay)", hours) % {"n": hours}
        return _("còn dưới 1 giờ")
    late_days = -days
    if late_days >= 1:
        return ngettext("quá hạn %(n)s ngày", "quá hạn %(n)s ngày", late_days) % {"n": format_number(late_days)}
    hours = max(1, int((now - deadline).total_seconds() // 3600))
    return ngettext("quá hạn %(n)d giờ", "quá hạn %(n)d giờ", hours) % {"n": hours}

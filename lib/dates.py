"""Dates as people type them in a spreadsheet or a form: "dd/mm/yyyy" (or "d.m.yyyy", "d-m-yyyy"),
or a date cell. One reader for every import (congress short lists, the committee tree)."""

import datetime
import re

from django.utils.translation import gettext as _

_DATE = re.compile(r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*$")


def parse_date(value) -> datetime.date:
    """A date typed "dd/mm/yyyy" (or a date cell); ValueError with the reason otherwise."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    match = _DATE.match(str(value or ""))
    if not match:
        raise ValueError(_("“%(v)s” không phải ngày dạng dd/mm/yyyy") % {"v": str(value).strip()[:30]})
    day, month, year = (int(g) for g in match.groups())
    try:
        return datetime.date(year, month, day)
    except ValueError:
        raise ValueError(_("ngày %(v)s không có thật") % {"v": str(value).strip()}) from None

"""Numbers read from a request: object ids in the URL, the query string, a form or a JSON body.

One rule: an id is 1 to 19 ASCII digits and fits a 64-bit database integer. "²" and "٣" pass
`str.isdigit()` but are not ids; "99999999999999999999" overflows the database. A malformed id the
person could not have typed by following a link is a bad request (400); a well-formed id of nothing
is the view's 404."""

import datetime
import re

from django.core.exceptions import BadRequest
from django.utils.formats import get_format
from django.utils.translation import gettext as _

MAX_ID = 2**63 - 1
_ID = re.compile(r"[0-9]{1,19}")


def parse_id(raw) -> int | None:
    """`raw` as an id, or None when it is not one."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        return raw if 0 < raw <= MAX_ID else None
    if not isinstance(raw, str) or not _ID.fullmatch(raw):
        return None
    value = int(raw)
    return value if 0 < value <= MAX_ID else None


def id_param(params, name: str) -> int | None:
    """`params[name]` (request.GET, request.POST or a dict) as an id; None when absent or blank;
    anything else is a bad request."""
    raw = params.get(name)
    if raw is None or raw == "":
        return None
    value = parse_id(raw if isinstance(raw, int) else str(raw))
    if value is None:
        raise BadRequest(_("Tham số “%(name)s” không hợp lệ.") % {"name": name})
    return value


class IdConverter:
    """`<id:pk>` in URLs: like `<int:pk>`, but a number too large for the database matches nothing (404)."""

    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        parsed = parse_id(value)
        if parsed is None:
            raise ValueError(value)
        return parsed

    def to_url(self, value) -> str:
        return str(int(value))


def parse_date(raw) -> datetime.date | None:
    """`raw` as a date by the pages' rule: the active language's DATE_INPUT_FORMATS (the date
    fields of the forms: "14/06/2022", "14-06-2022", mttq_portal/formats/), plus ISO "2022-06-14";
    None otherwise."""
    if not isinstance(raw, str) or not raw.strip():
        return None
    text = raw.strip()
    for fmt in get_format("DATE_INPUT_FORMATS"):
        try:
            return datetime.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    try:
        return datetime.date.fromisoformat(text) if len(text) == 10 else None
    except ValueError:
        return None


def date_param(params, name: str) -> datetime.date | None:
    """`params[name]` as a date (parse_date); None when absent or blank; anything else is a bad request."""
    raw = params.get(name)
    if raw is None or raw == "":
        return None
    value = parse_date(raw)
    if value is None:
        raise BadRequest(
            _("Tham số “%(name)s” không phải là một ngày (dd/mm/yyyy hoặc yyyy-mm-dd): “%(raw)s”.")
            % {"name": name, "raw": str(raw)[:40]}
        )
    return value

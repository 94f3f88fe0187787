import unicodedata
from decimal import Decimal

from django import template
from django.conf import settings

from committees.people import display_name
from lib.numbers import format_number
from lib.timewords import time_left_words

register = template.Library()


@register.filter
def time_left(deadline, now=None):
    """{{ submission.deadline|time_left }} -> 'còn 3 ngày' / 'quá hạn 2 ngày'."""
    if not deadline:
        return ""
    return time_left_words(deadline, now)


@register.filter
def person(user):
    """{{ submission.reviewed_by|person }} -> 'Nguyễn Hồng Hải' (committees.people.display_name)."""
    return display_name(user)


@register.filter
def number(value, places=2):
    """{{ total|number }} -> '5.363', {{ pages|number:1 }} -> '2,3': one Vietnamese format on every
    page, whatever the page's language (lib.numbers.format_number). Anything that is not a number
    is shown as it is; None as nothing."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        try:
            value = Decimal(str(value))
        except Exception:
            return value
    try:
        return format_number(value, places=int(places))
    except (TypeError, ValueError):
        return value


@register.filter
def number_fixed(value, places=1):
    """{{ pages|number_fixed:1 }} -> '2,0': like `number` but keeps the zeros ('3,0')."""
    if value is None or value == "":
        return ""
    try:
        return format_number(Decimal(str(value)), places=int(places), keep_zeros=True)
    except Exception:
        return value


@register.simple_tag
def languages_in_themselves():
    """[(code, name)] for the language switch, each language named in itself ("Tiếng Việt",
    "English") whatever the page's language: settings.LANGUAGES as written there (NFC), never
    translated (Django's {% get_available_languages %} would make it "Vietnamese" on English pages,
    and its LANG_INFO spells "Tiếng Việt" decomposed)."""
    return [(code, unicodedata.normalize("NFC", str(name))) for code, name in settings.LANGUAGES]

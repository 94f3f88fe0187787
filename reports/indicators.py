"""The rules of an indicator's numbers, each written once.

- check_value: what a value may be (sign, whole number, decimals, size), whether it was typed in
  the report (reports.submissions.services.parse_indicator_value) or read from the Excel form
  (reports.dashboards.excel);
- aggregate / combine: how the values of several reports make a total (sum, largest, average) and
  how that total is rounded, for the dashboards, the Excel table and the consolidated report.
"""

from collections.abc import Sequence
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from lib.numbers import format_number
from reports.models import Indicator

MAX_ABS_VALUE = Decimal(10) ** 14


def check_value(indicator: Indicator, value: Decimal) -> Decimal:
    """`value` as this indicator keeps it, without trailing zeros ("1,50" is 1,5 and "5,0" is 5);
    ValidationError otherwise, with the code "negative", "not_integer", "too_many_decimals" or
    "too_large" (callers that word the reason differently go by the code)."""
    if value < 0 and not indicator.allow_negative:
        raise ValidationError(_("Số liệu không được âm."), code="negative")
    whole = value == value.to_integral_value()
    if indicator.decimal_places == 0 and not whole:
        raise ValidationError(_("Hãy nhập một số nguyên."), code="not_integer")
    value = value.to_integral_value() if whole else value.normalize()
    if value.as_tuple().exponent < -indicator.decimal_places:
        raise ValidationError(
            _("Tối đa %(n)d chữ số sau dấu phẩy.") % {"n": indicator.decimal_places}, code="too_many_decimals"
        )
    if abs(value) >= MAX_ABS_VALUE:
        raise ValidationError(_("Số quá lớn."), code="too_large")
    return value


def total_places(indicator: Indicator) -> int:
    """Decimals a total is rounded to and shown with: the indicator's own, at least 2 for an average."""
    return max(indicator.decimal_places, 2 if indicator.aggregation == Indicator.Aggregation.AVG else 0)


def combine(indicator: Indicator, *, total, largest, count: int, places: int | None = None) -> Decimal | None:
    """The total by the indicator's rule from the sum, the largest value and the number of values
    (as the database aggregates them: Sum, Max, Count), rounded to `places` decimals
    (total_places by default; half to even); None when no report gave a value."""
    if not count:
        return None
    if indicator.aggregation == Indicator.Aggregation.MAX:
        value = Decimal(str(largest))
    elif indicator.aggregation == Indicator.Aggregation.AVG:
        value = Decimal(str(total)) / count
    else:
        value = Decimal(str(total))
    places = total_places(indicator) if places is None else places
    return value.quantize(Decimal(1).scaleb(-places))


def aggregate(indicator: Indicator, values: Sequence[Decimal], *, places: int | None = None) -> Decimal | None:
    """The same total from the values themselves."""
    if not values:
        return None
    return combine(indicator, total=sum(values, Decimal(0)), largest=max(values), count=len(values), places=places)


def input_text(indicator: Indicator, value) -> str:
    """A stored value as the editor's field shows it, so that saving it again changes nothing:
    "1.450", "2,5"; on an indicator with decimal places a value of a thousand or more keeps them
    ("1.450,00"), since "1.450" would be read there as 1,45. None is an empty field."""
    if value is None:
        return ""
    text = format_number(value, places=4)
    if indicator.decimal_places and "." in text and "," not in text:
        text = format_number(value, places=indicator.decimal_places, keep_zeros=True)
    return text

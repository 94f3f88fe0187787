"""Numbers as Vietnamese write them: dots group thousands and a comma marks decimals ("5.363",
"2,5", "1.234,5"). The one place that formats a number for people and reads one they typed."""

import re
from decimal import Decimal, InvalidOperation

_GROUPED = re.compile(r"^-?\d{1,3}(\.\d{3})+$")


def format_number(value: int | float | Decimal, *, places: int = 2, keep_zeros: bool = False) -> str:
    """The number for people: "1.234.567", "1.234,5"; at most `places` decimals, trailing zeros
    dropped unless `keep_zeros` ("3,0"). A whole float or Decimal is written as an integer."""
    if isinstance(value, float | Decimal) and value == value and abs(value) != float("inf"):
        if value == int(value) and not keep_zeros:
            value = int(value)
    if isinstance(value, int):
        text = f"{value:,}"
    else:
        text = f"{value:,.{places}f}"
        if not keep_zeros:
            text = text.rstrip("0").rstrip(".")
    return text.translate(str.maketrans(",.", ".,"))


def without_trailing_zeros(value) -> Decimal | None:
    """A stored number without the database's trailing zeros: 12.5000 -> 12.5, 30.0000 -> 30
    (never "3E+1"); None stays None. Accepts a Decimal or its text (a saved version's values)."""
    if value is None:
        return None
    number = Decimal(value)
    return number.quantize(Decimal(1)) if number == number.to_integral_value() else number.normalize()


def parse_number(raw, *, decimals: bool = True) -> Decimal | None:
    """The number typed in `raw`, None when it is empty; ValueError when it is not a finite number.
    "1.234" and "1.234,5" as Vietnamese write them, a plain "1234.5" too; spaces are ignored. A
    lone group of dots ("1.234") is read as thousands only where no decimals are expected
    (`decimals=False`), as 1.234 otherwise."""
    if raw is None:
        return None
    text = str(raw).strip().replace(" ", "").replace("\u00a0", "")
    if not text:
        return None
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    elif not decimals and _GROUPED.match(text):
        text = text.replace(".", "")
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ValueError(f"not a number: {raw!r}") from None
    if not value.is_finite():
        raise ValueError(f"not a finite number: {raw!r}")
    return value

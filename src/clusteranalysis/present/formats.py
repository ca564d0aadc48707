"""Number formats: one set for the findings, the tables and the figure labels.

:func:`fmt_number`, :func:`fmt_pct`, :func:`fmt_amount`, :func:`fmt_money`,
:func:`fmt_ratio` and :func:`fmt_signed_pct` round alike wherever a number is shown, so
text and figures agree; :func:`fmt_ordinal`, :func:`fmt_year` and :func:`fmt_yes_no` are
the one way to write a rank, a year and a flag. A study never writes its own.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

CURRENCY_SIGNS = {"JPY": "¥", "USD": "US$", "GBP": "£", "EUR": "€"}


# --------------------------------------------------------------------------- formats


def fmt_number(value: float, digits: int | None = None) -> str:
    """A number with thousands separators.

    ``digits=None`` picks a precision that keeps two to three significant figures for
    small numbers and none after the point for large ones (12,345; 64.8; 4.17). A half
    rounds up on the number as written, not on its binary float: 58.05 is "58.1" (Python's
    own format gives "58.0", since the float 58.05 lies just below it).
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    v = float(value)
    if digits is None:
        a = abs(v)
        if a >= 100 or v.is_integer():
            digits = 0
        elif a >= 10:
            digits = 1
        else:
            digits = 2
    rounded = Decimal(repr(v)).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
    return f"{rounded:,.{digits}f}"


def fmt_pct(value: float, digits: int = 1) -> str:
    """A percentage: ``83.3 %``."""
    return f"{fmt_number(value, digits)} %"


def fmt_amount(millions: float, currency: str, digits: int | None = None) -> str:
    """An amount given in millions, as a reader says it: ``¥64.8 billion``, ``US$540 million``.

    Amounts of a thousand million or more are written in billions.
    """
    sign = CURRENCY_SIGNS.get(currency, currency + " ")
    v = float(millions)
    if abs(v) >= 1000:
        return f"{sign}{fmt_number(v / 1000, digits if digits is not None else 1)} billion"
    return f"{sign}{fmt_number(v, digits)} million"


def fmt_money(value: float, currency: str, digits: int | None = None) -> str:
    """An amount in currency units, not millions (a figure per inhabitant): ``¥508``,
    ``¥47.2``, ``US$4.24``, ``US$0.413``: :func:`fmt_number`'s precision, and three
    significant figures below 1 (``digits`` overrides)."""
    if digits is None and value is not None and abs(float(value)) < 1:
        digits = 3
    return f"{CURRENCY_SIGNS.get(currency, currency + ' ')}{fmt_number(value, digits)}"


def fmt_ratio(value: float, digits: int = 1) -> str:
    """A ratio as a multiple: ``6.5×``."""
    return f"{fmt_number(value, digits)}×"


def fmt_signed_pct(value: float, digits: int = 1) -> str:
    """A change in per cent with its sign: ``+14.9 %``, ``-3.0 %`` (no sign for zero)."""
    return ("+" if value > 0 else "") + fmt_pct(value, digits)


def fmt_ordinal(value: float) -> str:
    """A rank as an English ordinal: 1st, 2nd, 3rd, 4th, 11th, 21st."""
    n = int(value)
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def fmt_year(value: float) -> str:
    """A year, without a thousands separator: ``2008``."""
    return str(int(value))


def fmt_period(start: int, end: int, fiscal: bool = False, planned_end: bool = False) -> str:
    """The years a figure covers as the documents write them: ``FY2004``, ``2003–2008``, a
    planned end in parentheses (``1994–(2004)``)."""
    prefix = "FY" if fiscal else ""
    if start == end:
        return f"{prefix}{start}"
    last = f"({end})" if planned_end else str(end)
    return f"{prefix}{start}–{last}"


def fmt_yes_no(value: object) -> str:
    """A flag as a reader reads it: yes or no."""
    return "yes" if bool(value) else "no"

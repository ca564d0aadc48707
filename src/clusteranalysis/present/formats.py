"""Number formats: one set for the findings, the tables and the figure labels.

:func:`fmt_number`, :func:`fmt_pct`, :func:`fmt_amount`, :func:`fmt_money` and
:func:`fmt_ratio` round alike wherever a number is shown, so text and figures agree.
"""

from __future__ import annotations

import math

CURRENCY_SIGNS = {"JPY": "¥", "USD": "US$", "GBP": "£", "EUR": "€"}


# --------------------------------------------------------------------------- formats


def fmt_number(value: float, digits: int | None = None) -> str:
    """A number with thousands separators.

    ``digits=None`` picks a precision that keeps two to three significant figures for
    small numbers and none after the point for large ones (12,345; 64.8; 4.17).
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
    return f"{v:,.{digits}f}"


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

"""The stated bases: the currency a figure is shown in, the basis it is put on, and the words
that say so.

Every module of the study takes these from here: :func:`to_currency` (the one conversion,
yen and dollars at the run's rate only), :data:`BASES` (what each value of the ``basis``
parameter divides by what), and the labels a row carries (who converted the currency at
what rate, the period and the kind of figure).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from clusteranalysis.metadata import vocab
from clusteranalysis.metadata.lookups import lookup
from clusteranalysis.present.formats import CURRENCY_SIGNS, fmt_amount, fmt_money, fmt_number

#: The documents' amounts are in currency units; the result tables give amounts in millions.
MILLION = 1_000_000
#: The currencies this study converts between (at the run's ``jpy_per_usd`` only).
CONVERTIBLE = vocab.DISPLAY_CURRENCIES
#: The groups of a grouped basis, in display order: what the stated figure covers.
SPANS = ("one year", "several years")


def rivals(span: str, other: str) -> bool:
    """Whether two figures may be ordered against each other, by what each covers
    (:data:`SPANS`): one year's against one year's, a multi-year figure (its total or its
    average) against another; never one year's budget against an average over several
    years, which no one year of it need equal. The one rule 01's places, its sensitivity
    and its findings apply."""
    return span == other
#: The rule :func:`clusteranalysis.studies.budgets.programmes.annual_readings` applies, in
#: words (shown beside the readings).
ANNUAL_RULE = ("annual = the figure ÷ the years it covers: the years the amount's own words "
               "give ('over five years'); the programme's timeframe only when they give none")
#: How a currency is named in a label.
CURRENCY_NAMES = {"JPY": "yen", "USD": "US$", "GBP": "£", "EUR": "€"}


def sign(currency: str) -> str:
    """The currency's sign: '¥', 'US$'."""
    return CURRENCY_SIGNS.get(currency, currency + " ")


def amount_fmt(currency: str, approximate: bool = False) -> Callable[[float], str]:
    """The format of an amount in millions in the findings: '≈¥4.7 billion'."""
    return lambda v: ("≈" if approximate else "") + fmt_amount(v, currency)


def stated_digits(value: float) -> int:
    """The decimals a stated figure is written with: its one decimal only where it has one
    (METI's '$6.5 million', MEXT's 'US$4.2M'; '120', '540'); a sum of such figures keeps it."""
    return 1 if float(value) % 1 else 0


def stated_amount_fmt(currency: str) -> Callable[[float], str]:
    """An amount in millions in the currency a document states it in, with its
    :func:`stated_digits`: 'US$6.5 million', not 'US$6.50 million'; billions as usual."""
    def fmt(v: float) -> str:
        return fmt_amount(v, currency, None if abs(float(v)) >= 1000 else stated_digits(v))
    return fmt


@dataclass(frozen=True)
class Basis:
    """One way of putting the programmes side by side (the notebook's ``basis`` parameter).

    ``column`` of ``programme_budgets`` holds the value, ``label_column`` the row's
    statement of what was divided by what. ``grouped``: the values fall into groups that are
    never ranked together (one-year figures and multi-year totals). ``per_head``: the values
    are currency units per inhabitant per year, not millions. ``extra``: further columns of
    ``programme_budgets`` the comparison keeps (the population each figure was divided by).
    """

    name: str
    column: str
    label_column: str
    title: str
    axis: str
    grouped: bool = False
    per_head: bool = False
    extra: tuple[str, ...] = ()

    def unit(self, currency: str) -> str:
        """The unit of the values beside the axis name: 'million ¥', or '¥' (per inhabitant
        per year, as the axis name says)."""
        return sign(currency) if self.per_head else f"million {sign(currency)}"

    def fmt(self, currency: str, approximate: bool = False) -> Callable[[float], str]:
        """The format of a value in the findings: '≈¥4.7 billion', or '¥508'."""
        if self.per_head:
            return lambda v: ("≈" if approximate else "") + fmt_money(v, currency)
        return amount_fmt(currency, approximate)

    def scale(self) -> float:
        """What an amount in currency units is divided by for this basis's values: a
        million, or one (per inhabitant)."""
        return 1.0 if self.per_head else float(MILLION)


#: The bases, by parameter value (vocab.BUDGET_BASES, in its order). A new basis needs its
#: readings in programmes.readings and its columns in programme_budgets.
BASES: dict[str, Basis] = {
    "annual": Basis(
        "annual", "annual", "annual_label",
        "Annual budget: each figure ÷ the years it covers",
        "Annual budget"),
    "annual_per_unit": Basis(
        "annual_per_unit", "annual_per_unit", "per_unit_label",
        "Annual budget per funded unit: the annual figure ÷ the projects, locations, "
        "clusters or areas each programme funds",
        "Annual budget per funded unit"),
    "total": Basis(
        "total", "total", "total_label",
        "Budget as stated, over the period each figure covers",
        "Budget as stated", grouped=True),
    "per_capita": Basis(
        "per_capita", "per_capita", "per_capita_label",
        "Budget per inhabitant per year: each annual figure ÷ the population of the "
        "programme's country in the year it covers, or the nearest year Gapminder's series has",
        "Budget per inhabitant per year", per_head=True,
        extra=("year_covered", "population_year", "population", "population_file",
               "population_line")),
}


# --------------------------------------------------------------------------- currency


def to_currency(amount: pd.Series, from_currency: pd.Series, currency: str,
                jpy_per_usd: float) -> pd.Series:
    """Amounts in ``currency``, converting yen and dollars at ``jpy_per_usd`` and nothing else.

    The documents convert at unstated rates (METI) or at ¥120 (MEXT); a study should say which
    rate it applies, so there is no default here. An amount in another currency is an error.
    """
    source = from_currency.astype("string")
    other = sorted(set(source.dropna()) - set(CONVERTIBLE))
    if other:
        raise ValueError(f"cannot convert {', '.join(other)}: only JPY and USD are converted")
    factor = pd.Series(1.0, index=amount.index, dtype="Float64")
    if currency == "JPY":
        factor[source == "USD"] = float(jpy_per_usd)
    else:
        factor[source == "JPY"] = 1.0 / float(jpy_per_usd)
    return amount.astype("Float64") * factor


def convert(amount: float, from_currency: str, currency: str, jpy_per_usd: float) -> float:
    """One amount in ``currency`` (:func:`to_currency`)."""
    return float(to_currency(pd.Series([amount]), pd.Series([from_currency]), currency,
                             jpy_per_usd).iloc[0])


def rate_number(jpy_per_usd: float) -> str:
    """'120', '107.5': a rate as the register writes it."""
    v = float(jpy_per_usd)
    return fmt_number(v, 0 if v.is_integer() else 1)


def rate_text(jpy_per_usd: float) -> str:
    """'¥120 per US$', '¥107.5 per US$' (a rate keeps its decimal)."""
    return f"¥{rate_number(jpy_per_usd)} per US$"


def conversion_label(stated_currency: str, currency: str, jpy_per_usd: float,
                     stated_by: str, overseas: bool) -> str:
    """Who converted the currency, and at what rate.

    ``stated_by`` is the document's short citation ("METI 2005"). An overseas programme's
    yen are the document's conversion from the programme's own currency, which the document
    neither gives nor says at what rate.
    """
    name = CURRENCY_NAMES.get(stated_currency, stated_currency)
    text = f"{name} as {stated_by} states it"
    if overseas:
        text += " (its conversion from the programme's own currency; rate not stated)"
    if stated_currency != currency:
        text += f"; converted here at {rate_text(jpy_per_usd)}"
    return text


def converted_here(stated_currency: str, currency: str) -> str:
    """'stated in JPY, converted here' when the run shows a figure in another currency than
    the document states it in, else '': a converted figure is never labelled as stated."""
    return "" if stated_currency == currency else f"stated in {stated_currency}, converted here"


def conversion_short(stated_currency: str, currency: str, jpy_per_usd: float,
                     stated_by: str, overseas: bool) -> str:
    """:func:`conversion_label` in a few words, for a figure's labels."""
    name = CURRENCY_NAMES.get(stated_currency, stated_currency)
    who = stated_by.split(" ")[0]
    text = (f"{who}'s conversion to {name} (rate not stated)" if overseas
            else f"{who}'s {name}")
    if stated_currency != currency:
        text += f", converted here at ¥{rate_number(jpy_per_usd)}/US$"
    return text


# --------------------------------------------------------------------------- years


def fiscal_years(rows: pd.DataFrame) -> tuple[int, int]:
    """(previous fiscal year, draft fiscal year) of METI's rows, read from their ``status``
    and ``fiscal_year`` (budgets rows, or the METI result tables)."""
    years = dict(zip(rows["status"].astype(str), rows["fiscal_year"].astype(int),
                     strict=False))
    return years["previous year"], years["draft"]


# --------------------------------------------------------------------------- names


def short_name(name: str) -> str:
    """A programme's name without its parenthesis: 'French competitiveness clusters'."""
    return re.sub(r"\s*\(.*\)$", "", str(name))


def conversions_text(table: pd.DataFrame) -> str:
    """Who converted which programme's currency, at what rate, in one sentence."""
    t = table.dropna(subset=["conversion"])
    groups: dict[str, list[str]] = {}
    for name, conv in zip(t["programme"], t["conversion"], strict=True):
        groups.setdefault(str(conv), []).append(short_name(name))
    return " ".join(f"{', '.join(names)}: {conv}." for conv, names in groups.items())


def left_out(countries: list[str] | None) -> list[str]:
    """The programmes a ``countries`` selection leaves out, as '<name> (<country>)', in the
    order of the countries vocabulary (names from lookups/programmes.csv, as the
    ``programmes`` table has them)."""
    if countries is None:
        return []
    order = {c: i for i, c in enumerate(vocab.COUNTRIES)}
    gone = sorted((r for r in lookup("programmes") if r["country"] not in countries),
                  key=lambda r: (order[r["country"]], r["programme_id"]))
    return [f"{r['name_en']} ({r['country']})" for r in gone]

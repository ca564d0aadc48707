"""Dates and years as the documents write them: Japanese era dates (平成20年 = 2008),
fiscal years, English dates, dates in other languages through Babel's month names and date
patterns, and spans of years ("1996~2001", "(2004)").

Each reader returns a value or raises :class:`~clusteranalysis.errors.ParseError` with the
text it could not read; :meth:`.cleaners.Reader.date` chooses one by the document's language.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from functools import cache

from babel import Locale
from babel.dates import get_date_format, get_month_names, tokenize_pattern

from clusteranalysis.build.text import TILDES, alternation, language_name, normalize_text
from clusteranalysis.errors import ParseError

# --- dates and years ------------------------------------------------------------------------

# First Gregorian year of each era, minus one: 平成1年 (元年) = 1989.
ERA_OFFSETS = {"明治": 1867, "大正": 1911, "昭和": 1925, "平成": 1988, "令和": 2018}
_ERA = re.compile(r"(?P<era>明治|大正|昭和|平成|令和)(?P<year>元|\d{1,2})年")


def era_to_year(era: str, year: int | str) -> int:
    """Gregorian year of a Japanese era year: ``era_to_year("平成", 20) == 2008``."""
    if era not in ERA_OFFSETS:
        raise ParseError("unknown Japanese era", era)
    n = 1 if year == "元" else int(unicodedata.normalize("NFKC", str(year)))
    if n < 1:
        raise ParseError("era years start at 1", f"{era}{year}年")
    return ERA_OFFSETS[era] + n


def year_to_era(year: int, era: str = "平成") -> str:
    """The inverse of :func:`era_to_year`, for round-trip tests and labels."""
    n = year - ERA_OFFSETS[era]
    if n < 1:
        raise ValueError(f"{year} is before the {era} era")
    return f"{era}{'元' if n == 1 else n}年"


def parse_era_year(text: str) -> int:
    """"平成20年" → 2008 (full-width digits allowed)."""
    s = unicodedata.normalize("NFKC", text).strip()
    m = _ERA.fullmatch(s)
    if not m:
        raise ParseError("not a Japanese era year", text)
    return era_to_year(m.group("era"), m.group("year"))


def fiscal_year_bounds(fiscal_year: int) -> tuple[date, date]:
    """Japan's fiscal year N (年度) runs from 1 April N to 31 March N+1."""
    return date(fiscal_year, 4, 1), date(fiscal_year + 1, 3, 31)


@dataclass(frozen=True)
class DateSpan:
    """A span of dates as precise as the text is: precision is "day", "month", "year" or
    "fiscal year" (1 April to 31 March)."""

    start: date
    end: date | None
    precision: str


_ERA_DATE = re.compile(
    r"^(?P<era>明治|大正|昭和|平成|令和)(?P<y>元|\d{1,2})年(?:(?P<m>\d{1,2})月(?:(?P<d>\d{1,2})日)?)?"
    r"(?:[~](?:(?:(?P<y2>元|\d{1,2})年)?(?P<m2>\d{1,2})月)?(?P<d2>\d{1,2})日)?$"
)


def _compact_range(text: str) -> str:
    """NFKC, no spaces, every kind of tilde (～ 〜 ∼) as '~': "平成8～12年度" → "平成8~12年度"."""
    s = unicodedata.normalize("NFKC", text).strip().replace(" ", "")
    for t in TILDES:
        s = s.replace(t, "~")
    return s


def parse_era_date(text: str) -> DateSpan:
    """"平成19年11月28日～11月30日" → 2007-11-28 … 2007-11-30 (day precision).

    Also "平成20年6月14日～15日", "平成20年4月" (month) and "平成20年" (year). For month or
    year precision, ``start`` is the first day of that month or year.
    """
    s = _compact_range(text)
    m = _ERA_DATE.match(s)
    if not m:
        raise ParseError("not a Japanese era date", text)
    year = era_to_year(m.group("era"), m.group("y"))
    month = int(m.group("m")) if m.group("m") else None
    day = int(m.group("d")) if m.group("d") else None
    try:
        if month is None:
            return DateSpan(date(year, 1, 1), None, "year")
        if day is None:
            return DateSpan(date(year, month, 1), None, "month")
        start = date(year, month, day)
        end = None
        if m.group("d2"):
            year2 = era_to_year(m.group("era"), m.group("y2")) if m.group("y2") else year
            month2 = int(m.group("m2")) if m.group("m2") else month
            end = date(year2, month2, int(m.group("d2")))
            if end < start:
                raise ParseError("a date range that ends before it starts", text)
    except ValueError:
        raise ParseError("not a calendar date", text) from None
    return DateSpan(start, end, "day")


_FY_RANGE = re.compile(
    r"^(?P<era>明治|大正|昭和|平成|令和)(?P<y1>元|\d{1,2})(?:年度?)?[~-](?:(?P<era2>明治|大正|昭和|平成|令和))?"
    r"(?P<y2>\d{1,2})年度$"
)


def parse_fiscal_year_range(text: str) -> tuple[int, int]:
    """"平成8～12年度" → (1996, 2000): first and last fiscal year, both inclusive."""
    s = _compact_range(text)
    m = _FY_RANGE.match(s)
    if not m:
        raise ParseError("not a fiscal-year range", text)
    first = era_to_year(m.group("era"), m.group("y1"))
    last = era_to_year(m.group("era2") or m.group("era"), m.group("y2"))
    if last < first:
        raise ParseError("a fiscal-year range that ends before it starts", text)
    return first, last


MONTHS = {
    name: i
    for i, name in enumerate(
        ["january", "february", "march", "april", "may", "june", "july", "august",
         "september", "october", "november", "december"],
        start=1,
    )
}
_EN_DATE = re.compile(
    r"^(?:(?P<d>\d{1,2})(?:st|nd|rd|th)?\s+)?(?P<month>[A-Za-z]+),?\s+(?P<y>\d{4})$"
)


def parse_english_date(text: str) -> DateSpan:
    """"21st June, 2005" (day), "July 2005" or "March, 2001" (month)."""
    s = normalize_text(text)
    m = _EN_DATE.match(s)
    if not m or m.group("month").lower() not in MONTHS:
        raise ParseError("not a date", text)
    month = MONTHS[m.group("month").lower()]
    try:
        if m.group("d"):
            return DateSpan(date(int(m.group("y")), month, int(m.group("d"))), None, "day")
        return DateSpan(date(int(m.group("y")), month, 1), None, "month")
    except ValueError:
        raise ParseError("not a calendar date", text) from None


# --- dates in other languages (Babel's patterns and month names) ----------------------------

#: The CLDR forms a date is read in: the long date (day precision), then month and year,
#: then the year alone.
_DATE_FORMS = (("day", "long"), ("month", "yMMMM"), ("year", "y"))


@cache
def _month_names(language: str) -> dict[str, int]:
    """Every name Babel gives a month in a language (wide and abbreviated, in a date and
    standing alone), case-folded: {'februar': 2, 'feb.': 2, …}."""
    out: dict[str, int] = {}
    for width in ("wide", "abbreviated"):
        for context in ("format", "stand-alone"):
            for month, name in get_month_names(width, context=context, locale=language).items():
                out.setdefault(name.casefold(), month)
    return out


@cache
def _date_patterns(language: str, day_suffixes: tuple[str, ...]
                   ) -> tuple[tuple[str, re.Pattern[str]], ...]:
    """(precision, regex) for the forms of :data:`_DATE_FORMS`, from Babel's CLDR patterns
    ('d. MMMM y' in German, 'd MMMM y' in French)."""
    locale = Locale.parse(language)
    months = alternation(_month_names(language))
    suffix = f"(?:{alternation(day_suffixes)})?" if day_suffixes else ""
    out = []
    for precision, form in _DATE_FORMS:
        pattern = (get_date_format(form, locale=locale).pattern if form == "long"
                   else locale.datetime_skeletons[form].pattern if form in
                   locale.datetime_skeletons else form)
        rx = []
        for kind, value in tokenize_pattern(pattern):
            if kind == "chars":
                rx.append(r"\s+".join(re.escape(part) for part in str(value).split(" ")))
                continue
            char, width = value  # type: ignore[misc]
            if char == "d":
                rx.append(rf"(?P<d>\d{{1,2}}){suffix}")
            elif char in "ML" and width >= 3:
                rx.append(rf"(?P<month>{months})")
            elif char in "ML":
                rx.append(r"(?P<m>\d{1,2})")
            elif char == "y":
                rx.append(r"(?P<y>\d{4})")
            else:  # a weekday, an era …: not a form a document date is read in
                break
        else:
            out.append((precision, re.compile("".join(rx), re.IGNORECASE)))
    return tuple(out)


def locale_date(text: str, language: str, day_suffixes: tuple[str, ...] = ()) -> DateSpan:
    """"1. Februar 2016" (day), "Februar 2016" (month), "2016" (year) as the language writes
    them (Babel's long date and year-month patterns and month names)."""
    s = normalize_text(text)
    for precision, rx in _date_patterns(language, day_suffixes):
        m = rx.fullmatch(s)
        if not m:
            continue
        groups = m.groupdict()
        month = (_month_names(language)[groups["month"].casefold()] if groups.get("month")
                 else int(groups["m"]) if groups.get("m") else 1)
        try:
            return DateSpan(date(int(groups["y"]), month, int(groups.get("d") or 1)), None,
                            precision)
        except ValueError:
            raise ParseError("not a calendar date", text) from None
    raise ParseError(f"not a date in {language_name(language)}", text)


@dataclass(frozen=True)
class YearSpan:
    """A span of years as the documents write them.

    ``end`` is None for an open span ("1999~"). ``planned_end`` is True when the end year is
    a plan, written in parentheses ("2003~(2008)"). Precision is "year" or "decade"
    ("1970s" starts in 1970 and ends in 1979); "mid-1990s" is 1995 with precision "mid-decade".
    """

    start: int
    end: int | None
    start_precision: str = "year"
    end_precision: str | None = "year"
    planned_end: bool = False

    @property
    def open_ended(self) -> bool:
        return self.end is None


_YEAR_POINT = re.compile(r"^(?P<mid>mid-?\s*)?(?P<y>\d{4})(?P<s>s)?$", re.IGNORECASE)


def _year_point(text: str, original: str) -> tuple[int, int, str]:
    """One end of a span: (first year, last year, precision)."""
    m = _YEAR_POINT.match(text.strip())
    if not m:
        raise ParseError("not a year", original)
    y = int(m.group("y"))
    if m.group("s"):
        if y % 10:
            raise ParseError("a decade must end in 0", original)
        if m.group("mid"):
            return y + 5, y + 5, "mid-decade"
        return y, y + 9, "decade"
    if m.group("mid"):
        raise ParseError("'mid' needs a decade", original)
    return y, y, "year"


def _expand_short_year(start: int, short: str, original: str) -> int:
    """"2001~5" ends in 2005, "2011 ~ 20" in 2020: the short end shares the start's century
    digits and must not fall before the start."""
    digits = len(short)
    if digits >= 4:
        end = int(short)
    else:
        base = start - start % (10**digits)
        end = base + int(short)
        if end < start:
            end += 10**digits
    if end < start:
        raise ParseError("a span that ends before it starts", original)
    return end


_SPAN = re.compile(
    r"^(?P<start>(?:mid-?\s*)?\d{4}s?)\s*(?:~|-|–|to)\s*"
    r"(?:(?P<end>(?:mid-?\s*)?\d{1,4}s?)|\(\s*(?P<planned>\d{1,4})\s*\))?$",
    re.IGNORECASE,
)


def parse_year_span(text: str) -> YearSpan:
    """Spans: "1999~" (open), "2003~(2008)" (planned end), "2001~5", "2011 ~ 20",
    "1983~1998", "2001-2005", "1970s~mid-1990s", or a single "1972" or "1970s"."""
    s = normalize_text(text)
    for t in TILDES:
        s = s.replace(t, "~")
    if s.startswith("(") and s.endswith(")"):
        s = s[1:-1].strip()
    single = _YEAR_POINT.match(s)
    if single:
        first, last, precision = _year_point(s, text)
        if precision == "year":
            return YearSpan(first, first, "year", "year")
        return YearSpan(first, last, precision, precision)
    m = _SPAN.match(s)
    if not m:
        raise ParseError("not a span of years", text)
    start, _, start_precision = _year_point(m.group("start"), text)
    if m.group("planned"):
        end = _expand_short_year(start, m.group("planned"), text)
        return YearSpan(start, end, start_precision, "year", planned_end=True)
    if m.group("end") is None:
        return YearSpan(start, None, start_precision, None)
    end_text = m.group("end")
    if _YEAR_POINT.match(end_text):
        _, end, end_precision = _year_point(end_text, text)
    else:
        if not end_text.isdigit():
            raise ParseError("not a span of years", text)
        end, end_precision = _expand_short_year(start, end_text, text), "year"
    if end < start:
        raise ParseError("a span that ends before it starts", text)
    return YearSpan(start, end, start_precision, end_precision)

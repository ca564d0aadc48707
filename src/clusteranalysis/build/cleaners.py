"""Shared cleaners: turn one piece of document text into one typed value.

Each cleaner either returns a value or raises :class:`~clusteranalysis.errors.ParseError`
with the text it could not read; the source modules add the file name and line. Nothing
here guesses: a qualifier such as "約", "about" or "more than" is returned beside the number,
never dropped, and text with anything left over after the pattern is an error.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from clusteranalysis.errors import ParseError
from clusteranalysis.metadata.lookups import lookup


def words(kind: str) -> dict[str, str]:
    """Parsing vocabulary of one kind from lookups/words.csv: {word: value}, in file order."""
    return {r["word"]: r["value"] for r in lookup("words") if r["kind"] == kind}


def _alternation(items: object) -> str:
    """A regex alternation, longest first (so 'approximately' wins over 'approx')."""
    return "|".join(re.escape(w) for w in sorted(items, key=len, reverse=True))  # type: ignore[arg-type]

# --- text ---------------------------------------------------------------------------------

_TILDES = "~～〜∼"
_ENUMERATOR = re.compile(
    r"^\s*(?:[①-⑳]|\(\d{1,2}\)|\d{1,2}(?=\s*[A-Z])|O(?=[A-Z][a-z])|[•·○●◆■-])\s*"
)
# Prefixes that form real hyphenated compounds: "high- tech" is "high-tech", not "hightech".
_KEEP_HYPHEN = {"high", "spin", "self", "non", "co", "state", "well", "large", "low", "long"}
_CONJUNCTIONS = {"and", "or", "to"}
_SPLIT_WORD = re.compile(r"\b([A-Za-z]+)- ([a-z][A-Za-z]*)")


def normalize_text(text: str) -> str:
    """NFKC-normalise (ＴＯＨＯＫＵ → TOHOKU, １２ → 12) and collapse runs of spaces.

    Use it on names and labels; numbers go through :func:`parse_number`, which strips
    enumerators such as ① first (NFKC would turn ① into a digit 1).
    """
    text = unicodedata.normalize("NFKC", text)
    return re.sub(r"\s+", " ", text).strip()


def dehyphenate(text: str) -> str:
    """Join words the PDF extraction split at a line end ("Ger- many" → "Germany").

    A split after a prefix that really takes a hyphen keeps it ("high- tech" → "high-tech").
    """

    def join(match: re.Match[str]) -> str:
        head, tail = match.group(1), match.group(2)
        if tail in _CONJUNCTIONS:  # "Micro- and nanotechnology": a real suspended hyphen
            return f"{head}- {tail}"
        if head.lower() in _KEEP_HYPHEN:
            return f"{head}-{tail}"
        return head + tail

    return _SPLIT_WORD.sub(join, text)


def strip_enumerator(text: str) -> str:
    """Remove a leading list marker (①, 2, (1), O, •, ◆) the documents put before items."""
    return _ENUMERATOR.sub("", text, count=1).strip()


def clean_label(text: str) -> str:
    """A label as a reader would write it: enumerator off, words joined, NFKC, one space."""
    return normalize_text(dehyphenate(strip_enumerator(text)))


# --- numbers ------------------------------------------------------------------------------

_NUMBER = re.compile(r"^(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")


def parse_number(text: str) -> int | float:
    """A plain number: thousands commas and full-width digits allowed ("１２,３４５" → 12345).

    Returns an ``int`` when there is no decimal part. Anything else is a ParseError.
    """
    s = unicodedata.normalize("NFKC", text).strip()
    if not _NUMBER.match(s):
        raise ParseError("not a number", text)
    s = s.replace(",", "")
    return float(s) if "." in s else int(s)


# Qualifiers as the documents write them (lookups/words.csv). "approximate" ones blur the
# number, "lower bound" ones say the true number is at least this one.
APPROXIMATE_WORDS = tuple(words("approximate"))
LOWER_BOUND_WORDS = tuple(words("lower bound"))
LOWER_BOUND_SUFFIXES = tuple(words("lower bound suffix"))
#: English number words ('Six forums') and ordinals ('3rd'), lookups/words.csv.
NUMBER_WORDS = {w: int(v) for w, v in words("number").items()}
ORDINALS = {int(v): w for w, v in words("ordinal").items()}

_PREFIX_WORDS = _alternation(APPROXIMATE_WORDS + LOWER_BOUND_WORDS)
#: The qualifiers that stand before a number, as a regex alternation.
PREFIX_QUALIFIERS = _PREFIX_WORDS
_SUFFIX_WORDS = _alternation(LOWER_BOUND_SUFFIXES)
_PREFIX = re.compile(rf"^(?P<q>{_PREFIX_WORDS})\s*", re.IGNORECASE)
_SUFFIX = re.compile(rf"\s*(?P<q>{_SUFFIX_WORDS})$", re.IGNORECASE)
#: A number word as a regex group body ('six', 'Six').
NUMBER_WORD = rf"(?i:\b(?:{_alternation(NUMBER_WORDS)})\b)"
# A number as the documents write it inside a sentence, with its qualifier. The digits are
# matched loosely ("17S0", "2,24O" included) so that a damaged number reaches parse_count
# and fails there, instead of a strict pattern silently skipping it.
QUALIFIED_NUMBER = (
    rf"(?:(?:{_PREFIX_WORDS})\s*)?(?<![A-Za-z0-9.,])\d[A-Za-z0-9,]*(?:\.\d+)?"
    rf"(?:\s*(?:{_SUFFIX_WORDS}))?"
)


@dataclass(frozen=True)
class Count:
    """A count with the qualifier word the text gave it (None when the text gave none)."""

    value: int
    qualifier: str | None = None

    @property
    def approximate(self) -> bool:
        return self.qualifier is not None and self.qualifier.lower() in APPROXIMATE_WORDS

    @property
    def lower_bound(self) -> bool:
        q = (self.qualifier or "").lower()
        return q in LOWER_BOUND_WORDS or q in LOWER_BOUND_SUFFIXES


def split_qualifier(text: str) -> tuple[str, str | None]:
    """Split "約2,240" into ("2,240", "約") and "32,000+" into ("32,000", "+")."""
    s = unicodedata.normalize("NFKC", text).strip()
    qualifier = None
    m = _PREFIX.match(s)
    if m:
        qualifier = m.group("q")
        s = s[m.end():]
    m = _SUFFIX.search(s)
    if m:
        if qualifier is not None:
            raise ParseError("two qualifiers on one number", text)
        qualifier = m.group("q")
        s = s[: m.start()]
    return s.strip(), qualifier


def parse_count(text: str, unit: str = "") -> Count:
    """A whole count with its qualifier: "約10,700社", "about 500", "over 220", "220+".

    ``unit`` is a counter word the text may end with (社, 大学) and that is dropped.
    """
    s = unicodedata.normalize("NFKC", text).strip()
    if unit and s.endswith(unit):
        s = s[: -len(unit)]
    number, qualifier = split_qualifier(s)
    try:
        value = parse_number(number)
    except ParseError:
        raise ParseError("not a count", text) from None
    if isinstance(value, float):
        raise ParseError("a count must be a whole number", text)
    return Count(value, qualifier)


def word_number(text: str) -> int:
    """'six' → 6 ('over six years'; lookups/words.csv); digits are accepted too."""
    t = text.strip().lower()
    if t.isdigit():
        return int(t)
    if t not in NUMBER_WORDS:
        raise ParseError("not a number word", text)
    return NUMBER_WORDS[t]


def ordinal(n: int | str) -> str:
    """1 → '1st' (lookups/words.csv)."""
    k = int(n)
    if k not in ORDINALS:
        raise ParseError("no ordinal for this number (add it to lookups/words.csv)", str(n))
    return ORDINALS[k]


# --- money --------------------------------------------------------------------------------

_SCALES = {w.lower(): int(v) for w, v in words("scale").items()}
_CURRENCY = {w.lower(): v for w, v in words("currency").items()}
_SIGNS = sorted((w for w in _CURRENCY if not w.isalpha()), key=len, reverse=True)
# a sign may have spaces inside ('US $'): each character may be followed by spaces
_SIGN = "|".join(r"\s*".join(re.escape(ch) for ch in w) for w in _SIGNS)
_AMOUNT = re.compile(
    rf"^(?:(?P<cur1>{_SIGN})\s*)?(?P<num>[^\s$£€¥]+?)"
    rf"\s*(?P<scale>{_alternation(_SCALES)})?"
    rf"\s*(?P<cur2>{_alternation(w for w in _CURRENCY if w.isalpha())})?$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Amount:
    """A sum of money in whole currency units, with its qualifier word."""

    value: float
    currency: str
    qualifier: str | None = None

    @property
    def approximate(self) -> bool:
        return self.qualifier is not None and self.qualifier.lower() in APPROXIMATE_WORDS


def parse_amount(text: str) -> Amount:
    """A sum of money: "$540 million", "10 billion yen", "US $ 4.2 M", "About 2.8 billion yen".

    The PDF text writes dollars as "\\$" (a LaTeX escape); that backslash is dropped. A number
    that does not parse ("$54O million") or a missing currency is a ParseError.
    """
    s = unicodedata.normalize("NFKC", text).replace("\\$", "$").strip()
    s, qualifier = split_qualifier(s)
    m = _AMOUNT.match(s)
    if not m:
        raise ParseError("not an amount of money", text)
    cur1, cur2 = m.group("cur1"), m.group("cur2")
    if bool(cur1) == bool(cur2):
        raise ParseError("an amount needs exactly one currency", text)
    currency = _CURRENCY[re.sub(r"\s+", "", (cur1 or cur2)).lower()]
    try:
        number = parse_number(m.group("num"))
    except ParseError:
        raise ParseError("not an amount of money", text) from None
    scale = _SCALES[m.group("scale").lower()] if m.group("scale") else 1
    return Amount(float(number) * scale, currency, qualifier)


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
    for t in _TILDES:
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
    for t in _TILDES:
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

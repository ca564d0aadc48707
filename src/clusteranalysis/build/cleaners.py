"""Shared cleaners: turn one piece of document text into one typed value.

Each cleaner either returns a value or raises :class:`~clusteranalysis.errors.ParseError`
with the text it could not read; the source modules add the file name and line. Nothing
here guesses: a qualifier such as "約", "about", "knapp" or "more than" is returned beside
the number, never dropped, text with anything left over after the pattern is an error, and
so is a number whose separator could mean either thing ("500.000" in English).

Numbers, counts, amounts and dates are read in a document's language (the ``language``
column of data/raw/sources.csv) by a :class:`Reader`: ``reader("de").amount("knapp 1,5
Millionen Euro")``. The module-level functions (:func:`parse_number`, :func:`parse_count`,
:func:`parse_amount` …) are the reader of English and Japanese, the five documents'
languages.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from functools import cache

from babel import Locale
from babel.dates import get_date_format, get_month_names, tokenize_pattern
from babel.numbers import (
    NumberFormatError,
    format_decimal,
    get_decimal_symbol,
    get_group_symbol,
    parse_decimal,
)

from clusteranalysis.errors import ClusterAnalysisError, ParseError
from clusteranalysis.metadata import vocab
from clusteranalysis.metadata.lookups import lookup

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


# --- languages: how a document writes numbers -----------------------------------------------

#: The languages the module-level cleaners (parse_number, parse_count, parse_amount …) read:
#: those of the five documents, which share one number format (1,300.5).
DEFAULT_LANGUAGES = ("en", "ja")
_SPACES = (" ", "\u00a0", "\u202f")  # a space, a no-break space, a narrow no-break space
_ASCII_DIGITS = frozenset("0123456789")


def _word_rows() -> list[tuple[int, dict[str, str]]]:
    """lookups/words.csv with its line numbers, checked: each language is one of
    vocab.LANGUAGES (blank: every language), and a word means the same in every language."""
    rows = list(enumerate(lookup("words"), start=2))
    kinds: dict[str, tuple[str, str]] = {}
    for n, r in rows:
        if r["language"] and r["language"] not in vocab.LANGUAGES:
            raise ClusterAnalysisError(f"lookups/words.csv:{n}: language {r['language']!r} is "
                                       f"not in lookups/languages.csv")
        key = r["word"].lower()
        seen = kinds.setdefault(key, (r["kind"], r["value"]))
        if seen != (r["kind"], r["value"]):
            raise ClusterAnalysisError(f"lookups/words.csv:{n}: {r['word']!r} is a {r['kind']} "
                                       f"here but a {seen[0]} ({seen[1]}) in another language")
    return rows


def words(kind: str, languages: tuple[str, ...] | None = DEFAULT_LANGUAGES) -> dict[str, str]:
    """Parsing vocabulary of one kind from lookups/words.csv: {word: value}, in file order.

    Only the words of ``languages`` and those of every language (a blank ``language``);
    ``None``: the words of all languages.
    """
    return {r["word"]: r["value"] for _, r in _word_rows() if r["kind"] == kind
            and (languages is None or not r["language"] or r["language"] in languages)}


def _alternation(items: object) -> str:
    """A regex alternation, longest first (so 'approximately' wins over 'approx')."""
    return "|".join(re.escape(w) for w in sorted(items, key=len, reverse=True))  # type: ignore[arg-type]


def language_name(language: str) -> str:
    """'German (de)', 'English and Japanese (en+ja)': Babel's English names of the codes."""
    codes = language.split("+")
    names = [Locale.parse(code).english_name or code for code in codes]
    return f"{' and '.join(names)} ({language})"


# Qualifiers of every language (a word is one kind in all of them): Count and Amount say
# whether theirs is approximate or a lower bound.
_ALL_APPROXIMATE = frozenset(w.lower() for w in words("approximate", None))
_ALL_LOWER_BOUND = frozenset(w.lower() for w in words("lower bound", None))
_ALL_LOWER_SUFFIX = frozenset(w.lower() for w in words("lower bound suffix", None))


@dataclass(frozen=True)
class Count:
    """A count with the qualifier word the text gave it (None when the text gave none)."""

    value: int
    qualifier: str | None = None

    @property
    def approximate(self) -> bool:
        return self.qualifier is not None and self.qualifier.lower() in _ALL_APPROXIMATE

    @property
    def lower_bound(self) -> bool:
        q = (self.qualifier or "").lower()
        return q in _ALL_LOWER_BOUND or q in _ALL_LOWER_SUFFIX


@dataclass(frozen=True)
class Amount:
    """A sum of money in whole currency units, with its qualifier word."""

    value: float
    currency: str
    qualifier: str | None = None

    @property
    def approximate(self) -> bool:
        return self.qualifier is not None and self.qualifier.lower() in _ALL_APPROXIMATE


def _symbol_class(symbol: str) -> str:
    """A regex class for a separator as a PDF text may write it: the symbol, its full-width
    form (，．) or, for a space, any of the spaces (NFKC makes them all a plain space)."""
    if symbol in _SPACES:
        return "[" + "".join(_SPACES) + "]"
    forms = {symbol}
    if "!" <= symbol <= "~":
        forms.add(chr(ord(symbol) + 0xFEE0))
    return "[" + "".join(re.escape(f) for f in sorted(forms)) + "]"


class Reader:
    """How documents in one language, or in languages that share a number format ('en+ja'),
    write numbers, counts, amounts and dates.

    What Babel decides (its CLDR data for the language's locale): the decimal and thousands
    symbols and a number's grouping (``babel.numbers.parse_decimal(..., strict=True)``), the
    month names and the order of day, month and year in a date. What lookups/words.csv
    gives: number words, qualifiers, scale and currency words. What the project decides:
    which locale a language code stands for (lookups/languages.csv), that only digits and
    those two symbols make a number, that a number whose one separator is the decimal symbol
    followed by exactly three digits ('500.000' in English, '1,500' in German) is ambiguous
    and an error, that spaces of any width group thousands where the locale groups with a
    space, and that English and Japanese dates are read by this module's own parsers.
    """

    def __init__(self, language: str) -> None:
        codes = tuple(c for c in language.split("+"))
        unknown = [c for c in codes if c not in vocab.LANGUAGES]
        if unknown or not codes:
            raise ClusterAnalysisError(f"language {language!r}: {', '.join(unknown) or 'none'} "
                                       f"not in lookups/languages.csv")
        self.language = language
        self.languages = codes
        self.name = language_name(language)
        formats = {(get_decimal_symbol(c), get_group_symbol(c)) for c in codes}
        if len(formats) > 1:
            raise ClusterAnalysisError(f"language {language!r}: its languages write numbers "
                                       f"differently, so one document cannot mix them")
        self.locale = codes[0]
        self.decimal, group = formats.pop()
        self.space_grouped = group in _SPACES
        self.group = " " if self.space_grouped else group  # after NFKC
        self._babel_group = group
        self.example = format_decimal(1300.5, "#,##0.0", locale=self.locale)

        self.approximate_words = tuple(words("approximate", codes))
        self.lower_bound_words = tuple(words("lower bound", codes))
        self.lower_bound_suffixes = tuple(words("lower bound suffix", codes))
        self.number_words = {w.lower(): int(v) for w, v in words("number", codes).items()}
        self.ordinals = {int(v): w for w, v in words("ordinal", codes).items()}
        self.scales = {w.lower(): int(v) for w, v in words("scale", codes).items()}
        self.currencies = {w.lower(): v for w, v in words("currency", codes).items()}
        self.day_suffixes = tuple(words("day suffix", codes))

        prefix = _alternation(self.approximate_words + self.lower_bound_words)
        suffix = _alternation(self.lower_bound_suffixes)
        #: The qualifiers that stand before a number, as a regex alternation.
        self.prefix_qualifiers = prefix
        self._prefix = re.compile(rf"^(?P<q>{prefix})\s*", re.IGNORECASE) if prefix else None
        self._suffix = re.compile(rf"\s*(?P<q>{suffix})$", re.IGNORECASE) if suffix else None
        #: A number word as a regex group body ('six', 'Six').
        self.number_word = (rf"(?i:\b(?:{_alternation(self.number_words)})\b)"
                            if self.number_words else r"(?!)")
        # A number as the documents write it inside a sentence, with its qualifier. The
        # digits are matched loosely ("17S0", "2,24O" included) so that a damaged number
        # reaches parse_count and fails there, instead of a strict pattern skipping it.
        self.qualified_number = (
            (rf"(?:(?:{prefix})\s*)?" if prefix else "")
            + r"(?<![A-Za-z0-9.,])\d[A-Za-z0-9,]*(?:\.\d+)?"
            + (rf"(?:\s*(?:{suffix}))?" if suffix else ""))
        digit, g, d = "[0-9０-９]", _symbol_class(group), _symbol_class(self.decimal)
        grouped = rf"{digit}+(?:{g}{digit}{{3}})*" if not self.space_grouped else \
            rf"(?:{digit}{{1,3}}(?:{g}{digit}{{3}}(?!{digit}))+|{digit}+)"
        #: A number in digits as this language writes it (the coverage ledger's tokens).
        self.digits = re.compile(rf"{grouped}(?:{d}{digit}+)?")

        signs = [w for w in self.currencies if _is_sign(w)]
        sign = "|".join(r"\s*".join(re.escape(ch) for ch in w)  # 'US $': spaces inside
                        for w in sorted(signs, key=len, reverse=True))
        names = _alternation(w for w in self.currencies if not _is_sign(w))
        after = "|".join(x for x in (names, sign) if x)
        no_sign = "".join(re.escape(c) for c in "$£€¥")
        spaced = rf"(?:{_symbol_class(group)}\d{{3}})*" if self.space_grouped else ""
        self._amount = re.compile(
            rf"^(?:(?P<cur1>{sign})\s*)?(?P<num>[^\s{no_sign}]+?{spaced})"
            rf"\s*(?P<scale>{_alternation(self.scales)})?"
            rf"\s*(?P<cur2>{after})?$",
            re.IGNORECASE,
        )

    def __repr__(self) -> str:
        return f"Reader({self.language!r})"

    # numbers

    def ambiguous(self, text: str) -> bool:
        """The project's rule: one separator, the decimal symbol, then exactly three digits,
        after one to three digits not starting with 0 ('500.000' in English is 500 or, as
        German writes it, 500000; '1,500' in German likewise)."""
        head, sep, tail = text.partition(self.decimal)
        return (bool(sep) and self.group not in text and len(tail) == 3 and tail.isdigit()
                and 1 <= len(head) <= 3 and head.isdigit() and head[0] != "0")

    def number(self, text: str) -> int | float:
        """A plain number in this language's format ("１２,３４５" → 12345 in English,
        "1.234,5" → 1234.5 in German); an ``int`` when there is no decimal part."""
        s = unicodedata.normalize("NFKC", text).strip()
        if any(ch.isalpha() for ch in s) or not s:
            raise ParseError("not a number", text)
        if s[0] not in _ASCII_DIGITS or s[-1] not in _ASCII_DIGITS \
                or set(s) - _ASCII_DIGITS - {self.decimal, self.group}:
            raise ParseError(f"not a number as {self.name} writes one ({self.example})", text)
        if self.ambiguous(s):
            head, _, tail = s.partition(self.decimal)
            raise ParseError(f"ambiguous number: {self.name} reads it as {head}.{tail}, "
                             f"a text that groups thousands with {self.decimal!r} as "
                             f"{head}{tail}; nothing here guesses which is meant", text)
        try:
            value = parse_decimal(s.replace(" ", self._babel_group), locale=self.locale,
                                  strict=True)
        except NumberFormatError:
            raise ParseError(f"not a number as {self.name} writes one ({self.example})",
                             text) from None
        return float(value) if self.decimal in s else int(value)

    def split_qualifier(self, text: str) -> tuple[str, str | None]:
        """Split "約2,240" into ("2,240", "約"), "32,000+" into ("32,000", "+")."""
        s = unicodedata.normalize("NFKC", text).strip()
        qualifier = None
        m = self._prefix.match(s) if self._prefix else None
        if m:
            qualifier = m.group("q")
            s = s[m.end():]
        m = self._suffix.search(s) if self._suffix else None
        if m:
            if qualifier is not None:
                raise ParseError("two qualifiers on one number", text)
            qualifier = m.group("q")
            s = s[: m.start()]
        return s.strip(), qualifier

    def count(self, text: str, unit: str = "", *, number_words: bool = False) -> Count:
        """A whole count with its qualifier: "約10,700社", "about 500", "über 1.200"; with
        ``number_words`` a number word too ("acht"). ``unit`` is a counter word the text may
        end with (社, 大学) and that is dropped."""
        s = unicodedata.normalize("NFKC", text).strip()
        if unit and s.endswith(unit):
            s = s[: -len(unit)]
        number, qualifier = self.split_qualifier(s)
        if number_words and number.lower() in self.number_words:
            return Count(self.number_words[number.lower()], qualifier)
        try:
            value = self.number(number)
        except ParseError as exc:
            if exc.message.startswith("ambiguous"):
                raise ParseError(exc.message, text) from None
            raise ParseError("not a count", text) from None
        if isinstance(value, float):
            raise ParseError("a count must be a whole number", text)
        return Count(value, qualifier)

    def word_number(self, text: str) -> int:
        """'six' → 6, 'acht' → 8 (lookups/words.csv); digits are accepted too."""
        t = text.strip().lower()
        if t.isdigit():
            return int(t)
        if t not in self.number_words:
            raise ParseError(f"not a number word in {self.name}", text)
        return self.number_words[t]

    def ordinal(self, n: int | str) -> str:
        """1 → '1st' (lookups/words.csv)."""
        k = int(n)
        if k not in self.ordinals:
            raise ParseError("no ordinal for this number (add it to lookups/words.csv)",
                             str(n))
        return self.ordinals[k]

    # money

    def amount(self, text: str) -> Amount:
        """A sum of money: "$540 million", "10 billion yen", "knapp 1,5 Millionen Euro",
        "2,3 Mio. €", "près de 2 millions d'euros".

        The PDF text writes dollars as "\\$" (a LaTeX escape); that backslash is dropped. A
        number that does not parse ("$54O million") or a missing currency is a ParseError.
        """
        s = unicodedata.normalize("NFKC", text).replace("\\$", "$").strip()
        s, qualifier = self.split_qualifier(s)
        m = self._amount.match(s)
        if not m:
            raise ParseError("not an amount of money", text)
        cur1, cur2 = m.group("cur1"), m.group("cur2")
        if bool(cur1) == bool(cur2):
            raise ParseError("an amount needs exactly one currency", text)
        currency = self.currencies[re.sub(r"\s+", "", (cur1 or cur2)).lower()]
        try:
            number = self.number(m.group("num"))
        except ParseError as exc:
            if exc.message.startswith("ambiguous"):
                raise ParseError(exc.message, text) from None
            raise ParseError("not an amount of money", text) from None
        scale = self.scales[m.group("scale").lower()] if m.group("scale") else 1
        return Amount(float(number) * scale, currency, qualifier)

    # dates

    def date(self, text: str) -> DateSpan:
        """A date as the language writes it: English "21st June, 2005", Japanese era dates
        ("平成20年6月14日"), otherwise the locale's long date and month forms from Babel
        ("1. Februar 2016", "Februar 2016"; "1er février 2016") or a bare year."""
        for code in self.languages:
            try:
                if code == "en":
                    return parse_english_date(text)
                if code == "ja":
                    return parse_era_date(text)
                return _locale_date(text, code, self.day_suffixes)
            except ParseError as exc:
                if exc.message == "not a calendar date":  # the form is right, the day not
                    raise
                continue
        raise ParseError(f"not a date in {self.name}", text)


def _is_sign(word: str) -> bool:
    """A currency sign holds a currency symbol ($, US$, €); it may stand before or after."""
    return any(unicodedata.category(ch) == "Sc" for ch in word)


@cache
def reader(language: str) -> Reader:
    """The Reader of a catalogue language: 'de', 'en+ja' (data/raw/sources.csv)."""
    return Reader(language)


#: The reader of the module-level functions below (English and Japanese).
DEFAULT = reader("+".join(DEFAULT_LANGUAGES))

# Qualifiers as the documents write them (lookups/words.csv). "approximate" ones blur the
# number, "lower bound" ones say the true number is at least this one.
APPROXIMATE_WORDS = DEFAULT.approximate_words
LOWER_BOUND_WORDS = DEFAULT.lower_bound_words
LOWER_BOUND_SUFFIXES = DEFAULT.lower_bound_suffixes
#: English number words ('Six forums') and ordinals ('3rd'), lookups/words.csv.
NUMBER_WORDS = DEFAULT.number_words
ORDINALS = DEFAULT.ordinals
#: The qualifiers that stand before a number, as a regex alternation.
PREFIX_QUALIFIERS = DEFAULT.prefix_qualifiers
#: A number word as a regex group body ('six', 'Six').
NUMBER_WORD = DEFAULT.number_word
#: A number with its qualifier inside a sentence (see Reader.qualified_number).
QUALIFIED_NUMBER = DEFAULT.qualified_number


def parse_number(text: str) -> int | float:
    """A plain number: thousands commas and full-width digits allowed ("１２,３４５" → 12345).

    Returns an ``int`` when there is no decimal part. Anything else is a ParseError, and so
    is '500.000' (ambiguous: see :class:`Reader`).
    """
    return DEFAULT.number(text)


def split_qualifier(text: str) -> tuple[str, str | None]:
    """Split "約2,240" into ("2,240", "約") and "32,000+" into ("32,000", "+")."""
    return DEFAULT.split_qualifier(text)


def parse_count(text: str, unit: str = "") -> Count:
    """A whole count with its qualifier: "約10,700社", "about 500", "over 220", "220+".

    ``unit`` is a counter word the text may end with (社, 大学) and that is dropped.
    """
    return DEFAULT.count(text, unit)


def word_number(text: str) -> int:
    """'six' → 6 ('over six years'; lookups/words.csv); digits are accepted too."""
    return DEFAULT.word_number(text)


def ordinal(n: int | str) -> str:
    """1 → '1st' (lookups/words.csv)."""
    return DEFAULT.ordinal(n)


def parse_amount(text: str) -> Amount:
    """A sum of money: "$540 million", "10 billion yen", "US $ 4.2 M", "About 2.8 billion yen".

    The PDF text writes dollars as "\\$" (a LaTeX escape); that backslash is dropped. A number
    that does not parse ("$54O million") or a missing currency is a ParseError.
    """
    return DEFAULT.amount(text)


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
    months = _alternation(_month_names(language))
    suffix = f"(?:{_alternation(day_suffixes)})?" if day_suffixes else ""
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


def _locale_date(text: str, language: str, day_suffixes: tuple[str, ...] = ()) -> DateSpan:
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

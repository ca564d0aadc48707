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
languages. The readers of dates are in :mod:`.dates`, the text they all start from in
:mod:`.text`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from babel.numbers import (
    NumberFormatError,
    format_decimal,
    get_decimal_symbol,
    get_group_symbol,
    parse_decimal,
)

from clusteranalysis.build.dates import DateSpan, locale_date, parse_english_date, parse_era_date
from clusteranalysis.build.text import (
    DEFAULT_LANGUAGES,
    alternation,
    language_name,
    words,
)
from clusteranalysis.errors import ClusterAnalysisError, ParseError
from clusteranalysis.metadata import vocab

# --- languages: how a document writes numbers -----------------------------------------------

_SPACES = (" ", "\u00a0", "\u202f")  # a space, a no-break space, a narrow no-break space
_ASCII_DIGITS = frozenset("0123456789")




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

        prefix = alternation(self.approximate_words + self.lower_bound_words)
        suffix = alternation(self.lower_bound_suffixes)
        #: The qualifiers that stand before a number, as a regex alternation.
        self.prefix_qualifiers = prefix
        self._prefix = re.compile(rf"^(?P<q>{prefix})\s*", re.IGNORECASE) if prefix else None
        self._suffix = re.compile(rf"\s*(?P<q>{suffix})$", re.IGNORECASE) if suffix else None
        #: A number word as a regex group body ('six', 'Six').
        self.number_word = (rf"(?i:\b(?:{alternation(self.number_words)})\b)"
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
        # A point or comma that is neither of this language's symbols ('.' in French):
        # digits on both sides of one make a number written in another language's format,
        # never two numbers ('1.5' in French is not 1 and 5).
        foreign = "".join(c for c in ".," if c not in (self.decimal, self.group))
        f = f"[{re.escape(foreign)}]"
        guard_start = rf"(?<!{digit})(?<!{digit}{f})" if foreign else ""
        guard_end = rf"(?!{digit})(?!{f}{digit})" if foreign else ""
        #: A number in digits as this language writes it (the coverage ledger's tokens).
        self.digits = re.compile(rf"{guard_start}{grouped}(?:{d}{digit}+)?{guard_end}")
        #: Digits joined by a foreign separator ('1.5', '500.000' in French): the ledger
        #: lists each as one number that does not read (None where there is no such symbol).
        self.foreign_digits = (re.compile(rf"{digit}+(?:[.,]{digit}+)*{f}{digit}+(?:[.,]{digit}+)*")
                               if foreign else None)

        signs = [w for w in self.currencies if _is_sign(w)]
        sign = "|".join(r"\s*".join(re.escape(ch) for ch in w)  # 'US $': spaces inside
                        for w in sorted(signs, key=len, reverse=True))
        names = alternation(w for w in self.currencies if not _is_sign(w))
        after = "|".join(x for x in (names, sign) if x)
        no_sign = "".join(re.escape(c) for c in "$£€¥")
        spaced = rf"(?:{_symbol_class(group)}\d{{3}})*" if self.space_grouped else ""
        self._amount = re.compile(
            rf"^(?:(?P<cur1>{sign})\s*)?(?P<num>[^\s{no_sign}]+?{spaced})"
            rf"\s*(?P<scale>{alternation(self.scales)})?"
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
            raise ParseError(f"not an amount of money in {self.name}: a number "
                             f"({self.example}), a scale word and a currency "
                             f"({', '.join(sorted(set(self.currencies.values())))}) of "
                             "lookups/words.csv", text)
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

    def amount_in(self, text: str, unit: str) -> Amount:
        """A table cell whose unit the heading gives: "12 500" under "(en milliers d'euros)"
        is 12,500,000 EUR, "3,2" is 3,200 EUR. The unit is a scale word (or none) and one
        currency of lookups/words.csv; the cell is a number of the language with its
        qualifier. Either not reading is a ParseError."""
        try:
            per = self.amount(f"1 {unit}")
        except ParseError:
            raise ParseError(f"not a unit of money in {self.name}: a scale word and a "
                             "currency of lookups/words.csv ('milliers d'euros')", unit) from None
        s, qualifier = self.split_qualifier(unicodedata.normalize("NFKC", text).strip())
        return Amount(float(self.number(s)) * per.value, per.currency, qualifier)

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
                return locale_date(text, code, self.day_suffixes)
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



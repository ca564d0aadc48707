"""Numbers, amounts and dates in a document's language (cleaners.Reader, Babel's formats).

Expected values are the numbers as a reader of that language reads them; the German ones
are those of the test document (tests/data/sixth_document/, lines cited).
"""

from __future__ import annotations

import re
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clusteranalysis.build.cleaners import (
    DEFAULT,
    Amount,
    Count,
    parse_amount,
    parse_count,
    parse_number,
    reader,
)
from clusteranalysis.build.coverage import numbers
from clusteranalysis.build.dates import DateSpan
from clusteranalysis.errors import ClusterAnalysisError, ParseError
from clusteranalysis.metadata import vocab
from clusteranalysis.metadata.lookups import lookup

DE, FR = reader("de"), reader("fr")


@pytest.mark.parametrize(("language", "text", "expected"), [
    ("de", "500.000", 500000),      # test document line 15
    ("de", "544.363", 544363),      # line 16
    ("de", "1.200", 1200),          # line 8
    ("de", "1,5", 1.5),             # line 13
    ("de", "1.234.567,89", 1234567.89),
    ("de", "2016", 2016),
    ("fr", "1 500 000", 1500000),   # a plain space
    ("fr", "1\u202f500,5", 1500.5),  # a narrow no-break space, as CLDR writes French
    ("fr", "1\u00a0500", 1500),     # a no-break space
    ("fi", "12 345,6", 12345.6),
    ("en", "1,300", 1300),
    ("en", "0.125", 0.125),         # no thousands group can start with 0
    ("ja", "２,２４０", 2240),
])
def test_numbers_in_the_documents_language(language: str, text: str, expected: float) -> None:
    value = reader(language).number(text)
    assert value == expected and isinstance(value, type(expected))


@pytest.mark.parametrize(("language", "text"), [
    ("en", "500.000"), ("en", "544.363"), ("en+ja", "12.345"),  # German thousands in English
    ("de", "1,500"), ("fr", "2,125"),                            # English thousands in German
])
def test_a_separator_that_could_mean_either_is_refused(language: str, text: str) -> None:
    with pytest.raises(ParseError, match="ambiguous number"):
        reader(language).number(text)


@pytest.mark.parametrize(("language", "text"), [
    ("en", "1,5"), ("en", "1,30,0"), ("de", "12.34"), ("de", "1.2345"), ("fr", "1.500"),
    ("en", "1E3"), ("en", "NaN"), ("en", "-5"), ("en", ".5"), ("de", "1,"), ("en", "٣"),
])
def test_what_is_not_a_number_in_the_language_is_refused(language: str, text: str) -> None:
    with pytest.raises(ParseError):
        reader(language).number(text)


@pytest.mark.parametrize(("text", "token"), [
    ("1.5 million d'euros par an", "1.5"),   # English decimals in French: not 1 and 5
    ("plus de 500.000 emplois", "500.000"),  # German thousands in French
    ("12 500.5 euros", "500.5"),
])
def test_digits_joined_by_a_foreign_separator_are_one_number_that_does_not_read(
        text: str, token: str) -> None:
    """The ledger lists the whole token as a number French does not write (so the build
    stops on it), and no parser built on ``reader.digits`` can pick a part of it."""
    found = {n.text: n for n in numbers(text, 1, FR)}
    assert found[token].value is None
    assert found[token].problem is not None and "French (fr)" in found[token].problem
    assert not any(m.start() < text.index(token) + len(token) and m.end() > text.index(token)
                   for m in FR.digits.finditer(text))
    # German writes both symbols: its readers see no foreign separator
    assert [n.text for n in numbers("1.500 und 1,5", 1, DE)] == ["1.500", "1,5"]


def test_a_table_cell_in_the_unit_its_heading_gives() -> None:
    """'(en milliers d'euros)' over cells '12 500' and 'environ 3,2': 12,500,000 and about
    3,200 euros; a unit that is no scale and currency of words.csv is refused."""
    assert FR.amount_in("12 500", "milliers d'euros") == Amount(12_500_000.0, "EUR", None)
    assert FR.amount_in("environ 3,2", "milliers d'euros") == Amount(3200.0, "EUR", "environ")
    assert DE.amount_in("1.250", "Tausend Euro") == Amount(1_250_000.0, "EUR", None)
    with pytest.raises(ParseError, match="not a unit of money in French"):
        FR.amount_in("12", "francs suisses")
    with pytest.raises(ParseError, match="not a number as French"):
        FR.amount_in("1.5", "milliers d'euros")


def test_an_amount_that_does_not_read_says_what_one_is() -> None:
    with pytest.raises(ParseError, match=r"not an amount of money in French \(fr\): .*EUR"):
        FR.amount("12 millions de francs suisses")


def test_the_module_functions_are_the_english_and_japanese_reader() -> None:
    assert DEFAULT.languages == ("en", "ja")
    with pytest.raises(ParseError, match="ambiguous"):
        parse_number("500.000")
    assert parse_count("約2,240社", "社") == Count(2240, "約")
    with pytest.raises(ParseError):
        parse_amount("1,5 Millionen Euro")  # German words are not English ones


@given(st.integers(min_value=0, max_value=10**12))
def test_german_thousands_round_trip(n: int) -> None:
    assert DE.number(f"{n:,}".replace(",", ".")) == n


@pytest.mark.parametrize(("r", "text", "expected"), [
    (DE, "knapp 1,5 Millionen Euro", Amount(1.5e6, "EUR", "knapp")),   # line 13
    (DE, "rund 2,3 Mio. Euro", Amount(2.3e6, "EUR", "rund")),          # line 14
    (DE, "500.000 Euro", Amount(500000.0, "EUR")),                     # line 15
    (DE, "etwa 4,8 Millionen Euro", Amount(4.8e6, "EUR", "etwa")),     # line 17
    (DE, "2,3 Mio. €", Amount(2.3e6, "EUR")),                          # a sign after it
    (FR, "près de 2 millions d'euros", Amount(2e6, "EUR", "près de")),
    (FR, "1 500 000 euros", Amount(1.5e6, "EUR")),
    (DEFAULT, "US $ 4.2 M", Amount(4.2e6, "USD")),
])
def test_amounts(r: object, text: str, expected: Amount) -> None:
    amount = r.amount(text)  # type: ignore[attr-defined]
    assert amount == expected
    assert amount.approximate is (expected.qualifier is not None)


@pytest.mark.parametrize(("r", "text"), [
    (DE, "knapp 1,500 Millionen Euro"),  # ambiguous, and said so
    (DE, "1,5 Millionen"),               # no currency
    (DE, "1,5 bn euro"),                 # an English scale word in a German text
    (FR, "1.500 euros"),
])
def test_amounts_refused(r: object, text: str) -> None:
    with pytest.raises(ParseError) as err:
        r.amount(text)  # type: ignore[attr-defined]
    assert text in str(err.value)


def test_counts_and_number_words() -> None:
    # line 8 "Gefördert wurden acht Cluster mit mehr als 1.200 Unternehmen und rund 40 …"
    assert DE.count("acht", number_words=True) == Count(8)
    assert DE.count("mehr als 1.200") == Count(1200, "mehr als")
    assert DE.count("mehr als 1.200").lower_bound
    assert DE.count("rund 40").approximate
    assert DE.word_number("Zwölf") == 12 and FR.word_number("neuf") == 9
    with pytest.raises(ParseError, match="not a number word in German"):
        DE.word_number("ein")  # the article: not a number word (lookups/words.csv)
    with pytest.raises(ParseError):
        DE.count("acht")  # a word only where the parser allows it


@pytest.mark.parametrize(("r", "text", "expected"), [
    (DE, "1. Februar 2016", DateSpan(date(2016, 2, 1), None, "day")),   # line 4
    (DE, "März 2012", DateSpan(date(2012, 3, 1), None, "month")),       # line 7
    (DE, "dezember 2015", DateSpan(date(2015, 12, 1), None, "month")),
    (DE, "2016", DateSpan(date(2016, 1, 1), None, "year")),
    (FR, "1er février 2016", DateSpan(date(2016, 2, 1), None, "day")),
    (FR, "févr. 2016", DateSpan(date(2016, 2, 1), None, "month")),
    (reader("fi"), "1. helmikuuta 2016", DateSpan(date(2016, 2, 1), None, "day")),
    (DEFAULT, "21st June, 2005", DateSpan(date(2005, 6, 21), None, "day")),
    (DEFAULT, "平成20年6月14日", DateSpan(date(2008, 6, 14), None, "day")),
])
def test_dates(r: object, text: str, expected: DateSpan) -> None:
    assert r.date(text) == expected  # type: ignore[attr-defined]


@pytest.mark.parametrize(("r", "text", "message"), [
    (DE, "1. Februar 2016x", "not a date in German (de)"),
    (DE, "31. Februar 2016", "not a calendar date"),
    (DE, "February 2016", "not a date in German (de)"),
    (reader("en"), "1. Februar 2016", "not a date in English (en)"),  # not 'Japanese era'
])
def test_dates_refused(r: object, text: str, message: str) -> None:
    with pytest.raises(ParseError, match=re.escape(message)):
        r.date(text)  # type: ignore[attr-defined]


def test_languages_must_be_known_and_write_numbers_alike() -> None:
    with pytest.raises(ClusterAnalysisError, match=re.escape("sv not in lookups/languages.csv")):
        reader("sv")
    with pytest.raises(ClusterAnalysisError, match="write numbers differently"):
        reader("en+de")


def test_every_word_belongs_to_a_known_language_and_means_one_thing() -> None:
    meaning: dict[str, tuple[str, str]] = {}
    for row in lookup("words"):
        assert row["language"] in ("", *vocab.LANGUAGES), row
        key = row["word"].lower()
        assert meaning.setdefault(key, (row["kind"], row["value"])) == (row["kind"],
                                                                        row["value"]), row
    assert vocab.CURRENCIES[:2] == ("JPY", "USD")  # the order the budgets tables keep

"""Unit and property tests for the shared cleaners."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clusteranalysis.build.cleaners import Count, parse_amount, parse_count, parse_number
from clusteranalysis.build.dates import (
    YearSpan,
    era_to_year,
    fiscal_year_bounds,
    parse_english_date,
    parse_era_date,
    parse_era_year,
    parse_fiscal_year_range,
    parse_year_span,
    year_to_era,
)
from clusteranalysis.build.text import clean_label, dehyphenate, normalize_text, strip_enumerator
from clusteranalysis.errors import ParseError

FULLWIDTH = str.maketrans("0123456789,", "０１２３４５６７８９，")


# --- numbers and counts -----------------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "expected"),
    [("5,800", 5800), ("10,700", 10700), ("1,300,000", 1300000), ("２,２４０", 2240),
     ("１２３", 123), ("6.5", 6.5), ("0.8", 0.8), ("2000", 2000)],
)
def test_parse_number(text: str, expected: float) -> None:
    assert parse_number(text) == expected


@pytest.mark.parametrize("text", ["54O", "1,30,0", "", "12a", "1.2.3", "l00", ",100"])
def test_parse_number_rejects(text: str) -> None:
    with pytest.raises(ParseError):
        parse_number(text)


@pytest.mark.parametrize(
    ("text", "unit", "value", "qualifier", "approximate", "lower"),
    [
        ("約2,240社", "社", 2240, "約", True, False),
        ("約１０,７００社", "社", 10700, "約", True, False),
        ("130大学", "大学", 130, None, False, False),
        ("about 500", "", 500, "about", True, False),
        ("approx. 2,300,000", "", 2300000, "approx.", True, False),
        ("Approximately 400", "", 400, "Approximately", True, False),
        ("more than 40", "", 40, "more than", False, True),
        ("over 220", "", 220, "over", False, True),
        ("220+", "", 220, "+", False, True),
        ("32,000+", "", 32000, "+", False, True),
        ("500 or more", "", 500, "or more", False, True),
    ],
)
def test_parse_count(text: str, unit: str, value: int, qualifier: str | None,
                     approximate: bool, lower: bool) -> None:
    count = parse_count(text, unit)
    assert count == Count(value, qualifier)
    assert count.approximate is approximate
    assert count.lower_bound is lower


@pytest.mark.parametrize("text", ["約2,24O社", "about", "6.5", "about 500+"])
def test_parse_count_rejects(text: str) -> None:
    with pytest.raises(ParseError):
        parse_count(text, "社")


@given(st.integers(min_value=0, max_value=10**9), st.booleans(), st.booleans())
def test_count_round_trip(n: int, commas: bool, fullwidth: bool) -> None:
    text = f"{n:,}" if commas else str(n)
    if fullwidth:
        text = text.translate(FULLWIDTH)
    assert parse_count("約" + text + "社", "社") == Count(n, "約")


# --- money ------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "value", "currency", "qualifier"),
    [
        ("$540 million", 540e6, "USD", None),
        ("\\$540 million", 540e6, "USD", None),          # the PDF text's LaTeX escape
        ("\\$6.5 million", 6.5e6, "USD", None),
        ("10 billion yen", 10e9, "JPY", None),
        ("500 million yen", 500e6, "JPY", None),
        ("6 billion yen", 6e9, "JPY", None),
        ("About 2.8 billion yen", 2.8e9, "JPY", "About"),
        ("US $ 4.2 M", 4.2e6, "USD", None),
        ("US \\$ 50 M", 50e6, "USD", None),
        ("£ 50 M", 50e6, "GBP", None),
        ("約5億円", 5e8, "JPY", "約"),
    ],
)
def test_parse_amount(text: str, value: float, currency: str, qualifier: str | None) -> None:
    amount = parse_amount(text)
    assert amount.value == pytest.approx(value)
    assert amount.currency == currency
    assert amount.qualifier == qualifier


@pytest.mark.parametrize("text", ["$54O million", "540 million", "$ million", "$540 yen",
                                  "10 billion", "ten billion yen"])
def test_parse_amount_rejects(text: str) -> None:
    with pytest.raises(ParseError) as err:
        parse_amount(text)
    assert text in str(err.value)


@given(st.integers(min_value=1, max_value=99999), st.integers(min_value=0, max_value=9),
       st.sampled_from([("million", 1e6), ("billion", 1e9)]))
def test_amount_round_trip(whole: int, tenth: int, scale: tuple[str, float]) -> None:
    word, factor = scale
    text = f"{whole:,}.{tenth} {word} yen"
    assert parse_amount(text).value == pytest.approx((whole + tenth / 10) * factor)


# --- eras, fiscal years, dates ----------------------------------------------------------------

@pytest.mark.parametrize(
    ("era", "year", "expected"),
    [("平成", 20, 2008), ("平成", 8, 1996), ("平成", "元", 1989), ("昭和", 47, 1972),
     ("令和", 1, 2019), ("平成", "１９", 2007)],
)
def test_era_to_year(era: str, year: int | str, expected: int) -> None:
    assert era_to_year(era, year) == expected


@given(st.integers(min_value=1989, max_value=2018))
def test_era_round_trip(year: int) -> None:
    assert parse_era_year(year_to_era(year)) == year


def test_era_errors() -> None:
    with pytest.raises(ParseError):
        era_to_year("天平", 3)
    with pytest.raises(ParseError):
        parse_era_year("2008年")


@pytest.mark.parametrize(
    ("text", "expected"),
    [("平成8～12年度", (1996, 2000)), ("平成13～17年度", (2001, 2005)),
     ("平成18~22年度", (2006, 2010)), ("平成１８～２２年度", (2006, 2010))],
)
def test_fiscal_year_range(text: str, expected: tuple[int, int]) -> None:
    assert parse_fiscal_year_range(text) == expected


def test_fiscal_year_range_rejects_backwards() -> None:
    with pytest.raises(ParseError):
        parse_fiscal_year_range("平成12～8年度")


def test_fiscal_year_bounds() -> None:
    assert fiscal_year_bounds(2007) == (date(2007, 4, 1), date(2008, 3, 31))


@pytest.mark.parametrize(
    ("text", "start", "end", "precision"),
    [
        ("平成19年11月28日～11月30日", date(2007, 11, 28), date(2007, 11, 30), "day"),
        ("平成20年6月14日～15日", date(2008, 6, 14), date(2008, 6, 15), "day"),
        ("平成20年5月19日", date(2008, 5, 19), None, "day"),
        ("平成20年4月", date(2008, 4, 1), None, "month"),
        ("平成20年", date(2008, 1, 1), None, "year"),
    ],
)
def test_parse_era_date(text: str, start: date, end: date | None, precision: str) -> None:
    span = parse_era_date(text)
    assert (span.start, span.end, span.precision) == (start, end, precision)


@pytest.mark.parametrize("text", ["平成20年2月30日", "平成20年6月15日～14日", "2008年6月"])
def test_parse_era_date_rejects(text: str) -> None:
    with pytest.raises(ParseError):
        parse_era_date(text)


@pytest.mark.parametrize(
    ("text", "start", "precision"),
    [("21st June, 2005", date(2005, 6, 21), "day"), ("July 2005", date(2005, 7, 1), "month"),
     ("March, 2001", date(2001, 3, 1), "month"), ("January 2002", date(2002, 1, 1), "month")],
)
def test_parse_english_date(text: str, start: date, precision: str) -> None:
    span = parse_english_date(text)
    assert (span.start, span.precision) == (start, precision)


# --- spans of years ---------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1999~", YearSpan(1999, None, "year", None)),
        ("1972~", YearSpan(1972, None, "year", None)),
        ("2003~(2008)", YearSpan(2003, 2008, planned_end=True)),
        ("1999~(2006)", YearSpan(1999, 2006, planned_end=True)),
        ("1994~(2004)", YearSpan(1994, 2004, planned_end=True)),
        ("2001~5", YearSpan(2001, 2005)),
        ("2006~10", YearSpan(2006, 2010)),
        ("2011 ~ 20", YearSpan(2011, 2020)),
        ("1996~2001", YearSpan(1996, 2001)),
        ("1983~1998", YearSpan(1983, 1998)),
        ("2001-2005", YearSpan(2001, 2005)),
        ("2001～2005", YearSpan(2001, 2005)),
        ("1970s", YearSpan(1970, 1979, "decade", "decade")),
        ("1970s~mid-1990s", YearSpan(1970, 1995, "decade", "mid-decade")),
        ("mid-1990s~", YearSpan(1995, None, "mid-decade", None)),
        ("(2001~)", YearSpan(2001, None, "year", None)),
        ("1972", YearSpan(1972, 1972)),
    ],
)
def test_parse_year_span(text: str, expected: YearSpan) -> None:
    assert parse_year_span(text) == expected


def test_open_span_flag() -> None:
    assert parse_year_span("1999~").open_ended
    assert not parse_year_span("2003~(2008)").open_ended


@pytest.mark.parametrize("text", ["2005~2001", "1975s", "19xx~", "2001~5x", "mid-1995"])
def test_parse_year_span_rejects(text: str) -> None:
    with pytest.raises(ParseError):
        parse_year_span(text)


@given(st.integers(min_value=1900, max_value=2090), st.integers(min_value=0, max_value=9))
def test_short_end_round_trip(start: int, length: int) -> None:
    end = start + length
    short = str(end % 10) if end // 10 == start // 10 else str(end % 100)
    assert parse_year_span(f"{start}~{short}") == YearSpan(start, end)


# --- text -------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "expected"),
    [("Ger- many", "Germany"), ("Pharma- ceuticals", "Pharmaceuticals"),
     ("Information comm- unication", "Information communication"),
     ("IT, en- vironment", "IT, environment"), ("high- tech industry", "high-tech industry"),
     ("Next-level spin- offs", "Next-level spin-offs"),
     ("Micro- and nanotechnology", "Micro- and nanotechnology"),
     ("no split here", "no split here")],
)
def test_dehyphenate(text: str, expected: str) -> None:
    assert dehyphenate(text) == expected


def test_normalize_text() -> None:
    assert normalize_text("ＴＯＨＯＫＵものづくりコリドー") == "TOHOKUものづくりコリドー"
    assert normalize_text("  a \t b ") == "a b"


@pytest.mark.parametrize(
    ("text", "expected"),
    [("①Local new consortium", "Local new consortium"), ("2Local new", "Local new"),
     ("2 Forming broad", "Forming broad"), ("(1) Forming", "Forming"),
     ("OAs part of", "As part of"), ("OURU University", "OURU University"),
     ("◆北海道", "北海道")],
)
def test_strip_enumerator(text: str, expected: str) -> None:
    assert strip_enumerator(text) == expected


def test_enumerator_is_stripped_before_nfkc() -> None:
    # NFKC alone would turn ① into the digit 1 and glue it to the label
    assert normalize_text("①Local") == "1Local"
    assert clean_label("①Local") == "Local"

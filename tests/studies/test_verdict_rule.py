"""04's verdict rule, case by case, under tolerances 0, 0.05, 0.1 and 0.5 (issue 17).

The rule (``clusteranalysis.studies.crosscheck.rule``): the definition first (the
register), then currency (converted at the cited rates), then timing (as-of periods that do
not overlap), then the values: exact counts agree only when equal, an approximate count
within what its rounding implies, and ``tolerance`` applies to amounts only. Each case's
expected verdict is read from the words of the independent source and the document line it
bears on (quoted), never from the code's output; where a ratio is stated it is computed here
from the figures and the ECB's reference rates (``reference_rates``: FY2004 ¥135.1818 and
FY2005 ¥137.7262 per euro, FY2004 ¥198.2469 and FY2005 ¥201.9265 per pound; DM 1.95583 per
euro, Council Regulation (EC) No 2866/98).
"""

from __future__ import annotations

import dataclasses
import math

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from clusteranalysis import studies
from clusteranalysis.studies import crosscheck as study
from clusteranalysis.studies.crosscheck import rule

TOLERANCES = (0.0, 0.05, 0.1, 0.5)
ALL = dict.fromkeys(TOLERANCES)

#: figure_id, {tolerance: expected verdict}; one verdict for all tolerances where it is
#: the same.
CASES: list[tuple[str, dict[float, str]]] = [
    # Senate: « 67 pôles … créés lors du CIADT du 12 juillet 2005 » against 000 line 9
    # "launched in July 2005 when the French Government selected 71 projects": the same
    # count at the same time; 67 ≠ 71 and counts take no tolerance
    ("fr-senat2007-labelled", {t: "conflicts" for t in ALL}),
    ("fr-the2005-labelled", {t: "conflicts" for t in ALL}),  # "6 + 61 = 67", 21 July 2005
    # "Calculated as US$1=110yen" (25 July 2005) against 003 line 59 "US 1 = £1 = ¥120"
    # (2002): another year's convention, whatever the values
    ("rate-mext2005-deck", {t: "differs by timing" for t in ALL}),
    # 「約6,100の企業」 (Mar 2007) against 001 line 101 "5,800 SMEs": companies (企業) against
    # SMEs, which the register leaves open (definition:meti-companies-vs-smes, 'unknown'):
    # the definition first, so the values are not judged whatever the tolerance
    ("meti-jilc2007-companies", {t: "definition uncertain" for t in ALL}),
    # 「19地域を指定」 (Nikkei, 24 May 2005) against 001 line 101 "A total of 19 projects"
    ("meti-nikkei2005-projects", {t: "agrees" for t in ALL}),
    # "the jury selected 23 networks" (the BMBF's page, no date given) against 001 line
    # 78 "23 areas" (2005): equal, but whether as of one date the rule cannot tell
    ("de-foerderinfo-networks", {t: "timing unknown" for t in ALL}),
    # 「予算規模は年間60億円」 (no year: 平成14年4月 dates the areas' selection) against 003
    # line 55's 6 billion yen for FY2002: equal, but of which year the entry does not say
    ("kc-kotobank-budget", {t: "timing unknown" for t in ALL}),
    # 「平成18年度政府予算額 100億円」 (FY2006) against FY2002's 6 billion yen: timing first,
    # though 10/6 is not within 50 % either
    ("kc-mext2006-fy2006", {t: "differs by timing" for t in ALL}),
    # "£90m … committed between 2003 and 2007" against 001 line 77 "Budget of about 18
    # billion yen (Basic fund 8 billion yen, 10 billion yen for research over six years)":
    # Innovate UK splits its £90m a third R&D, two thirds capital, 001 ¥10bn research and
    # ¥8bn basic fund, so whether the two are one sum the register leaves open
    # (definition:uk-mnt-funding, 'unknown'): the values are not judged, whatever the rate
    ("uk-innovateuk-mnt", {t: "definition uncertain" for t in ALL}),
    # « 231 Mill. Euro » (22 May 2002) against "About 28 billion yen (over six years)" (001
    # line 77), at each cited rate (conversion:overseas-yen-eur): calendar 2001's ¥108.6824
    # gives 0.897, FY2001 ¥110.4041 0.911, FY2004 ¥135.1818 1.115, FY2005 ¥137.7262 1.136,
    # and FY2002, the DIW figure's own year, ¥120.8896 gives ¥27.93 billion, within the
    # ¥27.5-28.5 billion of "about"
    ("de-diw2002-total", {0.0: "depends on the rate", 0.05: "depends on the rate",
                          0.1: "depends on the rate", 0.5: "agrees"}),
    # "€ 255 million" (1999-2005): 255e6 × 110.4041 = ¥28.15 billion (× 108.6824: ¥27.71
    # billion), within "About 28
    # billion yen"'s rounding (¥27.5-28.5 billion); at FY2002's ¥120.8896, ¥30.83 billion
    # (1.101), outside 10 %; FY2004-05's give 1.23-1.25
    ("de-diw-paper-total", {0.0: "depends on the rate", 0.05: "depends on the rate",
                            0.1: "depends on the rate", 0.5: "agrees"}),
    # « 500 Millionen DM »: €255.6M at 1.95583, ¥28.22 billion at ¥110.4041 (¥27.79 billion at
    # ¥108.6824), within it too; ¥30.9 billion (1.104) at FY2002's rate
    ("de-bt2001-total", {0.0: "depends on the rate", 0.05: "depends on the rate",
                         0.1: "depends on the rate", 0.5: "agrees"}),
    # "Sixty-seven clusters were accepted in 2005": an undated trade newsletter whose
    # provenance the register cannot place (independence:ibo): no verdict of its own
    ("fr-ibo-accepted-2005", {t: "provenance unclear" for t in ALL}),
    ("meti-shkola-fy2006-budget", {t: "provenance unclear" for t in ALL}),  # shkola.of.by
]


@pytest.fixture(scope="module")
def inputs() -> dict[str, pd.DataFrame]:
    return studies.load_inputs(study.INPUTS)


@pytest.fixture(scope="module")
def by_tolerance(inputs: dict[str, pd.DataFrame]) -> dict[float, pd.DataFrame]:
    return {t: study.compute.results(inputs, {"topics": None, "tolerance": t})["crosscheck"]
            .set_index("figure_id") for t in TOLERANCES}


@pytest.mark.parametrize(("figure_id", "expected"), CASES, ids=[c[0] for c in CASES])
@pytest.mark.parametrize("tolerance", TOLERANCES)
def test_the_cases_under_each_tolerance(by_tolerance: dict[float, pd.DataFrame],
                                        figure_id: str, expected: dict[float, str],
                                        tolerance: float) -> None:
    assert by_tolerance[tolerance].loc[figure_id, "verdict"] == expected[tolerance]


def test_strict_independent_confirmation_is_the_same_under_every_tolerance(
        inputs: dict[str, pd.DataFrame]) -> None:
    """At tolerance 0.5 the DIW's €231 million and hib 2001's DM 500 million agree with 001
    line 77's "About 28 billion yen" at each cited rate, but not without the tolerance: the
    strict count stays the RIM's 1994 (line 76); the BMBF's undated 23 networks are not
    an agreement at all (timing unknown)."""
    for t in TOLERANCES:
        verdicts = study.compute.results(inputs, {"topics": None, "tolerance": t})["verdicts"]
        agrees = verdicts.set_index("verdict").loc["agrees"]
        assert agrees["independent_confirmations"] == 1, t


def test_a_converted_amount_reports_the_cited_rates_and_the_implied_rate(
        by_tolerance: dict[float, pd.DataFrame]) -> None:
    r = by_tolerance[0.05].loc["de-diw2002-total"]
    assert r["rate_unit"] == "JPY per EUR"
    # the ECB's mean of calendar 2001, the year of the Bundestag's figure (hib 2001)
    assert math.isclose(r["cited_rate_low"], 108.6824)
    assert math.isclose(r["cited_rate_high"], 137.7262)
    assert math.isclose(r["implied_rate"], 28e9 / 231e6)  # ¥121.2 per euro
    assert math.isclose(r["ratio_low"], 231e6 * 108.6824 / 28e9)
    assert r["conversion_judgement"] == "conversion:overseas-yen-eur"
    assert "implies 121.2 JPY per EUR" in r["reason"]
    dm = by_tolerance[0.05].loc["de-bt2001-total"]
    assert dm["rate_unit"] == "JPY per DEM"
    assert math.isclose(dm["cited_rate_low"], 108.6824 / 1.95583)
    assert math.isclose(dm["implied_rate"], 28e9 / 500e6)
    # a currency is not a definition: no converted pair is 'differs by definition' unless
    # the register's reading is not 'same'
    cc = by_tolerance[0.05]
    converted = cc[cc["rate_unit"].notna()]
    assert (converted["definition"] == "same").all()
    differs = cc[cc["verdict"] == "differs by definition"]
    assert (differs["definition"] != "same").all() or (
        differs["measure"] != "amount").all()


def test_unclear_provenance_and_the_issuers_own_pages_are_counted_apart(
        inputs: dict[str, pd.DataFrame]) -> None:
    results = study.compute.results(inputs, {"topics": None, "tolerance": 0.05})
    cc = results["crosscheck"].set_index("figure_id")
    # METI's own English page (independence:meti2009, same ministry) beside METI 2005 (001),
    # but beside MEXT 2008a line 14 (002, MEXT's: sources.csv) another ministry of the same
    # government (independence:meti2009-projects); MEXT's outline page
    # (independence:mext2006) and white paper (independence:wp2001)
    assert cc.loc["meti-meti2009-term1-start", "independence"] == "same ministry"
    assert cc.loc["meti-meti2009-projects", "independence"] == "same government"
    assert cc.loc["kc-mext2006-per-region", "independence"] == "same ministry"
    assert cc.loc["meti-cao2003-projects", "independence"] == "same government"
    assert cc.loc["kc-itcluster-fy2003", "verdict"] == "provenance unclear"
    counts = results["verdicts"].set_index("verdict")
    agrees = counts.loc["agrees"]
    # 「1地域当たり5億円程度/年」「5年間」 (MEXT 2006) and 「30地域」 (white paper) agree with
    # 003 lines 43 and 56, and METI's page gives the six years of 001's terms (lines 285-293:
    # 2001~5, 2006~10, 2011 ~ 20) and its "some 20" projects at the start (line 287's
    # "about 20 are started"): ten agreements by the issuer itself
    assert agrees["from_same_ministry"] == 10
    assert agrees["from_provenance_unclear"] == 0
    assert counts.loc["provenance unclear", "comparisons"] == \
        counts.loc["all", "from_provenance_unclear"]
    assert sum(agrees[f"from_{c.replace(' ', '_')}"] for c in rule.INDEPENDENCE) == \
        agrees["comparisons"]


def test_every_independent_figure_has_one_independence_reading(
        inputs: dict[str, pd.DataFrame]) -> None:
    register = study.compute.Register.read(inputs["judgements"],
                                           inputs["judgement_readings"],
                                           inputs["reference_rates"])
    figures = inputs["independent_figures"]
    linked = figures[figures["document_source"].notna()]
    for fid in linked["figure_id"]:
        reading, jid = register.independence_of(str(fid))
        assert reading in rule.INDEPENDENCE and jid.startswith("independence:")
    # reconciled with source_kind: no press or parliamentary source is the issuer's own
    kinds = dict(zip(figures["figure_id"], figures["source_kind"], strict=True))
    for fid, (reading, _) in register.independence.items():
        if kinds.get(fid) in ("press", "parliamentary"):
            assert reading != "same ministry", fid


# --------------------------------------------------------------------------- the values


def counts(**changes: object) -> rule.Evidence:
    """71 pôles against 67 of the same thing at the same date (000 line 9; the Senate),
    changed as a test needs."""
    base = rule.Evidence(measure="count", independent_measure="count", document=71,
                         independent=67, document_unit="clusters", independent_unit="clusters",
                         definition="same", definition_note=None, document_span=(2005, 2005),
                         independent_span=(2005, 2005), document_planned=False)
    return dataclasses.replace(base, **changes)


def test_an_approximate_count_agrees_within_its_rounding() -> None:
    assert rule.rounding_unit(5800) == 100 and rule.rounding_unit(5000) == 1000
    assert rule.rounding_unit(220) == 10 and rule.rounding_unit(19) == 1
    # 約5,800 is 5,750–5,850
    near = counts(document=5840, independent=5800, independent_approximate=True)
    far = counts(document=5900, independent=5800, independent_approximate=True)
    for t in TOLERANCES:
        assert rule.judge(near, t)[0] == "agrees"
        assert rule.judge(far, t)[0] == "conflicts"
    # 約5,000 is 4,500–5,500: 5,400 lies in it
    assert rule.judge(counts(document=5400, independent=5000, independent_approximate=True),
                      0)[0] == "agrees"
    # 'over 220' against 約250 (245–255): the values above 220 hold it
    assert rule.judge(counts(document=220, independent=250, document_lower_bound=True,
                             independent_approximate=True), 0)[0] == "agrees"


def test_timing_and_definition_come_before_the_values() -> None:
    assert rule.judge(counts(independent=71, independent_span=(2007, 2007)), 0.5) == (
        "differs by timing", "as of 2007 against the document's 2005 (the same value at "
        "another date: not a disagreement, and not a confirmation as of the document's date)")
    # 67 as of 2007 against 71 as of 2005: timing first, and no "same value" said
    assert rule.judge(counts(independent_span=(2007, 2007)), 0.5) == (
        "differs by timing", "as of 2007 against the document's 2005")
    assert rule.judge(counts(independent=71, definition="wider",
                             definition_note="a later count"), 0.5) == (
        "differs by definition", "the register reads 'wider': a later count")
    # a reading that leaves the definition open: the values are not judged, whatever they
    # are and whatever the tolerance (equal values included)
    for reading in ("unknown", "probable mistranslation"):
        for t in TOLERANCES:
            for independent in (71, 67):
                verdict, why = rule.judge(counts(independent=independent, definition=reading,
                                                 definition_note="neither says"), t)
                assert verdict == "definition uncertain"
                assert why.startswith(f"the register reads '{reading}': neither says")
    # a figure its source does not date: timing unknown, whether the values meet or not,
    # and the reason says which; a year is a date itself and needs none
    assert rule.judge(counts(independent=71, independent_span=None), 0.5) == (
        "timing unknown", "the other source gives no date for its figure: whether it is as "
        "of the document's 2005 is unknown, so it is neither an agreement nor a conflict "
        "(the values would agree)")
    assert rule.judge(counts(independent_span=None), 0.5) == (
        "timing unknown", "the other source gives no date for its figure: whether it is as "
        "of the document's 2005 is unknown, so it is neither an agreement nor a conflict "
        "(the values would not agree)")
    assert rule.judge(counts(measure="year", independent_measure="year", document=1994,
                             independent=1994, document_unit="year", independent_unit="year",
                             independent_span=None), 0)[0] == "agrees"
    # a planned figure that does not agree differs by timing; one that agrees agrees
    assert rule.judge(counts(document_planned=True), 0.05)[0] == "differs by timing"
    assert rule.judge(counts(independent=71, document_planned=True), 0)[0] == "agrees"


def test_two_currencies_without_a_cited_rate_are_an_error() -> None:
    money = counts(measure="amount", independent_measure="amount", document=28e9,
                   independent=231e6, document_unit="JPY", independent_unit="EUR")
    with pytest.raises(ValueError, match="no cited rate converts EUR into JPY"):
        rule.judge(money, 0.05)
    rated = dataclasses.replace(money, rates=(135.1818, 137.7262), rates_note="FY2004, FY2005")
    assert rule.judge(rated, 0.1)[0] == "conflicts"
    assert rule.judge(rated, 0.5)[0] == "agrees"
    # 231e6 × 135.1818 / 28e9 = 1.115, × 137.7262 = 1.136: at 12 % the first rate agrees,
    # the second not: the rates the register allows do not settle it
    verdict, why = rule.judge(rated, 0.12)
    assert verdict == "depends on the rate" and why.endswith(
        "at 1 of the 2 cited rates within 12 % of the document's value, or within what the "
        "approximate figure's rounding implies, at the others not: the rates the register "
        "allows do not settle whether the two agree")


def test_an_approximate_amount_stands_for_its_rounding() -> None:
    # 001 line 77 "About 28 billion yen" is ¥27.5-28.5 billion; the DIW's "€ 255 million"
    # at the ECB's FY2001 ¥110.4041 is ¥28.15 billion: within it, at tolerance 0 too
    money = counts(measure="amount", independent_measure="amount", document=28e9,
                   document_approximate=True, independent=255e6, document_unit="JPY",
                   independent_unit="EUR", rates=(110.4041,), rates_note="FY2001")
    verdict, why = rule.judge(money, 0)
    assert verdict == "agrees" and "rounding implies" in why
    # at FY2004's ¥135.1818 alone it is ¥34.5 billion: outside, a conflict at 5 %
    assert rule.judge(dataclasses.replace(money, rates=(135.1818,)), 0.05)[0] == "conflicts"
    # an exact ¥28 billion has no rounding to meet
    exact = dataclasses.replace(money, document_approximate=False)
    assert rule.judge(exact, 0)[0] == "conflicts"


@given(document=st.integers(min_value=1, max_value=10**7),
       independent=st.integers(min_value=1, max_value=10**7),
       tolerance=st.floats(min_value=0, max_value=1))
def test_no_tolerance_turns_unequal_exact_counts_into_agreement(
        document: int, independent: int, tolerance: float) -> None:
    e = counts(document=document, independent=independent)
    result = rule.judge(e, tolerance)[0]
    assert (result == "agrees") == (document == independent)


@given(value=st.integers(min_value=1, max_value=10**6),
       offset=st.integers(min_value=1, max_value=10**6),
       tolerance=st.floats(min_value=0, max_value=1))
def test_no_tolerance_widens_an_approximate_count(value: int, offset: int,
                                                   tolerance: float) -> None:
    half = rule.rounding_unit(value) / 2
    other = value + half + offset  # outside what 約<value> stands for
    e = counts(document=other, independent=value, independent_approximate=True)
    assert rule.judge(e, tolerance)[0] == "conflicts"


def test_each_cited_rate_is_a_reading_not_an_end_of_an_interval() -> None:
    """¥18 billion ÷ £90m = ¥200 per pound lies between the ECB's FY2004 and FY2005 means
    (¥198.2, ¥201.9), but at neither is £90m exactly ¥18 billion: an exact figure does not
    agree at tolerance 0. 001 line 77's "about 18 billion yen" (¥17.5-18.5 billion) does, at
    both rates (¥17.84, ¥18.17 billion), and at neither FY2001's ¥178.8 nor FY2003's ¥190.9
    (¥16.1, ¥17.2 billion): it depends on the rate, and the reason says at how many."""
    money = counts(measure="amount", independent_measure="amount", document=18e9,
                   independent=90e6, document_unit="JPY", independent_unit="GBP",
                   rates=(198.2469, 201.9265))
    assert rule.judge(money, 0)[0] == "conflicts"
    about = dataclasses.replace(money, document_approximate=True,
                                rates=(178.838, 190.9127, 198.2469, 201.9265))
    verdict, why = rule.judge(about, 0)
    assert verdict == "depends on the rate" and "at 2 of the 4 cited rates" in why
    assert not about.agrees_at_every_rate(0)
    # at FY2004-05's rates alone it agrees at each: an agreement
    both = dataclasses.replace(about, rates=(198.2469, 201.9265))
    verdict, why = rule.judge(both, 0)
    assert verdict == "agrees" and why.endswith(
        "implies 200.0 JPY per GBP; at each of the 2 cited rates, within 0 % of the "
        "document's value, or within what the approximate figure's rounding implies")

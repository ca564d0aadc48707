"""The budgets study (notebook 01), checked against the documents.

Every expected value was read from the raw documents in ``data/raw`` (file and line in the
comment), not from the code's output:

* ``001`` line 76, the overseas programmes' timeframes: RDA 1999~, MNT 2003~(2008), BioRegio
  1996~2001, InnoRegio 1999~(2006), Finland 1994~(2004);
* ``001`` line 77, their budgets: RDA "10 billion yen (Allocation for local innovation in
  2001)", MNT "about 18 billion yen (Basic fund 8 billion yen, 10 billion yen for research
  over six years)", BioRegio "About 12 billion yen (over five years)", InnoRegio "About 28
  billion yen (over six years)", Finland "About 2.8 billion yen (total amount of basic
  government fund)";
* ``001`` line 78, what they fund: "RDAs in 12 locations nationwide, with approx. 10 clusters
  each", "3 special areas … plus 14 other areas", "23 areas", "22 areas specified (8 areas for
  phase 1, 8 areas for phase 2, 6 areas for phase 3)";
* ``001`` line 101, "A total of 19 projects"; lines 138–180, the FY2005 draft budget with
  FY2004 in parentheses ("$540 million ($470 million)", "$19 million ($6.5 million)", …);
* ``003`` line 43, "30 areas" studied; line 47, "10 areas (consisting of 12 smaller parts)";
  line 55, "6 billion yen (approximately US $ 50 M, £ 50 M), FY2002"; line 56, "500 million
  yen (approximately US $ 4.2 M, £ 4.2 M) for each cluster, each FY (5 years as a total)";
  line 59, "calculated as US 1 = £1 = ¥120".
"""

from __future__ import annotations

import re

import matplotlib
import pandas as pd
import pytest

import clusteranalysis as ca
from clusteranalysis import present
from clusteranalysis.errors import ParameterError
from clusteranalysis.metadata import vocab
from clusteranalysis.present import figures
from clusteranalysis.studies import budgets as sb
from clusteranalysis.studies import params

matplotlib.use("Agg")

INNOREGIO_ANNUAL = 28_000 / 6  # 001 line 77: about 28 billion yen over six years
BIOREGIO_ANNUAL = 12_000 / 5  # 001 line 77: about 12 billion yen over five years


@pytest.fixture(scope="module")
def t() -> dict[str, pd.DataFrame]:
    return {name: ca.load(name) for name in ca.tables()}


def programmes(t: dict[str, pd.DataFrame], currency: str = "JPY", rate: float = 120,
               countries: list[str] | None = None) -> pd.DataFrame:
    return sb.programme_budgets(t["budgets"], t["participants"], t["programmes"], currency,
                                rate, countries, t["timeline"])


@pytest.fixture(scope="module")
def jpy(t: dict[str, pd.DataFrame]) -> pd.DataFrame:
    return programmes(t)


@pytest.fixture(scope="module")
def sens(t: dict[str, pd.DataFrame], jpy: pd.DataFrame) -> pd.DataFrame:
    return sb.sensitivity(jpy, t["participants"], t["budgets"], 120, [100, 130])


def by_id(df: pd.DataFrame) -> pd.DataFrame:
    return df.set_index("programme_id")


# --------------------------------------------------------------------------- parameters


def test_the_basis_parameter_lists_the_study_bases() -> None:
    assert tuple(sb.BASES) == vocab.BUDGET_BASES
    spec = {p.name: p for p in params.NOTEBOOK_PARAMETERS["01_budgets.ipynb"]}
    assert spec["basis"].allowed == "one of annual, annual_per_unit, total, per_capita"
    low, high = spec["jpy_per_usd_range"].default
    assert low <= 110 and high >= 120  # takes in ¥110 and ¥120 per dollar


@pytest.mark.parametrize("bad", [[130, 100], [100], [100, 120, 130], [0, 120], [100, "130"],
                                 120, None, [True, 130]])
def test_the_rate_range_must_be_two_rising_positive_numbers(bad: object) -> None:
    with pytest.raises(ParameterError, match=r"^jpy_per_usd_range must be a list of two "
                                             r"positive numbers, the lower first"):
        params.validate("01_budgets.ipynb", {"jpy_per_usd_range": bad}, partial=True)


def test_a_string_for_the_rate_range_says_how_to_pass_it() -> None:
    with pytest.raises(ParameterError) as info:
        params.validate("01_budgets.ipynb", {"jpy_per_usd_range": "[105, 125]"}, partial=True)
    assert ("got a string, '[105, 125]'; papermill's -p and -r pass text, so pass a list "
            "with -y 'jpy_per_usd_range: [105, 125]'; in Python or reports.toml write "
            "jpy_per_usd_range = [105, 125]") in str(info.value)
    params.validate("01_budgets.ipynb", {"jpy_per_usd_range": [105.5, 125]}, partial=True)


def test_an_unknown_basis_is_refused() -> None:
    with pytest.raises(ParameterError, match=r"basis must be one of annual, annual_per_unit, "
                                             r"total, per_capita \(got 'per_cluster'\)"):
        params.validate("01_budgets.ipynb", {"basis": "per_cluster"}, partial=True)
    with pytest.raises(ValueError, match="basis must be one of"):
        sb.comparison(pd.DataFrame(), "monthly")


# --------------------------------------------------------------------------- METI


def test_meti_totals_and_items_as_stated(t: dict[str, pd.DataFrame]) -> None:
    # 001 line 138: "$540 million ($470 million)"
    assert sb.meti_stated_totals(t["budgets"], "USD") == {2004: 470.0, 2005: 540.0}
    items = sb.meti_line_items(t["budgets"], "USD", 120)
    assert len(items) == 7  # 001 lines 142-180: seven tools
    networks = items.set_index("item").loc["Forming networks to promote Industrial Cluster "
                                           "Projects"]
    # 001 line 142: $19 million ($6.5 million): (19 - 6.5) / 6.5 = +192.3 %
    assert (networks["fy2004"], networks["fy2005"], networks["growth_pct"]) == (6.5, 19, 192.3)
    assert (networks["source"], networks["line"]) == ("001_fc47ff42475d4a79.txt", 142)


def test_meti_summary_in_both_currencies(t: dict[str, pd.DataFrame]) -> None:
    s = sb.meti_summary(t["budgets"], "JPY", 100).set_index("measure")
    # $540 million at ¥100 = ¥54,000 million; the stated dollars beside them
    assert s.loc["stated national total", "fy2005"] == 54_000
    assert s.loc["stated national total", "fy2005_stated_currency"] == 540
    assert s.loc["stated national total", "rate_applied"] == 100
    # 001 lines 142-180: 19 + 5.0 + 0.8 + 131 + 61 + 22 + 1.2 = 240.0 of 540 = 44.4 %
    assert s.loc["listed line items (sum)", "fy2005_stated_currency"] == pytest.approx(240)
    share = "share of the stated total the listed items explain"
    assert (s.loc[share, "fy2004"], s.loc[share, "fy2005"]) == (42.2, 44.4)
    assert pd.isna(s.loc[share, "rate_applied"])
    assert s.loc["items new in FY2005", "fy2005_stated_currency"] == pytest.approx(5.8)
    usd = sb.meti_summary(t["budgets"], "USD", 100).set_index("measure")
    assert usd["rate_applied"].isna().all()  # stated in dollars: nothing converted
    # a sum of several lines lists them all
    assert s.loc["listed line items (sum)", "line"] == "142, 146, 150, 158, 166, 176, 180"
    assert s.loc["stated national total", "line"] == "138"


def test_meti_findings_follow_the_rate(t: dict[str, pd.DataFrame]) -> None:
    items = sb.meti_line_items(t["budgets"], "JPY", 100)
    summary = sb.meti_summary(t["budgets"], "JPY", 100)
    text = sb.meti_findings(items, summary).markdown()
    # $540 million at ¥100 per dollar = ¥54.0 billion; $470 million = ¥47.0 billion
    assert "¥54.0 billion in the FY2005 draft request and ¥47.0 billion in FY2004" in text
    assert "METI states US$540 million and US$470 million; this run converts at ¥100 per US$" \
        in text
    assert "64.8" not in text
    # 001 line 158: $131 million, the largest listed tool, 24.3 % of $540 million
    assert "“Local new consortium research-and-development enterprise”: ¥13.1 billion" in text


# --------------------------------------------------------------------------- MEXT


def test_knowledge_cluster_checks_the_two_stated_figures(t: dict[str, pd.DataFrame]) -> None:
    kc = sb.knowledge_cluster(t["budgets"], t["participants"], "JPY", 120)
    v = kc.set_index("measure")["value"]
    assert v["national budget, FY2002 (one fiscal year)"] == 6000  # 003 line 55
    assert v["budget per cluster per fiscal year (stated)"] == 500  # line 56
    assert v["budget per cluster over the 5 years (stated × 5)"] == 2500  # "5 years"
    assert (v["areas appointed, FY2002"], v["smaller parts of those areas"]) == (10, 12)
    assert v["areas × budget per cluster"] == 5000  # 10 × 500
    assert v["areas × budget per cluster, as % of the national budget"] == pytest.approx(
        83.3333, abs=1e-3)
    assert v["parts × budget per cluster, as % of the national budget"] == 100  # 12 × 500
    assert (v["national budget ÷ areas"], v["national budget ÷ parts"]) == (600, 500)
    lines = kc.set_index("measure")["line"]
    assert lines["areas × budget per cluster, as % of the national budget"] == "47, 55, 56"
    assert set(kc["source"]) == {"003_ea909c88cb2d084b.txt"}


def test_the_pound_at_par_is_shown_as_stated_and_flagged(t: dict[str, pd.DataFrame]) -> None:
    c = sb.stated_conversions(t["budgets"], t["exchange_rates"], t["budget_equivalents"])
    rates = c[c["kind"] == "stated rate"].set_index("currency")
    # 003 line 59: US$1 = £1 = ¥120, both as stated
    assert list(rates["stated"]) == [120, 120]
    assert rates.loc["USD", "flag"] == ""
    assert "not a market rate for the £" in rates.loc["GBP", "flag"]
    assert "not corrected" in rates.loc["GBP", "flag"]
    eq = c[c["kind"] == "stated equivalent"].set_index(["item", "currency"])
    # 003 lines 55-56: US$ 50 M, £ 50 M; US$ 4.2 M, £ 4.2 M; 500 / 120 = 4.1667
    assert eq.loc[("per cluster", "GBP"), "stated"] == 4.2
    assert eq.loc[("per cluster", "USD"), "at_stated_rate"] == pytest.approx(4.1667)
    assert eq.loc[("national budget", "USD"), "flag"] == ""
    assert eq.loc[("national budget", "GBP"), "flag"] != ""
    assert list(c["line"]) == [59, 59, 55, 55, 56, 56] and c["raw"].notna().all()


def test_mext_findings_restate_what_the_data_carry(t: dict[str, pd.DataFrame]) -> None:
    kc = sb.knowledge_cluster(t["budgets"], t["participants"], "JPY", 120)
    c = sb.stated_conversions(t["budgets"], t["exchange_rates"], t["budget_equivalents"])
    text = sb.mext_findings(kc, c).markdown()
    # 12 parts × ¥500 million = ¥6 billion: nothing is left unaccounted for
    assert "the 12 smaller parts at that figure make ¥6.0 billion, 100.0 % of the national " \
           "budget, exactly" in text
    assert "something" not in text and "not name" not in text
    assert "US$4.2 million (per cluster)" in text  # as the document states it
    assert "not a sterling market rate" in text


# --------------------------------------------------------------------------- programmes


def test_one_definition_of_annual(t: dict[str, pd.DataFrame], jpy: pd.DataFrame,
                                  sens: pd.DataFrame) -> None:
    """InnoRegio has one annual figure in every table: ÷ the six years its amount states."""
    p = by_id(jpy)
    assert p.loc["de_innoregio", "annual"] == pytest.approx(INNOREGIO_ANNUAL, abs=1e-3)
    assert p.loc["de_bioregio", "annual"] == BIOREGIO_ANNUAL
    head = by_id(sb.comparison(jpy, "annual"))
    assert head.loc["de_innoregio", "value"] == p.loc["de_innoregio", "annual"]
    r = by_id(sb.annual_readings(jpy))
    assert r.loc["de_innoregio", "annual"] == p.loc["de_innoregio", "annual"]
    annual = sens[(sens["measure"] == "annual") & (sens["programme_id"] == "de_innoregio")]
    assert set(annual["value"]) == {p.loc["de_innoregio", "annual"]}
    ranges = sb.sensitivity_range(sens).set_index(["programme_id", "measure"])
    assert ranges.loc[("de_innoregio", "annual"), "headline"] == p.loc["de_innoregio", "annual"]


def test_the_readings_show_both_and_say_which_is_used(jpy: pd.DataFrame) -> None:
    r = by_id(sb.annual_readings(jpy))
    # 001 lines 76-77: InnoRegio 1999~(2006) is eight years, "over six years" six
    assert (r.loc["de_innoregio", "years_used"], r.loc["de_innoregio", "timeframe_years"]) == \
        (6, 8)
    assert r.loc["de_innoregio", "over_timeframe"] == 3500  # 28,000 / 8, not used
    # BioRegio 1996~2001 is six years, "over five years" five: 12,000 / 6 = 2,000
    assert r.loc["de_bioregio", "over_timeframe"] == 2000
    assert not r.loc["de_bioregio", "readings_agree"]
    # MNT 2003~(2008) and "over six years" agree; Finland states no years: its timeframe
    assert r.loc["uk_mnt_network", "readings_agree"]
    assert pd.isna(r.loc["uk_mnt_network", "over_timeframe"])
    assert r.loc["fi_centres_of_expertise", "years_reading"] == "timeframe"
    assert r.loc["fi_centres_of_expertise", "years_used"] == 11  # 1994-2004
    assert r.loc["de_innoregio", "years_reading"] == "stated years"
    assert set(r.index) == {"uk_mnt_network", "de_bioregio", "de_innoregio",
                            "fi_centres_of_expertise"}  # the multi-year totals only
    assert "over_timeframe" not in jpy.columns  # the other reading is nowhere else


def test_every_label_states_its_basis(jpy: pd.DataFrame) -> None:
    p = by_id(jpy)
    meti = p.loc["meti_industrial_cluster"]
    assert (meti["figure"], meti["period"], meti["span"]) == ("draft budget request", "FY2005",
                                                               "one year")
    assert meti["conversion"] == "US$ as METI 2005 states it; converted here at ¥120 per US$"
    assert meti["per_unit_label"] == "FY2005 draft budget request ÷ 19 projects (phase I)"
    rda = p.loc["uk_rda_clusters"]
    assert (rda["figure"], rda["period"]) == ("one-year allocation", "2001")
    assert rda["per_unit_label"] == "2001 one-year allocation ÷ 12 locations"
    assert "its conversion from the programme's own currency; rate not stated" in \
        rda["conversion"]
    # the planned end in parentheses, as 001 line 76 writes it
    assert p.loc["de_innoregio", "period"] == "1999–(2006)"
    assert p.loc["de_bioregio", "period"] == "1996–2001"
    assert p.loc["de_innoregio", "annual_label"] == \
        "1999–(2006) total ÷ 6 years (stated); the timeframe spans 8"
    assert p.loc["fi_centres_of_expertise", "annual_label"] == \
        "1994–(2004) total ÷ 11 years (the timeframe; no years stated)"
    assert p.loc["de_bioregio", "per_unit_label"] == \
        "1996–2001 total ÷ 5 years ÷ 17 areas (3 special areas + 14 other areas)"
    assert p.loc["mext_knowledge_cluster", "per_unit_label"] == \
        "FY2002, stated per cluster per fiscal year"
    assert p.loc["mext_knowledge_cluster", "figure"] == "one-year budget"
    assert p.loc["uk_mnt_network", "per_unit_label"] == "no funded areas stated (whole country)"
    for basis in sb.BASES.values():
        valued = jpy.dropna(subset=[basis.column])
        assert valued[basis.label_column].notna().all(), basis.name


def test_values_in_dollars_and_the_conversion_said(t: dict[str, pd.DataFrame]) -> None:
    usd = by_id(programmes(t, "USD", 100, ["Germany", "Japan"]))
    assert sorted(usd.index) == ["de_bioregio", "de_innoregio", "meti_industrial_cluster",
                                 "mext_knowledge_cluster"]
    assert usd.loc["meti_industrial_cluster", "annual"] == 540  # stated in dollars
    assert usd.loc["meti_industrial_cluster", "conversion"] == "US$ as METI 2005 states it"
    assert usd.loc["de_bioregio", "annual"] == 24  # ¥2,400 million at ¥100 per dollar
    assert usd.loc["de_bioregio", "conversion"].endswith("converted here at ¥100 per US$")
    assert usd.loc["de_bioregio", "rate_applied"] == 100
    assert pd.isna(usd.loc["meti_industrial_cluster", "rate_applied"])


def test_nothing_is_invented(jpy: pd.DataFrame) -> None:
    p = by_id(jpy)
    # France (000 line 9): 71 clusters, no budget anywhere in the documents
    assert pd.isna(p.loc["fr_poles_de_competitivite", "total"])
    assert p.loc["fr_poles_de_competitivite", "funded_units"] == 71
    assert p.loc["fr_poles_de_competitivite", "note"] == "no budget figure in the documents"
    # UK MNT: about 18 billion yen over six years, "Whole country": no per-unit figure
    assert p.loc["uk_mnt_network", "annual"] == 3000
    assert pd.isna(p.loc["uk_mnt_network", "annual_per_unit"])


def test_result_rows_carry_source_and_line(jpy: pd.DataFrame) -> None:
    p = by_id(jpy)
    # METI: the amount on line 138 ÷ the 19 projects of line 101
    assert (p.loc["meti_industrial_cluster", "source"],
            p.loc["meti_industrial_cluster", "line"]) == ("001_fc47ff42475d4a79.txt", "101, 138")
    assert p.loc["mext_knowledge_cluster", "line"] == "47, 55, 56"  # 003: areas, budgets
    assert p.loc["fr_poles_de_competitivite", "source"] == "000_7b3e377257c25d7a.txt"
    assert p.loc["de_innoregio", "line"] == "77, 78"


@pytest.mark.parametrize(("pid", "expected"), [
    # 003 line 47: 10 areas of 12 smaller parts (the 30 studied in line 43 were not funded)
    ("mext_knowledge_cluster", [(10, "headline"), (12, "parts")]),
    # 001 line 78: 3 special areas plus 14 other areas
    ("de_bioregio", [(17, "headline"), (3, "special areas only")]),
    # 001 line 78: 22 areas, 8 + 8 + 6 by phase
    ("fi_centres_of_expertise", [(22, "headline"), (8, "one phase"), (6, "one phase")]),
    # 001 line 78: 12 locations, approx. 10 clusters each
    ("uk_rda_clusters", [(12, "headline"), (120, "per unit")]),
    ("de_innoregio", [(23, "headline")]),
    ("meti_industrial_cluster", [(19, "headline")]),  # 001 line 101
    ("uk_mnt_network", []),  # "Whole country"
])
def test_divisor_options(t: dict[str, pd.DataFrame], pid: str,
                         expected: list[tuple[int, str]]) -> None:
    options = sb.divisor_options(t["participants"], pid, 2005)
    assert [(d.count, d.reading) for d in options] == expected
    if pid == "uk_rda_clusters":
        assert options[1].label == "÷ ≈120 clusters (≈10 in each of the 12 locations)"
        assert options[1].approximate


def test_comparison_ranks_and_ratios(jpy: pd.DataFrame) -> None:
    annual = sb.comparison(jpy, "annual")
    assert annual["programme_id"].iloc[0] == "meti_industrial_cluster"
    assert annual["programme_id"].iloc[1] == "uk_rda_clusters"
    # ¥64,800 million (540 × 120) over the RDAs' ¥10,000 million: 6.48
    assert annual["ratio_to_next"].iloc[0] == 6.48
    assert annual["programme_id"].iloc[-1] == "fr_poles_de_competitivite"  # no value: last
    assert pd.isna(annual["rank"].iloc[-1])
    total = by_id(sb.comparison(jpy, "total"))
    one = total[total["group"] == "one year"].sort_values("rank")
    several = total[total["group"] == "several years"].sort_values("rank")
    assert list(one.index) == ["meti_industrial_cluster", "uk_rda_clusters",
                               "mext_knowledge_cluster"]
    # 001 line 77: 28 > 18 > 12 > 2.8 billion yen
    assert list(several.index) == ["de_innoregio", "uk_mnt_network", "de_bioregio",
                                   "fi_centres_of_expertise"]
    assert list(several["rank"]) == [1, 2, 3, 4]
    assert several.loc["de_innoregio", "ratio_to_next"] == pytest.approx(28 / 18, abs=1e-4)
    assert pd.isna(one.loc["mext_knowledge_cluster", "ratio_to_next"])  # the last of its group
    per = sb.comparison(jpy, "annual_per_unit")
    assert list(per["programme_id"].iloc[-2:]) == ["fr_poles_de_competitivite",
                                                   "uk_mnt_network"]


def test_programme_findings_state_only_what_the_run_supports(t: dict[str, pd.DataFrame],
                                                             jpy: pd.DataFrame) -> None:
    text = sb.programme_findings(sb.comparison(jpy, "annual"), "annual").markdown()
    assert "The largest is METI Industrial Cluster Project: ¥64.8 billion" in text
    assert "6.5× the next, UK clusters devised by Regional Development Agencies: ¥10.0 billion" \
        in text
    assert "order of magnitude" not in text
    total = sb.programme_findings(sb.comparison(jpy, "total"), "total").markdown()
    # one-year figures and multi-year totals are ranked apart, never against each other
    assert "Among the one-year figures, the largest is METI" in total
    assert "Among the multi-year totals, the largest is InnoRegio: ≈¥28.0 billion" in total
    # without Japan, no claim about METI, and the text says what was left out
    europe = programmes(t, countries=["Germany", "United Kingdom"])
    left = sb.left_out(t["programmes"], ["Germany", "United Kingdom"])
    text = sb.programme_findings(sb.comparison(europe, "annual"), "annual", left).markdown()
    assert "leaves out METI Industrial Cluster Project (Japan); MEXT Knowledge Cluster " \
           "Initiative (Japan)" in text
    assert "The largest is UK clusters devised by Regional Development Agencies" in text
    assert "¥64.8" not in text
    one = programmes(t, countries=["Finland"])
    text = sb.programme_findings(sb.comparison(one, "annual"), "annual").markdown()
    assert "is the only programme with a figure" in text and "largest" not in text


# --------------------------------------------------------------------------- sensitivity


def test_sensitivity_over_rates_and_divisors(sens: pd.DataFrame) -> None:
    s = sens.set_index(["programme_id", "measure", "jpy_per_usd", "divisor_label"])["value"]
    # $540 million at ¥100 and ¥130: ¥54,000 and ¥70,200 million
    assert s[("meti_industrial_cluster", "annual", 100, "÷ 1 year")] == 54_000
    assert s[("meti_industrial_cluster", "annual", 130, "÷ 1 year")] == 70_200
    # a yen figure does not move with the rate when the run shows yen
    assert set(sens.loc[(sens["programme_id"] == "de_bioregio")
                        & (sens["measure"] == "annual"), "value"]) == {BIOREGIO_ANNUAL}
    # BioRegio ÷ 3 special areas: 2,400 / 3 = 800; ÷ 17 areas: 141.18
    assert s[("de_bioregio", "annual_per_unit", 120, "÷ 3 special areas only")] == 800
    # Finland 2,800 / 11 years ÷ 6 areas of phase 3
    assert s[("fi_centres_of_expertise", "annual_per_unit", 120,
              "÷ 6 areas (one phase at a time: phase 3)")] == pytest.approx(2800 / 11 / 6,
                                                                           abs=1e-3)
    # MEXT: the stated ¥500 million, ¥6,000 million ÷ 10 areas = 600, ÷ 12 parts = 500
    assert s[("mext_knowledge_cluster", "annual_per_unit", 120, "stated per cluster")] == 500
    assert s[("mext_knowledge_cluster", "annual_per_unit", 120, "÷ 10 areas appointed")] == 600
    assert s[("mext_knowledge_cluster", "annual_per_unit", 120, "÷ 12 smaller parts")] == 500
    assert sorted(set(sens["jpy_per_usd"])) == [100, 120, 130]
    heads = sens[sens["headline"]]
    assert heads.groupby(["programme_id", "measure"]).size().eq(1).all()
    assert set(heads["jpy_per_usd"]) == {120}


def test_sensitivity_in_dollars_moves_the_yen_figures(t: dict[str, pd.DataFrame]) -> None:
    usd = programmes(t, "USD", 100)
    s = sb.sensitivity(usd, t["participants"], t["budgets"], 100, [110, 120])
    annual = s[(s["programme_id"] == "de_innoregio") & (s["measure"] == "annual")]
    # 28,000 / 6 yen at ¥100, ¥110, ¥120 per dollar
    assert list(annual["value"]) == [pytest.approx(INNOREGIO_ANNUAL / r, abs=1e-4)
                                     for r in (100, 110, 120)]
    meti = s[(s["programme_id"] == "meti_industrial_cluster") & (s["measure"] == "annual")]
    assert set(meti["value"]) == {540}


def test_sensitivity_range_and_ranks(sens: pd.DataFrame) -> None:
    r = sb.sensitivity_range(sens).set_index(["programme_id", "measure"])
    bio = r.loc[("de_bioregio", "annual_per_unit")]
    assert bio["divisor_low"] == pytest.approx(2400 / 17, abs=1e-3)
    assert bio["divisor_high"] == 800
    assert bio["high_label"] == "÷ 3 special areas only; no conversion"
    meti = r.loc[("meti_industrial_cluster", "annual")]
    assert (meti["rate_low"], meti["rate_high"], meti["high_over_low"]) == (54_000, 70_200, 1.3)
    assert (meti["rank"], meti["rank_best"], meti["rank_worst"]) == (1, 1, 1)
    # RDAs ÷ ≈120 clusters: ¥83.3 million, below InnoRegio, BioRegio and MEXT per unit
    rda = r.loc[("uk_rda_clusters", "annual_per_unit")]
    assert (rda["rank"], rda["rank_best"], rda["rank_worst"]) == (2, 2, 5)
    assert set(r["jpy_per_usd_low"]) == {100} and set(r["jpy_per_usd_high"]) == {130}


def test_sensitivity_findings(sens: pd.DataFrame) -> None:
    text = sb.sensitivity_findings(sb.sensitivity_range(sens)).markdown()
    assert "Over ¥100–130 per US$" in text
    assert "METI Industrial Cluster Project ¥54.0 billion–¥70.2 billion" in text
    assert "BioRegio ≈¥141 million to ≈¥800 million" in text
    assert "The annual order does not change anywhere in that range." in text
    empty = sb.sensitivity_range(sens.iloc[0:0])
    assert "No programme" in sb.sensitivity_findings(empty).markdown()


def test_every_finding_number_is_a_table_cell(t: dict[str, pd.DataFrame], jpy: pd.DataFrame,
                                              sens: pd.DataFrame) -> None:
    """The provenance each Findings records points at the cell it was read from."""
    items = sb.meti_line_items(t["budgets"], "JPY", 120)
    summary = sb.meti_summary(t["budgets"], "JPY", 120)
    kc = sb.knowledge_cluster(t["budgets"], t["participants"], "JPY", 120)
    conv = sb.stated_conversions(t["budgets"], t["exchange_rates"], t["budget_equivalents"])
    ranges = sb.sensitivity_range(sens)
    tables = {"meti_line_items": items, "meti_summary": summary, "knowledge_cluster": kc,
              "mext_stated_conversions": conv, "sensitivity_range": ranges}
    found = [sb.meti_findings(items, summary), sb.mext_findings(kc, conv),
             sb.sensitivity_findings(ranges)]
    for basis in sb.BASES:
        tables["programme_comparison"] = head = sb.comparison(jpy, basis)
        found.append(sb.programme_findings(head, basis))
        for f in found:
            for v in f.values:
                if v.table not in tables:
                    continue
                df = tables[v.table]
                rows = df
                for k, want in v.where.items():
                    rows = rows[rows[k].astype(object) == want]
                assert len(rows) == 1, (v.table, v.where)
                if isinstance(v.value, str):  # a label recorded with Findings.text
                    assert rows[v.column].iloc[0] == v.value
                else:
                    assert float(rows[v.column].iloc[0]) == v.value
                assert v.text in f.markdown()
        found.pop()
    assert set(sb.TABLES) >= set(tables)


# --------------------------------------------------------------------------- figures


def _texts(fig: matplotlib.figure.Figure) -> str:
    out = [x.get_text() for x in fig.texts]
    for ax in fig.axes:
        out += [ax.get_title(), ax.get_title(loc="left"), ax.get_xlabel()]
        out += [x.get_text() for x in ax.get_yticklabels()] + [x.get_text() for x in ax.texts]
    return "\n".join(out)


def _no_bars_on_a_log_axis(fig: matplotlib.figure.Figure) -> None:
    for ax in fig.axes:
        if ax.get_xscale() == "log" or ax.get_yscale() == "log":
            assert not ax.patches, "bars on a log axis"


@pytest.mark.parametrize("basis", list(sb.BASES))
def test_programme_figure_labels_say_the_basis(jpy: pd.DataFrame, basis: str) -> None:
    figures.set_theme()
    fig = sb.plot_programmes(sb.comparison(jpy, basis), basis, 120)
    _no_bars_on_a_log_axis(fig)
    text = _texts(fig)
    assert r"METI's US\$, converted here at ¥120/US\$" in text  # who converted, at what rate
    assert sb.BASES[basis].axis in text
    if basis == "annual":
        assert "1999–(2006) total ÷ 6 years (stated)" in text
        assert "3,500" not in text and "4,667" in text  # one annual figure for InnoRegio
    if basis == "annual_per_unit":
        assert "÷ 19 projects" in text and "÷ 12 locations" in text
    if basis == "per_capita":  # Japan 2007 in Gapminder's series: 001 line 136's FY2005
        flat = text.replace("\n", " ")  # tick labels wrap
        assert "÷ Japan's population in 2007" in flat and "nearest available year" in flat
    if basis == "total":
        titles = [ax.get_title(loc="left") for ax in fig.axes]
        assert len(titles) == 2 and "one-year figures" in titles[0]
        assert "multi-year totals" in titles[1]
        one = [x.get_text() for x in fig.axes[0].get_yticklabels()]
        assert not any("InnoRegio" in x for x in one)  # never ranked with the single years
    figures.close_all()


def test_meti_and_sensitivity_figures(t: dict[str, pd.DataFrame], jpy: pd.DataFrame,
                                      sens: pd.DataFrame) -> None:
    figures.set_theme()
    fig = sb.plot_meti_items(sb.meti_line_items(t["budgets"], "JPY", 100), 100)
    assert fig.axes[0].get_xscale() == "linear"  # bars: a linear axis
    text = _texts(fig)
    assert "¥100 per US" in text and "64,800" not in text and "54,000" not in text
    assert "13,100" in text  # 001 line 158: $131 million at ¥100
    fig = sb.plot_sensitivity(sens, sb.sensitivity_range(sens))
    _no_bars_on_a_log_axis(fig)
    text = _texts(fig)
    assert "54,000–70,200" in text and "÷3" in text and "stated = ÷12" in text
    empty = sb.plot_sensitivity(sens.iloc[0:0], sb.sensitivity_range(sens.iloc[0:0]))
    assert "No programme" in empty.axes[0].texts[0].get_text()
    figures.close_all()


def test_captions_cite_and_state_the_basis(t: dict[str, pd.DataFrame], jpy: pd.DataFrame,
                                           sens: pd.DataFrame) -> None:
    c = sb.programmes_caption(sb.comparison(jpy, "annual"), "annual")
    assert isinstance(c, present.Caption)
    plain = c.plain()
    assert plain.startswith("Sources: French Government 2005 (000_7b3e377257c25d7a.txt, "
                            "line 9); METI 2005 (001_fc47ff42475d4a79.txt, lines 77–78, 101, "
                            "138); MEXT 2002")
    assert "METI Industrial Cluster Project: US$ as METI 2005 states it; converted here at " \
           "¥120 per US$." in plain
    assert "#L138" in c._repr_html_()
    assert "(the ends of jpy_per_usd_range" in sb.sensitivity_caption(sens).plain()
    items = sb.meti_line_items(t["budgets"], "USD", 120)
    assert "converts" not in sb.meti_caption(items, 120).plain()  # dollars as stated


def test_no_line_numbers_typed_in_the_study() -> None:
    from pathlib import Path

    source = Path(sb.__file__).read_text(encoding="utf-8")
    assert not re.search(r"lines? [0-9]{1,3}|00[0-4]_[0-9a-f]{16}", source)

"""The budgets study (notebook 01), checked against the documents: its pure computations
given tables, and a run's results as the notebook makes them.

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

import matplotlib
import pandas as pd
import pytest

from clusteranalysis import present
from clusteranalysis.errors import ParameterError
from clusteranalysis.metadata import vocab
from clusteranalysis.metadata.results import RESULTS
from clusteranalysis.present import figures as theme
from clusteranalysis.studies import params
from clusteranalysis.studies.budgets import (
    NOTEBOOK,
    bases,
    compute,
    divisors,
    figures,
    findings,
    programmes,
    sensitivity,
    tables,
)
from tests.support.budgets import parameters, register, run

matplotlib.use("Agg")

INNOREGIO_ANNUAL = 28_000 / 6  # 001 line 77: about 28 billion yen over six years
BIOREGIO_ANNUAL = 12_000 / 5  # 001 line 77: about 12 billion yen over five years
# 001 converts the euros and pounds into yen at rates it does not state (line 77); the
# register's readings (judgement_readings.csv, conversion:overseas-yen-eur and -gbp) run
# from the ECB's calendar-2001 mean to its FY2005 mean: ≈108.7 to ≈137.7 JPY per EUR, ≈174.8 to
# ≈201.9 JPY per GBP. Restated from one end to the other, the yen move by their ratio.
EUR_DOWN, EUR_UP = round(108.7 / 137.7, 6), round(137.7 / 108.7, 6)


@pytest.fixture(scope="module")
def jpy(t: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """The default run's results (yen at ¥120 per US$, the annual basis)."""
    return run(t)


def by_id(df: pd.DataFrame) -> pd.DataFrame:
    return df.set_index("programme_id")


# --------------------------------------------------------------------------- parameters


def test_the_basis_parameter_lists_the_study_bases() -> None:
    assert tuple(bases.BASES) == vocab.BUDGET_BASES
    spec = {p.name: p for p in params.NOTEBOOK_PARAMETERS[NOTEBOOK]}
    assert spec["basis"].allowed == "one of annual, annual_per_unit, total, per_capita"
    low, high = spec["jpy_per_usd_range"].default
    assert low <= 110 and high >= 120  # takes in ¥110 and ¥120 per dollar


@pytest.mark.parametrize("bad", [[130, 100], [100], [100, 120, 130], [0, 120], [100, "130"],
                                 120, None, [True, 130]])
def test_the_rate_range_must_be_two_rising_positive_numbers(bad: object) -> None:
    with pytest.raises(ParameterError, match=r"^jpy_per_usd_range must be a list of two "
                                             r"positive numbers, the lower first"):
        params.validate(NOTEBOOK, {"jpy_per_usd_range": bad}, partial=True)


def test_a_string_for_the_rate_range_says_how_to_pass_it() -> None:
    with pytest.raises(ParameterError) as info:
        params.validate(NOTEBOOK, {"jpy_per_usd_range": "[105, 125]"}, partial=True)
    assert ("got a string, '[105, 125]'; papermill's -p and -r pass text, so pass a list "
            "with -y 'jpy_per_usd_range: [105, 125]'; in Python or reports.toml write "
            "jpy_per_usd_range = [105, 125]") in str(info.value)
    params.validate(NOTEBOOK, {"jpy_per_usd_range": [105.5, 125]}, partial=True)


def test_an_unknown_basis_is_refused() -> None:
    with pytest.raises(ParameterError, match=r"basis must be one of annual, annual_per_unit, "
                                             r"total, per_capita \(got 'per_cluster'\)"):
        params.validate(NOTEBOOK, {"basis": "per_cluster"}, partial=True)


def test_a_run_makes_exactly_the_declared_tables(jpy: dict[str, pd.DataFrame]) -> None:
    declared = RESULTS[NOTEBOOK]
    assert list(jpy) == list(declared)
    for name, df in jpy.items():
        assert list(df.columns) == list(declared[name].columns), name


# --------------------------------------------------------------------------- METI


def test_meti_totals_and_items_as_stated(t: dict[str, pd.DataFrame]) -> None:
    items = compute.meti_line_items(t["budgets"], "USD", 120)
    summary = compute.meti_summary(items, t["reconciliation"], "USD", 120)
    totals = summary[summary["measure"] == "stated national total"]
    # 001 line 138: "$540 million ($470 million)"
    assert dict(zip(totals["fiscal_year"], totals["value"], strict=True)) == {2004: 470,
                                                                              2005: 540}
    assert items["item"].nunique() == 7  # 001 lines 142-180: seven tools
    assert len(items) == 12  # five in both years, two new in the draft
    networks = items[items["item"] == "Forming networks to promote Industrial Cluster "
                                       "Projects"].set_index("fiscal_year")
    # 001 line 142: $19 million ($6.5 million): (19 - 6.5) / 6.5 = +192.3 %
    assert (networks.loc[2004, "amount"], networks.loc[2005, "amount"]) == (6.5, 19)
    assert networks.loc[2005, "growth_pct"] == 192.3
    assert pd.isna(networks.loc[2004, "growth_pct"])  # a change is on the draft row only
    assert (networks.loc[2005, "source"], networks.loc[2005, "line"]) == \
        ("001_fc47ff42475d4a79.txt", 142)


def test_meti_fiscal_years_are_a_column_not_column_names(jpy: dict[str, pd.DataFrame]) -> None:
    for name in ("meti_line_items", "meti_summary"):
        df = jpy[name]
        assert set(df["fiscal_year"]) == {2004, 2005}  # 001 line 136 "FY2005 draft (FY2004)"
        assert not any(str(c).startswith("fy") for c in df.columns), name


def test_meti_summary_in_both_currencies(t: dict[str, pd.DataFrame]) -> None:
    items = compute.meti_line_items(t["budgets"], "JPY", 100)
    s = compute.meti_summary(items, t["reconciliation"], "JPY", 100) \
        .set_index(["measure", "fiscal_year"])
    total = ("stated national total", 2005)
    # $540 million at ¥100 = ¥54,000 million; the stated dollars beside them
    assert s.loc[total, "value"] == 54_000
    assert s.loc[total, "value_stated_currency"] == 540
    assert s.loc[total, "rate_applied"] == 100
    # 001 lines 142-180: 19 + 5.0 + 0.8 + 131 + 61 + 22 + 1.2 = 240.0 of 540 = 44.4 %
    assert s.loc[("listed line items (sum)", 2005), "value_stated_currency"] == \
        pytest.approx(240)
    share = "share of the stated total the listed items explain"
    assert (s.loc[(share, 2004), "value"], s.loc[(share, 2005), "value"]) == (42.2, 44.4)
    assert pd.isna(s.loc[(share, 2005), "rate_applied"])
    assert s.loc[("items new in FY2005", 2005), "value_stated_currency"] == pytest.approx(5.8)
    # the change and the growth of a measure stand on its draft row
    assert s.loc[total, "change"] == 54_000 - 47_000 and pd.isna(s.loc[(total[0], 2004),
                                                                        "change"])
    usd_items = compute.meti_line_items(t["budgets"], "USD", 100)
    usd = compute.meti_summary(usd_items, t["reconciliation"], "USD", 100)
    assert usd["rate_applied"].isna().all()  # stated in dollars: nothing converted
    # a sum of several lines lists them all
    assert s.loc[("listed line items (sum)", 2005), "line"] == "142, 146, 150, 158, 166, 176, 180"
    assert s.loc[total, "line"] == "138"


def test_meti_summary_reads_the_reconciliation(t: dict[str, pd.DataFrame]) -> None:
    """The stated totals, the listed items' sums and the shares are the build's reconciliation
    rows (check_id), not computed again: a different reconciliation gives different values."""
    items = compute.meti_line_items(t["budgets"], "USD", 120)
    s = compute.meti_summary(items, t["reconciliation"], "USD", 120) \
        .set_index(["measure", "fiscal_year"])
    assert s.loc[("listed line items (sum)", 2005), "check_id"] == "meti_budget_draft"
    assert s.loc[("stated national total", 2004), "check_id"] == "meti_budget_previous_year"
    assert pd.isna(s.loc[("items listed in both years", 2005), "check_id"])
    rec = t["reconciliation"].copy()
    draft = rec["check_id"] == "meti_budget_draft"
    rec.loc[draft, ["computed", "difference", "ratio"]] = [250e6, -290e6, 250 / 540]
    other = compute.meti_summary(items, rec, "USD", 120).set_index(["measure", "fiscal_year"])
    assert other.loc[("listed line items (sum)", 2005), "value"] == 250
    assert other.loc[("not itemised (stated total − listed items)", 2005), "value"] == 290
    assert other.loc[("share of the stated total the listed items explain", 2005),
                     "value"] == 46.3


def test_meti_findings_follow_the_rate(t: dict[str, pd.DataFrame]) -> None:
    text = findings.meti(run(t, jpy_per_usd=100), parameters(jpy_per_usd=100)).plain()
    # 001 line 138: "$540 million ($470 million)", stated in dollars: shown as stated
    assert "as US$540 million in the FY2005 draft budget and US$470 million in FY2004" in text
    assert "request" not in text  # 001 line 136 says "draft budget"
    # no yen headline at the run's rate: a range over the register's rates (107.5, 110,
    # 113.2, 120: conversion:meti-budget) — 540 × 107.5 = 58,050, 540 × 120 = 64,800
    assert "107.5–120 yen per US$, the FY2005 draft is ¥58.1 billion–¥64.8 billion" in text
    assert "the yen below are at ¥100 per US$, this run's choice, not METI's" in text
    assert "¥54.0 billion" not in text  # 540 × 100: the run's choice is no headline
    assert "umbrella total" in text  # scope:meti-budget
    # 001 line 158: $131 million, the largest listed tool, 24.3 % of $540 million
    assert "“Local new consortium research-and-development enterprise”: ¥13.1 billion" in text


def test_meti_years_come_from_the_data(t: dict[str, pd.DataFrame]) -> None:
    assert compute.meti_years(t["budgets"]) == (2004, 2005)  # 001 line 136
    later = t["budgets"].assign(fiscal_year=t["budgets"]["fiscal_year"] + 1)
    assert compute.meti_years(later) == (2005, 2006)
    items = compute.meti_line_items(later, "USD", 120)
    assert set(items["fiscal_year"]) == {2005, 2006}


# --------------------------------------------------------------------------- MEXT


def test_a_dollar_run_shows_mexts_dollars_as_it_states_them(
        t: dict[str, pd.DataFrame]) -> None:
    """003 line 55 states "6 billion yen (approximately US $ 50 M …)" and line 56 "500
    million yen (approximately US $ 4.2 M …) for each cluster", at its own rate (line 59:
    "US 1 = £1 = ¥120"): MEXT's section in a dollar run shows those dollars, 50 and
    500 / 120, whatever the run's rate (¥100 here), and says so; the yen stay in
    value_stated_currency. The comparison of programmes converts MEXT's yen at the run's
    one rate, as every other programme's, and labels it so: no axis mixes two rates."""
    kc = compute.knowledge_cluster(t["budgets"], t["participants"], t["reconciliation"],
                                   "USD", 100, register(t)).set_index("measure")
    label = "budget per cluster per fiscal year (stated in JPY, and in USD at its own rate)"
    assert kc.loc[label, "value"] == pytest.approx(500 / 120, abs=1e-4)
    assert kc.loc[label, "value_stated_currency"] == 500
    national = ("national budget, FY2002 (one fiscal year; stated in JPY, and in USD at its "
                "own rate)")
    assert (kc.loc[national, "value"], kc.loc[national, "value_stated_currency"]) == (50, 6000)
    assert kc.loc[national, "rate_applied"] == 120
    assert kc.loc[national, "at_document_rate"]
    assert pd.isna(kc.loc["areas appointed, FY2002", "rate_applied"])  # a count
    assert pd.isna(kc.loc["areas appointed, FY2002", "at_document_rate"])
    assert not any(m.endswith("(stated)") for m in kc.index)
    table = run(t, currency="USD", jpy_per_usd=100)["programme_budgets"].set_index(
        "programme_id")
    for pid in ("mext_knowledge_cluster", "de_bioregio"):
        assert table.loc[pid, "rate_applied"] == 100, pid
        assert "converted here at ¥100/US$" in table.loc[pid, "conversion_short"], pid
    assert table.loc["mext_knowledge_cluster", "total"] == 60


def test_knowledge_cluster_checks_the_two_stated_figures(t: dict[str, pd.DataFrame]) -> None:
    kc = compute.knowledge_cluster(t["budgets"], t["participants"], t["reconciliation"],
                                   "JPY", 120, register(t))
    v = kc.set_index("measure")["value"]
    # 6,000 − 10 × 500 = ¥1,000 million the ten areas leave, 16.7 % of the national budget
    assert v["national budget not accounted for by areas × budget per cluster"] == 1000
    assert v["national budget not accounted for by areas × budget per cluster, as %"] == \
        pytest.approx(16.6667, abs=1e-3)
    assert v["national budget not accounted for by parts × budget per cluster"] == 0
    # the register's divisor:kc-national-budget uses the 12 parts, not the 10 areas
    reading = kc.set_index("measure")["divisor_reading"]
    assert reading["smaller parts of those areas"] == "used"
    assert reading["areas appointed, FY2002"] == "alternative"
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
    checks = kc.set_index("measure")["check_id"]
    assert checks["parts × budget per cluster"] == "mext_parts_budget"  # the build's check
    assert pd.isna(checks["national budget ÷ parts"])


def test_knowledge_cluster_reads_the_reconciliation(t: dict[str, pd.DataFrame]) -> None:
    rec = t["reconciliation"].copy()
    parts = rec["check_id"] == "mext_parts_budget"
    rec.loc[parts, ["computed", "ratio"]] = [5.5e9, 5.5 / 6]
    kc = compute.knowledge_cluster(t["budgets"], t["participants"], rec, "JPY", 120,
                                   register(t))
    v = kc.set_index("measure")["value"]
    assert v["parts × budget per cluster"] == 5500
    assert v["parts × budget per cluster, as % of the national budget"] == \
        pytest.approx(91.6667, abs=1e-4)


def test_the_pound_at_par_is_shown_as_stated_and_flagged(t: dict[str, pd.DataFrame]) -> None:
    c = compute.stated_conversions(t["budgets"], t["exchange_rates"], t["budget_equivalents"])
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


def test_mext_findings_restate_what_the_data_carry(jpy: dict[str, pd.DataFrame]) -> None:
    text = findings.mext(jpy, parameters()).plain()
    # 12 parts × ¥500 million = ¥6 billion (the register's reading); 10 areas leave ¥1bn
    assert "the register reads the smaller parts (divisor:kc-national-budget): the 12 " \
           "smaller parts at the per-cluster figure make ¥6.0 billion (100.0 % of the " \
           "national budget)" in text
    assert "the 10 appointed areas at the per-cluster figure make ¥5.0 billion (83.3 % of " \
           "the national budget), leaving ¥1.0 billion (16.7 %) of it not accounted for" in text
    assert "neither reading leaves money unaccounted for" not in text
    # 003 line 47 "appointed 10 areas (consisting of 12 smaller parts) as the CLUSTER": the
    # document does name what a cluster is; the parts are the register's reading, not silence
    assert "calls the appointed areas 'the CLUSTER'" in text
    assert "does not say which count" not in text
    assert "something" not in text and "not name" not in text
    assert "US$4.2 million (per cluster)" in text  # as the document states it
    assert "not a sterling market rate" in text


# --------------------------------------------------------------------------- programmes


def test_one_definition_of_annual(jpy: dict[str, pd.DataFrame]) -> None:
    """InnoRegio has one annual figure in every table: ÷ the six years its amount states."""
    p = by_id(jpy["programme_budgets"])
    assert p.loc["de_innoregio", "annual"] == pytest.approx(INNOREGIO_ANNUAL, abs=1e-3)
    assert p.loc["de_bioregio", "annual"] == BIOREGIO_ANNUAL
    head = by_id(jpy["programme_comparison"])
    assert head.loc["de_innoregio", "value"] == p.loc["de_innoregio", "annual"]
    r = by_id(jpy["annual_readings"])
    assert r.loc["de_innoregio", "annual"] == p.loc["de_innoregio", "annual"]
    sens = jpy["budget_sensitivity"]
    annual = sens[(sens["measure"] == "annual") & (sens["programme_id"] == "de_innoregio")
                  & sens["headline"]]
    assert set(annual["value"]) == {p.loc["de_innoregio", "annual"]}
    ranges = jpy["sensitivity_range"].set_index(["programme_id", "measure"])
    assert ranges.loc[("de_innoregio", "annual"), "headline"] == p.loc["de_innoregio", "annual"]


def test_the_readings_show_both_and_say_which_is_used(jpy: dict[str, pd.DataFrame]) -> None:
    r = by_id(jpy["annual_readings"])
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
    # the other reading is nowhere else
    assert "over_timeframe" not in jpy["programme_budgets"].columns


def test_every_label_states_its_basis(jpy: dict[str, pd.DataFrame]) -> None:
    p = by_id(jpy["programme_budgets"])
    meti = p.loc["meti_industrial_cluster"]
    assert (meti["figure"], meti["period"], meti["span"]) == ("draft budget", "FY2005",
                                                               "one year")
    assert meti["conversion"] == "US$ as METI 2005 states it; converted here at ¥120 per US$"
    assert meti["per_unit_label"] == "FY2005 draft budget ÷ 19 projects (phase I)"
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
        "1994–(2004) total ÷ 11 years (the timeframe; the total's years not stated)"
    assert p.loc["de_bioregio", "per_unit_label"] == \
        "1996–2001 total ÷ 5 years ÷ 17 areas (3 special areas + 14 other areas)"
    # 003 line 56: "for each cluster, each FY (5 years as a total)", FY2002-FY2006
    assert p.loc["mext_knowledge_cluster", "per_unit_label"] == \
        "FY2002–2006, stated per cluster per fiscal year"
    assert p.loc["mext_knowledge_cluster", "figure"] == "one-year budget"
    assert p.loc["uk_mnt_network", "per_unit_label"] == "no funded areas stated (whole country)"
    for basis in bases.BASES.values():
        valued = jpy["programme_budgets"].dropna(subset=[basis.column])
        assert valued[basis.label_column].notna().all(), basis.name


def test_values_in_dollars_and_the_conversion_said(t: dict[str, pd.DataFrame]) -> None:
    usd = by_id(run(t, currency="USD", jpy_per_usd=100,
                    countries=["Germany", "Japan"])["programme_budgets"])
    assert sorted(usd.index) == ["de_bioregio", "de_innoregio", "meti_industrial_cluster",
                                 "mext_knowledge_cluster"]
    assert usd.loc["meti_industrial_cluster", "annual"] == 540  # stated in dollars
    assert usd.loc["meti_industrial_cluster", "conversion"] == "US$ as METI 2005 states it"
    assert usd.loc["de_bioregio", "annual"] == 24  # ¥2,400 million at ¥100 per dollar
    assert usd.loc["de_bioregio", "conversion"].endswith("converted here at ¥100 per US$")
    assert usd.loc["de_bioregio", "rate_applied"] == 100
    assert pd.isna(usd.loc["meti_industrial_cluster", "rate_applied"])


def test_nothing_is_invented(jpy: dict[str, pd.DataFrame]) -> None:
    p = by_id(jpy["programme_budgets"])
    # France (000 line 9): 71 clusters, no budget anywhere in the documents
    assert pd.isna(p.loc["fr_poles_de_competitivite", "total"])
    assert p.loc["fr_poles_de_competitivite", "funded_units"] == 71
    assert p.loc["fr_poles_de_competitivite", "note"] == "no budget figure in the documents"
    # UK MNT: about 18 billion yen over six years, "Whole country": no per-unit figure
    assert p.loc["uk_mnt_network", "annual"] == 3000
    assert pd.isna(p.loc["uk_mnt_network", "annual_per_unit"])


def test_result_rows_carry_source_and_line(jpy: dict[str, pd.DataFrame]) -> None:
    p = by_id(jpy["programme_budgets"])
    # METI: the amount on line 138 ÷ the 19 projects of line 101
    assert (p.loc["meti_industrial_cluster", "source"],
            p.loc["meti_industrial_cluster", "line"]) == ("001_fc47ff42475d4a79.txt", "101, 138")
    assert p.loc["mext_knowledge_cluster", "line"] == "47, 55, 56"  # 003: areas, budgets
    assert p.loc["fr_poles_de_competitivite", "source"] == "000_7b3e377257c25d7a.txt"
    assert p.loc["de_innoregio", "line"] == "77, 78"


def test_each_figure_is_its_budget_row_by_key(t: dict[str, pd.DataFrame]) -> None:
    """A programme's figure is found by the budgets key, and the readings cite that row:
    another row with the same amount (here MNT's basic fund, moved to a line of its own) is
    not taken for it."""
    budgets = t["budgets"].copy()
    fund = (budgets["programme_id"] == "uk_mnt_network") & (budgets["item"] == "Basic fund")
    budgets.loc[fund, ["amount", "line"]] = [18e9, 80]  # 001 line 77: about 18 billion yen
    stated = programmes.stated_figures(budgets, t["programmes"], t["documents"],
                                       t["timeline"], t["population"], None)
    mnt = stated.set_index("programme_id").loc["uk_mnt_network"]
    assert (mnt["item"], mnt["status"], mnt["line"]) == ("total", "stated", 77)
    found = programmes.divisors(t["participants"], stated, register(t))
    readings = programmes.readings(stated, found, budgets, "JPY", [100, 120, 130], 120,
                                   register(t))
    cited = readings.loc[readings["programme_id"] == "uk_mnt_network", "line"]
    assert set(cited) == {"77"}


def test_the_readings_are_one_long_table(jpy: dict[str, pd.DataFrame],
                                         t: dict[str, pd.DataFrame]) -> None:
    """Every programme's figure on every basis is a row of one table (programme × measure ×
    reading × rate); programme_budgets shows its headline rows."""
    stated = programmes.stated_figures(t["budgets"], t["programmes"], t["documents"],
                                       t["timeline"], t["population"], None)
    found = programmes.divisors(t["participants"], stated, register(t))
    readings = programmes.readings(stated, found, t["budgets"], "JPY", [100, 120, 130], 120,
                                   register(t))
    heads = readings[readings["headline"]]
    assert set(readings["measure"]) == set(bases.BASES)
    assert not heads.duplicated(["programme_id", "measure"]).any()
    table = by_id(jpy["programme_budgets"])
    for r in heads.itertuples(index=False):
        assert table.loc[r.programme_id, bases.BASES[r.measure].column] == r.value


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
    options = divisors.divisor_options(t["participants"], pid, 2005)
    assert [(d.count, d.reading) for d in options] == expected
    if pid == "uk_rda_clusters":
        assert options[1].label == "÷ ≈120 clusters (≈10 in each of the 12 locations)"
        assert options[1].approximate


def test_comparison_ranks_and_ratios(jpy: dict[str, pd.DataFrame]) -> None:
    table = jpy["programme_budgets"]
    annual = programmes.comparison(table, "annual")
    assert annual["programme_id"].iloc[0] == "meti_industrial_cluster"
    assert annual["programme_id"].iloc[1] == "uk_rda_clusters"
    # ¥64,800 million (540 × 120) over the RDAs' ¥10,000 million: 6.48
    assert annual["ratio_to_next"].iloc[0] == 6.48
    assert annual["programme_id"].iloc[-1] == "fr_poles_de_competitivite"  # no value: last
    assert pd.isna(annual["rank"].iloc[-1])
    assert annual["population_year"].isna().all()  # the population columns: per capita only
    total = by_id(programmes.comparison(table, "total"))
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
    per = programmes.comparison(table, "annual_per_unit")
    assert list(per["programme_id"].iloc[-2:]) == ["fr_poles_de_competitivite",
                                                   "uk_mnt_network"]


def test_programme_findings_state_only_what_the_run_supports(
        t: dict[str, pd.DataFrame], jpy: dict[str, pd.DataFrame]) -> None:
    text = findings.programmes(jpy, parameters()).plain()
    # METI's figure is an umbrella total (scope:meti-budget): shown as a range, never ranked
    assert "METI Industrial Cluster Project ¥58.1 billion to ¥64.8 billion (the run's choice " \
           "¥64.8 billion;" in text
    # the RDAs' "10 billion yen (Allocation for local innovation in 2001)" (001 line 77) is
    # one allocation, but scope:uk-rda allows an umbrella total: no place either
    assert "METI Industrial Cluster Project, UK clusters devised by Regional Development " \
           "Agencies (one allocation; scope:uk-rda allows an umbrella total too): an " \
           "umbrella total, or a figure the register allows to be one, not ranked against " \
           "single programmes' allocations." in text
    assert "Regional Development Agencies above" not in text
    assert "The largest" not in text and "× the next" not in text
    # 001 line 76: 1996~2001, 1999~(2006), 2003~(2008) …; 003 line 55: FY2002: the annual
    # figures are of different years, in money of those years, and the findings say so
    assert "an order of them is of the sums as stated, not of what each could buy" in text
    # 001 line 77: InnoRegio 28 billion over 6, 7 or 8 years (period:de-innoregio), the
    # yen restated over the euro's rates (calendar 2001 to FY2005): 3,500 × 108.7/137.7 =
    # 2,763 to 4,667 × 137.7/108.7 = 5,912; MNT 18 billion over 6 or 5 years, over the
    # pound's rates of its own years
    # (FY2003-05): 3,000 × 190.9/201.9 = 2,837 to 3,600 × 201.9/190.9 = 3,807
    assert "InnoRegio ≈¥2.8 billion to ≈¥5.9 billion" in text
    assert "InnoRegio and UK Micro- and Nanotechnology (MNT) Network cannot be ordered by " \
           "the documents' figures: their ranges overlap" in text
    # MNT ¥3.0 billion a year at the least as converted, but restated over the pound's
    # rates 3,000 × 190.9/201.9 = 2,837, below BioRegio's 2,400 × 137.73/108.68 = 3,041:
    # the order the document's own conversions gave does not hold over the register's
    assert "UK Micro- and Nanotechnology (MNT) Network and BioRegio cannot be ordered by " \
           "the documents' figures: their ranges overlap" in text
    # RDA ¥10 billion in one year lies above MEXT's ¥6 billion in one year or 0.75 of it
    # (¥8 billion), but is not ordered above it: it may be an umbrella total (scope:uk-rda)
    # MEXT's "6 billion yen" for FY2002 (003 line 55) is one year's budget, InnoRegio's
    # "About 28 billion yen (over six years)" (001 line 77) an average: not ordered, though
    # 6.0 billion is above the ≈5.9 billion the euro's rates restate it to at the most
    assert "MEXT Knowledge Cluster Initiative and InnoRegio cannot be ordered by the " \
           "documents' figures: MEXT Knowledge Cluster Initiative's is one year's" in text
    assert "MEXT Knowledge Cluster Initiative above InnoRegio" not in text
    total = findings.programmes(run(t, basis="total"), parameters(basis="total")).plain()
    # one-year figures and multi-year totals are ranked apart, never against each other;
    # 28 > 18 > 12 > 2.8 billion yen (001 line 77), stated: no range to overlap
    assert "Among the multi-year totals, taking the rest in the order of the run's choices, " \
           "next to next: InnoRegio above UK Micro- and Nanotechnology (MNT) Network" in total
    # without Japan, no claim about METI, and the text says what was left out
    europe = parameters(countries=["Germany", "United Kingdom"])
    text = findings.programmes(run(t, **europe), europe).plain()
    assert "leaves out METI Industrial Cluster Project (Japan); MEXT Knowledge Cluster " \
           "Initiative (Japan)" in text
    # ¥10 billion (001 line 77) restated over the pound's rates: × 174.8/201.9 = 8,658
    assert "UK clusters devised by Regional Development Agencies ¥8.7 billion to ¥11.6 " \
           "billion (the run's choice ¥10.0 billion" in text
    assert "¥64.8" not in text
    finland = parameters(countries=["Finland"])
    text = findings.programmes(run(t, **finland), finland).plain()
    assert "is the only programme with a figure" in text and "largest" not in text
    assert "cannot be ordered" not in text and " above " not in text


def test_left_out_names_the_programmes_a_selection_drops() -> None:
    assert bases.left_out(None) == []
    assert bases.left_out(["Japan", "France", "United Kingdom", "Finland"]) == [
        "BioRegio (Germany)", "InnoRegio (Germany)"]  # 001 line 75: the German programmes


# --------------------------------------------------------------------------- sensitivity


def test_sensitivity_over_rates_and_divisors(jpy: dict[str, pd.DataFrame]) -> None:
    sens = jpy["budget_sensitivity"]
    as_converted = sens[sens["restated_by"] == 1]
    s = as_converted.set_index(["programme_id", "measure", "jpy_per_usd",
                                "divisor_label"])["value"]
    # $540 million at the register's rates (conversion:meti-budget): ¥107.5 → ¥58,050
    # million, ¥110 → ¥59,400, ¥120 → ¥64,800; not at jpy_per_usd_range's ends
    assert s[("meti_industrial_cluster", "annual", 107.5, "÷ 1 year")] == 58_050
    assert s[("meti_industrial_cluster", "annual", 110, "÷ 1 year")] == 59_400
    assert s[("meti_industrial_cluster", "annual", 120, "÷ 1 year")] == 64_800
    assert ("meti_industrial_cluster", "annual", 100, "÷ 1 year") not in s.index
    # InnoRegio's period readings (period:de-innoregio): 28,000 ÷ 7 and ÷ 8 years
    assert s[("de_innoregio", "annual", 120, "÷ 7 years (1999–2005, 7 years)")] == 4000
    assert s[("de_innoregio", "annual", 120, "÷ 8 years (1999–2006, 8 years)")] == 3500
    # a yen figure does not move with the rate when the run shows yen; restated over the
    # euro's rates (conversion:overseas-yen-eur) it moves by their ratio
    bio = sens[(sens["programme_id"] == "de_bioregio") & (sens["measure"] == "annual")
               & (sens["years_divided_by"] == 5) & (sens["jpy_per_usd"] == 120)]
    assert set(bio.loc[bio["restated_by"] == 1, "value"]) == {BIOREGIO_ANNUAL}
    assert sorted(bio["value"]) == [pytest.approx(BIOREGIO_ANNUAL * f, abs=1e-3)
                                    for f in (EUR_DOWN, 1, EUR_UP)]
    assert set(bio["restatement"]) == {
        "as the document converted",
        "the document's yen, if converted at ≈137.7 JPY per EUR, restated at ≈108.7 JPY per "
        "EUR (conversion:overseas-yen-eur)",
        "the document's yen, if converted at ≈108.7 JPY per EUR, restated at ≈137.7 JPY per "
        "EUR (conversion:overseas-yen-eur)"}
    # Japan's figures are the documents' own yen or dollars: nothing to restate
    assert set(sens.loc[sens["country"] == "Japan", "restatement"]) == {"none"}
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
    assert sorted(set(sens["jpy_per_usd"])) == [100, 107.5, 110, 113.2, 120, 130]
    heads = sens[sens["headline"]]
    assert heads.groupby(["programme_id", "measure"]).size().eq(1).all()
    assert set(heads["jpy_per_usd"]) == {120}


def test_sensitivity_in_dollars_moves_the_yen_figures(t: dict[str, pd.DataFrame]) -> None:
    s = run(t, currency="USD", jpy_per_usd=100, jpy_per_usd_range=[110, 120])[
        "budget_sensitivity"]
    annual = s[(s["programme_id"] == "de_innoregio") & (s["measure"] == "annual")
               & (s["years_divided_by"] == 6) & (s["restated_by"] == 1)]
    # 28,000 / 6 yen at ¥100, ¥110, ¥120 per dollar
    assert list(annual["value"]) == [pytest.approx(INNOREGIO_ANNUAL / r, abs=1e-4)
                                     for r in (100, 110, 120)]
    meti = s[(s["programme_id"] == "meti_industrial_cluster") & (s["measure"] == "annual")]
    assert set(meti["value"]) == {540}


def test_sensitivity_range_and_ranks(jpy: dict[str, pd.DataFrame]) -> None:
    r = jpy["sensitivity_range"].set_index(["programme_id", "measure"])
    bio = r.loc[("de_bioregio", "annual_per_unit")]
    assert bio["divisor_low"] == pytest.approx(2400 / 17, abs=1e-3)
    assert bio["divisor_high"] == 800
    assert bio["high_label"] == "÷ 3 special areas only; no conversion; the document's yen, " \
        "if converted at ≈108.7 JPY per EUR, restated at ≈137.7 JPY per EUR " \
        "(conversion:overseas-yen-eur)"
    assert bio["high"] == pytest.approx(800 * EUR_UP, abs=1e-3)
    meti = r.loc[("meti_industrial_cluster", "annual")]
    # 540 × 107.5 and 540 × 120 (the register's rates): 64,800 / 58,050 = 1.1163
    assert (meti["rate_low"], meti["rate_high"], meti["high_over_low"]) == \
        (58_050, 64_800, 1.1163)
    # an umbrella total (scope:meti-budget; 001 line 138) is ranked against no programme
    assert pd.isna(meti["rank"]) and pd.isna(meti["rank_best"]) and pd.isna(meti["rank_worst"])
    assert meti["scope"] == "umbrella total" and meti["run_in_range"]
    # InnoRegio no longer 1.00×: 28,000 ÷ 8 = 3,500 to ÷ 6 = 4,667 (period:de-innoregio),
    # and the yen restated over the euro's rates (conversion:overseas-yen-eur)
    inno = r.loc[("de_innoregio", "annual")]
    assert inno["period_low"] == 3500
    assert (inno["restated_low"], inno["restated_high"]) == (
        pytest.approx(INNOREGIO_ANNUAL * EUR_DOWN, abs=1e-3),
        pytest.approx(INNOREGIO_ANNUAL * EUR_UP, abs=1e-3))
    assert inno["low"] == pytest.approx(3500 * EUR_DOWN, abs=1e-3)
    assert inno["high"] == pytest.approx(INNOREGIO_ANNUAL * EUR_UP, abs=1e-3)
    assert inno["high_over_low"] == pytest.approx(8 / 6 * EUR_UP / EUR_DOWN, abs=1e-4)
    assert "period:de-innoregio" in inno["judgements"]
    assert "conversion:overseas-yen-eur" in inno["judgements"]
    # the RDAs' ¥10 billion (001 line 77) may be an umbrella total (scope:uk-rda's other
    # reading): no place on any basis, and no other's rival
    rda = r.loc[("uk_rda_clusters", "annual_per_unit")]
    assert pd.isna(rda["rank"]) and pd.isna(rda["rank_best"]) and pd.isna(rda["rank_worst"])
    assert rda["scope"] == "one allocation"
    assert rda["scope_allowed"] == "one allocation; umbrella total"
    others = r.drop(index="meti_industrial_cluster", level="programme_id")
    assert set(others["jpy_per_usd_low"]) == {100} and set(others["jpy_per_usd_high"]) == {130}
    assert (meti["jpy_per_usd_low"], meti["jpy_per_usd_high"]) == (107.5, 120)


def test_sensitivity_findings(jpy: dict[str, pd.DataFrame]) -> None:
    text = findings.sensitivity(jpy, parameters()).plain()
    assert "METI Industrial Cluster Project ¥58.1 billion–¥64.8 billion over ¥107.5–120 per " \
           "US$" in text
    assert "BioRegio ≈¥141 million to ≈¥800 million" in text
    # the period readings move InnoRegio: 28,000 ÷ 8 to ÷ 6 years (001 lines 76-77)
    assert "InnoRegio ≈¥3.5 billion to ≈¥4.7 billion" in text
    # the restatements over the MNT network's own years' rates
    # (conversion:overseas-yen-gbp-mnt, FY2003-05): 3,000 × 190.9/201.9 = 2,837 to
    # × 201.9/190.9 = 3,173; the RDAs' ¥10 billion over theirs (FY2001, FY2004-05):
    # × 174.8/201.9 = 8,658 to × 201.9/174.8 = 11,550
    assert "restated from the highest of the register's rates for its conversion to the " \
           "lowest, and the reverse, the annual figures at the run's rate and period move: " \
           "UK Micro- and Nanotechnology (MNT) Network ≈¥2.8 billion to ≈¥3.2 billion; UK " \
           "clusters devised by Regional Development Agencies ¥8.7 billion to ¥11.6 " \
           "billion" in text
    # InnoRegio at its lowest (3,500 × 108.7/137.7 = 2,763) falls below MNT's 3,000, the
    # run's choice: second instead of first among the multi-year figures (MEXT's one-year
    # ¥6.0 billion, 003 line 55, is no rival of an average); BioRegio at its highest
    # (2,400 × 137.7/108.7 = 3,040) rises above MNT's 3,000: second instead of third
    assert "Over its own readings a programme's place among the others' run's choices " \
           "changes (a place, not an order): BioRegio between 2nd and 3rd; InnoRegio " \
           "between 1st and 2nd." in text
    empty = sensitivity.sensitivity_range(jpy["budget_sensitivity"].iloc[0:0],
                                          pd.DataFrame(columns=["programme_id", "amount"]),
                                          {}, pd.DataFrame())
    assert "No programme" in findings.sensitivity({"sensitivity_range": empty},
                                                  parameters()).plain()


def test_every_finding_number_is_a_table_cell(t: dict[str, pd.DataFrame]) -> None:
    """The provenance each Findings records points at the cell it was read from."""
    for basis in bases.BASES:
        p = parameters(basis=basis)
        results = run(t, **p)
        found = [findings.meti(results, p), findings.mext(results, p),
                 findings.programmes(results, p), findings.sensitivity(results, p)]
        for f in found:
            assert f.values
            for v in f.values:
                rows = results[v.table]
                for k, want in v.where.items():
                    rows = rows[rows[k].astype(object) == want]
                assert len(rows) == 1, (v.table, v.where)
                if isinstance(v.value, str):  # a label recorded with Findings.text
                    assert rows[v.column].iloc[0] == v.value
                else:
                    assert float(rows[v.column].iloc[0]) == v.value
                assert v.text in f.plain()


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


@pytest.mark.parametrize("basis", list(bases.BASES))
def test_programme_figure_labels_say_the_basis(t: dict[str, pd.DataFrame], basis: str) -> None:
    theme.set_theme()
    fig = figures.programme_comparison(run(t, basis=basis), parameters(basis=basis))
    _no_bars_on_a_log_axis(fig)
    text = _texts(fig)
    assert r"METI's US\$, converted here at ¥120/US\$" in text  # who converted, at what rate
    assert bases.BASES[basis].axis in text
    if basis == "annual":
        assert "1999–(2006) total ÷ 6 years (stated)" in text
        # one annual figure for InnoRegio (the run's choice), inside its range over the
        # register's period readings, 28,000 ÷ 8 to ÷ 6 (001 lines 76-77), restated over
        # the euro's rates: 3,500 × 108.7/137.7 = 2,763 to 4,667 × 137.7/108.7 = 5,912
        assert "≈2,763–5,912 (run: 4,667)" in text
        # METI: 540 × 107.5 to 540 × 120 (conversion:meti-budget), and its scope
        assert "58,050–64,800 (run: 64,800)" in text and "scope: umbrella total" in text
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
    theme.close_all()


def test_meti_and_sensitivity_figures(t: dict[str, pd.DataFrame],
                                      jpy: dict[str, pd.DataFrame]) -> None:
    theme.set_theme()
    fig = figures.meti_line_items(run(t, jpy_per_usd=100), parameters(jpy_per_usd=100))
    assert fig.axes[0].get_xscale() == "linear"  # bars: a linear axis
    text = _texts(fig)
    assert "¥100 per US" in text and "64,800" not in text and "54,000" not in text
    assert "13,100" in text  # 001 line 158: $131 million at ¥100
    fig = figures.budget_sensitivity(jpy, parameters())
    _no_bars_on_a_log_axis(fig)
    text = _texts(fig)
    assert "58,050–64,800" in text and "÷3" in text and "stated = ÷12" in text
    assert "2,763–5,912" in text  # InnoRegio over its period readings and restatements
    none = jpy["budget_sensitivity"].iloc[0:0]
    empty = figures.budget_sensitivity(
        {"budget_sensitivity": none, "sensitivity_range": jpy["sensitivity_range"].iloc[0:0]},
        parameters())
    assert "No programme" in empty.axes[0].texts[0].get_text()
    theme.close_all()


def test_captions_cite_and_state_the_basis(t: dict[str, pd.DataFrame],
                                           jpy: dict[str, pd.DataFrame]) -> None:
    c = figures.programme_comparison_caption(jpy, parameters())
    assert isinstance(c, present.Caption)
    plain = c.plain()
    assert plain.startswith("Sources: French Government 2005 (000_7b3e377257c25d7a.txt, "
                            "line 9); METI 2005 (001_fc47ff42475d4a79.txt, lines 77–78, 101, "
                            "138); MEXT 2002")
    assert "METI Industrial Cluster Project: US$ as METI 2005 states it; converted here at " \
           "¥120 per US$." in plain
    assert "#L138" in c._repr_html_()
    sens = figures.budget_sensitivity_caption(jpy, parameters()).plain()
    assert "the register's rates for a conversion whose rate METI leaves unstated" in sens
    assert "the period readings of the register (triangles)" in sens
    # 001 lines 138 (the stated totals the shares are of) to 180 (the last item)
    meti = figures.meti_line_items_caption(jpy, parameters()).plain()
    assert meti.startswith("Source: METI 2005 (001_fc47ff42475d4a79.txt, lines 138–180).")
    usd = parameters(currency="USD")
    assert "converts" not in figures.meti_line_items_caption(run(t, **usd), usd).plain()


def test_meti_figure_labels_the_dollars_with_the_documents_digits(
        t: dict[str, pd.DataFrame]) -> None:
    # 001 line 142: "$19 million ($6.5 million)": the bar is labelled 6.5 → 19, not 6.50
    theme.set_theme()
    usd = parameters(currency="USD")
    text = _texts(figures.meti_line_items(run(t, **usd), usd))
    assert "6.5 → 19" in text and "6.50" not in text
    theme.close_all()


def test_the_comparison_labels_name_every_scope_the_register_allows(
        jpy: dict[str, pd.DataFrame]) -> None:
    # 001 line 77 "10 billion yen (Allocation for local innovation in 2001)": one allocation,
    # or an umbrella total (scope:uk-rda); METI's national budget (line 138) the reverse
    theme.set_theme()
    labels = [t.get_text() for t in figures.programme_comparison(jpy, parameters())
              .axes[0].get_yticklabels()]
    assert any("scope: one allocation, or umbrella total?" in x and "Regional" in x
               for x in labels)
    assert any("scope: umbrella total, or programme total?" in x and "METI" in x
               for x in labels)
    # the sensitivity figure labels them alike
    sens = figures.budget_sensitivity(jpy, parameters())
    labels = [t.get_text() for ax in sens.axes for t in ax.get_yticklabels()]
    assert any("scope: one allocation, or umbrella total?" in x and "Regional" in x
               for x in labels)
    theme.close_all()


def test_metis_dollars_shown_in_yen_say_the_rate_in_the_unit(
        t: dict[str, pd.DataFrame], jpy: dict[str, pd.DataFrame]) -> None:
    # 001 line 138: "$540 million ($470 million)", no rate: in a yen run, ¥64,800 million
    # is the run's ¥120, and every amount's unit says so; a US$ run shows the dollars bare
    summary = tables.meti_summary(jpy, parameters()).df.set_index("measure")
    assert summary.loc["stated national total", "unit"] == \
        "million JPY; US$ converted here at ¥120 per US$"
    assert summary.loc["share of the stated total the listed items explain", "unit"] == \
        "% of stated total"
    assert "FY2004 (million ¥; US$ converted here at ¥120 per US$)" in \
        tables.meti_line_items(jpy, parameters()).df.columns
    usd = parameters(currency="USD")
    bare = tables.meti_summary(run(t, **usd), usd).df.set_index("measure")
    assert bare.loc["stated national total", "unit"] == "million USD"


def test_a_dollar_run_says_its_order_is_judged_in_yen(t: dict[str, pd.DataFrame]) -> None:
    # the overseas yen of 001 line 77 converted to US$ over jpy_per_usd_range: the dollar
    # bands may overlap where the yen ranges, which decide the order, do not
    usd = parameters(currency="USD")
    results = run(t, **usd)
    assert "ordered only where their ranges in yen do not overlap" in \
        findings.programmes(results, usd).plain()
    theme.set_theme()
    legend = figures.programme_comparison(results, usd).axes[0].get_legend()
    assert "range over the register's readings and jpy_per_usd_range" in \
        [x.get_text() for x in legend.get_texts()]
    theme.close_all()


def test_a_dollar_run_at_mexts_own_rate_says_so(t: dict[str, pd.DataFrame]) -> None:
    # 003 line 59 "US 1 = £1 = ¥120": MEXT's section shows its dollars at the document's own
    # rate, at the run's ¥120 as at its ¥100
    for rate in (120, 100):
        usd = parameters(currency="USD", jpy_per_usd=rate)
        text = findings.mext(run(t, **usd), usd).plain()
        assert "In USD at ¥120 per US$ (the document's own rate, whatever the run's rate; " \
               "the programme comparison converts at the run's, as it does every " \
               "programme), they are US$50 million" in text
        assert "the run's choice, not the document's" not in text


def test_a_run_rate_outside_the_register_is_said_to_lie_outside_the_range(
        t: dict[str, pd.DataFrame]) -> None:
    # 001 line 138 "$540 million": at the run's ¥150, ¥81.0 billion, beyond the register's
    # ¥107.5-120 (conversion:meti-budget): the findings say so where they give the range
    kw = {"basis": "total", "jpy_per_usd": 150, "jpy_per_usd_range": [140, 160]}
    text = findings.programmes(run(t, **kw), parameters(**kw)).plain()
    assert "METI Industrial Cluster Project ¥58.1 billion to ¥64.8 billion (the run's choice " \
           "¥81.0 billion, at a rate outside the register's readings, so outside the range" \
           in text
    # MEXT's ¥6 billion at a dollar run's ¥100 is US$60 million: a rate outside
    # conversion:mext-usd's readings, but a value inside its range (¥8 billion, the
    # 0.75-year reading of 003 line 55, at ¥120 is US$66.7 million)
    usd = parameters(currency="USD", jpy_per_usd=100)
    text = findings.programmes(run(t, **usd), usd).plain()
    assert "MEXT Knowledge Cluster Initiative US$48.0 million to US$66.7 million (the run's " \
           "choice US$60 million, at a rate outside the register's readings;" in text


def test_a_rate_with_a_decimal_keeps_it_in_the_short_conversion() -> None:
    # the register's rates are written as the sources write them: ¥107.5, not ¥108
    short = bases.conversion_short("USD", "JPY", 107.5, "METI 2005", overseas=False)
    assert short == "METI's US$, converted here at ¥107.5/US$"


def test_a_programme_stated_in_a_currency_the_study_does_not_convert_keeps_an_empty_row(
        t: dict[str, pd.DataFrame]) -> None:
    """Issue 19's new-document review: a sixth document's euro budget made 01 stop with
    'cannot convert EUR' under its defaults. Its programme keeps a row, like France's
    (no figure), saying the currency it is stated in; nothing else changes."""
    from tests.support.budgets import inputs

    programmes, budgets = t["programmes"].copy(), t["budgets"].copy()
    german = programmes[programmes["country"] == "Germany"].iloc[[0]].copy()
    german["programme_id"] = "de_added_document"
    row = budgets[budgets["country"] == "Germany"].iloc[[0]].copy()
    row[["programme_id", "currency", "category"]] = ["de_added_document", "EUR", pd.NA]
    replaced = inputs(t, programmes=pd.concat([programmes, german], ignore_index=True),
                      budgets=pd.concat([budgets, row], ignore_index=True))
    results = compute.results(replaced, parameters())
    added = results["programme_budgets"]
    added = added[added["programme_id"] == "de_added_document"]
    assert len(added) >= 1 and added["stated_amount"].isna().all() and added["total"].isna().all()
    assert set(added["stated_currency"].dropna()) == {"EUR"}
    before = run(t)["programme_budgets"]
    assert before.equals(results["programme_budgets"][
        results["programme_budgets"]["programme_id"] != "de_added_document"]
        .reset_index(drop=True))


def test_the_total_basis_ranks_within_each_group(t: dict[str, pd.DataFrame]) -> None:
    """On the total basis one-year figures and multi-year totals are ranked apart, in the
    sensitivity ranks as in the comparison. One year: MEXT's ¥6 billion (003 line 55) has
    no rival, as METI's umbrella total and the RDAs' ¥10 billion, which scope:uk-rda allows
    to be one (001 line 77), have no place: a place among none is none. Several years
    (001 line 77): InnoRegio about ¥28 billion, MNT about ¥18 billion, BioRegio about ¥12
    billion; Finland's basic fund, about ¥2.8 billion, is a part of a total (scope:fi-basic-fund)
    and has no place."""
    total = run(t, basis="total")
    r = total["sensitivity_range"]
    rank = dict(zip(r.loc[r["measure"] == "total", "programme_id"],
                    r.loc[r["measure"] == "total", "rank"], strict=True))
    assert pd.isna(rank["uk_rda_clusters"]) and pd.isna(rank["mext_knowledge_cluster"])
    assert [rank[p] for p in ("de_innoregio", "uk_mnt_network", "de_bioregio")] == [1, 2, 3]
    assert pd.isna(rank["meti_industrial_cluster"]) and pd.isna(rank["fi_centres_of_expertise"])
    text = findings.sensitivity(total, parameters(basis="total")).plain()
    assert "Given no place on the figures as stated, as the only figure of its kind with a " \
        "place to take" in text
    assert "MEXT Knowledge Cluster Initiative (programme total)." in text


def test_the_per_cluster_subsidy_is_every_year_of_five(t: dict[str, pd.DataFrame]) -> None:
    """003 line 56: "500 million yen … for each cluster, each FY (5 years as a total)", read
    by the register as FY2002-FY2006 (period:kc-per-cluster), not as the national budget's
    one year (line 55): per funded unit it is a multi-year figure, the rival of InnoRegio's
    "About 28 billion yen (over six years)" ÷ 23 areas (001 lines 77-78), whose highest
    reading is 28,000 / 6 / 23 × 137.7 / 108.7 ≈ ¥257 million (the euro's FY2005 over
    its calendar-2001 mean, conversion:overseas-yen-eur). MEXT's lowest, ¥500 million, is above it:
    the two are ordered, and MEXT has a place."""
    apu = run(t, basis="annual_per_unit")
    comparison = apu["programme_comparison"].set_index("programme_id")
    assert comparison.loc["mext_knowledge_cluster", "span"] == "several years"
    assert comparison.loc["mext_knowledge_cluster", "basis_label"].startswith("FY2002–2006")
    assert comparison.loc["uk_rda_clusters", "span"] == "one year"  # 001 line 77: in 2001
    r = apu["sensitivity_range"]
    per_unit = r[r["measure"] == "annual_per_unit"].set_index("programme_id")
    mext, inno = per_unit.loc["mext_knowledge_cluster"], per_unit.loc["de_innoregio"]
    assert mext["low"] == 500
    assert inno["high"] == pytest.approx(28000 / 6 / 23 * 137.7 / 108.7, abs=0.05)
    assert "period:kc-per-cluster" in mext["judgements"].split("; ")
    assert not pd.isna(mext["rank"])
    text = findings.programmes(apu, parameters(basis="annual_per_unit")).plain()
    assert "MEXT Knowledge Cluster Initiative above InnoRegio (its lowest, ¥500 million" in text
    assert "is one year's" not in text


def test_meti_tables_show_the_dollars_as_the_document_writes_them(
        t: dict[str, pd.DataFrame]) -> None:
    # 001 line 142: "$19 million ($6.5 million)"; line 150: "$0.8 million (new)": a US$ run
    # shows 6.5 and 0.8, not 6.50 and 0.80 (digits the document does not give)
    results = run(t, currency="USD")
    usd = parameters(currency="USD")
    items = tables.meti_line_items(results, usd)
    shown = {c: items._cell(c, v) for c, v in
             items.df.set_index("policy tool").loc[
                 "Forming networks to promote Industrial Cluster Projects"].items()}
    assert (shown["FY2004 (million US$)"], shown["FY2005 draft budget (million US$)"]) == (
        "6.5", "19")
    new = items.df.set_index("policy tool").loc[
        "Promotion of exchanges and tie-ups between clusters", "FY2005 draft budget (million US$)"]
    assert items._cell("FY2005 draft budget (million US$)", new) == "0.8"


def test_meti_findings_write_the_dollars_with_the_documents_digits(
        t: dict[str, pd.DataFrame]) -> None:
    # 001 line 142: "$19 million ($6.5 million)"; the FY2004 tools (lines 142-180) sum to
    # 6.5 + 110 + 59 + 22 + 0.8 = 198.3
    text = findings.meti(run(t, currency="USD"), parameters(currency="USD")).plain()
    assert "US$6.5 million → US$19 million" in text
    assert "US$198.3 million in FY2004" in text
    assert "6.50" not in text


def test_totals_of_different_periods_are_not_said_to_order_the_programmes(
        t: dict[str, pd.DataFrame]) -> None:
    """001 line 77 gives InnoRegio's about 28 billion yen over six years (1999~(2006)) and
    BioRegio's about 12 billion over five (1996~2001): on the total basis an order of them is
    of sums over different years, and the findings say so beside it; the annual basis
    compares money a year, and says only that it is money of different years."""
    total = parameters(basis="total")
    text = findings.programmes(run(t, **total), total).plain()
    assert "InnoRegio above" in text
    assert "an order of them is of the sums, not of money a year" in text
    annual = findings.programmes(run(t), parameters()).plain()
    assert "an order of them is of the sums, not of money a year" not in annual
    assert "in money of those years and, before conversion, of different currencies" in annual


def test_a_period_reading_at_a_rate_the_register_lacks_says_so(
        t: dict[str, pd.DataFrame]) -> None:
    """003 line 55: ¥6 billion for FY2002, or 8 billion a year over its 0.75 of a year
    (period:kc-national-budget): at the run's ¥100, US$60-80 million, a rate none of
    conversion:mext-usd's readings (¥120 as stated, line 59; the ECB's 2002 means) has,
    and the sentence says so rather than passing it off as MEXT's range."""
    usd = parameters(currency="USD", jpy_per_usd=100)
    text = findings.sensitivity(run(t, currency="USD", jpy_per_usd=100), usd).plain()
    assert "MEXT Knowledge Cluster Initiative US$60 million to US$80 million (at the run's " \
           "rate, which is none of the register's for it)" in text
    jpy = findings.sensitivity(run(t), parameters()).plain()
    assert "which is none of the register's" not in jpy

"""The per_capita basis of the budgets study (notebook 01), checked by hand.

Every expected value is a document's amount divided by a Gapminder population, both read
by a person, not from the code's output:

* ``001`` line 136, "FY2005 draft budget (FY2004)", line 138, "$540 million ($470
  million)"; at ¥120 per US$ the FY2005 figure is ¥64,800 million;
* ``001`` line 76, the overseas timeframes (RDA 1999~, MNT 2003~(2008), BioRegio 1996~2001,
  InnoRegio 1999~(2006), Finland 1994~(2004)); line 77, their budgets: RDA "10 billion yen
  (Allocation for local innovation in 2001)", MNT "about 18 billion yen (… over six years)",
  BioRegio "About 12 billion yen (over five years)", InnoRegio "About 28 billion yen (over
  six years)", Finland "About 2.8 billion yen" (no years stated: its 11-year timeframe);
* ``003`` line 55, "6 billion yen …, FY2002";
* ``data/processed/population.csv`` (Gapminder's ``gapminder/gapminder.csv`` in the
  ``gapminder`` 0.1 package, the file line in brackets): Japan 2002 127,065,841 [804], 2007
  127,467,972 [805]; United Kingdom 2002 59,912,431 [1608], 2007 60,776,238 [1609]; Germany
  1997 82,011,073 [575], 2002 82,350,671 [576]; Finland 1997 5,134,406 [527].

The year a figure covers is its year, or the middle of its period rounded down; the series
has every fifth year from 1952 to 2007, and a year it lacks takes the nearest (the earlier
of two equally near).
"""

from __future__ import annotations

import matplotlib
import pandas as pd
import pytest

from clusteranalysis import present
from clusteranalysis.present import figures as theme
from clusteranalysis.studies import population as pop
from clusteranalysis.studies.budgets import bases, compute, figures, findings, programmes, tables
from tests.support.budgets import inputs, parameters, run

matplotlib.use("Agg")

JAPAN_2002, JAPAN_2007 = 127_065_841, 127_467_972
UK_2002, UK_2007 = 59_912_431, 60_776_238
# 001's yen for the euros and pounds (line 77) restated over the register's rates
# (conversion:overseas-yen-eur, -gbp-rda): ≈108.7 to ≈137.7 JPY per EUR, ≈174.8 to ≈201.9
# per GBP for the RDAs' 2001 allocation
EUR_DOWN, EUR_UP = round(108.7 / 137.7, 6), round(137.7 / 108.7, 6)
GBP_DOWN, GBP_UP = round(174.8 / 201.9, 6), round(201.9 / 174.8, 6)
GERMANY_1997, GERMANY_2002 = 82_011_073, 82_350_671
FINLAND_1997 = 5_134_406

#: programme: (annual yen, year covered, population year, population, line in gapminder.csv)
EXPECTED = {
    "meti_industrial_cluster": (540e6 * 120, 2005, 2007, JAPAN_2007, 805),
    "mext_knowledge_cluster": (6e9, 2002, 2002, JAPAN_2002, 804),
    "uk_rda_clusters": (10e9, 2001, 2002, UK_2002, 1608),
    "uk_mnt_network": (18e9 / 6, 2005, 2007, UK_2007, 1609),  # (2003 + 2008) // 2
    "de_bioregio": (12e9 / 5, 1998, 1997, GERMANY_1997, 575),  # (1996 + 2001) // 2
    "de_innoregio": (28e9 / 6, 2002, 2002, GERMANY_2002, 576),  # (1999 + 2006) // 2
    "fi_centres_of_expertise": (2.8e9 / 11, 1999, 1997, FINLAND_1997, 527),  # 1999: 1997
}


PER_CAPITA = parameters(basis="per_capita")


@pytest.fixture(scope="module")
def per_capita(t: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """The results of a run on the per_capita basis (yen at ¥120 per US$)."""
    return run(t, basis="per_capita")


@pytest.fixture(scope="module")
def jpy(per_capita: dict[str, pd.DataFrame]) -> pd.DataFrame:
    return per_capita["programme_budgets"]


def test_per_capita_divides_the_annual_figure_by_the_year_covered(jpy: pd.DataFrame) -> None:
    p = jpy.set_index("programme_id")
    for pid, (annual, covered, year, people, line) in EXPECTED.items():
        row = p.loc[pid]
        assert (row["year_covered"], row["population_year"], row["population"]) == \
            (covered, year, people), pid
        assert row["per_capita"] == pytest.approx(annual / people, abs=1e-4), pid
        assert (row["population_file"], row["population_line"]) == \
            ("gapminder 0.1: gapminder/gapminder.csv", line), pid
    # the figure a reader checks first: ¥64.8 billion ÷ 127,467,972 = ¥508.36 (above); the
    # RDA's ¥10 billion ÷ 59,912,431 = ¥166.91
    assert p.loc["uk_rda_clusters", "per_capita"] == pytest.approx(10e9 / UK_2002, abs=1e-4)
    # France states no budget: no figure, nothing estimated
    france = p.loc["fr_poles_de_competitivite"]
    assert pd.isna(france["per_capita"]) and pd.isna(france["population_year"])
    assert pd.isna(france["per_capita_label"])


def test_per_capita_in_dollars(t: dict[str, pd.DataFrame]) -> None:
    usd = run(t, currency="USD")["programme_budgets"].set_index("programme_id")
    # METI states dollars: US$540 million ÷ 127,467,972 = US$4.236 a head
    assert usd.loc["meti_industrial_cluster", "per_capita"] == pytest.approx(
        540e6 / JAPAN_2007, abs=1e-4)
    # the RDA's 10 billion yen at ¥120 per US$ ÷ 59,912,431 = US$1.391
    assert usd.loc["uk_rda_clusters", "per_capita"] == pytest.approx(
        10e9 / 120 / UK_2002, abs=1e-4)
    assert usd.loc["uk_rda_clusters", "conversion"].endswith("converted here at ¥120 per US$")


def test_each_label_names_the_population_year_used(jpy: pd.DataFrame) -> None:
    p = jpy.set_index("programme_id")["per_capita_label"]
    assert p["meti_industrial_cluster"] == ("FY2005 draft budget ÷ Japan's population "
                                            "in 2007 (Gapminder; nearest available year to "
                                            "2005)")
    assert p["mext_knowledge_cluster"] == ("FY2002 one-year budget ÷ Japan's population in "
                                           "2002 (Gapminder)")
    assert p["de_innoregio"] == ("1999–(2006) total ÷ 6 years ÷ Germany's population in 2002 "
                                 "(Gapminder; the period's middle year)")
    assert p["de_bioregio"] == ("1996–2001 total ÷ 5 years ÷ Germany's population in 1997 "
                                "(Gapminder; nearest available year to 1998, the period's "
                                "middle year)")
    assert p["uk_rda_clusters"].startswith("2001 one-year allocation ÷ United Kingdom's "
                                           "population in 2002")


def test_the_comparison_ranks_per_inhabitant(jpy: pd.DataFrame) -> None:
    # METI's is an umbrella total (scope:meti-budget): listed in its place, ranked
    # against none and no other's rival
    head = programmes.comparison(jpy, "per_capita", {"meti_industrial_cluster"})
    ranked = head.dropna(subset=["value"])
    per_head = {k: v[0] / v[3] for k, v in EXPECTED.items()}
    order = sorted(EXPECTED, key=lambda k: -per_head[k])
    assert list(ranked["programme_id"]) == order
    h = head.set_index("programme_id")
    assert pd.isna(h.loc["meti_industrial_cluster", "rank"])
    assert pd.isna(h.loc["meti_industrial_cluster", "ratio_to_next"])
    singles = [k for k in order if k != "meti_industrial_cluster"]
    # places among the figures of one kind: one year's (MEXT FY2002, 003 line 55; the RDAs'
    # 2001 allocation, 001 line 77) and the multi-year totals' averages apart
    for _, part in h.loc[singles].groupby("span"):
        ranked_here = [k for k in singles if k in part.index]
        assert list(part.loc[ranked_here, "rank"]) == list(range(1, len(ranked_here) + 1))
        if len(ranked_here) > 1:
            assert part.loc[ranked_here[0], "ratio_to_next"] == pytest.approx(
                per_head[ranked_here[0]] / per_head[ranked_here[1]], abs=1e-4)
    assert set(h.loc[singles, "span"]) == {"one year", "several years"}
    assert h.loc["meti_industrial_cluster", "population_year"] == 2007
    assert h.loc["meti_industrial_cluster", "population_line"] == 805
    assert set(head["basis"]) == {"per_capita"}
    # the other bases leave the population columns empty
    assert programmes.comparison(jpy, "annual")["population_year"].isna().all()


def test_per_capita_findings(t: dict[str, pd.DataFrame],
                             per_capita: dict[str, pd.DataFrame]) -> None:
    f = findings.programmes(per_capita, PER_CAPITA)
    text = f.plain()
    assert text.startswith("Findings: budget per inhabitant per year. In ¥ per "
                           "inhabitant per year")
    # $540 million × 107.5 (or × 120) ÷ 127,467,972: ¥455 to ¥508; an umbrella total
    assert "METI Industrial Cluster Project ¥455 to ¥508 (the run's choice ¥508; FY2005 " \
           "draft budget ÷ Japan's population in 2007 (Gapminder; nearest available " \
           "year to 2005); umbrella total)" in text
    assert "METI Industrial Cluster Project, UK clusters devised by Regional Development " \
           "Agencies (one allocation; scope:uk-rda allows an umbrella total too): an " \
           "umbrella total, or a figure" in text
    # ¥10 billion ÷ 59,912,431 = ¥167, restated over the pound's rates ¥145 to ¥193, lies
    # above InnoRegio's, but the allocation (001 line 77) may be an umbrella total
    # (scope:uk-rda): not ordered
    assert "UK clusters devised by Regional Development Agencies ¥145 to ¥193 (the run's " \
           "choice ¥167" in text
    assert "Regional Development Agencies above" not in text
    # 2,400,000,000 / 82,011,073 = 29.26; over six years (period:de-bioregio) 24.39;
    # restated over the euro's rates: 24.39 × 108.7/137.7 = 19.3 to 29.26 × 137.7/108.7 = 37.1
    assert "BioRegio ≈¥19.3 to ≈¥37.1" in text
    # MNT's about 18 billion yen over six years (001 line 77) ÷ 60,776,238 (2007, nearest to
    # 2005), restated at 190.9/201.9: 3,000,000,000 / 60,776,238 × 0.9455 = 46.7, above
    # BioRegio's highest, 37.1: ordered, though MEXT's range lies between them in the list
    assert "Not next to next, but ordered by the same rule: UK Micro- and Nanotechnology " \
           "(MNT) Network above BioRegio (its lowest, ≈¥46.7, is above the other's highest, " \
           "≈¥37.1)" in text
    assert "¥508 million" not in text and "billion" not in text
    labels = [v for v in f.values if v.column == "basis_label"]
    assert len(labels) == 7 and all(v.text in text for v in labels)  # recorded, checkable
    # a run without Japan ranks the rest and says nothing of METI
    europe = parameters(basis="per_capita", countries=["Germany", "Finland"])
    text = findings.programmes(run(t, **europe), europe).plain()
    after = text.split("nothing below compares with them.", 1)[1]  # the selection's note
    # 28 billion ÷ 8 or ÷ 6 years ÷ 82,350,671 (¥42.5 to ¥56.7), restated over the euro's
    # rates (× 108.7/137.7, × 137.7/108.7): ¥33.6 to ¥71.8
    assert "InnoRegio ≈¥33.6 to ≈¥71.8" in after and "METI Industrial" not in after


def test_the_population_is_an_input(t: dict[str, pd.DataFrame]) -> None:
    """The study divides by the population table it is given (no table is read inside)."""
    people = t["population"].copy()
    japan = (people["country"] == "Japan") & (people["year"] == 2007)
    people.loc[japan, "population"] = JAPAN_2007 // 2
    results = compute.results(inputs(t, population=people), PER_CAPITA)
    meti = results["programme_budgets"].set_index("programme_id").loc[
        "meti_industrial_cluster"]
    assert meti["population"] == JAPAN_2007 // 2
    assert meti["per_capita"] == pytest.approx(540e6 * 120 / (JAPAN_2007 // 2), abs=1e-4)


def test_sensitivity_per_inhabitant_over_the_rates(t: dict[str, pd.DataFrame],
                                                   per_capita: dict[str, pd.DataFrame]) -> None:
    sens = per_capita["budget_sensitivity"]
    per = sens[sens["measure"] == "per_capita"]
    meti = per[per["programme_id"] == "meti_industrial_cluster"].set_index("jpy_per_usd")
    # $540 million at the register's ¥107.5 and ¥120 (conversion:meti-budget), ÷ 127,467,972
    assert meti.loc[107.5, "value"] == pytest.approx(58.05e9 / JAPAN_2007, abs=1e-4)
    assert meti.loc[120, "value"] == pytest.approx(64.8e9 / JAPAN_2007, abs=1e-4)
    assert set(meti["divisor"]) == {JAPAN_2007}
    assert set(meti["divisor_label"]) == {"÷ Japan's population in 2007 (Gapminder)"}
    # yen figures do not move with the rate when the run shows yen
    rda = per[(per["programme_id"] == "uk_rda_clusters") & (per["years_divided_by"] == 1)]
    assert set(rda.loc[rda["restated_by"] == 1, "value"].round(4)) == {
        round(10e9 / UK_2002, 4)}
    assert sorted(set(rda["value"].round(2))) == [
        round(10e9 / UK_2002 * f, 2) for f in (GBP_DOWN, 1, GBP_UP)]
    ranges = per_capita["sensitivity_range"].set_index(["programme_id", "measure"])
    r = ranges.loc[("meti_industrial_cluster", "per_capita")]
    # METI's is an umbrella total (scope:meti-budget): it has no rank
    assert pd.isna(r["rank_best"]) and pd.isna(r["rank_worst"])
    text = findings.sensitivity(per_capita, PER_CAPITA).plain()
    assert "Per inhabitant per year, over the same rates, the figures converted here move: " \
           "METI Industrial Cluster Project ¥455–¥508" in text
    # in yen only METI's figure moves with the rate, and an umbrella total has no place
    assert "Given no place and counted in no other's: METI Industrial Cluster Project " \
           "(umbrella total)" in text
    assert "place per inhabitant" in text or "Per inhabitant, over its own readings" in text
    # the other bases leave the per-inhabitant measure out
    plain = run(t)["budget_sensitivity"]
    assert set(plain["measure"]) == {"annual", "annual_per_unit"}
    theme.set_theme()
    fig = figures.budget_sensitivity(per_capita, PER_CAPITA)
    assert len(fig.axes) == 3
    assert fig.axes[2].get_xlabel() == "Budget per inhabitant per year (¥, log scale)"
    assert "Gapminder" in " ".join(x.get_text() for x in fig.texts)
    assert "Per inhabitant per year" in figures.budget_sensitivity_caption(
        per_capita, PER_CAPITA).plain()
    theme.close_all()


def test_per_capita_figure_and_caption(per_capita: dict[str, pd.DataFrame]) -> None:
    theme.set_theme()
    fig = figures.programme_comparison(per_capita, PER_CAPITA)
    ax = fig.axes[0]
    assert ax.get_xscale() == "log" and not ax.patches  # dots, no bars on a log axis
    assert ax.get_xlabel() == "Budget per inhabitant per year (¥, log scale)"
    labels = "\n".join(x.get_text() for x in ax.get_yticklabels()).replace("\n", " ")
    assert "÷ Japan's population in 2007 (Gapminder; nearest available year to 2005)" in labels
    assert "…" not in labels  # no label cut short
    values = [x.get_text() for x in ax.texts]
    assert "¥455–¥508 (run: ¥508)" in values  # the range over the register's rates
    # BioRegio ÷ 6 or 5 years (period), restated over the euro's rates (as above)
    assert "≈¥19.3–¥37.1 (run: ¥29.3)" in values
    source = " ".join(x.get_text() for x in fig.texts)
    assert "Population: Gapminder, gapminder 0.1: gapminder/gapminder.csv" in source
    plain = figures.programme_comparison_caption(per_capita, PER_CAPITA).plain()
    assert "Values in ¥ per inhabitant per year." in plain
    assert "(data/external/population_source.csv)" in plain
    assert "METI Industrial Cluster Project: US$ as METI 2005 states it; converted here at " \
           "¥120 per US$." in plain
    theme.close_all()


def test_per_head_formats() -> None:
    assert present.fmt_money(508.3634, "JPY") == "¥508"
    assert present.fmt_money(47.2196, "JPY") == "¥47.2"
    assert present.fmt_money(4.2364, "USD") == "US$4.24"
    assert present.fmt_money(0.4131, "USD") == "US$0.413"  # three figures below 1
    assert present.fmt_money(0.4131, "USD", 2) == "US$0.41"
    b = bases.BASES["per_capita"]
    assert b.unit("USD") == "US$" and bases.BASES["annual"].unit("USD") == "million US$"
    assert b.fmt("JPY", approximate=True)(56.668) == "≈¥56.7"


def test_population_rows_and_label(t: dict[str, pd.DataFrame]) -> None:
    people = t["population"]
    df = pd.DataFrame({"country": ["Germany", "Japan", "Japan"],
                       "population_year": pd.array([1997, 2007, None], dtype="Int64")})
    out = pop.with_rows(df, people)
    assert list(out["population_line"].iloc[:2]) == [575, 805]
    assert pd.isna(out["population_line"].iloc[2]) and pd.isna(out["population_file"].iloc[2])
    assert pop.label(out, "population_file") == pop.label(people)
    assert pop.label(people).startswith("population: Gapminder, gapminder 0.1: "
                                        "gapminder/gapminder.csv")


def test_the_per_capita_table_says_which_figure_is_converted_here(
        per_capita: dict[str, pd.DataFrame]) -> None:
    # 001 line 138 states METI's budget in US$ (no rate): beside the yen the documents state
    # (001 line 77, 003 line 55) the table says it is converted here, at the run's rate
    shown = tables.per_capita(per_capita, PER_CAPITA).df.set_index("programme")
    column = "as stated, or converted"
    assert shown.loc["METI Industrial Cluster Project", column] == \
        "METI's US$, converted here at ¥120/US$"
    assert shown.loc["MEXT Knowledge Cluster Initiative", column] == "MEXT's yen"
    assert shown.loc["BioRegio", column] == "METI's conversion to yen (rate not stated)"

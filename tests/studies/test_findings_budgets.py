"""Notebook 01's findings follow the run: executed under papermill with other parameters.

Each run writes its result tables into its own ``output_dir``; every number of every findings
display must equal the cell of the result table it names (``present.check_findings``), and
the text must not keep numbers of another parameter set. Expected values are read from the
documents: ``001`` line 138 ("$540 million ($470 million)"), line 77 (InnoRegio "About 28
billion yen (over six years)", timeframe 1999~(2006) on line 76); populations from
Gapminder's ``gapminder/gapminder.csv`` (Japan 2007: 127,467,972, its line 805).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from frictionless import validate as frictionless_validate

from clusteranalysis import present
from clusteranalysis.metadata.results import RESULTS
from tests.support.runs import NotebookRuns, parameters

NOTEBOOK = "01_budgets.ipynb"
# 001's yen for the euros (line 77) restated over the register's rates
# (conversion:overseas-yen-eur): from ≈137.7 to ≈108.7 JPY per EUR and the reverse
EUR_DOWN, EUR_UP = round(108.7 / 137.7, 6), round(137.7 / 108.7, 6)

#: The runs these tests check: the committed report's three (tests/support/runs.py) and the
#: tests' own variants.
RUNS = ("default", "budgets-usd", "budgets-jpy-110", "other", "usd_total_europe",
        "per_unit_japan_finland", "per_capita_usd", "usd_at_100", "rate_outside_register")


@pytest.fixture(scope="module")
def runs(notebook_runs: NotebookRuns) -> dict[str, tuple[dict[str, Any], Path]]:
    """Each parameter set executed once per session: (notebook JSON, output_dir)."""
    executed = {label: notebook_runs(NOTEBOOK, label) for label in RUNS}
    return {label: (run.json, run.results) for label, run in executed.items()}


def findings(nb: dict[str, Any]) -> list[str]:
    """The findings displays of an executed notebook, as a reader reads them."""
    out = []
    for cell in nb["cells"]:
        for o in cell.get("outputs", []):
            meta = o.get("metadata", {}).get("text/markdown", {})
            if present.METADATA_KEY in meta:
                out.append(meta[present.TEXT_KEY])
    return out


def shown_text(nb: dict[str, Any], skip_tables: tuple[str, ...] = ()) -> str:
    """Everything a reader reads in the notebook: Markdown and code cells' text, and every
    text output (plain, Markdown, HTML), leaving out the HTML tables named in
    ``skip_tables`` (and their plain twins)."""
    parts = []
    for cell in nb["cells"]:
        parts.append("".join(cell["source"]))
        for o in cell.get("outputs", []):
            data = o.get("data", {})
            html = "".join(data.get("text/html", ""))
            if any(f"T_{name}" in html for name in skip_tables):
                continue
            parts += ["".join(o.get("text", "")), html, "".join(data.get("text/markdown", "")),
                      "".join(data.get("text/plain", ""))]
    return "\n".join(parts)


@pytest.mark.parametrize("name", list(RUNS))
def test_every_finding_number_is_its_table_cell(runs: dict[str, Any], name: str) -> None:
    nb, out = runs[name]
    assert len(findings(nb)) == 5  # METI, MEXT, the comparison, the sensitivity, the series
    assert present.check_findings(nb, out) == []
    recorded = sum(len(o["metadata"]["text/markdown"][present.METADATA_KEY])
                   for c in nb["cells"] for o in c.get("outputs", [])
                   if present.METADATA_KEY in o.get("metadata", {}).get("text/markdown", {}))
    assert recorded > 20


@pytest.mark.parametrize("name", list(RUNS))
def test_every_result_csv_has_source_and_line(runs: dict[str, Any], name: str) -> None:
    _, out = runs[name]
    paths = sorted(out.glob("*.csv"))
    assert len(paths) == 10
    for path in paths:
        df = pd.read_csv(path, dtype=str, keep_default_na=False)
        assert {"source", "line"} <= set(df.columns), path.name
        if len(df):
            assert (df["source"] != "").all() and (df["line"] != "").all(), path.name
            files = df["source"].str.split("; ")
            lines = df["line"].str.split("; ")
            assert (files.str.len() == lines.str.len()).all(), path.name  # a group per file
            assert df["line"].str.fullmatch(r"\d+(, \d+)*(; \d+(, \d+)*)*").all(), path.name


@pytest.mark.parametrize("name", list(RUNS))
def test_output_dir_holds_a_valid_datapackage(runs: dict[str, Any], name: str) -> None:
    """Each run describes its tables in a datapackage.json frictionless accepts; an amount
    says its scale and the run's currency."""
    _, out = runs[name]
    report = frictionless_validate(out / "datapackage.json")
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    package = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    resources = {r["name"]: r for r in package["resources"]}
    assert list(resources) == list(RESULTS["01_budgets.ipynb"])
    currency = parameters(NOTEBOOK, name).get("currency", "JPY")
    fields = {f["name"]: f for f in resources["programme_budgets"]["schema"]["fields"]}
    assert fields["total"]["unit"] == f"million {currency}"
    assert fields["per_capita"]["unit"] == f"{currency} per inhabitant per year"
    assert resources["meti_line_items"]["schema"]["primaryKey"] == ["item", "fiscal_year"]


def test_meti_is_stated_in_dollars_and_its_yen_a_range(runs: dict[str, Any]) -> None:
    """001 lines 136-138 state US$540 million and no rate: the headline is the stated
    figure; the yen are a range over the register's rates (conversion:meti-budget: 107.5,
    110, 113.2, 120), whatever rate the run picks; the run's rate is its choice."""
    for name, rate in (("default", "120"), ("budgets-jpy-110", "110")):
        meti = findings(runs[name][0])[0]
        assert "as US$540 million in the FY2005 draft budget and US$470 million in FY2004" \
            in meti
        # 540 × 107.5 = 58,050; 540 × 120 = 64,800 (million yen)
        assert "107.5–120 yen per US$, the FY2005 draft is ¥58.1 billion–¥64.8 billion" in meti
        assert f"the yen below are at ¥{rate} per US$, this run's choice, not METI's" in meti
        assert "METI's budget at ¥120" not in meti and "is ¥64.8 billion in" not in meti
    # a rate outside the register's: 540 × 150 = 81,000 million yen, never METI's headline
    assert "¥81.0 billion" not in findings(runs["rate_outside_register"][0])[0]


def test_innoregio_has_one_annual_figure_throughout(runs: dict[str, Any]) -> None:
    """001 line 77: about ¥28 billion "over six years" is ¥4,667 million a year, the run's
    choice in every table; the register's other period readings (period:de-innoregio:
    ÷ 8 years, ¥3,500 million; ÷ 7, ¥4,000 million) and the yen restated over the euro's
    rates (conversion:overseas-yen-eur) make its range, never a 1.00×."""
    nb, out = runs["default"]
    annual = 28_000 / 6
    text = shown_text(nb)
    assert "4,667" in text and "≈¥4.7 billion" in text
    # 3,500 × 108.7/137.7 = 2,763 to 4,667 × 137.7/108.7 = 5,912
    assert "InnoRegio ≈¥2.8 billion to ≈¥5.9 billion (the run's choice ≈¥4.7 billion" in text
    ranges = pd.read_csv(out / "sensitivity_range.csv").set_index(["programme_id", "measure"])
    inno = ranges.loc[("de_innoregio", "annual")]
    assert inno["period_low"] == 3500
    assert inno["low"] == pytest.approx(3500 * EUR_DOWN, abs=1e-3)
    assert inno["high_over_low"] == pytest.approx(8 / 6 * EUR_UP / EUR_DOWN, abs=1e-4)
    values = []
    for path in sorted(out.glob("*.csv")):
        df = pd.read_csv(path)
        if "programme_id" not in df.columns:
            continue
        inno = df[df["programme_id"] == "de_innoregio"]
        if "annual" in df.columns:
            values += list(inno["annual"])
        if path.stem == "programme_comparison":
            values += list(inno["value"])
        if path.stem == "budget_sensitivity":
            values += list(inno.loc[(inno["measure"] == "annual") & inno["headline"], "value"])
            assert set(inno.loc[inno["headline"], "restated_by"]) == {1}
        if path.stem == "sensitivity_range":
            values += list(inno.loc[inno["measure"] == "annual", "headline"])
    assert len(values) >= 5
    assert values == pytest.approx([annual] * len(values), abs=1e-3)
    # the sensitivity names the period readings' part of the range on its own
    assert "InnoRegio ≈¥3.5 billion to ≈¥4.7 billion" in findings(nb)[3]


def test_a_filter_says_what_it_left_out(runs: dict[str, Any]) -> None:
    nb, out = runs["usd_total_europe"]
    _, _, comparison, sensitivity, _ = findings(nb)
    assert ("This run's countries selection leaves out METI Industrial Cluster Project "
            "(Japan); MEXT Knowledge Cluster Initiative (Japan)") in comparison
    assert "French competitiveness clusters" in comparison  # left out too
    # on the total basis one-year figures and multi-year totals are ranked apart
    assert "Among the one-year figures, UK clusters devised by Regional Development " \
           "Agencies is the only programme with a figure" in comparison
    # 001 line 77: about 28 billion yen at the run's ¥120 per dollar: US$233 million, a
    # range over jpy_per_usd_range ¥105-125 (the register judges no yen-to-dollar rate),
    # the yen restated over the euro's rates: 28,000 / 125 × 108.7/137.7 = 176.8 to
    # 28,000 / 105 × 137.7/108.7 = 337.8
    assert "InnoRegio ≈US$177 million to ≈US$338 million (the run's choice ≈US$233 million" \
        in comparison
    after = comparison.split("nothing below compares with them.", 1)[1]
    assert "METI Industrial" not in after and "MEXT" not in after
    assert "over ¥105–125 per US$" in sensitivity
    assert "The ranks below are among this run's selection only; it leaves out METI" \
        in sensitivity
    table = pd.read_csv(out / "programme_comparison.csv")
    assert set(table["country"]) == {"Germany", "United Kingdom"}
    assert set(table["basis"]) == {"total"}


def test_per_unit_run_states_its_divisors(runs: dict[str, Any]) -> None:
    nb, out = runs["per_unit_japan_finland"]
    comparison = findings(nb)[2]
    # 001 line 101 (19 projects), line 138 ($540 million at ¥110 = ¥59.4 billion)
    # ÷ 19 (001 line 101), over the register's rates: 58,050 / 19 to 64,800 / 19; the run's
    # ¥110 is one of them (a MEXT deck of 2005)
    assert "METI Industrial Cluster Project ¥3.1 billion to ¥3.4 billion (the run's choice " \
           "¥3.1 billion; FY2005 draft budget ÷ 19 projects (phase I)" in comparison
    assert "÷ 22 areas" in comparison  # 001 line 78
    assert "leaves out" in comparison and "InnoRegio (Germany)" in comparison
    head = pd.read_csv(out / "programme_comparison.csv")
    assert set(head["basis"]) == {"annual_per_unit"}
    # 003 line 56: 500 million yen for each cluster, each FY (5 years as a total): FY2002-
    # FY2006 by period:kc-per-cluster (no conversion in yen)
    assert re.search(r"MEXT Knowledge Cluster Initiative ¥500 million to ¥800 million \(the run's "
                     r"choice ¥500 million; FY2002–2006, stated per cluster per fiscal year; "
                     r"per-cluster subsidy\)", comparison)


def test_per_capita_run_in_dollars(runs: dict[str, Any]) -> None:
    nb, out = runs["per_capita_usd"]
    comparison = findings(nb)[2]
    # 001 line 138: US$540 million ÷ Japan's 127,467,972 people in 2007 = US$4.24 a head
    assert comparison.startswith("Findings: budget per inhabitant per year. In US$ per "
                                 "inhabitant per year")
    # stated in dollars: no conversion, no range; an umbrella total, not ranked
    assert "METI Industrial Cluster Project US$4.24 (the run's choice US$4.24; FY2005 draft " \
           "budget ÷ Japan's population in 2007" in comparison
    assert re.search(r"METI Industrial Cluster Project[^.]*?: an umbrella total(, or a "
                     r"figure the register allows to be one)?, not ranked", comparison)
    head = pd.read_csv(out / "programme_comparison.csv")
    assert set(head["basis"]) == {"per_capita"}
    meti = head.set_index("programme_id").loc["meti_industrial_cluster"]
    assert meti["value"] == pytest.approx(540e6 / 127_467_972, abs=1e-4)
    assert (meti["population_year"], meti["population_line"]) == (2007, 805)
    # the yen prose of the default run is nowhere: ¥508 a head is the yen figure
    assert "¥508" not in json.dumps(nb, ensure_ascii=False)


def test_usd_at_100_shows_mext_as_stated(runs: dict[str, Any]) -> None:
    """003 lines 55-56: ¥6 billion "approximately US $ 50 M" and ¥500 million "approximately
    US $ 4.2 M", at its own ¥120 (line 59): MEXT's section in a run at ¥100 per US$ shows
    those dollars, not the run's conversion (US$60 million, US$5 million)."""
    mext = findings(runs["usd_at_100"][0])[1]
    assert "has ¥6.0 billion for FY2002, one fiscal year, and ¥500 million for each cluster" \
        in mext
    assert "In USD at ¥120 per US$ (the document's own rate, whatever the run's rate; the " \
           "programme comparison converts at the run's, as it does every programme), they " \
           "are US$50 million and US$4.17 million; the document rounds its own dollars" in mext
    assert "US$50 million (national budget) and US$4.2 million (per cluster), each " \
           "approximately, as stated" in mext
    assert "has US$60 million" not in mext and "states US$5 million" not in mext


@pytest.mark.parametrize("name", ["default", "usd_at_100"])
def test_ten_areas_leave_a_billion(runs: dict[str, Any], name: str) -> None:
    """003 lines 47, 55-56: 10 areas × ¥500 million = ¥5 billion of ¥6 billion: ¥1.0
    billion (16.7 %) unaccounted for on that reading; the register uses the 12 parts."""
    nb, out = runs[name]
    mext = findings(nb)[1]
    assert "neither reading leaves money unaccounted for" not in mext
    assert "the register reads the smaller parts (divisor:kc-national-budget)" in mext
    gap = "US$8.33 million" if name == "usd_at_100" else "¥1.0 billion"  # ¥1bn at ¥120
    assert f"leaving {gap} (16.7 %) of it not accounted for" in mext
    kc = pd.read_csv(out / "knowledge_cluster.csv").set_index("measure")
    row = kc.loc["national budget not accounted for by areas × budget per cluster"]
    assert row["value_stated_currency"] == 1000  # million yen, as stated, in any currency


def _short(name: str) -> str:
    return re.sub(r"\s*\(.*\)$", "", name)


@pytest.mark.parametrize("name", list(RUNS))
def test_orders_only_where_ranges_do_not_overlap(runs: dict[str, Any], name: str) -> None:
    """Every 'A above B' of the comparison's findings has A's lowest above B's highest in
    yen in the run's sensitivity_range.csv, every 'cannot be ordered' overlapping ranges;
    METI's umbrella total is in no ordering."""
    nb, out = runs[name]
    comparison = findings(nb)[2]
    basis = parameters(NOTEBOOK, name).get("basis", "annual")
    ranges = pd.read_csv(out / "sensitivity_range.csv")
    ranges = ranges[ranges["measure"] == basis]
    by_name = {_short(p): r for p, (_, r) in zip(ranges["programme"], ranges.iterrows(),
                                                   strict=True)}
    names = "|".join(re.escape(n) for n in sorted(by_name, key=len, reverse=True))
    above = re.findall(rf"({names}) above ({names}) \((?:in yen, so that the currency "
                       rf"shown does not decide it: )?its lowest", comparison)
    cannot = re.findall(rf"({names}) and ({names}) cannot be ordered by the documents' "
                        rf"figures: their ranges (?:in yen )?overlap", comparison)
    part = re.findall(rf"({names}) and ({names}) cannot be ordered by the documents' "
                      rf"figures: ({names})'s figure is a part of a total", comparison)
    for a, b in above:
        assert by_name[a]["low_jpy"] > by_name[b]["high_jpy"], (a, b)
        assert by_name[b]["scope"] != "part of a total", (a, b)  # its whole may be larger
    for a, b in cannot:
        ra, rb = by_name[a], by_name[b]
        assert ra["low_jpy"] <= rb["high_jpy"] and rb["low_jpy"] <= ra["high_jpy"], (a, b)
    for a, b, which in part:
        assert by_name[which]["scope"] == "part of a total" and which in (a, b)
    # 001 line 77: Finland's "About 2.8 billion yen (total amount of basic government fund)"
    # is the basic fund only, so no programme is put above it
    fi = [p for p in by_name if p.startswith("Finnish Centres")]
    if fi and by_name[fi[0]]["scope"] == "part of a total":
        assert not any(b == fi[0] for _, b in above)
    for a, b in above + cannot + [(x, y) for x, y, _ in part]:
        # no umbrella total in an ordering, nor a figure the register allows to be one
        # (scope:uk-rda: the RDAs' allocation of 001 line 77)
        for r in (by_name[a], by_name[b]):
            assert "umbrella total" not in str(r["scope_allowed"]).split("; "), (a, b)
    # an umbrella total or a part of a total, used or allowed, has no place, and no other's
    # place counts it
    allowed = ranges["scope_allowed"].fillna("").str.split("; ")
    umbrella = ranges[allowed.map(lambda s: bool({"umbrella total", "part of a total"} & set(s)))]
    assert umbrella["rank"].isna().all() and umbrella["rank_best"].isna().all()
    comparison_table = pd.read_csv(out / "programme_comparison.csv")
    assert comparison_table.loc[comparison_table["programme_id"].isin(
        umbrella["programme_id"]), "rank"].isna().all()
    if "meti_industrial_cluster" in set(ranges["programme_id"]) and \
            ranges["programme_id"].nunique() > 1:
        assert re.search(r"METI Industrial Cluster Project[^.]*?: an umbrella total(, or a "
                         r"figure the register allows to be one)?, not ranked", comparison)


@pytest.mark.parametrize("name", list(RUNS))
def test_findings_rest_on_the_register(runs: dict[str, Any], name: str,
                                       t: dict[str, pd.DataFrame]) -> None:
    """Each findings paragraph records the register's judgements it rests on; the notebook
    ends with the table "Judgements this study rests on", which states the register row by
    row and shows exactly those ids."""
    nb, _ = runs[name]
    recorded: list[str] = []
    for cell in nb["cells"]:
        for o in cell.get("outputs", []):
            meta = o.get("metadata", {}).get("text/markdown", {})
            if present.METADATA_KEY in meta:
                assert meta.get("judgements"), "a paragraph without its judgements"
                recorded += meta["judgements"]
    known = set(t["judgements"]["judgement_id"])
    assert set(recorded) <= known
    assert present.check_judgements(nb, t["judgements"]) == []
    last = nb["cells"][-1]["outputs"][0]
    shown = [r["judgement_id"] for r in last["metadata"][present.judgements.METADATA_KEY]]
    assert shown == list(dict.fromkeys(recorded))
    assert "Judgements this study rests on" in "".join(last["data"]["text/plain"])
    if not parameters(NOTEBOOK, name).get("countries"):
        assert {"conversion:meti-budget", "divisor:kc-national-budget",
                "period:de-innoregio"} <= set(shown)


def test_a_rate_outside_the_register_is_the_run_s_choice(runs: dict[str, Any]) -> None:
    """At ¥150 per US$ (no reading of conversion:meti-budget) METI's yen are still the
    register's range; the run's ¥81.0 billion (540 × 150) is labelled its choice, outside."""
    nb, out = runs["rate_outside_register"]
    meti, _, _, sensitivity, _ = findings(nb)
    assert "the FY2005 draft is ¥58.1 billion–¥64.8 billion; the yen below are at ¥150 per " \
           "US$, this run's choice, not METI's" in meti
    assert "This run's rate is not one of the register's readings for METI Industrial " \
           "Cluster Project's conversion: its annual figure at that rate, ¥81.0 billion, is " \
           "the run's choice, shown beside the range, not in it." in sensitivity
    ranges = pd.read_csv(out / "sensitivity_range.csv").set_index(["programme_id", "measure"])
    assert not ranges.loc[("meti_industrial_cluster", "annual"), "run_in_range"]


def test_the_currency_shown_changes_no_order(runs: dict[str, Any]) -> None:
    """A dollar run orders the programmes as the yen run does: two yen figures converted at
    one rate move alike. MEXT's ¥6 billion for FY2002 (003 line 55) is one year's budget,
    InnoRegio's about 28 billion yen over six years (001 line 77) an average: never ordered
    against each other; the MNT network's about 18 billion
    yen (¥3.0 billion a year) and BioRegio's about 12 billion over five (¥2.4 billion)
    overlap once restated (3,000 × 190.9/201.9 = 2,837 < 2,400 × 137.7/108.7 = 3,040), in
    whatever currency the run shows them."""
    def orders(name: str) -> list[str]:
        text = findings(runs[name][0])[2]
        pairs = re.search(r"next to next: (.*?)\.(?: No figure| The figures|$)", text)
        assert pairs, text
        return [re.sub(r" \((?:in yen|its lowest).*", "", p).replace(" in yen", "")
                for p in pairs.group(1).split("; ")]

    assert orders("usd_at_100") == orders("default")
    shown = orders("usd_at_100")
    assert "MEXT Knowledge Cluster Initiative and InnoRegio cannot be ordered by the " \
           "documents' figures: MEXT Knowledge Cluster Initiative's is one year's, " \
           "InnoRegio's an average over several years, which no one year of it need equal" \
           in shown
    assert "UK Micro- and Nanotechnology (MNT) Network and BioRegio cannot be ordered by the " \
           "documents' figures: their ranges overlap" in shown

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
from tests.support.runs import RUNS as ALL_RUNS
from tests.support.runs import NotebookRuns

NOTEBOOK = "01_budgets.ipynb"

#: The runs of tests/support/runs.py these tests check.
RUNS = ("default", "yen_at_100", "usd_total_europe", "per_unit_japan_finland", "per_capita_usd")


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
    assert len(findings(nb)) == 4  # METI, MEXT, the comparison, the sensitivity
    assert present.check_findings(nb, out) == []
    recorded = sum(len(o["metadata"]["text/markdown"][present.METADATA_KEY])
                   for c in nb["cells"] for o in c.get("outputs", [])
                   if present.METADATA_KEY in o.get("metadata", {}).get("text/markdown", {}))
    assert recorded > 20


@pytest.mark.parametrize("name", list(RUNS))
def test_every_result_csv_has_source_and_line(runs: dict[str, Any], name: str) -> None:
    _, out = runs[name]
    paths = sorted(out.glob("*.csv"))
    assert len(paths) == 9
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
    currency = ALL_RUNS[NOTEBOOK][name].get("currency", "JPY")
    fields = {f["name"]: f for f in resources["programme_budgets"]["schema"]["fields"]}
    assert fields["total"]["unit"] == f"million {currency}"
    assert fields["per_capita"]["unit"] == f"{currency} per inhabitant per year"
    assert resources["meti_line_items"]["schema"]["primaryKey"] == ["item", "fiscal_year"]


def test_yen_at_100_says_54_and_never_64_8(runs: dict[str, Any]) -> None:
    nb, _ = runs["yen_at_100"]
    meti = findings(nb)[0]
    # 001 line 138: $540 million at ¥100 per dollar = ¥54.0 billion
    assert "is ¥54.0 billion in the FY2005 draft request" in meti
    assert "this run converts at ¥100 per US$" in meti
    assert "64.8" not in json.dumps(nb, ensure_ascii=False)
    default, _ = runs["default"]
    assert "is ¥64.8 billion in the FY2005 draft request" in findings(default)[0]


def test_innoregio_has_one_annual_figure_throughout(runs: dict[str, Any]) -> None:
    """001 line 77: about ¥28 billion "over six years" is ¥4,667 million a year; the other
    reading (÷ the eight years of 1999~(2006): ¥3,500 million) is in the readings table only."""
    nb, out = runs["default"]
    annual = 28_000 / 6
    text = shown_text(nb, skip_tables=("annual_readings",))
    assert "4,667" in text and "≈¥4.7 billion" in text
    for other in ("3,500", "3.5 billion"):
        assert other not in text
    assert "3,500" in shown_text(nb)  # shown, once, as the reading not used
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
            values += list(inno.loc[inno["measure"] == "annual", "value"])
        if path.stem == "sensitivity_range":
            values += list(inno.loc[inno["measure"] == "annual", "headline"])
    assert len(values) >= 6
    assert values == pytest.approx([annual] * len(values), abs=1e-3)
    assert sum("InnoRegio ≈¥4.7 billion" in f for f in findings(nb)) == 1


def test_a_filter_says_what_it_left_out(runs: dict[str, Any]) -> None:
    nb, out = runs["usd_total_europe"]
    _, _, comparison, sensitivity = findings(nb)
    assert ("This run's countries selection leaves out METI Industrial Cluster Project "
            "(Japan); MEXT Knowledge Cluster Initiative (Japan)") in comparison
    assert "French competitiveness clusters" in comparison  # left out too
    # on the total basis one-year figures and multi-year totals are ranked apart
    assert "Among the one-year figures, UK clusters devised by Regional Development " \
           "Agencies is the only programme with a figure" in comparison
    # 001 line 77: about 28 billion yen at the run's ¥120 per dollar: US$233 million
    assert "Among the multi-year totals, the largest is InnoRegio: ≈US$233 million" in comparison
    after = comparison.split("nothing below compares with them.", 1)[1]
    assert "METI Industrial" not in after and "MEXT" not in after
    assert "Over ¥105–125 per US$" in sensitivity
    assert "The ranks below are among this run's selection only; it leaves out METI" \
        in sensitivity
    table = pd.read_csv(out / "programme_comparison.csv")
    assert set(table["country"]) == {"Germany", "United Kingdom"}
    assert set(table["basis"]) == {"total"}


def test_per_unit_run_states_its_divisors(runs: dict[str, Any]) -> None:
    nb, out = runs["per_unit_japan_finland"]
    comparison = findings(nb)[2]
    # 001 line 101 (19 projects), line 138 ($540 million at ¥110 = ¥59.4 billion)
    assert "The largest is METI Industrial Cluster Project: ¥3.1 billion (FY2005 draft " \
           "budget request ÷ 19 projects (phase I)" in comparison
    assert "÷ 22 areas" in comparison  # 001 line 78
    assert "leaves out" in comparison and "InnoRegio (Germany)" in comparison
    head = pd.read_csv(out / "programme_comparison.csv")
    assert set(head["basis"]) == {"annual_per_unit"}
    # 003 line 56: 500 million yen for each cluster, each FY (no conversion in yen)
    assert re.search(r"the next, MEXT Knowledge Cluster Initiative: ¥500 million \(FY2002, "
                     r"stated per cluster per fiscal year\)", comparison)


def test_per_capita_run_in_dollars(runs: dict[str, Any]) -> None:
    nb, out = runs["per_capita_usd"]
    comparison = findings(nb)[2]
    # 001 line 138: US$540 million ÷ Japan's 127,467,972 people in 2007 = US$4.24 a head
    assert comparison.startswith("Findings: budget per inhabitant per year. In US$ per "
                                 "inhabitant per year")
    assert "The largest is METI Industrial Cluster Project: US$4.24 (FY2005 draft budget " \
           "request ÷ Japan's population in 2007" in comparison
    assert "million" not in comparison.split("The largest", 1)[1].split(")", 1)[0]
    head = pd.read_csv(out / "programme_comparison.csv")
    assert set(head["basis"]) == {"per_capita"}
    meti = head.set_index("programme_id").loc["meti_industrial_cluster"]
    assert meti["value"] == pytest.approx(540e6 / 127_467_972, abs=1e-4)
    assert (meti["population_year"], meti["population_line"]) == (2007, 805)
    # the yen prose of the default run is nowhere: ¥508 a head is the yen figure
    assert "¥508" not in json.dumps(nb, ensure_ascii=False)

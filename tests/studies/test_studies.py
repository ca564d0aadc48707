"""The study computations behind the notebooks, checked against the documents.

Every expected value here was read from the raw documents in ``data/raw`` (file and line in
the comment), not from the code's output: the METI budget slide of 001, MEXT's outline 003,
the phase II list of 002, the timelines of 001, 003 and 004.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import pandas as pd
import pytest

import clusteranalysis as ca
from clusteranalysis import studies
from clusteranalysis.errors import ParameterError
from clusteranalysis.present import figures
from clusteranalysis.studies import params
from clusteranalysis.studies import participants as sp
from clusteranalysis.studies import timelines as st
from clusteranalysis.studies.budgets import figures as budget_figures
from tests.support.budgets import parameters
from tests.support.budgets import run as run_budgets

#: 03_timelines' default parameters (the window and selection its results need).
TIMELINE_DEFAULTS = {"start_year": 1970, "end_year": 2020, "countries": None, "kinds": None}


@pytest.fixture(scope="module")
def t() -> dict[str, pd.DataFrame]:
    """Every processed table, loaded once."""
    return {name: ca.load(name) for name in ca.tables()}


def row(df: pd.DataFrame, column: str, value: object) -> pd.Series:
    """The one row of ``df`` whose ``column`` equals ``value``."""
    hits = df[df[column] == value]
    assert len(hits) == 1, f"{len(hits)} rows with {column} == {value!r}"
    return hits.iloc[0]


# --------------------------------------------------------------------------- parameters


def test_check_parameters_accepts_defaults_and_names_the_bad_one() -> None:
    ns = {"currency": "JPY", "jpy_per_usd": 120, "jpy_per_usd_range": [100, 130],
          "basis": "annual", "countries": None, "output_dir": None, "In": [], "other": 1}
    assert studies.check_parameters("01_budgets.ipynb", ns)["currency"] == "JPY"
    with pytest.raises(ParameterError, match="currency must be one of JPY, USD"):
        studies.check_parameters("01_budgets.ipynb", {**ns, "currency": "XYZ"})
    with pytest.raises(ParameterError, match="missing parameter 'jpy_per_usd'"):
        studies.check_parameters("01_budgets.ipynb", {"currency": "JPY"})


def test_write_tables_writes_sorted_csv_with_unix_line_ends(tmp_path: Path) -> None:
    df = pd.DataFrame({"a": [1, 2], "b": ["x", "y"]})
    assert studies.write_tables(None, {"t": df}) == []
    (path,) = studies.write_tables(tmp_path / "out", {"t": df})
    assert path.read_bytes() == b"a,b\n1,x\n2,y\n"


# --------------------------------------------------------------------------- budgets
# The budgets study (notebook 01) is tested in tests/studies/test_budgets_study.py.


# ------------------------------------------------- participants, timelines: see their modules
# tests/studies/test_participants_study.py and tests/studies/test_timelines_study.py


# --------------------------------------------------------------------------- figures


def test_wrap_label_keeps_words_and_counts_wide_characters() -> None:
    assert figures.wrap_label("short") == "short"
    wrapped = figures.wrap_label("Law for Comprehensive Development of Regional Core Cities",
                                 20)
    assert all(len(line) <= 20 for line in wrapped.split("\n"))
    assert "Comprehensive" in wrapped.split("\n")[0] + wrapped.split("\n")[1]
    ja = figures.wrap_label("九州地域環境・リサイクル産業交流プラザ(K-RIP)", 20)
    assert all(figures.display_width(line) <= 20 for line in ja.split("\n"))
    assert "(K-RIP)" in ja  # a narrow-character word is not split
    assert figures.wrap_label("word " * 40, 10, max_lines=2).endswith("…")
    assert figures.short_label("Industrial cluster policy 1st term (Industrial cluster's "
                               "starting term)", 40) == "Industrial cluster policy 1st term"


def _draw_all(t: dict[str, pd.DataFrame]) -> list:
    per_unit = parameters(basis="annual_per_unit")
    budgets = run_budgets(t, **per_unit)
    timelines = st.compute.results(t, TIMELINE_DEFAULTS)
    p2_parameters = {**params.defaults(sp.NOTEBOOK), "phase": "both", "by": "field"}
    results = sp.compute.results({name: t[name] for name in sp.INPUTS}, p2_parameters)
    return [
        ("meti", budget_figures.meti_line_items(budgets, per_unit)),
        ("programmes", budget_figures.programme_comparison(budgets, per_unit)),
        ("sensitivity", budget_figures.budget_sensitivity(budgets, per_unit)),
        ("projects", sp.figures.projects(results, p2_parameters)),
        ("groups", sp.figures.groups(results, p2_parameters, t)),
        ("gantt", st.figures.gantt(timelines, TIMELINE_DEFAULTS)),
        ("events", st.figures.events(timelines, TIMELINE_DEFAULTS)),
    ]


def test_figures_render_japanese_without_missing_glyphs(t: dict[str, pd.DataFrame],
                                                        tmp_path: Path) -> None:
    figures.set_theme()
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # "Glyph ... missing from font(s)" is a UserWarning
        drawn = _draw_all(t)
        for name, fig in drawn:
            figures.save_figure(fig, tmp_path, name)
    for name, fig in drawn:
        ax = fig.axes[0]
        assert ax.get_title(loc="left") or ax.get_title(), name
        texts = [x.get_text() for x in fig.texts]
        assert any(x.startswith("Source") for x in texts), name
    labels = " ".join(x.get_text() for x in drawn[3][1].axes[0].get_yticklabels())
    assert "地域産業活性化プロジェクト" in labels
    figures.close_all()


def test_save_figure_is_byte_stable(t: dict[str, pd.DataFrame], tmp_path: Path) -> None:
    figures.set_theme()
    outs = []
    for run in ("a", "b"):
        parameters = params.defaults(sp.NOTEBOOK)
        results = sp.compute.results({name: t[name] for name in sp.INPUTS}, parameters)
        fig = sp.figures.national_totals(results, parameters)
        outs.append(figures.save_figure(fig, tmp_path / run, "rec"))
        figures.close_all()
    (png_a, svg_a), (png_b, svg_b) = outs
    assert png_a.read_bytes() == png_b.read_bytes()
    assert svg_a.read_bytes() == svg_b.read_bytes()
    assert b"Software" not in png_a.read_bytes()
    assert b"<dc:date>" not in svg_a.read_bytes()
    assert figures.save_figure(fig, None, "rec") == []


def test_empty_selections_still_draw(t: dict[str, pd.DataFrame]) -> None:
    figures.set_theme()
    window = {**TIMELINE_DEFAULTS, "start_year": 1900, "end_year": 1950}
    none = st.compute.results(t, window)
    for fig in (st.figures.gantt(none, window), st.figures.overlaps(none, window),
                st.figures.events(none, window)):
        assert "Nothing" in fig.axes[0].texts[0].get_text() or "No " in \
            fig.axes[0].texts[0].get_text()
    france = parameters(countries=["France"])
    fig = budget_figures.programme_comparison(run_budgets(t, **france), france)
    assert "no budget figure" in fig.axes[0].texts[0].get_text()
    figures.close_all()

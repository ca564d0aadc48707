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
from clusteranalysis import figures, studies
from clusteranalysis.errors import ParameterError
from clusteranalysis.studies import budgets as sb
from clusteranalysis.studies import participants as sp
from clusteranalysis.studies import timelines as st


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
    ns = {"currency": "JPY", "jpy_per_usd": 120, "basis": "annual", "countries": None,
          "output_dir": None, "In": [], "other": 1}
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


def test_meti_totals_as_stated(t: dict[str, pd.DataFrame]) -> None:
    # 001 line 138: "$540 million ($470 million)"
    assert sb.meti_stated_totals(t["budgets"], "USD") == {2004: 470.0, 2005: 540.0}


def test_meti_line_items_growth_and_shares(t: dict[str, pd.DataFrame]) -> None:
    items = sb.meti_line_items(t["budgets"], "USD", 120)
    assert len(items) == 7  # 001 lines 142-180: seven tools
    networks = row(items, "item", "Forming networks to promote Industrial Cluster Projects")
    # 001 line 142: $19 million ($6.5 million): (19 - 6.5) / 6.5 = +192.3 %
    assert (networks["fy2004"], networks["fy2005"]) == (6.5, 19.0)
    assert networks["growth_pct"] == 192.3
    consortium = row(items, "item", "Local new consortium research-and-development enterprise")
    # 001 line 158: $131 million of $540 million = 24.3 %; $110 of $470 = 23.4 %
    assert consortium["share_fy2005_pct"] == 24.3
    assert consortium["share_fy2004_pct"] == 23.4
    new = items[items["is_new"]]
    # 001 lines 146 and 150: "(new)", $5.0 and $0.8 million, no FY2004 figure
    assert sorted(new["fy2005"]) == [0.8, 5.0]
    assert new["fy2004"].isna().all() and new["growth_pct"].isna().all()


def test_meti_summary_listed_items_explain_under_half(t: dict[str, pd.DataFrame]) -> None:
    s = sb.meti_summary(t["budgets"], "USD", 120).set_index("measure")
    # 001 lines 142-180: 19 + 5.0 + 0.8 + 131 + 61 + 22 + 1.2 = 240.0 (FY2005),
    # 6.5 + 110 + 59 + 22 + 0.8 = 198.3 (FY2004)
    assert s.loc["listed line items (sum)", "fy2005"] == pytest.approx(240.0)
    assert s.loc["listed line items (sum)", "fy2004"] == pytest.approx(198.3)
    assert s.loc["stated national total", "growth_pct"] == 14.9  # 540 / 470 - 1
    # 240 / 540 = 44.4 %, 198.3 / 470 = 42.2 %
    share = "share of the stated total the listed items explain"
    assert (s.loc[share, "fy2004"], s.loc[share, "fy2005"]) == (42.2, 44.4)
    assert s.loc["items new in FY2005", "fy2005"] == pytest.approx(5.8)  # 5.0 + 0.8


def test_conversion_uses_only_the_rate_given(t: dict[str, pd.DataFrame]) -> None:
    # $540 million at ¥120 = ¥64,800 million; at ¥100 = ¥54,000 million
    assert sb.meti_stated_totals(t["budgets"], "JPY", 120)[2005] == pytest.approx(64_800)
    assert sb.meti_stated_totals(t["budgets"], "JPY", 100)[2005] == pytest.approx(54_000)
    with pytest.raises(ValueError, match="only JPY and USD"):
        sb.to_currency(pd.Series([1.0]), pd.Series(["GBP"]), "JPY", 120)
    with pytest.raises(ValueError, match="currency must be one of JPY, USD"):
        sb.to_currency(pd.Series([1.0]), pd.Series(["JPY"]), "EUR", 120)


def test_stated_rate_is_mext_120(t: dict[str, pd.DataFrame]) -> None:
    assert sb.stated_rate(t["exchange_rates"]) == 120.0  # 003 line 59: US$1 = £1 = ¥120


def test_knowledge_cluster_national_and_per_cluster(t: dict[str, pd.DataFrame]) -> None:
    kc = sb.knowledge_cluster(t["budgets"], t["participants"], t["reconciliation"], "JPY",
                              120).set_index("measure")["value"]
    assert kc["national budget, FY2002"] == 6000  # 003 line 55: 6 billion yen
    assert kc["budget per cluster per fiscal year (stated)"] == 500  # line 56
    assert kc["clusters (areas) appointed, FY2002"] == 10  # line 47: 10 areas
    assert kc["smaller parts of those areas"] == 12  # line 47: 12 smaller parts
    assert kc["budget per cluster over the 5 years (stated × 5)"] == 2500  # "5 years"
    assert kc["clusters × budget per cluster, per year"] == 5000
    assert kc["share of the national budget the clusters' budgets explain"] == pytest.approx(
        83.3333, abs=1e-3)
    # the document's own dollar figures, line 55-56: US$ 50 M and US$ 4.2 M
    assert kc["national budget in US$ as the document states it"] == 50
    assert kc["per cluster in US$ as the document states it"] == 4.2
    usd = sb.knowledge_cluster(t["budgets"], t["participants"], t["reconciliation"], "USD",
                               120).set_index("measure")["value"]
    assert usd["national budget, FY2002"] == 50  # 6,000 / 120
    assert usd["budget per cluster per fiscal year (stated)"] == pytest.approx(4.1667)


def test_stated_vs_parts(t: dict[str, pd.DataFrame]) -> None:
    p = sb.stated_vs_parts(t["budgets"], t["participants"], "USD", 120)
    # 003 line 47 "10 areas (consisting of 12 smaller parts)"; lines 55-56: ¥6 billion and
    # ¥500 million each: 10 × 500 = 5,000 (83.3 %), 12 × 500 = 6,000 (100 %)
    assert list(p["explained_pct"]) == [42.2, 44.4, 83.3, 100.0]
    assert list(p["n_parts"]) == [5, 7, 10, 12]


@pytest.fixture(scope="module")
def programmes_jpy(t: dict[str, pd.DataFrame]) -> pd.DataFrame:
    return sb.programme_budgets(t["budgets"], t["participants"], t["programmes"], "JPY", 120)


def test_programme_budgets_annual_and_per_area(programmes_jpy: pd.DataFrame) -> None:
    p = programmes_jpy.set_index("programme_id")
    # 001 lines 76-78: InnoRegio 1999~(2006), about 28 billion yen over six years, 23 areas
    assert p.loc["de_innoregio", "annual"] == pytest.approx(28_000 / 6, abs=1e-3)
    assert p.loc["de_innoregio", "per_unit_annual"] == pytest.approx(28_000 / 6 / 23, abs=1e-3)
    assert p.loc["de_innoregio", "annual_over_timeframe"] == 3500  # 28,000 / 8 years
    # BioRegio 1996~2001, about 12 billion yen over five years, 3 special + 14 other areas
    assert p.loc["de_bioregio", "annual"] == 2400
    assert p.loc["de_bioregio", "funded_units"] == 17
    assert p.loc["de_bioregio", "per_unit_annual"] == pytest.approx(2400 / 17, abs=1e-3)
    # Finland 1994~(2004), about 2.8 billion yen (no years stated: 11 calendar years), 22 areas
    assert p.loc["fi_centres_of_expertise", "period_years"] == 11
    assert p.loc["fi_centres_of_expertise", "annual"] == pytest.approx(2800 / 11, abs=1e-3)
    assert p.loc["fi_centres_of_expertise", "funded_units"] == 22
    # UK RDA: 10 billion yen allocated in 2001, RDAs in 12 locations
    assert p.loc["uk_rda_clusters", "annual"] == 10_000
    assert p.loc["uk_rda_clusters", "per_unit_annual"] == pytest.approx(10_000 / 12, abs=1e-3)


def test_programme_budgets_never_invent_a_figure(programmes_jpy: pd.DataFrame) -> None:
    p = programmes_jpy.set_index("programme_id")
    # UK MNT: about 18 billion yen over six years, but "Whole country": no per-area figure
    assert p.loc["uk_mnt_network", "annual"] == 3000
    assert pd.isna(p.loc["uk_mnt_network", "per_unit_annual"])
    assert p.loc["uk_mnt_network", "per_unit_basis"] == "not applicable"
    # France (000 line 9): 71 clusters, no budget anywhere in the documents
    assert pd.isna(p.loc["fr_poles_de_competitivite", "total"])
    assert p.loc["fr_poles_de_competitivite", "funded_units"] == 71
    assert p.loc["fr_poles_de_competitivite", "note"] == "no budget figure in the documents"


def test_japanese_programmes_beside_the_others(programmes_jpy: pd.DataFrame) -> None:
    p = programmes_jpy.set_index("programme_id")
    # METI: the FY2005 draft, $540 million, 19 phase I projects (001 lines 101, 138)
    assert p.loc["meti_industrial_cluster", "status"] == "draft"
    assert p.loc["meti_industrial_cluster", "stated_amount"] == 540
    assert p.loc["meti_industrial_cluster", "stated_currency"] == "USD"
    assert p.loc["meti_industrial_cluster", "annual"] == 64_800
    assert p.loc["meti_industrial_cluster", "funded_units"] == 19
    assert bool(p.loc["meti_industrial_cluster", "converted"])
    # MEXT: the stated ¥500 million per cluster, not 6,000 / 10
    assert p.loc["mext_knowledge_cluster", "per_unit_annual"] == 500
    assert p.loc["mext_knowledge_cluster", "per_unit_basis"] == "stated per cluster"


def test_programme_budgets_in_dollars_and_by_country(t: dict[str, pd.DataFrame]) -> None:
    usd = sb.programme_budgets(t["budgets"], t["participants"], t["programmes"], "USD", 120,
                               ["Germany", "Japan"]).set_index("programme_id")
    assert sorted(usd.index) == ["de_bioregio", "de_innoregio", "meti_industrial_cluster",
                                 "mext_knowledge_cluster"]
    assert usd.loc["meti_industrial_cluster", "annual"] == 540  # stated in dollars
    assert usd.loc["de_bioregio", "annual"] == 20  # ¥2,400 million / 120
    assert not usd.loc["meti_industrial_cluster", "converted"]


def test_headline_follows_basis(programmes_jpy: pd.DataFrame) -> None:
    annual = sb.headline(programmes_jpy, "annual")
    assert annual["programme_id"].iloc[0] == "meti_industrial_cluster"
    assert annual["programme_id"].iloc[-1] == "fr_poles_de_competitivite"  # no value: last
    total = sb.headline(programmes_jpy, "total").set_index("programme_id")["value"]
    assert total["de_innoregio"] == 28_000  # about 28 billion yen over six years
    per = sb.headline(programmes_jpy, "per_cluster")
    assert list(per["programme_id"].iloc[-2:]) == ["fr_poles_de_competitivite",
                                                   "uk_mnt_network"]
    with pytest.raises(ValueError, match="basis must be one of"):
        sb.headline(programmes_jpy, "monthly")


def test_spread_by_year_covers_the_timeframe(programmes_jpy: pd.DataFrame) -> None:
    spread = sb.spread_by_year(programmes_jpy)
    inno = spread[spread["programme_id"] == "de_innoregio"]
    assert list(inno["year"]) == list(range(1999, 2007))  # 1999~(2006)
    assert "fr_poles_de_competitivite" not in set(spread["programme_id"])
    # spread back together, each programme gives its stated total (001 line 77: InnoRegio
    # about 28 billion yen, BioRegio about 12 billion yen; 003 line 55: MEXT 6 billion yen)
    totals = spread.groupby("programme_id")["annual"].sum()
    assert totals["de_innoregio"] == pytest.approx(28_000)
    assert totals["de_bioregio"] == pytest.approx(12_000)
    assert list(spread[spread["programme_id"] == "de_bioregio"]["annual"].round(6)) == \
        [2_000.0] * 6   # 1996~2001 is six years


# ------------------------------------------------- participants, timelines: see their modules
# tests/test_participants_study.py and tests/test_timelines_study.py


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
    progs = sb.programme_budgets(t["budgets"], t["participants"], t["programmes"], "JPY", 120)
    e = st.entries(t["timeline"], 1970, 2020)
    p2 = sp.phase2_projects(t["projects"], t["participants"])
    groups = sp.by_group(t["projects"], t["participants"], "both", "field")
    return [
        ("meti", sb.plot_meti_items(sb.meti_line_items(t["budgets"], "JPY", 120), 120)),
        ("programmes", sb.plot_programmes(sb.headline(progs, "per_cluster"), "per_cluster")),
        ("spread", sb.plot_spread(progs, 120)),
        ("projects", sp.plot_projects(sp.rank_projects(p2, "companies"), t["projects"])),
        ("groups", sp.plot_by_group(groups, t["projects"], "field")),
        ("gantt", st.plot_gantt(e, 1970, 2020)),
        ("events", st.plot_events(st.cooperation_events(e))),
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
        fig = sp.plot_reconciliation(sp.reconcile(t["participants"]))
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
    none = st.entries(t["timeline"], 1900, 1950)
    for fig in (st.plot_gantt(none, 1900, 1950), st.plot_overlaps(st.overlaps(none)),
                st.plot_events(st.cooperation_events(none))):
        assert "Nothing" in fig.axes[0].texts[0].get_text() or "No " in \
            fig.axes[0].texts[0].get_text()
    france = sb.programme_budgets(t["budgets"], t["participants"], t["programmes"], "JPY",
                                  120, ["France"])
    fig = sb.plot_programmes(sb.headline(france, "annual"), "annual")
    assert "no budget figure" in fig.axes[0].texts[0].get_text()
    figures.close_all()

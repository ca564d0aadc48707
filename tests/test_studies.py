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
# The budgets study (notebook 01) is tested in tests/test_budgets_study.py.


# --------------------------------------------------------------------------- participants


@pytest.fixture(scope="module")
def phase2(t: dict[str, pd.DataFrame]) -> pd.DataFrame:
    return sp.phase2_projects(t["projects"], t["participants"])


def test_phase2_projects_as_listed(phase2: pd.DataFrame) -> None:
    assert len(phase2) == 18  # 002 line 14: 18プロジェクト
    kanto = row(phase2, "project_id", "p2:kanto_regional")
    # 002 line 34: ものづくり分野 約2,240社 130大学
    assert (kanto["companies"], kanto["universities"]) == (2240, 130)
    assert kanto["name"] == "地域産業活性化プロジェクト"
    assert kanto["line"] == 34
    tokai_bio = row(phase2, "name", "東海バイオものづくり創生プロジェクト")
    # 002 line 43: 約100社 52大学: 1.9 companies per university
    assert tokai_bio["companies_per_university"] == 1.9
    it = row(phase2, "name", "情報ベンチャーの育成")
    assert it["companies_per_university"] == 280.0  # 002 line 38: 約840社 3大学
    tohoku = row(phase2, "project_id", "p2:tohoku_monozukuri_corridor")
    assert tohoku["name"] == "TOHOKUものづくりコリドー"  # ＴＯＨＯＫＵ, NFKC
    assert phase2["companies"].iloc[0] == 2240  # sorted largest first


def test_rank_projects_by_universities_top_3(phase2: pd.DataFrame) -> None:
    top = sp.rank_projects(phase2, "universities", 3)
    # 002 lines 34, 48, 43: 130, 56 and 52 universities
    assert list(top["universities"]) == [130, 56, 52]
    with pytest.raises(ValueError, match="metric must be one of"):
        sp.rank_projects(phase2, "researchers")


def test_by_region_phase2(t: dict[str, pd.DataFrame]) -> None:
    g = sp.by_group(t["projects"], t["participants"], "II", "region").set_index("region")
    # 002 lines 29-38, the 広域関東圏 network: 約2,240 + 約530 + 約840 companies,
    # 130 + 8 + 3 universities
    assert g.loc["Kanto", "n_projects"] == 3
    assert g.loc["Kanto", "companies"] == 3610
    assert g.loc["Kanto", "universities"] == 141
    # 002 lines 47-52, the three 関西 projects: 350 + 1,170 + 120; 56 + 32 + 21
    assert (g.loc["Kinki", "companies"], g.loc["Kinki", "universities"]) == (1640, 109)
    assert g.index[0] == "Kanto"  # ranked by companies
    assert g["n_projects"].sum() == 18


def test_by_field_counts_multi_field_projects_in_each(t: dict[str, pd.DataFrame]) -> None:
    g = sp.by_group(t["projects"], t["participants"], "II", "field")
    bio = row(g, "field", "bio")
    # バイオ in 002 lines 24, 36, 43, 48, 55, 64, 67: Hokkaido, Kanto, Tokai, Kansai,
    # Shikoku, Kyushu, Chugoku
    assert bio["n_projects"] == 7
    assert bio["companies"] == 570 + 530 + 100 + 350 + 460 + 20 + 400
    assert g["companies"].sum() > 10_690  # multi-field projects count more than once


def test_by_group_phase1_has_projects_only(t: dict[str, pd.DataFrame]) -> None:
    g = sp.by_group(t["projects"], t["participants"], "I", "field").set_index("field")
    # 001 lines 349, 360, 377, 388: 9 manufacturing, 4 bio, 4 IT, 4 environment projects
    assert g["n_projects"].to_dict() == {"manufacturing": 9, "IT": 4, "bio": 4,
                                         "environment": 4}
    assert g["companies"].isna().all()
    r = sp.by_group(t["projects"], t["participants"], "I", "region").set_index("region")
    # Kinki: Active manufacturing, Bio Five-Star, Kansai IT, KANSAI Energy & Environment
    assert r.loc["Kinki", "n_projects"] == 4
    assert r["n_projects"].sum() == 19


def test_by_group_both_phases_and_top_n(t: dict[str, pd.DataFrame]) -> None:
    g = sp.by_group(t["projects"], t["participants"], "both", "region", "universities", 2)
    assert list(g["phase"]) == ["I", "I", "II", "II"]
    assert list(g[g["phase"] == "II"]["region"]) == ["Kanto", "Kinki"]  # 141, 109 univ.


def test_growth_phase1_to_phase2(t: dict[str, pd.DataFrame]) -> None:
    g = sp.growth(t["participants"]).set_index("measure")
    # 001 line 101: 19 projects, 5,800 SMEs; 002 lines 14-18: 18, 約10,700社, 約290大学
    assert (g.loc["projects", "phase_i"], g.loc["projects", "phase_ii"]) == (19, 18)
    assert (g.loc["companies", "phase_i"], g.loc["companies", "phase_ii"]) == (5800, 10700)
    assert g.loc["companies", "growth_pct"] == 84.5  # 10,700 / 5,800 - 1
    # phase I counts "over 220 regional-university researchers", not universities
    assert pd.isna(g.loc["universities", "phase_i"])
    assert not g.loc["universities", "comparable"]
    assert "researchers" in g.loc["universities", "phase_i_as_written"]


def test_reconcile_universities_double_counted(t: dict[str, pd.DataFrame]) -> None:
    r = sp.reconcile(t["participants"]).set_index("measure")
    # the 18 company counts of 002 lines 24-92 add up to 10,690 against 約10,700
    assert r.loc["companies", "sum_of_projects"] == 10_690
    assert r.loc["companies", "stated"] == 10_700
    # the university counts add up to 538 against 約290: 1.855 places per university
    assert r.loc["universities", "sum_of_projects"] == 538
    assert r.loc["universities", "ratio"] == 1.855


def test_continuity_19_to_18(t: dict[str, pd.DataFrame]) -> None:
    c = sp.continuity(t["crosswalk"], t["projects"]).set_index("link")
    assert c["phase1_projects"].sum() == 19
    # 九州バイオ・クラスター計画 (002 line 63) has no phase I predecessor: the phase I bio
    # list (001 lines 360-362) names Hokkaido, Kanto, Tokai and Kinki only
    assert c.loc["new in phase II (no phase I link)", "names"] == "九州バイオ・クラスター計画"


def test_example_composition(t: dict[str, pd.DataFrame]) -> None:
    c = sp.example_composition(t["participants"], t["clusters"])
    tama = c[c["cluster_id"] == "cl:tama"].set_index("participant_type")
    # 001 line 187: 280 companies, 35 academic institutions, 65 local/regional government
    # agencies and chamber of commerce etc, 11 financial institutions
    assert tama["count"].to_dict() == {"companies": 280, "academic institutions": 35,
                                       "local government": 65, "financial institutions": 11}
    assert tama.loc["companies", "share_pct"] == 71.6  # 280 / 391
    hokkaido = c[c["cluster_id"] == "cl:hokkaido_super_cluster"]
    assert list(hokkaido["count"]) == [360, 21, 6, 42]  # 001 line 201


def test_examples_vs_phase2(t: dict[str, pd.DataFrame]) -> None:
    e = sp.examples_vs_phase2(t["participants"], t["clusters"], t["crosswalk"],
                              t["projects"]).set_index("cluster_id")
    # TAMA (001 line 187: 280 companies) belongs to the Kanto regional project, 約2,240 in 2008
    assert (e.loc["cl:tama", "companies_2005"], e.loc["cl:tama", "companies_2008_project"]) \
        == (280, 2240)
    assert e.loc["cl:hokkaido_super_cluster", "companies_2008_project"] == 570  # 002 line 24


def test_overseas_companies_with_their_year(t: dict[str, pd.DataFrame]) -> None:
    o = sp.overseas_companies(t["participants"], t["clusters"]).set_index("cluster_id")
    # 001 line 42: About 5000 high-tech companies *3; line 53: *3 = 1997
    assert o.loc["cl:silicon_valley", "count"] == 5000
    assert o.loc["cl:silicon_valley", "as_of"] == 1997
    assert o.loc["cl:austin_texas", "as_of"] == 1999  # line 43: *2; *2 = 1999
    assert o.loc["cl:cambridge", "count"] == 1250  # line 46: 1250 ... *5 = 1998
    assert o.loc["cl:cambridge", "as_of"] == 1998
    assert pd.isna(o.loc["cl:sofia_antipolis", "as_of"])  # line 59: no marker
    assert o.index[0] == "cl:zhongguan_cun_northwest_beijing"  # 10,000 companies, line 61


# --------------------------------------------------------------------------- timelines


@pytest.fixture(scope="module")
def entries(t: dict[str, pd.DataFrame]) -> pd.DataFrame:
    return st.entries(t["timeline"], 1970, 2020)


def test_deduplicate_keeps_the_most_precise_mention(t: dict[str, pd.DataFrame]) -> None:
    d = st.deduplicate(t["timeline"]).set_index("entity_id")
    assert d.index.is_unique
    # Cluster Japan 2007: 002 line 9 gives the days (平成19年11月28日～11月30日),
    # line 79 only the fiscal year (平成19年度)
    assert d.loc["ev:cluster_japan_2007", "line"] == 9
    assert str(d.loc["ev:cluster_japan_2007", "start_date"].date()) == "2007-11-28"
    # the 2nd Basic Plan: 004 line 121 (平成13～17年度) beats 003 line 9 (2001-2005)
    assert d.loc["plan:st_basic_plan_2", "source"] == "004_900bb6791dcdb13c.txt"
    merged = st.merged_mentions(t["timeline"], t["timeline_mentions"])
    # further mentions: 002 line 79 (平成19年度), 002 line 108 (平成19年6月), 003 line 9
    assert sorted(zip(merged["entity_id"], merged["also"].str.split(" ").str[0],
                      strict=True)) == [
        ("ev:cluster_japan_2007", "002_0f5a4630d1886fda.txt:79"),
        ("ev:italia_2007_workshop", "002_0f5a4630d1886fda.txt:108"),
        ("plan:st_basic_plan_2", "003_ea909c88cb2d084b.txt:9")]


def test_entries_dates_and_flags(entries: pd.DataFrame) -> None:
    e = entries.set_index("entity_id")
    law = e.loc["law:industrial_relocation_promotion_law"]
    assert (law["start_year"], law["dates"], law["open_ended"]) == (1972, "1972–", True)
    assert law["end"] == 2021.0  # runs to the window's end
    assert e.loc["law:high_tech_industrial_zone_promotion_act", "dates"] == "1983–1998"
    assert e.loc["plan:st_basic_plan_1", "dates"] == "FY1996–FY2000"  # 平成8～12年度
    assert e.loc["plan:st_basic_plan_1", "start"] == pytest.approx(1996.25, abs=0.01)
    assert e.loc["uk_mnt_network", "dates"] == "2003–(2008)"  # 001 line 76: 2003~(2008)
    assert bool(e.loc["uk_mnt_network", "planned_end"])
    assert e.loc["ev:cluster_japan_2007", "dates"] == "2007-11-28–30"
    assert e.loc["ev:regional_cluster_seminars_fy2007", "dates"] == "FY2007"  # 平成19年度
    assert bool(e.loc["ev:japan_eu_cluster_forum", "planned"])  # 002 line 128: 予定
    # 000 line 9: launched in July 2005
    assert e.loc["fr_poles_de_competitivite", "dates"] == "2005-07–"
    assert e.loc["plan:regional_revitalisation_strategy_2008", "is_point"]  # 平成20年5月19日
    assert "cluster history" not in set(entries["kind"])
    assert list(dict.fromkeys(entries["country"])) == ["Japan", "France", "United Kingdom",
                                                        "Germany", "Finland"]


def test_entries_window_countries_kinds(t: dict[str, pd.DataFrame]) -> None:
    e = st.entries(t["timeline"], 2000, 2010)
    assert "law:high_tech_industrial_zone_promotion_act" not in set(e["entity_id"])  # -1998
    assert "law:industrial_relocation_promotion_law" in set(e["entity_id"])  # 1972~
    fr = st.entries(t["timeline"], 1970, 2020, countries=["France"])
    assert list(fr["entity_id"]) == ["fr_poles_de_competitivite"]
    ev = st.entries(t["timeline"], 1970, 2020, kinds=["event"])
    assert set(ev["kind"]) == {"event"} and ev["is_point"].all()
    assert st.entries(t["timeline"], 1900, 1950).empty


def test_japan_sequence_from_1972_law_to_third_term(entries: pd.DataFrame) -> None:
    seq = st.japan_sequence(entries)
    laws = seq[seq["kind"] == "law"]
    assert laws["entity_en"].iloc[0] == "Industrial Relocation Promotion Law"  # 001 line 17
    last = seq.iloc[-1]
    # 001 line 293: 3rd term (2011 ~ 20)
    assert (last["entity_id"], last["start_year"], last["end_year"], last["years"]) == (
        "meti_industrial_cluster:term3", 2011, 2020, 10)
    years = seq.set_index("entity_id")["years"]
    assert years["law:high_tech_industrial_zone_promotion_act"] == 16  # 1983~1998
    assert years["law:knowledge_intensive_industry_location_act"] == 11  # 1988~1998


def test_overlaps_programmes_and_plan_periods(entries: pd.DataFrame) -> None:
    o = st.overlaps(entries, 2020)
    shared = o.set_index(["programme_id", "plan_id"])["overlap_years"]
    # METI's 1st term 2001~5 (001 line 285) and the 2nd Plan 平成13～17年度 (004 line 121)
    assert shared[("meti_industrial_cluster:term1", "plan:st_basic_plan_2")] == 5
    assert shared[("meti_industrial_cluster:term2", "plan:st_basic_plan_3")] == 5
    # BioRegio 1996~2001 and the 1st Plan 平成8～12年度: 1996-2000
    assert shared[("de_bioregio", "plan:st_basic_plan_1")] == 5
    assert shared[("de_bioregio", "plan:st_basic_plan_2")] == 1
    # Finland 1994~(2004): 1996-2000 in the 1st Plan, 2001-2004 in the 2nd
    assert shared[("fi_centres_of_expertise", "plan:st_basic_plan_2")] == 4
    # MEXT started in July 2002 (003 line 47): 2002-2005 in the 2nd Plan
    assert shared[("mext_knowledge_cluster", "plan:st_basic_plan_2")] == 4
    assert ("meti_industrial_cluster:term1", "plan:st_basic_plan_3") not in shared.index
    assert "plan:regional_revitalisation_strategy_2008" not in set(o["plan_id"])


def test_cooperation_events_2007_2008(entries: pd.DataFrame) -> None:
    ev = st.cooperation_events(entries)
    # 002: lines 9, 12, 21, 79, 108-116, 124: seven distinct events
    assert len(ev) == 7
    assert ev["entity"].iloc[0] == "地域クラスターセミナー"  # FY2007 starts in April 2007
    assert list(ev[ev["planned"]]["entity_id"]) == ["ev:cluster_japan_2008",
                                                     "ev:japan_eu_cluster_forum"]


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
    sens = sb.sensitivity(progs, t["participants"], t["budgets"], 120, [100, 130])
    e = st.entries(t["timeline"], 1970, 2020)
    p2 = sp.phase2_projects(t["projects"], t["participants"])
    return [
        ("meti", sb.plot_meti_items(sb.meti_line_items(t["budgets"], "JPY", 120), 120)),
        ("programmes", sb.plot_programmes(sb.comparison(progs, "annual_per_unit"),
                                          "annual_per_unit")),
        ("sensitivity", sb.plot_sensitivity(sens, sb.sensitivity_range(sens))),
        ("projects", sp.plot_projects(sp.rank_projects(p2, "companies"))),
        ("groups", sp.plot_by_group(sp.by_group(t["projects"], t["participants"], "both",
                                                "field"), "field")),
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
    for fig in (st.plot_gantt(none, 1900, 1950), st.plot_overlaps(st.overlaps(none, 1950)),
                st.plot_events(st.cooperation_events(none))):
        assert "Nothing" in fig.axes[0].texts[0].get_text() or "No " in \
            fig.axes[0].texts[0].get_text()
    france = sb.programme_budgets(t["budgets"], t["participants"], t["programmes"], "JPY",
                                  120, ["France"])
    fig = sb.plot_programmes(sb.comparison(france, "annual"), "annual")
    assert "no budget figure" in fig.axes[0].texts[0].get_text()
    figures.close_all()

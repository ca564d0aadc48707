"""The participants study (02), checked against the documents.

Every expected value was read from the raw documents in ``data/raw`` (file and line in the
comment), not from the code's output: MEXT 2008a (``002_…``, the phase II list), METI 2005
(``001_…``: phase I totals, field lists, example clusters, overseas clusters).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pytest
from matplotlib.colors import to_rgb

from clusteranalysis.errors import ClusterAnalysisError
from clusteranalysis.metadata import vocab
from clusteranalysis.metadata.results import RESULTS
from clusteranalysis.present import figures
from clusteranalysis.studies import guide, params
from clusteranalysis.studies import participants as study
from clusteranalysis.studies.participants import compute, findings, labels
from clusteranalysis.studies.participants import register as participants_register
from tests.support.data import one

P002 = "002_0f5a4630d1886fda.txt"
P001 = "001_fc47ff42475d4a79.txt"


@pytest.fixture(scope="module")
def phase2(t: dict[str, pd.DataFrame]) -> pd.DataFrame:
    return compute.phase2_projects(t["projects"], t["participants"])


def run(t: dict[str, pd.DataFrame], **overrides: Any
        ) -> tuple[dict[str, pd.DataFrame], dict[str, Any]]:
    """The study's results under the notebook's defaults and ``overrides``, and those
    parameters, as the notebook computes them."""
    parameters = {**params.defaults(study.NOTEBOOK), **overrides}
    inputs = {name: t[name] for name in study.INPUTS}
    return compute.results(inputs, parameters), parameters


# --------------------------------------------------------------------------- names


def test_names_in_either_language_or_both() -> None:
    # 002 line 30 writes 地域産業活性化プロジェクト; the lookup's English is the 001 name
    ja, en = "地域産業活性化プロジェクト", "Regional Industry Revitalization Project"
    assert labels.label(ja, en, "both") == f"{ja} ({en})"
    assert labels.label("関東", "Kanto", "ja") == "関東"
    assert labels.label("関東", "Kanto", "en") == "Kanto"
    assert labels.label("関東", "Kanto", "both", two_lines=True) == "関東\nKanto"
    # a name the documents give in English only (001's example clusters) stays English
    assert labels.label(None, "Technology Advanced Metropolitan Area (TAMA)", "ja") == \
        "Technology Advanced Metropolitan Area (TAMA)"
    assert labels.gloss("中堅・中小企業", "en") == "mid-sized and small companies"  # 002 line 16


def test_region_colours_are_not_country_colours() -> None:
    """01 colours countries; 02's regions must not be read as countries (CIELAB distance)."""
    def lab(c: object) -> np.ndarray:
        rgb = np.array(to_rgb(c))
        rgb = np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)
        m = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722],
                      [0.0193, 0.1192, 0.9505]])
        xyz = m @ rgb / np.array([0.95047, 1.0, 1.08883])
        f = np.where(xyz > 0.008856, np.cbrt(xyz), 7.787 * xyz + 16 / 116)
        return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])

    regions = figures.REGION_COLORS
    assert set(regions) == set(vocab.REGIONS)
    for r, c in regions.items():
        for country, cc in figures.COUNTRY_COLORS.items():
            assert np.linalg.norm(lab(c) - lab(cc)) > 15, (r, country)
    values = list(regions.values())
    for i, a in enumerate(values):
        for b in values[i + 1:]:
            assert np.linalg.norm(lab(a) - lab(b)) > 15


def test_region_rule_names_the_rule_and_its_basis(t: dict[str, pd.DataFrame]) -> None:
    projects = t["projects"]
    rule = labels.region_rule(projects[projects["phase"] == "II"], labels.region_ja(projects),
                              "en")
    assert rule.startswith("Regions: the METI regional bureau's area")
    # 002 lines 40-45: the Hokuriku project in the Tokai block; lookups/regions.csv: Chubu
    assert "Tokai, Hokuriku in Chubu" in rule
    assert "Kansai in Kinki" in rule  # 関西…プロジェクト, 002 lines 47-52
    # region_basis of the 18 phase II projects: the Kanto network's 4 (block, 002 line 29)
    assert "listed in a region's block: 4" in rule


# --------------------------------------------------------------------------- phase II projects


def test_phase2_projects_as_listed(phase2: pd.DataFrame) -> None:
    assert len(phase2) == 18  # 002 line 14: 18プロジェクト
    kanto = one(phase2, project_id="p2:kanto_regional")
    # 002 line 34: ものづくり分野 約2,240社 130大学
    assert (kanto["companies"], kanto["universities"]) == (2240, 130)
    assert (kanto["companies_as_written"], kanto["universities_as_written"]) == (
        "約2,240社", "130大学")
    assert bool(kanto["companies_approximate"])
    assert (kanto["source"], kanto["line"], kanto["as_of"]) == (P002, 34, 2008)  # 平成20年
    assert kanto["name_ja"] == "地域産業活性化プロジェクト"
    assert kanto["region_ja"] == "関東"
    # shares are of the sums over the 18 projects: 2,240 / 10,690 and 130 / 538
    assert kanto["companies_share_pct"] == pytest.approx(2240 / 10690 * 100)
    assert kanto["universities_share_pct"] == pytest.approx(130 / 538 * 100)
    tokai_bio = one(phase2, name_ja="東海バイオものづくり創生プロジェクト")
    # 002 line 43: 約100社 52大学: stored unrounded, shown with one decimal
    assert tokai_bio["companies_per_university"] == pytest.approx(100 / 52)
    assert labels.PER_UNIVERSITY(tokai_bio["companies_per_university"]) == "1.9"
    it = one(phase2, name_ja="情報ベンチャーの育成")
    assert it["companies_per_university"] == pytest.approx(280.0)  # 002 line 38: 約840社 3大学
    tohoku = one(phase2, project_id="p2:tohoku_monozukuri_corridor")
    assert tohoku["name_ja"] == "TOHOKUものづくりコリドー"  # ＴＯＨＯＫＵ, NFKC
    assert tohoku["field_ja"] == "ものづくり"  # 002 line 27
    assert phase2["companies"].iloc[0] == 2240  # sorted largest first


def test_rank_keeps_every_project_and_marks_the_top_n(phase2: pd.DataFrame) -> None:
    top = compute.rank_projects(phase2, "universities", 3)
    assert len(top) == 18
    shown = top[top["shown"]]
    # 002 lines 34, 48, 43: 130, 56 and 52 universities
    assert list(shown["universities"]) == [130, 56, 52]
    assert list(top["rank"][:3]) == [1, 2, 3]
    # 002 lines 27 and 50: 32大学 twice, one rank for both, after 130, 56, 52 and 41 (line 60)
    assert set(top[top["universities"] == 32]["rank"]) == {5}


def test_projects_findings_name_a_project_the_cut_leaves_out(
        t: dict[str, pd.DataFrame]) -> None:
    text = study.findings.projects(*run(t, top_n=5, names="en")).plain()
    # the extremes of companies per university: 情報ベンチャーの育成 (002 line 38, 280) is 4th
    # by companies (约840), 東海バイオ (002 line 43, 1.9) 17th (約100; only 約20, line 64, is
    # smaller)
    assert "280.0 for Fostering IT Ventures (Kanto)" in text
    assert "1.9 for Tokai Bio Manufacturing Creation Project (Chubu)" in text
    assert "17th by companies, below the top_n cut" in text
    assert "地域" not in text  # names="en": no Japanese project name
    assert "10,690 companies" in text  # the sum of 002 lines 24-92


# --------------------------------------------------------------------------- groups


def test_by_region_phase2(t: dict[str, pd.DataFrame]) -> None:
    g = compute.by_group(t["projects"], t["participants"], t["documents"], "II",
                         "region").set_index("group_en")
    # 002 lines 29-38, the 広域関東圏 network: 約2,240 + 約530 + 約840 companies,
    # 130 + 8 + 3 universities
    assert g.loc["Kanto", "n_projects"] == 3
    assert g.loc["Kanto", "companies"] == 3610
    assert g.loc["Kanto", "universities"] == 141
    assert g.loc["Kanto", "group_ja"] == "関東"
    assert g.loc["Kanto", "companies_share_pct"] == pytest.approx(3610 / 10690 * 100)
    # 002 lines 40-45: Tokai 約1,490 + Tokai bio 約100 + Hokuriku 約380 in Chubu
    assert g.loc["Chubu", "companies"] == 1970
    # 002 lines 47-52, the three 関西 projects: 350 + 1,170 + 120; 56 + 32 + 21
    assert (g.loc["Kinki", "companies"], g.loc["Kinki", "universities"]) == (1640, 109)
    assert g.index[0] == "Kanto"  # ranked by companies
    assert g["n_projects"].sum() == 18
    # every line the Kanto sums stand on: the name and counts lines of 002, 30-38
    assert g.loc["Kanto", "source"] == P002
    assert g.loc["Kanto", "line"] == "30, 34, 35, 36, 37, 38"


def test_by_field_counts_multi_field_projects_in_each(t: dict[str, pd.DataFrame]) -> None:
    g = compute.by_group(t["projects"], t["participants"], t["documents"], "II", "field")
    bio = one(g, group_en="bio")
    # バイオ in 002 lines 24, 36, 43, 48, 55, 64, 67: Hokkaido, Kanto, Tokai, Kansai,
    # Shikoku, Kyushu, Chugoku
    assert bio["n_projects"] == 7
    assert bio["companies"] == 570 + 530 + 100 + 350 + 460 + 20 + 400
    assert bio["group_ja"] == "バイオ"
    assert one(g, group_en="IT")["group_ja"] == "情報・IT"  # 002 lines 24 (情報), 38 (ＩＴ)
    totals = compute.group_totals(t["projects"], t["participants"], g, "II", "field")
    row = one(totals, phase="II")
    # multi-field projects: 002 lines 24, 50, 55, 67, 91 (情報・バイオ, ものづくり・情報・
    # エネルギー, ものづくり、健康・バイオ, ものづくり、バイオ、ＩＴ, 情報・健康・環境・加工交易)
    assert row["multi_field_projects"] == 5
    assert row["companies_over_projects"] == 10_690
    assert row["companies_over_groups"] > 10_690  # counted once per field


def test_by_group_phase1_has_projects_only(t: dict[str, pd.DataFrame]) -> None:
    g = compute.by_group(t["projects"], t["participants"], t["documents"], "I",
                         "field").set_index("group_en")
    # 001 lines 349, 360, 377, 388: 9 manufacturing, 4 bio, 4 IT, 4 environment projects
    assert g["n_projects"].to_dict() == {"manufacturing": 9, "IT": 4, "bio": 4,
                                         "environment": 4}
    assert g["companies"].isna().all()
    assert set(g["field_basis"]) == {"METI 2005's field lists"}
    assert set(g["as_of"]) == {2005}  # the document's date, 001 line 3
    r = compute.by_group(t["projects"], t["participants"], t["documents"], "I",
                         "region").set_index("group_en")
    # Kinki: Active manufacturing, Bio Five-Star, Kansai IT, KANSAI Energy & Environment
    assert r.loc["Kinki", "n_projects"] == 4
    assert r["n_projects"].sum() == 19


def test_by_group_both_phases_and_top_n(t: dict[str, pd.DataFrame]) -> None:
    g = compute.by_group(t["projects"], t["participants"], t["documents"], "both", "region",
                         "universities", 2)
    shown = g[g["shown"]]
    assert list(shown["phase"]) == ["I", "I", "II", "II"]
    assert list(shown[shown["phase"] == "II"]["group_en"]) == ["Kanto", "Kinki"]  # 141, 109
    assert len(g) == 18  # nine regions in each phase, all kept


def test_groups_findings_compare_regions_across_phases(t: dict[str, pd.DataFrame]) -> None:
    text = study.findings.groups(*run(t, phase="both", names="en")).plain()
    # 001: Tohoku has two phase I projects (lines 349, 388), 002 one (line 26); Kinki four
    # (349, 362, 377, 388) → three (47-52); Kyushu two (349, 388) → three (58-64)
    assert "Tohoku 2 → 1" in text and "Kinki 4 → 3" in text and "Kyushu 2 → 3" in text
    ftext = study.findings.groups(*run(t, phase="both", by="field", names="en")).plain()
    assert "not compared across the phases" in ftext
    assert "→" not in ftext


# --------------------------------------------------------------------------- phase I → II


def test_growth_marks_the_change_of_definition(t: dict[str, pd.DataFrame]) -> None:
    register = participants_register.definitions(t["judgements"], t["judgement_readings"])
    g = compute.growth(t["participants"], register).set_index("measure")
    # 001 line 101: A total of 19 projects, 5,800 SMEs; 002 lines 14-18: 18, 約10,700社
    assert (g.loc["projects", "phase_i"], g.loc["projects", "phase_ii"]) == (19, 18)
    assert bool(g.loc["projects", "comparable"])
    assert g.loc["projects", "definition_judgement"] == \
        "definition:meti-phase1-vs-phase2-projects"
    assert (g.loc["companies", "phase_i"], g.loc["companies", "phase_ii"]) == (5800, 10700)
    # SMEs (2005) and 中堅・中小企業 (2008, line 16) are not one group
    assert not g.loc["companies", "comparable"]
    assert bool(g.loc["companies", "definition_changed"])
    assert g.loc["companies", "phase_i_definition"] == "SMEs"
    assert g.loc["companies", "phase_ii_definition"] == "中堅・中小企業"
    assert pd.isna(g.loc["companies", "change_pct"])  # not one measure: no rate
    # "over 220 regional-university researchers" against 約290大学: people vs institutions
    assert not g.loc["universities", "comparable"]
    assert pd.isna(g.loc["universities", "change_as_written"])
    assert bool(g.loc["universities", "phase_i_lower_bound"])  # "over"
    assert (g.loc["companies", "phase_i_as_of"], g.loc["companies", "phase_ii_as_of"]) == (
        2005, 2008)
    assert g.loc["companies", "source"] == f"{P001}; {P002}"
    assert g.loc["companies", "line"] == "101; 16"
    assert not g["comparable"].fillna(False).astype(bool)[g["definition_changed"]].any()


def test_growth_says_whether_each_change_holds_under_every_reading(
        t: dict[str, pd.DataFrame]) -> None:
    """19 projects (001 line 101) and 18 (002 line 14) are one kind of thing under the
    reading used, two sets of projects under the other the register allows (phase II
    reorganised them: 002 line 14 lists its 18 anew): the change holds under one reading
    only, and the table and the findings say so."""
    register = participants_register.definitions(t["judgements"], t["judgement_readings"])
    g = compute.growth(t["participants"], register).set_index("measure")
    assert bool(g.loc["projects", "comparable"])
    assert g.loc["projects", "definition_other_readings"] == "different"
    assert not g["comparable_under_every_reading"].astype(bool).any()
    # 002 line 16's 世界市場を目指す may narrow 002's own count: a reading of one of the two
    # counts 02 compares, so it stays an alternative here (it is none in 04's rows of the
    # Cabinet Office against 001)
    assert g.loc["companies", "definition_other_readings"] == "narrower; same; wider"
    shown = study.tables.growth({"growth": g.reset_index()}, {"names": "en"}).df.set_index(
        "measure")
    assert not bool(shown.loc["projects", "one kind under every reading"])
    assert shown.loc["projects", "one kind of thing? the register's reading"] == (
        "same (definition:meti-phase1-vs-phase2-projects; it also allows: different)")
    results = {"growth": g.reset_index(),
               "continuity": compute.continuity(t["crosswalk"], t["projects"])}
    text = study.findings.growth(results, {"names": "en"}).plain()
    assert "also allows the reading 'different', two sets of projects: under it, 19 and 18 " \
        "are not one measure" in text


def test_growth_says_phase_two_s_companies_are_a_sum_over_projects(
        t: dict[str, pd.DataFrame]) -> None:
    """002 line 16's 約10,700社 against its 18 project lines (lines 14 and the project table),
    which sum to 10,690: the national figure is in effect their sum, where a company in two
    projects may count twice; line 16's universities include 高専 (technical colleges). The
    figure gives no growth rate for a pair that is not one measure under every reading."""
    figures.set_theme()
    results, parameters = run(t, phase="both")
    text = study.findings.growth(results, parameters).plain()
    assert "Phase II's about 10,700, a national figure, matches the sum of its 18 projects' " \
        "lines (10,690" in text
    assert "+84.5" not in text  # (10,700 - 5,800) / 5,800: no growth rate of one group
    assert "大学（高専を含む）" in text
    titles = [ax.get_title(loc="left") for ax in study.figures.growth(results, parameters).axes]
    assert titles[0].startswith("Projects: one kind, reorganised")
    assert not any("%" in title for title in titles)
    figures.close_all()


def test_growth_without_a_judgement_is_an_error(t: dict[str, pd.DataFrame]) -> None:
    """Whether 001 line 101's 19 projects and 002 line 14's 18 count one thing is the
    register's: without its judgement, 02 stops instead of deciding by the nouns."""
    with pytest.raises(ValueError, match=r"projects: .*001_fc47ff42475d4a79\.txt:101"):
        compute.growth(t["participants"], {})


def test_continuity_19_to_18(t: dict[str, pd.DataFrame]) -> None:
    c = compute.continuity(t["crosswalk"], t["projects"]).set_index("link")
    assert c["phase1_projects"].sum() == 19
    # 九州バイオ・クラスター計画 (002 line 63) has no phase I predecessor: the phase I bio
    # list (001 lines 360-362) names Hokkaido, Kanto, Tokai and Kinki only
    new = c.loc["new in phase II (no phase I link)"]
    assert (new["names_ja"], new["names_en"]) == ("九州バイオ・クラスター計画",
                                                  "Kyushu Bio Cluster Project")
    # K-RIP: both documents write the name (001 line 388, 002 line 59)
    assert c.loc["certain", "names_en"] == \
        "Kyushu Recycle and Environmental Industry Plaza (K-RIP)"


# --------------------------------------------------------------------------- reconciliation


def test_national_totals_do_not_claim_single_counting(t: dict[str, pd.DataFrame]) -> None:
    r = compute.national_totals(t["reconciliation"], t["participants"]).set_index("measure")
    # the 18 company counts of 002 lines 24-92 add up to 10,690 against 約10,700 (line 16)
    assert r.loc["companies", "sum_of_projects"] == 10_690
    assert r.loc["companies", "stated"] == 10_700
    assert r.loc["companies", "difference"] == -10
    # the university counts add up to 538 against 約290 (line 18): stored unrounded and
    # rounded once, the same in text and figure
    assert r.loc["universities", "sum_of_projects"] == 538
    assert r.loc["universities", "ratio"] == pytest.approx(538 / 290)
    assert labels.RATIO(r.loc["universities", "ratio"]) == "1.86"
    # the stated figures stand on lines 16 and 18; the sums on the 18 counts lines, 24-92
    assert (r.loc["companies", "stated_line"], r.loc["universities", "stated_line"]) == (16, 18)
    assert r.loc["companies", "stated_as_written"] == "約10,700社"
    assert bool(r.loc["companies", "stated_approximate"])
    assert r.loc["companies", "line"].startswith("16, 24, 27, 34")
    results, parameters = run(t)
    text = study.findings.national_totals(results, parameters).plain()
    assert "1.86" in text and "1.85" not in text
    assert "does not show that each company is counted once" in text
    doc = compute.national_totals.__doc__ or ""
    assert "does not show that each participant is counted once" in doc


# --------------------------------------------------------------------------- examples


def test_example_composition(t: dict[str, pd.DataFrame]) -> None:
    c = compute.example_composition(t["participants"], t["clusters"])
    tama = c[c["cluster_id"] == "cl:tama"].set_index("participant_type")
    # 001 line 187: 280 companies, 35 academic institutions, 65 local/regional government
    # agencies and chamber of commerce etc, 11 financial institutions
    assert tama["count"].to_dict() == {"companies": 280, "academic institutions": 35,
                                       "local government": 65, "financial institutions": 11}
    assert tama.loc["companies", "share_of_listed_pct"] == pytest.approx(280 / 391 * 100)
    assert set(tama["line"]) == {187} and set(tama["source"]) == {P001}
    assert tama.loc["companies", "raw"] == "280 companies"
    hokkaido = c[c["cluster_id"] == "cl:hokkaido_super_cluster"]
    assert list(hokkaido["count"]) == [360, 21, 6, 42]  # 001 line 201


def test_examples_vs_phase2(t: dict[str, pd.DataFrame], phase2: pd.DataFrame) -> None:
    composition = compute.example_composition(t["participants"], t["clusters"])
    e = compute.examples_vs_phase2(
        composition, phase2, t["crosswalk"], {},
        participants_register.definitions(t["judgements"], t["judgement_readings"]),
    ).set_index("cluster_id")
    # TAMA (001 line 187: 280 companies) belongs to the Kanto regional project, 約2,240 in 2008
    assert (e.loc["cl:tama", "example_companies"], e.loc["cl:tama", "phase2_companies"]) \
        == (280, 2240)
    assert e.loc["cl:tama", "line"] == "187; 34"
    assert e.loc["cl:hokkaido_super_cluster", "phase2_companies"] == 570  # 002 line 24
    assert (e.loc["cl:tama", "example_as_of"], e.loc["cl:tama", "phase2_as_of"]) == (2005, 2008)


def test_examples_take_their_definition_from_the_register(t: dict[str, pd.DataFrame],
                                                          phase2: pd.DataFrame) -> None:
    """02 says of each example what the register says: TAMA is one network of the Kanto
    project (002 lines 30-33 list 首都圏西部（ＴＡＭＡ） among its networks), the Hokkaido
    example the Hokkaido Super Cluster Promotion Project itself (001 line 199)."""
    composition = compute.example_composition(t["participants"], t["clusters"])
    register = participants_register.example_definitions(t["judgements"],
                                                         t["judgement_readings"])
    counted = participants_register.definitions(t["judgements"], t["judgement_readings"])
    e = compute.examples_vs_phase2(composition, phase2, t["crosswalk"], register, counted)
    e = e.set_index("cluster_id")
    assert e.loc["cl:tama", "definition"] == "narrower"
    # 001 line 187 counts "280 companies", no size; 002 line 34's 約2,240社 stands under
    # line 16's 中堅・中小企業: what the two count is the register's, not 02's
    assert set(e["counted_definition"]) == {"unknown"}
    assert set(e["counted_judgement"]) == {"definition:meti-example-companies-vs-phase2"}
    assert e.loc["cl:hokkaido_super_cluster", "definition"] == "same"
    assert e.loc["cl:tama", "definition_judgement"] == "definition:tama-vs-kanto-phase2"
    text = findings.examples({"example_composition": composition, "examples_vs_phase2": e
                              .reset_index()}, {"names": "en"}).plain()
    assert "the register reads them as narrower, definition:tama-vs-kanto-phase2" in text
    assert "the register reads them as same, definition:hokkaido-vs-hokkaido-phase2" in text
    assert "whether the two count one kind of company: unknown" in text
    assert "if the two count one kind of company, which the register leaves unknown" in text
    assert "so the two are different units" not in text


# --------------------------------------------------------------------------- overseas


def test_overseas_counts_by_kind_with_their_year(t: dict[str, pd.DataFrame]) -> None:
    o = compute.overseas_companies(t["participants"], t["clusters"])
    sv = one(o, cluster_id="cl:silicon_valley", kind="high-tech companies")
    # 001 line 42: About 5000 high-tech companies *3; line 53: *3 = 1997
    assert (sv["count"], sv["kind"], sv["as_of"], sv["year"]) == (
        5000, "high-tech companies", 1997, "1997")
    assert one(o, cluster_id="cl:austin_texas")["as_of"] == 1999  # line 43: *2 = 1999
    # line 58: "500 or more high-tech company" is, without the register, the same kind as
    # "high-tech companies" (with it: below, a narrower count)
    oulu = one(o, cluster_id="cl:oulu")
    assert (oulu["kind"], oulu["count"], bool(oulu["lower_bound"])) == (
        "high-tech companies", 500, True)
    assert oulu["year"] == "year not given"
    # line 46: 1250 high-tech companies, including about 150 biotech companies *5 (1998):
    # the part is kept, as the like of Boston's 250 (line 44) and Munich's 100 (line 57)
    cam = one(o, cluster_id="cl:cambridge", kind="biotech companies")
    assert (cam["count"], cam["part_of"], cam["as_of"]) == (150, "1,250 high-tech companies",
                                                            1998)
    # line 61 (Zhongguancun, *3) stands on the table's second page, whose key is not given:
    # the year is inferred from line 53, not dated by the document
    zc = one(o, cluster_id="cl:zhongguan_cun_northwest_beijing")
    assert (zc["count"], zc["as_of_basis"], zc["year"]) == (10000, "inferred footnote",
                                                            "1997, inferred")
    # line 47: Northeast Britain's companies cell is "_": listed, with no count
    ne = one(o, cluster_id="cl:northeast_britain")
    assert pd.isna(ne["count"]) and ne["note"] == "no company count in the table"
    assert set(o["cluster_id"]) == set(
        t["clusters"][t["clusters"]["kind"] == "overseas high-tech"]["cluster_id"])
    kinds = compute.overseas_kinds(o).set_index("kind")
    # high-tech companies: Silicon Valley, Austin, Cambridge, Oulu (lines 42, 43, 46, 58)
    assert kinds.loc["high-tech companies", "clusters"] == 4
    assert kinds.loc["biotech companies", "clusters"] == 3
    assert kinds.loc["biotech companies", "line"] == "44, 46, 57"
    assert kinds.loc["medical device companies", "clusters"] == 1  # Boston, line 44


def test_overseas_venture_counts_are_kinds_of_their_own(t: dict[str, pd.DataFrame]) -> None:
    o = compute.overseas_companies(t["participants"], t["clusters"],
                                   participants_register.definitions(t["judgements"],
                                                                     t["judgement_readings"]))
    # 001 line 45: "Approx. 140 biotech ventures"; line 57: "31 biotech ventures, including
    # MediGene.*1": one kind, two clusters
    rtp = one(o, cluster_id="cl:research_triangle_park_north_carolina", kind="biotech ventures")
    assert (rtp["count"], bool(rtp["approximate"])) == (140, True)
    assert one(o, cluster_id="cl:outskirts_of_munich_especially_the_martinsried_area",
               kind="biotech ventures")["count"] == 31
    # line 44: "250 biotech companies … Includes 65 venture companies": a part of the 250,
    # kept as the like of Munich's "About 20 venture companies" (line 57)
    boston = one(o, cluster_id="cl:boston_city_zone", kind="venture companies")
    assert (boston["count"], boston["part_of"]) == (65, "250 biotech companies")
    # line 58: "500 or more high-tech company in Technopolis": the science park's companies,
    # not the area's (definition:oulu-technopolis-companies, narrower), so never in one group
    # with Silicon Valley's, Austin's and Cambridge's (lines 42, 43, 46)
    oulu = one(o, cluster_id="cl:oulu")
    assert (oulu["kind"], oulu["count"], bool(oulu["lower_bound"])) == (
        "high-tech company in Technopolis", 500, True)
    assert oulu["definition_judgement"] == "definition:oulu-technopolis-companies"
    assert set(o[o["kind"] == "high-tech companies"]["cluster_id"]) == {
        "cl:silicon_valley", "cl:austin_texas", "cl:cambridge"}
    # line 60: "300 tech ventures created since 1995" counts a flow, not what is there
    daedeok = one(o, cluster_id="cl:daedeok_research_park",
                  kind="tech ventures created since 1995")
    assert daedeok["count"] == 300
    kinds = compute.overseas_kinds(o).set_index("kind")
    assert kinds.loc["biotech ventures", "clusters"] == 2
    assert kinds.loc["tech ventures created since 1995", "clusters"] == 1
    # line 57 lists Munich's "About 20 venture companies" with the research organisations
    # (after "BioM also plays a large role"): the register reads what they count as
    # unknown (definition:munich-venture-companies), a kind of its own, not Boston's like
    munich = one(o, cluster_id="cl:outskirts_of_munich_especially_the_martinsried_area",
                 count=20)
    assert munich["kind"] == "venture companies, what they count unknown"
    assert munich["definition_judgement"] == "definition:munich-venture-companies"
    # line 42's 1500 manufacturers and 2000 R&D and service companies, parts of the 5000,
    # are shown too, each with the figure it is part of
    sv = o[o["cluster_id"] == "cl:silicon_valley"].set_index("count")
    assert set(sv.index) == {5000, 1500, 2000}
    assert sv.loc[1500, "part_of"] == "5,000 high-tech companies"


def test_overseas_findings_keep_the_measures_apart(t: dict[str, pd.DataFrame]) -> None:
    text = study.findings.overseas(*run(t)).plain()
    assert "year inferred as 1997" in text  # Zhongguancun, line 61
    assert "Northeast Britain: no company count in the table" in text
    assert "not compared" in text
    assert "2,240" not in text  # no Japanese project figure beside the overseas ones


def test_figures_label_in_the_language_asked(t: dict[str, pd.DataFrame]) -> None:
    figures.set_theme()
    en = study.figures.projects(*run(t, top_n=4, names="en"))
    labels = [x.get_text() for x in en.axes[0].get_yticklabels()]
    assert len(labels) == 4
    assert labels[0] == "Regional Industry Revitalization Project (Kanto)"  # 002 line 30
    legend = [x.get_text() for x in en.axes[0].get_legend().get_texts()]
    assert "Kanto" in legend and not any("関東" in x for x in legend)
    both = study.figures.projects(*run(t, top_n=4))
    first = both.axes[0].get_yticklabels()[0].get_text()
    assert first.split("\n") == ["地域産業活性化プロジェクト",
                                 "Regional Industry Revitalization Project (Kanto)"]
    # the bar colour is the region's, never a country's
    bar = both.axes[0].patches[0]
    assert np.allclose(bar.get_facecolor()[:3], to_rgb(figures.REGION_COLORS["Kanto"]))
    note = " ".join(x.get_text() for x in both.texts)
    assert "METI regional bureau" in note
    # the growth chart hatches the bar whose definition may have changed (002 line 16's
    # 中堅・中小企業 against 001 line 101's "SMEs": definition:meti-smes leaves it open)
    growth = study.figures.growth(*run(t, names="en"))
    companies = growth.axes[1]
    assert "one group? the register leaves it open" in companies.get_title(loc="left")
    assert [p.get_hatch() for p in companies.patches] == [None, "///"]
    figures.close_all()


def test_captions_say_when_the_cut_splits_a_tie(t: dict[str, pd.DataFrame]) -> None:
    # 002 lines 27 and 50: TOHOKU and the Kansai Front Runner project both list 32大学, the
    # fifth-largest count: top_n=5 shows one of them
    text = study.figures.projects_caption(
        *run(t, metric="universities", top_n=5, names="en")).plain()
    assert "1 more project ties with the last shown" in text
    # 001: Chubu (lines 349, 362) and Kanto (349, 360, 377) each have three phase I projects
    text = study.figures.groups_caption(*run(t, phase="I", top_n=2, names="en"), t).plain()
    assert "Phase I: 1 more group ties with the last shown" in text
    assert "ties" not in study.figures.groups_caption(*run(t, phase="I"), t).plain()


# --------------------------------------------------------------------------- pure computations


def test_results_are_the_declared_tables_with_their_dtypes(t: dict[str, pd.DataFrame]) -> None:
    results, _ = run(t, phase="both", by="field", top_n=3)
    declared = RESULTS[study.NOTEBOOK]
    assert list(results) == list(declared)
    for name, spec in declared.items():
        assert list(results[name].columns) == spec.columns, name
    # the grouping is a column's value, not a column's name
    assert set(results["groups"]["by"]) == {"field"}
    assert "field" not in results["groups"].columns


def test_by_group_on_tables_passed_in() -> None:
    """Two made-up projects, one listing two fields: it counts in each field, once in the
    projects' sums, and each group cites the name and count lines of its projects."""
    projects = pd.DataFrame({
        "project_id": ["p2:a", "p2:b"], "phase": ["II", "II"], "region": ["Kanto", "Kanto"],
        "region_ja": ["関東", "関東"], "field": ["IT / bio", "bio"],
        "field_source": ["情報・バイオ", "バイオ"], "source": [P002, P002], "line": [10, 20]})
    participants = pd.DataFrame({
        "group_id": ["p2:a", "p2:a", "p2:b", "p2:b"], "group_kind": ["project"] * 4,
        "phase": ["II"] * 4, "participant_type": ["companies", "universities"] * 2,
        "count": [100, 4, 50, 1], "approximate": [False, False, True, False],
        "headline": [True] * 4, "as_of": [2008] * 4,
        "source": [P002] * 4, "line": [11, 11, 21, 21]})
    documents = pd.DataFrame({"source": [P002], "year": [2008], "citation": ["MEXT 2008a"]})
    g = compute.by_group(projects, participants, documents, "II", "field")
    bio, it = one(g, group_en="bio"), one(g, group_en="IT")
    # a sum that takes in one 約 count is approximate; one of exact counts only is not
    assert (bool(bio["companies_approximate"]), bool(it["companies_approximate"])) == (
        True, False)
    assert (bio["n_projects"], bio["multi_field_projects"], bio["companies"],
            bio["universities"]) == (2, 1, 150, 5)
    assert (it["n_projects"], it["companies"], it["group_ja"]) == (1, 100, "情報")
    assert (bio["rank"], it["rank"]) == (1, 2)
    assert bio["companies_share_pct"] == pytest.approx(150 / 250 * 100)  # of the fields' sum
    assert (bio["source"], bio["line"]) == (P002, "10, 11, 20, 21")
    assert set(g["field_basis"]) == {"MEXT 2008a's field words"}
    totals = one(compute.group_totals(projects, participants, g, "II", "field"), phase="II")
    assert (totals["companies_over_projects"], totals["companies_over_groups"]) == (150, 250)


def test_national_totals_are_the_builds_reconciliation(t: dict[str, pd.DataFrame]) -> None:
    """The study shows the processed reconciliation's numbers; it does not sum them again."""
    rec = t["reconciliation"].copy()
    at = rec["check_id"] == "phase2_companies"
    rec.loc[at, ["computed", "difference", "ratio"]] = [10_600.0, -100.0, 10_600 / 10_700]
    out = compute.national_totals(rec, t["participants"]).set_index("measure")
    assert (out.loc["companies", "sum_of_projects"], out.loc["companies", "difference"]) == (
        10_600, -100)
    assert out.loc["companies", "stated"] == 10_700  # 002 line 16: 約10,700社
    rec.loc[at, "n_parts"] = 17  # the build's parts must be the 18 projects the study cites
    with pytest.raises(ClusterAnalysisError, match="17 parts"):
        compute.national_totals(rec, t["participants"])


def test_the_phase_year_and_citation_come_from_the_documents_table(
        t: dict[str, pd.DataFrame]) -> None:
    # phase I has no per-project counts: its year is METI 2005's date (001 line 3)
    g = compute.by_group(t["projects"], t["participants"], t["documents"], "I", "region")
    assert set(g["as_of"]) == {2005}
    docs = t["documents"].copy()
    docs.loc[docs["source"] == P001, ["year", "citation"]] = [2004, "METI (draft)"]
    g = compute.by_group(t["projects"], t["participants"], docs, "I", "field")
    assert set(g["as_of"]) == {2004}
    assert set(g["field_basis"]) == {"METI (draft)'s field lists"}


def test_one_pivot_for_the_guide_and_the_study(t: dict[str, pd.DataFrame],
                                               phase2: pd.DataFrame) -> None:
    wide = compute.project_counts(t["projects"], t["participants"], "II")
    assert len(wide) == 18  # 002 line 14
    # 002 line 37 names 情報ベンチャーの育成, line 38 gives 約840社 3大学
    it = one(wide, project_id="p2:kanto_it_ventures")
    assert (it["name"], it["companies"], it["universities"], it["line"]) == (
        "情報ベンチャーの育成", 840, 3, "37, 38")
    assert (it["companies_as_written"], it["region"]) == ("約840社", "Kanto")
    assert guide.companies_per_university is compute.companies_per_university
    table = guide.companies_per_university(t["projects"], t["participants"])
    both = table.merge(phase2, on="project_id", suffixes=("_guide", "_study"))
    assert len(both) == 18
    assert (both["companies_per_university_guide"]
            == both["companies_per_university_study"]).all()
    with pytest.raises(ClusterAnalysisError, match="phase 'I'"):
        compute.project_counts(t["projects"], t["participants"], "I")


def test_the_examples_caption_says_what_a_wider_count_holds(
        t: dict[str, pd.DataFrame]) -> None:
    """001 line 187 counts TAMA's "65 local/regional government agencies and chamber of
    commerce etc": drawn as local government, so the caption says what the count holds."""
    results, parameters = run(t)
    text = study.figures.examples_caption(results, parameters).plain()
    assert ("Technology Advanced Metropolitan Area (TAMA)'s 'local government' are "
            '"local/regional government agencies and chamber of commerce etc" as written') \
        in text
    assert text.count("as written") == 1  # the other examples' counts are as plain

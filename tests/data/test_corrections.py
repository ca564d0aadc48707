"""The corrected readings and the numbers that were missing, each read from the documents.

Every expected value below was read in data/raw (``cat -n``) by a person; the comment cites
the file and the line. None is copied from the build's output.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest

from clusteranalysis.build import catalogue
from clusteranalysis.metadata import processed, vocab
from clusteranalysis.metadata.lookups import lookup
from clusteranalysis.studies.budgets import compute
from tests.support.data import RAW, one

F001 = "001_fc47ff42475d4a79.txt"
F002 = "002_0f5a4630d1886fda.txt"
F003 = "003_ea909c88cb2d084b.txt"


# --- corrections ----------------------------------------------------------------------------

def test_rda_is_the_2001_allocation_for_local_innovation(t: dict[str, pd.DataFrame]) -> None:
    # 001 line 77: "Department of Trade and Industry (DTI) 10 billion yen (Allocation for
    # local innovation in 2001)": one year's allocation, not the programme's total; "in 2001"
    # does not say whether the calendar year or the UK's financial year 2001-02
    rda = one(t["budgets"], programme_id="uk_rda_clusters")
    assert rda["item"] == "Allocation for local innovation"
    assert (rda.amount, rda.currency, rda.basis) == (10e9, "JPY", "annual")
    assert pd.isna(rda.fiscal_year)
    assert (rda.period_start, rda.period_end, rda.year_basis) == \
        (2001, 2001, "year, basis not stated")
    assert "financial year" in rda.note
    assert rda.raw == "10 billion yen (Allocation for local innovation in 2001)"


def test_boston_headline_counts(t: dict[str, pd.DataFrame]) -> None:
    # 001 line 44: "250 biotech companies (18% of US total). *3 Includes 65 venture
    # companies. 100 medical device companies."
    p = t["participants"]
    boston = p[p.group_id == "cl:boston_city_zone"].set_index("count")
    assert bool(boston.loc[250, "headline"])
    assert not bool(boston.loc[65, "headline"])   # part of the 250
    assert bool(boston.loc[100, "headline"])      # not part of the 250
    assert boston.loc[100, "detail"] == "medical device companies"


def test_daedeok_research_organizations(t: dict[str, pd.DataFrame]) -> None:
    # 001 line 60: "59 research organizations. 25 private sector research institutes. 30
    # government research institutes, 4 institutes of higher education, 7 government
    # organizations." 25 + 30 + 4 = 59; the 7 stand outside the 59.
    p = t["participants"]
    d = p[p.group_id == "cl:daedeok_research_park"].set_index("count")
    assert bool(d.loc[59, "headline"])
    assert [bool(d.loc[n, "headline"]) for n in (25, 30, 4)] == [False, False, False]
    assert sum(d[~d["headline"].astype(bool)].index) == 59   # the parts add up to the 59
    assert d.loc[7, "participant_type"] == "government organizations"
    assert bool(d.loc[7, "headline"])
    nouns = {r["noun"]: r for r in lookup("nouns")}
    assert nouns["government organizations"]["participant_type"] == "government organizations"
    assert "outside" in nouns["government organizations"]["note"]


def test_zhongguancun_universities(t: dict[str, pd.DataFrame]) -> None:
    # 001 line 61: "Qinghua University, Beijing University and 30 other universities"
    u = one(t["participants"], group_id="cl:zhongguan_cun_northwest_beijing",
            participant_type="universities")
    assert (u["count"], u.named) == (32, 2)
    assert u.raw == "Qinghua University, Beijing University and 30 other universities"


def test_approx_governs_both_numbers(t: dict[str, pd.DataFrame]) -> None:
    # 001 line 42: "About 5000 high-tech companies (approx. 1500 manufacturers, 2000 R&D and
    # service companies)": the "approx." opens the parenthesis
    p = t["participants"][t["participants"].group_id == "cl:silicon_valley"]
    rd = one(p, count=2000)
    assert (bool(rd.approximate), rd.qualifier, bool(rd.headline)) == (True, "approx.", False)
    assert not bool(one(p, count=1500).headline)
    assert bool(one(p, count=5000).headline)


def test_second_page_years_are_inferred(t: dict[str, pd.DataFrame]) -> None:
    # 001 line 53: the legend "*1 2003 *2 1999 *3 1997 *4 2004 *5 1998" stands under the
    # first page (lines 42-47); the second page (lines 57-61) uses the marks without it
    p = t["participants"]
    sv = one(p, group_id="cl:silicon_valley", count=5000)        # line 42 "*3"
    assert (sv.as_of, sv.as_of_basis) == (1997, "footnote")
    zgc = one(p, group_id="cl:zhongguan_cun_northwest_beijing", count=10000)  # line 61 "*3"
    assert (zgc.as_of, zgc.as_of_basis) == (1997, "inferred footnote")
    s = t["cluster_scale"]
    oulu = one(s, cluster_id="cl:oulu", measure="population")     # line 58 "* ²"
    assert (oulu.as_of, oulu.as_of_basis) == (1999, "inferred footnote")
    dated = pd.concat([p[p.as_of_basis.isin(["footnote", "inferred footnote"])],
                       s[s.as_of_basis.isin(["footnote", "inferred footnote"])]])
    page = dated["line"].map(lambda n: "first" if n < 53 else "second")
    assert set(dated.as_of_basis[page == "first"]) == {"footnote"}
    assert set(dated.as_of_basis[page == "second"]) == {"inferred footnote"}
    legend = t["footnotes"].sort_values("mark")
    assert list(zip(legend.mark, legend.year, strict=True)) == [
        (1, 2003), (2, 1999), (3, 1997), (4, 2004), (5, 1998)]
    assert set(legend.line) == {53}


def test_planned_after_the_document_date(t: dict[str, pd.DataFrame]) -> None:
    # 001 line 3: "21st June, 2005"; line 289 "<2nd term(2006~10)", line 293 "3rd term
    # (2011 ~ 20)": plans when written. Line 285 "1st term(2001~5)" had started.
    assert catalogue.read(RAW)[F001].date == "2005-06-21"
    tl = t["timeline"].set_index("entity_id")
    for term, planned in (("term1", False), ("term2", True), ("term3", True)):
        row = tl.loc[f"meti_industrial_cluster:{term}"]
        assert bool(row.planned) is planned, term
        assert (row.planned_basis == "after document date") if planned else \
            pd.isna(row.planned_basis)
    # 002 line 128 "…を実施する予定です": planned because the text says so
    assert tl.loc["ev:japan_eu_cluster_forum", "planned_basis"] == "stated"
    # the rule for every document: nothing that is not planned starts after its date
    dates = {f: s.last_day for f, s in catalogue.read(RAW).items()}
    starts = t["timeline"].start_date.fillna(
        pd.to_datetime(t["timeline"].start_year.astype(str) + "-01-01"))
    after = starts > t["timeline"].source.map(lambda f: pd.Timestamp(dates[f]))
    assert t["timeline"].planned[after].all()


def test_each_timeline_entity_once(t: dict[str, pd.DataFrame]) -> None:
    tl, m = t["timeline"], t["timeline_mentions"]
    assert tl.entity_id.is_unique
    # 002 line 9 and line 79 (Cluster Japan 2007), lines 21 and 108 (the Italy workshop),
    # 004 line 121 and 003 line 9 (the 2nd Basic Plan)
    assert sorted(zip(m.entity_id, m.source, m.line, strict=True)) == [
        ("ev:cluster_japan_2007", F002, 79), ("ev:italia_2007_workshop", F002, 108),
        ("plan:st_basic_plan_2", F003, 9)]
    assert one(tl, entity_id="ev:cluster_japan_2007").line == 9


def test_oulu_forums_once(t: dict[str, pd.DataFrame]) -> None:
    # 001 line 85 "Six forums are managed …", line 86 "manages six forums …": one outcome
    o = t["outcomes"]
    forums = o[o.cluster_id == "cl:ouru:fi_centres_of_expertise"]
    assert list(zip(forums["count"], forums.line, strict=True)) == [(6, 85)]
    assert "overseas" in processed.TABLES["outcomes"].description


def test_mext_both_divisors(t: dict[str, pd.DataFrame]) -> None:
    # 003 line 47 "10 areas (consisting of 12 smaller parts) … started the project in
    # July"; line 55 "6 billion yen … FY2002"; line 56 "500 million yen … for each cluster"
    r = t["reconciliation"].set_index("check_id")
    assert (r.loc["mext_clusters_budget", "computed"], r.loc["mext_clusters_budget", "stated"]) \
        == (5e9, 6e9)
    assert round(r.loc["mext_clusters_budget", "ratio"], 2) == 0.83
    assert r.loc["mext_parts_budget", "computed"] == 6e9
    assert r.loc["mext_parts_budget", "ratio"] == 1.0
    meaning = r.loc["mext_parts_budget", "meaning"]
    assert "12 smaller parts" in meaning and "exactly" in meaning
    assert "July 2002" in meaning and "FY2002 was a part year" in meaning


def test_reconciliation_words_only_in_the_lookup() -> None:
    words = r"\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\b"
    for row in lookup("reconciliation"):
        assert not re.search(r"\d", row["meaning"]), row["check_id"]
        assert not re.search(words, row["meaning"], re.IGNORECASE), row["check_id"]


def test_reconciliation_numbers_come_from_the_data(t: dict[str, pd.DataFrame]) -> None:
    r = t["reconciliation"].set_index("check_id")
    # 002 lines 24-92 add to 538 universities against 約290 (line 18)
    assert "538" in r.loc["phase2_universities", "meaning"]
    assert "290" in r.loc["phase2_universities", "meaning"]
    # 001 line 138: $540 million ($470 million): grows by $70 million
    assert "$70 million" in r.loc["meti_budget_change", "meaning"]


def test_crosswalk_certain_only_for_the_same_name(t: dict[str, pd.DataFrame]) -> None:
    cw = t["crosswalk"].set_index("phase1_id")
    projects = t["projects"].set_index("project_id")
    certain = cw[cw.confidence == "certain"]
    # 001 line 388 "(K-RIP)" and 002 line 59 "（K-RIP）": the only name both documents write
    assert list(certain.index) == ["p1:kyushu_krip"]
    for pid, link in certain.iterrows():
        assert link.shared_name in projects.loc[pid, "name"]
        assert link.shared_name in projects.loc[link.phase2_id, "name_nfkc"]
    assert cw.loc["p1:hokkaido_super_cluster", "confidence"] == "likely"  # a translation
    assert "TAMA" not in cw.loc["p1:kanto_regional", "note"]  # 001 links no TAMA to it


def test_regions_by_the_bureau_rule(t: dict[str, pd.DataFrame]) -> None:
    pr = t["projects"].set_index("project_id")
    # 001 line 349 "Project to Create Manufacturing Industry in Hokuriku," — no region in
    # parentheses; 002 lines 40-45 list 北陸 inside the Tokai block with no blank line
    assert pr.loc["p1:hokuriku_manufacturing", "region"] == "Chubu"
    assert pr.loc["p1:hokuriku_manufacturing", "region_basis"] == "name"
    assert pr.loc["p2:hokuriku_manufacturing", "region"] == "Chubu"
    assert pr.loc["p2:hokuriku_manufacturing", "region_basis"] == "block"
    # 001 line 349 "(Chubu)" after the Tokai manufacturing project: stated
    assert pr.loc["p1:tokai_manufacturing", "region_basis"] == "stated"
    # 002 names no region for the two Chugoku projects (lines 66-69)
    assert pr.loc["p2:chugoku_next_generation", "region_basis"] == "reviewed"
    assert pr.region_basis.notna().all()
    note = {r["written"]: r["note"] for r in lookup("regions")}["Hokuriku"]
    assert "no region in parentheses" in note and "Tokai block" in note
    assert "Hokuriku" not in set(pr.region)


def test_fiscal_years_and_programmes_from_the_data(t: dict[str, pd.DataFrame]) -> None:
    # 001 line 136 "FY2005 draft budget (FY2004)": the study reads the years from the rows
    assert compute.meti_years(t["budgets"]) == (2004, 2005)
    later = t["budgets"].assign(fiscal_year=t["budgets"]["fiscal_year"] + 1)
    assert compute.meti_years(later) == (2005, 2006)
    # the programmes the study names are the vocabulary's: METI's draft (001 line 138) and
    # MEXT's per-cluster budget (003 line 56)
    b = t["budgets"]
    assert set(b.loc[b["status"] == "draft", "programme_id"]) == {vocab.METI_CLUSTER}
    assert set(b.loc[b["basis"] == "per_cluster_per_year", "programme_id"]) == \
        {vocab.MEXT_KNOWLEDGE_CLUSTER}


# --- numbers that were in no table ----------------------------------------------------------

@pytest.mark.parametrize(
    ("line", "table", "column", "value", "check"),
    [
        # 001 line 356 "The market scale of new biotechnology industry is 1,300 billion
        # circle" (円, yen)
        (356, "indicators", "indicator", "market scale", {"value": 1.3e12, "unit": "JPY"}),
        # 001 line 44 "(18% of US total)"
        (44, "cluster_scale", "measure", "share of national total", {"value": 18.0}),
        # 001 line 57 "20% of Germany's biotechnology workforce", "10km from central Munich"
        (57, "cluster_scale", "measure", "share of national total", {"value": 20.0}),
        (57, "cluster_scale", "measure", "distance", {"value": 10.0, "unit": "km"}),
        # 001 line 42 "about 50km long and 15km across"
        (42, "cluster_scale", "measure", "length", {"value": 50.0, "approximate": True}),
        (42, "cluster_scale", "measure", "width", {"value": 15.0, "unit": "km"}),
        # 001 line 45 "20km long and 30km wide", "Three cities", "Three universities"
        (45, "cluster_scale", "measure", "length", {"value": 20.0}),
        (45, "cluster_scale", "measure", "width", {"value": 30.0}),
        (45, "cluster_scale", "measure", "cities", {"value": 3.0}),
        (45, "participants", "participant_type", "universities", {"count": 3}),
        # 001 line 47 "Five universities including Durham, Newcastle, and Northumbria"
        (47, "participants", "participant_type", "universities", {"count": 5}),
        # 001 line 60 "300 tech ventures created since 1995", "approx. 5 kilometers"
        (60, "participants", "participant_type", "ventures", {"count": 300, "since": 1995}),
        (60, "cluster_scale", "measure", "distance", {"value": 5.0, "approximate": True}),
        # 001 line 61 "Increasing at the rate of 2000 companies every year"
        (61, "cluster_scale", "measure", "company growth",
         {"value": 2000.0, "unit": "companies per year"}),
        # 001 line 63 "4 case studies on the research triangles and 4 other areas in 2001"
        (63, "indicators", "indicator", "case studies undertaken", {"value": 4.0, "year": 2001}),
        # 001 line 301 "A plan period is made into five years"
        (301, "indicators", "indicator", "plan period", {"value": 5.0, "unit": "years"}),
        # 001 line 379 "three eco-town plans"
        (379, "indicators", "indicator", "eco-town plans", {"value": 3.0}),
        # 001 line 211 "(April, 2002)"
        (211, "timeline", "entity_id", "ev:open_soap_venture",
         {"start_date": pd.Timestamp(2002, 4, 1), "start_precision": "month"}),
    ],
)
def test_missing_numbers_are_read(t: dict[str, pd.DataFrame], line: int, table: str,
                                  column: str, value: str, check: dict[str, object]) -> None:
    rows = t[table][(t[table].source == F001) & (t[table].line == line)
                    & (t[table][column] == value)]
    assert len(rows) == 1, rows
    row = rows.iloc[0]
    for k, v in check.items():
        assert row[k] == v, k


def test_missing_numbers_in_the_japanese_and_mext_documents(t: dict[str, pd.DataFrame]
                                                            ) -> None:
    # 002 line 79 "「地域クラスターセミナー」を地方で3回開催"
    seminars = one(t["indicators"], source=F002, line=79)
    assert (seminars.subject_id, seminars.value, seminars.unit) == \
        ("ev:regional_cluster_seminars_fy2007", 3.0, "times")
    # 003 lines 55-56 "(approximately US \$ 50 M, £ 50 M)", "(approximately US \$ 4.2 M, £
    # 4.2 M)": stated figures, approximate
    eq = t["budget_equivalents"].set_index(["item", "currency"])["amount"]
    assert eq.to_dict() == {("national budget", "USD"): 50e6, ("national budget", "GBP"): 50e6,
                            ("per cluster", "USD"): 4.2e6, ("per cluster", "GBP"): 4.2e6}
    assert t["budget_equivalents"].approximate.all()
    # 003 line 39 "Road to the CLUSTER (FY 2000-2001)"
    road = one(t["timeline"], entity_id="mext_knowledge_cluster:road")
    assert (road.start_year, road.end_year, road.start_precision, road.line) == \
        (2000, 2001, "fiscal year", 39)
    # 001 lines 202-203 "%2001fy~2003fy", "(IT•biotechnology fields 40 companies)";
    # line 209 "+ 7 universities .etc + 5 companies"
    assert one(t["outcomes"], line=203, headline=False)["count"] == 40
    monotech = t["participants"][t["participants"].line == 209]
    assert dict(zip(monotech.participant_type, monotech["count"], strict=True)) == \
        {"universities": 7, "companies": 5}


@pytest.mark.parametrize(
    ("source", "line", "text", "table"),
    [(F001, 356, "1,300", "indicators"), (F001, 44, "18", "cluster_scale"),
     (F001, 45, "Three", "cluster_scale"), (F001, 45, "Three", "participants"),
     (F001, 47, "Five", "participants"), (F001, 60, "1995", "participants"),
     (F001, 61, "2000", "cluster_scale"), (F001, 63, "2001", "indicators"),
     (F001, 202, "2001", "outcomes"), (F001, 203, "40", "outcomes"),
     (F001, 209, "7", "participants"), (F001, 211, "2002", "timeline"),
     (F001, 301, "five", "indicators"), (F001, 379, "three", "indicators"),
     (F002, 79, "3", "indicators"), (F003, 55, "50", "budget_equivalents"),
     (F003, 56, "4.2", "budget_equivalents"), (F003, 39, "2000", "timeline")],
)
def test_ledger_marks_them_read(t: dict[str, pd.DataFrame], source: str, line: int,
                                text: str, table: str) -> None:
    c = t["coverage"]
    rows = c[(c.source == source) & (c.line == line) & (c.text == text)]
    assert len(rows) >= 1
    assert (rows.status == "read").all()
    assert any(table in str(x).split("; ") for x in rows.table)


# --- issue 17: readings worded as what the documents carry ---------------------------------

def test_the_first_term_count_is_not_a_plan(t: dict[str, pd.DataFrame]) -> None:
    # 001 line 285 "<1st term(2001~5) Industrial cluster's starting term>", line 287 "about
    # 20 are started as an industrial cluster planned project": projects started in a term
    # that had begun when the document was written (21 June 2005, line 3); "planned project"
    # is the plan's name (計画), not a planned count
    row = one(t["participants"], source=F001, line=287)
    assert row.raw == "about 20 are started"
    assert "planned" not in row.detail
    assert (row["count"], bool(row.approximate), row.as_of) == (20, True, 2001)


def test_the_mext_per_cluster_years_are_inferred(t: dict[str, pd.DataFrame]) -> None:
    # 003 line 56 "each FY (5 years as a total)" gives five years, not which; line 47 "in FY
    # 2002, and actually started the project in July"
    pc = one(t["budgets"], programme_id=vocab.MEXT_KNOWLEDGE_CLUSTER, item="per cluster")
    assert (pc.period_start, pc.period_end, pc.period_years) == (2002, 2006, 5)
    assert "inferred" in pc.note


def test_reconciliation_inferences_are_worded_as_inferences(t: dict[str, pd.DataFrame]
                                                             ) -> None:
    # 002: the projects' 約 counts add up to about the stated 約10,700 (line 16) and to 538
    # university places against 約290 universities (line 18): consistent with, not proof of,
    # each company counted once and universities in several projects
    r = t["reconciliation"].set_index("check_id")["meaning"]
    for check in ("phase2_companies", "phase2_universities"):
        assert "consistent with" in r[check]
        assert ", so " not in r[check]
        assert "do not say" in r[check] or "does not show" in r[check]

"""Table tests: expected values read from the documents by a person (file, line, text).

Each expectation cites where it stands in data/raw, so a reviewer can check it by eye.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

import clusteranalysis as ca
from clusteranalysis.build.rawdoc import split_lines
from clusteranalysis.metadata.processed import TABLES
from tests.support.data import RAW, one

F000 = "000_7b3e377257c25d7a.txt"
F001 = "001_fc47ff42475d4a79.txt"
F002 = "002_0f5a4630d1886fda.txt"
F003 = "003_ea909c88cb2d084b.txt"
F004 = "004_900bb6791dcdb13c.txt"


def test_tables_listed() -> None:
    assert ca.tables() == list(TABLES)
    for required in ("budgets", "participants", "timeline", "programmes", "projects",
                     "clusters", "crosswalk", "reconciliation"):
        assert required in ca.tables()


def test_every_fact_row_traces_to_its_line(t: dict[str, pd.DataFrame]) -> None:
    """source, line and raw: the raw text stands verbatim on that line of that file."""
    lines = {p.name: split_lines(p.read_text(encoding="utf-8")) for p in RAW.glob("*.txt")}
    checked = 0
    for name, df in t.items():
        if "raw" not in df.columns:
            continue
        for row in df.itertuples():
            text = lines[row.source][row.line - 1]
            assert row.raw in text, f"{name}: {row.raw!r} not on {row.source}:{row.line}"
            checked += 1
    assert checked > 250


# --- budgets ----------------------------------------------------------------------------------

def test_meti_budget_totals(t: dict[str, pd.DataFrame]) -> None:
    # 001 line 138: "The national budget for the Industrial Cluster Projects \$540 million
    # (\$470 million)", under "FY2005 draft budget (FY2004)" (line 136)
    b = t["budgets"]
    fy05 = one(b, programme_id="meti_industrial_cluster", item="total", fiscal_year=2005)
    assert (fy05.amount, fy05.currency, fy05.status, fy05.line) == (540e6, "USD", "draft", 138)
    fy04 = one(b, programme_id="meti_industrial_cluster", item="total", fiscal_year=2004)
    assert (fy04.amount, fy04.status, fy04.raw) == (470e6, "previous year", "\\$470 million")


@pytest.mark.parametrize(
    ("line", "fy2005", "fy2004"),
    [(142, 19e6, 6.5e6), (146, 5.0e6, None), (150, 0.8e6, None), (158, 131e6, 110e6),
     (166, 61e6, 59e6), (176, 22e6, 22e6), (180, 1.2e6, 0.8e6)],
)
def test_meti_budget_items(t: dict[str, pd.DataFrame], line: int, fy2005: float,
                           fy2004: float | None) -> None:
    # 001 lines 142-180; "(new)" items (146, 150) have no FY2004 figure
    items = t["budgets"][(t["budgets"].source == F001) & (t["budgets"].line == line)]
    by_year = dict(zip(items.fiscal_year, items.amount, strict=True))
    assert by_year[2005] == pytest.approx(fy2005)
    if fy2004 is None:
        assert 2004 not in by_year
        assert bool(items.is_new.iloc[0])
    else:
        assert by_year[2004] == pytest.approx(fy2004)


def test_item_split_over_two_lines(t: dict[str, pd.DataFrame]) -> None:
    # 001 line 174 "①Strengthening the function of incubation", amounts on line 176
    row = one(t["budgets"], line=176, fiscal_year=2005)
    assert row["item"] == "Strengthening the function of incubation"
    assert row.category == "Strengthening the function of incubation"


def test_overseas_programme_budgets(t: dict[str, pd.DataFrame]) -> None:
    # 001 line 77
    b = t["budgets"][t["budgets"].item == "total"]
    assert "uk_rda_clusters" not in set(b.programme_id)  # it states no total: see below
    mnt = one(b, programme_id="uk_mnt_network")
    assert (mnt.amount, mnt.approximate, mnt.period_years) == (18e9, True, 6)
    bio = one(b, programme_id="de_bioregio")
    assert (bio.amount, bio.period_years, bio.period_start, bio.period_end) == \
        (12e9, 5, 1996, 2001)
    inno = one(b, programme_id="de_innoregio")
    assert (inno.amount, inno.period_years) == (28e9, 6)
    fin = one(b, programme_id="fi_centres_of_expertise")
    assert (fin.amount, fin.qualifier, fin.period_start, fin.period_end) == \
        (2.8e9, "About", 1994, 2004)
    parts = t["budgets"][(t["budgets"].programme_id == "uk_mnt_network")
                         & (t["budgets"].item != "total")]
    assert sorted(parts.amount) == [8e9, 10e9]


def test_knowledge_cluster_budget(t: dict[str, pd.DataFrame]) -> None:
    # 003 line 55 "○6 billion yen (approximately US \$ 50 M, £ 50 M), FY2002"
    nat = one(t["budgets"], programme_id="mext_knowledge_cluster", item="national budget")
    assert (nat.amount, nat.currency, nat.fiscal_year, nat.line) == (6e9, "JPY", 2002, 55)
    # 003 line 56 "○500 million yen (...) for each cluster, each FY (5 years as a total)"
    per = one(t["budgets"], programme_id="mext_knowledge_cluster", item="per cluster")
    assert (per.amount, per.basis, per.period_years) == (500e6, "per_cluster_per_year", 5)
    # 003 line 59 "(calculated as US 1 = £1 = ¥120)"
    rates = t["exchange_rates"]
    assert one(rates, from_currency="USD").rate == 120
    assert one(rates, from_currency="GBP").line == 59


# --- participants -----------------------------------------------------------------------------

def test_phase2_records(t: dict[str, pd.DataFrame]) -> None:
    p = t["participants"]
    phase2 = p[(p.group_kind == "project") & (p.phase == "II")]
    assert phase2.group_id.nunique() == 18
    # 002 line 34: Kanto regional project "ものづくり分野　約2,240社　130大学", its record
    # starting at line 30 and its sub-networks on lines 31-33
    kanto = phase2[phase2.group_id == "p2:kanto_regional"]
    assert dict(zip(kanto.participant_type, kanto["count"], strict=True)) == \
        {"companies": 2240, "universities": 130}
    assert set(kanto.line) == {34}
    assert kanto.set_index("participant_type").loc["companies", "qualifier"] == "約"
    # 002 line 92: Okinawa's numbers share a line with the heading "2. 国際展開"
    okinawa = phase2[phase2.group_id == "p2:okinawa"]
    assert dict(zip(okinawa.participant_type, okinawa["count"], strict=True)) == \
        {"companies": 400, "universities": 7}
    assert set(okinawa.line) == {92}
    # 002 line 56: Shikoku's field and counts are on separate lines (55, 56)
    shikoku = phase2[phase2.group_id == "p2:shikoku_techno_bridge"]
    assert set(shikoku["count"]) == {460, 12}
    assert (phase2.as_of == 2008).all()   # 002 line 18 "数値は平成20年現在"


def test_phase2_stated_totals(t: dict[str, pd.DataFrame]) -> None:
    p = t["participants"]
    comp = one(p, group_id="meti_industrial_cluster", phase="II", participant_type="companies")
    assert (comp["count"], comp.approximate, comp.line, comp.raw) == (10700, True, 16,
                                                                     "約10,700社")
    uni = one(p, group_id="meti_industrial_cluster", phase="II",
              participant_type="universities")
    assert (uni["count"], uni.line, uni.as_of) == (290, 18, 2008)
    assert one(p, group_id="meti_industrial_cluster", phase="II",
               participant_type="projects")["count"] == 18   # line 14


def test_phase1_totals(t: dict[str, pd.DataFrame]) -> None:
    # 001 line 101: "A total of 19 projects ... about 500 of government staff ... 5,800 SMEs
    # and over 220 regional-university researchers"
    p = t["participants"]
    rows = p[(p.group_id == "meti_industrial_cluster") & (p.phase == "I") & (p.line == 101)]
    counts = dict(zip(rows.participant_type, rows["count"], strict=True))
    assert counts == {"projects": 19, "government staff": 500, "smes": 5800,
                      "researchers": 220}
    assert one(rows, participant_type="researchers").lower_bound
    assert one(rows, participant_type="government staff").approximate
    assert rows.headline.all()


@pytest.mark.parametrize(
    ("cluster", "line", "expected"),
    [
        ("cl:tama", 187, {"companies": 280, "academic institutions": 35,
                          "local government": 65, "financial institutions": 11}),
        ("cl:kinki_bio_five_star", 195, {"companies": 230, "academic institutions": 50,
                                         "local government": 9, "financial institutions": 19}),
        ("cl:hokkaido_super_cluster", 201, {"companies": 360, "academic institutions": 21,
                                            "local government": 6,
                                            "financial institutions": 42}),
    ],
)
def test_example_clusters(t: dict[str, pd.DataFrame], cluster: str, line: int,
                          expected: dict[str, int]) -> None:
    rows = t["participants"][t["participants"].group_id == cluster]
    assert dict(zip(rows.participant_type, rows["count"], strict=True)) == expected
    assert set(rows.line) == {line}


def test_example_outcomes(t: dict[str, pd.DataFrame]) -> None:
    o = t["outcomes"]
    # 001 line 188 " more than 40 alliances have so far been formed"
    alliances = one(o, cluster_id="cl:tama", line=188)
    assert (alliances["count"], alliances.lower_bound) == (40, True)
    # 001 line 197 "Support for the establishment of 20 bio-ventures."
    assert one(o, cluster_id="cl:kinki_bio_five_star", line=197)["count"] == 20
    # 001 line 203 "47 university-generated venture businesses have been launched(IT•
    # biotechnology fields 40 companies)": 40 of the 47 are a part, not an outcome of its own
    ventures = one(o, cluster_id="cl:hokkaido_super_cluster", line=203, headline=True)
    assert ventures["count"] == 47
    part = one(o, cluster_id="cl:hokkaido_super_cluster", line=203, headline=False)
    assert (part["count"], part.raw) == (40, "(IT•biotechnology fields 40 companies)")
    # 001 line 202 "%2001fy~2003fy": the 31 activities count over FY2001-FY2003
    joint = one(o, cluster_id="cl:hokkaido_super_cluster", line=202)
    assert (joint["count"], joint.period_start, joint.period_end, joint.year_basis) == \
        (31, 2001, 2003, "fiscal year")


def test_programme_examples(t: dict[str, pd.DataFrame]) -> None:
    # 001 line 86: "15 incubation institutions are established" (Southeast British),
    # "(about 80 personnel)" (Northeast Britain); line 85 "Six forums" (OURU)
    o = t["outcomes"]
    assert one(o, cluster_id="cl:southeast_british:uk_rda_clusters")["count"] == 15
    assert set(o[o.cluster_id == "cl:ouru:fi_centres_of_expertise"]["count"]) == {6}
    people = one(t["participants"], group_id="cl:northeast_britain:uk_mnt_network")
    assert (people["count"], people.approximate, people.line) == (80, True, 86)
    # 001 line 287: "about 20 are started as an industrial cluster planned project"
    started = one(t["participants"], group_id="meti_industrial_cluster", line=287)
    assert (started["count"], started.approximate, started.headline) == (20, True, False)


def test_overseas_clusters(t: dict[str, pd.DataFrame]) -> None:
    c = t["clusters"]
    overseas = c[(c.kind == "overseas high-tech") & (c.source == "001_fc47ff42475d4a79.txt")]
    # 001 lines 42-47 and 57-61: 11 rows over two pages
    assert len(overseas) == 11
    assert set(overseas.line) == {42, 43, 44, 45, 46, 47, 57, 58, 59, 60, 61}
    # a blank country cell is "same as above": Austin (line 43) is in the U.S.
    assert one(overseas, line=43).country == "United States"
    assert one(overseas, line=57).country == "Germany"   # written "Ger- many"
    p = t["participants"]
    # line 42: "About 5000 high-tech companies (...)*3" and *3 = 1997 (line 53)
    sv = one(p, group_id="cl:silicon_valley", headline=True, participant_type="companies")
    assert (sv["count"], sv.as_of, sv.approximate) == (5000, 1997, True)
    # line 46: "1250 high-tech companies, including about 150 biotech companies*5" (*5 = 1998)
    cam = one(p, group_id="cl:cambridge", headline=True, participant_type="companies")
    assert (cam["count"], cam.as_of) == (1250, 1998)
    # line 58: "500 or more high-tech company in Technopolis"
    oulu = one(p, group_id="cl:oulu", participant_type="companies")
    assert (oulu["count"], oulu.lower_bound, oulu.qualifier) == (500, True, "or more")
    # line 61: "10,000 companies. Increasing at the rate of 2000 companies every year. *3"
    zgc = p[(p.group_id == "cl:zhongguan_cun_northwest_beijing")
            & (p.participant_type == "companies")]
    assert list(zgc["count"]) == [10000]


def test_cluster_scale(t: dict[str, pd.DataFrame]) -> None:
    s = t["cluster_scale"]
    # 001 line 46 "Workforce within 50km radius of central Cambridge: 32,000+ *5"
    cam = one(s, cluster_id="cl:cambridge", measure="workforce")
    assert (cam.value, cam.qualifier, cam.as_of) == (32000, "+", 1998)
    # 001 line 58 "Population: 1,240,000* ²" (second page reuses the legend: *2 = 1999)
    oulu = one(s, cluster_id="cl:oulu", measure="population")
    assert (oulu.value, oulu.as_of) == (1240000, 1999)
    # 001 line 59 "24 square kilometers Employees: 22,000"
    assert one(s, cluster_id="cl:sofia_antipolis", measure="area").value == 24


def test_programme_areas(t: dict[str, pd.DataFrame]) -> None:
    # 001 line 78
    p = t["participants"]
    fin = p[p.group_id == "fi_centres_of_expertise"]
    assert one(fin, headline=True)["count"] == 22
    assert sorted(fin[~fin.headline.astype(bool)]["count"]) == [6, 8, 8]
    assert one(p, group_id="de_innoregio")["count"] == 23
    bio = p[p.group_id == "de_bioregio"]
    assert sorted(bio["count"]) == [3, 14]
    rda = p[p.group_id == "uk_rda_clusters"]
    assert one(rda, headline=True)["count"] == 12


def test_knowledge_cluster_areas(t: dict[str, pd.DataFrame]) -> None:
    # 003 line 43 "studies were done in 30 areas"; line 47 "10 areas (consisting of 12
    # smaller parts)"
    p = t["participants"][t["participants"].group_id == "mext_knowledge_cluster"]
    assert set(zip(p.line, p["count"], strict=True)) == {(43, 30), (47, 10), (47, 12)}


def test_france(t: dict[str, pd.DataFrame]) -> None:
    # 000 line 9 "launched in July 2005 ... selected 71 projects as competitiveness clusters"
    row = one(t["participants"], group_id="fr_poles_de_competitivite")
    assert (row["count"], row.as_of, row.line) == (71, 2005, 9)
    launch = one(t["timeline"], entity_id="fr_poles_de_competitivite")
    assert launch.start_date == pd.Timestamp(2005, 7, 1)
    assert (launch.start_precision, bool(launch.open_ended)) == ("month", True)
    target = one(t["targets"], programme_id="fr_poles_de_competitivite")
    assert (target.value, target.unit, target.line) == (3.0, "% of GDP", 10)
    sectors = t["sectors"][t["sectors"].programme_id == "fr_poles_de_competitivite"]
    assert len(sectors) == 6   # line 11
    assert "food industry" in set(sectors.sector)


# --- dimensions -------------------------------------------------------------------------------

def test_projects(t: dict[str, pd.DataFrame]) -> None:
    pr = t["projects"]
    assert (pr.phase == "I").sum() == 19   # 001 line 99 "(19Projects)"
    assert (pr.phase == "II").sum() == 18  # 002 line 14 "18プロジェクト"
    tohoku = one(pr, project_id="p2:tohoku_monozukuri_corridor")
    assert tohoku["name"] == "ＴＯＨＯＫＵものづくりコリドー"   # original form kept
    assert tohoku.name_nfkc == "TOHOKUものづくりコリドー"
    # 002 lines 58-59: the K-RIP name is split over two lines
    krip = one(pr, project_id="p2:kyushu_krip")
    assert krip.name_nfkc == "九州地域環境・リサイクル産業交流プラザ(K-RIP)"
    assert krip.line == 58
    # 001: Kyushu Silicon is in the manufacturing (line 349) and IT (line 377) lists
    fields = t["project_fields"]
    assert sorted(fields[fields.project_id == "p1:kyushu_silicon"].line) == [349, 377]
    assert one(pr, project_id="p1:kyushu_silicon").field == "manufacturing / IT"
    assert len(fields[fields.source == "001_fc47ff42475d4a79.txt"]) == 9 + 4 + 4 + 4
    subnetworks = t["subnetworks"][t["subnetworks"].source == "002_0f5a4630d1886fda.txt"]
    assert len(subnetworks) == 6    # 002 lines 31-33
    assert "首都圏西部（ＴＡＭＡ）" in set(t["subnetworks"]["name"])


def test_crosswalk(t: dict[str, pd.DataFrame]) -> None:
    cw = t["crosswalk"]
    assert set(cw.phase1_id) == set(t["projects"].query("phase == 'I'").project_id)
    # 001 line 349 "Shikoku Techno Bridge Plan" (English, 2005) and 002 line 54
    # "四国テクノブリッジ計画" (Japanese, 2008): a translation judgement, not the same name
    assert one(cw, phase1_id="p1:shikoku_techno_bridge").confidence == "likely"
    assert one(cw, phase1_id="p1:tohoku_recycling").phase2_id is pd.NA


def test_programmes(t: dict[str, pd.DataFrame]) -> None:
    pg = t["programmes"].set_index("programme_id")
    assert pg.loc["de_innoregio", "name"] == "Germany INOREGIO"
    assert pg.loc["uk_rda_clusters", "ministry"] == "Department of Trade and Industry (DTI)"
    assert pg.loc["mext_knowledge_cluster", "ministry"] == "文部科学省"
    assert pg.loc["fr_poles_de_competitivite", "ministry"] == "Ministry of Economy and Finance"


# --- timeline ---------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("pattern", "start", "end", "open_ended", "planned_end", "line"),
    [
        ("Industrial Relocation Promotion Law", 1972, None, True, False, 17),
        ("High-tech Industrial Zone Promotion Act", 1983, 1998, False, False, 18),
        ("Knowledge-intensive Industry Location Act", 1988, 1998, False, False, 19),
        ("Law for Facilitating the Creation of New Business", 1998, None, True, False, 29),
    ],
)
def test_laws(t: dict[str, pd.DataFrame], pattern: str, start: int, end: int | None,
              open_ended: bool, planned_end: bool, line: int) -> None:
    tl = t["timeline"]
    row = one(tl[tl.kind == "law"], entity=pattern)
    assert row.start_year == start
    assert (row.end_year is pd.NA) if end is None else (row.end_year == end)
    assert (bool(row.open_ended), bool(row.planned_end), row.line) == \
        (open_ended, planned_end, line)


def test_programme_timeframes(t: dict[str, pd.DataFrame]) -> None:
    # 001 line 76: 1999~ | 2003~(2008) | 1996~2001 | 1999~(2006) | 1994~(2004)
    tl = t["timeline"].set_index("entity_id")
    assert bool(tl.loc["uk_rda_clusters", "open_ended"])
    assert (tl.loc["uk_mnt_network", "end_year"], bool(tl.loc["uk_mnt_network",
                                                               "planned_end"])) == (2008, True)
    assert tl.loc["de_bioregio", "end_year"] == 2001
    assert not bool(tl.loc["de_bioregio", "planned_end"])
    assert bool(tl.loc["fi_centres_of_expertise", "planned_end"])


def test_cluster_terms(t: dict[str, pd.DataFrame]) -> None:
    # 001 lines 285, 289, 293: 2001~5, 2006~10, 2011 ~ 20
    tl = t["timeline"]
    terms = tl[(tl.kind == "programme phase")
               & tl.entity_id.str.startswith("meti_industrial_cluster:")].sort_values("start_year")
    assert list(zip(terms.start_year, terms.end_year, strict=True)) == \
        [(2001, 2005), (2006, 2010), (2011, 2020)]
    assert list(terms.line) == [285, 289, 293]


def test_basic_plans(t: dict[str, pd.DataFrame]) -> None:
    # 004 lines 119-123: 平成8～12年度, 平成13～17年度, 平成18～22年度 (fiscal years)
    tl = t["timeline"]
    plans = tl[(tl.source == F004) & tl.entity_id.str.startswith("plan:st_basic_plan")]
    got = sorted(zip(plans.start_year, plans.end_year, strict=True))
    assert got == [(1996, 2000), (2001, 2005), (2006, 2010)]
    first = one(plans, line=119)
    assert first.start_date == pd.Timestamp(1996, 4, 1)
    assert first.end_date == pd.Timestamp(2001, 3, 31)
    assert first.start_precision == "fiscal year"
    strategy = one(tl, entity_id="plan:regional_revitalisation_strategy_2008")
    assert (strategy.start_date, strategy.line) == (pd.Timestamp(2008, 5, 19), 96)


@pytest.mark.parametrize(
    ("line", "start", "end", "precision"),
    [(9, date(2007, 11, 28), date(2007, 11, 30), "day"),
     (12, date(2008, 6, 14), date(2008, 6, 15), "day"),
     (21, date(2007, 6, 4), date(2007, 6, 5), "day"),
     (116, date(2008, 4, 1), None, "month"),
     (79, date(2007, 4, 1), date(2008, 3, 31), "fiscal year")],
)
def test_events(t: dict[str, pd.DataFrame], line: int, start: date, end: date | None,
                precision: str) -> None:
    tl = t["timeline"]
    rows = tl[(tl.source == F002) & (tl.line == line)]
    assert len(rows) >= 1
    for row in rows.itertuples():   # line 79 dates two events (seminars, Cluster Japan 2007)
        assert row.start_date == pd.Timestamp(start)
        assert (row.end_date is pd.NaT) if end is None else \
            (row.end_date == pd.Timestamp(end))
        assert row.start_precision == precision


def test_planned_events(t: dict[str, pd.DataFrame]) -> None:
    # 002 lines 124-128: held in 平成20年12月 "… を実施する予定です" (planned)
    forum = one(t["timeline"], entity_id="ev:japan_eu_cluster_forum")
    assert bool(forum.planned)
    assert forum.start_date == pd.Timestamp(2008, 12, 1)


def test_cluster_history(t: dict[str, pd.DataFrame]) -> None:
    tl = t["timeline"].set_index("entity_id")
    # 001 line 59 "Ventures have been created since the 1990s.": still going, open-ended
    sophia = tl.loc["cl:sofia_antipolis:1990s"]
    assert (sophia.start_year, bool(sophia.open_ended)) == (1990, True)
    # 001 line 42 "Science park established in the 1950s.": a decade, closed
    sv = tl.loc["cl:silicon_valley:1950s"]
    assert (sv.start_year, sv.end_year, sv.start_precision) == (1950, 1959, "decade")
    # 001 line 45 "Spin-offs GSK increased in the 90s." (two-digit decade)
    assert tl.loc["cl:research_triangle_park_north_carolina:1990s", "start_year"] == 1990
    # 001 line 101 "(FY2001 ~)": Japan's fiscal year starts in April
    meti = tl.loc["meti_industrial_cluster"]
    assert (meti.start_date, bool(meti.open_ended)) == (pd.Timestamp(2001, 4, 1), True)


def test_knowledge_cluster_milestones(t: dict[str, pd.DataFrame]) -> None:
    tl = t["timeline"].set_index("entity_id")
    assert tl.loc["ev:kc_task_force", "start_year"] == 2000        # 003 line 41
    assert tl.loc["ev:kc_proposals_accepted", "start_date"] == pd.Timestamp(2002, 1, 1)
    start = tl.loc["mext_knowledge_cluster"]                        # 003 line 47
    assert (start.start_date, start.start_precision) == (pd.Timestamp(2002, 7, 1), "month")


# --- reconciliation ---------------------------------------------------------------------------

def test_reconciliation(t: dict[str, pd.DataFrame]) -> None:
    r = t["reconciliation"].set_index("check_id")
    # 002: the 18 company counts (lines 24-92) add to 10,690 against 約10,700
    assert (r.loc["phase2_companies", "stated"], r.loc["phase2_companies", "computed"]) == \
        (10700, 10690)
    # universities: 28+32+130+8+3+26+52+17+56+32+21+12+41+10+5+28+30+7 = 538 against 約290
    assert r.loc["phase2_universities", "computed"] == 538
    assert "several projects" in r.loc["phase2_universities", "meaning"]
    # 001: FY2005 items 19+5+0.8+131+61+22+1.2 = 240 of 540; FY2004 6.5+110+59+22+0.8 = 198.3
    assert r.loc["meti_budget_draft", "computed"] == pytest.approx(240e6)
    assert r.loc["meti_budget_previous_year", "computed"] == pytest.approx(198.3e6)
    assert "FY2005" in r.loc["meti_budget_draft", "description"]   # line 136, from the data
    # FY2004 total 470 plus the items' change (240 - 198.3) = 511.7, against 540 stated
    assert r.loc["meti_budget_change", "computed"] == pytest.approx(511.7e6)
    assert r.loc["uk_mnt_budget", "difference"] == 0
    assert r.loc["mext_usd_per_cluster", "computed"] == pytest.approx(500e6 / 120)
    assert r.loc["mext_clusters_budget", "computed"] == 5e9

"""The timelines study (03), checked against the documents and their dates.

Every expected value was read from the raw documents in ``data/raw`` (file and line in the
comment) and from the dates ``data/raw/sources.csv`` gives them: METI 2005 (``001_…``, dated
"21st June, 2005" on its line 3), the French note (``000_…``, catalogue year 2005), MEXT 2002
(``003_…``, catalogue year 2002), MEXT 2008a and 2008b (``002_…``, 平成20年 on its line 18;
``004_…``, catalogue year 2008).
"""

from __future__ import annotations

import pandas as pd
import pytest
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle

from clusteranalysis import studies
from clusteranalysis.present import figures
from clusteranalysis.studies import timelines as study
from clusteranalysis.studies.timelines import compute

#: 2005-06-21 is day 172 of 2005 (0-based), so the day after it is 2005 + 172/365.
METI_2005_END = 2005 + 172 / 365


DEFAULTS = {"start_year": 1970, "end_year": 2020, "countries": None, "kinds": None}


@pytest.fixture(scope="module")
def inputs() -> dict[str, pd.DataFrame]:
    return studies.load_inputs(study.INPUTS)


def select(inputs: dict[str, pd.DataFrame], start_year: int = 1970, end_year: int = 2020,
           countries: list[str] | None = None, kinds: list[str] | None = None
           ) -> pd.DataFrame:
    """``timeline_entries`` for a window and selection, from the tables passed in."""
    continued = compute.continuations(inputs["judgements"], inputs["judgement_readings"])
    return compute.entries(inputs["timeline"], inputs["timeline_mentions"],
                           inputs["documents"], start_year, end_year, countries, kinds,
                           continued)


@pytest.fixture(scope="module")
def results(inputs: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    return study.compute.results(inputs, DEFAULTS)


@pytest.fixture(scope="module")
def entries(results: dict[str, pd.DataFrame]) -> pd.DataFrame:
    return results["timeline_entries"]


def test_the_timeline_keeps_the_most_precise_mention(inputs: dict[str, pd.DataFrame]) -> None:
    """The build keeps one row per entity (build.rules); the study reads it as it is."""
    d = inputs["timeline"].set_index("entity_id")
    assert d.index.is_unique
    # Cluster Japan 2007: 002 line 9 gives the days (平成19年11月28日～11月30日),
    # line 79 only the fiscal year (平成19年度)
    assert d.loc["ev:cluster_japan_2007", "line"] == 9
    assert str(d.loc["ev:cluster_japan_2007", "start_date"].date()) == "2007-11-28"
    # the 2nd Basic Plan: 004 line 121 (平成13～17年度) beats 003 line 9 (2001-2005)
    assert d.loc["plan:st_basic_plan_2", "source"] == "004_900bb6791dcdb13c.txt"


def test_further_mentions_corroborate_and_are_never_counted_twice(
        results: dict[str, pd.DataFrame], entries: pd.DataFrame) -> None:
    merged = results["merged_mentions"]
    # further mentions: 002 line 79 (平成19年度), 002 line 108 (平成19年6月), 003 line 9
    assert sorted(zip(merged["entity_id"], merged["source"], merged["line"], strict=True)) == [
        ("ev:cluster_japan_2007", "002_0f5a4630d1886fda.txt", 79),
        ("ev:italia_2007_workshop", "002_0f5a4630d1886fda.txt", 108),
        ("plan:st_basic_plan_2", "003_ea909c88cb2d084b.txt", 9)]
    assert merged["agrees_on_start"].all()
    plan2 = merged.set_index("entity_id").loc["plan:st_basic_plan_2"]
    assert (plan2["kept_line"], plan2["raw"]) == (121, "2001-2005")
    assert entries["entity_id"].is_unique
    counts = entries.set_index("entity_id")["further_mentions"]
    assert counts["ev:cluster_japan_2007"] == 1 and counts["plan:st_basic_plan_2"] == 1
    assert counts.sum() == len(merged)
    # 002 lines 9, 12, 21, 79, 116, 124: seven distinct events, though lines 79 and 108
    # date two of them again
    assert len(results["cooperation_events"]) == 7


def test_open_ended_spans_stop_at_their_documents_date(entries: pd.DataFrame) -> None:
    e = entries.set_index("entity_id")
    law = e.loc["law:industrial_relocation_promotion_law"]  # 001 line 17: (1972~)
    assert (law["start_year"], law["dates"], bool(law["open_ended"])) == (1972, "1972–", True)
    assert law["document_date"] == "2005-06-21"  # 001 line 3: 21st June, 2005
    assert law["end"] == pytest.approx(METI_2005_END, abs=1e-4)
    assert law["status_after_end"] == "unknown"
    # 003 line 47: started in July (FY2002); MEXT 2002 is dated by the catalogue: 2002; but
    # MEXT 2008a describes its phase II (002 lines 97-98: （第Ⅱ期）においては), so the
    # register's continuation:knowledge-cluster runs it on to 2008, marked
    kc = e.loc["mext_knowledge_cluster"]
    assert (kc["document_date"], kc["continued_from"], kc["end"]) == ("2002", 2003.0, 2009.0)
    assert (kc["continued_by"], kc["continued_to"]) == ("MEXT 2008a", 2008)
    # 001 line 101 (FY2001 ~) of 21 June 2005; 002 lists phase II as of 平成20年 (lines
    # 14, 18): continuation:meti-project
    meti = e.loc["meti_industrial_cluster"]
    assert meti["continued_from"] == pytest.approx(METI_2005_END, abs=1e-4)
    assert (meti["end"], meti["continuation_judgement"]) == (2009.0,
                                                            "continuation:meti-project")
    # 000 line 9: launched in July 2005; the note is of 2005 (catalogue)
    assert e.loc["fr_poles_de_competitivite", "end"] == 2006.0
    assert e.loc["fr_poles_de_competitivite", "dates"] == "2005-07–"
    opened = entries[entries["open_ended"]]
    own = opened[opened["continued_from"].isna()]
    assert (own["end"] <= own["document_end"] + 1e-9).all()
    later = opened[opened["continued_from"].notna()]
    assert (later["continued_from"] == later["document_end"]).all()
    assert set(later["entity_id"]) == {"meti_industrial_cluster", "mext_knowledge_cluster"}
    assert len(opened) == 10  # 001 lines 17, 21, 25, 28, 29, 33, 76, 101; 000 line 9; 003 line 47


def test_the_documents_dates_come_from_the_table_passed_in(
        inputs: dict[str, pd.DataFrame]) -> None:
    """A pure computation: date METI 2005 to the end of 2003 instead (a made-up documents
    table) and its open-ended spans stop there."""
    docs = inputs["documents"].copy()
    meti = docs["source"] == "001_fc47ff42475d4a79.txt"
    docs.loc[meti, ["document_date", "last_day", "year"]] = ["2003", pd.Timestamp(2003, 12, 31),
                                                            2003]
    e = compute.entries(inputs["timeline"], inputs["timeline_mentions"], docs).set_index(
        "entity_id")  # without the register's continuations
    law = e.loc["law:industrial_relocation_promotion_law"]  # 001 line 17: (1972~)
    assert (law["end"], law["document_date"], law["document_year"]) == (2004.0, "2003", 2003)
    # MEXT 2002 is untouched: the Knowledge Cluster Initiative still stops at 2003.0
    assert e.loc["mext_knowledge_cluster", "end"] == 2003.0


def test_end_year_widens_the_window_but_never_extends_a_span(
        inputs: dict[str, pd.DataFrame], entries: pd.DataFrame) -> None:
    wide = select(inputs, 1970, 2060).set_index("entity_id")
    base = entries.set_index("entity_id")
    opened = base[base["open_ended"]].index
    assert list(wide.loc[opened, "end"]) == list(base.loc[opened, "end"])
    # a window ending before a document's date clips the drawing, not the data
    short = select(inputs, 1995, 2003).set_index("entity_id")
    assert short.loc["law:industrial_relocation_promotion_law", "end"] == pytest.approx(
        METI_2005_END, abs=1e-4)
    assert "law:high_tech_industrial_zone_promotion_act" in short.index  # 1983~1998
    assert "meti_industrial_cluster:term2" not in short.index  # 2006~10 (001 line 289)


def test_planned_from_the_corrected_flags(entries: pd.DataFrame) -> None:
    e = entries.set_index("entity_id")
    # 001 line 289: 2nd term 2006~10, after the document's date (21 June 2005)
    term2 = e.loc["meti_industrial_cluster:term2"]
    assert bool(term2["planned"]) and term2["planned_basis"] == "after document date"
    # but 002 lines 14 and 18 list 産業クラスター計画（第Ⅱ期） as of 平成20年 (2008): under way
    # then (continuation:meti-term2), so planned only after MEXT 2008a's date
    assert term2["start"] == 2006.0 and term2["continued_from"] == 2006.0
    assert term2["planned_from"] == 2009.0  # the day after 2008, MEXT 2008a's year
    assert (term2["continued_by"], term2["continued_to"]) == ("MEXT 2008a", 2008)
    assert term2["continuation_judgement"] == "continuation:meti-term2"
    # 001 line 285: the 1st term 2001~5 had started: not planned
    assert not e.loc["meti_industrial_cluster:term1", "planned"]
    # 002 line 128: ...を実施する予定です (Japan-EU Cluster Forum, December 2008)
    assert e.loc["ev:japan_eu_cluster_forum", "planned_basis"] == "stated"
    # 001 line 76: InnoRegio 1999~(2006): the end, in parentheses, lies after the document
    inno = e.loc["de_innoregio"]
    assert bool(inno["planned_end"]) and not inno["planned"]
    assert inno["planned_from"] == pytest.approx(METI_2005_END, abs=1e-4)
    # Finland 1994~(2004): before 21 June 2005, but the end planned in METI's FY2004 study
    # group data (001 line 88; continuation:fi-centres): it ran to 2004 (the data's year),
    # the end was a plan, and its status after is unknown; no year of it is only planned
    fi = e.loc["fi_centres_of_expertise"]
    assert pd.isna(fi["planned_from"]) and fi["status_after_end"] == "unknown"
    assert fi["planned_end_basis"] == "FY 2004 industrial cluster study group data"


def test_entries_dates_window_countries_kinds(inputs: dict[str, pd.DataFrame],
                                               entries: pd.DataFrame) -> None:
    e = entries.set_index("entity_id")
    assert e.loc["law:high_tech_industrial_zone_promotion_act", "dates"] == "1983–1998"
    assert e.loc["plan:st_basic_plan_1", "dates"] == "FY1996–FY2000"  # 004 line 119
    assert e.loc["plan:st_basic_plan_1", "start"] == pytest.approx(1996.25, abs=0.01)
    assert e.loc["uk_mnt_network", "dates"] == "2003–(2008)"  # 001 line 76: 2003~(2008)
    assert e.loc["ev:cluster_japan_2007", "dates"] == "2007-11-28–30"  # 002 line 9
    assert e.loc["ev:regional_cluster_seminars_fy2007", "dates"] == "FY2007"  # line 79
    assert e.loc["plan:regional_revitalisation_strategy_2008", "is_point"]  # 004 line 96
    assert "cluster history" not in set(entries["kind"])
    assert list(dict.fromkeys(entries["country"])) == ["Japan", "France", "United Kingdom",
                                                        "Germany", "Finland"]
    fr = select(inputs, countries=["France"])
    assert list(fr["entity_id"]) == ["fr_poles_de_competitivite"]
    ev = select(inputs, kinds=["event"])
    assert set(ev["kind"]) == {"event"} and ev["is_point"].all()
    assert select(inputs, 1900, 1950).empty


def test_a_span_ending_after_its_document_is_planned_after_that_date(
        results: dict[str, pd.DataFrame]) -> None:
    """001 line 285's 1st term "2001~5" in a document of 21 June 2005 (line 3), and 004's
    3rd Basic Plan 平成18～22年度 (FY2006-FY2010, line 123) in a document of 2008: each is
    known to its document's date and hatched, planned when written, after it."""
    e = results["timeline_entries"].set_index("entity_id")
    term1 = e.loc["meti_industrial_cluster:term1"]
    assert term1["planned_from"] == pytest.approx(term1["document_end"])
    assert term1["planned_from"] == pytest.approx(2005 + 172 / 365, abs=1e-3)  # 22 June
    plan3 = e.loc["plan:st_basic_plan_3"]
    assert plan3["planned_from"] == 2009.0 == plan3["document_end"]  # the end of 2008


def test_documents_of_the_selection(results: dict[str, pd.DataFrame]) -> None:
    d = results["timeline_documents"].set_index("document")
    assert (d.loc["METI 2005", "document_date"], d.loc["METI 2005", "date_basis"]) == (
        "2005-06-21", "document")
    assert d.loc["MEXT 2002", "date_basis"] == "catalogue"
    # METI 2005's open ends: lines 17, 21, 25, 28, 29, 33, 76 (RDA), 101
    assert d.loc["METI 2005", "open_ended"] == 8
    # METI 2005's planned: the 2nd and 3rd terms, the MNT and InnoRegio ends (line 76),
    # Finland's end planned in the FY2004 data (lines 76, 88), and the 1st term's "2001~5"
    # (line 285) after the document's date, 21 June 2005 (line 3)
    assert d.loc["METI 2005", "planned"] == 6
    assert d.loc["MEXT 2008a", "line"] == "9, 12, 21, 79, 116, 124"


def test_durations_count_labelled_years_up_to_the_document(
        results: dict[str, pd.DataFrame]) -> None:
    seq = results["japan_sequence"].set_index("entity_id")
    assert seq.loc["law:high_tech_industrial_zone_promotion_act", "years"] == 16  # 1983~1998
    assert seq.loc["law:knowledge_intensive_industry_location_act", "years"] == 11  # 1988~1998
    law = seq.loc["law:industrial_relocation_promotion_law"]  # 1972~, document of 2005
    assert pd.isna(law["years"]) and law["years_to_document"] == 34
    # 001 line 293: 3rd term (2011 ~ 20), all of it after the document
    term3 = seq.loc["meti_industrial_cluster:term3"]
    assert (term3["years"], term3["years_to_document"], term3["years_after_document"]) == (
        10, 0, 10)
    # 004 line 123: 平成18～22年度, FY2006-FY2010, in a document of 2008: three and two
    plan3 = seq.loc["plan:st_basic_plan_3"]
    assert (plan3["years_to_document"], plan3["years_after_document"]) == (3, 2)
    # 001 line 13: (1970s~mid-1990s) is dated by decade: no count of years
    era = seq.loc["era:industrial_decentralization_development_"]
    assert bool(era["dated_by_decade"]) and pd.isna(era["years"])


def test_overlaps_never_count_past_a_documents_date(results: dict[str, pd.DataFrame]) -> None:
    o = results["overlaps"]
    shared = o.set_index(["programme_id", "plan_id"])
    known = shared["overlap_years"]
    planned = shared["planned_overlap_years"]
    # METI's 1st term 2001~5 (001 line 285) and the 2nd Plan 平成13～17年度 (004 line 121)
    assert known[("meti_industrial_cluster:term1", "plan:st_basic_plan_2")] == 5
    # the 2nd term 2006~10 (line 289) was a plan in June 2005, but 002 (lines 14, 18) shows
    # it under way in 2008: 2006-2008 counted with the 3rd Plan 平成18～22年度 (004 line
    # 123, a document of 2008), 2009-2010 planned
    assert known[("meti_industrial_cluster:term2", "plan:st_basic_plan_3")] == 3
    assert planned[("meti_industrial_cluster:term2", "plan:st_basic_plan_3")] == 2
    # BioRegio 1996~2001 and the 1st Plan 平成8～12年度: 1996-2000
    assert known[("de_bioregio", "plan:st_basic_plan_1")] == 5
    assert known[("de_bioregio", "plan:st_basic_plan_2")] == 1
    # Finland 1994~(2004) (001 line 76), the end planned in the FY2004 data (line 88) as
    # the register reads it (continuation:fi-centres): it ran in 2004, so 2001-2004 in the
    # 2nd Plan; only its end was a plan
    assert (known[("fi_centres_of_expertise", "plan:st_basic_plan_2")],
            planned[("fi_centres_of_expertise", "plan:st_basic_plan_2")]) == (4, 0)
    assert known[("fi_centres_of_expertise", "plan:st_basic_plan_1")] == 5  # 1996-2000
    # MEXT started in July 2002 (003 line 47); MEXT 2008a shows its phase II (002 lines
    # 97-98): 2002-2005 counted in the 2nd Plan, 2006-2008 in the 3rd (to 2008)
    assert known[("mext_knowledge_cluster", "plan:st_basic_plan_2")] == 4
    assert known[("mext_knowledge_cluster", "plan:st_basic_plan_3")] == 3
    # METI's project (001 line 101), shown in 2008 by 002 lines 14, 18: FY2006-2008
    assert known[("meti_industrial_cluster", "plan:st_basic_plan_3")] == 3
    assert shared.loc[("meti_industrial_cluster", "plan:st_basic_plan_3"), "continued_by"] \
        == "MEXT 2008a"
    # the RDAs' 1999~ in a document of 2005 (001 line 76), shown by no later document:
    # nothing in the 3rd Plan
    assert ("uk_rda_clusters", "plan:st_basic_plan_3") not in shared.index
    # UK MNT 2003~(2008): 2006-2008 in the 3rd Plan only as planned
    assert (known[("uk_mnt_network", "plan:st_basic_plan_3")],
            planned[("uk_mnt_network", "plan:st_basic_plan_3")]) == (0, 3)
    assert "plan:regional_revitalisation_strategy_2008" not in set(o["plan_id"])
    for r in o.itertuples(index=False):
        counted = max(0, min(r.overlap_to, r.counted_to) - r.overlap_from + 1)
        assert r.overlap_years == counted
    assert o.loc[o["programme_id"] == "meti_industrial_cluster:term1", "line"].iloc[0] == \
        "285; 121"


def test_an_only_planned_end_leaves_the_later_plan_unknown(
        results: dict[str, pd.DataFrame]) -> None:
    # Finland 1994~(2004) (001 line 76): the end planned in the FY2004 data (line 88), so
    # with the 3rd Plan (FY2006-FY2010, 004 line 123) its status is unknown, 'no data';
    # BioRegio's 1996~2001 is a known end: '0'
    fig = study.figures.overlaps(results, DEFAULTS)
    ax = fig.axes[0]
    rows = [t.get_text().split(" [")[0] for t in ax.get_yticklabels()]
    cols = [t.get_text().replace("\n", " ") for t in ax.get_xticklabels()]
    third = next(j for j, c in enumerate(cols) if c.startswith("3rd Science"))
    unknown = {(round(r.get_y()), round(r.get_x())) for r in ax.patches
               if isinstance(r, Rectangle) and r.get_hatch() == "xx"}  # grey, cross-hatched
    cell = {(round(t.get_position()[1] - 0.5), round(t.get_position()[0] - 0.5)): t.get_text()
            for t in ax.texts}
    assert (rows.index("Finnish Centres of Expertise Programme"), third) in unknown
    assert (rows.index("BioRegio"), third) not in unknown
    assert cell[(rows.index("BioRegio"), third)] == "0"


def test_findings_make_no_claim_of_intent(results: dict[str, pd.DataFrame]) -> None:
    text = study.findings.overlaps(results, DEFAULTS).plain()
    assert "not a statement that one was cut to the other" in text
    assert "were cut to" not in text
    # the 2nd term 2006~10 (001 line 289), under way in 2008 (002 lines 14, 18): shared to
    # 2008, the rest as planned
    assert "share 3 labelled years up to 2008, shown by MEXT 2008a, and would share the " \
           "other 2 as planned when written" in text
    timeline = study.findings.timeline(results, DEFAULTS).plain()
    assert "8 from METI 2005 (dated 2005-06-21)" in timeline
    # 000 names no date: sources.csv dates it by the July 2005 launch it reports (line 9),
    # "so it is of 2005 or later", and the findings say so rather than "dated 2005"
    assert "1 from French Government 2005 (undated: catalogued as 2005, or later)" in timeline
    assert "(dated 2005)" not in timeline


def _bars(ax: object, yi: int) -> list[Rectangle]:
    return [p for p in ax.patches if isinstance(p, Rectangle)  # type: ignore[attr-defined]
            and abs(p.get_y() + p.get_height() / 2 - yi) < 1e-6 and abs(p.get_height() - 0.6)
            < 1e-6]


def test_gantt_draws_a_date_given_by_decade_pale_where_it_could_lie(
        results: dict[str, pd.DataFrame], entries: pd.DataFrame) -> None:
    # 001 line 13: (1970s~mid-1990s): its start lies somewhere in 1970-1979 and its end in
    # the mid-1990s (taken as 1993-1997), so neither is a solid bar edge
    figures.set_theme()
    ax = study.figures.gantt(results, DEFAULTS).axes[0]
    rows = study.figures._gantt_rows(entries)
    yi = next(i for i, (_, r) in enumerate(rows) if r is not None
              and r["entity_id"] == "era:industrial_decentralization_development_")
    bars = sorted(_bars(ax, yi), key=lambda b: b.get_x())
    spans = [(round(b.get_x(), 4), round(b.get_x() + b.get_width(), 4), b.get_alpha())
             for b in bars]
    pale = study.figures.DECADE_ALPHA
    assert spans == [(1970.0, 1980.0, pale), (1980.0, 1993.0, None), (1993.0, 1998.0, pale)]
    labels = [x.get_text() for x in ax.get_legend().get_texts()]
    assert "dated by decade: where it could be" in labels


def test_gantt_draws_open_ends_to_the_document_and_the_legend_matches(
        results: dict[str, pd.DataFrame], entries: pd.DataFrame) -> None:
    figures.set_theme()
    # a window past every document's date
    fig = study.figures.gantt(results, {**DEFAULTS, "end_year": 2030})
    ax = fig.axes[0]
    rows = study.figures._gantt_rows(entries)
    marks = [ln for ln in ax.lines if ln.get_marker() == study.figures.UNKNOWN_MARK]
    # a '?' after every open end, and after Finland's end planned in the FY2004 data
    assert len(marks) == int((entries["open_ended"] | entries["planned_end_basis"].notna()).sum())
    for yi, (_, r) in enumerate(rows):
        if r is None or bool(r["is_point"]):
            continue
        right = max(b.get_x() + b.get_width() for b in _bars(ax, yi))
        if bool(r["open_ended"]) and pd.isna(r["continued_from"]):
            assert right <= float(r["document_end"]) + 1e-9, r["entity_id"]
        elif bool(r["open_ended"]):  # on to the later document's date, paler and dotted
            assert right == pytest.approx(float(r["end"])), r["entity_id"]
            assert [b for b in _bars(ax, yi) if b.get_hatch() == study.figures.CONTINUED_HATCH
                    and b.get_x() == pytest.approx(float(r["continued_from"]))]
        hatched = [b for b in _bars(ax, yi) if b.get_hatch()]
        if bool(r["planned"]):
            assert hatched and not [b for b in _bars(ax, yi) if not b.get_hatch()]
        if r["entity_id"] == "de_innoregio":  # solid to 21 June 2005, hatched after
            assert hatched[0].get_x() == pytest.approx(METI_2005_END, abs=1e-4)
    legend = ax.get_legend()
    labels = [x.get_text() for x in legend.get_texts()]
    # 001 line 76: Finland's programme "1994~(2004)", a planned end passed by the
    # document's date (21 June 2005): the legend and caption say so, naming it
    open_label = "open end, or a planned end passed: status unknown after"
    assert open_label in labels and "planned when written" in labels
    caption = study.figures.gantt_caption(results, DEFAULTS).plain()
    assert "planned end had passed by its document's date (Finnish Centres of Expertise " \
        "Programme, 1994–(2004)) at that end" in caption
    assert "runs on to that document's date, paler and dotted" in caption
    # the swatches are drawn like the bars: a solid patch with the same '?' mark, the same
    # hatch for planned
    assert [ln for ln in legend.findobj(Line2D)
            if ln.get_marker() == study.figures.UNKNOWN_MARK]
    swatch = legend.legend_handles[labels.index(open_label)]
    open_bar = _bars(ax, next(i for i, (_, r) in enumerate(rows) if r is not None
                              and bool(r["open_ended"])))[0]
    assert swatch.get_alpha() == open_bar.get_alpha() and not swatch.get_hatch()
    planned_swatch = legend.legend_handles[labels.index("planned when written")]
    assert planned_swatch.get_hatch() == study.figures.PLANNED_HATCH
    figures.close_all()


def test_a_selection_without_a_passed_planned_end_does_not_name_one(
        inputs: dict[str, pd.DataFrame]) -> None:
    """Germany's spans (001 line 76: BioRegio 1996~2001, InnoRegio 1999~(2006)) hold no
    planned end passed by the document's date: the legend and caption name none."""
    figures.set_theme()
    germany = {**DEFAULTS, "countries": ["Germany"]}
    results = study.compute.results(inputs, germany)
    fig = study.figures.gantt(results, germany)
    labels = [x.get_text() for x in fig.axes[0].get_legend().get_texts()]
    assert "open end: status unknown after" in labels
    caption = study.figures.gantt_caption(results, germany).plain()
    assert "Finnish" not in caption and "planned end had passed" not in caption
    figures.close_all()


def test_empty_selections_still_draw(inputs: dict[str, pd.DataFrame]) -> None:
    figures.set_theme()
    window = {**DEFAULTS, "start_year": 1900, "end_year": 1950}
    none = study.compute.results(inputs, window)
    assert none["timeline_entries"].empty and none["overlaps"].empty
    for fig in (study.figures.gantt(none, window), study.figures.overlaps(none, window),
                study.figures.events(none, window)):
        text = fig.axes[0].texts[0].get_text()
        assert "Nothing" in text or "No " in text
    assert "no entry" in study.findings.timeline(none, window).plain()
    figures.close_all()


def test_a_selection_without_plans_does_not_say_nothing_overlaps(
        inputs: dict[str, pd.DataFrame]) -> None:
    # Finland's centres, 1994~(2004) (001 line 76), share years with Japan's Basic Plans in
    # the default run; a Finland-only run holds no plan, so it counts no overlap, and says
    # why rather than "no programme and plan period overlap"
    finland = {**DEFAULTS, "countries": ["Finland"]}
    text = study.findings.overlaps(study.compute.results(inputs, finland), finland).plain()
    assert "holds no plan entry, so no overlap" in text
    assert "share a labelled year" not in text


def test_the_longest_past_spans_name_their_ties(results: dict[str, pd.DataFrame]) -> None:
    """Five labelled years each: the 1st Basic Plan (平成8～12年度, 004 line 119) and the 2nd
    (平成13～17年度, line 121) tie for third place, and both are named. METI's 1st term
    (2001~5, 001 line 285) ends in the year of its document (21st June, 2005, line 3): not
    over when written, so not a span of the past; nor is the 3rd term (2011 ~ 20, line
    293), a plan when written."""
    text = study.findings.sequence(results, DEFAULTS).plain()
    lead = text.split("Japan's longest spans with a stated end, wholly past when their "
                      "document was written")[1].split(". ")[0]
    assert "(those of equal length in order of their start)" in lead
    for name in ("1st Science and Technology Basic Plan (FY1996–FY2000, 5 labelled years)",
                 "2nd Science and Technology Basic Plan (FY2001–FY2005, 5 labelled years)"):
        assert name in lead
    assert "(2001–2005, 5 labelled years)" not in lead  # the 1st term
    assert "2011" not in lead and "3rd" not in lead

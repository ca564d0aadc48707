"""The register of judgements: its grammar, the build's checks, and the judgements the
studies and the cross-check rest on.

Expected readings are read from the documents (``cat -n data/raw/<file>``) and the
independent figures, with the line cited; the build checks every reference the register
makes, and these tests show that each check fails when it should.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd
import pytest

from clusteranalysis.build import judgements as register
from clusteranalysis.build.rawdoc import RawDocument
from clusteranalysis.errors import ClusterAnalysisError
from clusteranalysis.metadata import vocab
from clusteranalysis.metadata.judgements import (
    ReadingError,
    holds_with_links,
    parse_about,
    parse_evidence,
    parse_reading,
    reading_applies,
    reading_rate,
    row_reference,
)
from clusteranalysis.metadata.lookups import lookup
from tests.support.data import RAW

F001 = "001_fc47ff42475d4a79.txt"
F002 = "002_0f5a4630d1886fda.txt"
F003 = "003_ea909c88cb2d084b.txt"


# --------------------------------------------------------------------------- the grammar

@pytest.mark.parametrize(("kind", "text", "expected"), [
    ("divisor", "17 areas", {"value": 17.0, "unit": "areas"}),
    ("divisor", "≈120 clusters", {"value": 120.0, "unit": "clusters", "approximate": True}),
    ("divisor", "8 areas (phase 1)", {"value": 8.0, "unit": "areas", "note": "phase 1"}),
    ("divisor", "none", {"word": "none"}),
    ("period", "1996–2001, 5 years", {"value": 5.0, "period_start": 1996, "period_end": 2001,
                                      "year_basis": "calendar year"}),
    ("period", "FY2002–FY2006, 5 years", {"period_start": 2002, "period_end": 2006,
                                          "year_basis": "fiscal year"}),
    ("period", "2001, 1 year (basis not stated)", {"period_start": 2001, "period_end": 2001,
                                                   "year_basis": "year, basis not stated"}),
    ("period", "FY2002, 0.75 years", {"value": 0.75}),
    ("conversion", "stated 120 JPY per USD", {"value": 120.0, "unit": "JPY per USD",
                                              "stated": True}),
    ("conversion", "≈107.5 JPY per USD", {"value": 107.5, "approximate": True,
                                          "stated": False}),
    ("conversion", "unstated", {"word": "unstated"}),
    ("continuation", "runs to 2008", {"word": "runs to", "value": 2008.0}),
    ("continuation", "planned end 2004", {"word": "planned end", "value": 2004.0}),
    ("definition", "probable mistranslation", {"word": "probable mistranslation"}),
    ("independence", "same ministry", {"word": "same ministry"}),
    ("scope", "umbrella total", {"word": "umbrella total"}),
])
def test_readings_are_read_by_their_kinds_grammar(kind: str, text: str,
                                                  expected: dict[str, Any]) -> None:
    reading = parse_reading(kind, text)
    for k, v in expected.items():
        assert getattr(reading, k) == v, k


@pytest.mark.parametrize(("kind", "text"), [
    ("divisor", "seventeen areas"), ("period", "1996-2001, 5 years"),  # a hyphen, not –
    ("period", "FY2002–2006, 5 years"), ("period", "2001–1996, 5 years"),
    ("conversion", "120 yen per dollar"), ("continuation", "until 2008"),
    ("definition", "similar"), ("independence", "independant"), ("divisors", "17 areas"),
])
def test_a_reading_outside_the_grammar_is_an_error(kind: str, text: str) -> None:
    with pytest.raises(ReadingError):
        parse_reading(kind, text)


def test_evidence_and_about_cells() -> None:
    items = parse_evidence(f'{F001}:77 "8 billion yen; 10 billion yen"; '
                           "figure:uk-innovateuk-mnt; rate:GBP-JPY:FY2004")
    assert [(e.source, e.line) for e in items[:1]] == [(F001, 77)]
    # a separator inside the quoted words is no separator
    assert items[0].quote == "8 billion yen; 10 billion yen"
    assert (items[1].figure_id, items[2].rate) == ("uk-innovateuk-mnt", ("GBP", "JPY", "FY2004"))
    with pytest.raises(ReadingError):
        parse_evidence(f"{F001}:77 about 18 billion yen")  # unquoted
    refs = parse_about("budgets:de_bioregio|total|stated; projects:p2:kanto_regional")
    assert [(r.table, r.key) for r in refs] == [("budgets", ("de_bioregio", "total", "stated")),
                                               ("projects", ("p2:kanto_regional",))]


def test_a_conversion_readings_rate() -> None:
    # the ECB's mean of FY2004 cited for '≈107.5 JPY per USD': the exact rate's key travels
    # with the reading's rounded number; MEXT's '¥120' (003 line 59) is a stated rate
    ecb = reading_rate(107.5, "JPY per USD", "rate:USD-JPY:FY2004")
    assert (ecb.frm, ecb.to, ecb.value, ecb.ecb) == ("USD", "JPY", 107.5,
                                                     ("USD", "JPY", "FY2004"))
    stated = reading_rate(120.0, "JPY per USD", f'{F003}:59 "US 1 = £1 = ¥120"')
    assert (stated.frm, stated.value, stated.ecb) == ("USD", 120.0, None)
    # a rate of another pair is not this reading's
    assert reading_rate(135.2, "JPY per EUR", "rate:USD-JPY:FY2004").ecb is None
    assert reading_rate(None, None, f'{F001}:138 "The national budget"') is None  # unstated
    assert reading_rate(float("nan"), "JPY per USD", None) is None
    with pytest.raises(ReadingError, match="one rate"):
        reading_rate(110.0, "JPY per USD", "rate:USD-JPY:FY2004; rate:USD-JPY:FY2005")


# --------------------------------------------------------------------------- the build


@pytest.fixture(scope="module")
def docs() -> dict[str, RawDocument]:
    return {p.name: RawDocument.read(p) for p in sorted(RAW.glob("*.txt"))}


def _with(rows: dict[str, list[dict[str, str]]]) -> Callable[[str], tuple[dict[str, str], ...]]:
    """A lookup that returns ``rows`` for the register's files and the real ones otherwise."""
    def fake(name: str) -> tuple[dict[str, str], ...]:
        return tuple(rows[name]) if name in rows else lookup(name)
    return fake


def _edited(file: str, index: int, **change: str) -> dict[str, list[dict[str, str]]]:
    rows = [dict(r) for r in lookup(file)]
    rows[index].update(change)
    return {file: rows}


def _build(monkeypatch: pytest.MonkeyPatch, t: dict[str, pd.DataFrame],
           docs: dict[str, RawDocument], rows: dict[str, list[dict[str, str]]]) -> None:
    monkeypatch.setattr(register, "lookup", _with(rows))
    register.build(t, docs)


def test_the_register_builds_as_committed(t: dict[str, pd.DataFrame],
                                          docs: dict[str, RawDocument]) -> None:
    rows, readings, _ = register.build(t, docs)
    assert len(rows) == len(t["judgements"]) and len(readings) == len(t["judgement_readings"])


def _index(file: str, judgement_id: str, reading: str | None = None) -> int:
    return next(i for i, r in enumerate(lookup(file)) if r["judgement_id"] == judgement_id
                and (reading is None or r["reading"] == reading))


def test_a_value_outside_its_vocabulary_is_one_line(
        monkeypatch: pytest.MonkeyPatch, t: dict[str, pd.DataFrame],
        docs: dict[str, RawDocument]) -> None:
    i = _index("judgements", "divisor:uk-mnt")
    with pytest.raises(ClusterAnalysisError) as err:
        _build(monkeypatch, t, docs, _edited("judgements", i, kind="divisors"))
    message = str(err.value)
    assert "\n" not in message
    assert message.startswith(f"src/clusteranalysis/lookups/judgements.csv:{i + 2}: "
                              "judgements.kind: value 'divisors' is not one of definition")


@pytest.mark.parametrize(("file", "judgement", "reading", "change", "message"), [
    # 001 line 101 says "A total of 19 projects", not 91
    ("judgement_readings", "divisor:meti-projects", "19 projects",
     {"evidence": f'{F001}:101 "A total of 91 projects"'}, "does not say"),
    ("judgement_readings", "divisor:meti-projects", "19 projects",
     {"evidence": f'{F001}:400 "A total of 19 projects"'}, "has no line 400"),
    ("judgement_readings", "conversion:meti-budget", "110 JPY per USD",
     {"evidence": "figure:rate-mext2005-dek"}, "no independent figure"),
    ("judgement_readings", "conversion:meti-budget", "≈107.5 JPY per USD",
     {"evidence": "rate:USD-JPY:FY1998"}, "reference_rates has no such rate"),
    # the ECB's mean of FY2004 is 107.5 to one decimal, not 107.6
    ("judgement_readings", "conversion:meti-budget", "≈107.5 JPY per USD",
     {"reading": "≈107.6 JPY per USD"}, "to the digits written"),
    ("judgement_readings", "divisor:fi-centres", "8 areas (phase 1)", {"used": "yes"},
     "2 readings marked used"),
    ("judgement_readings", "divisor:fi-centres", "8 areas (phase 1)", {"used": "maybe"},
     "judgement_readings.used: value 'maybe'"),
    ("judgements", "divisor:de-bioregio", None,
     {"about": "budgets:de_bioregio|totals|stated"}, "no row of budgets"),
    ("judgements", "divisor:de-bioregio", None, {"about": "budget:de_bioregio|total|stated"},
     "judgements.about: value 'budget'"),
    ("judgements", "divisor:de-bioregio", None, {"programme_id": "de_bioregion"},
     "judgements.programme_id: value 'de_bioregion'"),
    # a restriction is for an alternative of a definition: the used reading answers every
    # row, and a divisor is not a count's reading
    ("judgement_readings", "definition:meti-smes", "unknown",
     {"applies_to": f"participants:{F002}|16|約10,700社"}, "applies_to is for an alternative"),
    ("judgement_readings", "divisor:fi-centres", "8 areas (phase 2)",
     {"applies_to": f"participants:{F001}|78|22 areas"}, "applies_to is for an alternative"),
    # 001 line 78's "23 areas" is InnoRegio's, not a count definition:meti-smes is about
    ("judgement_readings", "definition:meti-smes", "narrower",
     {"applies_to": f"participants:{F001}|78|23 areas"}, "is not about that row"),
    # 003 line 47 has 10 areas and 12 parts, no 11
    ("judgement_readings", "definition:kc-per-cluster", "narrower",
     {"holds_with": "divisor:kc-national-budget: 11 areas"}, "names no reading"),
    ("judgement_readings", "definition:kc-per-cluster", "narrower",
     {"holds_with": "divisor:kc-national-budget: 12 parts"}, "only one of the two is the "
     "reading used"),
])
def test_each_reference_is_checked(monkeypatch: pytest.MonkeyPatch, t: dict[str, pd.DataFrame],
                                   docs: dict[str, RawDocument], file: str, judgement: str,
                                   reading: str | None, change: dict[str, str],
                                   message: str) -> None:
    i = _index(file, judgement, reading)
    with pytest.raises(ClusterAnalysisError, match=message) as err:
        _build(monkeypatch, t, docs, _edited(file, i, **change))
    assert f"lookups/{file}.csv:{i + 2}" in str(err.value) or "lookups/judgements.csv" in \
        str(err.value)


def test_two_judgements_that_answer_one_question_pair_every_reading(
        monkeypatch: pytest.MonkeyPatch, t: dict[str, pd.DataFrame],
        docs: dict[str, RawDocument]) -> None:
    """definition:kc-per-cluster's readings hold with divisor:kc-national-budget's (003 line
    47: 10 areas of 12 parts; line 56: ¥500 million 'for each cluster'): a reading left
    unpaired would let the cross-check read the one question two ways."""
    i = _index("judgement_readings", "definition:kc-per-cluster", "same")
    with pytest.raises(ClusterAnalysisError, match="must pair one to one"):
        _build(monkeypatch, t, docs, _edited("judgement_readings", i, holds_with=""))
    monkeypatch.undo()  # the register as committed
    _, readings, _ = register.build(t, docs)
    linked = {(r["reading"], r["holds_with"]) for r in readings
              if r["judgement_id"] == "definition:kc-per-cluster"}
    assert linked == {("same", "divisor:kc-national-budget: 12 parts"),
                      ("narrower", "divisor:kc-national-budget: 10 areas")}


def test_a_reading_of_one_count_applies_only_where_that_count_is_compared() -> None:
    """002 line 16's 世界市場を目指す narrows 002's own count: the reading 'narrower' bears
    on 001 line 101 against 002 line 16, not on the Cabinet Office's 約5,000社 against 001."""
    restricted = f"participants:{F002}|16|約10,700社"
    phase_two = row_reference("participants", (F002, 16, "約10,700社"))
    assert phase_two == ("participants", (F002, "16", "約10,700社"))
    phase_one = row_reference("participants", (F001, 101, "5,800 SMEs"))
    cabinet_office = row_reference("independent_figures", ("meti-cao2003-companies",))
    assert reading_applies(restricted, [phase_one, phase_two])
    assert not reading_applies(restricted, [cabinet_office, phase_one])
    assert reading_applies(None, [cabinet_office]) and reading_applies(pd.NA, [])
    linked = pd.DataFrame({"judgement_id": ["a:x", "a:x"], "reading": ["same", "other"],
                           "holds_with": ["b:y: 12 parts", pd.NA]})
    assert holds_with_links(linked) == {
        ("a:x", "same"): "b:y: 12 parts", ("b:y", "12 parts"): "a:x: same"}


def test_every_comparison_and_every_figure_is_judged(
        monkeypatch: pytest.MonkeyPatch, t: dict[str, pd.DataFrame],
        docs: dict[str, RawDocument]) -> None:
    i = _index("judgements", "definition:uk-rdas")
    with pytest.raises(ClusterAnalysisError, match="no definition judgement for uk-embedded-rdas"):
        _build(monkeypatch, t, docs, _edited("judgements", i, about="participants:"
                                             f"{F001}|78|12 locations"))
    i = _index("judgements", "independence:embedded")
    with pytest.raises(ClusterAnalysisError, match="no independence judgement for "
                                                   "uk-embedded-capital-fund"):
        _build(monkeypatch, t, docs, _edited("judgements", i,
                                             about="independent_figures:uk-embedded-rdas"))


# --------------------------------------------------------------------------- the tables


def test_each_comparison_takes_its_definition_from_the_register(
        t: dict[str, pd.DataFrame]) -> None:
    figures = t["independent_figures"]
    linked = figures[figures["document_source"].notna()]
    assert linked["definition_judgement"].notna().all()
    register = t["judgements"].set_index("judgement_id")
    for r in linked.itertuples(index=False):
        # the register's own reading and reason, not a coarser word for it
        assert r.definition == register.at[r.definition_judgement, "reading"], r.figure_id
        assert r.definition_note == register.at[r.definition_judgement, "reason"], r.figure_id
    # 001 line 101 counts '5,800 SMEs'; Nikkei (24 May 2005) writes 約5800社 and JILC (Mar
    # 2007) 約6,100の企業, companies of any size: wider as written, but Nikkei's is 001's
    # number a month earlier, so the sources leave open whether the groups differ, and 04
    # must say what the register says: the definition is uncertain, neither 'wider' nor 'same'
    by_id = linked.set_index("figure_id")
    for figure in ("meti-nikkei2005-companies", "meti-jilc2007-companies"):
        assert by_id.loc[figure, "definition"] == "unknown", figure
    assert figures[figures["document_source"].isna()]["definition"].isna().all()


def test_every_independent_figure_has_one_independence_class(
        t: dict[str, pd.DataFrame]) -> None:
    j = t["judgements"]
    seen: list[str] = []
    for about in j[j["kind"] == "independence"]["about"]:
        seen += [r.key[0] for r in parse_about(str(about))]
    assert sorted(seen) == sorted(t["independent_figures"]["figure_id"].astype(str))
    assert set(j[j["kind"] == "independence"]["reading"]) <= set(
        vocab.JUDGEMENT_READINGS["independence"])


def _readings(t: dict[str, pd.DataFrame], jid: str) -> pd.DataFrame:
    r = t["judgement_readings"]
    return r[r["judgement_id"] == jid]


def _values(t: dict[str, pd.DataFrame], jid: str) -> set[float]:
    return set(_readings(t, jid)["value"].astype(float))


def test_the_phase_one_nouns(t: dict[str, pd.DataFrame]) -> None:
    # 001 line 101 "5,800 SMEs and over 220 regional-university researchers"; 002 line 16
    # "中堅・中小企業約10,700社", line 18 "約290大学"; Nikkei (24 May 2005) "約220大学";
    # the Cabinet Office's 約5,000 中堅・中小企業 (2003), which JPRI writes "5,000 SMEs":
    # whether 001's "SMEs" render 中堅・中小企業 is open; line 16 counts those "aiming at the
    # world market" (全国で世界市場を目指す中堅・中小企業), which may be fewer
    j = t["judgements"].set_index("judgement_id")
    assert j.loc["definition:meti-smes", "reading"] == "unknown"
    assert j.loc["definition:meti-smes", "readings"] == "wider; same; narrower"
    assert j.loc["definition:meti-researchers", "reading"] == "probable mistranslation"
    assert "figure:meti-nikkei2005-universities" in j.loc["definition:meti-researchers",
                                                          "evidence"]
    # one judgement for the participants study's phase I -> II and the cross-check's pair
    about = j.loc["definition:meti-smes", "about"]
    assert f"participants:{F002}|16|約10,700社" in about
    assert "independent_figures:meti-cao2003-companies" in about


def test_the_divisors(t: dict[str, pd.DataFrame]) -> None:
    # 001 line 78: "3 special areas ... plus 14 other areas"; "22 areas specified (8 areas for
    # phase 1, 8 areas for phase 2, 6 areas for phase 3)"; "RDAs in 12 locations nationwide,
    # with approx. 10 clusters each"; 003 line 47 "10 areas (consisting of 12 smaller parts)"
    assert _values(t, "divisor:de-bioregio") == {17.0, 3.0}
    assert _values(t, "divisor:fi-centres") == {22.0, 8.0, 6.0}
    assert _values(t, "divisor:uk-rda") == {12.0, 120.0}
    assert _values(t, "divisor:kc-national-budget") == {12.0, 10.0}
    # the Bundestag's "erhalten jeweils 25 Millionen Euro" is the ÷ 3 reading's evidence
    three = _readings(t, "divisor:de-bioregio").set_index("value").loc[3.0]
    assert "figure:de-bt2006-per-winner" in three["evidence"]


def test_the_periods(t: dict[str, pd.DataFrame]) -> None:
    def spans(jid: str) -> set[tuple[int, int, float]]:
        r = _readings(t, jid)
        return set(zip(r["period_start"].astype(int), r["period_end"].astype(int),
                       r["value"].astype(float), strict=True))
    # 001 line 76 "1996~2001", line 77 "(over five years)"; Nature's "1997 to 2001" is one
    # region's period (definition:de-bioregio-region-end), no reading of the programme's
    assert spans("period:de-bioregio") == {(1996, 2001, 5), (1996, 2001, 6)}
    # line 76 "1999~(2006)", line 77 "(over six years)"; the Bundestag "bis zum Jahr 2005"
    assert spans("period:de-innoregio") == {(1999, 2006, 6), (1999, 2006, 8), (1999, 2005, 7)}
    # line 76 "1994~(2004)"; the Commission's second period "1999−2006"
    assert spans("period:fi-centres") == {(1994, 2004, 11), (1994, 2006, 13)}
    # line 76 "2003~(2008)"; Innovate UK "committed between 2003 and 2007"
    assert spans("period:uk-mnt") == {(2003, 2008, 6), (2003, 2007, 5)}
    # line 77 "(Allocation for local innovation in 2001)": which year is not stated
    rda = _readings(t, "period:uk-rda").set_index("reading")
    assert rda.loc["2001, 1 year (basis not stated)", "year_basis"] == "year, basis not stated"
    assert rda.loc["FY2001, 1 year", "year_basis"] == "fiscal year"
    # 003 line 56 "each FY (5 years as a total)": FY2002-FY2006 is inferred
    kc = _readings(t, "period:kc-per-cluster")
    assert list(kc["reading"]) == ["FY2002–FY2006, 5 years"]
    assert "inferred" in str(kc["note"].iloc[0])


def test_the_conversions(t: dict[str, pd.DataFrame]) -> None:
    # 001 lines 136-138 give dollars and no rate; 003 line 59 "US 1 = £1 = ¥120"; the MEXT
    # deck of 25 July 2005: "Calculated as US$1=110yen"
    meti = _readings(t, "conversion:meti-budget").set_index("reading")
    assert meti.loc["unstated", "used"]
    assert {120.0, 110.0} <= set(meti["value"].dropna())
    assert meti.loc["110 JPY per USD", "evidence"] == "figure:rate-mext2005-deck"
    mext = t["judgements"].set_index("judgement_id").loc["conversion:mext-usd"]
    assert mext["reading"] == "stated 120 JPY per USD"


def test_the_programmes_that_ran_on(t: dict[str, pd.DataFrame]) -> None:
    j = t["judgements"].set_index("judgement_id")
    # 002 line 14 "産業クラスター計画（第Ⅱ期）18プロジェクト", line 18 "（数値は平成20年現在）"
    assert j.loc["continuation:meti-project", "reading"] == "runs to 2008"
    assert f'{F002}:14 "' in j.loc["continuation:meti-project", "evidence"]
    # 002 lines 97-98 "知的クラスター創成事業（第Ⅱ期）"
    assert j.loc["continuation:knowledge-cluster", "reading"] == "runs to 2008"
    assert f"{F002}:98" in j.loc["continuation:knowledge-cluster", "evidence"]
    # 001 line 76 "1994~(2004)": a planned end; the Commission's second period ends 2006
    assert j.loc["continuation:fi-centres", "reading"] == "planned end 2004"
    assert "ends 2006" in j.loc["continuation:fi-centres", "readings"]


def test_the_mnt_years_follow_the_research_part(t: dict[str, pd.DataFrame]) -> None:
    # 001 line 77 "about 18 billion yen (Basic fund 8 billion yen, 10 billion yen for
    # research over six years)": the six years follow the research part, inside the
    # parenthesis, so the total's and the basic fund's years are the timeframe's
    b = t["budgets"].set_index(["programme_id", "item"])
    assert "(stated)" not in str(b.loc[("uk_mnt_network", "total"), "note"])
    assert "over the timeframe 2003-2008" in str(b.loc[("uk_mnt_network", "Basic fund"),
                                                       "note"])
    assert "over 6 years (stated)" in str(b.loc[("uk_mnt_network", "research"), "note"])
    # where the parenthesis holds only the years (line 77, BioRegio), they are the total's
    assert "over 5 years (stated)" in str(b.loc[("de_bioregio", "total"), "note"])
    assert int(b.loc[("uk_mnt_network", "total"), "period_years"]) == 6


def test_every_judgement_a_reason_names_exists() -> None:
    """A reason or a note that cites another judgement cites one the register has."""
    import re

    judgements, readings = lookup("judgements"), lookup("judgement_readings")
    ids = {r["judgement_id"] for r in judgements}
    kinds = "|".join(vocab.JUDGEMENT_KINDS)
    cited = re.compile(rf"\b(?:{kinds}):[a-z0-9][a-z0-9-]*[a-z0-9]")
    texts = [r["reason"] for r in judgements] + [r["note"] for r in readings]
    named = {m for text in texts for m in cited.findall(str(text))}
    assert named and named <= ids, sorted(named - ids)

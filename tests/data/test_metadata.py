"""Metadata declared once, the data package, loading, line ends, coverage and citations."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import warnings
from pathlib import Path

import pandas as pd
import pytest

import clusteranalysis as ca
from clusteranalysis.build import catalogue, coverage
from clusteranalysis.build.command import ManifestWarning, build
from clusteranalysis.build.rawdoc import RawDocument, split_lines
from clusteranalysis.build.sources import Tables, parser
from clusteranalysis.errors import DataNotBuiltError, ParseError
from clusteranalysis.files import sha256_file
from clusteranalysis.metadata import fields, processed, vocab
from clusteranalysis.metadata.lookups import lookup
from clusteranalysis.provenance import citations
from clusteranalysis.studies import params
from tests.support.data import PROCESSED, RAW, ROOT, replace_in

F001 = "001_fc47ff42475d4a79.txt"
F002 = "002_0f5a4630d1886fda.txt"


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "clusteranalysis.cli", *args],
                          capture_output=True, text=True, cwd=ROOT, check=False)


def package() -> dict:
    return json.loads((PROCESSED / "datapackage.json").read_text(encoding="utf-8"))


# --- the field registry and the vocabularies ----------------------------------------------

def test_each_column_is_described_once() -> None:
    described: dict[str, set[str]] = {}
    for spec in processed.TABLES.values():
        for f in spec.fields:
            assert f.name in fields.FIELDS or f.name == "status", (spec.name, f.name)
            described.setdefault(f.name, set()).add(f.description)
    # programme_id: one description wherever a table does not say what it means there
    plain = [spec.field("programme_id").description for spec in processed.TABLES.values()
             if "programme_id" in spec.columns and spec.name not in ("clusters",)]
    assert set(plain) == {fields.FIELDS["programme_id"].description}


def test_behaviour_follows_the_field_not_its_name() -> None:
    assert fields.FIELDS["count"].minimum == 0 and fields.FIELDS["line"].minimum == 1
    assert fields.FIELDS["amount"].finite


def test_vocabularies_declared_once() -> None:
    # the notebook parameters take theirs from vocab, which takes them from the lookups
    assert params.COUNTRIES == vocab.PROGRAMME_COUNTRIES
    assert params.TIMELINE_KINDS == vocab.STUDY_TIMELINE_KINDS
    assert tuple(dict.fromkeys(r["region"] for r in lookup("regions"))) == vocab.REGIONS
    assert tuple(r["programme_id"] for r in lookup("programmes")) == vocab.PROGRAMME_IDS
    assert fields.FIELDS["country"].enum == vocab.COUNTRIES
    assert fields.FIELDS["programme_id"].enum == vocab.PROGRAMME_IDS
    from clusteranalysis.present import figures
    assert set(figures.COUNTRY_COLORS) == set(vocab.COUNTRIES)


def test_parsing_vocabulary_lives_in_the_lookups() -> None:
    words = {r["word"]: r for r in lookup("words")}
    assert words["six"]["value"] == "6" and words["3rd"]["kind"] == "ordinal"
    assert words["circle"]["value"] == "JPY"  # 001 line 356: 円 mistranslated


def test_one_way_to_apply_dtypes(tmp_path: Path) -> None:
    frames = build(RAW, tmp_path / "out")
    for name, df in frames.items():
        pd.testing.assert_frame_equal(ca.load(name, tmp_path / "out"), df, check_like=False)


# --- the registry of documents ----------------------------------------------------------------

def test_catalogue_names_the_module_that_reads_each_document() -> None:
    entries = catalogue.read(RAW)
    assert sorted(entries) == sorted(p.name for p in RAW.glob("*.txt"))
    for entry in entries.values():
        assert parser(entry.read_by).__module__ == entry.read_by
        assert entry.citation
    citations_ = [e.citation for e in entries.values()]
    assert len(set(citations_)) == len(citations_)
    # 001 line 3 states the date; the others are dated by the catalogue
    assert entries[F001].date_basis == "document" and entries[F001].date_line == 3


@pytest.mark.parametrize(("module", "message"), [
    # a module that is not there (yet): the build names the row and says to write it
    ("clusteranalysis.build.sources.meti_2006",
     f"error: sources.csv: {F001}: clusteranalysis.build.sources.meti_2006 does not exist"),
    # a catalogue names no code outside the parsers' package
    ("os.path", "error: sources.csv:3: read_by must name a module of "
                "clusteranalysis.build.sources"),
    ("clusteranalysis.build.sources.common",
     "clusteranalysis.build.sources.common has no parse(doc, tables) function"),
    # the wrong parser: it does not find its tables in this document
    ("clusteranalysis.build.sources.mext_phase2", f"error: {F001}: table 'phase II totals' "
                                                  "not found"),
])
def test_catalogue_names_a_module_that_reads_the_document(raw_copy: Path, tmp_path: Path,
                                                          module: str, message: str) -> None:
    replace_in(raw_copy / "sources.csv", "clusteranalysis.build.sources.meti_2005", module)
    result = run_cli("build", "--raw", str(raw_copy), "--out", str(tmp_path / "out"))
    assert result.returncode == 1
    assert result.stderr.splitlines()[-1].startswith("clusteranalysis build: ")
    assert message in result.stderr.splitlines()[-1]
    assert not (tmp_path / "out").exists()


def test_document_date_must_stand_in_the_document(raw_copy: Path, tmp_path: Path) -> None:
    replace_in(raw_copy / "sources.csv", "2005-06-21", "2005-06-22")
    result = run_cli("build", "--raw", str(raw_copy), "--out", str(tmp_path / "out"))
    assert result.returncode == 1
    assert f"{F001}:3:" in result.stderr and "2005-06-21" in result.stderr


def test_a_catalogue_date_says_why_the_text_is_undated(raw_copy: Path, tmp_path: Path) -> None:
    """000 gives no date; the catalogue's 2005 is the earliest it allows, because "it
    reports the July 2005 launch" (sources.csv, row 2): a catalogue date without that
    reason stops the build, naming the catalogue's line."""
    replace_in(raw_copy / "sources.csv", "The note is undated: it reports", "It reports")
    result = run_cli("build", "--raw", str(raw_copy), "--out", str(tmp_path / "out"))
    assert result.returncode == 1
    assert "sources.csv:2: a catalogue date is the earliest the text allows" in \
        result.stderr.splitlines()[-1]


# --- the data package -------------------------------------------------------------------------

def test_frictionless_validates_the_package() -> None:
    import frictionless
    report = frictionless.validate(str(PROCESSED / "datapackage.json"))
    errors = [e.message for task in report.tasks for e in task.errors] + \
        [e.message for e in report.errors]
    assert report.valid, errors[:5]


def test_package_declares_keys_counts_and_hashes() -> None:
    resources = {r["name"]: r for r in package()["resources"]}
    assert resources["budgets"]["schema"]["foreignKeys"] == [
        {"fields": ["programme_id"], "reference": {"resource": "programmes",
                                                   "fields": ["programme_id"]}},
        {"fields": ["source"], "reference": {"resource": "documents", "fields": ["source"]}}]
    assert resources["documents"]["schema"]["primaryKey"] == ["source"]
    assert resources["programmes"]["schema"]["primaryKey"] == ["programme_id"]
    assert resources["timeline"]["schema"]["primaryKey"] == ["entity_id"]
    for name, r in resources.items():
        path = PROCESSED / r["path"]
        assert r["hash"] == f"sha256:{sha256_file(path)}", name
        assert r["rows"] == len(pd.read_csv(path, dtype=str)), name


def test_package_records_coverage() -> None:
    c = ca.load("coverage")
    for source in package()["sources"]:
        name = source["path"].removeprefix("data/raw/")
        rows = c[c.source == name]
        assert source["coverage"] == {"numbers": len(rows),
                                      "read": int((rows.status == "read").sum()),
                                      "skipped": int((rows.status == "skipped").sum())}
        assert source["citation"]


# --- loading ------------------------------------------------------------------------------------

@pytest.fixture
def built(tmp_path: Path) -> Path:
    out = tmp_path / "out"
    build(RAW, out)
    return out


def test_a_deleted_row_is_reported(built: Path) -> None:
    path = built / "budgets.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(lines[:-1]), encoding="utf-8")
    with pytest.raises(DataNotBuiltError, match=r"corrupt or out of date.*make data"):
        ca.load("budgets", built)


def test_a_header_only_table_is_reported(built: Path) -> None:
    path = built / "budgets.csv"
    path.write_text(path.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    with pytest.raises(DataNotBuiltError, match=r"corrupt or out of date.*make data"):
        ca.load("budgets", built)


def test_a_stale_row_count_is_reported(built: Path) -> None:
    meta = json.loads((built / "datapackage.json").read_text(encoding="utf-8"))
    next(r for r in meta["resources"] if r["name"] == "budgets")["rows"] += 1
    (built / "datapackage.json").write_text(json.dumps(meta), encoding="utf-8")
    with pytest.raises(DataNotBuiltError, match=r"rows.*make data"):
        ca.load("budgets", built)


@pytest.mark.parametrize("value", ["inf", "-inf", "nan"])
def test_non_finite_amounts_are_rejected(built: Path, value: str) -> None:
    # even with the hash updated to the edited file, the schema refuses the value
    path = built / "budgets.csv"
    text = path.read_text(encoding="utf-8").replace(",540000000.0,", f",{value},", 1)
    path.write_text(text, encoding="utf-8")
    meta = json.loads((built / "datapackage.json").read_text(encoding="utf-8"))
    next(r for r in meta["resources"] if r["name"] == "budgets")["hash"] = \
        f"sha256:{sha256_file(path)}"
    (built / "datapackage.json").write_text(json.dumps(meta), encoding="utf-8")
    with pytest.raises(DataNotBuiltError, match="corrupt or out of date"):
        ca.load("budgets", built)


# --- line ends ----------------------------------------------------------------------------------

def test_split_lines_like_an_editor() -> None:
    assert split_lines("a\r\nb\rc\nd") == ["a", "b", "c", "d"]
    assert split_lines("a\x0cb\u2028c") == ["a\x0cb\u2028c"]  # not line ends in an editor


@pytest.mark.parametrize("ending", ["\r\n", "\r"])
def test_crlf_and_cr_give_the_same_tables(raw_copy: Path, tmp_path: Path,
                                          ending: str) -> None:
    for path in raw_copy.glob("*.txt"):
        text = path.read_bytes().decode("utf-8")
        path.write_bytes(ending.join(split_lines(text)).encode("utf-8"))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ManifestWarning)  # the bytes differ from SHA256SUMS
        build(raw_copy, tmp_path / "out")
    for name in ca.tables():
        assert (tmp_path / "out" / f"{name}.csv").read_bytes() == \
            (PROCESSED / f"{name}.csv").read_bytes(), name
    # 000 line 11 lists six sectors; 002 line 34 is Kanto's counts line
    sectors = ca.load("sectors", tmp_path / "out")
    assert (sectors.source == "000_7b3e377257c25d7a.txt").sum() == 6
    p = ca.load("participants", tmp_path / "out")
    assert set(p[p.group_id == "p2:kanto_regional"].line) == {34}


# --- failed matches ---------------------------------------------------------------------------

def test_a_failed_match_is_a_parse_error_with_file_and_line(raw_copy: Path,
                                                            tmp_path: Path) -> None:
    # 001 line 184 "Example1: Technology Advanced Metropolitan Area (TAMA)" loses its name
    replace_in(raw_copy / F001, "Example1: Technology Advanced Metropolitan Area (TAMA)",
               "Example1:")
    result = run_cli("build", "--raw", str(raw_copy), "--out", str(tmp_path / "out"))
    lines = [x for x in result.stderr.splitlines() if not x.startswith(("reading", "warning"))]
    assert result.returncode == 1 and len(lines) == 1, result.stderr
    assert f"{F001}:184:" in lines[0] and "Traceback" not in result.stderr


def test_fact_and_search_raise_parse_errors() -> None:
    doc = RawDocument.read(RAW / F001)
    with pytest.raises(ParseError, match=f"{F001}:138: .*not on its line"):
        doc.fact(138, "$999 million")
    with pytest.raises(ParseError, match=f"{F001}:3: the year not found"):
        doc.search(r"\d{5}", 3, "the year")


# --- coverage ---------------------------------------------------------------------------------

def test_every_number_is_read_or_skipped() -> None:
    c = ca.load("coverage")
    assert set(c.status) == {"read", "skipped"}
    assert c[c.status == "read"].table.notna().all()
    assert c[c.status == "skipped"].reason.notna().all()
    # every document's numbers: a re-count with the ledger's own tokenizer
    for path in sorted(RAW.glob("*.txt")):
        doc = RawDocument.read(path)
        n = sum(len(coverage.numbers(text, i)) for i, text in enumerate(doc.lines, 1))
        assert (c.source == path.name).sum() == n, path.name


def test_a_new_number_nobody_read_stops_the_build(raw_copy: Path, tmp_path: Path) -> None:
    # 001 line 111: a number added to a sentence no parser reads
    replace_in(raw_copy / F001, "Regional bureaus of METI act as the hub of these networks.",
               "Regional bureaus of METI act as the hub of these 9 networks.")
    result = run_cli("build", "--raw", str(raw_copy), "--out", str(tmp_path / "out"))
    assert result.returncode == 1
    assert f"{F001}:111: number neither read into a table nor skipped" in result.stderr
    assert "coverage_skips.csv" in result.stderr


def test_a_sentence_long_raw_does_not_read_every_number_in_it() -> None:
    doc = RawDocument("x.txt", ["Of 5 teams, 7 won."], "0")
    tables = Tables()
    tables.add("indicators", doc.fact(1, "Of 5 teams, 7 won.", value=5.0))
    rows, _summary = coverage.ledger({"x.txt": doc}, tables, strict=False)
    assert [(r["text"], r["status"]) for r in rows] == [("5", "read"), ("7", "unaccounted")]


def test_numbers_as_written() -> None:
    found = coverage.numbers("約１２社、三回、Three universities, 1,300 billion, 0.8", 1)
    assert [(n.text, n.value) for n in found] == [
        ("１２", 12.0), ("三", 3.0), ("Three", 3.0), ("1,300", 1300.0), ("0.8", 0.8)]
    era = coverage.numbers("平成8～12年度", 1)
    assert [coverage.readings(n, "平成8～12年度") for n in era] == [{8.0, 1996.0},
                                                                   {12.0, 2000.0}]


def test_skips_are_reviewed_rows_with_a_reason_and_note() -> None:
    for row in lookup("coverage_skips"):
        assert row["reason"] in vocab.SKIP_REASONS
        assert row["note"].strip()
        assert re.compile(row["pattern"]).groups >= 1


def test_build_prints_coverage_per_document(tmp_path: Path) -> None:
    result = run_cli("build", "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    c = ca.load("coverage")
    for name in catalogue.read(RAW):
        rows = c[c.source == name]
        line = (f"{name}: {len(rows)} numbers, {(rows.status == 'read').sum()} read, "
                f"{(rows.status == 'skipped').sum()} skipped")
        assert line in result.stderr


# --- citations --------------------------------------------------------------------------------

def test_line_runs() -> None:
    assert citations.line_runs([101]) == "line 101"
    assert citations.line_runs([180, 138, 142, 146, 150, 158, 166, 176]) == "lines 138–180"
    assert citations.line_runs([13, 17, 33, 76, 285, 289, 293]) == \
        "lines 13–17, 33, 76, 285–293"


def test_cite_names_the_lines_the_rows_stand_on() -> None:
    b = ca.load("budgets")
    meti = b[b.programme_id == "meti_industrial_cluster"]
    # 001 lines 138 (total) to 180 (the last item), not the 136–182 once typed by hand
    assert citations.cite(meti) == f"Source: METI 2005 ({F001}, lines 138–180)."
    both = citations.cite(meti, b[b.programme_id == "mext_knowledge_cluster"])
    assert both == (f"Sources: METI 2005 ({F001}, lines 138–180); MEXT 2002 "
                    f"(003_ea909c88cb2d084b.txt, lines 55–56).")


def test_figure_captions_come_from_the_rows() -> None:
    from clusteranalysis.present import figures
    from clusteranalysis.studies.budgets import figures as budget_figures
    from tests.support.budgets import parameters, run

    figures.set_theme()
    usd = parameters(currency="USD")
    tables = {name: ca.load(name) for name in ca.tables()}
    fig = budget_figures.meti_line_items(run(tables, **usd), usd)
    caption = " ".join(t.get_text() for t in fig.texts)
    assert "lines 138–180" in caption.replace("\n", " ")
    figures.close_all()


def test_trace_prints_the_line_with_context(capsys: pytest.CaptureFixture[str]) -> None:
    b = ca.load("budgets")
    row = b[(b.programme_id == "meti_industrial_cluster") & (b["item"] == "total")
            & (b.status == "draft")].iloc[0]
    ca.trace(row)
    out = capsys.readouterr().out.splitlines()
    # 001 line 138 "The national budget for the Industrial Cluster Projects \$540 million"
    assert out[0] == f"METI 2005 — {F001}, line 138"
    assert out[1].startswith("  136 | FY2005 draft budget")
    assert out[3].startswith("> 138 | The national budget for the Industrial Cluster Projects")
    assert out[-1] == "raw: \\$540 million"
    ca.trace(source=F002, line=34, context=1)
    shown = capsys.readouterr().out
    assert "> 34 | 　ものづくり分野　約2,240社　130大学" in shown and "  35 |" in shown


def test_trace_of_a_copied_raw_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]
                                      ) -> None:
    shutil.copytree(RAW, tmp_path / "raw")
    ca.trace(source=F001, line=3, raw_dir=tmp_path / "raw", context=0)
    assert capsys.readouterr().out.splitlines()[1] == "> 3 | 21st June, 2005"


def test_provenance_of_a_row_computed_from_several() -> None:
    from clusteranalysis import load

    participants = load("participants")
    # 002 lines 24 and 27: 北海道 約570社 28大学, TOHOKU 約700社 32大学
    rows = participants[(participants["source"] == "002_0f5a4630d1886fda.txt")
                        & participants["line"].isin([24, 27])]
    assert citations.provenance(rows) == ("002_0f5a4630d1886fda.txt", "24, 27")
    # 001 line 101 (5,800 SMEs) with 002 line 16 (約10,700社)
    both = participants[((participants["source"] == "001_fc47ff42475d4a79.txt")
                         & (participants["line"] == 101))
                        | ((participants["source"] == "002_0f5a4630d1886fda.txt")
                           & (participants["line"] == 16))]
    assert citations.provenance(both) == (
        "001_fc47ff42475d4a79.txt; 002_0f5a4630d1886fda.txt", "101; 16")

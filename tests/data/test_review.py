"""The coverage ledger's skips and the review (``build --review``): every number read or
skipped for a reviewed reason, a changed document stopped at its new number, every
unaccounted number listed at once; bad text in sources.csv.

Issue 20's reproductions: a line "7 Universities joined the network (3) and 4. companies
left." and an ``alert(1)`` added to 001 were recorded as skipped list numbers by skip rows
that stood for every line; they now stop the build at the new number.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from clusteranalysis.build import catalogue, command, coverage
from clusteranalysis.build.rawdoc import RawDocument
from clusteranalysis.build.sources import Tables
from clusteranalysis.errors import ClusterAnalysisError
from tests.support.data import RAW, ROOT, replace_in

F001 = "001_fc47ff42475d4a79.txt"
REPRODUCTION = "7 Universities joined the network (3) and 4. companies left."


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "clusteranalysis.cli", *args],
                          capture_output=True, text=True, cwd=ROOT, check=False)


def error_line(result: subprocess.CompletedProcess[str]) -> str:
    lines = [x for x in result.stderr.splitlines() if not x.startswith(("reading", "warning"))]
    assert len(lines) == 1, result.stderr  # one line, no traceback
    return lines[0]


def line_of(path: Path, text: str) -> int:
    lines = RawDocument.read(path).lines
    assert lines.count(text) == 1
    return lines.index(text) + 1


# --- a number added to a document is not recorded as skipped (issue 20) ---------------------

def test_a_new_line_stops_the_build_at_its_first_number(raw_copy: Path, tmp_path: Path
                                                        ) -> None:
    # 001 line 109 "government networks in regions": the reproduction's line after it
    replace_in(raw_copy / F001, "government networks in regions\n",
               f"government networks in regions\n{REPRODUCTION}\n")
    n = line_of(raw_copy / F001, REPRODUCTION)
    result = run_cli("build", "--raw", str(raw_copy), "--out", str(tmp_path / "out"))
    assert result.returncode == 1
    assert error_line(result).startswith(f"clusteranalysis build: error: {F001}:{n}: number "
                                         "neither read into a table nor skipped")
    assert error_line(result).endswith(": '7'") and "--review" in error_line(result)
    assert not (tmp_path / "out").exists()


def test_a_new_last_line_stops_the_build(raw_copy: Path, tmp_path: Path) -> None:
    last = "Hokkaido Bio-Industrial Cluster's Developing Process"
    replace_in(raw_copy / F001, f"{last}\n", f"{last}\n{REPRODUCTION}\n")
    result = run_cli("build", "--raw", str(raw_copy), "--out", str(tmp_path / "out"))
    assert result.returncode == 1
    assert f"{F001}:{line_of(raw_copy / F001, REPRODUCTION)}: number neither read" in \
        error_line(result)


def test_a_number_beside_a_skipped_one_stops_the_build(raw_copy: Path, tmp_path: Path
                                                       ) -> None:
    # 001 line 107 "(1) Support for close industry-university-": its '(1)' is a list number
    line = "(1) Support for close industry-university-"
    n = line_of(raw_copy / F001, line)
    replace_in(raw_copy / F001, f"{line}\n", f"{line} alert(1)\n")
    result = run_cli("build", "--raw", str(raw_copy), "--out", str(tmp_path / "out"))
    assert result.returncode == 1
    message = error_line(result)
    assert message.startswith(f"clusteranalysis build: error: {F001}:{n}: lookups/"
                              "coverage_skips.csv:")
    assert "matches 2 times on this line ('(1)', '(1)'), reviewed for 1" in message


def test_a_skip_for_every_line_must_be_one_exact_text(monkeypatch: pytest.MonkeyPatch
                                                      ) -> None:
    def rows(*lines: str) -> None:
        monkeypatch.setattr(coverage, "lookup", lambda name: tuple(
            dict(zip(("source", "line", "pattern", "reason", "note"), r.split(";"),
                     strict=True)) for r in lines))

    rows(rf"{F001};;\((\d)\);list number;enumerators")  # the old row for every line
    with pytest.raises(ClusterAnalysisError, match=re.escape(
            r"coverage_skips.csv:2: /\((\d)\)/ matches more than one text, so it must name "
            "the lines")):
        coverage.skips()
    rows(f"{F001};;Bio (Five)-Star;part of a name;a name",
         f"{F001};;by (one) side|(one) after another;not a count;idioms",
         rf"{F001};107 113x2;\((\d)\);list number;enumerators")
    found = coverage.skips()
    assert [s.lines for s in found] == [None, None, {107: 1, 113: 2}]
    for bad, message in [(f"{F001};107;(1);list number;", "no note"),
                         (f"{F001};107;(1);page;why", "unknown reason 'page' (one of: page "
                                                      "number, list number"),
                         (f"{F001};107 x2;(1);list number;why", "line must be line numbers"),
                         (f"{F001};107 107;(1);list number;why", "line must be line numbers"),
                         (f"{F001};107;1;list number;why", "needs a group")]:
        rows(bad)
        with pytest.raises(ClusterAnalysisError, match=re.escape(message)):
            coverage.skips()
        problems: list[str] = []
        assert coverage.skips(problems) == [] and message.split(" (")[0] in problems[0]


@pytest.mark.parametrize(("pattern", "exact"), [
    ("Bio (Five)-Star", True), (r"Route \((128)\)", True), ("by (one) side|(one) after", True),
    (r"\((\d)\)", False), ("Tale of (Two).", False), ("(?:a)(1)", False), ("(one)+", False),
    ("^(1)", False), ("[(]1", False), ("(a|b)(1)", False),
])
def test_exact_text(pattern: str, exact: bool) -> None:
    assert coverage.is_exact_text(pattern) is exact


def test_a_skip_that_no_longer_matches_stops_the_build(raw_copy: Path, tmp_path: Path
                                                       ) -> None:
    # 001 line 44 "Route 128" is skipped as part of a name (coverage_skips.csv)
    replace_in(raw_copy / F001, "Route 128", "Route A")
    result = run_cli("build", "--raw", str(raw_copy), "--out", str(tmp_path / "out"))
    assert result.returncode == 1
    assert "/Route (128)/ matches 0 times on this line (nothing), reviewed for 1" in \
        error_line(result)


# --- German numbers in an English document ------------------------------------------------

def test_an_ambiguous_number_in_an_english_document_is_refused(raw_copy: Path,
                                                               tmp_path: Path) -> None:
    replace_in(raw_copy / F001, "act as the hub of these networks.",
               "act as the hub of these networks of 500.000 companies.")
    result = run_cli("build", "--raw", str(raw_copy), "--out", str(tmp_path / "out"))
    assert result.returncode == 1
    assert error_line(result) == (
        f"clusteranalysis build: error: {F001}:111: ambiguous number: English (en) reads it "
        "as 500.000, a text that groups thousands with '.' as 500000; nothing here guesses "
        "which is meant: '500.000'")


def test_the_scanner_reads_the_documents_language() -> None:
    german = RawDocument("x.txt", ["Fördermittel: knapp 1,5 Millionen Euro, 500.000 Euro, "
                                   "acht Cluster"], "0", "de")
    found = coverage.numbers(german.lines[0], 1, german.reader)
    assert [(n.text, n.value) for n in found] == [("1,5", 1.5), ("500.000", 500000.0),
                                                  ("acht", 8.0)]
    assert coverage.as_written(found[0], german.lines[0], german.reader) == (
        "knapp 1,5 Millionen", "1500000, approximate: knapp")
    english = RawDocument("y.txt", ["knapp 1,5 and 500.000"], "0", "en")
    found = coverage.numbers(english.lines[0], 1, english.reader)
    assert [(n.text, n.value) for n in found] == [("1", 1.0), ("5", 5.0), ("500.000", None)]
    assert found[2].problem and found[2].problem.startswith("ambiguous number")


# --- the review -----------------------------------------------------------------------------

def test_the_review_of_the_corpus_finds_nothing_open() -> None:
    result = run_cli("build", "--review")
    assert result.returncode == 0, result.stdout + result.stderr
    documents = catalogue.read(RAW)
    assert result.stdout.splitlines()[-1] == \
        f"every number of the {len(documents)} documents is read or skipped"
    for name in documents:
        assert f"{name} (" in result.stdout and ", 0 unaccounted" in result.stdout


def test_the_review_lists_every_open_number_at_once(raw_copy: Path, tmp_path: Path) -> None:
    replace_in(raw_copy / F001, "Regional bureaus of METI act as the hub of these networks.",
               "Regional bureaus of METI act as the hub of these 9 networks.")
    last = "Hokkaido Bio-Industrial Cluster's Developing Process"
    replace_in(raw_copy / F001, f"{last}\n", f"{last}\n{REPRODUCTION}\n")
    n = line_of(raw_copy / F001, REPRODUCTION)
    stubs = tmp_path / "stubs.csv"
    result = run_cli("build", "--review", "--raw", str(raw_copy), "--write-skips", str(stubs))
    assert result.returncode == 1
    listed = [line.strip() for line in result.stdout.splitlines() if line.startswith("  ")]
    assert listed == [f"{F001}:111  9  9", f"{F001}:{n}  7  7", f"{F001}:{n}  3  3",
                      f"{F001}:{n}  4  4"]
    assert "4 numbers unaccounted in 1 documents, 0 problems" in result.stdout
    rows = stubs.read_text(encoding="utf-8").splitlines()
    assert rows == [",".join(command.SKIP_COLUMNS), rf"{F001},111,these (9) networks\.,,",
                    rf"{F001},{n},(7) Universities,,", rf"{F001},{n},network \((3)\),,",
                    rf"{F001},{n},and (4)\.,,"]
    # the normal build names the first only, and the review
    built = run_cli("build", "--raw", str(raw_copy), "--out", str(tmp_path / "out"))
    assert f"{F001}:111: number neither read" in error_line(built)
    assert "'clusteranalysis build --review' lists every such number" in error_line(built)


def test_the_review_writes_stubs_only_to_a_new_file(raw_copy: Path, tmp_path: Path) -> None:
    replace_in(raw_copy / F001, "act as the hub of these networks.",
               "act as the hub of these 9 networks.")
    for existing in (tmp_path / "notes.csv", tmp_path / "link.csv"):
        if existing.name == "notes.csv":
            existing.write_text("mine\n", encoding="utf-8")
        else:
            existing.symlink_to(tmp_path / "elsewhere.csv")  # a dangling link
        result = run_cli("build", "--review", "--raw", str(raw_copy), "--write-skips",
                         str(existing))
        assert result.returncode == 1
        assert error_line(result) == (f"clusteranalysis build: error: {existing}: already "
                                      "exists (or is a link): give --write-skips a new file")
    assert (tmp_path / "notes.csv").read_text(encoding="utf-8") == "mine\n"
    assert not (tmp_path / "elsewhere.csv").exists()


def test_the_review_goes_on_past_a_failing_parser(raw_copy: Path) -> None:
    replace_in(raw_copy / F001, "Outline of cluster-related policies of central governments "
               "overseas", "Outline of something else")
    result = run_cli("build", "--review", "--raw", str(raw_copy))
    assert result.returncode == 1
    assert (f"problem: {F001}: table 'overseas central-government policies' not found"
            in result.stdout)
    assert f"{F001} (English (en)): " in result.stdout  # its numbers are still listed


# --- bad text in sources.csv (issue 20) ------------------------------------------------------

def test_a_byte_order_mark_is_accepted(raw_copy: Path) -> None:
    path = raw_copy / "sources.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())  # Excel's "CSV UTF-8"
    assert catalogue.read(raw_copy) == catalogue.read(RAW)


def test_a_nul_byte_in_a_citation_is_one_line(raw_copy: Path, tmp_path: Path) -> None:
    replace_in(raw_copy / "sources.csv", "METI 2005,", "METI\x00 2005,")
    with pytest.raises(ClusterAnalysisError, match=re.escape(
            "sources.csv:3: column citation holds a NUL byte")):
        catalogue.read(raw_copy)
    result = run_cli("build", "--raw", str(raw_copy), "--out", str(tmp_path / "out"))
    assert result.returncode == 1
    assert error_line(result) == ("clusteranalysis build: error: sources.csv:3: column "
                                  "citation holds a NUL byte")


def test_an_unknown_language_is_one_line(raw_copy: Path) -> None:
    replace_in(raw_copy / "sources.csv", ",en,", ",sv,", count=2)
    with pytest.raises(ClusterAnalysisError, match=re.escape(
            "sources.csv:3: column language: 'sv' is not in lookups/languages.csv")):
        catalogue.read(raw_copy)


def test_a_value_outside_its_vocabulary_names_table_column_and_line() -> None:
    doc = RawDocument("x.txt", ["Programm: Beispiel"], "0", "sv")
    row = doc.fact(1, "Beispiel", programme_id="de_bioregio", name="Beispiel",
                   name_en="Example", country="Germany", ministry=None, language="sv",
                   policy=None, local_promotion=None)
    with pytest.raises(ClusterAnalysisError) as err:
        command.to_frame("programmes", [row])
    assert str(err.value) == ("x.txt:1: table programmes, column language: 'sv' is not one "
                              "of its values (lookups/languages.csv: en, ja, fr, de, fi)")
    tables = Tables()
    assert tables.rows == {}

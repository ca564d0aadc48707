"""End to end: a sixth document added by docs/adding-a-document.md, in a copy of the repository.

The document (``tests/data/sixth_document/``, German, made up for the test) goes into a
temporary copy of ``src/clusteranalysis`` and ``data/`` by the recipe's steps: its text, its
``sources.csv`` row, ``SHA256SUMS``, the bibliography, ``build --review`` before its parser
exists, the parser (``template.py`` copied), the lookup rows its names need, the reviewed
skips from the stub rows the review writes, and the build. The commands run as a user runs
them, in subprocesses on the copy (``CLUSTERANALYSIS_ROOT``, ``PYTHONPATH``), so the real
lookups and data/raw are never touched.

Expected values are read from the document (``005_3d4eef67eca43e0e.txt``; the line is
cited beside each). :class:`Sandbox` is where a notebook run on the new build goes: its
``env`` and ``out`` are what ``papermill`` needs.
"""

from __future__ import annotations

import csv
import hashlib
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pytest

from tests.support.data import PROCESSED, ROOT, one

HERE = Path(__file__).parent / "sixth_document"
DOC = "005_3d4eef67eca43e0e.txt"
MODULE = "beispiel_2016"
PROGRAMME = "de_beispiel_cluster"
#: The files the recipe says adding a document touches (its tests aside), in the copy.
RECIPE_FILES = {
    f"data/raw/{DOC}", "data/raw/sources.csv", "data/raw/SHA256SUMS", "data/raw/sources.bib",
    f"src/clusteranalysis/build/sources/{MODULE}.py",
    "src/clusteranalysis/lookups/programmes.csv", "src/clusteranalysis/lookups/nouns.csv",
    "src/clusteranalysis/lookups/coverage_skips.csv",
}


@dataclass
class Sandbox:
    """A copy of the repository's package and data, and the commands run on it."""

    root: Path
    results: dict[str, subprocess.CompletedProcess[str]] = field(default_factory=dict)

    @property
    def env(self) -> dict[str, str]:
        return {**os.environ, "CLUSTERANALYSIS_ROOT": str(self.root),
                "PYTHONPATH": str(self.root / "src")}

    @property
    def raw(self) -> Path:
        return self.root / "data" / "raw"

    @property
    def lookups(self) -> Path:
        return self.root / "src" / "clusteranalysis" / "lookups"

    @property
    def out(self) -> Path:
        return self.root / "out"

    def python(self, step: str, *args: str) -> subprocess.CompletedProcess[str]:
        result = subprocess.run([sys.executable, *args], capture_output=True, text=True,
                                cwd=self.root, env=self.env, check=False, timeout=600)
        self.results[step] = result
        return result

    def cli(self, step: str, *args: str) -> subprocess.CompletedProcess[str]:
        return self.python(step, "-m", "clusteranalysis.cli", *args)


def append_rows(source: Path, target: Path) -> None:
    """The rows of ``source`` (a CSV with ``target``'s header) appended to ``target``."""
    lines = source.read_text(encoding="utf-8").splitlines(keepends=True)
    assert lines[0].strip() == target.read_text(encoding="utf-8").splitlines()[0].strip()
    with target.open("a", encoding="utf-8", newline="") as fh:
        fh.writelines(lines[1:])


def tree(root: Path, *parts: str) -> dict[str, bytes]:
    out = {}
    for part in parts:
        for p in (root / part).rglob("*"):
            if p.is_file() and "__pycache__" not in p.parts:
                out[p.relative_to(root).as_posix()] = p.read_bytes()
    return out


@pytest.fixture(scope="module")
def added(tmp_path_factory: pytest.TempPathFactory) -> Sandbox:
    """The recipe, step by step, on a fresh copy."""
    box = Sandbox(tmp_path_factory.mktemp("repo"))
    shutil.copytree(ROOT / "src" / "clusteranalysis", box.root / "src" / "clusteranalysis",
                    ignore=shutil.ignore_patterns("__pycache__"))
    for folder in ("raw", "external"):
        shutil.copytree(ROOT / "data" / folder, box.root / "data" / folder)
    # 1. the text, its catalogue row, its hash (as sha256sum writes it), the bibliography
    shutil.copy(HERE / DOC, box.raw / DOC)
    append_rows(HERE / "sources.csv", box.raw / "sources.csv")
    digest = hashlib.sha256((box.raw / DOC).read_bytes()).hexdigest()
    with (box.raw / "SHA256SUMS").open("a", encoding="utf-8") as fh:
        fh.write(f"{digest}  {DOC}\n")
    bib = box.python("bibliography", "-m", "clusteranalysis.provenance.bibliography")
    assert bib.returncode == 0, bib.stderr
    (box.raw / "sources.bib").write_text(bib.stdout, encoding="utf-8")
    # 2. the review, before the parser exists
    box.cli("review before the parser", "build", "--review", "--raw", str(box.raw))
    # 3. the parser, copied from the template, and the lookup rows its names need
    sources = box.root / "src" / "clusteranalysis" / "build" / "sources"
    shutil.copy(sources / "template.py", sources / f"{MODULE}.py")
    for name in ("programmes", "nouns"):
        append_rows(HERE / "lookups" / f"{name}.csv", box.lookups / f"{name}.csv")
    # 4. the stub rows of what is left, then the reviewed skips
    box.cli("review with stubs", "build", "--review", "--raw", str(box.raw),
            "--write-skips", str(box.root / "stubs.csv"))
    append_rows(HERE / "lookups" / "coverage_skips.csv", box.lookups / "coverage_skips.csv")
    box.cli("review after the skips", "build", "--review", "--raw", str(box.raw))
    # 5. the build
    box.cli("build", "build", "--raw", str(box.raw), "--out", str(box.out))
    return box


def table(box: Sandbox, name: str) -> pd.DataFrame:
    """A table of the sandbox's build as its CSV holds it (``ca.load`` would check it against
    this process's lookups, which lack the new programme)."""
    return pd.read_csv(box.out / f"{name}.csv", keep_default_na=False, na_values=[""])


def listed(result: subprocess.CompletedProcess[str]) -> list[tuple[str, str, str]]:
    """The review's lines for the document as (file:line, text, value)."""
    out = []
    for line in result.stdout.splitlines():
        if line.startswith(f"  {DOC}:"):
            where, text, value, *_ = line.strip().split("  ")
            out.append((where, text, value))
    return out


def test_the_review_lists_every_number_before_the_parser_exists(added: Sandbox) -> None:
    result = added.results["review before the parser"]
    assert result.returncode == 1, result.stderr
    assert f"clusteranalysis.build.sources.{MODULE} does not exist" in result.stdout
    found = listed(result)
    assert len(found) == 19  # every number of the document, read the German way:
    assert (f"{DOC}:4", "2016", "2016") in found           # Berlin, 1. Februar 2016
    assert (f"{DOC}:8", "acht", "8") in found              # a number word
    assert (f"{DOC}:8", "mehr als 1.200", "1200, lower bound: mehr als") in found
    assert (f"{DOC}:13", "knapp 1,5 Millionen", "1500000, approximate: knapp") in found
    assert (f"{DOC}:14", "rund 2,3 Mio.", "2300000, approximate: rund") in found
    assert (f"{DOC}:15", "500.000", "500000") in found      # 500.000 Euro
    assert (f"{DOC}:16", "544.363", "544363") in found      # 544.363 Euro
    # the five documents are accounted for: only the new one is listed
    assert "19 numbers unaccounted in 1 documents, 0 problems" in result.stdout


def test_the_stub_rows_are_what_the_reviewer_fills_in(added: Sandbox) -> None:
    result = added.results["review with stubs"]
    assert result.returncode == 1 and "wrote 9 stub rows" in result.stdout, result.stdout
    with (added.root / "stubs.csv").open(encoding="utf-8", newline="") as fh:
        stubs = list(csv.DictReader(fh))
    with (HERE / "lookups" / "coverage_skips.csv").open(encoding="utf-8", newline="") as fh:
        reviewed = list(csv.DictReader(fh))
    # the reviewer kept each stub's line and pattern and gave it a reason and a note
    assert [(s["source"], s["line"], s["pattern"]) for s in stubs] == \
        [(r["source"], r["line"], r["pattern"]) for r in reviewed]
    for stub, row in zip(stubs, reviewed, strict=True):
        assert stub["note"] == "" and row["note"]
        assert stub["reason"] in ("", row["reason"])  # a suggestion the reviewer kept
    # line 4 is the catalogue's date_line ('1. Februar 2016'); line 21 is 'Seite 2'
    assert [s["reason"] for s in stubs if s["line"] == "4"] == ["document date"] * 2
    assert [s["reason"] for s in stubs if s["line"] == "6"] == ["list number"]  # 1. Das …


def test_the_build_reads_the_values_at_their_lines(added: Sandbox) -> None:
    assert added.results["review after the skips"].returncode == 0
    build = added.results["build"]
    assert build.returncode == 0, build.stderr
    assert f"{DOC}: 19 numbers, 10 read, 9 skipped" in build.stderr
    b = table(added, "budgets")
    b = b[b.source == DOC]
    # 13 "Clustermanagement<TAB>knapp 1,5 Millionen Euro"
    row = one(b, line=13)
    assert (row["item"], row["amount"], row["currency"]) == ("Clustermanagement", 1.5e6, "EUR")
    assert row["approximate"] and row["qualifier"] == "knapp"
    assert one(b, line=14)["amount"] == 2.3e6                     # rund 2,3 Mio. Euro
    assert one(b, line=15)["amount"] == 500_000                   # 500.000 Euro
    assert not one(b, line=15)["approximate"]
    assert one(b, line=16)["amount"] == 544_363                   # 544.363 Euro
    total = one(b, line=17)                                       # Insgesamt etwa 4,8 Mio.
    assert (total["item"], total["amount"], total["qualifier"]) == ("total", 4.8e6, "etwa")
    # 11 "Tabelle 1: Fördermittel des Bundes 2012 bis 2015"
    assert set(b.period_start) == {2012} and set(b.period_end) == {2015}
    p = table(added, "participants")
    p = p[p.source == DOC].set_index("participant_type")
    # 8 "Gefördert wurden acht Cluster mit mehr als 1.200 Unternehmen und rund 40 Hochschulen."
    assert p.loc["clusters", "count"] == 8
    assert p.loc["companies", "count"] == 1200 and p.loc["companies", "lower_bound"]
    assert p.loc["universities", "count"] == 40 and p.loc["universities", "approximate"]
    assert set(p["as_of"]) == {2016}                              # 4 Berlin, 1. Februar 2016
    t = one(table(added, "timeline"), entity_id=PROGRAMME)
    # 7 "Das Programm startete im März 2012 und endete im Dezember 2015."
    assert t["line"] == 7 and t["start_date"] == "2012-03-01"
    assert (t["start_precision"], t["end_year"], t["end_precision"]) == ("month", 2015, "month")
    prog = one(table(added, "programmes"), programme_id=PROGRAMME)
    assert (prog["language"], prog["country"], prog["line"]) == ("de", "Germany", 2)
    assert prog["ministry"] == "Bundesministerium für Beispiele (erfunden)"  # line 1
    doc = one(table(added, "documents"), source=DOC)
    assert doc["document_date"] == "2016-02-01" and doc["date_line"] == 4
    c = table(added, "coverage")
    assert (c.source == DOC).sum() == 19


def test_the_five_documents_tables_are_unchanged(added: Sandbox) -> None:
    for path in sorted(PROCESSED.glob("*.csv")):
        new = (added.out / path.name).read_text(encoding="utf-8").splitlines(keepends=True)
        kept = [line for line in new if DOC not in line]
        assert "".join(kept) == path.read_text(encoding="utf-8"), path.name


def test_adding_it_touched_only_the_files_the_recipe_names(added: Sandbox) -> None:
    before = tree(ROOT, "src/clusteranalysis", "data/raw", "data/external")
    after = tree(added.root, "src/clusteranalysis", "data/raw", "data/external")
    changed = {name for name in set(before) | set(after) if before.get(name) != after.get(name)}
    assert changed == RECIPE_FILES


def test_a_german_number_is_refused_in_an_english_document(tmp_path: Path) -> None:
    """The same document catalogued as English: '500.000' (line 15) is ambiguous there."""
    raw = tmp_path / "raw"
    shutil.copytree(ROOT / "data" / "raw", raw)
    shutil.copy(HERE / DOC, raw / DOC)
    append_rows(HERE / "sources.csv", raw / "sources.csv")
    text = (raw / "sources.csv").read_text(encoding="utf-8")
    (raw / "sources.csv").write_text(text.replace(",de,", ",en,"), encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "clusteranalysis.cli", "build", "--review",
                             "--raw", str(raw)], capture_output=True, text=True, check=False)
    assert result.returncode == 1
    assert (f"{DOC}:15", "500.000", "no value: ambiguous number: English (en) reads it as "
            "500.000, a text that groups thousands with '.' as 500000; nothing here guesses "
            "which is meant") in listed(result)
    # 4 'Berlin, 1. Februar 2016' is not an English date: the catalogue's date check says so
    assert f"problem: {DOC}:4: not a date in English (en): '1. Februar 2016'" in result.stdout

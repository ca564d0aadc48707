"""The build: deterministic, equal to what is committed, atomic, loud on bad input."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import warnings
from pathlib import Path

import pandas as pd
import pytest

import clusteranalysis as ca
from clusteranalysis.build import catalogue
from clusteranalysis.build.command import ManifestWarning, build, read_manifest
from clusteranalysis.errors import ClusterAnalysisError, DataNotBuiltError
from tests.support.data import PROCESSED, RAW, ROOT, replace_in

F001 = "001_fc47ff42475d4a79.txt"
F002 = "002_0f5a4630d1886fda.txt"


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "clusteranalysis.cli", *args],
                          capture_output=True, text=True, cwd=ROOT, check=False)


def test_manifest_matches_raw_files() -> None:
    manifest = read_manifest(RAW)
    documents = sorted(p.name for p in RAW.glob("*.txt"))
    assert sorted(manifest) == documents == sorted(catalogue.read(RAW))
    assert documents  # the corpus is what the catalogue lists, however many
    for name, digest in manifest.items():
        assert hashlib.sha256((RAW / name).read_bytes()).hexdigest() == digest


def test_catalogue_lists_every_document() -> None:
    catalogue = pd.read_csv(RAW / "sources.csv")
    assert sorted(catalogue.file) == sorted(read_manifest(RAW))
    assert {"title", "publisher", "year", "language", "contains"} <= set(catalogue.columns)


def test_committed_processed_data_is_what_the_build_makes(tmp_path: Path) -> None:
    build(RAW, tmp_path / "out")
    assert snapshot(tmp_path / "out") == snapshot(PROCESSED)


def test_build_is_deterministic(tmp_path: Path) -> None:
    build(RAW, tmp_path / "a")
    first = snapshot(tmp_path / "a")
    build(RAW, tmp_path / "a")
    assert snapshot(tmp_path / "a") == first
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no leftovers


def test_datapackage_describes_tables_and_inputs() -> None:
    package = json.loads((PROCESSED / "datapackage.json").read_text(encoding="utf-8"))
    assert [r["name"] for r in package["resources"]] == ca.tables()
    budgets = next(r for r in package["resources"] if r["name"] == "budgets")
    fields = {f["name"]: f for f in budgets["schema"]["fields"]}
    assert fields["amount"]["type"] == "number" and fields["amount"]["unit"]
    assert fields["currency"]["constraints"]["enum"][:2] == ["JPY", "USD"]
    hashes = {s["path"]: s["sha256"] for s in package["sources"]}
    for name, digest in read_manifest(RAW).items():
        assert hashes[f"data/raw/{name}"] == digest


def test_changed_number_comes_out_with_a_manifest_warning(raw_copy: Path,
                                                           tmp_path: Path) -> None:
    # 002 line 41: Tokai "約1,490社" becomes "約1,500社" (a row the register does not name)
    replace_in(raw_copy / F002, "約1,490社", "約1,500社")
    out = tmp_path / "out"
    with pytest.warns(ManifestWarning, match=F002):
        build(raw_copy, out)
    p = ca.load("participants", out)
    tokai = p[(p.line == 41) & (p.participant_type == "companies")]
    assert list(tokai["count"]) == [1500]
    package = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    source = next(s for s in package["sources"] if s["path"].endswith(F002))
    actual = hashlib.sha256((raw_copy / F002).read_bytes()).hexdigest()
    assert source["sha256"] == actual and not source["matches_manifest"]


def test_a_changed_number_the_register_names_stops_the_build(raw_copy: Path,
                                                             tmp_path: Path) -> None:
    """002 line 34's 約2,240社 is a row definition:meti-example-companies-vs-phase2 is
    about: changed, the judgement no longer names a row, and the build says so, with the
    register's line, rather than keep a judgement of a number the document no longer
    gives."""
    replace_in(raw_copy / F002, "約2,240社", "約2,250社")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ManifestWarning)
        with pytest.raises(ClusterAnalysisError,
                           match=r"judgements\.csv:\d+: about 'participants:"
                                 r"002_0f5a4630d1886fda\.txt\|34\|約2,240社': no row"):
            build(raw_copy, tmp_path / "out")


def test_changed_budget_number_comes_out(raw_copy: Path, tmp_path: Path) -> None:
    replace_in(raw_copy / F001, "\\$131 million", "\\$133 million")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ManifestWarning)
        build(raw_copy, tmp_path / "out")
    b = ca.load("budgets", tmp_path / "out")
    assert b[(b.line == 158) & (b.fiscal_year == 2005)].amount.tolist() == [133e6]


@pytest.mark.parametrize(
    ("file", "old", "new", "where", "token"),
    [
        (F001, "\\$540 million", "\\$54O million", f"{F001}:138:", "54O million"),
        (F002, "約2,240社", "約2,24O社", f"{F002}:34:", "2,24O"),
        (F001, "About 2.8 billion yen", "About 2.8.1 billion yen", f"{F001}:77:", "2.8.1"),
        (F001, "\t2003~(2008)", "\t2003~(2O08)", f"{F001}:76:", "2O08"),
        (F001, "5,800 SMEs", "5,8OO SMEs", f"{F001}:101:", "8OO"),
        (F001, "approx. 2,300,000", "approx. 2,3OO,000", f"{F001}:42:", "3OO"),
        (F002, "平成20年6月14日～15日", "平成20年6月14日～13日", f"{F002}:12:", "14日～13日"),
        # damage that a strict pattern would skip silently or misread
        (F001, "About 1750 high-tech", "About 17S0 high-tech", f"{F001}:43:", "7S0"),
        (F002, "約570社", "約5Z0社", f"{F002}:24:", "5Z0"),
        (F002, "約10,700社", "約10,7Z0社", f"{F002}:16:", "10,7Z0"),
        (F001, "23 areas are specified", "2E areas are specified", f"{F001}:78:", "2E"),
        (F001, "Agglomerations (1997~)", "Agglomerations (1997~", f"{F001}:28:", "(1997~"),
        # a lost tab: the row must not vanish from the table
        (F001, "\tAustin (Texas)\t", "\tAustin (Texas) ", f"{F001}:43:", "6 cells"),
        # a broken counts line: the record must not take the next record's numbers
        (F002, "約460社　12大学", "約460社　12 大学", f"{F002}:54:", "四国テクノブリッジ計画"),
    ],
)
def test_unparsable_value_stops_the_build(raw_copy: Path, tmp_path: Path, file: str,
                                          old: str, new: str, where: str,
                                          token: str) -> None:
    replace_in(raw_copy / file, old, new)
    out = tmp_path / "out"
    build(RAW, out)
    before = snapshot(out)
    result = run_cli("build", "--raw", str(raw_copy), "--out", str(out))
    assert result.returncode == 1
    lines = [x for x in result.stderr.splitlines() if not x.startswith(("reading", "warning"))]
    assert len(lines) == 1, result.stderr            # one line, no traceback
    assert lines[0].startswith(f"clusteranalysis build: error: {where}")
    assert token in lines[0]                          # the text that did not parse
    assert snapshot(out) == before                   # the output folder is untouched


def test_missing_table_names_file_and_table(raw_copy: Path, tmp_path: Path) -> None:
    replace_in(raw_copy / F001, "Outline of cluster-related policies of central governments "
               "overseas", "Outline of something else")
    result = run_cli("build", "--raw", str(raw_copy), "--out", str(tmp_path / "out"))
    assert result.returncode == 1
    assert f"{F001}: table 'overseas central-government policies' not found" in result.stderr
    assert not (tmp_path / "out").exists()


def test_missing_raw_file(raw_copy: Path, tmp_path: Path) -> None:
    (raw_copy / F002).unlink()
    result = run_cli("build", "--raw", str(raw_copy), "--out", str(tmp_path / "out"))
    assert result.returncode == 1 and F002 in result.stderr


def test_unknown_project_spelling_is_an_error(raw_copy: Path, tmp_path: Path) -> None:
    replace_in(raw_copy / F001, "Fostering IT-Venture(Kanto)", "Fostering IT-Startups(Kanto)")
    result = run_cli("build", "--raw", str(raw_copy), "--out", str(tmp_path / "out"))
    assert result.returncode == 1
    assert "lookups/phase1_projects.csv" in result.stderr and f"{F001}:377" in result.stderr


def test_load_missing_says_how_to_rebuild(tmp_path: Path) -> None:
    with pytest.raises(DataNotBuiltError, match="make data"):
        ca.load("budgets", tmp_path)


def test_load_corrupt_says_how_to_rebuild(tmp_path: Path) -> None:
    build(RAW, tmp_path / "out")
    path = tmp_path / "out" / "budgets.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",JPY,", ",YEN,"),
                    encoding="utf-8")
    with pytest.raises(DataNotBuiltError, match=r"corrupt or out of date.*make data"):
        ca.load("budgets", tmp_path / "out")
    (tmp_path / "out" / "timeline.csv").write_text("not,a,table\n1,2,3\n", encoding="utf-8")
    with pytest.raises(DataNotBuiltError):
        ca.load("timeline", tmp_path / "out")


def test_load_unknown_table() -> None:
    with pytest.raises(KeyError, match="tables are"):
        ca.load("budget")


def test_load_gives_typed_columns() -> None:
    b = ca.load("budgets")
    assert str(b["amount"].dtype) == "Float64"
    assert str(b["fiscal_year"].dtype) == "Int64"
    assert str(b["approximate"].dtype) == "boolean"
    assert isinstance(b["currency"].dtype, pd.CategoricalDtype)
    assert str(ca.load("timeline")["start_date"].dtype).startswith("datetime64")

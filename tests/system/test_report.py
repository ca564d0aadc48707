"""``clusteranalysis report``: configuration checks, the report folder, incremental runs.

Most tests execute tiny fixture notebooks written here with nbformat, through the real
papermill and nbconvert machinery; the last one runs the committed ``reports.toml`` on the
real notebooks.
"""

from __future__ import annotations

import html
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from clusteranalysis import __version__, cli, config
from clusteranalysis.errors import ParameterError
from clusteranalysis.provenance import bibliography
from clusteranalysis.report import REPORT_OUTPUT, ReportConfigError, load_config, run_report
from clusteranalysis.report import key as report_key
from clusteranalysis.report import plan as report_plan
from clusteranalysis.report.pool import cpu_count
from clusteranalysis.report.record import Revision
from clusteranalysis.safety.folders import swap_into
from clusteranalysis.safety.lock import Lock
from clusteranalysis.safety.publish import recover
from clusteranalysis.safety.targets import PublishError
from clusteranalysis.studies import params
from tests.support.links import broken_source_links, source_links
from tests.support.notebooks import (
    F002,
    failing_notebook,
    figure_notebook,
    manifest,
    statuses,
    tiny_notebook,
    write_config,
    write_notebook,
)
from tests.support.runs import NotebookRuns

# --------------------------------------------------------------------------- configuration


@pytest.fixture
def nbdir(tmp_path: Path) -> Path:
    folder = tmp_path / "notebooks"
    folder.mkdir()
    tiny_notebook(folder)
    # A stand-in with a real notebook's name: its parameters come from params.py.
    write_notebook(folder / "01_budgets.ipynb", 'currency = "JPY"\noutput_dir = None')
    return folder


@pytest.mark.parametrize(
    ("run", "message"),
    [
        ({"notebook": "nope.ipynb", "name": "a"}, "run 'a' (#2): unknown notebook 'nope.ipynb'"),
        ({"notebook": "../tiny.ipynb", "name": "a"}, "unknown notebook"),
        ({"notebook": "tiny.ipynb", "name": "first"}, "run 'first' (#2): duplicate name"),
        (
            {"notebook": "tiny.ipynb", "name": "a", "parameters": {"valu": 2}},
            "run 'a' (#2): unknown parameter 'valu' for tiny.ipynb",
        ),
        (
            {"notebook": "tiny.ipynb", "name": "a", "parameters": {"value": "x"}},
            "run 'a' (#2): value must be like its default 1",
        ),
        (
            {"notebook": "01_budgets.ipynb", "name": "a", "parameters": {"curency": "USD"}},
            "run 'a' (#2): unknown parameter 'curency' for 01_budgets.ipynb",
        ),
        (
            {"notebook": "01_budgets.ipynb", "name": "a", "parameters": {"currency": "EUR"}},
            "run 'a' (#2): currency must be one of JPY, USD (got 'EUR')",
        ),
        (
            {"notebook": "01_budgets.ipynb", "name": "a", "parameters": {"output_dir": "x"}},
            "output_dir is set by the report",
        ),
        ({"notebook": "tiny.ipynb", "name": "no spaces"}, "run 'no spaces' (#2): name must be"),
        ({"notebook": "tiny.ipynb"}, "run #2: name must be"),
        ({"name": "a"}, "run 'a' (#2): notebook is missing"),
    ],
)
def test_config_error_names_the_run_and_nothing_runs(
    nbdir: Path, tmp_path: Path, run: dict, message: str
) -> None:
    cfg = write_config(
        tmp_path / "reports.toml", [{"notebook": "tiny.ipynb", "name": "first"}, run]
    )
    out = tmp_path / "reports"
    with pytest.raises(ReportConfigError) as caught:
        run_report(cfg, out, notebook_dir=nbdir, progress=False)
    assert message in str(caught.value)
    assert str(cfg) in str(caught.value)
    assert not out.exists()
    assert not list(tmp_path.glob(".reports*"))


def test_config_lists_every_error(nbdir: Path, tmp_path: Path) -> None:
    cfg = write_config(
        tmp_path / "reports.toml",
        [
            {"notebook": "tiny.ipynb", "name": "a", "parameters": {"nope": 1}},
            {"notebook": "missing.ipynb", "name": "b"},
        ],
    )
    with pytest.raises(ReportConfigError) as caught:
        load_config(cfg, nbdir)
    message = str(caught.value)
    assert "\n" not in message  # one line
    assert re.fullmatch(r".*reports\.toml: 2 errors: run 'a' \(#1\): unknown parameter 'nope'"
                        r".*; run 'b' \(#2\): unknown notebook 'missing\.ipynb'.*", message)


def test_config_file_errors(nbdir: Path, tmp_path: Path) -> None:
    with pytest.raises(ReportConfigError, match="not found"):
        load_config(tmp_path / "absent.toml", nbdir)
    bad = tmp_path / "bad.toml"
    bad.write_text("[[run]\n", encoding="utf-8")
    with pytest.raises(ReportConfigError, match="not valid TOML"):
        load_config(bad, nbdir)
    bad.write_text("title = 'x'\n", encoding="utf-8")
    with pytest.raises(ReportConfigError, match="unknown top-level key 'title'"):
        load_config(bad, nbdir)
    bad.write_text("", encoding="utf-8")
    with pytest.raises(ReportConfigError, match=r"no \[\[run\]\] tables"):
        load_config(bad, nbdir)
    assert issubclass(ReportConfigError, ParameterError)


def test_config_defaults_and_overrides(nbdir: Path, tmp_path: Path) -> None:
    cfg = write_config(
        tmp_path / "reports.toml",
        [
            {"notebook": "01_budgets.ipynb", "name": "usd", "parameters": {"currency": "USD"}},
            {"notebook": "tiny.ipynb", "name": "two", "parameters": {"value": 2}},
        ],
    )
    usd, two = load_config(cfg, nbdir)
    expected = {k: v for k, v in params.defaults("01_budgets.ipynb").items() if k != "output_dir"}
    assert usd.effective_parameters == {**expected, "currency": "USD"}
    assert two.parameters == {"value": 2}
    assert two.effective_parameters == {"value": 2, "fail": False}


def test_cli_prints_config_error(
    nbdir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(config, "NOTEBOOK_DIR", nbdir)
    cfg = write_config(tmp_path / "reports.toml", [{"notebook": "nope.ipynb", "name": "a"}])
    assert cli.main(["report", "--config", str(cfg), "--out", str(tmp_path / "r")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("clusteranalysis report: error: ")
    assert "run 'a' (#1): unknown notebook 'nope.ipynb'" in err
    assert cli.main(["report", "--config", str(cfg), "--jobs", "0"]) == 1
    assert "--jobs must be at least 1" in capsys.readouterr().err


# --------------------------------------------------------------------------- one full report


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, bool]:
    """A report of the figure notebook (defaults and a variant) and a failing notebook."""
    root = tmp_path_factory.mktemp("built")
    nbdir = root / "notebooks"
    nbdir.mkdir()
    figure_notebook(nbdir)
    failing_notebook(nbdir)
    cfg = write_config(
        root / "reports.toml",
        [
            {"notebook": "figure.ipynb", "name": "figure-defaults"},
            {
                "notebook": "figure.ipynb",
                "name": "figure-big",
                "parameters": {"scale": 3, "title": "Big <b>bars</b>"},
            },
            {
                "notebook": "fails.ipynb",
                "name": "fails",
                "parameters": {"message": "bad <u>value</u> & co"},
            },
        ],
    )
    out = root / "reports"
    ok = run_report(cfg, out, jobs=2, notebook_dir=nbdir, progress=False)
    return out, ok


def test_failed_run_does_not_stop_the_others(built: tuple[Path, bool]) -> None:
    out, ok = built
    assert ok is False
    assert statuses(out) == {"figure-defaults": "ok", "figure-big": "ok", "fails": "failed"}


def test_each_run_has_notebook_page_and_results(built: tuple[Path, bool]) -> None:
    out, _ = built
    for name in ("figure-defaults", "figure-big"):
        run_dir = out / name
        assert (run_dir / f"{name}.ipynb").is_file()
        assert (run_dir / f"{name}.html").is_file()
        assert sorted(p.name for p in (run_dir / "results").iterdir()) == [
            "bars.png",
            "bars.svg",
            "values.csv",
        ]
    assert (out / "figure-big" / "results" / "values.csv").read_text() == "label,value\nb,6\n"
    # the executed notebook points at the published folder, not the staging one
    executed = (out / "figure-big" / "figure-big.ipynb").read_text(encoding="utf-8")
    assert json.dumps(str(out / "figure-big" / "results"))[1:-1] in executed
    assert ".reports.tmp-" not in executed
    # no staging or lock debris
    assert not list(out.parent.glob(".reports*"))


def test_manifest(built: tuple[Path, bool]) -> None:
    out, _ = built
    data = manifest(out)
    assert data["generator"] == "clusteranalysis report"
    assert data["package_version"] == __version__
    assert data["jobs"] == min(2, cpu_count())  # --jobs is capped at the CPUs
    runs = {r["name"]: r for r in data["runs"]}
    assert list(runs) == ["figure-defaults", "figure-big", "fails"]  # config order
    big = runs["figure-big"]
    assert big["parameters"] == {"scale": 3, "title": "Big <b>bars</b>"}
    assert big["effective_parameters"] == {"title": "Big <b>bars</b>", "scale": 3}
    assert big["status"] == "ok" and big["error"] is None
    assert set(big["inputs"]) == {"code_sha256", "notebook_sha256", "processed_sha256",
                                  "raw_sha256"}
    assert big["inputs"]["notebook_sha256"] == runs["figure-defaults"]["inputs"]["notebook_sha256"]
    assert all(re.fullmatch(r"[0-9a-f]{64}", h) for h in big["inputs"].values())
    assert big["timings"]["execute_seconds"] > 0
    assert big["duration_seconds"] >= big["timings"]["execute_seconds"]
    assert big["files"]["results"] == [
        "figure-big/results/bars.png",
        "figure-big/results/bars.svg",
        "figure-big/results/values.csv",
    ]
    fails = runs["fails"]
    assert fails["error"].startswith("RuntimeError: bad <u>value</u> & co")
    assert set(data["inputs"]) == {"processed", "raw", "notebooks"}


def test_index_lists_runs_and_escapes_text(built: tuple[Path, bool]) -> None:
    out, _ = built
    index = (out / "index.html").read_text(encoding="utf-8")
    assert index.count("<tr>") == 1 + 3
    assert "RuntimeError: bad &lt;u&gt;value&lt;/u&gt; &amp; co" in index
    assert "Big &lt;b&gt;bars&lt;/b&gt;" in index
    assert "<u>" not in index and "<b>bars" not in index
    for name in ("figure-defaults", "figure-big", "fails"):
        assert f'href="{name}/{name}.html"' in index
        assert f'href="{name}/{name}.ipynb"' in index
    assert 'href="figure-big/figure-big.html#results"' in index
    assert "status-failed" in index and "defaults" in index


def test_page_is_self_contained_with_code_hidden(built: tuple[Path, bool]) -> None:
    out, _ = built
    page = (out / "figure-big" / "figure-big.html").read_text(encoding="utf-8")
    assert re.search(r'<img[^>]+src="data:image/png;base64,', page)
    assert not re.search(r'<(script|link)[^>]+(src|href)="(https?:)?//', page)
    assert 'id="show-code"' in page and 'for="show-code"' in page
    assert (
        "#show-code:not(:checked) ~ main .jp-CodeCell .jp-Cell-inputWrapper { display: none; }"
    ) in page
    # document text printed by the notebook is escaped, as are the parameters in the header
    assert "The document says &lt;u&gt;underlined&lt;/u&gt; &amp; more" in page
    assert "<u>underlined" not in page
    assert "Big &lt;b&gt;bars&lt;/b&gt;" in page
    assert 'href="results/bars.svg"' in page and 'href="../index.html"' in page
    failed = (out / "fails" / "fails.html").read_text(encoding="utf-8")
    assert "bad &lt;u&gt;value&lt;/u&gt;" in failed and "<u>value" not in failed


def test_pages_link_every_source_line_to_its_page(built: tuple[Path, bool]) -> None:
    out, _ = built
    page = (out / "figure-big" / "figure-big.html").read_text(encoding="utf-8")
    href = f"../sources/{F002}.html#L38"
    # the table's source and line cells, its note, and the printed trace all link there
    assert page.count(f'href="{href}"') >= 4
    assert f'<a class="ca-source" href="../sources/{F002}.html">{F002}</a>, line ' in page
    target = out / "sources" / f"{F002}.html"
    assert '<tr id="L38">' in target.read_text(encoding="utf-8")
    links = source_links(out)
    assert {p.name for p, *_ in links} >= {"figure-big.html", "figure-defaults.html",
                                           "index.html", f"{F002}.html"}
    assert broken_source_links(out) == []
    contents = manifest(out)["contents"]
    assert f"sources/{F002}.html" in contents and "sources/index.html" in contents
    assert "sources/sources.bib" in contents
    index = (out / "index.html").read_text(encoding="utf-8")
    assert f'href="sources/{F002}.html"' in index and 'href="sources/index.html"' in index


def _git_head() -> str:
    done = subprocess.run(["git", "rev-parse", "HEAD"], cwd=config.ROOT, capture_output=True,
                          text=True, check=False)
    return done.stdout.strip() if done.returncode == 0 else "unknown"


def _footer(page: str) -> str:
    return page.split('<footer class="ca-footer">', 1)[1].split("</footer>", 1)[0]


def test_every_page_has_the_footer(built: tuple[Path, bool]) -> None:
    import yaml

    out, _ = built
    data = manifest(out)
    head = _git_head()
    assert data["revision"]["commit"] == head
    cff = yaml.safe_load((config.ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert cff["version"] == __version__
    assert data["citation"] == bibliography.how_to_cite(commit=head)
    assert cff["title"].strip() in data["citation"] and f"version {__version__}" in data[
        "citation"]
    processed = data["inputs"]["processed"]["sha256"]
    pages = [out / "index.html", out / "sources" / "index.html", out / "sources" / f"{F002}.html",
             out / "figure-big" / "figure-big.html", out / "fails" / "fails.html"]
    for path in pages:
        footer = _footer(path.read_text(encoding="utf-8"))
        assert f"clusteranalysis {__version__}" in footer, path
        assert head in footer, path
        assert processed in footer, path
        assert html.escape(data["citation"]) in footer, path
        assert "sources/index.html" in footer or 'href="index.html"' in footer, path
    for run in data["runs"]:
        assert run["revision"]["commit"] == head
        assert run["inputs"]["processed_sha256"] == processed


def test_a_reused_run_keeps_the_commit_it_was_executed_at(
    tmp_path: Path, data_dirs: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    nbdir = tmp_path / "notebooks"
    nbdir.mkdir()
    tiny_notebook(nbdir)
    cfg = write_config(tmp_path / "reports.toml", [{"notebook": "tiny.ipynb", "name": "one"}])
    out = tmp_path / "reports"
    first, second = Revision("a" * 40, False), Revision("b" * 40, True)
    monkeypatch.setattr(report_key, "repository_revision", lambda: first)
    assert run_report(cfg, out, notebook_dir=nbdir, progress=False)
    key = manifest(out)["runs"][0]["key"]
    monkeypatch.setattr(report_key, "repository_revision", lambda: second)  # README edited
    assert run_report(cfg, out, notebook_dir=nbdir, progress=False)
    data = manifest(out)
    (run,) = data["runs"]
    assert run["status"] == "unchanged" and run["key"] == key  # the commit is not in the key
    assert run["revision"] == {"commit": "a" * 40, "dirty": False}
    assert data["revision"] == {"commit": "b" * 40, "dirty": True}
    page_footer = _footer((out / "one" / "one.html").read_text(encoding="utf-8"))
    assert "a" * 40 in page_footer and "b" * 40 not in page_footer
    assert "Executed with" in page_footer
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "b" * 40 in _footer(index) and "uncommitted changes" in _footer(index)
    assert f"at {'a' * 12}" in index  # the row of the unchanged run
    # the raw folder here is one uncatalogued file: its page, no bibliography
    assert (out / "sources" / "doc.txt.html").is_file()
    assert not (out / "sources" / "sources.bib").exists()
    assert broken_source_links(out) == []


def test_write_report_fills_in_what_an_orchestrator_leaves_out(tmp_path: Path) -> None:
    from clusteranalysis.report import ReportInfo, write_report

    info = ReportInfo(generator="clusteranalysis report", format=1, package_version="9.9",
                      python="3.11", generated_at="now", duration_seconds=1.0, jobs=1,
                      forced=False, inputs={"processed": {"sha256": "f" * 64}})
    write_report(tmp_path, info, [])
    data = manifest(tmp_path)
    assert data["revision"]["commit"] == _git_head()
    assert data["citation"] == bibliography.how_to_cite(commit=_git_head())
    assert "f" * 64 in _footer((tmp_path / "index.html").read_text(encoding="utf-8"))
    assert "sources/index.html" in data["contents"]


def test_repository_revision(tmp_path: Path) -> None:
    assert report_key.repository_revision(tmp_path) == Revision()  # not a checkout
    repo = tmp_path / "repo"
    repo.mkdir()
    git = ["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run([*git, "init", "-q"], check=True)
    (repo / "a.txt").write_text("a\n")
    subprocess.run([*git, "add", "a.txt"], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "a"], check=True)
    head = subprocess.run([*git, "rev-parse", "HEAD"], capture_output=True, text=True,
                          check=True).stdout.strip()
    assert report_key.repository_revision(repo) == Revision(head, False)
    (repo / "a.txt").write_text("b\n")
    assert report_key.repository_revision(repo) == Revision(head, True)
    inside = repo / "copy"
    inside.mkdir()  # a folder inside another checkout is not that checkout
    assert report_key.repository_revision(inside) == Revision()
    assert Revision().describe() == "unknown (not a git checkout)"
    assert Revision(head, True).describe() == f"{head[:12]} (with uncommitted changes)"


def test_a_run_may_not_take_the_sources_folder(nbdir: Path, tmp_path: Path) -> None:
    cfg = write_config(tmp_path / "reports.toml", [{"notebook": "tiny.ipynb", "name": "sources"}])
    with pytest.raises(ReportConfigError, match="name 'sources' is taken by the report's folder"):
        load_config(cfg, nbdir)


# --------------------------------------------------------------------------- incremental


def test_unchanged_runs_are_reused_and_force_reruns(
    tmp_path: Path, data_dirs: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    nbdir = tmp_path / "notebooks"
    nbdir.mkdir()
    tiny_notebook(nbdir)
    cfg_runs = [
        {"notebook": "tiny.ipynb", "name": "one"},
        {"notebook": "tiny.ipynb", "name": "two", "parameters": {"value": 2}},
    ]
    cfg = write_config(tmp_path / "reports.toml", cfg_runs)
    out = tmp_path / "reports"

    def report(force: bool = False) -> dict[str, str]:
        assert run_report(cfg, out, force=force, notebook_dir=nbdir, progress=False)
        return statuses(out)

    assert report() == {"one": "ok", "two": "ok"}
    first = manifest(out)["runs"]
    assert report() == {"one": "unchanged", "two": "unchanged"}
    again = manifest(out)["runs"]
    assert [r["executed_at"] for r in again] == [r["executed_at"] for r in first]
    assert (out / "two" / "results" / "value.csv").read_text() == "value\n2\n"
    assert "unchanged" in (out / "index.html").read_text(encoding="utf-8")

    cfg_runs[1]["parameters"] = {"value": 3}  # a parameter changes: that run only
    write_config(cfg, cfg_runs)
    assert report() == {"one": "unchanged", "two": "ok"}
    assert (out / "two" / "results" / "value.csv").read_text() == "value\n3\n"

    (data_dirs[0] / "budgets.csv").write_text("a,b\n1,3\n", encoding="utf-8")  # data changes
    assert report() == {"one": "ok", "two": "ok"}

    (data_dirs[1] / "doc.txt").write_text("changed\n", encoding="utf-8")  # raw alone: no
    assert report() == {"one": "unchanged", "two": "unchanged"}

    assert report(force=True) == {"one": "ok", "two": "ok"}

    # the package's code changes (an editable install keeps its version number)
    monkeypatch.setattr(report_key, "code_hash", lambda: "edited studies/budgets.py")
    assert report() == {"one": "ok", "two": "ok"}
    assert report() == {"one": "unchanged", "two": "unchanged"}

    notebook = nbdir / "tiny.ipynb"  # the notebook changes
    text = notebook.read_text(encoding="utf-8")
    notebook.write_text(text.replace("print(value)", "print(value * 1)"), encoding="utf-8")
    cfg_runs.pop(0)  # and a run is removed from the config: it leaves the report
    write_config(cfg, cfg_runs)
    assert report() == {"two": "ok"}
    assert not (out / "one").exists()


def test_package_version_is_part_of_the_key(
    tmp_path: Path,
    data_dirs: tuple[Path, Path],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    nbdir = tmp_path / "notebooks"
    nbdir.mkdir()
    tiny_notebook(nbdir)
    cfg = write_config(tmp_path / "reports.toml", [{"notebook": "tiny.ipynb", "name": "one"}])
    out = tmp_path / "reports"
    assert run_report(cfg, out, notebook_dir=nbdir)  # with the progress bar
    err = capsys.readouterr().err
    assert "report: 1 run, 1 to execute (0 unchanged), 1 at a time" in err
    assert "running 1: one" in err  # the bar names the runs in progress
    assert "1/1" in err and "ok  one" in err
    monkeypatch.setattr(config, "VERSION", "99.0")
    assert run_report(cfg, out, notebook_dir=nbdir, progress=False)
    assert statuses(out) == {"one": "ok"}
    assert manifest(out)["package_version"] == "99.0"


def test_failed_run_keeps_the_last_good_result(
    tmp_path: Path, data_dirs: tuple[Path, Path]
) -> None:
    nbdir = tmp_path / "notebooks"
    nbdir.mkdir()
    tiny_notebook(nbdir)
    cfg = tmp_path / "reports.toml"
    out = tmp_path / "reports"
    write_config(cfg, [{"notebook": "tiny.ipynb", "name": "one"}])
    assert run_report(cfg, out, notebook_dir=nbdir, progress=False) is True
    good_time = manifest(out)["runs"][0]["executed_at"]

    for _ in range(2):  # still there after a second failure
        write_config(cfg, [{"notebook": "tiny.ipynb", "name": "one", "parameters": {"fail": True}}])
        assert run_report(cfg, out, notebook_dir=nbdir, progress=False) is False
        (run,) = manifest(out)["runs"]
        assert run["status"] == "failed"
        assert run["error"] == "ValueError: asked to fail <u>now</u> (in cell [3])"
        assert run["last_good"] == {"executed_at": good_time, "page": "one.last-good/one.html"}
        assert (out / "one.last-good" / "results" / "value.csv").read_text() == "value\n1\n"
        assert (out / "one" / "one.html").is_file()  # the failure's own page
        index = (out / "index.html").read_text(encoding="utf-8")
        assert 'href="one.last-good/one.html"' in index
        assert "asked to fail &lt;u&gt;now&lt;/u&gt;" in index


# --------------------------------------------------------------------------- the folder


def test_interrupted_report_leaves_the_previous_one(
    tmp_path: Path, data_dirs: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    nbdir = tmp_path / "notebooks"
    nbdir.mkdir()
    tiny_notebook(nbdir)
    cfg = write_config(tmp_path / "reports.toml", [{"notebook": "tiny.ipynb", "name": "one"}])
    out = tmp_path / "reports"
    assert run_report(cfg, out, notebook_dir=nbdir, progress=False)
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}

    def interrupted(*args: object, **options: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(report_plan, "write_report", interrupted)
    with pytest.raises(KeyboardInterrupt) as caught:
        run_report(cfg, out, force=True, notebook_dir=nbdir, progress=False)
    assert caught.value.__notes__ == [f"{out} is as it was"]
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert not list(tmp_path.glob(".reports*"))  # neither staging nor lock file


def test_swap_recovers_from_an_interrupted_swap(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # What a kill between the two renames of the fallback swap leaves: no folder, the
    # previous one under .old-, the new one still staged; the lock file records both.
    out = tmp_path / "reports"
    previous = tmp_path / ".reports.old-123-abcd"
    previous.mkdir()
    (previous / "manifest.json").write_text(
        json.dumps({"generator": "clusteranalysis report", "contents": {}}))
    staging = tmp_path / ".reports.staging-124-abcd"
    staging.mkdir()
    (tmp_path / ".reports.lock").write_text(
        "pid 1 on elsewhere since 2025-01-01T00:00:00+00:00\n"
        f"staging {staging.name}\nold {previous.name}\n")
    (tmp_path / ".reports.tmp-abc").mkdir()  # looks like the report's earlier name for it
    with Lock(out, REPORT_OUTPUT) as lock:
        recover(out, REPORT_OUTPUT, lock)
    assert json.loads((out / "manifest.json").read_text())["contents"] == {}
    assert sorted(p.name for p in tmp_path.glob(".reports.*")) == [".reports.tmp-abc"]
    err = capsys.readouterr().err
    assert "report: restored the previous clusteranalysis report into" in err
    assert "report: left alone beside reports, as this command did not make it: " \
           ".reports.tmp-abc" in err

    staging = tmp_path / "staging"
    staging.mkdir()
    (staging / "new").write_text("new")
    old = swap_into(staging, out)
    assert sorted(p.name for p in out.iterdir()) == ["new"]
    assert old is not None and (old / "manifest.json").is_file()


def test_refuses_to_replace_a_folder_that_is_not_a_report(nbdir: Path, tmp_path: Path) -> None:
    cfg = write_config(tmp_path / "reports.toml", [{"notebook": "tiny.ipynb", "name": "one"}])
    out = tmp_path / "mine"
    out.mkdir()
    (out / "thesis.tex").write_text("precious")
    with pytest.raises(PublishError, match="not a clusteranalysis report"):
        run_report(cfg, out, notebook_dir=nbdir, progress=False)
    assert (out / "thesis.tex").read_text() == "precious"


def test_lock_stops_a_second_report(nbdir: Path, tmp_path: Path) -> None:
    cfg = write_config(tmp_path / "reports.toml", [{"notebook": "tiny.ipynb", "name": "one"}])
    out = tmp_path / "reports"
    with Lock(out, REPORT_OUTPUT), pytest.raises(PublishError) as caught:
        run_report(cfg, out, notebook_dir=nbdir, progress=False)
    assert "another report is being written to" in str(caught.value)
    assert f"pid {os.getpid()}" in str(caught.value)
    assert not out.exists()


def test_two_reports_at_once(tmp_path: Path) -> None:
    nbdir = tmp_path / "notebooks"
    nbdir.mkdir()
    write_notebook(nbdir / "slow.ipynb", "output_dir = None", "import time\ntime.sleep(2)")
    cfg = write_config(tmp_path / "reports.toml", [{"notebook": "slow.ipynb", "name": "s"}])
    out = tmp_path / "reports"
    code = (
        "import sys; from clusteranalysis.report import run_report; "
        f"sys.exit(0 if run_report({str(cfg)!r}, {str(out)!r}, "
        f"notebook_dir={str(nbdir)!r}, progress=False) else 1)"
    )
    procs = [
        subprocess.Popen([sys.executable, "-c", code], stderr=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    results = [(p.wait(timeout=120), p.stderr.read()) for p in procs]  # type: ignore[union-attr]
    codes = sorted(rc for rc, _ in results)
    messages = "".join(err for _, err in results)
    assert codes == [0, 1], messages
    assert "another report is being written to" in messages
    assert statuses(out) == {"s": "ok"}


# --------------------------------------------------------------------------- the real thing


def test_committed_config_covers_every_notebook() -> None:
    runs = load_config(config.REPORT_CONFIG, config.NOTEBOOK_DIR)
    assert len(runs) >= 6
    assert {r.notebook for r in runs} == set(params.NOTEBOOK_PARAMETERS)
    for notebook in params.NOTEBOOK_PARAMETERS:  # each notebook with its defaults
        assert any(r.notebook == notebook and not r.parameters for r in runs)
    effective = [(r.notebook, r.effective_parameters) for r in runs]
    budgets = {p["currency"] for nb, p in effective if nb == "01_budgets.ipynb"}
    assert budgets == {"JPY", "USD"}
    by = {p["by"] for nb, p in effective if nb == "02_participants.ipynb"}
    assert by == {"region", "field"}
    countries = {str(p["countries"]) for nb, p in effective if nb == "03_timelines.ipynb"}
    assert countries == {"None", "['Japan']"}


def test_committed_config_end_to_end(notebook_runs: NotebookRuns) -> None:
    """The real reports.toml on the real notebooks and data (slow: about a minute; made once
    a session, the docs' sandboxes start from it)."""
    out = notebook_runs.committed_report()
    runs = manifest(out)["runs"]
    failures = {r["name"]: r["error"] for r in runs if r["status"] != "ok"}
    assert not failures, failures
    assert len(runs) == len(load_config(config.REPORT_CONFIG))
    for run in runs:
        name = run["name"]
        assert (out / name / f"{name}.html").stat().st_size > 10_000
        suffixes = {Path(f).suffix for f in run["files"]["results"]}
        assert {".csv", ".png", ".svg"} <= suffixes, (name, run["files"]["results"])
    # every link to a source line, in every page, reaches its document's page and line
    assert broken_source_links(out) == []
    linked = {page.parent.name for page, _, _, anchor in source_links(out) if anchor}
    assert "start-here" in linked

"""The publish mechanism's parts that the command-level safety tests do not reach: the
swap without ``renameat2``, a staging folder filled by someone else (an orchestrator), a
recycled pid in a lock file, and reports written before ``manifest.json`` listed files."""

from __future__ import annotations

import json
import os
import socket
from pathlib import Path

import pytest

from clusteranalysis.report import REPORT_OUTPUT
from clusteranalysis.report.output import report_files
from clusteranalysis.safety import folders as fsutil
from clusteranalysis.safety import publish, targets
from clusteranalysis.safety.lock import Holder
from clusteranalysis.safety.publish import Publication
from clusteranalysis.safety.targets import PublishError, foreign_entries

OURS = targets.OutputKind(
    command="test", noun="test output", marker="MARK",
    owned_files=lambda folder: ({"MARK", "a.txt", "sub/b.txt"}
                                if (folder / "MARK").is_file() else None),
)


def previous_output(folder: Path) -> None:
    (folder / "sub").mkdir(parents=True)
    for rel in ("MARK", "a.txt", "sub/b.txt"):
        (folder / rel).write_text(f"old {rel}\n")


def test_publish_without_an_atomic_exchange(tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """Other kernels: two renames through .old-, and nothing left behind."""
    monkeypatch.setattr(fsutil, "exchange_dirs", lambda a, b: False)
    out = tmp_path / "out"
    previous_output(out)
    with Publication(out, OURS) as pub:
        (pub.staging / "MARK").write_text("new\n")
        pub.publish()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]
    assert (out / "MARK").read_text() == "new\n" and not (out / "a.txt").exists()


def test_a_failed_second_rename_puts_the_old_folder_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(fsutil, "exchange_dirs", lambda a, b: False)
    out = tmp_path / "out"
    previous_output(out)
    real_rename = os.rename

    def rename(a: str | os.PathLike[str], b: str | os.PathLike[str]) -> None:
        if ".staging-" in os.fspath(a):
            raise OSError(28, "No space left on device")
        real_rename(a, b)

    monkeypatch.setattr(os, "rename", rename)
    with pytest.raises(PublishError, match="No space left on device"), \
            Publication(out, OURS) as pub:
        pub.publish()
    assert (out / "a.txt").read_text() == "old a.txt\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_publish_a_folder_an_orchestrator_filled(tmp_path: Path) -> None:
    out = tmp_path / "out"
    previous_output(out)
    staging = tmp_path / ".out.airflow-run-7"  # not a name recovery would remove
    staging.mkdir()
    (staging / "MARK").write_text("from tasks\n")
    (tmp_path / ".out.staging-1-dead").mkdir()  # a leftover of a crashed command
    assert publish.publish_folder(staging, out, OURS) == out
    assert (out / "MARK").read_text() == "from tasks\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_an_adopted_staging_must_be_beside_the_target(tmp_path: Path) -> None:
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "sub").mkdir()
    with pytest.raises(PublishError, match="must be a folder beside"):
        publish.publish_folder(tmp_path / "elsewhere", tmp_path / "sub" / "out", OURS)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["elsewhere", "sub"]


def test_foreign_entries_names_files_and_folders(tmp_path: Path) -> None:
    previous_output(tmp_path)
    (tmp_path / "sub" / "mine.txt").write_text("x")
    (tmp_path / "empty").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "sub")
    owned = OURS.owned_files(tmp_path)
    assert owned is not None
    assert foreign_entries(tmp_path, owned) == ["empty/", "link", "sub/mine.txt"]
    assert foreign_entries(tmp_path, {*owned, "empty/", "link", "sub/mine.txt"}) == []


def test_a_recycled_pid_is_not_a_live_holder() -> None:
    me = Holder.me()
    assert me.alive()
    assert Holder.parse(me.line()) == me
    assert not Holder(me.pid, me.host, me.since, start="1").alive()  # another process
    assert Holder(me.pid, "another-host", me.since).alive()  # cannot tell: assume so
    # the lock line before it recorded the start time
    assert Holder.parse("pid 12 on h since t") == Holder(12, "h", "t")
    assert Holder.parse("garbage") is None
    assert socket.gethostname() == me.host


def test_a_report_from_before_the_file_list_is_still_recognised(tmp_path: Path) -> None:
    """Reports written before manifest.json listed its files: the runs' files account."""
    out = tmp_path / "reports"
    for rel in ("one/one.html", "one/one.ipynb", "one/results/v.csv", "two/two.html",
                "two/two.ipynb", "two.last-good/two.html", "two.last-good/results/v.csv",
                "index.html"):
        (out / rel).parent.mkdir(parents=True, exist_ok=True)
        (out / rel).write_text("x")
    (out / "two" / "results").mkdir()
    inputs = {"code_sha256": "", "notebook_sha256": "", "processed_sha256": "",
              "raw_sha256": ""}
    runs = [
        {"name": "one", "notebook": "t.ipynb", "key": "k", "inputs": inputs, "status": "ok",
         "files": {"page": "one/one.html", "notebook": "one/one.ipynb", "log": None,
                   "results": ["one/results/v.csv"]}},
        {"name": "two", "notebook": "t.ipynb", "key": "k", "inputs": inputs,
         "status": "failed", "files": {"page": "two/two.html", "notebook": "two/two.ipynb",
                                       "log": None, "results": []},
         "last_good": {"executed_at": None, "page": "two.last-good/two.html"}},
    ]
    manifest = {"generator": "clusteranalysis report", "format": 1, "runs": runs}
    (out / "manifest.json").write_text(json.dumps(manifest))
    owned = report_files(out)
    assert owned is not None and foreign_entries(out, owned) == []
    (out / "one" / "notes.txt").write_text("mine")
    assert foreign_entries(out, owned) == ["one/notes.txt"]
    assert REPORT_OUTPUT.owned_files(tmp_path) is None  # no manifest: not a report

"""The publish mechanism's parts that the command-level safety tests do not reach: the
swap without ``renameat2``, a staging folder filled by someone else (an orchestrator), a
recycled pid in a lock file, the lock's record of what a command made and the recovery
that trusts only it, the retiring of a previous output, and the marker's hashes."""

from __future__ import annotations

import json
import os
import socket
import stat
from pathlib import Path

import pytest

from clusteranalysis.files import sha256_bytes
from clusteranalysis.report import REPORT_OUTPUT
from clusteranalysis.report.output import report_files
from clusteranalysis.safety import folders as fsutil
from clusteranalysis.safety import publish, targets
from clusteranalysis.safety.lock import Holder, Lock, Record
from clusteranalysis.safety.publish import Publication, recover, retire
from clusteranalysis.safety.targets import PublishError, foreign_entries, owned_entries


def _owned(folder: Path) -> targets.Owned | None:
    """The test output's marker: MARK, a JSON object of path -> SHA-256."""
    try:
        entries = json.loads((folder / "MARK").read_text())
    except (OSError, ValueError):
        return None
    return owned_entries("MARK", entries) if isinstance(entries, dict) else None


OURS = targets.OutputKind(command="test", noun="test output", marker="MARK",
                          owned_files=_owned)


def write_output(folder: Path, files: dict[str, str]) -> None:
    """An output of the test command: its files and a MARK listing their hashes."""
    for rel, text in files.items():
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_text(text)
    (folder / "MARK").write_text(json.dumps(
        {rel: sha256_bytes(text.encode()) for rel, text in files.items()}))


def previous_output(folder: Path) -> None:
    write_output(folder, {"a.txt": "old a.txt\n", "sub/b.txt": "old sub/b.txt\n"})


def crashed(lock: Lock) -> None:
    """What kill -9 of the holder leaves: the lock file and its record, the flock gone."""
    assert lock.fd is not None
    os.close(lock.fd)
    lock.fd = None


def test_publish_without_an_atomic_exchange(tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """Other kernels: two renames through .old-, and nothing left behind."""
    monkeypatch.setattr(fsutil, "exchange_dirs", lambda a, b: False)
    out = tmp_path / "out"
    previous_output(out)
    with Publication(out, OURS) as pub:
        write_output(pub.staging, {"new.txt": "new\n"})
        pub.publish()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]
    assert (out / "new.txt").read_text() == "new\n" and not (out / "a.txt").exists()


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
        write_output(pub.staging, {"new.txt": "new\n"})
        pub.publish()
    assert (out / "a.txt").read_text() == "old a.txt\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]  # no lock file left


def test_publish_a_folder_an_orchestrator_filled(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    previous_output(out)
    staging = tmp_path / ".out.airflow-run-7"  # not a name recovery would remove
    staging.mkdir()
    write_output(staging, {"from-tasks.txt": "from tasks\n"})
    (tmp_path / ".out.staging-1-dead").mkdir()  # looks like a leftover; nothing proves it
    assert publish.publish_folder(staging, out, OURS) == out
    assert (out / "from-tasks.txt").read_text() == "from tasks\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".out.staging-1-dead", "out"]
    assert capsys.readouterr().err == ("test: left alone beside out, as this command did not "
                                       "make it: .out.staging-1-dead\n")


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


def test_a_record_names_only_siblings_with_the_prefix(tmp_path: Path) -> None:
    """A forged record cannot make recovery touch another folder."""
    text = ("pid 12 on h since t\nstaging .out.staging-1-ab\nold .out.old-2-cd\n"
            "old ../../home\nstaging .other.staging-3\nold .out.x/../../y\nremove .out.z\n")
    valid = "pid 12 on h since t\nstaging .out.staging-1-ab\nold .out.old-2-cd\n"
    assert Record.parse(valid, tmp_path / "out").entries == {
        ".out.staging-1-ab": "staging", ".out.old-2-cd": "old"}
    # a line no lock writes (a second hostile pass: a user's file whose first line looks
    # like a holder's was taken for a lock) makes the file no lock record at all
    assert Record.parse(text, tmp_path / "out") == Record(None, {})


def test_recovery_trusts_only_the_lock_record(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A killed command's staging folder and the previous output it had moved aside are
    undone; the user's folders named like them are left alone, and named."""
    out = tmp_path / "out"
    write_output(out, {"new.txt": "the new output, swapped in\n"})
    lock = Lock(out, OURS).acquire()
    lock.record(".out.staging-1-ab", "staging")
    (tmp_path / ".out.staging-1-ab" / "sub").mkdir(parents=True)
    (tmp_path / ".out.staging-1-ab" / "sub" / "half.csv").write_text("half written")
    lock.record(".out.staging-1-cd", "old")  # the exchange had put the previous one there
    previous_output(tmp_path / ".out.staging-1-cd")
    (tmp_path / ".out.staging-1-cd" / "my_notes.md").write_text("added while it ran\n")
    crashed(lock)
    mine = {".out.old-mybackup": "a backup", ".out.tmp-notes": "notes",
            ".out.staging-thesis": "a thesis"}
    for name, text in mine.items():
        (tmp_path / name).mkdir()
        (tmp_path / name / "file.txt").write_text(text)

    with Lock(out, OURS) as again:
        recover(out, OURS, again)
        assert again.entries == {}
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([*mine, "out"])
    assert {name: (tmp_path / name / "file.txt").read_text() for name in mine} == mine
    assert (out / "my_notes.md").read_text() == "added while it ran\n"  # moved, not deleted
    assert capsys.readouterr().err.splitlines() == [  # (the holder is this process: alive)
        f"test: kept my_notes.md in {out}: not written by the test, it was added while it "
        "ran (move it out before the next test)",
        "test: removed what an interrupted run left beside out: .out.staging-1-ab, "
        ".out.staging-1-cd",
        "test: left alone beside out, as this command did not make them: .out.old-mybackup, "
        ".out.staging-thesis, .out.tmp-notes",
    ]


def test_a_cut_swap_is_undone_only_when_recorded(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A kill between the two renames of the fallback swap: no output, the previous one
    under .old-. Restored when the lock recorded it, not when a folder merely looks so."""
    out = tmp_path / "out"
    previous_output(tmp_path / ".out.old-mine")  # the user's: a backup, say
    with Lock(out, OURS) as lock:
        recover(out, OURS, lock)
    assert not out.exists() and (tmp_path / ".out.old-mine" / "a.txt").is_file()

    lock = Lock(out, OURS).acquire()
    lock.record(".out.old-7-ab", "old")
    previous_output(tmp_path / ".out.old-7-ab")
    lock.record(".out.staging-7-cd", "staging")
    write_output(tmp_path / ".out.staging-7-cd", {"new.txt": "new\n"})
    lock.release()  # with its record: the file stays
    assert (tmp_path / ".out.lock").is_file()
    capsys.readouterr()
    with Lock(out, OURS) as again:
        recover(out, OURS, again)
    assert (out / "a.txt").read_text() == "old a.txt\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".out.old-mine", "out"]
    err = capsys.readouterr().err
    assert f"test: restored the previous test output into {out}" in err


def test_retire_removes_only_the_files_the_marker_accounts_for(tmp_path: Path) -> None:
    old, live = tmp_path / "old", tmp_path / "live"
    previous_output(old)
    write_output(live, {"a.txt": "new a\n"})
    (old / "sub" / "b.txt").write_text("changed by hand\n")  # its hash no longer matches
    (old / "a.txt").write_text("changed too\n")
    (old / "notes").mkdir()
    (old / "notes" / "n.md").write_text("mine\n")
    gone, moved, left = retire(old, live, OURS)
    assert (gone, moved, left) == (False, ["notes/", "sub/b.txt"], ["a.txt"])
    assert (live / "sub" / "b.txt").read_text() == "changed by hand\n"
    assert (live / "notes" / "n.md").read_text() == "mine\n"
    assert (live / "a.txt").read_text() == "new a\n"  # the new output's own: untouched
    assert sorted(p.relative_to(old).as_posix() for p in old.rglob("*")) == ["a.txt"]
    assert (old / "a.txt").read_text() == "changed too\n"


def test_retire_never_deletes_through_a_folder_swapped_for_a_link(tmp_path: Path) -> None:
    """A second hostile pass at issue 20: the previous output's ``sub/`` moved to the
    user's own folder and a link left in its place. Retiring followed the link and deleted
    the user's copy of every file the marker listed there (their bytes matched)."""
    old, live, mine = tmp_path / "old", tmp_path / "live", tmp_path / "mine"
    previous_output(old)
    write_output(live, {"a.txt": "new a\n", "sub/b.txt": "new b\n"})  # the link stays in old
    mine.mkdir()
    (old / "sub").rename(mine / "sub")
    (old / "sub").symlink_to(mine / "sub")
    retire(old, live, OURS)
    assert (mine / "sub" / "b.txt").read_text() == "old sub/b.txt\n"  # the user's: kept
    assert not (old / "a.txt").exists()  # the command's own file beside it: removed


def test_a_symbolic_link_in_the_staging_folder_is_never_published(tmp_path: Path) -> None:
    """The staging folder is private (0700) while it is written, so nobody else can plant a
    link in it; a link there anyway (the same user, root) stops the publication."""
    target = tmp_path / "out"
    victim = tmp_path / "victim.csv"
    victim.write_text("precious")
    with Publication(target, OURS) as pub:
        assert stat.S_IMODE(os.stat(pub.staging).st_mode) == 0o700
        write_output(pub.staging, {"a.txt": "a\n"})
        (pub.staging / "b.csv").symlink_to(victim)
        with pytest.raises(PublishError, match=r"holds b\.csv, a symbolic link"):
            pub.publish()
    assert not target.exists() and victim.read_text() == "precious"
    with Publication(target, OURS) as pub:
        write_output(pub.staging, {"a.txt": "a\n"})
        pub.publish()
    mask = os.umask(0o022)
    os.umask(mask)
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o777 & ~mask  # published: as usual


def test_a_marker_without_hashes_proves_nothing(tmp_path: Path) -> None:
    """A user's folder that copies a marker's shape is not taken for an output."""
    (tmp_path / "MARK").write_text(json.dumps({"thesis.md": None}))
    (tmp_path / "thesis.md").write_text("precious")
    assert OURS.owned_files(tmp_path) is None
    (tmp_path / "MARK").write_text(json.dumps({"../thesis.md": "0" * 64}))
    assert OURS.owned_files(tmp_path) is None


def test_a_report_without_file_hashes_is_not_recognised(tmp_path: Path) -> None:
    """A manifest listing files without hashes (forged, or from before them) proves nothing."""
    out = tmp_path / "reports"
    out.mkdir()
    (out / "thesis.md").write_text("precious")
    manifest = {"generator": "clusteranalysis report", "format": 1, "runs": [],
                "contents": ["thesis.md"]}
    (out / "manifest.json").write_text(json.dumps(manifest))
    assert report_files(out) is None
    manifest["contents"] = {"thesis.md": sha256_bytes(b"precious")}
    (out / "manifest.json").write_text(json.dumps(manifest))
    assert report_files(out) == {"manifest.json": None, "thesis.md": sha256_bytes(b"precious")}
    assert REPORT_OUTPUT.owned_files(tmp_path) is None  # no manifest: not a report


def test_a_snapshot_is_of_one_state_of_the_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A build swapping data/processed while the report copies it: the copy starts again,
    so it holds one state, never a mix."""
    source, other = tmp_path / "processed", tmp_path / ".processed.staging-1"
    write_output(source, {"a.csv": "old a\n", "b.csv": "old b\n"})
    write_output(other, {"a.csv": "new a\n", "b.csv": "new b\n"})
    real_copy = fsutil._copy_from
    copies = []

    def copy_then_swap(top: int, dest: Path, **options: bool) -> bool:
        whole = real_copy(top, dest, **options)
        if not copies:  # the build's swap, just as the first copy ends
            assert fsutil.exchange_dirs(other, source)  # Linux: renameat2
        copies.append(dest)
        return whole

    monkeypatch.setattr(fsutil, "_copy_from", copy_then_swap)
    snap = fsutil.snapshot(source, tmp_path / "snap")
    assert len(copies) == 2
    assert {p.name: p.read_text() for p in snap.iterdir() if p.suffix == ".csv"} == {
        "a.csv": "new a\n", "b.csv": "new b\n"}

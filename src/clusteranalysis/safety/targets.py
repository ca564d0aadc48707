"""Where a command may write: the output kinds, the protected folders and the checks.

Before anything is created, :func:`resolve_target` and :func:`check_target` refuse a path
that is or passes through a symbolic link (however it is spelled: ``link/x/..`` too), a
file, a path under a file, a missing parent folder, a read-only folder, a protected folder
(equal to, inside or containing it: the raw documents, the repository's own folders;
compared by device and inode too, so a bind mount or a second spelling of one is the same
folder), and a folder that is not empty but is not this command's output: its marker file
must list every file in it with the SHA-256 of the bytes the command wrote. Each refusal is
one :class:`PublishError` line; nothing is moved or deleted.
"""

from __future__ import annotations

import os
import re
import stat
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from clusteranalysis import config
from clusteranalysis.errors import ClusterAnalysisError
from clusteranalysis.files import sha256_file


class PublishError(ClusterAnalysisError):
    """The output folder cannot be written: not ours, protected, locked or not writable."""


#: What an output holds by its own account: relative path -> SHA-256 (None: the marker
#: file, or an empty folder ``name/``).
Owned = Mapping[str, str | None]

SHA256 = re.compile(r"[0-9a-f]{64}")


def safe_relative(path: object) -> bool:
    """Whether a marker's entry is a plain relative path inside the folder (no ``..``)."""
    if not isinstance(path, str) or not path.rstrip("/") or "\\" in path or "\0" in path:
        return False
    pure = PurePosixPath(path.rstrip("/"))
    return not pure.is_absolute() and all(part not in ("", ".", "..") for part in pure.parts)


def owned_entries(marker: str, entries: Mapping[object, object]) -> dict[str, str | None] | None:
    """A marker's list of files as :data:`Owned` (``marker`` added), or None if any entry is
    not a safe relative path with a SHA-256 (a folder ``name/``: with None)."""
    owned: dict[str, str | None] = {marker: None}
    for path, digest in entries.items():
        if not isinstance(path, str) or not safe_relative(path) or path == marker:
            return None
        if path.endswith("/"):
            if digest is not None:
                return None
            owned[path] = None
        elif isinstance(digest, str) and SHA256.fullmatch(digest):
            owned[path] = digest
        else:
            return None
    return owned


@dataclass(frozen=True)
class OutputKind:
    """What a command publishes, and how to recognise a folder it published before.

    ``owned_files(folder)`` returns what the earlier output in ``folder`` holds by its own
    account, or None when ``folder`` has no valid marker, i.e. is not this command's
    output: every file's relative path (``/``-separated) with the SHA-256 of the bytes the
    command wrote, the marker file itself with None (it is the account), and each empty
    folder it made as ``name/`` with None.
    """

    command: str  # "build", "report": in messages
    noun: str  # "clusteranalysis build output": "... is not a <noun>"
    marker: str  # "datapackage.json"
    owned_files: Callable[[Path], Owned | None]


@dataclass(frozen=True)
class Protected:
    """A path no output may be, be inside of (unless ``inside_ok``) or contain."""

    path: Path
    what: str  # "the raw documents (--raw)"
    inside_ok: bool = False


def repository_protection() -> list[Protected]:
    """The repository and its own folders: no command's ``--out`` may replace them."""
    root = config.ROOT
    protected = [
        Protected(root, "the repository", inside_ok=True),
        Protected(config.PACKAGE_DIR, "the clusteranalysis package"),
    ]
    for rel in ("src", "tests", "notebooks", "benchmarks", ".git", ".ci", ".venv", "data/raw"):
        protected.append(Protected(root / rel, f"the repository's {rel}/ folder"))
    return protected


Note = Callable[[str], None]


def default_note(command: str) -> Note:
    def note(message: str) -> None:
        print(f"{command}: {message}", file=sys.stderr)

    return note


# --------------------------------------------------------------------------- checks


def unlinked_path(path: Path | str) -> Path:
    """The absolute form of ``path``, refusing any spelling that passes through a symbolic
    link: each component is looked at as written, before ``..`` is applied, so ``link/x/..``
    is refused like ``link`` (resolving it first would land wherever the link points)."""
    text = os.fspath(path) or "."
    absolute = text if os.path.isabs(text) else os.path.join(os.getcwd(), text)
    current = Path("/")
    parts = [p for p in absolute.split("/") if p not in ("", ".")]
    for number, part in enumerate(parts, 1):
        if part == "..":
            current = current.parent  # no link on the way: the lexical parent is the real one
            continue
        candidate = current / part
        if os.path.islink(candidate):
            link = os.readlink(candidate)
            if number == len(parts):
                raise PublishError(f"{text}: is a symbolic link (to {link}); give a real folder")
            raise PublishError(
                f"{text}: passes through the symbolic link {candidate} (to {link}); give the "
                f"real path ({os.path.realpath(absolute)})")
        current = candidate
    return current


def resolve_target(path: Path | str) -> Path:
    """The absolute output path (:func:`unlinked_path`: no symbolic link on the way).

    Refuses too the root folder, a file, and a path whose parent is missing or is a file.
    """
    text = os.fspath(path) or "."
    target = unlinked_path(path)
    if target == Path(target.anchor):
        raise PublishError(f"{text}: refusing to write the root folder {target}")
    if not target.name.isprintable():  # a newline would break the lock's record and a line
        raise PublishError(f"{text}: the output's name holds a control character (a newline, "
                           "a tab); choose a name without one")
    if os.path.lexists(target) and not target.is_dir():
        raise PublishError(f"{text}: is a file, not a folder")
    ancestor = target.parent
    while not os.path.lexists(ancestor):
        ancestor = ancestor.parent
    if not ancestor.is_dir():
        raise PublishError(f"{text}: {ancestor} is a file, not a folder")
    if ancestor != target.parent:
        raise PublishError(f"{text}: the folder {target.parent} does not exist; create it first")
    return target


def _identity(path: Path) -> tuple[int, int] | None:
    """(device, inode) of an existing path, following links; None if there is none."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_dev, info.st_ino


def check_protected(target: Path, protect: Iterable[Protected]) -> None:
    """Refuse a target equal to, inside (unless allowed) or containing a protected path.

    By path and by device and inode: the same folder reached through a bind mount (or any
    other second name) is caught, whichever of the two is spelled.
    """
    target_id = _identity(target)
    above = {i for i in map(_identity, target.parents) if i is not None}
    for item in protect:
        real = Path(os.path.realpath(item.path))
        real_id = _identity(real)
        if target == real or (real_id is not None and target_id == real_id):
            raise PublishError(f"refusing to write {target}: it is {item.what}")
        inside = real in target.parents or (real_id is not None and real_id in above)
        if inside and not item.inside_ok:
            raise PublishError(f"refusing to write {target}: it is inside {item.what} ({real})")
        contains = target in real.parents or (
            target_id is not None and target_id in map(_identity, real.parents))
        if contains:
            raise PublishError(f"refusing to write {target}: it contains {item.what} ({real})")


def foreign_entries(folder: Path, owned: Iterable[str]) -> list[str]:
    """Entries under ``folder`` that ``owned`` does not account for (folders end in ``/``).

    ``owned`` lists files; a folder is accounted for when it holds one of them, or when
    ``owned`` lists it with a trailing ``/`` (an empty folder the output made).
    """
    owned = set(owned)
    owned_dirs = {parent.as_posix() for p in owned for parent in Path(p).parents}
    owned_dirs |= {p.rstrip("/") for p in owned if p.endswith("/")}  # empty folders
    foreign: list[str] = []
    for dirpath, dirnames, filenames in os.walk(folder):
        rel_dir = Path(dirpath).relative_to(folder)
        keep = []
        for d in sorted(dirnames):
            rel = (rel_dir / d).as_posix()
            if os.path.islink(os.path.join(dirpath, d)):
                if rel not in owned:
                    foreign.append(rel)
            elif rel in owned_dirs:
                keep.append(d)
            else:
                foreign.append(rel + "/")
        dirnames[:] = keep
        for f in sorted(filenames):
            rel = (rel_dir / f).as_posix()
            if rel not in owned:
                foreign.append(rel)
    return sorted(foreign)


def listed(items: Sequence[str], limit: int = 5) -> str:
    shown = ", ".join(items[:limit])
    return shown + (f" and {len(items) - limit} more" if len(items) > limit else "")


def changed_files(folder: Path, owned: Owned) -> list[str]:
    """The files ``owned`` lists with a SHA-256 that now hold other bytes (or are no longer
    plain files): edited since the command wrote them, so no longer the command's."""
    changed = []
    for rel, digest in sorted(owned.items()):
        if digest is None:
            continue
        path = folder / rel
        try:
            info = os.lstat(path)
        except FileNotFoundError:
            continue  # deleted by hand: nothing of anyone's to lose
        if not stat.S_ISREG(info.st_mode) or sha256_file(path) != digest:
            changed.append(rel)
    return changed


def _not_empty(folder: Path) -> bool:
    with os.scandir(folder) as entries:
        return any(True for _ in entries)


def check_target(target: Path, kind: OutputKind, protect: Iterable[Protected] = ()) -> None:
    """Refuse a target this command may not replace (see the module docstring)."""
    check_protected(target, protect)
    if target.is_dir() and _not_empty(target):
        owned = kind.owned_files(target)
        if owned is None:
            raise PublishError(
                f"{target} is not empty and is not a {kind.noun} (no valid {kind.marker} "
                f"listing the SHA-256 of each file); choose another --out, or empty the "
                "folder yourself"
            )
        foreign = foreign_entries(target, owned)
        if foreign:
            raise PublishError(
                f"{target} holds files the {kind.command} did not write: {listed(foreign)}; "
                f"move them out first (the folder belongs to the {kind.command} command and "
                "is replaced as a whole)"
            )
        changed = changed_files(target, owned)
        if changed:
            raise PublishError(
                f"{target} holds files changed since the {kind.command} wrote them (their "
                f"SHA-256 differs from {kind.marker}): {listed(changed)}; move them out "
                "first (the folder is replaced as a whole)"
            )
    if not os.access(target.parent, os.W_OK | os.X_OK):
        raise PublishError(f"{target.parent}: read-only folder; cannot write {target.name} in it")
    if target.is_dir():
        for dirpath, _, _ in os.walk(target):
            if not os.access(dirpath, os.W_OK | os.X_OK):
                raise PublishError(f"{dirpath}: read-only folder; cannot replace {target}")

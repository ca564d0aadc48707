"""Where a command may write: the output kinds, the protected folders and the checks.

Before anything is created, :func:`check_target` refuses a symbolic link, a file, a path
under a file, a missing parent folder, a read-only folder, a protected folder (equal to,
inside or containing it: the raw documents, the repository's own folders), and a folder
that is not empty but is not this command's output. Each refusal is one
:class:`PublishError` line; nothing is moved or deleted.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from clusteranalysis import config
from clusteranalysis.errors import ClusterAnalysisError


class PublishError(ClusterAnalysisError):
    """The output folder cannot be written: not ours, protected, locked or not writable."""


@dataclass(frozen=True)
class OutputKind:
    """What a command publishes, and how to recognise a folder it published before.

    ``owned_files(folder)`` returns the relative paths (``/``-separated) of every file the
    earlier output in ``folder`` holds by its own account (its marker file included; an
    empty folder as ``name/``), or None when ``folder`` has no valid marker, i.e. is not
    this command's output.
    """

    command: str  # "build", "report": in messages
    noun: str  # "clusteranalysis build output": "... is not a <noun>"
    marker: str  # "datapackage.json"
    owned_files: Callable[[Path], set[str] | None]


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


def resolve_target(path: Path | str) -> Path:
    """The absolute output path, its parent folders resolved but not the folder itself.

    Refuses a symbolic link, a file, and a path whose parent is missing or is a file.
    """
    text = os.fspath(path) or "."
    stripped = text.rstrip("/") or "/"
    name = os.path.basename(stripped)
    if name in ("", ".", ".."):  # "--out ." or "--out ..": the folder itself
        target = Path(os.path.realpath(stripped))
    else:
        target = Path(os.path.realpath(os.path.dirname(stripped) or ".")) / name
    if target == Path(target.anchor):
        raise PublishError(f"{text}: refusing to write the root folder {target}")
    if target.is_symlink():
        raise PublishError(
            f"{text}: is a symbolic link (to {os.readlink(target)}); give a real folder"
        )
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


def check_protected(target: Path, protect: Iterable[Protected]) -> None:
    """Refuse a target equal to, inside (unless allowed) or containing a protected path."""
    for item in protect:
        real = Path(os.path.realpath(item.path))
        if target == real:
            raise PublishError(f"refusing to write {target}: it is {item.what}")
        if real in target.parents and not item.inside_ok:
            raise PublishError(f"refusing to write {target}: it is inside {item.what} ({real})")
        if target in real.parents:
            raise PublishError(f"refusing to write {target}: it contains {item.what} ({real})")


def foreign_entries(folder: Path, owned: set[str]) -> list[str]:
    """Entries under ``folder`` that ``owned`` does not account for (folders end in ``/``).

    ``owned`` lists files; a folder is accounted for when it holds one of them, or when
    ``owned`` lists it with a trailing ``/`` (an empty folder the output made).
    """
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


def check_target(target: Path, kind: OutputKind, protect: Iterable[Protected] = ()) -> None:
    """Refuse a target this command may not replace (see the module docstring, step 1)."""
    check_protected(target, protect)
    if target.is_dir() and any(os.scandir(target)):
        owned = kind.owned_files(target)
        if owned is None:
            raise PublishError(
                f"{target} is not empty and is not a {kind.noun} (no valid {kind.marker}); "
                "choose another --out, or empty the folder yourself"
            )
        foreign = foreign_entries(target, owned)
        if foreign:
            raise PublishError(
                f"{target} holds files the {kind.command} did not write: {listed(foreign)}; "
                f"move them out first (the folder belongs to the {kind.command} command and "
                "is replaced as a whole)"
            )
    if not os.access(target.parent, os.W_OK | os.X_OK):
        raise PublishError(f"{target.parent}: read-only folder; cannot write {target.name} in it")
    if target.is_dir():
        for dirpath, _, _ in os.walk(target):
            if not os.access(dirpath, os.W_OK | os.X_OK):
                raise PublishError(f"{dirpath}: read-only folder; cannot replace {target}")


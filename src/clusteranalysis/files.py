"""One mechanism for each file job the project does: hashing and writing CSV.

Every SHA-256 the project records (raw documents, lookups, processed tables, notebooks,
the report's incremental key) and every CSV it writes (``data/processed`` and the studies'
result tables) goes through these functions, so the bytes and the digests agree wherever
they are compared.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pandas is imported by the callers that pass DataFrames: hashing needs none
    import pandas as pd

CSV_OPTIONS: dict[str, Any] = {
    "index": False,
    "lineterminator": "\n",
    "encoding": "utf-8",
    "date_format": "%Y-%m-%d",
}


def sha256_bytes(data: bytes) -> str:
    """The SHA-256 of some bytes, as hex."""
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: Path) -> str:
    """The SHA-256 of a file's bytes, read in blocks."""
    digest = hashlib.sha256()
    with Path(path).open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def sha256_json(value: Any) -> str:
    """The SHA-256 of a JSON-able value in a canonical form (sorted keys, no spaces)."""
    text = json.dumps(value, sort_keys=True, ensure_ascii=True, separators=(",", ":"))
    return sha256_bytes(text.encode())


def tree_hash(root: Path) -> tuple[str, dict[str, str]]:
    """One SHA-256 for every file under ``root`` (names and contents), and each file's.

    ``__pycache__`` folders are left out: they change with the interpreter, not the code.
    """
    files: dict[str, str] = {}
    root = Path(root)
    if root.is_dir():
        for path in sorted(root.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                files[path.relative_to(root).as_posix()] = sha256_file(path)
    return sha256_json(files), files


def write_bytes(path: Path, data: bytes) -> Path:
    """``path.write_bytes(data)``, with the path in the error when the write itself fails (a
    full disk: ``OSError`` of ``write`` names no file)."""
    try:
        path.write_bytes(data)
    except OSError as exc:
        if exc.filename is None:
            raise OSError(exc.errno, exc.strerror, str(path)) from None
        raise
    return path


def csv_bytes(df: pd.DataFrame) -> bytes:
    """A table as the bytes of the project's CSV (what :func:`write_csv` writes)."""
    options = {k: v for k, v in CSV_OPTIONS.items() if k != "encoding"}
    return df.to_csv(**options).encode(CSV_OPTIONS["encoding"])


def write_csv(df: pd.DataFrame, path: Path) -> Path:
    """Write a table as the project's CSV: UTF-8, ``\\n`` line ends, no index, ISO dates.

    The same options for processed tables and study results make both byte-stable, and
    ``datapackage.json`` hashes the same bytes (:func:`csv_bytes`).
    """
    return write_bytes(Path(path), csv_bytes(df))


def json_bytes(value: Any) -> bytes:
    """A JSON document as the project writes it: UTF-8, two-space indent, a final newline."""
    return (json.dumps(value, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def write_json(value: Any, path: Path) -> Path:
    """Write a JSON document (``datapackage.json``, ``manifest.json``) as :func:`json_bytes`."""
    return write_bytes(Path(path), json_bytes(value))

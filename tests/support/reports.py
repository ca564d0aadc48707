"""Compare two report folders except for what differs between any two executions.

Two reports of the same configuration, written to the same folder path, differ only in:

- timings: durations in ``manifest.json`` (``duration_seconds``, ``timings``), on the pages
  and in ``index.html`` (``12.3 s``, ``2 min 05 s``), and papermill's ``duration`` metadata;
- timestamps: ``generated_at``, ``executed_at`` (a run's and its last good result's),
  papermill's and Jupyter's start and end times, in the notebooks and on the pages;
- the ids of the cells papermill adds (parameters, error banners: random per execution);
- ``jobs`` in ``manifest.json`` when the two ran with different limits (``jobs=False``);
- the SHA-256 of each file in ``manifest.json``'s ``contents`` (the files themselves hold
  the timestamps; the list of files is kept, and :func:`check_hashes` checks the hashes).

:func:`snapshot` replaces exactly those with placeholders; everything else (the list of
files, every result file, the logs, the rest of each notebook, page and manifest) is kept
byte for byte, so that ``snapshot(a) == snapshot(b)`` means "the same report".
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

TIMESTAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)?")
DURATION = re.compile(r"\b(\d+\.\d s|\d+ min \d\d s)\b")
INJECTED_TAGS = {"injected-parameters", "papermill-error-cell-tag"}


def injected_ids(data: dict[str, Any]) -> set[str]:
    """The ids of the cells papermill added to an executed notebook."""
    return {c["id"] for c in data.get("cells", [])
            if INJECTED_TAGS & set(c.get("metadata", {}).get("tags", []))}


def _notebook(data: dict[str, Any]) -> dict[str, Any]:
    pm = data.get("metadata", {}).get("papermill", {})
    for key in ("start_time", "end_time", "duration"):
        pm.pop(key, None)
    for cell in data.get("cells", []):
        meta = cell.get("metadata", {})
        meta.pop("execution", None)  # iopub/shell timestamps
        for key in ("start_time", "end_time", "duration"):
            meta.get("papermill", {}).pop(key, None)
        if INJECTED_TAGS & set(meta.get("tags", [])):
            cell["id"] = "<injected>"
    return data


def _manifest(data: dict[str, Any], jobs: bool) -> dict[str, Any]:
    for key in ("generated_at", "duration_seconds", *(() if jobs else ("jobs",))):
        data.pop(key)
    data["contents"] = sorted(data["contents"])
    for run in data["runs"]:
        for key in ("executed_at", "duration_seconds", "timings"):
            run.pop(key)
        if run.get("last_good"):
            run["last_good"].pop("executed_at")
    return data


def snapshot(folder: Path, jobs: bool = True) -> dict[str, Any]:
    """Every file of the report under ``folder``, timings and timestamps masked."""
    files: dict[str, Any] = {}
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        rel = path.relative_to(folder).as_posix()
        data = path.read_bytes()
        if rel == "manifest.json":
            files[rel] = _manifest(json.loads(data), jobs)
        elif path.suffix == ".ipynb":
            files[rel] = _notebook(json.loads(data))
        elif path.suffix == ".html" and "/results/" not in f"/{rel}":
            text = data.decode("utf-8")
            notebook = path.with_suffix(".ipynb")  # a run's page: <name>/<name>.html
            if notebook.is_file():
                for cell_id in injected_ids(json.loads(notebook.read_bytes())):
                    text = text.replace(f'id="cell-id={cell_id}"', 'id="cell-id=<injected>"')
            files[rel] = DURATION.sub("<duration>", TIMESTAMP.sub("<time>", text))
        else:
            files[rel] = data  # results, logs: byte for byte
    return files


def check_hashes(folder: Path) -> list[str]:
    """The files of the report in ``folder`` that its manifest does not account for: not
    listed, or holding other bytes than the SHA-256 listed (empty: a whole report)."""
    import hashlib

    contents = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))["contents"]
    found = {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
             for p in folder.rglob("*") if p.is_file() and p.name != "manifest.json"}
    listed = {k: v for k, v in contents.items() if not k.endswith("/")}
    return sorted(k for k in found.keys() | listed.keys() if found.get(k) != listed.get(k))


def differences(a: dict[str, Any], b: dict[str, Any]) -> list[str]:
    """The files that differ between two snapshots (for an assertion message)."""
    return sorted(k for k in a.keys() | b.keys() if a.get(k) != b.get(k))

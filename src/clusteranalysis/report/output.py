"""Publishing the report: its layout, ``manifest.json``, ``index.html``, reuse of unchanged
runs and the last good result of a failed one, swapped into place by
:mod:`clusteranalysis.safety.publish` (the mechanism the build uses too).

Layout of the report folder (``reports/`` by default)::

    index.html            one row per run: notebook, parameters, status, duration, links
    manifest.json         package version, parameters, input hashes, timings, status,
                          and every file the report holds with its SHA-256
    <name>/<name>.ipynb   the executed notebook
    <name>/<name>.html    its self-contained page (code hidden, "Show code" toggle)
    <name>/<name>.log     what the kernel printed outside cells, when anything
    <name>/results/       the run's ``output_dir``: CSV, PNG, SVG
    <name>.last-good/     for a failed run, the last successful one, when there is one
    sources/<file>.html   each raw document, its lines numbered: the target of every link
                          to a source line (``sources/<file>.html#L138``)
    sources/index.html    the documents with their catalogue entries and hashes
    sources/sources.bib   their bibliography (BibTeX), as ``data/raw/sources.bib``

Every page ends with a footer: package version, commit, data hash and how to cite.

The folder belongs to the command: it is replaced as a whole. ``manifest.json`` lists
every file with its SHA-256 (``contents``), and the command refuses to replace a report
that holds files it does not list, or files changed since, and names them; a file added
while a report runs is moved into the new report, never deleted.
"""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from clusteranalysis import config
from clusteranalysis.files import sha256_file, write_json
from clusteranalysis.provenance.bibliography import how_to_cite
from clusteranalysis.report.key import repository_revision
from clusteranalysis.report.pages import render_index
from clusteranalysis.report.record import LastGood, ReportInfo, RunRecord
from clusteranalysis.report.sourcepages import write_pages
from clusteranalysis.report.style import footer_html
from clusteranalysis.safety.folders import remove_tree
from clusteranalysis.safety.targets import (
    OutputKind,
    Owned,
    Protected,
    owned_entries,
    repository_protection,
)

GENERATOR = "clusteranalysis report"
MANIFEST = "manifest.json"
INDEX = "index.html"
SOURCES = "sources"  # the documents' pages (sourcepages.SOURCES_DIR); no run may be so named


def read_manifest(out_dir: Path) -> dict[str, Any] | None:
    """The report's ``manifest.json``, or None if there is none this package wrote."""
    try:
        data = json.loads((Path(out_dir) / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("generator") != GENERATOR:
        return None
    return data


def previous_records(out_dir: Path) -> dict[str, RunRecord]:
    """The runs of the report in ``out_dir`` by name (entries that do not read are left out)."""
    manifest = read_manifest(out_dir) or {}
    records = {}
    for entry in manifest.get("runs", []):
        if isinstance(entry, dict):
            try:
                record = RunRecord.from_json(entry)
            except ValueError:
                continue
            records[record.name] = record
    return records


def report_files(folder: Path) -> Owned | None:
    """Every file the report in ``folder`` holds by its manifest, with the SHA-256 the
    manifest records for it (``contents``); None if it is no report.

    A manifest that lists no hashes (written by a version before them, or by hand) does
    not prove which files are the report's, so the folder counts as no report.
    """
    manifest = read_manifest(folder)
    if manifest is None:
        return None
    contents = manifest.get("contents")
    if not isinstance(contents, dict):
        return None
    return owned_entries(MANIFEST, contents)


REPORT_OUTPUT = OutputKind(
    command="report",
    noun="clusteranalysis report",
    marker=MANIFEST,
    owned_files=report_files,
)


def report_protection(notebook_dir: Path, config_path: Path) -> list[Protected]:
    """What a report's ``--out`` must not be, be inside of or contain."""
    return [
        *repository_protection(),
        Protected(notebook_dir, "the notebook folder"),
        Protected(config_path, "the report configuration"),
        Protected(config.PROCESSED_DIR, "the processed data"),
        Protected(config.RAW_DIR, "the raw documents"),
    ]


def copy_tree(src: Path, dst: Path) -> None:
    """Copy a run's folder, hard-linking files where possible (nothing edits them in place)."""

    def link_or_copy(a: str, b: str) -> None:
        try:
            os.link(a, b)
        except OSError:
            shutil.copy2(a, b)

    shutil.copytree(src, dst, copy_function=link_or_copy, symlinks=True)


def reuse_run(previous: RunRecord, record: RunRecord, out_dir: Path, staging: Path) -> RunRecord:
    """Copy an unchanged run from the previous report; its record says ``unchanged``."""
    copy_tree(out_dir / record.name, staging / record.name)
    return dataclasses.replace(
        record,
        status="unchanged",
        error=None,
        executed_at=previous.executed_at,
        duration_seconds=previous.duration_seconds,
        timings=previous.timings,
        files=previous.files,
        package_version=previous.package_version or record.package_version,
        revision=previous.revision,  # its page states the commit it was executed at
    )


def keep_last_good(record: RunRecord, previous: RunRecord | None, out_dir: Path,
                   staging: Path) -> RunRecord:
    """Give a failed run a link to its last successful result, carried from report to report."""
    if previous is None or record.status != "failed":
        return record
    name = record.name
    last_good_dir = f"{name}.last-good"
    if previous.status in ("ok", "unchanged"):
        source, executed_at = out_dir / name, previous.executed_at
    elif previous.last_good is not None:
        source, executed_at = out_dir / last_good_dir, previous.last_good.executed_at
    else:
        return record
    if not source.is_dir():
        return record
    copy_tree(source, staging / last_good_dir)
    return dataclasses.replace(
        record, last_good=LastGood(executed_at=executed_at, page=f"{last_good_dir}/{name}.html")
    )


def _contents(staging: Path) -> dict[str, str | None]:
    """Every file under ``staging`` but the manifest, with its SHA-256, and each empty
    folder as ``name/`` (with None): what the next report recognises as its own."""
    found: dict[str, str | None] = {}
    for p in sorted(staging.rglob("*")):
        rel = p.relative_to(staging).as_posix()
        if p.is_dir() and not p.is_symlink():
            if not any(p.iterdir()):
                found[rel + "/"] = None
        elif rel != MANIFEST:
            found[rel] = sha256_file(p)
    return found


def complete_info(info: ReportInfo) -> ReportInfo:
    """``info`` with the commit and the citation filled in where the caller left them out
    (an orchestrator that builds its own :class:`ReportInfo`)."""

    revision = info.revision if info.revision is not None else repository_revision()
    citation = info.citation if info.citation is not None else how_to_cite(
        commit=revision.commit)
    return dataclasses.replace(info, revision=revision, citation=citation)


def write_report(staging: Path, info: ReportInfo, records: Sequence[RunRecord], *,
                 raw_dir: Path | None = None) -> None:
    """Write the documents' pages (``sources/``), ``index.html`` and ``manifest.json``
    (listing every file) into ``staging``.

    The pages of the documents in ``raw_dir`` (default ``data/raw``) are what the runs'
    source links point to; a ``raw_dir`` inside ``staging`` (the report's snapshot of
    data/raw) is removed once they are written, so it is not published. ``info.revision``
    and ``info.citation``, when None, are filled in here (the commit now, ``CITATION.cff``),
    so that the footers of ``index.html`` and the documents' pages and the top of
    ``manifest.json`` say the same.
    """

    info = complete_info(info)
    footer = footer_html(version=info.package_version, revision=info.revision,
                         data_sha256=info.inputs.get("processed", {}).get("sha256"),
                         citation=info.citation or "", sources="index.html")
    write_pages(staging / SOURCES, raw_dir, footer)
    (staging / INDEX).write_text(render_index(info, records, raw_dir), encoding="utf-8")
    if raw_dir is not None and raw_dir.parent == staging:
        remove_tree(raw_dir)
    manifest = {
        **info.to_json(),
        "runs": [r.to_json() for r in records],
        "contents": _contents(staging),
    }
    write_json(manifest, staging / MANIFEST)


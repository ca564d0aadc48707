"""Build data/processed from data/raw: parse, reconcile, check, write, swap.

The build writes every table into a staging folder beside the output and swaps it into
place only when everything parsed and every schema held (:mod:`clusteranalysis.safety.publish`,
the mechanism the report uses too), so a failed or interrupted build leaves the previous
output exactly as it was. It replaces only an earlier build output (recognised by its
``datapackage.json``) or an empty folder, never the raw documents or the repository's own
folders. Output is deterministic (sorted rows, fixed formats, no timestamps): building
twice gives identical bytes.
"""

from __future__ import annotations

import json
import re
import sys
import warnings
from pathlib import Path
from typing import Any

import pandas as pd
import pandera.errors

from clusteranalysis import config
from clusteranalysis.build import catalogue, coverage, derived, external, judgements, rates, rules
from clusteranalysis.build.package import datapackage
from clusteranalysis.build.rawdoc import RawDocument, Row, read_text
from clusteranalysis.build.sources import SOURCES, Tables
from clusteranalysis.errors import ClusterAnalysisError, ParseError, TableNotFoundError
from clusteranalysis.files import write_csv, write_json
from clusteranalysis.metadata.dtypes import coerce, validate
from clusteranalysis.metadata.processed import TABLES
from clusteranalysis.safety import faults
from clusteranalysis.safety.publish import Publication
from clusteranalysis.safety.targets import OutputKind, Protected, repository_protection

#: Tables built after the documents' tables, from data/external and the register.
BUILT_APART = (rates.TABLE, judgements.TABLE, judgements.READINGS_TABLE)


class ManifestWarning(UserWarning):
    """A raw file's SHA-256 differs from data/raw/SHA256SUMS."""


MANIFEST_LINE = re.compile(r"([0-9a-fA-F]{64})[ \t]+\*?(\S.*)")


def read_manifest(raw_dir: Path) -> dict[str, str]:
    """``SHA256SUMS`` as {file name: hash}; empty if the file is missing.

    Each line is ``sha256sum``'s: 64 hex digits, spaces, an optional ``*`` (binary mode),
    the file name. Any other line is a :class:`ParseError` naming the line.
    """
    path = raw_dir / config.MANIFEST_FILE
    if not path.is_file():
        return {}
    out = {}
    for number, line in enumerate(read_text(path).splitlines(), 1):
        text = line.rstrip("\r")
        if not text.strip():
            continue
        match = MANIFEST_LINE.fullmatch(text)
        if match is None:
            raise ParseError("not a '<SHA-256>  <file name>' line", text, path.name, number)
        out[match.group(2)] = match.group(1).lower()
    return out


def parse_all(raw_dir: Path, progress: bool = False, external_dir: Path | None = None
              ) -> tuple[dict[str, pd.DataFrame], list[dict[str, Any]]]:
    """Parse every registered document in ``raw_dir`` into typed, checked DataFrames.

    Returns the tables and, per raw file, its name, actual SHA-256, the manifest's hash,
    whether they match (a mismatch is also a ManifestWarning naming the file) and its
    coverage (how many numbers it holds, read and skipped). The tables include those of
    ``external_dir`` (default ``data/external``): the independent figures, each document
    link checked against the documents and the tables, and the population series.
    """
    manifest = read_manifest(raw_dir)
    sources = catalogue.read(raw_dir)
    check_registry(sources)
    tables = Tables()
    inputs = []
    docs = {}
    for name, parser in SOURCES.items():
        path = raw_dir / name
        if not path.is_file():
            raise ClusterAnalysisError(f"{path}: raw document missing (expected by "
                                       f"clusteranalysis.build.sources)")
        doc = RawDocument.read(path)
        expected = manifest.get(name)
        if expected != doc.sha256:
            warnings.warn(f"{name}: SHA-256 {doc.sha256} differs from "
                          f"{config.MANIFEST_FILE} ({expected or 'not listed'}); building "
                          f"from the file as it is", ManifestWarning, stacklevel=2)
        if progress:
            print(f"reading {name} ({len(doc.lines)} lines)", file=sys.stderr)
        catalogue.check_date(sources[name], doc)
        parser(doc, tables)
        docs[name] = doc
        inputs.append({"name": name, "sha256": doc.sha256, "manifest_sha256": expected,
                       "matches_manifest": expected == doc.sha256})
    rules.apply(tables, sources)
    derived.add_crosswalk(tables)
    derived.add_reconciliation(tables)
    frames = {name: to_frame(name, tables.rows.get(name, [])) for name in TABLES
              if name not in (coverage.TABLE, catalogue.TABLE, *BUILT_APART)
              and name not in external.TABLES}
    frames[catalogue.TABLE] = to_frame(catalogue.TABLE, catalogue.rows(sources))
    frames["independent_figures"] = to_frame("independent_figures",
                                             external.read_figures(external_dir))
    external.check_links(frames["independent_figures"], frames, docs)
    frames["population"] = to_frame("population", external.population_rows(external_dir))
    ledger, summary = coverage.ledger(docs, tables)
    frames[coverage.TABLE] = to_frame(coverage.TABLE, ledger)
    for item in inputs:
        item["coverage"] = summary[item["name"]]
        if progress:
            print(coverage.summary_line(item["name"], summary[item["name"]]), file=sys.stderr)
    # the reference rates, then the register of judgements, which checks its references
    # against every other table and fills the independent figures' definitions
    frames[rates.TABLE] = to_frame(rates.TABLE, rates.rows(external_dir))
    judgements.apply(frames, docs, to_frame)
    return {name: frames[name] for name in TABLES}, inputs


def check_registry(sources: dict[str, catalogue.Source]) -> None:
    """data/raw/sources.csv lists exactly the documents SOURCES reads, with their modules."""
    listed, registered = set(sources), set(SOURCES)
    if listed != registered:
        raise ClusterAnalysisError(
            f"{config.CATALOGUE_FILE} lists {sorted(listed - registered) or 'no'} extra and "
            f"lacks {sorted(registered - listed) or 'no'} documents of "
            "clusteranalysis.build.sources")
    for name, parser in SOURCES.items():
        if sources[name].read_by != parser.__module__:
            raise ClusterAnalysisError(
                f"{config.CATALOGUE_FILE}: {name} is read by {parser.__module__}, not "
                f"{sources[name].read_by}")


def to_frame(name: str, rows: list[Row]) -> pd.DataFrame:
    """Rows → a DataFrame with the table's columns, dtypes and sort order; schema-checked."""
    spec = TABLES[name]
    if not rows:
        raise TableNotFoundError("data/raw", name, "no rows were read")
    df = coerce(name, pd.DataFrame(rows))
    if spec.sort_by:
        df = df.sort_values(list(spec.sort_by), kind="stable")
    df = df.reset_index(drop=True)
    try:
        return validate(name, df)
    except pandera.errors.SchemaError as exc:
        raise ClusterAnalysisError(f"table {name}: {str(exc).splitlines()[0]}") from None


def build_files(folder: Path) -> set[str] | None:
    """The files an earlier build output in ``folder`` holds by its ``datapackage.json``
    (the package itself and each resource's CSV); None if it has no such package."""
    try:
        package = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(package, dict) or package.get("name") != "clusteranalysis":
        return None
    resources = package.get("resources")
    if not isinstance(resources, list):
        return None
    paths = {r["path"] for r in resources if isinstance(r, dict) and isinstance(r.get("path"), str)}
    return {"datapackage.json", *paths}


BUILD_OUTPUT = OutputKind(
    command="build",
    noun="clusteranalysis build output",
    marker="datapackage.json",
    owned_files=build_files,
)


def build_protection(raw_dir: Path) -> list[Protected]:
    """What ``--out`` must not be, be inside of or contain: the raw documents, the repository."""
    return [Protected(raw_dir, "the raw documents folder (--raw)"),
            *repository_protection()]


def build(raw_dir: Path | None = None, out_dir: Path | None = None,
          progress: bool = False, external_dir: Path | None = None) -> dict[str, pd.DataFrame]:
    """Parse ``raw_dir`` (and read ``external_dir``) and replace ``out_dir`` with the tables,
    atomically.

    Raises :class:`clusteranalysis.safety.publish.PublishError`, before parsing anything, if
    ``out_dir`` is not an earlier build output or an empty (or missing) folder, or is
    protected (the raw documents, the repository's folders), or is locked by another build.
    """
    raw_dir = Path(raw_dir or config.RAW_DIR)
    out_dir = Path(out_dir or config.PROCESSED_DIR)
    if not raw_dir.is_dir():
        raise ClusterAnalysisError(f"{raw_dir}: raw data folder not found")

    def note(message: str) -> None:
        print(f"build: {message}", file=sys.stderr)

    with Publication(out_dir, BUILD_OUTPUT, protect=build_protection(raw_dir),
                     note=note) as pub:
        caught: list[warnings.WarningMessage] = []
        try:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always", ManifestWarning)
                frames, inputs = parse_all(raw_dir, progress=progress,
                                           external_dir=external_dir)
        finally:  # a hash mismatch is reported even when the build then fails
            for w in caught:
                if progress:  # the command line: one plain line
                    print(f"warning: {w.message}", file=sys.stderr)
                else:
                    warnings.warn(w.message, w.category, stacklevel=2)
        package = datapackage(frames, inputs, catalogue.read(raw_dir),
                              external.provenance(external_dir))
        faults.point("build:parsed")
        for name, df in frames.items():
            write_csv(df, pub.staging / f"{name}.csv")
            if progress:
                print(f"wrote {name}.csv ({len(df)} rows)", file=sys.stderr)
        write_json(package, pub.staging / "datapackage.json")
        pub.publish()
    if progress:
        print(f"built {len(frames)} tables into {pub.target}", file=sys.stderr)
    return frames

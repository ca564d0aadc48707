"""Build data/processed from data/raw: parse, reconcile, check, write, swap.

The build writes every table into a staging folder beside the output and swaps it into
place only when everything parsed and every schema held (:mod:`clusteranalysis.safety.publish`,
the mechanism the report uses too), so a failed or interrupted build leaves the previous
output exactly as it was. It replaces only an earlier build output (recognised by its
``datapackage.json``, which lists every table with the SHA-256 of its CSV) or an empty
folder, never the raw documents or the repository's own folders. Output is deterministic
(sorted rows, fixed formats, no timestamps): building twice gives identical bytes.

:func:`review` (``clusteranalysis build --review``) writes no tables: it lists every number
of every document that no table reads and no skip accounts for, all at once.
"""

from __future__ import annotations

import csv
import json
import re
import sys
import warnings
from pathlib import Path
from typing import Any, TextIO

import pandas as pd
import pandera.errors

from clusteranalysis import config
from clusteranalysis.build import catalogue, coverage, derived, external, judgements, rates, rules
from clusteranalysis.build.package import datapackage
from clusteranalysis.build.rawdoc import RawDocument, Row, read_text
from clusteranalysis.build.sources import MissingParser, Parser, Tables, parser
from clusteranalysis.errors import ClusterAnalysisError, ParseError, TableNotFoundError
from clusteranalysis.files import write_csv, write_json
from clusteranalysis.metadata import vocab
from clusteranalysis.metadata.dtypes import coerce, validate
from clusteranalysis.metadata.processed import TABLES
from clusteranalysis.safety import faults
from clusteranalysis.safety.publish import Publication
from clusteranalysis.safety.targets import (
    OutputKind,
    Owned,
    Protected,
    owned_entries,
    repository_protection,
)

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


def read_documents(raw_dir: Path, sources: dict[str, catalogue.Source],
                   manifest: dict[str, str]) -> tuple[dict[str, RawDocument],
                                                      list[dict[str, Any]]]:
    """Every document the catalogue lists, read in its language, and its hashes. A missing
    document, or a text file of ``raw_dir`` the catalogue does not list, is an error; a hash
    that differs from the manifest is a ManifestWarning naming the file."""
    unlisted = sorted(p.name for p in raw_dir.glob("*.txt") if p.name not in sources)
    if unlisted:
        raise ClusterAnalysisError(f"{raw_dir / unlisted[0]}: a document "
                                   f"{config.CATALOGUE_FILE} does not list (add its row: "
                                   f"docs/adding-a-document.md)")
    docs, inputs = {}, []
    for name, source in sources.items():
        path = raw_dir / name
        if not path.is_file():
            raise ClusterAnalysisError(f"{path}: raw document missing (listed in "
                                       f"{config.CATALOGUE_FILE})")
        doc = RawDocument.read(path, source.language)
        expected = manifest.get(name)
        if expected != doc.sha256:
            warnings.warn(f"{name}: SHA-256 {doc.sha256} differs from "
                          f"{config.MANIFEST_FILE} ({expected or 'not listed'}); building "
                          f"from the file as it is", ManifestWarning, stacklevel=2)
        docs[name] = doc
        inputs.append({"name": name, "sha256": doc.sha256, "manifest_sha256": expected,
                       "matches_manifest": expected == doc.sha256})
    return docs, inputs


def parse_all(raw_dir: Path, progress: bool = False, external_dir: Path | None = None
              ) -> tuple[dict[str, pd.DataFrame], list[dict[str, Any]]]:
    """Parse every catalogued document in ``raw_dir`` into typed, checked DataFrames.

    Returns the tables and, per raw file, its name, actual SHA-256, the manifest's hash,
    whether they match (a mismatch is also a ManifestWarning naming the file) and its
    coverage (how many numbers it holds, read and skipped). The tables include those of
    ``external_dir`` (default ``data/external``): the independent figures, each document
    link checked against the documents and the tables, and the population series.
    """
    manifest = read_manifest(raw_dir)
    sources = catalogue.read(raw_dir)
    parsers = {name: parser_of(source) for name, source in sources.items()}
    docs, inputs = read_documents(raw_dir, sources, manifest)
    tables = Tables()
    for name, doc in docs.items():
        if progress:
            print(f"reading {name} ({len(doc.lines)} lines)", file=sys.stderr)
        catalogue.check_date(sources[name], doc)
        parsers[name](doc, tables)
    rules.apply(tables, sources)
    derived.add_crosswalk(tables)
    derived.add_reconciliation(tables)
    frames = {name: to_frame(name, tables.rows.get(name, [])) for name in TABLES
              if name not in (coverage.TABLE, catalogue.TABLE, *BUILT_APART)
              and name not in external.TABLES}
    frames[catalogue.TABLE] = to_frame(catalogue.TABLE, catalogue.rows(sources))
    # the ledger before the independent figures: a changed document stops at its number
    ledger, summary = coverage.ledger(docs, tables)
    frames[coverage.TABLE] = to_frame(coverage.TABLE, ledger)
    frames["independent_figures"] = to_frame("independent_figures",
                                             external.read_figures(external_dir))
    external.check_links(frames["independent_figures"], frames, docs)
    frames["population"] = to_frame("population", external.population_rows(external_dir))
    for item in inputs:
        item["coverage"] = summary[item["name"]]
        if progress:
            print(coverage.summary_line(item["name"], summary[item["name"]]), file=sys.stderr)
    # the reference rates, then the register of judgements, which checks its references
    # against every other table and fills the independent figures' definitions
    frames[rates.TABLE] = to_frame(rates.TABLE, rates.rows(external_dir))
    judgements.apply(frames, docs, to_frame)
    return {name: frames[name] for name in TABLES}, inputs


def parser_of(source: catalogue.Source) -> Parser:
    """The parse function of the module sources.csv names for a document."""
    try:
        return parser(source.read_by)
    except ClusterAnalysisError as exc:
        raise ClusterAnalysisError(f"{config.CATALOGUE_FILE}: {source.file}: {exc}") from None


def check_values(name: str, rows: list[Row]) -> None:
    """Every value of a column with a vocabulary is one of its values: else one line naming
    the row's file and line, the table, the column, the value and where the vocabulary is
    declared."""
    for f in TABLES[name].fields:
        if f.enum is None:
            continue
        allowed = set(f.enum)
        for row in rows:
            value = row.get(f.name)
            if value is not None and value not in allowed:
                where = (f"{row['source']}:{row['line']}: " if row.get("line") is not None
                         and row.get("source") else f"{row['source']}: " if row.get("source")
                         else "")
                raise ClusterAnalysisError(
                    f"{where}table {name}, column {f.name}: {value!r} is not one of its "
                    f"values ({vocab.origin(f.enum)}: {', '.join(f.enum)})")


def to_frame(name: str, rows: list[Row]) -> pd.DataFrame:
    """Rows → a DataFrame with the table's columns, dtypes and sort order; schema-checked.
    A value outside its column's vocabulary or schema is one line naming where it came from."""
    spec = TABLES[name]
    if not rows:
        raise TableNotFoundError("data/raw", name, "no rows were read")
    check_values(name, rows)
    try:
        df = coerce(name, pd.DataFrame(rows))
    except ValueError as exc:
        raise ClusterAnalysisError(f"table {name}: {exc}") from None
    if spec.sort_by:
        df = df.sort_values(list(spec.sort_by), kind="stable")
    df = df.reset_index(drop=True)
    try:
        return validate(name, df)
    except pandera.errors.SchemaError as exc:
        raise ClusterAnalysisError(f"{_located(df, exc)}table {name}: "
                                   f"{str(exc).splitlines()[0]}") from None


def _located(df: pd.DataFrame, exc: pandera.errors.SchemaError) -> str:
    """'file:line: ' of the first row a schema check failed on, where the table cites one."""
    cases = getattr(exc, "failure_cases", None)
    if not isinstance(cases, pd.DataFrame) or "index" not in cases or \
            not {"source", "line"} <= set(df.columns):
        return ""
    index = cases["index"].dropna()
    if index.empty or index.iloc[0] not in df.index:
        return ""
    row = df.loc[index.iloc[0]]
    return f"{row['source']}:{row['line']}: " if pd.notna(row["line"]) else ""


def build_files(folder: Path) -> Owned | None:
    """What an earlier build output in ``folder`` holds by its ``datapackage.json``: each
    resource's CSV with the SHA-256 it records, and the package itself; None if it has no
    such package (a resource without its ``sha256:`` hash is not one the build wrote)."""
    try:
        package = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(package, dict) or package.get("name") != "clusteranalysis":
        return None
    resources = package.get("resources")
    if not isinstance(resources, list) or not resources:
        return None
    entries: dict[object, object] = {}
    for r in resources:
        if not isinstance(r, dict) or not isinstance(r.get("hash"), str):
            return None
        entries[r.get("path")] = r["hash"].removeprefix("sha256:")
    return owned_entries("datapackage.json", entries)


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


# --- the review: every number no table reads and no skip accounts for -----------------------

#: The columns of lookups/coverage_skips.csv, in order (the stub rows the review writes).
SKIP_COLUMNS = ("source", "line", "pattern", "reason", "note")


def review(raw_dir: Path | None = None, stubs: Path | None = None,
           out: TextIO | None = None) -> int:
    """List every number of every catalogued document that is neither read nor skipped, all
    at once, grouped by document and line as ``file:line  text  value``, with a reason to
    pick where the line's shape suggests one; return how many there are, plus the problems.

    Works before a new document's parser exists (then all its numbers are listed), and goes
    on past a parser or date that fails (the failure is listed). Problems with the skip rows
    (a bad row, a row that matches nothing, a number read and skipped) are listed too.
    ``stubs`` is a new file to write one stub row per number into, for
    lookups/coverage_skips.csv: each names its line and the number's exact text; its reason
    (where one is suggested) and note are the reviewer's to fill in. Nothing else is written.
    """
    raw_dir = Path(raw_dir or config.RAW_DIR)
    out = out or sys.stdout
    if not raw_dir.is_dir():
        raise ClusterAnalysisError(f"{raw_dir}: raw data folder not found")
    sources = catalogue.read(raw_dir)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ManifestWarning)  # a new document is not listed yet
        docs, _ = read_documents(raw_dir, sources, read_manifest(raw_dir))
    problems: list[str] = []
    tables = Tables()
    for name, doc in docs.items():
        try:
            catalogue.check_date(sources[name], doc)
        except ClusterAnalysisError as exc:
            problems.append(str(exc))
        try:
            parse = parser(sources[name].read_by)
        except MissingParser as exc:
            print(f"{name}: no parser yet ({exc}); every number is listed", file=out)
            continue
        own = Tables()
        try:
            parse(doc, own)
        except ClusterAnalysisError as exc:
            problems.append(f"{exc} (its rows are left out of this review)")
            continue
        for table, rows in own.rows.items():
            tables.rows[table].extend(rows)
    entries, skip_problems = coverage.review(docs, tables)
    problems += skip_problems
    open_entries = [e for e in entries if e.status == "unaccounted"]
    stub_rows = []
    for name, doc in docs.items():
        mine = [e for e in entries if e.source == name]
        todo = [e for e in mine if e.status == "unaccounted"]
        counts = {s: sum(e.status == s for e in mine) for s in ("read", "skipped")}
        print(f"{name} ({doc.reader.name}): {len(mine)} numbers, {counts['read']} read, "
              f"{counts['skipped']} skipped, {len(todo)} unaccounted", file=out)
        for e in todo:
            text, value = coverage.as_written(e.number, e.line_text, doc.reader)
            reason = _suggested(e, sources[name])
            pick = f"  {reason}?" if reason else ""
            print(f"  {name}:{e.number.line}  {text}  {value}{pick}", file=out)
            pattern = coverage.stub_pattern(e.number, e.line_text)
            times = len(re.findall(pattern, e.line_text))
            stub = {"source": name, "line": f"{e.number.line}x{times}" if times > 1
                    else str(e.number.line), "pattern": pattern, "reason": reason, "note": ""}
            if stub not in stub_rows:  # one row for a text that stands twice on its line
                stub_rows.append(stub)
    for problem in problems:
        print(f"problem: {problem}", file=out)
    reasons = TABLES[coverage.TABLE].field("reason").enum or ()
    if not open_entries and not problems:
        print(f"every number of the {len(docs)} documents is read or skipped", file=out)
        return 0
    print(f"{len(open_entries)} numbers unaccounted in "
          f"{len({e.source for e in open_entries})} documents, {len(problems)} problems; "
          f"read each number into a table, or skip it with a row of lookups/"
          f"{coverage.SKIPS}.csv for one of the reasons: {', '.join(reasons)}", file=out)
    if stubs is not None and stub_rows:
        _write_stubs(Path(stubs), stub_rows)
        print(f"wrote {len(stub_rows)} stub rows to {stubs}: give each a reason and a "
              f"note, then add them to lookups/{coverage.SKIPS}.csv", file=out)
    return len(open_entries) + len(problems)


def _suggested(entry: coverage.Entry, source: catalogue.Source) -> str:
    """The document date where the catalogue says it stands; else the line's shape."""
    num = entry.number
    if source.date_line == num.line and source.date_text:
        at = entry.line_text.find(source.date_text)
        if at >= 0 and at <= num.start and num.end <= at + len(source.date_text):
            return "document date"
    return coverage.suggest_reason(num, entry.line_text)


def _write_stubs(path: Path, rows: list[dict[str, Any]]) -> None:
    """The stub rows as CSV in a new file ('x': never over an existing file or a link)."""
    try:
        with path.open("x", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=SKIP_COLUMNS, lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
    except FileExistsError:
        raise ClusterAnalysisError(f"{path}: already exists (or is a link): give --write-skips "
                                   f"a new file") from None

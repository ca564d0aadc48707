"""Build data/processed from data/raw: parse, reconcile, check, write, swap.

The build writes every table into a staging folder beside the output and swaps it into
place only when everything parsed and every schema held (:mod:`clusteranalysis.publish`,
the mechanism the report uses too), so a failed or interrupted build leaves the previous
output exactly as it was. It replaces only an earlier build output (recognised by its
``datapackage.json``) or an empty folder, never the raw documents or the repository's own
folders. Output is deterministic (sorted rows, fixed formats, no timestamps): building
twice gives identical bytes.
"""

from __future__ import annotations

import csv
import json
import re
import sys
import warnings
from pathlib import Path
from typing import Any

import pandas as pd

from . import __version__, config, faults
from .errors import ClusterAnalysisError, ParseError, TableNotFoundError
from .files import sha256_file, write_csv
from .publish import OutputKind, Protected, Publication, repository_protection
from .rawdoc import RawDocument, Row, lookup, text_line
from .schemas import TABLES, as_category, dtype_of, pandera_schema
from .sources import SOURCES, Tables


class ManifestWarning(UserWarning):
    """A raw file's SHA-256 differs from data/raw/SHA256SUMS."""


MANIFEST_LINE = re.compile(r"([0-9a-fA-F]{64})[ \t]+\*?(\S.*)")


def _read_text(path: Path) -> str:
    """A metadata file of data/raw as text; a one-line error if unreadable or not UTF-8."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ClusterAnalysisError(f"{path}: cannot read: {exc.strerror}") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ParseError("not UTF-8 text", repr(data[exc.start : exc.start + 8]),
                         path.name, text_line(data, exc.start)) from None


def read_manifest(raw_dir: Path) -> dict[str, str]:
    """``SHA256SUMS`` as {file name: hash}; empty if the file is missing.

    Each line is ``sha256sum``'s: 64 hex digits, spaces, an optional ``*`` (binary mode),
    the file name. Any other line is a :class:`ParseError` naming the line.
    """
    path = raw_dir / config.MANIFEST_FILE
    if not path.is_file():
        return {}
    out = {}
    for number, line in enumerate(_read_text(path).splitlines(), 1):
        text = line.rstrip("\r")
        if not text.strip():
            continue
        match = MANIFEST_LINE.fullmatch(text)
        if match is None:
            raise ParseError("not a '<SHA-256>  <file name>' line", text, path.name, number)
        out[match.group(2)] = match.group(1).lower()
    return out


def read_catalogue(raw_dir: Path) -> list[dict[str, str]]:
    """``sources.csv`` as rows; empty if missing; a one-line error if not UTF-8 CSV."""
    path = raw_dir / config.CATALOGUE_FILE
    if not path.is_file():
        return []
    text = _read_text(path)
    try:
        return list(csv.DictReader(text.splitlines()))
    except csv.Error as exc:
        raise ClusterAnalysisError(f"{path}: not a valid CSV file: {exc}") from None


def parse_all(raw_dir: Path, progress: bool = False) -> tuple[dict[str, pd.DataFrame],
                                                               list[dict[str, Any]]]:
    """Parse every registered document in ``raw_dir`` into typed, checked DataFrames.

    Returns the tables and, per raw file, its name, actual SHA-256, the manifest's hash and
    whether they match (a mismatch is also a ManifestWarning naming the file).
    """
    manifest = read_manifest(raw_dir)
    tables = Tables()
    inputs = []
    for name, parser in SOURCES.items():
        path = raw_dir / name
        if not path.is_file():
            raise ClusterAnalysisError(f"{path}: raw document missing (expected by "
                                       f"clusteranalysis.sources)")
        doc = RawDocument.read(path)
        expected = manifest.get(name)
        if expected != doc.sha256:
            warnings.warn(f"{name}: SHA-256 {doc.sha256} differs from "
                          f"{config.MANIFEST_FILE} ({expected or 'not listed'}); building "
                          f"from the file as it is", ManifestWarning, stacklevel=2)
        if progress:
            print(f"reading {name} ({len(doc.lines)} lines)", file=sys.stderr)
        parser(doc, tables)
        inputs.append({"name": name, "sha256": doc.sha256, "manifest_sha256": expected,
                       "matches_manifest": expected == doc.sha256})
    add_crosswalk(tables)
    add_reconciliation(tables)
    frames = {name: to_frame(name, tables.rows.get(name, [])) for name in TABLES}
    return frames, inputs


def to_frame(name: str, rows: list[Row]) -> pd.DataFrame:
    """Rows → a DataFrame with the table's columns, dtypes and sort order; schema-checked."""
    spec = TABLES[name]
    if not rows:
        raise TableNotFoundError("data/raw", name, "no rows were read")
    df = pd.DataFrame(rows)
    missing = set(spec.columns) - set(df.columns)
    extra = set(df.columns) - set(spec.columns)
    if missing or extra:
        raise AssertionError(f"{name}: columns missing {sorted(missing)} extra {sorted(extra)}")
    df = df[spec.columns]
    df = apply_dtypes(name, df)
    df = df.sort_values(list(spec.sort_by), kind="stable").reset_index(drop=True)
    pandera_schema(name).validate(df)
    return df


def apply_dtypes(name: str, df: pd.DataFrame) -> pd.DataFrame:
    out = df.copy()
    for f in TABLES[name].fields:
        col = out[f.name]
        if f.dtype.startswith("datetime"):
            out[f.name] = pd.to_datetime(col, format="%Y-%m-%d").astype(f.dtype)
        elif f.dtype == "boolean":
            out[f.name] = col.map(_to_bool).astype("boolean")
        elif f.dtype == "Int64":
            out[f.name] = pd.array([None if pd.isna(v) else int(v) for v in col],
                                   dtype="Int64")
        elif f.dtype == "category":
            out[f.name] = as_category(col, f)
        else:
            out[f.name] = col.astype(dtype_of(f))
    return out


def _to_bool(v: object) -> object:
    if isinstance(v, str):
        return {"True": True, "False": False, "true": True, "false": False}[v]
    return v if not pd.isna(v) else None


# --- derived tables ---------------------------------------------------------------------------

def add_crosswalk(tables: Tables) -> None:
    projects = {r["project_id"]: r for r in tables.rows["projects"]}
    for link in lookup("crosswalk"):
        p1 = projects.get(link["phase1_id"])
        p2 = projects.get(link["phase2_id"]) if link["phase2_id"] else None
        if p1 is None or (link["phase2_id"] and p2 is None):
            raise ClusterAnalysisError(
                f"lookups/crosswalk.csv: {link['phase1_id']} -> {link['phase2_id']} names a "
                f"project the documents do not list")
        tables.add("crosswalk", {
            "phase1_id": link["phase1_id"], "phase1_name_en": p1["name_en"],
            "phase2_id": link["phase2_id"] or None,
            "phase2_name_source": p2["name_source"] if p2 else None,
            "confidence": link["confidence"], "note": link["note"],
        })
    missing = sorted({pid for pid, p in projects.items() if p["phase"] == "I"}
                     - {link["phase1_id"] for link in lookup("crosswalk")})
    if missing:
        raise ClusterAnalysisError(f"lookups/crosswalk.csv: no line for {', '.join(missing)}")


def _one(rows: list[Row], what: str, **match: Any) -> Row:
    found = [r for r in rows if all(r.get(k) == v for k, v in match.items())]
    if len(found) != 1:
        raise TableNotFoundError("data/raw", what, f"expected one row matching {match}, "
                                 f"found {len(found)}")
    return found[0]


def add_reconciliation(tables: Tables) -> None:
    """Stated totals against the sum of their parts (see lookups/reconciliation.csv)."""
    meaning = {r["check_id"]: r["meaning"] for r in lookup("reconciliation")}
    part = tables.rows["participants"]
    budgets = tables.rows["budgets"]

    def add(check_id: str, description: str, stated_row: Row, stated: float,
            parts: list[float], unit: str, computed: float | None = None) -> None:
        value = float(sum(parts)) if computed is None else computed
        tables.add("reconciliation", {
            "check_id": check_id, "description": description, "stated": float(stated),
            "computed": value, "difference": value - float(stated),
            "ratio": value / float(stated), "n_parts": len(parts), "unit": unit,
            "meaning": meaning[check_id], "source": stated_row["source"],
            "line": stated_row["line"], "raw": stated_row["raw"],
        })

    programme = "meti_industrial_cluster"
    phase2 = [r for r in part if r["group_kind"] == "project" and r["phase"] == "II"]
    for ptype in ("companies", "universities"):
        total = _one(part, f"phase II total {ptype}", group_id=programme, phase="II",
                     participant_type=ptype)
        values = [r["count"] for r in phase2 if r["participant_type"] == ptype]
        add(f"phase2_{ptype}", f"Phase II: stated national {ptype} vs the sum over the "
            f"projects", total, total["count"], values, ptype)
    total = _one(part, "phase II project count", group_id=programme, phase="II",
                 participant_type="projects", headline=True)
    listed = [1.0 for r in tables.rows["projects"] if r["phase"] == "II"]
    add("phase2_projects", "Phase II: stated number of projects vs projects listed", total,
        total["count"], listed, "projects")
    total = _one(part, "phase I project count", group_id=programme, phase="I",
                 participant_type="projects", headline=True)
    mentions = tables.rows["project_fields"]
    add("phase1_projects", "Phase I: stated number of projects vs distinct projects in the "
        "four field lists (parts = mentions)", total, total["count"],
        [1.0] * len(mentions), "projects",
        computed=float(len({r["project_id"] for r in mentions})))

    meti = [r for r in budgets if r["programme_id"] == programme]
    for status, fy in (("draft", 2005), ("previous year", 2004)):
        rows = [r for r in meti if r["status"] == status]
        total = _one(rows, f"METI total FY{fy}", item="total")
        items = [r["amount"] for r in rows if r["item"] != "total"]
        add(f"meti_budget_fy{fy}", f"METI FY{fy}: stated national budget vs the line items "
            "listed", total, total["amount"], items, total["currency"])

    fy05 = _one(meti, "METI total FY2005", item="total", status="draft")
    fy04 = _one(meti, "METI total FY2004", item="total", status="previous year")
    changes = [r["amount"] for r in meti if r["item"] != "total" and r["status"] == "draft"]
    changes += [-r["amount"] for r in meti if r["item"] != "total"
                and r["status"] == "previous year"]
    add("meti_budget_fy2004_to_fy2005", "METI: stated FY2005 total vs the FY2004 total plus "
        "the change in the listed items", fy05, fy05["amount"], changes, fy05["currency"],
        computed=fy04["amount"] + sum(changes))

    mnt = [r for r in budgets if r["programme_id"] == "uk_mnt_network"]
    total = _one(mnt, "MNT total", item="total")
    add("uk_mnt_budget", "UK MNT network: stated total vs basic fund plus research", total,
        total["amount"], [r["amount"] for r in mnt if r["item"] != "total"], "JPY")

    fi = [r for r in part if r["group_id"] == "fi_centres_of_expertise"]
    total = _one(fi, "Finnish areas total", headline=True)
    add("fi_areas", "Finnish Centres of Expertise: stated areas vs areas by phase", total,
        total["count"], [r["count"] for r in fi if "phase" in r["detail"]], "areas")

    stated_usd = tables.rows["_stated_usd"]
    for check_id, item in (("mext_usd_national", "national budget"),
                           ("mext_usd_per_cluster", "per cluster")):
        row = _one(stated_usd, f"MEXT stated dollars ({item})", item=item)
        add(check_id, f"MEXT {item}: stated US$ vs yen at the stated rate", row, row["usd"],
            [row["yen"]], "USD", computed=row["yen"] / row["rate"])
    kc = [r for r in budgets if r["programme_id"] == "mext_knowledge_cluster"]
    national = _one(kc, "MEXT national budget", item="national budget")
    per_cluster = _one(kc, "MEXT per-cluster budget", item="per cluster")
    clusters = _one(part, "MEXT areas appointed", group_id="mext_knowledge_cluster",
                    participant_type="areas", headline=True)
    add("mext_clusters_budget", "MEXT FY2002: stated national budget vs clusters times the "
        "per-cluster budget", national, national["amount"],
        [per_cluster["amount"]] * clusters["count"], "JPY")
    del tables.rows["_stated_usd"]


# --- writing ----------------------------------------------------------------------------------

def _field_type(dtype: str) -> str:
    return {"string": "string", "Int64": "integer", "Float64": "number",
            "boolean": "boolean", "category": "string",
            "datetime64[ns]": "date"}[dtype]


def datapackage(frames: dict[str, pd.DataFrame], inputs: list[dict[str, Any]],
                catalogue: list[dict[str, str]]) -> dict[str, Any]:
    """Frictionless-style metadata: resources with fields, units, descriptions; inputs with
    their SHA-256 (actual and as in the manifest)."""
    titles = {row["file"]: row for row in catalogue}
    resources = []
    for name, spec in TABLES.items():
        fields = []
        for f in spec.fields:
            entry: dict[str, Any] = {"name": f.name, "type": _field_type(f.dtype),
                                     "description": f.description}
            if f.unit:
                entry["unit"] = f.unit
            if f.categories:
                entry["constraints"] = {"enum": list(f.categories)}
            if not f.nullable:
                entry.setdefault("constraints", {})["required"] = True
            fields.append(entry)
        resources.append({
            "name": name, "path": f"{name}.csv", "title": spec.title,
            "description": spec.description, "format": "csv", "encoding": "utf-8",
            "rows": len(frames[name]), "schema": {"fields": fields},
        })
    sources = []
    for item in inputs:
        meta = titles.get(item["name"], {})
        sources.append({
            "path": f"data/raw/{item['name']}", "title": meta.get("title", ""),
            "publisher": meta.get("publisher", ""), "sha256": item["sha256"],
            "manifest_sha256": item["manifest_sha256"],
            "matches_manifest": item["matches_manifest"],
        })
    lookups = []
    for path in sorted(config.LOOKUP_DIR.glob("*.csv")):
        lookups.append({"path": f"src/clusteranalysis/lookups/{path.name}",
                        "sha256": sha256_file(path)})
    return {
        "name": "clusteranalysis",
        "title": "Regional industrial-cluster policies: tidy tables from five documents",
        "description": "Built by `clusteranalysis build` from data/raw; every fact row "
                       "carries source, line and raw.",
        "version": __version__, "licenses": [{"name": "MIT"}],
        "sources": sources, "lookups": lookups, "resources": resources,
    }


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
          progress: bool = False) -> dict[str, pd.DataFrame]:
    """Parse ``raw_dir`` and replace ``out_dir`` with the tables, atomically.

    Raises :class:`clusteranalysis.publish.PublishError`, before parsing anything, if
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
                frames, inputs = parse_all(raw_dir, progress=progress)
        finally:  # a hash mismatch is reported even when the build then fails
            for w in caught:
                if progress:  # the command line: one plain line
                    print(f"warning: {w.message}", file=sys.stderr)
                else:
                    warnings.warn(w.message, w.category, stacklevel=2)
        package = datapackage(frames, inputs, read_catalogue(raw_dir))
        faults.point("build:parsed")
        for name, df in frames.items():
            write_csv(df, pub.staging / f"{name}.csv")
            if progress:
                print(f"wrote {name}.csv ({len(df)} rows)", file=sys.stderr)
        (pub.staging / "datapackage.json").write_text(
            json.dumps(package, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        pub.publish()
    if progress:
        print(f"built {len(frames)} tables into {pub.target}", file=sys.stderr)
    return frames

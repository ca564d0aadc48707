"""Data from outside the five documents: the independent figures and the population series.

``data/external/`` is hand-curated like the lookups (reviewed, not parsed):

- ``independent_figures.csv``: one row per figure published elsewhere (ministry pages,
  parliamentary reports, press, research papers), with its address, the words it was read
  from and, where it bears on one, the document figure it is compared with: the raw file and
  line, the processed table and the ``raw`` text of its row(s), and the column holding the
  value. :func:`check_links` holds each link to the documents on every build.
- ``population_source.csv``: the citation of the population series (Gapminder's data as the
  ``gapminder`` package ships it: package, version, file, SHA-256, licence and the attribution
  the licence asks for), and
  ``population_countries.csv``: the project's country names in that file.

The build copies both into ``data/processed`` as the resources ``independent_figures`` and
``population``, so :func:`clusteranalysis.load` reads them like any other table and
``datapackage.json`` records the external files' hashes. The population file is read from
the installed package without importing it (``gapminder/__init__.py`` imports
``pkg_resources``, which current setuptools no longer provides); every row keeps the file,
line and text it was read from.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from dataclasses import dataclass, fields
from importlib import metadata
from pathlib import Path
from typing import Any, TypeVar

import pandas as pd

from clusteranalysis import config
from clusteranalysis.build.rawdoc import RawDocument, Row, read_text
from clusteranalysis.errors import ClusterAnalysisError
from clusteranalysis.files import sha256_bytes, sha256_file
from clusteranalysis.metadata.processed import TABLES as SPECS

FIGURES_FILE = "independent_figures.csv"
POPULATION_SOURCE_FILE = "population_source.csv"
POPULATION_COUNTRIES_FILE = "population_countries.csv"
#: The processed tables built from data/external.
TABLES = ("independent_figures", "population")
#: What separates the rows of a document figure that is a sum ('3 special areas + 14 …').
PLUS = " + "
#: The columns of the independent_figures table the register of judgements fills
#: (clusteranalysis.build.judgements): the reviewed file does not hold them.
DEFINITION_COLUMNS = ("definition", "definition_note", "definition_judgement")


def read_csv(path: Path) -> list[dict[str, str]]:
    """A reviewed CSV of data/external as dict rows; a missing or malformed file is one error."""
    if not path.is_file():
        raise ClusterAnalysisError(f"{path}: missing (data/external is part of the repository)")
    reader = csv.DictReader(io.StringIO(read_text(path), newline=""))
    try:
        return list(reader)
    except csv.Error as exc:
        raise ClusterAnalysisError(f"{path}: not a valid CSV file: {exc}") from None


def read_figures(external_dir: Path | None = None) -> list[Row]:
    """The rows of ``independent_figures.csv`` as text (the build applies the schema), with
    the definition columns empty: the register of judgements fills them
    (:data:`DEFINITION_COLUMNS`)."""

    path = Path(external_dir or config.EXTERNAL_DIR) / FIGURES_FILE
    rows = read_csv(path)
    columns = [c for c in SPECS["independent_figures"].columns if c not in DEFINITION_COLUMNS]
    if rows and list(rows[0]) != columns:
        raise ClusterAnalysisError(f"{path}: columns {list(rows[0])} differ from the schema "
                                   f"({', '.join(columns)}; whether a figure counts what the "
                                   "document figure counts is in the register of judgements)")
    return [{**{k: (v if v != "" else None) for k, v in r.items()},
             **dict.fromkeys(DEFINITION_COLUMNS)} for r in rows]


# --------------------------------------------------------------------------- population


@dataclass(frozen=True)
class ReferenceSource:
    """The citation of a reference data set (one row of population_source.csv)."""

    dataset: str
    package: str
    version: str
    file: str
    sha256: str
    title: str
    publisher: str
    url: str
    licence: str
    attribution: str
    note: str

    @property
    def label(self) -> str:
        """How a figure names it: 'Gapminder population (gapminder 0.1)'."""
        return f"Gapminder population (Python package {self.package} {self.version})"


#: A citation dataclass: one row of a ``*_source.csv``.
SourceT = TypeVar("SourceT")


def read_source(path: Path, dataset: str, kind: type[SourceT]) -> SourceT:
    """The one row of a ``*_source.csv`` citing ``dataset``, as a ``kind`` (the population's
    :class:`ReferenceSource`, the rates' :class:`~clusteranalysis.build.rates.RatesSource`)."""
    rows = [r for r in read_csv(path) if r.get("dataset") == dataset]
    if len(rows) != 1:
        raise ClusterAnalysisError(f"{path}: needs exactly one row for dataset {dataset!r}")
    try:
        return kind(**rows[0])
    except TypeError:
        raise ClusterAnalysisError(f"{path}: columns must be "
                                   f"{', '.join(f.name for f in fields(kind))}") from None  # type: ignore[arg-type]


def population_source(external_dir: Path | None = None) -> ReferenceSource:
    """The population series' citation from ``population_source.csv``."""
    path = Path(external_dir or config.EXTERNAL_DIR) / POPULATION_SOURCE_FILE
    return read_source(path, "population", ReferenceSource)


def package_file(package: str, version: str, file: str, title: str,
                 cited_in: str = POPULATION_SOURCE_FILE) -> Path:
    """A data file inside an installed package, located without importing the package.

    The installed version must be the one ``cited_in`` records (pyproject.toml pins it).
    """
    try:
        dist = metadata.distribution(package)
    except metadata.PackageNotFoundError:
        raise ClusterAnalysisError(
            f"the package {package!r} ({title}) is not installed: run "
            f"`make setup` (pyproject.toml pins {package}=={version})") from None
    if dist.version != version:
        raise ClusterAnalysisError(
            f"{package} {dist.version} is installed; {cited_in} cites "
            f"version {version}: run `make setup`")
    path = Path(str(dist.locate_file(file)))
    if not path.is_file():
        raise ClusterAnalysisError(f"{package} {version} has no {file}")
    return path


def _package_file(source: ReferenceSource) -> Path:
    """The population file inside the installed package (:func:`package_file`)."""
    return package_file(source.package, source.version, source.file, source.title)


def population_rows(external_dir: Path | None = None) -> list[Row]:
    """Population rows of the project's countries, each with the file, line and text read.

    The file must have the SHA-256 ``population_source.csv`` records: another copy of the
    data (a different release, an edited file) stops the build rather than change numbers.
    """
    folder = Path(external_dir or config.EXTERNAL_DIR)
    source = population_source(folder)
    path = _package_file(source)
    data = path.read_bytes()
    if sha256_bytes(data) != source.sha256:
        raise ClusterAnalysisError(f"{path}: SHA-256 {sha256_bytes(data)} differs from the one "
                                   f"{POPULATION_SOURCE_FILE} records ({source.sha256})")
    names = {r["dataset_country"]: r["country"]
             for r in read_csv(folder / POPULATION_COUNTRIES_FILE)}
    lines = data.decode("utf-8").splitlines()
    header = next(csv.reader([lines[0]]))
    where = f"{source.package} {source.version}: {source.file}"
    rows: list[Row] = []
    for number, text in enumerate(lines[1:], start=2):
        record = dict(zip(header, next(csv.reader([text])), strict=True))
        country = names.get(record["country"])
        if country is None:
            continue
        try:
            year, population = int(record["year"]), int(record["pop"])
        except ValueError:
            raise ClusterAnalysisError(f"{where}:{number}: not a year and a population: "
                                       f"{text!r}") from None
        rows.append({"country": country, "year": year, "population": population,
                     "data_file": where, "data_line": number, "data_raw": text})
    found = {r["country"] for r in rows}
    missing = sorted(set(names.values()) - found)
    if missing:
        raise ClusterAnalysisError(f"{where}: no rows for {', '.join(missing)} (see "
                                   f"{POPULATION_COUNTRIES_FILE})")
    return rows


# --------------------------------------------------------------------------- document links


def parts(raw: str) -> list[str]:
    """The raw texts of a document figure: one, or the rows of a sum ('a + b')."""
    return [p.strip() for p in str(raw).split(PLUS)]


def document_unit(table: str, rows: pd.DataFrame, column: str) -> str:
    """The unit of a document figure, in the independent figures' terms."""
    if table == "budgets":
        return "years" if column == "period_years" else str(rows["currency"].iloc[0])
    if table == "exchange_rates":
        return f"{rows['to_currency'].iloc[0]} per {rows['from_currency'].iloc[0]}"
    if table == "timeline":
        return "year"
    return str(rows["participant_type"].iloc[0])


def document_rows(figure: Mapping[str, Any], tables: Mapping[str, pd.DataFrame]
                  ) -> pd.DataFrame:
    """The processed row(s) of the document figure an independent figure bears on.

    Each part of ``document_raw`` must match exactly one row of ``document_table`` on
    ``document_source`` and ``document_line``; where a line holds two rows with the same
    text (003's 'US 1 = £1 = ¥120' gives two rates), the figure's unit picks one. Raises
    ``ValueError`` saying what did not match.
    """
    table = str(figure["document_table"])
    df = tables[table]
    on_line = df[(df["source"] == figure["document_source"])
                 & (df["line"] == int(figure["document_line"]))]
    found = []
    for part in parts(figure["document_raw"]):
        rows = on_line[on_line["raw"] == part]
        if len(rows) > 1 and table == "exchange_rates":
            units = rows["to_currency"].astype(str) + " per " + rows["from_currency"].astype(str)
            rows = rows[units == figure["unit"]]
        if len(rows) != 1:
            raise ValueError(f"{len(rows)} rows of {table} have raw {part!r} on that line")
        found.append(rows)
    out = pd.concat(found)
    column = str(figure["document_column"])
    if column not in out.columns:
        raise ValueError(f"{table} has no column {column!r}")
    if out[column].isna().any():
        raise ValueError(f"{table}.{column} is empty for {figure['document_raw']!r}")
    return out


_LINK_COLUMNS = ("document_source", "document_line", "document_table", "document_raw",
                 "document_column")


def check_links(figures: pd.DataFrame, tables: Mapping[str, pd.DataFrame],
                docs: Mapping[str, RawDocument], path: str = f"data/external/{FIGURES_FILE}"
                ) -> None:
    """Every independent figure's own words and document link hold, or the build stops.

    A row names the figure as written (``value_text``) in its quote or, where the quote is of
    another figure of the same source, in the reference list's reading; its link, when it has
    one, is complete; the document figure's text stands on the document line it names (each
    part of a sum) and is the ``raw`` of a processed row. Errors name the CSV line.
    """
    for index, row in figures.reset_index(drop=True).iterrows():
        where = f"{path}:{int(str(index)) + 2}: {row['figure_id']}"
        if row["value_text"] not in row["quote"] and row["value_text"] not in row["reading"]:
            raise ClusterAnalysisError(f"{where}: value_text {row['value_text']!r} is neither "
                                       f"in the quote nor in the reading")
        given = [not pd.isna(row[c]) for c in _LINK_COLUMNS]
        if not any(given):
            continue
        if not all(given):
            missing = [c for c, g in zip(_LINK_COLUMNS, given, strict=True) if not g]
            raise ClusterAnalysisError(f"{where}: a document link needs {', '.join(missing)}")
        source, line = str(row["document_source"]), int(row["document_line"])
        doc = docs.get(source)
        if doc is None:
            raise ClusterAnalysisError(f"{where}: {source} is not one of the documents")
        if not 1 <= line <= len(doc.lines):
            raise ClusterAnalysisError(f"{where}: {source} has no line {line}")
        for part in parts(row["document_raw"]):
            if part not in doc.text(line):
                raise ClusterAnalysisError(f"{where}: {part!r} is not on {source} line {line}")
        try:
            document_rows(row, tables)
        except ValueError as exc:
            raise ClusterAnalysisError(f"{where}: {exc}") from None


def provenance(external_dir: Path | None = None) -> dict[str, Any]:
    """What ``datapackage.json`` records of data/external: each file's SHA-256 and the
    citation of each reference data set (every row of a ``*_source.csv``: the population
    series, the exchange rates), with its licence and the attribution it asks for."""
    folder = Path(external_dir or config.EXTERNAL_DIR)
    files = [{"path": f"data/external/{p.name}", "sha256": sha256_file(p)}
             for p in sorted(folder.glob("*.csv"))]
    population_source(folder)  # the population's citation must be complete
    reference = [{k: v for k, v in row.items() if k != "note"}
                 for p in sorted(folder.glob("*_source.csv")) for row in read_csv(p)]
    return {"files": files, "reference": reference}

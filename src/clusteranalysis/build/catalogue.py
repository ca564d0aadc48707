"""The registry of raw documents: ``data/raw/sources.csv``, one row per document.

Each row names the file, a short citation for captions ("METI 2005"), title, publisher,
year, the document's own date and where that date comes from, and the module that reads it.
The date decides what counts as planned: anything that starts after it was a plan when the
document was written. ``date_basis`` says where the date comes from: ``document`` (the text
states it: ``date_text`` stands on ``date_line`` and the build checks that it does and that
it gives ``date``) or ``catalogue`` (the text gives no date; ``contains`` says why the year
is right). ``language`` is one of lookups/languages.csv, or several joined by '+' that
write numbers alike ('en+ja'): it decides how the document's numbers and dates are read.
``read_by`` names the module of ``clusteranalysis.build.sources`` that reads the document.

The file is read as Excel's "CSV UTF-8" writes it too (a byte-order mark at the start is
dropped); a control character in a cell (a NUL byte, a tab, a line break) is an error naming
its row and column.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from clusteranalysis import config
from clusteranalysis.build.cleaners import reader
from clusteranalysis.build.rawdoc import RawDocument, read_text
from clusteranalysis.errors import ClusterAnalysisError, ParseError
from clusteranalysis.metadata import vocab

COLUMNS = ("file", "citation", "title", "publisher", "year", "date", "date_basis",
           "date_line", "date_text", "language", "contains", "read_by", "publication",
           "address", "licence")
_DATE = re.compile(r"^(?P<y>\d{4})(?:-(?P<m>\d{2})(?:-(?P<d>\d{2}))?)?$")
#: The package the ``read_by`` modules are in: a catalogue names no code outside it.
PARSERS = "clusteranalysis.build.sources"
_BOM = "\ufeff"


@dataclass(frozen=True)
class Source:
    """One catalogued document."""

    file: str
    citation: str
    title: str
    publisher: str
    year: int
    date: str
    date_basis: str
    date_line: int | None
    date_text: str
    language: str
    read_by: str
    #: What is known of the original publication (issuer, date, occasion), in words.
    publication: str = ""
    #: Where it was published (a URL), or 'unknown'.
    address: str = "unknown"
    #: What is known of the terms the text may be reused under.
    licence: str = ""

    @property
    def last_day(self) -> date:
        """The last day the document's date can mean ('2008' → 31 December 2008)."""
        m = _DATE.match(self.date)
        if m is None:
            raise ClusterAnalysisError(f"{self.file}: date {self.date!r} is not YYYY[-MM[-DD]]")
        y = int(m.group("y"))
        if m.group("d"):
            return date(y, int(m.group("m")), int(m.group("d")))
        if m.group("m"):
            month = int(m.group("m"))
            nxt = date(y + (month == 12), month % 12 + 1, 1)
            return date.fromordinal(nxt.toordinal() - 1)
        return date(y, 12, 31)


#: The address of a document whose original address was not recorded.
UNKNOWN = "unknown"


def _publication(row: dict[str, str], where: str) -> dict[str, str]:
    """The publication columns of a catalogue row: a statement of what is known of the
    original publication and of the licence, and an address that is a URL or 'unknown'."""
    address = row["address"].strip()
    if not row["publication"].strip() or not row["licence"].strip():
        raise ClusterAnalysisError(f"{where}: publication and licence must say what is known "
                                   "(the document's issuer, date and occasion; its terms of "
                                   "reuse, or that none are stated)")
    if address != UNKNOWN and not address.startswith(("https://", "http://")):
        raise ClusterAnalysisError(f"{where}: address must be a URL or {UNKNOWN!r}, not "
                                   f"{address!r}")
    return {"publication": row["publication"].strip(), "address": address,
            "licence": row["licence"].strip()}


#: The processed table the catalogue becomes (one row per document).
TABLE = "documents"


def rows(sources: dict[str, Source]) -> list[dict[str, object]]:
    """The catalogue as the rows of the ``documents`` table, so that a study reads the
    documents' citations and dates from data/processed like any other table."""
    return [{"source": s.file, "citation": s.citation, "title": s.title,
             "publisher": s.publisher, "year": s.year, "document_date": s.date,
             "last_day": s.last_day, "date_basis": s.date_basis, "date_line": s.date_line,
             "date_text": s.date_text or None, "languages": s.language,
             "publication": s.publication, "address": s.address, "licence": s.licence}
            for s in sources.values()]


def read(raw_dir: Path | None = None) -> dict[str, Source]:
    """``sources.csv`` of ``raw_dir`` as {file name: Source}; an error names a bad row."""
    path = Path(raw_dir or config.RAW_DIR) / config.CATALOGUE_FILE
    if not path.is_file():
        raise ClusterAnalysisError(f"{path}: the catalogue of raw documents is missing")
    text = read_text(path)
    if text.startswith(_BOM):  # Excel's "CSV UTF-8"
        text = text[len(_BOM):]
    csv_reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        fieldnames = csv_reader.fieldnames or []
        rows = list(csv_reader)
    except csv.Error as exc:
        raise ClusterAnalysisError(f"{path}: not a valid CSV file: {exc}") from None
    missing = [c for c in COLUMNS if c not in fieldnames]
    if missing:
        raise ClusterAnalysisError(f"{path}: columns missing: {', '.join(missing)}")
    out: dict[str, Source] = {}
    for n, row in enumerate(rows, start=2):
        where = f"{path.name}:{n}"
        _check_text(row, where)
        if row["file"] in out:
            raise ClusterAnalysisError(f"{where}: {row['file']} is listed twice")
        if not _DATE.match(row["date"]) or row["date_basis"] not in vocab.DATE_BASES:
            raise ClusterAnalysisError(f"{where}: date must be YYYY, YYYY-MM or YYYY-MM-DD and "
                                       f"date_basis one of {', '.join(vocab.DATE_BASES)}")
        if row["date_basis"] == "catalogue" and "undated" not in row["contains"].lower():
            raise ClusterAnalysisError(
                f"{where}: a catalogue date is the earliest the text allows: the 'contains' "
                "note must say why ('Undated: it reports …')")
        if (row["date_basis"] == "document") != bool(row["date_line"] and row["date_text"]):
            raise ClusterAnalysisError(f"{where}: a document date needs date_line and "
                                       f"date_text (and a catalogue date neither)")
        if not row["year"].isdigit() or not row["date"].startswith(row["year"]):
            raise ClusterAnalysisError(f"{where}: year must be the year of date")
        _check_language(row["language"], where)
        module = row["read_by"]
        if not (module.startswith(PARSERS + ".")
                and module[len(PARSERS) + 1:].isidentifier()):
            raise ClusterAnalysisError(f"{where}: read_by must name a module of {PARSERS} "
                                       f"({PARSERS}.<name>), not {module!r}")
        out[row["file"]] = Source(
            file=row["file"], citation=row["citation"], title=row["title"],
            publisher=row["publisher"], year=int(row["year"]), date=row["date"],
            date_basis=row["date_basis"],
            date_line=int(row["date_line"]) if row["date_line"] else None,
            date_text=row["date_text"], language=row["language"], read_by=row["read_by"],
            **_publication(row, where))
    return out


def _check_text(row: dict[str, str | None], where: str) -> None:
    """Every cell is text a caption can show: a row of the right length, no control
    character (a NUL byte, a tab or line break inside a cell)."""
    if None in row or any(v is None for v in row.values()):
        raise ClusterAnalysisError(f"{where}: the row does not have the header's columns")
    for column, value in row.items():
        bad = next((ch for ch in value or "" if unicodedata.category(ch) == "Cc"), None)
        if bad is not None:
            name = {"\x00": "a NUL byte", "\t": "a tab", "\n": "a line break",
                    "\r": "a carriage return"}.get(bad, f"control character U+{ord(bad):04X}")
            raise ClusterAnalysisError(f"{where}: column {column} holds {name}")


def _check_language(language: str, where: str) -> None:
    """A language of lookups/languages.csv, or several that write numbers alike ('en+ja')."""
    unknown = [c for c in language.split("+") if c not in vocab.LANGUAGES]
    if unknown:
        raise ClusterAnalysisError(
            f"{where}: column language: {'+'.join(unknown)!r} is not in lookups/"
            f"languages.csv ({', '.join(vocab.LANGUAGES)}; add a language there and its "
            f"words to lookups/words.csv)")
    try:
        reader(language)
    except ClusterAnalysisError as exc:
        raise ClusterAnalysisError(f"{where}: {exc}") from None


def _date_of(text: str, language: str) -> str:
    """The ISO form of a date as the document's language writes it: '21st June, 2005' →
    2005-06-21, '平成20年' → 2008, '1. Februar 2016' → 2016-02-01."""
    span = reader(language).date(text)
    iso = span.start.isoformat()
    return {"day": iso, "month": iso[:7], "year": iso[:4]}[span.precision]


def check_date(source: Source, doc: RawDocument) -> None:
    """A document date must stand on its line and read as the catalogue's date."""
    if source.date_basis != "document" or source.date_line is None:
        return
    line = source.date_line
    if not 1 <= line <= len(doc.lines) or source.date_text not in doc.text(line):
        raise ParseError("the document date the catalogue cites is not on its line",
                         source.date_text, doc.name, line)
    found = doc.parse(line, source.date_text, lambda text: _date_of(text, source.language))
    if found != source.date:
        raise ParseError(f"the document's date reads as {found}, the catalogue says "
                         f"{source.date}", source.date_text, doc.name, line)


def citation(file: str, raw_dir: Path | None = None) -> str:
    """The short citation of a document ('METI 2005')."""
    return read(raw_dir)[file].citation

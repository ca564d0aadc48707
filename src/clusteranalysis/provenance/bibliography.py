"""Citing: the five documents as BibTeX, and the package as its ``CITATION.cff`` says.

``data/raw/sources.bib`` is generated from the catalogue (``data/raw/sources.csv``) by
:func:`bibtex`, one entry per document with the catalogue's title, publisher, year and
date, what is known of its original publication (``howpublished``; ``url`` where the
address is known) and of its licence (``addendum``), and the file and SHA-256 of the text
the numbers were read from; a test checks that
the committed file is what the catalogue gives. To write it again after changing the
catalogue::

    .venv/bin/python -m clusteranalysis.provenance.bibliography > data/raw/sources.bib

:func:`how_to_cite` is the sentence the report's footers give for the package, from the
repository's ``CITATION.cff`` (Citation File Format 1.2.0).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

from clusteranalysis import config
from clusteranalysis.build import catalogue
from clusteranalysis.errors import ClusterAnalysisError
from clusteranalysis.files import sha256_file

BIB_FILE = "sources.bib"
CFF_FILE = "CITATION.cff"

#: What each catalogue language code is called in BibTeX's ``language`` field.
LANGUAGES = {"en": "english", "ja": "japanese", "fr": "french", "de": "german"}
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_SPECIAL = {"\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#",
            "_": r"\_", "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}",
            "^": r"\textasciicircum{}"}


def bib_escape(text: str) -> str:
    """Text for a BibTeX field: TeX's special characters escaped (``R&D`` → ``R\\&D``)."""
    return "".join(_SPECIAL.get(c, c) for c in text)


def bib_key(source: catalogue.Source) -> str:
    """The entry's key from its short citation: 'METI 2005' → ``meti2005``."""
    key = re.sub(r"[^a-z0-9]", "", source.citation.lower())
    if not key:
        raise ClusterAnalysisError(f"{source.file}: its citation {source.citation!r} gives no "
                                   "BibTeX key")
    return key


def bib_entry(source: catalogue.Source, sha256: str) -> str:
    """One ``@techreport`` entry: a government document, its publisher the institution."""
    fields: list[tuple[str, str]] = [
        ("title", "{" + bib_escape(source.title) + "}"),  # braces keep its capitals
        ("institution", "{" + bib_escape(source.publisher) + "}"),
        ("type", "Government document"),
        ("year", str(source.year)),
    ]
    parts = source.date.split("-")
    if len(parts) >= 2:
        fields.append(("month", _MONTHS[int(parts[1]) - 1]))
    fields.append(("date", source.date))  # biblatex; the catalogue's date
    languages = [LANGUAGES.get(code, code) for code in source.language.split("+") if code]
    if languages:
        fields.append(("language", " and ".join(languages)))
    dated = (f"dated on its line {source.date_line} ({source.date_text})"
             if source.date_basis == "document" else "undated; year from the catalogue")
    if source.publication:
        fields.append(("howpublished", bib_escape(source.publication)))
    known = source.address != catalogue.UNKNOWN
    if known:
        fields.append(("url", source.address))
    fields.append(("note", bib_escape(
        f"Text extracted from the PDF, kept as data/raw/{source.file} (SHA-256 {sha256}); "
        f"{dated}" + ("" if known else "; the address it was published at was not "
                      "recorded"))))
    if source.licence:
        fields.append(("addendum", bib_escape(f"Licence: {source.licence}")))
    width = max(len(name) for name, _ in fields)
    body = ",\n".join(
        f"  {name:<{width}} = {value if name in ('month', 'year') else '{' + value + '}'}"
        for name, value in fields)
    return f"@techreport{{{bib_key(source)},\n{body}\n}}\n"


def bibtex(raw_dir: Path | None = None) -> str:
    """``sources.bib``: every catalogued document of ``raw_dir``, in the catalogue's order."""
    folder = Path(raw_dir or config.RAW_DIR)
    sources = catalogue.read(folder)
    keys: dict[str, str] = {}
    entries = []
    for name, source in sources.items():
        key = bib_key(source)
        if key in keys:
            raise ClusterAnalysisError(f"{name} and {keys[key]} give the same BibTeX key "
                                       f"{key!r}; make their citations differ")
        keys[key] = name
        path = folder / name
        if not path.is_file():
            raise ClusterAnalysisError(f"{path}: raw document missing (listed in "
                                       f"{config.CATALOGUE_FILE})")
        entries.append(bib_entry(source, sha256_file(path)))
    header = (f"% The documents of data/raw, one entry each, generated from "
              f"{config.CATALOGUE_FILE} by\n"
              f"% clusteranalysis.provenance.bibliography\n"
              f"% (python -m clusteranalysis.provenance.bibliography > data/raw/{BIB_FILE}).\n"
              "% Cite the document a number comes from with its line: every row of "
              "data/processed\n% names its file and line.\n")
    return header + "\n" + "\n".join(entries)


# --------------------------------------------------------------------------- the package


def read_cff(root: Path | None = None) -> dict[str, Any] | None:
    """The repository's ``CITATION.cff`` as a mapping; None when there is none.

    A file that is not YAML, or not a mapping, is a one-line error naming it.
    """
    import yaml

    path = Path(root or config.ROOT) / CFF_FILE
    if not path.is_file():
        return None
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ClusterAnalysisError(f"{path}: cannot read: {exc}") from None
    if not isinstance(data, dict):
        raise ClusterAnalysisError(f"{path}: not a Citation File Format mapping")
    return data


def _author(person: Any) -> str:
    if not isinstance(person, dict):
        return str(person)
    if "name" in person:
        return str(person["name"])
    given = str(person.get("given-names", "")).strip()
    initials = " ".join(f"{part[0]}." for part in given.split() if part)
    family = " ".join(str(person.get(k, "")) for k in ("name-particle", "family-names")
                      if person.get(k)).strip()
    return f"{family}, {initials}".strip(", ") if family else given


def format_citation(cff: dict[str, Any], commit: str | None = None) -> str:
    """A reference in APA's order from a CFF mapping: authors (year). title (version) …

    ``commit`` (a full or short hash) is added beside the version: the exact code.
    """
    authors = [_author(a) for a in cff.get("authors") or []]
    if len(authors) > 1:
        names = ", ".join(authors[:-1]) + ", & " + authors[-1]
    else:
        names = authors[0] if authors else "Anonymous"
    released = cff.get("date-released")
    year = str(released)[:4] if released else "n.d."
    detail = [f"version {cff['version']}"] if cff.get("version") else []
    if commit and commit != "unknown":
        detail.append(f"commit {commit[:12]}")
    kind = "Data set" if cff.get("type") == "dataset" else "Computer software"
    text = f"{names} ({year}). {str(cff.get('title', '')).strip()}"
    if detail:
        text += f" ({', '.join(detail)})"
    text += f" [{kind}]."
    if cff.get("doi"):
        link = f"https://doi.org/{cff['doi']}"
    else:
        link = cff.get("repository-code") or cff.get("url")
    if link:
        text += f" {link}"
    return text


def how_to_cite(root: Path | None = None, commit: str | None = None) -> str:
    """How to cite the package, from ``CITATION.cff``; without one, its name and version."""
    cff = read_cff(root)
    if cff is None:
        detail = f"version {config.VERSION}" + (
            f", commit {commit[:12]}" if commit and commit != "unknown" else "")
        return f"clusteranalysis ({detail}) [Computer software]."
    return format_citation(cff, commit)


def main(argv: list[str] | None = None) -> int:
    """Print ``sources.bib`` for the raw folder given (default ``data/raw``)."""
    args = sys.argv[1:] if argv is None else argv
    try:
        sys.stdout.write(bibtex(Path(args[0]) if args else None))
    except ClusterAnalysisError as exc:
        print(f"clusteranalysis.provenance.bibliography: error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

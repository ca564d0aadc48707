"""Citing: CITATION.cff is valid Citation File Format 1.2.0, and data/raw/sources.bib has one
entry per catalogued document with the catalogue's title, publisher and year.

The CFF check is a JSON Schema written here from the format's 1.2.0 specification
(https://github.com/citation-file-format/citation-file-format, schema-guide.md): the keys
it allows at the top level and for authors, the four it requires, and the forms of the
values this file uses. (``cffconvert --validate``, the format's own validator, pins
``jsonschema<4``, which JupyterLab's packages cannot share.) The bibliography is read
back with a small BibTeX reader of its own, not with the code that writes it.
"""

from __future__ import annotations

import copy
import csv
import re
import tomllib
from typing import Any

import jsonschema
import pytest
import yaml

from clusteranalysis import __version__
from clusteranalysis.build import catalogue
from clusteranalysis.provenance import bibliography
from tests.support.data import RAW, ROOT

PERSON_KEYS = ["address", "affiliation", "alias", "city", "country", "email", "family-names",
               "fax", "given-names", "name-particle", "name-suffix", "orcid", "post-code",
               "region", "tel", "website"]
ENTITY_KEYS = ["address", "alias", "city", "country", "date-end", "date-start", "email", "fax",
               "location", "name", "orcid", "post-code", "region", "tel", "website"]
TOP_KEYS = ["abstract", "authors", "cff-version", "commit", "contact", "date-released", "doi",
            "identifiers", "keywords", "license", "license-url", "message",
            "preferred-citation", "references", "repository", "repository-artifact",
            "repository-code", "title", "type", "url", "version"]
TEXT = {"type": "string", "minLength": 1}
CFF_1_2_0 = {
    "$schema": "http://json-schema.org/draft-07/schema#",
    "type": "object",
    "required": ["authors", "cff-version", "message", "title"],
    "additionalProperties": False,
    "properties": {
        **{k: {} for k in TOP_KEYS},
        "cff-version": {"type": "string", "pattern": r"^1\.2\.0$"},
        "message": TEXT,
        "title": TEXT,
        "abstract": TEXT,
        "type": {"enum": ["dataset", "software"]},
        "version": {"type": ["string", "number"], "minLength": 1},
        "license": {"type": ["string", "array"], "pattern": r"^[A-Za-z0-9.+-]+$"},
        "date-released": {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"},
        "doi": {"type": "string", "pattern": r"^10\.\d{4,9}(\.\d+)?/[A-Za-z0-9:/_;\-.()\[\]\\]+$"},
        "keywords": {"type": "array", "minItems": 1, "items": TEXT},
        "authors": {
            "type": "array", "minItems": 1, "uniqueItems": True,
            "items": {"anyOf": [
                {"type": "object", "additionalProperties": False, "minProperties": 1,
                 "properties": {k: TEXT for k in PERSON_KEYS}},
                {"type": "object", "additionalProperties": False, "required": ["name"],
                 "properties": {k: TEXT for k in ENTITY_KEYS}},
            ]},
        },
    },
}


@pytest.fixture(scope="module")
def cff() -> dict[str, Any]:
    # CFF is YAML 1.2; a date-released left unquoted would load as a date: there is none here
    return yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))


def test_citation_cff_is_valid_cff_1_2_0(cff: dict[str, Any]) -> None:
    jsonschema.Draft7Validator.check_schema(CFF_1_2_0)
    jsonschema.validate(cff, CFF_1_2_0)
    assert cff["cff-version"] == "1.2.0" and cff["type"] == "software"
    assert "sources.bib" in cff["message"]  # it points to the documents' bibliography


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.pop("authors"), "'authors' is a required property"),
        (lambda d: d.update({"cff-version": "1.1.0"}), "does not match"),
        (lambda d: d.update({"authors": [{"nmae": "x"}]}), "is not valid under any"),
        (lambda d: d.update({"version_": "1"}), "Additional properties"),
        (lambda d: d.update({"type": "notebook"}), "is not one of"),
        (lambda d: d.update({"date-released": "2026"}), "does not match"),
    ],
    ids=["no-authors", "old-version", "bad-author", "unknown-key", "bad-type", "bad-date"],
)
def test_the_schema_check_can_fail(cff: dict[str, Any], change: Any, message: str) -> None:
    broken = copy.deepcopy(cff)
    change(broken)
    with pytest.raises(jsonschema.ValidationError, match=message):
        jsonschema.validate(broken, CFF_1_2_0)


def test_citation_cff_version_is_the_package_version(cff: dict[str, Any]) -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert cff["version"] == project["version"] == __version__
    assert cff["license"] == project["license"]["text"]


def test_how_to_cite_follows_the_cff(cff: dict[str, Any]) -> None:
    text = bibliography.how_to_cite()
    assert text == (f"The clusteranalysis contributors (n.d.). {cff['title'].strip()} "
                    f"(version {cff['version']}) [Computer software].")
    with_commit = bibliography.how_to_cite(commit="0123456789abcdef" * 2 + "01234567")
    assert f"(version {cff['version']}, commit 0123456789ab) [Computer software]." in with_commit
    assert bibliography.how_to_cite(commit="unknown") == text


def test_format_citation_of_people_doi_and_a_missing_file(tmp_path: Any) -> None:
    cff = {"title": "T", "version": "2", "date-released": "2024-05-01", "doi": "10.5281/z.1",
           "authors": [{"family-names": "Doe", "given-names": "Jane Ann"},
                       {"name-particle": "van", "family-names": "Berg", "given-names": "Piet"},
                       {"name": "Team"}]}
    assert bibliography.format_citation(cff) == (
        "Doe, J. A., van Berg, P., & Team (2024). T (version 2) [Computer software]. "
        "https://doi.org/10.5281/z.1")
    assert bibliography.read_cff(tmp_path) is None
    assert bibliography.how_to_cite(tmp_path) == (
        f"clusteranalysis (version {__version__}) [Computer software].")
    (tmp_path / "CITATION.cff").write_text("- a list\n", encoding="utf-8")
    with pytest.raises(Exception, match="not a Citation File Format mapping"):
        bibliography.read_cff(tmp_path)


# --------------------------------------------------------------------------- sources.bib

ENTRY = re.compile(r"@(?P<type>\w+)\{(?P<key>[^,\s]+),\n(?P<body>.*?)\n\}\n", re.DOTALL)
FIELD = re.compile(r"^\s+(?P<name>\w+)\s*=\s*(?P<value>\{.*\}|\d+|[a-z]{3}),?$", re.MULTILINE)


def read_bib(text: str) -> dict[str, dict[str, str]]:
    """{key: {field: value}} of a BibTeX file as written here: braces and TeX escapes off."""
    entries = {}
    for m in ENTRY.finditer(text):
        fields = {}
        for f in FIELD.finditer(m["body"]):
            value = f["value"]
            while value.startswith("{") and value.endswith("}"):
                value = value[1:-1]
            fields[f["name"]] = re.sub(r"\\([&%$#_{}])", r"\1", value)
        entries[m["key"]] = {"@type": m["type"], **fields}
    return entries


def test_sources_bib_has_one_entry_per_catalogued_document() -> None:
    text = (RAW / "sources.bib").read_text(encoding="utf-8")
    entries = read_bib(text)
    with (RAW / "sources.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(entries) == len(rows) == len(catalogue.read(RAW)) == text.count("\n@")
    by_file = {}
    for key, entry in entries.items():
        file = re.search(r"data/raw/(\S+\.txt)", entry["note"]).group(1)
        by_file[file] = (key, entry)
    assert sorted(by_file) == sorted(r["file"] for r in rows)
    for row in rows:
        key, entry = by_file[row["file"]]
        assert entry["@type"] == "techreport"
        assert entry["title"] == row["title"]
        assert entry["institution"] == row["publisher"]
        assert entry["year"] == row["year"]
        assert entry["date"] == row["date"]
        assert key == re.sub(r"[^a-z0-9]", "", row["citation"].lower())  # "METI 2005"
    # read by a person in the catalogue (sources.csv) and the documents (cat -n):
    assert by_file["001_fc47ff42475d4a79.txt"][1]["month"] == "jun"  # 001 line 3: 21st June, 2005
    assert by_file["002_0f5a4630d1886fda.txt"][1]["title"] == (
        "知的クラスター創成事業における関係府省等との連携及び国際展開")  # 002 lines 1–2
    assert "R&D" in by_file["000_7b3e377257c25d7a.txt"][1]["title"]  # escaped as R\&D
    assert r"R\&D" in text


def test_sources_bib_is_what_the_catalogue_gives() -> None:
    """After editing sources.csv:
    python -m clusteranalysis.provenance.bibliography > data/raw/sources.bib"""
    assert (RAW / "sources.bib").read_text(encoding="utf-8") == bibliography.bibtex(RAW)


def test_bib_entries_record_each_documents_hash() -> None:
    import hashlib

    entries = read_bib((RAW / "sources.bib").read_text(encoding="utf-8"))
    for entry in entries.values():
        file, digest = re.search(r"data/raw/(\S+\.txt) \(SHA-256 ([0-9a-f]{64})\)",
                                 entry["note"]).groups()
        assert hashlib.sha256((RAW / file).read_bytes()).hexdigest() == digest


def test_sha256sums_lists_the_documents_only() -> None:
    from clusteranalysis.build.command import read_manifest

    assert sorted(read_manifest(RAW)) == sorted(p.name for p in RAW.glob("*.txt"))
    assert sorted(p.name for p in RAW.iterdir() if not p.name.endswith(".txt")) == [
        "SHA256SUMS", "sources.bib", "sources.csv"]


def test_bibtex_errors(raw_copy: Any) -> None:
    from tests.support.data import replace_in

    replace_in(raw_copy / "sources.csv", "MEXT 2008b", "MEXT 2008a")
    with pytest.raises(Exception, match="give the same BibTeX key 'mext2008a'"):
        bibliography.bibtex(raw_copy)
    assert bibliography.bib_escape("50% of R&D_x {a}") == r"50\% of R\&D\_x \{a\}"
    assert catalogue.read(RAW)  # the real catalogue is untouched

"""METI 2005: the phase I projects listed by field."""

from __future__ import annotations

import re

from clusteranalysis.build.cleaners import parse_count
from clusteranalysis.build.rawdoc import RawDocument, Row, require
from clusteranalysis.build.sources.common import (
    Tables,
    check_region_basis,
    participant_row,
)
from clusteranalysis.build.sources.meti_2005.layout import PROGRAMME
from clusteranalysis.build.text import normalize_text
from clusteranalysis.errors import ParseError, TableNotFoundError
from clusteranalysis.metadata.lookups import lookup, lookup_map

# --- phase I projects by field ---------------------------------------------------------------

_FIELD_LIST = re.compile(r"It was aimed at (?P<n>\S+) projects of\s*(?P<rest>.*)$")


def phase1_projects(doc: RawDocument, tables: Tables, year: int) -> None:
    """The four 'It was aimed at N projects of …' lists (manufacturing, bio, IT, environment).

    Project names contain commas, so each list is matched against the reviewed spellings in
    lookups/phase1_projects.csv; any text left over that is not a region in parentheses,
    'and' or punctuation is an error, and so is a count that differs from the stated N.
    A project's region is stated when a list writes it in parentheses after the name;
    otherwise the lookup gives it with its basis (the name names the region: checked).
    """
    table = "phase I project lists"
    spellings = sorted(lookup("phase1_projects"), key=lambda r: -len(r["written"]))
    lists = doc.find_all(r"It was aimed at \S+ projects of")
    if len(lists) != 4:
        raise TableNotFoundError(doc.name, table, f"expected 4 lists, found {len(lists)}")
    list_fields = _list_fields(doc, lists)
    regions = lookup_map("regions", "written")
    seen: dict[str, Row] = {}
    for n in lists:
        field = list_fields[n]
        m = doc.search(_FIELD_LIST, n, "field list 'It was aimed at N projects of'")
        stated_count = doc.parse(n, m.group("n"), parse_count)
        stated = stated_count.value
        tables.add("participants", participant_row(
            doc, n, m.group(0)[: m.start("rest") - m.start()].strip(), group_id=PROGRAMME,
            group_kind="programme", phase="I", participant_type="projects",
            detail=f"projects in the {field} field list", count=stated_count, headline=False,
            as_of=year, as_of_basis="document date"))
        # the list may continue on the next lines until it ends with a full stop
        segments = [(n, m.group("rest"))]
        while not segments[-1][1].rstrip().endswith(".") and "The example" not in \
                segments[-1][1]:
            nxt = doc.next_nonblank(segments[-1][0])
            segments.append((nxt, doc.text(nxt)))
        mentions = 0
        for line, text in segments:
            text = text.split("The example")[0]
            leftover = text
            for row in spellings:
                pos = leftover.find(row["written"])
                if pos < 0:
                    continue
                mentions += 1
                after = leftover[pos + len(row["written"]):]
                reg = re.match(r"\s*\((?P<r>[A-Za-z]+)\)", after)
                region_written = reg.group("r") if reg else None
                if region_written:
                    region = require(regions, region_written, doc, line, "region", "regions")
                    if region["region"] != row["region"]:
                        raise ParseError(f"region {region_written!r} disagrees with "
                                         f"lookups/phase1_projects.csv ({row['region']})",
                                         row["written"], doc.name, line)
                raw = row["written"] + (reg.group(0) if reg else "")
                tables.add("project_fields", doc.fact(
                    line, raw, project_id=row["project_id"], field=field,
                    name_written=row["written"], region_written=region_written,
                    stated_count=stated))
                seen.setdefault(row["project_id"], {"row": row, "line": line, "fields": [],
                                                    "stated": False, "spellings": []})
                seen[row["project_id"]]["fields"].append(field)
                seen[row["project_id"]]["stated"] |= region_written is not None
                seen[row["project_id"]]["spellings"].append(row)
                leftover = leftover[:pos] + " " + leftover[pos + len(raw):]
            rest = re.sub(r"\b(?:and|an|Note:?|Notes:?)\b|[.,\s]", "", leftover)
            if rest:
                raise ParseError("unrecognised project in list (add its spelling to "
                                 "lookups/phase1_projects.csv)", leftover.strip(), doc.name,
                                 line)
        if mentions != stated:
            raise ParseError(f"list says {stated} projects but names {mentions}",
                             doc.text(n), doc.name, n)
    region_ja = {r["region"]: r["region_ja"] for r in lookup("regions")}
    for pid, info in seen.items():
        row, line = info["row"], info["line"]
        field_names = list(dict.fromkeys(info["fields"]))
        if info["stated"]:
            basis = "stated"
        else:
            basis = row["region_basis"]
            check_region_basis(doc, line, row["written"], row["region"], basis)
        tables.add("projects", doc.fact(
            line, row["written"], project_id=pid, programme_id=PROGRAMME, phase="I",
            name=row["written"], name_nfkc=normalize_text(row["written"]),
            name_en=row["name_en"], region=row["region"], region_ja=region_ja[row["region"]],
            region_basis=basis, field_source="; ".join(field_names),
            field=" / ".join(field_names)))



_HEADING = re.compile(r"The example of (?:the|a|an) development strategy in (?:an|the) "
                      r"industrial cluster planned project, and a subject\s*\((?P<f>[^)]*)\)")


def _list_fields(doc: RawDocument, lists: list[int]) -> dict[int, str]:
    """Each list's field comes from the nearest 'development strategy … subject (X)' heading
    before it; a heading can stand at the end of the previous list's line."""
    fields = lookup_map("fields", "written")
    headings = []
    for n in range(1, len(doc.lines) + 1):
        for m in _HEADING.finditer(doc.text(n)):
            written = m.group("f").strip()
            headings.append(((n, m.start()), require(fields, written, doc, n, "field",
                                                     "fields")["field"]))
    out = {}
    for n in lists:
        pos = (n, doc.text(n).find("It was aimed at"))
        before = [f for where, f in headings if where < pos]
        if not before:
            raise TableNotFoundError(doc.name, "phase I project lists",
                                     f"no field heading before line {n}")
        out[n] = before[-1]
    return out


"""METI 2005: phase I totals, the three example clusters and the cooperation example."""

from __future__ import annotations

import re

from clusteranalysis.build.cleaners import QUALIFIED_NUMBER, parse_count
from clusteranalysis.build.dates import parse_english_date, parse_year_span
from clusteranalysis.build.rawdoc import RawDocument, require
from clusteranalysis.build.sources.common import (
    Tables,
    guard_numbers,
    nouns,
    participant_row,
    qualifier_fields,
    slug,
    span_row,
)
from clusteranalysis.build.sources.meti_2005.layout import PROGRAMME, TERM_TEXT_WINDOW, Q
from clusteranalysis.build.text import clean_label, normalize_text
from clusteranalysis.errors import ParseError, TableNotFoundError
from clusteranalysis.metadata.lookups import lookup_map

# --- phase I totals and example clusters -----------------------------------------------------

def phase1_totals(doc: RawDocument, tables: Tables, year: int) -> None:
    """'A total of 19 projects nationwide, and about 500 of government staff … 5,800 SMEs
    and over 220 regional-university researchers'."""
    table = "phase I totals"
    n = doc.find(r"A total of .* projects nationwide", table)
    text = doc.text(n)
    guard_numbers(doc, n, text)
    patterns = [
        ("projects", rf"A total of (?P<num>{Q}) (?P<what>projects)"),
        ("government staff", rf"(?P<num>{Q}) of (?P<what>government staff)"),
        ("smes", rf"(?P<num>{Q}) (?P<what>SMEs)"),
        ("researchers", rf"(?P<num>{Q}) (?P<what>regional-university researchers)"),
    ]
    for ptype, pattern in patterns:
        m = doc.search(pattern, n, f"phase I total of {ptype}", flags=re.IGNORECASE)
        count = doc.parse(n, m.group("num"), parse_count)
        tables.add("participants", participant_row(
            doc, n, m.group(0), group_id=PROGRAMME, group_kind="programme", phase="I",
            participant_type=ptype, detail=m.group("what"), count=count, headline=True,
            as_of=year, as_of_basis="document date"))
    _first_term_projects(doc, tables)
    fy = doc.search(r"\(FY\s*(\d{4})\s*~\s*\)", n, "phase I start '(FYnnnn ~)'")
    span = doc.parse(n, fy.group(1) + "~", parse_year_span)
    tables.add("timeline", span_row(
        doc, n, fy.group(0), span, entity_id=PROGRAMME, entity="Industrial Cluster Project",
        entity_en="METI Industrial Cluster Project", country="Japan", kind="programme",
        fiscal=True))


def _first_term_projects(doc: RawDocument, tables: Tables) -> None:
    """'<1st term(2001~5) …> … about 20 are started as an industrial cluster planned project'."""
    term = doc.find(r"1st term\s*\(", "cluster-policy terms")
    n = doc.find(r"are started as an industrial cluster", "cluster-policy terms", term,
                 term + TERM_TEXT_WINDOW)
    m = doc.search(rf"(?P<num>{Q}) are started", n, "count of projects started",
                   flags=re.IGNORECASE)
    span = doc.parse(term, doc.search(r"\(([^)]*)\)", term, "term span").group(1),
                     parse_year_span)
    tables.add("participants", participant_row(
        doc, n, m.group(0), group_id=PROGRAMME, group_kind="programme", phase="I",
        participant_type="projects", detail="projects started in the 1st term",
        count=doc.parse(n, m.group("num"), parse_count), headline=False,
        as_of=span.start, as_of_basis="stated"))


_EXAMPLE = re.compile(r"^Example\s*(\d)\s*:\s*(?P<name>.+)$")
_FISCAL_PERIOD = re.compile(r"%?(?P<a>\d{4})\s*fy\s*~\s*(?P<b>\d{4})\s*fy", re.IGNORECASE)
_PART = re.compile(rf"\((?P<what>[^()]*?)\s*(?P<num>{QUALIFIED_NUMBER})\s+(?P<noun>[a-z]+)\)")


def example_clusters(doc: RawDocument, tables: Tables, year: int) -> None:
    """Example 1-3 (TAMA, Bio Five-Star, Hokkaido): composition and outcomes."""
    table = "example clusters"
    starts = doc.find_all(r"^Example\s*\d\s*:")
    if len(starts) != 3:
        raise TableNotFoundError(doc.name, table, f"expected 3 'ExampleN:' headings, found "
                                 f"{len(starts)}")
    end = doc.find(r"^Cooperation example", table, starts[-1])
    examples = lookup_map("example_clusters", "written")
    for k, start in enumerate(starts):
        stop = starts[k + 1] - 1 if k + 1 < len(starts) else end - 1
        written = doc.match(_EXAMPLE, start, "example heading").group("name").strip()
        ex = require(examples, written, doc, start, "example cluster", "example_clusters")
        cid = ex["cluster_id"]
        tables.add("clusters", doc.fact(
            start, written, cluster_id=cid, name=clean_label(written), country="Japan",
            kind="japanese example", main_fields=None, programme_id=PROGRAMME,
            project_id=ex["project_id"], history=None))
        composition_done = False
        for n in doc.nonblank(start + 1, stop):
            text = doc.text(n)
            body = re.sub(r"^[\s\-•]*", "", text).strip()
            if re.match(r"^[※%]\s*\d", body):
                continue  # a footnote to the line above ("※2 (including facelift ...)")
            guard_numbers(doc, n, text)
            if not composition_done and "companies" in body and "institutions" in body:
                composition_done = True
                for part in body.rstrip(".").split(","):
                    part = part.strip().lstrip("•")
                    m = re.match(rf"\s*(?P<num>{Q})\s+(?P<what>.+?)\s*$", part,
                                 re.IGNORECASE)
                    if not m:
                        raise ParseError("composition item does not read as 'N things'",
                                         part, doc.name, n)
                    what = m.group("what")
                    ptype = next((t for key, t in sorted(nouns().items(),
                                                         key=lambda kv: -len(kv[0]))
                                  if what.startswith(key)), None)
                    if ptype is None:
                        raise ParseError("unknown participant type (add it to "
                                         "lookups/nouns.csv)", what, doc.name, n)
                    count = doc.parse(n, m.group("num"), parse_count)
                    tables.add("participants", participant_row(
                        doc, n, part.strip(), group_id=cid, group_kind="cluster", phase="I",
                        participant_type=ptype, detail=what, count=count, headline=True,
                        as_of=year, as_of_basis="document date"))
                continue
            m = doc.search(rf"(?P<num>{Q})", n, "an example line's count", text=body,
                           flags=re.IGNORECASE)
            count = doc.parse(n, m.group("num").strip(), parse_count)
            period = _FISCAL_PERIOD.search(body)
            part = _PART.search(body)
            main = body[:part.start()].strip() if part else body
            tables.add("outcomes", doc.fact(
                n, main, cluster_id=cid, outcome=normalize_text(main.replace("•", " ")),
                count=count.value, **qualifier_fields(count.qualifier), headline=True,
                period_start=int(period.group("a")) if period else None,
                period_end=int(period.group("b")) if period else None,
                year_basis="fiscal year" if period else None))
            if part:  # '(IT•biotechnology fields 40 companies)': a part of the outcome
                pc = doc.parse(n, part.group("num"), parse_count)
                what = normalize_text(part.group("what").replace("•", " and "))
                tables.add("outcomes", doc.fact(
                    n, part.group(0), cluster_id=cid,
                    outcome=f"of which {what}: {pc.value} {part.group('noun')}",
                    count=pc.value, **qualifier_fields(pc.qualifier), headline=False,
                    period_start=None, period_end=None, year_basis=None))


_COOPERATION = re.compile(r"Cooperation example\s*>\s*(?:<u>)?(?P<name>[^<]+?)\.?\s*(?:</u>)?"
                          r"\s*(?:<u>)?(?P<parts>(?:\s*\+\s*\d+\s+[a-z]+(?:\s*\.etc)?)+)")
_PLUS = re.compile(r"\+\s*(?P<num>\d+)\s+(?P<noun>[a-z]+)(?P<etc>\s*\.etc)?")
_LAUNCHED = re.compile(r"^>\s*(?P<what>A university-generated venture business have been "
                       r"launched).*\((?P<date>[A-Z][a-z]+,\s*\d{4})\)\s*$")


def cooperation_example(doc: RawDocument, tables: Tables, year: int) -> None:
    """'Cooperation example > Kyoto Monotech. Co + 7 universities .etc + 5 companies' and
    the university-generated venture launched in April 2002 below it."""
    n = doc.find(r"^Cooperation example", "cooperation example")
    m = doc.search(_COOPERATION, n, "cooperation example 'name + N universities + N companies'")
    name = clean_label(m.group("name"))
    cid = "cl:" + slug(name)
    tables.add("clusters", doc.fact(
        n, m.group("name").strip(), cluster_id=cid, name=name, country="Japan",
        kind="cooperation example", main_fields=None, programme_id=PROGRAMME,
        project_id=None, history=None))
    types = nouns()
    for part in _PLUS.finditer(m.group("parts")):
        noun = part.group("noun")
        ptype = require(types, noun, doc, n, "participant noun", "nouns")
        tables.add("participants", participant_row(
            doc, n, part.group(0).strip(), group_id=cid, group_kind="cluster", phase="I",
            participant_type=ptype, detail=noun + (" (etc.)" if part.group("etc") else ""),
            count=doc.parse(n, part.group("num"), parse_count), headline=True, as_of=year,
            as_of_basis="document date"))
    launch = doc.find(_LAUNCHED.pattern, "venture launch", n, n + TERM_TEXT_WINDOW)
    lm = doc.match(_LAUNCHED, launch, "venture launch")
    when = doc.parse(launch, lm.group("date"), parse_english_date)
    tables.add("timeline", span_row(
        doc, launch, f"({lm.group('date')})", when, entity_id="ev:open_soap_venture",
        entity=lm.group("what"), entity_en="University-generated venture launched on the "
        "Open SOAP technology (industry-university research project)", country="Japan",
        kind="event"))



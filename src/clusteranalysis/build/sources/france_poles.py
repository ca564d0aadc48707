"""French competitiveness clusters (pôles de compétitivité), an English note with a
Japanese translation of its bullet list at the top.

Read: the July 2005 launch with 71 clusters, the 3% R&D target, the sectors, and the
supervising ministry. The Japanese lines 1-6 translate the English bullets and are not
read twice.
"""

from __future__ import annotations

import re

from clusteranalysis.build.cleaners import parse_count, parse_number
from clusteranalysis.build.dates import parse_english_date
from clusteranalysis.build.rawdoc import RawDocument, require
from clusteranalysis.build.sources.common import Tables, participant_row, span_row
from clusteranalysis.build.text import normalize_text
from clusteranalysis.errors import ParseError
from clusteranalysis.metadata import vocab
from clusteranalysis.metadata.lookups import lookup_map

PROGRAMME = vocab.FRENCH_POLES


def parse(doc: RawDocument, tables: Tables) -> None:
    launch(doc, tables)
    target(doc, tables)
    sectors(doc, tables)
    programme(doc, tables)


def launch(doc: RawDocument, tables: Tables) -> None:
    n = doc.find(r"was launched in", "launch")
    text = doc.text(n)
    m = re.search(r"launched in (?P<d>[A-Z][a-z]+ \d{4})", text)
    c = re.search(r"selected (?P<num>\S+) projects as competitiveness clusters", text)
    if not (m and c):
        raise ParseError("launch sentence does not read as expected", text, doc.name, n)
    when = doc.parse(n, m.group("d"), parse_english_date)
    tables.add("timeline", span_row(
        doc, n, m.group("d"), when, entity_id=PROGRAMME, entity="competitiveness clusters",
        entity_en="French competitiveness clusters (pôles de compétitivité)",
        country="France", kind="programme", open_ended=True))
    tables.add("participants", participant_row(
        doc, n, c.group(0), group_id=PROGRAMME, group_kind="programme", phase=None,
        participant_type="clusters", detail="projects selected as competitiveness clusters",
        count=doc.parse(n, c.group("num"), parse_count), headline=True,
        as_of=when.start.year, as_of_basis="stated"))


def target(doc: RawDocument, tables: Tables) -> None:
    n = doc.find(r"% of R&D expenses", "R&D target")
    m = re.search(r"(?P<v>\S+)% of R&D expenses in the GDP", doc.text(n))
    if not m:
        raise ParseError("R&D target does not read as 'N% of R&D expenses in the GDP'",
                         doc.text(n), doc.name, n)
    tables.add("targets", doc.fact(
        n, m.group(0), programme_id=PROGRAMME, indicator="R&D expenditure",
        value=float(doc.parse(n, m.group("v"), parse_number)), unit="% of GDP"))


def sectors(doc: RawDocument, tables: Tables) -> None:
    n = doc.find(r"addressing the technological sectors", "sectors")
    text = doc.text(n)
    listed = text.split(":", 1)[-1].strip().rstrip(".")
    for sector in listed.split(", "):
        tables.add("sectors", doc.fact(n, sector, programme_id=PROGRAMME,
                                       sector=normalize_text(sector)))


def programme(doc: RawDocument, tables: Tables) -> None:
    n = doc.find(r"competitiveness clusters are under the supervision", "supervision")
    m = re.search(r"from the (?P<min>Ministry of [A-Za-z ]+?)\.?\s*$", doc.text(n))
    if not m:
        raise ParseError("no supervising ministry", doc.text(n), doc.name, n)
    launch_line = doc.find(r"as competitiveness clusters", "launch")
    prog = require(lookup_map("programmes", "written"), "competitiveness clusters", doc,
                   launch_line, "programme", "programmes")
    tables.add("programmes", doc.fact(
        launch_line, "competitiveness clusters", programme_id=PROGRAMME,
        name="competitiveness clusters", name_en=prog["name_en"], country="France",
        ministry=m.group("min"), language="en", policy=None, local_promotion=None))

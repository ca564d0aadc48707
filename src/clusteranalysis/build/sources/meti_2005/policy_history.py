"""METI 2005: the regional-policy laws and policy eras, the three cluster-policy terms, the
whole plan, the reference studies and the field notes."""

from __future__ import annotations

import re

from clusteranalysis.build.cleaners import NUMBER_WORD, ordinal, parse_amount, word_number
from clusteranalysis.build.dates import parse_year_span
from clusteranalysis.build.rawdoc import RawDocument, require
from clusteranalysis.build.sources.common import (
    Tables,
    qualifier_fields,
    slug,
    span_row,
)
from clusteranalysis.build.sources.meti_2005.layout import PROGRAMME, TERM_LINES_WINDOW
from clusteranalysis.build.text import clean_label, normalize_text
from clusteranalysis.errors import ParseError, TableNotFoundError
from clusteranalysis.metadata.lookups import lookup, lookup_map

# --- laws, policy eras, terms ----------------------------------------------------------------

_LAW = re.compile(r"^[\s\-]*(?P<name>.*?(?:Law|Act)\b.*?)\s*\((?P<span>[^()]*~[^()]*)\)\s*$")
_ERA = re.compile(r"^\s*\((?P<span>[^()]*~[^()]*)\)\s*$")


def laws_and_eras(doc: RawDocument, tables: Tables) -> None:
    """Regional-policy laws with their years, and the three policy eras they fall in."""
    table = "regional-policy laws"
    start = doc.find(r"Industrial decentralization", table)
    end = doc.find(r"Examples of typical overseas clusters", table, start) - 1
    laws = 0
    for n in doc.nonblank(start, end):
        text = doc.text(n)
        era = _ERA.match(text)
        if era:
            heading = doc.next_nonblank(n, -1)
            name = clean_label(doc.text(heading))
            span = doc.parse(n, era.group("span"), parse_year_span)
            tables.add("timeline", span_row(
                doc, n, era.group("span"), span, entity_id="era:" + slug(name)[:40],
                entity=name, entity_en=name, country="Japan", kind="policy era"))
            continue
        law = _LAW.match(text)
        if not law and re.search(r"\b(?:Law|Act)\b.*\(", text):
            raise ParseError("law without a readable '(year~)' span", text.strip(), doc.name,
                             n)
        if law:
            laws += 1
            name = clean_label(law.group("name"))
            span = doc.parse(n, law.group("span"), parse_year_span)
            tables.add("timeline", span_row(
                doc, n, law.group("span"), span, entity_id="law:" + slug(name)[:48],
                entity=name, entity_en=name, country="Japan", kind="law"))
    if laws == 0:
        raise TableNotFoundError(doc.name, table, "no 'Law (year~)' lines")


_TERM = re.compile(r"(?P<ord>\d)(?:st|nd|rd|th)\s+term\s*\((?P<span>[^)]*)\)\s*(?P<name>[^>\\]*)")


def cluster_terms(doc: RawDocument, tables: Tables) -> None:
    """The three terms of the cluster policy: 2001~5, 2006~10, 2011~20."""
    table = "cluster-policy terms"
    start = doc.find(r"A setup of the target range of the cluster policy", table)
    lines = doc.find_all(_TERM.pattern, start, start + TERM_LINES_WINDOW)
    if len(lines) != 3:
        raise TableNotFoundError(doc.name, table, f"expected 3 terms, found {len(lines)}")
    for n in lines:
        m = doc.search(_TERM, n, "term 'Nth term(span) name'")
        span = doc.parse(n, m.group("span"), parse_year_span)
        name = normalize_text(m.group("name")).rstrip("> ").strip()
        nth = doc.parse(n, m.group("ord"), ordinal)
        tables.add("timeline", span_row(
            doc, n, m.group("span"), span, entity_id=f"{PROGRAMME}:term{m.group('ord')}",
            entity=f"{nth} term: {name}", entity_en=f"Industrial cluster policy "
            f"{nth} term ({name})", country="Japan", kind="programme phase"))


_WHOLE_PLAN = re.compile(rf"A plan period is made into (?P<years>{NUMBER_WORD}|\d+) years"
                         r"(?:\s*\(it will be middle evaluation in (?P<mid>\d)(?:st|nd|rd|th)\))?")


def whole_plan(doc: RawDocument, tables: Tables) -> None:
    """'(2)Whole plan: … A plan period is made into five years (it will be middle evaluation
    in 3rd)': the whole plan's length and the year of its mid-term evaluation."""
    n = doc.find(r"Whole plan\s*:", "whole plan")
    m = doc.search(_WHOLE_PLAN, n, "plan period 'made into N years'")
    subject = "METI Industrial Cluster Project: the whole plan"
    common = dict(subject_id=PROGRAMME, subject=subject, country="Japan",
                  **qualifier_fields(None), year=None)
    tables.add("indicators", doc.fact(
        n, m.group(0)[: m.end("years") - m.start() + len(" years")], **common,
        indicator="plan period", value=float(doc.parse(n, m.group("years"), word_number)),
        unit="years", note="the whole plan's period"))
    if m.group("mid"):
        tables.add("indicators", doc.fact(
            n, m.group(0), **common, indicator="mid-term evaluation",
            value=float(m.group("mid")), unit="year of the plan period",
            note="'it will be middle evaluation in 3rd': the year of the plan period"))


_REFERENCE = re.compile(r"(?P<who>the [A-Z.]+ competition committee) has undertook "
                        r"(?P<studies>\d+) case studies on (?P<on>the research triangles) and "
                        r"(?P<areas>\d+) other areas in (?P<year>\d{4})")


def reference_studies(doc: RawDocument, tables: Tables) -> None:
    """'Reference: Led by Michael Porter, the U.S. competition committee has undertook 4 case
    studies on the research triangles and 4 other areas in 2001.'"""
    n = doc.find(r"^Reference:.*case studies", "reference: case studies")
    m = doc.search(_REFERENCE, n, "case studies 'N case studies … N other areas in YYYY'")
    common = dict(subject_id=None, subject=f"{m.group('who')} (led by Michael Porter)",
                  country="United States", **qualifier_fields(None),
                  year=int(m.group("year")))
    raw = m.group(0)[m.start("studies") - m.start():]
    tables.add("indicators", doc.fact(
        n, raw, **common, indicator="case studies undertaken",
        value=float(m.group("studies")), unit="case studies",
        note=f"on {m.group('on')} and other areas"))
    tables.add("indicators", doc.fact(
        n, m.group(0)[m.start("areas") - m.start():], **common,
        indicator="other areas studied besides the research triangles",
        value=float(m.group("areas")), unit="areas", note=None))


_MARKET = re.compile(r"The market scale of (?P<what>[a-z ]+?) is (?P<amount>[\d,.]+ \w+ \w+)\.")
_ECO_TOWN = re.compile(rf"in (?P<num>{NUMBER_WORD}|\d+) eco-town plans and an area in "
                       r"(?P<region>[A-Z][a-z]+)")


def field_notes(doc: RawDocument, tables: Tables) -> None:
    """Figures in the notes on the field lists: the biotechnology market scale ('1,300
    billion circle', 円 mistranslated) and the eco-town plans in Kyushu."""
    n = doc.find(_MARKET.pattern, "biotechnology market scale")
    m = doc.search(_MARKET, n, "market scale 'The market scale of … is N billion yen'")
    amount = doc.parse(n, m.group("amount"), parse_amount)
    tables.add("indicators", doc.fact(
        n, m.group(0).rstrip("."), subject_id=None, subject=f"Japan: {m.group('what')}",
        country="Japan", indicator="market scale", value=amount.value, unit=amount.currency,
        **qualifier_fields(amount.qualifier), year=None,
        note="'circle' is a machine translation of 円 (yen); the document gives no year"))
    n = doc.find(_ECO_TOWN.pattern, "eco-town plans")
    m = doc.search(_ECO_TOWN, n, "eco-town plans 'in N eco-town plans and an area in X'")
    regions = lookup_map("regions", "written")
    region = require(regions, m.group("region"), doc, n, "region", "regions")["region"]
    krip = [r for r in lookup("phase1_projects") if r["region"] == region
            and "Recycle" in r["written"]]
    tables.add("indicators", doc.fact(
        n, m.group(0), subject_id=krip[0]["project_id"] if len(krip) == 1 else None,
        subject=f"{m.group('region')}: environmental field", country="Japan",
        indicator="eco-town plans", value=float(doc.parse(n, m.group("num"), word_number)),
        unit="plans", **qualifier_fields(None), year=None,
        note="in the example of the environmental field's development strategy"))



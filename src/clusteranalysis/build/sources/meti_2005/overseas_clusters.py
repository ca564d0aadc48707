"""METI 2005: the overseas high-tech clusters (two pages: history, scale, fields) and the
local examples."""

from __future__ import annotations

import re

from clusteranalysis.build.cleaners import (
    NUMBER_WORD,
    PREFIX_QUALIFIERS,
    QUALIFIED_NUMBER,
    Count,
    parse_count,
    word_number,
)
from clusteranalysis.build.dates import YearSpan, parse_year_span
from clusteranalysis.build.rawdoc import RawDocument, require
from clusteranalysis.build.sources.common import (
    Tables,
    count_phrases,
    footnote_years,
    guard_numbers,
    nouns,
    participant_row,
    qualifier_fields,
    slug,
    span_row,
    year_at,
)
from clusteranalysis.build.sources.meti_2005.layout import EXAMPLE_ROWS_WINDOW
from clusteranalysis.build.text import clean_label, normalize_text
from clusteranalysis.errors import ParseError, TableNotFoundError
from clusteranalysis.metadata.lookups import lookup, lookup_map

# --- overseas high-tech clusters -------------------------------------------------------------

_FOOTNOTES = re.compile(r"\*\s*(\d)\s+(\d{4})")


def overseas_clusters(doc: RawDocument, tables: Tables) -> None:
    """'Examples of typical overseas clusters (high-tech type)', over two pages.

    A blank country cell means "same as above". The footnote legend (*1 2003 … *5 1998)
    stands under the first page; the second page uses the same marks without repeating it.
    The legend is applied to both, but on the second page as an assumption: as_of_basis is
    'footnote' on the first page and 'inferred footnote' on the second.
    """
    table = "overseas high-tech clusters"
    title = doc.find(r"Examples of typical overseas clusters", table)
    legend_line = doc.find(r"^\*1\s+\d{4}", f"{table}: footnote legend", title)
    legend_marks = list(_FOOTNOTES.finditer(doc.text(legend_line)))
    legend = {m.group(1): int(m.group(2)) for m in legend_marks}
    if len(legend) != 5:
        raise ParseError("footnote legend should give *1 to *5", doc.text(legend_line),
                         doc.name, legend_line)
    for m in legend_marks:
        tables.add("footnotes", doc.fact(legend_line, m.group(0), source_table=table,
                                         mark=int(m.group(1)), year=int(m.group(2))))
    end = doc.find(r"^Reference:", table, legend_line)
    headers = doc.find_all(r"^Coun-?\s*try\t", title, end)
    if len(headers) != 2:
        raise TableNotFoundError(doc.name, table, f"expected 2 header rows, found "
                                 f"{len(headers)}")
    countries = lookup_map("countries", "written")
    country = None
    found = 0
    for page, header in enumerate(headers):
        stop = headers[page + 1] if page + 1 < len(headers) else end
        basis = "footnote" if header < legend_line else "inferred footnote"
        for n in doc.nonblank(header + 1, stop - 1):
            cells = doc.text(n).split("\t")
            if len(cells) == 1:
                continue  # source notes and the legend between the pages have no tabs
            if len(cells) != 7:
                raise ParseError(f"table row has {len(cells)} cells, expected 7",
                                 doc.text(n)[:80], doc.name, n)
            found += 1
            written_country = cells[0].strip()
            if written_country:
                country = require(countries, written_country, doc, n, "country",
                                  "countries")["country"]
            elif country is None:
                raise ParseError("first row has no country", doc.text(n), doc.name, n)
            _overseas_cluster_row(doc, tables, n, cells, country, legend, basis)
    if found == 0:
        raise TableNotFoundError(doc.name, table, "no 7-column rows")


#: Words that may stand between 'since' and its year ('since Asian currency crisis in 1997').
SINCE_GAP_WORDS = 4
_HISTORY_YEAR = re.compile(
    rf"(?:(?P<since>\bsince\s+(?:\S+\s+){{0,{SINCE_GAP_WORDS}}}?|\bfrom\s+(?:the\s+)?))?"
    r"(?<![\d'])(?P<year>1[89]\d0s|19\d\d|20\d\d|[5-9]0s)\b"
)
_HISTORY_FIELDS = re.compile(rf"(?P<what>\b[A-Z]{{2,}} in )?(?P<num>{NUMBER_WORD}|\d+)\s+fields\b")


def _overseas_cluster_row(doc: RawDocument, tables: Tables, n: int, cells: list[str],
                          country: str, legend: dict[str, int], basis: str) -> None:
    _, area, fields, scale, universities, companies, history = cells
    name = clean_label(area)
    cid = "cl:" + slug(name)
    tables.add("clusters", doc.fact(
        n, area.strip(), cluster_id=cid, name=name, country=country,
        kind="overseas high-tech", main_fields=clean_label(fields), programme_id=None,
        project_id=None, history=clean_label(history)))
    for cell in (companies, universities):
        guard_numbers(doc, n, cell)
        marks = footnote_years(cell, legend)
        for phrase in count_phrases(cell):
            as_of = year_at(marks, phrase.start)
            detail = phrase.detail
            if phrase.named:
                detail = f"{phrase.detail.removeprefix('other ')} ({phrase.raw})"
            tables.add("participants", participant_row(
                doc, n, phrase.raw, group_id=cid, group_kind="cluster", phase=None,
                participant_type=phrase.participant_type, detail=detail,
                count=phrase.count(doc, n), headline=phrase.part_of is None, as_of=as_of,
                as_of_basis=basis if as_of else None, named=phrase.named,
                since=phrase.since))
    for cell in (scale, companies):
        _scale(doc, tables, n, cid, cell, legend, basis)
    for m in _HISTORY_FIELDS.finditer(history):
        what = (m.group("what") or "").removesuffix(" in ").strip()
        tables.add("indicators", doc.fact(
            n, m.group(0).strip(), subject_id=cid, subject=f"{name}: {what or 'history'}",
            country=country, indicator=f"fields of the {what}" if what else "fields",
            value=float(doc.parse(n, m.group("num"), word_number)), unit="fields",
            **qualifier_fields(None), year=None, note="from the development history"))
    for sentence in re.split(r"(?<=\.)\s+", history.strip()):
        for m in _HISTORY_YEAR.finditer(sentence):
            written = m.group("year")
            # "the 90s" in a 2005 document is the 1990s
            year_text = "19" + written if len(written) == 3 else written
            span = doc.parse(n, year_text, parse_year_span)
            if m.group("since"):  # "since the 1990s", "from 1980s": still going in 2005
                span = YearSpan(span.start, None, span.start_precision, None)
            tables.add("timeline", span_row(
                doc, n, sentence.strip(), span, entity_id=cid + ":" + year_text,
                entity=clean_label(sentence), entity_en=clean_label(sentence),
                country=country, kind="cluster history"))


_BIG = r"(?:\d{1,3}(?:,\d{3})+|\d{4,})"
_Q = rf"(?:(?:{PREFIX_QUALIFIERS})\s*)?"
#: How far after 'population' / 'workforce' its number may stand.
SCALE_WINDOW = 80
_SCALE = [
    ("population", "people", re.compile(
        rf"population\b(?P<detail>.{{0,{SCALE_WINDOW}}}?)(?P<num>{_Q}{_BIG})"
        r"(?:\s*\((?P<after>[^()\d]*)\))?", re.IGNORECASE)),
    ("workforce", "people", re.compile(
        rf"workforce\b(?P<detail>.{{0,{SCALE_WINDOW}}}?)(?P<num>{_Q}{_BIG}\+?)", re.IGNORECASE)),
    ("workforce", "people", re.compile(
        rf"(?P<num>{_Q}{_BIG}(?:\s+or more)?)\s+(?:people work|of whom work)", re.IGNORECASE)),
    ("employees", "people", re.compile(rf"employees:?\s*(?P<num>{_Q}{_BIG})", re.IGNORECASE)),
    ("students", "people", re.compile(rf"students:?\s*(?P<num>{_Q}{_BIG})", re.IGNORECASE)),
    ("area", "km2", re.compile(r"(?P<num>\d[\d,]*)\s+square\s+kilometers?", re.IGNORECASE)),
    ("jobs created", "people", re.compile(rf"(?P<num>{_Q}\d[\d,]*)\s+jobs", re.IGNORECASE)),
    ("radius", "km", re.compile(r"(?P<num>\d+)\s*km\s+radius\s+of\s+(?P<detail>[A-Za-z ]+?)"
                                r"(?=:)")),
    ("distance", "km", re.compile(
        rf"(?P<place>[A-Za-z]+(?: City)?),\s+(?P<num>{_Q}\d+)\s*(?:km|kilometers?)\s+"
        r"(?P<detail>from [a-z]+ [A-Z][a-z]+|to the [a-z]+)")),
    ("cities", "cities", re.compile(
        rf"(?P<num>{NUMBER_WORD}|\d+)\s+cities\s+of\s+(?P<detail>[A-Z][A-Za-z ,]+?)(?=\s+cover)")),
    ("share of national total", "%", re.compile(
        r"(?P<num>\d+)%\s+of\s+(?P<detail>[A-Za-z' ]+?)(?=\)|\s+is\b)")),
    ("company growth", "companies per year", re.compile(
        r"at the rate of (?P<num>\d[\d,]*) companies every year")),
]
_DIMENSIONS = re.compile(rf"(?P<q>(?:{PREFIX_QUALIFIERS})\s+)?(?P<l>\d+)\s*km\s+long\s+and\s+"
                         r"(?P<w>\d+)\s*km\s+(?:across|wide)", re.IGNORECASE)


_COUNTED_BEFORE = re.compile(r"\d[\d,]*\s+(?P<what>[a-z][a-z -]*?)\s*\(\s*$")


def _scale_detail(m: re.Match[str]) -> str | None:
    """What a measure refers to, in the text's words ('of Munich', 'central Cambridge')."""
    groups = m.groupdict()
    bits = [groups.get("place"), groups.get("detail"), groups.get("after")]
    text = " ".join(b.strip() for b in bits if b and b.strip())
    text = re.sub(r"^of\b\s*|[,:]?\s*\bis\s*$", "", text.strip()).strip(" ,:")
    return normalize_text(text) or None


def _scale(doc: RawDocument, tables: Tables, n: int, cid: str, text: str,
           legend: dict[str, int], basis: str) -> None:
    guard_numbers(doc, n, text)
    marks = footnote_years(text, legend)

    def add(measure: str, unit: str, raw: str, number: str, pos: int, detail: str | None,
            qualifier: str | None = None) -> None:
        count = doc.parse(n, number.strip(), lambda t: word_count(t))
        q = count.qualifier if count.qualifier is not None else qualifier
        as_of = year_at(marks, pos)
        tables.add("cluster_scale", doc.fact(
            n, raw, cluster_id=cid, measure=measure, value=float(count.value), unit=unit,
            detail=detail, **qualifier_fields(q), as_of=as_of,
            as_of_basis=basis if as_of else None))

    for measure, unit, rx in _SCALE:
        for m in rx.finditer(text):
            detail = _scale_detail(m)
            counted = _COUNTED_BEFORE.search(text[: m.start()])
            if measure == "share of national total" and counted:  # '250 biotech companies (18%'
                detail = f"{counted.group('what')}, of {detail}"
            add(measure, unit, m.group(0).strip(), m.group("num"), m.start("num"), detail)
    for m in _DIMENSIONS.finditer(text):
        q = m.group("q").strip() if m.group("q") else None
        length_raw = m.group(0)[: m.group(0).index("long") + len("long")]
        add("length", "km", length_raw, m.group("l"), m.start("l"), None, q)
        add("width", "km", m.group(0).strip() if q else text[m.start("w"):m.end()].strip(),
            m.group("w"), m.start("w"), None, q)


def word_count(text: str) -> Count:
    """A count written in digits (with its qualifier) or as a number word ('Three')."""
    if re.fullmatch(NUMBER_WORD, text.strip()):
        return Count(word_number(text))
    return parse_count(text)


def local_examples(doc: RawDocument, tables: Tables) -> None:
    """Local examples under the overseas-programmes table (one per programme)."""
    table = "local cluster examples"
    n = doc.find(r"\tExample:", table)
    cells = [c for c in doc.text(n).split("\t") if c.strip().startswith("Example:")]
    ordered = sorted((r for r in lookup("programmes") if r["example_order"]),
                     key=lambda r: int(r["example_order"]))
    if len(cells) != len(ordered):
        raise ParseError(f"expected {len(ordered)} examples", doc.text(n), doc.name, n)
    ids = []
    for cell, prog in zip(cells, ordered, strict=True):
        name = clean_label(cell.replace("Example:", ""))
        pid = prog["programme_id"]
        ids.append(f"cl:{slug(name)}:{pid}")
        tables.add("clusters", doc.fact(
            n, cell.strip(), cluster_id=ids[-1], name=name, country=prog["country"],
            kind="programme example", main_fields=None, programme_id=pid, project_id=None,
            history=None))
    # counts in the example rows below: "15 incubation institutions", "(about 80
    # personnel)", "Six forums" (a number word; lookups/nouns.csv and words.csv)
    seen: set[tuple[str, int, str]] = set()
    for row in doc.nonblank(n + 1, n + EXAMPLE_ROWS_WINDOW):
        row_cells = doc.text(row).split("\t")[2:]
        if len(row_cells) != len(ids):
            break  # the table ends at the first line that is not one of its rows
        for cid, cell in zip(ids, row_cells, strict=True):
            guard_numbers(doc, row, cell)
            for m in _example_count().finditer(cell):
                count = word_count(m.group("num"))
                what = m.group("what").lower()
                people = nouns().get(what)
                if people is not None:  # people in the project: participants
                    tables.add("participants", participant_row(
                        doc, row, m.group(0), group_id=cid, group_kind="cluster",
                        phase=None, participant_type=people, detail=what, count=count,
                        headline=True, as_of=None, as_of_basis=None))
                    continue
                if (cid, count.value, what) in seen:
                    continue  # a second mention ('six forums' again, a line below)
                seen.add((cid, count.value, what))
                tables.add("outcomes", doc.fact(
                    row, m.group(0), cluster_id=cid, outcome=normalize_text(cell),
                    count=count.value, **qualifier_fields(count.qualifier), headline=True,
                    period_start=None, period_end=None, year_basis=None))


def _example_count() -> re.Pattern[str]:
    """'15 incubation institutions', '(about 80 personnel)', 'Six forums': the nouns of
    lookups/nouns.csv for outcomes, and the people nouns for participants."""
    what = sorted({*nouns("outcomes"), "personnel"}, key=len, reverse=True)
    return re.compile(rf"(?P<num>{QUALIFIED_NUMBER}|{NUMBER_WORD})\s+"
                      rf"(?P<what>{'|'.join(re.escape(w) for w in what)})\b", re.IGNORECASE)



"""METI, "Present State and Issues of the Industrial Cluster Policy of Japan" (21 June 2005).

Tables read: the FY2005 draft budget with FY2004 figures; the overseas central-government
programmes; the overseas high-tech clusters (two pages); phase I totals; the three example
clusters; the regional-policy laws and policy eras; the three cluster-policy terms; the
phase I project lists by field. Each finder anchors on a heading, so a moved table is found
and a missing one is a TableNotFoundError naming it.
"""

from __future__ import annotations

import re

from ..cleaners import (
    QUALIFIED_NUMBER,
    Count,
    YearSpan,
    clean_label,
    normalize_text,
    parse_amount,
    parse_count,
    parse_english_date,
    parse_year_span,
)
from ..errors import ParseError, TableNotFoundError
from ..rawdoc import RawDocument, Row, lookup, lookup_map, require
from .common import (
    Tables,
    count_phrases,
    footnote_segments,
    guard_numbers,
    participant_row,
    slug,
    span_row,
    word_number,
)

PROGRAMME = "meti_industrial_cluster"
Q = QUALIFIED_NUMBER
DOCUMENT_YEAR_PATTERN = r"^\s*\d{1,2}(?:st|nd|rd|th)\s+[A-Z][a-z]+,\s*\d{4}\s*$"
MONEY = r"(?:\\?\$|US\s*\\?\$)\s*\S+\s*(?:million|billion|M)"


def parse(doc: RawDocument, tables: Tables) -> None:
    year = document_year(doc)
    programme(doc, tables)
    meti_budget(doc, tables)
    overseas_programmes(doc, tables)
    local_examples(doc, tables)
    overseas_clusters(doc, tables)
    phase1_totals(doc, tables, year)
    example_clusters(doc, tables, year)
    laws_and_eras(doc, tables)
    cluster_terms(doc, tables)
    phase1_projects(doc, tables)


def document_year(doc: RawDocument) -> int:
    """The document is dated on its title page ("21st June, 2005")."""
    n = doc.find(DOCUMENT_YEAR_PATTERN, "document date", end=10)
    return doc.parse(n, doc.text(n).strip(), parse_english_date).start.year


def programme(doc: RawDocument, tables: Tables) -> None:
    """The programme itself: 'Industrial Cluster Projects ···', run by METI (title page)."""
    n = doc.find(r"^Industrial Cluster Projects\b", "programme name")
    ministry_line = doc.find(r"Ministry of Economy, Trade and Industry \(METI\)", "ministry",
                             end=12)
    prog = lookup_map("programmes", "written")["Industrial Cluster Projects"]
    tables.add("programmes", doc.fact(
        n, "Industrial Cluster Projects", programme_id=PROGRAMME,
        name="Industrial Cluster Projects", name_en=prog["name_en"], country="Japan",
        ministry=re.search(r"Ministry of Economy, Trade and Industry \(METI\)",
                           doc.text(ministry_line)).group(0),
        language="en", policy=None, local_promotion=None))


# --- budget ---------------------------------------------------------------------------------

_BUDGET_HEADER = re.compile(r"FY\s*(\d{4})\s+draft budget\s*\(FY\s*(\d{4})\)")
_BUDGET_LINE = re.compile(
    rf"^(?P<name>.*?)\s*(?P<cur>{MONEY})\s*\(\s*(?:(?P<prev>{MONEY})|(?P<new>new))\s*\)\s*$"
)
_CATEGORY = re.compile(r"^\s*\((\d)\)\s*(?P<name>\S.*)$")


def meti_budget(doc: RawDocument, tables: Tables) -> None:
    """FY2005 draft budget (FY2004 in parentheses): total, categories (1)-(3), items."""
    table = "FY2005 draft budget"
    start = doc.find(r"Policy Tools to Promote Industrial Cluster Projects", table)
    header = doc.find(_BUDGET_HEADER.pattern, table, start, start + 4)
    m = _BUDGET_HEADER.search(doc.text(header))
    assert m is not None
    fy, prev_fy = int(m.group(1)), int(m.group(2))
    end = doc.find(r"^Example\s*1", table, header) - 1
    total_line = doc.find(r"national budget for the Industrial Cluster Projects", table,
                          header, end)

    category: str | None = None
    found_items = 0
    for n in doc.nonblank(header + 1, end):
        text = doc.text(n)
        if _BUDGET_HEADER.search(text):
            continue
        cat = _CATEGORY.match(text)
        if cat and "million" not in text:
            category = clean_label(cat.group("name"))
            continue
        if "million" not in text and "billion" not in text:
            continue
        m = _BUDGET_LINE.match(text)
        if not m:
            raise ParseError("budget line does not read as 'item $X million ($Y million)'",
                             text.strip(), doc.name, n)
        name = m.group("name").strip()
        if n == total_line:
            item, item_category = "total", None
        else:
            if not name:  # the item's name stands on the line before its amounts
                name = doc.text(doc.next_nonblank(n, -1)).strip()
            item, item_category = clean_label(name), category
            found_items += 1
        common = {
            "programme_id": PROGRAMME, "country": "Japan", "category": item_category,
            "item": item, "basis": "annual", "note": None,
        }
        cur = doc.parse(n, m.group("cur"), parse_amount)
        tables.add("budgets", doc.fact(
            n, m.group("cur"), **common, fiscal_year=fy, period_start=fy, period_end=fy,
            period_years=1, amount=cur.value, currency=cur.currency,
            **_qualifier_fields(cur.qualifier), status="draft", is_new=bool(m.group("new")),
        ))
        if m.group("prev"):
            prev = doc.parse(n, m.group("prev"), parse_amount)
            tables.add("budgets", doc.fact(
                n, m.group("prev"), **common, fiscal_year=prev_fy, period_start=prev_fy,
                period_end=prev_fy, period_years=1, amount=prev.value,
                currency=prev.currency, **_qualifier_fields(prev.qualifier),
                status="previous year", is_new=False,
            ))
    if found_items == 0:
        raise TableNotFoundError(doc.name, table, "no budget line items")


def _qualifier_fields(qualifier: str | None) -> dict[str, object]:
    c = Count(0, qualifier)
    return {"approximate": c.approximate, "lower_bound": c.lower_bound, "qualifier": qualifier}


# --- overseas central-government programmes --------------------------------------------------

_YEN = r"(?:(?:about|approx\.?)\s+)?[^\s(),]+\s+(?:billion|million)\s+yen"
_NUMBER_WORDS_YEARS = re.compile(r"over\s+(\S+)\s+years", re.IGNORECASE)


def overseas_programmes(doc: RawDocument, tables: Tables) -> None:
    """'Outline of cluster-related policies of central governments overseas' (5 columns)."""
    table = "overseas central-government policies"
    title = doc.find(r"Outline of cluster-related policies of central governments overseas",
                     table)
    header = doc.next_nonblank(title)
    names = doc.text(header).split("\t")[1:]
    if len(names) != 5:
        raise TableNotFoundError(doc.name, table, f"expected 5 programme columns at line "
                                 f"{header}, found {len(names)}")
    rows = {}
    for label, pattern in [("timeframe", r"^Timeframe\t"),
                           ("budget", r"^Central govt\. jurisdiction and budget\t"),
                           ("region", r"^Region\t"), ("policy", r"^Central govt\. policy\t"),
                           ("local", r"^Local promotion led by:?\t")]:
        n = doc.find(pattern, f"{table}: row {label}", header, header + 8)
        cells = doc.text(n).split("\t")[1:]
        if len(cells) != len(names):
            raise ParseError(f"row {label!r} has {len(cells)} cells, expected {len(names)}",
                             doc.text(n), doc.name, n)
        rows[label] = (n, cells)

    countries = lookup_map("countries", "written")
    programmes = lookup_map("programmes", "written")
    for i, written in enumerate(names):
        written = written.strip()
        country_word = written.split()[0]
        country = require(countries, country_word, doc, header, "country", "countries")
        prog = require(programmes, written, doc, header, "programme", "programmes")
        pid = prog["programme_id"]
        budget_line, budget_cells = rows["budget"]
        budget_text = budget_cells[i]
        first_amount = re.search(_YEN, budget_text, re.IGNORECASE)
        ministry = budget_text[: first_amount.start()] if first_amount else budget_text
        ministry = re.sub(r"\.?\s*Budget of\s*$", "", ministry.strip())
        tables.add("programmes", doc.fact(
            header, written, programme_id=pid, name=clean_label(written),
            name_en=prog["name_en"], country=country["country"],
            ministry=normalize_text(ministry), language="en",
            policy=normalize_text(rows["policy"][1][i]),
            local_promotion=normalize_text(rows["local"][1][i]),
        ))
        tf_line, tf_cells = rows["timeframe"]
        span = doc.parse(tf_line, tf_cells[i].strip(), parse_year_span)
        tables.add("timeline", span_row(doc, tf_line, tf_cells[i].strip(), span,
                                        entity_id=pid, entity=clean_label(written),
                                        entity_en=prog["name_en"],
                                        country=country["country"], kind="programme"))
        _programme_budget(doc, tables, budget_line, budget_text, pid, country["country"],
                          span)
        reg_line, reg_cells = rows["region"]
        _programme_areas(doc, tables, reg_line, reg_cells[i], pid)


def _programme_budget(doc: RawDocument, tables: Tables, n: int, text: str, pid: str,
                      country: str, span: YearSpan) -> None:
    amounts = list(re.finditer(_YEN, text, re.IGNORECASE))
    guard_numbers(doc, n, text)
    if not amounts:
        raise ParseError("no amount in yen in the budget cell", text, doc.name, n)
    in_year = re.search(r"\bin\s+(\d{4})\b", text)
    over = _NUMBER_WORDS_YEARS.search(text)
    period_years = doc.parse(n, over.group(1), word_number) if over else None
    paren = text.find("(")
    for k, m in enumerate(amounts):
        raw = m.group(0).strip()
        amount = doc.parse(n, raw, parse_amount)
        if k == 0:
            item = "total"
        else:  # a component inside the parentheses: its name is the words around it
            piece = re.split(r"[,(]", text[: m.start()])[-1]
            after = text[m.end():].split(",")[0].split(")")[0]
            words = (piece + " " + re.sub(r"\bover\s+\S+\s+years", "", after)).strip()
            item = clean_label(re.sub(r"^for\s+", "", words.replace(" for ", " "))) or "part"
        note_bits = []
        if in_year:
            year = int(in_year.group(1))
            basis, fiscal_year, start, end, years = "annual", year, year, year, 1
            note_bits.append(f"allocation in {year}")
        else:
            basis, fiscal_year = "total", None
            start = span.start
            end = span.end if span.end is not None else span.start
            years = period_years if period_years is not None else end - start + 1
            note_bits.append(f"over {period_years} years (stated)" if period_years
                             else f"over the timeframe {start}-{end} ({years} years)")
        if k > 0 and paren >= 0:
            note_bits.append("part of the total")
        tables.add("budgets", doc.fact(
            n, raw, programme_id=pid, country=country, category=None, item=item,
            fiscal_year=fiscal_year, period_start=start, period_end=end, period_years=years,
            basis=basis,
            amount=amount.value, currency=amount.currency,
            **_qualifier_fields(amount.qualifier), status="stated", is_new=False,
            note="; ".join(note_bits),
        ))


_AREA = re.compile(
    rf"(?P<n>{QUALIFIED_NUMBER})\s+(?P<what>(?:special |other )?"
    r"(?:areas|locations|clusters))(?P<each>\s+each)?(?:\s+for\s+phase\s+(?P<phase>\d))?",
    re.IGNORECASE,
)


def _programme_areas(doc: RawDocument, tables: Tables, n: int, text: str, pid: str) -> None:
    """Counts of funded areas, locations and clusters in the 'Region' row."""
    guard_numbers(doc, n, text)
    matches = list(_AREA.finditer(text))
    outside = [m for m in matches if not _in_parentheses(text, m.start())]
    for k, m in enumerate(matches):
        raw = m.group(0)
        count = doc.parse(n, m.group("n"), parse_count)
        what = m.group("what").lower()
        inside = _in_parentheses(text, m.start())
        headline = not m.group("each") and (not inside or (k == 0 and not outside))
        ptype = "clusters" if "cluster" in what else "areas"
        detail = what + (" each" if m.group("each") else "")
        if m.group("phase"):
            detail += f" (phase {m.group('phase')})"
        tables.add("participants", participant_row(
            doc, n, raw, group_id=pid, group_kind="programme", phase=None,
            participant_type=ptype, detail=detail, count=count, headline=headline,
            as_of=None, as_of_basis=None))


def _in_parentheses(text: str, pos: int) -> bool:
    return text.count("(", 0, pos) > text.count(")", 0, pos)


# --- overseas high-tech clusters -------------------------------------------------------------

_FOOTNOTES = re.compile(r"\*\s*(\d)\s+(\d{4})")


def overseas_clusters(doc: RawDocument, tables: Tables) -> None:
    """'Examples of typical overseas clusters (high-tech type)', over two pages.

    A blank country cell means "same as above". The footnote legend (*1 2003 … *5 1998)
    stands under the first page; the second page uses the same marks without repeating it,
    so the legend is applied to both (an assumption recorded in as_of_basis = footnote).
    """
    table = "overseas high-tech clusters"
    title = doc.find(r"Examples of typical overseas clusters", table)
    legend_line = doc.find(r"^\*1\s+\d{4}", f"{table}: footnote legend", title)
    legend = {k: int(v) for k, v in _FOOTNOTES.findall(doc.text(legend_line))}
    if len(legend) != 5:
        raise ParseError("footnote legend should give *1 to *5", doc.text(legend_line),
                         doc.name, legend_line)
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
            _overseas_cluster_row(doc, tables, n, cells, country, legend)
    if found == 0:
        raise TableNotFoundError(doc.name, table, "no 7-column rows")


_HISTORY_YEAR = re.compile(
    r"(?:(?P<since>\bsince\s+(?:\S+\s+){0,4}?|\bfrom\s+(?:the\s+)?))?"
    r"(?<![\d'])(?P<year>1[89]\d0s|19\d\d|20\d\d|[5-9]0s)\b"
)


def _overseas_cluster_row(doc: RawDocument, tables: Tables, n: int, cells: list[str],
                          country: str, legend: dict[str, int]) -> None:
    _, area, fields, scale, universities, companies, history = (c.strip() for c in cells)
    name = clean_label(area)
    cid = "cl:" + slug(name)
    tables.add("clusters", doc.fact(
        n, area, cluster_id=cid, name=name, country=country, kind="overseas high-tech",
        main_fields=clean_label(fields), programme_id=None, project_id=None,
        history=clean_label(history)))
    # participants: companies and ventures (and research bodies where counted)
    seen_types: set[str] = set()
    for cell in (companies, universities):
        guard_numbers(doc, n, cell)
        for segment, as_of in footnote_segments(cell, legend):
            for phrase in count_phrases(segment):
                count = doc.parse(n, phrase.number, parse_count)
                headline = not phrase.in_parentheses and phrase.participant_type not in \
                    seen_types
                seen_types.add(phrase.participant_type)
                tables.add("participants", participant_row(
                    doc, n, phrase.raw, group_id=cid, group_kind="cluster", phase=None,
                    participant_type=phrase.participant_type, detail=phrase.detail,
                    count=count, headline=headline, as_of=as_of,
                    as_of_basis="footnote" if as_of else None))
    _scale(doc, tables, n, cid, scale, legend)
    for sentence in re.split(r"(?<=\.)\s+", history):
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
_Q = r"(?:approx\.\s*|about\s+|more than\s+)?"
_SCALE = [
    ("population", "people", re.compile(rf"population\b.{{0,80}}?(?P<num>{_Q}{_BIG})",
                                        re.IGNORECASE)),
    ("workforce", "people", re.compile(rf"workforce\b.{{0,60}}?(?P<num>{_Q}{_BIG}\+?)",
                                       re.IGNORECASE)),
    ("workforce", "people", re.compile(
        rf"(?P<num>{_Q}{_BIG}(?:\s+or more)?)\s+(?:people work|of whom work)", re.IGNORECASE)),
    ("employees", "people", re.compile(rf"employees:?\s*(?P<num>{_Q}{_BIG})", re.IGNORECASE)),
    ("students", "people", re.compile(rf"students:?\s*(?P<num>{_Q}{_BIG})", re.IGNORECASE)),
    ("area", "km2", re.compile(r"(?P<num>\d[\d,]*)\s+square\s+kilometers?", re.IGNORECASE)),
    ("jobs created", "people", re.compile(rf"(?P<num>{_Q}\d[\d,]*)\s+jobs", re.IGNORECASE)),
]


def _scale(doc: RawDocument, tables: Tables, n: int, cid: str, text: str,
           legend: dict[str, int]) -> None:
    guard_numbers(doc, n, text)
    for segment, as_of in footnote_segments(text, legend):
        for measure, unit, rx in _SCALE:
            for m in rx.finditer(segment):
                count = doc.parse(n, m.group("num").strip(), parse_count)
                tables.add("cluster_scale", doc.fact(
                    n, m.group(0), cluster_id=cid, measure=measure,
                    value=float(count.value), unit=unit, approximate=count.approximate,
                    lower_bound=count.lower_bound, qualifier=count.qualifier, as_of=as_of,
                    as_of_basis="footnote" if as_of else None))


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
    # personnel)", "Six forums" (a number word)
    for row in doc.nonblank(n + 1, n + 6):
        row_cells = doc.text(row).split("\t")[2:]
        if len(row_cells) != len(ids):
            break  # the table ends at the first line that is not one of its rows
        for cid, cell in zip(ids, row_cells, strict=True):
            guard_numbers(doc, row, cell)
            for m in _EXAMPLE_COUNT.finditer(cell):
                number = m.group("num")
                count = (Count(doc.parse(row, number, word_number)) if number.isalpha()
                         else doc.parse(row, number, parse_count))
                if m.group("what") == "personnel":  # people in the project: participants
                    tables.add("participants", participant_row(
                        doc, row, m.group(0), group_id=cid, group_kind="cluster",
                        phase=None, participant_type="people", detail="personnel",
                        count=count, headline=True, as_of=None, as_of_basis=None))
                    continue
                tables.add("outcomes", doc.fact(
                    row, m.group(0), cluster_id=cid, outcome=normalize_text(cell),
                    count=count.value, approximate=count.approximate,
                    lower_bound=count.lower_bound, qualifier=count.qualifier))


_EXAMPLE_COUNT = re.compile(
    rf"(?P<num>{QUALIFIED_NUMBER}|(?i:one|two|three|four|five|six|seven|eight|nine|ten))\s+"
    r"(?P<what>incubation institutions|personnel|forums)"
)


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
        m = re.search(pattern, text, re.IGNORECASE)
        if not m:
            raise ParseError(f"phase I total of {ptype} not found", text, doc.name, n)
        count = doc.parse(n, m.group("num"), parse_count)
        tables.add("participants", participant_row(
            doc, n, m.group(0), group_id=PROGRAMME, group_kind="programme", phase="I",
            participant_type=ptype, detail=m.group("what"), count=count, headline=True,
            as_of=year, as_of_basis="document date"))
    _first_term_projects(doc, tables)
    fy = re.search(r"\(FY\s*(\d{4})\s*~\s*\)", text)
    if not fy:
        raise ParseError("phase I start '(FY2001 ~)' not found", text, doc.name, n)
    span = doc.parse(n, fy.group(1) + "~", parse_year_span)
    tables.add("timeline", span_row(
        doc, n, fy.group(0), span, entity_id=PROGRAMME, entity="Industrial Cluster Project",
        entity_en="METI Industrial Cluster Project", country="Japan", kind="programme",
        fiscal=True))


def _first_term_projects(doc: RawDocument, tables: Tables) -> None:
    """'<1st term(2001~5) …> … about 20 are started as an industrial cluster planned project'."""
    term = doc.find(r"1st term\s*\(", "cluster-policy terms")
    n = doc.find(r"are started as an industrial cluster", "cluster-policy terms", term,
                 term + 4)
    m = re.search(rf"(?P<num>{Q}) are started", doc.text(n), re.IGNORECASE)
    if not m:
        raise ParseError("no count of projects started", doc.text(n), doc.name, n)
    span = doc.parse(term, re.search(r"\(([^)]*)\)", doc.text(term)).group(1),
                     parse_year_span)
    tables.add("participants", participant_row(
        doc, n, m.group(0), group_id=PROGRAMME, group_kind="programme", phase="I",
        participant_type="projects", detail="projects started in the 1st term (planned)",
        count=doc.parse(n, m.group("num"), parse_count), headline=False,
        as_of=span.start, as_of_basis="stated"))


_EXAMPLE = re.compile(r"^Example\s*(\d)\s*:\s*(?P<name>.+)$")
_COMPOSITION = {
    "companies": "companies",
    "academic institutions": "academic institutions",
    "local/regional government agencies": "local government",
    "financial institutions": "financial institutions",
}


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
        written = _EXAMPLE.match(doc.text(start)).group("name").strip()
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
                    ptype = next((t for key, t in _COMPOSITION.items()
                                  if what.startswith(key)), None)
                    if ptype is None:
                        raise ParseError("unknown participant type", what, doc.name, n)
                    count = doc.parse(n, m.group("num"), parse_count)
                    tables.add("participants", participant_row(
                        doc, n, part.strip(), group_id=cid, group_kind="cluster", phase="I",
                        participant_type=ptype, detail=what, count=count, headline=True,
                        as_of=year, as_of_basis="document date"))
                continue
            m = re.search(rf"(?P<num>{Q})", body, re.IGNORECASE)
            if not m:
                raise ParseError("example line has no count", body, doc.name, n)
            count = doc.parse(n, m.group("num").strip(), parse_count)
            tables.add("outcomes", doc.fact(
                n, body, cluster_id=cid, outcome=normalize_text(body.replace("•", " ")),
                count=count.value, approximate=count.approximate,
                lower_bound=count.lower_bound, qualifier=count.qualifier))


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
    lines = doc.find_all(_TERM.pattern, start, start + 15)
    if len(lines) != 3:
        raise TableNotFoundError(doc.name, table, f"expected 3 terms, found {len(lines)}")
    for n in lines:
        m = _TERM.search(doc.text(n))
        span = doc.parse(n, m.group("span"), parse_year_span)
        name = normalize_text(m.group("name")).rstrip("> ").strip()
        ordinal = {"1": "1st", "2": "2nd", "3": "3rd"}.get(m.group("ord"), m.group("ord"))
        tables.add("timeline", span_row(
            doc, n, m.group("span"), span, entity_id=f"{PROGRAMME}:term{m.group('ord')}",
            entity=f"{ordinal} term: {name}", entity_en=f"Industrial cluster policy "
            f"{ordinal} term ({name})", country="Japan", kind="programme phase"))


# --- phase I projects by field ---------------------------------------------------------------

_FIELD_LIST = re.compile(r"It was aimed at (?P<n>\S+) projects of\s*(?P<rest>.*)$")


def phase1_projects(doc: RawDocument, tables: Tables) -> None:
    """The four 'It was aimed at N projects of …' lists (manufacturing, bio, IT, environment).

    Project names contain commas, so each list is matched against the reviewed spellings in
    lookups/phase1_projects.csv; any text left over that is not a region in parentheses,
    'and' or punctuation is an error, and so is a count that differs from the stated N.
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
        m = _FIELD_LIST.search(doc.text(n))
        stated = doc.parse(n, m.group("n"), parse_count).value
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
                seen.setdefault(row["project_id"], {"row": row, "line": line, "fields": []})
                seen[row["project_id"]]["fields"].append(field)
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
        tables.add("projects", doc.fact(
            line, row["written"], project_id=pid, programme_id=PROGRAMME, phase="I",
            name_source=row["written"], name_nfkc=normalize_text(row["written"]),
            name_en=row["name_en"], region=row["region"], region_ja=region_ja[row["region"]],
            field_source="; ".join(field_names), field=" / ".join(field_names)))


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


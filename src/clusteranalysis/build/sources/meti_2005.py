"""METI, "Present State and Issues of the Industrial Cluster Policy of Japan" (21 June 2005).

Tables read: the FY2005 draft budget with FY2004 figures; the overseas central-government
programmes; the overseas high-tech clusters (two pages); phase I totals; the three example
clusters; the regional-policy laws and policy eras; the three cluster-policy terms; the
phase I project lists by field. Each finder anchors on a heading, so a moved table is found
and a missing one is a TableNotFoundError naming it.
"""

from __future__ import annotations

import re

from clusteranalysis.build.cleaners import (
    NUMBER_WORD,
    PREFIX_QUALIFIERS,
    QUALIFIED_NUMBER,
    Count,
    YearSpan,
    clean_label,
    normalize_text,
    ordinal,
    parse_amount,
    parse_count,
    parse_english_date,
    parse_year_span,
    word_number,
)
from clusteranalysis.build.rawdoc import RawDocument, Row, require
from clusteranalysis.build.sources.common import (
    Tables,
    check_region_basis,
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
from clusteranalysis.errors import ParseError, TableNotFoundError
from clusteranalysis.metadata import vocab
from clusteranalysis.metadata.lookups import lookup, lookup_map

PROGRAMME = vocab.METI_CLUSTER
Q = QUALIFIED_NUMBER
DOCUMENT_YEAR_PATTERN = r"^\s*\d{1,2}(?:st|nd|rd|th)\s+[A-Z][a-z]+,\s*\d{4}\s*$"
MONEY = r"(?:\\?\$|US\s*\\?\$)\s*\S+\s*(?:million|billion|M)"

# Search windows: how many lines after an anchor a finder looks (named, not typed inline).
TITLE_PAGE_LINES = 10       # the date and the ministry stand on the title page
BUDGET_HEADER_WINDOW = 4    # 'FY2005 draft budget (FY2004)' after 'Policy Tools …'
PROGRAMME_ROWS_WINDOW = 8   # the overseas-programmes table's rows after its header
EXAMPLE_ROWS_WINDOW = 6     # the local-example rows after 'Example: …'
TERM_LINES_WINDOW = 15      # the three cluster-policy terms after their heading
TERM_TEXT_WINDOW = 4        # the 1st term's sentence after its heading


def parse(doc: RawDocument, tables: Tables) -> None:
    year = document_year(doc)
    programme(doc, tables)
    meti_budget(doc, tables)
    overseas_programmes(doc, tables)
    local_examples(doc, tables)
    overseas_clusters(doc, tables)
    reference_studies(doc, tables)
    phase1_totals(doc, tables, year)
    example_clusters(doc, tables, year)
    cooperation_example(doc, tables, year)
    laws_and_eras(doc, tables)
    cluster_terms(doc, tables)
    whole_plan(doc, tables)
    phase1_projects(doc, tables, year)
    field_notes(doc, tables)


def document_year(doc: RawDocument) -> int:
    """The document is dated on its title page ("21st June, 2005")."""
    n = doc.find(DOCUMENT_YEAR_PATTERN, "document date", end=TITLE_PAGE_LINES)
    return doc.parse(n, doc.text(n).strip(), parse_english_date).start.year


def programme(doc: RawDocument, tables: Tables) -> None:
    """The programme itself: 'Industrial Cluster Projects ···', run by METI (title page)."""
    n = doc.find(r"^Industrial Cluster Projects\b", "programme name")
    ministry_pattern = r"Ministry of Economy, Trade and Industry \(METI\)"
    ministry_line = doc.find(ministry_pattern, "ministry", end=TITLE_PAGE_LINES)
    prog = lookup_map("programmes", "written")["Industrial Cluster Projects"]
    tables.add("programmes", doc.fact(
        n, "Industrial Cluster Projects", programme_id=PROGRAMME,
        name="Industrial Cluster Projects", name_en=prog["name_en"], country="Japan",
        ministry=doc.search(ministry_pattern, ministry_line, "ministry").group(0),
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
    header = doc.find(_BUDGET_HEADER.pattern, table, start, start + BUDGET_HEADER_WINDOW)
    m = doc.search(_BUDGET_HEADER, header, "budget header 'FYnnnn draft budget (FYnnnn)'")
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
            "item": item, "basis": "annual", "note": None, "year_basis": "fiscal year",
        }
        cur = doc.parse(n, m.group("cur"), parse_amount)
        tables.add("budgets", doc.fact(
            n, m.group("cur"), **common, fiscal_year=fy, period_start=fy, period_end=fy,
            period_years=1, amount=cur.value, currency=cur.currency,
            **qualifier_fields(cur.qualifier), status="draft", is_new=bool(m.group("new")),
        ))
        if m.group("prev"):
            prev = doc.parse(n, m.group("prev"), parse_amount)
            tables.add("budgets", doc.fact(
                n, m.group("prev"), **common, fiscal_year=prev_fy, period_start=prev_fy,
                period_end=prev_fy, period_years=1, amount=prev.value,
                currency=prev.currency, **qualifier_fields(prev.qualifier),
                status="previous year", is_new=False,
            ))
    if found_items == 0:
        raise TableNotFoundError(doc.name, table, "no budget line items")


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
        n = doc.find(pattern, f"{table}: row {label}", header,
                     header + PROGRAMME_ROWS_WINDOW)
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


_ALLOCATION = re.compile(r"^\s*\((?P<what>[^()]*?)\s+in\s+(?P<year>\d{4})\)")


def _programme_budget(doc: RawDocument, tables: Tables, n: int, text: str, pid: str,
                      country: str, span: YearSpan) -> None:
    """The budget cell: a total with its parenthesis, components inside it, or one year's
    allocation ('10 billion yen (Allocation for local innovation in 2001)')."""
    amounts = list(re.finditer(_YEN, text, re.IGNORECASE))
    guard_numbers(doc, n, text)
    if not amounts:
        raise ParseError("no amount in yen in the budget cell", text, doc.name, n)
    total_years: int | None = None
    for k, m in enumerate(amounts):
        amount = doc.parse(n, m.group(0).strip(), parse_amount)
        after = text[m.end():]
        common = dict(programme_id=pid, country=country, category=None, amount=amount.value,
                      currency=amount.currency, **qualifier_fields(amount.qualifier),
                      status="stated", is_new=False)
        alloc = _ALLOCATION.match(after) if k == 0 else None
        if alloc:  # one year's allocation for one purpose: not the programme's total
            year = int(alloc.group("year"))
            raw = text[m.start():m.end() + alloc.end()].strip()
            tables.add("budgets", doc.fact(
                n, raw, **common, item=clean_label(alloc.group("what")), fiscal_year=None,
                period_start=year, period_end=year, period_years=1,
                year_basis="year, basis not stated", basis="annual",
                note=f"the allocation in {year}: the text does not say whether the calendar "
                     f"year or the UK's financial year ({year}-{(year + 1) % 100:02d}, April "
                     "to March); not the programme's total"))
            continue
        if k == 0:  # the total, with the parenthesis that follows it
            close = after.find(")") if after.lstrip().startswith("(") else -1
            raw = (text[m.start():m.end() + close + 1] if close >= 0 else m.group(0)).strip()
            item, note_bits = "total", []
        else:  # a component inside the parentheses: its name is the words around it
            head = re.split(r"[,(]", text[: m.start()])[-1]
            tail = re.split(r"[,)]", after)[0]
            raw = (head + m.group(0) + tail).strip()
            words = (head + " " + re.sub(r"\bover\s+\S+\s+years", "", tail)).strip()
            item = clean_label(re.sub(r"^for\s+", "", words.replace(" for ", " "))) or "part"
            note_bits = ["part of the total"]
        # 'over N years' belongs to the amount it follows: inside a total's parenthesis
        # that lists parts ('Basic fund 8 billion yen, 10 billion yen for research over six
        # years'), to the last part, not to the total
        own = raw if k > 0 or len(amounts) == 1 else raw[: raw.find("(")]
        over = _NUMBER_WORDS_YEARS.search(own)
        stated_years = doc.parse(n, over.group(1), word_number) if over else None
        if k == 0:
            total_years = stated_years
        years_stated = stated_years if stated_years is not None else total_years
        start = span.start
        end = span.end if span.end is not None else span.start
        years = years_stated if years_stated is not None else end - start + 1
        note_bits.insert(0, f"over {years_stated} years (stated)" if years_stated
                         else f"over the timeframe {start}-{end} ({years} years)")
        if k == 0 and len(amounts) > 1 and _NUMBER_WORDS_YEARS.search(raw):
            note_bits.append("the 'over ... years' inside the parenthesis follows a part, "
                             "not the total")
        tables.add("budgets", doc.fact(
            n, raw, **common, item=item, fiscal_year=None, period_start=start,
            period_end=end, period_years=years, year_basis="calendar year", basis="total",
            note="; ".join(note_bits)))


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


"""METI 2005: the overseas central-government programmes METI compares its own with
(budget, period, areas)."""

from __future__ import annotations

import re

from clusteranalysis.build.cleaners import QUALIFIED_NUMBER, parse_amount, parse_count, word_number
from clusteranalysis.build.dates import YearSpan, parse_year_span
from clusteranalysis.build.rawdoc import RawDocument, require
from clusteranalysis.build.sources.common import (
    Tables,
    guard_numbers,
    participant_row,
    qualifier_fields,
    span_row,
)
from clusteranalysis.build.sources.meti_2005.layout import PROGRAMME_ROWS_WINDOW
from clusteranalysis.build.text import clean_label, normalize_text
from clusteranalysis.errors import ParseError, TableNotFoundError
from clusteranalysis.metadata.lookups import lookup_map

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



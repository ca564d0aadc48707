"""METI 2005: the FY2005 draft budget with its FY2004 figures, by policy tool."""

from __future__ import annotations

import re

from clusteranalysis.build.cleaners import parse_amount
from clusteranalysis.build.rawdoc import RawDocument
from clusteranalysis.build.sources.common import (
    Tables,
    qualifier_fields,
)
from clusteranalysis.build.sources.meti_2005.layout import BUDGET_HEADER_WINDOW, MONEY, PROGRAMME
from clusteranalysis.build.text import clean_label
from clusteranalysis.errors import ParseError, TableNotFoundError

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



"""MEXT, "Outline of the CLUSTER" (Knowledge Cluster Initiative, English, c. 2002).

Tables read: the budget (¥6 billion in FY2002; ¥500 million per cluster per year for five
years), the stated rate (US$1 = £1 = ¥120) with the dollar figures it gives, and the
milestones 2000-2002 (task force, 30 areas studied, proposals accepted, 10 areas in 12
parts appointed, start in July), and the Basic Plan period it cites.
"""

from __future__ import annotations

import re

from clusteranalysis.build.cleaners import parse_amount, parse_count, parse_number
from clusteranalysis.build.dates import (
    DateSpan,
    YearSpan,
    fiscal_year_bounds,
    parse_english_date,
    parse_year_span,
)
from clusteranalysis.build.rawdoc import RawDocument
from clusteranalysis.build.sources.common import Tables, participant_row, qualifier_fields, span_row
from clusteranalysis.errors import ParseError
from clusteranalysis.metadata import vocab

PROGRAMME = vocab.MEXT_KNOWLEDGE_CLUSTER
_YEN = re.compile(r"(?P<amount>[^\s○(]+\s+(?:billion|million)\s+yen)\s*"
                  r"\((?P<conv>[^)]*)\)(?P<rest>.*)$", re.IGNORECASE)
_EQUIVALENT = re.compile(r"(?P<q>approximately\s+)?(?P<amount>(?:US\s*\\?\$|£)\s*[\d.]+\s*M)\b",
                         re.IGNORECASE)
#: Lines after 'Budget of MEXT' where the stated exchange rate stands.
BUDGET_WINDOW = 12


def parse(doc: RawDocument, tables: Tables) -> None:
    start_fy = milestones(doc, tables)
    budget(doc, tables, start_fy)
    basic_plan(doc, tables)


def budget(doc: RawDocument, tables: Tables, start_fy: int) -> None:
    """'○6 billion yen (approximately US $ 50 M, £ 50 M), FY2002' and the per-cluster line."""
    table = "MEXT budget"
    head = doc.find(r"Budget of MEXT", table)
    rate_line = doc.find(r"calculated as", f"{table}: exchange rate", head,
                         head + BUDGET_WINDOW)
    m = doc.search(r"US\s*\\?\$?\s*1\s*=\s*£\s*1\s*=\s*¥\s*(?P<rate>\S+?)\)", rate_line,
                   "exchange rate 'US 1 = £1 = ¥N'")
    rate = doc.parse(rate_line, m.group("rate"), parse_number)
    for currency in ("USD", "GBP"):
        tables.add("exchange_rates", doc.fact(
            rate_line, m.group(0), from_currency=currency, to_currency="JPY",
            rate=float(rate)))
    lines = doc.find_all(r"\d\S*\s+(?:billion|million)\s+yen", head, rate_line)
    if len(lines) != 2:
        raise ParseError(f"expected 2 budget lines, found {len(lines)}", doc.text(head),
                         doc.name, head)
    for n in lines:
        text = doc.text(n)
        m = _YEN.search(text)
        if not m:
            raise ParseError("budget line does not read as 'N yen (conversions) …'", text,
                             doc.name, n)
        amount = doc.parse(n, m.group("amount"), parse_amount)
        rest = m.group("rest")
        fy = re.search(r"FY\s*(\d{4})", rest)
        if fy:  # the national budget for one fiscal year
            year = int(fy.group(1))
            fields = dict(item="national budget", fiscal_year=year, period_start=year,
                          period_end=year, period_years=1, basis="annual",
                          note=f"FY{year}")
        elif "each cluster" in rest:
            years = re.search(r"\((?P<n>\d+)\s+years as a total\)", rest)
            if not years:
                raise ParseError("per-cluster budget without '(N years as a total)'", text,
                                 doc.name, n)
            count = int(years.group("n"))
            fields = dict(item="per cluster", fiscal_year=None, period_start=start_fy,
                          period_end=start_fy + count - 1, period_years=count,
                          basis="per_cluster_per_year",
                          note=f"each cluster, each fiscal year, {count} years in all; "
                               f"the years FY{start_fy}-FY{start_fy + count - 1} are "
                               f"inferred: the text gives {count} years, not which, and "
                               f"FY{start_fy} is the year the project started")
        else:
            raise ParseError("budget line says neither a fiscal year nor 'each cluster'",
                             text, doc.name, n)
        # the row cites the whole statement: amount, equivalents, year or period
        tables.add("budgets", doc.fact(
            n, m.group(0).strip(), programme_id=PROGRAMME, country="Japan", category=None,
            **{k: fields[k] for k in ("item", "fiscal_year", "period_start", "period_end",
                                      "period_years")},
            year_basis="fiscal year", amount=amount.value, currency=amount.currency,
            basis=fields["basis"], **qualifier_fields(amount.qualifier), status="stated",
            is_new=False, note=fields["note"]))
        # the equivalents the document gives ('approximately US $ 50 M, £ 50 M'): a
        # qualifier opening the parenthesis governs both
        conv = m.group("conv")
        found = list(_EQUIVALENT.finditer(conv))
        if not any("$" in e.group("amount") for e in found):
            raise ParseError("no US$ equivalent in parentheses", conv, doc.name, n)
        governing = found[0].group("q").strip() if found and found[0].group("q") else None
        for e in found:
            stated = doc.parse(n, e.group("amount"), parse_amount)
            raw = conv[found[0].start():e.end()] if governing else e.group(0)
            tables.add("budget_equivalents", doc.fact(
                n, raw.strip(), programme_id=PROGRAMME, item=fields["item"],
                currency=stated.currency, amount=stated.value,
                **qualifier_fields(governing)))


def milestones(doc: RawDocument, tables: Tables) -> int:
    """'Road to the CLUSTER (FY 2000-2001)': returns the fiscal year the project started."""
    table = "Road to the CLUSTER"
    road = doc.find(r"Road to the CLUSTER", table)
    # In 2000, a task force selected areas for feasibility studies
    m = doc.search(r"\(FY\s*(?P<a>\d{4})\s*-\s*(?P<b>\d{4})\)", road, "'(FY nnnn-nnnn)'")
    tables.add("timeline", span_row(
        doc, road, m.group(0).strip("()"), YearSpan(int(m.group("a")), int(m.group("b"))),
        fiscal=True, entity_id=f"{PROGRAMME}:road", entity="Road to the CLUSTER",
        entity_en="Knowledge Cluster Initiative: preparation (task force, feasibility "
                  "studies, selection of areas)", country="Japan", kind="programme phase"))
    n = doc.find(r"^In (\d{4}), Task Force", f"{table}: task force", road)
    raw = doc.match(r"^In (\d{4})", n, "'In nnnn, Task Force'").group(1)
    tables.add("timeline", span_row(
        doc, n, raw, doc.parse(n, raw, parse_year_span), entity_id="ev:kc_task_force",
        entity="Task Force on social distribution policy of the fruit of scientific research "
               "activities", entity_en="Task force selects areas for feasibility studies",
        country="Japan", kind="event"))
    # The studies were done in 30 areas ... in FY 2001 ... accepted by MEXT, January 2002.
    n = doc.find(r"studies were done in", f"{table}: feasibility studies", road)
    text = doc.text(n)
    m = re.search(r"done in (?P<num>\S+) areas", text)
    fy = re.search(r"in FY\s*(?P<y>\d{4})", text)
    accepted = re.search(r"accepted by MEXT,\s*(?P<d>[A-Z][a-z]+,?\s+\d{4})", text)
    if not (m and fy and accepted):
        raise ParseError("feasibility-study sentence does not read as expected", text,
                         doc.name, n)
    tables.add("participants", participant_row(
        doc, n, m.group(0), group_id=PROGRAMME, group_kind="programme", phase=None,
        participant_type="areas", detail="areas studied (feasibility studies)",
        count=doc.parse(n, m.group("num"), parse_count), headline=False,
        as_of=int(fy.group("y")), as_of_basis="stated"))
    year = int(fy.group("y"))
    tables.add("timeline", span_row(
        doc, n, fy.group(0), DateSpan(*fiscal_year_bounds(year), "fiscal year"),
        entity_id="ev:kc_feasibility_studies",
        entity=f"feasibility studies in {m.group('num')} areas",
        entity_en="Feasibility studies in candidate areas", country="Japan", kind="event"))
    tables.add("timeline", span_row(
        doc, n, accepted.group("d"), doc.parse(n, accepted.group("d"), parse_english_date),
        entity_id="ev:kc_proposals_accepted", entity="proposals accepted by MEXT",
        entity_en="Local governments' proposals accepted by MEXT", country="Japan",
        kind="event"))
    # MEXT subsequently appointed 10 areas (consisting of 12 smaller parts) as the CLUSTER
    # in FY 2002, and actually started the project in July.
    n = doc.find(r"appointed .* areas", f"{table}: appointment", road)
    text = doc.text(n)
    areas = re.search(r"appointed (?P<num>\S+) areas", text)
    parts = re.search(r"consisting of (?P<num>\S+) smaller parts", text)
    fy = re.search(r"in FY\s*(?P<y>\d{4})", text)
    month = re.search(r"started the project in (?P<m>[A-Z][a-z]+)", text)
    if not (areas and parts and fy and month):
        raise ParseError("appointment sentence does not read as expected", text, doc.name, n)
    start_fy = int(fy.group("y"))
    areas_raw = text[areas.start():fy.end()]  # '… 10 areas (… 12 smaller parts) … FY 2002'
    for m, raw, ptype, detail, headline in (
            (areas, areas_raw, "areas", "areas appointed", True),
            (parts, parts.group(0), "area parts", "smaller parts", False)):
        tables.add("participants", participant_row(
            doc, n, raw, group_id=PROGRAMME, group_kind="programme", phase=None,
            participant_type=ptype, detail=detail,
            count=doc.parse(n, m.group("num"), parse_count), headline=headline,
            as_of=start_fy, as_of_basis="stated"))
    # July of fiscal year N is in calendar year N
    started = doc.parse(n, f"{month.group('m')} {start_fy}", parse_english_date)
    tables.add("timeline", span_row(
        doc, n, month.group(0), started, entity_id=PROGRAMME, entity="CLUSTER",
        entity_en="MEXT Knowledge Cluster Initiative", country="Japan", kind="programme",
        open_ended=True))
    return start_fy


def basic_plan(doc: RawDocument, tables: Tables) -> None:
    """'… placed in The Science and Technology Basic Plan (2001-2005) in March, 2001.'"""
    n = doc.find(r"Science and Technology Basic Plan \(\d{4}-\d{4}\)", "Basic Plan")
    text = doc.text(n)
    m = re.search(r"Basic Plan \((?P<span>\d{4}-\d{4})\) in (?P<d>[A-Z][a-z]+,?\s+\d{4})",
                  text)
    if not m:
        raise ParseError("Basic Plan sentence does not read as expected", text, doc.name, n)
    span = doc.parse(n, m.group("span"), parse_year_span)
    tables.add("timeline", span_row(
        doc, n, m.group("span"), span, entity_id="plan:st_basic_plan_2",
        entity="The Science and Technology Basic Plan (2001-2005)",
        entity_en="2nd Science and Technology Basic Plan", country="Japan", kind="plan"))
    tables.add("timeline", span_row(
        doc, n, m.group("d"), doc.parse(n, m.group("d"), parse_english_date),
        entity_id="ev:intellectual_clusters_in_basic_plan",
        entity='"Intellectual Clusters" placed in the Basic Plan',
        entity_en="Intellectual clusters written into the 2nd S&T Basic Plan",
        country="Japan", kind="event"))

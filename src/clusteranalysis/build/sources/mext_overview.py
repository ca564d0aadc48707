"""MEXT, 知的クラスター創成事業 事業概要 (overview, Japanese, 2008).

Tables read: the three Science and Technology Basic Plans (第1期 平成8～12年度 …, fiscal
years) and the regional revitalisation strategy of 2008-05-19 (総合科学技術会議); the
programme's name and ministry.
"""

from __future__ import annotations

import re

from clusteranalysis.build.cleaners import ordinal
from clusteranalysis.build.dates import YearSpan, parse_era_date, parse_fiscal_year_range
from clusteranalysis.build.rawdoc import RawDocument, require
from clusteranalysis.build.sources.common import Tables, span_row
from clusteranalysis.build.text import normalize_text
from clusteranalysis.errors import TableNotFoundError
from clusteranalysis.metadata import vocab
from clusteranalysis.metadata.lookups import lookup_map

PROGRAMME = vocab.MEXT_KNOWLEDGE_CLUSTER
_PLAN = re.compile(r"第(?P<n>\d)期科学技術基本計画（(?P<fy>[^）]+)）～(?P<sub>[^～]+)～")
_STRATEGY = re.compile(r"○(?P<name>[^（]+)（(?P<date>平成[^）]*?日)(?P<body>[^）]*)）")


def parse(doc: RawDocument, tables: Tables) -> None:
    programme(doc, tables)
    plans(doc, tables)
    strategy(doc, tables)


def programme(doc: RawDocument, tables: Tables) -> None:
    n = doc.find(r"^●知的クラスター創成事業", "programme name")
    ministry = doc.find(r"^文部科学省\s*$", "ministry")
    name = doc.text(n).lstrip("●").strip()
    prog = require(lookup_map("programmes", "written"), name, doc, n, "programme",
                   "programmes")
    tables.add("programmes", doc.fact(
        n, name, programme_id=PROGRAMME, name=normalize_text(name), name_en=prog["name_en"],
        country="Japan", ministry=doc.text(ministry).strip(), language="ja", policy=None,
        local_promotion=None))


def plans(doc: RawDocument, tables: Tables) -> None:
    lines = doc.find_all(_PLAN.pattern)
    if len(lines) != 3:
        raise TableNotFoundError(doc.name, "Science and Technology Basic Plans",
                                 f"expected 3, found {len(lines)}")
    for n in lines:
        m = doc.search(_PLAN, n, "Basic Plan '第N期科学技術基本計画（…）'")
        first, last = doc.parse(n, m.group("fy"), parse_fiscal_year_range)
        nth = doc.parse(n, m.group("n"), ordinal)
        tables.add("timeline", span_row(
            doc, n, m.group("fy"), YearSpan(first, last), fiscal=True,
            entity_id=f"plan:st_basic_plan_{m.group('n')}",
            entity=normalize_text(m.group(0)),
            entity_en=f"{nth} Science and Technology Basic Plan", country="Japan",
            kind="plan"))


def strategy(doc: RawDocument, tables: Tables) -> None:
    n = doc.find(_STRATEGY.pattern, "regional revitalisation strategy")
    m = doc.search(_STRATEGY, n, "strategy '○name（平成…日…）'")
    span = doc.parse(n, m.group("date"), parse_era_date)
    tables.add("timeline", span_row(
        doc, n, m.group("date"), span, entity_id="plan:regional_revitalisation_strategy_2008",
        entity=normalize_text(m.group("name")),
        entity_en="Strategy for regional revitalisation through science and technology "
                  f"({normalize_text(m.group('body'))}, Council for Science and Technology "
                  "Policy)", country="Japan", kind="plan"))

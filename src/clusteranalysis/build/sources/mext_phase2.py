"""MEXT, 知的クラスター創成事業における関係府省等との連携及び国際展開 (2008).

Tables read: the METI Industrial Cluster Project phase II list (18 projects with field,
companies and universities, records split over lines, the Kanto sub-networks, the Okinawa
record whose numbers share a line with the next heading), the stated totals (約10,700社,
約290大学, 平成20年現在) and the dated events of 2007-2008.
"""

from __future__ import annotations

import re
import unicodedata

from clusteranalysis.build.cleaners import parse_count
from clusteranalysis.build.dates import DateSpan, fiscal_year_bounds, parse_era_date, parse_era_year
from clusteranalysis.build.rawdoc import RawDocument, require
from clusteranalysis.build.sources.common import (
    Tables,
    check_region_basis,
    participant_row,
    qualifier_fields,
    span_row,
)
from clusteranalysis.build.text import normalize_text
from clusteranalysis.errors import ParseError, TableNotFoundError
from clusteranalysis.metadata import vocab
from clusteranalysis.metadata.lookups import lookup, lookup_map

PROGRAMME = vocab.METI_CLUSTER
_NUM = r"約?[0-9０-９][^\s、。社大]*"  # loose: a damaged number fails in parse_count
# loose on purpose: "約5Z0社" must reach parse_count and fail, not be skipped
_COUNTS = re.compile(r"(?P<c>[^\s、。]+?)社\s*(?P<u>[^\s、。]+?)大学")
_HEADER_EVENT = re.compile(r"^（(?P<date>[^・（）]+)・(?P<venue>[^（）]+)）\s*$")
_NARRATIVE_DATE = re.compile(r"平成[\d０-９]+年(?:度|[\d０-９]+月(?:[\d０-９]+日)?)")
_QUOTE = re.compile(r"「(?P<q>[^「」]+)」")
_AS_OF = re.compile(r"（?数値は(?P<year>平成[\d０-９]+年)現在）?")
_TIMES_HELD = re.compile(r"(?P<num>[0-9０-９]+)回開催")
#: Lines after the phase II heading where the national totals stand.
TOTALS_WINDOW = 6
#: Lines a project record may span (name, sub-networks, field, counts).
RECORD_WINDOW = 12


def parse(doc: RawDocument, tables: Tables) -> None:
    as_of = totals(doc, tables)
    projects(doc, tables, as_of)
    header_events(doc, tables)
    narrative_events(doc, tables)


def totals(doc: RawDocument, tables: Tables) -> int:
    """'産業クラスター計画（第Ⅱ期）18プロジェクト', '約10,700社', '約290大学', '平成20年現在'."""
    table = "phase II totals"
    head = doc.find(r"産業クラスター計画（第[ⅡII]期）", table)
    m = doc.search(r"(?P<n>[\d０-９OolI]+)プロジェクト", head, "project count in the heading")
    window = head + TOTALS_WINDOW
    companies_line = doc.find(rf"{_NUM}社", f"{table}: companies", head, window)
    universities_line = doc.find(rf"{_NUM}大学", f"{table}: universities", head, window)
    as_of_line = doc.find(_AS_OF.pattern, f"{table}: as-of year", head, window)
    as_of_m = doc.search(_AS_OF, as_of_line, "as-of year '（数値は平成N年現在）'")
    as_of = doc.parse(as_of_line, as_of_m.group("year"), parse_era_year)
    companies = doc.search(rf"{_NUM}社", companies_line, "companies '約N社'").group(0)
    universities = doc.search(rf"{_NUM}大学", universities_line, "universities 'N大学'")
    # the universities' row cites the as-of year too when it stands on the same line
    uni_raw = (doc.text(universities_line)[universities.start():as_of_m.end()]
               if as_of_line == universities_line else universities.group(0))
    items = [
        (head, m.group("n"), m.group("n"), "projects", "プロジェクト", ""),
        (companies_line, companies, companies, "companies", "中堅・中小企業", "社"),
        (universities_line, universities.group(0), uni_raw, "universities",
         "大学（高専を含む）", "大学"),
    ]
    for n, number, raw, ptype, detail, unit in items:
        count = doc.parse(n, number, lambda t, u=unit: parse_count(t, u))
        tables.add("participants", participant_row(
            doc, n, raw, group_id=PROGRAMME, group_kind="programme", phase="II",
            participant_type=ptype, detail=detail, count=count, headline=True, as_of=as_of,
            as_of_basis="stated"))
    return as_of


def _split_english(name: str) -> str:
    """Drop an English tag after a Japanese name ('関西バイオ… Bio Cluster')."""
    m = re.match(r"^(?P<ja>.*[^\x00-\x7f].*?)\s+(?P<en>[A-Za-z][A-Za-z ]*)$", name)
    return m.group("ja") if m else name


def projects(doc: RawDocument, tables: Tables, as_of: int) -> None:
    """The ◆ records: name (one or two lines), sub-networks, field, companies, universities."""
    table = "phase II project list"
    starts = doc.find_all(r"^\s*◆")
    if not starts:
        raise TableNotFoundError(doc.name, table, "no ◆ records")
    known = lookup_map("phase2_projects", "name_nfkc")
    fields = lookup_map("fields", "written")
    regions = {r["region"]: r["region_ja"] for r in lookup("regions")}
    for start in starts:
        # a record runs to its counts line, and never into the next ◆ record
        following = [n for n in starts if n > start]
        last = start + RECORD_WINDOW
        body = list(doc.nonblank(start, min(last, following[0] - 1) if following else last))
        counts_at = next((n for n in body if _COUNTS.search(doc.text(n))), None)
        if counts_at is None:
            raise ParseError("project record without '約N社 N大学'", doc.text(start).strip(),
                             doc.name, start)
        record = [n for n in body if n <= counts_at]
        # the name: the ◆ line, joined with the next line while it is not yet a known name
        name_lines = [start]
        name = _split_english(normalize_text(doc.text(start).replace("◆", "")))
        while name not in known and len(name_lines) < 2:
            name_lines.append(record[len(name_lines)])
            name = _split_english(normalize_text(
                "".join(doc.text(n).replace("◆", "").strip() for n in name_lines)))
        project = require(known, name, doc, start, "phase II project", "phase2_projects")
        pid = project["project_id"]
        check_region_basis(doc, start, name, project["region"], project["region_basis"])
        field_at = next((n for n in record if "分野" in doc.text(n)), None)
        if field_at is None:
            raise ParseError("project record without a field (…分野)",
                             doc.text(start).strip(), doc.name, start)
        field_source = doc.text(field_at).split("分野")[0].strip().strip("\u3000")
        field_words = re.split(r"[・、]", normalize_text(field_source))
        field_en = [require(fields, w, doc, field_at, "field", "fields")["field"]
                    for w in field_words]
        written = "".join(doc.text(n).replace("◆", "").strip().strip("\u3000")
                          for n in name_lines)
        tables.add("projects", doc.fact(
            start, doc.text(start).replace("◆", "").strip(), project_id=pid,
            programme_id=PROGRAMME, phase="II", name=written,
            name_nfkc=normalize_text(written), name_en=project["name_en"],
            region=project["region"], region_ja=regions[project["region"]],
            region_basis=project["region_basis"], field_source=field_source,
            field=" / ".join(field_en)))
        for n in record:
            if name_lines[-1] < n < field_at:
                _subnetworks(doc, tables, n, pid)
        m = _COUNTS.search(doc.text(counts_at))
        for group, ptype, unit in (("c", "companies", "社"), ("u", "universities", "大学")):
            raw = m.group(group) + unit
            count = doc.parse(counts_at, raw, lambda t, u=unit: parse_count(t, u))
            tables.add("participants", participant_row(
                doc, counts_at, raw, group_id=pid, group_kind="project", phase="II",
                participant_type=ptype, detail="中堅・中小企業" if ptype == "companies"
                else "大学（高専を含む）", count=count, headline=True, as_of=as_of,
                as_of_basis="stated"))


def _subnetworks(doc: RawDocument, tables: Tables, n: int, pid: str) -> None:
    """'首都圏西部（ＴＡＭＡ）、中央自動車道沿線、…京浜の各ネットワーク形成支援活動'."""
    text = doc.text(n).strip().strip("\u3000")
    for piece in text.split("、"):
        name = piece.split("の各ネットワーク")[0].strip()
        if not name:
            continue
        tables.add("subnetworks", doc.fact(n, name, project_id=pid, name=name,
                                           name_nfkc=normalize_text(name)))


def header_events(doc: RawDocument, tables: Tables) -> None:
    """Event boxes: a name line, then '（平成19年11月28日～11月30日・東京ビッグサイト）'."""
    events = lookup_map("events", "name_nfkc")
    lines = doc.find_all(_HEADER_EVENT.pattern)
    if not lines:
        raise TableNotFoundError(doc.name, "events", "no '（date・venue）' lines")
    for n in lines:
        m = doc.match(_HEADER_EVENT, n, "event '（date・venue）'")
        span = doc.parse(n, m.group("date"), parse_era_date)
        name_line = doc.next_nonblank(n, -1)
        name = normalize_text(doc.text(name_line))
        event = require(events, name, doc, name_line, "event", "events")
        tables.add("timeline", span_row(
            doc, n, m.group("date"), span, entity_id=event["event_id"], entity=name,
            entity_en=event["name_en"], country="Japan", kind="event"))


def narrative_events(doc: RawDocument, tables: Tables) -> None:
    """Dated sentences in the text: each 「quoted」 name reviewed in lookups/events.csv."""
    events = lookup_map("events", "name_nfkc")
    for n in range(1, len(doc.lines) + 1):
        text = doc.text(n)
        if _HEADER_EVENT.match(text):
            continue
        for m in _NARRATIVE_DATE.finditer(text):
            raw = m.group(0)
            span = doc.parse(n, raw, _era_date_or_fiscal_year)
            sentence = _sentence_from(doc, n, m.start())
            for q in _QUOTE.finditer(sentence):
                name = normalize_text(q.group("q"))
                event = require(events, name, doc, n, "quoted name", "events")
                if event["is_event"] != "true":
                    continue
                tables.add("timeline", span_row(
                    doc, n, raw, span, entity_id=event["event_id"], entity=name,
                    entity_en=event["name_en"], country="Japan", kind="event",
                    planned="予定" in sentence))
                _times_held(doc, tables, n, text, q.group(0), event, span)


def _era_date_or_fiscal_year(text: str) -> DateSpan:
    """'平成19年度' is a fiscal year (April 2007 to March 2008); other forms are dates."""
    s = unicodedata.normalize("NFKC", text)
    if s.endswith("年度"):
        year = parse_era_year(s[:-1])
        start, end = fiscal_year_bounds(year)
        return DateSpan(start, end, "fiscal year")
    return parse_era_date(s)


def _sentence_from(doc: RawDocument, n: int, pos: int) -> str:
    """The sentence starting at a date, which may run over the next few lines (to '。')."""
    parts = [doc.text(n)[pos:]]
    line = n
    while "。" not in "".join(parts) and line < len(doc.lines):
        line = doc.next_nonblank(line)
        parts.append(doc.text(line).lstrip("\u3000 "))
    return normalize_text("".join(parts).split("。")[0])


def _times_held(doc: RawDocument, tables: Tables, n: int, text: str, quoted: str,
                event: dict[str, str], span: DateSpan) -> None:
    """'「地域クラスターセミナー」を地方で3回開催': how many times an event was held, when the
    count stands on the date's line right after the quoted name."""
    pos = text.find(quoted)
    if pos < 0:
        return
    m = _TIMES_HELD.search(text, pos + len(quoted))
    if not m or "「" in text[pos + len(quoted):m.start()]:
        return
    tables.add("indicators", doc.fact(
        n, m.group(0), subject_id=event["event_id"], subject=event["name_en"],
        country="Japan", indicator="times held",
        value=float(doc.parse(n, m.group("num"), parse_count).value), unit="times",
        **qualifier_fields(None), year=span.start.year,
        note="held jointly with METI, in the regions"))

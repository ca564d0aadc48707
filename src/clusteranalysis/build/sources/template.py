"""The template for a new document's parser (docs/adding-a-document.md, step 3).

It is the complete parser of the test document ``tests/data/sixth_document/`` (German; a
made-up programme with made-up numbers, written for the tests), which the end-to-end test
adds to a temporary copy of the repository under the name ``beispiel_2016``. To read a new
document, copy this module to ``<name>.py``, name it in the document's ``read_by`` column of
data/raw/sources.csv, and replace each function's patterns with those of your document.
Keep the rules: find a table by its heading, read every value with the document's reader
(``doc.reader``: its language's number format, words and dates) through ``doc.parse``, add
rows with ``doc.fact`` or the builders of ``common``, take names from the lookups.

Tables read: the programme (its name on line 2, the ministry on line 1), its span ("startete
im März 2012 und endete im Dezember 2015"), the counts of clusters, companies and
universities ("acht Cluster mit mehr als 1.200 Unternehmen und rund 40 Hochschulen") and the
table of federal funding by measure, with its total, over the years its heading gives.
"""

from __future__ import annotations

import re

from clusteranalysis.build.rawdoc import RawDocument, require
from clusteranalysis.build.sources.common import (
    Tables,
    nouns,
    participant_row,
    qualifier_fields,
)
from clusteranalysis.errors import ParseError
from clusteranalysis.metadata.lookups import lookup_map

#: How the document writes the programme's name, its date, its span and its table.
_NAME = re.compile(r"^Evaluation des Programms (?P<name>\S.*?)\s*$")
_DATE = re.compile(r"^[^,]+, (?P<date>\d{1,2}\. \S+ \d{4})\s*$")
_SPAN = re.compile(r"startete im (?P<start>\S+ \d{4}) und endete im (?P<end>\S+ \d{4})")
_FUNDING = r"^Tabelle \d+: Fördermittel"
_PERIOD = re.compile(r"(?P<start>\d{4}) bis (?P<end>\d{4})")
#: The label of the table's total row ("Insgesamt"), which becomes item 'total'.
TOTAL_ROW = "Insgesamt"


def parse(doc: RawDocument, tables: Tables) -> None:
    programme = programme_row(doc, tables)
    timeline(doc, tables, programme)
    participants(doc, tables, programme)
    budgets(doc, tables, programme)


def programme_row(doc: RawDocument, tables: Tables) -> dict[str, str]:
    """The programme: its name as written, the lookup's id and English name, the ministry
    (the first line). Returns the lookup's row."""
    n = doc.find(_NAME.pattern, "programme name")
    name = doc.search(_NAME, n, "the programme's name").group("name")
    prog = require(lookup_map("programmes", "written"), name, doc, n, "programme",
                   "programmes")
    ministry = doc.text(1).strip()
    tables.add("programmes", doc.fact(
        n, name, programme_id=prog["programme_id"], name=name, name_en=prog["name_en"],
        country=prog["country"], ministry=ministry, language=doc.language, policy=None,
        local_promotion=None))
    return {**prog, "name": name}


def document_year(doc: RawDocument) -> int:
    """The year of the document's own date ('Berlin, 1. Februar 2016'): the as-of year of
    figures the text gives no year for."""
    n = doc.find(_DATE.pattern, "document date")
    date = doc.search(_DATE, n, "the document's date").group("date")
    return doc.parse(n, date, doc.reader.date).start.year


def timeline(doc: RawDocument, tables: Tables, programme: dict[str, str]) -> None:
    """The programme's span, to the month ('März 2012' … 'Dezember 2015'): a month has no
    day, so the end date stays empty and the end year carries it."""
    n = doc.find(_SPAN.pattern, "programme span")
    m = doc.search(_SPAN, n, "'startete im <Monat Jahr> und endete im <Monat Jahr>'")
    start = doc.parse(n, m.group("start"), doc.reader.date)
    end = doc.parse(n, m.group("end"), doc.reader.date)
    if end.start < start.start:
        raise ParseError("the programme ends before it starts", m.group(0), doc.name, n)
    tables.add("timeline", doc.fact(
        n, m.group(0), entity_id=programme["programme_id"], entity=programme["name"],
        entity_en=programme["name_en"], country=programme["country"], kind="programme",
        start_year=start.start.year, end_year=end.start.year, start_date=start.start,
        end_date=end.start if end.precision == "day" else None,
        start_precision=start.precision, end_precision=end.precision, open_ended=False,
        planned_end=False, planned=False, planned_basis=None))


def participants(doc: RawDocument, tables: Tables, programme: dict[str, str]) -> None:
    """Counts before a counted noun of lookups/nouns.csv, in digits or in words, with their
    qualifiers: 'acht Cluster', 'mehr als 1.200 Unternehmen', 'rund 40 Hochschulen'."""
    counted = nouns()
    reader = doc.reader
    alternation = "|".join(re.escape(w) for w in sorted(counted, key=len, reverse=True))
    phrase = re.compile(
        rf"(?P<num>(?:(?:{reader.prefix_qualifiers})\s+)?"
        rf"(?:{reader.digits.pattern}|{reader.number_word}))\s+(?P<noun>{alternation})\b")
    n = doc.find(r"^Gefördert wurden", "funded clusters")
    found = list(phrase.finditer(doc.text(n)))
    if not found:
        raise ParseError("no count of a noun of lookups/nouns.csv", doc.text(n), doc.name, n)
    year = document_year(doc)
    for m in found:
        count = doc.parse(n, m.group("num"), lambda t: reader.count(t, number_words=True))
        tables.add("participants", participant_row(
            doc, n, m.group(0), group_id=programme["programme_id"], group_kind="programme",
            phase=None, participant_type=counted[m.group("noun")], detail=m.group("noun"),
            count=count, headline=True, as_of=year, as_of_basis="document date"))


def budgets(doc: RawDocument, tables: Tables, programme: dict[str, str]) -> None:
    """The funding table: a heading with the years it covers, a header row, then one row
    per measure ('Clustermanagement<TAB>knapp 1,5 Millionen Euro') and the total."""
    table = "federal funding"
    head = doc.find(_FUNDING, table)
    period = doc.search(_PERIOD, head, "the years the table covers ('2012 bis 2015')")
    first, last = int(period.group("start")), int(period.group("end"))
    rows, n = [], head + 2  # the rows: up to the first blank line after the header row
    while n <= len(doc.lines) and doc.text(n).strip():
        rows.append(n)
        n += 1
    if not rows:
        raise ParseError("the table has no rows", doc.text(head), doc.name, head)
    for n in rows:
        cells = doc.text(n).split("\t")
        if len(cells) != 2:
            raise ParseError(f"{table}: expected 2 cells, found {len(cells)}", doc.text(n),
                             doc.name, n)
        label, written = (c.strip() for c in cells)
        amount = doc.parse(n, written, doc.reader.amount)
        total = label == TOTAL_ROW
        tables.add("budgets", doc.fact(
            n, written, programme_id=programme["programme_id"], country=programme["country"],
            category=None, item="total" if total else label, fiscal_year=None,
            period_start=first, period_end=last, period_years=last - first + 1,
            year_basis="calendar year", amount=amount.value, currency=amount.currency,
            basis="total", **qualifier_fields(amount.qualifier), status="stated",
            is_new=False, note=f"over {first}-{last} (the table's heading)"
            + ("" if total else "; part of the total")))

"""What each processed table holds: a field registry, the tables built from it, and checks.

Each column is described once, in :data:`FIELDS` (name, dtype, description, unit,
constraints), in the manner of PUDL's field metadata. A table lists its columns by name and
overrides a property only where its use differs (a programme's ``programme_id`` is unique,
a cluster's may be missing). Behaviour follows the field, not its name: ``minimum``,
``enum`` and ``finite`` become pandera checks and ``datapackage.json`` constraints, and
:func:`coerce` is the one way dtypes are applied, on build and on load.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import numpy as np
import pandas as pd
import pandera.pandas as pa

from . import vocab
from .vocab import meaning

#: dtypes a field can have, and how each is written in datapackage.json.
DTYPES = {"string": "string", "Int64": "integer", "Float64": "number", "boolean": "boolean",
          "category": "string", "date": "date"}


@dataclass(frozen=True)
class Field:
    """One column: its dtype, meaning, unit and constraints."""

    name: str
    dtype: str
    description: str
    unit: str | None = None
    nullable: bool = False
    enum: tuple[str, ...] | None = None
    ordered: bool = False
    minimum: float | None = None
    unique: bool = False

    def __post_init__(self) -> None:
        if self.dtype not in DTYPES:
            raise ValueError(f"field {self.name!r}: unknown dtype {self.dtype!r}")
        if self.dtype == "category" and self.enum is None:
            raise ValueError(f"field {self.name!r}: a category needs its values (enum)")

    @property
    def finite(self) -> bool:
        """Numbers must be finite: 'inf' in a CSV is corruption, not a value."""
        return self.dtype == "Float64"

    def with_(self, **changes: Any) -> Field:
        return dataclasses.replace(self, **changes)


def _f(name: str, dtype: str, description: str, **kw: Any) -> Field:
    return Field(name, dtype, description, **kw)


_YEAR = {"unit": "year", "minimum": 1900}
FIELDS: dict[str, Field] = {f.name: f for f in [
    # provenance: every fact row
    _f("source", "string", "raw file the value was read from (in data/raw; "
       "data/raw/sources.csv describes it)"),
    _f("line", "Int64", "1-based line of that file where the value stands, as an editor "
       "numbers lines (CR LF, CR and LF each end a line)", minimum=1),
    _f("raw", "string", "the exact text on that line the value was parsed from"),
    # qualifiers
    _f("approximate", "boolean", "the text qualifies the number as approximate (約, about, "
       "approx.)"),
    _f("lower_bound", "boolean", "the text gives a lower bound (more than, over, +, or more)"),
    _f("qualifier", "string", "the qualifying word as written", nullable=True),
    # identifiers
    _f("programme_id", "string", "identifier of a programme (lookups/programmes.csv)",
       enum=vocab.PROGRAMME_IDS),
    _f("project_id", "string", "identifier of a Japanese cluster project (p1: phase I, "
       "p2: phase II)"),
    _f("cluster_id", "string", "identifier of a cluster or example cluster (cl:...)"),
    _f("entity_id", "string", "identifier of what a timeline row dates (a law, programme, "
       "plan, event ...)"),
    _f("group_id", "string", "the project_id, cluster_id or programme_id counted"),
    _f("check_id", "string", "identifier of a reconciliation check (lookups/"
       "reconciliation.csv)", unique=True),
    # names and labels
    _f("name", "string", "name as written in the source (cleaned: NFKC, hyphenation "
       "artefacts joined)"),
    _f("name_en", "string", "English name: as an English source writes it, else the "
       "lookup's translation"),
    _f("name_source", "string", "name exactly as written in the source"),
    _f("name_nfkc", "string", "the name NFKC-normalised (ＴＯＨＯＫＵ → TOHOKU)"),
    _f("country", "category", "country", enum=vocab.COUNTRIES),
    _f("ministry", "string", "responsible ministry or department, as written", nullable=True),
    _f("language", "category", "language of the source text", enum=("en", "ja")),
    _f("policy", "string", "central-government policy as written", nullable=True),
    _f("local_promotion", "string", "who leads local promotion, as written", nullable=True),
    _f("phase", "category", "phase of the METI Industrial Cluster Project", enum=vocab.PHASES,
       ordered=True),
    _f("region", "category", "region: the METI regional bureau whose area the project is in "
       "(lookups/regions.csv)", enum=vocab.REGIONS),
    _f("region_ja", "string", "the region in Japanese"),
    _f("region_basis", "category", "what gives the region: " + meaning("region_basis"),
       enum=vocab.REGION_BASES),
    _f("field_source", "string", "field(s) as written ('; ' between the field lists of "
       "001 a project appears in)"),
    _f("field", "string", "field(s) in English (lookups/fields.csv), ' / ' between several"),
    _f("name_written", "string", "the name as written in that mention"),
    _f("region_written", "string", "region in parentheses after the name, if any",
       nullable=True),
    _f("stated_count", "Int64", "how many items the list says it names", unit="count",
       minimum=0),
    _f("kind", "category", "kind of row", enum=vocab.TIMELINE_KINDS),
    _f("main_fields", "string", "main fields as written", nullable=True),
    _f("history", "string", "development history as written", nullable=True),
    # budgets
    _f("category", "string", "budget category the item is listed under", nullable=True),
    _f("item", "string", "what the amount is for ('total' for a programme's stated total)"),
    _f("fiscal_year", "Int64", "Japanese fiscal year (April to March) of an annual amount",
       nullable=True, **_YEAR),
    _f("period_start", "Int64", "first year the amount covers (see year_basis)", **_YEAR),
    _f("period_end", "Int64", "last year the amount covers (see year_basis)", **_YEAR),
    _f("period_years", "Int64", "years the amount is spread over (stated, or from the "
       "timeframe)", unit="years", minimum=1),
    _f("year_basis", "category", "whether period_start and period_end are fiscal years "
       "(FY, 年度) or calendar years as written", enum=vocab.YEAR_BASES),
    _f("amount", "Float64", "amount in whole currency units", unit="currency units",
       minimum=0),
    _f("currency", "category", "ISO currency code as the text gives it",
       enum=vocab.CURRENCIES),
    _f("basis", "category", "what the amount covers: " + meaning("basis"), enum=vocab.BASES),
    _f("status", "category", "what kind of figure: " + meaning("status"),
       enum=vocab.STATUSES),
    _f("is_new", "boolean", "marked '(new)': no previous-year figure"),
    _f("note", "string", "what the text says about the period, basis or reading",
       nullable=True),
    _f("from_currency", "category", "currency converted", enum=vocab.CURRENCIES),
    _f("to_currency", "category", "currency converted to", enum=vocab.CURRENCIES),
    _f("rate", "Float64", "units of to_currency per unit of from_currency", minimum=0),
    # counts
    _f("group_kind", "category", "which dimension group_id is in", enum=vocab.GROUP_KINDS),
    _f("participant_type", "category", "what is counted (lookups/nouns.csv)",
       enum=vocab.PARTICIPANT_TYPES),
    _f("detail", "string", "the counted noun as written (e.g. 'biotech ventures')"),
    _f("count", "Int64", "the number", unit="count", minimum=0),
    _f("headline", "boolean", "a figure of its own: False for a part of another figure on "
       "the same line (in parentheses after it, 'including', 'Includes', or parts that add "
       "up to it), a per-unit figure ('each') or a second mention"),
    _f("as_of", "Int64", "year the figure refers to", nullable=True, **_YEAR),
    _f("as_of_basis", "category", "where as_of comes from: " + meaning("as_of_basis"),
       enum=vocab.AS_OF_BASES, nullable=True),
    _f("named", "Int64", "institutions the text names before 'and N other …', included in "
       "count", unit="count", nullable=True, minimum=0),
    _f("since", "Int64", "first year a cumulative count runs from ('created since 1995')",
       nullable=True, **_YEAR),
    _f("outcome", "string", "what was achieved, as written"),
    # scale, indicators, targets
    _f("measure", "category", "what is measured", enum=vocab.SCALE_MEASURES),
    _f("value", "Float64", "the number, in unit", minimum=0),
    _f("unit", "string", "unit of value"),
    _f("indicator", "string", "what the figure measures"),
    _f("subject_id", "string", "the programme, project, cluster or event the figure is "
       "about, where one fits", nullable=True),
    _f("subject", "string", "what the figure is about, in words"),
    _f("year", "Int64", "year the figure refers to, as written", nullable=True, **_YEAR),
    _f("sector", "string", "sector as written"),
    _f("mark", "Int64", "footnote mark (*1 … *5)", minimum=1),
    _f("source_table", "string", "the document's table the legend stands under"),
    # timeline
    _f("entity", "string", "name as written (cleaned)"),
    _f("entity_en", "string", "English name"),
    _f("start_year", "Int64", "first year (for fiscal-year precision, the fiscal year: "
       "FY2007 runs April 2007 to March 2008)", **_YEAR),
    _f("end_year", "Int64", "last year, a fiscal-year label where precision is fiscal year "
       "(missing when open-ended)", nullable=True, **_YEAR),
    _f("start_date", "date", "first day, where the text gives a day, month or fiscal year",
       nullable=True),
    _f("end_date", "date", "last day, where the text gives one", nullable=True),
    _f("start_precision", "category", "how precise the start is", enum=vocab.PRECISIONS),
    _f("end_precision", "category", "how precise the end is", enum=vocab.PRECISIONS,
       nullable=True),
    _f("open_ended", "boolean", "no end given ('1999~')"),
    _f("planned_end", "boolean", "the end is a plan, written in parentheses ('2003~(2008)')"),
    _f("planned", "boolean", "the entry was still a plan when the document was written: it "
       "starts after the document's date, or the text says so"),
    _f("planned_basis", "category", "why planned is True: " + meaning("planned_basis"),
       enum=vocab.PLANNED_BASES, nullable=True),
    # crosswalk
    _f("phase1_id", "string", "phase I project (001, 2005)"),
    _f("phase1_name_en", "string", "its English name"),
    _f("phase2_id", "string", "phase II project it continues as (002, 2008)", nullable=True),
    _f("phase2_name_source", "string", "that project's Japanese name", nullable=True),
    _f("confidence", "category", "how sure the link is: " + meaning("confidence"),
       enum=vocab.CONFIDENCES),
    _f("shared_name", "string", "for a certain link, the name both documents write",
       nullable=True),
    # reconciliation
    _f("description", "string", "what is compared"),
    _f("stated", "Float64", "the total as the document states it"),
    _f("computed", "Float64", "sum (or product) of the parts in the tables"),
    _f("difference", "Float64", "computed minus stated"),
    _f("ratio", "Float64", "computed / stated", minimum=0),
    _f("n_parts", "Int64", "number of parts summed", minimum=0),
    _f("meaning", "string", "what the difference means: the words of lookups/"
       "reconciliation.csv with the numbers filled in from the tables"),
    # coverage
    _f("text", "string", "the number as written (digits, full-width digits, a kanji "
       "numeral with its counter, or an English number word)"),
    _f("status_coverage", "category", "read or skipped: " + meaning("status_coverage"),
       enum=vocab.COVERAGE_STATUSES),
    _f("table", "string", "the table(s) a read number went to, '; ' between several",
       nullable=True),
    _f("reason", "category", "why a skipped number is not data "
       "(lookups/coverage_skips.csv)", enum=vocab.SKIP_REASONS, nullable=True),
    # independent figures (data/external/independent_figures.csv)
    _f("figure_id", "string", "identifier of an independent figure", unique=True),
    _f("topic", "category", "what the figure is about: " + meaning("topic"),
       enum=vocab.FIGURE_TOPICS),
    _f("counted", "string", "what is counted or measured, in words"),
    _f("value_text", "string", "the figure as written: in quote, else in reading (the "
       "reference list's words for the source)"),
    _f("as_of_date", "date", "first day of the date the figure is as of (see "
       "as_of_precision); missing when the source gives none", nullable=True),
    _f("as_of_precision", "category", "how precise as_of_date is", enum=vocab.PRECISIONS,
       nullable=True),
    _f("source_title", "string", "title of the independent source, as the reference list "
       "names it"),
    _f("publisher", "string", "who published it (and the site it was read from)"),
    _f("source_date", "string", "date of the source as YYYY, YYYY-MM or YYYY-MM-DD",
       nullable=True),
    _f("url", "string", "address the figure was read from, as found (some are mirrors)"),
    _f("quote", "string", "the source's words the figure was read from, in its language"),
    _f("reading", "string", "the figure as the reference list reads the source"),
    _f("source_kind", "category", "kind of source: " + meaning("source_kind"),
       enum=vocab.SOURCE_KINDS),
    _f("confidence_note", "string", "how far the source can be trusted for this figure"),
    _f("document_source", "string", "raw file (data/raw) of the document figure this one "
       "bears on", nullable=True),
    _f("document_line", "Int64", "line of that file where the document figure stands",
       nullable=True, minimum=1),
    _f("document_table", "category", "processed table holding the document figure",
       enum=vocab.DOCUMENT_TABLES, nullable=True),
    _f("document_raw", "string", "the raw text of the processed row(s) of the document "
       "figure; ' + ' between rows whose sum is compared", nullable=True),
    _f("document_column", "string", "column of those rows holding the document's value",
       nullable=True),
    _f("definition", "category", "reviewed: " + meaning("definition"),
       enum=vocab.DEFINITIONS, nullable=True),
    _f("definition_note", "string", "why the definitions are judged the same or different",
       nullable=True),
    # reference data: population
    _f("population", "Int64", "total population", unit="people", minimum=0),
    _f("data_file", "string", "reference data file the value was read from: package, "
       "version and the file inside it"),
    _f("data_line", "Int64", "1-based line of that file", minimum=1),
    _f("data_raw", "string", "the exact text of that line"),
]}


def use(key: str, **overrides: Any) -> Field:
    """A registry field, with per-table overrides (``nullable=True``, a description …)."""
    if key not in FIELDS:
        raise KeyError(f"field {key!r} is not in the registry (schemas.FIELDS)")
    return FIELDS[key].with_(**overrides)


TRACE = ("source", "line", "raw")
QUALIFIER = ("approximate", "lower_bound", "qualifier")


@dataclass(frozen=True)
class ForeignKey:
    fields: tuple[str, ...]
    resource: str
    reference: tuple[str, ...]


@dataclass(frozen=True)
class TableSpec:
    name: str
    title: str
    description: str
    fields: list[Field] = field(default_factory=list)
    sort_by: tuple[str, ...] = ("source", "line")
    primary_key: tuple[str, ...] = ()
    foreign_keys: tuple[ForeignKey, ...] = ()

    @property
    def columns(self) -> list[str]:
        return [f.name for f in self.fields]

    def field(self, name: str) -> Field:
        return {f.name: f for f in self.fields}[name]


TABLES: dict[str, TableSpec] = {}


def _columns(items: Iterable[str | Field]) -> list[Field]:
    out = []
    for item in items:
        out.append(use(item) if isinstance(item, str) else item)
    return out


def _table(name: str, title: str, description: str, columns: Iterable[str | Field], *,
           sort_by: tuple[str, ...] = ("source", "line"), primary_key: tuple[str, ...] = (),
           foreign_keys: Iterable[tuple[str | tuple[str, ...], str, str | tuple[str, ...]]]
           = ()) -> None:
    def tup(x: str | tuple[str, ...]) -> tuple[str, ...]:
        return (x,) if isinstance(x, str) else x

    fks = tuple(ForeignKey(tup(a), b, tup(c)) for a, b, c in foreign_keys)
    TABLES[name] = TableSpec(name, title, description, _columns(columns), sort_by,
                             primary_key, fks)


_PROGRAMME_FK = ("programme_id", "programmes", "programme_id")

_table("programmes", "Programmes",
       "National cluster programmes and the overseas programmes the documents compare "
       "(dimension).",
       [use("programme_id", unique=True), "name", "name_en", "country", "ministry",
        "language", "policy", "local_promotion", *TRACE],
       sort_by=("programme_id",), primary_key=("programme_id",))

_table("projects", "Japanese cluster projects",
       "METI Industrial Cluster Project phase I (19, from 001) and phase II (18, from 002) "
       "projects (dimension). Region is the METI regional bureau's area; region_basis says "
       "what in the text gives it.",
       [use("project_id", unique=True), "programme_id", "phase", "name_source", "name_nfkc",
        "name_en", "region", "region_ja", "region_basis", "field_source", "field", *TRACE],
       sort_by=("project_id",), primary_key=("project_id",), foreign_keys=[_PROGRAMME_FK])

_table("project_fields", "Phase I projects by field",
       "Each mention of a phase I project in 001's four field lists (manufacturing, bio, IT, "
       "environment); a project can be in two lists.",
       ["project_id", use("field", dtype="category", enum=vocab.PROJECT_FIELDS,
                          description="the list's field"),
        "name_written", "region_written", "stated_count", *TRACE],
       primary_key=("project_id", "field"),
       foreign_keys=[("project_id", "projects", "project_id")])

_table("subnetworks", "Kanto sub-networks",
       "The networks the phase II Kanto regional project supports (002).",
       ["project_id", "name_source", "name_nfkc", *TRACE],
       primary_key=("project_id", "name_source"),
       foreign_keys=[("project_id", "projects", "project_id")])

_table("clusters", "Clusters",
       "Overseas high-tech clusters (001's table of typical overseas clusters), the local "
       "examples of the overseas programmes, the three Japanese example clusters and the "
       "cooperation example (dimension).",
       [use("cluster_id", unique=True),
        use("name", description="area or cluster name as written (cleaned)"), "country",
        use("kind", enum=vocab.CLUSTER_KINDS, description="which list the cluster comes "
            "from"),
        "main_fields", use("programme_id", nullable=True, description="programme it "
                           "exemplifies"),
        use("project_id", nullable=True, description="phase I project it belongs to"),
        "history", *TRACE],
       sort_by=("cluster_id",), primary_key=("cluster_id",),
       foreign_keys=[_PROGRAMME_FK, ("project_id", "projects", "project_id")])

_table("budgets", "Budgets",
       "Every budget figure: METI's draft budget beside the previous year by line item, "
       "MEXT Knowledge Cluster, the overseas central-government programmes. Amounts in the "
       "currency the text uses.",
       ["programme_id", "country", "category", "item", "fiscal_year", "period_start",
        "period_end", "period_years", "year_basis", "amount", "currency", "basis",
        *QUALIFIER, "status", "is_new", "note", *TRACE],
       primary_key=("programme_id", "item", "status"), foreign_keys=[_PROGRAMME_FK])

_table("budget_equivalents", "Stated equivalents of budget figures",
       "The other currencies a document gives beside a budget figure (003: 'approximately "
       "US $ 50 M, £ 50 M'), as stated, not computed.",
       ["programme_id", use("item", description="the budget item (budgets.item) the "
                            "equivalent is given for"),
        "currency", "amount", *QUALIFIER, *TRACE],
       primary_key=("programme_id", "item", "currency"), foreign_keys=[_PROGRAMME_FK])

_table("exchange_rates", "Stated exchange rates",
       "Conversion rates the documents state (003: US$1 = £1 = ¥120).",
       ["from_currency", "to_currency", "rate", *TRACE],
       primary_key=("from_currency", "to_currency"))

_table("participants", "Participant counts",
       "Counts of participants (companies, universities, researchers, financial institutions "
       "...) and of funded projects, clusters and areas, per project, cluster or programme.",
       ["group_id", "group_kind", use("phase", nullable=True), "participant_type", "detail",
        "count", *QUALIFIER, "headline", "as_of", "as_of_basis", "named", "since", *TRACE],
       primary_key=("source", "line", "raw"))

_table("outcomes", "Outcomes of the example clusters",
       "Results the example clusters report: the three Japanese examples of 001 and the "
       "local examples of the overseas programmes (incubators, forums, alliances, products, "
       "ventures).",
       ["cluster_id", "outcome", "count", *QUALIFIER,
        use("headline", description="a figure of its own (False for a part of another "
            "outcome, in parentheses after it)"),
        use("period_start", nullable=True, description="first year the outcome counts, "
            "where the text gives a period"),
        use("period_end", nullable=True, description="last year the outcome counts, where "
            "the text gives a period"),
        use("year_basis", nullable=True), *TRACE],
       primary_key=("source", "line", "raw"),
       foreign_keys=[("cluster_id", "clusters", "cluster_id")])

_table("cluster_scale", "Economic and geographic scale of overseas clusters",
       "Population, workforce, employees, students, area, dimensions, distances, shares "
       "and growth from the overseas-cluster table.",
       ["cluster_id", "measure", "value", use("unit", dtype="category", enum=vocab.SCALE_UNITS),
        use("detail", nullable=True, description="what the measure refers to, as written "
            "('of Germany's biotechnology workforce')"),
        *QUALIFIER, use("as_of", description="year the figure refers to (footnote)"),
        "as_of_basis", *TRACE],
       primary_key=("source", "line", "raw"),
       foreign_keys=[("cluster_id", "clusters", "cluster_id")])

_table("footnotes", "Footnote legends",
       "Footnote marks and the years they stand for (001: '*1 2003 *2 1999 *3 1997 *4 2004 "
       "*5 1998').",
       ["source_table", "mark", use("year", nullable=False, description="year the mark stands for"),
        *TRACE],
       primary_key=("source", "mark"))

_table("indicators", "Other stated figures",
       "Figures that are neither budgets nor participant counts: market sizes, case studies, "
       "plans, seminars, plan lengths.",
       ["subject_id", "subject", "country", "indicator", "value", "unit", *QUALIFIER, "year",
        "note", *TRACE],
       primary_key=("source", "line", "raw"))

_table("timeline", "Timeline",
       "Laws, programmes, programme terms, plans and events with their spans: one row per "
       "entity, from its most precise mention (further mentions: timeline_mentions).",
       [use("entity_id", unique=True), "entity", "entity_en", "country", "kind",
        "start_year", "end_year", "start_date", "end_date", "start_precision",
        "end_precision", "open_ended", "planned_end", "planned", "planned_basis", *TRACE],
       primary_key=("entity_id",))

_table("timeline_mentions", "Further mentions of timeline entities",
       "Each further mention of an entity the timeline holds once: the same entity dated "
       "again, on another line or in another document (corroborating sources).",
       ["entity_id", use("entity", description="the name as this mention writes it"),
        "start_year", "end_year", "start_date", "end_date", "start_precision",
        "end_precision", *TRACE],
       primary_key=("entity_id", "source", "line"),
       foreign_keys=[("entity_id", "timeline", "entity_id")])

_table("targets", "Targets",
       "Quantified policy targets (France: 3% of GDP on R&D).",
       ["programme_id", "indicator", use("value", description="target value"), "unit",
        *TRACE],
       primary_key=("programme_id", "indicator"), foreign_keys=[_PROGRAMME_FK])

_table("sectors", "Sectors",
       "Sectors a programme addresses, as listed (France's competitiveness clusters).",
       ["programme_id", "sector", *TRACE],
       primary_key=("programme_id", "sector"), foreign_keys=[_PROGRAMME_FK])

_table("crosswalk", "Phase I to phase II crosswalk",
       "Reviewed links from phase I projects (001, English, 2005) to phase II projects (002, "
       "Japanese, 2008), from lookups/crosswalk.csv.",
       [use("phase1_id", unique=True), "phase1_name_en", "phase2_id", "phase2_name_source",
        "confidence", "shared_name", use("note", nullable=False, description="why")],
       sort_by=("phase1_id",), primary_key=("phase1_id",),
       foreign_keys=[("phase1_id", "projects", "project_id"),
                     ("phase2_id", "projects", "project_id")])

_table("reconciliation", "Reconciliation of stated totals",
       "Stated totals beside the sum of their parts, and what a difference means.",
       ["check_id", "description", "stated", "computed", "difference", "ratio", "n_parts",
        "unit", "meaning", *TRACE],
       sort_by=("check_id",), primary_key=("check_id",))

_table("coverage", "Coverage ledger",
       "One row per number in each raw document (digits, full-width digits, kanji numerals "
       "used as counts, English number words): read into a table, or skipped for a reviewed "
       "reason.",
       ["source", "line", "text", use("status_coverage", name="status"), "table", "reason"],
       sort_by=())


_table("independent_figures", "Independent figures",
       "Figures from public sources other than the five documents (ministry pages, "
       "parliamentary reports, press, research papers), hand-curated in "
       "data/external/independent_figures.csv: one row per figure with its address, the "
       "words it was read from and, where it bears on one, the document figure it is "
       "compared with (checked on build: that text stands on that line).",
       ["figure_id", "topic", "programme_id",
        use("measure", enum=vocab.FIGURE_MEASURES,
            description="kind of number: " + meaning("measure_figure")),
        "counted", use("value", description="the figure, in unit"),
        use("unit", description="what value counts, or its currency (ISO code; DEM: "
            "Deutsche Mark), 'JPY per USD', year, years"),
        *QUALIFIER, "value_text", "as_of_date", "as_of_precision",
        use("period_start", nullable=True, description="first year the figure covers, "
            "where it covers a period (an amount, a cumulative count)"),
        use("period_end", nullable=True, description="last year the figure covers"),
        use("year_basis", nullable=True),
        "source_title", "publisher", "source_date", "url", "quote", "reading",
        use("language", enum=vocab.SOURCE_LANGUAGES,
            description="language of the quoted words"),
        "source_kind", "confidence_note", use("note", description="what needs care in "
                                              "reading the figure (units, errors, periods)"),
        "document_source", "document_line", "document_table", "document_raw",
        "document_column", "definition", "definition_note"],
       sort_by=(), primary_key=("figure_id",), foreign_keys=[_PROGRAMME_FK])

_table("population", "National population by year",
       "Total population of the programmes' and the overseas clusters' countries, "
       "1952-2007 in five-year steps, from Gapminder's data as the gapminder package "
       "ships it (data/external/population_source.csv cites it); for per-head figures.",
       ["country", use("year", nullable=False, description="year of the estimate"),
        "population", "data_file", "data_line", "data_raw"],
       sort_by=("country", "year"), primary_key=("country", "year"))


# --- dtypes and checks --------------------------------------------------------------------------

def dtype_of(f: Field) -> object:
    """The pandas dtype of a field."""
    if f.dtype == "category":
        return pd.CategoricalDtype(list(f.enum or ()), ordered=f.ordered)
    if f.dtype == "date":
        return "datetime64[ns]"
    return f.dtype


_TRUE = {"True": True, "true": True, True: True}
_FALSE = {"False": False, "false": False, False: False}


def _is_missing(v: object) -> bool:
    return v is None or v is pd.NA or v is pd.NaT or (isinstance(v, float) and np.isnan(v))


def _to_bool(v: object) -> object:
    if _is_missing(v):
        return None
    if isinstance(v, np.bool_):
        v = bool(v)
    if v in _TRUE:
        return True
    if v in _FALSE:
        return False
    raise ValueError(f"not a boolean: {v!r}")


def _to_int(v: object) -> object:
    if _is_missing(v):
        return None
    if isinstance(v, str):
        return int(v)
    if isinstance(v, float) and not v.is_integer():
        raise ValueError(f"not a whole number: {v!r}")
    return int(v)  # type: ignore[call-overload]


def _to_date(v: object) -> object:
    if _is_missing(v):
        return None
    if isinstance(v, str):
        return datetime.strptime(v, "%Y-%m-%d")
    if isinstance(v, date):
        return datetime(v.year, v.month, v.day)
    raise ValueError(f"not a date: {v!r}")


def coerce(name: str, df: pd.DataFrame) -> pd.DataFrame:
    """The table's columns in order with their dtypes, from parsed values or CSV text.

    The one way dtypes are applied: the build passes the parsers' Python values, ``load``
    the strings of the CSV. A value outside a category's values is an error (pandas would
    silently make it missing).
    """
    spec = TABLES[name]
    missing = [c for c in spec.columns if c not in df.columns]
    extra = [c for c in df.columns if c not in spec.columns]
    if missing or extra:
        raise ValueError(f"{name}: columns missing {missing}, not in the schema {extra}")
    out = pd.DataFrame(index=df.index)
    for f in spec.fields:
        col = df[f.name]
        if f.dtype == "date":
            out[f.name] = pd.Series([_to_date(v) for v in col], index=df.index,
                                    dtype="datetime64[ns]")
        elif f.dtype == "boolean":
            out[f.name] = pd.array([_to_bool(v) for v in col], dtype="boolean")
        elif f.dtype == "Int64":
            out[f.name] = pd.array([_to_int(v) for v in col], dtype="Int64")
        elif f.dtype == "Float64":
            out[f.name] = pd.array([None if _is_missing(v) else float(v) for v in col],
                                   dtype="Float64")
        elif f.dtype == "category":
            values = col.astype("string")
            unknown = sorted(set(values.dropna()) - set(f.enum or ()))
            if unknown:
                raise ValueError(f"column {f.name!r}: values {unknown} not in "
                                 f"{list(f.enum or ())}")
            out[f.name] = values.astype(dtype_of(f))
        else:
            out[f.name] = col.astype("string")
    return out


def _finite(s: pd.Series) -> pd.Series:
    return pd.Series(np.isfinite(s.astype("float64").fillna(0.0)), index=s.index)


def pandera_schema(name: str) -> pa.DataFrameSchema:
    """The pandera schema of a table, strict about columns and their order.

    Checks come from the fields: ``minimum`` (≥), ``enum`` (for a string column),
    finiteness (numbers), uniqueness, and the table's primary key.
    """
    spec = TABLES[name]
    columns = {}
    for f in spec.fields:
        checks = []
        if f.minimum is not None:
            checks.append(pa.Check.ge(f.minimum))
        if f.finite:
            checks.append(pa.Check(_finite, error="not finite"))
        if f.enum is not None and f.dtype != "category":
            checks.append(pa.Check.isin(list(f.enum)))
        columns[f.name] = pa.Column(dtype_of(f), checks=checks, nullable=f.nullable,
                                    unique=f.unique, coerce=False)
    unique = list(spec.primary_key) if len(spec.primary_key) > 1 else None
    return pa.DataFrameSchema(columns, strict=True, ordered=True, name=name, unique=unique)


def validate(name: str, df: pd.DataFrame) -> pd.DataFrame:
    """Check a typed table against its schema (pandera raises on the first problem)."""
    return pandera_schema(name).validate(df)

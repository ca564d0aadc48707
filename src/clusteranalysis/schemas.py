"""What each processed table holds: columns, dtypes, units, descriptions, and pandera checks.

One specification feeds three things: the dtypes :func:`clusteranalysis.load` gives, the
pandera schema checked on build and on load, and the ``datapackage.json`` field list.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd
import pandera.pandas as pa

PHASES = ("I", "II")
CURRENCIES = ("JPY", "USD", "GBP", "EUR")
BASES = ("annual", "total", "per_cluster_per_year")
STATUSES = ("draft", "previous year", "stated")
PARTICIPANT_TYPES = (
    "companies", "smes", "ventures", "universities", "academic institutions",
    "research organizations", "researchers", "government staff", "local government",
    "financial institutions", "projects", "clusters", "areas", "area parts", "people",
)
TIMELINE_KINDS = (
    "policy era", "law", "programme", "programme phase", "plan", "event", "cluster history",
)
PRECISIONS = ("day", "month", "fiscal year", "year", "decade", "mid-decade")
CONFIDENCES = ("certain", "likely", "possible", "none")
AS_OF_BASES = ("stated", "footnote", "document date")
COUNTRIES = (
    "Japan", "France", "United Kingdom", "Germany", "Finland", "United States",
    "South Korea", "China",
)
REGIONS = (
    "Hokkaido", "Tohoku", "Kanto", "Chubu", "Hokuriku", "Kinki", "Chugoku", "Shikoku",
    "Kyushu", "Okinawa",
)


@dataclass(frozen=True)
class Field:
    """One column: name, dtype, what it means, its unit, and allowed values if a category."""

    name: str
    dtype: str
    description: str
    unit: str | None = None
    nullable: bool = False
    categories: tuple[str, ...] | None = None
    unique: bool = False


def _trace() -> list[Field]:
    return [
        Field("source", "string", "raw file the value was read from (in data/raw)"),
        Field("line", "Int64", "1-based line of that file where the value stands"),
        Field("raw", "string", "the exact text on that line the value was parsed from"),
    ]


def _qualifier() -> list[Field]:
    return [
        Field("approximate", "boolean", "the text qualifies the number as approximate "
              "(約, about, approx.)"),
        Field("lower_bound", "boolean", "the text gives a lower bound (more than, over, +, "
              "or more)"),
        Field("qualifier", "string", "the qualifying word as written", nullable=True),
    ]


@dataclass(frozen=True)
class TableSpec:
    name: str
    title: str
    description: str
    fields: list[Field] = field(default_factory=list)
    sort_by: tuple[str, ...] = ("source", "line")

    @property
    def columns(self) -> list[str]:
        return [f.name for f in self.fields]


TABLES: dict[str, TableSpec] = {}


def _table(spec: TableSpec) -> None:
    TABLES[spec.name] = spec


_table(TableSpec(
    "programmes", "Programmes",
    "National cluster programmes and the laws' programmes the documents compare (dimension).",
    [
        Field("programme_id", "string", "stable identifier", unique=True),
        Field("name", "string", "name as written in the source (NFKC-normalised, "
              "hyphenation artefacts joined)"),
        Field("name_en", "string", "English name (from lookups/programmes.csv)"),
        Field("country", "category", "country running the programme", categories=COUNTRIES),
        Field("ministry", "string", "responsible ministry or department", nullable=True),
        Field("language", "category", "language of the source text", categories=("en", "ja")),
        Field("policy", "string", "central-government policy as written", nullable=True),
        Field("local_promotion", "string", "who leads local promotion, as written",
              nullable=True),
        *_trace(),
    ],
    sort_by=("programme_id",),
))

_table(TableSpec(
    "projects", "Japanese cluster projects",
    "METI Industrial Cluster Project phase I (19, from 001) and phase II (18, from 002) "
    "projects (dimension).",
    [
        Field("project_id", "string", "stable identifier (p1: phase I, p2: phase II)",
              unique=True),
        Field("programme_id", "string", "programme the project belongs to"),
        Field("phase", "category", "programme phase", categories=PHASES),
        Field("name_source", "string", "name exactly as first written in the source"),
        Field("name_nfkc", "string", "the same name NFKC-normalised (ＴＯＨＯＫＵ → TOHOKU)"),
        Field("name_en", "string", "English name (as in 001, or our translation: "
              "lookups/phase2_projects.csv)"),
        Field("region", "category", "METI regional-bureau region (lookups/regions.csv)",
              categories=REGIONS),
        Field("region_ja", "string", "the region in Japanese"),
        Field("field_source", "string", "field(s) as written ('; ' between the field lists "
              "of 001 a project appears in)"),
        Field("field", "string", "field(s) in English, ' / ' between several"),
        *_trace(),
    ],
    sort_by=("project_id",),
))

_table(TableSpec(
    "project_fields", "Phase I projects by field",
    "Each mention of a phase I project in 001's four field lists (manufacturing, bio, IT, "
    "environment); a project can be in two lists.",
    [
        Field("project_id", "string", "phase I project"),
        Field("field", "category", "the list's field",
              categories=("manufacturing", "bio", "IT", "environment")),
        Field("name_written", "string", "the project's name as written in that list"),
        Field("region_written", "string", "region in parentheses after it, if any",
              nullable=True),
        Field("stated_count", "Int64", "how many projects the list says it names"),
        *_trace(),
    ],
))

_table(TableSpec(
    "subnetworks", "Kanto sub-networks",
    "The networks the phase II Kanto regional project supports (002 lines 31-33).",
    [
        Field("project_id", "string", "phase II project"),
        Field("name_source", "string", "network name as written"),
        Field("name_nfkc", "string", "NFKC-normalised name"),
        *_trace(),
    ],
))

_table(TableSpec(
    "clusters", "Clusters",
    "Overseas high-tech clusters (001 table 'Examples of typical overseas clusters'), the "
    "local examples of overseas programmes, and the three Japanese example clusters.",
    [
        Field("cluster_id", "string", "stable identifier", unique=True),
        Field("name", "string", "area or cluster name as written (cleaned)"),
        Field("country", "category", "country", categories=COUNTRIES),
        Field("kind", "category", "which list the cluster comes from",
              categories=("overseas high-tech", "programme example", "japanese example")),
        Field("main_fields", "string", "main fields as written", nullable=True),
        Field("programme_id", "string", "programme it exemplifies", nullable=True),
        Field("project_id", "string", "phase I project it belongs to", nullable=True),
        Field("history", "string", "development history as written", nullable=True),
        *_trace(),
    ],
    sort_by=("cluster_id",),
))

_table(TableSpec(
    "budgets", "Budgets",
    "Every budget figure: METI FY2005 draft and FY2004 by line item, MEXT Knowledge Cluster, "
    "the overseas central-government programmes. Amounts in the currency the text uses.",
    [
        Field("programme_id", "string", "programme"),
        Field("country", "category", "country", categories=COUNTRIES),
        Field("category", "string", "budget category the item is listed under",
              nullable=True),
        Field("item", "string", "line item ('total' for a programme's stated total)"),
        Field("fiscal_year", "Int64", "fiscal year of an annual amount", unit="year",
              nullable=True),
        Field("period_start", "Int64", "first year the amount covers", unit="year"),
        Field("period_end", "Int64", "last year the amount covers", unit="year"),
        Field("period_years", "Int64", "years the amount is spread over (stated, or from "
              "the timeframe)", unit="years"),
        Field("amount", "Float64", "amount in whole currency units", unit="currency units"),
        Field("currency", "category", "ISO currency code as the text gives it",
              categories=CURRENCIES),
        Field("basis", "category", "what the amount covers", categories=BASES),
        *_qualifier(),
        Field("status", "category", "draft (FY2005 request), previous year (figure in "
              "parentheses), or stated", categories=STATUSES),
        Field("is_new", "boolean", "marked '(new)': no previous-year figure"),
        Field("note", "string", "what the text says about the period or basis",
              nullable=True),
        *_trace(),
    ],
))

_table(TableSpec(
    "exchange_rates", "Stated exchange rates",
    "Conversion rates the documents state (MEXT: US$1 = £1 = ¥120).",
    [
        Field("from_currency", "category", "currency converted", categories=CURRENCIES),
        Field("to_currency", "category", "currency converted to", categories=CURRENCIES),
        Field("rate", "Float64", "units of to_currency per unit of from_currency"),
        *_trace(),
    ],
))

_table(TableSpec(
    "participants", "Participant counts",
    "Counts of participants (companies, universities, researchers, financial institutions "
    "...) and of funded projects, clusters and areas, per project, cluster or programme.",
    [
        Field("group_id", "string", "project_id, cluster_id or programme_id counted"),
        Field("group_kind", "category", "which dimension group_id is in",
              categories=("programme", "project", "cluster")),
        Field("phase", "category", "programme phase, for Japanese projects",
              categories=PHASES, nullable=True),
        Field("participant_type", "category", "what is counted",
              categories=PARTICIPANT_TYPES),
        Field("detail", "string", "the counted noun as written (e.g. 'biotech ventures')"),
        Field("count", "Int64", "the number", unit="count"),
        *_qualifier(),
        Field("headline", "boolean", "the group's main figure for this type (False for a "
              "part of another figure, a per-unit figure or a second mention)"),
        Field("as_of", "Int64", "year the figure refers to", unit="year", nullable=True),
        Field("as_of_basis", "category", "where as_of comes from", categories=AS_OF_BASES,
              nullable=True),
        *_trace(),
    ],
))

_table(TableSpec(
    "outcomes", "Outcomes of the example clusters",
    "Results the three Japanese example clusters report (alliances, products, ventures).",
    [
        Field("cluster_id", "string", "example cluster"),
        Field("outcome", "string", "what was achieved, as written"),
        Field("count", "Int64", "the number", unit="count"),
        *_qualifier(),
        *_trace(),
    ],
))

_table(TableSpec(
    "cluster_scale", "Economic scale of overseas clusters",
    "Population, workforce, employees, students and area from the overseas-cluster table.",
    [
        Field("cluster_id", "string", "cluster"),
        Field("measure", "category", "what is measured",
              categories=("population", "workforce", "employees", "students", "area",
                          "jobs created")),
        Field("value", "Float64", "the number"),
        Field("unit", "category", "unit of value", categories=("people", "km2")),
        *_qualifier(),
        Field("as_of", "Int64", "year the figure refers to (footnote)", unit="year",
              nullable=True),
        Field("as_of_basis", "category", "where as_of comes from", categories=AS_OF_BASES,
              nullable=True),
        *_trace(),
    ],
))

_table(TableSpec(
    "timeline", "Timeline",
    "Laws, programmes, programme terms, plans and events with their spans.",
    [
        Field("entity_id", "string", "stable identifier of what the row dates"),
        Field("entity", "string", "name as written (cleaned)"),
        Field("entity_en", "string", "English name"),
        Field("country", "category", "country", categories=COUNTRIES),
        Field("kind", "category", "kind of entry", categories=TIMELINE_KINDS),
        Field("start_year", "Int64", "first year (for fiscal-year precision, the fiscal "
              "year: FY2007 runs April 2007 to March 2008)", unit="year"),
        Field("end_year", "Int64", "last year, a fiscal-year label where precision is fiscal "
              "year (missing when open-ended)", unit="year",
              nullable=True),
        Field("start_date", "datetime64[ns]", "first day, where the text gives a day, month "
              "or fiscal year", nullable=True),
        Field("end_date", "datetime64[ns]", "last day, where the text gives one",
              nullable=True),
        Field("start_precision", "category", "how precise the start is",
              categories=PRECISIONS),
        Field("end_precision", "category", "how precise the end is", categories=PRECISIONS,
              nullable=True),
        Field("open_ended", "boolean", "no end given ('1999~')"),
        Field("planned_end", "boolean", "the end is a plan, written in parentheses "
              "('2003~(2008)')"),
        Field("planned", "boolean", "the entry itself was still planned (予定) when written"),
        *_trace(),
    ],
))

_table(TableSpec(
    "targets", "Targets",
    "Quantified policy targets (France: 3% of GDP on R&D).",
    [
        Field("programme_id", "string", "programme"),
        Field("indicator", "string", "what the target measures"),
        Field("value", "Float64", "target value"),
        Field("unit", "string", "unit of value"),
        *_trace(),
    ],
))

_table(TableSpec(
    "sectors", "Sectors",
    "Sectors a programme addresses, as listed (France's competitiveness clusters).",
    [
        Field("programme_id", "string", "programme"),
        Field("sector", "string", "sector as written"),
        *_trace(),
    ],
))

_table(TableSpec(
    "crosswalk", "Phase I to phase II crosswalk",
    "Reviewed links from phase I projects (001, English, 2005) to phase II projects (002, "
    "Japanese, 2008), from lookups/crosswalk.csv.",
    [
        Field("phase1_id", "string", "phase I project"),
        Field("phase1_name_en", "string", "its English name"),
        Field("phase2_id", "string", "phase II project it continues as", nullable=True),
        Field("phase2_name_source", "string", "that project's Japanese name", nullable=True),
        Field("confidence", "category", "how sure the link is", categories=CONFIDENCES),
        Field("note", "string", "why"),
    ],
    sort_by=("phase1_id",),
))

_table(TableSpec(
    "reconciliation", "Reconciliation of stated totals",
    "Stated totals beside the sum of their parts, and what a difference means.",
    [
        Field("check_id", "string", "identifier", unique=True),
        Field("description", "string", "what is compared"),
        Field("stated", "Float64", "the total as the document states it"),
        Field("computed", "Float64", "sum (or product) of the parts in the tables"),
        Field("difference", "Float64", "computed minus stated"),
        Field("ratio", "Float64", "computed / stated"),
        Field("n_parts", "Int64", "number of parts summed"),
        Field("unit", "string", "unit of stated and computed"),
        Field("meaning", "string", "what the difference means (lookups/reconciliation.csv)"),
        *_trace(),
    ],
    sort_by=("check_id",),
))


def dtype_of(f: Field) -> object:
    """The pandas dtype for a field."""
    if f.dtype == "category":
        if f.categories is not None:
            return pd.CategoricalDtype(list(f.categories), ordered=f.name == "phase")
        return "category"
    return f.dtype


def as_category(values: pd.Series, f: Field) -> pd.Series:
    """Cast to the field's categorical dtype; a value outside its categories is an error
    (pandas would silently turn it into a missing value)."""
    if f.categories is not None:
        unknown = sorted(set(values.dropna().astype(str)) - set(f.categories))
        if unknown:
            raise ValueError(f"column {f.name!r}: values {unknown} not in {list(f.categories)}")
    return values.astype(dtype_of(f))


def pandera_schema(name: str) -> pa.DataFrameSchema:
    """The pandera schema of a table, strict about columns and their order."""
    spec = TABLES[name]
    columns = {}
    for f in spec.fields:
        checks = []
        if f.name == "line":
            checks.append(pa.Check.ge(1))
        if f.name in ("count", "amount", "value", "rate"):
            checks.append(pa.Check.ge(0))
        if f.categories is not None and f.dtype != "category":
            checks.append(pa.Check.isin(list(f.categories)))
        columns[f.name] = pa.Column(
            dtype_of(f),
            checks=checks,
            nullable=f.nullable,
            unique=f.unique,
            coerce=False,
        )
    return pa.DataFrameSchema(columns, strict=True, ordered=True, name=name)

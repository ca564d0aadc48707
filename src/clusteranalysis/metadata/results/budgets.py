"""The result tables of ``01_budgets.ipynb`` (:mod:`clusteranalysis.studies.budgets`).

Amounts are in millions of the run's currency (``unit="million {currency}"``), the figures
per inhabitant in currency units; an amount as the document states it says its currency in
``stated_currency``. A row read from one line keeps that ``source`` and integer ``line``; a
row computed from several keeps them all (``line`` as text: "101, 138"; one group per file,
separated by "; ", as :func:`clusteranalysis.provenance.citations.provenance` writes them).
"""

from __future__ import annotations

from clusteranalysis.metadata import vocab
from clusteranalysis.metadata.fields import use
from clusteranalysis.metadata.results.declare import StudyResults

BUDGETS = StudyResults("01_budgets.ipynb", "Cluster budgets on a stated basis")
_f = BUDGETS.field

MILLIONS = "million {currency}"
PER_HEAD = "{currency} per inhabitant per year"
#: The measures the sensitivity varies (clusteranalysis.studies.budgets.sensitivity).
SENSITIVITY_MEASURES = ("annual", "annual_per_unit", "per_capita", "total")

# --- columns several of the tables share, as this study uses them ----------------------------
SOURCES = use("source", description="raw file(s) the row stands on: one file, or several "
              "separated by '; ' (data/raw/sources.csv describes them)")
LINES = use("line", dtype="string", minimum=None,
            description="the line(s) of those files the row stands on: '138', '101, 138', "
            "or one group of lines per file separated by '; '")
CURRENCY = use("currency", description="the currency the row's amounts are shown in (the "
               "run's currency parameter)")
NULLABLE_CURRENCY = CURRENCY.with_(nullable=True, description="the currency of an amount "
                                   "(the run's currency parameter); empty for a count or a "
                                   "percentage")
CHECK = use("check_id", unique=False, nullable=True, description="the reconciliation row "
            "(reconciliation.check_id) the value is read from; empty when the study computes it")
APPROXIMATE = use("approximate", nullable=True, description="the document says the figure is "
                  "approximate (about, approx.)")
NOTE = use("note", description="what else the reader should know about the figure (not a "
           "total; no budget in the documents)")
POPULATION = use("population", nullable=True, description="the population the annual figure "
                 "was divided by (Gapminder)")
YEARS = use("period_years", nullable=True)
STATUS = use("status", description="what kind of figure: the draft budget or the previous "
             "year's figure in parentheses beside it")
stated_currency = _f("stated_currency", "category", "the currency the document states the "
                     "amount in", enum=vocab.CURRENCIES, nullable=True)
change = _f("change", "Float64", "the draft year's value minus the previous year's (on the "
            "draft row; empty on the previous year's row and for an item new in the draft)",
            unit=MILLIONS, nullable=True)
growth_pct = _f("growth_pct", "Float64", "change as a percentage of the previous year's "
                "value, one decimal (on the draft row)", unit="%", nullable=True)
rate_applied = _f("rate_applied", "Float64", "the yen per US$ this run converts at; empty "
                  "when nothing is converted", unit="JPY per USD", nullable=True, minimum=0)
value_stated = _f("value_stated_currency", "Float64", "the value in the currency the "
                  "document states (stated_currency)", unit="million (stated_currency)",
                  nullable=True, minimum=0)
span = _f("span", "category", "what the figure covers: one year or several years",
          enum=("one year", "several years"), nullable=True)
figure = _f("figure", "string", "the kind of figure: draft budget, one-year budget "
            "or allocation, multi-year total", nullable=True)
period = use("period", nullable=True)
conversion = _f("conversion", "string", "who converted the currency and at what rate",
                nullable=True)
conversion_short = _f("conversion_short", "string", "the conversion in a few words, for a "
                      "figure's label", nullable=True)
converted = _f("converted", "boolean", "this run converts the figure at jpy_per_usd",
               nullable=True)
total = _f("total", "Float64", "the figure as stated, over the period it covers",
           unit=MILLIONS, nullable=True, minimum=0)
annual = _f("annual", "Float64", "the figure ÷ the years it covers (the years the amount "
            "states, else the timeframe's)", unit=MILLIONS, nullable=True, minimum=0)
timeframe_years = _f("timeframe_years", "Int64", "years from the programme's first to its "
                     "last year", unit="years", nullable=True, minimum=1)
years_reading = _f("years_reading", "category", "which years the annual figure divides by: "
                   "one year, the years the amount states, or the timeframe",
                   enum=("one year", "stated years", "timeframe"), nullable=True)
year_covered = _f("year_covered", "Int64", "the year the figure covers, or its period's "
                  "middle year (rounded down)", unit="year", nullable=True, minimum=1900)
population_file = _f("population_file", "string", "the population's file in Gapminder's "
                     "data (population.data_file)", nullable=True)
population_line = _f("population_line", "Int64", "the population's line in that file "
                     "(population.data_line)", nullable=True, minimum=1)
divisor = _f("divisor", "Float64", "the count or population divided by; empty for a figure "
             "the document states per cluster, or for the years of an annual figure",
             nullable=True, minimum=0)
divisor_label = _f("divisor_label", "string", "what the figure is divided by, in words")
jpy_per_usd = _f("jpy_per_usd", "Float64", "the yen per US$ the row converts at",
                 unit="JPY per USD", minimum=0)
rate_label = _f("rate_label", "string", "the rate in words, or 'no conversion'")
measure_label = use("measure", dtype="string", enum=None, description="what the row gives")
sensitivity_measure = use("measure", dtype="string", enum=SENSITIVITY_MEASURES,
                          description="the basis varied: annual, annual_per_unit, and "
                          "per_capita or total on that basis only")

# --- 1. METI ----------------------------------------------------------------------------------
BUDGETS.table(
    "meti_line_items", "METI's policy tools, previous year and draft",
    "METI's line items (001): one row per item and fiscal year, the draft budget and the "
    "previous year's figure in parentheses beside it; shares of the stated total of the same "
    "year.",
    ["category", "item", "fiscal_year", STATUS, CURRENCY,
     use("amount", description="the item's amount in the run's currency", unit=MILLIONS),
     change, growth_pct,
     _f("share_pct", "Float64", "the item as a percentage of the stated national total of "
        "the same year, one decimal", unit="%", minimum=0),
     stated_currency,
     _f("stated_amount", "Float64", "the amount in the currency the document states "
        "(stated_currency)", unit="million (stated_currency)", nullable=True, minimum=0),
     "is_new", "source", "line"],
    primary_key=("item", "fiscal_year"))

BUDGETS.table(
    "meti_summary", "METI's stated total, listed items and the part not itemised",
    "One row per measure and fiscal year. The stated total, the listed items' sum, their "
    "difference and the share explained are the build's reconciliation of that year "
    "(check_id); on a draft row change and growth compare it with the previous year.",
    [measure_label, "fiscal_year", STATUS,
     use("unit", description="the unit of value: million <currency>, or % of stated total"),
     use("value", description="the measure in unit"), change.with_(unit="unit"),
     growth_pct, stated_currency,
     value_stated, rate_applied, CHECK, SOURCES, LINES],
    primary_key=("measure", "fiscal_year"))

# --- 2. MEXT ----------------------------------------------------------------------------------
BUDGETS.table(
    "knowledge_cluster", "MEXT's Knowledge Cluster budget, nationally and per cluster",
    "MEXT's two stated figures (003), the counts of areas and parts, the build's checks of "
    "the one against the other (check_id), what each count leaves unaccounted for, and the "
    "national budget ÷ each count.",
    [measure_label, use("value", description="the measure in unit"), NULLABLE_CURRENCY,
     use("unit", description="the unit of value: million <currency>, areas, parts or % of "
         "national budget"),
     value_stated.with_(description="an amount as the document states it, in its currency "
                        "(stated_currency); empty for a count or a percentage"),
     stated_currency,
     rate_applied.with_(description="the yen per US$ an amount in another currency than "
                        "the document's is at: the document's own rate where the register "
                        "reads it as stated (MEXT's ¥120: its section shows its dollars as it "
                        "states them), else the run's; empty otherwise"),
     _f("at_document_rate", "boolean", "the amount in another currency than the document's "
        "is at the rate the document states (so it is the document's own figure, shown as "
        "stated); false at the run's rate; empty for an amount not converted, a count or a "
        "percentage", nullable=True),
     _f("divisor_reading", "string", "for a row of one count: 'used' when the register's "
        "divisor judgement (divisor:kc-national-budget) uses that count, 'alternative' when "
        "it is another reading; empty otherwise", nullable=True),
     CHECK, SOURCES, LINES],
    primary_key=("measure",))

BUDGETS.table(
    "mext_stated_conversions", "MEXT's stated rates and other-currency figures",
    "The rates and equivalents 003 states beside its yen, as stated; a rate at par with the "
    "dollar is flagged, not corrected.",
    [use("kind", dtype="category", enum=("stated rate", "stated equivalent"),
         description="a stated exchange rate, or a stated figure in another currency"),
     use("item", description="the rate, or the budget item (budgets.item) the figure is "
         "given beside"),
     use("currency", description="the currency of the rate or figure, as the text gives it"),
     use("stated", description="the rate or the figure as the document states it (unit)"),
     use("unit", description="yen per unit of currency, or million <currency>"),
     _f("at_stated_rate", "Float64", "the yen figure at the stated rate, to set beside the "
        "stated figure", unit="million (currency)", nullable=True, minimum=0),
     _f("flag", "string", "why the stated figure is not a market figure; empty when it is "
        "not flagged", nullable=True),
     "source", "line", "raw"],
    primary_key=("kind", "item", "currency"))

# --- 3. every programme ---------------------------------------------------------------------
BUDGETS.table(
    "programme_budgets", "Every programme's budget figure on each basis",
    "One row per programme of the run's countries: its figure as stated, ÷ the years it "
    "covers, ÷ the units it funds and ÷ its country's population, each with a label saying "
    "what was divided by what. Amounts in millions of the run's currency.",
    ["programme_id", "programme", "country", figure, period, span,
     use("period_start", nullable=True), use("period_end", nullable=True), YEARS,
     timeframe_years, years_reading,
     "stated_amount",
     stated_currency, CURRENCY, converted, rate_applied, conversion, conversion_short,
     total, _f("total_label", "string", "the figure as stated, in words", nullable=True),
     annual, _f("annual_label", "string", "what the annual figure divides by what",
                nullable=True),
     _f("funded_units", "Float64", "the headline count of what the programme funds",
        unit="count", nullable=True, minimum=0),
     _f("funded_unit_kind", "string", "what is counted: projects, areas, clusters, "
        "locations", nullable=True),
     _f("funded_as_written", "string", "the count as the document writes it", nullable=True),
     _f("annual_per_unit", "Float64", "the annual figure ÷ the funded units, or the "
        "per-cluster figure the document states", unit=MILLIONS, nullable=True, minimum=0),
     _f("per_unit_label", "string", "what the per-unit figure divides by what",
        nullable=True),
     year_covered, "population_year", POPULATION,
     _f("per_capita", "Float64", "the annual figure ÷ the population of the programme's "
        "country in population_year", unit=PER_HEAD, nullable=True, minimum=0),
     _f("per_capita_label", "string", "what the per-capita figure divides by what, and the "
        "population year used", nullable=True),
     population_file, population_line, APPROXIMATE, NOTE.with_(nullable=True), SOURCES,
     LINES],
    primary_key=("programme_id",))

BUDGETS.table(
    "annual_readings", "Both readings of the years a multi-year total covers",
    "The multi-year totals ÷ the years used (the years the amount states, else the "
    "timeframe) and ÷ the timeframe's years, where the two disagree; only the first is used "
    "anywhere else.",
    ["programme_id", "programme", "country", period, total.with_(nullable=False), CURRENCY,
     _f("years_used", "Int64", "the years the annual figure divides by", unit="years",
        minimum=1),
     timeframe_years.with_(nullable=False), years_reading, annual,
     _f("readings_agree", "boolean", "the years the amount states are the timeframe's"),
     _f("over_timeframe", "Float64", "the figure ÷ the timeframe's years, where the readings "
        "disagree (not used anywhere else)", unit=MILLIONS, nullable=True, minimum=0),
     _f("rule", "string", "the rule that picks the years used, in words"), SOURCES, LINES],
    primary_key=("programme_id",))

BUDGETS.table(
    "programme_comparison", "The programmes on the run's basis, ranked",
    "One row per programme: its value on the basis the run's basis parameter picks, ranked "
    "largest first within its group (one-year figures and multi-year totals apart on the "
    "total basis); a programme without a value comes last, unranked.",
    ["programme_id", "programme", "country",
     use("basis", enum=vocab.BUDGET_BASES, description="the basis compared (the run's basis "
         "parameter)"),
     figure, period, span, CURRENCY, conversion, conversion_short,
     use("value", nullable=True, description="the programme's figure on the basis",
         unit=f"{MILLIONS}; on the per_capita basis {PER_HEAD}"),
     "rank",
     _f("ratio_to_next", "Float64", "the value over the next one down among the figures "
        "of its kind (one year, or several years)",
        unit="ratio", nullable=True, minimum=0),
     _f("basis_label", "string", "what the value divides by what", nullable=True),
     APPROXIMATE, converted, NOTE.with_(nullable=True), year_covered, "population_year",
     POPULATION, population_file, population_line,
     _f("group", "category", "the group the value is ranked in: all, or one year and "
        "several years on the total basis", enum=("all", "one year", "several years"),
        nullable=True),
     SOURCES, LINES],
    primary_key=("programme_id",))

# --- 4. sensitivity -------------------------------------------------------------------------
BUDGETS.table(
    "budget_sensitivity", "Every figure over the exchange rates and the divisors",
    "One row per programme, measure, divisor and rate: the ends of jpy_per_usd_range and the "
    "run's jpy_per_usd, over the divisors the documents allow; headline marks the row the "
    "run's tables use.",
    ["programme_id", "programme", "country", sensitivity_measure,
     use("reading", description="which divisor: annual (the years), stated (per cluster), "
         "headline, special areas only, one phase, parts, per unit or population"),
     divisor, divisor_label,
     _f("years_divided_by", "Float64", "the years the annual figure divides by: a period "
        "reading of the register (period:*); empty for a figure not divided by years",
        nullable=True, minimum=0),
     _f("period_reading", "string", "that period reading, as the register writes it",
        nullable=True),
     jpy_per_usd, rate_label,
     _f("restatement", "string", "the document's own yen as it converted them, or restated "
        "at another of the register's rates for the currency it converted (for a figure the "
        "document converted at a rate it does not state); 'none' for any other figure"),
     _f("restated_by", "Float64", "the factor that restatement multiplies the document's "
        "yen by (1: as converted)", unit="ratio", minimum=0),
     _f("in_range", "boolean", "the row is one of the readings the programme's range is "
        "taken over (not a run's rate the register does not have)"),
     CURRENCY,
     use("value", description="the figure at that rate and divisor",
         unit=f"{MILLIONS}; per_capita: {PER_HEAD}"),
     "approximate",
     use("headline", description="the reading the run's tables use (the run's rate, the "
         "headline divisor)"),
     SOURCES, LINES],
    primary_key=("programme_id", "measure", "divisor_label", "jpy_per_usd", "restatement"))

_range = f"{MILLIONS}; per_capita: {PER_HEAD}"
BUDGETS.table(
    "sensitivity_range", "How far each figure moves",
    "One row per programme and measure: its range over the readings the register allows "
    "(rates of an unstated conversion, restatements of a document's own yen, periods, "
    "divisors), the run's choice, and its rank "
    "among the others now and at best and worst.",
    ["programme_id", "programme", "country", sensitivity_measure, CURRENCY, "approximate",
     "scope",
     _f("scope_allowed", "string", "every reading of the figure's scope the register allows, "
        "the used one among them, separated by '; '; empty when it has none", nullable=True),
     use("headline", dtype="Float64", unit=_range, minimum=0,
         description="the figure the run's tables use: the run's choice"),
     _f("headline_label", "string", "its divisor and rate"),
     _f("run_in_range", "boolean", "the run's choice lies within the range (not when the "
        "run converts at a rate the register does not have)"),
     _f("rate_low", "Float64", "the lowest figure over the rates (headline divisor)",
        unit=_range, minimum=0),
     _f("rate_high", "Float64", "the highest figure over the rates (headline divisor)",
        unit=_range, minimum=0),
     _f("period_low", "Float64", "the lowest figure over the register's period readings "
        "(run's rate, headline divisor)", unit=_range, minimum=0),
     _f("period_high", "Float64", "the highest figure over the register's period readings "
        "(run's rate, headline divisor)", unit=_range, minimum=0),
     _f("divisor_low", "Float64", "the lowest figure over the divisors (run's rate)",
        unit=_range, minimum=0),
     _f("divisor_high", "Float64", "the highest figure over the divisors (run's rate)",
        unit=_range, minimum=0),
     _f("restated_low", "Float64", "the lowest figure over the restatements of the "
        "document's own yen (run's rate, headline divisor and period)", unit=_range,
        minimum=0),
     _f("restated_high", "Float64", "the highest figure over those restatements",
        unit=_range, minimum=0),
     _f("low", "Float64", "the lowest figure over every reading in the range: the range's "
        "low end", unit=_range, minimum=0),
     _f("low_label", "string", "the divisor and rate of the lowest"),
     _f("high", "Float64", "the highest figure over every reading in the range: the "
        "range's high end", unit=_range, minimum=0),
     _f("high_label", "string", "the divisor and rate of the highest"),
     _f("high_over_low", "Float64", "high ÷ low", unit="ratio", minimum=0),
     _f("low_jpy", "Float64", "the range's low end in yen, the basis two programmes are "
        "ordered on (so that the currency shown does not change an order)",
        unit="million JPY; per_capita: JPY per inhabitant per year", minimum=0),
     _f("high_jpy", "Float64", "the range's high end in yen", unit="million JPY; "
        "per_capita: JPY per inhabitant per year", minimum=0),
     _f("jpy_per_usd_low", "Float64", "the lowest rate tried", unit="JPY per USD", minimum=0),
     _f("jpy_per_usd_high", "Float64", "the highest rate tried", unit="JPY per USD",
        minimum=0),
     use("rank", description="the headline's rank among the other programmes' headlines "
         "of its kind (one year, or several years) at the run's rate (a place, not an "
         "order); empty for an umbrella total or a part of a total"),
     _f("rank_best", "Int64", "its best rank over its own readings", nullable=True,
        minimum=1),
     _f("rank_worst", "Int64", "its worst rank over its own readings", nullable=True,
        minimum=1),
     _f("judgements", "string", "the register's judgements the range rests on (ids, '; ' "
        "between them)", nullable=True),
     SOURCES, LINES],
    primary_key=("programme_id", "measure"))

# --- 5. Japan's two ministries in the same fiscal years --------------------------------------
BUDGETS.table(
    "japan_series", "METI's and MEXT's cluster budgets, fiscal year by fiscal year",
    "One row per ministry's programme and fiscal year that a document or an independent "
    "figure gives a national budget for: the figure as stated, its scope (the register's "
    "reading), and its range in the run's currency over the register's rates where a "
    "conversion is needed. A document's figure has its source, line and raw; an independent "
    "figure has its figure_id, source title and address, and the source, line and raw of "
    "the document figure it is set beside.",
    ["programme_id", "programme", "fiscal_year", figure,
     use("scope", nullable=False),
     _f("scope_judgement", "string", "the register's scope judgement the scope is read from "
        "(scope:*)", nullable=True),
     _f("from_documents", "boolean", "the figure is a document's own (else an independent "
        "figure's, figure_id)"),
     _f("in_series", "boolean", "the figure is one year of its programme's series: a "
        "document's own, or an independent figure the register reads as counting the same "
        "thing (definition 'same') from a source whose provenance it can say; else it is "
        "named apart (apart_because)"),
     _f("apart_because", "string", "why a figure is not a year of the series: 'another "
        "scope' (its definition reading is not 'same') or 'provenance unclear' (the same "
        "scope, from a source of unclear provenance); empty for a year of it",
        nullable=True, enum=("another scope", "provenance unclear")),
     use("figure_id", unique=False, nullable=True),
     use("definition", description="for an independent figure, the register's reading of "
         "whether it counts what the document's figure of the series counts: "
         + vocab.meaning("definition_reading") + "; empty for a document's own figure"),
     use("definition_judgement", description="the register's definition judgement of an "
         "independent figure (judgements.judgement_id); empty for a document's own figure"),
     _f("definition_alternatives", "string", "the other readings the register allows for "
        "that definition judgement ('unknown': whether the figure counts the same thing is "
        "not known); empty when it allows none", nullable=True),
     use("source_kind", nullable=True, description="for an independent figure, the kind of "
         "source: " + vocab.meaning("source_kind")),
     use("independence", nullable=True, description="for an independent figure, how its "
         "source stands to the issuer of the document whose figure it bears on: the "
         "register's independence reading"),
     use("independence_judgement", nullable=True),
     stated_currency.with_(nullable=False),
     _f("stated_value", "Float64", "the figure as stated, in millions of stated_currency",
        unit="million (stated_currency)", minimum=0),
     CURRENCY,
     use("value", dtype="Float64", unit=MILLIONS, minimum=0, description="the figure in the "
         "run's currency: as stated, or converted at the run's jpy_per_usd (the run's "
         "choice)"),
     _f("value_low", "Float64", "the lowest value over the rates the register allows for the "
        "conversion (the stated figure when none is needed)", unit=MILLIONS, minimum=0),
     _f("value_high", "Float64", "the highest value over those rates", unit=MILLIONS,
        minimum=0),
     _f("rates", "string", "the rates the range is over, in words, and the register's "
        "conversion judgement; 'as stated' when nothing is converted"),
     _f("conversion_judgement_id", "string", "the register's conversion judgement the range's "
        "rates are read from; empty when nothing is converted or the run's range is used",
        nullable=True),
     use("source_title", nullable=True), use("publisher", nullable=True),
     use("url", nullable=True),
     use("quote", nullable=True, description="for an independent figure, its source's words "
         "(which say the budget's stage: 予算額, 政府予算額, a budget of a year); empty for a "
         "document's own figure, whose words are raw"),
     use("source", description="the document the row's figure is in, or, for an independent "
         "figure, the document whose figure it is set beside"),
     use("line", description="the line of that document: the figure's own, or the one an "
         "independent figure is set beside (which does not state the independent figure)"),
     "raw"],
    primary_key=("programme_id", "fiscal_year", "figure"))

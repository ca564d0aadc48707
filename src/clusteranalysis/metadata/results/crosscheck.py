"""The result tables of ``04_crosscheck`` (:mod:`clusteranalysis.studies.crosscheck`)."""

from __future__ import annotations

from clusteranalysis.metadata import vocab
from clusteranalysis.metadata.fields import TRACE, use
from clusteranalysis.metadata.results.declare import COMPUTED_LINE, COMPUTED_SOURCE, StudyResults
from clusteranalysis.metadata.vocab import meaning

#: The verdicts of the rule (``vocab.VERDICTS``) and the verdict of a source of unclear
#: provenance, which carries none of its own.
VERDICTS = (*vocab.VERDICTS, "provenance unclear")
#: How a source stands to the document's issuer: the register's independence readings.
INDEPENDENCE = vocab.INDEPENDENCE_CLASSES

RESULTS = StudyResults("04_crosscheck.ipynb",
                       "Cross-check: the documents beside independent sources")
_f = RESULTS.field

_COUNT = {"unit": "count", "minimum": 0}

_f("document_value", "Float64", "the document figure as its processed table holds it (the "
   "sum of its rows where it is a sum), in document_unit: whole currency units for an "
   "amount")
_f("document_unit", "string", "unit of document_value, in the independent figures' terms "
   "(what is counted, an ISO currency code, 'JPY per USD', year, years)")
_f("document_as_of", "string", "the year(s) the document figure is as of: a count's year, "
   "the years an amount covers, else the document's year")
_f("independent_value", "Float64", "the independent figure, in independent_unit (whole "
   "currency units for an amount)")
_f("independent_unit", "string", "unit of independent_value")
_f("independent_text", "string", "the independent figure as the external data gives it: "
   "its source's words where independent_text_quoted, else the reference list's summary")
_f("independent_text_quoted", "boolean", "independent_text stands in the words quoted from "
   "the source (NFKC): a figure as written, not the reference list's summary of it")
_f("independent_as_of", "string", "the date or period the independent figure is as of, as "
   "precisely as its source gives it; empty when undated", nullable=True)
_f("independent_year", "Float64", "where the independent figure stands on a time axis: its "
   "date, the middle of the years an amount covers, else the end of the period it counts",
   unit="decimal year", nullable=True)
_f("verdict", "category", "how the two figures relate, by the rule of "
   "clusteranalysis.studies.crosscheck.rule; 'provenance unclear' for a source the register "
   "cannot place, which carries no verdict of its own", enum=VERDICTS)
_f("conversion_judgement", "string", "the register's conversion judgement whose cited rates "
   "convert the independent amount into the document's currency; empty when none is needed",
   nullable=True)
_f("rate_unit", "string", "unit of cited_rate_low, cited_rate_high and implied_rate: yen "
   "per unit of the other currency where one side is yen, else document currency per independent "
   "currency; empty when no conversion", nullable=True)
_f("cited_rate_low", "Float64", "lowest cited rate (reference_rates) the conversion judgement "
   "names", nullable=True)
_f("cited_rate_high", "Float64", "highest cited rate the conversion judgement names",
   nullable=True)
_f("implied_rate", "Float64", "the rate at which the two amounts would be equal (the "
   "rate the document's figure implies), in rate_unit", nullable=True)
_f("ratio_low", "Float64", "lowest ratio independent / document, in the document's unit "
   "(over the cited rates for two currencies)", nullable=True)
_f("ratio_high", "Float64", "highest ratio independent / document (over the cited rates)",
   nullable=True)
_f("comparisons", "Int64", "comparisons counted", **_COUNT)
_f("cited_rates", "Int64", "how many cited rates the conversion judgement names, each a "
   "reading of its own; empty when no conversion", nullable=True, minimum=1)
_f("cited_rates_agreeing", "Int64", "at how many of the cited rates the two amounts agree "
   "(within the tolerance, or the rounding of an approximate one): at each, 'agrees'; at "
   "some, 'depends on the rate'; empty when no conversion", nullable=True, minimum=0)
_f("independence_allowed", "string", "every independence reading the register allows for "
   "the source (the used one among them), separated by '; '")
_f("agrees_without_tolerance", "boolean", "the rule gives 'agrees' at tolerance 0 too: "
   "equal, or within the rounding of an approximate figure (at each cited rate), whatever the "
   "run's tolerance")
_f("independent_confirmations", "Int64", "of these, comparisons that hold as independent "
   "confirmation under every reading and parameter: a source independent under every reading "
   "the register allows, its figure in the source's quoted words (not the reference list's "
   "summary), a verdict the same under every definition reading, and agreement at tolerance "
   "0 (agrees_without_tolerance)", **_COUNT)
_f("independent_confirming_sources", "Int64", "how many distinct sources (addresses) the "
   "independent_confirmations come from: one source may give several figures", **_COUNT)
_f("from_independent_under_every_reading", "Int64", "of these, comparisons with a source the "
   "register reads as independent under every reading it allows", **_COUNT)
_f("verdict_under_other_definition_readings", "string", "the verdict under each other "
   "reading the register allows for the definition judgement ('reading: verdict', separated "
   "by '; '); empty when it allows no other. Rates and independence are not varied here",
   nullable=True)
_f("verdict_under_every_definition_reading", "boolean", "the verdict is the same under every "
   "definition reading the register allows (true when it allows only the one used)")
_f("on_list_summary", "Int64", "of these, comparisons whose other source's figure is the "
   "reference list's summary, not in the words quoted from the source "
   "(independent_text_quoted false)", **_COUNT)
_f("under_every_definition_reading", "Int64", "of these, comparisons whose verdict is the "
   "same under every definition reading the register allows", **_COUNT)
for _class in INDEPENDENCE:  # from_independent, from_same_government, ...: per class
    _f("from_" + _class.replace(" ", "_"), "Int64",
       f"of these, comparisons with a source whose independence is '{_class}'", **_COUNT)
for _verdict in VERDICTS:  # agrees, differs_by_timing, ...: a count per verdict
    _f(_verdict.replace(" ", "_"), "Int64",
       f"comparisons of the topic whose verdict is '{_verdict}'", **_COUNT)
_f("ratio_min", "Float64", "lowest ratio independent / document of the topic", nullable=True)
_f("ratio_max", "Float64", "highest ratio independent / document of the topic",
   nullable=True)
_f("years_compared", "string", "which year comparisons: agree (the same year) or differ",
   enum=("agree", "differ"))
_f("annual_amount", "Float64", "the amount per year: an annual amount as it is, a total "
   "divided by its years", unit="currency units per year", minimum=0)
_f("per_head", "Float64", "annual_amount divided by the population of population_year",
   unit="currency units per inhabitant per year", minimum=0)

RESULTS.table(
    "crosscheck", "Comparisons",
    "One row per independent figure that bears on a document figure: both values, their "
    "as-of dates, the ratio or the difference in years, the verdict and why. source, line "
    "and raw are the document figure's.",
    ["topic", "figure_id", "programme_id", "counted",
     use("measure", enum=vocab.FIGURE_MEASURES,
         description="kind of number compared: " + meaning("measure_figure")),
     use("document_source", nullable=False), use("document_line", nullable=False),
     use("document_raw", nullable=False), use("document_column", nullable=False),
     "document_value", "document_unit", "document_as_of", "independent_value",
     "independent_unit", "independent_text", "independent_text_quoted", "independent_as_of",
     "independent_year", "url",
     "source_title", "source_kind", use("independence"), use("independence_judgement"),
     "independence_allowed",
     use("definition", nullable=False), "definition_judgement",
     "verdict_under_other_definition_readings", "verdict_under_every_definition_reading",
     "conversion_judgement",
     "rate_unit", "cited_rate_low", "cited_rate_high", "implied_rate", "cited_rates",
     "cited_rates_agreeing",
     use("ratio", nullable=True, description="independent_value / document_value in one "
         "unit; empty for years, where the kinds differ and for two currencies (see "
         "ratio_low, ratio_high)"),
     "ratio_low", "ratio_high",
     use("difference", nullable=True, description="independent_value minus document_value "
         "(for years, the difference in years); empty where the units differ"),
     "verdict", "agrees_without_tolerance",
     use("reason", dtype="string", enum=None, description="why the comparison has its "
         "verdict, in words (the numbers are in the row)"),
     *TRACE],
    primary_key=("figure_id",))
RESULTS.table(
    "verdicts", "Comparisons by verdict",
    "How many comparisons got each verdict (every verdict listed, zero included), and all; "
    "each split by how the source stands to the document's issuer.",
    [RESULTS.fields["verdict"].with_(enum=(*VERDICTS, "all"),
                                     description="a verdict, or 'all' for every comparison"),
     "comparisons", *("from_" + c.replace(" ", "_") for c in INDEPENDENCE),
     "from_independent_under_every_reading", "under_every_definition_reading",
     "independent_confirmations", "independent_confirming_sources",
     "on_list_summary", COMPUTED_SOURCE, COMPUTED_LINE],
    primary_key=("verdict",))
RESULTS.table(
    "topics", "Comparisons by topic",
    "Per topic: comparisons, each verdict's count, the lowest and highest ratio.",
    ["topic", "comparisons", *(v.replace(" ", "_") for v in VERDICTS), "ratio_min",
     "ratio_max", COMPUTED_SOURCE, COMPUTED_LINE],
    primary_key=("topic",))
RESULTS.table(
    "years", "Year comparisons",
    "How many of the years independent sources give are the documents' own, and how many "
    "differ.",
    ["years_compared", "comparisons", COMPUTED_SOURCE, COMPUTED_LINE],
    primary_key=("years_compared",))
RESULTS.table(
    "per_head", "Programme budgets per head",
    "The documents' programme budgets per inhabitant per year, in the currency each "
    "document uses.",
    ["programme_id", "country", "item", "status", "period_start", "period_end", "period",
     "period_years", "basis", "amount", "currency", "annual_amount",
     use("year", nullable=False, description="the year the amount is put at: its year, or "
         "the middle of its period"),
     "population_year", "population", "per_head", "scope",
     RESULTS.fields["conversion_judgement"].with_(
         description="the register's conversion judgement on the rate behind the amount's "
         "currency; empty when the register has none"),
     *TRACE],
    primary_key=("programme_id", "item", "status"))

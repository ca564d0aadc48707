"""Every vocabulary of the project, declared once: the allowed values of each category column.

The field registry (``clusteranalysis.metadata.fields``), the notebook parameters
(``clusteranalysis.studies.params``) and the figures take their values from here.
Vocabularies that interpretation decides
(countries, regions, programmes, fields) are generated from the reviewed lookups in
``lookups/``, in the order of their rows, which is also the order tables and figures use.
The others are fixed by the code that produces them and listed here with what each value
means; :data:`MEANINGS` feeds the field descriptions in ``datapackage.json``.
"""

from __future__ import annotations

from clusteranalysis.metadata.lookups import lookup


def _unique(values: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v for v in values if v))


# --- from the lookups -----------------------------------------------------------------------

#: Countries, in display order (lookups/countries.csv, order of first appearance).
COUNTRIES: tuple[str, ...] = _unique([r["country"] for r in lookup("countries")])
#: Programme identifiers (lookups/programmes.csv).
PROGRAMME_IDS: tuple[str, ...] = _unique([r["programme_id"] for r in lookup("programmes")])
#: Countries that run one of the programmes (the budgets and timelines studies' countries).
PROGRAMME_COUNTRIES: tuple[str, ...] = tuple(
    c for c in COUNTRIES if c in {r["country"] for r in lookup("programmes")})
#: METI regional-bureau regions (lookups/regions.csv).
REGIONS: tuple[str, ...] = _unique([r["region"] for r in lookup("regions")])
#: Fields of the Japanese projects in English (lookups/fields.csv).
PROJECT_FIELDS: tuple[str, ...] = _unique([r["field"] for r in lookup("fields")])
#: Languages a document or an independent source may be in (lookups/languages.csv): each is
#: also the Babel locale that gives its number format, month names and date patterns.
LANGUAGES: tuple[str, ...] = _unique([r["language"] for r in lookup("languages")])
#: ISO codes of the currencies the documents' amounts may be in: every currency the parsing
#: vocabulary can read (lookups/words.csv, kind currency), in the order of its first row.
CURRENCIES: tuple[str, ...] = _unique([r["value"] for r in lookup("words")
                                       if r["kind"] == "currency"])

#: The programmes the code names, each a row of lookups/programmes.csv (checked below):
#: studies and parsers name a programme by these constants, never by a typed string.
METI_CLUSTER = "meti_industrial_cluster"
MEXT_KNOWLEDGE_CLUSTER = "mext_knowledge_cluster"
FRENCH_POLES = "fr_poles_de_competitivite"
_NAMED_PROGRAMMES = (METI_CLUSTER, MEXT_KNOWLEDGE_CLUSTER, FRENCH_POLES)
if not set(_NAMED_PROGRAMMES) <= set(PROGRAMME_IDS):
    raise ValueError("lookups/programmes.csv lacks "
                     f"{sorted(set(_NAMED_PROGRAMMES) - set(PROGRAMME_IDS))}")

# --- fixed by the parsers ---------------------------------------------------------------------

PHASES = ("I", "II")
GROUP_KINDS = ("programme", "project", "cluster")
CLUSTER_KINDS = ("overseas high-tech", "programme example", "japanese example",
                 "cooperation example")
BASES = ("annual", "total", "per_cluster_per_year")
#: Whether a budget's years are fiscal years (April to March), calendar years, or years the
#: text gives without saying which ('in 2001': the UK's financial year or the calendar year).
YEAR_BASES = ("fiscal year", "calendar year", "year, basis not stated")
STATUSES = ("draft", "previous year", "stated")
PARTICIPANT_TYPES = (
    "companies", "smes", "ventures", "universities", "academic institutions",
    "research organizations", "government organizations", "researchers", "government staff",
    "local government", "financial institutions", "projects", "clusters", "areas",
    "area parts", "people",
)
TIMELINE_KINDS = (
    "policy era", "law", "programme", "programme phase", "plan", "event", "cluster history",
)
#: The kinds the timelines study draws: the overseas clusters' histories are left out.
STUDY_TIMELINE_KINDS = tuple(k for k in TIMELINE_KINDS if k != "cluster history")
#: How precisely a date is given, most precise first: the order decides which of two mentions
#: of one timeline entity the build keeps (build.rules). 'mid-1990s' (read as 1995) is more
#: precise than '1990s' (ten years); a fiscal year more than a year (it fixes 1 April).
PRECISIONS = ("day", "month", "fiscal year", "year", "mid-decade", "decade")
CONFIDENCES = ("certain", "likely", "possible", "none")
AS_OF_BASES = ("stated", "footnote", "inferred footnote", "document date")
PLANNED_BASES = ("stated", "after document date")
REGION_BASES = ("stated", "block", "name", "reviewed")
DATE_BASES = ("document", "catalogue")
SCALE_MEASURES = (
    "population", "workforce", "employees", "students", "area", "jobs created", "length",
    "width", "radius", "distance", "cities", "share of national total", "company growth",
)
SCALE_UNITS = ("people", "km2", "km", "cities", "%", "companies per year")
COVERAGE_STATUSES = ("read", "skipped")
SKIP_REASONS = (
    "page number", "list number", "footnote mark", "part of a name", "year in a title",
    "heading", "repeat", "not a count", "garbled text", "document date", "rate unit",
    "not read yet",
)

# --- the studies' parameters ------------------------------------------------------------------

#: The currencies 01_budgets shows amounts in (it converts between these two).
DISPLAY_CURRENCIES = ("JPY", "USD")
#: The bases 01_budgets puts a figure on (clusteranalysis.studies.budgets defines each).
BUDGET_BASES = ("annual", "annual_per_unit", "total", "per_capita")
#: The phases 02_participants can show: one of PHASES, or both.
PHASE_CHOICES = (*PHASES, "both")
#: How 02_participants groups projects.
GROUPINGS = ("region", "field")
#: What 02_participants ranks projects by (participant types).
PROJECT_METRICS = ("companies", "universities")
#: The languages of names 02_participants shows: as written (ja), English, or both.
NAME_LANGUAGES = ("en", "ja", "both")

# --- the cross-check (data/external) ---------------------------------------------------------

#: What an independent figure is about: one topic per series the cross-check draws.
FIGURE_TOPICS = (
    "meti_projects", "meti_companies", "meti_universities", "meti_terms", "meti_budget",
    "kc_budget", "kc_areas", "exchange_rate", "fr_poles", "fr_funding", "de_bioregio",
    "de_innoregio", "fi_centres", "uk_mnt", "uk_rda",
)
#: What kind of number an independent figure is.
FIGURE_MEASURES = ("count", "amount", "rate", "year", "duration")
#: Who published the words an independent figure was read from.
SOURCE_KINDS = ("primary", "parliamentary", "press", "secondary")
#: Languages of the independent sources: the project's languages.
SOURCE_LANGUAGES = LANGUAGES
#: The processed tables a document figure can be read from.
DOCUMENT_TABLES = ("participants", "budgets", "exchange_rates", "timeline")
#: The currencies of the reference rates: the ECB's (per euro) and the euro's former
#: national currencies at their fixed conversion rates (DEM Deutsche Mark, FIM markka, FRF
#: French franc).
RATE_CURRENCIES = ("EUR", "JPY", "USD", "GBP", "DEM", "FIM", "FRF")
#: How a reference rate is taken from the daily rates (clusteranalysis.build.rates).
RATE_BASES = ("calendar year mean", "fiscal year mean", "fixed conversion rate")

# --- the register of judgements (lookups/judgements.csv) ---------------------------------------

#: What a judgement decides (each kind's readings are in JUDGEMENT_READINGS or, for the kinds
#: with numbers, in the grammar of clusteranalysis.metadata.judgements).
JUDGEMENT_KINDS = ("definition", "divisor", "period", "conversion", "continuation",
                   "independence", "scope")
#: The readings of the kinds whose readings are words.
JUDGEMENT_READINGS: dict[str, tuple[str, ...]] = {
    "definition": ("same", "wider", "narrower", "different", "probable mistranslation",
                   "unknown"),
    "independence": ("same ministry", "same government", "independent",
                     "provenance unclear"),
    "scope": ("umbrella total", "programme total", "one allocation", "per-cluster subsidy",
              "part of a total"),
}
#: The scope readings a ranking treats apart: an umbrella total is ranked against no single
#: programme; a part of a total bounds its whole from below only, so nothing is put above it.
SCOPE_UMBRELLA, SCOPE_PART = "umbrella total", "part of a total"
#: How an independent source stands to the document's issuer: the register's independence
#: readings, in the order the studies count them (the most independent first).
INDEPENDENCE_CLASSES = ("independent", "same government", "same ministry", "provenance unclear")
#: The independence class of a source whose author and origin are not known: it carries no
#: verdict of its own in 04 and is no year of a series in 01.
PROVENANCE_UNCLEAR = INDEPENDENCE_CLASSES[-1]
#: Whether an independent figure counts what the document figure counts: the reading of the
#: register's definition judgement about the comparison, as the register words it.
DEFINITIONS = JUDGEMENT_READINGS["definition"]

#: The verdicts of a comparison (clusteranalysis.studies.crosscheck.verdict gives the rule).
VERDICTS = ("agrees", "differs by timing", "timing unknown", "differs by definition",
            "definition uncertain", "depends on the rate", "conflicts")
#: The definition readings that leave open whether two figures count the same thing: a
#: comparison resting on one gets "definition uncertain", and its values are not judged.
DEFINITIONS_UNCERTAIN = ("unknown", "probable mistranslation")

MEANINGS: dict[str, dict[str, str]] = {
    "as_of_basis": {
        "stated": "the text gives the year beside the figure",
        "footnote": "a footnote mark whose legend stands on the same page",
        "inferred footnote": "a footnote mark on a page without a legend: the legend of the "
                             "table's first page is assumed, the document does not say so",
        "document date": "no year beside the figure: the document's own date",
    },
    "planned_basis": {
        "stated": "the text says it is planned (予定)",
        "after document date": "it starts after the document's own date (data/raw/sources.csv)",
    },
    "region_basis": {
        "stated": "the document writes the region after the project's name ('(Chubu)')",
        "block": "the document lists the project under a regional heading or in a "
                 "region's block",
        "name": "the project's name names the region or a place in it",
        "reviewed": "the text gives nothing: a reviewed lookup decides (see its note)",
    },
    "date_basis": {
        "document": "the text states it (date_line, date_text); the build checks the line",
        "catalogue": "the text does not: data/raw/sources.csv gives the earliest date the "
                     "text allows (the text may be later), with its reason in the "
                     "catalogue's 'contains' note ('Undated: …')",
    },
    "confidence": {
        "certain": "both documents write the same name (shared_name)",
        "likely": "a translation judgement: the names translate each other, same region "
                  "and field",
        "possible": "the phase II project covers this one among others; no merger stated",
        "none": "no phase II project continues it in the list",
    },
    "basis": {
        "annual": "one year's amount",
        "total": "the whole amount over the period",
        "per_cluster_per_year": "the amount for each cluster in each fiscal year",
    },
    "status": {
        "draft": "a draft budget, as the document words it ('FY2005 draft budget'): not an "
                 "enacted budget",
        "previous year": "the previous year's figure, in parentheses beside the draft",
        "stated": "a figure the document states",
    },
    "topic": {
        "meti_projects": "number of METI Industrial Cluster projects",
        "meti_companies": "companies taking part in METI's projects",
        "meti_universities": "universities taking part in METI's projects",
        "meti_terms": "first and last years of METI's cluster-policy terms",
        "meti_budget": "METI's cluster budget",
        "kc_budget": "MEXT Knowledge Cluster budget, in all and per cluster",
        "kc_areas": "areas (regions, clusters) of the Knowledge Cluster Initiative",
        "exchange_rate": "the yen-dollar rate a document converts at",
        "fr_poles": "French competitiveness clusters (pôles de compétitivité) labelled",
        "fr_funding": "state funding envelopes of the French pôles",
        "de_bioregio": "BioRegio: regions, years and funding",
        "de_innoregio": "InnoRegio: networks, years and funding",
        "fi_centres": "Finnish Centres of Expertise: periods and centres",
        "uk_mnt": "UK Micro- and Nanotechnology network: funding",
        "uk_rda": "UK Regional Development Agencies",
    },
    "measure_figure": {
        "count": "a number of things (unit: what is counted)",
        "amount": "money (unit: ISO currency code; DEM for Deutsche Mark)",
        "rate": "an exchange rate (unit: 'JPY per USD')",
        "year": "a calendar or fiscal year (unit: year)",
        "duration": "a number of years (unit: years)",
    },
    "source_kind": {
        "primary": "the issuing ministry or agency (also when read from a mirror: see the "
                   "confidence note)",
        "parliamentary": "a parliament's report, record or news service",
        "press": "a newspaper, news agency, weekly or trade press",
        "secondary": "anyone else: a research paper, dictionary, cluster site or a copy of "
                     "unclear provenance",
    },
    "year_basis": {
        "fiscal year": "fiscal years (FY, 年度): April to March",
        "calendar year": "calendar years, as written",
        "year, basis not stated": "a year the text gives without saying whether it is a "
                                  "calendar or a financial year",
    },
    "rate_basis": {
        "calendar year mean": "the mean of the ECB's daily reference rates over the days of "
                              "a calendar year that have a rate (a cross rate: the mean of "
                              "the daily cross rates through the euro)",
        "fiscal year mean": "the same over a fiscal year, 1 April to 31 March (Japan's fiscal "
                            "year and the UK government's financial year: FY2004 is April "
                            "2004 to March 2005)",
        "fixed conversion rate": "the euro's irrevocable conversion rate of a former national "
                                 "currency (Council Regulation (EC) No 2866/98), valid from 1 "
                                 "January 1999; applied to an earlier amount it is a unit "
                                 "conversion, not a market rate",
    },
    "judgement_kind": {
        "definition": "whether two figures count the same thing: the reading says what the "
                      "second figure of 'about' counts beside the first (same, wider, "
                      "narrower, different, probable mistranslation of the same, unknown)",
        "divisor": "the counts a budget figure may be divided by ('17 areas')",
        "period": "the years an amount may cover and the number of years it is spread over "
                  "('1996-2001, 5 years'; FY for fiscal years)",
        "conversion": "the rate a currency conversion was made at: stated by the document "
                      "('stated 120 JPY per USD') or 'unstated', with the plausible rates "
                      "as readings",
        "continuation": "whether a programme ran past its document's date, as a later "
                        "document shows ('runs to 2008', 'planned end 2004', 'ends 2001', "
                        "'open after 2005'), or whether a term planned when written was "
                        "under way at a later document's date ('under way in 2008')",
        "independence": "how independent an independent figure's source is of the issuer of "
                        "the document it bears on",
        "scope": "what a budget figure covers: a ministry's umbrella total, one programme's "
                 "total, one allocation, a per-cluster subsidy or a part of a total",
    },
    "definition_reading": {
        "same": "it counts what the document figure counts",
        "wider": "it counts a wider group (companies against SMEs)",
        "narrower": "it counts a part (one region's or one year's amount)",
        "different": "it counts something else (another event, period or programme)",
        "probable mistranslation": "the same thing, if the document's English mistranslates "
                                   "its source (大学 as 'researchers'); different as written",
        "unknown": "the sources do not say",
    },
    "independence_reading": {
        "same ministry": "the document's issuer itself (its own later page)",
        "same government": "another body of the issuer's government",
        "independent": "a body outside the issuer's government (parliament, press, "
                       "research, another country's government)",
        "provenance unclear": "who stands behind the figure is not known",
    },
    "status_coverage": {
        "read": "a table row's value came from this number",
        "skipped": "not data (lookups/coverage_skips.csv gives the reason)",
    },
}


#: Where each vocabulary drawn from the lookups is declared, for errors that name a value
#: outside it (the others are declared in this module).
ORIGINS: dict[str, tuple[tuple[str, ...], str]] = {
    "countries": (COUNTRIES, "lookups/countries.csv"),
    "programmes": (PROGRAMME_IDS, "lookups/programmes.csv"),
    "regions": (REGIONS, "lookups/regions.csv"),
    "fields": (PROJECT_FIELDS, "lookups/fields.csv"),
    "languages": (LANGUAGES, "lookups/languages.csv"),
    "currencies": (CURRENCIES, "lookups/words.csv (kind currency)"),
}


def origin(values: tuple[str, ...]) -> str:
    """Where a vocabulary is declared: its lookup, or this module."""
    for declared, where in ORIGINS.values():
        if values is declared:
            return where
    return "clusteranalysis.metadata.vocab"


def meaning(vocabulary: str) -> str:
    """'value: meaning; …' for a field description."""
    return "; ".join(f"{k}: {v}" for k, v in MEANINGS[vocabulary].items())


if not set(PROJECT_METRICS) <= set(PARTICIPANT_TYPES):
    raise ValueError(f"PROJECT_METRICS {PROJECT_METRICS} are not all PARTICIPANT_TYPES")

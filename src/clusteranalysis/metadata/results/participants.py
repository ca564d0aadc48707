"""The result tables of ``02_participants`` (:mod:`clusteranalysis.studies.participants`)."""

from __future__ import annotations

from clusteranalysis.metadata import vocab
from clusteranalysis.metadata.fields import TRACE, use
from clusteranalysis.metadata.results.declare import StudyResults

RESULTS = StudyResults("02_participants.ipynb",
                       "Who takes part: companies and universities in Japan's industrial "
                       "clusters")
_f = RESULTS.field

_COUNT = {"unit": "count", "minimum": 0}
_YEAR = {"unit": "year", "minimum": 1900}
_PCT = {"unit": "%", "minimum": 0}

#: ``source`` and ``line`` of a row computed from several rows, as
#: :func:`clusteranalysis.provenance.citations.with_provenance` writes them ("001_….txt;
#: 002_….txt", "101; 16").
_SOURCES = use("source", description="raw file(s) the row was computed from, '; ' between "
               "files (data/raw/sources.csv describes each)")
_LINES = use("line", dtype="string", minimum=None, description="the lines of those files "
             "the row stands on: ', ' between lines, '; ' between the files' groups, in the "
             "order of source")

# --- phase II projects ---------------------------------------------------------------------
_RANK = use("rank", nullable=False, description="rank by the metric parameter (phase I "
            "groups: by projects), 1 for the largest; ties share a rank")
_f("shown", "boolean", "among the first top_n rows (of its phase): the rows the notebook's "
   "table and figure show; the others stay in the file")
_f("name_ja", "string", "the project's Japanese name as written, NFKC-normalised "
   "(ＴＯＨＯＫＵ → TOHOKU)")
_f("field_ja", "string", "the project's field words as written (NFKC)")
_f("companies_as_written", "string", "the company count as written (約…社)")
_f("universities_as_written", "string", "the university count as written (…大学)")
_f("companies_approximate", "boolean", "the document gives the company count (a group: any "
   "of its projects' counts) as approximate (約)")
_f("companies_share_pct", "Float64", "share of the companies summed over the listed "
   "projects (or groups of the phase), not of the stated national total", nullable=True,
   **_PCT)
_f("universities_share_pct", "Float64", "share of the university places summed over the "
   "listed projects (or groups of the phase)", nullable=True, **_PCT)

# --- groups --------------------------------------------------------------------------------
_f("by", "category", "what the projects are grouped by (the by parameter)",
   enum=vocab.GROUPINGS)
_f("group_en", "string", "the group: the METI region or the field (as by says), in English")
_f("group_ja", "string", "the group in Japanese, where the documents give one",
   nullable=True)
_f("n_projects", "Int64", "distinct projects the row's figures are over", **_COUNT)
_f("multi_field_projects", "Int64", "of those, projects that list several fields (counted "
   "in each of their fields)", **_COUNT)
_f("field_basis", "string", "where the fields come from: phase I's field lists (METI 2005), "
   "phase II's field words (MEXT 2008a); empty by region", nullable=True)
_f("projects", "Int64", "projects of the phase", **_COUNT)
_f("groups", "Int64", "groups (regions or fields) of the phase", **_COUNT)
_f("companies_over_projects", "Int64", "companies summed over the phase's projects (phase II "
   "only)", nullable=True, **_COUNT)
_f("companies_over_groups", "Int64", "companies summed over the groups: more than over the "
   "projects by field, where a multi-field project counts in each", nullable=True, **_COUNT)
_f("universities_over_projects", "Int64", "university places summed over the phase's "
   "projects (phase II only)", nullable=True, **_COUNT)
_f("universities_over_groups", "Int64", "university places summed over the groups",
   nullable=True, **_COUNT)

# --- phase I → II ----------------------------------------------------------------------------
_MEASURE = use("measure", dtype="string", enum=("projects", "companies", "universities"),
               description="what is counted: projects, companies or universities (each "
               "document's own definition in the counts and definition columns)")
_f("phase_i", "Int64", "the national figure of phase I as stated (METI 2005)",
   nullable=True, **_COUNT)
_f("phase_ii", "Int64", "the national figure of phase II as stated (MEXT 2008a)",
   nullable=True, **_COUNT)
_f("change_as_written", "Int64", "phase_ii minus phase_i, as written; empty where the two count "
   "different units", nullable=True, unit="count")
_f("change_pct", "Float64", "change ÷ phase_i, where the register's reading used reads the "
   "two as one kind of thing (comparable); empty otherwise: no growth rate", nullable=True,
   unit="%")
_f("comparable", "boolean", "the register's reading used says both documents count one "
   "kind of thing (definition_reading 'same')")
_f("definition_changed", "boolean", "the two documents count different things")
_f("comparable_under_every_reading", "boolean", "comparable under every reading the "
   "register allows for the definition judgement, not only the one used")
_f("definition_other_readings", "string", "the other readings the register allows for the "
   "definition judgement, '; ' between them; empty when it allows none", nullable=True)
_f("phase_i_as_of", "Int64", "year phase I's figure refers to", nullable=True, **_YEAR)
_f("phase_ii_as_of", "Int64", "year phase II's figure refers to", nullable=True, **_YEAR)
_f("phase_i_counts", "string", "what phase I's figure counts (participant_type)",
   nullable=True, enum=vocab.PARTICIPANT_TYPES)
_f("phase_ii_counts", "string", "what phase II's figure counts (participant_type)",
   nullable=True, enum=vocab.PARTICIPANT_TYPES)
_f("phase_i_definition", "string", "the counted noun as phase I writes it", nullable=True)
_f("phase_ii_definition", "string", "the counted noun as phase II writes it", nullable=True)
_f("phase_i_as_written", "string", "phase I's figure as written", nullable=True)
_f("phase_ii_as_written", "string", "phase II's figure as written", nullable=True)
_f("phase_i_lower_bound", "boolean", "phase I gives a lower bound (over)", nullable=True)
_f("phase_ii_approximate", "boolean", "phase II gives the figure as approximate (約)",
   nullable=True)
_f("link", "string", "the crosswalk's confidence of the links counted, or the phase II "
   "projects no phase I project links to")
_f("phase1_projects", "Int64", "phase I projects with a link of this confidence", **_COUNT)
_f("phase2_projects", "Int64", "distinct phase II projects they link to (or new in phase II)",
   **_COUNT)
_f("names_en", "string", "the projects' English names, '; ' between them")
_f("names_ja", "string", "the new phase II projects' Japanese names (NFKC), '; ' between "
   "them", nullable=True)
_f("link_basis", "string", "where the links come from: a reviewed lookup, not the "
   "documents")

# --- national totals -----------------------------------------------------------------------
_f("stated_as_written", "string", "the stated total as written (約…社, 約…大学)")
_f("stated_approximate", "boolean", "the document gives the total as approximate (約)")
_f("sum_of_projects", "Int64", "the project counts summed (the reconciliation's computed)",
   **_COUNT)
_f("difference_pct", "Float64", "difference ÷ stated", unit="%")
_f("stated_line", "Int64", "the line of the stated total (the reconciliation's line)",
   minimum=1)

# --- example clusters ------------------------------------------------------------------------
_f("share_of_listed_pct", "Float64", "share of the participants the document lists for the example",
   **_PCT)
_f("listed_total", "Int64", "participants the document lists for the example, summed over the "
   "types", **_COUNT)
_f("example", "string", "the example cluster's name as written (METI 2005)")
_f("example_companies", "Int64", "the example's companies (METI 2005)", **_COUNT)
_f("example_as_of", "Int64", "year the example's count refers to", nullable=True, **_YEAR)
_f("phase1_project", "string", "the phase I project the example is part of (English)")
_f("phase2_project_id", "string", "the phase II project that phase I project is linked to")
_f("phase2_name_ja", "string", "its Japanese name (NFKC)")
_f("phase2_name_en", "string", "its English name")
_f("phase2_companies", "Int64", "its companies (MEXT 2008a): the whole project's",
   **_COUNT)
_f("phase2_companies_approximate", "boolean", "MEXT 2008a gives that count as approximate "
   "(約)")
_f("phase2_as_of", "Int64", "year that count refers to", nullable=True, **_YEAR)
_f("link_confidence", "string", "the crosswalk's confidence of the link",
   enum=vocab.CONFIDENCES)

# --- overseas clusters ---------------------------------------------------------------------
_KIND = use("kind", dtype="string", enum=None, nullable=True, description="the kind of "
            "count: the counted noun as written, in the plural ('high-tech companies'), "
            "with 'created since' for a count of what was created over years; only counts "
            "of one kind compare")
_f("part_of", "string", "for a count that is part of a larger one, that figure "
   "('1,250 high-tech companies')", nullable=True)
_f("clusters", "Int64", "clusters with a count of this kind", **_COUNT)
_f("first_year", "Int64", "earliest year a count of this kind refers to", nullable=True,
   **_YEAR)
_f("last_year", "Int64", "latest year a count of this kind refers to", nullable=True,
   **_YEAR)
_f("inferred_years", "Int64", "counts whose year is inferred (a mark on a page without a "
   "legend)", **_COUNT)
_f("no_year", "Int64", "counts with no year", **_COUNT)


# --- the tables ------------------------------------------------------------------------------

_f("definition_reading", "string", "the reading the register's definition judgement uses "
   "(same, wider, narrower, probable mistranslation, different, unknown); empty where a "
   "count is missing", nullable=True)
_f("counted_definition", "string", "the register's reading of whether the example's count "
   "and the project's count one kind of company (the example's companies have no size, the "
   "project's stand under 中堅・中小企業): same, wider, unknown")
_f("counted_judgement", "string", "the register's definition judgement about the two counts "
   "(their participants rows)")
RESULTS.table(
    "phase2_projects", "Phase II projects",
    "One row per phase II project (MEXT 2008a): companies, universities, companies per "
    "university place and their shares of the sums over the projects, ranked by the metric "
    "parameter; source and line: the line of the counts.",
    ["project_id", _RANK, "shown", "name_ja", "name_en", "region", "region_ja",
     "region_basis", "field", "field_ja", "companies", "companies_as_written", "universities",
     "universities_as_written", "companies_approximate", "as_of", "companies_per_university",
     "companies_share_pct", "universities_share_pct", "source", "line"],
    primary_key=("project_id",))
RESULTS.table(
    "groups", "Projects, companies and universities by region or field",
    "One row per phase and group (by region or field): projects, companies and university "
    "places summed over the group's projects, ranked within the phase (phase I: projects "
    "only).",
    ["phase", "by", "group_en", "group_ja", use("as_of", nullable=False), _RANK, "shown",
     "n_projects", "multi_field_projects", use("companies", nullable=True),
     "companies_approximate", use("universities", nullable=True),
     use("companies_per_university", nullable=True),
     "companies_share_pct", "universities_share_pct", "field_basis", _SOURCES, _LINES],
    primary_key=("phase", "group_en"))
RESULTS.table(
    "group_totals", "Totals of the region or field view",
    "One row per phase: its projects and groups, and the companies and university places "
    "summed over the projects and over the groups.",
    ["phase", "by", "projects", "groups", "multi_field_projects", "companies_over_projects",
     "companies_over_groups", "universities_over_projects", "universities_over_groups",
     _SOURCES, _LINES],
    primary_key=("phase",))
RESULTS.table(
    "growth", "Phase I → phase II, as stated",
    "One row per measure: the national figures of METI 2005 and MEXT 2008a, what each "
    "counts, and whether a change between them means anything.",
    [_MEASURE, "phase_i", "phase_ii", "change_as_written", "change_pct", "comparable",
     "definition_changed", "phase_i_as_of", "phase_ii_as_of", "phase_i_counts",
     "phase_ii_counts", "phase_i_definition", "phase_ii_definition", "phase_i_as_written",
     "phase_ii_as_written", "phase_i_lower_bound", "phase_ii_approximate",
     "definition_judgement", "definition_reading", "definition_other_readings",
     "comparable_under_every_reading", _SOURCES, _LINES],
    primary_key=("measure",))
RESULTS.table(
    "continuity", "Phase I projects and their phase II successors",
    "The reviewed crosswalk's links counted by confidence, and the phase II projects no "
    "phase I project links to.",
    ["link", "phase1_projects", "phase2_projects", "names_en", "names_ja", _SOURCES, _LINES,
     "link_basis"],
    primary_key=("link",))
RESULTS.table(
    "national_totals", "Phase II: stated national totals against the sums over the projects",
    "The build's reconciliation rows of phase II (data/processed/reconciliation.csv, by "
    "check_id), with the stated figure as written; source and line: the stated total's line "
    "and the project counts summed.",
    [use("measure", dtype="string", enum=vocab.PROJECT_METRICS,
         description="what is counted: companies or universities"),
     "check_id",
     use("stated", dtype="Int64", description="the national total as MEXT 2008a states it",
         **_COUNT),
     "stated_as_written", "stated_approximate", "sum_of_projects", "n_projects",
     use("difference", dtype="Int64", description="sum_of_projects minus stated",
         unit="count"),
     "difference_pct", use("ratio", description="sum_of_projects ÷ stated, unrounded"),
     "stated_line", _SOURCES, _LINES],
    primary_key=("measure",))
RESULTS.table(
    "example_composition", "The example clusters of phase I by participant type",
    "One row per count METI 2005 gives for its three example clusters, with the type's "
    "share of the participants listed for the cluster.",
    ["cluster_id", "name", "project_id", "participant_type", "detail", "count",
     "share_of_listed_pct", "listed_total", "as_of", *TRACE],
    primary_key=("cluster_id", "participant_type"))
RESULTS.table(
    "examples_vs_phase2", "Example clusters beside their phase II projects",
    "Each example cluster's companies (METI 2005) beside those of the phase II project its "
    "phase I project is linked to (MEXT 2008a), two years, with the register's reading of "
    "whether the two count the same thing.",
    ["cluster_id", "example", "example_companies", "example_as_of", "phase1_project",
     "phase2_project_id", "phase2_name_ja", "phase2_name_en", "phase2_companies",
     "phase2_companies_approximate", "phase2_as_of", "link_confidence",
     use("definition", description="the register's reading: does the example count what "
         "the phase II project counts (same, or narrower: one part of it)", nullable=True),
     use("definition_judgement", description="the register's definition judgement about "
         "the example and the project"),
     "counted_definition", "counted_judgement",
     _SOURCES, _LINES],
    primary_key=("cluster_id",))
RESULTS.table(
    "overseas_companies", "Overseas high-tech clusters: company and venture counts by kind",
    "One row per company or venture count of METI 2005's table of overseas clusters (and a "
    "row for a cluster with none), with the kind of count and the year it refers to.",
    ["cluster_id", "name", "country", _KIND, use("count", nullable=True),
     use("approximate", nullable=True), use("lower_bound", nullable=True), "qualifier",
     use("year", dtype="string", minimum=None, unit=None, nullable=False,
         description="the year the count refers to and how it is known: '1997' (a "
         "footnote), '1997, inferred' or 'year not given'"),
     "as_of", "as_of_basis", use("headline", nullable=True), "part_of",
     use("note", description="why a cluster of the table has no count"),
     use("detail", nullable=True),
     use("definition_judgement", description="the register's definition judgements about "
         "the count ('; ' between two); empty when none"),
     *TRACE],
    primary_key=("source", "line", "raw"))
RESULTS.table(
    "overseas_kinds", "Overseas clusters: the kinds of count",
    "One row per kind of count: how many clusters, the years the counts refer to and how "
    "many have none.",
    [_KIND.with_(nullable=False), "clusters", "first_year", "last_year", "inferred_years",
     "no_year", _SOURCES, _LINES],
    primary_key=("kind",))

"""METI, "Present State and Issues of the Industrial Cluster Policy of Japan" (21 June 2005).

Tables read: the FY2005 draft budget with FY2004 figures; the overseas central-government
programmes; the overseas high-tech clusters (two pages); phase I totals; the three example
clusters; the regional-policy laws and policy eras; the three cluster-policy terms; the
phase I project lists by field. Each finder anchors on a heading, so a moved table is found
and a missing one is a TableNotFoundError naming it.

One module per part of the document: :mod:`.budget`, :mod:`.overseas_programmes`,
:mod:`.overseas_clusters` (with the local examples), :mod:`.examples` (phase I totals, the
example clusters, the cooperation example), :mod:`.policy_history` (laws, eras, terms, the
plan, reference studies, field notes) and :mod:`.phase1_projects`; :mod:`.layout` holds the
programme id, shared patterns and search windows.
"""

from __future__ import annotations

from clusteranalysis.build.dates import parse_english_date
from clusteranalysis.build.rawdoc import RawDocument
from clusteranalysis.build.sources.common import Tables
from clusteranalysis.build.sources.meti_2005.budget import meti_budget
from clusteranalysis.build.sources.meti_2005.examples import (
    cooperation_example,
    example_clusters,
    phase1_totals,
)
from clusteranalysis.build.sources.meti_2005.layout import (
    DOCUMENT_YEAR_PATTERN,
    PROGRAMME,
    TITLE_PAGE_LINES,
)
from clusteranalysis.build.sources.meti_2005.overseas_clusters import (
    local_examples,
    overseas_clusters,
)
from clusteranalysis.build.sources.meti_2005.overseas_programmes import overseas_programmes
from clusteranalysis.build.sources.meti_2005.phase1_projects import phase1_projects
from clusteranalysis.build.sources.meti_2005.policy_history import (
    cluster_terms,
    field_notes,
    laws_and_eras,
    reference_studies,
    whole_plan,
)
from clusteranalysis.metadata.lookups import lookup_map


def parse(doc: RawDocument, tables: Tables) -> None:
    year = document_year(doc)
    programme(doc, tables)
    meti_budget(doc, tables)
    overseas_programmes(doc, tables)
    local_examples(doc, tables)
    overseas_clusters(doc, tables)
    reference_studies(doc, tables)
    phase1_totals(doc, tables, year)
    example_clusters(doc, tables, year)
    cooperation_example(doc, tables, year)
    laws_and_eras(doc, tables)
    cluster_terms(doc, tables)
    whole_plan(doc, tables)
    phase1_projects(doc, tables, year)
    field_notes(doc, tables)


def document_year(doc: RawDocument) -> int:
    """The document is dated on its title page ("21st June, 2005")."""
    n = doc.find(DOCUMENT_YEAR_PATTERN, "document date", end=TITLE_PAGE_LINES)
    return doc.parse(n, doc.text(n).strip(), parse_english_date).start.year


def programme(doc: RawDocument, tables: Tables) -> None:
    """The programme itself: 'Industrial Cluster Projects ···', run by METI (title page)."""
    n = doc.find(r"^Industrial Cluster Projects\b", "programme name")
    ministry_pattern = r"Ministry of Economy, Trade and Industry \(METI\)"
    ministry_line = doc.find(ministry_pattern, "ministry", end=TITLE_PAGE_LINES)
    prog = lookup_map("programmes", "written")["Industrial Cluster Projects"]
    tables.add("programmes", doc.fact(
        n, "Industrial Cluster Projects", programme_id=PROGRAMME,
        name="Industrial Cluster Projects", name_en=prog["name_en"], country="Japan",
        ministry=doc.search(ministry_pattern, ministry_line, "ministry").group(0),
        language="en", policy=None, local_promotion=None))



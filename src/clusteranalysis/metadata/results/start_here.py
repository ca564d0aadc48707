"""The result table of ``00_start_here`` (:mod:`clusteranalysis.studies.guide`): its worked
example, the phase II projects' companies per university."""

from __future__ import annotations

from clusteranalysis.metadata.fields import use
from clusteranalysis.metadata.results.declare import StudyResults

RESULTS = StudyResults("00_start_here.ipynb",
                       "Start here: the worked example, companies per university")

RESULTS.table(
    "companies_per_university", "Phase II projects: companies per university",
    "One row per phase II project (MEXT 2008a), the most companies per university first: "
    "a pivot of participants joined to projects; source and line: the lines of the "
    "project's name and counts.",
    ["project_id", use("name", description="the project's name exactly as written "
                       "(projects.name)"),
     "name_en", "region", "field", "companies", "universities", "companies_per_university",
     use("source", description="raw file the project's name and counts stand on"),
     use("line", dtype="string", minimum=None, description="the lines of the project's name "
         "and of its counts, ', ' between them")],
    primary_key=("project_id",))

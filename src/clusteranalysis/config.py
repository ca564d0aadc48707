"""Every path the project uses, and its version, in one place (cookiecutter-data-science
style). It imports nothing of the package: every layer may read it."""

from __future__ import annotations

import os
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

try:
    VERSION = version("clusteranalysis")
except PackageNotFoundError:  # running from a source tree without an install
    VERSION = "0.0.0"

PACKAGE_DIR = Path(__file__).resolve().parent
LOOKUP_DIR = PACKAGE_DIR / "lookups"


def _find_root() -> Path:
    """The repository root: $CLUSTERANALYSIS_ROOT, else the folder holding pyproject.toml."""
    env = os.environ.get("CLUSTERANALYSIS_ROOT")
    if env:
        return Path(env).resolve()
    for parent in [Path.cwd(), *Path.cwd().parents, PACKAGE_DIR, *PACKAGE_DIR.parents]:
        if (parent / "pyproject.toml").is_file() and (parent / "data" / "raw").is_dir():
            return parent
    return PACKAGE_DIR.parents[1]


ROOT = _find_root()
#: Where the raw documents are read from instead of data/raw: the report sets it for its
#: kernels to the snapshot it took at its start, beside that of data/processed.
RAW_ENV = "CLUSTERANALYSIS_RAW"
RAW_DIR = Path(os.environ[RAW_ENV]) if os.environ.get(RAW_ENV) else ROOT / "data" / "raw"
#: Where the processed tables are read from instead of data/processed: the report sets it
#: for its kernels to the snapshot it took at its start (clusteranalysis.report.plan).
PROCESSED_ENV = "CLUSTERANALYSIS_PROCESSED"
PROCESSED_DIR = Path(os.environ[PROCESSED_ENV]) if os.environ.get(PROCESSED_ENV) \
    else ROOT / "data" / "processed"
EXTERNAL_DIR = ROOT / "data" / "external"
NOTEBOOK_DIR = ROOT / "notebooks"
REPORT_DIR = ROOT / "reports"
REPORT_CONFIG = ROOT / "reports.toml"
MANIFEST_FILE = "SHA256SUMS"
CATALOGUE_FILE = "sources.csv"

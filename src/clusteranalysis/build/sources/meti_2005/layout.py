"""METI 2005: the programme id, shared patterns and the search windows every finder uses."""

from __future__ import annotations

from clusteranalysis.build.cleaners import QUALIFIED_NUMBER
from clusteranalysis.metadata import vocab

PROGRAMME = vocab.METI_CLUSTER
Q = QUALIFIED_NUMBER
DOCUMENT_YEAR_PATTERN = r"^\s*\d{1,2}(?:st|nd|rd|th)\s+[A-Z][a-z]+,\s*\d{4}\s*$"
MONEY = r"(?:\\?\$|US\s*\\?\$)\s*\S+\s*(?:million|billion|M)"

# Search windows: how many lines after an anchor a finder looks (named, not typed inline).
TITLE_PAGE_LINES = 10       # the date and the ministry stand on the title page
BUDGET_HEADER_WINDOW = 4    # 'FY2005 draft budget (FY2004)' after 'Policy Tools …'
PROGRAMME_ROWS_WINDOW = 8   # the overseas-programmes table's rows after its header
EXAMPLE_ROWS_WINDOW = 6     # the local-example rows after 'Example: …'
TERM_LINES_WINDOW = 15      # the three cluster-policy terms after their heading
TERM_TEXT_WINDOW = 4        # the 1st term's sentence after its heading

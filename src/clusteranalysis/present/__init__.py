"""How the studies show their results: number formats, findings, HTML tables, figures.

Everything here takes result tables and returns something to display; nothing computes a
result. The notebooks use the names below as ``present.table(...)``,
``present.Findings(...)``; the figure theme is :mod:`clusteranalysis.present.figures`.

- :mod:`~clusteranalysis.present.formats`: one set of number formats for text and figures;
- :mod:`~clusteranalysis.present.findings`: sentences whose numbers come from table cells,
  and the check of an executed notebook's findings against its result files;
- :mod:`~clusteranalysis.present.markdown`: plain text as Markdown and HTML that every
  renderer (JupyterLab's maths included) shows as it is;
- :mod:`~clusteranalysis.present.tables`: HTML tables, source notes and captions, their
  lines linked to the documents' pages;
- :mod:`~clusteranalysis.present.figures`: the figure theme, colours and saving;
- :mod:`~clusteranalysis.present.judgements`: the table "Judgements this study rests on"
  from the register, and the check that notebooks state the register.
"""

from __future__ import annotations

from clusteranalysis.present.findings import (
    METADATA_KEY,
    TEXT_KEY,
    Findings,
    Value,
    check_findings,
)
from clusteranalysis.present.formats import (
    CURRENCY_SIGNS,
    fmt_amount,
    fmt_money,
    fmt_number,
    fmt_ordinal,
    fmt_pct,
    fmt_ratio,
    fmt_signed_pct,
    fmt_year,
    fmt_yes_no,
)
from clusteranalysis.present.judgements import (
    JudgementTable,
    check_judgements,
    compare_notebooks,
    judgement_ids,
    judgements_for,
    judgements_table,
)
from clusteranalysis.present.markdown import NO_MATHS
from clusteranalysis.present.tables import (
    RAW_LINKS,
    Caption,
    Table,
    caption,
    citable,
    cite_html,
    source_href,
    table,
)

__all__ = [
    "CURRENCY_SIGNS", "METADATA_KEY", "NO_MATHS", "RAW_LINKS", "TEXT_KEY", "Caption", "Findings",
    "JudgementTable", "Table", "Value", "caption", "check_findings", "check_judgements", "citable",
    "cite_html", "compare_notebooks", "fmt_amount", "fmt_money", "fmt_number", "fmt_ordinal",
    "fmt_pct", "fmt_ratio", "fmt_signed_pct", "fmt_year", "fmt_yes_no", "judgement_ids",
    "judgements_for", "judgements_table", "source_href", "table",
]

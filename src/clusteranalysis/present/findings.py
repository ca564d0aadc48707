"""Findings computed from the run's tables, and checking them against the result files.

A notebook states its findings through :class:`Findings`: every number in a sentence is
taken from a result table with :meth:`Findings.value`, which formats it and records where it
came from (table, row, column). The sentences are plain text; they display as Markdown
escaped for every renderer (:mod:`clusteranalysis.present.markdown`), and the plain text and
the numbers' record travel in the output's metadata, so :func:`check_findings` can check each
number against the result tables of any run, whatever its parameters, and a browser test can
check that JupyterLab shows the text as it is. Markdown cells keep only what holds for every
parameter set.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from clusteranalysis.present.formats import fmt_number
from clusteranalysis.present.markdown import escape, paragraph, unescape

#: Key of the output metadata that carries the numbers of a findings display.
METADATA_KEY = "clusteranalysis/findings"
#: Key of the output metadata that carries the judgement ids a findings paragraph rests on
#: (:meth:`Findings.rests_on`).
JUDGEMENTS_KEY = "judgements"
#: Key of the output metadata that carries the findings' text as a reader should see it.
TEXT_KEY = "clusteranalysis/findings-text"


# --------------------------------------------------------------------------- findings


@dataclass(frozen=True)
class Value:
    """One number of a finding and the table cell it was read from."""

    text: str
    value: float | str  # a str for a text cell recorded by Findings.text (a date label)
    table: str
    column: str
    where: dict[str, Any]

    def as_dict(self) -> dict[str, Any]:
        return {"text": self.text, "value": self.value, "table": self.table,
                "column": self.column, "where": self.where}


def _plain(v: Any) -> Any:
    """A JSON-safe Python value from a pandas/numpy scalar."""
    if v is None or v is pd.NA:
        return None
    if hasattr(v, "item"):
        v = v.item()
    if isinstance(v, float) and math.isnan(v):
        return None
    return v


@dataclass
class Findings:
    """Sentences whose numbers come from result tables; displays as Markdown.

    Sentences are plain text: no Markdown of their own (write quotes, not ``*emphasis*``),
    so a ``$``, a ``~`` or a ``*`` read from a document shows as it is written.

    >>> f = Findings("Findings")
    >>> total = f.value(summary, "meti_summary", {"measure": "stated national total"},
    ...                 "fy2005", lambda v: fmt_amount(v, "USD"))
    >>> f.add(f"The FY2005 draft is {total}.")
    """

    title: str = "Findings"
    sentences: list[str] = field(default_factory=list)
    values: list[Value] = field(default_factory=list)
    judgements: list[str] = field(default_factory=list)

    def rests_on(self, *judgement_ids: str) -> Findings:
        """Record the register's judgements (ids of ``judgements.csv``) the paragraph rests
        on, each once, in the order given; they travel in the output's metadata under
        :data:`JUDGEMENTS_KEY`. Returns the paragraph, so that a study can write
        ``return f.rests_on(*ids)``."""
        for jid in judgement_ids:
            if str(jid) not in self.judgements:
                self.judgements.append(str(jid))
        return self

    @staticmethod
    def _cell(df: pd.DataFrame, table: str, where: Mapping[str, Any], column: str) -> Any:
        """The cell of ``column`` in the one row matching ``where``: a finding never
        guesses, so no row, several rows or an empty cell is an error."""
        rows = df
        for k, v in where.items():
            rows = rows[rows[k].astype("object") == v]
        if len(rows) != 1:
            raise ValueError(f"finding: {len(rows)} rows of {table} match {dict(where)}")
        raw = rows[column].iloc[0]
        if raw is None or raw is pd.NA or (isinstance(raw, float) and math.isnan(raw)):
            raise ValueError(f"finding: {table}.{column} is empty where {dict(where)}")
        return raw

    def value(self, df: pd.DataFrame, table: str, where: Mapping[str, Any], column: str,
              fmt: Callable[[float], str] = fmt_number) -> str:
        """The formatted value of ``column`` in the one row of ``df`` matching ``where``.

        ``table`` is the name the table is written under (``<table>.csv`` in output_dir).
        Zero or several matching rows is an error: a finding never guesses its number.
        """
        number = float(self._cell(df, table, where, column))
        text = fmt(number)
        self.values.append(Value(text, number, table,
                                 column, {k: _plain(v) for k, v in where.items()}))
        return text

    def text(self, df: pd.DataFrame, table: str, where: Mapping[str, Any], column: str,
             fmt: Callable[[str], str] = str) -> str:
        """The text of ``column`` in the one row of ``df`` matching ``where`` (a date label
        such as '1983–1998' or 'FY2001–'), recorded like :meth:`value` so that
        :func:`check_findings` finds it, unchanged, in the result table's cell.

        ``fmt`` may wrap the text (quotes, brackets); the cell itself is what is checked.
        """
        cell = str(self._cell(df, table, where, column))
        self.values.append(Value(cell, cell, table, column,
                                 {k: _plain(v) for k, v in where.items()}))
        return fmt(cell)

    def add(self, sentence: str) -> None:
        """Add a sentence of plain text (its numbers should come from :meth:`value`)."""
        self.sentences.append(sentence.strip())

    def _body(self) -> str:
        body = " ".join(self.sentences) if self.sentences else "No finding for this selection."
        return " ".join(body.split())

    def plain(self) -> str:
        """The findings as a reader sees them: ``Title. Sentence. Sentence.``"""
        return f"{self.title}. {self._body()}"

    def markdown(self) -> str:
        """The findings as one Markdown paragraph, the title in bold: escaped, and kept
        from MathJax, so that every renderer shows :meth:`plain`."""
        return paragraph(f"**{escape(self.title)}.** {escape(self._body())}")

    def _repr_markdown_(self) -> tuple[str, dict[str, Any]]:
        # IPython takes (data, metadata): the numbers' provenance travels with the output
        return self.markdown(), self.metadata()

    def __repr__(self) -> str:
        return self.plain()

    def metadata(self) -> dict[str, Any]:
        return {METADATA_KEY: [v.as_dict() for v in self.values], TEXT_KEY: self.plain(),
                JUDGEMENTS_KEY: list(self.judgements)}

    def display(self) -> None:
        """Show as Markdown, with the numbers' provenance in the output metadata."""
        from IPython.display import display

        display({"text/markdown": self.markdown(), "text/plain": self.plain()}, raw=True,
                metadata=self.metadata())


# --------------------------------------------------------------------------- checking


def _key_text(v: Any) -> str:
    if isinstance(v, bool):
        return "True" if v else "False"
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return "" if v is None else str(v)


def check_findings(notebook: Mapping[str, Any], results_dir: Any) -> list[str]:
    """Every number of every findings output of an executed notebook, checked against the
    result tables it names in ``results_dir``; returns the problems (empty: all agree).

    A number agrees when its sentence contains it as formatted (in the text the Markdown
    shows: :func:`clusteranalysis.present.markdown.unescape`), its table's CSV has exactly
    one row matching its ``where`` and that row's cell equals its value. ``notebook`` is the
    notebook as JSON (``json.load`` of the ``.ipynb``).
    """
    from pathlib import Path

    problems: list[str] = []
    tables: dict[str, pd.DataFrame] = {}
    folder = Path(results_dir)
    for index, cell in enumerate(notebook.get("cells", [])):
        for output in cell.get("outputs", []):
            records = output.get("metadata", {}).get("text/markdown", {}).get(METADATA_KEY)
            if records is None:
                records = output.get("metadata", {}).get(METADATA_KEY)
            if records is None:
                continue
            text = unescape("".join(output.get("data", {}).get("text/markdown", "")))
            for r in records:
                where = f"cell {index}: {r['table']}.{r['column']} {r['where']}"
                if r["text"] not in text:
                    problems.append(f"{where}: {r['text']!r} is not in the sentence")
                if r["table"] not in tables:
                    path = folder / f"{r['table']}.csv"
                    if not path.is_file():
                        problems.append(f"{where}: {path.name} was not written")
                        tables[r["table"]] = pd.DataFrame()
                        continue
                    tables[r["table"]] = pd.read_csv(path, dtype=str, keep_default_na=False)
                df = tables[r["table"]]
                if df.empty:
                    continue
                rows = df
                for k, v in r["where"].items():
                    if k not in rows.columns:
                        rows = rows.iloc[0:0]
                        break
                    rows = rows[rows[k] == _key_text(v)]
                if len(rows) != 1 or r["column"] not in rows.columns:
                    problems.append(f"{where}: {len(rows)} matching rows in {r['table']}.csv")
                    continue
                cell_text = rows[r["column"]].iloc[0]
                if isinstance(r["value"], str):  # a text cell (Findings.text)
                    ok = cell_text == r["value"]
                else:
                    try:
                        ok = math.isclose(float(cell_text), float(r["value"]), rel_tol=1e-9,
                                          abs_tol=1e-9)
                    except ValueError:
                        ok = False
                if not ok:
                    problems.append(f"{where}: the finding says {r['value']!r}, the table "
                                    f"{cell_text!r}")
    return problems

"""How the studies show their results: findings computed from the run's tables, HTML tables.

A notebook states its findings through :class:`Findings`: every number in a sentence is
taken from a result table with :meth:`Findings.value`, which formats it and records where it
came from (table, row, column). The findings display as Markdown, and the same record travels
in the output's metadata, so a test can check each number against the result tables of any
run, whatever its parameters. Markdown cells keep only what holds for every parameter set.

:func:`table` shows a DataFrame as an HTML table (a pandas Styler with a fixed id, so nbval
sees the same bytes on every run) with a plain-text twin for terminals and nbval.

One set of number formats (:func:`fmt_number`, :func:`fmt_pct`, :func:`fmt_amount`,
:func:`fmt_money`) serves the findings, the tables and the figure labels, so text and figures
round alike.
"""

from __future__ import annotations

import html
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

#: Key of the output metadata that carries the numbers of a findings display.
METADATA_KEY = "clusteranalysis/findings"

#: Fonts for HTML output: Latin first, then the Japanese fonts of common systems.
FONT_STACK = (
    'system-ui, -apple-system, "Segoe UI", "Noto Sans", "Noto Sans CJK JP", '
    '"Hiragino Sans", "Hiragino Kaku Gothic ProN", "Yu Gothic", Meiryo, sans-serif'
)

CURRENCY_SIGNS = {"JPY": "¥", "USD": "US$", "GBP": "£", "EUR": "€"}

#: Where the report publishes the raw documents as line-numbered pages, seen from a run's
#: page (reports/<run>/<run>.html → reports/sources/<file>.html#L<line>). In JupyterLab the
#: links do not resolve; the text beside them still names the file and line.
SOURCE_PAGES = "../sources/"


# --------------------------------------------------------------------------- provenance


def source_href(source: str, line: int | None = None) -> str:
    """The address of a raw document's page, or of one of its lines."""
    anchor = f"#L{int(line)}" if line is not None else ""
    return f"{SOURCE_PAGES}{source}.html{anchor}"


def _link(href: str, text: str) -> str:
    return f'<a class="ca-source" href="{html.escape(href)}">{html.escape(text)}</a>'


def cite_html(*tables: Any) -> str:
    """:func:`clusteranalysis.citations.cite` as HTML: each document and each run of lines
    links to its line on the document's page."""
    from .citations import cite_all, cited_lines, runs, short_citation

    cited = cited_lines(*tables)
    if not cited:
        return html.escape(cite_all())
    parts = []
    for source, lines in cited:
        spans = ", ".join(
            _link(source_href(source, a), str(a)) if a == b
            else f"{_link(source_href(source, a), str(a))}–{_link(source_href(source, b), str(b))}"
            for a, b in runs(lines))
        word = "line" if len(lines) == 1 else "lines"
        parts.append(f"{html.escape(short_citation(source))} "
                     f"({_link(source_href(source), source)}, {word} {spans})")
    label = "Source" if len(parts) == 1 else "Sources"
    return f"{label}: {'; '.join(parts)}."


def _cites_rows(df: pd.DataFrame) -> bool:
    from .citations import CITED

    return bool(df.attrs.get(CITED)) or {"source", "line"} <= set(df.columns)


@dataclass
class Caption:
    """A figure's source line under it in a page, its lines linked to the documents.

    ``text`` is added after the citation (a basis, a caveat).
    """

    rows: tuple[Any, ...]
    text: str = ""

    def plain(self) -> str:
        from .citations import cite

        return f"{cite(*self.rows)} {self.text}".strip()

    def _repr_html_(self) -> str:
        extra = f" {html.escape(self.text)}" if self.text else ""
        return (f'<p class="ca-caption" style="font-size:12px;color:#57606a;'
                f'margin:2px 0 14px">{cite_html(*self.rows)}{extra}</p>')

    def __repr__(self) -> str:
        return self.plain()


def caption(*rows: Any, text: str = "") -> Caption:
    """The source line of a figure drawn from ``rows`` (tables or rows with source and line,
    or tables :func:`clusteranalysis.citations.attach` recorded rows on), to display under it."""
    return Caption(tuple(rows), text)


# --------------------------------------------------------------------------- formats


def fmt_number(value: float, digits: int | None = None) -> str:
    """A number with thousands separators.

    ``digits=None`` picks a precision that keeps two to three significant figures for
    small numbers and none after the point for large ones (12,345; 64.8; 4.17).
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    v = float(value)
    if digits is None:
        a = abs(v)
        if a >= 100 or v.is_integer():
            digits = 0
        elif a >= 10:
            digits = 1
        else:
            digits = 2
    return f"{v:,.{digits}f}"


def fmt_pct(value: float, digits: int = 1) -> str:
    """A percentage: ``83.3 %``."""
    return f"{fmt_number(value, digits)} %"


def fmt_amount(millions: float, currency: str, digits: int | None = None) -> str:
    """An amount given in millions, as a reader says it: ``¥64.8 billion``, ``US$540 million``.

    Amounts of a thousand million or more are written in billions.
    """
    sign = CURRENCY_SIGNS.get(currency, currency + " ")
    v = float(millions)
    if abs(v) >= 1000:
        return f"{sign}{fmt_number(v / 1000, digits if digits is not None else 1)} billion"
    return f"{sign}{fmt_number(v, digits)} million"


def fmt_money(value: float, currency: str, digits: int | None = None) -> str:
    """An amount in currency units, not millions (a figure per inhabitant): ``¥508``,
    ``¥47.2``, ``US$4.24``, ``US$0.413``: :func:`fmt_number`'s precision, and three
    significant figures below 1 (``digits`` overrides)."""
    if digits is None and value is not None and abs(float(value)) < 1:
        digits = 3
    return f"{CURRENCY_SIGNS.get(currency, currency + ' ')}{fmt_number(value, digits)}"


def fmt_ratio(value: float, digits: int = 1) -> str:
    """A ratio as a multiple: ``6.5×``."""
    return f"{fmt_number(value, digits)}×"


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

    >>> f = Findings("Findings")
    >>> total = f.value(summary, "meti_summary", {"measure": "stated national total"},
    ...                 "fy2005", lambda v: fmt_amount(v, "USD"))
    >>> f.add(f"The FY2005 draft is {total}.")
    """

    title: str = "Findings"
    sentences: list[str] = field(default_factory=list)
    values: list[Value] = field(default_factory=list)

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
        """Add a sentence (its numbers should come from :meth:`value`)."""
        self.sentences.append(sentence.strip())

    def markdown(self) -> str:
        body = " ".join(self.sentences) if self.sentences else "No finding for this selection."
        return f"**{self.title}.** {body}"

    def _repr_markdown_(self) -> tuple[str, dict[str, Any]]:
        # IPython takes (data, metadata): the numbers' provenance travels with the output
        return self.markdown(), self.metadata()

    def __repr__(self) -> str:
        return self.markdown()

    def metadata(self) -> dict[str, Any]:
        return {METADATA_KEY: [v.as_dict() for v in self.values]}

    def display(self) -> None:
        """Show as Markdown, with the numbers' provenance in the output metadata."""
        from IPython.display import display

        text = self.markdown()
        display({"text/markdown": text, "text/plain": text}, raw=True,
                metadata=self.metadata())


# --------------------------------------------------------------------------- tables


def _one_line(line: Any) -> int | None:
    """The line of a cell that names one line (38, 38.0, "38"); None for "34, 36" or "1; 2"."""
    try:
        value = float(line)
    except (TypeError, ValueError):
        return None
    return int(value) if value.is_integer() else None


def _provenance_links(role: str, source: str, line: Any, text: str) -> str:
    """The cell of a row computed from several rows: ``source`` "001_….txt; 002_….txt" and
    ``line`` "101; 16, 18" (one group of lines per file, in the same order, as
    :func:`clusteranalysis.citations.provenance` writes them). In the source column each
    file links to its page; in the line column each number links to its line."""
    files = [f.strip() for f in source.split(";")]
    if role == "source":
        return "; ".join(_link(source_href(f), f) for f in files)
    groups = [g.strip() for g in str(line).split(";")]
    if len(groups) != len(files):
        return text  # not provenance as citations writes it: shown as it is
    parts = []
    for f, group in zip(files, groups, strict=True):
        numbers = [n.strip() for n in group.split(",")]
        parts.append(", ".join(_link(source_href(f, int(n)), n) if n.isdigit()
                               else html.escape(n) for n in numbers))
    return "; ".join(parts)


def _is_numeric(s: pd.Series) -> bool:
    return pd.api.types.is_numeric_dtype(s) and not pd.api.types.is_bool_dtype(s)


@dataclass
class Table:
    """A DataFrame shown as an HTML table, with a caption and a source note."""

    df: pd.DataFrame
    name: str
    caption: str | None = None
    note: str | None = None
    formats: dict[str, Callable[[Any], str]] = field(default_factory=dict)
    cited: tuple[Any, ...] = ()  # the rows the note cites (linked in HTML)
    links: dict[str, str] = field(default_factory=dict)  # shown column → source/line

    def _cell(self, column: str, v: Any) -> str:
        if v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v)):
            return "—"
        fmt = self.formats.get(column)
        if fmt is not None:
            return fmt(v)
        if isinstance(v, bool):
            return "yes" if v else "no"
        if isinstance(v, int | float) and not isinstance(v, bool):
            return fmt_number(v)
        return str(v)

    def _html_frame(self) -> pd.DataFrame:
        """The cells as HTML (escaped text; source and line cells as links), index dropped."""
        df = self.df.reset_index(drop=True)
        out = pd.DataFrame(index=df.index)
        source_col = next((c for c, r in self.links.items() if r == "source"), None)
        line_col = next((c for c, r in self.links.items() if r == "line"), None)
        for c in df.columns:
            cells = [html.escape(self._cell(c, v)) for v in df[c]]
            if c in self.links and source_col is not None:
                for i, text in enumerate(cells):
                    source = df[source_col].iloc[i]
                    line = df[line_col].iloc[i] if line_col is not None else None
                    if pd.isna(source) or text == "—":
                        continue
                    if line is not None and pd.isna(line):
                        line = None
                    if ";" in str(source) or (line is not None and _one_line(line) is None):
                        # a row computed from several (citations.provenance): each file
                        # and each of its lines links on its own
                        cells[i] = _provenance_links(self.links[c], str(source), line, text)
                        continue
                    href = source_href(str(source), None if line is None else int(line))
                    cells[i] = f'<a class="ca-source" href="{html.escape(href)}">{text}</a>'
            out[c] = cells
        return out

    def _styler(self) -> Any:
        df = self.df.reset_index(drop=True)
        numeric = [c for c in df.columns if _is_numeric(df[c]) and c not in self.links]
        styler = self._html_frame().style.hide(axis="index").set_uuid(self.name)
        styler = styler.format_index(escape="html", axis=1)
        styles = [
            {"selector": "", "props": [("font-family", FONT_STACK),
                                       ("border-collapse", "collapse"),
                                       ("font-size", "13px")]},
            {"selector": "th", "props": [("text-align", "left"), ("padding", "3px 8px"),
                                         ("border-bottom", "1px solid #8c959f")]},
            {"selector": "td", "props": [("padding", "3px 8px"), ("text-align", "left"),
                                         ("border-bottom", "1px solid #d0d7de"),
                                         ("vertical-align", "top")]},
            {"selector": "caption", "props": [("caption-side", "top"), ("text-align", "left"),
                                              ("font-weight", "600"), ("padding", "4px 0")]},
        ]
        # numbers right-aligned: a column selector (id + class + element) outranks the
        # generic "td" rule above, which a per-cell style (id only) would not
        for i, c in enumerate(df.columns):
            if c in numeric:
                props = [("text-align", "right"), ("font-variant-numeric", "tabular-nums"),
                         ("white-space", "nowrap")]
                styles.append({"selector": f"td.col{i}", "props": props})
                styles.append({"selector": f"th.col{i}", "props": [("text-align", "right")]})
        styler = styler.set_table_styles(styles)
        if self.caption:
            styler = styler.set_caption(html.escape(self.caption))
        return styler

    def _repr_html_(self) -> str:
        out = self._styler().to_html()
        if self.note:
            note = cite_html(*self.cited) if self.cited and self.note == self._auto_note() \
                else html.escape(self.note)
            out += (f'<p class="ca-table-note" style="font-size:12px;color:#57606a;'
                    f'margin:2px 0 12px">{note}</p>')
        return out

    def _auto_note(self) -> str:
        from .citations import cite

        return cite(*self.cited)

    def text(self) -> str:
        """The plain-text twin: caption, then one tab-separated line per row."""
        df = self.df.reset_index(drop=True)
        lines = [self.caption] if self.caption else []
        lines.append("\t".join(str(c) for c in df.columns))
        for _, row in df.iterrows():
            lines.append("\t".join(self._cell(c, row[c]) for c in df.columns))
        if self.note:
            lines.append(self.note)
        return "\n".join(lines)

    def __repr__(self) -> str:
        return self.text()


def table(df: pd.DataFrame, name: str, *, columns: Sequence[str] | None = None,
          labels: Mapping[str, str] | None = None, caption: str | None = None,
          note: str | None = None,
          formats: Mapping[str, Callable[[Any], str]] | None = None,
          cited: Sequence[Any] | None = None) -> Table:
    """A table to display: ``columns`` picks and orders, ``labels`` renames for the reader
    (say the unit there: "FY2005 draft (million US$)"), ``formats`` formats by column (keyed
    by the original names).

    The note under the table is ``note`` when given; else the source line of the rows
    ``cited`` (default: ``df`` itself, when it has ``source`` and ``line`` columns or rows
    recorded by :func:`clusteranalysis.citations.attach`), with its lines linked to the
    document pages. Shown ``source`` and ``line`` cells link to their line too.

    ``name`` becomes the HTML id, so it must be unique within a notebook and the same on
    every run.
    """
    rows = tuple(cited) if cited is not None else ((df,) if _cites_rows(df) else ())
    data = df if columns is None else df[list(columns)]
    formats = dict(formats or {})
    links = {c: c for c in ("source", "line") if c in data.columns and "source" in data.columns}
    if labels:
        formats = {labels.get(k, k): v for k, v in formats.items()}
        links = {labels.get(k, k): v for k, v in links.items()}
        data = data.rename(columns=dict(labels))
    out = Table(data.copy(), name, caption, note, formats, rows, links)
    if out.note is None and rows:
        out.note = out._auto_note()
    return out


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

    A number agrees when its sentence contains it as formatted, its table's CSV has exactly
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
            text = "".join(output.get("data", {}).get("text/markdown", ""))
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


# --------------------------------------------------------------------------- result rows


def citable(*tables: Any) -> pd.DataFrame:
    """The document lines behind result tables, as a frame of ``source`` and integer
    ``line`` that :func:`clusteranalysis.citations.cite`, :func:`caption` and
    ``table(cited=…)`` accept.

    A table contributes the rows :func:`clusteranalysis.citations.attach` recorded on it
    and its own ``source``/``line`` columns, including rows computed from several lines
    (``citations.with_provenance``), whose line cells are text.
    """
    from .citations import cited_pairs

    pairs = {p for t in tables for p in cited_pairs(t)}
    ordered = sorted(pairs)
    return pd.DataFrame({"source": [a for a, _ in ordered],
                         "line": pd.array([b for _, b in ordered], dtype="Int64")})

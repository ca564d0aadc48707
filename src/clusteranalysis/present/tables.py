"""HTML tables, source notes and figure captions, their lines linked to the documents.

:func:`table` shows a DataFrame as an HTML table (a pandas Styler with a fixed id, so nbval
sees the same bytes on every run) with a plain-text twin for terminals and nbval;
:func:`caption` puts a figure's source line under it; :func:`citable` gathers the document
lines behind result tables. Every table, caption and note is an element MathJax skips
(:data:`clusteranalysis.present.markdown.NO_MATHS`): JupyterLab typesets maths in HTML
outputs too, and a note may hold two ``$``.
"""

from __future__ import annotations

import html
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from clusteranalysis.metadata.fields import FIELDS
from clusteranalysis.present.formats import fmt_number, fmt_year, fmt_yes_no
from clusteranalysis.present.markdown import NO_MATHS
from clusteranalysis.provenance.citations import (
    CITED,
    cite,
    cite_all,
    cited_lines,
    cited_pairs,
    runs,
    short_citation,
)

#: Fonts for HTML output: Latin first, then the Japanese fonts of common systems.
FONT_STACK = (
    'system-ui, -apple-system, "Segoe UI", "Noto Sans", "Noto Sans CJK JP", '
    '"Hiragino Sans", "Hiragino Kaku Gothic ProN", "Yu Gothic", Meiryo, sans-serif'
)

#: Where a notebook's links to a document point, seen from notebooks/: the raw text itself
#: (``../data/raw/<file>#L<line>``), which JupyterLab opens in a tab and GitHub shows with
#: the line highlighted. The report rewrites each to the document's page
#: (:func:`clusteranalysis.report.sourcepages.to_source_pages`).
RAW_LINKS = "../data/raw/"
#: Characters (the median cell) from which a text column keeps a readable width in a wide
#: table instead of being squeezed to a few words a line.
LONG_TEXT = 40


# --------------------------------------------------------------------------- provenance


def source_href(source: str, line: int | None = None) -> str:
    """The address of a raw document, or of one of its lines, seen from notebooks/."""
    anchor = f"#L{int(line)}" if line is not None else ""
    return f"{RAW_LINKS}{source}{anchor}"


def _long_text(column: pd.Series) -> bool:
    """Whether a column's cells are sentences rather than words (median over LONG_TEXT)."""
    lengths = column.dropna().astype("string").str.len()
    return bool(len(lengths)) and float(lengths.median()) > LONG_TEXT


def _link(href: str, text: str) -> str:
    return f'<a class="ca-source" href="{html.escape(href)}">{html.escape(text)}</a>'


def cite_html(*tables: Any) -> str:
    """:func:`clusteranalysis.provenance.citations.cite` as HTML: each document and each
    run of lines links to its line on the document's page."""

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

    return bool(df.attrs.get(CITED)) or {"source", "line"} <= set(df.columns)


@dataclass
class Caption:
    """A figure's source line under it in a page, its lines linked to the documents.

    ``text`` is added after the citation (a basis, a caveat).
    """

    rows: tuple[Any, ...]
    text: str = ""

    def plain(self) -> str:

        return f"{cite(*self.rows)} {self.text}".strip()

    def _repr_html_(self) -> str:
        extra = f" {html.escape(self.text)}" if self.text else ""
        return (f'<p class="ca-caption {NO_MATHS}" style="font-size:12px;color:#57606a;'
                f'margin:2px 0 14px">{cite_html(*self.rows)}{extra}</p>')

    def __repr__(self) -> str:
        return self.plain()


def caption(*rows: Any, text: str = "") -> Caption:
    """The source line of a figure drawn from ``rows`` (tables or rows with source and line,
    or tables :func:`clusteranalysis.provenance.citations.attach` recorded rows on), to
    display under it."""
    return Caption(tuple(rows), text)


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
    :func:`clusteranalysis.provenance.citations.provenance` writes them). In the source column each
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
        if isinstance(v, bool | np.bool_):
            return fmt_yes_no(v)
        if isinstance(v, int | float | np.integer | np.floating) and not isinstance(v, bool):
            return fmt_number(v)  # numpy's numbers too: the HTML and the plain text agree
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
        styler = styler.set_table_attributes(f'class="ca-table {NO_MATHS}"')
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
            elif _long_text(df[c]):  # a note, a raw line
                styles.append({"selector": f"td.col{i}", "props": [("min-width", "18em")]})
        styler = styler.set_table_styles(styles)
        if self.caption:
            styler = styler.set_caption(html.escape(self.caption))
        return styler

    def _repr_html_(self) -> str:
        out = self._styler().to_html()
        if self.note:
            note = cite_html(*self.cited) if self.cited and self.note == self._auto_note() \
                else html.escape(self.note)
            out += (f'<p class="ca-table-note {NO_MATHS}" style="font-size:12px;'
                    f'color:#57606a;margin:2px 0 12px">{note}</p>')
        return out

    def _auto_note(self) -> str:

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
    recorded by :func:`clusteranalysis.provenance.citations.attach`), with its lines linked to the
    document pages. Shown ``source`` and ``line`` cells link to their line too, and come
    first: a wide table scrolls sideways in JupyterLab, and what a row stands on stays in view.

    ``name`` becomes the HTML id, so it must be unique within a notebook and the same on
    every run.
    """
    rows = tuple(cited) if cited is not None else ((df,) if _cites_rows(df) else ())
    data = df if columns is None else df[list(columns)]
    if {"source", "line"} <= set(data.columns):  # provenance first: in view in a narrow window
        data = data[["source", "line", *[c for c in data.columns if c not in ("source", "line")]]]
    formats = dict(formats or {})
    for c in data.columns:  # a year is written without a thousands separator: 2008
        if c in FIELDS and FIELDS[c].unit == "year" and _is_numeric(data[c]):
            formats.setdefault(c, fmt_year)
    links = {c: c for c in ("source", "line") if c in data.columns and "source" in data.columns}
    if labels:
        formats = {labels.get(k, k): v for k, v in formats.items()}
        links = {labels.get(k, k): v for k, v in links.items()}
        data = data.rename(columns=dict(labels))
    out = Table(data.copy(), name, caption, note, formats, rows, links)
    if out.note is None and rows:
        out.note = out._auto_note()
    return out


# --------------------------------------------------------------------------- result rows


def citable(*tables: Any) -> pd.DataFrame:
    """The document lines behind result tables, as a frame of ``source`` and integer
    ``line`` that :func:`clusteranalysis.provenance.citations.cite`, :func:`caption` and
    ``table(cited=…)`` accept.

    A table contributes the rows :func:`clusteranalysis.provenance.citations.attach` recorded on it
    and its own ``source``/``line`` columns, including rows computed from several lines
    (``citations.with_provenance``), whose line cells are text.
    """

    pairs = {p for t in tables for p in cited_pairs(t)}
    ordered = sorted(pairs)
    return pd.DataFrame({"source": [a for a, _ in ordered],
                         "line": pd.array([b for _, b in ordered], dtype="Int64")})

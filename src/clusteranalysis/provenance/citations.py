"""Citations built from the data: figure captions, table notes, and tracing a value back.

:func:`cite` turns the rows a figure or table shows into its source line, from their
``source`` and ``line`` and the short citation ``data/raw/sources.csv`` gives each
document, so a caption names exactly the lines its rows stand on. :func:`trace` prints the
raw line a value was read from, with a line or two around it; :func:`footnotes` numbers the
values of a figure, each with its file, line and text::

    >>> import clusteranalysis as ca
    >>> b = ca.load("budgets")
    >>> ca.trace(b.iloc[0])
    METI 2005 — 001_fc47ff42475d4a79.txt, line 77
       76 | Timeframe	1999~	2003~(2008)	…
    >  77 | Central govt. jurisdiction and budget	…
       78 | Region	…
    raw: 10 billion yen (Allocation for local innovation in 2001)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path
from typing import Any

import pandas as pd

from clusteranalysis import config
from clusteranalysis.build import catalogue
from clusteranalysis.build.rawdoc import RawDocument
from clusteranalysis.errors import ClusterAnalysisError

#: Lines of one document closer than this (a table's rows, a slide) are cited as one run:
#: 138, 142, …, 180 → "lines 138–180".
RUN_GAP = 10
#: Lines shown before and after the cited one by :func:`trace`.
TRACE_CONTEXT = 2


@cache
def _catalogue(raw_dir: Path) -> dict[str, catalogue.Source]:
    return catalogue.read(raw_dir)


def _get(row: Any, key: str) -> Any:
    if isinstance(row, Mapping):
        return row[key]
    if isinstance(row, pd.Series):
        return row[key]
    return getattr(row, key)


#: Where a derived table keeps the (source, line) of the rows it was computed from.
CITED = "cited"


def attach(df: pd.DataFrame, *rows: pd.DataFrame | Iterable[Any]) -> pd.DataFrame:
    """Record on ``df`` (in ``df.attrs``) the rows it was computed from, for :func:`cite`.

    A study table of sums or ratios has no ``source`` and ``line`` of its own; its figure
    cites the rows behind it.
    """
    pairs: set[tuple[str, int]] = set()
    for r in rows:
        pairs.update(cited_pairs(r))
    df.attrs[CITED] = tuple(sorted(pairs))
    return df


def cited_pairs(rows: pd.DataFrame | Iterable[Any]) -> list[tuple[str, int]]:
    """The (file, line) pairs rows stand on: a table's ``source``/``line`` cells (computed
    rows' provenance strings expanded) and the rows :func:`attach` recorded on it."""
    if isinstance(rows, pd.DataFrame):
        pairs: Iterable[tuple[Any, Any]] = list(rows.attrs.get(CITED, ()))
        if "source" in rows.columns and "line" in rows.columns:
            pairs = [*pairs, *zip(rows["source"], rows["line"], strict=True)]
    else:
        pairs = ((_get(r, "source"), _get(r, "line")) for r in rows)
    out: list[tuple[str, int]] = []
    for s, n in pairs:
        if not pd.isna(s) and not pd.isna(n):
            out += expand_provenance(s, n)
    return out


def expand_provenance(source: Any, line: Any) -> list[tuple[str, int]]:
    """The (file, line) pairs of a ``source`` and ``line`` cell: one pair for a row read
    from one line; every pair for a row computed from several (:func:`provenance`:
    ``"001_….txt; 002_….txt"``, ``"101; 16, 18"``). A cell that is neither is an error."""
    if ";" not in str(source) and not isinstance(line, str):
        return [(str(source), int(line))]
    files = [f.strip() for f in str(source).split(";")]
    groups = [g.strip() for g in str(line).split(";")]
    try:
        if len(files) != len(groups):
            raise ValueError
        return [(f, int(n)) for f, g in zip(files, groups, strict=True) for n in g.split(",")]
    except ValueError:
        raise ClusterAnalysisError(
            f"source {source!r} and line {line!r} are not one file and line, nor files and "
            "line groups as citations.provenance writes them") from None


def runs(lines: Iterable[int], gap: int = RUN_GAP) -> list[tuple[int, int]]:
    """Lines grouped into runs closer than ``gap``: [138, 142, 180, 349] → [(138, 180),
    (349, 349)]."""
    ordered = sorted(set(lines))
    out: list[list[int]] = []
    for n in ordered:
        if out and n - out[-1][1] <= gap:
            out[-1][1] = n
        else:
            out.append([n, n])
    return [(a, b) for a, b in out]


def line_runs(lines: Iterable[int], gap: int = RUN_GAP) -> str:
    """'line 101', 'lines 138–180', 'lines 13–33, 76, 285–293' (runs closer than ``gap``)."""
    ordered = sorted(set(lines))
    if not ordered:
        return ""
    text = ", ".join(f"{a}" if a == b else f"{a}–{b}" for a, b in runs(ordered, gap))
    return f"line {text}" if len(ordered) == 1 else f"lines {text}"


def short_citation(source: str, raw_dir: Path | None = None) -> str:
    """The document's short citation ('METI 2005'); the file name if it is not catalogued."""
    entries = _catalogue(Path(raw_dir or config.RAW_DIR))
    return entries[source].citation if source in entries else source


def cited_lines(*tables: pd.DataFrame | Iterable[Any],
                raw_dir: Path | None = None) -> list[tuple[str, list[int]]]:
    """The documents the rows of ``tables`` stand on, in the catalogue's order, each with
    the sorted lines: what :func:`cite` writes out (and an HTML note links)."""
    lines: dict[str, set[int]] = {}
    for rows in tables:
        for source, n in cited_pairs(rows):
            lines.setdefault(source, set()).add(n)
    order = list(_catalogue(Path(raw_dir or config.RAW_DIR)))
    sources = sorted(lines, key=lambda s: (order.index(s) if s in order else len(order), s))
    return [(s, sorted(lines[s])) for s in sources]


def cite(*tables: pd.DataFrame | Iterable[Any], raw_dir: Path | None = None) -> str:
    """The source note for the rows of one or more tables.

    'Source: METI 2005 (001_fc47ff42475d4a79.txt, lines 138–180).' — one entry per
    document, in the catalogue's order, with the runs of lines its rows stand on. A table
    without ``source`` and ``line`` columns cites the rows :func:`attach` recorded on it;
    with no rows at all, the note names every catalogued document.
    """
    cited = cited_lines(*tables, raw_dir=raw_dir)
    if not cited:
        return cite_all(raw_dir)
    parts = [f"{short_citation(s, raw_dir)} ({s}, {line_runs(lines)})" for s, lines in cited]
    label = "Source" if len(parts) == 1 else "Sources"
    return f"{label}: {'; '.join(parts)}."


def cite_all(raw_dir: Path | None = None) -> str:
    """'Sources: French Government 2005 (000_….txt); METI 2005 (001_….txt); …'."""
    entries = _catalogue(Path(raw_dir or config.RAW_DIR))
    return "Sources: " + "; ".join(f"{e.citation} ({f})" for f, e in entries.items()) + "."


def format_trace(row: Any = None, *, source: str | None = None, line: int | None = None,
                 context: int = TRACE_CONTEXT, raw_dir: Path | None = None) -> str:
    """The text :func:`trace` prints."""
    if row is not None:
        pairs = expand_provenance(_get(row, "source"), _get(row, "line"))
        if len(pairs) > 1:  # a result row computed from several: each line it stands on
            return "\n\n".join(format_trace(source=s, line=n, context=context,
                                            raw_dir=raw_dir) for s, n in pairs)
        source, line = pairs[0]
    if source is None or line is None:
        raise ClusterAnalysisError("trace needs a row with source and line, or both")
    folder = Path(raw_dir or config.RAW_DIR)
    path = folder / source
    if not path.is_file():
        raise ClusterAnalysisError(f"{path}: raw document not found")
    doc = RawDocument.read(path)
    if not 1 <= line <= len(doc.lines):
        raise ClusterAnalysisError(f"{source} has {len(doc.lines)} lines, not {line}")
    width = len(str(min(len(doc.lines), line + context)))
    out = [f"{short_citation(source, folder)} — {source}, line {line}"]
    for n in range(max(1, line - context), min(len(doc.lines), line + context) + 1):
        mark = ">" if n == line else " "
        out.append(f"{mark} {n:>{width}} | {doc.text(n)}")
    raw = None
    if row is not None:
        try:
            raw = _get(row, "raw")
        except (KeyError, AttributeError):
            raw = None
    if raw is not None and not pd.isna(raw):
        out.append(f"raw: {raw}")
    return "\n".join(out)


def trace(row: Any = None, *, source: str | None = None, line: int | None = None,
          context: int = TRACE_CONTEXT, raw_dir: Path | None = None) -> None:
    """Print the raw line a value was read from, with ``context`` lines around it.

    Pass a row of any processed table (a DataFrame row, a ``itertuples()`` tuple or a dict
    with ``source`` and ``line``), or ``source=`` and ``line=``. A result row computed from
    several rows (``line`` "37, 38": see :func:`provenance`) shows each of its lines in
    turn. The row's ``raw`` text, when it has one, is printed beneath: it stands on the
    marked line.
    """
    print(format_trace(row, source=source, line=line, context=context, raw_dir=raw_dir))


def provenance(*tables: pd.DataFrame | Iterable[Any],
               raw_dir: Path | None = None) -> tuple[str, str]:
    """``(source, line)`` for a result row computed from several rows (a sum, a ratio).

    One document: its file name and every line, ``("002_….txt", "34, 36, 38")``. Several:
    the files and their lines in the same order, each group separated by ``"; "``:
    ``("001_….txt; 002_….txt", "101; 16, 18")``. A row read from one line keeps the plain
    ``source`` and integer ``line`` of the processed table instead.
    """
    cited = cited_lines(*tables, raw_dir=raw_dir)
    return ("; ".join(s for s, _ in cited),
            "; ".join(", ".join(str(n) for n in lines) for _, lines in cited))


def with_provenance(df: pd.DataFrame, rows_of: Any,
                    raw_dir: Path | None = None) -> pd.DataFrame:
    """``df`` with ``source`` and ``line`` columns (see :func:`provenance`), each row's from
    ``rows_of(row)``: the processed rows it was computed from (a DataFrame)."""
    pairs = [provenance(rows_of(r), raw_dir=raw_dir) for _, r in df.iterrows()]
    out = df.copy()
    out["source"] = pd.array([p[0] or pd.NA for p in pairs], dtype="string")
    out["line"] = pd.array([p[1] or pd.NA for p in pairs], dtype="string")
    return out


def footnotes(rows: pd.DataFrame | Iterable[Any], raw_dir: Path | None = None) -> pd.DataFrame:
    """Numbered footnotes for the values of a figure, one per row of ``rows``, in order.

    ``rows`` is a table or rows with ``source`` and ``line`` (and ``raw`` when read from one
    line). The frame has ``note`` (1, 2 …), ``citation``, ``source``, ``line``, ``raw`` and
    ``footnote``, the line to put under the figure::

        [1] MEXT 2008a, 002_0f5a4630d1886fda.txt, line 38: 約840社

    A result row computed from several lines (``line`` "37, 38": :func:`provenance`) names
    each of them, and its ``raw`` is the text of each line in the document, joined by " / ".
    """
    folder = Path(raw_dir or config.RAW_DIR)
    items = (r for _, r in rows.iterrows()) if isinstance(rows, pd.DataFrame) else iter(rows)
    docs: dict[str, RawDocument] = {}

    def text(source: str, line: int) -> str:
        if source not in docs:
            docs[source] = RawDocument.read(folder / source)
        return docs[source].text(line).strip()

    out = []
    for note, row in enumerate(items, 1):
        source, line = _get(row, "source"), _get(row, "line")
        pairs = expand_provenance(source, line)
        by_file: dict[str, list[int]] = {}
        for s, n in pairs:
            by_file.setdefault(s, []).append(n)
        try:
            raw = _get(row, "raw")
        except (KeyError, AttributeError):
            raw = None
        if raw is None or pd.isna(raw):
            raw = " / ".join(text(s, n) for s, n in pairs)
        citation = " and ".join(dict.fromkeys(short_citation(s, folder) for s in by_file))
        where = "; ".join(f"{s}, {'line' if len(ns) == 1 else 'lines'} "
                          f"{', '.join(str(n) for n in ns)}" for s, ns in by_file.items())
        out.append({"note": note, "citation": citation, "source": source, "line": line,
                    "raw": raw, "footnote": f"[{note}] {citation}, {where}: {raw}"})
    return pd.DataFrame(out, columns=["note", "citation", "source", "line", "raw", "footnote"])

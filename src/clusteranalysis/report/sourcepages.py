"""The raw documents as line-numbered pages: ``sources/<file>.html#L138`` in the report.

The report publishes one page per document of ``data/raw`` (:func:`write_pages`, called by
:func:`clusteranalysis.report.output.write_report`), so that every source and line a page
names can be a link: tables and captions (:mod:`clusteranalysis.present`) link to the raw
text, ``../data/raw/<file>#L<n>`` (JupyterLab and GitHub open it), which
:func:`to_source_pages` points at ``../sources/<file>.html#L<n>``; :func:`linkify_html`
turns the file names and lines written anywhere else in a page (prose, a printed trace, an
error message) into the same links. Each line of a document page is a row with the id
``L<n>`` and its number links to itself; the line the address names is highlighted (CSS
``:target``) and scrolled to the middle of the window. The pages are self-contained
(inline CSS, no script), every text is escaped, and the fonts name Japanese faces as the
report's pages do.

``sources/index.html`` lists the documents with their catalogue entries, and
``sources/sources.bib`` is their bibliography
(:func:`clusteranalysis.provenance.bibliography.bibtex`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from html import escape
from html.parser import HTMLParser
from pathlib import Path

from clusteranalysis import config
from clusteranalysis.build import catalogue
from clusteranalysis.build.rawdoc import RawDocument
from clusteranalysis.present.tables import RAW_LINKS
from clusteranalysis.provenance import bibliography
from clusteranalysis.report.style import CODE_FONT_FAMILY, FONT_FAMILY, FOOTER_CSS

SOURCES_DIR = "sources"
INDEX_PAGE = "index.html"
BIB_FILE = bibliography.BIB_FILE
#: The class of every link to a document line (the one present.py gives its links).
LINK_CLASS = "ca-source"


@dataclass(frozen=True)
class Document:
    """A raw document as its page shows it: lines, hash, catalogue entry (if any)."""

    file: str
    lines: tuple[str, ...]
    sha256: str
    source: catalogue.Source | None = None

    @property
    def page(self) -> str:
        """The page's file name in ``sources/``: ``<file>.html``."""
        return page_name(self.file)


def page_name(file: str) -> str:
    return f"{file}.html"


def line_id(line: int) -> str:
    """The anchor of a line on its document's page: ``L138``."""
    return f"L{int(line)}"


def documents(raw_dir: Path | None = None) -> list[Document]:
    """Every document of ``raw_dir``: the catalogued ones in the catalogue's order, then any
    other ``.txt`` file. Lines are split as the parsers split them (CR LF, CR or LF); a
    line break at the very end starts no line of its own."""
    folder = Path(raw_dir or config.RAW_DIR)
    entries = (catalogue.read(folder)
               if (folder / config.CATALOGUE_FILE).is_file() else {})
    names = [n for n in entries if (folder / n).is_file()]
    names += sorted(p.name for p in folder.glob("*.txt") if p.is_file() and p.name not in entries)
    docs = []
    for name in names:
        raw = RawDocument.read(folder / name)
        lines = raw.lines[:-1] if len(raw.lines) > 1 and raw.lines[-1] == "" else raw.lines
        docs.append(Document(name, tuple(lines), raw.sha256, entries.get(name)))
    return docs


def line_counts(docs: Sequence[Document] | Path | None = None) -> dict[str, int]:
    """{file: number of lines} of the documents that get a page (what links may point to)."""
    if docs is None or isinstance(docs, Path):
        docs = documents(docs)
    return {d.file: len(d.lines) for d in docs}


# --------------------------------------------------------------------------- the pages


def _fonts() -> tuple[str, str]:

    return FONT_FAMILY, CODE_FONT_FAMILY


def page_css() -> str:

    font, code = _fonts()
    return f"""
body {{ font-family: {font}; font-size: 14px; line-height: 1.5; color: #1f2328;
  margin: 0 auto; max-width: 1200px; padding: 0 16px 24px; }}
code, pre, .ca-lines {{ font-family: {code}; }}
""" + """
a { color: #0969da; }
header { padding: 12px 0 8px; border-bottom: 1px solid #d0d7de; margin-bottom: 8px; }
header h1 { font-size: 20px; margin: 4px 0 8px; }
header dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 0; }
header dt, .ca-note { color: #57606a; }
header dd { margin: 0; }
nav a { margin-right: 12px; }
details { margin: 8px 0; }
pre.ca-bib { background: #f6f8fa; padding: 8px; border-radius: 4px; white-space: pre-wrap;
  font-size: 12px; }
table.ca-lines { border-collapse: collapse; font-size: 13px; width: 100%; }
.ca-lines td { padding: 0 8px; vertical-align: top; }
.ca-lines td.ln { text-align: right; white-space: nowrap; width: 1%; user-select: none;
  border-right: 1px solid #d0d7de; }
.ca-lines td.ln a { color: #8c959f; text-decoration: none; }
.ca-lines td.tx { white-space: pre-wrap; overflow-wrap: anywhere; tab-size: 4; }
.ca-lines tr { scroll-margin-top: 40vh; }
.ca-lines tr:target { background: #fff8c5; }
.ca-lines tr:target td.ln { box-shadow: inset 3px 0 0 #bf8700; }
.ca-lines tr:target td.ln a { color: #1f2328; font-weight: 600; }
table.ca-docs { border-collapse: collapse; width: 100%; }
.ca-docs th, .ca-docs td { text-align: left; vertical-align: top; padding: 6px 10px;
  border-bottom: 1px solid #d0d7de; }
.ca-docs th { background: #f6f8fa; }
""" + FOOTER_CSS


def _head(title: str, css: str) -> str:
    return ('<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{escape(title)}</title>\n<style>{css}</style>\n</head>\n<body>\n")


def _entry_rows(doc: Document) -> str:
    rows: list[tuple[str, str]] = []
    s = doc.source
    if s is not None:
        rows.append(("Title", escape(s.title)))
        rows.append(("Publisher", escape(s.publisher)))
        if s.date_basis == "document" and s.date_line is not None:
            date = (f'{escape(s.date)} (stated on <a class="{LINK_CLASS}" '
                    f'href="#{line_id(s.date_line)}">line {s.date_line}</a>: '
                    f"{escape(s.date_text)})")
        else:
            date = f"{escape(s.date)} (the text states no date; from the catalogue)"
        rows.append(("Date", date))
        rows.append(("Language", escape(s.language)))
        if s.publication:
            rows.append(("Publication", escape(s.publication)))
        # as text, not a link: the page refers to nothing outside the report
        rows.append(("Address", escape(s.address) if s.address.startswith(
            ("https://", "http://")) else "not recorded (unknown)"))
        if s.licence:
            rows.append(("Licence", escape(s.licence)))
    rows.append(("File", f"<code>data/raw/{escape(doc.file)}</code>, {len(doc.lines)} lines"))
    rows.append(("SHA-256", f"<code>{escape(doc.sha256)}</code>"))
    return "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in rows)


def render_page(doc: Document, footer: str = "") -> str:
    """A document's page: its catalogue entry, then every line numbered, each an anchor."""
    citation = doc.source.citation if doc.source else doc.file
    bib = ""
    if doc.source is not None:
        entry = bibliography.bib_entry(doc.source, doc.sha256)
        bib = (f'<details><summary>Cite (BibTeX)</summary><pre class="ca-bib">'
               f"{escape(entry)}</pre></details>\n")
    rows = "".join(
        f'<tr id="{line_id(n)}"><td class="ln"><a href="#{line_id(n)}">{n}</a></td>'
        f'<td class="tx">{escape(text)}</td></tr>\n'
        for n, text in enumerate(doc.lines, 1))
    return (
        _head(f"{citation} — {doc.file}", page_css())
        + "<header>\n"
        + '<nav><a href="../index.html">← Report</a>'
        + f'<a href="{INDEX_PAGE}">All sources</a></nav>\n'
        + f"<h1>{escape(citation)} — <code>{escape(doc.file)}</code></h1>\n"
        + f"<dl>{_entry_rows(doc)}</dl>\n{bib}"
        + '<p class="ca-note">The text as extracted from the PDF, byte for byte: OCR noise, '
          "hyphenation and full-width characters included. Line numbers are those of every "
          "<code>line</code> column in the tables; a link to a line highlights it.</p>\n"
        + "</header>\n<main>\n"
        + f'<table class="ca-lines">\n<tbody>\n{rows}</tbody>\n</table>\n</main>\n'
        + footer + "</body>\n</html>\n"
    )


def render_index(docs: Sequence[Document], footer: str = "", bib: bool = True) -> str:
    """``sources/index.html``: the documents with their catalogue entries and hashes."""
    rows = []
    for doc in docs:
        s = doc.source
        rows.append(
            "<tr>"
            f'<td><a href="{escape(doc.page)}">{escape(s.citation if s else doc.file)}</a><br>'
            f'<code class="ca-note">{escape(doc.file)}</code></td>'
            f"<td>{escape(s.title) if s else '—'}</td>"
            f"<td>{escape(s.publisher) if s else '—'}</td>"
            f"<td>{escape(s.date) if s else '—'}</td>"
            f"<td>{escape(s.language) if s else '—'}</td>"
            f'<td class="ca-note">{len(doc.lines)}</td>'
            f'<td><code class="ca-note">{escape(doc.sha256[:16])}…</code></td>'
            "</tr>\n")
    bib_link = (f' The bibliography: <a href="{BIB_FILE}">{BIB_FILE}</a> (BibTeX, the '
                "repository's <code>data/raw/sources.bib</code>).") if bib else ""
    return (
        _head("Sources — the raw documents", page_css())
        + '<header>\n<nav><a href="../index.html">← Report</a></nav>\n'
        + "<h1>Sources</h1>\n"
        + '<p class="ca-note">The documents every number of the report was read from, each '
          f"with its lines numbered (<code>data/raw/sources.csv</code> catalogues them).{bib_link}"
          "</p>\n</header>\n<main>\n"
        + '<table class="ca-docs">\n<thead><tr><th>Document</th><th>Title</th>'
          "<th>Publisher</th><th>Date</th><th>Language</th><th>Lines</th><th>SHA-256</th>"
          "</tr></thead>\n<tbody>\n" + "".join(rows) + "</tbody>\n</table>\n</main>\n"
        + footer + "</body>\n</html>\n"
    )


def write_pages(folder: Path, raw_dir: Path | None = None,
                footer: str = "") -> list[Path]:
    """Write ``<file>.html`` for every document, ``index.html`` and (when the documents
    are catalogued) ``sources.bib`` into ``folder`` (the report's ``sources/``); return
    the files written."""
    raw = Path(raw_dir or config.RAW_DIR)
    docs = documents(raw)
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for doc in docs:
        path = folder / doc.page
        path.write_text(render_page(doc, footer), encoding="utf-8")
        written.append(path)
    catalogued = (raw / config.CATALOGUE_FILE).is_file()
    if catalogued:
        path = folder / BIB_FILE
        path.write_text(bibliography.bibtex(raw), encoding="utf-8")
        written.append(path)
    path = folder / INDEX_PAGE
    path.write_text(render_index(docs, footer, bib=catalogued), encoding="utf-8")
    written.append(path)
    return written


# --------------------------------------------------------------------------- links

_NUMS = r"\d+(?:[ \t]*[–-][ \t]*\d+)?(?:[ \t]*,[ \t]*\d+(?:[ \t]*[–-][ \t]*\d+)?)*"
_AFTER = re.compile(rf"(?P<sep>,?[ \t]*)(?P<word>lines?)(?P<gap>[ \t]+)(?P<nums>{_NUMS})")
_NUMBER = re.compile(r"\d+")


class Linker:
    """Finds the documents' names (and the lines that follow them) in text, and links them.

    ``lines`` maps each file that has a page to its number of lines; ``prefix`` is the
    folder of the pages as seen from the page being written (``../sources/``). A line
    beyond the document's end is left as text.
    """

    def __init__(self, lines: Mapping[str, int], prefix: str) -> None:
        self.lines = dict(lines)
        self.prefix = prefix
        names = "|".join(re.escape(n) for n in sorted(self.lines, key=len, reverse=True))
        self.pattern = re.compile(
            rf"(?<![\w.])(?P<file>{names})(?![\w]|\.\w)"
            rf"(?::(?P<colon>\d+)\b|{_AFTER.pattern})?") if self.lines else None

    def href(self, file: str, line: int | None = None) -> str:
        anchor = f"#{line_id(line)}" if line is not None else ""
        return f"{self.prefix}{page_name(file)}{anchor}"

    def _a(self, file: str, text: str, line: int | None = None) -> str:
        return f'<a class="{LINK_CLASS}" href="{escape(self.href(file, line))}">{text}</a>'

    def _numbers(self, file: str, text: str, quote: Callable[[str], str]) -> str:
        out, pos = [], 0
        for m in _NUMBER.finditer(text):
            out.append(quote(text[pos:m.start()]))
            n = int(m.group())
            out.append(self._a(file, m.group(), n) if 1 <= n <= self.lines[file] else m.group())
            pos = m.end()
        return "".join(out) + quote(text[pos:])

    def link(self, text: str, pending: str | None = None, *,
             html: bool = False) -> tuple[str, str | None]:
        """``text`` with links; ``html=True`` when ``text`` is already HTML (not escaped
        again). ``pending`` is a file named just before ``text`` (in ``<code>``): a "lines
        …" at its start belongs to it. Returns the text and the file its end names."""
        def quote(s: str) -> str:
            return s if html else escape(s, quote=False)

        out: list[str] = []
        pos = 0
        if pending is not None:
            m = _AFTER.match(text)
            if m is not None:
                out.append(quote(text[:m.start("nums")]))
                out.append(self._numbers(pending, m.group("nums"), quote))
                pos = m.end()
        last = None
        if self.pattern is not None:
            for m in self.pattern.finditer(text, pos):
                out.append(quote(text[pos:m.start()]))
                file = m.group("file")
                out.append(self._a(file, m.group("file")))
                if m.group("colon"):
                    n = int(m.group("colon"))
                    linked = self._a(file, m.group("colon"), n) \
                        if 1 <= n <= self.lines[file] else m.group("colon")
                    out.append(":" + linked)
                elif m.group("nums"):
                    out.append(quote(text[m.end("file"):m.start("nums")]))
                    out.append(self._numbers(file, m.group("nums"), quote))
                pos = m.end()
                last = file if pos == len(text) and not m.group("nums") and \
                    not m.group("colon") else None
        out.append(quote(text[pos:]))
        return "".join(out), last


def linkify_text(text: str, lines: Mapping[str, int], prefix: str) -> str:
    """Plain ``text`` as escaped HTML, each document name and line in it a link."""
    return Linker(lines, prefix).link(text)[0]


#: Elements whose text is never linked (already a link, code, a script, a figure ...).
_SKIP = frozenset({"a", "script", "style", "title", "textarea", "svg", "head", "button",
                   "select", "math"})
#: Inline elements a file name and its "lines …" may be split across (``<code>`` in prose).
_INLINE = frozenset({"code", "em", "strong", "b", "i", "span", "kbd", "samp", "var"})


class _TextScanner(HTMLParser):
    def __init__(self, linker: Linker, text: str) -> None:
        super().__init__(convert_charrefs=False)
        self.linker = linker
        self.starts = [0]
        for m in re.finditer("\n", text):
            self.starts.append(m.end())
        self.skipping: tuple[str, int] | None = None  # (tag, depth) of a skipped element
        self.pending: str | None = None
        self.edits: list[tuple[int, int, str]] = []

    def _offset(self) -> int:
        line, column = self.getpos()
        return self.starts[line - 1] + column

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.skipping is not None:
            if tag == self.skipping[0]:
                self.skipping = (tag, self.skipping[1] + 1)
            return
        classes = (dict(attrs).get("class") or "").split()
        if tag in _SKIP or (tag in ("div", "pre") and "highlight" in classes):
            self.skipping = (tag, 1)  # code input (pygments) is shown as written
        if tag not in _INLINE:
            self.pending = None

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.skipping is None and tag not in _INLINE:
            self.pending = None

    def handle_endtag(self, tag: str) -> None:
        if self.skipping is not None:
            if tag == self.skipping[0]:
                depth = self.skipping[1] - 1
                self.skipping = (tag, depth) if depth else None
            return
        if tag not in _INLINE:
            self.pending = None

    def handle_data(self, data: str) -> None:
        if self.skipping is not None:
            return
        new, self.pending = self.linker.link(data, self.pending, html=True)
        if new != data:
            start = self._offset()
            self.edits.append((start, start + len(data), new))


_RAW_HREF = re.compile(r'href="' + re.escape(RAW_LINKS) + r'(?P<file>[^"#/]+)(?P<line>#L\d+)?"')


def to_source_pages(page: str, prefix: str) -> str:
    """A page whose links point at the raw texts (a notebook's, ``../data/raw/<file>#L38``)
    with each pointing at the document's page instead (``<prefix><file>.html#L38``)."""
    return _RAW_HREF.sub(lambda m: f'href="{prefix}{m["file"]}.html{m["line"] or ""}"', page)


def linkify_html(page: str, lines: Mapping[str, int], prefix: str) -> str:
    """``page`` with every document name (and the line or lines after it) in its text
    linked to the document's page; text inside links, code input, scripts, styles and SVG
    is left alone, and every other byte of the page is kept."""
    linker = Linker(lines, prefix)
    if linker.pattern is None or not any(name in page for name in linker.lines):
        return page
    scanner = _TextScanner(linker, page)
    scanner.feed(page)
    scanner.close()
    pieces, pos = [], 0
    for start, end, new in scanner.edits:
        pieces += [page[pos:start], new]
        pos = end
    return "".join(pieces) + page[pos:]

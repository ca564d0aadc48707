"""HTML for the report: one page per run (nbconvert) and the ``index.html`` of all runs.

Pages are self-contained: figures are embedded, the CSS is inline, and the external
scripts nbconvert would load (require.js, MathJax, mermaid) are left out. Code is hidden
by default; a "Show code" toggle (a CSS checkbox, no JavaScript) reveals it. Every text
this module writes is escaped with :func:`html.escape`.

Every page ends with a footer (:func:`footer_html`): the package version, the commit, the
hash of the processed data and how to cite. A run's page states the version, commit and
data it was executed with (a reused run keeps its page, and so its footer); ``index.html``
states the report's. The raw files and lines a page names, in its text as well as in its
tables and captions, link to the documents' pages (:mod:`clusteranalysis.sourcepages`).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # nbformat costs a second to import: only the workers need it
    import nbformat

    from .report.record import ReportInfo, Revision, RunFiles, RunRecord

#: The documents' pages as seen from a run's page (reports/<run>/<run>.html).
SOURCE_PAGES = "../sources/"

PAGE_TEMPLATE_NAME = "clusteranalysis_report.html.j2"

# Extends nbconvert's "lab" template: no external scripts, a header above the notebook.
PAGE_TEMPLATE = """\
{%- extends 'index.html.j2' -%}
{%- block html_head_js -%}{%- endblock html_head_js -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{%- block jupyter_widgets -%}{%- endblock jupyter_widgets -%}
{%- block extra_css -%}
<style type="text/css">{{ resources.report_css }}</style>
{%- endblock extra_css -%}
{%- block body_header -%}
<body class="jp-Notebook" data-jp-theme-light="true" data-jp-theme-name="JupyterLab Light">
<input type="checkbox" id="show-code" class="ca-show-code">
{{ resources.report_header }}
<main>
{%- endblock body_header -%}
{%- block body_footer -%}
</main>
{{ resources.report_footer }}
</body>
{%- endblock body_footer -%}
"""

# Fonts with Japanese glyphs on common systems, named before the generic family: the
# documents' names are Japanese, and a system with no such font shows boxes (Debian and
# Ubuntu: install fonts-noto-cjk). Noto Sans CJK JP (Linux), Hiragino (macOS), Yu Gothic
# and Meiryo (Windows), IPA (older Linux); for code and text outputs the monospaced faces
# first. Naming the JP face also gives Japanese glyph forms where a fallback might pick
# the Chinese ones of the same characters.
JAPANESE_FONTS = (
    '"Noto Sans CJK JP", "Noto Sans JP", "Hiragino Sans", "Hiragino Kaku Gothic ProN", '
    '"Yu Gothic UI", "Yu Gothic", YuGothic, Meiryo, "IPAexGothic", "IPAPGothic"'
)
JAPANESE_MONO_FONTS = '"Noto Sans Mono CJK JP", "IPAGothic", "MS Gothic", "Osaka-Mono"'
FONT_FAMILY = (
    'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, '
    f"{JAPANESE_FONTS}, sans-serif"
)
CODE_FONT_FAMILY = (
    f'Menlo, Consolas, "DejaVu Sans Mono", {JAPANESE_MONO_FONTS}, {JAPANESE_FONTS}, monospace'
)

# nbconvert's theme sets JupyterLab's font variables on :root after this CSS: set on body,
# ours win for everything in the page (prose, tables, code and text outputs).
FONT_CSS = (
    f"body {{ --jp-ui-font-family: {FONT_FAMILY};\n"
    f"  --jp-content-font-family: {FONT_FAMILY};\n"
    f"  --jp-code-font-family-default: {CODE_FONT_FAMILY};\n"
    f"  --jp-code-font-family: {CODE_FONT_FAMILY};\n"
    f"  --jp-cell-prompt-font-family: {CODE_FONT_FAMILY}; }}\n"
)

FOOTER_CSS = """
.ca-footer { font-size: 12px; line-height: 1.5; color: #57606a; margin: 24px 0 0;
  padding: 10px 0 16px; border-top: 1px solid #d0d7de; }
.ca-footer dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px;
  margin: 0; }
.ca-footer dt { font-weight: 600; }
.ca-footer dd { margin: 0; overflow-wrap: anywhere; }
.ca-footer code { font-size: 12px; }
.ca-footer a { color: #0969da; }
"""

PAGE_CSS = FONT_CSS + """
.ca-show-code { position: absolute; opacity: 0; width: 1px; height: 1px; }
#show-code:not(:checked) ~ main .jp-CodeCell .jp-Cell-inputWrapper { display: none; }
#show-code:not(:checked) ~ main .jp-CodeCell.jp-mod-noOutputs { display: none; }
#show-code:not(:checked) ~ main .jp-OutputPrompt { visibility: hidden; }
#show-code:checked ~ header .ca-when-hidden,
#show-code:not(:checked) ~ header .ca-when-shown { display: none; }
#show-code:focus-visible ~ header .ca-toggle { outline: 2px solid #1a73e8; }
.ca-header { font-family: var(--jp-ui-font-family); font-size: 14px; line-height: 1.5;
  max-width: 1100px; margin: 0 auto 16px; padding: 12px 16px;
  border-bottom: 1px solid #d0d7de; }
.ca-header h1 { font-size: 20px; margin: 4px 0 8px; }
.ca-header dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px;
  margin: 8px 0; }
.ca-header dt { color: #57606a; }
.ca-header dd { margin: 0; }
.ca-header code { font-family: var(--jp-code-font-family); font-size: 13px; }
.ca-header a { color: #0969da; text-decoration: underline; }
.ca-header .params { margin: 0; padding: 0; list-style: none; }
.ca-note { color: #57606a; }
.ca-results { margin: 0; padding: 0; list-style: none; columns: 3 16em; }
.ca-results a { margin-right: 6px; }
.ca-nav a, .ca-toggle { margin-right: 12px; }
.ca-toggle { cursor: pointer; border: 1px solid #8c959f; border-radius: 4px;
  padding: 1px 8px; background: #f6f8fa; user-select: none; }
.ca-status { font-weight: 600; }
.ca-status-ok, .ca-status-unchanged { color: #1a7f37; }
.ca-status-failed { color: #cf222e; }
.ca-error { white-space: pre-wrap; background: #ffebe9; border: 1px solid #ff818266;
  padding: 8px; border-radius: 4px; }
""" + FOOTER_CSS


INDEX_CSS = f"""
body {{ font-family: {FONT_FAMILY}; }}
code, pre {{ font-family: {CODE_FONT_FAMILY}; }}
""" + """
body { font-size: 14px; line-height: 1.5;
  margin: 24px auto; max-width: 1200px; padding: 0 16px; color: #1f2328; }
h1 { font-size: 24px; margin-bottom: 4px; }
.summary { color: #57606a; margin-top: 0; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; vertical-align: top; padding: 6px 10px;
  border-bottom: 1px solid #d0d7de; }
th { background: #f6f8fa; }
td.duration { text-align: right; white-space: nowrap; }
.status { font-weight: 600; white-space: nowrap; }
.status-ok, .status-unchanged { color: #1a7f37; }
.status-failed { color: #cf222e; }
.error { white-space: pre-wrap; background: #ffebe9; padding: 4px 6px; border-radius: 4px;
  margin: 4px 0 0; font-size: 13px; }
.params { margin: 0; padding: 0; list-style: none; }
.params code, td code { font-size: 13px; }
.links a { margin-right: 10px; white-space: nowrap; }
.note { color: #57606a; font-size: 12px; }
h2 { font-size: 18px; margin: 24px 0 6px; }
.sources { margin: 0; padding-left: 20px; }
""" + FOOTER_CSS


def format_value(value: Any) -> str:
    """A parameter value as the TOML/JSON text a reader would type (unescaped)."""
    return json.dumps(value, ensure_ascii=False)


def format_duration(seconds: float | None) -> str:
    """``12.3 s`` or ``2 min 05 s``; an em dash when unknown."""
    if seconds is None:
        return "—"
    if seconds < 60:
        return f"{seconds:.1f} s"
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes} min {rest:02d} s"


def _parameters_html(parameters: Mapping[str, Any]) -> str:
    if not parameters:
        return '<span class="note">defaults</span>'
    items = "".join(
        f"<li><code>{escape(k)} = {escape(format_value(v))}</code></li>"
        for k, v in parameters.items()
    )
    return f'<ul class="params">{items}</ul>'


def _local(path: str) -> str:
    """A report-relative path (``run/file``) as seen from the run's own folder."""
    return path.split("/", 1)[1]


def _link(href: str, text: str) -> str:
    return f'<a href="{escape(href)}">{escape(text)}</a>'


def _results_html(paths: Sequence[str]) -> str:
    """Result files grouped by name: ``growth: csv png svg``, one line each."""
    groups: dict[str, list[str]] = {}
    for path in paths:
        stem, dot, _ = path.rpartition(".")
        key = stem if dot else path
        groups.setdefault(key, []).append(path)
    lines = []
    for stem, files in groups.items():
        links = " ".join(_link(f, f.rpartition(".")[2] or f) for f in files)
        label = stem.removeprefix("results/")
        lines.append(f'<li><span class="ca-result">{escape(label)}</span> {links}</li>')
    return f'<ul class="ca-results">{"".join(lines)}</ul>'


def _files(run: RunRecord) -> RunFiles:
    if run.files is None:
        raise ValueError(f"run {run.name!r} has no files yet: it has not run")
    return run.files


def page_header(run: RunRecord) -> str:
    """The header above a run's notebook: what ran, how it went, links, the code toggle."""
    files = _files(run)
    status = run.status or "pending"
    nav = [_link("../index.html", "← All runs"),
           _link(_local(files.notebook), "Notebook (.ipynb)")]
    if files.log:
        nav.append(_link(_local(files.log), "Log"))
    if files.results:
        result_links = _results_html([_local(f) for f in files.results])
    else:
        result_links = '<span class="ca-note">none</span>'
    error = ""
    if run.error:
        error = f'<pre class="ca-error">{escape(run.error)}</pre>'
    return (
        '<header class="ca-header">\n'
        f'<div class="ca-nav">{" ".join(nav)}'
        '<label for="show-code" class="ca-toggle">'
        '<span class="ca-when-hidden">Show code</span>'
        '<span class="ca-when-shown">Hide code</span></label></div>\n'
        f"<h1>{escape(run.name)}</h1>\n"
        "<dl>"
        f"<dt>Notebook</dt><dd><code>{escape(run.notebook)}</code></dd>"
        f"<dt>Parameters</dt><dd>{_parameters_html(run.parameters)}</dd>"
        f'<dt>Status</dt><dd class="ca-status ca-status-{escape(status)}">{escape(status)}</dd>'
        f"<dt>Executed</dt><dd>{escape(run.executed_at or '—')}, "
        f"{escape(format_duration(run.duration_seconds))}</dd>"
        f'<dt id="results">Results</dt><dd>{result_links}</dd>'
        "</dl>\n"
        f"{error}"
        "</header>\n"
    )


def footer_html(*, version: str, revision: Revision | None, data_sha256: str | None,
                citation: str, sources: str, executed: bool = False) -> str:
    """The footer of every page: version, commit, data hash, how to cite.

    ``sources`` is the address of ``sources/index.html`` from the page; ``executed`` says
    the facts are those the run was executed with (a run's page), not the report's.
    """
    from .report.record import Revision

    revision = revision or Revision()
    commit = (f"<code>{escape(revision.commit)}</code>"
              + (" (the tree had uncommitted changes)" if revision.dirty else "")
              if revision.known else "unknown (not run from a git checkout)")
    data = (f"<code>{escape(data_sha256)}</code> (SHA-256 of <code>data/processed</code>; "
            "<code>manifest.json</code> lists each file's)") if data_sha256 else "unknown"
    when = "Executed with" if executed else "Package"
    return (
        '<footer class="ca-footer">\n<dl>'
        f"<dt>{when}</dt><dd>clusteranalysis {escape(version or 'unknown')}</dd>"
        f"<dt>Commit</dt><dd>{commit}</dd>"
        f"<dt>Data</dt><dd>{data}</dd>"
        f"<dt>How to cite</dt><dd>{escape(citation)} Cite the documents too: "
        f'<a href="{escape(sources)}">the sources</a> (each line numbered, with BibTeX); '
        "every number in the tables names its file and line.</dd>"
        "</dl>\n</footer>\n"
    )


def run_footer(run: RunRecord) -> str:
    """A run's footer: what it was executed with (kept when the run is reused)."""
    from .bibliography import how_to_cite

    commit = run.revision.commit if run.revision else None
    return footer_html(version=run.package_version, revision=run.revision,
                       data_sha256=run.inputs.processed_sha256 or None,
                       citation=how_to_cite(commit=commit),
                       sources=f"{SOURCE_PAGES}index.html", executed=True)


def _linkify(page: str, prefix: str, raw_dir: Path | None = None) -> str:
    """The raw files and lines the page's text names, linked to the documents' pages."""
    from . import config, sourcepages

    counts = sourcepages.line_counts(Path(raw_dir or config.RAW_DIR))
    return sourcepages.linkify_html(page, counts, prefix)


def render_page(nb: nbformat.NotebookNode, run: RunRecord, notebook_dir: Path) -> str:
    """The run's page: its executed notebook as self-contained HTML, code hidden."""
    from jinja2 import DictLoader
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(
        template_name="lab",
        extra_loaders=[DictLoader({PAGE_TEMPLATE_NAME: PAGE_TEMPLATE})],
        template_file=PAGE_TEMPLATE_NAME,
        embed_images=True,
    )
    resources = {
        "metadata": {"name": f"{run.name} — {run.notebook}", "path": str(notebook_dir)},
        "report_css": PAGE_CSS,
        "report_header": page_header(run),
        "report_footer": run_footer(run),
    }
    body, _ = exporter.from_notebook_node(nb, resources=resources)
    return _linkify(body, SOURCE_PAGES)


def render_index(report: ReportInfo, runs: Sequence[RunRecord],
                 raw_dir: Path | None = None) -> str:
    """``index.html``: one row per run with notebook, parameters, status, duration, links,
    then the documents the runs read, and the report's footer."""
    from .bibliography import how_to_cite

    counts = {s: sum(r.status == s for r in runs) for s in ("ok", "unchanged", "failed")}
    summary = (
        f"{len(runs)} runs: {counts['ok']} ran, {counts['unchanged']} unchanged, "
        f"{counts['failed']} failed · generated {report.generated_at} in "
        f"{format_duration(report.duration_seconds)} · clusteranalysis "
        f"{report.package_version}"
    )
    rows = [_index_row(run) for run in runs]
    commit = report.revision.commit if report.revision else None
    footer = footer_html(version=report.package_version, revision=report.revision,
                         data_sha256=report.inputs.get("processed", {}).get("sha256"),
                         citation=report.citation or how_to_cite(commit=commit),
                         sources="sources/index.html")
    page = (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        "<title>Cluster analysis report</title>\n"
        f"<style>{INDEX_CSS}</style>\n</head>\n<body>\n"
        "<h1>Cluster analysis report</h1>\n"
        f'<p class="summary">{escape(summary)} · {_link("manifest.json", "manifest.json")}</p>\n'
        "<table>\n<thead><tr><th>Run</th><th>Notebook</th><th>Parameters</th>"
        "<th>Status</th><th>Duration</th><th>Links</th></tr></thead>\n<tbody>\n"
        + "".join(rows)
        + "</tbody>\n</table>\n"
        + _sources_section(raw_dir)
        + footer + "</body>\n</html>\n"
    )
    return _linkify(page, "sources/", raw_dir)


def _sources_section(raw_dir: Path | None = None) -> str:
    """The documents the runs read, each linked to its page."""
    from . import config, sourcepages

    raw = Path(raw_dir or config.RAW_DIR)
    items = []
    for doc in sourcepages.documents(raw):
        label = f"{doc.source.citation}: {doc.source.title}" if doc.source else doc.file
        items.append(f'<li><a href="sources/{escape(doc.page)}">{escape(label)}</a> '
                     f'<code class="note">{escape(doc.file)}</code></li>')
    bib = ""
    if (raw / config.CATALOGUE_FILE).is_file():
        bib = ', with their bibliography (<a href="sources/sources.bib">sources.bib</a>)'
    return ('<h2 id="sources">Sources</h2>\n<p class="note">The tables and captions of each '
            "page link every number to the line of the document it was read from. "
            f'<a href="sources/index.html">All sources</a>{bib}.</p>\n'
            f'<ul class="sources">{"".join(items)}</ul>\n')


def _index_row(run: RunRecord) -> str:
    files = _files(run)
    status = run.status or "pending"
    links = [_link(files.page, "report"), _link(files.notebook, "notebook")]
    if files.results:
        n = len(files.results)
        links.append(_link(f"{files.page}#results", f"{n} result file{'s' * (n != 1)}"))
    if files.log:
        links.append(_link(files.log, "log"))
    if run.last_good:
        links.append(_link(run.last_good.page, f"last good ({run.last_good.executed_at})"))
    status_cell = f'<span class="status status-{escape(status)}">{escape(status)}</span>'
    if run.error:
        status_cell += f'<pre class="error">{escape(run.error)}</pre>'
    duration = escape(format_duration(run.duration_seconds))
    if status == "unchanged":
        at = f" at {run.revision.commit[:12]}" if run.revision and run.revision.known else ""
        duration += f'<div class="note">ran {escape(run.executed_at or "?")}{escape(at)}</div>'
    return (
        "<tr>"
        f"<td>{_link(files.page, run.name)}</td>"
        f"<td><code>{escape(run.notebook)}</code></td>"
        f"<td>{_parameters_html(run.parameters)}</td>"
        f"<td>{status_cell}</td>"
        f'<td class="duration">{duration}</td>'
        f'<td class="links">{"".join(links)}</td>'
        "</tr>\n"
    )


def fallback_page(run: RunRecord) -> str:
    """A run's page when its notebook could not be converted: the header alone."""
    page = (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{escape(run.name)} — {escape(run.notebook)}</title>\n"
        f"<style>{PAGE_CSS}</style>\n</head>\n<body>\n"
        '<input type="checkbox" id="show-code" class="ca-show-code">\n'
        f"{page_header(run)}<main></main>\n{run_footer(run)}</body>\n</html>\n"
    )
    return _linkify(page, SOURCE_PAGES)

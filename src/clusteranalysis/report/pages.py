"""HTML for the report: one page per run (nbconvert) and the ``index.html`` of all runs.

Pages are self-contained: figures are embedded, the CSS is inline, and the external
scripts nbconvert would load (require.js, MathJax, mermaid) are left out. Code is hidden
by default; a "Show code" toggle (a CSS checkbox, no JavaScript) reveals it. Every text
this module writes is escaped with :func:`html.escape`.

A run's page states the version, commit and data it was executed with (a reused run keeps
its page, and so its footer); ``index.html`` states the report's. The raw files and lines a
page names, in its text as well as in its tables and captions, link to the documents' pages
(:mod:`clusteranalysis.report.sourcepages`).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

from clusteranalysis import config
from clusteranalysis.provenance.bibliography import how_to_cite
from clusteranalysis.report import sourcepages
from clusteranalysis.report.record import ReportInfo, RunFiles, RunRecord
from clusteranalysis.report.style import INDEX_CSS, PAGE_CSS, footer_html

if TYPE_CHECKING:  # nbformat costs a second to import: only the workers need it
    import nbformat

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


def run_footer(run: RunRecord) -> str:
    """A run's footer: what it was executed with (kept when the run is reused)."""

    commit = run.revision.commit if run.revision else None
    return footer_html(version=run.package_version, revision=run.revision,
                       data_sha256=run.inputs.processed_sha256 or None,
                       citation=how_to_cite(commit=commit),
                       sources=f"{SOURCE_PAGES}index.html", executed=True)


def _linkify(page: str, prefix: str, raw_dir: Path | None = None) -> str:
    """The raw files and lines the page's text names, linked to the documents' pages."""

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
    return _linkify(sourcepages.to_source_pages(body, SOURCE_PAGES), SOURCE_PAGES)


def render_index(report: ReportInfo, runs: Sequence[RunRecord],
                 raw_dir: Path | None = None) -> str:
    """``index.html``: one row per run with notebook, parameters, status, duration, links,
    then the documents the runs read, and the report's footer."""

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

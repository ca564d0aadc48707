"""The report's look: fonts (Japanese included), the CSS of its pages and their footer.

Every page ends with a footer (:func:`footer_html`): the package version, the commit, the
hash of the processed data and how to cite. The run pages, the index and the documents'
source pages (:mod:`clusteranalysis.report.sourcepages`) share these styles.
"""

from __future__ import annotations

from html import escape

from clusteranalysis.report.record import Revision

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


def footer_html(*, version: str, revision: Revision | None, data_sha256: str | None,
                citation: str, sources: str, executed: bool = False) -> str:
    """The footer of every page: version, commit, data hash, how to cite.

    ``sources`` is the address of ``sources/index.html`` from the page; ``executed`` says
    the facts are those the run was executed with (a run's page), not the report's.
    """

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

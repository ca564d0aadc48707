"""The documents' line-numbered pages and the links to their lines.

Expected lines and texts were read in data/raw with ``cat -n`` (cited beside each).
"""

from __future__ import annotations

import re
from html import escape
from pathlib import Path

import pytest

from clusteranalysis import present
from clusteranalysis.report import output as report_publish
from clusteranalysis.report import sourcepages
from clusteranalysis.report.sourcepages import Document, Linker, linkify_html, linkify_text
from tests.support.data import RAW, ROOT
from tests.support.links import broken_source_links, parse

F001 = "001_fc47ff42475d4a79.txt"
F002 = "002_0f5a4630d1886fda.txt"
F004 = "004_900bb6791dcdb13c.txt"


@pytest.fixture(scope="module")
def docs() -> dict[str, Document]:
    return {d.file: d for d in sourcepages.documents(RAW)}


def test_every_catalogued_document_in_catalogue_order(docs: dict[str, Document]) -> None:
    assert list(docs) == sorted(p.name for p in RAW.glob("*.txt"))  # 000 … 004
    # lines as an editor counts them: 001 ends with a line break after line 393; 004's
    # last line (124) is one space with no line break after it (cat -n, od -c)
    assert len(docs[F001].lines) == 393
    assert len(docs[F004].lines) == 124 and docs[F004].lines[-1] == " "
    assert docs[F002].lines[37] == "　ＩＴ分野　約840社　3大学"  # 002 line 38
    assert docs[F001].source is not None and docs[F001].source.citation == "METI 2005"


def test_page_has_one_anchor_per_line_escaped(docs: dict[str, Document]) -> None:
    doc = docs[F001]
    page = sourcepages.render_page(doc, footer='<footer class="ca-footer">F</footer>\n')
    ids = re.findall(r'<tr id="L(\d+)">', page)
    assert ids == [str(n) for n in range(1, 394)]
    # 001 line 209 holds HTML-looking text: "Cooperation example > <u>Kyoto Monotech. Co</u>"
    row = re.search(r'<tr id="L209">.*?</tr>', page).group()
    assert "Cooperation example &gt; &lt;u&gt;Kyoto Monotech. Co&lt;/u&gt;" in row
    assert "<u>" not in page
    assert '<a href="#L209">209</a>' in row  # the number links to the line itself
    # the catalogue's date stands on line 3 ("21st June, 2005"): linked
    assert 'href="#L3">line 3</a>: 21st June, 2005' in page
    assert page.rstrip().endswith('<footer class="ca-footer">F</footer>\n</body>\n</html>')


def test_page_shows_what_is_known_of_the_publication_and_licence(
        docs: dict[str, Document]) -> None:
    # 001 lines 7-9: "YOSHIAKI TSUKAMOTO / Director Industrial Cluster Projects Promotion
    # Office ..."; no address was recorded for any document (data/raw/sources.csv)
    page = sourcepages.render_page(docs[F001])
    assert "<dt>Publication</dt><dd>A presentation by Yoshiaki Tsukamoto" in page
    assert "<dt>Address</dt><dd>not recorded (unknown)</dd>" in page
    assert "<dt>Licence</dt><dd>No licence is stated in the text" in page
    assert "MIT licence covers its code, not this text" in page


def test_page_is_self_contained_highlights_its_target_and_names_japanese_fonts(
        docs: dict[str, Document]) -> None:
    page = sourcepages.render_page(docs[F002])
    assert "<script" not in page
    assert not re.search(r'(src|href)="(https?:)?//', page)
    assert ".ca-lines tr:target { background: #fff8c5; }" in page
    assert '"Noto Sans CJK JP"' in page and "Meiryo" in page and "IPAGothic" in page
    assert '<td class="tx">　ＩＴ分野　約840社　3大学</td>' in page  # 002 line 38
    assert '<html lang="en">' in page and '<meta charset="utf-8">' in page


def test_uncatalogued_file_and_line_ends(tmp_path: Path) -> None:
    (tmp_path / "doc.txt").write_bytes(b"<b>one</b>\r\ntwo\rthree\n")
    (tmp_path / "empty.txt").write_bytes(b"")
    found = {d.file: d for d in sourcepages.documents(tmp_path)}
    assert found["doc.txt"].lines == ("<b>one</b>", "two", "three")
    assert found["doc.txt"].source is None
    assert found["empty.txt"].lines == ("",)
    written = sourcepages.write_pages(tmp_path / "sources", tmp_path)
    assert sorted(p.name for p in written) == ["doc.txt.html", "empty.txt.html", "index.html"]
    page = (tmp_path / "sources" / "doc.txt.html").read_text(encoding="utf-8")
    assert "&lt;b&gt;one&lt;/b&gt;" in page and "<b>one" not in page


def test_write_pages_for_the_repository(tmp_path: Path) -> None:
    from clusteranalysis.provenance import bibliography

    written = sourcepages.write_pages(tmp_path / "sources", RAW)
    names = sorted(p.name for p in written)
    assert names == sorted([f"{p.name}.html" for p in RAW.glob("*.txt")]
                           + ["index.html", "sources.bib"])
    assert (tmp_path / "sources" / "sources.bib").read_text(encoding="utf-8") == \
        bibliography.bibtex(RAW)
    index = (tmp_path / "sources" / "index.html").read_text(encoding="utf-8")
    for doc in RAW.glob("*.txt"):
        assert f'href="{doc.name}.html"' in index
    assert "知的クラスター創成事業 事業概要" in index  # 004's title (sources.csv)
    assert broken_source_links(tmp_path) == []


def test_report_folder_names_agree() -> None:
    assert sourcepages.SOURCES_DIR == report_publish.SOURCES
    # a notebook's links, seen from notebooks/, reach the raw texts of the repository
    assert (ROOT / "notebooks" / present.RAW_LINKS).resolve() == RAW.resolve()


def test_a_notebooks_links_to_the_raw_texts_point_at_the_source_pages() -> None:
    """In JupyterLab and on GitHub a table's link opens the raw text (GitHub highlights the
    line); in the report the same link opens the document's page at that line."""
    cell = (f'<a class="ca-source" href="{present.source_href(F001, 138)}">138</a> '
            f'<a href="{present.source_href(F002)}">MEXT 2008a</a>')
    assert sourcepages.to_source_pages(cell, "../sources/") == (
        f'<a class="ca-source" href="../sources/{F001}.html#L138">138</a> '
        f'<a href="../sources/{F002}.html">MEXT 2008a</a>')


# --------------------------------------------------------------------------- links

LINES = {F001: 393, F002: 130}


def test_linkify_text_links_files_and_lines() -> None:
    out = linkify_text(f"ParseError: {F002}:34: bad <x> & {F001}, lines 138–180, 999.",
                       LINES, "../sources/")
    href = f"../sources/{F002}.html"
    assert f'<a class="ca-source" href="{href}">{F002}</a>:' in out
    assert f'<a class="ca-source" href="{href}#L34">34</a>: bad &lt;x&gt; &amp; ' in out
    assert (f'lines <a class="ca-source" href="../sources/{F001}.html#L138">138</a>–'
            f'<a class="ca-source" href="../sources/{F001}.html#L180">180</a>, 999.') in out
    # 999 is past the end of 001 (393 lines): not a link
    assert "#L999" not in out
    # names that merely contain a document's name are not it
    assert linkify_text(f"x{F002} {F002}.html", LINES, "") == f"x{F002} {F002}.html"
    assert linkify_text("no file here, line 3", LINES, "") == "no file here, line 3"
    # a line break ends the reference: "line 5" on the next line is not the file's
    assert "#L5" not in linkify_text(f"{F002}\nline 5", LINES, "")


def _strip_links(page: str) -> str:
    return re.sub(r'<a class="ca-source" href="[^"]*">([^<]*)</a>', r"\1", page)


def test_linkify_html_keeps_every_other_byte_and_skips_links_and_code() -> None:
    page = (
        '<html><head><title>002_0f5a4630d1886fda.txt</title></head><body>\n'
        f'<p>From <code>{F002}</code>, lines 14–92: the list; see <a href="x">{F002}</a>.</p>\n'
        f'<div class="highlight hl-ipython3"><pre><span class="s2">&quot;{F002}&quot;</span>'
        f'<div>nested</div> {F002}</pre></div>\n'
        f'<pre>MEXT 2008a — {F002}, line 38\n   37 | ◆情報ベンチャーの育成</pre>\n'
        f'<script>var s = "{F002}";</script><img src="data:image/png;base64,AAAA" alt="{F002}">'
        f'<p>{F001} &amp; {F002}</p></body></html>'
    )
    out = linkify_html(page, LINES, "../sources/")
    assert _strip_links(out) == page
    links = re.findall(r'<a class="ca-source" href="([^"]*)">([^<]*)</a>', out)
    assert links == [
        (f"../sources/{F002}.html", F002),  # the prose: the file in <code> ...
        (f"../sources/{F002}.html#L14", "14"),  # ... and the lines after it
        (f"../sources/{F002}.html#L92", "92"),
        (f"../sources/{F002}.html", F002),  # a printed trace
        (f"../sources/{F002}.html#L38", "38"),
        (f"../sources/{F001}.html", F001),
        (f"../sources/{F002}.html", F002),
    ]
    assert linkify_html("<p>nothing</p>", LINES, "") == "<p>nothing</p>"
    assert linkify_html(f"<p>{F002}</p>", {}, "") == f"<p>{F002}</p>"


def test_linker_href() -> None:
    linker = Linker(LINES, "sources/")
    assert linker.href(F002, 38) == f"sources/{F002}.html#L38"
    assert sourcepages.to_source_pages(f'href="{present.source_href(F002, 38)}"', "../sources/") \
        == f'href="../sources/{F002}.html#L38"'
    assert escape(linker.href(F002)) == f"sources/{F002}.html"


def test_parse_collects_links_and_ids(tmp_path: Path) -> None:
    page = tmp_path / "p.html"
    page.write_text('<p id="a"><a href="#a">x</a><a href="b.html#c">y</a></p>', encoding="utf-8")
    assert parse(page) == (("#a", "b.html#c"), frozenset({"a"}))

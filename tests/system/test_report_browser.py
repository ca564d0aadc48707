"""The report as a reader sees it: ``index.html``, a run's page and a document's page in
headless Chromium.

The report is served over HTTP on localhost next to a small harness page, which opens
each page in a same-origin iframe, waits for it, and records whether every image has
loaded, whether every link resolves (fetch status 200, ``#anchors`` present) and whether
the "Show code" toggle reveals the code, and whether Japanese text (prose, a text output, a
parameter in the index) renders in glyphs: each distinct character drawn in the element's
own font stack must give a distinct image, where a missing font draws the same box for all.
A second harness follows a source link of a run's page as a reader would (a click in
the frame) and records where it lands: the document's page, the line the address names
highlighted (its background, from CSS ``:target``) and scrolled into view.
Chromium prints the harness's DOM when done. Chromium and a Japanese font come from Debian
(``make browser`` installs them).
"""

from __future__ import annotations

import functools
import http.server
import json
import shutil
import subprocess
import tempfile
import textwrap
import threading
from collections.abc import Iterator
from pathlib import Path

import nbformat
import pytest

from clusteranalysis.report import run_report
from tests.support.jupyterlab import CHROMIUM_FLAGS as HEADLESS_OFFLINE

#: The JupyterLab test's flags (headless, off the network), run by the browser itself here.
CHROMIUM_FLAGS = ["--headless", *HEADLESS_OFFLINE, "--window-size=1280,1000"]

HARNESS = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>harness</title></head>
<body><pre id="result">pending</pre>
<script>
async function load(url) {
  const frame = document.createElement("iframe");
  frame.style.width = "1200px"; frame.style.height = "800px";
  const loaded = new Promise((resolve) => { frame.onload = resolve; });
  frame.src = url;
  document.body.appendChild(frame);
  await loaded;
  return frame.contentDocument;
}
async function check(url) {
  const doc = await load(url);
  const images = [...doc.images].map((img) => ({
    src: img.getAttribute("src").slice(0, 40),
    loaded: img.complete && img.naturalWidth > 0,
  }));
  const links = [];
  for (const a of doc.querySelectorAll("a[href]")) {
    const href = a.getAttribute("href");
    const target = new URL(href, doc.baseURI);
    let ok;
    if (href.startsWith("#")) {
      ok = doc.getElementById(href.slice(1)) !== null;
    } else {
      ok = (await fetch(target)).status === 200;
      if (ok && target.hash) {
        const other = (target.pathname === new URL(doc.baseURI).pathname)
          ? doc : await load(target.href);
        ok = other.getElementById(target.hash.slice(1)) !== null;
      }
    }
    links.push({href, ok});
  }
  const visible = (el) => el !== null && el.getClientRects().length > 0;
  const code = doc.querySelector(".jp-CodeCell .jp-Cell-inputWrapper");
  const markdown = doc.querySelector(".jp-MarkdownCell");
  const toggle = doc.querySelector("label[for=show-code]");
  let codeHiddenFirst = null, codeShownAfterToggle = null, markdownShown = null;
  if (code && toggle) {
    codeHiddenFirst = !visible(code);
    markdownShown = visible(markdown);
    toggle.click();
    codeShownAfterToggle = visible(code);
  }
  const japanese = JAPANESE.map((selector) => glyphs(doc, selector));
  return {url, title: doc.title, images, links, codeHiddenFirst, codeShownAfterToggle,
          markdownShown, japanese};
}
const CJK = /[\u3040-\u30ff\u3400-\u9fff\uff00-\uffef]/;
function glyphs(doc, selector) {
  // The first element matching `selector` with Japanese in it: each distinct character
  // drawn alone in the element's computed font; a missing glyph is the same box each time.
  const el = [...doc.querySelectorAll(selector)].find((e) => CJK.test(e.textContent));
  if (!el) return {selector, found: false};
  const style = doc.defaultView.getComputedStyle(el);
  const canvas = document.createElement("canvas");
  canvas.width = 64; canvas.height = 64;
  const ctx = canvas.getContext("2d", {willReadFrequently: true});
  const chars = [...new Set([...el.textContent].filter((c) => CJK.test(c)))];
  const images = new Set();
  for (const c of chars) {
    ctx.clearRect(0, 0, 64, 64);
    ctx.font = `32px ${style.fontFamily}`;
    ctx.fillText(c, 8, 44);
    const data = ctx.getImageData(0, 0, 64, 64).data;
    let hash = 0;
    for (let i = 3; i < data.length; i += 4) hash = (hash * 31 + data[i]) >>> 0;
    images.add(hash);
  }
  return {selector, found: true, text: chars.join(""), chars: chars.length,
          distinct: images.size, fontFamily: style.fontFamily};
}
(async () => {
  const out = [];
  try {
    for (const url of PAGES) { out.push(await check(url)); }
    document.getElementById("result").textContent = JSON.stringify(out);
  } catch (e) {
    document.getElementById("result").textContent = "ERROR " + e;
  }
})();
</script></body></html>
"""

FOLLOW = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>follow</title></head>
<body><pre id="result">pending</pre>
<script>
(async () => {
  try {
    const frame = document.createElement("iframe");
    frame.style.width = "1200px"; frame.style.height = "800px";
    document.body.appendChild(frame);
    const loaded = () => new Promise((resolve) => { frame.onload = resolve; });
    let wait = loaded();
    frame.src = PAGE;
    await wait;
    const link = frame.contentDocument.querySelector(SELECTOR);
    const href = link.getAttribute("href");
    wait = loaded();
    link.click();
    await wait;
    await new Promise((resolve) => setTimeout(resolve, 300));
    const doc = frame.contentDocument, win = frame.contentWindow;
    const target = doc.querySelector(":target");
    const other = doc.querySelector("tr:not(:target)");
    const box = target ? target.getBoundingClientRect() : null;
    document.getElementById("result").textContent = JSON.stringify({
      href, landed: win.location.pathname + win.location.hash, title: doc.title,
      target: target && target.id, text: target && target.textContent,
      background: target && win.getComputedStyle(target).backgroundColor,
      otherBackground: other && win.getComputedStyle(other).backgroundColor,
      inView: box !== null && box.top >= 0 && box.bottom <= win.innerHeight,
      top: box && box.top, height: win.innerHeight,
    });
  } catch (e) {
    document.getElementById("result").textContent = "ERROR " + e;
  }
})();
</script></body></html>
"""

# 002 line 38 ("ＩＴ分野　約840社　3大学", the counts of 情報ベンチャーの育成 on line 37), as a
# notebook shows it: a table of the rows read from it, with its source and line columns
F002 = "002_0f5a4630d1886fda.txt"
SOURCE_CELL = f"""
import clusteranalysis as ca
from clusteranalysis import present

p = ca.load("participants")
rows = p[(p["source"] == "{F002}") & (p["line"] == 38)]
present.table(rows[["participant_type", "count", "raw", "source", "line"]], "line38")
"""

# Japanese as the documents write it (002 and 004): prose, a printed output, a parameter
PROSE = "知的クラスター創成事業"
NOTE = "地域産業活性化プロジェクト 約2,240社"

FIGURE_CELL = """
import pathlib

import matplotlib.pyplot as plt

fig, ax = plt.subplots(figsize=(5, 3))
ax.bar(["Japan", "France", "Finland"], [3, 2, scale])
ax.set_title(title)
print(note)
if output_dir:
    out = pathlib.Path(output_dir)
    fig.savefig(out / "bars.png")
    fig.savefig(out / "bars.svg")
    (out / "bars.csv").write_text(f"country,value\\nFinland,{scale}\\n")
plt.show()
print("The METI document says <u>underlined</u>.")
"""


def _notebook(path: Path, parameters: str, *cells: str) -> None:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    first = nbformat.v4.new_code_cell(parameters)
    first.metadata["tags"] = ["parameters"]
    nb.cells = [
        nbformat.v4.new_markdown_cell(f"# {path.stem}\n\nA fixture notebook: {PROSE}."),
        first,
        *(nbformat.v4.new_code_cell(textwrap.dedent(c).strip()) for c in cells),
    ]
    nbformat.write(nb, path)


@pytest.fixture(scope="module")
def chromium() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        pytest.fail("chromium is not installed: run `make browser` (apt-get install chromium)")
    return path


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """A report of a figure notebook and a failing one, served on localhost."""
    root = tmp_path_factory.mktemp("browser")
    nbdir = root / "notebooks"
    nbdir.mkdir()
    _notebook(nbdir / "figure.ipynb",
              'title = "Bars"\nscale = 1\nnote = "情報ベンチャーの育成"\noutput_dir = None',
              FIGURE_CELL, SOURCE_CELL)
    _notebook(
        nbdir / "fails.ipynb", "output_dir = None", 'raise ValueError("no <u>table</u> here")'
    )
    cfg = root / "reports.toml"
    cfg.write_text(
        textwrap.dedent("""
        [[run]]
        notebook = "figure.ipynb"
        name = "figure"

        [[run]]
        notebook = "figure.ipynb"
        name = "figure-big"
        parameters = { scale = 4, title = "Big <b>bars</b>", note = "NOTE" }

        [[run]]
        notebook = "fails.ipynb"
        name = "fails"
    """).replace("NOTE", NOTE),
        encoding="utf-8",
    )
    site = root / "site"
    site.mkdir()
    assert run_report(cfg, site / "reports", notebook_dir=nbdir, progress=False) is False

    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", site
    finally:
        server.shutdown()
        server.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def _chromium(chromium: str, *args: str) -> str:
    with tempfile.TemporaryDirectory() as profile:
        done = subprocess.run(
            [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def _result(dom: str) -> object:
    text = dom.split('<pre id="result">', 1)[1].split("</pre>", 1)[0]
    assert not text.startswith(("pending", "ERROR")), text
    return json.loads(
        text.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"')
    )


def test_a_source_link_lands_on_its_line_highlighted(chromium: str,
                                                     served: tuple[str, Path]) -> None:
    base, site = served
    (site / "follow.html").write_text(
        FOLLOW.replace("PAGE", json.dumps(f"{base}/reports/figure-big/figure-big.html"))
        .replace("SELECTOR", json.dumps('td a.ca-source[href$="#L38"]')),
        encoding="utf-8")
    dom = _chromium(chromium, "--virtual-time-budget=30000", "--dump-dom", f"{base}/follow.html")
    found = _result(dom)
    assert found["href"] == f"../sources/{F002}.html#L38"
    assert found["landed"] == f"/reports/sources/{F002}.html#L38"
    assert found["title"] == f"MEXT 2008a — {F002}"
    assert found["target"] == "L38"
    assert found["text"] == "38　ＩＴ分野　約840社　3大学"  # 002 line 38, its number first
    assert found["background"] == "rgb(255, 248, 197)"  # #fff8c5: the highlighted line
    assert found["otherBackground"] == "rgba(0, 0, 0, 0)"  # the other lines: none
    assert found["inView"], found


def test_pages_load_figures_and_links_resolve(chromium: str, served: tuple[str, Path]) -> None:
    base, site = served
    pages = ["reports/index.html", "reports/figure-big/figure-big.html", "reports/fails/fails.html",
             f"reports/sources/{F002}.html", "reports/sources/index.html"]
    selectors = ["td code", ".jp-RenderedMarkdown p", ".jp-OutputArea-output pre",
                 ".ca-header code", "td.tx"]
    (site / "harness.html").write_text(
        HARNESS.replace("PAGES", json.dumps([f"{base}/{p}" for p in pages]))
        .replace("JAPANESE", json.dumps(selectors)),
        encoding="utf-8",
    )
    dom = _chromium(chromium, "--virtual-time-budget=30000", "--dump-dom", f"{base}/harness.html")
    index, page, failed, source, sources = _result(dom)

    assert index["title"] == "Cluster analysis report"
    index_links = {link["href"]: link["ok"] for link in index["links"]}
    assert all(index_links.values()), index_links
    for name in ("figure", "figure-big", "fails"):
        assert index_links[f"{name}/{name}.html"]
    assert index_links["figure-big/figure-big.html#results"]
    assert index_links["manifest.json"]

    assert page["title"] == "figure-big — figure.ipynb"
    assert page["images"], "the run's page shows no figure"
    assert all(img["loaded"] for img in page["images"]), page["images"]
    assert all(img["src"].startswith("data:image/png;base64,") for img in page["images"])
    page_links = {link["href"]: link["ok"] for link in page["links"]}
    assert all(page_links.values()), page_links
    assert {
        "../index.html",
        "figure-big.ipynb",
        "results/bars.png",
        "results/bars.svg",
        "results/bars.csv",
    } <= set(page_links)
    assert page["codeHiddenFirst"] is True
    assert page["markdownShown"] is True
    assert page["codeShownAfterToggle"] is True

    assert all(link["ok"] for link in failed["links"]), failed["links"]
    # the table's source links resolve to the document's page and line
    assert page_links[f"../sources/{F002}.html#L38"]
    assert page_links["../sources/index.html"]  # the footer's link to every source

    # a document's page: each line links to itself, the footer to the sources and report
    assert source["title"] == f"MEXT 2008a — {F002}"
    source_links = {link["href"]: link["ok"] for link in source["links"]}
    assert all(source_links.values()), [h for h, ok in source_links.items() if not ok][:5]
    assert {"#L1", "#L38", "#L130", "index.html", "../index.html"} <= set(source_links)
    assert all(link["ok"] for link in sources["links"]), sources["links"]

    # Japanese: the parameter in the index, the page's prose, its printed output and header
    found = {
        "index": [j for j in index["japanese"] if j["found"]],
        "page": [j for j in page["japanese"] if j["found"]],
        "source": [j for j in source["japanese"] if j["found"]],
    }
    assert [j["selector"] for j in found["index"]] == ["td code"]
    assert [j["selector"] for j in found["page"]] == [
        ".jp-RenderedMarkdown p", ".jp-OutputArea-output pre", ".ca-header code"]
    assert [j["selector"] for j in found["source"]] == ["td.tx"]
    for where, results in found.items():
        for result in results:
            assert "Noto Sans CJK JP" in result["fontFamily"], (where, result)  # our stack
            assert result["chars"] >= 8, (where, result)
            assert result["distinct"] == result["chars"], (
                f"{where} {result['selector']}: Japanese shows as boxes ({result['distinct']} "
                f"different images for {result['chars']} characters {result['text']}); "
                "install a Japanese font (`make browser`, or apt-get install fonts-noto-cjk)")


def test_screenshots(chromium: str, served: tuple[str, Path]) -> None:
    """Screenshots of the index and a page (kept in the test's folder for a human look)."""
    base, site = served
    for url, name in (
        (f"{base}/reports/index.html", "index.png"),
        (f"{base}/reports/figure-big/figure-big.html", "page.png"),
    ):
        shot = site / name
        _chromium(chromium, f"--screenshot={shot}", url)
        assert shot.stat().st_size > 10_000
        assert shot.read_bytes().startswith(b"\x89PNG")

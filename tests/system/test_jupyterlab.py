"""What a student sees in JupyterLab is what the notebooks say.

One JupyterLab (from ``.venv``, on a loopback port, with a token) serves copies of the
committed notebooks and a USD run of ``01_budgets`` (papermill). Headless Chromium (Debian's,
driven by Playwright for Python) opens each in the same JupyterLab page at a 1,280 px window,
with every cell rendered, lets JupyterLab's own maths typesetter finish on every Markdown and
HTML output, and reads the DOM:

- each findings paragraph shows exactly the text its Findings object holds (recorded in the
  executed notebook's output metadata, ``present.TEXT_KEY``), in the order of the notebook;
  every Markdown output is a findings paragraph;
- no maths (MathJax or KaTeX) anywhere and no strikethrough (``<del>``, ``<s>``): none is
  meant in these notebooks;
- every table that shows ``source`` and ``line`` columns shows them inside the output area,
  without scrolling sideways.

A control notebook with a paragraph left unescaped on purpose checks that the test sees the
maths and the strikethrough JupyterLab makes of it, with the same waiting, so a check that
finds nothing has looked. Chromium and a Japanese font come from Debian (``make browser``).
Set ``CLUSTERANALYSIS_SCREENSHOTS`` to a folder to keep a screenshot of each notebook.
"""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import nbformat
import pytest

from clusteranalysis.present import TEXT_KEY
from tests.support.data import ROOT
from tests.support.jupyterlab import (
    CHROMIUM_FLAGS,
    VENV,
    Lab,
    chromium_path,
    contents,
    free_port,
    isolated_env,
    serve,
    start_lab,
)

NOTEBOOKS = sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb"))
USD_RUN = "01_budgets-usd.ipynb"
CONTROL = "control.ipynb"
WIDTH = 1280

# The two examples as JupyterLab misread them, left unescaped: maths and
# strikethrough where none is meant.
CONTROL_TEXT = ("METI states US$540 million and US$470 million. BioRegio 1996~2001, "
                "InnoRegio 1999~(2006).")

OPEN = """async (path) => {
  const app = window.jupyterapp;
  await app.commands.execute('application:close-all');
  const panel = await app.commands.execute('docmanager:open', {path, factory: 'Notebook'});
  await panel.context.ready;
  return panel.id;
}"""

# Every cell there, every Markdown cell and output filled in (they render asynchronously)
RENDERED = """([id, cells, markdownCells, markdownOutputs]) => {
  const panel = document.getElementById(id);
  if (panel === null) return false;
  const filled = (selector, n) => {
    const nodes = [...panel.querySelectorAll(selector)];
    return nodes.length === n && nodes.every((el) => el.innerText.trim() !== '');
  };
  return panel.querySelectorAll('.jp-Notebook .jp-Cell').length === cells
    && filled('.jp-MarkdownCell .jp-RenderedMarkdown', markdownCells)
    && filled('.jp-OutputArea-output.jp-RenderedMarkdown', markdownOutputs);
}"""

# ... and then nothing changing in the notebook for half a second (at most 30 s)
QUIET = """(id) => new Promise((resolve) => {
  const panel = document.getElementById(id);
  let timer = null;
  const done = () => { observer.disconnect(); clearTimeout(limit); resolve(); };
  const observer = new MutationObserver(() => {
    clearTimeout(timer);
    timer = setTimeout(done, 500);
  });
  observer.observe(panel, {subtree: true, childList: true, characterData: true});
  timer = setTimeout(done, 500);
  const limit = setTimeout(done, 30000);
})"""

# JupyterLab typesets each rendered Markdown and HTML output with its maths typesetter but
# does not say when it is done: typeset the same nodes with the same typesetter, and wait.
TYPESET = """async (id) => {
  const app = window.jupyterapp;
  const panel = [...app.shell.widgets('main')].find((w) => w.id === id);
  const typesetter = panel.content.rendermime.latexTypesetter;
  for (const node of document.getElementById(id).querySelectorAll('.jp-RenderedHTMLCommon')) {
    await typesetter.typeset(node);
  }
}"""

READ = """(id) => {
  const panel = document.getElementById(id);
  const words = (el) => el.innerText.split(/\\s+/).filter((w) => w).join(' ');
  const cellOf = (el) => [...panel.querySelectorAll('.jp-Notebook .jp-Cell')]
    .indexOf(el.closest('.jp-Cell'));
  const tables = [];
  for (const table of panel.querySelectorAll('.jp-OutputArea-output table')) {
    const out = table.closest('.jp-OutputArea-output');
    const box = out.getBoundingClientRect();
    const heads = [...table.querySelectorAll('th')];
    const seen = heads.filter((th) => ['source', 'line'].includes(th.innerText.trim()))
      .map((th) => {
        const r = th.getBoundingClientRect();
        return {column: th.innerText.trim(), inside: r.left >= box.left - 1
                && r.right <= box.right + 1};
      });
    if (seen.length) tables.push({cell: cellOf(table), caption:
      (table.querySelector('caption') || {innerText: ''}).innerText, columns: seen});
  }
  return {
    findings: [...panel.querySelectorAll('.jp-OutputArea-output.jp-RenderedMarkdown')]
      .map((el) => ({cell: cellOf(el), text: words(el)})),
    maths: [...panel.querySelectorAll('mjx-container, .MathJax, .katex, math')]
      .map((el) => ({cell: cellOf(el), text: el.textContent.slice(0, 60)})),
    struck: [...panel.querySelectorAll('del, s, strike')]
      .map((el) => ({cell: cellOf(el), text: el.textContent.slice(0, 60)})),
    tables,
  };
}"""


def _words(text: str) -> str:
    return " ".join(text.split())


def expected_findings(nb: dict[str, Any]) -> list[dict[str, Any]]:
    """Each Markdown output of the notebook: its cell and the text its Findings holds."""
    found = []
    for index, cell in enumerate(nb["cells"]):
        for output in cell.get("outputs", []):
            if "text/markdown" not in output.get("data", {}):
                continue
            meta = output.get("metadata", {})
            text = meta.get("text/markdown", {}).get(TEXT_KEY, meta.get(TEXT_KEY))
            found.append({"cell": index, "text": _words(text) if text else None})
    return found


def _control(path: Path) -> None:
    """The issue's text, unescaped, in a Markdown cell and in an HTML output."""
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    shown = nbformat.v4.new_code_cell("display(HTML(text))", execution_count=1)
    shown.outputs = [nbformat.v4.new_output(
        "display_data", data={"text/html": f"<p>{CONTROL_TEXT}</p>", "text/plain": "text"})]
    nb.cells = [nbformat.v4.new_markdown_cell(CONTROL_TEXT), shown]
    nbformat.write(nb, path)


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Lab]:
    """JupyterLab on a copy of the committed notebooks, a USD run of 01 and the control."""
    base = tmp_path_factory.mktemp("jupyterlab")
    root, state = base / "notebooks", base / "state"
    root.mkdir()
    state.mkdir()
    for name in NOTEBOOKS:
        (root / name).write_bytes((ROOT / "notebooks" / name).read_bytes())
    _control(root / CONTROL)
    usd = subprocess.Popen(  # runs while JupyterLab starts
        [str(VENV / "bin" / "papermill"), "notebooks/01_budgets.ipynb", str(root / USD_RUN),
         "--cwd", "notebooks", "-p", "currency", "USD", "--no-progress-bar"],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    with start_lab(root, state) as server:
        out, _ = usd.communicate(timeout=600)
        if usd.returncode != 0:
            pytest.fail(f"papermill run of 01_budgets in USD failed:\n{out[-3000:]}")
        yield server


@pytest.fixture(scope="module")
def page(lab: Lab) -> Iterator[Any]:
    """One Chromium page on JupyterLab, 1,280 px wide, for every notebook."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)
        try:
            view = browser.new_page(viewport={"width": WIDTH, "height": 900})
            view.set_default_timeout(90_000)
            view.goto(lab.lab())
            view.wait_for_function("() => window.jupyterapp && window.jupyterapp.started")
            view.evaluate("() => window.jupyterapp.started")
            yield view
        finally:
            browser.close()


def render(page: Any, lab: Lab, name: str) -> dict[str, Any]:
    """Open ``name`` in JupyterLab, wait for every cell and output and for the maths
    typesetter, and read what the page shows."""
    nb = json.loads((lab.root / name).read_text(encoding="utf-8"))
    cells = len(nb["cells"])
    markdown_cells = sum(c["cell_type"] == "markdown" for c in nb["cells"])
    outputs = len(expected_findings(nb))
    started = time.monotonic()
    panel = page.evaluate(OPEN, name)
    page.wait_for_function(RENDERED, arg=[panel, cells, markdown_cells, outputs])
    page.evaluate(QUIET, panel)
    page.evaluate(TYPESET, panel)
    shown = page.evaluate(READ, panel)
    shown["seconds"] = time.monotonic() - started
    folder = os.environ.get("CLUSTERANALYSIS_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{Path(name).stem}.png"))
        page.locator(f"#{panel} .jp-WindowedPanel-outer, #{panel} .jp-Notebook").first \
            .screenshot(path=str(Path(folder) / f"{Path(name).stem}-full.png"))
    return {"expected": expected_findings(nb), **shown}


def test_the_check_sees_maths_and_strikethrough(page: Any, lab: Lab) -> None:
    """The control: JupyterLab makes maths of the unescaped pair of $ (in Markdown and in
    HTML) and strikes the text between the ~ (in Markdown), and the reading sees both."""
    shown = render(page, lab, CONTROL)
    assert {m["cell"] for m in shown["maths"]} == {0, 1}, \
        "the check does not see the maths JupyterLab makes in the control"
    assert {s["cell"] for s in shown["struck"]} == {0}, \
        "the check does not see the strikethrough JupyterLab makes in the control"


@pytest.mark.parametrize("name", [*NOTEBOOKS, USD_RUN])
def test_notebook_reads_in_jupyterlab_as_written(page: Any, lab: Lab, name: str) -> None:
    shown = render(page, lab, name)
    expected = shown["expected"]
    assert expected, f"{name}: no findings output to check"
    assert all(e["text"] for e in expected), \
        f"{name}: a Markdown output that is no Findings (no {TEXT_KEY} in its metadata)"
    assert shown["findings"] == expected
    assert shown["maths"] == [], f"{name}: maths where none is meant"
    assert shown["struck"] == [], f"{name}: strikethrough where none is meant"
    hidden = [t for t in shown["tables"] if not all(c["inside"] for c in t["columns"])]
    assert hidden == [], f"{name}: source or line off screen at {WIDTH} px"


def test_make_lab_starts_on_the_repository(tmp_path: Path) -> None:
    """``make lab`` starts (as root too: a container) and serves the repository's folder,
    so the runs papermill writes to runs/ and the report in reports/ are in its file
    browser."""
    port, token = free_port(), secrets.token_hex(16)
    options = (f"--no-browser --ServerApp.ip=127.0.0.1 --ServerApp.port={port} "
               f"--ServerApp.port_retries=0 --IdentityProvider.token={token} "
               f"--LabApp.workspaces_dir={tmp_path / 'workspaces'}")
    lab = Lab(f"http://127.0.0.1:{port}", token, ROOT, tmp_path / "make-lab.log")
    with serve(["make", "--no-print-directory", "lab", f"LAB_ARGS={options}"], ROOT,
               isolated_env(tmp_path), lab):
        names = {item["name"] for item in contents(lab)["content"]}
        assert {"notebooks", "src", "data", "README.md"} <= names
        assert contents(lab, "notebooks/00_start_here.ipynb")["type"] == "notebook"
    log = lab.log.read_text(errors="replace")
    if os.geteuid() == 0:
        assert "make lab: running as root (a container?): JupyterLab starts with " \
               "--allow-root" in log

"""Execute notebooks' code cells in a plain Python process: no kernel, no inline figures.

A second execution checks that a run's files are byte-stable (no dates, ids, addresses or
set orders in them), and it need not pay for a kernel and the inline renders, which write
nothing into ``output_dir``. The cells run in order, as papermill runs them, in one
namespace per notebook, with ``output_dir`` set after the cell tagged ``parameters`` (where
papermill injects it); ``display`` draws nothing. The process is started by
:func:`execute_plainly` with a hash seed of its own, so an order that depends on the
interpreter's string hashing differs from the kernel's and shows.

``python -m tests.support.plain NOTEBOOK OUTPUT_DIR [NOTEBOOK OUTPUT_DIR ...]``
"""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import nbformat

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = ROOT / "notebooks"


def run_cells(notebook: Path, output_dir: Path) -> None:
    """Execute ``notebook``'s code cells in order, from its folder, writing into
    ``output_dir``; an exception names the notebook and the cell."""
    nb = nbformat.read(notebook, as_version=4)
    namespace: dict[str, Any] = {"__name__": "__main__", "display": lambda *_, **__: None}
    os.chdir(notebook.parent)
    for number, cell in enumerate(nb.cells, start=1):
        if cell.cell_type != "code":
            continue
        try:
            with contextlib.redirect_stdout(io.StringIO()):  # displays print their repr
                exec(compile(cell.source, f"{notebook.name}, cell {number}", "exec"), namespace)
        except Exception as exc:
            raise RuntimeError(f"{notebook.name}: cell {number} failed: {exc!r}") from exc
        if "parameters" in cell.metadata.get("tags", []):
            namespace["output_dir"] = str(output_dir)


def execute_plainly(runs: list[tuple[str, Path]], hash_seed: int = 1) -> None:
    """Execute each ``(notebook name, output_dir)`` of ``runs`` in one plain process, with
    matplotlib's Agg backend; raises with the process's last lines when it fails."""
    args = [str(part) for name, out in runs for part in (NOTEBOOKS / name, out)]
    env = {**os.environ, "MPLBACKEND": "Agg", "PYTHONHASHSEED": str(hash_seed)}
    done = subprocess.run([sys.executable, "-m", "tests.support.plain", *args], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=600, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"plain execution failed:\n{(done.stdout + done.stderr)[-4000:]}")


def main(argv: list[str]) -> int:
    for notebook, out in zip(argv[::2], argv[1::2], strict=True):
        run_cells(Path(notebook), Path(out))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

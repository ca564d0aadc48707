"""One look for every study figure, and byte-stable files for them.

The notebooks call :func:`set_theme` once, draw with seaborn, add :func:`source_note` and write
with :func:`save_figure`. The Japanese font is IPAexGothic from ``matplotlib-fontja`` (a
package dependency, so ``make setup`` installs it): it has the kana, kanji and full-width
glyphs the project names use, so nothing renders as boxes. It has no bold face, so the theme
uses none.
"""

from __future__ import annotations

import textwrap
import unicodedata
from collections.abc import Iterable
from pathlib import Path

import matplotlib as mpl
import matplotlib.pyplot as plt
import matplotlib_fontja
import seaborn as sns
from matplotlib.axis import Axis
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from clusteranalysis.metadata import vocab

FONT = matplotlib_fontja.matplotlib_fontja.FONT_NAME  # "IPAexGothic"
SVG_HASHSALT = "clusteranalysis"
PNG_DPI = 150

# One colour per country in every figure (seaborn's colour-blind palette), in the order of
# the country vocabulary (vocab.COUNTRIES: Japan, France, United Kingdom, Germany, Finland,
# United States, South Korea, China); a country added there takes the next free colour.
_PALETTE = sns.color_palette("colorblind", 10)
_COLOUR_ORDER = (3, 0, 2, 1, 9, 4, 5, 7, 6, 8)
COUNTRY_COLORS: dict[str, tuple[float, float, float]] = {
    country: _PALETTE[_COLOUR_ORDER[i % len(_COLOUR_ORDER)]]
    for i, country in enumerate(vocab.COUNTRIES)
}

# One colour per METI region (vocab.REGIONS), from Paul Tol's colour-blind-safe "muted"
# scheme with a dark brown for Okinawa: none is near a country colour above (a test keeps
# the CIELAB distance above 15), so a region never reads as a country of 01_budgets.
REGION_COLORS: dict[str, str] = dict(zip(vocab.REGIONS, (
    "#332288", "#44AA99", "#117733", "#DDCC77", "#CC6677", "#AA4499", "#999933", "#882255",
    "#661100"), strict=False))


def set_theme() -> None:
    """Seaborn's whitegrid theme with the Japanese font and deterministic SVG ids.

    ``sns.set_theme`` resets the font family, so the font is passed to it rather than set
    before; ``matplotlib_fontja`` has already registered the font file on import.
    """
    matplotlib_fontja.japanize()
    sns.set_theme(
        context="notebook",
        style="whitegrid",
        palette="colorblind",
        font=FONT,
        rc={
            "figure.dpi": 100,
            "savefig.dpi": PNG_DPI,
            "axes.titlesize": 13,
            "axes.titleweight": "normal",
            "axes.titlelocation": "left",
            "axes.labelsize": 11,
            "xtick.labelsize": 10,
            "ytick.labelsize": 10,
            "legend.fontsize": 9,
            "legend.title_fontsize": 10,
            "svg.hashsalt": SVG_HASHSALT,
            "svg.fonttype": "path",
            "axes.unicode_minus": True,
        },
    )
    # IPAexGothic has no bold face and lacks a few symbols (≥); DejaVu Sans (matplotlib's
    # own) fills in glyph by glyph, so nothing renders as a box.
    mpl.rcParams["font.family"] = [FONT, "DejaVu Sans"]


def display_width(text: str) -> int:
    """Columns a string takes: East Asian wide and full-width characters count twice."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _tokens(text: str) -> list[tuple[str, bool]]:
    """Break points of a label: (token, preceded by a space). Wide characters stand alone,
    so Japanese can break between any two; runs of narrow characters ('Cluster', 'K-RIP')
    stay whole."""
    out: list[tuple[str, bool]] = []
    for word in text.split(" "):
        first = True
        run = ""
        for ch in word:
            if display_width(ch) == 2:
                if run:
                    out.append((run, first))
                    first, run = False, ""
                out.append((ch, first))
                first = False
            else:
                run += ch
        if run or first:
            out.append((run, first))
    return out


def wrap_label(text: str, width: int = 40, max_lines: int = 3) -> str:
    """Wrap a long label onto lines of about ``width`` columns, keeping it readable.

    English breaks at spaces, Japanese between characters (each counting two columns); a
    word is never split. Beyond ``max_lines`` the label is cut with an ellipsis.
    """
    text = " ".join(str(text).split())
    lines: list[str] = []
    current = ""
    for token, spaced in _tokens(text):
        joined = f"{current} {token}" if spaced and current else current + token
        if current and display_width(joined) > width:
            lines.append(current)
            current = token
        else:
            current = joined
    lines.append(current)
    if len(lines) > max_lines:
        lines = [*lines[: max_lines - 1], lines[max_lines - 1].rstrip()[:-1] + "…"]
    return "\n".join(line.strip() for line in lines)


def source_note(fig: Figure, text: str, width: int | None = None) -> None:
    """A grey line under the figure naming the document and lines the data come from.

    Dollar signs are escaped (matplotlib would read them as maths). Placed just below the
    figure's bottom edge: ``savefig(bbox_inches="tight")`` (and the
    notebook's inline display) grow the canvas to include it, so it never hides a label.
    """
    if width is None:
        width = max(60, int(fig.get_figwidth() * 15))
    wrapped = "\n".join(textwrap.wrap(text, width=width)).replace("$", r"\$")
    fig.text(0.0, -0.01, wrapped, ha="left", va="top", fontsize=8, color="0.35",
             transform=fig.transFigure)


def save_figure(fig: Figure, output_dir: str | Path | None, name: str) -> list[Path]:
    """Write ``name.png`` and ``name.svg`` into ``output_dir``; nothing when it is None.

    Both are byte-stable: the PNG carries no Software tag, the SVG no Date and its element
    ids come from a fixed hash salt, so re-running a notebook changes no file.
    """
    if output_dir is None:
        return []
    out = Path(output_dir)
    out.mkdir(parents=True, exist_ok=True)
    png, svg = out / f"{name}.png", out / f"{name}.svg"
    with mpl.rc_context({"svg.hashsalt": SVG_HASHSALT, "svg.fonttype": "path"}):
        fig.savefig(png, dpi=PNG_DPI, bbox_inches="tight", metadata={"Software": None})
        fig.savefig(svg, bbox_inches="tight", metadata={"Date": None})
    return [png, svg]


def country_palette(countries: Iterable[str]) -> dict[str, tuple[float, float, float]]:
    """The fixed country colours for the countries a figure shows."""
    return {c: COUNTRY_COLORS.get(c, (0.5, 0.5, 0.5)) for c in countries}


def region_palette(regions: Iterable[str]) -> dict[str, str]:
    """The fixed region colours for the regions a figure shows (grey for an unknown one)."""
    return {r: REGION_COLORS.get(r, "#888888") for r in regions}


def show(fig: Figure, *below: object) -> None:
    """Display ``fig`` in a notebook, then what goes under it (a
    :func:`clusteranalysis.present.caption`), and close the figure.

    The inline backend would draw a figure only after the cell's other outputs, so a caption
    displayed in the same cell would stand above it; showing it here keeps the order.
    """
    from IPython.display import display

    display(fig)
    for item in below:
        display(item)
    plt.close(fig)


def finish(fig: Figure, source: str) -> Figure:
    """Add the source note and lay out; returned so plotting functions end in one line."""
    fig.tight_layout()
    source_note(fig, source)
    return fig


def thousands(axis: Axis) -> None:
    """Tick labels as plain numbers with thousands separators (also on log axes: 1,000)."""
    axis.set_major_formatter(FuncFormatter(
        lambda v, _pos: f"{v:,.0f}" if float(v).is_integer() else f"{v:,g}"))


def short_label(text: str, width: int = 60) -> str:
    """Drop a trailing parenthesis from a label longer than ``width`` columns.

    'Industrial cluster policy 1st term (Industrial cluster's starting term)' keeps its
    first part; the full name stays in the tables.
    """
    text = str(text)
    if display_width(text) > width and text.endswith(")") and " (" in text:
        return text[: text.index(" (")]
    return text


def empty_figure(title: str, message: str, source: str) -> Figure:
    """A small figure that says a selection holds nothing to draw, instead of failing.

    Parameters can select nothing (a country without budgets, a window without events); the
    notebook still runs top to bottom and writes every file.
    """
    fig, ax = plt.subplots(figsize=(8, 2.2))
    ax.axis("off")
    ax.set_title(title)
    ax.text(0.5, 0.45, message, ha="center", va="center", fontsize=11, color="0.3",
            transform=ax.transAxes)
    return finish(fig, source)


def close_all() -> None:
    """Close every figure (tests draw many)."""
    plt.close("all")

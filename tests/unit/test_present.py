"""Findings and tables: numbers tied to table cells, stable HTML, one set of formats."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clusteranalysis.present.findings import METADATA_KEY, TEXT_KEY, Findings
from clusteranalysis.present.formats import fmt_amount, fmt_number, fmt_pct, fmt_period, fmt_ratio
from clusteranalysis.present.markdown import NO_MATHS, escape, paragraph, unescape
from clusteranalysis.present.tables import table


@pytest.mark.parametrize(
    ("value", "digits", "text"),
    [(12345, None, "12,345"), (64.8, None, "64.8"), (4.1667, None, "4.17"),
     (540.0, None, "540"), (1.855, 2, "1.86"), (1.865, 1, "1.9"), (float("nan"), None, "—")],
)
def test_fmt_number(value: float, digits: int | None, text: str) -> None:
    assert fmt_number(value, digits) == text


def test_amounts_percent_ratio() -> None:
    assert fmt_amount(64800, "JPY") == "¥64.8 billion"
    assert fmt_amount(540, "USD") == "US$540 million"
    assert fmt_amount(4.1667, "USD") == "US$4.17 million"
    assert fmt_pct(83.333) == "83.3 %"
    assert fmt_ratio(6.48) == "6.5×"


@pytest.fixture
def summary() -> pd.DataFrame:
    return pd.DataFrame({"measure": ["stated national total", "listed items"],
                         "fy2005": pd.array([540.0, 240.0], dtype="Float64")})


def test_findings_record_where_each_number_comes_from(summary: pd.DataFrame) -> None:
    f = Findings()
    total = f.value(summary, "meti_summary", {"measure": "stated national total"}, "fy2005",
                    lambda v: fmt_amount(v, "USD"))
    f.add(f"The draft is {total}.")
    assert f.plain() == "Findings. The draft is US$540 million."
    assert f.markdown() == (f'<span class="{NO_MATHS}">**Findings.** The draft is '
                            'US\\$540 million.</span>')
    [record] = f.metadata()[METADATA_KEY]
    assert record == {"text": "US$540 million", "value": 540.0, "table": "meti_summary",
                      "column": "fy2005", "where": {"measure": "stated national total"}}


def test_findings_refuse_ambiguous_or_missing_rows(summary: pd.DataFrame) -> None:
    f = Findings()
    with pytest.raises(ValueError, match="0 rows"):
        f.value(summary, "t", {"measure": "absent"}, "fy2005")
    doubled = pd.concat([summary, summary])
    with pytest.raises(ValueError, match="2 rows"):
        f.value(doubled, "t", {"measure": "listed items"}, "fy2005")
    empty = summary.assign(fy2005=pd.array([pd.NA, 1.0], dtype="Float64"))
    with pytest.raises(ValueError, match="empty"):
        f.value(empty, "t", {"measure": "stated national total"}, "fy2005")


def test_table_html_is_stable_escaped_and_aligned() -> None:
    df = pd.DataFrame({"name": ["北陸ものづくり創生プロジェクト", "<b>x</b>"],
                       "companies": pd.array([380, None], dtype="Int64")})
    def make() -> object:
        return table(df, "phase2", labels={"companies": "companies (約, 2008)"},
                     caption="A & B", note="Source: MEXT 2008")

    t = make()
    first, second = t._repr_html_(), make()._repr_html_()
    assert first == second
    assert "T_phase2" in first
    assert "&lt;b&gt;x&lt;/b&gt;" in first and "<b>x</b>" not in first
    assert "A &amp; B" in first
    assert "北陸ものづくり創生プロジェクト" in first and "—" in first
    assert "tabular-nums" in first and "Noto Sans CJK JP" in first
    # the numeric column (col1) is right-aligned by a rule that outranks the generic "td"
    assert "#T_phase2 td.col1 {\n  text-align: right;" in first
    assert t.text().splitlines()[1] == "name\tcompanies (約, 2008)"
    assert t.text().splitlines()[2] == "北陸ものづくり創生プロジェクト\t380"


def test_findings_display_carries_the_numbers_in_its_metadata(summary: pd.DataFrame) -> None:
    from IPython.core.formatters import format_display_data

    f = Findings("Findings")
    items = f.value(summary, "meti_summary", {"measure": "listed items"}, "fy2005")
    f.add(f"Listed items: {items}.")
    data, metadata = format_display_data(f)
    assert data["text/markdown"] == (f'<span class="{NO_MATHS}">**Findings.** Listed items: '
                                     '240.</span>')
    assert data["text/plain"] == "Findings. Listed items: 240."
    assert metadata["text/markdown"][METADATA_KEY][0]["value"] == 240.0
    assert metadata["text/markdown"][TEXT_KEY] == "Findings. Listed items: 240."


# The paragraphs the project's checks count as misread by JupyterLab: an unescaped pair of
# `$` (inline maths) or of `~` (strikethrough).
UNESCAPED_DOLLAR = r"(?<!\\)\$"
UNESCAPED_TILDE = r"(?<![\\~])~(?!~)"


@pytest.mark.parametrize(
    ("text", "markdown"),
    [("US$540 million and US$470 million", "US\\$540 million and US\\$470 million"),
     ("1996~2001 and 1999~(2006)", "1996\\~2001 and 1999\\~(2006)"),
     ("a *certain* link, a_b, <NA>, [1](x), R&D, a | b, C:\\x",
      "a \\*certain\\* link, a\\_b, \\<NA\\>, \\[1\\](x), R\\&D, a \\| b, C:\\\\x"),
     ("44.4 % of the stated total (+14.9 %); ¥120 per US$", "44.4 % of the stated total "
      "(+14.9 %); ¥120 per US\\$")],
    ids=["dollars", "tildes", "syntax", "plain"],
)
def test_escape_writes_markdown_that_shows_the_text(text: str, markdown: str) -> None:
    import re

    assert escape(text) == markdown
    assert unescape(markdown) == text
    assert not re.findall(UNESCAPED_DOLLAR, markdown) and not re.findall(UNESCAPED_TILDE, markdown)


@settings(deadline=None)  # the first call imports nbconvert
@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc"))))
def test_escaped_text_renders_as_itself(text: str) -> None:
    """nbconvert's Markdown renderer (mistune, as the report pages use it) shows the text of
    an escaped paragraph exactly, whatever characters it holds."""
    import html
    import re

    from nbconvert.filters.markdown_mistune import markdown2html_mistune

    text = " ".join(text.split())
    assert unescape(escape(text)) == text
    rendered = markdown2html_mistune(paragraph(escape(text)))
    shown = html.unescape(re.sub(r"<[^>]+>", "", rendered)).strip()
    assert shown == text.strip()
    assert rendered.startswith(f'<p><span class="{NO_MATHS}">')


def test_check_findings_against_result_tables(summary: pd.DataFrame, tmp_path) -> None:
    from IPython.core.formatters import format_display_data

    from clusteranalysis.files import write_csv
    from clusteranalysis.present.findings import check_findings

    f = Findings()
    f.add(f"Total {f.value(summary, 'meti_summary', {'measure': 'listed items'}, 'fy2005')}.")
    data, metadata = format_display_data(f)
    nb = {"cells": [{"outputs": [{"output_type": "display_data", "data": data,
                                   "metadata": metadata}]}]}
    assert check_findings(nb, tmp_path) == ["cell 0: meti_summary.fy2005 {'measure': "
                                            "'listed items'}: meti_summary.csv was not written"]
    write_csv(summary, tmp_path / "meti_summary.csv")
    assert check_findings(nb, tmp_path) == []
    write_csv(summary.assign(fy2005=[540.0, 241.0]), tmp_path / "meti_summary.csv")
    [problem] = check_findings(nb, tmp_path)
    assert "the finding says 240.0, the table '241.0'" in problem


def test_table_links_source_lines_and_notes_them() -> None:
    from clusteranalysis import load

    budgets = load("budgets")
    rows = budgets[budgets["line"] == 138]  # 001 line 138: "$540 million ($470 million)"
    t = table(rows, "b138", columns=["item", "amount", "source", "line"])
    out = t._repr_html_()
    href = "../data/raw/001_fc47ff42475d4a79.txt#L138"  # the raw text, from notebooks/
    assert f'<a class="ca-source" href="{href}">138</a>' in out
    assert t.note == "Source: METI 2005 (001_fc47ff42475d4a79.txt, line 138)."
    assert f'<a class="ca-source" href="{href}">138</a>).' in out.split("ca-table-note")[1]
    assert t.text().splitlines()[-1] == t.note


def test_caption_links_each_run_of_lines() -> None:
    from clusteranalysis import load
    from clusteranalysis.present.tables import caption

    budgets = load("budgets")
    meti = budgets[budgets["line"].between(138, 180)]
    c = caption(meti, text="Growth is the draft over the previous year.")
    assert c.plain() == ("Source: METI 2005 (001_fc47ff42475d4a79.txt, lines 138–180). "
                         "Growth is the draft over the previous year.")
    out = c._repr_html_()
    assert "#L138\">138</a>–<a" in out and "#L180\">180</a>" in out


def test_a_column_of_sentences_keeps_a_readable_width() -> None:
    """A newcomer review: in a wide table the note column was squeezed to about 100 px, so
    each row stood 200 px tall. A column whose cells are sentences keeps 18em."""
    import pandas as pd

    df = pd.DataFrame({"item": ["a", "b"], "note": ["x" * 60, "y" * 50], "n": [1, 2]})
    out = table(df, "wide")._repr_html_()
    assert re.search(r"td\.col1 \{\s*min-width: 18em;\s*\}", out)
    assert not re.search(r"td\.col0 \{\s*min-width", out)
    table(df.head(0), "empty")._repr_html_()  # no rows: no width rule, no error


def test_a_half_rounds_up_on_the_number_as_written():
    """001 line 138 states US$540 million; at the register's ¥107.5 per US$ that is
    540 × 107.5 = ¥58,050 million, which is ¥58.05 billion: "¥58.1 billion" to one decimal.
    Python's float formatting writes "58.0" (the float 58.05 lies just below 58.05)."""
    from clusteranalysis.present.formats import fmt_amount, fmt_number

    assert f"{58.05:.1f}" == "58.0"
    assert fmt_amount(540 * 107.5, "JPY") == "¥58.1 billion"
    assert fmt_number(2.675, 2) == "2.68"
    assert fmt_number(-0.5, 0) == "-1"
    assert fmt_number(12345.0) == "12,345"


def test_a_period_is_written_as_the_documents_write_it() -> None:
    # 001 line 76: "2003~(2008)" (a planned end), "1996~2001"; line 136: "FY2005"
    assert fmt_period(2003, 2008, planned_end=True) == "2003–(2008)"
    assert fmt_period(1996, 2001) == "1996–2001"
    assert fmt_period(2005, 2005, fiscal=True) == "FY2005"
    assert fmt_period(2004, 2006, fiscal=True) == "FY2004–2006"

"""Result rows computed from several rows (``citations.provenance``: source "a; b", line
"1; 2, 3") are cited, traced and linked like rows read from one line.

Lines were read in data/raw with ``cat -n``.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest

from clusteranalysis import present
from clusteranalysis.errors import ClusterAnalysisError
from clusteranalysis.provenance import citations

F001 = "001_fc47ff42475d4a79.txt"
F002 = "002_0f5a4630d1886fda.txt"


def test_expand_provenance() -> None:
    assert citations.expand_provenance(F002, 38) == [(F002, 38)]
    assert citations.expand_provenance(F002, "37, 38") == [(F002, 37), (F002, 38)]
    assert citations.expand_provenance(f"{F001}; {F002}", "101; 16, 18") == [
        (F001, 101), (F002, 16), (F002, 18)]
    with pytest.raises(ClusterAnalysisError, match="not one file and line"):
        citations.expand_provenance(f"{F001}; {F002}", "101")
    with pytest.raises(ClusterAnalysisError, match="not one file and line"):
        citations.expand_provenance(F002, "thirty")


def test_provenance_round_trips_through_cite() -> None:
    rows = pd.DataFrame({"source": [F001, F002, F002], "line": [101, 16, 18]})
    source, line = citations.provenance(rows)
    assert (source, line) == (f"{F001}; {F002}", "101; 16, 18")
    derived = pd.DataFrame({"source": [source], "line": [line]})
    assert citations.cite(derived) == citations.cite(rows) == (
        f"Sources: METI 2005 ({F001}, line 101); MEXT 2008a ({F002}, lines 16–18).")


def test_trace_of_a_computed_row_shows_each_line(capsys: pytest.CaptureFixture[str]) -> None:
    # 002 line 37: "◆情報ベンチャーの育成"; line 38: "　ＩＴ分野　約840社　3大学"
    citations.trace({"source": F002, "line": "37, 38"}, context=0)
    assert capsys.readouterr().out == (
        f"MEXT 2008a — {F002}, line 37\n> 37 | ◆情報ベンチャーの育成\n\n"
        f"MEXT 2008a — {F002}, line 38\n> 38 | 　ＩＴ分野　約840社　3大学\n")


def test_table_links_each_file_and_line_of_a_computed_row() -> None:
    df = pd.DataFrame({"what": ["a sum", "a pivot", "one row"],
                       "source": [f"{F001}; {F002}", F002, F002],
                       "line": ["101; 16, 18", "37, 38", "38"]})
    out = present.table(df, "computed")._repr_html_()
    cells = re.findall(r"<td[^>]*>(.*?)</td>", out)

    def a(file: str, line: int | None, text: str) -> str:
        return f'<a class="ca-source" href="{present.source_href(file, line)}">{text}</a>'

    # the provenance comes first: source, line, then the table's own columns
    assert re.findall(r"<th[^>]*>(.*?)</th>", out) == ["source", "line", "what"]
    assert cells[0] == f"{a(F001, None, F001)}; {a(F002, None, F002)}"
    assert cells[1] == f"{a(F001, 101, '101')}; {a(F002, 16, '16')}, {a(F002, 18, '18')}"
    assert cells[3] == a(F002, None, F002)
    assert cells[4] == f"{a(F002, 37, '37')}, {a(F002, 38, '38')}"
    assert cells[6] == a(F002, 38, F002) and cells[7] == a(F002, 38, "38")  # as before
    note = out.split("ca-table-note")[1]
    assert f"MEXT 2008a ({a(F002, None, F002)}, lines {a(F002, 16, '16')}–" in note


def test_footnotes_number_each_value_with_its_file_line_and_text() -> None:
    import clusteranalysis as ca

    # 002 line 38: "　ＩＴ分野　約840社　3大学", the counts of 情報ベンチャーの育成 (line 37)
    p = ca.load("participants")
    rows = p[(p["source"] == F002) & (p["line"] == 38)].sort_values("participant_type")
    notes = ca.footnotes(rows)
    assert notes["footnote"].tolist() == [
        f"[1] MEXT 2008a, {F002}, line 38: 約840社",
        f"[2] MEXT 2008a, {F002}, line 38: 3大学"]
    assert notes["note"].tolist() == [1, 2]
    # a row computed from several lines: each line, with its text in the document
    pivot = pd.DataFrame({"source": [F002, f"{F001}; {F002}"], "line": ["37, 38", "101; 14"]})
    [first, second] = ca.footnotes(pivot)["footnote"]
    assert first == (f"[1] MEXT 2008a, {F002}, lines 37, 38: "
                     "◆情報ベンチャーの育成 / ＩＴ分野　約840社　3大学")
    # 001 line 101: "A total of 19 projects nationwide, …"; 002 line 14: "…18プロジェクト"
    assert second.startswith(f"[2] METI 2005 and MEXT 2008a, {F001}, line 101; {F002}, line 14: "
                             "A total of 19 projects nationwide")
    assert second.endswith(" / 産業クラスター計画（第Ⅱ期）18プロジェクト")

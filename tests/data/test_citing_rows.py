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

    assert cells[1] == f"{a(F001, None, F001)}; {a(F002, None, F002)}"
    assert cells[2] == f"{a(F001, 101, '101')}; {a(F002, 16, '16')}, {a(F002, 18, '18')}"
    assert cells[4] == a(F002, None, F002)
    assert cells[5] == f"{a(F002, 37, '37')}, {a(F002, 38, '38')}"
    assert cells[7] == a(F002, 38, F002) and cells[8] == a(F002, 38, "38")  # as before
    note = out.split("ca-table-note")[1]
    assert f"MEXT 2008a ({a(F002, None, F002)}, lines {a(F002, 16, '16')}–" in note

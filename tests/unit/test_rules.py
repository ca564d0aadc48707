"""The build's one rule for an entity dated on several lines (build.rules.deduplicate).

The most precise mention is kept, by the one precision order of the vocabulary
(``vocab.PRECISIONS``): 'mid-1990s' (a year, roughly: the cleaner reads it as 1995) is more
precise than '1990s' (ten years), a fiscal year more than a bare year. The rows here are
made up to exercise the rule; the real ones are checked in tests/studies.
"""

from __future__ import annotations

from typing import Any

import pytest

from clusteranalysis.build import rules
from clusteranalysis.build.sources.common import Tables
from clusteranalysis.errors import ClusterAnalysisError
from clusteranalysis.metadata import vocab


def mention(line: int, precision: str, start_year: int = 1995, **kw: Any) -> dict[str, Any]:
    row = {"entity_id": "era:x", "entity": "x", "start_year": start_year, "end_year": None,
           "start_date": None, "end_date": None, "start_precision": precision,
           "end_precision": None, "source": "001_fc47ff42475d4a79.txt", "line": line,
           "raw": f"line {line}", "planned": False, "planned_basis": None}
    return {**row, **kw}


def kept(*rows: dict[str, Any]) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    tables = Tables()
    for r in rows:
        tables.add("timeline", r)
    rules.deduplicate(tables)
    (first,) = tables.rows["timeline"]
    return first, tables.rows["timeline_mentions"]


def test_the_precision_order_runs_from_a_day_to_a_decade() -> None:
    assert vocab.PRECISIONS == ("day", "month", "fiscal year", "year", "mid-decade", "decade")


@pytest.mark.parametrize(("better", "worse"), [
    ("mid-decade", "decade"),   # 'mid-1990s' before '1990s'
    ("fiscal year", "year"),    # FY2001 fixes the first day (1 April)
    ("day", "month"),
])
def test_the_more_precise_mention_is_kept(better: str, worse: str) -> None:
    first, others = kept(mention(10, worse), mention(20, better))
    assert (first["start_precision"], first["line"]) == (better, 20)
    assert [(o["start_precision"], o["line"]) for o in others] == [(worse, 10)]


def test_equal_precision_keeps_the_earlier_line() -> None:
    first, others = kept(mention(20, "year"), mention(10, "year"))
    assert first["line"] == 10 and [o["line"] for o in others] == [20]


def test_mentions_that_disagree_on_the_start_stop_the_build() -> None:
    with pytest.raises(ClusterAnalysisError, match="starts in 1996 here but in 1995"):
        kept(mention(10, "year"), mention(20, "year", start_year=1996))

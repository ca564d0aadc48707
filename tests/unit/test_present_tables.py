"""A table reads the same in HTML and in plain text: numbers with separators, years without."""

from __future__ import annotations

import numpy as np
import pandas as pd

from clusteranalysis.present.tables import table


def test_html_and_plain_text_write_numbers_and_years_alike() -> None:
    df = pd.DataFrame({"period_start": pd.array([2002], dtype="Int64"),
                       "population": np.array([127065841], dtype="int64")})
    t = table(df, "alike")
    plain = t.text().splitlines()[-1]
    assert plain == "2002\t127,065,841"
    html = t._repr_html_()
    assert ">2002<" in html and ">127,065,841<" in html
    assert "2,002" not in html and "127065841" not in html

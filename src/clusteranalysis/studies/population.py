"""Per-head figures: an amount per inhabitant per year, with the population it was divided by.

The population series is the ``population`` table (Gapminder's data as the ``gapminder``
package ships it, in five-year steps 1952-2007; ``data/external/population_source.csv``
cites it). A figure is divided by the population of the year it covers or, where the series
has no value for that year, of the nearest year it has (a tie takes the earlier year; years
after 2007 take 2007). A figure that covers several years is put at their middle year
(:func:`year_covered`). Every per-head row keeps the year and the population used, and
:func:`label` names the series for an axis or a caption.

>>> import clusteranalysis as ca
>>> from clusteranalysis import population as pop
>>> people = ca.load("population")
>>> pop.nearest(people, "Japan", 2004)   # (127065841, 2002): the 2002 step is nearest
"""

from __future__ import annotations

import pandas as pd

#: Columns :func:`per_head` adds.
COLUMNS = ("population_year", "population", "per_head")
#: Columns :func:`with_rows` adds: where in Gapminder's file each population stands.
ROW_COLUMNS = ("population_file", "population_line")


def year_covered(start: int, end: int | None = None) -> int:
    """The year a figure covers: its year, or the middle of its period (rounded down)."""
    if end is None or pd.isna(end):
        return int(start)
    return (int(start) + int(end)) // 2


def nearest(population: pd.DataFrame, country: str, year: int) -> tuple[int, int]:
    """``(population, year of that population)``: the year itself if the series has it,
    else the nearest year it has (the earlier of two equally near)."""
    rows = population[population["country"].astype("object") == country]
    if rows.empty:
        known = ", ".join(str(c) for c in dict.fromkeys(population["country"].astype("object")))
        raise ValueError(f"no population for {country!r}; the series has {known}")
    years = [int(y) for y in rows["year"]]
    best = min(years, key=lambda y: (abs(y - int(year)), y))
    value = rows.loc[rows["year"] == best, "population"].iloc[0]
    return int(value), best


def per_head(df: pd.DataFrame, population: pd.DataFrame, *, value: str,
             year: str = "year", country: str = "country") -> pd.DataFrame:
    """``df`` with ``population_year``, ``population`` and ``per_head`` (= ``value`` divided
    by the population of ``year``, or the nearest year the series has) for each row.

    ``value`` should be an amount per year (an annual amount, or a total divided by its
    years): the result is then currency units per inhabitant per year. A row with a missing
    value or year gets missing per-head columns; a country the series lacks is an error.
    """
    out = df.copy()
    found = []
    for _, row in out.iterrows():
        if pd.isna(row[value]) or pd.isna(row[year]):
            found.append((None, None, None))
            continue
        people, used = nearest(population, str(row[country]), int(row[year]))
        found.append((used, people, float(row[value]) / people))
    out["population_year"] = pd.array([f[0] for f in found], dtype="Int64")
    out["population"] = pd.array([f[1] for f in found], dtype="Int64")
    out["per_head"] = pd.array([f[2] for f in found], dtype="Float64")
    return out


def with_rows(df: pd.DataFrame, population: pd.DataFrame, *, year: str = "population_year",
              country: str = "country") -> pd.DataFrame:
    """``df`` with ``population_file`` and ``population_line``: the file and line of the
    population row each row was divided by (the ``data_file`` and ``data_line`` the
    ``population`` table keeps from Gapminder's file), empty where ``year`` is.

    ``year`` is the year of the population used (:func:`per_head`'s ``population_year``).
    """
    rows = population.assign(_country=population["country"].astype("object"),
                             _year=population["year"].astype("int64"))
    found = {(c, int(y)): (f, int(n)) for c, y, f, n in zip(
        rows["_country"], rows["_year"], rows["data_file"].astype("object"),
        rows["data_line"], strict=True)}
    out = df.copy()
    used = [None if pd.isna(y) else found[(str(c), int(y))]
            for c, y in zip(out[country], out[year], strict=True)]
    out["population_file"] = pd.array([u[0] if u else None for u in used], dtype="string")
    out["population_line"] = pd.array([u[1] if u else None for u in used], dtype="Int64")
    return out


def label(population: pd.DataFrame, column: str = "data_file") -> str:
    """The source of the population series for a label: 'population: Gapminder, gapminder 0.1
    (gapminder/gapminder.csv), the year covered or the nearest five-year step'.

    ``column`` names the file column: ``data_file`` in the ``population`` table,
    ``population_file`` in a table :func:`with_rows` extended.
    """
    files = sorted(set(population[column].dropna().astype("object")))
    return (f"population: Gapminder, {'; '.join(files)}, the year covered or the nearest "
            f"five-year step")


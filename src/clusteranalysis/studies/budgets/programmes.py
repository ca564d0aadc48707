"""Every programme's budget figure on a stated basis: the figure, its readings, the table.

The computation runs in three steps, each a table the next one takes:

1. :func:`stated_figures`: one row per programme of the selection, the budget row its figure
   is (by the ``budgets`` key: ``programme_id``, ``item``, ``status``), with its period, the
   years it covers and the population of the year it covers;
2. :func:`readings`: a long table, one row per programme, measure (a basis of
   :data:`~clusteranalysis.studies.budgets.bases.BASES`), reading (the divisor) and exchange
   rate, with its value; ``headline`` marks the reading the run's tables use. The
   sensitivity is these rows; a further reading of a figure is a further row;
3. :func:`programme_budgets`: the headline readings side by side, with the labels that say
   what was divided by what.

:func:`annual_readings` shows both readings of the years a multi-year total covers, and
:func:`comparison` ranks the programmes on one basis. Amounts are computed in currency
units and given in millions (per inhabitant: in currency units) only in the tables.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from typing import Any

import pandas as pd

from clusteranalysis.errors import ClusterAnalysisError
from clusteranalysis.metadata import vocab
from clusteranalysis.present.formats import fmt_number
from clusteranalysis.provenance.citations import with_provenance
from clusteranalysis.studies import periods
from clusteranalysis.studies import population as pop
from clusteranalysis.studies.budgets import register as reg
from clusteranalysis.studies.budgets.bases import (
    ANNUAL_RULE,
    BASES,
    CONVERTIBLE,
    MILLION,
    SPANS,
    conversion_label,
    conversion_short,
    convert,
    converted_here,
    rate_text,
    rivals,
)
from clusteranalysis.studies.budgets.divisors import Divisor, divisor_options, written

#: The provenance columns of a processed row.
TRACE = ["source", "line"]
#: The population columns of a comparison, filled on a per-head basis (Basis.extra).
POPULATION_COLUMNS = ("year_covered", "population_year", "population", "population_file",
                      "population_line")
#: The columns of :func:`stated_figures` (before the population's file and line).
FIGURE_COLUMNS = [
    "programme_id", "programme", "country", "item", "status", "figure", "period", "span",
    "period_start", "period_end", "period_years", "timeframe_years", "years_reading",
    "year_basis", "amount", "stated_currency", "approximate", "stated_by", "overseas",
    "year_covered", "population_year", "population", "source", "line"]


def _status_label(h: pd.Series) -> str:
    if h["status"] == "draft":
        return "draft budget"
    if h["basis"] == "annual":
        return "one-year allocation" if "allocation" in str(h["item"]).lower() \
            else "one-year budget"
    return "multi-year total"


def _years_stated(h: pd.Series) -> bool:
    """Whether the amount's own words give the years it covers ('over five years')."""
    return bool(re.search(r"\byears \(stated\)", str(h["note"] or "")))


def _head_rows(budgets: pd.DataFrame) -> pd.DataFrame:
    """Each programme's figure: its stated total (the latest where there are several), or,
    where the document gives no total, its one stated figure for a year; never a line item
    or a per-cluster figure. Indexed by programme_id."""
    heads = budgets[(budgets["basis"] != "per_cluster_per_year")
                    & budgets["category"].isna()].copy()
    heads["_total"] = heads["item"] != "total"  # a stated total first
    heads = heads.sort_values(["programme_id", "_total", "period_end", "line"],
                              ascending=[True, True, False, True])
    return heads.drop_duplicates("programme_id").drop(columns="_total") \
        .set_index("programme_id", drop=False)


def stated_figures(budgets: pd.DataFrame, programmes: pd.DataFrame, documents: pd.DataFrame,
                   timeline: pd.DataFrame, population: pd.DataFrame,
                   countries: Sequence[str] | None) -> pd.DataFrame:
    """One row per programme of the ``countries`` selection, in display order (countries
    vocabulary, then programme_id): the budget row its figure is, as stated.

    ``item`` and ``status`` (with ``programme_id``) are that row's key in ``budgets``, and
    ``source``/``line`` its line. ``amount`` is in the currency the document states, in
    currency units. ``years_reading`` says which years the annual figure divides by
    (:data:`~clusteranalysis.studies.budgets.bases.ANNUAL_RULE`); ``year_covered`` is the
    year or the period's middle year, and ``population``/``population_year`` the population
    of the programme's country then, or in the nearest year the series has
    (:mod:`clusteranalysis.studies.population`). ``stated_by`` is the document's short
    citation (from ``documents``). A programme without a budget figure (France) keeps its row
    with the figure's columns empty, and so does one whose figure is in a currency this
    study does not convert (a euro figure of a document added later: it converts JPY and
    USD), its ``stated_currency`` saying which. A planned end year (``timeline``) is written in
    parentheses, as the documents write it.
    """
    progs = programmes
    if countries is not None:
        progs = progs[progs["country"].isin(list(countries))]
    heads = _head_rows(budgets)
    citation = dict(zip(documents["source"].astype(str), documents["citation"].astype(str),
                        strict=True))
    planned = periods.planned_ends(timeline)
    rows = []
    for prog in progs.itertuples(index=False):
        pid = str(prog.programme_id)
        row: dict[str, object] = {"programme_id": pid, "programme": prog.name_en,
                                  "country": str(prog.country)}
        if pid in heads.index and str(heads.loc[pid]["currency"]) not in CONVERTIBLE:
            row["stated_currency"] = str(heads.loc[pid]["currency"])
        elif pid in heads.index:
            h = heads.loc[pid]
            years = int(h["period_years"])
            if years == 1:
                reading = "one year"
            elif _years_stated(h):
                reading = "stated years"
            else:
                reading = "timeframe"
            covered = pop.year_covered(int(h["period_start"]), int(h["period_end"]))
            people, used = pop.nearest(population, str(prog.country), covered)
            row.update(
                item=str(h["item"]), status=str(h["status"]),
                figure=_status_label(h), period=periods.budget_period(h, planned),
                span=SPANS[0] if years == 1 else SPANS[1], period_start=int(h["period_start"]),
                period_end=int(h["period_end"]), period_years=years,
                timeframe_years=int(h["period_end"]) - int(h["period_start"]) + 1,
                years_reading=reading, year_basis=str(h["year_basis"]),
                amount=float(h["amount"]), stated_currency=str(h["currency"]),
                approximate=bool(h["approximate"]),
                stated_by=citation.get(str(h["source"]), str(h["source"])),
                overseas=str(prog.country) != "Japan" and str(h["currency"]) == "JPY",
                year_covered=covered, population_year=used, population=people,
                source=h["source"], line=h["line"])
        rows.append(row)
    out = pd.DataFrame(rows, columns=FIGURE_COLUMNS)
    order = {c: i for i, c in enumerate(vocab.COUNTRIES)}
    out["_order"] = out["country"].map(order)
    out = out.sort_values(["_order", "programme_id"]).drop(columns="_order")
    return pop.with_rows(out.reset_index(drop=True), population)


def divisors(participants: pd.DataFrame, figures: pd.DataFrame,
             register: Mapping[str, pd.DataFrame]) -> dict[str, list[Divisor]]:
    """Each programme's divisors (:func:`~clusteranalysis.studies.budgets.divisors.
    divisor_options`), for the phase nearest its figure's last year, the register's used
    reading first (``divisor:*`` judgements: MEXT's 12 parts, not its 10 areas).

    The counts the documents give must be the register's readings: a count the register
    does not have, or a reading no document count gives, is an error naming both.
    """
    out = {}
    for f in figures.itertuples(index=False):
        pid, end = str(f.programme_id), f.period_end
        options = divisor_options(participants, pid, None if pd.isna(end) else int(end))
        if pd.isna(f.amount):
            out[pid] = options
            continue
        judged = reg.figure_judgements(register, pid, str(f.item), str(f.status))
        readings = [r for r in judged.of("divisor") if r.value is not None]
        if not readings:
            out[pid] = options
            continue
        counts, judged_counts = {d.count for d in options}, {r.value for r in readings}
        if counts != judged_counts:
            raise ClusterAnalysisError(
                f"{pid}: the documents' divisors {sorted(counts)} are not the register's "
                f"readings {sorted(judged_counts)} ({readings[0].judgement_id})")
        used = judged.used("divisor")
        assert used is not None
        out[pid] = sorted(options, key=lambda d: d.count != used.value)
    return out


def _per_cluster(budgets: pd.DataFrame, programme_id: str) -> pd.DataFrame:
    """The budget per cluster per year a programme's document states (MEXT), if any."""
    return budgets[(budgets["basis"] == "per_cluster_per_year")
                   & (budgets["programme_id"] == programme_id)]


def _years_text(years: float) -> str:
    return f"{fmt_number(years)} {'year' if years == 1 else 'years'}"


def _periods(judged: reg.FigureJudgements, f: Any) -> list[tuple[float, str, bool]]:
    """The years a figure may cover, the register's used reading first: (years, reading,
    used), from the register's judgements about the figure (``judged``). The used reading
    must be the years the budgets table gives."""
    readings = [r for r in judged.of("period") if r.value is not None]
    if not readings:
        return [(float(f.period_years), "as stated", True)]
    used = judged.used("period")
    if used is None or used.value != float(f.period_years):
        raise ClusterAnalysisError(
            f"{f.programme_id}: the register's period reading "
            f"{used.reading if used else None!r} is not the {int(f.period_years)} years of "
            f"budgets ({readings[0].judgement_id})")
    seen: dict[float, tuple[float, str, bool]] = {}
    for r in readings:
        seen.setdefault(float(r.value), (float(r.value), r.reading, r.used))  # type: ignore[arg-type]
    return list(seen.values())


def _rates(register: Mapping[str, pd.DataFrame], judged: reg.FigureJudgements, f: Any,
           converted: bool, rates: Sequence[float], jpy_per_usd: float
           ) -> list[tuple[float, str, bool]]:
    """The yen per US$ a figure is converted at: (rate, label, in the range).

    A conversion the register judges (METI's unstated rate into yen, MEXT's stated ¥120
    into dollars) ranges over the register's rates; the run's rate is added, in the range
    only when the register has it. Any other conversion made here ranges over the run's
    ``jpy_per_usd_range`` and its rate. A figure not converted moves with none."""
    if not converted:
        return [(float(r), "no conversion", True) for r in rates]
    jid, readings = reg.rate_readings(register, str(f.programme_id), judged)
    if not readings:
        return [(float(r), rate_text(float(r)), True) for r in rates]
    out = {float(r.value): (float(r.value), f"{rate_text(float(r.value))} ({r.note})", True)  # type: ignore[arg-type]
           for r in readings}
    run = float(jpy_per_usd)
    out.setdefault(run, (run, f"{rate_text(run)} (the run's choice; not a reading of {jid})",
                         False))
    return [out[k] for k in sorted(out)]


def readings(figures: pd.DataFrame, divisors: dict[str, list[Divisor]],
             budgets: pd.DataFrame, currency: str, rates: Sequence[float],
             jpy_per_usd: float, register: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """Every programme's figure on each basis, at each rate and over each period and
    divisor reading the register allows: one row per programme, ``measure``, reading and
    rate.

    * ``total``: the figure as stated, converted at the rate;
    * ``annual``: ÷ the years it covers, each period reading of the register
      (``years``, ``period_reading``; the used one is the budgets table's);
    * ``annual_per_unit``: the per-cluster figure the document states (``stated``), and the
      annual figure ÷ each divisor (``divisor``, ``divisor_label``), the register's used
      divisor first;
    * ``per_capita``: the annual figure ÷ the population of the year covered (the one
      population year :func:`stated_figures` found).

    The rates are :func:`_rates`'s: the register's for a conversion it judges, else the
    ends of ``jpy_per_usd_range`` and the run's rate (``rates``). A figure the document
    converted into yen at a rate it does not state is repeated restated by the register's
    other rates for that currency (``restatement``, ``restated_by``:
    :func:`~clusteranalysis.studies.budgets.register.restatements`); the headline is the
    document's own yen. ``in_range`` marks the
    rows a programme's range is taken over (every row but a run's rate the register does
    not have). ``headline`` marks the reading the run's tables use: at the run's
    ``jpy_per_usd``, the used period, the stated per-cluster figure or else the used
    divisor. ``value`` is in millions of ``currency`` (per capita: in currency units);
    ``source`` and ``line`` cite the rows each reading stands on.
    """
    rows, used = [], {}
    for f in figures.dropna(subset=["amount"]).itertuples(index=False):
        pid = str(f.programme_id)
        options, stated_pc = divisors[pid], _per_cluster(budgets, pid)
        figure = pd.DataFrame({"source": [f.source], "line": [f.line]})
        converted = str(f.stated_currency) != currency
        base = dict(programme_id=pid, programme=f.programme, country=f.country,
                    currency=currency, approximate=bool(f.approximate))
        # the register's judgements about this figure, gathered once for all its readings
        judged = reg.figure_judgements(register, pid, str(f.item), str(f.status))
        periods = _periods(judged, f)
        first = len(rows)
        for rate, rate_label, in_range in _rates(register, judged, f, converted, rates,
                                                 jpy_per_usd):
            total = convert(float(f.amount), str(f.stated_currency), currency, rate)
            at_run = rate == float(jpy_per_usd)
            common = {**base, "jpy_per_usd": rate, "rate_label": rate_label,
                      "in_range": in_range}
            rows.append({**common, "measure": "total", "divisor": None,
                         "divisor_label": "as stated", "reading": "stated", "value": total,
                         "years_divided_by": None, "period_reading": None, "headline": at_run})
            if not stated_pc.empty:
                pc = convert(float(stated_pc["amount"].iloc[0]),
                             str(stated_pc["currency"].iloc[0]), currency, rate)
                rows.append({**common, "measure": "annual_per_unit", "divisor": None,
                             "divisor_label": "stated per cluster", "reading": "stated",
                             "value": pc, "years_divided_by": None, "period_reading": None,
                             "headline": at_run})
            for years, period_reading, period_used in periods:
                annual = total / years
                span = dict(years_divided_by=years, period_reading=period_reading)
                prefix = "" if period_used else f"÷ {_years_text(years)} ({period_reading}); "
                rows.append({**common, **span, "measure": "annual", "divisor": None,
                             "divisor_label": f"÷ {_years_text(years)}"
                                              + ("" if period_used else f" ({period_reading})"),
                             "reading": "annual", "value": annual,
                             "headline": at_run and period_used})
                for i, d in enumerate(options):
                    rows.append({**common, **span, "measure": "annual_per_unit",
                                 "divisor": d.count, "divisor_label": prefix + d.label,
                                 "reading": d.reading, "value": annual / d.count,
                                 "headline": at_run and period_used and i == 0
                                 and stated_pc.empty})
                rows.append({**common, **span, "measure": "per_capita",
                             "divisor": float(f.population),
                             "divisor_label": f"{prefix}÷ {f.country}'s population in "
                                              f"{int(f.population_year)} (Gapminder)",
                             "reading": "population", "value": annual / float(f.population),
                             "headline": at_run and period_used})
        _, factors = reg.restatements(register, judged)
        as_converted = rows[first:]
        for row in as_converted:
            row.update(restatement=reg.AS_CONVERTED if factors else reg.NOT_RESTATED,
                       restated_by=1.0)
        for factor, label in factors[1:]:
            rows += [{**row, "value": row["value"] * factor, "restatement": label,
                      "restated_by": factor, "headline": False} for row in as_converted]
        for measure in ("total", "annual", "per_capita"):
            used[(pid, measure)] = [figure]
        used[(pid, "annual_per_unit")] = [figure, stated_pc[TRACE],
                                          *(d.rows[TRACE] for d in options)]
    cols = ["programme_id", "programme", "country", "measure", "reading", "divisor",
            "divisor_label", "years_divided_by", "period_reading", "jpy_per_usd", "rate_label",
            "restatement", "restated_by", "in_range", "currency", "value", "approximate",
            "headline"]
    out = pd.DataFrame(rows, columns=cols)
    scale = out["measure"].map(lambda m: BASES[m].scale())
    out["value"] = (out["value"].astype("Float64") / scale.astype("Float64")).round(4)
    if out.empty:
        return out.assign(source=pd.Series(dtype="string"), line=pd.Series(dtype="string"))
    return with_provenance(out, lambda r: pd.concat(used[(r["programme_id"], r["measure"])]))


def _headline(readings: pd.DataFrame, measure: str) -> dict[str, float]:
    """The value the run's tables use for each programme on ``measure``."""
    rows = readings[(readings["measure"] == measure) & readings["headline"].astype(bool)]
    return dict(zip(rows["programme_id"], rows["value"], strict=True))


def programme_budgets(figures: pd.DataFrame, readings: pd.DataFrame,
                      divisors: dict[str, list[Divisor]], budgets: pd.DataFrame,
                      currency: str, jpy_per_usd: float) -> pd.DataFrame:
    """Each programme's budget figure on every basis of :data:`~clusteranalysis.studies.
    budgets.bases.BASES` (the headline readings of :func:`readings`), with its labels.

    A programme's figure is its stated total (the latest fiscal year where there are
    several), or, where the document gives no total, its one stated figure for a year (UK
    RDA: the 2001 allocation for local innovation). ``annual`` divides it by the years it
    covers (:data:`~clusteranalysis.studies.budgets.bases.ANNUAL_RULE`),
    ``annual_per_unit`` further by the headline divisor, or is the per-cluster figure the
    document states; ``per_capita`` divides ``annual`` (in currency units) by the
    population of the programme's country in ``year_covered`` or the nearest year the series
    has (``population_year``, ``population``, and where that population stands in
    Gapminder's file: ``population_file``, ``population_line``). Each value has a label
    saying so (``total_label``, ``annual_label``, ``per_unit_label``, ``per_capita_label``),
    and ``figure``, ``period`` and ``conversion`` say what the figure is, which years it
    covers and who converted it at what rate. Amounts are in millions of ``currency``
    (``per_capita``: in currency units per inhabitant per year). A programme with no budget
    (France) or no funded areas (UK MNT: whole country) keeps its row with the value empty
    and a note.
    """
    value = {m: _headline(readings, m) for m in BASES}
    rows, used = [], {}
    for f in figures.to_dict("records"):
        pid = str(f["programme_id"])
        options = divisors[pid]
        main = options[0] if options else None
        row: dict[str, object] = {k: f[k] for k in ("programme_id", "programme", "country")}
        used[pid] = [pd.DataFrame({"source": [f.get("source")], "line": [f.get("line")]})
                     .dropna(), *([main.rows[TRACE]] if main else [])]
        if main is not None:
            row.update(funded_units=main.count, funded_unit_kind=main.kind,
                       funded_as_written=written(main.rows))
        if pd.isna(f.get("amount")):
            stated = f.get("stated_currency")
            row["note"] = ("no budget figure in the documents" if pd.isna(stated) else
                           f"stated in {stated}, which this study does not convert (it "
                           f"converts {' and '.join(CONVERTIBLE)})")
            row["stated_currency"] = None if pd.isna(stated) else str(stated)
            rows.append(row)
            continue
        years, period, status = int(f["period_years"]), f["period"], f["figure"]
        stated, converted = str(f["stated_currency"]), str(f["stated_currency"]) != currency
        if f["years_reading"] == "one year":
            annual_label = f"{period}, {status} (one {f['year_basis']})"
        elif f["years_reading"] == "stated years":
            annual_label = f"{period} total ÷ {years} years (stated)"
            if int(f["timeframe_years"]) != years:
                annual_label += f"; the timeframe spans {int(f['timeframe_years'])}"
        else:
            annual_label = (f"{period} total ÷ {years} years (the timeframe; the total's "
                            "years not stated)")
        row.update({k: f[k] for k in (
            "figure", "period", "span", "period_start", "period_end", "period_years",
            "timeframe_years", "years_reading", "stated_currency", "year_covered",
            "population_year", "population", "population_file", "population_line",
            "approximate")})
        row.update(
            stated_amount=round(float(f["amount"]) / MILLION, 4), converted=converted,
            rate_applied=float(jpy_per_usd) if converted else None,
            conversion=conversion_label(stated, currency, jpy_per_usd, f["stated_by"],
                                        f["overseas"]),
            conversion_short=conversion_short(stated, currency, jpy_per_usd, f["stated_by"],
                                              f["overseas"]),
            total=value["total"][pid], total_label=f"{period}, {status}",
            annual=value["annual"][pid], annual_label=annual_label,
            per_capita=value["per_capita"][pid],
            per_capita_label=_per_capita_label(f))
        first = f"{period} {status}" if years == 1 else f"{period} total ÷ {years} years"
        stated_pc = _per_cluster(budgets, pid)
        notes = []
        if f["item"] != "total":
            notes.append(f"stated as the {str(f['item']).lower()} in {period}: one year, not "
                         "the programme's total over its years")
        if not stated_pc.empty:
            row["annual_per_unit"] = value["annual_per_unit"][pid]
            note = converted_here(str(stated_pc["currency"].iloc[0]), currency)
            pc_period = periods.budget_period(stated_pc.iloc[0], ())
            row["per_unit_label"] = (f"{pc_period}, stated per cluster per fiscal year"
                                     f"{note.removeprefix('stated') if note else ''}")
            used[pid].append(stated_pc[TRACE])
        elif main is None:
            row["per_unit_label"] = "no funded areas stated (whole country)"
        else:
            row["annual_per_unit"] = value["annual_per_unit"][pid]
            row["per_unit_label"] = f"{first} {main.label}"
        row["note"] = "; ".join(notes)
        rows.append(row)
    out = pd.DataFrame(rows).reindex(columns=[
        "programme_id", "programme", "country", "figure", "period", "span", "period_start",
        "period_end", "period_years", "timeframe_years", "years_reading", "stated_amount",
        "stated_currency", "converted", "rate_applied", "conversion", "conversion_short",
        "total", "total_label", "annual", "annual_label", "funded_units", "funded_unit_kind",
        "funded_as_written", "annual_per_unit", "per_unit_label", "year_covered",
        "population_year", "population", "per_capita", "per_capita_label", "population_file",
        "population_line", "approximate", "note"])
    out["currency"] = currency
    out["note"] = out["note"].mask(out["note"] == "")
    return with_provenance(out, lambda r: pd.concat(used[r["programme_id"]]))


def _per_capita_label(f: dict[str, object]) -> str:
    """'FY2005 draft budget ÷ Japan's population in 2007 (Gapminder; nearest
    available year to 2005)': what is divided, the population year used and why."""
    years, covered, used = int(f["period_years"]), int(f["year_covered"]), \
        int(f["population_year"])
    first = (f"{f['period']} {f['figure']}" if years == 1
             else f"{f['period']} total ÷ {years} years")
    why = "Gapminder"
    if used != covered:
        why += f"; nearest available year to {covered}"
        if years > 1:
            why += ", the period's middle year"
    elif years > 1:
        why += "; the period's middle year"
    return f"{first} ÷ {f['country']}'s population in {used} ({why})"


def annual_readings(table: pd.DataFrame) -> pd.DataFrame:
    """Both readings of the years a multi-year figure covers, and the one
    :data:`~clusteranalysis.studies.budgets.bases.ANNUAL_RULE` uses.

    ``annual`` is the figure ÷ the years used (as in :func:`programme_budgets`);
    ``over_timeframe`` the figure ÷ the timeframe's years, shown where the two disagree
    (BioRegio: 1996~2001 but "over five years"; InnoRegio: 1999~(2006) but "over six years")
    and not used anywhere else.
    """
    t = table.dropna(subset=["total"])
    t = t[t["span"] == SPANS[1]]
    out = t[["programme_id", "programme", "country", "period", "total", "currency",
             "period_years", "timeframe_years", "years_reading", "annual", "source",
             "line"]].rename(columns={"period_years": "years_used"})
    out["readings_agree"] = out["years_used"] == out["timeframe_years"]
    over = (out["total"] / out["timeframe_years"]).astype("Float64").round(4)
    out["over_timeframe"] = over.where(~out["readings_agree"].astype(bool))
    out["rule"] = ANNUAL_RULE
    return out.reset_index(drop=True)


def comparison(table: pd.DataFrame, basis: str, unranked: Collection[str] = (),
               per_unit_spans: Mapping[str, str] | None = None) -> pd.DataFrame:
    """The programmes on one basis, ranked largest first within each group.

    A grouped basis (``total``) ranks one-year figures and multi-year totals separately
    (``group``); the others rank every programme with a value. ``ratio_to_next`` is a
    value over the next one down in its group; empty values come last, unranked, and so do
    the ``unranked`` programmes (umbrella totals, parts of a total), which are also no
    other's rival. On the per-unit basis, ``per_unit_spans`` gives the span of a figure
    stated per cluster per year (its own period judgement), which replaces the
    programme's (:func:`~clusteranalysis.studies.budgets.register.per_unit_spans`). The
    population columns (:data:`POPULATION_COLUMNS`) are filled where the basis names them
    as its ``extra`` columns (per capita: the population used), and empty otherwise.
    """
    b = BASES[basis]
    out = table[["programme_id", "programme", "country", "figure", "period", "span",
                 "currency", "conversion", "conversion_short", b.column, b.label_column,
                 "approximate", "converted", "note", *POPULATION_COLUMNS, "source",
                 "line"]].rename(columns={b.column: "value", b.label_column: "basis_label"})
    for column in set(POPULATION_COLUMNS) - set(b.extra):
        out[column] = None
    out.insert(3, "basis", basis)
    if basis == "annual_per_unit" and per_unit_spans:
        out["span"] = [per_unit_spans.get(str(p), s)
                       for p, s in zip(out["programme_id"], out["span"], strict=True)]
    out["group"] = out["span"] if b.grouped else "all"
    out.loc[out["value"].isna(), "group"] = pd.NA
    group_order = {g: i for i, g in enumerate(("all", *SPANS))}
    out["_g"] = out["group"].map(group_order).astype("Float64")
    out = out.sort_values(["_g", "value", "programme_id"], ascending=[True, False, True],
                          na_position="last").drop(columns="_g").reset_index(drop=True)
    ranks, ratios = [], []
    for _, r in out.iterrows():
        if pd.isna(r["value"]) or r["programme_id"] in unranked:
            ranks.append(None)
            ratios.append(None)
            continue
        # a place among the figures of its kind only (one year, several years), on any
        # basis: an average over years is no rival of one year's budget
        of_its_kind = pd.Series([rivals(s, r["span"]) for s in out["span"]], index=out.index)
        same = out[of_its_kind & out["value"].notna()
                   & ~out["programme_id"].isin(list(unranked))]
        if len(same) < 2:  # the only figure of its kind: a place among none is no place
            ranks.append(None)
            ratios.append(None)
            continue
        ranks.append(int((same["value"] > r["value"]).sum()) + 1)
        lower = same[same["value"] < r["value"]]["value"]
        ratios.append(round(float(r["value"]) / float(lower.max()), 4) if len(lower) else None)
    out.insert(out.columns.get_loc("value") + 1, "rank", ranks)
    out.insert(out.columns.get_loc("rank") + 1, "ratio_to_next", ratios)
    return out

"""The cross-check's findings: sentences whose every number is a result-table cell.

Each function takes the run's results and parameters and returns a
:class:`~clusteranalysis.present.findings.Findings`, which records the table, row and column
of every number it states, so ``check_findings`` can hold it to the CSVs.
"""

from __future__ import annotations

import pandas as pd

from clusteranalysis.present.findings import Findings
from clusteranalysis.present.formats import fmt_money, fmt_number, fmt_ratio, fmt_year
from clusteranalysis.provenance.citations import short_citation
from clusteranalysis.studies import Parameters, Results, population
from clusteranalysis.studies.crosscheck.compute import document_figures
from clusteranalysis.studies.crosscheck.tables import fmt_value, programme_names


def _count(v: float) -> str:
    return fmt_number(v, 0)


def _value(f: Findings, cc: pd.DataFrame, figure_id: str, column: str,
           unit_column: str) -> str:
    """A comparison's value (``column``) written in its unit, recorded for the check."""
    row = cc[cc["figure_id"] == figure_id].iloc[0]
    unit = str(row[unit_column])
    return f.value(cc, "crosscheck", {"figure_id": figure_id}, column,
                   lambda v: fmt_value(v, unit))


def _ids(rows: pd.DataFrame, *columns: str) -> list[str]:
    """The register's judgement ids in ``columns`` of ``rows``, each once, in order."""
    return list(dict.fromkeys(str(j) for c in columns for j in rows[c].dropna()))


#: The columns of ``crosscheck`` that name the register's judgements a row rests on.
JUDGEMENT_COLUMNS = ("definition_judgement", "independence_judgement", "conversion_judgement")


def judgement_ids(results: Results) -> list[str]:
    """Every judgement of the register the run's findings rest on: the comparisons' and the
    per-head rows' (for the table "Judgements this study rests on")."""
    return list(dict.fromkeys(_ids(results["crosscheck"], *JUDGEMENT_COLUMNS)
                              + _ids(results["per_head"], "conversion_judgement")))


def overview(results: Results, parameters: Parameters) -> Findings:
    """How many comparisons got each verdict, and every conflict."""
    cc, counts = results["crosscheck"], results["verdicts"]
    tolerance = parameters["tolerance"]
    f = Findings("Findings").rests_on(*_ids(cc, *JUDGEMENT_COLUMNS))
    if cc.empty:
        f.add("No independent figure bears on a document figure in this selection.")
        return f

    def n(verdict: str) -> str:
        return f.value(counts, "verdicts", {"verdict": verdict}, "comparisons", _count)

    def by(verdict: str, kind: str) -> str:
        column = "from_" + kind.replace(" ", "_")
        return f.value(counts, "verdicts", {"verdict": verdict}, column, _count)

    f.add(f"Of {n('all')} comparisons of an independent figure with the document figure it "
          f"bears on, {n('agrees')} agree, {n('differs by timing')} differ by timing, "
          f"{n('timing unknown')} are with a figure its source does not date (timing "
          f"unknown: neither agreement nor conflict), "
          f"{n('differs by definition')} differ by definition, "
          f"{n('definition uncertain')} rest on a definition the register leaves open "
          f"(unknown, or a probable mistranslation: their values are not judged), "
          f"{n('depends on the rate')} depend on the rate (amounts in two currencies that "
          f"agree at some of the cited rates and not at others) and "
          f"{n('conflicts')} conflict; {n('provenance unclear')} come from sources of "
          f"unclear provenance and carry no verdict of their own.")
    f.add(f"The rule takes the definition first (the register's reading), then converts "
          f"another currency at the cited rates, then gives 'differs by timing' to figures "
          f"as of other years, and 'timing unknown' to a figure its source does not date, "
          f"whatever their values; only then are values compared: counts, "
          f"durations and rates agree only when equal (an approximate count within what its "
          f"rounding implies), years when they are the same year, and amounts within "
          f"±{fmt_number(tolerance * 100, 0)} %, the run's tolerance, which applies to "
          f"amounts only, or, whatever the tolerance, within what an approximate amount's "
          f"rounding implies (half a unit of its last non-zero digit either side)"
          + (": an agreement of amounts says no more than that, and two "
                             "amounts that each agree with the document may differ from "
                             "each other by up to twice the tolerance." if tolerance > 0
                             else "."))
    f.add(f"Of the {n('agrees')} agreements, {by('agrees', 'independent')} come from "
          f"independent sources, {by('agrees', 'same government')} from the same government "
          f"as the document's issuer and {by('agrees', 'same ministry')} from the issuer's "
          f"own pages (earlier or later), which confirm the issuer, not independently.")
    agreed = counts.set_index("verdict").loc["agrees"]
    if int(agreed["on_list_summary"]) > 0:
        listed = f.value(counts, "verdicts", {"verdict": "agrees"}, "on_list_summary", _count)
        f.add(f"{listed} of the agreements are with a figure as the reference list sums up "
              "its source, which the words quoted from the source do not hold (\"list's "
              "summary\" in the table): they confirm the document only as far as the list "
              "reads its source right.")
    _depends_on_the_rate(f, cc, counts)
    if int(agreed["from_independent_under_every_reading"]) < int(agreed["from_independent"]):
        every = by("agrees", "independent under every reading")
        f.add(f"Of the independent ones, {every} stay independent under every reading the "
              f"register allows; the others' sources it allows to be the issuer's own, the "
              f"same government's or of unclear provenance.")
    if int(agreed["comparisons"]) > 0:
        strict = f.value(counts, "verdicts", {"verdict": "agrees"},
                         "independent_confirmations", _count)
        sources = f.value(counts, "verdicts", {"verdict": "agrees"},
                          "independent_confirming_sources", _count)
        noun = "source" if int(agreed["independent_confirming_sources"]) == 1 else "sources"
        f.add(f"Counted strictly, independent confirmation is {strict} of the "
              f"{n('agrees')} agreements, from {sources} distinct {noun}: a source "
              "independent under every reading the register allows, its figure in the "
              "source's quoted words (not the list's summary), a verdict that holds under "
              "every definition reading, and agreement without the tolerance (equal, or "
              "within an approximate figure's rounding), so that no parameter raises it. The "
              "counts are of figures, not of sources: one source may give several.")
    _other_readings(f, cc, counts)
    conflicts = cc[cc["verdict"] == "conflicts"]
    if conflicts.empty:
        f.add("No independent figure of known provenance conflicts with the document figure "
              "it bears on.")
    for _, r in conflicts.iterrows():
        fid = r["figure_id"]
        ind = _value(f, cc, fid, "independent_value", "independent_unit")
        doc = _value(f, cc, fid, "document_value", "document_unit")
        if not pd.isna(r["ratio"]):
            ratio = f.value(cc, "crosscheck", {"figure_id": fid}, "ratio",
                            lambda v: fmt_ratio(v, 2))
        else:  # two currencies: the range over the cited rates
            low = f.value(cc, "crosscheck", {"figure_id": fid}, "ratio_low",
                          lambda v: fmt_ratio(v, 2))
            high = f.value(cc, "crosscheck", {"figure_id": fid}, "ratio_high",
                           lambda v: fmt_ratio(v, 2))
            implied = f.value(cc, "crosscheck", {"figure_id": fid}, "implied_rate",
                              lambda v: fmt_number(v, 1))
            ratio = (f"{low} to {high} at the cited rates ({r['rate_unit']}); the "
                     f"document's figure implies {implied} {r['rate_unit']}")
        others = r["verdict_under_other_definition_readings"]
        condition = ("" if pd.isna(others) else
                     f" The conflict holds under the register's reading '{r['definition']}' "
                     f"({r['definition_judgement']}) only; under its other readings: "
                     f"{others}.")
        f.add(f"Conflict: {r['source_title']} ({r['source_kind']}, {r['independence']}, as "
              f"of {r['independent_as_of'] or 'undated'}) gives {ind} for the {r['counted']}, "
              f"where {short_citation(r['source'])} writes '{r['raw']}' ({doc}, as of "
              f"{r['document_as_of']}): {ratio}.{condition}")
    return f


def _depends_on_the_rate(f: Findings, cc: pd.DataFrame, counts: pd.DataFrame) -> None:
    """The amounts that agree at some cited rates and not at others, each named with the
    rate its document figure implies: the documents state no rate, so no verdict."""
    rows = cc[cc["verdict"] == "depends on the rate"]
    if rows.empty:
        return
    items = []
    for _, r in rows.iterrows():
        fid = r["figure_id"]
        k = f.value(cc, "crosscheck", {"figure_id": fid}, "cited_rates_agreeing", _count)
        n = f.value(cc, "crosscheck", {"figure_id": fid}, "cited_rates", _count)
        implied = f.value(cc, "crosscheck", {"figure_id": fid}, "implied_rate",
                          lambda v: fmt_number(v, 1))
        items.append(f"{r['independent_text']} ({r['source_title']}) against '{r['raw']}' "
                     f"(agreeing at {k} of the {n} cited rates; the document's figure implies "
                     f"{implied} {r['rate_unit']})")
    total = f.value(counts, "verdicts", {"verdict": "depends on the rate"}, "comparisons",
                    _count)
    f.add(f"{total} comparisons depend on the rate: the document states no rate for its "
          f"yen figure, and the two amounts agree at some of the cited rates the register "
          f"allows and not at others, so the documents cannot say whether they agree: "
          + "; ".join(items) + ".")


def _other_readings(f: Findings, cc: pd.DataFrame, counts: pd.DataFrame) -> None:
    """Which verdicts another definition reading of the register would change, named."""

    def every(verdict: str) -> str:
        return f.value(counts, "verdicts", {"verdict": verdict},
                       "under_every_definition_reading", _count)

    def n(verdict: str) -> str:
        return f.value(counts, "verdicts", {"verdict": verdict}, "comparisons", _count)

    changed = cc[~cc["verdict_under_every_definition_reading"].astype(bool)]
    if changed.empty:
        f.add("Every verdict is the same under each definition reading the register allows.")
        return
    f.add(f"Of the {n('all')} verdicts, {every('all')} are the same under every definition "
          f"reading the register allows; of the {n('conflicts')} conflicts, "
          f"{every('conflicts')} are, and of the {n('agrees')} agreements, "
          f"{every('agrees')}.")
    # an open definition is already no verdict on the values: name the others only
    asserted = changed[changed["verdict"] != "definition uncertain"]
    items = [f"{r['source_title']} against '{r['raw']}' ({r['verdict']}; under the other "
             f"readings of {r['definition_judgement']}: "
             f"{r['verdict_under_other_definition_readings']})"
             for _, r in asserted.iterrows()]
    if items:
        f.add("These verdicts rest on the definition reading the register uses, and another "
              "reading it allows would change them: " + "; ".join(items) + ".")


def over_time(results: Results, parameters: Parameters) -> Findings:
    """For each document figure with comparable independent figures: the values in date
    order and their verdicts; the document figures every independent figure agrees with are
    named together."""
    cc = results["crosscheck"]
    f = Findings("Findings")
    unanimous = []
    for (source, line, raw, _measure), part in document_figures(cc):
        part = part.sort_values("independent_as_of", kind="stable")
        f.rests_on(*_ids(part, *JUDGEMENT_COLUMNS))
        first = part.iloc[0]["figure_id"]
        doc = _value(f, cc, first, "document_value", "document_unit")
        where = f"{short_citation(source)} line {line} ('{raw}')"
        if (part["verdict"] == "agrees").all():  # said with how its sources stand to the issuer
            classes = ", ".join(dict.fromkeys(part["independence"].astype(str)))
            unanimous.append(f"{where}, {doc} (its sources: {classes})")
            continue
        items = []
        for _, r in part.iterrows():
            value = _value(f, cc, r["figure_id"], "independent_value", "independent_unit")
            when = r["independent_as_of"] or "undated"
            items.append(f"{value} ({when}, {r['verdict']})")
        f.add(f"{where}: the document's {doc}, as of {part.iloc[0]['document_as_of']}, "
              f"beside {'; '.join(items)}.")
    if unanimous:
        own = ("; an agreement from the issuer's own page confirms the issuer, not "
               "independently" if any("same ministry" in u for u in unanimous) else "")
        f.add(f"Every other source's figure agrees with: {'; '.join(unanimous)}{own}.")
    if not f.sentences:
        f.add("No document figure in this selection has a comparable independent figure.")
    return f


def years(results: Results, parameters: Parameters) -> Findings:
    """The years that differ from the documents' (first and last years of programmes and
    terms), with the difference in years."""
    cc = results["crosscheck"]
    f = Findings("Findings")
    compared = cc[cc["measure"] == "year"]
    f.rests_on(*_ids(compared, *JUDGEMENT_COLUMNS))
    if compared.empty:
        f.add("No year to compare in this selection.")
        return f
    if (compared["verdict"] == "agrees").any():
        n = f.value(results["years"], "years", {"years_compared": "agree"}, "comparisons", _count)
        f.add(f"{n} of the years the other sources give are the documents' own (the issuers' "
              "own pages among them: see each row's source and issuer).")
    for _, r in compared[compared["verdict"] != "agrees"].iterrows():
        diff = f.value(cc, "crosscheck", {"figure_id": r["figure_id"]}, "difference",
                       lambda v: f"{fmt_number(abs(v), 0)} year{'s' if abs(v) != 1 else ''}"
                       f" {'later' if v > 0 else 'earlier'}")
        f.add(f"{r['source_title']} gives {int(r['independent_value'])} as the "
              f"{r['counted']}, {diff} than the document's '{r['raw']}' "
              f"({r['verdict']}: {r['reason']}).")
    return f


def per_head(results: Results, parameters: Parameters, people: pd.DataFrame) -> Findings:
    """Each programme budget per inhabitant per year, with the population year used
    (``people``: the ``population`` table, which names the series), in one currency: yen,
    the currency five of the documents' budget figures use; a budget a document states in
    another currency with no rate is named apart, not converted."""
    table = results["per_head"]
    f = Findings("Findings").rests_on(*_ids(table, "conversion_judgement"))
    names = programme_names()
    by_currency: dict[str, list[str]] = {}
    for _, r in table.iterrows():
        where = {"programme_id": str(r["programme_id"]), "item": r["item"],
                 "status": str(r["status"])}
        currency = str(r["currency"])
        value = f.value(table, "per_head", where, "per_head",
                        lambda v, c=currency: fmt_money(v, c))
        year = f.value(table, "per_head", where, "population_year", fmt_year)
        period = f.text(table, "per_head", where, "period")
        # a total is divided by its years, which may differ from its period's
        if str(r["basis"]) != "annual" and int(r["period_years"]) > 1:
            years = f.value(table, "per_head", where, "period_years", fmt_year)
            period += f", ÷ {years} years"
        # what the figure covers, in the register's words (an umbrella total, a part of a
        # total), not the budgets table's keys
        scope = f.text(table, "per_head", where, "scope")
        by_currency.setdefault(currency, []).append(
            f"{names.get(str(r['programme_id']), r['programme_id'])} ({scope}, "
            f"{r['status']}, {period}) {value} (population of {year})")
    if not by_currency:
        f.add("No programme budget of this selection to put per head.")
        return f
    label = population.label(people)
    if "JPY" in by_currency:
        unstated = _conversion_ids(results, "JPY")
        note = (f"; 001 gives the overseas programmes' money in yen at a rate it does not "
                f"state, the register's {', '.join(unstated)}" if unstated else "")
        f.add(f"Per inhabitant per year, in yen as the documents give the amounts (not "
              f"converted here{note}): " + "; ".join(by_currency.pop("JPY")) + f" ({label}).")
    for currency, items in by_currency.items():
        f.add(f"Stated in {currency}, with no conversion rate in the document (the register: "
              f"{', '.join(_conversion_ids(results, currency))}), so not put beside the yen "
              f"figures: " + "; ".join(items) + f" ({label}).")
    return f


def _conversion_ids(results: Results, currency: str) -> list[str]:
    """The register's conversion judgements about a currency's per-head rows."""
    rows = results["per_head"]
    return sorted({str(j) for j in rows.loc[rows["currency"] == currency,
                                            "conversion_judgement"].dropna()})

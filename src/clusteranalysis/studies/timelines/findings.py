"""The timelines study's findings: sentences whose every number is a result-table cell.

Each function takes the run's results and parameters and returns a
:class:`~clusteranalysis.present.findings.Findings`, which records the table, row and column
of every number and date it states, so ``check_findings`` can hold it to the CSVs.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd

from clusteranalysis.present.findings import Findings
from clusteranalysis.present.formats import fmt_year
from clusteranalysis.studies import Parameters, Results
from clusteranalysis.studies.timelines.compute import PROGRAMME_KINDS
from clusteranalysis.studies.timelines.tables import fmt_years


def _listing(f: Findings, lead: str, rows: pd.DataFrame, item: Callable[[pd.Series], str],
             most: int | None = None, end: str = ".") -> None:
    """Add the sentence ``lead`` + one item per row ('; ' between) + ``end``; nothing when
    there are no rows. With ``most``, only the first rows are listed (a finding records only
    the numbers it shows) and the sentence says there are more."""
    if rows.empty:
        return
    more = "; and others (table above)" if most is not None and len(rows) > most else ""
    listed = rows if most is None else rows.head(most)
    f.add(lead + "; ".join(item(r) for _, r in listed.iterrows()) + more + end)


def judgement_ids(results: Results) -> list[str]:
    """Every judgement of the register this run's findings rest on (for the table
    "Judgements this study rests on")."""
    ids = [str(j) for j in results["timeline_entries"]["continuation_judgement"].dropna()]
    return list(dict.fromkeys(ids))


def timeline(results: Results, parameters: Parameters) -> Findings:
    """What the chart shows, from ``timeline_entries`` and ``timeline_documents``."""
    table, docs = results["timeline_entries"], results["timeline_documents"]
    f = Findings("Findings")
    if table.empty:
        f.add("The selection holds no entry.")
        return f

    def dates(r: pd.Series) -> str:
        return f.text(table, "timeline_entries", {"entity_id": r["entity_id"]}, "dates")

    progs = table[table["kind"] == "programme"].sort_values(["start", "entity_id"])
    firsts = progs.groupby("country", sort=False).head(1)
    _listing(f, "First programme of each country in the selection, earliest first: ", firsts,
             lambda r: f"{r['country']}, {r['entity_en']} ({dates(r)})")

    def opened(d: pd.Series) -> str:
        w = {"source": d["source"]}
        n = f.value(docs, "timeline_documents", w, "open_ended", fmt_years)
        date = f.text(docs, "timeline_documents", w, "document_date")
        if d["date_basis"] == "catalogue":  # an undated text: the catalogue gives the
            # earliest date it allows (vocab.MEANINGS["date_basis"]["catalogue"])
            return f"{n} from {d['document']} (undated: catalogued as {date}, or later)"
        return f"{n} from {d['document']} (dated {date})"

    _listing(f, "Open-ended spans stop at the date of the document that states them, unless "
             "a later document shows them continuing, and their status after is unknown: ",
             docs[docs["open_ended"] > 0], opened)

    def later(r: pd.Series) -> str:
        w = {"entity_id": r["entity_id"]}
        to = f.value(table, "timeline_entries", w, "continued_to", fmt_year)
        jid = f.text(table, "timeline_entries", w, "continuation_judgement")
        return f"{r['entity_en']} ({dates(r)}), shown in {to} by {r['continued_by']} ({jid})"

    shown = table[table["continued_by"].notna()]
    f.rests_on(*[str(j) for j in table["continuation_judgement"].dropna()])
    _listing(f, "Shown to continue (or, for a planned term, under way) by a later document, "
             "and drawn on to that document's date, paler and dotted: ", shown, later)

    def basis(r: pd.Series) -> str:
        words = f.text(table, "timeline_entries", {"entity_id": r["entity_id"]},
                       "planned_end_basis")
        return (f"{r['entity_en']} ({dates(r)}): the end planned in '{words}' "
                f"({r['document']}), as the register reads it ({r['continuation_judgement']}), "
                f"drawn to that end with its status after unknown (?), never as a known end")

    _listing(f, "An end in parentheses is a planned end: ",
             table[table["planned_end_basis"].notna()], basis)

    def planned(r: pd.Series) -> str:
        d = dates(r)
        why = {"stated": "the text says 予定",
               "after document date": f"it starts after {r['document']}'s date"}.get(
            str(r["planned_basis"]), f"its end lies after {r['document']}'s date")
        if not pd.isna(r["continued_by"]):  # a planned term a later document shows under way
            to = f.value(table, "timeline_entries", {"entity_id": r["entity_id"]},
                         "continued_to", fmt_year)
            why += (f"; {r['continued_by']} shows it under way in {to}, so it is drawn as "
                    "planned only after that")
        return f"{r['entity_en']} ({d}: {why})"

    _listing(f, "Planned when written, and drawn as planned: ",
             table[(table["planned"] | table["planned_from"].notna())
                   & table["planned_end_basis"].isna()], planned, most=6)

    def again(r: pd.Series) -> str:
        n = f.value(table, "timeline_entries", {"entity_id": r["entity_id"]},
                    "further_mentions", fmt_years)
        return f"{r['entity_en']} ({n} more)"

    _listing(f, "Dated again elsewhere, each drawn once from its most precise mention (the "
             "others corroborate it, table at the end): ",
             table[table["further_mentions"] > 0], again)
    return f


def sequence(results: Results, parameters: Parameters) -> Findings:
    """Japan's sequence, from ``japan_sequence``."""
    seq = results["japan_sequence"]
    f = Findings("Findings")
    if seq.empty:
        f.add("The selection holds no Japanese span.")
        return f

    def cell(r: pd.Series, column: str, fmt: Callable[[float], str] = fmt_years) -> str:
        return f.value(seq, "japan_sequence", {"entity_id": r["entity_id"]}, column, fmt)

    def dates(r: pd.Series) -> str:
        return f.text(seq, "japan_sequence", {"entity_id": r["entity_id"]}, "dates")

    # a stated end wholly past when its document was written: it ends in a year before the
    # document's own (METI's 1st term, 2001~5, was not over in June 2005)
    past = seq["end_year"].astype("Float64") < seq["document_year"].astype("Float64")
    closed = seq[seq["years"].notna() & ~seq["planned"] & past].sort_values(
        ["years", "start_year", "entity_id"], ascending=[False, True, True])
    if not closed.empty:  # the three longest, and every span as long as the third
        third = float(closed["years"].iloc[min(2, len(closed) - 1)])
        longest = closed[closed["years"] >= third]
        tie = " (those of equal length in order of their start)" if len(longest) > 3 else ""
        _listing(f, "Japan's longest spans with a stated end, wholly past when their document "
                 f"was written{tie}: ", longest,
                 lambda r: f"{r['entity_en']} ({dates(r)}, {cell(r, 'years')} labelled years)")

    def known(r: pd.Series) -> str:
        d, y = dates(r), cell(r, "years_to_document")
        if not pd.isna(r["continued_to"]):
            to = cell(r, "continued_to", fmt_year)
            return (f"{r['entity_en']} ({d}: at least {y} labelled years, up to {to}, the year "
                    f"{r['continued_by']} shows it in)")
        doc = cell(r, "document_year", fmt_year)
        return f"{r['entity_en']} ({d}: at least {y} labelled years, up to {doc})"

    opened = seq[seq["open_ended"] & seq["years_to_document"].notna()]
    f.rests_on(*[str(j) for j in opened["continuation_judgement"].dropna()])
    _listing(f, "Open-ended, so known only up to their document's year (or a later "
             "document's), not beyond: ",
             opened.sort_values(["start_year", "entity_id"]), known, most=5)

    def after(r: pd.Series) -> str:
        d, y = dates(r), cell(r, "years_after_document")
        kind = "planned" if bool(r["planned"]) or bool(r["planned_end"]) else "scheduled"
        if not pd.isna(r["continued_to"]):  # a planned term a later document shows under way
            to = cell(r, "continued_to", fmt_year)
            return (f"{r['entity_en']} ({d}: {y} after {to}, the year {r['continued_by']} "
                    f"shows it under way in, {kind})")
        doc = cell(r, "document_year", fmt_year)
        return f"{r['entity_en']} ({d}: {y} after {doc}, {kind})"

    ahead = seq[seq["years_after_document"].fillna(0) > 0]
    _listing(f, "Years that lay after their document's date when written: ",
             ahead.sort_values(["start_year", "entity_id"]), after, most=5)
    return f


def overlaps(results: Results, parameters: Parameters) -> Findings:
    """Programmes and plan periods, from ``overlaps``."""
    shared, selected = results["overlaps"], results["timeline_entries"]
    f = Findings("Findings")
    if shared.empty:
        kinds = set(selected["kind"].astype(str))
        missing = []
        if "plan" not in kinds:
            missing.append("plan")
        if not kinds & set(PROGRAMME_KINDS):
            missing.append("programme")
        if missing:  # nothing to compare: say so, not that nothing overlaps
            f.add(f"This selection (countries, kinds, years) holds no {' and no '.join(missing)}"
                  f" entry, so no overlap of programmes and plan periods is counted here; "
                  f"a selection with both counts them.")
        else:
            f.add("No programme and plan period of this selection share a labelled year.")
        return f

    def where(r: pd.Series) -> dict[str, Any]:
        return {"programme_id": r["programme_id"], "plan_id": r["plan_id"]}

    def coincide(r: pd.Series) -> str:
        w = where(r)
        pd_ = f.text(shared, "overlaps", w, "programme_dates")
        qd = f.text(shared, "overlaps", w, "plan_dates")
        if int(r["planned_overlap_years"]) == 0:
            y = f.value(shared, "overlaps", w, "overlap_years", fmt_years)
            return (f"{r['programme']} ({pd_}) and the {r['plan']} ({qd}) share all {y} "
                    f"labelled years")
        y = f.value(shared, "overlaps", w, "planned_overlap_years", fmt_years)
        if int(r["overlap_years"]) > 0:  # a planned term a later document shows under way
            k = f.value(shared, "overlaps", w, "overlap_years", fmt_years)
            to = f.value(shared, "overlaps", w, "counted_to", fmt_year)
            by = f", shown by {r['continued_by']}" if not pd.isna(r["continued_by"]) else ""
            return (f"{r['programme']} ({pd_}) and the {r['plan']} ({qd}) share {k} "
                    f"labelled years up to {to}{by}, and would share the other {y} as "
                    f"planned when written")
        return (f"{r['programme']} ({pd_}) would share all {y} labelled years with the "
                f"{r['plan']} ({qd}), as planned when written")

    _listing(f, "Spans that coincide in labelled years (not a statement that one was cut to "
             "the other; fiscal plans start in April): ", shared[shared["coincide"]], coincide)

    def counted(r: pd.Series) -> str:
        y = f.value(shared, "overlaps", where(r), "overlap_years", fmt_years)
        to = f.value(shared, "overlaps", where(r), "counted_to", fmt_year)
        by = f", shown by {r['continued_by']}" if not pd.isna(r["continued_by"]) else ""
        return f"{r['programme']} with the {r['plan']}: {y} (to {to}{by})"

    opened = shared[shared["open_ended"]].sort_values(["programme_start", "plan_id"])
    f.rests_on(*[str(j) for j in opened["continuation_judgement"].dropna()])
    _listing(f, "Open-ended programmes count only up to their document's year, or that of a "
             "later document showing them continue: ", opened, counted, most=6)

    def planned(r: pd.Series) -> str:
        y = f.value(shared, "overlaps", where(r), "planned_overlap_years", fmt_years)
        return f"{r['programme']} with the {r['plan']}: {y}"

    ahead = shared[shared["planned_overlap_years"] > 0]
    _listing(f, "Years shared only as planned (after the documents' dates), not counted as "
             "shared: ", ahead.sort_values(["programme_start", "plan_id"]), planned, most=6)
    return f


def events(results: Results, parameters: Parameters) -> Findings:
    """The cooperation events, from ``cooperation_events``."""
    table = results["cooperation_events"]
    f = Findings("Findings")
    if table.empty:
        f.add("No cooperation event in this selection.")
        return f

    def dates(r: pd.Series) -> str:
        return f.text(table, "cooperation_events", {"entity_id": r["entity_id"]}, "dates")

    first, last = table.iloc[0], table.iloc[-1]
    d1, d2 = dates(first), dates(last)
    docs = " and ".join(dict.fromkeys(table["document"]))
    f.add(f"{docs} lists events from {d1} ({first['entity_en']}) to {d2} "
          f"({last['entity_en']}).")

    def planned(r: pd.Series) -> str:
        why = "予定: the text says it is planned" if r["planned_basis"] == "stated" else \
            "it starts after the document's date"
        return f"{r['entity_en']} ({dates(r)}; {why})"

    _listing(f, "Still planned when written, so drawn hollow: ", table[table["planned"]],
             planned, end=". Whether they took place is not in the documents.")
    return f

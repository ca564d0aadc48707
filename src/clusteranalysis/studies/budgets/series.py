"""Japan's two ministries in the same fiscal years: METI's and MEXT's cluster budgets as a
series, instead of METI's FY2005 draft beside MEXT's FY2002.

The documents give METI's budget for FY2004 and the FY2005 draft (in US dollars, at no rate)
and MEXT's Knowledge Cluster budget for FY2002 (in yen); the independent figures add the
other years (MEXT's FY2003 to FY2006, a FY2006 figure for METI). Which rows form the series is
the register's decision, not this module's:

* a document's figure is in it when the register's scope judgement about it reads an
  ``umbrella total`` or a ``programme total`` and it covers one fiscal year;
* an independent figure is beside it when it is an amount of one fiscal year and the
  register's definition judgement about it names one of those document rows, and in it
  (``in_series``) when that judgement reads it as the same and its source's provenance is
  not unclear (04 gives such a source no verdict of its own either); its definition reading
  (``same``, ``wider`` …) and its source's independence reading travel with it, and it
  cites the document line of the figure it is set beside (``source``, ``line``, ``raw``).

Each row has its figure as stated and, in the run's currency, a range over the rates the
register allows for that conversion (:func:`~clusteranalysis.studies.budgets.register.
rate_readings`; the run's ``jpy_per_usd_range`` where the register has none), with the run's
own rate as its point value. A figure stated in the run's currency is shown as stated.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from clusteranalysis.metadata import vocab
from clusteranalysis.metadata.judgements import independence_by_figure, parse_about
from clusteranalysis.studies.budgets import register as reg
from clusteranalysis.studies.budgets.bases import MILLION, convert, rate_number

#: Why an independent figure is not a year of the series (``apart_because``).
APART_SCOPE, APART_UNCLEAR = "another scope", "provenance unclear"

#: The ministries' programmes the series sets side by side.
PROGRAMMES = (vocab.METI_CLUSTER, vocab.MEXT_KNOWLEDGE_CLUSTER)
#: The scope readings of a national budget of one programme or ministry (scope:*).
NATIONAL_SCOPES = ("umbrella total", "programme total")
#: What kind of figure a row is, by the budgets table's status.
FIGURE_WORDS = {"draft": "draft budget", "previous year": "previous year's budget",
                "stated": "budget"}
INDEPENDENT_FIGURE = "budget, another source's figure"


def _alternatives(register: Mapping[str, pd.DataFrame], judgement_id: str) -> str | None:
    """The other readings the register allows for a judgement, '; ' between them."""
    j = register["judgements"]
    readings = j.loc[j["judgement_id"] == judgement_id, "readings"]
    return None if readings.empty or pd.isna(readings.iloc[0]) else str(readings.iloc[0])


def _scope(document_scope: str, definition: str) -> str:
    """An independent figure's scope: the document figure's, when the register reads it
    as counting the same thing; else what the definition reading says of it."""
    if definition == "same":
        return document_scope
    relation = {"wider": "wider than", "narrower": "narrower than",
                "unknown": "of unknown relation to"}.get(definition, f"{definition}, beside")
    return f"{relation} the document's {document_scope}"


def _range(amount: float, stated: str, currency: str, rates: Sequence[float],
           jpy_per_usd: float) -> tuple[float, float, float]:
    """(value at the run's rate, lowest, highest over ``rates``), in millions."""
    values = [convert(amount, stated, currency, r) / MILLION for r in rates]
    return convert(amount, stated, currency, jpy_per_usd) / MILLION, min(values), max(values)


def _conversion(register: Mapping[str, pd.DataFrame], programme_id: str,
                judged: reg.FigureJudgements | None, stated: str, currency: str,
                run_range: Sequence[float]) -> tuple[list[float], str, str | None]:
    """The rates a figure's range is over, their words, and the register's judgement
    (none for ``judged=None``: the run's range)."""
    if stated == currency:
        return [], "as stated", None
    jid, readings = (reg.rate_readings(register, programme_id, judged) if judged is not None
                     else ("", []))
    if readings:
        rates = sorted({float(r.value) for r in readings})  # type: ignore[arg-type]
        words = (f"¥{rate_number(rates[0])}–¥{rate_number(rates[-1])} per US$, the rates "
                 f"of {jid}" if len(rates) > 1 else f"¥{rate_number(rates[0])} per US$ ({jid})")
        return rates, words, jid
    rates = sorted({float(r) for r in run_range})
    return rates, (f"¥{rate_number(rates[0])}–¥{rate_number(rates[-1])} per US$, the run's "
                   "jpy_per_usd_range (the register has no rate for this conversion)"), None


def japan_series(budgets: pd.DataFrame, independent_figures: pd.DataFrame,
                 programmes: pd.DataFrame, register: Mapping[str, pd.DataFrame],
                 currency: str, jpy_per_usd: float, run_range: Sequence[float]
                 ) -> pd.DataFrame:
    """One row per programme, fiscal year and kind of figure (see the module's docstring)."""
    names = dict(zip(programmes["programme_id"], programmes["name_en"], strict=True))
    j = register["judgements"]
    independence = independence_by_figure(
        (str(r.judgement_id), str(r.kind), str(r.about), str(r.reading))
        for r in j.itertuples(index=False))
    rows: list[dict[str, object]] = []
    keys: dict[tuple[str, ...], str] = {}  # the series' document rows' scope judgements
    scopes: dict[tuple[str, ...], str] = {}  # and the scope readings used
    years: dict[tuple[str, ...], int] = {}  # and their fiscal years, by budgets key
    cites: dict[tuple[str, ...], tuple[object, object, object]] = {}  # source, line, raw
    for b in budgets[budgets["programme_id"].isin(PROGRAMMES)].itertuples(index=False):
        key = (str(b.programme_id), str(b.item), str(b.status))
        judged = reg.figure_judgements(register, *key)
        used = judged.used("scope")
        if used is None or pd.isna(b.fiscal_year) or b.period_start != b.period_end:
            continue
        sid, scope = used.judgement_id, used.reading
        if scope not in NATIONAL_SCOPES:
            continue
        keys[key], scopes[key], years[key] = sid, scope, int(b.fiscal_year)
        cites[key] = (b.source, b.line, b.raw)
        rates, words, cid = _conversion(register, key[0], judged, str(b.currency), currency,
                                        run_range)
        value, low, high = _range(float(b.amount), str(b.currency), currency,
                                  rates or [jpy_per_usd], jpy_per_usd)
        rows.append({"programme_id": key[0], "programme": names[key[0]],
                     "fiscal_year": int(b.fiscal_year), "figure": FIGURE_WORDS[key[2]],
                     "scope": scope, "scope_judgement": sid, "from_documents": True,
                     "stated_currency": b.currency, "stated_value": float(b.amount) / MILLION,
                     "value": value, "value_low": low, "value_high": high, "rates": words,
                     "conversion_judgement_id": cid, "source": b.source, "line": b.line,
                     "raw": b.raw})
    figures = independent_figures[independent_figures["programme_id"].isin(PROGRAMMES)
                                  & (independent_figures["measure"] == "amount")
                                  & (independent_figures["year_basis"] == "fiscal year")
                                  & (independent_figures["period_start"]
                                     == independent_figures["period_end"])]
    for f in figures.itertuples(index=False):
        did = str(f.definition_judgement)
        refs = [ref.key for ref in parse_about(str(j.loc[j["judgement_id"] == did,
                                                          "about"].iloc[0]))
                if ref.table == "budgets"]
        bears_on = [k for k in refs if k in keys]
        if not bears_on:
            continue
        reading, iid = independence.get(str(f.figure_id), (None, None))
        pid, year, document = str(f.programme_id), int(f.period_start), bears_on[0]
        # a conversion judgement's rates are of its document figure's year; another
        # year's figure is converted over the run's range
        judged = (reg.figure_judgements(register, *document) if year == years[document]
                  else None)
        rates, words, cid = _conversion(register, pid, judged, str(f.unit), currency,
                                        run_range)
        value, low, high = _range(float(f.value), str(f.unit), currency,
                                  rates or [jpy_per_usd], jpy_per_usd)
        rows.append({"programme_id": pid, "programme": names[pid],
                     "fiscal_year": year, "figure": INDEPENDENT_FIGURE,
                     "scope": _scope(scopes[document], str(f.definition)),
                     "scope_judgement": keys[document], "from_documents": False,
                     "figure_id": f.figure_id, "definition": f.definition,
                     "definition_judgement": did,
                     "definition_alternatives": _alternatives(register, did),
                     "source_kind": f.source_kind,
                     "independence": reading if reading is not None else pd.NA,
                     "independence_judgement": iid, "stated_currency": f.unit,
                     "stated_value": float(f.value) / MILLION, "value": value,
                     "value_low": low, "value_high": high, "rates": words,
                     "conversion_judgement_id": cid, "source_title": f.source_title,
                     "publisher": f.publisher, "url": f.url, "quote": f.quote,
                     # the document line it is set beside, as 04 cites a comparison
                     "source": cites[document][0], "line": cites[document][1],
                     "raw": cites[document][2]})
    out = pd.DataFrame(rows)
    out["currency"] = currency
    # the series proper: the documents' figures and those the register reads as the same,
    # from a source whose provenance it can say (04 gives an unclear one no verdict either)
    same = (out["definition"].astype("string") == "same").fillna(False)
    unclear = (out["independence"].astype("string") == vocab.PROVENANCE_UNCLEAR).fillna(False)
    documents = out["from_documents"].astype(bool)
    out["in_series"] = documents | (same & ~unclear)
    out["apart_because"] = pd.Series(pd.NA, index=out.index, dtype="string")
    out.loc[~documents & ~same, "apart_because"] = APART_SCOPE
    out.loc[~documents & same & unclear, "apart_because"] = APART_UNCLEAR
    order = {p: i for i, p in enumerate(PROGRAMMES)}
    out["_p"] = out["programme_id"].map(order)
    out["_d"] = ~out["from_documents"].astype(bool)
    return (out.sort_values(["_p", "fiscal_year", "_d", "figure"], kind="stable")
            .drop(columns=["_p", "_d"]).reset_index(drop=True))

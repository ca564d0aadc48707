"""The cross-check's computations: tables in, tables out.

:func:`results` computes every result table of ``04_crosscheck`` once: the comparisons
(:func:`comparisons`, each judged by :func:`~clusteranalysis.studies.crosscheck.rule.judge`),
their counts by verdict, by topic and for years, and the budgets per head. Each table is
typed by its declaration (:mod:`clusteranalysis.metadata.results.crosscheck`) when it is
made.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import pandas as pd

from clusteranalysis.build import external
from clusteranalysis.metadata import vocab
from clusteranalysis.metadata.dtypes import coerce
from clusteranalysis.metadata.judgements import (
    holds_with_links,
    independence_by_figure,
    parse_about,
    reading_applies,
    reading_rate,
    row_reference,
)
from clusteranalysis.metadata.processed import TABLES as PROCESSED
from clusteranalysis.metadata.results.crosscheck import RESULTS, VERDICTS
from clusteranalysis.provenance.citations import with_provenance
from clusteranalysis.studies import Parameters, Results, periods, population
from clusteranalysis.studies.crosscheck.rule import (
    DEFAULT_TOLERANCE,
    DOCUMENT_MEASURES,
    INDEPENDENCE,
    UNCLEAR,
    Evidence,
    document_planned,
    document_span,
    independent_span,
    judge,
    span_text,
)
from clusteranalysis.studies.register import figure_judgements

#: The columns of ``crosscheck`` (the comparisons), in order.
COLUMNS = RESULTS["crosscheck"].columns


def _typed(name: str, df: pd.DataFrame) -> pd.DataFrame:
    """A result table with its declared columns, in order, and their dtypes."""
    return coerce(RESULTS[name], df.reset_index(drop=True))


def _key(verdict: str) -> str:
    """The column of a verdict's count: 'differs by timing' → differs_by_timing."""
    return verdict.replace(" ", "_")


# --------------------------------------------------------------------------- as of


def _quoted(text: object, quote: object) -> bool:
    """Whether a figure's text stands in its source's quoted words (NFKC, so that
    full-width digits match): written by the source, not summed up by the reference list."""
    if pd.isna(text) or pd.isna(quote):
        return False
    return unicodedata.normalize("NFKC", str(text)) in unicodedata.normalize("NFKC", str(quote))


def as_of_text(figure: Mapping[str, Any]) -> str:
    """The date or period an independent figure is as of, as precisely as its source."""
    date = figure["as_of_date"]
    if figure["measure"] in ("amount", "duration") and not pd.isna(figure["period_start"]):
        text = span_text((int(figure["period_start"]), int(figure["period_end"])))
        return f"FY{text}" if figure["year_basis"] == "fiscal year" else text
    if pd.isna(date):
        return span_text(independent_span(figure))
    ts = pd.Timestamp(date)
    precision = figure["as_of_precision"]
    if precision == "day":
        return ts.strftime("%Y-%m-%d")
    if precision == "month":
        return ts.strftime("%Y-%m")
    if precision == "fiscal year":
        return f"FY{ts.year}"
    return str(ts.year)


def decimal_year(figure: Mapping[str, Any]) -> float | None:
    """Where an independent figure stands on a time axis (a decimal year): its date, the
    middle of the period an amount covers, else the end of the period it counts."""
    if figure["measure"] in ("amount", "duration") and not pd.isna(figure["period_start"]):
        return (int(figure["period_start"]) + int(figure["period_end"])) / 2 + 0.5
    date = figure["as_of_date"]
    if not pd.isna(date):
        ts = pd.Timestamp(date)
        return ts.year + (ts.day_of_year - 1) / 365.25
    if not pd.isna(figure["period_end"]):
        return int(figure["period_end"]) + 0.5
    return None


# --------------------------------------------------------------------------- comparisons


@dataclass(frozen=True)
class Register:
    """What the cross-check reads from the register of judgements: each independent
    figure's independence reading and judgement id, and the conversion judgements with the
    cited rates their readings name: the ECB's (``rates``, by from, to and period) and those
    another source states (``stated``, by from, to and the reading's note)."""

    independence: dict[str, tuple[str, str]]
    independence_allowed: dict[str, tuple[str, ...]]
    conversions: list[tuple[str, tuple[str, ...], list[tuple[str, str, str]]]]
    rates: dict[tuple[str, str, str], float]
    stated: dict[tuple[str, str, str], float]
    #: every reading of each judgement, the used one among them, by judgement id
    readings_of: dict[str, tuple[str, ...]]
    #: by (judgement id, reading): the rows an alternative is a reading of, where it is
    #: restricted (``applies_to``), and the reading of another judgement it holds with
    #: (``holds_with``, both ways)
    applies_to: dict[tuple[str, str], str] = field(default_factory=dict)
    holds_with: dict[tuple[str, str], str] = field(default_factory=dict)
    #: the processed ``judgements`` and ``judgement_readings``, for what the register says
    #: of a budget row (:func:`~clusteranalysis.studies.register.figure_judgements`)
    tables: Mapping[str, pd.DataFrame] = field(default_factory=dict, compare=False)

    @classmethod
    def read(cls, judgements: pd.DataFrame, readings: pd.DataFrame,
             reference_rates: pd.DataFrame) -> Register:
        """From the processed ``judgements``, ``judgement_readings`` and
        ``reference_rates``."""
        independence = independence_by_figure(
            (str(r.judgement_id), str(r.kind), str(r.about), str(r.reading))
            for r in judgements.itertuples(index=False))
        readings_of = {str(j): tuple(str(x) for x in g["reading"])
                       for j, g in readings.groupby("judgement_id", sort=False)}
        allowed = {fid: readings_of.get(jid, (reading,))
                   for fid, (reading, jid) in independence.items()}
        conversions = []
        stated: dict[tuple[str, str, str], float] = {}
        for r in judgements.itertuples(index=False):
            jid = str(r.judgement_id)
            if r.kind == "conversion":
                programmes = tuple(ref.key[0] for ref in parse_about(str(r.about))
                                   if ref.table == "budgets")
                own = readings[readings["judgement_id"] == jid]
                cited = []
                for o in own.itertuples(index=False):
                    rate = reading_rate(None if pd.isna(o.value) else float(o.value),
                                        None if pd.isna(o.unit) else str(o.unit),
                                        None if pd.isna(o.evidence) else str(o.evidence))
                    if rate is None:
                        continue
                    if rate.ecb is not None:  # the ECB's exact rate, not its rounded words
                        cited.append(rate.ecb)
                    else:  # a rate another source states (MEXT's ¥120, a deck's ¥110)
                        stated[(rate.frm, rate.to, str(o.note))] = rate.value
                        cited.append((rate.frm, rate.to, str(o.note)))
                conversions.append((jid, programmes, cited))
        rates = {(str(a), str(b), str(p)): float(v) for a, b, p, v in zip(
            reference_rates["from_currency"], reference_rates["to_currency"],
            reference_rates["rate_period"], reference_rates["rate"], strict=True)}
        applies_to = {(str(o.judgement_id), str(o.reading)): str(o.applies_to)
                      for o in readings.itertuples(index=False) if not pd.isna(o.applies_to)}
        holds_with = holds_with_links(readings)
        return cls(independence, allowed, conversions, rates, stated, readings_of,
                   applies_to, holds_with,
                   {"judgements": judgements, "judgement_readings": readings})

    def scope_of(self, programme_id: str, item: str, status: str) -> str | None:
        """The scope reading used for a budget row ('umbrella total', 'one allocation',
        'part of a total'), read as 01 reads it; None when the register has none."""
        used = figure_judgements(self.tables, programme_id, item, status).used("scope")
        return None if used is None else used.reading

    def other_verdicts(self, judgement_id: object, evidence: Evidence, tolerance: float,
                       rows: Collection[tuple[str, tuple[str, ...]]] = ()
                       ) -> dict[str, str]:
        """The verdict under each definition reading the register allows other than the one
        used: the used reading decides the row's verdict, these say whether it holds.

        A reading of one count only (``applies_to``) counts where the comparison's ``rows``
        (as :func:`~clusteranalysis.metadata.judgements.row_reference` names them) include
        that count; a reading that holds with another judgement's is labelled with it."""
        if judgement_id is None or pd.isna(judgement_id):
            return {}
        jid = str(judgement_id)
        out = {}
        for alt in self.readings_of.get(jid, ()):
            if alt == evidence.definition or not reading_applies(
                    self.applies_to.get((jid, alt)), rows):
                continue
            linked = self.holds_with.get((jid, alt))
            label = alt if linked is None else f"{alt} (with {linked})"
            out[label] = judge(replace(evidence, definition=alt), tolerance)[0]
        return out

    def independence_of(self, figure_id: str) -> tuple[str, str]:
        """The independence reading and judgement id of an independent figure; an error
        when the register has none."""
        try:
            return self.independence[figure_id]
        except KeyError:
            raise KeyError(f"{figure_id}: no independence judgement in the register "
                           "(src/clusteranalysis/lookups/judgements.csv)") from None

    def conversion_about(self, programme_id: str) -> str | None:
        """The conversion judgement about a programme's budgets, if the register has one."""
        return next((jid for jid, programmes, _ in self.conversions
                     if programme_id in programmes), None)

    def conversion(self, programme_id: str, frm: str, to: str
                   ) -> tuple[tuple[float, ...], str, str | None]:
        """The cited rates (``to`` per ``frm``) of the conversion judgement about the
        programme's budgets, the periods they are of, and the judgement's id. A former
        euro currency (DEM, FIM, FRF) goes through the euro at its fixed rate."""
        for jid, programmes, cited in self.conversions:
            if programme_id not in programmes:
                continue
            out, ecb, other = [], [], []
            for a, b, period in cited:
                key = (a, b, period)
                rate = self.rates[key] if key in self.rates else self.stated[key]
                if (a, b) == (to, frm):  # yen per dollar, to turn yen into dollars
                    rate = 1 / rate
                elif b != to:
                    continue
                elif a != frm:  # a former euro currency: through the euro
                    fixed = self.rates.get((a, frm, "fixed"))
                    if fixed is None:
                        continue
                    rate = rate / fixed
                out.append(rate)
                (ecb if key in self.rates else other).append(period)
            if out:
                note = ", ".join(([f"the ECB's means of {', '.join(ecb)}"] if ecb else [])
                                 + other + [jid])
                return tuple(out), note, jid
        return (), "", None


def evidence(figure: Mapping[str, Any], rows: pd.DataFrame, document_year: int,
             register: Register) -> tuple[Evidence, str | None]:
    """The evidence of one comparison: an independent figure and the processed rows of the
    document figure it bears on (``external.document_rows``), with what the register says
    of it; and the id of the conversion judgement used, if any."""
    table, column = str(figure["document_table"]), str(figure["document_column"])
    document_unit = external.document_unit(table, rows, column)
    rates: tuple[float, ...] = ()
    note, conversion = "", None
    measure = DOCUMENT_MEASURES[(table, column)]
    if (measure == "amount" and figure["measure"] == "amount"
            and figure["unit"] != document_unit):
        rates, note, conversion = register.conversion(
            str(figure["programme_id"]), str(figure["unit"]), document_unit)
    flags = {name: bool(rows[name].any()) if name in rows else False
             for name in ("approximate", "lower_bound")}
    return Evidence(
        measure=measure,
        independent_measure=str(figure["measure"]),
        document=float(rows[column].sum()),
        independent=float(figure["value"]),
        document_unit=document_unit,
        independent_unit=str(figure["unit"]),
        definition=str(figure["definition"]),
        definition_note=figure["definition_note"],
        document_span=document_span(table, rows, document_year),
        independent_span=independent_span(figure),
        document_planned=document_planned(table, rows, column),
        document_approximate=flags["approximate"],
        document_lower_bound=flags["lower_bound"],
        independent_approximate=bool(figure["approximate"]),
        independent_lower_bound=bool(figure["lower_bound"]),
        rates=rates, rates_note=note,
        independence=register.independence_of(str(figure["figure_id"]))[0],
    ), conversion


def _compared(figure: pd.Series, rows: pd.DataFrame) -> list[tuple[str, tuple[str, ...]]]:
    """The rows a comparison is of, as the register's 'about' names them: the independent
    figure and the document rows it bears on (by their table's primary key)."""
    table = str(figure["document_table"])
    key = PROCESSED[table].primary_key
    out = [row_reference("independent_figures", (figure["figure_id"],))]
    out += [row_reference(table, (r[c] for c in key)) for _, r in rows.iterrows()]
    return out


def comparisons(figures: pd.DataFrame, tables: Mapping[str, pd.DataFrame],
                documents: pd.DataFrame, register: Register,
                tolerance: float = DEFAULT_TOLERANCE,
                topics: Sequence[str] | None = None) -> pd.DataFrame:
    """One row per independent figure that bears on a document figure: both values, their
    as-of dates, the ratio (or the difference in years), the verdict and why.

    ``figures`` is ``independent_figures``; ``tables`` holds the processed ``participants``,
    ``budgets``, ``exchange_rates`` and ``timeline`` tables (vocab.DOCUMENT_TABLES);
    ``documents`` gives each document's year; ``register`` what the register of judgements
    says (:class:`Register`). ``topics`` selects (None: all). ``source``,
    ``line`` and ``raw`` are the document figure's (issue 12: a result row names the line it
    stands on). Sorted by topic, document figure, then the independent figure's date.
    """
    years = dict(zip(documents["source"], documents["year"], strict=True))
    linked = figures[figures["document_source"].notna()]
    if topics is not None:
        linked = linked[linked["topic"].isin(list(topics))]
    out = []
    for _, fig in linked.iterrows():
        rows = external.document_rows(fig, tables)
        e, conversion = evidence(fig, rows, int(years[fig["document_source"]]), register)
        result, why = judge(e, tolerance)
        ratios = e.ratios
        quoted = e.quoted() if e.definition == "same" else None
        ratio = ratios[0] if ratios is not None and not e.converted else None
        independence, independence_id = register.independence_of(str(fig["figure_id"]))
        others = register.other_verdicts(fig["definition_judgement"], e, tolerance,
                                         _compared(fig, rows))
        out.append({
            "topic": fig["topic"], "figure_id": fig["figure_id"],
            "programme_id": fig["programme_id"], "counted": fig["counted"],
            "measure": e.measure, "document_source": fig["document_source"],
            "document_line": fig["document_line"], "document_raw": fig["document_raw"],
            "document_column": fig["document_column"], "document_value": e.document,
            "document_unit": e.document_unit, "document_as_of": span_text(e.document_span),
            "independent_value": e.independent, "independent_unit": e.independent_unit,
            "independent_text": fig["value_text"],
            "independent_text_quoted": _quoted(fig["value_text"], fig["quote"]),
            "independent_as_of": as_of_text(fig),
            "independent_year": decimal_year(fig), "url": fig["url"],
            "source_title": fig["source_title"], "source_kind": fig["source_kind"],
            "definition": fig["definition"],
            "definition_judgement": fig["definition_judgement"],
            "verdict_under_other_definition_readings": "; ".join(
                f"{alt}: {v}" for alt, v in others.items()) or None,
            "verdict_under_every_definition_reading": all(v == result for v in others.values()),
            "independence": independence, "independence_judgement": independence_id,
            "independence_allowed": "; ".join(register.independence_allowed.get(
                str(fig["figure_id"]), (independence,))),
            "conversion_judgement": conversion,
            "cited_rate_low": quoted[0] if quoted else None,
            "cited_rate_high": quoted[1] if quoted else None,
            "implied_rate": quoted[2] if quoted else None,
            "rate_unit": quoted[3] if quoted else None,
            "cited_rates": len(e.rates) if quoted else None,
            "cited_rates_agreeing": e.rates_agreeing(tolerance)[0] if quoted else None,
            "ratio": ratio,
            "ratio_low": None if ratios is None else ratios[0],
            "ratio_high": None if ratios is None else ratios[1],
            "difference": (e.independent - e.document
                           if e.same_kind and not e.converted else None),
            "verdict": result, "reason": why,
            "agrees_without_tolerance": judge(e, 0.0)[0] == "agrees",
            "source": fig["document_source"], "line": fig["document_line"],
            "raw": fig["document_raw"],
        })
    df = pd.DataFrame(out, columns=COLUMNS)
    topic_rank = {t: i for i, t in enumerate(vocab.FIGURE_TOPICS)}
    order = pd.DataFrame({
        "topic": [topic_rank[str(t)] for t in df["topic"]],
        "document_source": df["document_source"], "document_line": df["document_line"],
        "document_raw": df["document_raw"],
        "column": [int(c == "end_year") for c in df["document_column"]],
        "year": [9999.0 if pd.isna(y) else float(y) for y in df["independent_year"]],
        "figure_id": df["figure_id"]}, index=df.index)
    df = df.loc[order.sort_values(list(order.columns), kind="stable").index]
    return _typed("crosscheck", df)


# --------------------------------------------------------------------------- counts


def _by_independence(part: pd.DataFrame) -> dict[str, int]:
    """How many of ``part`` come from sources of each independence class, and how many from
    sources independent under every reading the register allows (an agreement counted as
    independent holds as such only if no other reading makes it the issuer's own)."""
    every = part["independence_allowed"].astype(str).map(
        lambda s: set(s.split("; ")) == {"independent"}).astype(bool)
    quoted = part["independent_text_quoted"].astype(bool)
    holds = part["verdict_under_every_definition_reading"].astype(bool)
    exact = part["agrees_without_tolerance"].astype(bool)
    confirming = part[every & quoted & holds & exact]
    return {**{"from_" + _key(c): int((part["independence"] == c).sum()) for c in INDEPENDENCE},
            "from_independent_under_every_reading": int(every.sum()),
            "independent_confirmations": len(confirming),
            "independent_confirming_sources": int(confirming["url"].nunique()),
            "on_list_summary": int((~part["independent_text_quoted"].astype(bool)).sum()),
            "under_every_definition_reading": int(
                part["verdict_under_every_definition_reading"].astype(bool).sum())}


def verdict_counts(cc: pd.DataFrame) -> pd.DataFrame:
    """How many comparisons got each verdict (every verdict listed, zero included), and
    how many of them come from sources of each independence class: an agreement with the
    issuer's own page (same ministry) is counted apart from independent confirmation."""
    df = pd.DataFrame([{"verdict": v, "comparisons": int((cc["verdict"] == v).sum()),
                        **_by_independence(cc[cc["verdict"] == v])} for v in VERDICTS])
    return with_provenance(df, lambda r: cc[cc["verdict"] == r["verdict"]])


def verdict_counts_with_total(cc: pd.DataFrame) -> pd.DataFrame:
    """The ``verdicts`` table: :func:`verdict_counts` with a last row ``all`` (every
    comparison)."""
    total = pd.DataFrame([{"verdict": "all", "comparisons": len(cc), **_by_independence(cc)}])
    total = with_provenance(total, lambda _r: cc)
    return _typed("verdicts", pd.concat([verdict_counts(cc), total], ignore_index=True))


def topic_summary(cc: pd.DataFrame) -> pd.DataFrame:
    """The ``topics`` table: per topic, comparisons, each verdict's count, the lowest and
    highest ratio; source and line of the document rows compared."""
    rows = []
    for topic in vocab.FIGURE_TOPICS:
        part = cc[cc["topic"] == topic]
        if part.empty:
            continue
        low, high = part["ratio_low"].dropna(), part["ratio_high"].dropna()
        rows.append({"topic": topic, "comparisons": len(part),
                     **{_key(v): int((part["verdict"] == v).sum()) for v in VERDICTS},
                     "ratio_min": low.min() if len(low) else None,
                     "ratio_max": high.max() if len(high) else None})
    columns = [c for c in RESULTS["topics"].columns if c not in ("source", "line")]
    df = pd.DataFrame(rows, columns=columns)
    return _typed("topics", with_provenance(df, lambda r: cc[cc["topic"] == r["topic"]]))


def year_counts(cc: pd.DataFrame) -> pd.DataFrame:
    """The ``years`` table: how many year comparisons agree (the same year) and differ."""
    years = cc[(cc["measure"] == "year") & (cc["verdict"] != UNCLEAR)]
    agree = years["verdict"] == "agrees"
    df = pd.DataFrame({"years_compared": ["agree", "differ"],
                       "comparisons": [int(agree.sum()), int((~agree).sum())]})
    return _typed("years", with_provenance(
        df, lambda r: years[agree] if r["years_compared"] == "agree" else years[~agree]))


def document_figures(cc: pd.DataFrame) -> list[tuple[tuple[Any, ...], pd.DataFrame]]:
    """The document figures of ``cc`` that have comparable independent figures (a ratio),
    each with its comparisons, in the order of ``cc``: key (document_source, document_line,
    document_raw, measure)."""
    rated = cc[cc["ratio"].notna()]
    keys = ["document_source", "document_line", "document_raw", "measure"]
    return [(key, part) for key, part in rated.groupby(keys, sort=False)]


# --------------------------------------------------------------------------- per head


def topic_programmes(figures: pd.DataFrame, topics: Sequence[str] | None) -> set[str] | None:
    """The programmes the independent figures of ``topics`` are about (None: all)."""
    if topics is None:
        return None
    return {str(p) for p in figures.loc[figures["topic"].isin(list(topics)), "programme_id"]}


def per_head_budgets(budgets: pd.DataFrame, people: pd.DataFrame,
                     programmes: set[str] | None = None,
                     register: Register | None = None,
                     planned: Collection[str] = ()) -> pd.DataFrame:
    """The documents' programme budgets per inhabitant per year, in the currency the text
    uses: annual amounts as they are, totals spread over their years, each divided by the
    population of the year it covers (the middle year of a period) or the nearest year the
    series has. Line items and per-cluster amounts are left out; ``programmes`` selects
    (None: all). ``conversion_judgement`` is the register's judgement on the rate behind
    each amount's currency (``register``; empty without one). ``period`` writes the years
    as the documents do, the end of a programme in ``planned`` in parentheses
    (:func:`clusteranalysis.studies.periods.planned_ends`)."""
    if programmes is not None:
        budgets = budgets[budgets["programme_id"].astype(str).isin(programmes)]
    b = budgets[((budgets["basis"] == "annual") & budgets["category"].isna())
                | (budgets["item"] == "total")].copy()
    b = b[b["basis"] != "per_cluster_per_year"]
    b["annual_amount"] = [float(a) / (1 if basis == "annual" else int(n))
                          for a, basis, n in zip(b["amount"], b["basis"], b["period_years"],
                                                 strict=True)]
    b["year"] = [population.year_covered(s, e)
                 for s, e in zip(b["period_start"], b["period_end"], strict=True)]
    b["period"] = [periods.budget_period(r, planned) for _, r in b.iterrows()]
    out = population.per_head(b, people, value="annual_amount", year="year")
    out["conversion_judgement"] = [None if register is None else register.conversion_about(
        str(p)) for p in out["programme_id"]]
    out["scope"] = [None if register is None else register.scope_of(str(p), str(i), str(st))
                    for p, i, st in zip(out["programme_id"], out["item"], out["status"],
                                        strict=True)]
    out = out[RESULTS["per_head"].columns]
    rank = {p: i for i, p in enumerate(vocab.PROGRAMME_IDS)}
    order = pd.DataFrame({"programme": [rank[str(p)] for p in out["programme_id"]],
                          "period_start": out["period_start"], "status": out["status"]},
                         index=out.index)
    return _typed("per_head", out.loc[order.sort_values(list(order.columns),
                                                        kind="stable").index])


# --------------------------------------------------------------------------- all at once


def results(inputs: Results, parameters: Parameters) -> dict[str, pd.DataFrame]:
    """Every result table of ``04_crosscheck``, computed once, by its declared name.

    ``inputs`` holds the tables of :data:`clusteranalysis.studies.crosscheck.INPUTS`;
    ``parameters`` the notebook's (checked by ``studies.check_parameters``): ``topics`` and
    ``tolerance``. The per-head view covers the programmes of the selected topics.
    """
    tables = {name: inputs[name] for name in vocab.DOCUMENT_TABLES}
    register = Register.read(inputs["judgements"], inputs["judgement_readings"],
                             inputs["reference_rates"])
    cc = comparisons(inputs["independent_figures"], tables, inputs["documents"], register,
                     parameters["tolerance"], parameters["topics"])
    return {
        "crosscheck": cc,
        "verdicts": verdict_counts_with_total(cc),
        "topics": topic_summary(cc),
        "years": year_counts(cc),
        "per_head": per_head_budgets(
            inputs["budgets"], inputs["population"],
            topic_programmes(inputs["independent_figures"], parameters["topics"]), register,
            periods.planned_ends(inputs["timeline"])),
    }



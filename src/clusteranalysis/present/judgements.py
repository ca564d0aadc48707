"""The table "Judgements this study rests on", and the check that notebooks state the register.

A notebook shows the register's rows for the judgements it rests on with
:func:`judgements_table` (or :func:`judgements_for`, which finds them by what they are
about): the reading used, the alternatives the sources allow, each with its evidence linked
to the documents' pages, and the reason. The table's rows travel in the output's metadata
(:data:`METADATA_KEY`), so :func:`check_judgements` can hold an executed notebook to the
register row by row, and :func:`compare_notebooks` can check that no two notebooks state
different readings of one judgement.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from clusteranalysis.metadata.judgements import (
    SEPARATOR,
    holds_with_links,
    parse_about,
    parse_evidence,
)
from clusteranalysis.present.tables import FONT_STACK, source_href
from clusteranalysis.provenance.citations import short_citation

#: Key of the output metadata that carries a judgements table's rows.
METADATA_KEY = "clusteranalysis/judgements"
#: The table's title, the same in every notebook.
TITLE = "Judgements this study rests on"
#: What a row of the metadata holds, compared with the register.
FIELDS = ("judgement_id", "kind", "reading", "readings", "evidence")


def _readings_of(readings: pd.DataFrame, jid: str) -> pd.DataFrame:
    return readings[readings["judgement_id"].astype(str) == jid]


@dataclass
class JudgementTable:
    """The register's rows for some judgements, to display (HTML with a plain-text twin)."""

    rows: pd.DataFrame  # judgements rows, in the order asked
    readings: pd.DataFrame  # judgement_readings rows of those judgements
    name: str = "judgements"
    figures: pd.DataFrame | None = None  # independent_figures, to link a figure's address
    #: (judgement id, reading) → the reading of another judgement it holds with, both ways
    links: Mapping[tuple[str, str], str] = field(default_factory=dict)

    def records(self) -> list[dict[str, Any]]:
        """The rows as the register has them: what :func:`check_judgements` compares."""
        out = []
        for r in self.rows.itertuples(index=False):
            out.append({"judgement_id": str(r.judgement_id), "kind": str(r.kind),
                        "reading": str(r.reading),
                        "readings": [] if pd.isna(r.readings)
                        else str(r.readings).split(SEPARATOR),
                        "evidence": str(r.evidence).split(SEPARATOR)})
        return out

    # ------------------------------------------------------------------ rendering

    def _evidence_html(self, evidence: object) -> str:
        if evidence is None or pd.isna(evidence):
            return ""
        parts = []
        urls = ({} if self.figures is None else
                dict(zip(self.figures["figure_id"].astype(str),
                         self.figures["url"].astype(str), strict=True)))
        for e in parse_evidence(str(evidence)):
            if e.source is not None and e.line is not None:
                text = f"{short_citation(e.source)}, line {e.line}"
                href = html.escape(source_href(e.source, e.line))
                quote = html.escape(str(e.quote))
                parts.append(f'<a class="ca-source" href="{href}" title="{quote}">'
                             f"{html.escape(text)}</a>: “{quote}”")
            elif e.figure_id is not None:
                label = f"figure {e.figure_id}"
                url = urls.get(e.figure_id)
                parts.append(f'<a href="{html.escape(url)}">{html.escape(label)}</a>' if url
                             else html.escape(label))
            elif e.rate is not None:
                a, b, period = e.rate
                parts.append(html.escape(f"reference rate {a}→{b} {period} (ECB)"))
        return "; ".join(parts)

    def _reading_html(self, row: pd.Series) -> str:
        note = "" if pd.isna(row["note"]) else f" ({html.escape(str(row['note']))})"
        limits = []
        if not pd.isna(row["applies_to"]):
            limits.append(f"a reading of {html.escape(str(row['applies_to']))} only")
        linked = self.links.get((str(row["judgement_id"]), str(row["reading"])))
        if linked is not None:
            limits.append(f"holds with {html.escape(linked)}")
        limit = f" <i>[{'; '.join(limits)}]</i>" if limits else ""
        evidence = self._evidence_html(row["evidence"])
        return (f"<b>{html.escape(str(row['reading']))}</b>{limit}{note}"
                + (f"<br><small>{evidence}</small>" if evidence else ""))

    def _repr_html_(self) -> str:
        cells = []
        for r in self.rows.itertuples(index=False):
            own = _readings_of(self.readings, str(r.judgement_id))
            used = own[own["used"].astype(bool)]
            others = own[~own["used"].astype(bool)]
            about = "; ".join(html.escape(ref.text) for ref in parse_about(str(r.about)))
            cells.append(
                f"<tr><td><code>{html.escape(str(r.judgement_id))}</code><br>"
                f"<small>{html.escape(str(r.kind))}; about {about}</small></td>"
                f"<td>{'<br>'.join(self._reading_html(u) for _, u in used.iterrows())}</td>"
                f"<td>{'<br>'.join(self._reading_html(o) for _, o in others.iterrows()) or '—'}"
                f"</td><td>{html.escape(str(r.reason))}</td></tr>")
        style = (f"font-family:{FONT_STACK};border-collapse:collapse;font-size:13px")
        head = "".join(f'<th style="text-align:left;padding:3px 8px;border-bottom:1px solid '
                       f'#8c959f">{h}</th>' for h in ("Judgement", "Reading used",
                                                      "Alternatives the sources allow",
                                                      "Why"))
        body = "".join(cells).replace(
            "<td>", '<td style="padding:3px 8px;border-bottom:1px solid #d0d7de;'
                    'vertical-align:top;text-align:left">')
        return (f'<table id="T_{html.escape(self.name)}" style="{html.escape(style)}">'
                f'<caption style="caption-side:top;text-align:left;font-weight:600;'
                f'padding:4px 0">{TITLE}</caption><thead><tr>{head}</tr></thead>'
                f"<tbody>{body}</tbody></table>"
                '<p class="ca-table-note" style="font-size:12px;color:#57606a;margin:2px 0 '
                '12px">From the register of judgements (data/processed/judgements.csv; '
                "docs/judgements.md): every study reads the same row.</p>")

    def text(self) -> str:
        """The plain-text twin: one line per judgement, its reading and alternatives."""
        lines = [TITLE]
        for r in self.records():
            others = "; ".join(r["readings"]) or "none"
            lines.append(f"{r['judgement_id']}: {r['reading']} (alternatives: {others})")
        return "\n".join(lines)

    def __repr__(self) -> str:
        return self.text()

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None
                          ) -> tuple[dict[str, str], dict[str, Any]]:
        return ({"text/html": self._repr_html_(), "text/plain": self.text()},
                {METADATA_KEY: self.records()})


def judgements_table(judgements: pd.DataFrame, readings: pd.DataFrame, ids: Iterable[str],
                     name: str = "judgements", figures: pd.DataFrame | None = None
                     ) -> JudgementTable:
    """The register's rows for ``ids`` (in the order given, each once) as a table to show.

    ``judgements`` and ``readings`` are the processed ``judgements`` and ``judgement_readings``
    tables; ``figures`` (``independent_figures``) links a cited figure to its address. An id
    the register does not have is an error naming it.
    """
    wanted = list(dict.fromkeys(str(i) for i in ids))
    known = set(judgements["judgement_id"].astype(str))
    unknown = [i for i in wanted if i not in known]
    if unknown:
        raise KeyError(f"not in the register of judgements: {', '.join(unknown)}")
    by_id = judgements.set_index(judgements["judgement_id"].astype(str))
    rows = by_id.loc[wanted].reset_index(drop=True)
    own = readings[readings["judgement_id"].astype(str).isin(wanted)]
    return JudgementTable(rows, own.reset_index(drop=True), name, figures,
                          holds_with_links(readings))


def judgement_ids(judgements: pd.DataFrame, table: str, keys: Iterable[object],
                  kinds: Sequence[str] | None = None) -> list[str]:
    """The judgements about any of ``keys`` of ``table`` (its first primary-key column), in
    the register's order; ``kinds`` selects."""
    wanted = {str(k) for k in keys}
    out = []
    for r in judgements.itertuples(index=False):
        if kinds is not None and str(r.kind) not in kinds:
            continue
        if any(ref.table == table and ref.key[0] in wanted for ref in parse_about(str(r.about))):
            out.append(str(r.judgement_id))
    return out


def judgements_for(register: Mapping[str, pd.DataFrame], table: str, keys: Iterable[object],
                   kinds: Sequence[str] | None = None, name: str = "judgements",
                   figures: pd.DataFrame | None = None) -> JudgementTable:
    """:func:`judgements_table` of the judgements about ``keys`` of ``table``; ``register``
    holds the processed ``judgements`` and ``judgement_readings`` tables."""
    ids = judgement_ids(register["judgements"], table, keys, kinds)
    return judgements_table(register["judgements"], register["judgement_readings"], ids,
                            name, figures)


# --------------------------------------------------------------------------- checking


def notebook_records(notebook: Mapping[str, Any]) -> list[tuple[int, dict[str, Any]]]:
    """Every judgements-table row an executed notebook shows, with its cell's index."""
    out = []
    for index, cell in enumerate(notebook.get("cells", [])):
        for output in cell.get("outputs", []):
            metadata = output.get("metadata", {})
            records = metadata.get(METADATA_KEY)
            if records is None:
                records = metadata.get("text/html", {}).get(METADATA_KEY)
            out += [(index, r) for r in records or []]
    return out


def check_judgements(notebook: Mapping[str, Any], judgements: pd.DataFrame,
                     name: str = "notebook") -> list[str]:
    """Each judgements-table row of an executed notebook against the register's row (the
    processed ``judgements`` table): the same kind, reading, alternatives and evidence.
    Returns the problems (empty: the notebook states the register)."""
    table = JudgementTable(judgements, judgements.iloc[0:0])
    register = {r["judgement_id"]: r for r in table.records()}
    problems = []
    for index, record in notebook_records(notebook):
        jid = record.get("judgement_id")
        expected = register.get(str(jid))
        if expected is None:
            problems.append(f"{name} cell {index}: {jid!r} is not in the register")
            continue
        for key in FIELDS:
            if record.get(key) != expected[key]:
                problems.append(f"{name} cell {index}: {jid}: {key} {record.get(key)!r}, "
                                f"the register {expected[key]!r}")
    return problems


def compare_notebooks(notebooks: Mapping[str, Mapping[str, Any]]) -> list[str]:
    """No two notebooks (by name) state different readings of one judgement: each id's
    reading and alternatives must be the same wherever a judgements table shows it."""
    seen: dict[str, tuple[str, dict[str, Any]]] = {}
    problems = []
    for name, nb in notebooks.items():
        for index, record in notebook_records(nb):
            jid = str(record.get("judgement_id"))
            stated = {k: record.get(k) for k in ("reading", "readings")}
            if jid in seen and seen[jid][1] != stated:
                problems.append(f"{jid}: {seen[jid][0]} states {seen[jid][1]}, {name} cell "
                                f"{index} {stated}")
            seen.setdefault(jid, (name, stated))
    return problems

"""What the register of judgements says about participant counts.

02 decides no definition question itself: whether two counts count the same thing is a
definition judgement of the register (``data/processed/judgements.csv``,
``docs/judgements.md``). :func:`definitions` gathers the judgements about ``participants``
rows (the phase I → II counts, the overseas counts), :func:`pair_definition` the one about
two of them, :func:`example_definitions` those about an example cluster and a phase II
project.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

import pandas as pd

from clusteranalysis.metadata.judgements import (
    parse_about,
    parse_evidence,
    reading_applies,
    row_reference,
)


class Definition(NamedTuple):
    """What a definition judgement of the register says of participant rows."""

    judgement_id: str
    #: the reading used
    reading: str
    #: the document lines its used reading's evidence quotes: (source, line, words)
    quotes: list[tuple[str, int, str]]
    #: the other readings the register allows, in its order
    others: tuple[str, ...] = ()
    #: each other reading's ``applies_to`` (None: it bears on every row the judgement is
    #: about)
    others_apply_to: tuple[str | None, ...] = ()


def definitions(judgements: pd.DataFrame, readings: pd.DataFrame
                ) -> dict[tuple[str, int, str], list[Definition]]:
    """The register's definition judgements by the ``participants`` row (source, line,
    raw) they are about."""
    out: dict[tuple[str, int, str], list[Definition]] = {}
    for r in judgements[judgements["kind"] == "definition"].itertuples(index=False):
        jid = str(r.judgement_id)
        own = readings[readings["judgement_id"] == jid]
        used = own[own["used"].astype(bool)]
        quotes = [(str(e.source), int(e.line), str(e.quote))
                  for text in used["evidence"].dropna() for e in parse_evidence(str(text))
                  if e.quote is not None and e.line is not None]
        alternatives = own[~own["used"].astype(bool)]
        others = tuple(str(x) for x in alternatives["reading"])
        apply_to = tuple(None if pd.isna(x) else str(x) for x in alternatives["applies_to"])
        for ref in parse_about(str(r.about)):
            if ref.table == "participants" and len(ref.key) == 3:
                key = (ref.key[0], int(ref.key[1]), ref.key[2])
                out.setdefault(key, []).append(
                    Definition(jid, str(r.reading), quotes, others, apply_to))
    return out


def row_key(row: pd.Series) -> tuple[str, int, str]:
    """A participants row's key in the register: (source, line, raw)."""
    return (str(row["source"]), int(row["line"]), str(row["raw"]))


def pair_definition(register: Mapping[tuple[str, int, str], list[Definition]],
                    a: pd.Series, b: pd.Series) -> Definition | None:
    """The register's definition judgement about both rows, if it has one, with the other
    readings that bear on a comparison of the two (a reading of one row's count only,
    ``applies_to``, bears on every comparison of that row)."""
    theirs = {j.judgement_id for j in register.get(row_key(b), [])}
    found = next((j for j in register.get(row_key(a), []) if j.judgement_id in theirs), None)
    if found is None:
        return None
    rows = [row_reference("participants", row_key(x)) for x in (a, b)]
    kept = [(o, t) for o, t in zip(found.others, found.others_apply_to, strict=True)
            if reading_applies(t, rows)]
    return found._replace(others=tuple(o for o, _ in kept),
                          others_apply_to=tuple(t for _, t in kept))


def example_definitions(judgements: pd.DataFrame, readings: pd.DataFrame
                        ) -> dict[tuple[str, str], tuple[str, str]]:
    """The register's definition judgements about an example cluster and a phase II project
    (``clusters:<id>; projects:<id>``): (cluster_id, project_id) → (judgement id, the
    reading used)."""
    out: dict[tuple[str, str], tuple[str, str]] = {}
    for r in judgements[judgements["kind"] == "definition"].itertuples(index=False):
        refs = parse_about(str(r.about))
        clusters = [ref.key[0] for ref in refs if ref.table == "clusters"]
        projects = [ref.key[0] for ref in refs if ref.table == "projects"]
        jid = str(r.judgement_id)
        used = readings[(readings["judgement_id"] == jid) & readings["used"].astype(bool)]
        for cid in clusters:
            for pid in projects:
                out[(cid, pid)] = (jid, str(used["reading"].iloc[0]))
    return out

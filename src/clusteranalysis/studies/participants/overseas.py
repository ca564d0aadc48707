"""The overseas clusters of METI 2005's table (001): their company and venture counts by
kind, with the year each refers to and what the register says each counts.

Part of the participants study's computations (:mod:`.compute` calls it); like them, each
function takes the tables it reads as arguments and returns a sorted DataFrame whose rows
carry ``source`` and ``line``.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from clusteranalysis.metadata import vocab
from clusteranalysis.present.formats import fmt_number
from clusteranalysis.provenance.citations import with_provenance
from clusteranalysis.studies.participants.register import Definition, row_key

#: The participant types of the overseas clusters' counts (research organisations and
#: universities are not counts of companies).
OVERSEAS_COUNTED = ("companies", "ventures")


def _kind_of_count(detail: object) -> str:
    """The counted noun, singular and plural written alike ('high-tech company' →
    'high-tech companies')."""
    text = str(detail)
    return text[: -len("company")] + "companies" if text.endswith("company") else text


def _year_label(as_of: object, basis: object) -> str:
    if as_of is None or pd.isna(as_of):
        return "year not given"
    if str(basis) == "inferred footnote":
        return f"{int(as_of)}, inferred"  # type: ignore[call-overload]
    return str(int(as_of))  # type: ignore[call-overload]


def overseas_companies(participants: pd.DataFrame, clusters: pd.DataFrame,
                       register: Mapping[tuple[str, int, str], list[Definition]] | None = None
                       ) -> pd.DataFrame:
    """Company and venture counts of the overseas high-tech clusters of METI 2005, by kind
    of count.

    ``kind`` is the counted noun as written (all companies, high-tech, biotech, medical
    device, biotech ventures …): only counts of one kind compare. A count of what was
    created over years ('300 tech ventures created since 1995') is a kind of its own, never
    beside a count of what is there, and so is a count whose meaning the register reads as
    unknown ('venture companies, what they count unknown'). A cluster's count that is part
    of a larger one ('including about 150 biotech companies') is kept, with ``part_of``
    naming the larger figure: every count of the table is shown. ``year`` says
    the year the count refers to and how it is known: a footnote on the same page, 'inferred'
    (a mark on a page without a legend: the first page's legend is assumed, the document
    does not date it) or 'year not given'. A cluster with no company count in the table
    stays, with an empty count and a ``note``: every cluster of the table is a row.

    A count the register reads as narrower than the noun it writes (``register``,
    :func:`definitions`: Daedeok's '130 companies' are companies in incubation facilities
    within universities) is of the kind its judgement's evidence quotes, so it is never
    beside a cluster's total company count; ``definition_judgement`` names the register's
    judgements about each row ('; ' between two).
    """
    ov = clusters[clusters["kind"] == "overseas high-tech"]
    rows = participants[participants["participant_type"].isin(OVERSEAS_COUNTED)
                        & participants["group_id"].isin(ov["cluster_id"])].copy()
    rows["kind"] = [_kind_of_count(d) if pd.isna(y) else f"{d} created since {int(y)}"
                    for d, y in zip(rows["detail"], rows["since"], strict=True)]
    rows["definition_judgement"] = pd.NA
    for i, r in rows.iterrows():
        source, line, raw = row_key(r)
        about = (register or {}).get((source, line, raw), [])
        if about:
            rows.loc[i, "definition_judgement"] = "; ".join(j.judgement_id for j in about)
        for judged in about:
            reading = judged.reading
            own = [q for s_, n, q in judged.quotes
                   if (s_, n) == (source, line) and q.startswith(raw)]
            if reading == "narrower" and own:
                # the noun as the line writes it in full: 'companies in incubation
                # facilities within universities'
                words = own[0].split(" ", 1)[1] if own[0][:1].isdigit() else own[0]
                qualifier = r["qualifier"]  # '500 or more high-tech company in Technopolis'
                if isinstance(qualifier, str) and words.startswith(f"{qualifier} "):
                    words = words[len(qualifier) + 1:]
                rows.loc[i, "kind"] = words
            elif reading in vocab.DEFINITIONS_UNCERTAIN:  # Munich's 'About 20 venture
                # companies', listed with the research organisations: beside no other count
                rows.loc[i, "kind"] = f"{rows.loc[i, 'kind']}, what they count {reading}"
    headline = rows["headline"].fillna(False).astype(bool)
    head = rows[headline]
    keep = pd.concat([head, rows[~headline]])  # a part too, with the figure it is part of
    out = keep[["group_id", "kind", "detail", "count", "qualifier", "approximate",
                "lower_bound", "headline", "as_of", "as_of_basis", "definition_judgement",
                "source", "line", "raw"]].rename(columns={"group_id": "cluster_id"})
    whole = head.sort_values("count", ascending=False).drop_duplicates("group_id").set_index(
        "group_id")
    out["part_of"] = [
        pd.NA if h else f"{fmt_number(whole.loc[c, 'count'], 0)} {whole.loc[c, 'kind']}"
        for c, h in zip(out["cluster_id"], out["headline"], strict=True)]
    out["note"] = pd.NA
    missing = ov[~ov["cluster_id"].isin(rows["group_id"])]
    if not missing.empty:
        gap = pd.DataFrame({"cluster_id": missing["cluster_id"], "source": missing["source"],
                            "line": missing["line"], "raw": missing["raw"],
                            "note": "no company count in the table"})
        out = pd.concat([out, gap], ignore_index=True)
    out = ov[["cluster_id", "name", "country"]].merge(out, on="cluster_id")
    out["count"] = out["count"].astype("Int64")  # sorted below, missing counts last
    out["year"] = [_year_label(a, b) for a, b in zip(out["as_of"], out["as_of_basis"],
                                                    strict=True)]
    sizes = out.groupby("kind")["cluster_id"].transform("nunique")
    best = out.groupby("kind")["count"].transform("max")
    out = out.assign(_n=sizes.fillna(0), _best=best.astype("Float64").fillna(-1))
    out = out.sort_values(["_n", "_best", "kind", "count", "cluster_id"],
                          ascending=[False, False, True, False, True], na_position="last")
    return out[["cluster_id", "name", "country", "kind", "count", "approximate", "lower_bound",
                "qualifier", "year", "as_of", "as_of_basis", "headline", "part_of", "note",
                "detail", "definition_judgement", "source", "line",
                "raw"]].reset_index(drop=True)


def overseas_kinds(table: pd.DataFrame) -> pd.DataFrame:
    """One row per kind of count (``overseas_companies``): how many clusters, the years
    given (stated or footnoted, and inferred) and how many counts have no year."""
    rows, cited = [], {}
    for kind, g in table.dropna(subset=["kind"]).groupby("kind", sort=False):
        years = g["as_of"].dropna()
        cited[kind] = g
        rows.append({
            "kind": kind, "clusters": g["cluster_id"].nunique(),
            "first_year": years.min() if len(years) else pd.NA,
            "last_year": years.max() if len(years) else pd.NA,
            "inferred_years": (g["as_of_basis"] == "inferred footnote").sum(),
            "no_year": g["as_of"].isna().sum(),
        })
    return with_provenance(pd.DataFrame(rows), lambda r: cited[r["kind"]])

"""Tables derived from the parsed rows: the phase I → II crosswalk and the reconciliation.

The reconciliation puts each stated total beside the sum of its parts. What a difference
means is written in ``lookups/reconciliation.csv`` in words only; every number in the
rendered ``meaning`` (totals, ratios, fiscal years, months) is filled in here from the
tables, so the explanation cannot drift from the data. The lookup also names each check's
programme, so no programme id or fiscal year is typed into this module.
"""

from __future__ import annotations

import string
from collections.abc import Callable
from datetime import date
from typing import Any

from clusteranalysis.build.rawdoc import Row
from clusteranalysis.build.sources import Tables
from clusteranalysis.errors import ClusterAnalysisError, TableNotFoundError
from clusteranalysis.metadata.lookups import lookup

_SYMBOL = {"JPY": "¥", "USD": "$", "GBP": "£", "EUR": "€"}


def add_crosswalk(tables: Tables) -> None:
    """lookups/crosswalk.csv joined to the projects; a 'certain' link needs a shared name
    that both projects' names, as the documents write them, contain."""
    projects = {r["project_id"]: r for r in tables.rows["projects"]}
    for link in lookup("crosswalk"):
        p1 = projects.get(link["phase1_id"])
        p2 = projects.get(link["phase2_id"]) if link["phase2_id"] else None
        if p1 is None or (link["phase2_id"] and p2 is None):
            raise ClusterAnalysisError(
                f"lookups/crosswalk.csv: {link['phase1_id']} -> {link['phase2_id']} names a "
                f"project the documents do not list")
        shared = link["shared_name"] or None
        if (link["confidence"] == "certain") != (shared is not None):
            raise ClusterAnalysisError(
                f"lookups/crosswalk.csv: {link['phase1_id']}: a link is certain exactly when "
                f"the documents give the same name (shared_name)")
        if shared is not None and not (p2 and shared in p1["name"]
                                       and shared in p2["name_nfkc"]):
            raise ClusterAnalysisError(
                f"lookups/crosswalk.csv: {link['phase1_id']}: {shared!r} is not in both names")
        tables.add("crosswalk", {
            "phase1_id": link["phase1_id"], "phase1_name_en": p1["name_en"],
            "phase2_id": link["phase2_id"] or None,
            "phase2_name": p2["name"] if p2 else None,
            "confidence": link["confidence"], "shared_name": shared, "note": link["note"],
        })
    missing = sorted({pid for pid, p in projects.items() if p["phase"] == "I"}
                     - {link["phase1_id"] for link in lookup("crosswalk")})
    if missing:
        raise ClusterAnalysisError(f"lookups/crosswalk.csv: no line for {', '.join(missing)}")


def _one(rows: list[Row], what: str, **match: Any) -> Row:
    found = [r for r in rows if all(r.get(k) == v for k, v in match.items())]
    if len(found) != 1:
        raise TableNotFoundError("data/raw", what, f"expected one row matching {match}, "
                                 f"found {len(found)}")
    return found[0]


def number(v: float) -> str:
    """A count or plain number as text: 10,690; 1.86; 4.167."""
    v = float(v)
    return f"{int(v):,}" if v.is_integer() else f"{v:,.4g}"


def money(v: float, currency: str) -> str:
    """An amount as a reader writes it: ¥6 billion, $540 million, $4.167 million."""
    v, sign = float(v), _SYMBOL.get(currency, currency + " ")
    for scale, word in ((1e9, "billion"), (1e6, "million")):
        if abs(v) >= scale:
            return f"{'-' if v < 0 else ''}{sign}{number(abs(v) / scale)} {word}"
    return f"{'-' if v < 0 else ''}{sign}{number(abs(v))}"


def percent(ratio: float) -> str:
    return f"{ratio * 100:.0f}%"


def _fiscal(year: int) -> str:
    return f"FY{year}"


class _Reconciler:
    def __init__(self, tables: Tables) -> None:
        self.tables = tables
        self.checks = {r["check_id"]: r for r in lookup("reconciliation")}
        self.used: set[str] = set()

    def programme(self, check_id: str) -> str:
        if check_id not in self.checks:
            raise ClusterAnalysisError(f"lookups/reconciliation.csv: no check {check_id!r}")
        return self.checks[check_id]["programme_id"]

    def add(self, check_id: str, description: str, stated_row: Row, stated: float,
            values: list[float], unit: str, computed: float | None = None,
            fmt: Callable[[float], str] = number, **words: str) -> None:
        value = float(sum(values)) if computed is None else float(computed)
        ratio = value / float(stated)
        fields = {"stated": fmt(stated), "computed": fmt(value), "difference":
                  fmt(value - float(stated)), "ratio": f"{ratio:.2f}",
                  "ratio_pct": percent(ratio), "n_parts": number(len(values)), **words}
        template = self.checks[check_id]["meaning"]
        names = {f for _, f, _, _ in string.Formatter().parse(template) if f}
        if names - set(fields):
            raise ClusterAnalysisError(f"lookups/reconciliation.csv: {check_id}: no value for "
                                       f"{sorted(names - set(fields))}")
        self.used.add(check_id)
        self.tables.add("reconciliation", {
            "check_id": check_id, "description": description, "stated": float(stated),
            "computed": value, "difference": value - float(stated), "ratio": ratio,
            "n_parts": len(values), "unit": unit, "meaning": template.format(**fields),
            "source": stated_row["source"], "line": stated_row["line"],
            "raw": stated_row["raw"],
        })


def add_reconciliation(tables: Tables) -> None:
    """Stated totals against the sum of their parts (see lookups/reconciliation.csv)."""
    rec = _Reconciler(tables)
    part = tables.rows["participants"]
    budgets = tables.rows["budgets"]

    meti = rec.programme("phase2_companies")
    phase2 = [r for r in part if r["group_kind"] == "project" and r["phase"] == "II"]
    for ptype in ("companies", "universities"):
        total = _one(part, f"phase II total {ptype}", group_id=meti, phase="II",
                     participant_type=ptype, headline=True)
        values = [r["count"] for r in phase2 if r["participant_type"] == ptype]
        rec.add(f"phase2_{ptype}", f"Phase II: stated national {ptype} vs the sum over the "
                f"projects", total, total["count"], values, ptype)
    total = _one(part, "phase II project count", group_id=rec.programme("phase2_projects"),
                 phase="II", participant_type="projects", headline=True)
    listed = [1.0 for r in tables.rows["projects"] if r["phase"] == "II"]
    rec.add("phase2_projects", "Phase II: stated number of projects vs projects listed",
            total, total["count"], listed, "projects")

    total = _one(part, "phase I project count", group_id=rec.programme("phase1_projects"),
                 phase="I", participant_type="projects", headline=True)
    mentions = tables.rows["project_fields"]
    per_project: dict[str, int] = {}
    for r in mentions:
        per_project[r["project_id"]] = per_project.get(r["project_id"], 0) + 1
    names = {r["project_id"]: r["name_en"] for r in tables.rows["projects"]}
    repeated = sorted(names[p] for p, k in per_project.items() if k > 1)
    rec.add("phase1_projects", "Phase I: stated number of projects vs distinct projects in the "
            "field lists (parts = mentions)", total, total["count"], [1.0] * len(mentions),
            "projects", computed=float(len(per_project)), repeated=number(len(repeated)),
            repeated_names="; ".join(repeated))

    _meti_budget(rec, budgets)

    mnt = [r for r in budgets if r["programme_id"] == rec.programme("uk_mnt_budget")]
    total = _one(mnt, "MNT total", item="total")
    parts = [r for r in mnt if r["item"] != "total"]
    cur = total["currency"]
    rec.add("uk_mnt_budget", "UK MNT network: stated total vs basic fund plus research", total,
            total["amount"], [r["amount"] for r in parts], cur,
            fmt=lambda v: money(v, cur),
            parts=" + ".join(money(r["amount"], cur) for r in parts))

    fi = [r for r in part if r["group_id"] == rec.programme("fi_areas")]
    total = _one(fi, "Finnish areas total", headline=True)
    phases = [r for r in fi if "phase" in r["detail"]]
    rec.add("fi_areas", "Finnish Centres of Expertise: stated areas vs areas by phase", total,
            total["count"], [r["count"] for r in phases], "areas",
            parts=" + ".join(number(r["count"]) for r in phases))

    _mext(rec, tables)
    unused = sorted(set(rec.checks) - rec.used)
    if unused:
        raise ClusterAnalysisError(f"lookups/reconciliation.csv: checks the build does not "
                                   f"make: {', '.join(unused)}")


def _meti_budget(rec: _Reconciler, budgets: list[Row]) -> None:
    """The draft budget and the previous year's, each against its line items, and the change."""
    meti = [r for r in budgets if r["programme_id"] == rec.programme("meti_budget_draft")]
    totals = {}
    for status, check_id in (("draft", "meti_budget_draft"),
                             ("previous year", "meti_budget_previous_year")):
        rows = [r for r in meti if r["status"] == status]
        total = _one(rows, f"METI total ({status})", item="total")
        totals[status] = total
        cur = total["currency"]
        items = [r["amount"] for r in rows if r["item"] != "total"]
        fy = _fiscal(total["fiscal_year"])
        rec.add(check_id, f"METI {fy} ({status}): stated national budget vs the line items "
                "listed", total, total["amount"], items, cur, fmt=lambda v, c=cur: money(v, c))
    draft, prev = totals["draft"], totals["previous year"]
    cur = draft["currency"]
    changes = [r["amount"] for r in meti if r["item"] != "total" and r["status"] == "draft"]
    changes += [-r["amount"] for r in meti if r["item"] != "total"
                and r["status"] == "previous year"]
    stated_change = draft["amount"] - prev["amount"]
    rec.add("meti_budget_change", f"METI: stated {_fiscal(draft['fiscal_year'])} total vs the "
            f"{_fiscal(prev['fiscal_year'])} total plus the change in the listed items", draft,
            draft["amount"], changes, cur, computed=prev["amount"] + sum(changes),
            fmt=lambda v: money(v, cur), stated_change=money(stated_change, cur),
            items_change=money(sum(changes), cur),
            unexplained=money(stated_change - sum(changes), cur),
            previous_fy=_fiscal(prev["fiscal_year"]), draft_fy=_fiscal(draft["fiscal_year"]))


def _mext(rec: _Reconciler, tables: Tables) -> None:
    """MEXT's stated dollar figures, and the national budget against areas and parts."""
    programme = rec.programme("mext_clusters_budget")
    budgets = [r for r in tables.rows["budgets"] if r["programme_id"] == programme]
    rate_row = _one(tables.rows["exchange_rates"], "stated US$ rate", from_currency="USD",
                    to_currency="JPY")
    rate = float(rate_row["rate"])
    national = _one(budgets, "MEXT national budget", basis="annual")
    per_cluster = _one(budgets, "MEXT per-cluster budget", basis="per_cluster_per_year")
    equivalents = [r for r in tables.rows["budget_equivalents"]
                   if r["programme_id"] == programme and r["currency"] == "USD"]
    for check_id, row in (("mext_usd_national", national),
                          ("mext_usd_per_cluster", per_cluster)):
        usd = _one(equivalents, f"MEXT stated dollars ({row['item']})", item=row["item"])
        rec.add(check_id, f"MEXT {row['item']}: stated US$ vs yen at the stated rate", usd,
                usd["amount"], [row["amount"]], "USD", computed=row["amount"] / rate,
                fmt=lambda v: money(v, "USD"), rate=number(rate))
    part = [r for r in tables.rows["participants"] if r["group_id"] == programme]
    areas = _one(part, "MEXT areas appointed", participant_type="areas", headline=True)
    parts = _one(part, "MEXT smaller parts", participant_type="area parts")
    started = _one(tables.rows["timeline"], "MEXT start", entity_id=programme)
    cur = national["currency"]
    fy = _fiscal(national["fiscal_year"])
    common = {"areas": number(areas["count"]), "parts": number(parts["count"]),
              "per_cluster": money(per_cluster["amount"], cur)}
    rec.add("mext_clusters_budget", f"MEXT {fy}: stated national budget vs the areas appointed "
            "times the per-cluster budget", national, national["amount"],
            [per_cluster["amount"]] * areas["count"], cur, fmt=lambda v: money(v, cur),
            **common)
    product = per_cluster["amount"] * parts["count"]
    difference = product - national["amount"]
    agreement = "exactly" if difference == 0 else f"to within {money(difference, cur)}"
    start: date = started["start_date"]
    rec.add("mext_parts_budget", f"MEXT {fy}: stated national budget vs the smaller parts "
            "times the per-cluster budget", national, national["amount"],
            [per_cluster["amount"]] * parts["count"], cur, fmt=lambda v: money(v, cur),
            agreement=agreement, start_month=start.strftime("%B"), start_year=str(start.year),
            fiscal_year=fy, **common)

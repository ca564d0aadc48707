"""How the participants study writes things: projects, regions and fields in Japanese, in
English or both (the ``names`` parameter), the documents' Japanese terms with their English,
the region rule a figure that groups or colours by region states, and the two roundings of
its own (the rest are :mod:`clusteranalysis.present.formats` as they are).

The Japanese of a region or a field comes from the processed ``projects`` table and the
reviewed lookups (``lookups/fields.csv``, ``lookups/regions.csv``), never typed here.
"""

from __future__ import annotations

import unicodedata
from functools import partial

import pandas as pd

from clusteranalysis.metadata.lookups import lookup
from clusteranalysis.metadata.vocab import REGIONS
from clusteranalysis.present.formats import fmt_number

#: Companies per university place, one decimal wherever shown: 17.2.
PER_UNIVERSITY = partial(fmt_number, digits=1)
#: A ratio of two totals (sum over the projects ÷ stated), two decimals: 1.86.
RATIO = partial(fmt_number, digits=2)

#: The English of the Japanese words the study labels with (the documents give only these).
GLOSSES = {
    "中堅・中小企業": "mid-sized and small companies",
    "大学（高専を含む）": "universities, technical colleges included",
    "プロジェクト": "projects",
}

#: What each ``projects.region_basis`` means, in the words of the region note.
REGION_BASIS_WORDS = {"stated": "the document writes it", "block": "listed in a region's block",
                      "name": "the name names it", "reviewed": "a reviewed lookup"}


def label(ja: object, en: object, names: str = "both", two_lines: bool = False) -> str:
    """A name in the language(s) ``names`` asks for: 'ja', 'en' or 'both' (Japanese, then
    English in parentheses, or on a second line). A name the documents give in one language
    only is shown in that language whatever ``names`` says."""
    j = None if ja is None or pd.isna(ja) or str(ja) == "" else str(ja)
    e = None if en is None or pd.isna(en) or str(en) == "" else str(en)
    if names == "en":
        return e or j or ""
    if names == "ja":
        return j or e or ""
    if j and e and j != e:
        return f"{j}\n{e}" if two_lines else f"{j} ({e})"
    return j or e or ""


def gloss(word: str, names: str = "both") -> str:
    """A Japanese term of the documents with its English (``GLOSSES``) as ``names`` asks."""
    return label(word, GLOSSES.get(word), names)


def project_label(row: pd.Series, names: str = "both") -> str:
    """A phase II project with its region: '地域産業活性化プロジェクト (Regional Industry
    Revitalization Project; Kanto)', or in one language."""
    if names == "ja":
        return f"{row['name_ja']}（{row['region_ja']}）"
    if names == "en":
        return f"{row['name_en']} ({row['region']})"
    return f"{row['name_ja']} ({row['name_en']}; {row['region']})"


def region_order(region: object) -> int:
    """A region's place in the vocabulary's order (west to east as the lookup lists them)."""
    return REGIONS.index(region) if region in REGIONS else len(REGIONS)


def region_ja(projects: pd.DataFrame) -> dict[str, str]:
    """English region → its Japanese, as the rows of ``projects`` (or of a result table with
    ``region`` and ``region_ja``) give it."""
    pairs = projects[["region", "region_ja"]].drop_duplicates()
    return {str(r): str(j) for r, j in zip(pairs["region"], pairs["region_ja"], strict=True)}


def fields_ja(projects: pd.DataFrame) -> dict[str, str]:
    """English field → the Japanese field words phase II writes for it ('情報・IT'), in the
    order of lookups/fields.csv (情報 before IT)."""
    words = {unicodedata.normalize("NFKC", r["written"]): r["field"] for r in lookup("fields")}
    out: dict[str, list[str]] = {}
    for text in projects[projects["phase"] == "II"]["field_source"].astype(str):
        for w in unicodedata.normalize("NFKC", text).replace("、", "・").split("・"):
            w = w.strip()
            if w in words and w not in out.setdefault(words[w], []):
                out[words[w]].append(w)
    order = list(words)
    return {f: "・".join(sorted(ws, key=order.index)) for f, ws in out.items()}


def region_rule(rows: pd.DataFrame, ja: dict[str, str], names: str = "both") -> str:
    """The region rule in words, for a figure that groups or colours by region.

    Region = the METI regional bureau's area. ``rows`` are the projects the figure shows
    (with ``name_nfkc`` or ``name_ja``, ``name_en`` and ``region_basis``); ``ja`` gives each
    region's Japanese. The places that count in a region of another name
    (lookups/regions.csv: Tokai and Hokuriku in Chubu, Kansai in Kinki) are named when a
    shown project's name contains them, and the note says how many of the projects each
    ``region_basis`` decides.
    """
    rows = rows.sort_values("project_id")  # the projects table's order
    name = "name_nfkc" if "name_nfkc" in rows.columns else "name_ja"
    text = " ".join(rows[name].astype(str)) + " " + " ".join(rows["name_en"].astype(str))
    places: dict[str, dict[str, list[str]]] = {}
    for r in lookup("regions"):
        w = r["written"]
        if w in (r["region"], r["region_ja"]) or w not in text:
            continue
        lang = "en" if w.isascii() else "ja"
        places.setdefault(r["region"], {"en": [], "ja": []})[lang].append(w)
    parts = []
    for region in sorted(places, key=region_order):
        en, jw = ", ".join(places[region]["en"]), "、".join(places[region]["ja"])
        where = label(jw or None, en or None, names)
        parts.append(f"{where} in {label(ja.get(region), region, names)}")
    basis = rows["region_basis"].astype(str).value_counts()
    basis_text = "; ".join(f"{REGION_BASIS_WORDS.get(b, b)}: {n}" for b, n in basis.items())
    folded = f" ({'; '.join(parts)})" if parts else ""
    return (f"Regions: the METI regional bureau's area{folded}. Basis (projects.region_basis), "
            f"projects — {basis_text}.")

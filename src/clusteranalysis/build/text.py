"""Text before it becomes a value: normalising, labels, and the words each language uses.

:func:`normalize_text` folds full-width characters and tildes, :func:`clean_label` makes a
label of a table cell, :func:`words` reads the number words, qualifiers and scale words of
``lookups/words.csv`` by language, and :func:`language_name` names a language code. The
number cleaners (:mod:`.cleaners`) and the date cleaners (:mod:`.dates`) build on these.
"""

from __future__ import annotations

import re
import unicodedata

from babel import Locale

from clusteranalysis.errors import ClusterAnalysisError
from clusteranalysis.metadata import vocab
from clusteranalysis.metadata.lookups import lookup

# --- text ---------------------------------------------------------------------------------

TILDES = "~～〜∼"
_ENUMERATOR = re.compile(
    r"^\s*(?:[①-⑳]|\(\d{1,2}\)|\d{1,2}(?=\s*[A-Z])|O(?=[A-Z][a-z])|[•·○●◆■-])\s*"
)
# Prefixes that form real hyphenated compounds: "high- tech" is "high-tech", not "hightech".
_KEEP_HYPHEN = {"high", "spin", "self", "non", "co", "state", "well", "large", "low", "long"}
_CONJUNCTIONS = {"and", "or", "to"}
_SPLIT_WORD = re.compile(r"\b([A-Za-z]+)- ([a-z][A-Za-z]*)")


def normalize_text(text: str) -> str:
    """NFKC-normalise (ＴＯＨＯＫＵ → TOHOKU, １２ → 12) and collapse runs of spaces.

    Use it on names and labels; numbers go through :func:`parse_number`, which strips
    enumerators such as ① first (NFKC would turn ① into a digit 1).
    """
    text = unicodedata.normalize("NFKC", text)
    return re.sub(r"\s+", " ", text).strip()


def dehyphenate(text: str) -> str:
    """Join words the PDF extraction split at a line end ("Ger- many" → "Germany").

    A split after a prefix that really takes a hyphen keeps it ("high- tech" → "high-tech").
    """

    def join(match: re.Match[str]) -> str:
        head, tail = match.group(1), match.group(2)
        if tail in _CONJUNCTIONS:  # "Micro- and nanotechnology": a real suspended hyphen
            return f"{head}- {tail}"
        if head.lower() in _KEEP_HYPHEN:
            return f"{head}-{tail}"
        return head + tail

    return _SPLIT_WORD.sub(join, text)


def strip_enumerator(text: str) -> str:
    """Remove a leading list marker (①, 2, (1), O, •, ◆) the documents put before items."""
    return _ENUMERATOR.sub("", text, count=1).strip()


def clean_label(text: str) -> str:
    """A label as a reader would write it: enumerator off, words joined, NFKC, one space."""
    return normalize_text(dehyphenate(strip_enumerator(text)))



# --- the words of each language (lookups/words.csv) -------------------------------------

#: The languages the module-level cleaners (parse_number, parse_count, parse_amount …) read:
#: those of the five documents, which share one number format (1,300.5).
DEFAULT_LANGUAGES = ("en", "ja")


def _word_rows() -> list[tuple[int, dict[str, str]]]:
    """lookups/words.csv with its line numbers, checked: each language is one of
    vocab.LANGUAGES (blank: every language), and a word means the same in every language."""
    rows = list(enumerate(lookup("words"), start=2))
    kinds: dict[str, tuple[str, str]] = {}
    for n, r in rows:
        if r["language"] and r["language"] not in vocab.LANGUAGES:
            raise ClusterAnalysisError(f"lookups/words.csv:{n}: language {r['language']!r} is "
                                       f"not in lookups/languages.csv")
        key = r["word"].lower()
        seen = kinds.setdefault(key, (r["kind"], r["value"]))
        if seen != (r["kind"], r["value"]):
            raise ClusterAnalysisError(f"lookups/words.csv:{n}: {r['word']!r} is a {r['kind']} "
                                       f"here but a {seen[0]} ({seen[1]}) in another language")
    return rows


def words(kind: str, languages: tuple[str, ...] | None = DEFAULT_LANGUAGES) -> dict[str, str]:
    """Parsing vocabulary of one kind from lookups/words.csv: {word: value}, in file order.

    Only the words of ``languages`` and those of every language (a blank ``language``);
    ``None``: the words of all languages.
    """
    return {r["word"]: r["value"] for _, r in _word_rows() if r["kind"] == kind
            and (languages is None or not r["language"] or r["language"] in languages)}


def alternation(items: object) -> str:
    """A regex alternation, longest first (so 'approximately' wins over 'approx')."""
    return "|".join(re.escape(w) for w in sorted(items, key=len, reverse=True))  # type: ignore[arg-type]


def language_name(language: str) -> str:
    """'German (de)', 'English and Japanese (en+ja)': Babel's English names of the codes."""
    codes = language.split("+")
    names = [Locale.parse(code).english_name or code for code in codes]
    return f"{' and '.join(names)} ({language})"

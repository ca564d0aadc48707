"""Checking a published report's links to the documents' pages (``sources/<file>.html#L<n>``).

:func:`source_links` finds every ``<a href>`` of every HTML page of a report folder that
points into its ``sources/`` folder; :func:`broken_source_links` resolves each one as a
browser would (relative to its page) and says which do not reach an existing page, or
an element with the anchor's id on it.
"""

from __future__ import annotations

from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit


class _Anchors(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(str(values["id"]))
        if tag == "a" and values.get("href"):
            self.hrefs.append(str(values["href"]))


@cache
def _parse(path: Path, mtime: float) -> tuple[tuple[str, ...], frozenset[str]]:
    parser = _Anchors()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return tuple(parser.hrefs), frozenset(parser.ids)


def parse(path: Path) -> tuple[tuple[str, ...], frozenset[str]]:
    """(every link's href, every element id) of an HTML file."""
    return _parse(path, path.stat().st_mtime)


def source_links(report: Path) -> list[tuple[Path, str, Path, str]]:
    """(page, href, target file, anchor) of every link into ``report/sources/``."""
    report = report.resolve()
    sources = report / "sources"
    found = []
    for page in sorted(report.rglob("*.html")):
        for href in parse(page)[0]:
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or not parts.path:
                continue
            target = (page.parent / unquote(parts.path)).resolve()
            if target.parent == sources or target == sources:
                found.append((page, href, target, unquote(parts.fragment)))
    return found


def broken_source_links(report: Path) -> list[str]:
    """``page: href (why)`` for each link into ``sources/`` that does not resolve."""
    problems = []
    for page, href, target, anchor in source_links(report):
        where = f"{page.relative_to(report.resolve())}: {href}"
        if not target.is_file():
            problems.append(f"{where} (no such page)")
        elif anchor and target.suffix == ".html" and anchor not in parse(target)[1]:
            problems.append(f"{where} (no element with id {anchor!r})")
    return problems

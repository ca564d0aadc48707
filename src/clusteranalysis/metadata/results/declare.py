"""How a study declares its result tables (:class:`StudyResults`)."""


from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from clusteranalysis.metadata.fields import FIELDS, use
from clusteranalysis.metadata.spec import Field, TableSpec


class StudyResults(Mapping[str, TableSpec]):
    """The result tables of one study notebook, in the order the notebook writes them."""

    def __init__(self, notebook: str, title: str) -> None:
        self.notebook = notebook
        self.title = title
        self.fields: dict[str, Field] = {}
        self._tables: dict[str, TableSpec] = {}

    def field(self, name: str, dtype: str, description: str, **kw: Any) -> Field:
        """Declare a column of this study's own (not in the registry)."""
        if name in FIELDS:
            raise ValueError(f"{self.notebook}: field {name!r} is in the registry "
                             "(metadata.fields): use it instead of describing it again")
        if name in self.fields:
            raise ValueError(f"{self.notebook}: field {name!r} declared twice")
        self.fields[name] = Field(name, dtype, description, **kw)
        return self.fields[name]

    def column(self, item: str | Field) -> Field:
        """A column by name: the study's own field, else the registry's."""
        if isinstance(item, Field):
            return item
        if item in self.fields:
            return self.fields[item]
        return use(item)

    def table(self, name: str, title: str, description: str,
              columns: Iterable[str | Field], *, primary_key: tuple[str, ...] = ()
              ) -> TableSpec:
        """Declare a result table (written as ``<name>.csv``)."""
        if name in self._tables:
            raise ValueError(f"{self.notebook}: table {name!r} declared twice")
        fields = [self.column(c) for c in columns]
        spec = TableSpec(name, title, description, fields, sort_by=(), primary_key=primary_key)
        unknown = [k for k in primary_key if k not in spec.columns]
        if unknown:
            raise ValueError(f"{self.notebook}: {name}: key columns {unknown} not declared")
        self._tables[name] = spec
        return spec

    def __getitem__(self, name: str) -> TableSpec:
        return self._tables[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._tables)

    def __len__(self) -> int:
        return len(self._tables)


#: ``source`` and ``line`` of a result row computed from several rows, as
#: :func:`clusteranalysis.provenance.citations.with_provenance` writes them: the files, and
#: for each its lines ("001_….txt; 004_….txt", "76; 119"); empty for a row computed from no
#: row (a count of zero).
COMPUTED_SOURCE = use("source", nullable=True, description=(
    "raw file(s) the row was computed from, '; ' between files (data/raw/sources.csv "
    "describes each)"))
COMPUTED_LINE = use("line", dtype="string", minimum=None, nullable=True, description=(
    "the lines of those files the row stands on: ', ' between lines, '; ' between the "
    "files' groups, in the order of source"))

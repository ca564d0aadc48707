"""What a declaration is: a column (:class:`Field`) and a table that names its columns
(:class:`TableSpec`).

The processed tables (:mod:`clusteranalysis.metadata.processed`) and the studies' result
tables (:mod:`clusteranalysis.metadata.results`) are both declared with these, so one
function applies their dtypes and checks them (:mod:`clusteranalysis.metadata.dtypes`)
and one describes them in a ``datapackage.json`` (:mod:`clusteranalysis.metadata.datapackage`).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

#: dtypes a field can have, and how each is written in datapackage.json.
DTYPES = {"string": "string", "Int64": "integer", "Float64": "number", "boolean": "boolean",
          "category": "string", "date": "date"}


@dataclass(frozen=True)
class Field:
    """One column: its dtype, meaning, unit and constraints."""

    name: str
    dtype: str
    description: str
    unit: str | None = None
    nullable: bool = False
    enum: tuple[str, ...] | None = None
    ordered: bool = False
    minimum: float | None = None
    unique: bool = False

    def __post_init__(self) -> None:
        if self.dtype not in DTYPES:
            raise ValueError(f"field {self.name!r}: unknown dtype {self.dtype!r}")
        if self.dtype == "category" and self.enum is None:
            raise ValueError(f"field {self.name!r}: a category needs its values (enum)")

    @property
    def finite(self) -> bool:
        """Numbers must be finite: 'inf' in a CSV is corruption, not a value."""
        return self.dtype == "Float64"

    def with_(self, **changes: Any) -> Field:
        return dataclasses.replace(self, **changes)


@dataclass(frozen=True)
class ForeignKey:
    """Columns of a table that name a row of another table (by its key)."""

    fields: tuple[str, ...]
    resource: str
    reference: tuple[str, ...]


@dataclass(frozen=True)
class TableSpec:
    """A table: its name (the file is ``<name>.csv``), title, description, its columns in
    order, the order of its rows and its keys."""

    name: str
    title: str
    description: str
    fields: list[Field] = field(default_factory=list)
    sort_by: tuple[str, ...] = ("source", "line")
    primary_key: tuple[str, ...] = ()
    foreign_keys: tuple[ForeignKey, ...] = ()

    @property
    def columns(self) -> list[str]:
        return [f.name for f in self.fields]

    def field(self, name: str) -> Field:
        return {f.name: f for f in self.fields}[name]

"""Errors the build and the loaders raise.

Each one carries enough to find the offending text by hand: the raw file's name, the
1-based line and the text itself. The command line prints ``str(error)`` on one line.
"""

from __future__ import annotations


class ClusterAnalysisError(Exception):
    """Base class: the CLI prints these as one line, without a traceback."""


class ParseError(ClusterAnalysisError, ValueError):
    """A value in a document's table that does not parse."""

    def __init__(self, message: str, text: str, source: str | None = None,
                 line: int | None = None) -> None:
        self.message = message
        self.text = text
        self.source = source
        self.line = line
        super().__init__(self._format())

    def _format(self) -> str:
        where = ""
        if self.source is not None:
            where = f"{self.source}:{self.line}: " if self.line is not None else f"{self.source}: "
        shown = f"'{self.text}'" if self.text.isprintable() else repr(self.text)
        return f"{where}{self.message}: {shown}"

    def located(self, source: str, line: int) -> ParseError:
        """The same error with the file and line filled in (cleaners do not know them)."""
        return ParseError(self.message, self.text, source, line)


class TableNotFoundError(ClusterAnalysisError):
    """A table or list the parser expects is not in the document."""

    def __init__(self, source: str, table: str, detail: str = "") -> None:
        self.source = source
        self.table = table
        extra = f" ({detail})" if detail else ""
        super().__init__(f"{source}: table {table!r} not found{extra}")


class DataNotBuiltError(ClusterAnalysisError, FileNotFoundError):
    """A processed table is missing or unreadable; says how to rebuild it."""


class ParameterError(ClusterAnalysisError, ValueError):
    """A notebook or report parameter outside its allowed values."""

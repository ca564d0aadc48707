"""Prose that reads the same in JupyterLab, in nbconvert's HTML and on GitHub.

The package writes its prose (findings, captions, source notes) as plain text and turns it
into Markdown or HTML here, in one place. Two renderers read more into text than is meant:

- JupyterLab typesets TeX maths in Markdown *and* in HTML outputs: two ``$`` in one paragraph
  become inline maths ("US$540 million and US$470" loses its spaces in maths italics). A
  backslash does not stop it in Markdown: the Markdown parser removes the ``\\`` before the
  maths pass sees the text (jupyterlab/jupyterlab#8645), so a paragraph is put in an element
  MathJax skips, :data:`NO_MATHS` (``mathjax_ignore`` for MathJax 3: JupyterLab and Notebook
  7; ``tex2jax_ignore`` for MathJax 2: nbconvert's default HTML and the classic Notebook).
- Markdown itself: a pair of ``~`` is strikethrough (GitHub, JupyterLab), ``*`` and ``_``
  emphasis, ``<…>`` a tag, ``[…]`` a link. :func:`escape` puts CommonMark's backslash before
  every such character, ``$`` and ``~`` included, which every CommonMark renderer honours
  (GitHub's maths among them).

So the text a reader sees is the plain text: :func:`unescape` gives it back from the
Markdown, for the check that a number stands in its sentence.
"""

from __future__ import annotations

import re

#: The classes MathJax 3 and MathJax 2 skip: on an HTML element, its text is never maths.
NO_MATHS = "mathjax_ignore tex2jax_ignore"

# The characters Markdown (CommonMark with GitHub's strikethrough, tables and maths) reads
# as syntax inside a line of prose; a paragraph never starts with one of ours (a span does).
_SYNTAX = re.compile(r"([\\`*_\[\]<>&$~|])")
_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")  # a backslash before ASCII punctuation


def escape(text: str) -> str:
    """Plain text as Markdown that shows exactly that text: ``US$540`` → ``US\\$540``,
    ``1996~2001`` → ``1996\\~2001``, ``*certain*`` → ``\\*certain\\*``."""
    return _SYNTAX.sub(r"\\\1", text)


def unescape(markdown: str) -> str:
    """The text a Markdown of :func:`escape` shows (its backslash escapes removed)."""
    return _ESCAPED.sub(r"\1", markdown)


def paragraph(markdown: str) -> str:
    """One Markdown paragraph in a span MathJax skips, on one line (a blank line would end
    the span): what :class:`clusteranalysis.present.Findings` displays."""
    return f'<span class="{NO_MATHS}">{" ".join(markdown.split())}</span>'

"""Shows glassnet's docstrings on the site as they read in ``help()``.

glassnet writes its formulas in plain Unicode text, for the terminal and the editor: ``|z|``,
``coef_``, and indented blocks of equations after a line ending in a colon. In reStructuredText
those mean a substitution, a link target and a block quote. Before numpydoc reads a docstring,
this extension makes them mean what the author meant:

- an indented block after a line ending in ``:`` becomes a literal block (as if it ended in ``::``),
  so equations keep their alignment;
- outside literal text, ``|`` and a ``_`` that ends a word are escaped.

Nothing else changes: ``inline literals``, ``::`` blocks and ``>>>`` examples are left as written.
"""
from __future__ import annotations

import re

_WORD_THEN_UNDERSCORE = re.compile(r"(?<=\w)_(?=[^\w`]|$)")
_LITERAL_SPAN = re.compile(r"(``.+?``)")
_NOT_A_LITERAL_BLOCK = re.compile(r"^\s*(\.\. |[-*+•] |\d+[.)] |>>>|-{3,}|={3,})")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def escape_plain_text(text: str) -> str:
    """Escape ``|`` and word-final ``_`` outside ````inline literals````."""
    parts = _LITERAL_SPAN.split(text)
    for i in range(0, len(parts), 2):                   # even parts are outside ``...``
        parts[i] = _WORD_THEN_UNDERSCORE.sub(r"\\_", parts[i].replace("|", r"\|"))
    return "".join(parts)


def _next_text_line(lines: list[str], start: int) -> int | None:
    for j in range(start, len(lines)):
        if lines[j].strip():
            return j
    return None


def make_plain_math_safe(lines: list[str]) -> list[str]:
    """Return the docstring's lines with plain-text math made safe for reStructuredText."""
    out: list[str] = []
    literal_indent: int | None = None      # inside a literal block: the indent of the line that opened it
    in_doctest = False
    for i, line in enumerate(lines):
        stripped = line.strip()
        if literal_indent is not None:
            if not stripped or _indent(line) > literal_indent:
                out.append(line)
                continue
            literal_indent = None
        if in_doctest:
            in_doctest = bool(stripped)
            if in_doctest:
                out.append(line)
                continue
        if stripped.startswith(">>>"):
            in_doctest = True
            out.append(line)
            continue
        if stripped.endswith("::"):
            out.append(escape_plain_text(line))
            literal_indent = _indent(line)
            continue
        following = _next_text_line(lines, i + 1)
        if (stripped.endswith(":") and following is not None and _indent(lines[following]) > _indent(line)
                and not _NOT_A_LITERAL_BLOCK.match(lines[following])):
            out.append(escape_plain_text(line) + ":")
            if following == i + 1:
                out.append("")                          # a literal block needs a blank line before it
            literal_indent = _indent(line)
            continue
        out.append(escape_plain_text(line))
    return out


def _process_docstring(app, what, name, obj, options, lines: list[str]) -> None:
    lines[:] = make_plain_math_safe(lines)


def setup(app):
    app.connect("autodoc-process-docstring", _process_docstring, priority=100)   # before numpydoc (500)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}

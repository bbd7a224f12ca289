"""Lay out generated Python the way black would, so black's first pass is a no-op.

black's `format_str` formats a module a second time whenever the first pass
changed it (its stability check): text that is already black-clean costs one
pass instead of two, half of black's time. These helpers cover what the
templates emit: bracketed lists of items (calls, collection literals, imports)
and long parameter annotations. black still formats every module: whatever
these helpers get wrong for some spec is only slower, never different.

The rules, as black applies them to a line with one bracket pair to split:

- the line fits in 88 columns: one line;
- a collection literal or an import with more than one item: one item a line,
  with a trailing comma (the comma makes black keep it exploded);
- a call: the items on one line between the brackets if they fit there,
  otherwise one a line with a trailing comma.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Iterator

__all__ = ["LINE_LENGTH", "annotation", "bracket", "expression", "fits", "from_import", "width"]

LINE_LENGTH = 88  # black's default, the mode format.py uses


def width(text: str) -> int:
    """Columns `text` takes as black counts them (wide East Asian characters: 2)."""
    if text.isascii():
        return len(text)
    return sum(0 if unicodedata.combining(char) else
               2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def fits(line: str, indent: int = 0) -> bool:
    return "\n" not in line and indent + width(line) <= LINE_LENGTH


def bracket(head: str, items: Iterable[str], tail: str = "", *, indent: int = 0,
            brackets: str = "()", collection: bool | None = None) -> str:
    """`head` + `items` in `brackets` + `tail`, starting at column `indent`.

    Later lines carry their own indentation; the first does not (the template
    puts it where it stands). `collection` is a literal list, tuple, dict or
    set (always one item a line once split), not a call or subscript; by
    default, told by what precedes the bracket. Items too long for their own
    line are laid out again.
    """
    items = list(items)
    opening, closing = brackets[0], brackets[1]
    if collection is None:
        before = head[-1:]
        collection = not (before.isalnum() or before in "_)]")  # not a call or subscript
    one_line = f"{head}{opening}{', '.join(items)}{closing}{tail}"
    if not items or fits(one_line, indent):
        return one_line
    pad = " " * indent
    inner = pad + "    "
    body = ", ".join(items)
    if (len(items) == 1 or not collection) and fits(body, indent + 4) \
            and fits(f"{closing}{tail}", indent):
        return f"{head}{opening}\n{inner}{body}\n{pad}{closing}{tail}"
    lines = "".join(f"{inner}{expression(item, indent + 4, tail=',')}\n" for item in items)
    return f"{head}{opening}\n{lines}{pad}{closing}{tail}"


def expression(text: str, indent: int = 0, *, head: str = "", tail: str = "") -> str:
    """`head` + the one-line Python expression `text` + `tail`, split as black
    would when it does not fit: at `text`'s outermost trailing brackets
    (`name(...)`, `name[...]`, `[...]`, `{...}`, `(...)`). Anything else is
    returned as it is, for black to decide."""
    if fits(f"{head}{text}{tail}", indent):
        return f"{head}{text}{tail}"
    opened = _outer_bracket(text)
    if opened < 0:
        return f"{head}{text}{tail}"
    inner = text[opened + 1:-1]
    items = _top_level_split(inner, ", ")
    # A trailing comma (a one-tuple's, say) or an empty item: left to black.
    if inner.endswith(",") or any(not item.strip() for item in items):
        return f"{head}{text}{tail}"
    return bracket(head + text[:opened], items, tail, indent=indent,
                   brackets=text[opened] + text[-1])


def _outer_bracket(text: str) -> int:
    """Where the bracket pair that closes at the end of `text` opens (-1: none)."""
    if not text or text[-1] not in ")]}":
        return -1
    depth = 0
    opened = -1
    for i, char in _code_chars(text):
        if char in "([{":
            if depth == 0:
                opened = i
            depth += 1
        elif char in ")]}":
            depth -= 1
    return opened if depth == 0 else -1


def from_import(module: str, names: Iterable[str], *, indent: int = 0) -> str:
    """`from module import names`, parenthesised one name a line when too long."""
    names = list(names)
    one_line = f"from {module} import {', '.join(names)}"
    if fits(one_line, indent):
        return one_line
    pad = " " * indent
    lines = "".join(f"{pad}    {name},\n" for name in names)
    return f"from {module} import (\n{lines}{pad})"


def annotation(declaration: str, indent: int) -> str:
    """A parameter `name: type[ = default]` as black writes it in an exploded
    signature: a type too long for the line is put in parentheses, split before
    each top-level `|` when it does not fit on one line there either."""
    if fits(declaration + ",", indent):
        return declaration
    name, colon, rest = declaration.partition(": ")
    if not colon or not rest:
        return declaration
    type_, equals, default = _split_default(rest)
    tail = f") = {default}" if equals else ")"
    inner = " " * (indent + 4)
    if fits(type_, indent + 4):
        return f"{name}: (\n{inner}{type_}\n{' ' * indent}{tail}"
    operands = _top_level_split(type_, " | ")
    if len(operands) < 2:
        return declaration  # nothing simple to split at: black decides
    body = f"\n{inner}| ".join(operands)
    return f"{name}: (\n{inner}{body}\n{' ' * indent}{tail}"


def _split_default(text: str) -> tuple[str, str, str]:
    """`type = default` split at its top-level ` = ` (none: no default)."""
    parts = _top_level_split(text, " = ")
    if len(parts) == 2:
        return parts[0], "=", parts[1]
    return text, "", ""


def _top_level_split(text: str, separator: str) -> list[str]:
    """`text` split at `separator` outside brackets and string literals."""
    parts: list[str] = []
    depth = 0
    start = 0
    for i, char in _code_chars(text):
        if char in "([{":
            depth += 1
        elif char in ")]}":
            depth -= 1
        elif depth == 0 and i >= start and text.startswith(separator, i):
            parts.append(text[start:i])
            start = i + len(separator)
    parts.append(text[start:])
    return parts


def _code_chars(text: str) -> Iterator[tuple[int, str]]:
    """Each character of `text` outside string literals, with its index."""
    quote = ""
    i = 0
    while i < len(text):
        char = text[i]
        if quote:
            if char == "\\":
                i += 1  # the escaped character is part of the string
            elif char == quote:
                quote = ""
        elif char in "\"'":
            quote = char
        else:
            yield i, char
        i += 1

"""Classify the lines of a flattened YAML document.

With indentation gone, a line still says what it could be: a `key: value`
pair, a `- item`, a comment, or text (which only fits inside a block scalar).
A double-quoted scalar left open at the end of a line continues on the next
lines until its closing quote; those lines travel with the line that opened
it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

BLOCK_INDICATOR = re.compile(r"^[|>][-+]?[0-9]?$")
NO_VALUE = object()  # `key:` with nothing after the colon
BLOCK = object()  # `key: |` (the value is the block scalar that follows)


@dataclass(frozen=True)
class Entry:
    """The `key: value` part of a line (after any `- `)."""

    key: str
    value: Any  # parsed inline value, NO_VALUE or BLOCK
    text: str  # the raw text after `key:`


@dataclass(frozen=True)
class Line:
    number: int  # 1-based line number in the flattened document
    text: str
    item: bool = False  # starts with `- ` (or is a lone `-`)
    entry: Entry | None = None  # key/value, after the `- ` for items
    scalar: Any = NO_VALUE  # item's inline scalar when it is not a key/value
    comment: bool = False
    continuation: tuple[str, ...] = field(default=())  # lines of an open quoted scalar


def _split_key(text: str) -> tuple[str, str] | None:
    """Split `key: rest` into its parts, or None if the text is not a mapping entry."""
    if text[:1] in ("'", '"'):
        quote = text[0]
        end = text.find(quote, 1)
        while quote == "'" and end != -1 and text[end + 1 : end + 2] == "'":
            end = text.find(quote, end + 2)
        if end == -1 or text[end + 1 : end + 2] != ":":
            return None
        raw_key, rest = text[: end + 1], text[end + 2 :]
        if rest and not rest.startswith(" "):
            return None
        return str(yaml.safe_load(raw_key)), rest.strip()
    if text[:1] in ("[", "{", "#", "&", "*", "!", "|", ">", "%", "@", "`"):
        return None
    match = re.match(r"^([^\s].*?):(?: +(.*))?$", text)
    if match is None or ": " in match.group(1) or match.group(1).endswith(" "):
        return None
    return match.group(1), (match.group(2) or "").strip()


def _parse_value(raw: str) -> Any:
    if raw == "":
        return NO_VALUE
    if BLOCK_INDICATOR.match(raw):
        return BLOCK
    try:
        return yaml.safe_load(raw)
    except yaml.YAMLError:
        return raw


def _unclosed_double_quote(raw: str) -> bool:
    if not raw.startswith('"'):
        return False
    body = re.sub(r'\\.', "", raw[1:])
    return '"' not in body


def classify(number: int, text: str) -> Line:
    if text.startswith("#"):
        return Line(number, text, comment=True)
    item = text == "-" or text.startswith("- ")
    body = text[2:].strip() if item else text
    split = _split_key(body)
    if split is not None:
        key, raw = split
        return Line(number, text, item=item, entry=Entry(key, _parse_value(raw), raw))
    if item:
        return Line(number, text, item=True, scalar=_parse_value(body))
    return Line(number, text)


def read_lines(source: list[tuple[int, str]]) -> list[Line]:
    """Classify every non-blank (number, text) line; join open double-quoted scalars."""
    lines: list[Line] = []
    index = 0
    while index < len(source):
        number, text = source[index]
        index += 1
        if not text.strip():
            continue
        line = classify(number, text)
        raw = line.entry.text if line.entry else ""
        if line.entry is not None and _unclosed_double_quote(raw):
            rest: list[str] = []
            while index < len(source):
                rest.append(source[index][1])
                index += 1
                if re.sub(r"\\.", "", rest[-1]).rstrip().endswith('"'):
                    break
            value = yaml.safe_load(raw + "\n" + "\n".join(rest))
            entry = Entry(line.entry.key, value, raw)
            line = Line(line.number, text, item=line.item, entry=entry, continuation=tuple(rest))
        lines.append(line)
    return lines

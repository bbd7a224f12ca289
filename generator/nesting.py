"""The nesting guard that runs before YAML is composed into nodes.

libyaml's composer recurses in C, and some ten thousand '[' crash the
interpreter, so over-deep text must be refused before `yaml.compose`. A cheap
textual upper bound clears almost every document; only suspicious ones pay
for a scan of the event stream, which also tracks the JSON pointer of the
node being read, so the error can say where. (The bound is approximate; the
exact limit, aliases included, is checked on the composed nodes.)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml

__all__ = ["TooDeep", "check_nesting"]

_BRACKETS = re.compile(r"[^\[\]{}]+")
_LEADING = re.compile(r"^[ \t?:-]*", re.MULTILINE)


class TooDeep(Exception):
    """Nesting over the limit at 1-based `line`:`col`, the node at `pointer`."""

    def __init__(self, line: int, col: int, pointer: str) -> None:
        super().__init__(f"too deep at {line}:{col} ({pointer})")
        self.line, self.col, self.pointer = line, col, pointer


@dataclass
class _Frame:
    """A mapping or sequence being read, and the token of its child being read."""

    mapping: bool
    token: str = ""
    awaiting_key: bool = True
    index: int = -1


def check_nesting(text: str, limit: int, loader: Any) -> None:
    """Raise TooDeep if `text` nests mappings/sequences over `limit` levels (yaml.YAMLError
    if it is not YAML at all)."""
    if _upper_bound(text) <= limit:
        return
    frames: list[_Frame] = []
    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, yaml.NodeEvent):
            _advance(frames, event)
        if isinstance(event, yaml.CollectionStartEvent):
            if len(frames) >= limit:
                mark = event.start_mark
                line, col = (0, 0) if mark is None else (mark.line + 1, mark.column + 1)
                raise TooDeep(line, col, "".join("/" + f.token for f in frames))
            frames.append(_Frame(mapping=isinstance(event, yaml.MappingStartEvent)))
        elif isinstance(event, yaml.CollectionEndEvent):
            frames.pop()


def _advance(frames: list[_Frame], event: yaml.NodeEvent) -> None:
    """Note that a node starts in the innermost collection: a key, a value or an item."""
    if not frames:
        return
    parent = frames[-1]
    if not parent.mapping:
        parent.index += 1
        parent.token = str(parent.index)
    elif parent.awaiting_key:
        value = event.value if isinstance(event, yaml.ScalarEvent) else "?"
        parent.token = str(value).replace("~", "~0").replace("/", "~1")
        parent.awaiting_key = False
    else:
        parent.awaiting_key = True  # this node is the value; the next one is a key


def _upper_bound(text: str) -> int:
    flow = deepest = 0
    for char in _BRACKETS.sub("", text):
        flow = flow + 1 if char in "[{" else max(0, flow - 1)
        deepest = max(deepest, flow)
    indent = max((len(m.group()) for m in _LEADING.finditer(text)), default=0)
    return deepest + indent + 1

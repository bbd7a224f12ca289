"""The YAML half of stage 1: compose the spec's node graph and build plain data from it.

We compose PyYAML's node graph (C parser when available) and build the tree
from the nodes ourselves, so every node keeps its line:column, duplicate keys
can be rejected, non-string keys keep the text they were written with, and
alias expansion is bounded. Every failure is a :class:`SpecError` carrying a
diagnostic with file:line:col, never a traceback.

This lives apart from `load.py` so that only a process that reads YAML imports
PyYAML: the main process of `generate` gets its documents from the loading child
and needs `Document` and friends, not the parser.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TypeAlias

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.reader import ReaderError

from .diagnostics import SpecError, file_error, short_repr
from .document import Document, JsonObject, JsonValue
from .nesting import TooDeep, check_nesting

__all__ = ["parse"]

_Loader: Any  # CSafeLoader and SafeLoader share no base class in the stubs
try:
    _Loader = yaml.CSafeLoader
except AttributeError:  # PyYAML built without libyaml
    _Loader = yaml.SafeLoader

MAX_DEPTH = 200  # nesting levels, checked before libyaml recurses
MAX_NODES = 1_000_000  # nodes the aliases may expand to (a billion-laughs bomb)
_TAG = "tag:yaml.org,2002:"
_MERGE_TAG = _TAG + "merge"
_JSON_EXPONENT = re.compile(r"-?(0|[1-9][0-9]*)(\.[0-9]+)?[eE][-+]?[0-9]+")
_CONSTRUCTOR = SafeConstructor()
_Entry: TypeAlias = tuple[str, Node, Node]  # key text, key node, value node


def parse(text: str, sha256: str, path: Path) -> Document:
    """`text` (read from `path`, hashing to `sha256`) as a Document; SpecError if it
    is not a YAML mapping the generator can read."""
    _check_nesting(text, path)
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        raise _yaml_error(exc, text, path) from None
    except RecursionError:
        raise file_error(path, "L007", f"nesting deeper than {MAX_DEPTH} levels") from None
    if root is None:
        raise file_error(path, "L005", "document is empty", 1, 1, "the spec must be a YAML mapping")
    if not isinstance(root, MappingNode):
        line, col = _mark(root)
        raise file_error(
            path,
            "L005",
            f"document root is a {_kind(root)}, expected a mapping",
            line,
            col,
            "an OpenAPI document starts with keys such as 'openapi:' and 'info:'",
        )
    try:
        builder: _Builder = _TreeBuilder(path)
        data = builder.mapping(root, "")
    except (_Unchecked, SpecError):
        # The exact checks and the build, in the order that decides which error is shown.
        try:
            _Measure(path).check(root)
            builder = _Builder(path)
            data = builder.mapping(root, "")
        except SpecError as error:
            raise _located(error, root) from None
    builder.positions[""] = _mark(root)
    return Document(path, text, sha256, data, builder.positions, builder.scalar_text)


def _located(error: SpecError, root: Node) -> SpecError:
    """`error` with the JSON pointer of the node each diagnostic's position names."""
    return SpecError(
        dataclasses.replace(d, pointer=_pointer_at(root, (d.line, d.col)))
        if d.line and not d.pointer else d
        for d in error.diagnostics
    )


def _pointer_at(root: Node, position: tuple[int, int]) -> str:
    """The pointer of the first node (or mapping key) that starts at `position`, found
    by walking the node graph as written (each node once, so aliases cannot blow up)."""
    pending: list[tuple[Node, str]] = [(root, "")]
    seen: set[int] = set()
    while pending:
        node, pointer = pending.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        children: list[tuple[Node, Node, str]] = []
        if isinstance(node, MappingNode):
            children = [(key, value, f"{pointer}/{_token(key)}") for key, value in node.value]
        elif isinstance(node, SequenceNode):
            children = [(item, item, f"{pointer}/{i}") for i, item in enumerate(node.value)]
        for start, child, child_pointer in children:
            if position in (_mark(start), _mark(child)):
                return child_pointer
            pending.append((child, child_pointer))
    return ""


def _token(key: Node) -> str:
    text = str(key.value) if isinstance(key, ScalarNode) else "?"
    return text.replace("~", "~0").replace("/", "~1")



# -- errors -----------------------------------------------------------------------------------


def _yaml_error(exc: yaml.YAMLError, text: str, path: Path) -> SpecError:
    if isinstance(exc, yaml.MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        context = exc.context or ""
        if exc.context_mark is not None and exc.context_mark is not mark:
            start = exc.context_mark
            context += f" started at {start.line + 1}:{start.column + 1}"
        parts = [p for p in (context, exc.problem) if p]
        message = "YAML syntax error: " + (", ".join(parts) or "invalid YAML")
        line, col = (0, 0) if mark is None else (mark.line + 1, mark.column + 1)
        return file_error(path, "L003", message, line, col)
    if isinstance(exc, ReaderError):
        line, col = _char_position(text, exc.position)
        message = f"YAML syntax error: {exc.reason} (character {exc.character!r})"
        return file_error(path, "L003", message, line, col, "remove the control character")
    return file_error(path, "L003", f"YAML syntax error: {exc}")


def _mark(node: Node) -> tuple[int, int]:
    return (node.start_mark.line + 1, node.start_mark.column + 1)


def _kind(node: Node) -> str:
    if isinstance(node, SequenceNode):
        return "sequence"
    return "mapping" if isinstance(node, MappingNode) else "scalar"


def _char_position(text: str, offset: int) -> tuple[int, int]:
    offset = max(0, min(offset, len(text)))
    before = text[:offset]
    return (before.count("\n") + 1, offset - (before.rfind("\n") + 1) + 1)


# -- nesting (the guard itself is in nesting.py) -----------------------------------------------


def _check_nesting(text: str, path: Path) -> None:
    try:
        check_nesting(text, MAX_DEPTH, _Loader)
    except TooDeep as deep:
        raise _depth_error(path, deep.line, deep.col, deep.pointer) from None
    except yaml.YAMLError as exc:
        raise _yaml_error(exc, text, path) from None


def _depth_error(path: Path, line: int, col: int, pointer: str = "") -> SpecError:
    return file_error(
        path,
        "L007",
        f"nesting deeper than {MAX_DEPTH} levels",
        line,
        col,
        "flatten the structure or move parts into components and $ref them",
        pointer,
    )


# -- node graph -------------------------------------------------------------------------------


def _flatten(node: MappingNode, path: Path, active: frozenset[int] = frozenset()) -> list[_Entry]:
    """Entries (key text, key node, value node) of a mapping with YAML merge keys (``<<``)
    applied: explicit keys first, then merged ones not already present. Duplicate
    explicit keys are an error."""
    if id(node) in active:
        raise file_error(path, "L006", "recursive merge key", *_mark(node))
    entries: list[_Entry] = []
    merged: list[_Entry] = []
    seen: dict[str, Node] = {}
    for key, value in node.value:
        if key.tag == _MERGE_TAG:
            merged.extend(_merge_sources(value, path, active | {id(node)}))
            continue
        name = _key_text(key, path)
        if name in seen:
            first = seen[name].start_mark.line + 1
            raise file_error(
                path,
                "L004",
                f"duplicate key {name!r} (first defined on line {first})",
                *_mark(key),
                hint="remove one of the two entries",
            )
        seen[name] = key
        entries.append((name, key, value))
    for name, key, value in merged:
        if name not in seen:
            seen[name] = key
            entries.append((name, key, value))
    return entries


def _merge_sources(value: Node, path: Path, active: frozenset[int]) -> Iterator[_Entry]:
    sources = value.value if isinstance(value, SequenceNode) else [value]
    for source in sources:
        if not isinstance(source, MappingNode):
            raise file_error(path, "L008", "merge key '<<' needs a mapping", *_mark(source))
        yield from _flatten(source, path, active)


def _key_text(key: Node, path: Path) -> str:
    # Non-string keys (200, true, 2024-01-01) keep the text they were written with.
    if not isinstance(key, ScalarNode):
        raise file_error(
            path,
            "L008",
            f"mapping key is a {_kind(key)}; only scalar keys are supported",
            *_mark(key),
        )
    return str(key.value)


class _Measure:
    """Checks the expanded tree (aliases followed) before building it: no recursive
    aliases, at most MAX_NODES nodes, at most MAX_DEPTH deep. Memoised per node, so
    an alias bomb is measured in time proportional to its text, not its expansion."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.memo: dict[int, tuple[int, int]] = {}  # id(node) -> (size, height)
        self.active: set[int] = set()

    def check(self, root: Node) -> None:
        self.measure(root, 0)

    def measure(self, node: Node, depth: int) -> tuple[int, int]:
        key = id(node)
        found = self.memo.get(key)
        if found is None:
            if key in self.active:
                raise file_error(self.path, "L006", "recursive alias", *_mark(node))
            if depth > MAX_DEPTH:
                raise _depth_error(self.path, *_mark(node))
            self.active.add(key)
            found = self.measure_children(node, depth)
            self.active.discard(key)
            self.memo[key] = found
        size, height = found
        if depth + height > MAX_DEPTH:
            raise _depth_error(self.path, *_mark(node))
        if size > MAX_NODES:
            raise file_error(
                self.path,
                "L006",
                f"aliases expand to more than {MAX_NODES} nodes",
                *_mark(node),
                hint="YAML anchors/aliases are expanded; reduce their reuse",
            )
        return found

    def measure_children(self, node: Node, depth: int) -> tuple[int, int]:
        if isinstance(node, MappingNode):
            children = [value for _, _, value in _flatten(node, self.path)]
        elif isinstance(node, SequenceNode):
            children = list(node.value)
        else:
            return (1, 0)
        size, height = 1, 0
        for child in children:
            child_size, child_height = self.measure(child, depth + 1)
            size += child_size
            height = max(height, child_height + 1)
            if size > MAX_NODES:
                break
        return (size, height)


class _Builder:
    """Builds plain data from a measured node graph, recording positions."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.positions: dict[str, tuple[int, int]] = {}
        self.scalar_text: dict[str, str] = {}

    def value(self, node: Node, pointer: str) -> JsonValue:
        if isinstance(node, MappingNode):
            return self.mapping(node, pointer)
        if isinstance(node, SequenceNode):
            return self.sequence(node, pointer)
        assert isinstance(node, ScalarNode)
        return self.scalar(node, pointer)

    def mapping(self, node: MappingNode, pointer: str) -> JsonObject:
        self.check_tag(node, "map")
        result: JsonObject = {}
        for name, key, value in _flatten(node, self.path):
            child = pointer + "/" + name.replace("~", "~0").replace("/", "~1")
            self.positions[child] = _mark(key)
            result[name] = self.value(value, child)
        return result

    def sequence(self, node: SequenceNode, pointer: str) -> list[JsonValue]:
        self.check_tag(node, "seq")
        result: list[JsonValue] = []
        for index, item in enumerate(node.value):
            child = f"{pointer}/{index}"
            self.positions[child] = _mark(item)
            result.append(self.value(item, child))
        return result

    def scalar(self, node: ScalarNode, pointer: str) -> JsonValue:
        tag = node.tag.removeprefix(_TAG)
        if tag == "str" and not node.style and _JSON_EXPONENT.fullmatch(node.value):
            tag = "float"  # `1e+308`, `2.5E3`: numbers in JSON, text to YAML 1.1
        if tag == "str":
            return str(node.value)
        if tag not in ("null", "bool", "int", "float", "timestamp"):
            raise self.unsupported_tag(node)
        self.scalar_text[pointer] = str(node.value)
        try:
            return _construct(tag, node)
        except (ValueError, KeyError):
            raise file_error(
                self.path, "L008", f"{short_repr(node.value)} is not a valid !!{tag}", *_mark(node)
            ) from None

    def check_tag(self, node: Node, expected: str) -> None:
        if node.tag != _TAG + expected:
            raise self.unsupported_tag(node)

    def unsupported_tag(self, node: Node) -> SpecError:
        return file_error(
            self.path,
            "L008",
            f"unsupported YAML tag {node.tag.replace(_TAG, '!!')}",
            *_mark(node),
            "OpenAPI documents use plain JSON-compatible values; remove the tag",
        )


class _Unchecked(Exception):
    """The fast path met what only `_Measure` can judge."""


class _TreeBuilder(_Builder):
    """A `_Builder` that measures as it goes, for the usual graph: one with no node
    reached twice (no aliases), so a tree, whose size and height it counts. It gives
    up (`_Unchecked`) at the first node seen again or past `_Measure`'s limits, before
    any expansion, and `_Measure`'s own pass then decides."""

    def __init__(self, path: Path) -> None:
        super().__init__(path)
        self.seen: set[int] = set()
        self.depth = 0  # of the node being built; the root's children are at 1

    def value(self, node: Node, pointer: str) -> JsonValue:
        if id(node) in self.seen or self.depth >= MAX_DEPTH or len(self.seen) >= MAX_NODES - 1:
            raise _Unchecked
        self.seen.add(id(node))
        self.depth += 1
        try:
            return super().value(node, pointer)
        finally:
            self.depth -= 1


def _construct(tag: str, node: ScalarNode) -> JsonValue:
    if tag == "null":
        return None
    if tag == "bool":
        return bool(_CONSTRUCTOR.bool_values[str(node.value).lower()])
    if tag == "int":
        return int(_CONSTRUCTOR.construct_yaml_int(node))
    if tag == "float":
        return float(_CONSTRUCTOR.construct_yaml_float(node))
    # Timestamps stay text: OpenAPI has no date type and consumers want the original form.
    return str(node.value)

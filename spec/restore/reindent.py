"""Give every line of a flattened OpenAPI document back its indentation.

The document is read top to bottom while a stack of open objects is kept
(root, paths, one path item, one operation, ...). Each line may close some of
them and continue an outer one; the grammar says where a key is allowed, so
usually only one place fits. Where several fit, the deepest is tried first,
and the search backtracks when a choice leads to a line that fits nowhere or
to an object that is incomplete or inconsistent when it closes (a `required`
list naming none of its schema's properties, a parameter without `in`).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from . import grammar
from .grammar import ANY, SCALAR, STR, Value
from .lines import BLOCK, NO_VALUE, Entry, Line
from .shapes import (
    NOT_MAPPINGS,
    Registry,
    Shape,
    allowed_keys,
    child_shape,
    item_shape,
    takes_list,
)

SEQ = "Seq"  # a list whose items are of `item_kind`
BLOCK_TEXT = "Block"  # the lines of a block scalar (`|` or `>`)
NULL = type(None)

# Tiers order the candidate places for a line: lower is tried first.
# RELAXED: an example key its schema does not name. Real examples do that
# (seed 000 has `username` in an example of a schema without it), so it is
# allowed, but only where no other place fits.
PENDING, FITS, DISFAVOURED, UNKNOWN_FREE, RELAXED = 0, 1, 2, 3, 4


@dataclass(frozen=True)
class Pending:
    """A `key:` whose value is on the lines that follow."""

    key: str
    value: Value
    indent: int  # column of the key


@dataclass(frozen=True)
class Frame:
    kind: str
    indent: int  # column of the keys, of the `- `, or of the block's text
    owner: str = ""  # the key whose value this frame is
    parent_kind: str = ""
    keys: frozenset[str] = frozenset()
    item_kind: str = ""  # for SEQ frames
    shape: Shape | None = None  # free-form frames: the schema the data follows
    facts: Mapping[str, Any] = field(default_factory=dict)  # collected for closing
    pending: Pending | None = None
    text_lines: int = 0  # for BLOCK_TEXT frames

    def with_fact(self, name: str, value: Any) -> Frame:
        return replace(self, facts={**self.facts, name: value})


Stack = tuple[Frame, ...]


@dataclass(frozen=True)
class Move:
    tier: int
    stack: Stack
    indent: int
    kind: str  # kind of the frame the line was placed in (for overrides)


class Grammar:
    """Answers where a line may go, given the schemas seen so far."""

    def __init__(self, registry: Registry) -> None:
        self.registry = registry

    # -- what a frame accepts -------------------------------------------------

    def accepts(self, frame: Frame, key: str) -> tuple[Value, int] | None:
        """The value `key` may take in `frame` and how well it fits, or None."""
        if key in frame.keys or frame.kind in (SEQ, BLOCK_TEXT):
            return None
        if frame.kind == ANY:
            # An example's keys are its schema's properties, when the schema is known.
            allowed = allowed_keys(frame.shape, self.registry)
            if allowed is None:
                return grammar.FREE_OR_NULL, UNKNOWN_FREE
            if allowed or frame.shape is None or frame.shape.type not in NOT_MAPPINGS:
                return grammar.FREE_OR_NULL, FITS if key in allowed else RELAXED
            return None  # a string's or an array's example is never a mapping
        if "$ref" in frame.keys and not grammar.reference_allows(
            frame.kind, frame.parent_kind, key
        ):
            return None
        if key == "$ref" and frame.keys and frame.kind != "Schema":
            return None
        value = grammar.value_for(frame.kind, key)
        if value is None:
            return None
        return value, DISFAVOURED if self.disfavoured(frame, key) else FITS

    @staticmethod
    def disfavoured(frame: Frame, key: str) -> bool:
        """Fits by the grammar, but the document's habits say it is likely elsewhere."""
        if frame.kind == "Schema" and frame.owner in grammar.MEMBER_SCHEMA_OWNERS:
            return key in grammar.PARENT_LEVEL_KEYS
        if frame.kind in grammar.PATTERN_KEYS and frame.keys:
            styles = {grammar.name_style(k) for k in frame.keys if not k.startswith("x-")}
            return bool(styles) and grammar.name_style(key) not in styles
        return False

    @staticmethod
    def scalar_fits(value: Value, scalar: Any) -> bool:
        # Inline `[...]` and `{...}` fit wherever a list or a mapping does.
        if isinstance(scalar, list):
            return value.seq is not None
        if isinstance(scalar, dict):
            return value.map is not None
        return isinstance(scalar, value.scalar) and not (
            isinstance(scalar, bool) and bool not in value.scalar
        )

    # -- frames for nested values -------------------------------------------------

    def child_shape(self, parent: Frame, key: str) -> Shape | None:
        """The schema the free-form value of `parent[key]` follows."""
        if parent.kind == ANY:
            return child_shape(parent.shape, key, self.registry)
        if parent.kind == "Schema":
            return schema_shape(parent)
        return parent.shape

    def open_child(self, parent: Frame, pending: Pending, as_list: bool) -> Frame | None:
        value, indent = pending.value, pending.indent + 2
        shape = self.child_shape(parent, pending.key)
        if as_list:
            if value.seq is None:
                return None
            if value.seq == ANY:
                if parent.kind == "Schema" and pending.key == "examples":
                    shape = None  # a list of examples, each of the schema itself
                elif not takes_list(shape, self.registry):
                    return None
                return Frame(SEQ, indent, pending.key, parent.kind, item_kind=ANY, shape=shape)
            return Frame(SEQ, indent, pending.key, parent.kind, item_kind=value.seq)
        if value.map is None:
            return None
        inherit = parent.shape if value.map in ("ExampleMap", "Example") else None
        if value.map == ANY:
            inherit = shape
        return Frame(value.map, indent, pending.key, parent.kind, shape=inherit)

    def item_frame(self, seq: Frame, indent: int) -> Frame | None:
        """The mapping an item `- key: ...` of `seq` opens."""
        if seq.item_kind == ANY:
            return Frame(ANY, indent, "-", SEQ, shape=item_shape(seq.shape, self.registry))
        if seq.item_kind in (STR, SCALAR):
            return None
        return Frame(seq.item_kind, indent, "-", SEQ)

    def item_scalar_fits(self, seq: Frame, scalar: Any) -> bool:
        if seq.item_kind == ANY:
            return True
        if seq.item_kind == STR:
            return isinstance(scalar, str | int | float) and not isinstance(scalar, bool)
        if seq.item_kind == SCALAR:
            return not isinstance(scalar, list | dict)
        return isinstance(scalar, dict)  # `- {}`

    # -- closing ---------------------------------------------------------------

    def close(self, stack: Stack) -> Stack | None:
        """Close the top frame into its parent; None if it is not a complete object."""
        top, parent = stack[-1], stack[-2]
        result = self.result(top)
        if result is INVALID:
            return None
        return (*stack[:-2], absorb(parent, top.owner, result, top.kind))

    def result(self, frame: Frame) -> Any:
        if frame.pending is not None and NULL not in frame.pending.value.scalar:
            return INVALID  # `key:` with no value where null makes no sense
        if frame.kind == BLOCK_TEXT:
            return None if frame.text_lines else INVALID
        if frame.kind == SEQ:
            return tuple(frame.facts.get("items", ()))
        if frame.kind == "Schema":
            return self.schema_result(frame)
        if frame.kind == "Properties":
            return tuple(frame.facts.get("props", ()))
        needed = grammar.REQUIRED_KEYS.get(frame.kind, ())
        if "$ref" not in frame.keys:
            needed += grammar.REQUIRED_UNLESS_REF.get(frame.kind, ())
        if not frame.keys and frame.kind != ANY:
            return INVALID
        return None if all(k in frame.keys for k in needed) else INVALID

    def schema_result(self, frame: Frame) -> Any:
        if not frame.keys:
            return INVALID
        shape = schema_shape(frame)
        required = frame.facts.get("required")
        if required:
            names = {name for name, _ in shape.props or ()}
            if shape.props is None and not shape.parts and not shape.ref:
                # Even beside additionalProperties: the names belong to an outer schema.
                return INVALID
            if names and not names.intersection(required):
                return INVALID
        return shape


INVALID = object()


def schema_shape(frame: Frame) -> Shape:
    facts = frame.facts
    props = facts.get("props")
    return Shape(
        props=tuple(props) if props is not None else None,
        items=facts.get("items"),
        ref=facts.get("ref"),
        open=bool(facts.get("open")),
        parts=tuple(facts.get("parts", ())),
        type=facts.get("type"),
    )


def absorb(parent: Frame, key: str, result: Any, child_kind: str) -> Frame:
    """Record what a closed child (or an inline value) tells its parent."""
    parent = replace(parent, pending=None)
    if parent.kind == SEQ:
        return parent.with_fact("items", (*parent.facts.get("items", ()), result))
    if parent.kind == "Properties" and isinstance(result, Shape):
        return parent.with_fact("props", (*parent.facts.get("props", ()), (key, result)))
    if parent.kind == "Schema":
        if key == "properties" and isinstance(result, tuple):
            return parent.with_fact("props", result)
        if key == "items" and isinstance(result, Shape):
            return parent.with_fact("items", result)
        if key == "required" and isinstance(result, tuple | list):
            return parent.with_fact("required", tuple(str(r) for r in result))
        if key in ("allOf", "anyOf", "oneOf") and isinstance(result, tuple):
            return parent.with_fact("parts", tuple(r for r in result if isinstance(r, Shape)))
        if key == "additionalProperties" and result is not False:
            return parent.with_fact("open", True)
        if key == "$ref" and isinstance(result, str):
            return parent.with_fact("ref", result)
        if key == "type" and isinstance(result, str):
            return parent.with_fact("type", result)
        return parent
    if key == "schema" and isinstance(result, Shape):
        return replace(parent, shape=result)
    return parent


def _item_indent(seq: Frame) -> int:
    return seq.indent + 2


class Placer:
    """Lists, in order of preference, the places a line may go."""

    def __init__(self, grammar_: Grammar) -> None:
        self.g = grammar_

    def moves(self, stack: Stack, line: Line) -> list[Move]:
        top = stack[-1]
        if top.kind == BLOCK_TEXT:
            as_text = Move(FITS, (*stack[:-1], replace(top, text_lines=top.text_lines + 1)),
                           top.indent, BLOCK_TEXT)
            if top.text_lines == 0 or (line.entry is None and not line.item):
                if line.comment and top.text_lines:
                    return [as_text, Move(FITS, stack[:-1], -1, "comment")]
                return [as_text]
            return [*self._structural(stack, line), as_text]
        if line.comment:
            return [Move(FITS, stack, -1, "comment")]
        return self._structural(stack, line)

    def _structural(self, stack: Stack, line: Line) -> list[Move]:
        found: list[Move] = []
        for depth, current in self._closings(stack):
            found.extend(self._place(current, depth, line))
        # Stable sort: by tier, and within a tier the deepest first.
        return sorted(found, key=lambda m: m.tier)

    def _closings(self, stack: Stack) -> Iterator[tuple[int, Stack]]:
        """(depth, stack closed down to that depth), from the top down."""
        current: Stack | None = stack
        depth = len(stack) - 1
        while current is not None and depth >= 0:
            yield depth, current
            if depth == 0:
                return
            current = self.g.close(current)
            depth -= 1

    def _place(self, stack: Stack, depth: int, line: Line) -> Iterator[Move]:
        frame = stack[-1]
        if frame.pending is not None:
            yield from self._into_pending(stack, line)
            if NULL not in frame.pending.value.scalar:
                return
            stack = (*stack[:-1], replace(frame, pending=None))
            frame = stack[-1]
        if frame.kind == BLOCK_TEXT:
            return
        if line.item:
            if frame.kind == SEQ:
                yield from self._item(stack, line, FITS if frame.shape or frame.item_kind != ANY
                                      else UNKNOWN_FREE)
            return
        if line.entry is not None:
            yield from self._entry(stack, line.entry)

    def _into_pending(self, stack: Stack, line: Line) -> Iterator[Move]:
        frame = stack[-1]
        assert frame.pending is not None
        if line.entry is None and not line.item:
            return
        child = self.g.open_child(frame, frame.pending, as_list=line.item)
        if child is None:
            return
        inner = (*stack, child)
        moves = self._item(inner, line, FITS) if line.item else self._entry(inner, line.entry)
        for move in moves:
            yield replace(move, tier=PENDING if move.tier == FITS else move.tier)

    def _entry(self, stack: Stack, entry: Entry | None) -> Iterator[Move]:
        assert entry is not None
        frame = stack[-1]
        fit = self.g.accepts(frame, entry.key)
        if fit is None:
            return
        value, tier = fit
        placed = replace(frame, keys=frame.keys | {entry.key})
        if entry.value is NO_VALUE:
            if value.map is None and value.seq is None and NULL not in value.scalar:
                return
            placed = replace(placed, pending=Pending(entry.key, value, frame.indent))
            yield Move(tier, (*stack[:-1], placed), frame.indent, frame.kind)
        elif entry.value is BLOCK:
            if str not in value.scalar:
                return
            block = Frame(BLOCK_TEXT, frame.indent + 2, entry.key)
            yield Move(tier, (*stack[:-1], placed, block), frame.indent, frame.kind)
        elif self.g.scalar_fits(value, entry.value):
            placed = absorb(placed, entry.key, entry.value, "")
            yield Move(tier, (*stack[:-1], placed), frame.indent, frame.kind)

    def _item(self, stack: Stack, line: Line, tier: int) -> Iterator[Move]:
        seq = stack[-1]
        indent = _item_indent(seq)
        if line.entry is None:
            if line.scalar is BLOCK:
                block = Frame(BLOCK_TEXT, indent, "-")
                yield Move(tier, (*stack, block), seq.indent, SEQ)
            elif line.scalar is not NO_VALUE and self.g.item_scalar_fits(seq, line.scalar):
                scalar = line.scalar if seq.item_kind in (STR, SCALAR) else None
                yield Move(tier, (*stack[:-1], absorb(seq, "-", scalar, "")), seq.indent, SEQ)
            return
        item = self.g.item_frame(seq, indent)
        if item is None:
            return
        for move in self._entry((*stack, item), line.entry):
            yield replace(move, tier=max(tier, move.tier), indent=seq.indent)

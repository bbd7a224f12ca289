"""How one input or field changed: presence, requiredness, type, constraints, notes.

A *slot* is a method argument (always an input) or a model field (an input
when the model is sent, a response field when it is received). For a model
used both ways each aspect is read both ways and the more severe reading is
reported, so one edit gives one change.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Any, Protocol

from . import diff_rules as r
from .diff_rules import Change, Rule
from .ir import Constraints, TypeRef

__all__ = ["INPUT", "Direction", "Place", "Slot", "compare_slot", "slot_added", "slot_removed"]


class Slot(Protocol):
    """What `ir.Parameter` and `ir.Field` have in common."""

    @property
    def py_name(self) -> str: ...
    @property
    def type(self) -> TypeRef: ...
    @property
    def required(self) -> bool: ...
    @property
    def description(self) -> str: ...
    @property
    def default(self) -> str | None: ...
    @property
    def constraints(self) -> Constraints: ...
    @property
    def deprecated(self) -> bool: ...
    @property
    def example(self) -> Any: ...


@dataclass(frozen=True)
class Direction:
    sends: bool  # callers pass it to the API
    receives: bool  # the API returns it to callers


INPUT = Direction(sends=True, receives=False)


@dataclass(frozen=True)
class Place:
    """Where a slot is, for messages: a keyword of a method or a field of a model."""

    owner: str  # `client.messages.list`, `Address`
    noun: str  # "keyword", "argument" (positional), "field"
    name: str  # the Python name

    @property
    def subject(self) -> str:
        return f"{self.owner}.{self.name}" if self.noun == "field" else f"{self.owner}({self.name})"

    @property
    def thing(self) -> str:
        if self.noun == "field":
            return f"`{self.owner}.{self.name}`"
        return f"{self.noun} `{self.name}` of `{self.owner}`"

    def change(self, rule: Rule, text: str) -> Change:
        return Change(rule, self.subject, text)


def slot_removed(place: Place, way: Direction) -> Change:
    rule = r.RESPONSE_FIELD_REMOVED if way.receives else r.INPUT_REMOVED
    return place.change(rule, f"`{place.owner}` lost {place.noun} `{place.name}`")


def slot_added(place: Place, new: Slot, way: Direction) -> Change:
    if way.sends and new.required:
        rule = r.REQUIRED_INPUT_ADDED
    else:
        rule = r.RESPONSE_FIELD_ADDED if way.receives else r.OPTIONAL_INPUT_ADDED
    needed = "required" if new.required else "optional"
    return place.change(rule, f"`{place.owner}` gained {needed} {place.noun} `{place.name}`")


def compare_slot(place: Place, old: Slot, new: Slot, way: Direction,
                 enums: Collection[str] = ()) -> list[Change]:
    """How a slot present in both versions changed; ``enums`` names the old API's enums."""
    return [
        *_pick(way, *_requiredness(place, old, new)),
        *_pick(way, *_types(place, old.type, new.type, enums)),
        *_constraints(place, old, new, way),
        *_pick(way, *_deprecation(place, old, new)),
        *_pick(way, *_docs(place, old, new)),
    ]


def _pick(way: Direction, as_input: Change | None, as_output: Change | None) -> list[Change]:
    """The change that applies to how the slot travels; the more severe one if both do."""
    options = [c for c, applies in ((as_input, way.sends), (as_output, way.receives))
               if applies and c is not None]
    return [max(options, key=lambda c: c.kind.severity)] if options else []


def _may_be_none(slot: Slot) -> bool:
    return not slot.required or slot.type.nullable


def _requiredness(place: Place, old: Slot, new: Slot) -> tuple[Change | None, Change | None]:
    as_input = as_output = None
    if old.required != new.required:
        rule = r.INPUT_REQUIRED if new.required else r.INPUT_OPTIONAL
        as_input = place.change(rule, f"{place.thing} became "
                                      f"{'required' if new.required else 'optional'}")
    if _may_be_none(old) != _may_be_none(new):
        if _may_be_none(new):
            why = "optional" if old.required and not new.required else "nullable"
            as_output = place.change(r.RESPONSE_MAY_BE_NONE,
                                     f"{place.thing} may now be None (it became {why})")
        else:
            as_output = place.change(r.RESPONSE_ALWAYS_SET, f"{place.thing} is now always set")
    return as_input, as_output


# -- types ----------------------------------------------------------------------------------


def _members(annotation: str) -> set[str]:
    """The top-level members of a union annotation, `None` left out."""
    members, depth, start = [], 0, 0
    for index, char in enumerate(annotation):
        depth += {"[": 1, "]": -1}.get(char, 0)
        if char == "|" and depth == 0:
            members.append(annotation[start:index].strip())
            start = index + 1
    members.append(annotation[start:].strip())
    return {m for m in members if m != "None"}


def _still_accepted(member: str, new: set[str], enums: Collection[str]) -> bool:
    if member in new:
        return True
    if member == "int" and "float" in new:
        return True
    return member in enums and bool({"str", "int"} & new)  # an enum's values, as values


def _widens(old: TypeRef, new: TypeRef, enums: Collection[str]) -> bool | None:
    """None: same type; True: `new` accepts every value `old` did; False: another change."""
    before, after = _members(old.annotation), _members(new.annotation)
    if before == after:
        return None
    if "Any" in after:
        return True
    if old.is_list and new.is_list and old.item is not None and new.item is not None:
        inner = _widens(old.item, new.item, enums)
        return inner is not False and (new.item.nullable or not old.item.nullable)
    return all(_still_accepted(m, after, enums) for m in before)


def _types(place: Place, old: TypeRef, new: TypeRef,
           enums: Collection[str]) -> tuple[Change | None, Change | None]:
    widens = _widens(old, new, enums)
    if widens is None and old.nullable == new.nullable:
        return None, None
    text = f"{place.thing} changed type from `{old.annotation}` to `{new.annotation}`"
    input_ok = widens is not False and (new.nullable or not old.nullable)
    as_input = place.change(r.INPUT_TYPE_WIDENED if input_ok else r.INPUT_TYPE_CHANGED, text)
    # A response field's nullability is read by `_requiredness`; here only its type counts.
    as_output = None if widens is None else place.change(r.RESPONSE_TYPE_CHANGED, text)
    return as_input, as_output


# -- constraints ----------------------------------------------------------------------------

# (attribute, spec keyword for strings/numbers, for arrays, True if a lower bound)
_BOUNDS = (
    ("minimum", "minimum", "minimum", True),
    ("exclusive_minimum", "exclusiveMinimum", "exclusiveMinimum", True),
    ("min_length", "minLength", "minItems", True),
    ("maximum", "maximum", "maximum", False),
    ("exclusive_maximum", "exclusiveMaximum", "exclusiveMaximum", False),
    ("max_length", "maxLength", "maxItems", False),
)


def _number(value: float | int) -> str:
    return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)


def _constraints(place: Place, old: Slot, new: Slot, way: Direction) -> list[Change]:
    found: list[tuple[bool, str]] = []  # (narrowed, text)
    for attribute, keyword, array_keyword, lower in _BOUNDS:
        before = getattr(old.constraints, attribute)
        after = getattr(new.constraints, attribute)
        if before == after:
            continue
        name = array_keyword if new.type.is_list else keyword
        if after is None:
            found.append((False, f"{place.thing}: {name} {_number(before)} removed"))
        elif before is None:
            found.append((True, f"{place.thing}: {name} {_number(after)} added"))
        else:
            narrowed = after > before if lower else after < before
            verb = "raised" if after > before else "lowered"
            found.append((narrowed, f"{place.thing}: {name} {verb} from {_number(before)} "
                                    f"to {_number(after)}"))
    found += _pattern(place, old.constraints.pattern, new.constraints.pattern)
    changes = []
    for narrowed, text in found:
        rule = r.CONSTRAINT_NARROWED if narrowed else r.CONSTRAINT_WIDENED
        as_input = place.change(rule, text)
        as_output = place.change(r.RESPONSE_DOCS, text + " (responses are not checked)")
        changes += _pick(way, as_input, as_output)
    return changes


def _pattern(place: Place, before: str | None, after: str | None) -> list[tuple[bool, str]]:
    if before == after:
        return []
    if after is None:
        return [(False, f"{place.thing}: pattern `{before}` removed")]
    if before is None:
        return [(True, f"{place.thing}: pattern `{after}` added")]
    return [(True, f"{place.thing}: pattern changed from `{before}` to `{after}`")]


# -- notes and docs -------------------------------------------------------------------------


def _deprecation(place: Place, old: Slot, new: Slot) -> tuple[Change | None, Change | None]:
    if old.deprecated == new.deprecated:
        return None, None
    if new.deprecated:
        text = f"{place.thing} is deprecated"
        return place.change(r.INPUT_DEPRECATED, text), place.change(r.RESPONSE_DEPRECATED, text)
    text = f"{place.thing} is no longer deprecated"
    return place.change(r.INPUT_DOCS, text), place.change(r.RESPONSE_DOCS, text)


def _docs(place: Place, old: Slot, new: Slot) -> tuple[Change | None, Change | None]:
    what = [label for label, before, after in (
        ("description", old.description, new.description),
        ("example", old.example, new.example),
    ) if before != after]
    if old.default != new.default:
        what.append(f"default (`{old.default}` to `{new.default}`)")
    if not what:
        return None, None
    text = f"{place.thing}: {', '.join(what)} changed"
    return place.change(r.INPUT_DOCS, text), place.change(r.RESPONSE_DOCS, text)

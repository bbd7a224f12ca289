"""Rewriting the annotations typemap.py wrote, for the place they are printed.

typemap.py decides each type once (`list[Address] | None`). Where a type is
printed changes only its spelling, never its meaning, and these functions do
that: an argument also accepts plain dicts and enum values, a response
tolerates unknown enum values, a class with a `list` method spells
`builtins.list`. Names are replaced as whole identifiers only.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from . import escape
from .ir import TypeRef

_BUILTIN_TYPES = ("list", "dict", "set", "frozenset", "tuple", "type", "str", "int", "float",
                  "bool", "bytes", "object")


def _name(name: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w.]){re.escape(name)}(?![\w])")


def replace_names(annotation: str, replacements: Mapping[str, str]) -> str:
    """Each whole identifier in `replacements` replaced, in one pass."""
    if not replacements:
        return annotation
    names = sorted(replacements, key=len, reverse=True)
    pattern = re.compile(r"(?<![\w.])(" + "|".join(map(re.escape, names)) + r")(?![\w])")
    return pattern.sub(lambda m: replacements[m.group(1)], annotation)


def response_annotation(ref: TypeRef) -> str:
    """The annotation in a lenient (response) model: unknown enum values stay str."""
    return replace_names(ref.annotation, {e: f"OpenEnum[{e}]" for e in ref.enums})


def argument_annotation(ref: TypeRef, enum_values: Mapping[str, tuple[str | int, ...]]) -> str:
    """What a method argument of this type accepts.

    Models also as plain dicts, enums also as their literal values; containers
    of those become the read-only `Sequence`/`Mapping`, so a `list[Address]`
    is still accepted where `Sequence[Address | dict[str, Any]]` is asked for.
    """
    text = ref.annotation
    if not (ref.models or ref.enums):
        return text
    text = replace_names(text, {"list": "Sequence", "dict": "Mapping"})
    widened = {m: f"{m} | dict[str, Any]" for m in ref.models}
    for name in ref.enums:
        values = ", ".join(escape.py_literal(v) for v in enum_values.get(name, ()))
        widened[name] = f"{name} | Literal[{values}]" if values else name
    return replace_names(text, widened)


def qualify_builtins(annotation: str, shadowed: Iterable[str]) -> str:
    """`list[X]` -> `builtins.list[X]` where a class member named `list` shadows it."""
    names = [name for name in shadowed if name in _BUILTIN_TYPES]
    return replace_names(annotation, {name: f"builtins.{name}" for name in names})


def mentions(annotation: str, name: str) -> bool:
    return bool(_name(name).search(annotation))


def is_plain_type(annotation: str) -> bool:
    """Whether the annotation is also a runtime `type[T]` mypy accepts (no union, no Any)."""
    depth = 0
    for char in annotation:
        depth += {"[": 1, "]": -1}.get(char, 0)
        if char == "|" and depth == 0:
            return False
    return annotation not in ("Any", "None") and not annotation.startswith("Literal[")

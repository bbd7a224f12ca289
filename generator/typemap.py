"""Schema -> Python type, in one place.

`type_of` maps a (normalised, OpenAPI 3.1) schema to an `ir.TypeRef` whose
`annotation` is exact Python (`list[Address] | None`). Named things (`$ref`s,
inline objects and enums) are delegated to a `TypeNames`, which `build`
implements by creating models and enums, so this module decides types and
nothing else.

    string                        str
      format date-time / date     datetime / date (imported)
      format uuid                 str: the API's own examples are not uuids, and a
                                  response must not be rejected for that
      email, uri, hostname, ipv4,
      ipv6, binary, byte, other   str
    integer (int32, int64)        int
    number (float, double)        float
    boolean                       bool
    array                         list[X]
    object with properties        a model
    object, additionalProperties  dict[str, X]  (true / {} / absent: dict[str, Any])
    no type, true, {}             Any
    enum / const of str or int    an Enum class (other enums: the value type)
    type: [X, "null"], anyOf/oneOf with {type: "null"}, enum with null
                                  X | None, nullable=True
    $ref                          the referenced model / enum (or its type)
    allOf of $refs + object       a model (the $refs become its bases)
    allOf of one $ref             that type
    oneOf / anyOf                 A | B
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import Protocol

from .document import JsonObject, JsonValue
from .ir import Constraints, TypeRef

__all__ = [
    "ANY",
    "TypeNames",
    "constraints_of",
    "dict_of",
    "enum_type",
    "enum_values",
    "is_model_schema",
    "list_of",
    "model_type",
    "non_null",
    "nullable",
    "primitive",
    "type_of",
    "union",
]

ANY = TypeRef("Any", imports=("from typing import Any",))
NONE = TypeRef("None", nullable=True, schema_type="null")
_STDLIB = {
    "date-time": TypeRef("datetime", imports=("from datetime import datetime",)),
    "date": TypeRef("date", imports=("from datetime import date",)),
}
_PRIMITIVES = {"string": "str", "integer": "int", "number": "float", "boolean": "bool"}
_NULL_BRANCH_KEYS = frozenset({"type", "description", "title"})


class TypeNames(Protocol):
    """Names for the schemas a type refers to; implemented by the build stage."""

    def ref_type(self, ref: str, pointer: str) -> TypeRef:
        """The type of the schema ``ref`` points to (a model, an enum, or its mapping)."""
        ...

    def inline_model(self, schema: JsonObject, name: str, pointer: str) -> str:
        """Make a model for an inline object schema; return its class name."""
        ...

    def inline_enum(self, schema: JsonObject, name: str, pointer: str) -> str:
        """Make an Enum for an inline enum schema; return its class name."""
        ...


# -- building blocks --------------------------------------------------------------------------


def _merged(*groups: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(name for group in groups for name in group))


def primitive(schema_type: str, fmt: str | None = None) -> TypeRef:
    """``string``/``integer``/``number``/``boolean``, honouring date formats."""
    known = _STDLIB.get(fmt or "") if schema_type == "string" else None
    if known is not None:
        return dataclasses.replace(known, format=fmt, schema_type=schema_type)
    return TypeRef(_PRIMITIVES[schema_type], format=fmt, schema_type=schema_type)


def model_type(name: str) -> TypeRef:
    return TypeRef(name, models=(name,), schema_type="object")


def enum_type(name: str, value_type: str = "str") -> TypeRef:
    return TypeRef(name, enums=(name,), schema_type="integer" if value_type == "int" else "string")


def list_of(item: TypeRef) -> TypeRef:
    return TypeRef(
        f"list[{item.annotation}]",
        models=item.models,
        enums=item.enums,
        imports=item.imports,
        is_list=True,
        item=item,
        schema_type="array",
    )


def dict_of(value: TypeRef) -> TypeRef:
    return TypeRef(
        f"dict[str, {value.annotation}]",
        models=value.models,
        enums=value.enums,
        imports=value.imports,
        schema_type="object",
    )


def nullable(ref: TypeRef) -> TypeRef:
    """``X`` -> ``X | None`` (``Any`` already admits None and stays ``Any``)."""
    if ref.nullable:
        return ref
    if ref.annotation == "Any":
        return dataclasses.replace(ref, nullable=True)
    return dataclasses.replace(ref, annotation=f"{ref.annotation} | None", nullable=True)


def _parts(annotation: str) -> list[str]:
    """The top-level members of a union annotation (``list[A | B] | C`` -> 2 parts)."""
    parts, depth, start = [], 0, 0
    for index, char in enumerate(annotation):
        depth += {"[": 1, "]": -1}.get(char, 0)
        if char == "|" and depth == 0:
            parts.append(annotation[start:index].strip())
            start = index + 1
    parts.append(annotation[start:].strip())
    return parts


def union(options: Iterable[TypeRef]) -> TypeRef:
    """``A | B``: members flattened and deduplicated, ``None`` last, ``Any`` absorbs all."""
    refs = list(options)
    members: list[str] = []
    for ref in refs:
        members += [p for p in _parts(ref.annotation) if p not in members]
    has_none = "None" in members
    members = [m for m in members if m != "None"]
    if "Any" in members:
        return dataclasses.replace(ANY, nullable=has_none)
    if len(members) == 1:
        single = next(r for r in refs if members[0] in _parts(r.annotation))
        single = dataclasses.replace(single, annotation=members[0], nullable=False)
        return nullable(single) if has_none else single
    if not members:
        return NONE
    kinds = {r.schema_type for r in refs if r.annotation != "None"}
    result = TypeRef(
        " | ".join(members),
        models=_merged(*(r.models for r in refs)),
        enums=_merged(*(r.enums for r in refs)),
        imports=_merged(*(r.imports for r in refs)),
        schema_type=kinds.pop() if len(kinds) == 1 else None,
    )
    return nullable(result) if has_none else result


# -- reading schemas --------------------------------------------------------------------------


def _is_null_branch(branch: JsonValue) -> bool:
    return (
        isinstance(branch, dict)
        and branch.get("type") == "null"
        and set(branch) <= _NULL_BRANCH_KEYS
    )


def non_null(schema: JsonObject) -> tuple[JsonObject, bool]:
    """``schema`` with its "or null" removed, and whether it had one.

    Handles ``type: [X, "null"]``, a ``{type: "null"}`` branch of anyOf/oneOf (the
    other branch is merged with the outer keywords) and ``null`` among enum values.
    """
    core, is_null = dict(schema), False
    kind = core.get("type")
    if isinstance(kind, list) and "null" in kind and len(kind) > 1:
        rest = [k for k in kind if k != "null"]
        core["type"] = rest[0] if len(rest) == 1 else rest
        is_null = True
    enum = core.get("enum")
    if isinstance(enum, list) and None in enum:
        core["enum"] = [v for v in enum if v is not None]
        is_null = True
    for key in ("anyOf", "oneOf"):
        branches = core.get(key)
        if isinstance(branches, list) and any(_is_null_branch(b) for b in branches):
            kept = [b for b in branches if not _is_null_branch(b)]
            is_null = True
            del core[key]
            if len(kept) == 1 and isinstance(kept[0], dict):
                core = {**core, **kept[0]}
            elif kept:
                core[key] = kept
    return core, is_null


def enum_values(schema: JsonObject) -> tuple[list[str | int], str] | None:
    """The values of a str or int enum (``const`` counts as one value) and "str"/"int"."""
    raw = schema.get("enum")
    values = list(raw) if isinstance(raw, list) else [schema["const"]] if "const" in schema else []
    values = [v for v in values if v is not None]
    if not values:
        return None
    if all(isinstance(v, str) for v in values):
        return [v for v in values if isinstance(v, str)], "str"
    if all(isinstance(v, int) and not isinstance(v, bool) for v in values):
        return [v for v in values if isinstance(v, int)], "int"
    return None


def is_model_schema(schema: JsonObject) -> bool:
    """Does this inline schema need a class: properties, or allOf that is more than one ref?"""
    core, _ = non_null(schema)
    properties = core.get("properties")
    if isinstance(properties, dict) and properties:
        return True
    members = core.get("allOf")
    if not isinstance(members, list):
        return False
    parts = [m for m in members if isinstance(m, dict)]
    refs = sum(1 for m in parts if "$ref" in m)
    objects = any(
        "$ref" not in m and (is_model_schema(m) or "object" in _types(non_null(m)[0]))
        for m in parts
    )
    return objects or refs > 1  # else: one $ref plus constraints, or constraints only


def _types(schema: JsonObject) -> list[str]:
    kind = schema.get("type")
    if isinstance(kind, str):
        return [kind]
    return [k for k in kind if isinstance(k, str)] if isinstance(kind, list) else []


def constraints_of(schema: JsonObject) -> Constraints:
    """Numeric bounds, lengths (strings and arrays) and pattern of a schema."""
    core, _ = non_null(schema)

    def number(key: str) -> float | None:
        value = core.get(key)
        is_number = isinstance(value, int | float) and not isinstance(value, bool)
        return value if is_number else None  # type: ignore[return-value]

    def count(*keys: str) -> int | None:
        found = [core[k] for k in keys if isinstance(core.get(k), int)]
        return found[0] if found else None  # type: ignore[return-value]

    minimum, maximum = number("minimum"), number("maximum")
    low, high = number("exclusiveMinimum"), number("exclusiveMaximum")
    if core.get("exclusiveMinimum") is True:  # OpenAPI 3.0 spelling
        low, minimum = minimum, None
    if core.get("exclusiveMaximum") is True:
        high, maximum = maximum, None
    pattern = core.get("pattern")
    return Constraints(
        minimum=minimum,
        maximum=maximum,
        exclusive_minimum=low,
        exclusive_maximum=high,
        min_length=count("minLength", "minItems"),
        max_length=count("maxLength", "maxItems"),
        pattern=pattern if isinstance(pattern, str) else None,
    )


# -- the mapping ------------------------------------------------------------------------------


def type_of(schema: JsonValue, names: TypeNames, name: str, pointer: str) -> TypeRef:
    """The Python type of ``schema``; ``name`` is the class name for an inline model/enum."""
    if not isinstance(schema, dict):
        return ANY  # true, false and non-schemas
    core, is_null = non_null(schema)
    ref = _core_type(core, names, name, pointer)
    return nullable(ref) if is_null else ref


def _core_type(core: JsonObject, names: TypeNames, name: str, pointer: str) -> TypeRef:
    ref = core.get("$ref")
    if isinstance(ref, str):
        return names.ref_type(ref, pointer)
    if is_model_schema(core):
        return model_type(names.inline_model(core, name, pointer))
    members = core.get("allOf")
    if isinstance(members, list) and members:  # one $ref, or constraints only
        refs = [i for i, m in enumerate(members) if isinstance(m, dict) and "$ref" in m]
        index = refs[0] if refs else 0
        return type_of(members[index], names, name, f"{pointer}/allOf/{index}")
    found = enum_values(core)
    if found is not None:
        return enum_type(names.inline_enum(core, name, pointer), found[1])
    for key in ("oneOf", "anyOf"):
        branches = core.get(key)
        if isinstance(branches, list) and branches:
            return union(
                type_of(b, names, f"{name}Option{i + 1}", f"{pointer}/{key}/{i}")
                for i, b in enumerate(branches)
            )
    return _by_type(core, names, name, pointer)


def _by_type(core: JsonObject, names: TypeNames, name: str, pointer: str) -> TypeRef:
    kind = core.get("type")
    if isinstance(kind, list):  # several types, null already removed
        kinds = [k for k in kind if isinstance(k, str)]
        options = [_by_type({**core, "type": k}, names, name, pointer) for k in kinds]
        return union(options) if options else ANY
    fmt = core.get("format")
    if isinstance(kind, str) and kind in _PRIMITIVES:
        return primitive(str(kind), fmt if isinstance(fmt, str) else None)
    if kind == "null":
        return NONE
    if kind == "array" or (kind is None and "items" in core):
        return list_of(type_of(core.get("items", True), names, f"{name}Item", f"{pointer}/items"))
    if kind == "object" or (kind is None and "additionalProperties" in core):
        extra = core.get("additionalProperties")
        if isinstance(extra, dict) and extra:
            item = f"{pointer}/additionalProperties"
            return dict_of(type_of(extra, names, f"{name}Value", item))
        return dict_of(ANY)
    return ANY

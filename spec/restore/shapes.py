"""What an example must look like: the property names its schema allows.

Examples are free-form YAML, so the grammar alone cannot tell where an
example's mapping ends. The schema it illustrates can: an example of an
`Address` only has `email` and `name` keys. Shapes are collected from the
schemas as they are parsed and, for `$ref`s, from the previous pass.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

REF_PREFIX = "#/components/schemas/"


@dataclass(frozen=True)
class Shape:
    props: tuple[tuple[str, Shape], ...] | None = None  # None: the schema names none
    items: Shape | None = None
    ref: str | None = None
    open: bool = False  # additionalProperties allows any other key
    parts: tuple[Shape, ...] = field(default=())  # allOf / anyOf / oneOf
    type: str | None = None  # `type`, when it is a single name


# An example of a schema of one of these types is a scalar or a list, never a mapping.
NOT_MAPPINGS = frozenset({"string", "integer", "number", "boolean", "array"})


Registry = Mapping[str, Shape]


def _resolve(shape: Shape | None, registry: Registry, seen: int = 0) -> Shape | None:
    while shape is not None and shape.ref is not None and seen < 32:
        if not shape.ref.startswith(REF_PREFIX):
            return None
        shape = registry.get(shape.ref[len(REF_PREFIX) :])
        seen += 1
    return shape


def allowed_keys(shape: Shape | None, registry: Registry) -> frozenset[str] | None:
    """The keys an example of `shape` may have; None when any key may appear."""
    shape = _resolve(shape, registry)
    if shape is not None and shape.type in NOT_MAPPINGS:
        return frozenset()
    if shape is None or shape.open:
        return None
    names: set[str] = set(name for name, _ in shape.props or ())
    for part in shape.parts:
        part_names = allowed_keys(part, registry)
        if part_names is None:
            return None
        names |= part_names
    if shape.props is None and not shape.parts:
        return None
    return frozenset(names)


def child_shape(shape: Shape | None, key: str, registry: Registry) -> Shape | None:
    shape = _resolve(shape, registry)
    if shape is None:
        return None
    for name, sub in shape.props or ():
        if name == key:
            return sub
    for part in shape.parts:
        found = child_shape(part, key, registry)
        if found is not None:
            return found
    return None


def takes_list(shape: Shape | None, registry: Registry) -> bool:
    """Whether an example of `shape` may be a list."""
    shape = _resolve(shape, registry)
    return shape is None or shape.type in (None, "array")


def item_shape(shape: Shape | None, registry: Registry) -> Shape | None:
    shape = _resolve(shape, registry)
    return shape.items if shape is not None else None


def shape_of(schema: Any) -> Shape:
    """The shape of a schema given as loaded YAML (used to seed the next pass)."""
    if not isinstance(schema, dict):
        return Shape()
    props = schema.get("properties")
    addl = schema.get("additionalProperties")
    parts = [p for key in ("allOf", "anyOf", "oneOf") for p in schema.get(key) or []]
    return Shape(
        props=tuple((str(k), shape_of(v)) for k, v in props.items())
        if isinstance(props, dict)
        else None,
        items=shape_of(schema["items"]) if isinstance(schema.get("items"), dict) else None,
        ref=schema.get("$ref") if isinstance(schema.get("$ref"), str) else None,
        open=bool(addl) and addl is not False,
        parts=tuple(shape_of(p) for p in parts),
        type=schema.get("type") if isinstance(schema.get("type"), str) else None,
    )


def registry_of(document: Any) -> dict[str, Shape]:
    try:
        schemas = document["components"]["schemas"]
    except (KeyError, TypeError):
        return {}
    if not isinstance(schemas, dict):
        return {}
    return {str(name): shape_of(schema) for name, schema in schemas.items()}

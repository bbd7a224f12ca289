"""typemap: one row of the schema -> Python type table per test case."""

from __future__ import annotations

from typing import Any

import pytest

from generator.annotations import qualify_builtins
from generator.ir import TypeRef
from generator.load import JsonObject
from generator.typemap import (
    constraints_of,
    enum_values,
    is_model_schema,
    list_of,
    non_null,
    nullable,
    primitive,
    type_of,
    union,
)


class FakeNames:
    """Names inline things after the hint and records what it was asked to make."""

    def __init__(self) -> None:
        self.models: list[tuple[str, str]] = []
        self.enums: list[tuple[str, str]] = []

    def ref_type(self, ref: str, pointer: str) -> TypeRef:
        name = ref.rsplit("/", 1)[-1]
        if name.endswith("Kind"):
            return TypeRef(name, enums=(name,))
        return TypeRef(name, models=(name,))

    def inline_model(self, schema: JsonObject, name: str, pointer: str) -> str:
        self.models.append((name, pointer))
        return name

    def inline_enum(self, schema: JsonObject, name: str, pointer: str) -> str:
        self.enums.append((name, pointer))
        return name


def annotate(schema: Any, name: str = "Thing") -> TypeRef:
    return type_of(schema, FakeNames(), name, "/x")


@pytest.mark.parametrize(
    ("schema", "annotation"),
    [
        ({"type": "string"}, "str"),
        ({"type": "string", "format": "date-time"}, "datetime"),
        ({"type": "string", "format": "date"}, "date"),
        ({"type": "string", "format": "uuid"}, "str"),
        ({"type": "string", "format": "email"}, "str"),
        ({"type": "string", "format": "uri"}, "str"),
        ({"type": "string", "format": "hostname"}, "str"),
        ({"type": "string", "format": "ipv4"}, "str"),
        ({"type": "string", "format": "ipv6"}, "str"),
        ({"type": "string", "format": "binary"}, "str"),
        ({"type": "string", "format": "byte"}, "str"),
        ({"type": "string", "format": "fqdn"}, "str"),
        ({"type": "integer"}, "int"),
        ({"type": "integer", "format": "int32"}, "int"),
        ({"type": "integer", "format": "int64"}, "int"),
        ({"type": "number"}, "float"),
        ({"type": "number", "format": "float"}, "float"),
        ({"type": "number", "format": "double"}, "float"),
        ({"type": "boolean"}, "bool"),
        ({"type": "array", "items": {"type": "string"}}, "list[str]"),
        ({"type": "array"}, "list[Any]"),
        ({"type": "array", "items": {"type": "array", "items": {"type": "integer"}}},
         "list[list[int]]"),
        ({"type": "object", "additionalProperties": {"type": "string"}}, "dict[str, str]"),
        ({"type": "object", "additionalProperties": True}, "dict[str, Any]"),
        ({"type": "object", "additionalProperties": {}}, "dict[str, Any]"),
        ({"type": "object"}, "dict[str, Any]"),
        ({"additionalProperties": {"type": "array", "items": {"type": "string"}}},
         "dict[str, list[str]]"),
        ({}, "Any"),
        (True, "Any"),
        ({"description": "anything"}, "Any"),
        ({"$ref": "#/components/schemas/Address"}, "Address"),
        ({"type": "array", "items": {"$ref": "#/components/schemas/Address"}}, "list[Address]"),
        ({"type": ["string", "null"]}, "str | None"),
        ({"type": ["string", "null"], "format": "date-time"}, "datetime | None"),
        ({"type": ["array", "null"], "items": {"type": "string"}}, "list[str] | None"),
        ({"anyOf": [{"$ref": "#/components/schemas/Address"}, {"type": "null"}]},
         "Address | None"),
        ({"oneOf": [{"type": "integer"}, {"type": "null"}], "description": "n"}, "int | None"),
        ({"type": "array", "items": {"$ref": "#/components/schemas/A"}, "nullable": True},
         "list[A]"),  # `nullable` is 3.0: normalise rewrites it before this stage
        ({"type": "null"}, "None"),
        ({"type": ["string", "integer"]}, "str | int"),
        ({"oneOf": [{"$ref": "#/components/schemas/A"}, {"$ref": "#/components/schemas/B"}]},
         "A | B"),
        ({"anyOf": [{"type": "string"}, {"type": "string", "format": "email"}]}, "str"),
        ({"anyOf": [{"type": "string"}, {}]}, "Any"),
        ({"oneOf": [{"type": "string"}, {"type": ["integer", "null"]}]}, "str | int | None"),
        ({"allOf": [{"$ref": "#/components/schemas/Address"}], "description": "d"}, "Address"),
        ({"allOf": [{"type": "string"}, {"maxLength": 3}]}, "str"),
        ({"type": "boolean", "enum": [True]}, "bool"),  # not an Enum class
        ({"enum": [1.5, 2.5], "type": "number"}, "float"),
    ],
)
def test_type_of(schema: Any, annotation: str) -> None:
    assert annotate(schema).annotation == annotation


def test_date_time_imports_datetime() -> None:
    ref = annotate({"type": ["string", "null"], "format": "date-time"})
    assert ref.imports == ("from datetime import datetime",)
    assert ref.nullable and ref.format == "date-time" and ref.schema_type == "string"


def test_any_imports_typing_and_stays_any_when_nullable() -> None:
    ref = annotate({"type": ["object", "null"]})
    assert ref.annotation == "dict[str, Any] | None"
    assert ref.imports == ("from typing import Any",)
    assert nullable(annotate({})).annotation == "Any"


def test_list_records_its_item() -> None:
    ref = annotate({"type": "array", "items": {"$ref": "#/components/schemas/Address"}})
    assert ref.is_list and ref.item is not None and ref.item.annotation == "Address"
    assert ref.models == ("Address",) and ref.schema_type == "array"


def test_union_lists_every_model_and_enum_it_mentions() -> None:
    ref = annotate(
        {"oneOf": [{"$ref": "#/s/A"}, {"type": "array", "items": {"$ref": "#/s/ColorKind"}}]}
    )
    assert ref.annotation == "A | list[ColorKind]"
    assert ref.models == ("A",) and ref.enums == ("ColorKind",)


def test_object_with_properties_becomes_an_inline_model_named_by_its_place() -> None:
    names = FakeNames()
    schema: JsonObject = {"type": "object", "properties": {"a": {"type": "string"}}}
    ref = type_of(schema, names, "MessageSummaryMeta", "/p")
    assert ref.annotation == "MessageSummaryMeta" and ref.models == ("MessageSummaryMeta",)
    assert names.models == [("MessageSummaryMeta", "/p")]


def test_array_items_and_map_values_are_named_item_and_value() -> None:
    names = FakeNames()
    item: JsonObject = {"type": "object", "properties": {"a": {}}}
    type_of({"type": "array", "items": item}, names, "Parent", "/p")
    type_of({"type": "object", "additionalProperties": item}, names, "Parent", "/q")
    assert names.models == [
        ("ParentItem", "/p/items"),
        ("ParentValue", "/q/additionalProperties"),
    ]


def test_allof_of_refs_and_an_object_becomes_a_model() -> None:
    names = FakeNames()
    schema: JsonObject = {
        "allOf": [{"$ref": "#/s/Base"}, {"type": "object", "properties": {"x": {}}}]
    }
    assert type_of(schema, names, "Child", "/c").annotation == "Child"
    assert names.models == [("Child", "/c")]


@pytest.mark.parametrize(
    ("schema", "value_type"),
    [
        ({"type": "string", "enum": ["incoming", "outgoing"]}, "string"),
        ({"type": "integer", "enum": [1, 2, 3]}, "integer"),
        ({"const": "list"}, "string"),
    ],
)
def test_str_and_int_enums_become_enum_classes(schema: JsonObject, value_type: str) -> None:
    names = FakeNames()
    ref = type_of(schema, names, "MessageSummaryDirection", "/e")
    assert ref.annotation == "MessageSummaryDirection"
    assert ref.enums == ("MessageSummaryDirection",) and ref.schema_type == value_type
    assert names.enums == [("MessageSummaryDirection", "/e")]


def test_nullable_enum_is_the_enum_or_none() -> None:
    ref = annotate({"type": ["string", "null"], "enum": ["a", "b", None]}, "Kind")
    assert ref.annotation == "Kind | None" and ref.nullable


def test_non_null_strips_every_spelling_of_null() -> None:
    assert non_null({"type": ["integer", "null"], "minimum": 1}) == (
        {"type": "integer", "minimum": 1},
        True,
    )
    core, is_null = non_null(
        {"anyOf": [{"$ref": "#/s/A"}, {"type": "null"}], "description": "d"}
    )
    assert core == {"$ref": "#/s/A", "description": "d"} and is_null
    assert non_null({"enum": ["a", None]}) == ({"enum": ["a"]}, True)
    assert non_null({"type": "string"}) == ({"type": "string"}, False)


def test_enum_values() -> None:
    assert enum_values({"enum": ["a", "b"]}) == (["a", "b"], "str")
    assert enum_values({"enum": [1, 2]}) == ([1, 2], "int")
    assert enum_values({"enum": [True, False]}) is None
    assert enum_values({"enum": ["a", 1]}) is None
    assert enum_values({"type": "string"}) is None


@pytest.mark.parametrize(
    ("schema", "expected"),
    [
        ({"type": "object", "properties": {"a": {}}}, True),
        ({"allOf": [{"$ref": "#/s/A"}, {"properties": {"b": {}}}]}, True),
        ({"allOf": [{"$ref": "#/s/A"}, {"$ref": "#/s/B"}]}, True),
        ({"allOf": [{"$ref": "#/s/A"}]}, False),
        ({"type": "object"}, False),
        ({"type": "object", "properties": {}}, False),
        ({"type": "string"}, False),
    ],
)
def test_is_model_schema(schema: JsonObject, expected: bool) -> None:
    assert is_model_schema(schema) is expected


def test_constraints_of_reads_bounds_lengths_and_pattern() -> None:
    found = constraints_of(
        {"type": ["integer", "null"], "minimum": 1, "maximum": 30, "exclusiveMaximum": 31}
    )
    assert (found.minimum, found.maximum, found.exclusive_maximum) == (1, 30, 31)
    assert constraints_of({"type": "array", "minItems": 1, "maxItems": 5}).min_length == 1
    assert constraints_of({"maxLength": 255, "pattern": "^a"}).pattern == "^a"
    legacy = constraints_of({"minimum": 0, "exclusiveMinimum": True})
    assert (legacy.minimum, legacy.exclusive_minimum) == (None, 0)
    assert constraints_of({"type": "string"}).is_empty()


def test_union_and_list_building_blocks() -> None:
    text = primitive("string")
    assert union([text, text]).annotation == "str"
    assert union([list_of(union([text, primitive("integer")])), nullable(text)]).annotation == (
        "list[str | int] | str | None"
    )


def test_qualify_builtins_touches_shadowed_builtins_only() -> None:
    ref = annotate({"type": "array", "items": {"$ref": "#/s/Alist"}})
    assert qualify_builtins(ref.annotation, ("list",)) == "builtins.list[Alist]"
    assert qualify_builtins(ref.annotation, ()) == "list[Alist]"
    assert qualify_builtins(ref.annotation, ("get",)) == "list[Alist]"  # not a builtin
    mapping = annotate({"type": "object", "additionalProperties": {"type": "array"}})
    assert qualify_builtins(mapping.annotation, ("list",)) == "dict[str, builtins.list[Any]]"

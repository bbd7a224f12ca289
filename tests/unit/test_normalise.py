"""Stage 3 (normalise): each named fix fires on its defect, rewrites it, and says where."""

from __future__ import annotations

import time
from textwrap import dedent, indent
from typing import Any

from generator.diagnostics import Diagnostic, Severity
from generator.load import Document, JsonValue, load_text
from generator.normalise import FIXES, iter_objects, normalise
from generator.validate import validate_document

HEADER = """\
openapi: {version}
info: {{title: t, version: '1'}}
paths: {{}}
components:
  schemas:
"""
FIRST_SCHEMA_LINE = 6  # line of the first schema name under components/schemas


def spec_with_schemas(schemas: str, version: str = "3.1.0") -> Document:
    text = HEADER.format(version=version) + indent(dedent(schemas), "    ")
    return load_text(text, "spec.yaml")


def at(value: JsonValue, *path: str | int) -> Any:
    """The node at ``path``, typed Any so tests can index freely."""
    node: Any = value
    for key in path:
        node = node[key]
    return node


def schema(doc: Document, name: str) -> Any:
    return at(doc.data, "components", "schemas", name)


def codes(diagnostics: list[Diagnostic]) -> list[str]:
    return [d.code for d in diagnostics]


# -- the registry and the contract ------------------------------------------------------------


def test_fixes_have_unique_stable_codes_and_descriptions() -> None:
    assert sorted(f.code for f in FIXES) == ["N001", "N002", "N003", "N004", "N005"]
    assert {f.code: f.name for f in FIXES}["N001"] == "nullable-to-union"
    assert all(f.description and f.kinds for f in FIXES)


def test_input_document_is_not_modified_and_positions_are_reused() -> None:
    doc = spec_with_schemas("A: {type: string, nullable: true}\n")
    fixed, _ = normalise(doc)
    assert schema(doc, "A") == {"type": "string", "nullable": True}
    assert schema(fixed, "A") == {"type": ["string", "null"]}
    assert fixed.positions is doc.positions
    assert fixed.sha256 == doc.sha256


def test_clean_input_fires_nothing() -> None:
    doc = spec_with_schemas(
        """\
        A:
          type: object
          required: [id]
          properties:
            id: {type: string, format: uuid, example: 3f2b8c4e-1d2a-4c5b-9e7f-0a1b2c3d4e5f}
            flag: {type: string, enum: ['true', 'false']}
            when: {type: [string, 'null'], format: date-time, example: '2024-01-01T10:00:00Z'}
            ref: {$ref: '#/components/schemas/B', description: fine in 3.1}
        B: {type: string}
        """
    )
    fixed, diagnostics = normalise(doc)
    assert diagnostics == []
    assert fixed.data == doc.data


def test_warnings_are_sorted_and_all_warnings() -> None:
    doc = spec_with_schemas(
        """\
        B: {type: string, nullable: true}
        A: {type: string, enum: [true]}
        """
    )
    _, diagnostics = normalise(doc)
    assert [(d.code, d.line) for d in diagnostics] == [("N001", 6), ("N004", 7)]
    assert all(d.severity is Severity.WARNING for d in diagnostics)


# -- N001 nullable-to-union -------------------------------------------------------------------


def test_n001_nullable_type_becomes_a_union_with_null() -> None:
    doc = spec_with_schemas(
        """\
        A:
          type: object
          properties:
            name: {type: string, nullable: true}
        """
    )
    fixed, diagnostics = normalise(doc)
    assert schema(fixed, "A") == {
        "type": "object",
        "properties": {"name": {"type": ["string", "null"]}},
    }
    (diag,) = diagnostics
    assert diag.code == "N001"
    assert diag.pointer == "/components/schemas/A/properties/name"
    assert (diag.line, diag.col) == (FIRST_SCHEMA_LINE + 3, 9)
    assert "nullable: true" in diag.message


def test_n001_nullable_enum_also_accepts_null() -> None:
    doc = spec_with_schemas("A: {type: string, enum: [a, b], nullable: true}\n")
    fixed, _ = normalise(doc)
    assert schema(fixed, "A") == {"type": ["string", "null"], "enum": ["a", "b", None]}


def test_n001_nullable_ref_is_wrapped_in_any_of_keeping_annotations_outside() -> None:
    doc = spec_with_schemas(
        """\
        A:
          $ref: '#/components/schemas/B'
          description: the B, or nothing
          nullable: true
        B: {type: string}
        """
    )
    fixed, diagnostics = normalise(doc)
    assert schema(fixed, "A") == {
        "description": "the B, or nothing",
        "anyOf": [{"$ref": "#/components/schemas/B"}, {"type": "null"}],
    }
    assert codes(diagnostics) == ["N001"]
    assert validate_document(fixed) == []


def test_n001_nullable_all_of_is_wrapped_in_any_of() -> None:
    doc = spec_with_schemas(
        """\
        A: {allOf: [{$ref: '#/components/schemas/B'}], nullable: true}
        B: {type: string}
        """
    )
    fixed, _ = normalise(doc)
    assert schema(fixed, "A") == {
        "anyOf": [{"allOf": [{"$ref": "#/components/schemas/B"}]}, {"type": "null"}]
    }


def test_n001_nullable_one_of_gets_a_null_branch() -> None:
    doc = spec_with_schemas("A: {oneOf: [{type: string}, {type: integer}], nullable: true}\n")
    fixed, _ = normalise(doc)
    assert schema(fixed, "A") == {
        "oneOf": [{"type": "string"}, {"type": "integer"}, {"type": "null"}]
    }


def test_n001_nullable_false_is_dropped_with_a_warning() -> None:
    doc = spec_with_schemas("A: {type: string, nullable: false}\n")
    fixed, diagnostics = normalise(doc)
    assert schema(fixed, "A") == {"type": "string"}
    (diag,) = diagnostics
    assert (diag.code, diag.line) == ("N001", FIRST_SCHEMA_LINE)
    assert "nullable: false" in diag.message


def test_n001_applies_inside_parameters_and_responses() -> None:
    text = dedent(
        """\
        openapi: 3.1.0
        info: {title: t, version: '1'}
        paths:
          /a:
            get:
              parameters:
                - {name: q, in: query, schema: {type: integer, nullable: true}}
              responses:
                '200':
                  description: ok
                  content:
                    application/json:
                      schema:
                        type: array
                        items: {type: string, nullable: true}
        """
    )
    fixed, diagnostics = normalise(load_text(text, "spec.yaml"))
    assert [(d.pointer, d.line) for d in diagnostics] == [
        ("/paths/~1a/get/parameters/0/schema", 7),
        ("/paths/~1a/get/responses/200/content/application~1json/schema/items", 15),
    ]
    assert at(fixed.data, "paths", "/a", "get", "parameters", 0, "schema") == {
        "type": ["integer", "null"]
    }


def test_n001_does_not_touch_openapi_30_documents() -> None:
    doc = spec_with_schemas("A: {type: string, nullable: true}\n", version="3.0.3")
    fixed, diagnostics = normalise(doc)
    assert diagnostics == []
    assert schema(fixed, "A") == {"type": "string", "nullable": True}


# -- N002 example-beside-ref ------------------------------------------------------------------

PARAMETER_REF = """\
openapi: 3.1.0
info: {title: t, version: '1'}
paths:
  /v2/messages:
    post:
      parameters:
        - $ref: '#/components/parameters/IdempotencyKey'
          description: kept, 3.1 allows it
          example: example
      responses: {'200': {description: ok}}
components:
  parameters:
    IdempotencyKey: {name: Idempotency-Key, in: header, schema: {type: string}}
"""


def test_n002_example_beside_ref_is_removed_and_reported() -> None:
    doc = load_text(PARAMETER_REF, "spec.yaml")
    assert validate_document(doc) != []  # 3.1 forbids it
    fixed, diagnostics = normalise(doc)
    assert at(fixed.data, "paths", "/v2/messages", "post", "parameters", 0) == {
        "$ref": "#/components/parameters/IdempotencyKey",
        "description": "kept, 3.1 allows it",
    }
    (diag,) = diagnostics
    assert diag.format() == (
        "spec.yaml:7:11: warning[N002] example beside $ref is ignored; removed "
        "(#/paths/~1v2~1messages/post/parameters/0); "
        "hint: move it into the referenced definition, or delete it"
    )
    assert validate_document(fixed) == []


def test_n002_applies_to_response_refs_too() -> None:
    text = (
        PARAMETER_REF.replace(
            "responses: {'200': {description: ok}}",
            "responses: {'200': {$ref: '#/components/responses/Ok', headers: {}}}",
        )
        + "  responses:\n    Ok: {description: ok}\n"
    )
    text = text.replace("          example: example\n", "")
    fixed, diagnostics = normalise(load_text(text, "spec.yaml"))
    assert [(d.code, d.pointer) for d in diagnostics] == [
        ("N002", "/paths/~1v2~1messages/post/responses/200")
    ]
    assert "headers beside $ref" in diagnostics[0].message


def test_n002_leaves_schema_refs_alone() -> None:
    # In a 3.1 Schema Object, keywords beside $ref are meaningful.
    doc = spec_with_schemas(
        """\
        A: {$ref: '#/components/schemas/B', example: x, maxLength: 3}
        B: {type: string}
        """
    )
    fixed, diagnostics = normalise(doc)
    assert diagnostics == []
    assert schema(fixed, "A") == schema(doc, "A")


# -- N003 required-without-property -----------------------------------------------------------


def test_n003_required_name_without_property_is_dropped() -> None:
    doc = spec_with_schemas(
        """\
        Request:
          type: object
          required: [from, recipients, subject]
          properties:
            from: {type: string}
            subject: {type: string}
        """
    )
    fixed, diagnostics = normalise(doc)
    assert schema(fixed, "Request")["required"] == ["from", "subject"]
    (diag,) = diagnostics
    assert (diag.code, diag.pointer) == ("N003", "/components/schemas/Request")
    assert diag.line == FIRST_SCHEMA_LINE
    assert "'recipients'" in diag.message


def test_n003_drops_required_entirely_when_nothing_is_left() -> None:
    doc = spec_with_schemas("A: {type: object, required: [ghost], properties: {a: {}}}\n")
    fixed, _ = normalise(doc)
    assert schema(fixed, "A") == {"type": "object", "properties": {"a": {}}}


def test_n003_fires_when_additional_properties_are_forbidden() -> None:
    doc = spec_with_schemas(
        "A: {required: [x], properties: {a: {}}, additionalProperties: false}\n"
    )
    _, diagnostics = normalise(doc)
    assert codes(diagnostics) == ["N003"]


def test_n003_does_not_fire_when_something_else_could_supply_the_property() -> None:
    doc = spec_with_schemas(
        """\
        Open: {required: [x], properties: {a: {}}, additionalProperties: {type: string}}
        Composed:
          allOf:
            - $ref: '#/components/schemas/Base'
            - required: [base_field]
              properties: {extra: {type: string}}
        Base: {properties: {base_field: {type: string}}}
        Patterned: {required: [x-1], properties: {a: {}}, patternProperties: {'^x-': {}}}
        """
    )
    fixed, diagnostics = normalise(doc)
    assert diagnostics == []
    assert fixed.data == doc.data


# -- N004 boolean-enum-to-string --------------------------------------------------------------


def test_n004_boolean_enum_in_string_schema_becomes_strings() -> None:
    doc = spec_with_schemas("Replayed: {type: string, enum: [true, false], default: false}\n")
    fixed, diagnostics = normalise(doc)
    assert schema(fixed, "Replayed") == {
        "type": "string",
        "enum": ["true", "false"],
        "default": "false",
    }
    (diag,) = diagnostics
    assert (diag.code, diag.pointer, diag.line) == (
        "N004",
        "/components/schemas/Replayed",
        FIRST_SCHEMA_LINE,
    )
    assert validate_document(fixed) == []


def test_n004_keeps_the_words_that_were_written() -> None:
    doc = spec_with_schemas("Answer: {type: string, enum: [yes, no, maybe]}\n")
    fixed, _ = normalise(doc)
    assert schema(fixed, "Answer") == {"type": "string", "enum": ["yes", "no", "maybe"]}


def test_n004_leaves_boolean_schemas_alone() -> None:
    doc = spec_with_schemas(
        """\
        A: {type: boolean, enum: [true]}
        B: {type: [string, boolean], enum: [true, 'x']}
        """
    )
    _, diagnostics = normalise(doc)
    assert diagnostics == []


def test_n004_applies_to_component_headers() -> None:
    text = HEADER.format(version="3.1.0").replace(
        "  schemas:\n",
        "  headers:\n    Replayed:\n      schema:\n        type: string\n"
        "        enum: [true, false]\n",
    )
    fixed, diagnostics = normalise(load_text(text, "spec.yaml"))
    assert [(d.code, d.pointer, d.line) for d in diagnostics] == [
        ("N004", "/components/headers/Replayed/schema", 7)
    ]


# -- N005 example-format-mismatch -------------------------------------------------------------


def test_n005_reports_but_does_not_rewrite_a_bad_uuid_example() -> None:
    doc = spec_with_schemas(
        """\
        Domain:
          type: object
          properties:
            id:
              type: string
              format: uuid
              example: '500123'
        """
    )
    fixed, diagnostics = normalise(doc)
    assert fixed.data == doc.data
    (diag,) = diagnostics
    assert (diag.code, diag.pointer) == ("N005", "/components/schemas/Domain/properties/id")
    assert diag.line == FIRST_SCHEMA_LINE + 3
    assert "'500123' is not a valid uuid" in diag.message


def test_n005_checks_each_known_format() -> None:
    doc = spec_with_schemas(
        """\
        Good:
          properties:
            a: {format: date-time, example: '2024-02-29T23:59:59+01:00'}
            b: {format: date, example: '2024-02-29'}
            c: {format: email, example: user@example.com}
            d: {format: uri, example: 'https://example.com/x'}
            e: {format: ipv4, example: 192.0.2.1}
            f: {format: hostname, example: mail.example.com}
            g: {format: int64, example: whatever}
        Bad:
          properties:
            a: {format: date-time, example: '2024-02-30T10:00:00Z'}
            b: {format: date, example: yesterday}
            c: {format: email, example: example_value}
            d: {format: uri, example: not a uri}
            e: {format: ipv4, example: 300.1.1.1}
            f: {format: uuid, examples: [3f2b8c4e-1d2a-4c5b-9e7f-0a1b2c3d4e5f, 42]}
        """
    )
    _, diagnostics = normalise(doc)
    assert [d.pointer.rsplit("/", 1)[1] for d in diagnostics] == ["a", "b", "c", "d", "e", "f"]
    assert all(d.pointer.startswith("/components/schemas/Bad/") for d in diagnostics)


def test_n005_reports_absurdly_long_examples_without_scanning_them() -> None:
    huge = "a." * 500_000 + "!"
    doc = spec_with_schemas(f"A: {{format: email, example: 'x@{huge}'}}\n")
    started = time.perf_counter()
    _, diagnostics = normalise(doc)
    assert codes(diagnostics) == ["N005"]
    assert time.perf_counter() - started < 2.0


def test_n005_checks_parameter_examples_against_a_referenced_schema() -> None:
    text = dedent(
        """\
        openapi: 3.1.0
        info: {title: t, version: '1'}
        paths:
          /a/{id}:
            get:
              parameters:
                - name: id
                  in: path
                  required: true
                  schema: {$ref: '#/components/schemas/Id'}
                  example: '500123'
              responses: {'200': {description: ok}}
        components:
          schemas:
            Id: {type: string, format: uuid}
        """
    )
    _, diagnostics = normalise(load_text(text, "spec.yaml"))
    assert [(d.code, d.pointer, d.line) for d in diagnostics] == [
        ("N005", "/paths/~1a~1{id}/get/parameters/0", 7)
    ]


# -- the walk ---------------------------------------------------------------------------------


def test_walk_reaches_schemas_everywhere() -> None:
    text = dedent(
        """\
        openapi: 3.1.0
        info: {title: t, version: '1'}
        paths:
          /a:
            parameters:
              - {name: p, in: query, schema: {type: string}}
            post:
              requestBody:
                content:
                  application/json:
                    schema:
                      type: object
                      properties:
                        list: {type: array, items: {anyOf: [{type: string}]}}
                        map: {additionalProperties: {not: {type: integer}}}
              responses:
                '200':
                  description: ok
                  headers:
                    X-Rate: {schema: {type: integer}}
        components:
          headers:
            X-H: {schema: {type: string}}
          responses:
            R: {description: r, content: {text/plain: {schema: {type: string}}}}
        """
    )
    found = {
        "/" + "/".join(v.parts) for v in iter_objects(load_text(text).data) if v.kind == "schema"
    }
    body = "/paths//a/post/requestBody/content/application/json/schema"
    assert found == {
        "/paths//a/parameters/0/schema",
        body,
        body + "/properties/list",
        body + "/properties/list/items",
        body + "/properties/list/items/anyOf/0",
        body + "/properties/map",
        body + "/properties/map/additionalProperties",
        body + "/properties/map/additionalProperties/not",
        "/paths//a/post/responses/200/headers/X-Rate/schema",
        "/components/headers/X-H/schema",
        "/components/responses/R/content/text/plain/schema",
    }


def test_real_world_defects_together_validate_after_normalising() -> None:
    text = PARAMETER_REF.replace(
        "    IdempotencyKey:",
        "    Replayed:\n      name: Idempotent-Replayed\n      in: header\n"
        "      schema: {type: string, enum: [true, false], nullable: true}\n"
        "    IdempotencyKey:",
    )
    doc = load_text(text, "spec.yaml")
    fixed, diagnostics = normalise(doc)
    assert codes(diagnostics) == ["N002", "N001", "N004"]  # by line, then code
    assert validate_document(fixed) == []
    assert at(fixed.data, "components", "parameters", "Replayed", "schema") == {
        "type": ["string", "null"],
        "enum": ["true", "false", None],
    }

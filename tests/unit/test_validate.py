"""Stage 2 (validate): every problem reported, each with a JSON pointer and a line."""

from __future__ import annotations

import time
from textwrap import dedent

from generator.diagnostics import Diagnostic, Severity
from generator.load import load_text
from generator.validate import validate_document

VALID = """\
openapi: 3.1.0
info: {title: t, version: '1'}
paths:
  /things/{id}:
    get:
      operationId: getThing
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Thing'}
components:
  schemas:
    Thing:
      type: object
      properties:
        id: {type: string}
"""


def validate(text: str) -> list[Diagnostic]:
    return validate_document(load_text(dedent(text), "spec.yaml"))


def by_code(diagnostics: list[Diagnostic], code: str) -> list[Diagnostic]:
    return [d for d in diagnostics if d.code == code]


def test_valid_spec_has_no_diagnostics() -> None:
    assert validate(VALID) == []


def test_two_independent_errors_are_both_reported_with_pointer_and_line() -> None:
    text = VALID.replace("info: {title: t, version: '1'}", "info: {title: t}").replace(
        "{name: id, in: path,", "{name: id, in: body,"
    )
    diagnostics = validate(text)
    found = {(d.pointer, d.line, d.col) for d in diagnostics}
    assert ("/info", 2, 1) in found
    assert ("/paths/~1things~1{id}/get/parameters/0/in", 8, 22) in found
    assert all(d.severity is Severity.ERROR and d.code == "V001" for d in diagnostics)
    assert any("'version' is a required property" in d.message for d in diagnostics)
    assert any("'body' is not one of" in d.message for d in diagnostics)


def test_vague_any_of_error_is_dropped_when_a_specific_one_exists() -> None:
    extra = "        - {name: q, in: querry}\n"  # also lacks schema: both oneOf branches fail
    text = VALID.replace("      responses:", extra + "      responses:")
    (diag,) = validate(text)
    assert diag.pointer.endswith("/parameters/1/in")
    assert "'querry' is not one of" in diag.message


def test_one_of_failure_names_the_closest_branch_problem() -> None:
    extra = "        - {name: q, in: query}\n"
    (diag,) = validate(VALID.replace("      responses:", extra + "      responses:"))
    assert diag.pointer.endswith("/parameters/1")
    assert "closest match: 'schema' is a required property" in diag.message


def test_unresolved_ref_is_reported_at_the_ref() -> None:
    diagnostics = validate(VALID.replace("schemas/Thing'}", "schemas/Thnig'}"))
    (diag,) = by_code(diagnostics, "V002")
    assert "'#/components/schemas/Thnig' does not resolve" in diag.message
    assert diag.pointer.endswith("/application~1json/schema/$ref")
    assert diag.line == 14
    assert diag.hint == "did you mean '#/components/schemas/Thing'?"


def test_unresolved_ref_does_not_hide_structural_errors() -> None:
    text = VALID.replace("schemas/Thing'}", "schemas/Nope'}").replace(
        "info: {title: t, version: '1'}", "info: {title: t}"
    )
    codes = sorted(d.code for d in validate(text))
    assert codes == ["V001", "V002"]


def test_external_refs_are_errors_and_never_fetched() -> None:
    text = VALID.replace(
        "{$ref: '#/components/schemas/Thing'}", "{$ref: 'http://192.0.2.1/thing.yaml'}"
    ).replace("id: {type: string}", "id: {$ref: 'other.yaml#/Id'}")
    started = time.perf_counter()
    diagnostics = by_code(validate(text), "V003")
    assert time.perf_counter() - started < 5  # a fetch of 192.0.2.1 (TEST-NET) would hang
    assert [d.line for d in diagnostics] == [14, 20]
    assert "never fetched" in diagnostics[0].message


def test_refs_inside_examples_are_data_not_references() -> None:
    text = VALID.replace(
        "id: {type: string}", "id: {type: object, example: {$ref: '#/not/checked'}}"
    )
    assert validate(text) == []


def test_ref_with_percent_encoded_pointer_resolves() -> None:
    text = VALID.replace(
        "schemas/Thing'}", "schemas/Thing'}\n      x-alias: {$ref: '#/paths/~1things~1%7Bid%7D'}"
    )
    assert by_code(validate(text), "V002") == []


def test_semantic_errors_point_at_the_node_at_fault() -> None:
    text = VALID + "    Count:\n      type: integer\n      default: many\n"
    (diag,) = validate(text)
    assert diag.pointer == "/components/schemas/Count/default"
    assert diag.line == 23
    assert "'many' is not of type 'integer'" in diag.message


def test_duplicate_operation_id_points_at_the_second_operation() -> None:
    text = VALID.replace(
        "components:",
        "  /other:\n    get:\n      operationId: getThing\n"
        "      responses: {'200': {description: ok}}\ncomponents:",
    )
    (diag,) = validate(text)
    assert diag.pointer == "/paths/~1other/get"
    assert diag.line == 16
    assert "getThing" in diag.message


def test_errors_found_through_a_ref_point_at_the_definition() -> None:
    text = VALID.replace("id: {type: string}", "id: {type: strng}")
    (diag,) = validate(text)
    assert diag.pointer == "/components/schemas/Thing/properties/id/type"
    assert diag.line == 20


def test_unsupported_openapi_version_is_one_clear_error() -> None:
    (diag,) = validate(VALID.replace("openapi: 3.1.0", "openapi: 2.0"))
    assert diag.pointer == "/openapi"
    assert diag.line == 1
    assert "expected 3.1.x or 3.0.x" in diag.message


def test_openapi_30_documents_use_the_30_rules() -> None:
    text = VALID.replace("openapi: 3.1.0", "openapi: 3.0.3")
    assert validate(text) == []
    # `type: [string, 'null']` is 3.1 only
    assert validate(text.replace("id: {type: string}", "id: {type: [string, 'null']}"))


def test_huge_values_are_truncated_in_messages() -> None:
    big = ", ".join(f"k{i}: {i}" for i in range(200))
    text = VALID.replace("info: {title: t, version: '1'}", f"info: {{title: t, {big}}}")
    diagnostics = validate(text)
    assert diagnostics
    assert all(len(d.message) <= 300 for d in diagnostics)

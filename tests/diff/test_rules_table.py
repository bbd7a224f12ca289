"""One small spec edit per kind of change: its rule, what it names, and the bump it needs."""

from __future__ import annotations

from typing import Any

import pytest

from generator.diff import diff_apis
from generator.diff_rules import Bump
from tests.diff.specs import Edit, base, build, edited

S = "components.schemas"
LIST = "paths./things.get"
CREATE = "paths./things.post"
PART = "/things/{thing_id}/parts/{part_id}"
MAJOR, MINOR, PATCH, NONE = Bump.MAJOR, Bump.MINOR, Bump.PATCH, Bump.NONE


def query(name: str, required: bool = False, **schema: Any) -> dict[str, Any]:
    return {"name": name, "in": "query", "required": required,
            "schema": schema or {"type": "string"}}


# (case id, edits, expected (rule, subject) pairs in report order, bump)
CASES: list[tuple[str, list[Edit], list[tuple[str, str]], Bump]] = [
    ("no change", [], [], NONE),
    ("operation removed", [("del", "paths./ping", None)],
     [("operation-removed", "client.things.ping")], MAJOR),
    ("operation added",
     [("set", "paths./pong", {"get": {"operationId": "pong", "tags": ["things"],
                                      "responses": {"200": {"description": "ok"}}}})],
     [("operation-added", "client.things.pong")], MINOR),
    ("operation renamed", [("set", "paths./ping.get.operationId", "healthCheck")],
     [("operation-renamed", "client.things.ping")], MAJOR),
    ("path changed", [("set", "paths./health", base()["paths"]["/ping"]),
                      ("del", "paths./ping", None)],
     [("endpoint-changed", "client.things.ping")], MAJOR),
    ("optional query parameter added", [("add", f"{LIST}.parameters", query("color"))],
     [("optional-input-added", "client.things.list(color)")], MINOR),
    ("required query parameter added",
     [("add", f"{LIST}.parameters", query("color", required=True))],
     [("required-input-added", "client.things.list(color)")], MAJOR),
    ("query parameter removed", [("set", f"{LIST}.parameters", [])],
     [("input-removed", "client.things.list(status)")], MAJOR),
    ("query parameter became required", [("set", f"{LIST}.parameters.0.required", True)],
     [("input-became-required", "client.things.list(status)")], MAJOR),
    ("body field added, required",
     [("set", f"{S}.NewThing.properties.label", {"type": "string"}),
      ("add", f"{S}.NewThing.required", "label")],
     [("required-input-added", "client.things.create(label)")], MAJOR),
    ("body field became optional", [("set", f"{S}.NewThing.required", [])],
     [("input-became-optional", "client.things.create(name)")], MINOR),
    ("request model field removed", [("del", f"{S}.Owner.properties.phone", None)],
     [("input-removed", "Owner.phone")], MAJOR),
    ("response field removed",
     [("del", f"{S}.Thing.properties.name", None), ("set", f"{S}.Thing.required", ["id"])],
     [("response-field-removed", "Thing.name")], MAJOR),
    ("response field added", [("set", f"{S}.Thing.properties.color", {"type": "string"})],
     [("response-field-added", "Thing.color")], MINOR),
    ("response field became optional", [("set", f"{S}.Thing.required", ["id"])],
     [("response-field-may-be-none", "Thing.name")], MAJOR),
    ("response field became nullable",
     [("set", f"{S}.Thing.properties.name.type", ["string", "null"])],
     [("response-field-may-be-none", "Thing.name")], MAJOR),
    ("response field became required", [("add", f"{S}.Thing.required", "state")],
     [("response-field-always-set", "Thing.state")], MINOR),
    ("field of a model sent and received became optional", [("set", f"{S}.Place.required", [])],
     [("response-field-may-be-none", "Place.city")], MAJOR),
    ("response field type changed", [("set", f"{S}.Thing.properties.id.type", "integer")],
     [("response-field-type-changed", "Thing.id")], MAJOR),
    ("enum value added in a response", [("add", f"{S}.State.enum", "deleted")],
     [("enum-value-added", "State")], MINOR),
    ("enum value added in a request", [("add", f"{S}.Color.enum", "blue")],
     [("enum-value-added", "Color")], MINOR),
    ("enum value removed in a request", [("set", f"{S}.Color.enum", ["red"])],
     [("enum-value-removed", "Color")], MAJOR),
    ("maxLength lowered on an input", [("set", f"{S}.NewThing.properties.name.maxLength", 50)],
     [("input-constraint-narrowed", "client.things.create(name)")], MAJOR),
    ("maxItems raised on an input", [("set", f"{S}.NewThing.properties.tags.maxItems", 20)],
     [("input-constraint-widened", "client.things.create(tags)")], MINOR),
    ("minimum raised on an input", [("set", f"{S}.NewThing.properties.count.minimum", 2)],
     [("input-constraint-narrowed", "client.things.create(count)")], MAJOR),
    ("pattern added to an input",
     [("set", f"{S}.Owner.properties.email.pattern", "^.+@.+$")],
     [("input-constraint-narrowed", "Owner.email")], MAJOR),
    ("constraint of a response field changed",
     [("set", f"{S}.Thing.properties.size.maxLength", 2)],
     [("response-field-docs-changed", "Thing.size")], PATCH),
    ("input type changed", [("set", f"{LIST}.parameters.0.schema.type", "integer")],
     [("input-type-changed", "client.things.list(status)")], MAJOR),
    ("input type widened to float", [("set", f"{S}.NewThing.properties.weight.type", "number")],
     [("input-type-widened", "client.things.create(weight)")], MINOR),
    ("input became nullable",
     [("set", f"{S}.NewThing.properties.name.type", ["string", "null"])],
     [("input-type-widened", "client.things.create(name)")], MINOR),
    ("description changed", [("set", f"{S}.Thing.properties.name.description", "Its name")],
     [("response-field-docs-changed", "Thing.name")], PATCH),
    ("summary changed", [("set", f"{LIST}.summary", "List all things")],
     [("operation-docs-changed", "client.things.list")], PATCH),
    ("scope no longer accepted", [("set", f"{LIST}.security", [{"Bearer": ["things:all"]}])],
     [("scopes-narrowed", "client.things.list"), ("scope-removed", "scopes.THINGS_READ")],
     MAJOR),
    ("scope accepted", [("set", f"{LIST}.security",
                         [{"Bearer": ["things:read", "things:all", "things:list"]}])],
     [("scopes-widened", "client.things.list"), ("scope-added", "scopes.THINGS_LIST")],
     MINOR),
    ("authentication required", [("set", "paths./ping.get.security", [{"Bearer": []}])],
     [("scopes-narrowed", "client.things.ping")], MAJOR),
    ("success status changed",
     [("set", f"{CREATE}.responses", {"200": base()["paths"]["/things"]["post"]
                                      ["responses"]["201"]})],
     [("success-status-changed", "client.things.create")], MAJOR),
    ("response model changed",
     [("set", f"{LIST}.responses.200.content.application/json.schema.$ref",
       "#/components/schemas/Place")],
     [("return-type-changed", "client.things.list")], MAJOR),
    ("a method returns data", [("set", "paths./ping.get.responses.200.content",
                                {"application/json": {"schema": {"type": "string"}}})],
     [("return-value-added", "client.things.ping")], MINOR),
    ("error response documented",
     [("set", "paths./things/{thing_id}.get.responses.410", {"description": "gone"})],
     [("errors-changed", "client.things.get")], PATCH),
    ("path parameter renamed",
     [("set", "paths./things/{id}", base()["paths"]["/things/{thing_id}"]),
      ("set", "paths./things/{id}.get.parameters.0.name", "id"),
      ("del", "paths./things/{thing_id}", None)],
     [("endpoint-changed", "client.things.get"),
      ("input-removed", "client.things.get(thing_id)"),
      ("required-input-added", "client.things.get(id_)")], MAJOR),
    ("path arguments reordered",
     [("set", "paths./parts/{part_id}/of/{thing_id}", base()["paths"][PART]),
      ("del", f"paths.{PART}", None)],
     [("endpoint-changed", "client.things.get_part"),
      ("positional-order-changed", "client.things.get_part")], MAJOR),
    ("request model accepts extra fields",
     [("set", f"{S}.Owner.additionalProperties", {"type": "string"})],
     [("extra-fields-accepted", "Owner")], MINOR),
    ("enum input became a plain string",
     [("set", f"{S}.NewThing.properties.color", {"type": "string"}), ("del", f"{S}.Color", None)],
     [("enum-removed", "Color"), ("input-type-widened", "client.things.create(color)")], MAJOR),
    ("method deprecated", [("set", f"{LIST}.deprecated", True)],
     [("operation-deprecated", "client.things.list")], MINOR),
    ("input deprecated", [("set", f"{LIST}.parameters.0.deprecated", True)],
     [("input-deprecated", "client.things.list(status)")], MINOR),
    ("model added", [("set", f"{S}.Extra", {"type": "object", "properties": {"a": {}}})],
     [("model-added", "Extra")], MINOR),
    ("enum removed and its field retyped",
     [("set", f"{S}.Thing.properties.state", {"type": "string"}), ("del", f"{S}.State", None)],
     [("response-field-type-changed", "Thing.state"), ("enum-removed", "State")], MAJOR),
    ("base URL changed", [("set", "servers", [{"url": "https://eu.example.com"}])],
     [("base-url-changed", "client")], MINOR),
    ("API description changed", [("set", "info.description", "Things, kept.")],
     [("api-docs-changed", "client")], PATCH),
]


@pytest.mark.parametrize(("edits", "expected", "bump"), [c[1:] for c in CASES],
                         ids=[c[0] for c in CASES])
def test_each_kind_of_change_is_classified_by_its_rule(
    edits: list[Edit], expected: list[tuple[str, str]], bump: Bump
) -> None:
    report = diff_apis(build(base()), build(edited(edits)))
    assert [(c.rule.code, c.subject) for c in report.changes] == expected
    assert report.bump is bump


def test_the_table_covers_at_least_twenty_kinds_of_change() -> None:
    rules = {rule for _, _, expected, _ in CASES for rule, _ in expected}
    assert len(rules) >= 20, sorted(rules)


def test_messages_name_the_change_in_client_terms() -> None:
    edits: list[Edit] = [("add", f"{LIST}.parameters", query("color")),
                         ("del", f"{S}.Owner.properties.phone", None),
                         ("add", f"{S}.State.enum", "deleted")]
    report = diff_apis(build(base()), build(edited(edits)))
    assert [c.message for c in report.changes] == [
        "`Owner` lost field `phone`",
        "`client.things.list` gained optional keyword `color`",
        "enum `State` gained value `deleted`",
    ]


def test_breaking_changes_come_first_then_compatible_then_docs() -> None:
    edits: list[Edit] = [("set", f"{LIST}.summary", "All things"),
                         ("add", f"{LIST}.parameters", query("color")),
                         ("del", "paths./ping", None)]
    kinds = [c.kind.value for c in diff_apis(build(base()), build(edited(edits))).changes]
    assert kinds == ["breaking", "compatible", "docs-only"]


def test_the_same_spec_twice_has_no_changes_and_needs_no_bump() -> None:
    report = diff_apis(build(base()), build(base()))
    assert report.changes == ()
    assert report.bump is Bump.NONE

"""spec/ahasend-webhooks.yaml: a valid OpenAPI 3.1 document describing every event of
the facts sheet, with its signature headers, envelope and payload."""

from __future__ import annotations

from typing import Any

import pytest

from generator.load import Document, load_document, load_text
from generator.normalise import normalise
from generator.validate import validate_document
from tests.webhooks.conftest import WEBHOOKS_SPEC

# The facts sheet's events: type -> the `data` schema it carries.
EVENTS = {
    "message.reception": "MessageData",
    "message.delivered": "MessageData",
    "message.transient_error": "MessageData",
    "message.failed": "MessageData",
    "message.bounced": "MessageData",
    "message.suppressed": "MessageData",
    "message.opened": "MessageData",
    "message.clicked": "MessageClickedData",
    "suppression.created": "SuppressionData",
    "domain.dns_error": "DomainData",
    "message.routing": "RouteData",
}
HEADERS = {"webhook-id", "webhook-timestamp", "webhook-signature"}


@pytest.fixture(scope="module")
def doc() -> Document:
    return load_document(WEBHOOKS_SPEC)


def tree(doc: Document) -> Any:
    """The document's data, untyped: these tests walk it by the spec's own structure."""
    return doc.data


def resolve(doc: Document, node: Any) -> Any:
    while isinstance(node, dict) and "$ref" in node:
        target = tree(doc)
        for token in node["$ref"].removeprefix("#/").split("/"):
            target = target[token]
        node = target
    return node


def properties(doc: Document, schema: Any) -> dict[str, Any]:
    """Properties of a schema, its allOf members' included (later ones win)."""
    schema = resolve(doc, schema)
    found: dict[str, Any] = {}
    for member in schema.get("allOf", []):
        found.update(properties(doc, member))
    found.update(schema.get("properties", {}))
    return found


def payload(doc: Document, event: str) -> Any:
    body = tree(doc)["webhooks"][event]["post"]["requestBody"]
    return body["content"]["application/json"]["schema"]


def test_the_document_is_valid_openapi_3_1_and_needs_no_repairs(doc: Document) -> None:
    assert doc.data["openapi"] == "3.1.0"
    assert validate_document(doc) == []
    assert normalise(doc)[1] == []


def test_every_documented_event_is_a_webhook(doc: Document) -> None:
    assert set(tree(doc)["webhooks"]) == set(EVENTS)


@pytest.mark.parametrize("event", sorted(EVENTS))
def test_each_webhook_documents_the_signature_headers_and_a_2xx_answer(
    doc: Document, event: str
) -> None:
    operation = tree(doc)["webhooks"][event]["post"]
    parameters = [resolve(doc, p) for p in operation["parameters"]]
    assert {p["name"] for p in parameters if p["in"] == "header" and p["required"]} == HEADERS
    assert list(operation["responses"]) == ["2XX"]
    assert operation["requestBody"]["required"] is True


@pytest.mark.parametrize(("event", "data"), sorted(EVENTS.items()))
def test_each_payload_is_the_envelope_with_its_own_type_and_data(
    doc: Document, event: str, data: str
) -> None:
    fields = properties(doc, payload(doc, event))
    owner = "route_id" if event == "message.routing" else "webhook_id"
    assert {"type", owner, "timestamp", "data"} <= set(fields)
    assert fields["timestamp"]["format"] == "date-time"
    assert fields["data"] == {"$ref": f"#/components/schemas/{data}"}
    kind = fields["type"]
    assert kind.get("enum", [kind.get("const")])[0] == event


def test_the_routing_event_also_accepts_the_older_route_message_type(doc: Document) -> None:
    kind = properties(doc, payload(doc, "message.routing"))["type"]
    assert kind["enum"] == ["message.routing", "route.message"]


def test_click_data_requires_url_user_agent_and_ip(doc: Document) -> None:
    schemas = tree(doc)["components"]["schemas"]
    assert set(schemas["MessageClickedData"]["allOf"][1]["required"]) == {"url", "user_agent",
                                                                          "ip"}


def test_a_broken_webhook_is_reported_with_its_place() -> None:
    text = WEBHOOKS_SPEC.read_text(encoding="utf-8").replace(
        "$ref: '#/components/schemas/DomainDnsErrorEvent'",
        "$ref: '#/components/schemas/DomainDnsErrorEvnt'",
    )
    problems = validate_document(load_text(text, "webhooks.yaml"))
    assert problems, "a $ref to nothing must be reported"
    assert all(p.file == "webhooks.yaml" and p.line > 0 for p in problems)
    assert any(p.pointer.startswith("/webhooks/domain.dns_error/") for p in problems)

"""Typed events generated from spec/ahasend-webhooks.yaml: every documented event parses
into its own model, unknown types into the fallback, and `unwrap` verifies first."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime
from importlib import import_module
from pathlib import Path
from types import ModuleType
from typing import Any

import pydantic
import pytest

from tests.webhooks.conftest import EVENTS_PACKAGE

ACCOUNT = "1d4c1e4e-32c3-4a0b-8c5e-2f1d6b0e9a77"
WEBHOOK = "4f0c1c1e-7d6a-4c55-9b36-0f2b8c3d9e10"
SECRET = "aha-whsec-events-test"
STAMP = "2024-05-06T09:49:16.687031577Z"

MESSAGE = {
    "account_id": ACCOUNT, "event": "on_delivered", "from": "sender@example.com",
    "recipient": "user@example.org", "subject": "Welcome",
    "message_id_header": "<a1b2c3@example.com>", "id": "7a5e3c1b-0d2f-4e8a-9c6b-1f0e2d3c4b5a",
}
CLICK = {**MESSAGE, "event": "on_clicked", "url": "https://example.com/x",
         "user_agent": "Mozilla/5.0", "ip": "203.0.113.9", "is_bot": False}
SUPPRESSION = {
    "account_id": ACCOUNT, "recipient": "user@example.org",
    "created_at": "2024-05-06T09:49:16Z", "expires_at": "2025-05-06T09:49:16Z",
    "reason": "hard bounce", "sending_domain": "example.com",
}
DOMAIN = {"domain": "example.com", "account_id": ACCOUNT, "spf_valid": True, "dkim_valid": False,
          "dmarc_valid": True, "dns_last_checked_at": "2024-05-06T09:49:16Z"}
ROUTE = {
    "id": "r-1", "from": "Ann <ann@example.org>", "reply_to": "ann@example.org",
    "to": "inbox@in.example.com", "subject": "Re: hi", "message_id": "<m@example.org>",
    "size": 2048, "spam_score": 0.5, "bounce": False, "cc": "", "date": "Mon, 6 May 2024",
    "in_reply_to": "<a1b2c3@example.com>", "references": "<a1b2c3@example.com>",
    "auto_submitted": "no", "html_body": "<p>hi</p>", "plain_body": "hi",
    "reply_from_plain_body": "hi",
    "attachments": [{"filename": "a.txt", "content_type": "text/plain", "content_id": "",
                     "disposition": "attachment", "data": "aGk="}],
    "headers": {"X-Thing": "1"},
}

# The facts sheet's event table: type, the model it parses as, a payload, and one
# field of the parsed `data` with the Python value it must have.
EVENTS = [
    ("message.reception", "MessageReceptionEvent", MESSAGE, ("recipient", "user@example.org")),
    ("message.delivered", "MessageDeliveredEvent", MESSAGE, ("subject", "Welcome")),
    ("message.transient_error", "MessageTransientErrorEvent", MESSAGE, ("id", MESSAGE["id"])),
    ("message.failed", "MessageFailedEvent", MESSAGE, ("from_", "sender@example.com")),
    ("message.bounced", "MessageBouncedEvent", MESSAGE, ("account_id", ACCOUNT)),
    ("message.suppressed", "MessageSuppressedEvent", MESSAGE, ("is_bot", None)),
    ("message.opened", "MessageOpenedEvent", {**MESSAGE, "user_agent": "UA", "ip": "1.2.3.4",
                                              "is_bot": True}, ("is_bot", True)),
    ("message.clicked", "MessageClickedEvent", CLICK, ("url", "https://example.com/x")),
    ("suppression.created", "SuppressionCreatedEvent", SUPPRESSION,
     ("expires_at", datetime(2025, 5, 6, 9, 49, 16, tzinfo=UTC))),
    ("domain.dns_error", "DomainDnsErrorEvent", DOMAIN, ("dkim_valid", False)),
    ("message.routing", "MessageRoutingEvent", ROUTE, ("spam_score", 0.5)),
]


def envelope(kind: str, data: Any, **extra: Any) -> dict[str, Any]:
    owner = {"route_id": WEBHOOK} if kind in ("message.routing", "route.message") else {
        "webhook_id": WEBHOOK}
    return {"type": kind, **owner, "timestamp": STAMP, "data": data, **extra}


@pytest.fixture(scope="module")
def events(events_package: ModuleType) -> ModuleType:
    return import_module(f"{events_package.__name__}.webhook_events")


@pytest.mark.parametrize(("kind", "model", "data", "field"), EVENTS)
def test_every_documented_event_parses_into_its_own_model(
    events: ModuleType, kind: str, model: str, data: dict[str, Any], field: tuple[str, Any]
) -> None:
    event = events.parse_event(json.dumps(envelope(kind, data)).encode())
    assert type(event) is getattr(events, model)
    assert event.type == kind
    assert event.timestamp == datetime(2024, 5, 6, 9, 49, 16, 687031, tzinfo=UTC)
    name, value = field
    assert getattr(event.data, name) == value


def test_the_route_message_alias_parses_as_the_routing_event(events: ModuleType) -> None:
    event = events.parse_event(envelope("route.message", ROUTE))
    assert type(event) is events.MessageRoutingEvent
    assert event.type == "route.message"
    assert event.route_id == WEBHOOK
    assert event.data.from_ == "Ann <ann@example.org>" and event.data.headers == {"X-Thing": "1"}
    assert [(a.filename, a.data) for a in event.data.attachments] == [("a.txt", "aGk=")]


def test_event_types_lists_exactly_the_documented_types(events: ModuleType) -> None:
    documented = {kind for kind, *_ in EVENTS} | {"route.message"}
    assert set(events.EVENT_TYPES) == documented
    assert events.EVENT_TYPES["route.message"] is events.MessageRoutingEvent


def test_an_unknown_type_parses_as_the_fallback_keeping_everything(events: ModuleType) -> None:
    sent = envelope("message.teleported", {"where": "mars", "n": [1, 2]})
    event = events.parse_event(json.dumps(sent))
    assert type(event) is events.UnknownWebhookEvent
    assert event.type == "message.teleported"
    assert event.data == {"where": "mars", "n": [1, 2]}
    assert event.model_extra == {"webhook_id": WEBHOOK, "timestamp": STAMP}


def test_new_fields_and_enum_values_from_the_server_are_kept(events: ModuleType) -> None:
    data = {**MESSAGE, "event": "on_something_new", "campaign": "spring"}
    event = events.parse_event(envelope("message.delivered", data, region="eu"))
    assert event.data.event == "on_something_new"
    assert event.data.model_extra == {"campaign": "spring"}
    assert event.model_extra == {"region": "eu"}


def test_a_known_type_with_a_missing_required_field_is_a_validation_error(
    events: ModuleType,
) -> None:
    click = {k: v for k, v in CLICK.items() if k != "url"}
    with pytest.raises(pydantic.ValidationError, match="url"):
        events.parse_event(envelope("message.clicked", click))


@pytest.mark.parametrize("payload", [b"[]", b"not json", b'{"data": {}}', b'{"type": 5}'])
def test_a_payload_that_is_not_an_event_is_a_validation_error(
    events: ModuleType, payload: bytes
) -> None:
    with pytest.raises(pydantic.ValidationError):
        events.parse_event(payload)


def test_unwrap_verifies_then_returns_the_typed_event(events_package: ModuleType) -> None:
    hooks = import_module(f"{events_package.__name__}.webhooks")
    body = json.dumps(envelope("message.bounced", MESSAGE)).encode()
    event = hooks.unwrap(body, hooks.sign(body, secret=SECRET), SECRET)
    assert type(event).__name__ == "MessageBouncedEvent"
    assert event.data.recipient == "user@example.org"
    with pytest.raises(hooks.WebhookVerificationError):
        hooks.unwrap(body + b" ", hooks.sign(body, secret=SECRET), SECRET)
    assert isinstance(hooks.WebhookVerificationError("x"), events_package.AhaSendError)


USER_CODE = f"""\
from typing import Literal

from {EVENTS_PACKAGE} import webhooks
from {EVENTS_PACKAGE}.webhook_events import MessageClickedEvent, MessageRoutingEvent


def handle(body: bytes, headers: dict[str, str]) -> str:
    event = webhooks.unwrap(body, headers, "aha-whsec-x")
    if isinstance(event, MessageClickedEvent):
        return event.data.url + event.webhook_id
    if isinstance(event, MessageRoutingEvent):
        kind: Literal["message.routing", "route.message"] = event.type
        return kind + event.route_id + event.data.attachments[0].content_type
    return event.type
"""


def test_the_rendered_client_and_code_using_its_events_pass_mypy_strict(events_src: Path) -> None:
    (events_src / "events_user.py").write_text(USER_CODE, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", EVENTS_PACKAGE,
         "events_user.py"],
        cwd=events_src, capture_output=True, text=True, timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr

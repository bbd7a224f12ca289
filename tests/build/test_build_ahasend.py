"""build on the real AhaSend spec + spec/codegen.toml: the client's shape, asserted."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.build import build_api
from generator.config import load_config
from generator.ir import Api, Location, Model, Operation, Usage
from generator.load import load_document
from generator.normalise import normalise

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "spec" / "ahasend-openapi-v2.yaml"
CONFIG = ROOT / "spec" / "codegen.toml"

METHODS = {
    "ping": "utility.ping",
    "getAPIKeys": "api_keys.list",
    "createAPIKey": "api_keys.create",
    "getAPIKey": "api_keys.get",
    "updateAPIKey": "api_keys.update",
    "deleteAPIKey": "api_keys.delete",
    "getDomains": "domains.list",
    "createDomain": "domains.create",
    "getDomain": "domains.get",
    "updateDomain": "domains.update",
    "deleteDomain": "domains.delete",
    "checkDomainDNS": "domains.check_dns",
    "getMessages": "messages.list",
    "createMessage": "messages.create",
    "createConversationMessage": "messages.create_conversation",
    "getMessage": "messages.get",
    "cancelMessage": "messages.cancel",
    "getAccount": "accounts.get",
    "updateAccount": "accounts.update",
    "getAccountMembers": "accounts.list_members",
    "addAccountMember": "accounts.add_member",
    "removeAccountMember": "accounts.remove_member",
    "getSuppressions": "suppressions.list",
    "createSuppression": "suppressions.create",
    "deleteSuppression": "suppressions.delete",
    "deleteAllSuppressions": "suppressions.delete_all",
    "getRoutes": "routes.list",
    "createRoute": "routes.create",
    "getRoute": "routes.get",
    "updateRoute": "routes.update",
    "deleteRoute": "routes.delete",
    # `webhooks` is the package's signature-verification module: the tag yields
    "getWebhooks": "webhooks.list",
    "createWebhook": "webhooks.create",
    "getWebhook": "webhooks.get",
    "updateWebhook": "webhooks.update",
    "deleteWebhook": "webhooks.delete",
    "getSMTPCredentials": "smtp_credentials.list",
    "createSMTPCredential": "smtp_credentials.create",
    "getSMTPCredential": "smtp_credentials.get",
    "deleteSMTPCredential": "smtp_credentials.delete",
    # named in spec/codegen.toml [naming.operations]
    "getDeliverabilityStatistics": "statistics.deliverability",
    "getBounceStatistics": "statistics.bounces",
    "getDeliveryTimeStatistics": "statistics.delivery_time",
}


@pytest.fixture(scope="module")
def api() -> Api:
    document, _ = normalise(load_document(SPEC))
    return build_api(document, load_config(CONFIG))


def operation(api: Api, operation_id: str) -> Operation:
    return next(op for op in api.operations if op.operation_id == operation_id)


def model(api: Api, name: str) -> Model:
    return next(m for m in api.models if m.class_name == name)


def test_every_operation_gets_the_expected_resource_and_method(api: Api) -> None:
    found = {
        op.operation_id: f"{resource.py_name}.{op.py_name}"
        for resource in api.resources
        for op in resource.operations
    }
    assert len(api.operations) == 43
    assert found == METHODS


def test_resources_follow_the_tag_list_and_skip_tags_without_operations(api: Api) -> None:
    assert [(r.tag, r.class_name, r.module) for r in api.resources] == [
        ("Utility", "Utility", "utility"),
        ("API Keys", "ApiKeys", "api_keys"),
        ("Domains", "Domains", "domains"),
        ("Messages", "Messages", "messages"),
        ("Accounts", "Accounts", "accounts"),
        ("Suppressions", "Suppressions", "suppressions"),
        ("Routes", "Routes", "routes"),
        ("Webhooks", "Webhooks", "webhooks"),
        ("SMTP Credentials", "SmtpCredentials", "smtp_credentials"),
        ("Statistics", "Statistics", "statistics"),
    ]
    messages = next(r for r in api.resources if r.py_name == "messages")
    assert messages.shadowed_builtins == ("list",)


def test_every_component_schema_is_a_model(api: Api) -> None:
    document, _ = normalise(load_document(SPEC))
    components = document.data["components"]
    assert isinstance(components, dict) and isinstance(components["schemas"], dict)
    pointers = {f"/components/schemas/{name}" for name in components["schemas"]}
    assert len(pointers) == 58
    assert pointers <= {m.pointer for m in api.models}
    assert {m.class_name for m in api.models if not m.is_inline} >= {"APIKey", "SMTPCredential"}


def test_create_message(api: Api) -> None:
    op = operation(api, "createMessage")
    assert (op.method, op.path) == ("post", "/v2/accounts/{account_id}/messages")
    assert op.idempotent and op.idempotency_header == "Idempotency-Key"
    assert op.header_params == ()
    assert op.scopes == ("messages:send:all", "messages:send:{domain}")
    assert op.account_scoped and [p.py_name for p in op.path_params] == ["account_id"]
    assert op.body is not None and op.body.model == "CreateMessageRequest"
    assert op.body.required and op.body.content_type == "application/json"
    assert [f.py_name for f in op.body.fields][:3] == ["from_", "recipients", "reply_to"]
    assert op.body.fields[0].name == "from"
    success = op.success
    assert success is not None and success.status == "202"
    assert success.type is not None and success.type.annotation == "CreateMessageResponse"
    assert "Idempotent-Replayed" in success.headers
    assert [e.status for e in op.errors] == ["400", "401", "403", "409", "412", "500"]
    conflict = next(e for e in op.errors if e.status == "409")
    assert conflict.headers == ("Idempotent-Replayed",)
    assert conflict.type is not None and conflict.type.annotation == "ErrorResponse"
    assert op.pagination is None and op.rate_class == "general"


def test_get_messages_is_paginated(api: Api) -> None:
    op = operation(api, "getMessages")
    pages = op.pagination
    assert pages is not None
    assert pages.item.annotation == "MessageSummary"
    assert pages.page_model == "PaginatedMessagesResponse"
    assert (pages.items_field, pages.cursor_param) == ("data", "after")
    assert (pages.before_param, pages.limit_param) == ("before", "limit")
    assert pages.next_cursor_path == ("pagination", "next_cursor")
    assert pages.has_more_path == ("pagination", "has_more")
    assert all(p.location is Location.QUERY for p in op.query_params)
    limit = next(p for p in op.query_params if p.name == "limit")
    assert limit.default == "100" and limit.type.annotation == "int"
    assert (limit.constraints.minimum, limit.constraints.maximum) == (1, 100)
    from_time = next(p for p in op.query_params if p.name == "from_time")
    assert from_time.type.annotation == "datetime"


def test_only_cursor_list_operations_are_paginated(api: Api) -> None:
    paginated = {op.operation_id for op in api.operations if op.pagination}
    assert paginated == {
        "getAPIKeys", "getDomains", "getMessages", "getSuppressions", "getRoutes",
        "getWebhooks", "getSMTPCredentials",
    }


def test_statistics_use_the_statistics_rate_class(api: Api) -> None:
    rates = {op.operation_id: op.rate_class for op in api.operations}
    statistics = {k for k, v in rates.items() if v == "statistics"}
    assert statistics == {
        "getDeliverabilityStatistics", "getBounceStatistics", "getDeliveryTimeStatistics",
    }
    assert api.rate_limits == (("general", 100.0, 200), ("statistics", 1.0, 1))


def test_message_extends_message_summary(api: Api) -> None:
    message = model(api, "Message")
    assert message.bases == ("MessageSummary",)
    assert [f.name for f in message.fields] == ["content", "content_parsed"]
    order = [m.class_name for m in api.models]
    assert order.index("MessageSummary") < order.index("Message")


def test_nullable_fields_are_typed_or_none(api: Api) -> None:
    domain = {f.name: f for f in model(api, "Domain").fields}
    assert domain["last_dns_check_at"].type.annotation == "datetime | None"
    assert domain["last_dns_check_at"].type.nullable
    assert domain["dkim_rotation_interval_days"].type.annotation == "int | None"
    assert domain["dns_valid"].type.annotation == "bool"
    request = {f.name: f for f in model(api, "CreateMessageRequest").fields}
    assert request["tracking"].type.annotation == "Tracking | None"  # Tracking admits null


def test_inline_enums_are_named_after_their_place(api: Api) -> None:
    direction = next(e for e in api.enums if e.class_name == "MessageSummaryDirection")
    assert [(m.py_name, m.value) for m in direction.members] == [
        ("INCOMING", "incoming"),
        ("OUTGOING", "outgoing"),
    ]
    assert direction.module == "message_summary"  # beside the model that defines it
    group_by = next(e for e in api.enums if e.class_name == "GetBounceStatisticsGroupBy")
    assert group_by.module == "get_bounce_statistics_group_by"


def test_usage_follows_where_models_travel(api: Api) -> None:
    assert model(api, "CreateMessageRequest").usage is Usage.REQUEST
    assert model(api, "Address").usage is Usage.REQUEST
    assert model(api, "Recipient").usage is Usage.BOTH  # sent, and echoed in responses
    assert model(api, "Message").usage is Usage.RESPONSE
    assert model(api, "MessageSummary").usage is Usage.RESPONSE


def test_modules_are_one_per_model_and_in_dependency_order(api: Api) -> None:
    assert model(api, "CreateMessageRequest").module == "create_message_request"
    assert model(api, "DNSRecord").module == "dns_record"
    order = list(api.model_modules)
    assert len(order) == len(set(order))
    assert order.index("message_summary") < order.index("message")
    assert {m.module for m in api.models} | {e.module for e in api.enums} == set(order)


def test_scopes_come_from_the_description_and_the_operations(api: Api) -> None:
    scopes = {s.value: s for s in api.scopes}
    send = scopes["messages:send:{domain}"]
    assert send.constant == "MESSAGES_SEND_DOMAIN"
    assert send.description == "Send messages from a specific domain"
    assert send.operations == ("messages.create", "messages.create_conversation")
    assert scopes["accounts:billing"].operations == ()  # documented, used by no operation
    used = {s for op in api.operations for s in op.scopes}
    assert used <= set(scopes)
    assert len({s.constant for s in api.scopes}) == len(api.scopes)


def test_api_metadata(api: Api) -> None:
    assert api.base_url == "https://api.ahasend.com"
    assert api.version == "2.0.0"
    assert api.package == "ahasend" and api.client_class == "AhaSend"
    assert [(p.name, p.py_name, p.env_var) for p in api.client_params] == [
        ("account_id", "account_id", "AHASEND_ACCOUNT_ID")
    ]
    assert len(api.spec_sha256) == 64


def test_building_twice_gives_the_same_api() -> None:
    config = load_config(CONFIG)
    first = build_api(normalise(load_document(SPEC))[0], config)
    second = build_api(normalise(load_document(SPEC))[0], config)
    assert first == second

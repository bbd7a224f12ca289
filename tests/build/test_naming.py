"""naming: every identifier rule, table-driven."""

from __future__ import annotations

import keyword

import pytest

from generator.naming import (
    Role,
    class_identifier,
    constant_identifier,
    method_name,
    method_names,
    pascal_case,
    plural,
    safe_identifier,
    singular,
    snake_case,
    upper_snake,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("getAPIKeys", "get_api_keys"),
        ("checkDomainDNS", "check_domain_dns"),
        ("SMTP Credentials", "smtp_credentials"),
        ("getSMTPCredentials", "get_smtp_credentials"),
        ("smtp-credentials", "smtp_credentials"),
        ("Idempotency-Key", "idempotency_key"),
        ("user_id", "user_id"),
        ("userId", "user_id"),
        ("UserID", "user_id"),
        ("ipv4Address", "ipv4_address"),
        ("HTTP2Server", "http2_server"),
        ("v2", "v2"),
        ("user_id_2", "user_id_2"),
        ("__init__", "init"),
        ("a.b/c d", "a_b_c_d"),
        ("Café", "cafe"),
        ("Größe", "grosse"),
        ("名前", ""),
        ("", ""),
        ("123", "123"),
    ],
)
def test_snake_case_splits_words_acronyms_and_separators(text: str, expected: str) -> None:
    assert snake_case(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("API Keys", "ApiKeys"), ("smtp_credentials", "SmtpCredentials"), ("default", "Default")],
)
def test_pascal_case(text: str, expected: str) -> None:
    assert pascal_case(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("messages:send:{domain}", "MESSAGES_SEND_DOMAIN"),
        ("smtp-credentials:read:all", "SMTP_CREDENTIALS_READ_ALL"),
        ("Billing Manager", "BILLING_MANAGER"),
    ],
)
def test_upper_snake(text: str, expected: str) -> None:
    assert upper_snake(text) == expected


@pytest.mark.parametrize(
    ("name", "role", "expected"),
    [
        # keywords are never identifiers
        ("from", Role.PARAMETER, "from_"),
        ("from", Role.FIELD, "from_"),
        ("class", Role.MODULE, "class_"),
        ("import", Role.METHOD, "import_"),
        # soft keywords: renamed where names are bound, kept as attributes
        ("match", Role.PARAMETER, "match_"),
        ("match", Role.FIELD, "match"),
        # builtins shadow only in signatures and modules
        ("type", Role.PARAMETER, "type_"),
        ("id", Role.PARAMETER, "id_"),
        ("list", Role.PARAMETER, "list_"),
        ("format", Role.PARAMETER, "format_"),
        ("filter", Role.MODULE, "filter_"),
        ("id", Role.FIELD, "id"),
        ("type", Role.FIELD, "type"),
        ("format", Role.FIELD, "format"),
        # pydantic BaseModel attributes and names used in annotations
        ("json", Role.FIELD, "json_"),
        ("copy", Role.FIELD, "copy_"),
        ("dict", Role.FIELD, "dict_"),
        ("schema", Role.FIELD, "schema_"),
        ("validate", Role.FIELD, "validate_"),
        ("model_config", Role.FIELD, "model_config_"),
        ("modelName", Role.FIELD, "model_name_"),
        ("date", Role.FIELD, "date_"),
        ("datetime", Role.FIELD, "datetime_"),
        ("str", Role.FIELD, "str_"),
        # arguments every generated method takes
        ("self", Role.PARAMETER, "self_"),
        ("timeout", Role.PARAMETER, "timeout_"),
        ("self", Role.FIELD, "self_"),
        # methods: `list` is wanted; names used in annotations are not
        ("list", Role.METHOD, "list"),
        ("str", Role.METHOD, "str_"),
        ("with_raw_response", Role.METHOD, "with_raw_response_"),
        # client attributes: package modules and client members
        ("types", Role.ATTRIBUTE, "types_resource"),
        ("webhooks", Role.ATTRIBUTE, "webhooks"),
        ("types", Role.ATTRIBUTE, "types_resource"),
        ("with_options", Role.ATTRIBUTE, "with_options_resource"),
        ("messages", Role.ATTRIBUTE, "messages"),
        # dunder, digits, empty, non-ASCII, invalid characters
        ("__class__", Role.PARAMETER, "class_"),
        ("__init__", Role.FIELD, "init"),
        ("123", Role.PARAMETER, "_123"),
        ("123", Role.MODULE, "_123"),
        ("123", Role.FIELD, "field_123"),
        ("2fa", Role.ATTRIBUTE, "resource_2fa"),
        ("", Role.PARAMETER, "value"),
        ("名前", Role.FIELD, "value"),
        ("naïve", Role.FIELD, "naive"),
        ("x-rate-limit", Role.PARAMETER, "x_rate_limit"),
        ("a$b", Role.FIELD, "a_b"),
    ],
)
def test_safe_identifier_is_safe_for_its_role(name: str, role: Role, expected: str) -> None:
    result = safe_identifier(name, set(), role)
    assert result == expected
    assert result.isidentifier() and result.isascii()
    assert not keyword.iskeyword(result)


def test_safe_identifier_numbers_collisions_in_the_order_names_come() -> None:
    taken: set[str] = set()
    names = [safe_identifier(n, taken) for n in ("userId", "user_id", "UserID", "user-id")]
    assert names == ["user_id", "user_id_2", "user_id_3", "user_id_4"]
    assert taken == set(names)


def test_safe_identifier_uses_the_fallback_for_nameless_input() -> None:
    taken: set[str] = set()
    assert safe_identifier("", taken, fallback="param") == "param"
    assert safe_identifier("名前", taken, fallback="param") == "param_2"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("APIKey", "APIKey"),  # already PascalCase: kept as the spec spells it
        ("MessageSummary", "MessageSummary"),
        ("api_key", "ApiKey"),
        ("message-summary", "MessageSummary"),
        ("None", "None_"),
        ("Any", "Any_"),
        ("BaseModel", "BaseModel_"),
        ("2fa", "Schema2fa"),
        ("", "Model"),
    ],
)
def test_class_identifier(name: str, expected: str) -> None:
    assert class_identifier(name, set()) == expected


def test_class_identifier_numbers_collisions() -> None:
    taken: set[str] = set()
    assert [class_identifier(n, taken) for n in ("ApiKey", "api_key")] == ["ApiKey", "ApiKey_2"]


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (["deliver", "bounce"], ["DELIVER", "BOUNCE"]),
        (["Billing Manager"], ["BILLING_MANAGER"]),
        (["a-b", "a_b"], ["A_B", "A_B_2"]),
        (["1", "2"], ["VALUE_1", "VALUE_2"]),
        ([""], ["EMPTY"]),
        (["messages:send:{domain}", "messages-send-domain"],
         ["MESSAGES_SEND_DOMAIN", "MESSAGES_SEND_DOMAIN_2"]),
    ],
)
def test_constant_identifier(values: list[str], expected: list[str]) -> None:
    taken: set[str] = set()
    assert [constant_identifier(v, taken) for v in values] == expected


@pytest.mark.parametrize(
    ("word", "one", "many"),
    [("keys", "key", "keys"), ("statistics", "statistic", "statistics"),
     ("addresses", "address", "addresses"), ("utility", "utility", "utilities"),
     ("status", "status", "statuses")],
)
def test_singular_and_plural(word: str, one: str, many: str) -> None:
    assert singular(word) == one
    assert plural(one) == many


@pytest.mark.parametrize(
    ("operation_id", "tag", "collection", "expected"),
    [
        ("getAPIKeys", "API Keys", True, "list"),
        ("getAPIKey", "API Keys", False, "get"),
        ("createConversationMessage", "Messages", False, "create_conversation"),
        ("checkDomainDNS", "Domains", False, "check_dns"),
        ("deleteAllSuppressions", "Suppressions", False, "delete_all"),
        ("addAccountMember", "Accounts", False, "add_member"),
        ("getAccountMembers", "Accounts", True, "list_members"),
        ("getMessages", "Messages", True, "list"),
        ("getUtilities", "Utility", True, "list"),  # plural of the tag
        ("ping", "Utility", False, "ping"),
        ("messages", "Messages", False, "messages"),  # never strip a name to nothing
        ("getDeliverabilityStatistics", "Statistics", True, "list_deliverability"),
        ("listPets", "pets", True, "list"),
        ("get_pet_by_id", "pet", False, "get_by_id"),
    ],
)
def test_method_name_drops_the_resource_words(
    operation_id: str, tag: str, collection: bool, expected: str
) -> None:
    assert method_name(operation_id, tag, collection) == expected


def test_method_names_fall_back_to_the_operation_id_when_they_collide() -> None:
    proposals = [("get", "get_user", False), ("get", "get_users", False), ("list", "x", False)]
    assert method_names(proposals) == ["get_user", "get_users", "list"]


def test_method_names_keep_configured_names_and_number_what_still_collides() -> None:
    proposals = [("get", "get_user", True), ("get", "get_user", False), ("pass", "p", False)]
    assert method_names(proposals) == ["get", "get_user", "pass_"]

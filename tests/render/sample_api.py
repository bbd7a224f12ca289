"""A small hand-built IR: two resources, aliased and recursive models, an enum, a
paginated list and an idempotent POST, with hostile text in its descriptions."""

from __future__ import annotations

from generator import ir
from generator.ir import Field, Location, Parameter, TypeRef, Usage

HOSTILE = 'Ends """badly\'\'\' with \\ backslash, {{ jinja }} {% if %} \x00 naïve 日本 "'

STR = TypeRef("str", schema_type="string")
OPT_STR = TypeRef("str | None", nullable=True, schema_type="string")
INT = TypeRef("int", schema_type="integer")
BOOL = TypeRef("bool", schema_type="boolean")
DATETIME = TypeRef("datetime", imports=("from datetime import datetime",), format="date-time",
                   schema_type="string")
ANY_DICT = TypeRef("dict[str, Any]", imports=("from typing import Any",), schema_type="object")


def model(name: str) -> TypeRef:
    return TypeRef(name, models=(name,), schema_type="object")


def list_of(item: TypeRef) -> TypeRef:
    return TypeRef(f"list[{item.annotation}]", models=item.models, enums=item.enums,
                   imports=item.imports, is_list=True, item=item, schema_type="array")


STATUS = TypeRef("MessageStatus", enums=("MessageStatus",), schema_type="string")
ACCOUNT_ID = Parameter("account_id", "account_id", Location.PATH, STR, True, "Account ID")

MODELS = (
    ir.Model("Address", "common", "#/components/schemas/Address", "An email address.",
             (Field("email", "email", STR, True, "The address " + HOSTILE,
                    constraints=ir.Constraints(min_length=3, max_length=255)),
              Field("name", "name", STR, False, "Display name")), usage=Usage.BOTH),
    ir.Model("PaginationInfo", "common", "#/components/schemas/PaginationInfo", "",
             (Field("has_more", "has_more", BOOL, True),
              Field("next_cursor", "next_cursor", OPT_STR, False))),
    ir.Model("SuccessResponse", "common", "#/components/schemas/SuccessResponse", HOSTILE,
             (Field("message", "message", STR, True, "Success message"),)),
    ir.Model("Recipient", "messages", "#/components/schemas/Recipient", "A recipient.",
             (Field("email", "email", STR, True),
              Field("name", "name", STR, False),
              Field("substitutions", "substitutions", ANY_DICT, False)), usage=Usage.REQUEST),
    ir.Model("Tracking", "messages", "#/components/schemas/Tracking", "Tracking settings.",
             (Field("open", "open", BOOL, False, default="True"),
              Field("click", "click", BOOL, False)), usage=Usage.REQUEST),
    ir.Model("MessageSummary", "messages", "#/components/schemas/MessageSummary", "A message.",
             (Field("id", "id", STR, True),
              Field("status", "status", STATUS, True, "Delivery status"),
              Field("created_at", "created_at", DATETIME, True),
              Field("parent", "parent", TypeRef("MessageSummary | None", nullable=True,
                                                  models=("MessageSummary",)), False))),
    ir.Model("CreateMessageRequest", "messages", "#/components/schemas/CreateMessageRequest",
             "", (
                 Field("from", "from_", model("Address"), True, "Sender"),
                 Field("recipients", "recipients", list_of(model("Recipient")), True,
                       "Recipients", constraints=ir.Constraints(min_length=1)),
                 Field("subject", "subject", STR, True, "Subject " + HOSTILE),
                 Field("text_content", "text_content", STR, False, "Plain text"),
                 Field("priority", "priority", INT, False,
                       constraints=ir.Constraints(minimum=0, maximum=10)),
                 Field("tracking", "tracking", TypeRef("Tracking | None", nullable=True,
                                                       models=("Tracking",)), False),
             ), usage=Usage.REQUEST),
    ir.Model("CreateMessageResponse", "messages", "#/components/schemas/CreateMessageResponse",
             "", (Field("object", "object", STR, True),
                  Field("data", "data", list_of(model("MessageSummary")), True))),
    ir.Model("PaginatedMessagesResponse", "messages", "#/components/schemas/Paginated", "",
             (Field("data", "data", list_of(model("MessageSummary")), True),
              Field("pagination", "pagination", model("PaginationInfo"), True))),
)
ENUMS = (
    ir.Enum("MessageStatus", "messages", "#/components/schemas/MessageStatus",
            (ir.EnumMember("QUEUED", "queued"), ir.EnumMember("SENT", "sent"),
             ir.EnumMember("QUOTED", 'it\'s "odd"')), "Where a message is."),
)
ERRORS = tuple(ir.Response(s, d, model("SuccessResponse")) for s, d in (
    ("400", "Bad request"), ("401", "Unauthorized"), ("404", "Not found " + HOSTILE),
    ("409", "Conflict"), ("412", "Precondition failed"), ("500", "Server error")))
SEND = (ir.SecurityRequirement("BearerAuth", ("messages:send:all", "messages:send:{domain}")),)
READ = (ir.SecurityRequirement("BearerAuth", ("messages:read:all",)),)


def _messages() -> ir.Resource:
    base = "/v2/accounts/{account_id}/messages"
    body = ir.RequestBody("CreateMessageRequest", model("CreateMessageRequest"), True,
                          "application/json", fields=MODELS[6].fields)
    create = ir.Operation(
        "createMessage", "create", "post", base, "Create a message", "Sends " + HOSTILE,
        path_params=(ACCOUNT_ID,), body=body, idempotent=True,
        idempotency_header="Idempotency-Key", security=SEND, errors=ERRORS,
        responses=(ir.Response("200", "Created", model("CreateMessageResponse")),),
        account_scoped=True)
    query = (Parameter("status", "status", Location.QUERY, STATUS, False, "Filter"),
             Parameter("limit", "limit", Location.QUERY, INT, False, "Page size", "100"),
             Parameter("after", "after", Location.QUERY, STR, False, "Cursor"))
    page = ir.Pagination(model("MessageSummary"), "PaginatedMessagesResponse")
    list_ = ir.Operation(
        "getMessages", "list", "get", base, "List messages", path_params=(ACCOUNT_ID,),
        query_params=query, pagination=page, security=READ, errors=ERRORS[:3],
        responses=(ir.Response("200", "A page", model("PaginatedMessagesResponse")),),
        account_scoped=True)
    message_id = Parameter("message_id", "message_id", Location.PATH, STR, True, "Message ID")
    get = ir.Operation(
        "getMessage", "get", "get", base + "/{message_id}", "Get a message",
        path_params=(ACCOUNT_ID, message_id), security=READ, errors=ERRORS[:3],
        responses=(ir.Response("200", "The message", model("MessageSummary")),),
        account_scoped=True)
    return ir.Resource("Messages", "messages", "Messages", "messages", "Send and read messages.",
                       (create, list_, get))


def _utility() -> ir.Resource:
    ping = ir.Operation("ping", "ping", "get", "/v2/ping", "Ping",
                        responses=(ir.Response("200", "Pong", model("SuccessResponse")),))
    return ir.Resource("Utility", "utility", "Utility", "utility", "", (ping,))


def sample_api() -> ir.Api:
    scopes = (
        ir.Scope("messages:send:all", "Send from any domain", "MESSAGES_SEND_ALL"),
        ir.Scope("messages:send:{domain}", "Send from one domain " + HOSTILE,
                 "MESSAGES_SEND_DOMAIN"),
        ir.Scope("messages:read:all", "", "MESSAGES_READ_ALL"),
    )
    return ir.Api(
        title="AhaSend API v2", version="2.0.0", description="Email " + HOSTILE,
        package="ahasend", distribution="ahasend", client_class="AhaSend",
        env_prefix="AHASEND", base_url="https://api.ahasend.com", spec_sha256="ab" * 32,
        resources=(_messages(), _utility()), models=MODELS, enums=ENUMS, scopes=scopes,
        client_params=(ir.ClientParam("account_id", "account_id", "AHASEND_ACCOUNT_ID"),),
        rate_limits=(("general", 100.0, 200), ("statistics", 1.0, 1)),
        model_modules=("common", "messages"),
    )

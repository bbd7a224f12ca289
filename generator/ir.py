"""The intermediate representation: what the client is, with every name decided.

Frozen dataclasses, no YAML and no Jinja. `build.py` makes an `Api` from a
normalised document; templates only lay it out. Every identifier a template
prints is a field here (`py_name`, `class_name`, `annotation`), decided once in
`naming.py` / `typemap.py`; wire names (`name`) are kept beside them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Location(StrEnum):
    PATH = "path"
    QUERY = "query"
    HEADER = "header"


class Usage(StrEnum):
    """Where a model travels: requests are validated strictly, responses leniently."""

    REQUEST = "request"
    RESPONSE = "response"
    BOTH = "both"


@dataclass(frozen=True)
class Constraints:
    minimum: float | None = None
    maximum: float | None = None
    exclusive_minimum: float | None = None
    exclusive_maximum: float | None = None
    min_length: int | None = None  # strings, and arrays (minItems)
    max_length: int | None = None  # strings, and arrays (maxItems)
    pattern: str | None = None

    def is_empty(self) -> bool:
        return all(v is None for v in vars(self).values())


@dataclass(frozen=True)
class TypeRef:
    """A Python type for a schema, as the generated code spells it.

    `annotation` is the full expression (`list[Address] | None`); `models` and
    `enums` name the generated classes it mentions, `imports` the standard
    imports it needs (`datetime`), so a module can import exactly those.
    """

    annotation: str
    nullable: bool = False
    models: tuple[str, ...] = ()
    enums: tuple[str, ...] = ()
    imports: tuple[str, ...] = ()  # e.g. "from datetime import datetime"
    is_list: bool = False
    item: TypeRef | None = None  # for lists
    format: str | None = None
    schema_type: str | None = None  # JSON type: string, integer, object, array, ...


@dataclass(frozen=True)
class Field:
    name: str  # wire name
    py_name: str  # identifier in Python
    type: TypeRef
    required: bool
    description: str = ""
    default: str | None = None  # a Python literal, already rendered (`False`, `100`)
    constraints: Constraints = field(default_factory=Constraints)
    deprecated: bool = False
    read_only: bool = False
    write_only: bool = False
    example: Any = None
    pointer: str = ""  # JSON pointer of the property's schema


@dataclass(frozen=True)
class Model:
    class_name: str
    module: str  # module under ahasend.types holding it (schema groups share one)
    pointer: str  # where the schema is (`#/components/schemas/Address`)
    description: str = ""
    fields: tuple[Field, ...] = ()
    bases: tuple[str, ...] = ()  # other models it extends (allOf of $refs)
    extra: TypeRef | None = None  # additionalProperties type, if the schema allows more
    usage: Usage = Usage.RESPONSE
    example: Any = None
    deprecated: bool = False
    is_inline: bool = False  # made from an inline object schema, named from its place


@dataclass(frozen=True)
class EnumMember:
    py_name: str  # UPPER_SNAKE member name
    value: str | int | float


@dataclass(frozen=True)
class Enum:
    class_name: str
    module: str
    pointer: str
    members: tuple[EnumMember, ...]
    description: str = ""
    value_type: str = "str"  # "str" or "int"


@dataclass(frozen=True)
class Parameter:
    name: str  # wire name
    py_name: str
    location: Location
    type: TypeRef
    required: bool
    description: str = ""
    default: str | None = None  # Python literal
    constraints: Constraints = field(default_factory=Constraints)
    deprecated: bool = False
    example: Any = None
    style: str | None = None
    explode: bool | None = None


@dataclass(frozen=True)
class RequestBody:
    model: str | None  # the model the body validates as (None: free-form / non-object)
    type: TypeRef
    required: bool
    content_type: str
    description: str = ""
    fields: tuple[Field, ...] = ()  # the model's fields, offered as keyword arguments


@dataclass(frozen=True)
class Response:
    status: str  # "200", "4XX", "default"
    description: str
    type: TypeRef | None  # None: no JSON body
    content_type: str | None = None
    headers: tuple[str, ...] = ()  # header names the spec documents
    example: Any = None


@dataclass(frozen=True)
class Pagination:
    """Cursor pagination: `after`/`before`/`limit` in, `pagination.next_cursor` out."""

    item: TypeRef  # type of one element of `data`
    page_model: str  # the response model (has `data` and `pagination`)
    items_field: str = "data"
    cursor_param: str = "after"
    before_param: str | None = "before"
    limit_param: str | None = "limit"
    next_cursor_path: tuple[str, ...] = ("pagination", "next_cursor")
    has_more_path: tuple[str, ...] | None = ("pagination", "has_more")


@dataclass(frozen=True)
class SecurityRequirement:
    scheme: str
    scopes: tuple[str, ...]  # exact strings, templates like `messages:send:{domain}` kept


@dataclass(frozen=True)
class Operation:
    operation_id: str
    py_name: str  # method name on the resource (`create`, `list`, `check_dns`)
    method: str  # lower-case HTTP method
    path: str  # path template as in the spec
    summary: str = ""
    description: str = ""
    path_params: tuple[Parameter, ...] = ()  # in path order
    query_params: tuple[Parameter, ...] = ()
    header_params: tuple[Parameter, ...] = ()  # Idempotency-Key excluded (see idempotent)
    body: RequestBody | None = None
    responses: tuple[Response, ...] = ()  # success (2XX), in status order
    errors: tuple[Response, ...] = ()  # 4XX/5XX/default
    security: tuple[SecurityRequirement, ...] = ()
    idempotent: bool = False  # declares an `Idempotency-Key` header
    idempotency_header: str | None = None
    pagination: Pagination | None = None
    deprecated: bool = False
    rate_class: str = "general"  # rate-limit bucket (spec/codegen.toml)
    account_scoped: bool = False  # has the client-level path parameter (account_id)
    examples: tuple[tuple[str, Any], ...] = ()  # (name, request example)
    pointer: str = ""

    @property
    def scopes(self) -> tuple[str, ...]:
        return tuple(s for req in self.security for s in req.scopes)

    @property
    def success(self) -> Response | None:
        return self.responses[0] if self.responses else None


@dataclass(frozen=True)
class Resource:
    tag: str  # the spec's tag name
    py_name: str  # attribute on the client (`api_keys`)
    class_name: str  # `ApiKeys`
    module: str  # module under ahasend.resources
    description: str = ""
    operations: tuple[Operation, ...] = ()
    # Method names that hide builtins used in annotations (`list`): spell
    # annotations in this class with `annotations.qualify_builtins`.
    shadowed_builtins: tuple[str, ...] = ()


@dataclass(frozen=True)
class Scope:
    value: str  # exact scope string
    description: str = ""
    constant: str = ""  # identifier in ahasend.scopes (`MESSAGES_SEND_DOMAIN`)
    operations: tuple[str, ...] = ()  # `resource.method` names that accept it


@dataclass(frozen=True)
class ClientParam:
    """A path parameter the client fills from its own configuration (`account_id`)."""

    name: str
    py_name: str
    env_var: str


@dataclass(frozen=True)
class WebhookEvent:
    """An event a `webhooks:` section describes: what a receiver's request body parses as."""

    name: str  # the webhook's key under `webhooks:` (`message.delivered`)
    model: str  # class name of the payload model (the whole envelope), in types/
    # `type` values that select `model`: the first is the event's own, the rest
    # aliases (`message.routing`, then the older `route.message`).
    types: tuple[str, ...]
    summary: str = ""
    description: str = ""
    source: str = ""  # the document it was read from
    pointer: str = ""  # JSON pointer of the webhook's operation in `source`


@dataclass(frozen=True)
class Api:
    title: str
    version: str  # the spec's info.version
    description: str
    package: str  # import name (`ahasend`)
    distribution: str  # PyPI name
    client_class: str  # `AhaSend`
    env_prefix: str  # `AHASEND`
    base_url: str
    spec_sha256: str
    resources: tuple[Resource, ...]
    models: tuple[Model, ...]  # topologically ordered: bases and fields before users
    enums: tuple[Enum, ...]
    scopes: tuple[Scope, ...]
    client_params: tuple[ClientParam, ...] = ()
    rate_limits: tuple[tuple[str, float, int], ...] = ()  # (class, per second, burst)
    model_modules: tuple[str, ...] = ()  # type modules, in dependency order
    webhooks: tuple[WebhookEvent, ...] = ()  # in document order, the main spec's first
    license: str = ""  # SPDX expression from info.license (identifier, else name)

    @property
    def operations(self) -> tuple[Operation, ...]:
        return tuple(op for r in self.resources for op in r.operations)

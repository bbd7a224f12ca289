"""One OpenAPI operation -> `ir.Operation` (its method name is decided later, per resource).

Parameters are resolved and split by location, the `Idempotency-Key` header
becomes a flag, the JSON request body becomes a model plus keyword fields,
responses are split into successes and errors, and cursor pagination is
recognised by shape (a cursor query parameter in, an item list and a
`next_cursor` out), not by AhaSend's names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .config import Config
from .diagnostics import json_pointer
from .document import JsonObject, JsonValue
from .ir import (
    Field,
    Location,
    Operation,
    Pagination,
    Parameter,
    RequestBody,
    Response,
    SecurityRequirement,
    TypeRef,
)
from .naming import Role, pascal_case, safe_identifier
from .refs import Resolver
from .schemas import Schemas, example_of
from .typemap import constraints_of, type_of

__all__ = ["IDEMPOTENCY_HEADER", "Built", "OperationBuilder"]

IDEMPOTENCY_HEADER = "idempotency-key"
CURSOR_PARAMS = ("after", "cursor")
ITEM_FIELDS = ("data", "items", "results")
_TEMPLATE = re.compile(r"{([^{}]*)}")
_HEADER_NAME = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+")  # an RFC 9110 token
_UNSAFE_PATH_CHARS = re.compile(r"[\s\x00-\x1f\x7f?#\\]")
_LOCATIONS = {"path": Location.PATH, "query": Location.QUERY, "header": Location.HEADER}


@dataclass(frozen=True)
class Built:
    """An operation and what naming its method needs."""

    operation: Operation
    tag: str
    collection: bool  # returns many things: `get...` becomes `list...`


def _is_json(content_type: str) -> bool:
    media = content_type.split(";")[0].strip().lower()
    return media == "application/json" or media.endswith("+json")


def _status_key(status: str) -> tuple[int, str]:
    return (999 if status == "default" else int(status.upper().replace("X", "9")), status)


class OperationBuilder:
    def __init__(self, resolver: Resolver, schemas: Schemas, config: Config) -> None:
        self.resolver = resolver
        self.schemas = schemas
        self.config = config

    def build(self, path: str, method: str, item: JsonObject, pointer: str, op_id: str) -> Built:
        self._check_path(path, pointer.rsplit("/", 1)[0])
        op, _ = self.resolver.object_at(item[method], pointer, "an operation")
        prefix = op_id[:1].upper() + op_id[1:]
        body = self._body(op, pointer, prefix)
        params = self._parameters(path, item, op, pointer, prefix, body)
        responses = op.get("responses")
        if not isinstance(responses, dict) or not responses:
            raise self.resolver.error(
                "B005",
                f"{method.upper()} {path} declares no responses",
                pointer,
                "add at least one response, e.g. '200' with its schema",
            )
        success, errors = self._responses(responses, pointer + "/responses", prefix)
        query = tuple(p for p in params if p.location is Location.QUERY)
        pagination = self._pagination(method, query, success)
        idempotency = self._idempotency_header(item, op, pointer)
        tags = op.get("tags")
        operation = Operation(
            operation_id=op_id,
            py_name="",
            method=method,
            path=path,
            summary=_str(op.get("summary")),
            description=_str(op.get("description")),
            path_params=tuple(p for p in params if p.location is Location.PATH),
            query_params=query,
            header_params=tuple(p for p in params if p.location is Location.HEADER),
            body=body,
            responses=success,
            errors=errors,
            security=self._security(op),
            idempotent=idempotency is not None,
            idempotency_header=idempotency,
            pagination=pagination,
            deprecated=op.get("deprecated") is True,
            rate_class=self.config.rate_class(path),
            account_scoped=any(p.name in self.config.client_params for p in params),
            examples=self._examples(op, pointer, body),
            pointer=pointer,
        )
        tag = tags[0] if isinstance(tags, list) and tags and isinstance(tags[0], str) else ""
        return Built(operation, tag or "default", self._is_collection(operation))

    def _check_path(self, path: str, pointer: str) -> None:
        """The client sends the template as written: it must stay a plain path below the
        base URL, not walk up from it (`..`), start a query, or name another host."""
        problem = _path_problem(path)
        if problem:
            raise self.resolver.error(
                "B010", f"path {path!r} {problem}", pointer,
                "write the path as the API serves it, e.g. /v2/things/{id}",
            )

    # -- parameters ---------------------------------------------------------------------------

    def _declared(
        self, item: JsonObject, op: JsonObject, pointer: str
    ) -> list[tuple[JsonObject, str]]:
        """Path-item parameters overridden by operation ones with the same name and location."""
        found: dict[tuple[str, str], tuple[JsonObject, str]] = {}
        owner = pointer.rsplit("/", 1)[0]
        for node, where in ((item, owner), (op, pointer)):
            listed = node.get("parameters")
            for index, raw in enumerate(listed if isinstance(listed, list) else []):
                at = f"{where}/parameters/{index}"
                param, at = self.resolver.object_at(raw, at, "a parameter")
                name, location = _str(param.get("name")), _str(param.get("in"))
                key = (location, name.lower() if location == "header" else name)
                found[key] = (param, at)
        return list(found.values())

    def _idempotency_header(self, item: JsonObject, op: JsonObject, pointer: str) -> str | None:
        for param, _ in self._declared(item, op, pointer):
            name = _str(param.get("name"))
            if param.get("in") == "header" and name.lower() == IDEMPOTENCY_HEADER:
                return name
        return None

    def _parameters(
        self,
        path: str,
        item: JsonObject,
        op: JsonObject,
        pointer: str,
        prefix: str,
        body: RequestBody | None,
    ) -> list[Parameter]:
        taken = {f.py_name for f in body.fields} if body else set()
        declared = self._declared(item, op, pointer)
        in_path = _TEMPLATE.findall(path)
        path_params = {_str(p.get("name")): (p, at) for p, at in declared if p.get("in") == "path"}
        for name in in_path:
            if name not in path_params:
                raise self.resolver.error(
                    "B006",
                    f"path template {path!r} uses {{{name}}}, which no parameter declares",
                    pointer,
                    f"add a parameter with name: {name}, in: path, required: true",
                )
        ordered = [path_params[name] for name in dict.fromkeys(in_path)]
        for name, (_, at) in path_params.items():
            if name not in in_path:
                raise self.resolver.error(
                    "B006", f"path parameter {name!r} is not in the path template {path!r}", at
                )
        others = [(p, at) for p, at in declared if p.get("in") != "path"]
        params = []
        for param, at in ordered + others:
            built = self._parameter(param, at, prefix, taken)
            if built is not None:
                params.append(built)
        return params

    def _parameter(
        self, param: JsonObject, at: str, prefix: str, taken: set[str]
    ) -> Parameter | None:
        name, where = _str(param.get("name")), _str(param.get("in"))
        if where == "header" and name.lower() == IDEMPOTENCY_HEADER:
            return None  # the client sends its own key (see Operation.idempotent)
        if where == "header" and not _HEADER_NAME.fullmatch(name):
            raise self.resolver.error(
                "B011", f"header parameter name {name!r} is not a valid HTTP header name", at,
                "use letters, digits and '-' (e.g. X-Request-Id)",
            )
        if where not in _LOCATIONS:
            if param.get("required") is not True:
                return None  # an optional cookie can be left out
            raise self.resolver.error(
                "B007", f"{where or 'unknown'} parameter {name!r} is not supported", at
            )
        schema, schema_at = self._parameter_schema(param, at)
        ref = type_of(schema, self.schemas, prefix + pascal_case(name), schema_at)
        core = schema if isinstance(schema, dict) else {}
        example = param["example"] if "example" in param else example_of(core)
        explode = param.get("explode")
        default = self.schemas.default_literal(core["default"], ref) if "default" in core else None
        return Parameter(
            name=name,
            py_name=safe_identifier(name, taken, Role.PARAMETER, fallback="param"),
            location=_LOCATIONS[where],
            type=ref,
            required=where == "path" or param.get("required") is True,
            description=_str(param.get("description")),
            default=default,
            constraints=constraints_of(core),
            deprecated=param.get("deprecated") is True,
            example=example,
            style=_str(param.get("style")) or None,
            explode=explode if isinstance(explode, bool) else None,
        )

    def _parameter_schema(self, param: JsonObject, at: str) -> tuple[JsonValue, str]:
        if "schema" in param:
            return param["schema"], at + "/schema"
        content = param.get("content")
        if isinstance(content, dict) and content:
            media_type, media = next(iter(content.items()))
            if isinstance(media, dict):
                where = at + json_pointer(("content", media_type, "schema"))
                return media.get("schema", True), where
        return True, at

    # -- bodies and responses ------------------------------------------------------------------

    def _json_media(self, node: JsonObject, pointer: str) -> tuple[str, JsonObject, str] | None:
        content = node.get("content")
        for media_type, media in (content.items() if isinstance(content, dict) else []):
            if _is_json(media_type) and isinstance(media, dict):
                return media_type, media, pointer + json_pointer(("content", media_type))
        return None

    def _body(self, op: JsonObject, pointer: str, prefix: str) -> RequestBody | None:
        if "requestBody" not in op:
            return None
        body, at = self.resolver.object_at(op["requestBody"], pointer + "/requestBody", "a body")
        found = self._json_media(body, at)
        if found is None:
            content = body.get("content")
            kinds = ", ".join(content) if isinstance(content, dict) and content else "none"
            raise self.resolver.error(
                "B004",
                f"request body has no JSON content (content types: {kinds})",
                at,
                "only application/json (and +json) request bodies are supported",
            )
        media_type, media, media_at = found
        schema = media.get("schema", True)
        ref = type_of(schema, self.schemas, prefix + "Request", media_at + "/schema")
        model = _model_of(ref)
        fields: tuple[Field, ...] = tuple(self.schemas.all_fields(model)) if model else ()
        return RequestBody(
            model=model,
            type=ref,
            required=body.get("required") is True,
            content_type=media_type,
            description=_str(body.get("description")),
            fields=fields,
        )

    def _responses(
        self, responses: JsonObject, pointer: str, prefix: str
    ) -> tuple[tuple[Response, ...], tuple[Response, ...]]:
        success: list[Response] = []
        errors: list[Response] = []
        for status in sorted(responses, key=lambda s: _status_key(s) if _is_status(s) else (0, s)):
            if not _is_status(status):
                continue  # extensions (x-...) and 1XX/3XX, which the client never returns
            where = pointer + json_pointer((status,))
            node, at = self.resolver.object_at(responses[status], where, "a response")
            is_success = status.startswith("2")
            first = is_success and not success
            name = f"{prefix}Response" if first else f"{prefix}{pascal_case(status)}Response"
            (success if is_success else errors).append(self._response(status, node, at, name))
        return tuple(success), tuple(errors)

    def _response(self, status: str, node: JsonObject, at: str, name: str) -> Response:
        found = self._json_media(node, at)
        headers = node.get("headers")
        header_names = tuple(headers) if isinstance(headers, dict) else ()
        if found is None:
            content = node.get("content")
            first = next(iter(content), None) if isinstance(content, dict) else None
            return Response(status, _str(node.get("description")), None, first, header_names)
        media_type, media, media_at = found
        ref = type_of(media.get("schema", True), self.schemas, name, media_at + "/schema")
        example = example_of(media)
        description = _str(node.get("description"))
        return Response(status, description, ref, media_type, header_names, example)

    def _examples(
        self, op: JsonObject, pointer: str, body: RequestBody | None
    ) -> tuple[tuple[str, Any], ...]:
        if body is None:
            return ()
        raw, at = self.resolver.object_at(op["requestBody"], pointer + "/requestBody", "a body")
        found = self._json_media(raw, at)
        media = found[1] if found else {}
        if "example" in media:
            return (("example", media["example"]),)
        examples = media.get("examples")
        if isinstance(examples, dict) and examples:
            pairs = []
            for name, value in examples.items():
                example, _ = self.resolver.deref(value, at + json_pointer(("examples", name)))
                if isinstance(example, dict) and "value" in example:
                    pairs.append((name, example["value"]))
            return tuple(pairs)
        model = self.schemas.models.get(body.model or "")
        return (("example", model.example),) if model and model.example is not None else ()

    # -- security, pagination -----------------------------------------------------------------

    def _security(self, op: JsonObject) -> tuple[SecurityRequirement, ...]:
        chosen = op["security"] if "security" in op else self.resolver.root.get("security")
        found = []
        for requirement in chosen if isinstance(chosen, list) else []:
            for scheme, scopes in (requirement.items() if isinstance(requirement, dict) else []):
                listed = scopes if isinstance(scopes, list) else []
                found.append(SecurityRequirement(scheme, tuple(str(s) for s in listed)))
        return tuple(found)

    def _pagination(
        self, method: str, query: tuple[Parameter, ...], success: tuple[Response, ...]
    ) -> Pagination | None:
        names = {p.name: p.py_name for p in query}
        cursor = next((c for c in CURSOR_PARAMS if c in names), None)
        response = success[0] if success else None
        page = _model_of(response.type) if response and response.type else None
        if method != "get" or cursor is None or page is None:
            return None
        fields = self.schemas.all_fields(page)
        lists = [f for f in fields if f.type.is_list and f.type.item is not None]
        items = next((f for f in lists if f.name in ITEM_FIELDS), lists[0] if lists else None)
        next_path = self._find(fields, "next_cursor")
        if items is None or items.type.item is None or next_path is None:
            return None
        return Pagination(
            item=items.type.item,
            page_model=page,
            items_field=items.py_name,
            cursor_param=names[cursor],
            before_param=names.get("before"),
            limit_param=names.get("limit"),
            next_cursor_path=next_path,
            has_more_path=self._find(fields, "has_more"),
        )

    def _find(self, fields: list[Field], name: str) -> tuple[str, ...] | None:
        """Attribute path to field ``name``: at the top level, or in an object field."""
        for item in fields:
            if item.name == name:
                return (item.py_name,)
        for item in fields:
            inner = _model_of(item.type)
            if inner and inner in self.schemas.models:
                for sub in self.schemas.all_fields(inner):
                    if sub.name == name:
                        return (item.py_name, sub.py_name)
        return None

    def _is_collection(self, operation: Operation) -> bool:
        if operation.pagination is not None:
            return True
        ref = operation.success.type if operation.success else None
        if ref is None:
            return False
        if ref.is_list:
            return True
        model = _model_of(ref)
        fields = self.schemas.all_fields(model) if model else []
        return any(f.name in ITEM_FIELDS and f.type.is_list for f in fields)


def _path_problem(path: str) -> str:
    """What makes `path` unsafe to send as written, or ""."""
    if not path.startswith("/") or path.startswith("//"):
        return "must start with a single '/'"
    if _UNSAFE_PATH_CHARS.search(path):
        return "contains whitespace, a control character, '?', '#' or '\\'"
    if any(segment in (".", "..") for segment in path.split("/")):
        return "has a '.' or '..' segment"
    return ""


def _model_of(ref: TypeRef) -> str | None:
    """The model class a type is (possibly `| None`), or None."""
    bare = ref.annotation.removesuffix(" | None")
    return bare if ref.models == (bare,) else None


def _is_status(status: str) -> bool:
    return status == "default" or bool(re.fullmatch(r"[245][0-9X]{2}", status.upper()))


def _str(value: JsonValue) -> str:
    return value.strip() if isinstance(value, str) else ""

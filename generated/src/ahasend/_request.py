# Part of the ahasend-codegen runtime, copied verbatim into generated clients.
"""Building one HTTP request from a call's arguments, and parsing its answer.

Pure functions shared by the sync and async clients. Arguments left as
NOT_GIVEN are dropped; None stays (sent as JSON null in bodies, left out of
query strings and headers, where HTTP has no null).

pydantic is imported where it is first used, not at module level: it is most
of the cost of `import ahasend`, and a call needs it only once it has a model.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

import httpx

from ._exceptions import APIResponseValidationError
from ._retry import RetryPolicy, new_idempotency_key
from ._types import NOT_GIVEN, NotGiven, OperationSpec, PageSpec, RequestOptions
from ._urls import check_header_value, encode_path

if TYPE_CHECKING:
    import pydantic

__all__ = ["CallArgs", "PreparedCall", "build_call", "parse_body", "parse_page"]

T = TypeVar("T")
_Pairs = list[tuple[str, str | int | float | bool | None]]  # what httpx accepts


@dataclasses.dataclass(frozen=True)
class PreparedCall:
    """A request ready to send, and how to retry it."""

    request: httpx.Request
    rate_class: str
    idempotent: bool  # carries an Idempotency-Key reused on every retry
    policy: RetryPolicy

    def with_query_param(self, name: str, value: str) -> PreparedCall:
        """The same call with one query parameter set (the next page's cursor)."""
        old = self.request
        url = old.url.copy_set_param(name, value)
        new = httpx.Request(
            old.method, url, headers=old.headers, extensions=old.extensions
        )
        return dataclasses.replace(self, request=new)


@dataclasses.dataclass(frozen=True)
class CallArgs:
    """The arguments of one generated method call, as the method passes them."""

    path: Mapping[str, object]
    query: Mapping[str, object] | None = None
    headers: Mapping[str, object] | None = None
    body_model: type[pydantic.BaseModel] | None = None
    body: object = None
    idempotency_key: str | NotGiven = NOT_GIVEN
    options: RequestOptions = RequestOptions()


def build_call(
    http: httpx.Client | httpx.AsyncClient,
    op: OperationSpec,
    args: CallArgs,
    *,
    base_url: str,
    headers: Mapping[str, str],
    timeout: float | httpx.Timeout | None,
    policy: RetryPolicy,
) -> PreparedCall:
    """Validate and encode everything; raise before any I/O if something is wrong.

    `args.path` must already hold the client-filled parameters; `headers` are
    the client's own (auth, user agent), overridden by the call's.
    """
    content = None if args.body is None else _json_bytes(args.body_model, args.body)
    url = base_url + encode_path(op.path, _path_values(args.path))
    own = _header_values(args.headers or {})
    extra = _header_values(args.options.extra_headers or {})
    sent: httpx.Headers | dict[str, str]
    if own or extra:
        sent = httpx.Headers(headers)  # merged case-insensitively: later ones win
        sent.update(own)
        sent.update(extra)
    else:  # nothing to merge: a plain dict costs httpx far less (~20 us a call)
        sent = dict(headers)
    if content is not None:
        sent["Content-Type"] = "application/json"
    key = args.idempotency_key
    if op.idempotency_header:
        # One key per logical call: generated here, reused by every retry.
        key = key if isinstance(key, str) else new_idempotency_key()
        sent[op.idempotency_header] = check_header_value(op.idempotency_header, key)
    timeout_ = args.options.timeout
    request = http.build_request(
        op.method,
        url,
        # None, not []: httpx rebuilds the URL for any params given (~30 us a call)
        params=_query_pairs(args.query or {}) or None,
        headers=sent,
        content=content,
        timeout=timeout if isinstance(timeout_, NotGiven) else timeout_,
    )
    idempotent = op.idempotency_header is not None
    return PreparedCall(request, op.rate_class, idempotent=idempotent, policy=policy)


def _given(values: Mapping[str, object]) -> dict[str, object]:
    return {k: v for k, v in values.items() if not isinstance(v, NotGiven)}


def _json_bytes(body_model: type[pydantic.BaseModel] | None, body: object) -> bytes:
    """The body as JSON, validated by `body_model` first (ValidationError as is)."""
    import pydantic
    import pydantic_core

    from ._models import to_json_body

    if isinstance(body, pydantic.BaseModel):
        data: object = to_json_body(body)
    elif body_model is not None:
        if not isinstance(body, Mapping):
            raise TypeError(
                f"the request body must be a mapping, not {type(body).__name__}"
            )
        data = to_json_body(body_model.model_validate(_given(body)))
    else:
        data = pydantic_core.to_jsonable_python(body, by_alias=True)
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()


def _text(value: object) -> str:
    """A scalar as it appears in a URL or header: enums by value, booleans lower-case."""
    import pydantic_core

    plain = pydantic_core.to_jsonable_python(value)
    if isinstance(plain, bool):
        return "true" if plain else "false"
    return str(plain)


def _path_values(path: Mapping[str, object]) -> dict[str, str | int]:
    values: dict[str, str | int] = {}
    for name, value in _given(path).items():
        if isinstance(value, bool) or not isinstance(value, (str, int)):
            value = _text(value)  # enums by value, UUIDs as text
        values[name] = value
    return values


def _query_pairs(query: Mapping[str, object]) -> _Pairs:
    pairs: _Pairs = []
    for name, value in _given(query).items():
        items = value if isinstance(value, (list, tuple)) else [value]
        pairs.extend((name, _text(item)) for item in items if item is not None)
    return pairs


def _header_values(headers: Mapping[str, object]) -> dict[str, str]:
    values: dict[str, str] = {}
    for name, value in _given(headers).items():
        if value is not None:
            values[name] = check_header_value(name, _text(value))
    return values


def parse_body(response: httpx.Response, cast_to: type[T]) -> T:
    """The response body as `cast_to`; APIResponseValidationError if it is not one."""
    import pydantic

    if cast_to is type(None):
        return None  # the operation documents no response body
    try:
        if isinstance(cast_to, type) and issubclass(cast_to, pydantic.BaseModel):
            # Straight from the bytes: no intermediate dicts (half the parse time)
            return cast(T, cast_to.model_validate_json(response.content))
        data = response.json()
        return pydantic.TypeAdapter(cast_to).validate_python(data)  # lists, unions
    except (ValueError, pydantic.ValidationError) as error:
        raise APIResponseValidationError(response, error) from error


def parse_page(
    response: httpx.Response,
    op: OperationSpec,
    page_model: type[pydantic.BaseModel],
    item_type: type[T],
) -> tuple[list[T], str | None, bool | None, pydantic.BaseModel]:
    """A page response's items, next cursor, has-more flag and parsed model."""
    spec = op.page or PageSpec()
    model = parse_body(response, page_model)
    items = getattr(model, spec.items_field, None) or []
    cursor = _dig(model, spec.next_cursor_path)
    has_more = _dig(model, spec.has_more_path) if spec.has_more_path else None
    return (
        cast(list[T], list(items)),
        cursor if isinstance(cursor, str) and cursor else None,
        has_more if isinstance(has_more, bool) else None,
        model,
    )


def _dig(value: Any, path: tuple[str, ...]) -> object:
    for name in path:
        if value is None:
            return None
        value = (
            value.get(name) if isinstance(value, dict) else getattr(value, name, None)
        )
    return cast(object, value)

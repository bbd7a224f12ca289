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
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

import httpx

from ._exceptions import APIResponseValidationError
from ._retry import RetryPolicy, new_idempotency_key
from ._types import NOT_GIVEN, NotGiven, OperationSpec, PageSpec, RequestOptions
from ._urls import check_header_value, encode_path

if TYPE_CHECKING:
    import pydantic

__all__ = [
    "PreparedCall",
    "RequestBuilder",
    "build_call",
    "json_body",
    "parse_body",
    "parse_page",
]

T = TypeVar("T")
_Pairs = list[tuple[str, str | int | float | bool | None]]  # what httpx accepts


@dataclasses.dataclass(slots=True)
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


# What `httpx.Client` and `httpx.AsyncClient` both inherit (BaseClient's).
_BUILD_REQUEST = httpx.Client.build_request


class _Defaults:
    """A client's headers merged into its http client's, as they were when merged."""

    __slots__ = ("source", "plain", "json")

    def __init__(
        self,
        source: list[tuple[bytes, bytes]],
        http_headers: httpx.Headers,
        own: Mapping[str, str],
    ) -> None:
        self.source = source  # `http_headers.raw` when merged
        self.plain = httpx.Headers(http_headers)  # as build_request merges them
        self.plain.update(own)
        self.json = httpx.Headers(self.plain)
        self.json["Content-Type"] = _JSON


_JSON = "application/json"


class RequestBuilder:
    """Builds the `httpx.Request` of each call of one client.

    The result is what `http.build_request` makes of the same arguments: the http
    client's headers with the client's own (auth, user agent) and the call's
    merged over them, the timeout as the request's "timeout" extension. When the
    http client adds nothing but its headers (no cookies, no default query
    parameters, `build_request` not overridden), the request is built directly
    from those headers, merged once and kept while the http client's headers
    stay the same: `build_request` merges and copies them anew on every call
    (about a third of its cost). Otherwise `build_request` does it.
    """

    __slots__ = ("_own", "_defaults", "_timeout", "_urls")

    def __init__(self, own_headers: Callable[[], Mapping[str, str]]) -> None:
        # A function, not the headers: the API key is read when needed, not kept
        # in plain text here (an httpx.Headers masks it in its repr).
        self._own = own_headers
        self._defaults: _Defaults | None = None
        # (client timeout, its extension dict): one attribute, so that threads
        # sharing the client never pair one timeout with another's dict
        self._timeout: tuple[object, dict[str, float | None]] = (_UNSET, {})
        self._urls: dict[str, httpx.URL] = {}

    def __repr__(self) -> str:
        return "RequestBuilder()"

    def build(
        self,
        http: httpx.Client | httpx.AsyncClient,
        op: OperationSpec,
        *,
        url: str,
        query: Mapping[str, object] | None,
        headers: Mapping[str, object] | None,
        content: bytes | None,
        idempotency_key: str | NotGiven,
        options: RequestOptions,
        timeout: float | httpx.Timeout | None,
        same_url: bool = False,
    ) -> httpx.Request:
        """The request; raises ValueError for a header value that is not safe to send.

        `same_url` says the operation's URL is the same on every call (no path
        parameter but the client's): it is then parsed once, not on every call
        (parsing and checking a URL is the largest part of making a request).
        """
        # Per-call headers, in the order they override: the call's, then its extra
        # headers, then the body's type and the idempotency key, which always win.
        own = _header_values(headers) if headers else None
        extra = options.extra_headers
        extra = _header_values(extra) if extra else None
        key = idempotency_key
        if op.idempotency_header:
            # One key per logical call: generated here, reused by every retry.
            if isinstance(key, str):
                check_header_value(op.idempotency_header, key)
            else:
                key = new_idempotency_key()  # safe to send as it is
        params = _query_pairs(query) if query else None
        call_timeout = options.timeout
        target: httpx.URL | str = url
        if same_url:
            target = self._urls.get(url) or self._parsed(url)
        if (
            type(http).build_request is not _BUILD_REQUEST
            or http.params
            or http.cookies
        ):
            sent = httpx.Headers(self._own())
            _set_headers(sent, own, extra, content, op.idempotency_header, key)
            return http.build_request(
                op.method,
                target,
                # None, not []: httpx rebuilds the URL for any params given (~30 us)
                params=params or None,
                headers=sent,
                content=content,
                timeout=timeout if isinstance(call_timeout, NotGiven) else call_timeout,
            )
        defaults = self._defaults_for(http)
        if own is None and extra is None and content is not None:
            sent = httpx.Headers(defaults.json)
            if op.idempotency_header:
                sent[op.idempotency_header] = cast(str, key)
        else:
            sent = httpx.Headers(defaults.plain)
            _set_headers(sent, own, extra, content, op.idempotency_header, key)
        if isinstance(call_timeout, NotGiven):
            timeout_dict = dict(self._timeout_as_dict(timeout))
        else:
            timeout_dict = httpx.Timeout(call_timeout).as_dict()
        return httpx.Request(
            op.method,
            target,
            params=params or None,
            headers=sent,
            content=content,
            extensions={"timeout": timeout_dict},
        )

    def _parsed(self, url: str) -> httpx.URL:
        if len(self._urls) >= _MAX_URLS:  # one per operation and account used
            self._urls.clear()
        parsed = self._urls[url] = httpx.URL(url)  # immutable: safe to share
        return parsed

    def _defaults_for(self, http: httpx.Client | httpx.AsyncClient) -> _Defaults:
        source = http.headers.raw  # compared each call: it may have been changed
        defaults = self._defaults
        if defaults is None or defaults.source != source:
            defaults = _Defaults(source, http.headers, self._own())
            self._defaults = defaults
        return defaults

    def _timeout_as_dict(
        self, timeout: float | httpx.Timeout | None
    ) -> dict[str, float | None]:
        cached, as_dict = self._timeout
        if timeout is not cached:
            as_dict = httpx.Timeout(timeout).as_dict()
            self._timeout = (timeout, as_dict)
        return as_dict


_UNSET = object()
_MAX_URLS = 256


def _set_headers(
    sent: httpx.Headers,
    own: Mapping[str, str] | None,
    extra: Mapping[str, str] | None,
    content: bytes | None,
    idempotency_header: str | None,
    key: str | NotGiven,
) -> None:
    """Set the call's headers over `sent`, case-insensitively, later ones winning."""
    if own:
        sent.update(own)
    if extra:
        sent.update(extra)
    if content is not None:
        sent["Content-Type"] = _JSON
    if idempotency_header:
        sent[idempotency_header] = cast(str, key)


def build_call(
    http: httpx.Client | httpx.AsyncClient,
    op: OperationSpec,
    builder: RequestBuilder,
    *,
    path: Mapping[str, object],
    query: Mapping[str, object] | None,
    headers: Mapping[str, object] | None,
    body_model: type[pydantic.BaseModel] | None,
    body: object,
    idempotency_key: str | NotGiven,
    options: RequestOptions,
    base_url: str,
    timeout: float | httpx.Timeout | None,
    policy: RetryPolicy,
) -> PreparedCall:
    """Validate and encode everything; raise before any I/O if something is wrong.

    `path` must already hold the client-filled parameters.
    """
    content = None if body is None else json_body(body_model, body)
    url = base_url + encode_path(op.path, _path_values(path))
    request = builder.build(
        http,
        op,
        url=url,
        query=query,
        headers=headers,
        content=content,
        idempotency_key=idempotency_key,
        options=options,
        timeout=timeout,
        # client_params are among path_params: only those the client fills
        same_url=len(op.path_params) == len(op.client_params),
    )
    idempotent = op.idempotency_header is not None
    return PreparedCall(request, op.rate_class, idempotent, policy)


def json_body(body_model: type[pydantic.BaseModel] | None, body: object) -> bytes:
    """The body as JSON, validated by `body_model` first (ValidationError as is).

    A body the generated methods pass is a dict of the arguments, NOT_GIVEN for
    those left out: validated into its model and serialised by pydantic-core
    straight to JSON bytes (wire names, only the fields given), which is what
    dumping the model to a dict and encoding it with `json` gave, in a third of
    the time.
    """
    if body_model is not None and type(body) is dict:
        model = body_model.model_validate(
            {k: v for k, v in body.items() if v is not NOT_GIVEN}
        )
        return model.__pydantic_serializer__.to_json(
            model, by_alias=True, exclude_unset=True
        )
    return _any_json_bytes(body_model, body)


def _any_json_bytes(body_model: type[pydantic.BaseModel] | None, body: object) -> bytes:
    import pydantic
    import pydantic_core

    if isinstance(body, pydantic.BaseModel):
        return body.__pydantic_serializer__.to_json(
            body, by_alias=True, exclude_unset=True
        )
    if body_model is not None:
        if not isinstance(body, Mapping):
            raise TypeError(
                f"the request body must be a mapping, not {type(body).__name__}"
            )
        model = body_model.model_validate(_given(body))
        return model.__pydantic_serializer__.to_json(
            model, by_alias=True, exclude_unset=True
        )
    return pydantic_core.to_json(body, by_alias=True)


def _given(values: Mapping[str, object]) -> dict[str, object]:
    return {k: v for k, v in values.items() if not isinstance(v, NotGiven)}


def _text(value: object) -> str:
    """A scalar as it appears in a URL or header: enums by value, booleans lower-case."""
    import pydantic_core

    plain = pydantic_core.to_jsonable_python(value)
    if isinstance(plain, bool):
        return "true" if plain else "false"
    return str(plain)


def _path_values(path: Mapping[str, object]) -> dict[str, str | int]:
    values: dict[str, str | int] = {}
    for name, value in path.items():
        if value is NOT_GIVEN:
            continue
        if type(value) is not str and (
            isinstance(value, bool) or not isinstance(value, (str, int))
        ):
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


_Parser = Callable[[httpx.Response], object]
# One parser per return type, made on first use: the generated methods have a
# fixed set of them, and finding out which kind each is costs more than parsing.
_PARSERS: dict[object, _Parser] = {}


def parse_body(response: httpx.Response, cast_to: type[T]) -> T:
    """The response body as `cast_to`; APIResponseValidationError if it is not one."""
    parser = _PARSERS.get(cast_to) or _parser_for(cast_to)
    try:
        return cast(T, parser(response))
    except ValueError as error:  # pydantic's ValidationError is a ValueError
        raise APIResponseValidationError(response, error) from error


def _parser_for(cast_to: object) -> _Parser:
    import pydantic

    parser: _Parser
    if cast_to is type(None):
        parser = _no_body  # the operation documents no response body
    elif isinstance(cast_to, type) and issubclass(cast_to, pydantic.BaseModel):
        # Straight from the bytes: no intermediate dicts (half the parse time)
        validate_json = cast_to.model_validate_json

        def parser(response: httpx.Response) -> object:
            return validate_json(response.content)

    else:
        adapter: pydantic.TypeAdapter[object] = pydantic.TypeAdapter(
            cast(Any, cast_to)
        )  # lists, unions

        def parser(response: httpx.Response) -> object:
            return adapter.validate_python(response.json())

    _PARSERS[cast_to] = parser
    return parser


def _no_body(response: httpx.Response) -> None:
    return None


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

# Part of the ahasend-codegen runtime, copied verbatim into generated clients.
"""The one request path every generated method delegates to.

`_BaseClient` holds the pure parts (configuration, building the request,
mapping failures); `SyncAPIClient` and `AsyncAPIClient` add only the I/O:
pacing, sending, sleeping between retries. A call goes:

    fill client params -> validate the body (pydantic, before anything is sent)
    -> build the request -> [pace -> send -> decide (retry policy) -> sleep]*
    -> parse into the return type, or raise the mapped exception.

A request body that fails its model's validation raises `pydantic.ValidationError`
as is, before any network I/O. Bad path or header values raise `ValueError`.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import os
import time
from collections.abc import Mapping
from types import TracebackType
from typing import Self, TypedDict, TypeVar, Unpack, cast

import httpx
import pydantic

from ._exceptions import AhaSendError, APIConnectionError, APITimeoutError
from ._exceptions import make_status_error
from ._logging import Secret, log_request, log_response, log_retry, logger
from ._logging import redact_headers
from ._pacing import RateLimiter
from ._request import CallArgs, PreparedCall, build_call, parse_body, parse_page
from ._response import APIResponse, raw_mode
from ._retry import RetryDecision, RetryPolicy
from ._types import NOT_GIVEN, NotGiven, OperationSpec, PageSpec, RequestOptions
from ._urls import check_base_url, check_header_value
from .pagination import AsyncCursorPage, SyncCursorPage

__all__ = ["AsyncAPIClient", "ClientConfig", "ClientSettings", "SyncAPIClient"]

T = TypeVar("T")
_Attempt = tuple[httpx.Response | None, httpx.RequestError | None]


@dataclasses.dataclass(frozen=True)
class ClientSettings:
    """What the generator knows about the API: the defaults a client starts from."""

    env_prefix: str  # AHASEND -> AHASEND_API_KEY, AHASEND_BASE_URL
    default_base_url: str
    user_agent: str
    client_param_envs: Mapping[str, str] = dataclasses.field(default_factory=dict)
    rate_limits: Mapping[str, tuple[float, int]] = dataclasses.field(
        default_factory=dict
    )
    max_retries: int = 2
    initial_delay: float = 0.5
    max_delay: float = 8.0
    max_retry_after: float = 60.0
    timeout: float = 60.0

    @property
    def api_key_env(self) -> str:
        return f"{self.env_prefix}_API_KEY"

    @property
    def base_url_env(self) -> str:
        return f"{self.env_prefix}_BASE_URL"


class ClientConfig(TypedDict):
    """The constructor arguments both clients share."""

    settings: ClientSettings
    api_key: str | None
    base_url: str | None
    timeout: float | httpx.Timeout | None
    max_retries: int
    client_params: Mapping[str, str | None]  # wire name -> value (None: use env)
    pacing: bool


class _BaseClient:
    """Configuration and the parts of a call that do no I/O."""

    def __init__(self, **config: Unpack[ClientConfig]) -> None:
        settings = config["settings"]
        self._settings = settings
        self._api_key = Secret(_api_key(settings, config["api_key"], self._name))
        env_url = os.environ.get(settings.base_url_env)
        base_url = config["base_url"] or env_url or settings.default_base_url
        self.base_url = check_base_url(base_url)
        self.timeout = config["timeout"]
        self._retry_policy = RetryPolicy(
            max_retries=config["max_retries"],
            initial_delay=settings.initial_delay,
            max_delay=settings.max_delay,
            max_retry_after=settings.max_retry_after,
        )
        given = config["client_params"]
        self._client_params = {
            name: given.get(name) or os.environ.get(env) or None
            for name, env in settings.client_param_envs.items()
        }
        self._limiter = RateLimiter(settings.rate_limits, enabled=config["pacing"])

    @property
    def _name(self) -> str:
        return type(self).__name__

    @property
    def max_retries(self) -> int:
        return self._retry_policy.max_retries

    def _client_param(self, name: str) -> str | None:
        return self._client_params.get(name)

    def _prepare(
        self, http: httpx.Client | httpx.AsyncClient, op: OperationSpec, args: CallArgs
    ) -> PreparedCall:
        options = args.options
        policy = self._retry_policy
        if not isinstance(options.max_retries, NotGiven):
            policy = dataclasses.replace(policy, max_retries=options.max_retries)
        args = dataclasses.replace(args, path=self._fill_client_params(op, args.path))
        headers = {
            "Authorization": f"Bearer {self._api_key.get()}",
            "Accept": "application/json",
            "User-Agent": self._settings.user_agent,
        }
        return build_call(
            http,
            op,
            args,
            base_url=self.base_url,
            headers=headers,
            timeout=self.timeout,
            policy=policy,
        )

    def _fill_client_params(
        self, op: OperationSpec, path: Mapping[str, object]
    ) -> dict[str, object]:
        """Per-call value, else the client's value, else a clear error."""
        filled = dict(path)
        for name in op.client_params:
            value = filled.get(name)
            if value is None or isinstance(value, NotGiven):
                value = self._client_params.get(name)
            if value is None:
                env = self._settings.client_param_envs.get(name, "")
                raise AhaSendError(
                    f"{op.operation_id} needs {name}: pass {name}=... to this call "
                    f"or to {self._name}(...), or set the {env} environment variable"
                )
            filled[name] = value
        return filled

    def _decide(
        self, call: PreparedCall, attempt: int, outcome: _Attempt
    ) -> RetryDecision:
        response, error = outcome
        never_sent = isinstance(error, (httpx.ConnectError, httpx.ConnectTimeout))
        request = call.request
        decision = call.policy.decide(
            attempt=attempt,
            method=request.method,
            response=response,
            error=error,
            idempotent=call.idempotent,
            maybe_sent=not never_sent,
        )
        if decision.retry:
            log_retry(
                request.method, request.url, decision.reason, decision.delay, attempt
            )
        return decision

    def _failure(
        self, call: PreparedCall, outcome: _Attempt, decision: RetryDecision
    ) -> AhaSendError:
        response, error = outcome
        if response is not None:
            return make_status_error(response)
        why = f"({decision.reason})."
        if isinstance(error, httpx.TimeoutException):
            return APITimeoutError(f"Request timed out {why}", request=call.request)
        return APIConnectionError(f"Connection error {why}", request=call.request)

    def _result(self, response: httpx.Response, cast_to: type[T]) -> T:
        if raw_mode():
            return cast(T, APIResponse(response, lambda: parse_body(response, cast_to)))
        return parse_body(response, cast_to)

    def __repr__(self) -> str:
        return f"{self._name}(base_url={self.base_url!r})"


def _api_key(settings: ClientSettings, given: str | None, client: str) -> str:
    key = (given or os.environ.get(settings.api_key_env) or "").strip()
    if not key:
        raise AhaSendError(
            f"No API key: pass api_key=... to {client}(...) or set the "
            f"{settings.api_key_env} environment variable"
        )
    check_header_value("Authorization", key)  # its message never repeats the value
    return key


def _log_request(request: httpx.Request, attempt: int) -> None:
    log_request(request.method, request.url, attempt)
    if logger.isEnabledFor(logging.DEBUG):
        logger.debug("HTTP request headers: %s", redact_headers(request.headers))


def _log_response(
    request: httpx.Request, response: httpx.Response, started: float, attempt: int
) -> None:
    elapsed = time.monotonic() - started
    log_response(request.method, request.url, response.status_code, elapsed, attempt)


class SyncAPIClient(_BaseClient):
    """Sends requests with an `httpx.Client`, blocking between retries."""

    def __init__(
        self, *, http_client: httpx.Client | None, **config: Unpack[ClientConfig]
    ) -> None:
        super().__init__(**config)
        self._owns_http = http_client is None
        self._http = http_client or httpx.Client(timeout=config["timeout"])

    def request(
        self,
        op: OperationSpec,
        *,
        path: Mapping[str, object],
        query: Mapping[str, object] | None,
        headers: Mapping[str, object] | None,
        body_model: type[pydantic.BaseModel] | None,
        body: object,
        cast_to: type[T],
        idempotency_key: str | NotGiven,
        options: RequestOptions,
    ) -> T:
        """Send one call; return its parsed body (an `APIResponse` in raw mode)."""
        args = CallArgs(
            path, query, headers, body_model, body, idempotency_key, options
        )
        return self._result(self._send(self._prepare(self._http, op, args)), cast_to)

    def request_page(
        self,
        op: OperationSpec,
        *,
        path: Mapping[str, object],
        query: Mapping[str, object] | None,
        headers: Mapping[str, object] | None,
        page_model: type[pydantic.BaseModel],
        item_type: type[T],
        options: RequestOptions,
    ) -> SyncCursorPage[T]:
        """Fetch the first page of a list; the page fetches the rest on demand."""
        args = CallArgs(path, query, headers, None, None, NOT_GIVEN, options)
        call = self._prepare(self._http, op, args)
        cursor_param = (op.page or PageSpec()).cursor_param

        def page(response: httpx.Response) -> SyncCursorPage[T]:
            items, cursor, more, model = parse_page(response, op, page_model, item_type)
            return SyncCursorPage(
                data=items, next_cursor=cursor, has_more=more, model=model, fetch=fetch
            )

        def fetch(cursor: str) -> SyncCursorPage[T]:
            return page(self._send(call.with_query_param(cursor_param, cursor)))

        first = self._send(call)
        if raw_mode():
            return cast(SyncCursorPage[T], APIResponse(first, lambda: page(first)))
        return page(first)

    def _send(self, call: PreparedCall) -> httpx.Response:
        """Send with pacing and retries; return a 2xx response or raise."""
        attempt = 0
        while True:
            self._limiter.acquire(call.rate_class)
            outcome = self._attempt(call.request, attempt)
            response = outcome[0]
            if response is not None and response.is_success:
                return response
            decision = self._decide(call, attempt, outcome)
            if not decision.retry:
                raise self._failure(call, outcome, decision) from outcome[1]
            if response is not None:
                response.close()
            time.sleep(decision.delay)
            attempt += 1

    def _attempt(self, request: httpx.Request, attempt: int) -> _Attempt:
        _log_request(request, attempt)
        started = time.monotonic()
        try:
            response = self._http.send(request, follow_redirects=False)
        except httpx.RequestError as error:
            return None, error
        _log_response(request, response, started, attempt)
        return response, None

    def close(self) -> None:
        """Close the HTTP connections (only those of a client this one created)."""
        if self._owns_http:
            self._http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


class AsyncAPIClient(_BaseClient):
    """Sends requests with an `httpx.AsyncClient`, awaiting between retries."""

    def __init__(
        self, *, http_client: httpx.AsyncClient | None, **config: Unpack[ClientConfig]
    ) -> None:
        super().__init__(**config)
        self._owns_http = http_client is None
        self._http = http_client or httpx.AsyncClient(timeout=config["timeout"])

    async def request(
        self,
        op: OperationSpec,
        *,
        path: Mapping[str, object],
        query: Mapping[str, object] | None,
        headers: Mapping[str, object] | None,
        body_model: type[pydantic.BaseModel] | None,
        body: object,
        cast_to: type[T],
        idempotency_key: str | NotGiven,
        options: RequestOptions,
    ) -> T:
        """Send one call; return its parsed body (an `APIResponse` in raw mode)."""
        args = CallArgs(
            path, query, headers, body_model, body, idempotency_key, options
        )
        call = self._prepare(self._http, op, args)
        return self._result(await self._send(call), cast_to)

    async def request_page(
        self,
        op: OperationSpec,
        *,
        path: Mapping[str, object],
        query: Mapping[str, object] | None,
        headers: Mapping[str, object] | None,
        page_model: type[pydantic.BaseModel],
        item_type: type[T],
        options: RequestOptions,
    ) -> AsyncCursorPage[T]:
        """Fetch the first page of a list; the page fetches the rest on demand."""
        args = CallArgs(path, query, headers, None, None, NOT_GIVEN, options)
        call = self._prepare(self._http, op, args)
        cursor_param = (op.page or PageSpec()).cursor_param

        def page(response: httpx.Response) -> AsyncCursorPage[T]:
            items, cursor, more, model = parse_page(response, op, page_model, item_type)
            return AsyncCursorPage(
                data=items, next_cursor=cursor, has_more=more, model=model, fetch=fetch
            )

        async def fetch(cursor: str) -> AsyncCursorPage[T]:
            return page(await self._send(call.with_query_param(cursor_param, cursor)))

        first = await self._send(call)
        if raw_mode():
            return cast(AsyncCursorPage[T], APIResponse(first, lambda: page(first)))
        return page(first)

    async def _send(self, call: PreparedCall) -> httpx.Response:
        """Send with pacing and retries; return a 2xx response or raise."""
        attempt = 0
        while True:
            await self._limiter.acquire_async(call.rate_class)
            outcome = await self._attempt(call.request, attempt)
            response = outcome[0]
            if response is not None and response.is_success:
                return response
            decision = self._decide(call, attempt, outcome)
            if not decision.retry:
                raise self._failure(call, outcome, decision) from outcome[1]
            if response is not None:
                await response.aclose()
            await asyncio.sleep(decision.delay)
            attempt += 1

    async def _attempt(self, request: httpx.Request, attempt: int) -> _Attempt:
        _log_request(request, attempt)
        started = time.monotonic()
        try:
            response = await self._http.send(request, follow_redirects=False)
        except httpx.RequestError as error:
            return None, error
        _log_response(request, response, started, attempt)
        return response, None

    async def close(self) -> None:
        """Close the HTTP connections (only those of a client this one created)."""
        if self._owns_http:
            await self._http.aclose()

    aclose = close

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

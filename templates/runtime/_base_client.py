# Part of the ahasend-codegen runtime, copied verbatim into generated clients.
"""The one request path every generated method delegates to.

`ClientCore` (in `_client_core`) holds the pure parts (configuration, building
the request, deciding on retries, mapping failures); `SyncAPIClient` and
`AsyncAPIClient` add only the I/O: pacing, sending, reading, waiting. A call goes:

    fill client params -> validate the body (pydantic, before anything is sent)
    -> build the request -> [pace -> send (redirects only if asked) -> read the
    body (size-limited) -> decide (retry policy, total_timeout) -> sleep]*
    -> parse into the return type, or raise the mapped exception.

A request body that fails its model's validation raises `pydantic.ValidationError`
as is, before any network I/O. Bad path or header values raise `ValueError`.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import TracebackType
from typing import TYPE_CHECKING, Self, TypeVar, Unpack, cast

import httpx

from ._client_core import Attempt, ClientCore, log_request_sent
from ._config import ClientConfig, ClientSettings, Timers
from ._http import aread_limited, read_limited, redirect_request
from ._request import PreparedCall, parse_page
from ._response import APIResponse, raw_mode
from ._types import NotGiven, OperationSpec, PageSpec, RequestOptions
from .pagination import AsyncCursorPage, SyncCursorPage

if TYPE_CHECKING:  # pydantic loads with the first model: `import ahasend` stays cheap
    import pydantic

__all__ = [
    "AsyncAPIClient",
    "ClientConfig",
    "ClientSettings",
    "SyncAPIClient",
    "Timers",
]

T = TypeVar("T")


class SyncAPIClient(ClientCore):
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
        call = self._prepare(
            self._http,
            op,
            path=path,
            query=query,
            headers=headers,
            body_model=body_model,
            body=body,
            idempotency_key=idempotency_key,
            options=options,
        )
        return self._result(self._send(call), cast_to)

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
        call = self._prepare(
            self._http, op, path=path, query=query, headers=headers, options=options
        )
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
        deadline = self._deadline()
        attempt = 0
        while True:
            self._limiter.acquire(call.rate_class)
            request = self._request_for(call, attempt, deadline)
            outcome = self._attempt(request, attempt)
            response = outcome[0]
            if response is not None and response.is_success:
                return response
            decision = self._decide(call, attempt, outcome, deadline)
            if not decision.retry:
                raise self._failure(call, outcome, decision) from outcome[1]
            self._timers.sleep(decision.delay)
            attempt += 1

    def _attempt(self, request: httpx.Request, attempt: int) -> Attempt:
        """One exchange, its body read (within the size limit)."""
        started = self._timers.clock()
        try:
            response = self._exchange(request, attempt)
            read_limited(response, self._max_response_bytes)
        except httpx.RequestError as error:
            return None, error
        self._log_response(response, started, attempt)
        return response, None

    def _exchange(self, request: httpx.Request, attempt: int) -> httpx.Response:
        """Send `request` (following redirects if asked); the body is not read yet."""
        hops = 0
        while True:
            log_request_sent(request, attempt)
            response = self._http.send(request, follow_redirects=False, stream=True)
            if not (self._follow_redirects and response.has_redirect_location):
                return response
            response.close()
            request = redirect_request(response, origin=self._origin, hops=hops)
            hops += 1

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


class AsyncAPIClient(ClientCore):
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
        call = self._prepare(
            self._http,
            op,
            path=path,
            query=query,
            headers=headers,
            body_model=body_model,
            body=body,
            idempotency_key=idempotency_key,
            options=options,
        )
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
        call = self._prepare(
            self._http, op, path=path, query=query, headers=headers, options=options
        )
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
        deadline = self._deadline()
        attempt = 0
        while True:
            await self._limiter.acquire_async(call.rate_class)
            request = self._request_for(call, attempt, deadline)
            outcome = await self._attempt(request, attempt)
            response = outcome[0]
            if response is not None and response.is_success:
                return response
            decision = self._decide(call, attempt, outcome, deadline)
            if not decision.retry:
                raise self._failure(call, outcome, decision) from outcome[1]
            await self._timers.async_sleep(decision.delay)
            attempt += 1

    async def _attempt(self, request: httpx.Request, attempt: int) -> Attempt:
        """One exchange, its body read (within the size limit)."""
        started = self._timers.clock()
        try:
            response = await self._exchange(request, attempt)
            await aread_limited(response, self._max_response_bytes)
        except httpx.RequestError as error:
            return None, error
        self._log_response(response, started, attempt)
        return response, None

    async def _exchange(self, request: httpx.Request, attempt: int) -> httpx.Response:
        """Send `request` (following redirects if asked); the body is not read yet."""
        hops = 0
        while True:
            log_request_sent(request, attempt)
            send = self._http.send(request, follow_redirects=False, stream=True)
            response = await send
            if not (self._follow_redirects and response.has_redirect_location):
                return response
            await response.aclose()
            request = redirect_request(response, origin=self._origin, hops=hops)
            hops += 1

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

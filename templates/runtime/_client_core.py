# Part of the ahasend-codegen runtime, copied verbatim into generated clients.
"""What both clients share: configuration, and the parts of a call that do no I/O.

`ClientCore` reads the options (and the environment), builds each request,
decides whether a failed attempt is retried (within `max_retries` and
`total_timeout`) and maps failures to exceptions. `SyncAPIClient` and
`AsyncAPIClient` in `_base_client` add the sending and the waiting.
"""

from __future__ import annotations

import dataclasses
import functools
import logging
import math
import os
from collections.abc import Mapping
from typing import TYPE_CHECKING, TypeVar, Unpack, cast

import httpx

from ._config import ClientConfig, ClientSettings, Timers
from ._exceptions import AhaSendError, APIConnectionError, APITimeoutError
from ._exceptions import make_status_error
from ._http import capped_timeout
from ._logging import Secret, log_request, log_response, log_retry, logger
from ._logging import redact_headers
from ._pacing import RateLimiter
from ._request import PreparedCall, RequestBuilder, build_call, parse_body
from ._response import APIResponse, raw_mode
from ._retry import RetryDecision, RetryPolicy
from ._types import NOT_GIVEN, NotGiven, OperationSpec, RequestOptions
from ._urls import check_base_url, check_header_value

if TYPE_CHECKING:
    import pydantic

__all__ = ["Attempt", "ClientCore", "log_request_sent"]

T = TypeVar("T")
#: What one attempt produced: a response (body read), or the error instead.
Attempt = tuple[httpx.Response | None, httpx.RequestError | None]


class ClientCore:
    """Configuration and the parts of a call that do no I/O."""

    def __init__(self, **config: Unpack[ClientConfig]) -> None:
        settings = config["settings"]
        self._settings = settings
        self._api_key = Secret(_api_key(settings, config["api_key"], self._name))
        env_url = os.environ.get(settings.base_url_env)
        base_url = config["base_url"] or env_url or settings.default_base_url
        self.base_url = check_base_url(base_url)
        self._origin = httpx.URL(self.base_url)
        self.timeout = config["timeout"]
        self._retry_policy = RetryPolicy(
            max_retries=config["max_retries"],
            initial_delay=settings.initial_delay,
            max_delay=settings.max_delay,
            max_retry_after=settings.max_retry_after,
        )
        self._total_timeout = _total_timeout(config["total_timeout"])
        self._follow_redirects = config["follow_redirects"]
        self._max_response_bytes = _byte_limit(config["max_response_bytes"])
        given = config["client_params"]
        self._client_params = {
            name: given.get(name) or os.environ.get(env) or None
            for name, env in settings.client_param_envs.items()
        }
        self._timers = Timers()
        self._limiter = RateLimiter(settings.rate_limits, enabled=config["pacing"])
        self._builder = RequestBuilder(
            functools.partial(_own_headers, self._api_key, settings.user_agent)
        )

    @property
    def _name(self) -> str:
        return type(self).__name__

    @property
    def max_retries(self) -> int:
        return self._retry_policy.max_retries

    def _client_param(self, name: str) -> str | None:
        return self._client_params.get(name)

    def _use_timers(self, timers: Timers) -> None:
        """Read the time and wait with `timers` from now on (pacing included)."""
        self._timers = timers
        self._limiter = RateLimiter(
            self._settings.rate_limits,
            enabled=self._limiter.enabled,
            clock=timers.clock,
            sleep=timers.sleep,
            async_sleep=timers.async_sleep,
        )

    def _prepare(
        self,
        http: httpx.Client | httpx.AsyncClient,
        op: OperationSpec,
        *,
        path: Mapping[str, object],
        query: Mapping[str, object] | None = None,
        headers: Mapping[str, object] | None = None,
        body_model: type[pydantic.BaseModel] | None = None,
        body: object = None,
        idempotency_key: str | NotGiven = NOT_GIVEN,
        options: RequestOptions,
    ) -> PreparedCall:
        policy = self._retry_policy
        if not isinstance(options.max_retries, NotGiven):
            policy = dataclasses.replace(policy, max_retries=options.max_retries)
        if op.client_params:
            path = self._fill_client_params(op, path)
        return build_call(
            http,
            op,
            self._builder,
            path=path,
            query=query,
            headers=headers,
            body_model=body_model,
            body=body,
            idempotency_key=idempotency_key,
            options=options,
            base_url=self.base_url,
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

    def _deadline(self) -> float | None:
        """When the retries of a call starting now must be over (clock time)."""
        if self._total_timeout is None:
            return None
        return self._timers.clock() + self._total_timeout

    def _request_for(
        self, call: PreparedCall, attempt: int, deadline: float | None
    ) -> httpx.Request:
        """The request to send: a retry gets no more than the time left."""
        if attempt == 0 or deadline is None:
            return call.request
        return capped_timeout(call.request, deadline - self._timers.clock())

    def _decide(
        self,
        call: PreparedCall,
        attempt: int,
        outcome: Attempt,
        deadline: float | None,
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
        late = (
            deadline is not None and self._timers.clock() + decision.delay >= deadline
        )
        if decision.retry and late:
            limit = f"total_timeout={self._total_timeout:g}s"
            why = f"{decision.reason}; gave up: a retry would end after {limit}"
            decision = RetryDecision(False, 0.0, why)
        if decision.retry:
            log_retry(
                request.method, request.url, decision.reason, decision.delay, attempt
            )
        return decision

    def _failure(
        self, call: PreparedCall, outcome: Attempt, decision: RetryDecision
    ) -> AhaSendError:
        response, error = outcome
        if response is not None:
            # The policy's note, e.g. "gave up after 2 retries" or why it did not retry.
            return make_status_error(response, note=decision.reason.partition("; ")[2])
        why = f"({decision.reason})."
        if isinstance(error, httpx.TimeoutException):
            return APITimeoutError(f"Request timed out {why}", request=call.request)
        return APIConnectionError(f"Connection error {why}", request=call.request)

    def _result(self, response: httpx.Response, cast_to: type[T]) -> T:
        if raw_mode():
            return cast(T, APIResponse(response, lambda: parse_body(response, cast_to)))
        return parse_body(response, cast_to)

    def _log_response(
        self, response: httpx.Response, started: float, attempt: int
    ) -> None:
        status = response.status_code
        if status < 400 and not logger.isEnabledFor(logging.DEBUG):
            return  # logged at DEBUG only: skip the work when that is off
        request = response.request
        elapsed = self._timers.clock() - started
        log_response(request.method, request.url, status, elapsed, attempt)

    def __repr__(self) -> str:
        return f"{self._name}(base_url={self.base_url!r})"


def _own_headers(api_key: Secret, user_agent: str) -> dict[str, str]:
    """The headers every request of a client carries (the call's may replace them)."""
    return {
        "Authorization": f"Bearer {api_key.get()}",
        "Accept": "application/json",
        "User-Agent": user_agent,
    }


def _api_key(settings: ClientSettings, given: str | None, client: str) -> str:
    key = (given or os.environ.get(settings.api_key_env) or "").strip()
    if not key:
        raise AhaSendError(
            f"No API key: pass api_key=... to {client}(...) or set the "
            f"{settings.api_key_env} environment variable"
        )
    check_header_value("Authorization", key)  # its message never repeats the value
    return key


def _total_timeout(seconds: float | None) -> float | None:
    if seconds is not None and not (math.isfinite(seconds) and seconds > 0):
        raise ValueError(
            "total_timeout must be a positive number of seconds, or None for no "
            f"limit; got {seconds!r}"
        )
    return seconds


def _byte_limit(limit: int) -> int:
    if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
        raise ValueError(
            f"max_response_bytes must be a whole number of bytes >= 1, got {limit!r}"
        )
    return limit


def log_request_sent(request: httpx.Request, attempt: int) -> None:
    """Log a request about to be sent (its headers at DEBUG, credentials masked)."""
    if logger.isEnabledFor(logging.DEBUG):
        log_request(request.method, request.url, attempt)
        logger.debug("HTTP request headers: %s", redact_headers(request.headers))

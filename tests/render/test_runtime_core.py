"""The core runtime (exceptions, NOT_GIVEN, request building, pages, raw responses),
exercised through the rendered sample package that carries it."""

from __future__ import annotations

import importlib
import json
import logging
import pickle
import types
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from tests.render.test_client_behaviour import API_KEY, Recorder, client, page

Handler = Callable[[httpx.Request], httpx.Response]


def runtime(pkg: types.ModuleType, name: str) -> Any:
    return importlib.import_module(f"{pkg.__name__}.{name}")


def response(status: int, body: object = None, headers: dict[str, str] | None = None,
             request_headers: dict[str, str] | None = None) -> httpx.Response:
    request = httpx.Request("POST", "https://api.ahasend.com/v2/x", headers=request_headers)
    content = json.dumps(body).encode() if body is not None else b"oops, not json"
    return httpx.Response(status, content=content, headers=headers, request=request)


@pytest.mark.parametrize(("status", "name"), [
    (400, "BadRequestError"), (401, "AuthenticationError"), (403, "PermissionDeniedError"),
    (404, "NotFoundError"), (409, "ConflictError"), (412, "PreconditionFailedError"),
    (422, "UnprocessableEntityError"), (429, "RateLimitError"), (500, "InternalServerError"),
    (502, "InternalServerError"), (503, "ServiceUnavailableError"), (418, "APIStatusError"),
])
def test_each_status_maps_to_its_exception(sample_module: types.ModuleType, status: int,
                                          name: str) -> None:
    error = runtime(sample_module, "_exceptions").make_status_error(
        response(status, {"message": "m"}))
    assert type(error).__name__ == name and error.status_code == status


def test_a_409_still_in_progress_is_named_and_explained(sample_module: types.ModuleType) -> None:
    error = runtime(sample_module, "_exceptions").make_status_error(
        response(409, {"message": "busy"}, {"Idempotent-Replayed": "false"}))
    assert isinstance(error, sample_module.IdempotencyInProgressError)
    assert isinstance(error, sample_module.ConflictError) and "in progress" in str(error)


def test_a_412_says_the_key_cannot_be_reused(sample_module: types.ModuleType) -> None:
    error = runtime(sample_module, "_exceptions").make_status_error(
        response(412, {"message": "failed before"}))
    assert "cannot be reused" in str(error) and "new key" in str(error)


def test_a_422_for_a_reused_key_is_named(sample_module: types.ModuleType) -> None:
    error = runtime(sample_module, "_exceptions").make_status_error(response(
        422, {"message": "Idempotency key already used"}, request_headers={"Idempotency-Key": "k"}))
    assert isinstance(error, sample_module.IdempotencyKeyReusedError)
    assert "different request body" in str(error)


def test_an_error_body_that_is_not_json_is_kept_as_text(sample_module: types.ModuleType) -> None:
    error = runtime(sample_module, "_exceptions").make_status_error(response(500))
    assert error.body == "oops, not json" and error.message == "Internal Server Error"


def test_an_api_key_echoed_by_the_server_is_redacted(sample_module: types.ModuleType) -> None:
    auth = {"Authorization": f"Bearer {API_KEY}"}
    error = runtime(sample_module, "_exceptions").make_status_error(
        response(401, {"message": f"bad key {API_KEY}"}, request_headers=auth))
    assert API_KEY not in str(error) and "[REDACTED]" in str(error)


def test_not_given_is_a_falsy_singleton(sample_module: types.ModuleType) -> None:
    not_given = sample_module.NOT_GIVEN
    assert not not_given and repr(not_given) == "NOT_GIVEN"
    assert sample_module.NotGiven() is not_given
    assert pickle.loads(pickle.dumps(not_given)) is not_given


def test_query_values_are_encoded_for_the_wire(sample_module: types.ModuleType) -> None:
    recorder = Recorder(httpx.Response(200, json=page([], None)))
    status = runtime(sample_module, "types").MessageStatus.SENT
    list(client(sample_module, recorder).messages.list(status=status, limit=5))
    assert str(recorder.requests[0].url.params) == "status=sent&limit=5"


def test_header_values_cannot_inject_headers(sample_module: types.ModuleType) -> None:
    recorder = Recorder()
    with pytest.raises(ValueError, match="CR, LF"):
        client(sample_module, recorder).messages.get("m", extra_headers={"X-A": "1\r\nX-B: 2"})
    assert not recorder.requests


def test_a_call_timeout_overrides_the_clients(sample_module: types.ModuleType) -> None:
    recorder = Recorder(httpx.Response(200, json={"message": "pong"}))
    client(sample_module, recorder, timeout=60.0).utility.ping(timeout=1.5)
    assert recorder.requests[0].extensions["timeout"]["read"] == 1.5


def _no_sleep(sample_module: types.ModuleType, api: Any) -> list[float]:
    """Make `api` record its waits instead of sleeping, on a clock that stands still."""
    slept: list[float] = []
    timers = runtime(sample_module, "_config").Timers(clock=lambda: 0.0, sleep=slept.append)
    api._use_timers(timers)
    return slept


def test_timeouts_are_retried_then_raise_api_timeout_error(
    sample_module: types.ModuleType,
) -> None:
    attempts: list[httpx.Request] = []

    def timeout(request: httpx.Request) -> httpx.Response:
        attempts.append(request)
        raise httpx.ReadTimeout("slow", request=request)

    api = client(sample_module, timeout, max_retries=2)
    slept = _no_sleep(sample_module, api)
    with pytest.raises(sample_module.APITimeoutError, match="read timeout"):
        api.messages.get("m")
    assert len(attempts) == 3 and len(slept) == 2


def test_a_per_call_max_retries_of_zero_sends_once(sample_module: types.ModuleType) -> None:
    recorder = Recorder(httpx.Response(503, json={"message": "down"}))
    api = client(sample_module, recorder)
    _no_sleep(sample_module, api)
    with pytest.raises(sample_module.ServiceUnavailableError):
        api.messages.get("m", max_retries=0)
    assert len(recorder.requests) == 1


def test_a_response_that_breaks_the_schema_is_a_named_error(
    sample_module: types.ModuleType,
) -> None:
    recorder = Recorder(httpx.Response(200, json={"id": "m"}, headers={"x-request-id": "r"}))
    with pytest.raises(sample_module.APIResponseValidationError, match="does not match") as e:
        client(sample_module, recorder).messages.get("m")
    assert e.value.request_id == "r" and e.value.status_code == 200


def test_a_page_without_a_next_cursor_has_no_next_page(sample_module: types.ModuleType) -> None:
    first = client(sample_module, Recorder(httpx.Response(200, json=page(["a"], None))))
    listing = first.messages.list()
    assert not listing.has_next_page() and len(list(listing.iter_pages())) == 1
    with pytest.raises(sample_module.AhaSendError, match="no next page"):
        listing.next_page()


def test_raw_mode_ends_with_the_call(sample_module: types.ModuleType) -> None:
    recorder = Recorder(httpx.Response(200, json={"message": "a"}),
                        httpx.Response(200, json={"message": "b"}))
    api = client(sample_module, recorder)
    raw = api.with_raw_response.utility.ping()
    assert isinstance(raw, sample_module.APIResponse) and raw.idempotent_replayed is None
    assert api.utility.ping().message == "b"


def test_a_plain_http_base_url_is_refused_off_loopback(sample_module: types.ModuleType) -> None:
    with pytest.raises(ValueError, match="plain http"):
        sample_module.AhaSend(api_key=API_KEY, base_url="http://api.example.com")


def test_the_api_key_never_reaches_the_logs(sample_module: types.ModuleType,
                                            caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="ahasend")
    recorder = Recorder(httpx.Response(401, json={"message": f"bad {API_KEY}"}))
    with pytest.raises(sample_module.AuthenticationError):
        client(sample_module, recorder).utility.ping()
    assert "Bearer ****" in caplog.text and API_KEY not in caplog.text


def test_extra_headers_replace_defaults_whatever_their_case(
    sample_module: types.ModuleType,
) -> None:
    recorder = Recorder(httpx.Response(200, json={"message": "pong"}))
    client(sample_module, recorder).utility.ping(extra_headers={"user-agent": "mine/1"})
    assert recorder.requests[0].headers.get_list("User-Agent") == ["mine/1"]

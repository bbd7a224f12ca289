"""Fault injection: the generated client against a fake AhaSend that drops
connections, times out, is busy or rate-limits, on a fake clock.

Whatever fails, a message is created once: every retry of a create carries the
same Idempotency-Key, and a request without one is not repeated once it may have
reached the server.
"""

from __future__ import annotations

import asyncio
import email.utils
import time
from types import ModuleType
from typing import Any

import httpx
import pytest

from tests.contract.fakes import (
    MESSAGE,
    MODES,
    FakeAhaSend,
    FakeClock,
    Fault,
    read_timeout,
    reset_after_send,
    run,
    status,
)


def create(api: Any) -> Any:
    return api.messages.create(**MESSAGE)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("faults", [
    pytest.param([reset_after_send], id="connection-reset-after-send"),
    pytest.param([read_timeout, read_timeout], id="read-timeouts"),
    pytest.param([status(503)], id="503-then-202"),
    pytest.param([status(503, process=True), reset_after_send], id="processed-503-then-reset"),
    pytest.param([status(429, {"Retry-After": "0"})], id="429"),
])
def test_a_create_that_fails_on_the_way_is_retried_and_creates_one_message(
    ahasend: ModuleType, mode: str, faults: list[Fault]
) -> None:
    server = FakeAhaSend(list(faults))
    result = run(ahasend, mode, server, create)
    assert result.data[0].status == "queued"
    assert len(server.requests) == len(faults) + 1
    assert server.distinct_creates == 1
    keys = set(server.keys_sent)
    assert len(keys) == 1 and None not in keys


@pytest.mark.parametrize("mode", MODES)
def test_429_retry_after_seconds_is_waited_exactly(ahasend: ModuleType, mode: str) -> None:
    clock = FakeClock()
    server = FakeAhaSend([status(429, {"Retry-After": "7"}, "slow down")])
    run(ahasend, mode, server, create, clock=clock)
    assert clock.slept == [7.0] and server.distinct_creates == 1


@pytest.mark.parametrize("mode", MODES)
def test_429_retry_after_as_an_http_date_is_waited_until_then(
    ahasend: ModuleType, mode: str
) -> None:
    clock = FakeClock()
    later = email.utils.formatdate(time.time() + 30, usegmt=True)
    server = FakeAhaSend([status(429, {"Retry-After": later}, "slow down")])
    run(ahasend, mode, server, create, clock=clock)
    assert len(clock.slept) == 1 and 28.0 < clock.slept[0] <= 30.0


@pytest.mark.parametrize("mode", MODES)
def test_a_409_still_in_progress_is_retried_with_the_same_key_after_its_delay(
    ahasend: ModuleType, mode: str
) -> None:
    clock = FakeClock()
    busy = status(409, {"Idempotent-Replayed": "false", "Retry-After": "2"},
                  "A request with this idempotency key is already in progress", process=True)
    server = FakeAhaSend([busy])
    raw = run(ahasend, mode, server, lambda api: api.with_raw_response.messages.create(**MESSAGE),
              clock=clock)
    assert raw.status_code == 202 and raw.idempotent_replayed is True  # the stored answer
    assert clock.slept == [2.0]
    assert server.distinct_creates == 1 and len(set(server.keys_sent)) == 1


@pytest.mark.parametrize("mode", MODES)
def test_a_caller_key_is_used_for_every_attempt(ahasend: ModuleType, mode: str) -> None:
    server = FakeAhaSend([reset_after_send, status(503)])
    run(ahasend, mode, server, lambda api: api.messages.create(**MESSAGE, idempotency_key="o-42"))
    assert server.keys_sent == ["o-42", "o-42", "o-42"] and server.distinct_creates == 1


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("fault", [reset_after_send, read_timeout, status(503)],
                         ids=["reset", "timeout", "503"])
def test_a_post_without_idempotency_key_is_not_repeated_once_it_may_have_arrived(
    ahasend: ModuleType, mode: str, fault: Fault
) -> None:
    server = FakeAhaSend([fault])
    with pytest.raises(ahasend.APIError, match="may have reached the server"):
        run(ahasend, mode, server, lambda api: api.domains.check_dns("example.com"))
    assert len(server.requests) == 1
    assert "idempotency-key" not in server.requests[0].headers


@pytest.mark.parametrize("mode", MODES)
def test_a_412_is_final_and_says_to_use_a_new_key(ahasend: ModuleType, mode: str) -> None:
    failed = status(412, {"Idempotent-Replayed": "false"},
                    "The original request with this idempotency key failed and cannot be retried")
    server = FakeAhaSend([failed])
    with pytest.raises(ahasend.PreconditionFailedError) as caught:
        run(ahasend, mode, server, create)
    assert len(server.requests) == 1 and caught.value.status_code == 412
    assert "new key" in str(caught.value)


@pytest.mark.parametrize("mode", MODES)
def test_a_422_for_a_key_reused_with_another_body_is_final_and_named(
    ahasend: ModuleType, mode: str
) -> None:
    reused = status(422, message="Idempotency key was already used with a different request")
    server = FakeAhaSend([reused])
    with pytest.raises(ahasend.IdempotencyKeyReusedError) as caught:
        run(ahasend, mode, server, lambda api: api.messages.create(**MESSAGE, idempotency_key="k"))
    assert len(server.requests) == 1
    assert "different request body" in str(caught.value)


@pytest.mark.parametrize("mode", MODES)
def test_retries_stop_at_the_total_timeout_and_later_attempts_get_only_the_time_left(
    ahasend: ModuleType, mode: str
) -> None:
    clock = FakeClock()
    busy = status(503, {"Retry-After": "50"})
    server = FakeAhaSend([busy, busy, busy, busy])
    with pytest.raises(ahasend.ServiceUnavailableError):
        run(ahasend, mode, server, create, clock=clock, max_retries=5, total_timeout=120.0,
            timeout=60.0)
    assert clock.slept == [50.0, 50.0]  # a third wait would end after 150 s > 120 s
    read_timeouts = [r.extensions["timeout"]["read"] for r in server.requests]
    assert read_timeouts == [60.0, 60.0, 20.0]


@pytest.mark.parametrize("mode", MODES)
def test_the_error_says_why_retrying_stopped_and_each_retry_is_logged(
    ahasend: ModuleType, mode: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level("INFO", logger="ahasend")
    server = FakeAhaSend([status(503, {"Retry-After": "50"})] * 2)
    with pytest.raises(ahasend.ServiceUnavailableError,
                       match=r"gave up: a retry would end after total_timeout=80s"):
        run(ahasend, mode, server, create, total_timeout=80.0)
    assert len(server.requests) == 2
    assert "Retrying POST https://api.ahasend.com/v2/accounts/" in caplog.text
    assert "in 50.000s (retry 1): 503 Service Unavailable" in caplog.text


def test_statistics_calls_are_paced_at_one_per_second_and_others_are_not(
    ahasend: ModuleType,
) -> None:
    clock = FakeClock()
    server = FakeAhaSend()
    answered: list[float] = []

    def load(api: Any) -> None:
        for _ in range(4):
            api.statistics.bounces(from_time="2024-01-01T00:00:00Z")
            answered.append(clock.now)
            api.utility.ping()

    server_answers = _statistics_answers(server)
    run(ahasend, "sync", server_answers, load, clock=clock)
    assert answered == [1000.0, 1001.0, 1002.0, 1003.0]
    assert clock.slept == [1.0, 1.0, 1.0]  # the 4 pings never waited


def test_concurrent_async_statistics_calls_get_slots_one_second_apart(
    ahasend: ModuleType,
) -> None:
    clock = FakeClock(frozen=True)
    server = _statistics_answers(FakeAhaSend())

    async def load(api: Any) -> None:
        await asyncio.gather(*(api.statistics.bounces() for _ in range(5)))

    run(ahasend, "async", server, load, clock=clock)
    assert sorted(clock.slept) == [1.0, 2.0, 3.0, 4.0]  # reserved slots, not a burst


def _statistics_answers(server: FakeAhaSend) -> Any:
    def answer(request: httpx.Request) -> httpx.Response:
        if "/statistics/" in request.url.path:
            server.requests.append(request)
            return httpx.Response(200, json={"object": "list", "data": []})
        return server(request)

    return answer

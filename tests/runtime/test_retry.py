"""The retry policy: which failures are retried, and how long to wait first."""

from __future__ import annotations

import dataclasses
import uuid
from datetime import UTC, datetime
from email.utils import format_datetime
from typing import Any

import httpx
import pytest

from tests.runtime._load import runtime

retry = runtime("_retry")

URL = "https://api.ahasend.com/v2/accounts/acc/messages"
NOW = 1_750_000_000.0  # a fixed "time.time()"


def response(status: int, headers: dict[str, str] | None = None) -> httpx.Response:
    return httpx.Response(status, headers=headers, request=httpx.Request("GET", URL))


def decide(
    *,
    method: str = "GET",
    status: int | None = None,
    headers: dict[str, str] | None = None,
    error: BaseException | None = None,
    idempotent: bool = False,
    maybe_sent: bool = True,
    attempt: int = 0,
    policy: Any = None,
    rng: float = 0.0,
) -> Any:
    policy = policy if policy is not None else retry.RetryPolicy()
    return policy.decide(
        attempt=attempt,
        method=method,
        response=response(status, headers) if status is not None else None,
        error=error,
        idempotent=idempotent,
        maybe_sent=maybe_sent,
        rng=lambda: rng,
        now=lambda: NOW,
    )


# --- which failures are retried ---------------------------------------------------

ERROR_RULES = [
    # (error, method, idempotent, maybe_sent, retried, reason)
    (httpx.ConnectError("refused"), "POST", False, False, True, "connection error"),
    (httpx.ConnectTimeout("slow"), "POST", False, False, True, "connect timeout"),
    (httpx.PoolTimeout("busy"), "POST", False, False, True, "connection pool timeout"),
    (httpx.ConnectError("refused"), "PATCH", False, True, True, "connection error"),
    (httpx.ConnectError("refused"), "GET", False, False, True, "connection error"),
    (httpx.ReadTimeout("slow"), "POST", False, True, False, "read timeout"),
    (httpx.ReadTimeout("slow"), "POST", True, True, True, "read timeout"),
    (httpx.ReadTimeout("slow"), "GET", False, True, True, "read timeout"),
    (httpx.ReadError("reset"), "PUT", False, True, True, "read error"),
    (httpx.ReadError("reset"), "DELETE", False, True, True, "read error"),
    (httpx.ReadError("reset"), "HEAD", False, True, True, "read error"),
    (httpx.ReadError("reset"), "OPTIONS", False, True, True, "read error"),
    (httpx.ReadError("reset"), "PATCH", False, True, False, "read error"),
    (httpx.ReadError("reset"), "PATCH", True, True, True, "read error"),
    (httpx.WriteError("pipe"), "POST", False, True, False, "write error"),
    (httpx.WriteTimeout("slow"), "POST", False, True, False, "write timeout"),
    (httpx.RemoteProtocolError("eof"), "POST", False, True, False, "remote protocol"),
    (httpx.RemoteProtocolError("eof"), "POST", True, True, True, "remote protocol"),
    (httpx.ReadError("reset"), "POST", False, False, True, "read error"),
    (ValueError("a bug, not the network"), "GET", True, False, False, "ValueError"),
]


@pytest.mark.parametrize(
    ("error", "method", "idempotent", "maybe_sent", "retried", "reason"),
    ERROR_RULES,
    ids=[
        f"{type(e).__name__}-{m}-idem={i}-sent={s}" for e, m, i, s, _, _ in ERROR_RULES
    ],
)
def test_transport_errors_are_retried_only_when_repeating_is_safe(
    error: BaseException,
    method: str,
    idempotent: bool,
    maybe_sent: bool,
    retried: bool,
    reason: str,
) -> None:
    decision = decide(
        method=method, error=error, idempotent=idempotent, maybe_sent=maybe_sent
    )
    assert decision.retry is retried
    assert decision.reason.startswith(reason)


@pytest.mark.parametrize("status", [408, 429, 500, 502, 503, 504])
@pytest.mark.parametrize(
    ("method", "idempotent", "retried"),
    [
        ("GET", False, True),
        ("HEAD", False, True),
        ("OPTIONS", False, True),
        ("PUT", False, True),
        ("DELETE", False, True),
        ("get", False, True),
        ("POST", False, False),
        ("PATCH", False, False),
        ("POST", True, True),
        ("PATCH", True, True),
    ],
)
def test_retryable_statuses_are_retried_only_when_repeating_is_safe(
    status: int, method: str, idempotent: bool, retried: bool
) -> None:
    decision = decide(method=method, status=status, idempotent=idempotent)
    assert decision.retry is retried
    assert decision.reason.startswith(f"{status} ")


@pytest.mark.parametrize(
    ("status", "reason"),
    [
        (503, "503 Service Unavailable"),
        (429, "429 Too Many Requests"),
        (408, "408 Request Timeout"),
        (500, "500 Internal Server Error"),
    ],
)
def test_reason_names_the_status(status: int, reason: str) -> None:
    assert decide(status=status).reason == reason


def test_unsafe_post_reason_says_why_it_was_not_retried() -> None:
    decision = decide(method="POST", status=503)
    assert decision.reason.startswith("503 Service Unavailable")
    assert "POST" in decision.reason
    assert "Idempotency-Key" in decision.reason
    assert decision.delay == 0.0


@pytest.mark.parametrize("status", [412, 422])
@pytest.mark.parametrize("method", ["GET", "PUT", "POST"])
def test_412_and_422_are_never_retried(status: int, method: str) -> None:
    headers = {"Idempotent-Replayed": "false", "Retry-After": "1"}
    decision = decide(method=method, status=status, headers=headers, idempotent=True)
    assert decision.retry is False
    assert decision.reason.startswith(str(status))


@pytest.mark.parametrize(
    "status", [200, 201, 204, 301, 400, 401, 403, 404, 405, 413, 501, 505]
)
def test_other_statuses_are_not_retried(status: int) -> None:
    decision = decide(method="GET", status=status, idempotent=True)
    assert decision.retry is False


@pytest.mark.parametrize("replayed", ["false", "False", " FALSE "])
def test_409_in_progress_is_retried_with_the_same_key(replayed: str) -> None:
    decision = decide(
        method="POST",
        status=409,
        headers={"Idempotent-Replayed": replayed},
        idempotent=True,
    )
    assert decision.retry is True
    assert decision.reason == "409 idempotent request in progress"


def test_409_in_progress_honours_retry_after() -> None:
    decision = decide(
        method="POST",
        status=409,
        headers={"Idempotent-Replayed": "false", "Retry-After": "7"},
        idempotent=True,
    )
    assert (decision.retry, decision.delay) == (True, 7.0)


def test_409_in_progress_without_a_key_is_not_retried() -> None:
    decision = decide(
        method="PUT", status=409, headers={"Idempotent-Replayed": "false"}
    )
    assert decision.retry is False
    assert "Idempotency-Key" in decision.reason


@pytest.mark.parametrize("headers", [{}, {"Idempotent-Replayed": "true"}])
def test_409_conflict_is_not_retried(headers: dict[str, str]) -> None:
    decision = decide(method="POST", status=409, headers=headers, idempotent=True)
    assert decision.retry is False
    assert decision.reason == "409 Conflict"


# --- how many times ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("max_retries", "attempt", "retried"),
    [
        (2, 0, True),
        (2, 1, True),
        (2, 2, False),
        (2, 5, False),
        (0, 0, False),
        (5, 4, True),
    ],
)
def test_retries_stop_at_max_retries(
    max_retries: int, attempt: int, retried: bool
) -> None:
    policy = retry.RetryPolicy(max_retries=max_retries)
    decision = decide(status=503, attempt=attempt, policy=policy)
    assert decision.retry is retried
    assert decision.reason.startswith("503 Service Unavailable")
    if not retried:
        assert f"gave up after {max_retries} retries" in decision.reason
        assert decision.delay == 0.0


def test_connection_errors_also_stop_at_max_retries() -> None:
    decision = decide(
        method="POST", error=httpx.ConnectError("x"), maybe_sent=False, attempt=2
    )
    assert decision.retry is False
    assert decision.reason.startswith("connection error")


# --- how long to wait -------------------------------------------------------------


@pytest.mark.parametrize(
    ("attempt", "delay"),
    [
        (0, 0.5),
        (1, 1.0),
        (2, 2.0),
        (3, 4.0),
        (4, 8.0),
        (5, 8.0),
        (100, 8.0),
        (5000, 8.0),
    ],
)
def test_backoff_doubles_up_to_max_delay(attempt: int, delay: float) -> None:
    policy = retry.RetryPolicy(max_retries=10_000)
    assert decide(status=503, attempt=attempt, policy=policy, rng=0.0).delay == delay


@pytest.mark.parametrize("rng", [0.0, 0.1, 0.5, 0.999, 1.0])
@pytest.mark.parametrize("attempt", [0, 1, 3])
def test_jitter_shortens_the_delay_by_at_most_the_jitter_fraction(
    rng: float, attempt: int
) -> None:
    policy = retry.RetryPolicy(max_retries=10, jitter=0.25)
    base = min(0.5 * 2**attempt, 8.0)
    delay = decide(status=503, attempt=attempt, policy=policy, rng=rng).delay
    assert delay == pytest.approx(base * (1 - 0.25 * rng))
    assert base * 0.75 <= delay <= base


@pytest.mark.parametrize(("rng", "delay"), [(-3.0, 0.5), (7.0, 0.375)])
def test_an_out_of_range_random_source_is_clamped(rng: float, delay: float) -> None:
    assert decide(status=503, rng=rng).delay == delay


def test_zero_jitter_gives_exact_delays() -> None:
    policy = retry.RetryPolicy(jitter=0.0)
    assert decide(status=503, policy=policy, rng=0.9).delay == 0.5


def test_default_random_source_stays_in_bounds() -> None:
    policy = retry.RetryPolicy()
    for _ in range(200):
        decision = policy.decide(
            attempt=1,
            method="GET",
            response=response(503),
            error=None,
            idempotent=False,
            maybe_sent=True,
        )
        assert 0.75 <= decision.delay <= 1.0


@pytest.mark.parametrize(
    ("headers", "delay"),
    [
        ({"Retry-After": "3"}, 3.0),
        ({"Retry-After": " 12 "}, 12.0),
        ({"Retry-After": "1.5"}, 1.5),
        ({"Retry-After": "0"}, 0.0),
        ({"Retry-After": "3600"}, 60.0),
        ({"Retry-After": "-5"}, 0.0),
        ({"retry-after-ms": "250"}, 0.25),
        ({"retry-after-ms": "250", "Retry-After": "9"}, 0.25),
        ({"retry-after-ms": "999999"}, 60.0),
        ({"retry-after-ms": "-1"}, 0.0),
        ({"retry-after-ms": "soon", "Retry-After": "2"}, 2.0),
        ({"Retry-After": "soon"}, 1.0),
        ({"Retry-After": ""}, 1.0),
        ({"Retry-After": "nan"}, 1.0),
        ({"Retry-After": "inf"}, 1.0),
        ({}, 1.0),
    ],
)
def test_retry_after_header_sets_the_delay(
    headers: dict[str, str], delay: float
) -> None:
    # attempt=1 with rng=0 gives a backoff of exactly 1.0 when no header applies
    assert decide(status=503, headers=headers, attempt=1, rng=0.0).delay == delay


def test_retry_after_is_not_jittered() -> None:
    assert decide(status=429, headers={"Retry-After": "4"}, rng=1.0).delay == 4.0


def http_date(offset: float) -> str:
    return format_datetime(datetime.fromtimestamp(NOW + offset, UTC), usegmt=True)


@pytest.mark.parametrize(
    ("offset", "delay"), [(30.0, 30.0), (0.0, 0.0), (-90.0, 0.0), (3600.0, 60.0)]
)
def test_retry_after_http_date_is_relative_to_now(offset: float, delay: float) -> None:
    headers = {"Retry-After": http_date(offset)}
    assert decide(status=503, headers=headers).delay == pytest.approx(delay)


def test_retry_after_http_date_without_zone_is_utc() -> None:
    when = datetime.fromtimestamp(NOW + 20, UTC)
    headers = {"Retry-After": when.strftime("%a, %d %b %Y %H:%M:%S -0000")}
    assert decide(status=503, headers=headers).delay == pytest.approx(20.0)


def test_retry_after_cap_is_configurable() -> None:
    policy = retry.RetryPolicy(max_retry_after=5.0)
    assert decide(status=503, headers={"Retry-After": "30"}, policy=policy).delay == 5.0


def test_retry_after_is_ignored_when_the_request_is_not_retried() -> None:
    decision = decide(method="POST", status=503, headers={"Retry-After": "3"})
    assert (decision.retry, decision.delay) == (False, 0.0)


# --- the policy object ------------------------------------------------------------


def test_defaults() -> None:
    policy = retry.RetryPolicy()
    assert (
        policy.max_retries,
        policy.initial_delay,
        policy.max_delay,
        policy.max_retry_after,
        policy.jitter,
    ) == (2, 0.5, 8.0, 60.0, 0.25)


def test_policy_and_decision_are_frozen() -> None:
    policy = retry.RetryPolicy()
    decision = decide(status=503)
    with pytest.raises(dataclasses.FrozenInstanceError):
        policy.max_retries = 5
    with pytest.raises(dataclasses.FrozenInstanceError):
        decision.retry = False
    assert decision == retry.RetryDecision(
        retry=True, delay=0.5, reason="503 Service Unavailable"
    )


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("max_retries", -1),
        ("initial_delay", -0.1),
        ("max_delay", float("inf")),
        ("max_retry_after", float("nan")),
        ("jitter", 1.5),
        ("jitter", -0.1),
    ],
)
def test_invalid_policy_is_rejected_naming_the_field(field: str, value: float) -> None:
    with pytest.raises(ValueError, match=field):
        retry.RetryPolicy(**{field: value})


def test_deciding_needs_a_response_or_an_error() -> None:
    with pytest.raises(ValueError, match="response or the error"):
        decide()


def test_safe_method_and_status_sets() -> None:
    assert {"GET", "HEAD", "OPTIONS", "PUT", "DELETE"} <= retry.IDEMPOTENT_METHODS
    assert "POST" not in retry.IDEMPOTENT_METHODS
    assert "PATCH" not in retry.IDEMPOTENT_METHODS
    assert {408, 429, 500, 502, 503, 504} == retry.RETRYABLE_STATUSES


# --- idempotency keys -------------------------------------------------------------


def test_idempotency_keys_are_prefixed_unique_uuid4s() -> None:
    keys = {retry.new_idempotency_key() for _ in range(1000)}
    assert len(keys) == 1000
    for key in keys:
        assert key.startswith("ahasend-")
        parsed = uuid.UUID(key.removeprefix("ahasend-"))
        assert parsed.version == 4 and parsed.variant == uuid.RFC_4122
        assert str(parsed) == key.removeprefix("ahasend-")  # canonical form
        assert len(key) <= 255  # the API's maxLength

"""Logging helpers: redacted headers, masked secrets, cheap when logging is off."""

from __future__ import annotations

import copy
import logging
import pickle
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.runtime._load import runtime

logs = runtime("_logging")

API_KEY = "aha-sk-0123456789abcdefSECRETVALUEzyxw"


@pytest.fixture
def caplog_ahasend(
    caplog: pytest.LogCaptureFixture,
) -> Iterator[pytest.LogCaptureFixture]:
    caplog.set_level(logging.DEBUG, logger="ahasend")
    yield caplog


def test_logger_is_the_ahasend_logger() -> None:
    assert logs.logger is logging.getLogger("ahasend")


# --- headers ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "value", "shown"),
    [
        ("Authorization", f"Bearer {API_KEY}", "Bearer ****"),
        ("authorization", f"bearer {API_KEY}", "bearer ****"),
        ("AUTHORIZATION", API_KEY, "****"),
        ("Proxy-Authorization", "Basic dXNlcjpwYXNz", "Basic ****"),
        ("X-Api-Key", API_KEY, "****"),
        ("api_key", API_KEY, "****"),
        ("X-Webhook-Secret", "whsec_abc", "****"),
        ("X-Auth-Token", "t0k3n", "****"),
        ("webhook-signature", "v1,abc=", "****"),
        ("Cookie", "session=abc", "****"),
        ("Set-Cookie", "session=abc; HttpOnly", "****"),
        ("X-Password", "hunter2", "****"),
        ("X-Credentials", "c", "****"),
        ("Idempotency-Key", "ahasend-1234", "ahasend-1234"),
        ("Content-Type", "application/json", "application/json"),
        ("User-Agent", "ahasend-python/1.0", "ahasend-python/1.0"),
        ("Idempotent-Replayed", "true", "true"),
    ],
)
def test_redact_headers_masks_credentials(name: str, value: str, shown: str) -> None:
    assert logs.redact_headers({name: value}) == {name: shown}


def test_redact_headers_accepts_httpx_headers_and_pairs() -> None:
    headers = httpx.Headers({"Authorization": f"Bearer {API_KEY}", "Accept": "*/*"})
    expected = {"authorization": "Bearer ****", "accept": "*/*"}
    assert logs.redact_headers(headers) == expected
    pairs = [("Authorization", f"Bearer {API_KEY}"), ("Accept", "*/*")]
    assert logs.redact_headers(pairs) == {
        "Authorization": "Bearer ****",
        "Accept": "*/*",
    }
    assert API_KEY not in repr(logs.redact_headers(headers))


def test_redact_headers_leaves_the_input_alone() -> None:
    headers = {"Authorization": f"Bearer {API_KEY}"}
    logs.redact_headers(headers)
    assert headers == {"Authorization": f"Bearer {API_KEY}"}


# --- Secret -----------------------------------------------------------------------


def test_secret_get_returns_the_value() -> None:
    assert logs.Secret(API_KEY).get() == API_KEY


@pytest.mark.parametrize(
    "render",
    [
        repr,
        str,
        lambda s: f"{s}",
        lambda s: f"{s!r}",
        lambda s: f"{s:>60}",
        lambda s: "{}".format(s),  # noqa: UP032 - str.format is a separate path
        lambda s: "%s %r" % (s, s),  # noqa: UP031 - so is %-formatting
        lambda s: repr([s, {"key": s}]),
        lambda s: str(ValueError(s)),
        lambda s: repr(ValueError(s)),
    ],
)
def test_secret_never_renders_its_value(render: Any) -> None:
    text = render(logs.Secret(API_KEY))
    assert API_KEY not in text
    assert "SECRET" not in text
    assert "Secret('****')" in text


def test_secret_in_a_log_record_is_masked(
    caplog_ahasend: pytest.LogCaptureFixture,
) -> None:
    logs.logger.info("key is %s / %r", logs.Secret(API_KEY), logs.Secret(API_KEY))
    assert API_KEY not in caplog_ahasend.text
    assert "Secret('****')" in caplog_ahasend.text


def test_secret_compares_hashes_and_copies_by_value() -> None:
    secret = logs.Secret(API_KEY)
    assert secret == logs.Secret(API_KEY)
    assert secret != logs.Secret("other")
    assert secret != API_KEY  # not equal to the bare string: no accidental leaks
    assert hash(secret) == hash(logs.Secret(API_KEY))
    assert copy.copy(secret).get() == API_KEY
    assert copy.deepcopy({"k": secret})["k"].get() == API_KEY


def test_secret_truthiness_follows_the_value() -> None:
    assert logs.Secret(API_KEY)
    assert not logs.Secret("")


def test_secret_refuses_pickling_without_showing_the_value() -> None:
    with pytest.raises(TypeError) as caught:
        pickle.dumps(logs.Secret(API_KEY))
    assert API_KEY not in str(caught.value)


def test_secret_has_no_instance_dict() -> None:
    secret = logs.Secret(API_KEY)
    assert not hasattr(secret, "__dict__")
    with pytest.raises(TypeError):
        vars(secret)


def test_secret_wraps_only_strings() -> None:
    with pytest.raises(TypeError, match="str"):
        logs.Secret(b"bytes")


# --- log lines --------------------------------------------------------------------


def records(caplog: pytest.LogCaptureFixture) -> list[tuple[int, str]]:
    return [(r.levelno, r.getMessage()) for r in caplog.records if r.name == "ahasend"]


def test_log_request_is_debug(caplog_ahasend: pytest.LogCaptureFixture) -> None:
    logs.log_request("post", "https://api.ahasend.com/v2/ping", 0)
    assert records(caplog_ahasend) == [
        (
            logging.DEBUG,
            "HTTP request: POST https://api.ahasend.com/v2/ping (attempt 1)",
        )
    ]


@pytest.mark.parametrize(
    ("status", "level", "phrase"),
    [
        (200, logging.DEBUG, "OK"),
        (304, logging.DEBUG, "Not Modified"),
        (404, logging.INFO, "Not Found"),
        (503, logging.INFO, "Service Unavailable"),
    ],
)
def test_log_response_level_follows_the_status(
    caplog_ahasend: pytest.LogCaptureFixture, status: int, level: int, phrase: str
) -> None:
    logs.log_response(
        "GET", httpx.URL("https://api.ahasend.com/v2/ping"), status, 0.1234, 1
    )
    assert records(caplog_ahasend) == [
        (
            level,
            f"HTTP response: GET https://api.ahasend.com/v2/ping -> {status} {phrase} "
            "in 0.123s (attempt 2)",
        )
    ]


def test_log_retry_is_info_with_reason_and_delay(
    caplog_ahasend: pytest.LogCaptureFixture,
) -> None:
    logs.log_retry(
        "POST", "https://api.ahasend.com/v2/x", "503 Service Unavailable", 1.5, 0
    )
    assert records(caplog_ahasend) == [
        (
            logging.INFO,
            "Retrying POST https://api.ahasend.com/v2/x in 1.500s (retry 1): "
            "503 Service Unavailable",
        )
    ]


def test_log_lines_mask_a_password_in_the_url(
    caplog_ahasend: pytest.LogCaptureFixture,
) -> None:
    logs.log_request("GET", "https://user:hunter2@example.com/v2/ping", 0)
    logs.log_retry("GET", httpx.URL("https://user:hunter2@example.com/"), "r", 1.0, 0)
    assert "hunter2" not in caplog_ahasend.text
    assert "****" in caplog_ahasend.text


class Unprintable:
    def __str__(self) -> str:
        raise AssertionError("formatted although logging is off")

    __repr__ = __str__


def test_log_helpers_do_no_work_when_logging_is_off(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.WARNING, logger="ahasend")
    url: Any = Unprintable()
    logs.log_request("GET", url, 0)
    logs.log_response("GET", url, 503, 0.1, 0)
    logs.log_retry("GET", url, "503", 1.0, 0)
    assert records(caplog) == []

"""URL safety: path parameters stay one segment, base URLs are HTTPS, no header injection."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import httpx
import pytest

from tests.runtime._load import runtime

urls = runtime("_urls")

TEMPLATE = "/v2/accounts/{account_id}/domains/{domain}"


# --- path parameters --------------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "path"),
    [
        (
            {"account_id": "acc-1", "domain": "example.com"},
            "/v2/accounts/acc-1/domains/example.com",
        ),
        ({"account_id": 42, "domain": "x"}, "/v2/accounts/42/domains/x"),
        ({"account_id": "a b", "domain": "ü"}, "/v2/accounts/a%20b/domains/%C3%BC"),
        (
            {"account_id": "a?b#c", "domain": "d;e"},
            "/v2/accounts/a%3Fb%23c/domains/d%3Be",
        ),
        (
            {"account_id": "%2F", "domain": "%2e%2e"},
            "/v2/accounts/%252F/domains/%252e%252e",
        ),
        ({"account_id": "...", "domain": "..a"}, "/v2/accounts/.../domains/..a"),
        ({"account_id": "a", "domain": "b", "unused": "c"}, "/v2/accounts/a/domains/b"),
    ],
)
def test_encode_path_fills_and_percent_encodes(
    values: dict[str, Any], path: str
) -> None:
    assert urls.encode_path(TEMPLATE, values) == path


def test_encoded_path_is_one_segment_per_value_in_httpx() -> None:
    path = urls.encode_path("/v2/x/{id}", {"id": "a%2Fb"})
    url = httpx.URL("https://api.ahasend.com").join(path)
    assert url.raw_path == b"/v2/x/a%252Fb"


@pytest.mark.parametrize("value", [
    "abc", "A-Z_0.9~", "22222222-2222-4222-8222-222222222222", ".hidden", "a..b", "-",
    "a b", "ä", "x%2F", "a?b", "a#b", "a;b", "@", "+", 42, 0,
])
def test_each_value_is_percent_encoded_with_nothing_safe(value: str | int) -> None:
    # The shortcut for values quote() keeps as they are must agree with quote().
    expected = f"/v2/x/{quote(str(value), safe='')}/y"
    assert urls.encode_path("/v2/x/{id}/y", {"id": value}) == expected


def test_template_without_placeholders_is_unchanged() -> None:
    assert urls.encode_path("/v2/ping", {}) == "/v2/ping"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "must not be empty"),
        ("/", "must not contain '/'"),
        ("a/b", "must not contain '/'"),
        ("../admin", "must not contain '/'"),
        ("a\\b", "must not contain '/' or '\\'"),
        (".", "must not be '.'"),
        ("..", "must not be '..'"),
        ("a\r\nX-Injected: 1", "control characters"),
        ("a\nb", "control characters"),
        ("a\x00b", "control characters"),
        ("a\tb", "control characters"),
    ],
)
def test_encode_path_rejects_values_that_would_change_the_path(
    value: str, message: str
) -> None:
    with pytest.raises(ValueError, match="'domain'") as caught:
        urls.encode_path(TEMPLATE, {"account_id": "acc", "domain": value})
    assert message in str(caught.value)


def test_encode_path_names_a_missing_value() -> None:
    with pytest.raises(ValueError, match="'domain'.*has no value"):
        urls.encode_path(TEMPLATE, {"account_id": "acc"})


@pytest.mark.parametrize("value", [None, True, 1.5, b"bytes", ["a"]])
def test_encode_path_rejects_non_strings(value: Any) -> None:
    with pytest.raises(TypeError, match="'account_id' must be a str"):
        urls.encode_path(TEMPLATE, {"account_id": value, "domain": "d"})


# --- base URL ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "checked"),
    [
        ("https://api.ahasend.com", "https://api.ahasend.com"),
        ("https://api.ahasend.com/", "https://api.ahasend.com"),
        ("https://api.ahasend.com/base/", "https://api.ahasend.com/base"),
        ("HTTPS://api.ahasend.com", "https://api.ahasend.com"),
        ("https://api.ahasend.com:8443", "https://api.ahasend.com:8443"),
        (" https://api.ahasend.com\n", "https://api.ahasend.com"),
        ("http://127.0.0.1:4010", "http://127.0.0.1:4010"),
        ("http://127.0.0.1:4010/", "http://127.0.0.1:4010"),
        ("http://127.1.2.3", "http://127.1.2.3"),
        ("http://localhost:4010", "http://localhost:4010"),
        ("http://LOCALHOST", "http://LOCALHOST"),
        ("http://[::1]:4010", "http://[::1]:4010"),
        ("https://localhost", "https://localhost"),
    ],
)
def test_check_base_url_accepts(url: str, checked: str) -> None:
    assert urls.check_base_url(url) == checked


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("http://example.com", "use 'https://example.com'"),
        ("http://api.ahasend.com/", "unencrypted"),
        ("http://128.0.0.1", "plain http"),
        ("http://10.0.0.1:4010", "plain http"),
        ("http://localhost.example.com", "plain http"),
        ("http://127.0.0.1.nip.io", "plain http"),
        ("http://[::2]", "plain http"),
        ("ftp://example.com", "absolute https://"),
        ("api.ahasend.com", "absolute https://"),
        ("//api.ahasend.com", "absolute https://"),
        ("https://", "absolute https://"),
        ("", "absolute https://"),
        ("https://user:pw@api.ahasend.com", "user info"),
        ("https://user@api.ahasend.com", "user info"),
        ("https://api.ahasend.com/?x=1", "query or fragment"),
        ("https://api.ahasend.com?", "query or fragment"),
        ("https://api.ahasend.com/#frag", "query or fragment"),
        ("https://api.ahasend.com:notaport", "not a valid URL"),
        ("https://api.ahasend.com/\r\nx", "control characters"),
    ],
)
def test_check_base_url_rejects_with_advice(url: str, message: str) -> None:
    with pytest.raises(ValueError, match="base_url") as caught:
        urls.check_base_url(url)
    assert message in str(caught.value)


def test_check_base_url_error_does_not_repeat_a_password() -> None:
    with pytest.raises(ValueError) as caught:
        urls.check_base_url("https://user:hunter2@api.ahasend.com")
    assert "hunter2" not in str(caught.value)
    assert "***@api.ahasend.com" in str(caught.value)


# --- origins ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("https://api.ahasend.com/v2/a", "https://api.ahasend.com/v2/b?x=1", True),
        ("https://api.ahasend.com", "https://api.ahasend.com:443/x", True),
        ("http://127.0.0.1", "http://127.0.0.1:80/x", True),
        ("https://API.ahasend.com", "https://api.ahasend.com", True),
        ("https://api.ahasend.com", "http://api.ahasend.com", False),
        ("https://api.ahasend.com", "https://evil.example.com", False),
        ("https://api.ahasend.com", "https://api.ahasend.com.evil.example", False),
        ("https://api.ahasend.com", "https://api.ahasend.com:8443", False),
        ("http://127.0.0.1:4010", "http://127.0.0.1:4011", False),
        ("http://127.0.0.1:4010", "http://localhost:4010", False),
    ],
)
def test_same_origin_compares_scheme_host_and_port(a: str, b: str, same: bool) -> None:
    assert urls.same_origin(httpx.URL(a), httpx.URL(b)) is same
    assert urls.same_origin(httpx.URL(b), httpx.URL(a)) is same


# --- header values ----------------------------------------------------------------


def test_check_header_value_returns_a_safe_value() -> None:
    assert (
        urls.check_header_value("Idempotency-Key", "ahasend-123 abc")
        == "ahasend-123 abc"
    )


@pytest.mark.parametrize("value", ["a\rb", "a\nb", "a\r\nX-Evil: 1", "a\x00"])
def test_check_header_value_rejects_line_breaks_without_echoing_the_value(
    value: str,
) -> None:
    with pytest.raises(ValueError, match="'Authorization'") as caught:
        urls.check_header_value("Authorization", value)
    assert value not in str(caught.value)
    assert "CR, LF or NUL" in str(caught.value)


@pytest.mark.parametrize("name", ["", "X Bad", "X-Bad:", "X-Bad\r\n", "X-\x00"])
def test_check_header_value_rejects_invalid_names(name: str) -> None:
    with pytest.raises(ValueError, match="not a valid HTTP header name"):
        urls.check_header_value(name, "v")

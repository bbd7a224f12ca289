"""Building and checking URLs so user input can never redirect a request.

Path parameters are validated and percent-encoded (a value is always exactly one
path segment), the base URL must be HTTPS unless it points at this machine, and
header values cannot smuggle in extra header lines.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Mapping
from urllib.parse import SplitResult, quote, urlsplit

import httpx

__all__ = ["check_base_url", "check_header_value", "encode_path", "same_origin"]

_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
_CONTROL_CHARS = re.compile(r"[\x00-\x1f\x7f]")
_HEADER_BREAKERS = re.compile(r"[\r\n\x00]")
_HEADER_NAME = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+")
_DEFAULT_PORTS = {"http": 80, "https": 443}


def encode_path(template: str, values: Mapping[str, str | int]) -> str:
    """Fill the ``{name}`` placeholders of ``template`` with encoded ``values``.

    Each value must be a non-empty string (or an int) that is not ``.`` or
    ``..`` and holds no ``/``, ``\\`` or control characters; it is then
    percent-encoded with nothing left safe, so ``%2F`` is sent as ``%252F``.
    Raises ValueError naming the parameter otherwise.
    """
    # [literal, name, literal, name, ..., literal], split once per template
    parts = _TEMPLATES.get(template) or _split(template)
    path = parts[0]
    for i in range(1, len(parts), 2):
        name = parts[i]
        if name not in values:
            raise ValueError(
                f"path parameter {name!r} of {template!r} has no value; pass it "
                "as an argument"
            )
        value = values[name]
        if type(value) is str and _PLAIN_SEGMENT.fullmatch(value):
            path += value + parts[i + 1]  # checked, and quote() would keep it as is
        else:
            path += quote(_check_segment(name, value), safe="") + parts[i + 1]
    return path


def _split(template: str) -> list[str]:
    if len(_TEMPLATES) >= 1024:  # templates come from code: this is a guard only
        _TEMPLATES.clear()
    parts = _TEMPLATES[template] = _PLACEHOLDER.split(template)
    return parts


_TEMPLATES: dict[str, list[str]] = {}
# Characters quote() never encodes, not starting with "." (so never "." or "..").
_PLAIN_SEGMENT = re.compile(r"[A-Za-z0-9_~-][A-Za-z0-9_.~-]*")


def _check_segment(name: str, value: object) -> str:
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise TypeError(
            f"path parameter {name!r} must be a str, got {type(value).__name__}"
        )
    text = str(value)
    if text == "":
        raise ValueError(f"path parameter {name!r} must not be empty")
    if _CONTROL_CHARS.search(text):
        raise ValueError(
            f"path parameter {name!r} must not contain control characters "
            "(CR, LF, NUL, ...)"
        )
    if text in (".", ".."):
        raise ValueError(
            f"path parameter {name!r} must not be {text!r}: it would change the "
            "path; pass the identifier itself"
        )
    if "/" in text or "\\" in text:
        raise ValueError(
            f"path parameter {name!r} must not contain '/' or '\\' (got {text!r}); "
            "pass a single identifier, not a path"
        )
    return text


def check_base_url(url: str) -> str:
    """Validate a base URL and return it without a trailing slash.

    HTTPS is required, except for loopback hosts (``localhost``, 127.0.0.0/8,
    ``::1``) which may use plain HTTP, e.g. a local mock server. User info,
    queries and fragments are refused.
    """
    text = url.strip()
    if _CONTROL_CHARS.search(text):
        raise ValueError("base_url must not contain control characters")
    try:
        parts = urlsplit(text)
        _ = parts.port  # raises ValueError for a port that is not a number
    except ValueError as exc:
        raise ValueError(
            f"base_url {_without_userinfo(text)!r} is not a valid URL ({exc}); "
            "use e.g. 'https://api.ahasend.com'"
        ) from exc
    shown = _without_userinfo(text)
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(
            f"base_url {shown!r} must be an absolute https:// URL with a host, "
            "e.g. 'https://api.ahasend.com'"
        )
    if "@" in parts.netloc:
        raise ValueError(
            f"base_url {shown!r} must not contain user info (user:password@); the "
            "API key is sent in the Authorization header - pass it as api_key"
        )
    if "?" in text or "#" in text:
        raise ValueError(
            f"base_url {shown!r} must not have a query or fragment; remove the "
            "part from '?' or '#' on"
        )
    if scheme == "http" and not _is_loopback(parts.hostname):
        secure = "https" + text[len(parts.scheme) :]
        raise ValueError(
            f"base_url {shown!r} uses plain http, which would send the API key "
            f"unencrypted; use {secure.rstrip('/')!r} (http is only allowed for "
            "loopback hosts such as http://127.0.0.1:4010)"
        )
    return scheme + text[len(parts.scheme) :].rstrip("/")


def _is_loopback(host: str) -> bool:
    host = host.lower().rstrip(".")
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _without_userinfo(text: str) -> str:
    """The URL with any ``user:password@`` replaced, for error messages."""
    try:
        parts = urlsplit(text)
    except ValueError:
        return "<unparseable URL>"
    if "@" not in parts.netloc:
        return text
    host = parts.netloc.rpartition("@")[2]
    return SplitResult(
        parts.scheme, f"***@{host}", parts.path, parts.query, parts.fragment
    ).geturl()


def same_origin(a: httpx.URL, b: httpx.URL) -> bool:
    """True when both URLs share scheme, host and (effective) port."""
    return (
        a.scheme.lower() == b.scheme.lower()
        and a.host.lower() == b.host.lower()
        and _effective_port(a) == _effective_port(b)
    )


def _effective_port(url: httpx.URL) -> int | None:
    return url.port if url.port is not None else _DEFAULT_PORTS.get(url.scheme.lower())


def check_header_value(name: str, value: str) -> str:
    """Return ``value`` if it is safe to send as header ``name``.

    Raises ValueError when the name is not a valid header name or the value holds
    CR, LF or NUL (header injection). The message names the header but never
    repeats the value, which may be a credential.
    """
    if not _HEADER_NAME.fullmatch(name):
        raise ValueError(f"{name!r} is not a valid HTTP header name")
    if _HEADER_BREAKERS.search(value):
        raise ValueError(
            f"header {name!r} must not contain CR, LF or NUL characters; remove "
            "line breaks from the value"
        )
    return value

"""`webhooks.verify` and `sign`: Standard Webhooks signatures with AhaSend's literal key.

Expected signatures are computed here, independently, with the standard
library's hmac + base64, from the rules in the facts sheet.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from tests.runtime._load import runtime

webhooks = runtime("webhooks")
exceptions = runtime("_exceptions")

SECRET = "aha-whsec-8pVbq3mXgR0yZt1LkWc5JdN2"
MSG_ID = "4f0c1c1e-7d6a-4c55-9b36-0f2b8c3d9e10"
STAMP = 1714988956
BODY = (
    b'{"type":"message.delivered","webhook_id":"4f0c1c1e-7d6a-4c55-9b36-0f2b8c3d9e10",'
    b'"timestamp":"2024-05-06T09:49:16.687031577Z","data":{"recipient":"u@example.org"}}'
)


def expected_signature(secret: str, msg_id: str, stamp: int | str, body: bytes) -> str:
    """The facts sheet's rule: base64(HMAC-SHA256(utf8(secret), "id.timestamp.body"))."""
    content = msg_id.encode() + b"." + str(stamp).encode() + b"." + body
    digest = hmac.new(secret.encode("utf-8"), content, hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def headers_for(body: bytes = BODY, *, secret: str = SECRET, stamp: int = STAMP,
                msg_id: str = MSG_ID) -> dict[str, str]:
    return {
        "webhook-id": msg_id,
        "webhook-timestamp": str(stamp),
        "webhook-signature": "v1," + expected_signature(secret, msg_id, stamp, body),
    }


def verify(body: bytes | str, headers: Any, secret: str = SECRET, **options: Any) -> None:
    options.setdefault("now", STAMP + 10)
    webhooks.verify(body, headers, secret, **options)


def rejection(body: bytes, headers: Any, secret: str = SECRET, **options: Any) -> Any:
    with pytest.raises(webhooks.WebhookVerificationError) as caught:
        verify(body, headers, secret, **options)
    assert SECRET not in str(caught.value) and SECRET not in repr(caught.value)
    return caught.value


# -- known answers ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("secret", "msg_id", "stamp", "body"),
    [
        (SECRET, MSG_ID, STAMP, BODY),
        ("aha-whsec-short", "msg_1", 1, b"{}"),
        ("aha-whsec-ünïcødé", "msg_2", 1700000000, '{"name":"日本"}'.encode()),
        ("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek",
         1614265330, b'{"test": 2432232314}'),
    ],
)
def test_a_signature_computed_from_the_documented_rule_verifies(
    secret: str, msg_id: str, stamp: int, body: bytes
) -> None:
    headers = headers_for(body, secret=secret, stamp=stamp, msg_id=msg_id)
    webhooks.verify(body, headers, secret, now=stamp)


def test_sign_produces_the_documented_signature() -> None:
    signed = webhooks.sign(BODY, secret=SECRET, msg_id=MSG_ID, timestamp=STAMP)
    assert signed == headers_for()


def test_the_key_is_the_whole_secret_not_its_base64_decoding() -> None:
    # What stock Standard Webhooks libraries do with `whsec_...` secrets.
    secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
    decoded = base64.b64decode(secret.removeprefix("whsec_"))
    content = f"{MSG_ID}.{STAMP}.".encode() + BODY
    signature = base64.b64encode(hmac.new(decoded, content, hashlib.sha256).digest()).decode()
    headers = {**headers_for(secret=secret), "webhook-signature": "v1," + signature}
    assert rejection(BODY, headers, secret).reason == "no_matching_signature"


def test_sign_round_trips_with_verify_using_the_clock() -> None:
    signed = webhooks.sign("héllo", secret=SECRET)
    webhooks.verify("héllo".encode(), signed, SECRET)
    assert signed["webhook-id"].startswith("msg_")
    assert signed["webhook-signature"].startswith("v1,")


def test_sign_accepts_a_datetime_and_rejects_an_empty_id() -> None:
    moment = datetime(2024, 5, 6, 9, 49, 16, tzinfo=UTC)
    assert webhooks.sign(b"{}", secret=SECRET, timestamp=moment)["webhook-timestamp"] == str(
        int(moment.timestamp()))
    with pytest.raises(ValueError, match="msg_id"):
        webhooks.sign(b"{}", secret=SECRET, msg_id="")


# -- what is rejected -------------------------------------------------------------------------


def test_a_tampered_body_is_rejected() -> None:
    error = rejection(BODY.replace(b"u@example.org", b"x@example.org"), headers_for())
    assert error.reason == "no_matching_signature"
    assert "changed after signing" in str(error)


def test_a_wrong_secret_is_rejected() -> None:
    assert rejection(BODY, headers_for(), "aha-whsec-other").reason == "no_matching_signature"


def test_a_changed_id_or_timestamp_is_rejected() -> None:
    assert rejection(BODY, {**headers_for(), "webhook-id": "other"}).reason == (
        "no_matching_signature")
    moved = {**headers_for(), "webhook-timestamp": str(STAMP + 1)}
    assert rejection(BODY, moved).reason == "no_matching_signature"


def test_a_timestamp_older_than_five_minutes_is_rejected() -> None:
    verify(BODY, headers_for(), now=STAMP + 300)
    error = rejection(BODY, headers_for(), now=STAMP + 301)
    assert error.reason == "too_old"
    assert "301 s ago" in str(error) and "300 s tolerance" in str(error)


def test_a_timestamp_more_than_five_minutes_ahead_is_rejected() -> None:
    verify(BODY, headers_for(), now=STAMP - 300)
    error = rejection(BODY, headers_for(), now=STAMP - 301)
    assert error.reason == "too_new"
    assert "in the future" in str(error) and "clock" in str(error)


def test_the_tolerance_can_be_a_timedelta_or_seconds() -> None:
    verify(BODY, headers_for(), now=STAMP + 3600, tolerance=timedelta(hours=1))
    assert rejection(BODY, headers_for(), now=STAMP + 61, tolerance=60).reason == "too_old"
    verify(BODY, headers_for(), now=datetime.fromtimestamp(STAMP, UTC))
    with pytest.raises(ValueError, match="tolerance"):
        verify(BODY, headers_for(), tolerance=-1)


@pytest.mark.parametrize("stamp", ["", "soon", "1714988956.5", "+1714988956", "1_714_988_956",
                                   "-5", "9" * 5000, "１７１４９８８９５６"])
def test_a_timestamp_that_is_not_unix_seconds_is_rejected(stamp: str) -> None:
    headers = {**headers_for(), "webhook-timestamp": stamp}
    error = rejection(BODY, headers)
    assert error.reason == ("missing_header" if not stamp else "bad_timestamp")
    assert "webhook-timestamp" in str(error)
    assert len(str(error)) < 300  # a huge value is not echoed whole


@pytest.mark.parametrize("missing", ["webhook-id", "webhook-timestamp", "webhook-signature"])
def test_each_missing_header_is_named(missing: str) -> None:
    headers = {k: v for k, v in headers_for().items() if k != missing}
    error = rejection(BODY, headers)
    assert error.reason == "missing_header"
    assert str(error).startswith(f"the {missing} header is missing")


def test_one_valid_signature_among_several_is_enough() -> None:
    valid = headers_for()["webhook-signature"]
    old = "v1," + expected_signature("aha-whsec-old", MSG_ID, STAMP, BODY)
    for header in (f"{old} {valid}", f"{valid} {old}", f"v2,abc {valid}", f"{old}, {valid}"):
        verify(BODY, {**headers_for(), "webhook-signature": header})


def test_signatures_of_other_versions_are_ignored() -> None:
    signature = headers_for()["webhook-signature"].removeprefix("v1,")
    header = f"v1a,{signature} v2,{signature}"
    error = rejection(BODY, {**headers_for(), "webhook-signature": header})
    assert error.reason == "no_v1_signature"
    assert "v1a, v2" in str(error)


def test_only_invalid_signatures_are_rejected() -> None:
    header = "v1,bm90IGl0 v1,YWxzbyBub3Q="
    assert rejection(BODY, {**headers_for(), "webhook-signature": header}).reason == (
        "no_matching_signature")


# -- where headers come from ------------------------------------------------------------------


def test_header_names_match_in_any_case() -> None:
    verify(BODY, {k.upper(): v for k, v in headers_for().items()})
    verify(BODY, {k.title(): v for k, v in headers_for().items()})


def test_httpx_headers_and_asgi_pairs_are_accepted() -> None:
    verify(BODY, httpx.Headers(headers_for()))
    verify(BODY, [(k.encode(), v.encode()) for k, v in headers_for().items()])
    verify(BODY, list(headers_for().items()))


def test_repeated_signature_headers_are_all_considered() -> None:
    pairs = [(k, v) for k, v in headers_for().items()]
    pairs.insert(0, ("Webhook-Signature", "v1,bm90IGl0"))
    verify(BODY, pairs)
    verify(BODY, httpx.Headers(pairs))  # httpx joins them as "v1,a, v1,b"


def test_a_string_body_is_verified_as_its_utf8_bytes() -> None:
    body = '{"name":"日本"}'
    verify(body, headers_for(body.encode()))


def test_headers_given_as_a_string_are_a_type_error() -> None:
    with pytest.raises(TypeError, match="headers"):
        verify(BODY, "webhook-id: x")


@pytest.mark.parametrize(("secret", "error"), [("", ValueError), (b"aha-whsec-x", TypeError)])
def test_an_unusable_secret_is_a_clear_error_that_does_not_echo_it(
    secret: Any, error: type[Exception]
) -> None:
    with pytest.raises(error, match="secret") as caught:
        verify(BODY, headers_for(), secret)
    assert "aha-whsec-x" not in str(caught.value)


def test_the_error_is_an_ahasend_error_with_a_stable_reason() -> None:
    error = rejection(BODY, {})
    assert isinstance(error, exceptions.AhaSendError)
    assert error.reason == "missing_header"

"""The README's webhook receiver runs: it answers signed deliveries 204 and forged ones 400."""

from __future__ import annotations

import http.client
import json
import re
import threading
from collections.abc import Iterator
from http.server import HTTPServer
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from tests.webhooks.conftest import ENV_PREFIX

SECRET = "aha-whsec-readme"


def receiver_block(readme: str) -> str:
    blocks = re.findall(r"```python\n(.*?)```", readme, re.S)
    [block] = [b for b in blocks if "BaseHTTPRequestHandler" in b]
    return str(block)


@pytest.fixture()
def server(events_src: Path, events_package: ModuleType,
           monkeypatch: pytest.MonkeyPatch) -> Iterator[HTTPServer]:
    """The README's `Receiver` served on a free local port until the test ends."""
    monkeypatch.setenv(f"{ENV_PREFIX}_WEBHOOK_SECRET", SECRET)
    readme = (events_src.parent / "README.md").read_text(encoding="utf-8")
    namespace: dict[str, Any] = {"__name__": "readme_receiver"}  # not __main__: no port 8000
    exec(compile(receiver_block(readme), "README receiver", "exec"), namespace)
    server = HTTPServer(("127.0.0.1", 0), namespace["Receiver"])
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def post(server: HTTPServer, body: bytes, headers: dict[str, str]) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", server.server_address[1], timeout=5)
    try:
        connection.request("POST", "/webhooks", body=body, headers=headers)
        return connection.getresponse().status
    finally:
        connection.close()


def test_the_readme_receiver_accepts_signed_events_and_rejects_forged_ones(
    server: HTTPServer, events_package: ModuleType, capsys: pytest.CaptureFixture[str]
) -> None:
    sign = events_package.webhooks.sign
    event = {"type": "domain.dns_error", "webhook_id": "w", "timestamp": "2024-05-06T09:49:16Z",
             "data": {"domain": "example.com", "account_id": "a", "spf_valid": False,
                      "dkim_valid": True, "dmarc_valid": True,
                      "dns_last_checked_at": "2024-05-06T09:49:16Z"}}
    body = json.dumps(event).encode()
    assert post(server, body, sign(body, secret=SECRET)) == 204
    assert post(server, body, sign(body, secret="aha-whsec-someone-else")) == 400
    assert post(server, body.replace(b"false", b"true"), sign(body, secret=SECRET)) == 400
    assert post(server, body, {}) == 400
    new = json.dumps({"type": "message.new_kind", "data": {}}).encode()
    assert post(server, new, sign(new, secret=SECRET)) == 204
    printed = capsys.readouterr().out
    assert "received domain.dns_error DomainDnsErrorEvent" in printed
    assert "received message.new_kind UnknownWebhookEvent" in printed
    assert "rejected: no v1 signature" in printed and "rejected: the webhook-id header" in printed
    assert SECRET not in printed

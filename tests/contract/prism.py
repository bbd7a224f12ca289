"""Start Prism (the OpenAPI mock server) on 127.0.0.1 and stop it again.

Prism validates every request against the spec (a request it rejects gets a
422 with the violations) and answers with data generated from the response
schemas (`--dynamic`), so a response the client cannot parse is the client's
or the spec's fault, never the mock's.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]
PRISM = ROOT / "node_modules" / ".bin" / "prism"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextlib.contextmanager
def prism_server(
    spec: Path, *, ready_path: str = "/v2/ping", timeout: float = 60.0
) -> Iterator[str]:
    """Yield the base URL of a Prism mock serving `spec`; stop it on exit."""
    if not PRISM.exists():
        raise RuntimeError(f"{PRISM} is missing: run `make test` (it installs Prism with npm ci)")
    port = free_port()
    log = open(os.devnull, "wb")  # noqa: SIM115 - closed in finally
    process = subprocess.Popen(
        [str(PRISM), "mock", "--host", "127.0.0.1", "--port", str(port), "--dynamic", str(spec)],
        stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )
    base_url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_ready(process, base_url + ready_path, timeout)
        yield base_url
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        log.close()


def _wait_until_ready(process: subprocess.Popen[bytes], url: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"Prism exited with status {process.returncode} before serving")
        with contextlib.suppress(httpx.TransportError):
            if httpx.get(url, headers={"Authorization": "Bearer ready"}, timeout=1).is_success:
                return
        time.sleep(0.2)
    raise RuntimeError(f"Prism did not answer {url} within {timeout:.0f} s")

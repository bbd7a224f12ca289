"""Section 5: calls per second against Prism, the real mock server, pacing on and off.

Prism serves the normalised spec on 127.0.0.1 (the contract tests' fixture
starts it). With pacing off the client goes as fast as Prism answers; with
pacing on and a tight limit (20 requests/s, burst 1) the achieved rate must
stay at the limit: that is what keeps a real client under the API's limits.
Run in a child process (`python throughput.py SRC CALLS`), printing JSON.
"""

from __future__ import annotations

import importlib
import json
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
LIMIT = 20.0


def _client(base_url: str, pacing: bool) -> Any:
    ahasend = importlib.import_module("ahasend")
    limits = importlib.import_module("ahasend._pacing")
    client = ahasend.AhaSend(api_key="aha-sk-benchmark", base_url=base_url, pacing=pacing,
                             account_id="11111111-1111-4111-8111-111111111111")
    if pacing:  # private: the client has no public knob for its limits
        client._limiter = limits.RateLimiter({"general": (LIMIT, 1)}, enabled=True)
    return client


def rate(base_url: str, pacing: bool, calls: int) -> dict[str, Any]:
    client = _client(base_url, pacing)
    client.utility.ping()  # connection set up outside the timing
    started = time.perf_counter()
    for _ in range(calls):
        client.utility.ping()
    seconds = time.perf_counter() - started
    client.close()
    return {"calls": calls, "seconds": seconds, "per_second": calls / seconds}


def main(src: str, calls: int) -> dict[str, Any]:
    sys.path.insert(0, src)
    sys.path.insert(0, str(REPO))
    from tests.contract.prism import prism_server

    with prism_server(REPO / "generated" / "openapi.normalised.json") as base_url:
        off = rate(base_url, False, calls)
        on = rate(base_url, True, min(calls, int(LIMIT * 5)))
    held = on["per_second"] <= LIMIT * 1.05
    return {"pacing_off": off, "pacing_on": {**on, "limit_per_second": LIMIT},
            "pacing_holds_the_limit": held}


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1], int(sys.argv[2]))))

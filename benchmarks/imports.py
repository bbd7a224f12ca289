"""Section 4: how long `import ahasend` takes in a fresh process, beside `import httpx`.

Each sample is a new interpreter (`python -X importtime -c "import X"`); the
figure is the cumulative import time of the top-level module as the
interpreter reports it, so interpreter start-up, equal for both, is left out.
Also checked: constructing a client and making one call loads only that
resource's modules.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

from measure import summary

_LINE = re.compile(r"import time:\s+(\d+) \|\s+(\d+) \|(\s*)(\S+)")

ONE_CALL = """
import sys, httpx, ahasend
def handler(request):
    return httpx.Response(200, json={"object": "ping", "message": "ok"})
client = ahasend.AhaSend(api_key="k", account_id="a", base_url="https://api.ahasend.test",
                         http_client=httpx.Client(transport=httpx.MockTransport(handler)))
try:
    client.utility.ping()
except Exception as error:  # the check is about modules loaded, not the canned body
    pass
print(" ".join(sorted(m for m in sys.modules if m.startswith("ahasend."))))
"""


def import_seconds(python: str, module: str, env: dict[str, str]) -> tuple[float, list[str]]:
    """Cumulative import time of `module` in a fresh interpreter, and its 8 costliest parts."""
    done = subprocess.run([python, "-X", "importtime", "-c", f"import {module}"], env=env,
                          capture_output=True, text=True, check=True)
    rows = [(int(m[2]), m[4]) for line in done.stderr.splitlines() if (m := _LINE.match(line))]
    total = next(cumulative for cumulative, name in rows if name == module)
    costly = sorted(rows, reverse=True)[:8]
    return total / 1e6, [f"{name} {us / 1000:.1f} ms" for us, name in costly]


def imports(src: Path, reps: int, python: str = sys.executable) -> dict[str, Any]:
    env = {**os.environ, "PYTHONPATH": str(src), "PYTHONDONTWRITEBYTECODE": "1"}
    # Bytecode for the package is compiled once (as an installed wheel has it); the
    # measured runs only read it.
    subprocess.run([python, "-c", "import compileall, sys; compileall.compile_dir(sys.argv[1], "
                    "quiet=1)", str(src)], check=True)
    env.pop("PYTHONDONTWRITEBYTECODE")
    samples: dict[str, list[float]] = {"ahasend": [], "httpx": []}
    detail: dict[str, list[str]] = {}
    for _ in range(reps):
        for module in samples:
            seconds, costly = import_seconds(python, module, env)
            samples[module].append(seconds)
            detail[module] = costly
    loaded = subprocess.run([python, "-c", ONE_CALL], env=env, capture_output=True,
                            text=True, check=True).stdout.split()
    resources = sorted(m for m in loaded if m.startswith("ahasend.resources."))
    # Each repetition imports both back to back, so both see the same machine load:
    # the median of those paired ratios is steadier than a ratio of medians.
    paired = [ours / base for ours, base in zip(samples["ahasend"], samples["httpx"], strict=True)]
    return {
        "seconds": {name: summary(values) for name, values in samples.items()},
        "paired_ratio": summary(paired),
        "costliest_imports": detail,
        "after_one_call_resources_loaded": resources,
        "only_that_resource": resources in ([], ["ahasend.resources.utility"]),
    }

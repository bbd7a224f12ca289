"""Timing helpers: run a command in a fresh process, summarise repetitions.

Peak memory comes from `getrusage(RUSAGE_CHILDREN)`, which only ever grows
within one process, so each measured command runs under a small wrapper
process (`python measure.py -- CMD...`) that reports the wall time and the
peak resident set of the command and everything it waited for (our forked
children, the peers' JVM or ruff).
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve()


@dataclass(frozen=True)
class Sample:
    seconds: float
    peak_mib: float
    ok: bool


def run_measured(command: Sequence[str | Path], *, env: Mapping[str, str] | None = None,
                 cwd: Path | None = None, timeout: float = 1800) -> Sample:
    """Wall time and peak memory of `command`, run once in a fresh process."""
    wrapper = [sys.executable, str(HERE), "--", *map(str, command)]
    done = subprocess.run(wrapper, env={**os.environ, **(env or {})}, cwd=cwd,
                          capture_output=True, text=True, timeout=timeout)
    try:
        report = json.loads(done.stdout.strip().splitlines()[-1])
    except (IndexError, ValueError):
        raise RuntimeError(f"measuring {command} failed: {done.stderr[-2000:]}") from None
    return Sample(report["seconds"], report["peak_kib"] / 1024, report["status"] == 0)


def summary(values: Sequence[float]) -> dict[str, Any]:
    """Median and spread of repetitions (spread: (max - min) / median)."""
    if not values:
        return {"n": 0, "median": None, "min": None, "max": None, "spread": None}
    middle = statistics.median(values)
    return {
        "n": len(values),
        "median": middle,
        "min": min(values),
        "max": max(values),
        "spread": (max(values) - min(values)) / middle if middle else 0.0,
        "values": list(values),
    }


def paired_ratio(ours: Sequence[float], baseline: Sequence[float]) -> float | None:
    """The median of ours[i] / baseline[i]: each pair measured close together (in one
    round or repetition), so a drift of the machine's speed between pairs cancels out."""
    pairs = [o / b for o, b in zip(ours, baseline, strict=True) if b]
    return statistics.median(pairs) if pairs else None


def target(value: float | None, limit: float, what: str) -> dict[str, Any]:
    return {"what": what, "value": value, "limit": limit,
            "met": None if value is None else value <= limit}


def _wrapper_main(command: list[str]) -> None:
    started = time.perf_counter()
    status = subprocess.call(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # KiB on Linux
    print(json.dumps({"seconds": seconds, "peak_kib": peak, "status": status}))


if __name__ == "__main__":
    _wrapper_main(sys.argv[sys.argv.index("--") + 1:])

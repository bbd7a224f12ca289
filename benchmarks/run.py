"""Run the benchmarks; write results/latest.json and RESULTS.md.

    python benchmarks/run.py            # everything, peers included (make bench)
    python benchmarks/run.py --quick    # under a minute, no peers (run by the tests)

Peers come from benchmarks/.venv (benchmarks/requirements.txt, made by
`make bench`); without it, their figures are reported as skipped. Every
figure is a median of repetitions with its spread, and each comparison a
ratio to a baseline measured in the same run.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generation import (  # noqa: E402
    BENCH_BIN,
    REPO,
    Workspace,
    generation,
    peer_commands,
    peer_env,
    scaling,
)
from imports import imports  # noqa: E402
from measure import paired_ratio, target  # noqa: E402
from report import write_markdown  # noqa: E402

HERE = Path(__file__).resolve().parent


def machine() -> dict[str, Any]:
    cpu = next((line.split(":", 1)[1].strip() for line in _read("/proc/cpuinfo").splitlines()
                if line.startswith("model name")), platform.processor())
    memory = next((line.split()[1] for line in _read("/proc/meminfo").splitlines()
                   if line.startswith("MemTotal")), "0")
    return {
        "cpu": cpu, "cores": os.cpu_count(), "memory_gib": round(int(memory) / 2**20, 1),
        "python": platform.python_version(), "platform": platform.platform(),
        "load_average_at_start": os.getloadavg(), "commit": _git("rev-parse", "--short", "HEAD"),
        "peers": _peer_versions(),
    }


def _shown(path: Path) -> str:
    resolved = path.resolve()
    return str(resolved.relative_to(REPO)) if resolved.is_relative_to(REPO) else str(path)


def _read(path: str) -> str:
    try:
        return Path(path).read_text()
    except OSError:
        return ""


def _git(*args: str) -> str:
    done = subprocess.run(["git", *args], cwd=REPO, capture_output=True, text=True)
    return done.stdout.strip()


def _peer_versions() -> dict[str, str]:
    pip = BENCH_BIN / "pip"
    if not pip.exists():
        return {}
    frozen = subprocess.run([str(pip), "freeze"], capture_output=True, text=True).stdout
    wanted = ("openapi-python-client", "openapi-generator-cli", "ruff", "httpx", "pydantic")
    return {name: version for name, _, version in (line.partition("==") for line in
            frozen.splitlines()) if name.lower() in wanted}


def client_section(ws: Workspace, src: Path, calls: int, rounds: int,
                   with_peers: bool) -> dict[str, Any]:
    python = str(BENCH_BIN / "python") if with_peers and BENCH_BIN.exists() else sys.executable
    command = [python, str(HERE / "client_calls.py"), "--calls", str(calls), "--rounds",
               str(rounds), "--ahasend-src", str(src)]
    opc = _opc_client(ws) if with_peers else None
    if opc is not None:
        command += ["--opc-src", str(opc)]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    calls_us: dict[str, Any] = json.loads(done.stdout)
    ratios: dict[str, float | None] = {}
    targets: list[dict[str, Any]] = []

    def paired(candidate: str, baseline: str, key: str) -> float | None:
        """The median of the ratios of blocks run back to back (machine speed drifts
        between blocks far apart, so this is steadier than a ratio of medians)."""
        return paired_ratio(calls_us[f"{candidate}/{key}"]["rounds_us"],
                            calls_us[f"{baseline}/{key}"]["rounds_us"])

    for key in sorted(k.partition("/")[2] for k in calls_us if k.startswith("raw_httpx/")):
        ratios[f"ahasend/{key} vs raw httpx"] = value = paired("ahasend", "raw_httpx", key)
        targets.append(target(value, 1.10, f"per call {key} vs raw httpx"))
        ratios[f"ahasend (DEBUG log)/{key} vs raw httpx"] = paired("ahasend_debug_log",
                                                                   "raw_httpx", key)
        if f"openapi-python-client/{key}" in calls_us:
            ratios[f"openapi-python-client/{key} vs raw httpx"] = paired(
                "openapi-python-client", "raw_httpx", key)
            ratios[f"ahasend/{key} vs openapi-python-client"] = value = paired(
                "ahasend", "openapi-python-client", key)
            targets.append(target(value, 1.0, f"per call {key} vs openapi-python-client"))
    return {"per_call_us": calls_us, "ratios": ratios, "targets": targets,
            "python": python, "openapi_python_client_included": opc is not None}


def _opc_client(ws: Workspace) -> Path | None:
    """The openapi-python-client package for the AhaSend spec, importable as ahasend_opc."""
    root = ws.fresh("opc-client")
    command = peer_commands(REPO / "spec" / "ahasend-openapi-v2.yaml", root / "ahasend_opc")
    if "openapi-python-client" not in command:
        return None
    done = subprocess.run(command["openapi-python-client"], env={**os.environ, **peer_env()},
                          capture_output=True)
    return root if done.returncode == 0 else None


def import_section(src: Path, reps: int) -> dict[str, Any]:
    found = imports(src, reps)
    value = found["paired_ratio"]["median"]
    found["ratio_to_httpx"] = value
    found["targets"] = [
        target(value, 1.5, "import ahasend vs import httpx"),
        {"what": "a call loads only its resource's modules", "value": None, "limit": None,
         "met": found["only_that_resource"]},
    ]
    return found


def throughput_section(src: Path, calls: int) -> dict[str, Any]:
    done = subprocess.run([sys.executable, str(HERE / "throughput.py"), str(src), str(calls)],
                          capture_output=True, text=True, check=True, timeout=600)
    found: dict[str, Any] = json.loads(done.stdout)
    found["targets"] = [{"what": "pacing holds 20 req/s against Prism", "value":
                         found["pacing_on"]["per_second"], "limit": 20.0 * 1.05,
                         "met": found["pacing_holds_the_limit"]}]
    return found


def run(args: argparse.Namespace) -> dict[str, Any]:
    quick = args.quick
    with_peers = not quick and (BENCH_BIN / "python").exists()
    results: dict[str, Any] = {"schema": 1, "mode": "quick" if quick else "full",
                               "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
                               "machine": machine(), "peers_included": with_peers,
                               "client_src": _shown(args.client_src)}
    with tempfile.TemporaryDirectory(prefix="ahasend-bench-") as tmp:
        ws = Workspace(Path(tmp))
        sections: dict[str, Callable[[], dict[str, Any]]] = {
            "generation": lambda: generation(ws, 1 if quick else args.reps, with_peers,
                                             stages=not quick),
            "scaling": lambda: scaling(ws, [1] if quick else [1, 10, 50], with_peers),
            "client_calls": lambda: client_section(ws, args.client_src,
                                                   2_000 if quick else 20_000,
                                                   2 if quick else 20, with_peers),
            "imports": lambda: import_section(args.client_src, 2 if quick else 20),
            "throughput": lambda: ({"skipped": "quick mode"} if quick
                                   else throughput_section(args.client_src, 300)),
        }
        for name, section in sections.items():
            started = time.perf_counter()
            results[name] = section()
            results[name]["section_seconds"] = time.perf_counter() - started
            print(f"{name}: {results[name]['section_seconds']:.1f} s", file=sys.stderr)
    results["machine"]["load_average_at_end"] = os.getloadavg()
    results["targets"] = [t for name in sections for t in results[name].get("targets", [])]
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="under a minute, no peers")
    parser.add_argument("--reps", type=int, default=7, help="repetitions per figure")
    parser.add_argument("--client-src", type=Path, default=REPO / "generated" / "src")
    parser.add_argument("--results", type=Path, default=HERE / "results" / "latest.json")
    parser.add_argument("--markdown", type=Path, default=HERE / "RESULTS.md")
    args = parser.parse_args()
    results = run(args)
    args.results.parent.mkdir(parents=True, exist_ok=True)
    args.results.write_text(json.dumps(results, indent=1, sort_keys=True) + "\n")
    write_markdown(results, args.markdown)
    print(f"wrote {args.results} and {args.markdown}", file=sys.stderr)


if __name__ == "__main__":
    main()

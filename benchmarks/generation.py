"""Sections 1 and 2: generation time and memory, ours beside the peers, and scaling.

Every repetition runs each candidate once, in turn, so load from elsewhere on
the machine falls on all of them alike; ratios use medians of the same run.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from measure import Sample, paired_ratio, run_measured, summary, target
from synth import SPEC_NAME, write_scaled

REPO = Path(__file__).resolve().parent.parent
BENCH_BIN = REPO / "benchmarks" / ".venv" / "bin"
CACHE_ENV = "AHASEND_CODEGEN_CACHE"
EDITED_LINE = "      summary: AhaSend Get Message\n"


def ours(spec: Path, out: Path, *, check: bool = False) -> list[str]:
    command = [sys.executable, "-m", "generator", "generate", "--spec", str(spec),
               "--config", str(spec.parent / "codegen.toml"), "--out", str(out)]
    return command + (["--check"] if check else [])


def peer_commands(spec: Path, out: Path) -> dict[str, list[str]]:
    """The peers that are installed (benchmarks/.venv), each writing into `out`."""
    commands = {
        "openapi-python-client": [str(BENCH_BIN / "openapi-python-client"), "generate",
                                  "--path", str(spec), "--meta", "none", "--output-path",
                                  str(out), "--overwrite"],
        "openapi-generator": [str(BENCH_BIN / "openapi-generator-cli"), "generate", "-g",
                              "python", "-i", str(spec), "-o", str(out)],
    }
    return {name: cmd for name, cmd in commands.items() if Path(cmd[0]).exists()}


def peer_env() -> dict[str, str]:
    # openapi-python-client formats with ruff, found on PATH
    return {"PATH": f"{BENCH_BIN}{os.pathsep}{os.environ.get('PATH', '')}"}


class Workspace:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.count = 0

    def fresh(self, name: str) -> Path:
        self.count += 1
        path = self.root / f"{name}-{self.count}"
        shutil.rmtree(path, ignore_errors=True)
        return path


def _copy_spec(ws: Workspace, name: str) -> Path:
    spec_dir = ws.fresh(name)
    shutil.copytree(REPO / "spec", spec_dir)
    return spec_dir / SPEC_NAME


def _peer_inputs(spec: Path, ws: Workspace, peers: Sequence[str]) -> dict[str, Path]:
    """The spec each peer takes: the raw one, else the normalised JSON (said in results)."""
    normalised = REPO / "generated" / "openapi.normalised.json"
    chosen: dict[str, Path] = {}
    for name in peers:
        for candidate in (spec, normalised):
            command = peer_commands(candidate, ws.fresh("probe"))[name]
            if run_measured(command, env=peer_env()).ok:
                chosen[name] = candidate
                break
    return chosen


def generation(ws: Workspace, reps: int, with_peers: bool, *, stages: bool) -> dict[str, Any]:
    base = _copy_spec(ws, "base")
    edit = _copy_spec(ws, "edit")
    warm = {CACHE_ENV: str(ws.fresh("cache-warm"))}
    base_out, edit_out = ws.fresh("base-out"), ws.fresh("edit-out")
    for spec, out in ((base, base_out), (edit, edit_out)):
        subprocess.run(ours(spec, out), env={**os.environ, **warm}, check=True,
                       capture_output=True)
    original = edit.read_text(encoding="utf-8")
    assert original.count(EDITED_LINE) == 1, "the edited operation moved: update EDITED_LINE"
    peers = _peer_inputs(base, ws, list(peer_commands(base, base_out))) if with_peers else {}
    samples: dict[str, list[Sample]] = {name: [] for name in
                                        ("cold", "one_edit", "no_change", *peers)}
    for rep in range(reps):
        cold_env = {CACHE_ENV: str(ws.fresh("cache-cold"))}
        samples["cold"].append(run_measured(ours(base, ws.fresh("cold-out")), env=cold_env))
        edit.write_text(original.replace(EDITED_LINE, EDITED_LINE[:-1] + f" (edit {rep})\n"))
        out = ws.fresh("edited-out")
        shutil.copytree(edit_out, out)
        samples["one_edit"].append(run_measured(ours(edit, out), env=warm))
        samples["no_change"].append(run_measured(ours(base, base_out, check=True), env=warm))
        for name, spec in peers.items():
            command = peer_commands(spec, ws.fresh(name))[name]
            samples[name].append(run_measured(command, env=peer_env()))
    edit.write_text(original)
    results = _generation_results(samples, peers, base)
    results["stages"] = _stages(base, ws, warm) if stages else {"skipped": "quick mode"}
    return results


def _generation_results(samples: dict[str, list[Sample]], peers: dict[str, Path],
                        base: Path) -> dict[str, Any]:
    cases: dict[str, dict[str, Any]] = {name: {"seconds": summary([s.seconds for s in runs]),
                    "peak_mib": summary([s.peak_mib for s in runs]),
                    "all_ok": all(s.ok for s in runs)} for name, runs in samples.items()}
    for name, spec in peers.items():
        cases[name]["input"] = "raw spec" if spec == base else "normalised spec"
    fastest = min(peers, key=lambda n: cases[n]["seconds"]["median"], default=None)
    ratios: dict[str, Any] = {}
    targets: list[dict[str, Any]] = []
    if fastest is not None:
        for case, limit in (("cold", 1.0), ("one_edit", 0.3), ("no_change", 0.15)):
            # Each repetition ran ours and the peer one after the other: pair them.
            value = paired_ratio(cases[case]["seconds"]["values"],
                                 cases[fastest]["seconds"]["values"])
            ratios[case] = value
            targets.append(target(value, limit, f"generation {case} vs {fastest}"))
    return {"cases": cases, "fastest_peer": fastest, "ratios_to_fastest_peer": ratios,
            "targets": targets}


def _stages(base: Path, ws: Workspace, warm: dict[str, str]) -> dict[str, Any]:
    """Where the time goes in one cold run and one run after a one-operation edit."""
    script = REPO / "benchmarks" / "stages.py"
    config = base.parent / "codegen.toml"

    def timings(spec: Path, out: Path, env: dict[str, str]) -> dict[str, float]:
        done = subprocess.run([sys.executable, str(script), str(spec), str(config), str(out)],
                              env={**os.environ, **env}, cwd=REPO, capture_output=True,
                              text=True, check=True)
        return dict(json.loads(done.stdout.strip().splitlines()[-1]))

    cold = timings(base, ws.fresh("stages-cold"), {CACHE_ENV: str(ws.fresh("stages-cache"))})
    original = base.read_text(encoding="utf-8")
    out = ws.fresh("stages-edit")
    subprocess.run(ours(base, out), env={**os.environ, **warm}, check=True, capture_output=True)
    base.write_text(original.replace(EDITED_LINE, EDITED_LINE[:-1] + " (stages)\n"))
    try:
        edited = timings(base, out, warm)
    finally:
        base.write_text(original)
    return {"cold": cold, "one_edit": edited}


def scaling(ws: Workspace, factors: Sequence[int], with_peers: bool) -> dict[str, Any]:
    """Cold generation of specs 1x, 10x, 50x the size: time and peak memory per factor."""
    points: list[dict[str, Any]] = []
    for factor in factors:
        spec = write_scaled(REPO / "spec", ws.fresh(f"scaled-{factor}x"), factor)
        reps = 3 if factor == 1 else 1
        runs = [run_measured(ours(spec, ws.fresh("scaled-out")),
                             env={CACHE_ENV: str(ws.fresh("scaled-cache"))}) for _ in range(reps)]
        point: dict[str, Any] = {"factor": factor, "ours": _point(runs)}
        if with_peers:
            command = peer_commands(spec, ws.fresh("scaled-peer")).get("openapi-python-client")
            if command:
                point["openapi-python-client"] = _point([run_measured(command, env=peer_env())])
        points.append(point)
        shutil.rmtree(spec.parent, ignore_errors=True)
    first, first_factor = points[0]["ours"]["seconds"], points[0]["factor"]
    for point in points:
        # time per unit of spec relative to the smallest spec: 1.0 is exactly linear growth
        growth = point["factor"] / first_factor
        point["ours"]["per_unit_vs_smallest"] = point["ours"]["seconds"] / (first * growth)
    return {"points": points}


def _point(runs: list[Sample]) -> dict[str, Any]:
    return {"seconds": summary([r.seconds for r in runs])["median"],
            "peak_mib": max(r.peak_mib for r in runs), "ok": all(r.ok for r in runs)}

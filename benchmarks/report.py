"""RESULTS.md from a results dict: machine, tables of medians and spreads, ratios, targets.

What the figures mean and what was done about missed targets is written by
hand in `findings.md`, appended as it is.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

FINDINGS = Path(__file__).resolve().parent / "findings.md"


def write_markdown(results: dict[str, Any], path: Path) -> None:
    parts = [_header(results), _targets(results), _generation(results.get("generation", {})),
             _scaling(results.get("scaling", {})), _client(results.get("client_calls", {})),
             _imports(results.get("imports", {})), _throughput(results.get("throughput", {}))]
    if FINDINGS.exists():
        parts.append(FINDINGS.read_text(encoding="utf-8").strip())
    path.write_text("\n\n".join(p for p in parts if p) + "\n", encoding="utf-8")


def _header(results: dict[str, Any]) -> str:
    m = results["machine"]
    peers = ", ".join(f"{k} {v}" for k, v in sorted(m.get("peers", {}).items())) or "none"
    return (
        "# Benchmarks\n\n"
        f"`make bench` ({results['mode']} mode) on {results['date']}, commit `{m['commit']}`. "
        "Written by `benchmarks/run.py`; every time is a median of repetitions with its "
        "spread ((max - min) / median), every comparison a ratio to a baseline measured in "
        "the same run (absolute times drift between machines; ratios are what we compare).\n\n"
        f"- Machine: {m['cpu']}, {m['cores']} cores, {m['memory_gib']} GiB, "
        f"Python {m['python']}, {m['platform']}\n"
        f"- Load average at start / end: {_load(m.get('load_average_at_start'))} / "
        f"{_load(m.get('load_average_at_end'))} (other work on the machine shows up as spread)\n"
        f"- Peers (benchmarks/.venv): {peers}\n"
        f"- Client measured (sections 3-5): `{results.get('client_src', 'generated/src')}`"
    )


def _load(values: Any) -> str:
    return " ".join(f"{v:.2f}" for v in values) if values else "?"


def _targets(results: dict[str, Any]) -> str:
    rows = ["| target | value | limit | met |", "| --- | --- | --- | --- |"]
    for t in results.get("targets", []):
        met = {True: "yes", False: "**no**", None: "n/a"}[t["met"]]
        rows.append(f"| {t['what']} | {_num(t['value'])} | {_num(t['limit'])} | {met} |")
    return "## Targets\n\n" + "\n".join(rows)


def _num(value: Any, digits: int = 2) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    return str(value)


def _spread(stat: dict[str, Any], unit: str = "s", scale: float = 1.0) -> str:
    if not stat or stat.get("median") is None:
        return "-"
    return f"{stat['median'] * scale:.2f} {unit} (±{stat['spread'] * 50:.0f}%, n={stat['n']})"


def _generation(section: dict[str, Any]) -> str:
    if not section or "cases" not in section:
        return ""
    fastest = section.get("fastest_peer")
    rows = ["| case | wall | peak memory | ratio to fastest peer |", "| --- | --- | --- | --- |"]
    ratios = section.get("ratios_to_fastest_peer", {})
    for name, case in section["cases"].items():
        label = name + (f" ({case['input']})" if "input" in case else "")
        rows.append(f"| {label} | {_spread(case['seconds'])} | "
                    f"{_spread(case['peak_mib'], 'MiB')} | {_num(ratios.get(name))} |")
    text = (f"## 1. Generation, full AhaSend spec\n\nFastest peer: {fastest or 'not measured'}."
            " cold: empty cache, new output directory; one_edit: one operation's summary "
            "changed, caches warm; no_change: `generate --check` as `make test` runs it. "
            "Each repetition runs every case once and then every peer once; a ratio is "
            "the median of the repetitions' ratios (ours / the peer's in the same "
            "repetition, seconds apart).\n\n"
            + "\n".join(rows))
    return text + _stages(section.get("stages", {}))


def _stages(stages: dict[str, Any]) -> str:
    if not stages or "skipped" in stages:
        return ""
    names = sorted({k for run in stages.values() for k in run}, key=lambda k: (k == "total", k))
    rows = ["| stage | cold (s) | one edit (s) |", "| --- | --- | --- |"]
    rows += [f"| {n} | {_num(stages['cold'].get(n), 3)} | {_num(stages['one_edit'].get(n), 3)} |"
             for n in names]
    return ("\n\nStage breakdown (one run each; `validate` runs in a child process beside "
            "the others, `validate_wait` is what the main process still waited for it):\n\n"
            + "\n".join(rows))


def _scaling(section: dict[str, Any]) -> str:
    if not section or "points" not in section:
        return ""
    rows = ["| size | ours wall | ours peak | time per unit vs smallest | "
            "openapi-python-client wall | its peak |", "| --- | --- | --- | --- | --- | --- |"]
    for p in section["points"]:
        peer = p.get("openapi-python-client", {})
        rows.append(f"| {p['factor']}x | {_num(p['ours']['seconds'])} s | "
                    f"{p['ours']['peak_mib']:.0f} MiB | {_num(p['ours']['per_unit_vs_smallest'])}"
                    f" | {_num(peer.get('seconds'))} s | {_num(peer.get('peak_mib'), 0)} MiB |")
    return ("## 2. Scaling (cold, synthetic specs: paths, operations, tags and schemas "
            "copied and renamed, `benchmarks/synth.py`)\n\n" + "\n".join(rows))


def _client(section: dict[str, Any]) -> str:
    if not section or "per_call_us" not in section:
        return ""
    rows = ["| candidate / call | median per call | min - max |", "| --- | --- | --- |"]
    for key, stat in section["per_call_us"].items():
        rows.append(f"| {key} | {stat['median_us']:.1f} us | "
                    f"{stat['min_us']:.1f} - {stat['max_us']:.1f} us |")
    ratio_rows = ["| comparison (median of the ratios of adjacent blocks of one round) | ratio |",
                  "| --- | --- |"]
    ratio_rows += [f"| {k} | {_num(v)} |" for k, v in section["ratios"].items()]
    calls = next(iter(section["per_call_us"].values()))["calls"]
    return ("## 3. Client per-call overhead (httpx.MockTransport, same canned bodies, "
            f"{calls} calls per candidate and call)\n\n" + "\n".join(rows) + "\n\n"
            + "\n".join(ratio_rows))


def _imports(section: dict[str, Any]) -> str:
    if not section or "seconds" not in section:
        return ""
    seconds = section["seconds"]
    rows = [f"| import {name} | {_spread(stat, 'ms', 1000)} |" for name, stat in seconds.items()]
    costly = "; ".join(section["costliest_imports"].get("ahasend", []))
    loaded = ", ".join(section["after_one_call_resources_loaded"]) or "none"
    return ("## 4. Import time (cumulative `-X importtime` of the top module, fresh "
            "interpreter each run)\n\n| module | time |\n| --- | --- |\n" + "\n".join(rows)
            + f"\n\nRatio ahasend / httpx (median of the ratios of back-to-back pairs): "
            f"{_spread(section.get('paired_ratio', {}), 'x')}. "
            f"Costliest parts of `import ahasend`: {costly}.\n\nResources loaded after "
            f"constructing a client and one `client.utility.ping()`: {loaded}.")


def _throughput(section: dict[str, Any]) -> str:
    if not section or "skipped" in section or "pacing_on" not in section:
        return ""
    off, on = section["pacing_off"], section["pacing_on"]
    return ("## 5. Throughput against Prism (127.0.0.1, `client.utility.ping()`)\n\n"
            "| pacing | calls | seconds | calls/s |\n| --- | --- | --- | --- |\n"
            f"| off | {off['calls']} | {off['seconds']:.2f} | {off['per_second']:.1f} |\n"
            f"| on, limit {on['limit_per_second']:.0f}/s burst 1 | {on['calls']} | "
            f"{on['seconds']:.2f} | {on['per_second']:.1f} |")

"""Synthetic specs N times the size of the AhaSend spec, for the scaling benchmark.

Copy k (1 <= k < N) of every path, operation, tag and schema gets a renamed
twin: `/v2/...` becomes `/v2/copy{k}/...`, `operationId` `getX` becomes
`getXCopy{k}`, tag `Messages` becomes `Messages Copy{k}`, schema `Message`
becomes `MessageCopy{k}`, and each copy's `$ref`s point at its own copies.
Shared components (parameters, responses, headers, security schemes) are
kept once. The result is written as JSON (a YAML subset) next to a copy of
the directory's other inputs (codegen.toml and what it names), so every
generator reads the same document.

    python benchmarks/synth.py SPEC_DIR OUT_DIR N
"""

from __future__ import annotations

import copy
import json
import shutil
import sys
from pathlib import Path
from typing import Any

import yaml

SPEC_NAME = "ahasend-openapi-v2.yaml"
SCHEMA_REF = "#/components/schemas/"


def scaled(spec: dict[str, Any], factor: int) -> dict[str, Any]:
    """`spec` with `factor - 1` renamed copies of its paths, tags and schemas added."""
    result = copy.deepcopy(spec)
    schemas = spec.get("components", {}).get("schemas", {})
    tags = result.setdefault("tags", [])
    for k in range(1, factor):
        suffix = f"Copy{k}"
        names = {name: f"{name}{suffix}" for name in schemas}
        for name, schema in schemas.items():
            result["components"]["schemas"][names[name]] = _renamed(schema, names, suffix)
        for path, item in spec["paths"].items():
            copied = path.replace("/v2/", f"/v2/copy{k}/", 1)
            result["paths"][copied] = _renamed(item, names, suffix)
        tags += [{**tag, "name": f"{tag['name']} {suffix}"} for tag in spec.get("tags", [])]
    return result


def _renamed(node: Any, names: dict[str, str], suffix: str) -> Any:
    if isinstance(node, list):
        return [_renamed(item, names, suffix) for item in node]
    if not isinstance(node, dict):
        return node
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key == "$ref" and isinstance(value, str) and value.startswith(SCHEMA_REF):
            out[key] = SCHEMA_REF + names.get(value[len(SCHEMA_REF):], value[len(SCHEMA_REF):])
        elif key == "operationId" and isinstance(value, str):
            out[key] = value + suffix
        elif key == "tags" and isinstance(value, list):
            out[key] = [f"{tag} {suffix}" for tag in value]
        else:
            out[key] = _renamed(value, names, suffix)
    return out


def write_scaled(spec_dir: Path, out_dir: Path, factor: int) -> Path:
    """Copy `spec_dir` to `out_dir` with its spec scaled `factor` times; return the spec."""
    shutil.copytree(spec_dir, out_dir, dirs_exist_ok=True)
    target = out_dir / SPEC_NAME
    with (spec_dir / SPEC_NAME).open(encoding="utf-8") as stream:
        spec = yaml.load(stream, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    text = json.dumps(scaled(spec, factor), indent=1, default=str)
    target.write_text(text + "\n", encoding="utf-8")
    return target


if __name__ == "__main__":
    source, destination, times = sys.argv[1:4]
    print(write_scaled(Path(source), Path(destination), int(times)))

"""Run in a fresh interpreter: `python client_check.py PACKAGE CHECK_FILE`.

Imports a generated package, touches every public name, builds both clients on a
recording mock transport, then runs the case's own check (specs/manifest.toml)
with `pkg`, `client`, `sent`, `REPLY`, `field_doc`, `json` and `Path` in scope.
Exits non-zero (AssertionError) when anything does not hold; the working
directory is a scratch one, so a `touch PWNED` that ran would be seen.
"""

from __future__ import annotations

import ast
import functools
import importlib
import inspect
import json
import sys
from pathlib import Path
from typing import Any

import httpx

sent: list[httpx.Request] = []
REPLY: dict[str, Any] = {"status": 200, "json": {}}


def _answer(request: httpx.Request) -> httpx.Response:
    request.read()
    sent.append(request)
    return httpx.Response(REPLY["status"], json=REPLY["json"])


def field_doc(model: type, name: str) -> str | None:
    """The string statement right after field `name` in `model`'s class body."""
    body = ast.parse(inspect.getsource(model)).body[0]
    assert isinstance(body, ast.ClassDef)
    for index, node in enumerate(body.body):
        target = node.target if isinstance(node, ast.AnnAssign) else None
        if isinstance(target, ast.Name) and target.id == name:
            after = body.body[index + 1] if index + 1 < len(body.body) else None
            if isinstance(after, ast.Expr) and isinstance(after.value, ast.Constant):
                return str(after.value.value)
            return None
    raise AssertionError(f"{model.__name__} has no field {name!r}")


def _resource_names(client_class: type) -> list[str]:
    return [name for name, value in vars(client_class).items()
            if isinstance(value, functools.cached_property) and name != "with_raw_response"]


def _touch_everything(pkg: Any) -> None:
    for module_name in ("types", "resources", "scopes"):
        module = importlib.import_module(f"{pkg.__name__}.{module_name}")
        for name in module.__all__:
            getattr(module, name)
    for client_class in (pkg.AhaSend, pkg.AsyncAhaSend):
        client = client_class(api_key="test-key", base_url="https://api.example.com")
        for name in _resource_names(client_class):
            getattr(client, name)
            getattr(client.with_raw_response, name)


def main(package: str, check_file: str) -> None:
    pkg = importlib.import_module(package)
    _touch_everything(pkg)
    transport = httpx.Client(transport=httpx.MockTransport(_answer))
    client = pkg.AhaSend(api_key="test-key", base_url="https://api.example.com",
                         http_client=transport, pacing=False, max_retries=0)
    scope = {"pkg": pkg, "client": client, "sent": sent, "REPLY": REPLY,
             "field_doc": field_doc, "json": json, "Path": Path}
    exec(compile(Path(check_file).read_text(encoding="utf-8"), check_file, "exec"), scope)
    assert not Path("PWNED").exists(), "text from the spec ran as code"


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])

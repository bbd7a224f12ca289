"""The client rendered from the real AhaSend spec: valid, typed, and its README runs."""

from __future__ import annotations

import re
from pathlib import Path

import black

from generator.format import BLACK_MODE
from tests.render.conftest import run_mypy, run_python

# Answers for the README's examples, by (method, last path segment).
_README_HARNESS = '''
import json, os, httpx
ANSWERS = {
    ("POST", "messages"): {"object": "list", "data": []},
    ("GET", "messages"): {"object": "list", "data": [], "pagination": {"has_more": False}},
    ("GET", "ping"): {"message": "pong"},
}
def handler(request):
    key = (request.method, request.url.path.rstrip("/").rsplit("/", 1)[-1])
    return httpx.Response(200, json=ANSWERS[key])
transport = httpx.MockTransport(handler)
for cls in (httpx.Client, httpx.AsyncClient):
    original = cls.__init__
    def patched(self, *args, _original=original, **kwargs):
        kwargs["transport"] = transport
        _original(self, *args, **kwargs)
    cls.__init__ = patched
'''


def test_every_python_file_compiles_and_is_black_stable(real_files: dict[str, str]) -> None:
    for path, text in real_files.items():
        if path.endswith(".py"):
            compile(text, path, "exec")
            assert black.format_str(text, mode=BLACK_MODE) == text, path


def test_mypy_strict_passes_on_the_rendered_client(real_src: Path) -> None:
    result = run_mypy(real_src / "ahasend")
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_readme_examples_run(real_files: dict[str, str], real_src: Path) -> None:
    blocks = re.findall(r"```python\n(.*?)```", real_files["README.md"], re.S)
    assert len(blocks) >= 4
    script = _README_HARNESS + "namespace = {}\n" + "\n".join(  # later blocks reuse `client`
        f"exec(compile({block!r}, 'README block {i}', 'exec'), namespace)"
        for i, block in enumerate(blocks)
    )
    env = {"AHASEND_API_KEY": "aha-sk-readme", "AHASEND_ACCOUNT_ID": "acc-1"}
    run_python(script, real_src, env=env)


def test_sync_and_async_clients_offer_the_same_methods(real_src: Path) -> None:
    out = run_python(
        "import inspect, ahasend\n"
        "def surface(client):\n"
        "    found = {}\n"
        "    for name in ahasend.AhaSend.__dict__:\n"
        "        if name.startswith('_') or name == 'with_raw_response':\n"
        "            continue\n"
        "        resource = getattr(client, name)\n"
        "        if isinstance(resource, str) or resource is None:\n"
        "            continue\n"
        "        for method in dir(resource):\n"
        "            if not method.startswith('_'):\n"
        "                sig = inspect.signature(getattr(resource, method))\n"
        "                found[f'{name}.{method}'] = [(p.name, p.kind, p.default, p.annotation)"
        " for p in sig.parameters.values()]\n"
        "    return found\n"
        "s = surface(ahasend.AhaSend(api_key='k', account_id='a'))\n"
        "a = surface(ahasend.AsyncAhaSend(api_key='k', account_id='a'))\n"
        "assert s == a, set(s) ^ set(a)\n"
        "import ahasend.scopes as scopes\n"
        "assert set(s) == set(scopes.SCOPES_BY_METHOD), set(s) ^ set(scopes.SCOPES_BY_METHOD)\n"
        "print(len(s))\n",
        real_src,
    )
    assert int(out) >= 40

"""The sync and async clients are one surface: same options, same resources, same
methods with the same parameters (only the HTTP client type and `await` differ)."""

from __future__ import annotations

import inspect
from types import ModuleType
from typing import Any


def parameters(function: Any) -> list[tuple[str, object, object]]:
    return [(p.name, p.kind, p.default) for p in inspect.signature(function).parameters.values()]


def hints(function: Any) -> dict[str, object]:
    return {p.name: p.annotation for p in inspect.signature(function).parameters.values()}


def test_both_clients_take_the_same_options(ahasend: ModuleType) -> None:
    sync, both = ahasend.AhaSend.__init__, ahasend.AsyncAhaSend.__init__
    assert parameters(sync) == parameters(both)
    differ = {name for name, kind in hints(sync).items() if hints(both)[name] != kind}
    assert differ == {"http_client"}
    assert {"api_key", "account_id", "base_url", "timeout", "max_retries", "http_client",
            "pacing", "total_timeout", "follow_redirects", "max_response_bytes"} <= set(
        hints(sync))


def test_every_resource_method_has_an_async_twin_with_the_same_parameters(
    ahasend: ModuleType,
) -> None:
    sync = ahasend.AhaSend(api_key="aha-sk-surface")
    asynchronous = ahasend.AsyncAhaSend(api_key="aha-sk-surface")
    resources = [n for n, v in vars(ahasend.AhaSend).items()
                 if isinstance(v, property | type(ahasend.AhaSend.messages))
                 and not n.startswith("_") and n not in ("account_id", "with_raw_response")]
    assert "messages" in resources
    for name in resources:
        methods = [m for m in dir(getattr(sync, name)) if not m.startswith("_")]
        for method in methods:
            twin = getattr(getattr(asynchronous, name), method)
            assert inspect.iscoroutinefunction(twin), f"{name}.{method}"
            assert parameters(getattr(getattr(sync, name), method)) == parameters(twin)
            assert hints(getattr(getattr(sync, name), method)) == hints(twin)
    sync.close()

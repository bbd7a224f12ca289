# Part of the ahasend-codegen runtime, copied verbatim into generated clients.
"""What a client is configured with: the generator's defaults and the user's options."""

from __future__ import annotations

import asyncio
import dataclasses
import time
from collections.abc import Awaitable, Callable, Mapping
from typing import TypedDict

import httpx

__all__ = [
    "DEFAULT_MAX_RESPONSE_BYTES",
    "DEFAULT_TOTAL_TIMEOUT",
    "ClientConfig",
    "ClientSettings",
    "Timers",
]

#: Seconds one call may spend on retries: no retry starts or waits past it.
DEFAULT_TOTAL_TIMEOUT = 120.0
#: Bytes of response body a client reads before refusing it (50 MiB).
DEFAULT_MAX_RESPONSE_BYTES = 50 * 1024 * 1024


@dataclasses.dataclass(frozen=True)
class ClientSettings:
    """What the generator knows about the API: the defaults a client starts from."""

    env_prefix: str  # AHASEND -> AHASEND_API_KEY, AHASEND_BASE_URL
    default_base_url: str
    user_agent: str
    client_param_envs: Mapping[str, str] = dataclasses.field(default_factory=dict)
    rate_limits: Mapping[str, tuple[float, int]] = dataclasses.field(
        default_factory=dict
    )
    max_retries: int = 2
    initial_delay: float = 0.5
    max_delay: float = 8.0
    max_retry_after: float = 60.0
    timeout: float = 60.0

    @property
    def api_key_env(self) -> str:
        return f"{self.env_prefix}_API_KEY"

    @property
    def base_url_env(self) -> str:
        return f"{self.env_prefix}_BASE_URL"


class ClientConfig(TypedDict):
    """The constructor arguments both clients share."""

    settings: ClientSettings
    api_key: str | None
    base_url: str | None
    timeout: float | httpx.Timeout | None
    max_retries: int
    client_params: Mapping[str, str | None]  # wire name -> value (None: use env)
    pacing: bool
    total_timeout: float | None  # None: only max_retries bounds the retries
    follow_redirects: bool
    max_response_bytes: int


@dataclasses.dataclass(frozen=True)
class Timers:
    """Where a client reads the time and how it waits (pacing and retries).

    Replaceable with `client._use_timers(...)`, so tests and simulations run a
    client against a fake clock without sleeping.
    """

    clock: Callable[[], float] = time.monotonic
    sleep: Callable[[float], None] = time.sleep
    async_sleep: Callable[[float], Awaitable[None]] = asyncio.sleep

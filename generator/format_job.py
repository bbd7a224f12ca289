"""Formatting the rendered modules: from the cache, else by black in a worker.

A module whose rendered text was formatted before is taken from the cache
(the key covers the text, black's version, `format.py` itself and the Python
version); an entry is only stored after the text and its formatted result both
compiled, so a hit needs no further checks. The misses go to `format.py`,
which imports black: `Formatter.start` forks a worker that imports it at the
beginning of a run, beside loading and building, so this process never does.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable, Mapping

from .cache import Cache, digest
from .fingerprint import formatter_version
from .forked import Worker

__all__ = ["Formatter", "Outcome", "Source", "formatter_version"]

NAMESPACE = "black"
Source = tuple[str, str]  # (text, template it came from)
Outcome = tuple[bool, str]  # (formatted?, the text or the error message)
Outcomes = dict[str, Outcome]


class Formatter:
    """Formats batches of modules; `seconds` and `misses` say what it cost."""

    def __init__(self, cache: Cache | None = None) -> None:
        self.cache = cache or Cache(None)
        self.seconds = 0.0
        self.misses = 0
        self._worker: Worker[Mapping[str, Source], Outcomes] | None = None

    def start(self) -> None:
        """Fork the worker now, so black is imported by the time the modules are rendered
        (without it, the formatting happens in this process)."""
        if self._worker is None:
            # In the background: loading the spec and importing the stages go first.
            self._worker = Worker(_import_black, functools.partial(_format_spread,
                                                                   cache=self.cache),
                                  background=True)

    def close(self, *, failed: bool = False) -> None:
        """Stop the worker; after a failure at once, without waiting for it to import."""
        if self._worker is not None:
            if failed:
                self._worker.cancel()
            else:
                self._worker.close()
            self._worker = None

    def begin(self, sources: Mapping[str, Source]) -> Callable[[], dict[str, str]]:
        """Look `sources` up and start formatting the misses (in the worker, if started);
        the function returned waits for them and gives every source formatted, keyed like
        `sources`, or raises RenderError for the first failure (by path). (The worker
        answers in turn: call those functions in the order they were begun.)"""
        started = time.perf_counter()
        keys = {path: _key(text) for path, (text, _) in sources.items()}
        done: dict[str, str] = {}
        for path, key in keys.items():
            if (hit := self.cache.get(NAMESPACE, key)) is not None:
                done[path] = hit
        misses = {p: source for p, source in sources.items() if p not in done}
        self.misses += len(misses)
        if misses and self._worker:
            self._worker.submit(misses)
        self.seconds += time.perf_counter() - started

        def finish() -> dict[str, str]:
            started = time.perf_counter()
            try:
                if misses:
                    outcomes = (self._worker.result() if self._worker
                                else _format_spread(misses, self.cache))
                    for path, (ok, text) in sorted(outcomes.items()):
                        if not ok:
                            from .views import RenderError  # not before the loading starts

                            raise RenderError(text)
                        self.cache.put(NAMESPACE, keys[path], text)
                        done[path] = text
                return {path: done[path] for path in sources}
            finally:
                self.seconds += time.perf_counter() - started

        return finish


def _import_black() -> None:
    from . import format  # noqa: F401


def _format_spread(sources: Mapping[str, Source], cache: Cache) -> Outcomes:
    from .format import format_spread

    return format_spread(sources, cache)


def _key(text: str) -> str:
    return digest(NAMESPACE, formatter_version(), text)

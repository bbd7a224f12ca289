"""Format rendered Python with black: checked, cached by content, on both cores.

black is the slowest part of a run (about 3,000 lines a second, and
`format_str` makes a second pass over whatever the first one changed), so:

- a module whose rendered text was formatted before is taken from the cache
  (the key covers the text, black's version and mode, and the Python version);
- the modules that miss are split into two shares by size, one formatted in a
  forked child while this process formats the other.

A cached entry is only ever stored after the text and its formatted result
both compiled, so a hit needs no further checks.
"""

from __future__ import annotations

import functools
import sys
import time
from collections.abc import Mapping

import black
from black import __version__ as BLACK_VERSION  # type: ignore[attr-defined]
from black.mode import Mode, TargetVersion

from .cache import Cache, digest
from .forked import Forked
from .views import RenderError

__all__ = ["BLACK_MODE", "Formatter", "format_python"]

BLACK_MODE = Mode(target_versions={TargetVersion.PY311})
NAMESPACE = "black"
# Below this many characters of misses, a second process costs more than it saves.
_SPLIT_ABOVE = 20_000

Source = tuple[str, str]  # (text, template it came from)
Outcome = tuple[bool, str]  # (formatted?, the text or the error message)


def format_python(text: str, path: str, template: str) -> str:
    """`text` formatted by black and compiled; RenderError (not a traceback) if invalid."""
    where = f"{path} (from templates/{template})"
    try:
        compile(text, path, "exec", dont_inherit=True)
    except SyntaxError as error:
        line = (error.text or "").strip()
        raise RenderError(f"{where} is not valid Python: line {error.lineno}: {error.msg}"
                          f"\n    {line}") from None
    except ValueError as error:  # NUL bytes (a SyntaxError from Python 3.12 on)
        raise RenderError(f"{where} is not valid Python: {error}") from None
    try:
        formatted = _black(text)
    except Exception as error:  # black's own errors have no common base class
        first = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise RenderError(f"{where}: black could not format it: {first}") from None
    if formatted != text:  # what is written must compile too
        compile(formatted, path, "exec", dont_inherit=True)
    return formatted


@functools.lru_cache(maxsize=4096)
def _black(text: str) -> str:
    """Identical input within one process (a re-render) is formatted once."""
    return black.format_str(text, mode=BLACK_MODE)


class Formatter:
    """Formats batches of modules; `seconds` and `misses` say what it cost."""

    def __init__(self, cache: Cache | None = None) -> None:
        self.cache = cache or Cache(None)
        self.seconds = 0.0
        self.misses = 0

    def format_all(self, sources: Mapping[str, Source]) -> dict[str, str]:
        """Every source formatted, keyed like `sources`; the first failure (by path) raises."""
        started = time.perf_counter()
        try:
            keys = {path: _key(text) for path, (text, _) in sources.items()}
            done: dict[str, str] = {}
            for path, key in keys.items():
                if (hit := self.cache.get(NAMESPACE, key)) is not None:
                    done[path] = hit
            misses = {p: source for p, source in sources.items() if p not in done}
            self.misses += len(misses)
            for path, (ok, text) in sorted(_format_spread(misses).items()):
                if not ok:
                    raise RenderError(text)
                self.cache.put(NAMESPACE, keys[path], text)
                done[path] = text
            return {path: done[path] for path in sources}
        finally:
            self.seconds += time.perf_counter() - started


def _key(text: str) -> str:
    return digest(NAMESPACE, BLACK_VERSION, BLACK_MODE.get_cache_key(), sys.version, text)


def _format_spread(sources: Mapping[str, Source]) -> dict[str, Outcome]:
    """Format `sources`, half of them (by size) in a child process when worth it."""
    if len(sources) < 2 or sum(len(text) for text, _ in sources.values()) < _SPLIT_ABOVE:
        return _format_share(sources)
    mine: dict[str, Source] = {}
    theirs: dict[str, Source] = {}
    sizes = [0, 0]  # mine, theirs: the largest module goes to the lighter share
    for path, source in sorted(sources.items(), key=lambda item: -len(item[1][0])):
        lighter = 0 if sizes[0] <= sizes[1] else 1
        (mine, theirs)[lighter][path] = source
        sizes[lighter] += len(source[0])
    child = Forked(lambda: _format_share(theirs))
    try:
        outcomes = _format_share(mine)
    except BaseException:
        child.cancel()
        raise
    return {**outcomes, **child.result()}


def _format_share(sources: Mapping[str, Source]) -> dict[str, Outcome]:
    outcomes: dict[str, Outcome] = {}
    for path, (text, template) in sources.items():
        try:
            outcomes[path] = (True, format_python(text, path, template))
        except RenderError as error:
            outcomes[path] = (False, str(error))
    return outcomes

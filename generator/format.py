"""Format rendered Python with black, checked, on both cores.

This module imports black, which takes a while: `format_job.py` imports it in
a child process at the start of a run, so only that child pays for it (and
only that child formats). black formats about 3,000 lines a second, so the
modules to format are split into two shares by size, one formatted in a
forked child while this process formats the other.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping

import black
from black.mode import Mode, TargetVersion

from .forked import Forked
from .format_job import Outcome, Source
from .views import RenderError

__all__ = ["BLACK_MODE", "format_python", "format_spread"]

BLACK_MODE = Mode(target_versions={TargetVersion.PY311})
# Below this many characters, a second process costs more than it saves.
_SPLIT_ABOVE = 20_000


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


def format_spread(sources: Mapping[str, Source]) -> dict[str, Outcome]:
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

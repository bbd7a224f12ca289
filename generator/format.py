"""Format rendered Python with black, checked, piece by piece, on both cores.

This module imports black, which takes a while: `format_job.py` imports it in
a child process at the start of a run, so only that child pays for it (and
only that child formats). black formats about 3,000 lines a second, so the
modules to format are split into two shares by size, one formatted in a
forked child while this process formats the other; and each module is
formatted in pieces (`format_pieces.py`), of which the cache keeps those of
the last version of each module, so an edit formats only the pieces it changed.
"""

from __future__ import annotations

import ast
import functools
import json
from collections.abc import Mapping

import black
from black.mode import Mode, TargetVersion

from .cache import Cache, digest
from .fingerprint import formatter_version
from .forked import Forked
from .format_pieces import CLASS_LINE, Piece, split_pieces
from .views import RenderError

__all__ = ["BLACK_MODE", "format_python", "format_spread"]

BLACK_MODE = Mode(target_versions={TargetVersion.PY311})
PIECES = "black-pieces"
# Below this many characters, a second process costs more than it saves.
_SPLIT_ABOVE = 20_000
Source = tuple[str, str]  # (text, template it came from), as `format_job.Source`
Outcome = tuple[bool, str]  # (formatted?, the text or the error message)


def format_python(text: str, path: str, template: str, cache: Cache | None = None) -> str:
    """`text` formatted by black and compiled; RenderError (not a traceback) if invalid.

    It is formatted piece by piece (see `format_pieces.py`); ``cache`` keeps the
    pieces of the module last formatted for ``path``, and those that recur are
    not formatted again.
    """
    where = f"{path} (from templates/{template})"
    try:
        # Parsed once: the tree is compiled (for the compiler's own errors, such as a
        # `return` outside a function) and then cut into pieces.
        tree = ast.parse(text, path)
        compile(tree, path, "exec", dont_inherit=True)
    except SyntaxError as error:
        line = (error.text or "").strip()
        raise RenderError(f"{where} is not valid Python: line {error.lineno}: {error.msg}"
                          f"\n    {line}") from None
    except ValueError as error:  # NUL bytes (a SyntaxError from Python 3.12 on)
        raise RenderError(f"{where} is not valid Python: {error}") from None
    pieces = split_pieces(text, tree)
    bundle = _Bundle(cache, path) if len(pieces) > 1 else None
    try:
        formatted = "".join(
            (bundle.format(piece) if bundle else _format_piece(piece))
            # the blank lines after a piece, as rendered (black's at a cut), none at the end
            + ("\n" * _blank_lines_after(piece) if number < len(pieces) else "")
            for number, piece in enumerate(pieces, 1)
        )
    except Exception as error:  # black's own errors have no common base class
        first = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise RenderError(f"{where}: black could not format it: {first}") from None
    if formatted != text:  # what is written must compile too
        compile(formatted, path, "exec", dont_inherit=True)
    if bundle:
        bundle.save()
    return formatted


def _format_piece(piece: Piece) -> str:
    """The piece as black formats it within its module, up to its last line."""
    body = piece.text.rstrip("\n")
    if piece.in_class:
        return _black(f"{CLASS_LINE}{body}\n")[len(CLASS_LINE):]
    return _black(f"{body}\n")


def _blank_lines_after(piece: Piece) -> int:
    return max(len(piece.text) - len(piece.text.rstrip("\n")) - 1, 0)


class _Bundle:
    """The formatted pieces of the module last formatted for one path, as one cache
    entry (a file per piece would make a cold run write some 250 more files)."""

    def __init__(self, cache: Cache | None, path: str) -> None:
        self.cache = cache or Cache(None)
        self.key = digest(PIECES, formatter_version(), path)
        stored = self.cache.get(PIECES, self.key)
        try:
            known = json.loads(stored) if stored else {}
        except ValueError:
            known = {}
        self.known: dict[str, str] = known if isinstance(known, dict) else {}
        self.used: dict[str, str] = {}

    def format(self, piece: Piece) -> str:
        key = digest(str(piece.in_class), piece.text)
        done = self.known.get(key)
        self.used[key] = done if isinstance(done, str) else _format_piece(piece)
        return self.used[key]

    def save(self) -> None:
        if self.used != self.known:
            self.cache.put(PIECES, self.key, json.dumps(self.used))


@functools.lru_cache(maxsize=4096)
def _black(text: str) -> str:
    """Identical input within one process (a re-render) is formatted once."""
    return black.format_str(text, mode=BLACK_MODE)


def format_spread(sources: Mapping[str, Source], cache: Cache | None = None
                  ) -> dict[str, Outcome]:
    """Format `sources`, half of them (by size) in a child process when worth it."""
    if len(sources) < 2 or sum(len(text) for text, _ in sources.values()) < _SPLIT_ABOVE:
        return _format_share(sources, cache)
    mine: dict[str, Source] = {}
    theirs: dict[str, Source] = {}
    sizes = [0, 0]  # mine, theirs: the largest module goes to the lighter share
    for path, source in sorted(sources.items(), key=lambda item: -len(item[1][0])):
        lighter = 0 if sizes[0] <= sizes[1] else 1
        (mine, theirs)[lighter][path] = source
        sizes[lighter] += len(source[0])
    child = Forked(lambda: _format_share(theirs, cache))
    try:
        outcomes = _format_share(mine, cache)
    except BaseException:
        child.cancel()
        raise
    return {**outcomes, **child.result()}


def _format_share(sources: Mapping[str, Source], cache: Cache | None
                  ) -> dict[str, Outcome]:
    outcomes: dict[str, Outcome] = {}
    for path, (text, template) in sources.items():
        try:
            outcomes[path] = (True, format_python(text, path, template, cache))
        except RenderError as error:
            outcomes[path] = (False, str(error))
    return outcomes

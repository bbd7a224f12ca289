"""Diagnostics: what every pipeline stage reports, printed like a compiler.

One diagnostic per line, sortable and greppable::

    FILE:LINE:COL: SEVERITY[CODE] MESSAGE (#POINTER); hint: HINT

- ``:LINE:COL`` is omitted when the position is unknown (line 0), e.g. a
  file that cannot be read at all.
- `` (#POINTER)`` is the RFC 6901 JSON pointer of the node, written as a URI
  fragment; it is omitted when the pointer is empty (the whole document).
- ``; hint: HINT`` says what to do; omitted when there is no hint.

Codes: ``L0xx`` load (YAML), ``V0xx`` validate (OpenAPI), ``N0xx`` normalise
(named fixes). Sort order is (file, line, col, code) so output is stable.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

__all__ = [
    "Diagnostic",
    "Severity",
    "SpecError",
    "file_error",
    "has_errors",
    "json_pointer",
    "printable",
    "short_repr",
    "split_json_pointer",
    "truncate",
]


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


class Severity(enum.StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Diagnostic:
    severity: Severity
    code: str
    message: str
    file: str
    line: int
    col: int
    pointer: str
    hint: str = ""

    def format(self) -> str:
        where = self.file if self.line <= 0 else f"{self.file}:{self.line}:{self.col}"
        text = f"{where}: {self.severity.value}[{self.code}] {self.message}"
        if self.pointer:
            text += f" (#{self.pointer})"
        if self.hint:
            text += f"; hint: {self.hint}"
        return printable(text)

    def to_json(self) -> dict[str, str | int]:
        return {**asdict(self), "severity": self.severity.value}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Diagnostic:
        """Inverse of `to_json`; KeyError, TypeError or ValueError if `data` is not one."""
        return cls(**{**data, "severity": Severity(data["severity"])})

    def sort_key(self) -> tuple[str, int, int, str, str, str]:
        return (self.file, self.line, self.col, self.code, self.pointer, self.message)

    def __lt__(self, other: Diagnostic) -> bool:
        return self.sort_key() < other.sort_key()

    def __str__(self) -> str:
        return self.format()


class SpecError(Exception):
    """The input cannot be used; carries every diagnostic that says why."""

    def __init__(self, diagnostics: Iterable[Diagnostic]) -> None:
        self.diagnostics: list[Diagnostic] = sorted(diagnostics)
        super().__init__(self.__str__())

    def __str__(self) -> str:
        return "\n".join(d.format() for d in self.diagnostics)


def printable(text: str) -> str:
    """`text` with control characters as `\\xNN`: text from the spec must not drive the
    reader's terminal (ANSI escapes) or break a one-line message."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def truncate(text: str, limit: int) -> str:
    """`text`, cut to `limit` characters with "..." at the end if it is longer."""
    return text if len(text) <= limit else text[: limit - 3] + "..."


def short_repr(value: object, limit: int = 60) -> str:
    """`repr(value)` short enough to quote in a one-line message."""
    return truncate(repr(value), limit)


def json_pointer(parts: Iterable[str | int]) -> str:
    """Join reference tokens into an RFC 6901 pointer: ``["a/b", 0]`` -> ``/a~1b/0``."""
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in parts)


def split_json_pointer(pointer: str) -> list[str]:
    """Inverse of :func:`json_pointer`; accepts a leading ``#`` (URI fragment form)."""
    if pointer.startswith("#"):
        pointer = pointer[1:]
    if pointer == "":
        return []
    if not pointer.startswith("/"):
        raise ValueError(f"JSON pointer must be empty or start with '/': {pointer!r}")
    return [t.replace("~1", "/").replace("~0", "~") for t in pointer[1:].split("/")]


def has_errors(diagnostics: Sequence[Diagnostic]) -> bool:
    return any(d.severity is Severity.ERROR for d in diagnostics)


def file_error(path: Path, code: str, message: str, line: int = 0, col: int = 0,
               hint: str = "", pointer: str = "") -> SpecError:
    """A SpecError with one error at a place in the file `path` (0: not known)."""
    return SpecError([Diagnostic(Severity.ERROR, code, message, path.as_posix(), line, col,
                                 pointer, hint)])

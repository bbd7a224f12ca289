"""Escaping text from the spec for each place a template puts it, one function per context.

The spec is untrusted input: a description may hold `\"\"\"`, backslashes, NUL
bytes or Jinja syntax. Each function here returns text that is inert in its
context (a docstring, a string literal, a comment, a TOML string), so nothing
from the spec can end a string early or become code.
"""

from __future__ import annotations

import keyword
import math
import re
import textwrap

# Characters Python source must not hold raw inside a string or comment: C0
# controls (except tab and newline, handled apart), DEL, C1 controls, the
# Unicode line/paragraph separators (line breaks to some tools), lone
# surrogates (not encodable as UTF-8), and invisible format characters: bidi
# overrides and isolates would make the code display differently from what
# it is ("Trojan Source", CVE-2021-42574), zero-width ones hide text.
_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff"
    "\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff]"
)


def _hex_escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def docstring(text: str, indent: int = 0) -> str:
    """`text` made safe between triple double quotes.

    Backslashes are doubled, unsafe characters become `\\xNN` escapes, and every
    `"` of a run of three or more, or of a run that starts or ends the text, is escaped;
    non-ASCII text is kept. Spaces and tabs are dropped from line ends and the
    text's ends; lines after the first are indented by `indent` spaces (for
    attribute docstrings, which black does not re-indent).
    """
    text = text.replace("\r\n", "\n").replace("\\", "\\\\")
    text = _UNSAFE.sub(_hex_escape, text)
    lines = [line.rstrip(" \t") for line in text.strip(" \t\n").split("\n")]
    margin = " " * indent
    text = "\n".join(lines[:1] + [margin + line if line else "" for line in lines[1:]])
    # Quotes next to the opening or closing quotes are written `\x22`: black would
    # put a space between them, changing the text.
    text = re.sub(r'\A"+|"+\Z', lambda m: "\\x22" * len(m.group()), text)
    return re.sub(r'"{3,}', lambda m: '\\"' * len(m.group()), text)


def docstring_literal(text: str, indent: int = 0) -> str:
    """A complete triple-quoted docstring for `text`, closing quotes on their own
    line when it spans several lines (as black leaves it)."""
    body = docstring(text, indent)
    if "\n" in body:
        return f'"""{body}\n{" " * indent}"""'
    return f'"""{body}"""'


def wrap(text: str, width: int) -> str:
    """One paragraph of plain text wrapped at `width`; text with line breaks
    (lists, code, Markdown) is returned as it is."""
    text = text.strip()
    if "\n" in text or len(text) <= width:
        return text
    return textwrap.fill(text, width, break_long_words=False, break_on_hyphens=False)


def py_str(value: str) -> str:
    """A Python string literal for `value` (repr escapes everything unsafe), quoted
    as black writes it: double quotes unless they would need more escapes."""
    if not isinstance(value, str):
        raise TypeError(f"py_str expects a str, got {type(value).__name__}")
    literal = repr(value)
    if literal[0] == '"':
        return literal  # repr chose double quotes: `value` has a `'` and no `"`
    body = literal[1:-1]
    # Black's rule: swap to double quotes unless that adds escapes (each `"`
    # gains a backslash, each `\'` loses one).
    if value.count('"') > value.count("'"):
        return literal
    return '"' + body.replace("\\'", "'").replace('"', '\\"') + '"'


def py_literal(value: object) -> str:
    """Python source for a JSON-like value: None, bool, int, float, str, list, dict."""
    if isinstance(value, str):
        return py_str(value)
    if value is None or isinstance(value, bool | int):
        return repr(value)
    if isinstance(value, float):
        return repr(value) if math.isfinite(value) else f'float("{value}")'
    if isinstance(value, list | tuple):
        items = ", ".join(py_literal(item) for item in value)
        return f"[{items}]"
    if isinstance(value, dict):
        pairs = ", ".join(f"{py_literal(k)}: {py_literal(v)}" for k, v in value.items())
        return "{" + pairs + "}"
    raise TypeError(f"cannot write a {type(value).__name__} as a Python literal: {value!r}")


def comment(text: str) -> str:
    """`text` as the body of one `#` comment line: whitespace runs become one space."""
    text = _UNSAFE.sub(" ", text)
    return " ".join(text.split())


def identifier(name: str) -> str:
    """`name`, checked to be a usable ASCII Python identifier (naming.py decided it;
    ASCII only, so no look-alike letters from other scripts reach the code)."""
    if not (name.isascii() and name.isidentifier()) or keyword.iskeyword(name):
        raise ValueError(f"{name!r} is not a usable Python identifier")
    return name


def toml_str(value: str) -> str:
    """A TOML basic string for `value`."""
    out = []
    for char in value:
        code = ord(char)
        if char in '"\\':
            out.append("\\" + char)
        elif 0xD800 <= code <= 0xDFFF:
            out.append("\\ufffd")  # a lone surrogate has no TOML escape
        elif code < 0x20 or code == 0x7F or _UNSAFE.match(char):
            out.append(f"\\u{code:04x}")  # controls, and invisible format characters
        else:
            out.append(char)
    return '"' + "".join(out) + '"'

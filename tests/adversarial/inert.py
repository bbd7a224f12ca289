"""Did text from a spec stay text? Checks over generated Python source."""

from __future__ import annotations

import ast
import io
import tokenize

# What the hostile specs try to smuggle in; outside a string or a comment, any of
# these would be code that runs on import.
PAYLOADS = ("os.system(", "__import__(", "eval(", "exec(")
_DANGEROUS_CALLS = frozenset({"system", "__import__", "eval", "exec"})


def leaks(source: str) -> list[str]:
    """What of `source` looks like smuggled code: payload text outside string and
    comment tokens, and calls to os.system / __import__ / eval / exec."""
    found = []
    outside = "".join(token.string for token in _tokens(source)
                      if token.type not in (tokenize.STRING, tokenize.COMMENT))
    found += [f"{payload!r} outside a string" for payload in PAYLOADS if payload in outside]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name in _DANGEROUS_CALLS:
                found.append(f"a call to {name}() on line {node.lineno}")
    return found


def _tokens(source: str) -> list[tokenize.TokenInfo]:
    return list(tokenize.generate_tokens(io.StringIO(source).readline))

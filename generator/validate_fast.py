r"""A first opinion for the validator from jsonschema-rs: valid, or "look closer".

Most pieces of a real spec are valid, and a valid piece has nothing to report.
The Python jsonschema takes milliseconds to say so for each piece and each
schema (two thirds of a cold run's validation); jsonschema-rs, the backend
openapi-spec-validator itself offers, takes microseconds. So each piece (and
each schema, for the meta-schema check) is first put to jsonschema-rs, and only
those it does not pass go through the Python validators, which produce the
findings and their messages exactly as they did without it.

That is only sound if jsonschema-rs never passes what the Python check rejects:
- It is given the same schemas, resolved the same way.
- Their regular expressions are rewritten to mean what Python's `re` makes of
  them (`python_regex`): `$` also matches before a final newline, `\d` any
  Unicode digit, `.` anything but a newline. A pattern using a construct whose
  meaning is not rewritten leaves that check without a fast path. (The JSON
  Schema 2020-12 meta-schemas are built into jsonschema-rs, so their few
  patterns cannot be rewritten; each of them only rejects more where it
  differs, as `tests/unit/test_validate_fast.py` checks.)
- Formats the Python check asserts are judged by its own functions (a Python
  regex is not an ECMA-262 regex). jsonschema-rs also asserts a few formats
  the Python check ignores (`uri`): such a schema just goes the slow way.
- Anything it cannot take (a value it cannot convert, a schema it cannot
  compile) counts as not passed.
`tests/unit/test_validate_fast.py` holds all of it to that, on the AhaSend spec,
fuzzed specs and schemas, and every pattern of the schemas against tricky text.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence
from typing import Any
from urllib.parse import quote

import jsonschema_rs

from .diagnostics import json_pointer

__all__ = ["Check", "passes", "python_regex", "schema_check", "subschema_check",
           "with_python_regexes"]

Check = Callable[[Any], bool]


def passes(check: Check | None, value: Any) -> bool:
    """True only if `check` exists and says `value` is valid."""
    if check is None:
        return False
    try:
        return check(value)
    except Exception:  # a value jsonschema-rs cannot take: the Python check decides
        return False


def subschema_check(schema: Mapping[str, Any], pointer: Sequence[str]) -> Check | None:
    """Validity against the subschema at `pointer` of `schema` (a whole JSON Schema with
    an id), resolved within `schema`; formats not asserted (as `validator_for(schema)`
    does not). None if jsonschema-rs cannot compile it."""
    rewritten: dict[str, Any] | None = with_python_regexes(schema)
    if rewritten is None:
        return None
    try:
        if not pointer:
            return jsonschema_rs.validator_for(rewritten, validate_formats=False).is_valid
        base = rewritten.get("$id") or rewritten.get("id")
        if not isinstance(base, str):
            return None
        registry = jsonschema_rs.Registry([(base, rewritten)])
        wrapper = {"$schema": rewritten.get("$schema"),
                   "$ref": f"{base}#{quote(json_pointer(pointer), safe='/')}"}
        return jsonschema_rs.validator_for(wrapper, registry=registry,
                                           validate_formats=False).is_valid
    except (ValueError, TypeError, jsonschema_rs.ReferencingError):
        return None


@functools.cache
def schema_check(dialect_id: str) -> Check | None:
    """Validity of a schema under the OpenAPI 3.1 base dialect, as openapi-schema-validator's
    `check_openapi_schema` judges it (with `oas31_format_checker`). None for any other
    dialect, or if jsonschema-rs cannot compile it."""
    from openapi_schema_validator import (  # noqa: PLC0415 - loaded by the keyword pass anyway
        OAS31_BASE_DIALECT_ID,
        OAS31Validator,
        oas31_format_checker,
    )

    if dialect_id != OAS31_BASE_DIALECT_ID:
        return None
    try:
        # The registry check_openapi_schema resolves the dialect's vocabulary schemas in.
        from openapi_schema_validator._specifications import REGISTRY  # noqa: PLC0415

        resources = [(uri, with_python_regexes(REGISTRY[uri].contents)) for uri in REGISTRY
                     if uri.startswith("https://spec.openapis.org/")]
        meta = with_python_regexes(OAS31Validator.META_SCHEMA)
        if meta is None or any(contents is None for _, contents in resources):
            return None
        formats: dict[str, Callable[[Any], bool]] = {
            name: functools.partial(_conforms, oas31_format_checker, name)
            for name in oas31_format_checker.checkers}
        return jsonschema_rs.validator_for(
            meta, registry=jsonschema_rs.Registry(resources),
            validate_formats=True, formats=formats).is_valid
    except (ImportError, ValueError, TypeError, jsonschema_rs.ReferencingError):
        return None


def _conforms(checker: Any, name: str, value: Any) -> bool:
    return bool(checker.conforms(value, name))


# Data, not schemas: a "pattern" key under these is not a regular expression.
_DATA_KEYWORDS = frozenset({"const", "default", "enum", "example", "examples"})


def with_python_regexes(schema: Any) -> Any:
    """A copy of `schema` whose `pattern`s and `patternProperties` names mean what they
    mean to Python's `re`; None if one cannot be rewritten (see `python_regex`)."""
    try:
        return _rewritten(schema)
    except _NotRewritten:
        return None


class _NotRewritten(Exception):
    pass


def _rewritten(node: Any) -> Any:
    if isinstance(node, list):
        return [_rewritten(item) for item in node]
    if not isinstance(node, Mapping):
        return node
    copy: dict[str, Any] = {}
    for key, value in node.items():
        if key in _DATA_KEYWORDS:
            copy[key] = value
        elif key == "pattern" and isinstance(value, str):
            copy[key] = _regex(value)
        elif key == "patternProperties" and isinstance(value, Mapping):
            copy[key] = {_regex(name): _rewritten(sub) for name, sub in value.items()}
            if len(copy[key]) < len(value):  # two names came out the same
                raise _NotRewritten
        else:
            copy[key] = _rewritten(value)
    return copy


def _regex(pattern: str) -> str:
    rewritten = python_regex(pattern)
    if rewritten is None:
        raise _NotRewritten
    return rewritten


def python_regex(pattern: str) -> str | None:
    """`pattern` rewritten so that jsonschema-rs's regex engine (ECMA-262 syntax) finds
    what Python's `re.search` finds in any text; None if it uses a construct whose
    meaning differs and is not rewritten here (a class escape but \\d, a flag, a
    look-around, a nested or empty class, an escaped letter or digit)."""
    out: list[str] = []
    in_class = False
    index = 0
    while index < len(pattern):
        char = pattern[index]
        index += 1
        if char == "\\":
            if index == len(pattern):
                return None
            escaped = pattern[index]
            index += 1
            if escaped == "d":  # Python: any Unicode decimal digit
                out.append(r"\p{Nd}")
            elif escaped.isascii() and not escaped.isalnum():
                out.append("\\" + escaped)  # a literal character
            else:
                return None
        elif in_class:
            if char == "[" or pattern.startswith(("&&", "--", "~~"), index - 1):
                return None  # nested classes and set operations differ
            if char == "]":
                in_class = False
            out.append(char)
        elif char == "[":
            if pattern.startswith(("]", "^]"), index):
                return None  # "[]..." is a literal "]" to Python, an empty class to ECMA
            in_class = True
            out.append(char)
        elif char == ".":
            out.append(r"[^\n]")  # Python's dot: anything but a newline
        elif char == "$":
            out.append(r"\n?$")  # Python's "$": the end, or before a newline at the end
        elif char == "(" and pattern.startswith("?", index):
            if not pattern.startswith("?:", index):
                return None  # flags, look-arounds and named groups
            out.append(char)
        else:
            out.append(char)
    return None if in_class else "".join(out)

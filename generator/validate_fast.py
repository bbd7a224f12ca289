"""A first opinion for the validator from jsonschema-rs: valid, or "look closer".

Most pieces of a real spec are valid, and a valid piece has nothing to report.
The Python jsonschema takes milliseconds to say so for each piece and each
schema (two thirds of a cold run's validation); jsonschema-rs, the backend
openapi-spec-validator itself offers, takes microseconds. So each piece (and
each schema, for the meta-schema check) is first put to jsonschema-rs, and only
those it does not pass go through the Python validators, which produce the
findings and their messages exactly as they did without it.

That is only sound if jsonschema-rs never passes what the Python check rejects.
It is given the same schemas, resolved the same way; formats are asserted only
where the Python check asserts them, and then by the Python check's own
functions (a Python regex is not an ECMA-262 regex). Where jsonschema-rs is
stricter (a format the Python check ignores), a piece just goes the slow way.
Anything it cannot take (a value it cannot convert, a schema it cannot
compile) counts as not passed. `tests/unit/test_validate_fast.py` holds the
two checks to that, on the AhaSend spec and on fuzzed variants of it.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence
from typing import Any
from urllib.parse import quote

import jsonschema_rs

from generator.diagnostics import json_pointer

__all__ = ["Check", "passes", "schema_check", "subschema_check"]

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
    try:
        if not pointer:
            return jsonschema_rs.validator_for(dict(schema), validate_formats=False).is_valid
        base = schema.get("$id") or schema.get("id")
        if not isinstance(base, str):
            return None
        registry = jsonschema_rs.Registry([(base, dict(schema))])
        wrapper = {"$schema": schema.get("$schema"),
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

        resources = [(uri, REGISTRY[uri].contents) for uri in REGISTRY
                     if uri.startswith("https://spec.openapis.org/")]
        formats: dict[str, Callable[[Any], bool]] = {
            name: functools.partial(_conforms, oas31_format_checker, name)
            for name in oas31_format_checker.checkers}
        return jsonschema_rs.validator_for(
            dict(OAS31Validator.META_SCHEMA), registry=jsonschema_rs.Registry(resources),
            validate_formats=True, formats=formats).is_valid
    except (ImportError, ValueError, TypeError, jsonschema_rs.ReferencingError):
        return None


def _conforms(checker: Any, name: str, value: Any) -> bool:
    return bool(checker.conforms(value, name))

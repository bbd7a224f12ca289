"""jsonschema-rs's first opinion (`validate_fast.py`) may only ever save work: whatever
the document, validation reports exactly what it reports without it, and whatever
jsonschema-rs passes, the Python check it stands in for passes too."""

from __future__ import annotations

import copy
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from unittest import mock

import jsonschema_rs
import pytest
from hypothesis import HealthCheck, given, note, reject, settings
from hypothesis import strategies as st
from jsonschema.exceptions import SchemaError  # type: ignore[import-untyped]
from openapi_schema_validator import OAS31_BASE_DIALECT_ID, OAS31Validator, oas31_format_checker

from generator import validate_fast
from generator.cache import Cache
from generator.diagnostics import Diagnostic, SpecError
from generator.load import Document, JsonObject, load_document, load_text
from generator.normalise import normalise
from generator.validate import validate_document
from generator.validate_fast import Check, passes, schema_check
from tests.adversarial.fuzz import (
    AHASEND,
    ahasend_slices,
    as_json,
    json_values,
    mutate,
    schemas,
    small_specs,
)

EXAMPLES = max(int(os.environ.get("AHASEND_FUZZ_EXAMPLES", "500")) // 10, 20)
DIFFERENTIAL = settings(max_examples=EXAMPLES, derandomize=True, database=None, deadline=None,
                        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                               HealthCheck.filter_too_much])


@contextmanager
def fast_path(enabled: bool) -> Iterator[list[bool]]:
    """Validation with jsonschema-rs's opinion (recording each) or without it."""
    said: list[bool] = []

    def recorded(check: Check | None, value: Any) -> bool:
        said.append(passes(check, value) if enabled else False)
        return said[-1]

    with mock.patch("generator.validate_schema.passes", recorded), \
            mock.patch("generator.validate_keywords.passes", recorded):
        yield said


def validated(document: Document, *, fast: bool) -> list[Diagnostic]:
    with fast_path(fast):
        return validate_document(document, Cache(None))


def both_ways(data: JsonObject) -> tuple[list[Diagnostic], list[Diagnostic]]:
    try:
        document = load_text(as_json(data), "spec.yaml")
    except SpecError:
        reject()  # not loadable: nothing to validate
    return validated(document, fast=True), validated(document, fast=False)


def test_jsonschema_rs_passes_every_piece_and_schema_of_the_ahasend_spec() -> None:
    """The fast path is taken on a real spec: nothing goes the slow way."""
    document, _ = normalise(load_document(AHASEND))
    with fast_path(True) as said:
        assert validate_document(document, Cache(None)) == []
    assert len(said) > 150 and all(said), f"{said.count(False)} of {len(said)} not passed"


@pytest.mark.parametrize(("pattern", "valid"), [("\\p{L}+", False), ("(?<name>x)", False),
                                              ("(?P<name>x)", True)])
def test_patterns_are_judged_by_python_with_the_fast_path(pattern: str, valid: bool) -> None:
    """ECMA-262 (jsonschema-rs's own regex check) accepts the first two patterns and
    Python's `re` does not; the third the other way round. The meta-schema check asserts
    format "regex" with the Python function, so the verdict is Python's either way."""
    data: JsonObject = {
        "openapi": "3.1.0", "info": {"title": "t", "version": "1"},
        "paths": {}, "components": {"schemas": {"Name": {"type": "string",
                                                         "pattern": pattern}}},
    }
    fast, slow = both_ways(data)
    assert fast == slow
    assert [d.pointer for d in fast] == ([] if valid else ["/components/schemas/Name/pattern"])


# OpenAPI 3.0's schema names component keys and `$ref` by `patternProperties` alone,
# with no `additionalProperties: false`: a key Python's pattern matches (its "$" also
# matches before a final newline) and an ECMA-262 one does not would be let through.
OPENAPI_30 = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\n"


@pytest.mark.parametrize("text", [
    OPENAPI_30 + "paths: {}\ncomponents:\n  responses:\n    \"Foo\\n\": {nodescription: 1}\n",
    OPENAPI_30 + "paths: {}\ncomponents:\n  schemas:\n    \"Foo\\n\": {properties: 5}\n",
    OPENAPI_30 + "paths:\n  /a:\n    get:\n      responses:\n        '200': {$ref: "
                 "'#/components/responses/R', \"$ref\\n\": 5}\n"
                 "components:\n  responses:\n    R: {description: d}\n",
])
def test_keys_ending_in_a_newline_get_the_same_diagnostics_either_way(text: str) -> None:
    document = load_text(text, "spec.yaml")
    fast = validated(document, fast=True)
    assert fast == validated(document, fast=False)
    assert [d for d in fast if d.code == "V001"], fast


def _keywords(node: Any) -> Iterator[tuple[str, Any]]:
    """Every keyword with its value in a schema and its subschemas (not inside data
    keywords, and property names are not taken for keywords)."""
    if isinstance(node, list):
        for item in node:
            yield from _keywords(item)
    elif isinstance(node, dict):
        for key, value in node.items():
            yield key, value
            if key in ("properties", "$defs", "patternProperties", "dependentSchemas"):
                for sub in value.values() if isinstance(value, dict) else ():
                    yield from _keywords(sub)
            elif key not in ("const", "default", "enum", "example", "examples"):
                yield from _keywords(value)


def _patterns(schema: Any) -> set[str]:
    found: set[str] = set()
    for key, value in _keywords(schema):
        if key == "pattern" and isinstance(value, str):
            found.add(value)
        elif key == "patternProperties" and isinstance(value, dict):
            found.update(value)
    return found


def _schemas_given_to_jsonschema_rs() -> list[Any]:
    from openapi_schema_validator._specifications import REGISTRY

    from generator.validate_schema import _shipped_schema

    return [_shipped_schema("3.0"), _shipped_schema("3.1"), OAS31Validator.META_SCHEMA,
            *(REGISTRY[uri].contents for uri in REGISTRY
              if uri.startswith("https://spec.openapis.org/"))]


OUR_PATTERNS = sorted(set().union(*map(_patterns, _schemas_given_to_jsonschema_rs())))
TRICKY = st.text(st.sampled_from("aZx_-.$/#?3019XB\n\r\u0663\u00e9 \u2028\ufeff"), max_size=8)


def _ecma_search(pattern: str) -> Check:
    check: Check = jsonschema_rs.validator_for({"pattern": pattern}).is_valid
    return check


@DIFFERENTIAL
@given(text=TRICKY | st.sampled_from(["3.1.0\n", "Foo\n", "$ref\n", "3.1.\u0663", "x-\n",
                                      "get\n", "bearer\n", "200\n", "2\u0663\u0663"]))
def test_rewritten_patterns_match_what_python_matches(text: str) -> None:
    """Every pattern of the schemas jsonschema-rs is given, rewritten, finds what Python's
    `re.search` finds."""
    assert len(OUR_PATTERNS) > 5
    for pattern in OUR_PATTERNS:
        rewritten = validate_fast.python_regex(pattern)
        assert rewritten is not None, pattern
        assert _ecma_search(rewritten)(text) == bool(re.search(pattern, text)), (pattern, text)


@DIFFERENTIAL
@given(text=TRICKY | st.sampled_from(["a\n", "id#\n", "_\u0663"]))
def test_builtin_meta_schema_patterns_only_reject_more(text: str) -> None:
    """The JSON Schema 2020-12 meta-schemas are built into jsonschema-rs, so their
    patterns are not rewritten: each is a `pattern` keyword (no `patternProperties`),
    where a failed match rejects, and matches only text Python's matches."""
    from jsonschema_specifications import REGISTRY  # type: ignore[import-untyped]

    metas = [REGISTRY[uri].contents for uri in REGISTRY if "/draft/2020-12/" in uri]
    assert not [key for meta in metas for key, _ in _keywords(meta) if key == "patternProperties"]
    patterns = sorted(set().union(*map(_patterns, metas)))
    assert patterns  # $id's and the anchors'
    for pattern in patterns:
        if _ecma_search(pattern)(text):
            assert re.search(pattern, text), (pattern, text)


def test_python_regex_declines_what_it_does_not_rewrite() -> None:
    for pattern in ["\\w+", "(?i)a", "(?=a)", "[]a]", "[a&&b]", "\\1", "a\\"]:
        assert validate_fast.python_regex(pattern) is None, pattern
    assert validate_fast.python_regex("^a.\\d$") == "^a[^\\n]\\p{Nd}\\n?$"


def test_a_value_jsonschema_rs_cannot_take_goes_the_slow_way() -> None:
    assert not passes(validate_fast.subschema_check({"type": "object"}, ()), {1: "int key"})
    assert not passes(None, {})


@DIFFERENTIAL
@given(data=st.data())
def test_a_mutated_ahasend_slice_gets_the_same_diagnostics_either_way(
        data: st.DataObject) -> None:
    document: JsonObject = copy.deepcopy(data.draw(st.sampled_from(ahasend_slices())))
    for _ in range(data.draw(st.integers(1, 3))):
        note(mutate(document, data.draw))
    fast, slow = both_ways(document)
    assert fast == slow


@DIFFERENTIAL
@given(document=small_specs())
def test_a_generated_spec_gets_the_same_diagnostics_either_way(document: JsonObject) -> None:
    fast, slow = both_ways(document)
    assert fast == slow


_KEYWORDS = ("type", "format", "pattern", "properties", "items", "allOf", "oneOf", "enum",
             "required", "minimum", "maxLength", "discriminator", "example", "$ref", "nullable",
             "additionalProperties", "patternProperties", "$id", "$anchor", "externalDocs",
             "xml", "const", "dependentRequired", "$defs", "not")
_schema_like = st.recursive(
    st.dictionaries(st.sampled_from(_KEYWORDS), json_values, max_size=4),
    lambda inner: st.dictionaries(st.sampled_from(_KEYWORDS),
                                  inner | st.lists(inner, max_size=3)
                                  | st.dictionaries(st.text(max_size=4), inner, max_size=3),
                                  max_size=4),
    max_leaves=12,
)


@DIFFERENTIAL
@given(schema=_schema_like | schemas(()))  # random keywords, and schemas that are valid
def test_a_schema_jsonschema_rs_passes_passes_the_libraries_check(schema: Any) -> None:
    check = schema_check(OAS31_BASE_DIALECT_ID)
    assert check is not None
    if passes(check, schema):
        try:
            OAS31Validator.check_schema(schema, format_checker=oas31_format_checker)
        except SchemaError as error:
            pytest.fail(f"jsonschema-rs passed what the library rejects: {error.message}")

"""jsonschema-rs's first opinion (`validate_fast.py`) may only ever save work: whatever
the document, validation reports exactly what it reports without it, and whatever
jsonschema-rs passes, the Python check it stands in for passes too."""

from __future__ import annotations

import copy
import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from unittest import mock

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
from tests.adversarial.fuzz import AHASEND, ahasend_slices, as_json, json_values, mutate
from tests.adversarial.fuzz import small_specs as small_specs_strategy

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
@given(document=small_specs_strategy())
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
@given(schema=_schema_like)
def test_a_schema_jsonschema_rs_passes_passes_the_libraries_check(schema: Any) -> None:
    check = schema_check(OAS31_BASE_DIALECT_ID)
    assert check is not None
    if passes(check, schema):
        try:
            OAS31Validator.check_schema(schema, format_checker=oas31_format_checker)
        except SchemaError as error:
            pytest.fail(f"jsonschema-rs passed what the library rejects: {error.message}")

"""Normalisation shares walks between node-local fixes (`normalise._walks`): the result
must be what one walk per fix, in the registry's order, gives."""

from __future__ import annotations

import copy
import os

from hypothesis import HealthCheck, given, note, reject, settings
from hypothesis import strategies as st

from generator.diagnostics import SpecError, json_pointer
from generator.load import Document, JsonObject, JsonValue, load_document, load_text
from generator.normalise import FIXES, FixContext, _walks, iter_objects, normalise
from tests.adversarial.fuzz import AHASEND, ahasend_slices, as_json, mutate, small_specs

EXAMPLES = max(int(os.environ.get("AHASEND_FUZZ_EXAMPLES", "500")) // 5, 20)
DIFFERENTIAL = settings(max_examples=EXAMPLES, derandomize=True, database=None, deadline=None,
                        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                               HealthCheck.filter_too_much])
Outcome = tuple[JsonValue, list[tuple[str, str, str]]]


def one_walk_per_fix(doc: Document) -> Outcome:
    data = copy.deepcopy(doc.data)
    context = FixContext(data, doc.scalar_text)
    is_31 = str(doc.data.get("openapi", "")).startswith("3.1")
    found = [(fix.code, json_pointer(finding.parts), finding.message)
             for fix in FIXES if is_31 or not fix.only_31
             for visit in iter_objects(data) if visit.kind in fix.kinds
             for finding in fix.apply(visit, context)]
    return data, sorted(found)


def shared_walks(doc: Document) -> Outcome:
    fixed, diagnostics = normalise(doc)
    return fixed.data, sorted((d.code, d.pointer, d.message) for d in diagnostics)


def same_either_way(doc: Document) -> None:
    data, found = one_walk_per_fix(doc)
    shared_data, shared_found = shared_walks(doc)
    assert shared_data == data
    assert shared_found == found


def same_either_way_if_loaded(data: JsonObject) -> None:
    try:
        document = load_text(as_json(data), "spec.yaml")
    except SpecError:
        reject()  # not loadable: nothing to normalise
    same_either_way(document)


def test_fewer_walks_than_fixes() -> None:
    assert len(_walks(FIXES)) < len(FIXES)
    assert [f for walk in _walks(FIXES) for f in walk] == FIXES


def test_the_ahasend_spec_normalises_the_same_either_way() -> None:
    same_either_way(load_document(AHASEND))


def test_a_fix_that_follows_refs_sees_the_document_before_later_fixes() -> None:
    """N005 follows the parameter's $ref to a schema that N001 (later in the order)
    rewrites: N005 must see it unrewritten, as a walk of its own gives."""
    document = load_text("""\
openapi: 3.1.0
info: {title: t, version: '1'}
paths: {}
components:
  schemas:
    Id: {$ref: '#/components/schemas/Uuid', nullable: true}
    Uuid: {type: string, format: uuid}
  parameters:
    IdParam:
      name: id
      in: query
      schema: {$ref: '#/components/schemas/Id'}
      example: not-a-uuid
""", "spec.yaml")
    same_either_way(document)
    assert [c for c, _, _ in shared_walks(document)[1]] == ["N001", "N005"]


@DIFFERENTIAL
@given(data=st.data())
def test_a_mutated_ahasend_slice_normalises_the_same_either_way(data: st.DataObject) -> None:
    document: JsonObject = copy.deepcopy(data.draw(st.sampled_from(ahasend_slices())))
    for _ in range(data.draw(st.integers(1, 3))):
        note(mutate(document, data.draw))
    same_either_way_if_loaded(document)


@DIFFERENTIAL
@given(document=small_specs())
def test_a_generated_spec_normalises_the_same_either_way(document: JsonObject) -> None:
    same_either_way_if_loaded(document)

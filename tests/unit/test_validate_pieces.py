"""Validation piece by piece: a warm cache reports exactly what a cold run reports."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from textwrap import dedent

import pytest

from generator.cache import Cache
from generator.diagnostics import Diagnostic
from generator.load import load_text
from generator.validate import Tally, validate_document

REPO = Path(__file__).resolve().parents[2]
VALID = dedent("""\
    openapi: 3.1.0
    info: {title: t, version: '1'}
    tags: [{name: things}, {name: other}]
    paths:
      /things/{id}:
        get:
          operationId: getThing
          summary: Get a thing
          parameters:
            - {name: id, in: path, required: true, schema: {type: string}}
          responses:
            '200':
              description: ok
              content:
                application/json:
                  schema: {$ref: '#/components/schemas/Thing'}
      /others:
        get:
          operationId: listOthers
          responses:
            '200':
              description: ok
              content:
                application/json:
                  schema: {$ref: '#/components/schemas/Other'}
    components:
      schemas:
        Thing:
          type: object
          properties:
            id: {type: string}
            size: {$ref: '#/components/schemas/Size'}
        Size:
          type: integer
        Other:
          type: object
          properties:
            name: {type: string}
      responses:
        Gone: {description: gone}
    """)

# Broken in one piece or across pieces, structurally and semantically.
BROKEN = {
    "summary not a string": VALID.replace("summary: Get a thing", "summary: [a, b]"),
    "parameter in body": VALID.replace("in: path", "in: body"),
    "undeclared path parameter": VALID.replace("/things/{id}:", "/things/{thing}:"),
    "default of the wrong type": VALID.replace("type: integer",
                                               "type: integer\n      default: big"),
    "bad type deep in a component": VALID.replace("name: {type: string}", "name: {type: strng}"),
    "duplicate operationId": VALID.replace("operationId: listOthers", "operationId: getThing"),
    "duplicate tag": VALID.replace("{name: other}", "{name: things}"),
    "response without description": VALID.replace("Gone: {description: gone}", "Gone: {}"),
    "bad component name": VALID.replace("    Other:", "    'Oth er':").replace(
        "schemas/Other'", "schemas/Oth%20er'"),
    "unknown top-level key": VALID + "wat: 1\n",
    "path key without slash": VALID.replace("  /others:", "  others:"),
    "required not in properties": VALID.replace(
        "    Other:\n      type: object\n",
        "    Other:\n      type: object\n      required: [nope]\n"
        "      allOf: [{type: object}]\n"),
    "broken reference": VALID.replace("schemas/Size'", "schemas/Sise'"),
}


def run(text: str, cache: Cache) -> tuple[list[Diagnostic], Tally]:
    tally = Tally()
    return validate_document(load_text(text, "spec.yaml"), cache, tally), tally


@pytest.fixture()
def cache(tmp_path: Path) -> Cache:
    return Cache(tmp_path / "cache")


def test_the_valid_spec_is_valid_cold_and_warm(cache: Cache) -> None:
    assert run(VALID, cache)[0] == []
    found, tally = run(VALID, cache)
    assert found == [] and tally.misses == 0 and tally.hits > 0


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_a_warm_run_reports_what_a_cold_run_reports(name: str, cache: Cache) -> None:
    text = BROKEN[name]
    cold, _ = run(text, Cache(None))
    assert cold, f"{name}: nothing found"
    for other in (VALID, *BROKEN.values()):  # the cache has seen many versions
        run(other, cache)
    warm, _ = run(text, cache)  # partly from the cache
    assert warm == cold
    warm, tally = run(text, cache)  # all of it
    assert warm == cold
    assert tally.misses == 0


def test_an_edited_piece_is_validated_again_and_only_it(cache: Cache) -> None:
    run(VALID, cache)
    (problem,), tally = run(BROKEN["summary not a string"], cache)
    assert problem.pointer == "/paths/~1things~1{id}/get/summary"
    assert (problem.line, problem.code) == (8, "V001")
    assert "is not of type 'string'" in problem.message
    assert tally.missed == ["/paths/~1things~1{id}"]  # the keyword checks do not read summaries


def test_cached_problems_follow_their_lines_when_lines_move(cache: Cache) -> None:
    text = BROKEN["bad type deep in a component"]
    (before,), _ = run(text, cache)
    moved = text.replace("info: {title: t, version: '1'}",
                         "info:\n  title: t\n  version: '1'")
    (after,), tally = run(moved, cache)
    assert tally.missed == []  # the same data on other lines: every piece is cached
    assert after.pointer == before.pointer == "/components/schemas/Other/properties/name/type"
    assert after.line == before.line + 2


def test_a_changed_component_revalidates_the_path_items_that_use_it(cache: Cache) -> None:
    run(VALID, cache)
    found, tally = run(BROKEN["default of the wrong type"], cache)
    assert [d.pointer for d in found] == ["/components/schemas/Size/default"]
    # Size changed: its own pieces, Thing (references it) and the path item using Thing;
    # not /others, nor Other.
    assert sorted(tally.missed) == ["/components/schemas/Size", "/components/schemas/Size",
                                    "/components/schemas/Thing", "/paths/~1things~1{id}"]


def test_an_operation_id_duplicated_across_pieces_is_found_on_a_warm_cache(cache: Cache) -> None:
    run(VALID, cache)
    renamed = VALID.replace("operationId: getThing", "operationId: listOthers")
    (problem,), _ = run(renamed, cache)
    assert problem.pointer == "/paths/~1others/get"
    assert "Operation ID 'listOthers' for 'get' in '/others' is not unique" in problem.message


def _modules_after(script: str, tmp_path: Path) -> set[str]:
    code = dedent(f"""\
        import sys
        from pathlib import Path
        from generator.cache import Cache
        from generator.load import load_text
        from generator.validate import validate_document
        cache = Cache(Path({str(tmp_path / "cache")!r}))
        {script}
        print(" ".join(sorted(m for m in sys.modules if m.split(".")[0] in
                              ("openapi_spec_validator", "jsonschema", "jsonschema_path",
                                                   "jsonschema_rs"))))
        """)
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True,
                          text=True, check=True)
    return {m.split(".")[0] for m in done.stdout.split()}


def test_no_validation_library_is_imported_when_every_piece_is_cached(tmp_path: Path) -> None:
    (tmp_path / "spec.yaml").write_text(VALID)
    check = "assert validate_document(load_text(Path('{}').read_text()), cache) == []".format(
        tmp_path / "spec.yaml")
    assert _modules_after(check, tmp_path) == {"openapi_spec_validator", "jsonschema",
                                               "jsonschema_path", "jsonschema_rs"}
    assert _modules_after(check, tmp_path) == set()
    # A summary edit: the structural check of that path item only, which jsonschema-rs
    # passes, so jsonschema itself is not even imported.
    (tmp_path / "spec.yaml").write_text(VALID.replace("Get a thing", "Get one thing"))
    assert _modules_after(check, tmp_path) == {"jsonschema_rs"}
    # An edit that breaks that path item: jsonschema finds and words the error.
    (tmp_path / "spec.yaml").write_text(VALID.replace("summary: Get a thing",
                                                      "summary: [not, a, string]"))
    assert _modules_after(check.replace("== []", "!= []"), tmp_path) == {"jsonschema",
                                                                         "jsonschema_rs"}

"""Stage 1 (load) and the diagnostics it reports with."""

from __future__ import annotations

import hashlib
import time
from pathlib import Path
from textwrap import dedent

import pytest

from generator.diagnostics import (
    Diagnostic,
    Severity,
    SpecError,
    json_pointer,
    split_json_pointer,
)
from generator.load import (
    Document,
    load_document,
    load_json_document,
    load_text,
    position_of,
)
from generator.load_yaml import MAX_DEPTH


def load(text: str) -> Document:
    return load_text(dedent(text), "spec.yaml")


def load_error(text: str) -> Diagnostic:
    with pytest.raises(SpecError) as caught:
        load_text(text, "spec.yaml")
    assert len(caught.value.diagnostics) == 1
    return caught.value.diagnostics[0]


# -- positions --------------------------------------------------------------------------------


def test_nested_nodes_have_one_based_line_and_column() -> None:
    doc = load(
        """\
        openapi: 3.1.0
        paths:
          /a/{id}:
            get:
              tags: [x, y]
              parameters:
                - name: id
        """
    )
    assert doc.positions["/paths/~1a~1{id}/get"] == (4, 5)
    assert doc.positions["/paths/~1a~1{id}/get/tags/1"] == (5, 17)
    assert doc.positions["/paths/~1a~1{id}/get/parameters/0"] == (7, 11)
    assert doc.positions["/paths/~1a~1{id}/get/parameters/0/name"] == (7, 11)


def test_mapping_entry_pointer_is_the_key_position_not_the_value() -> None:
    doc = load(
        """\
        info:
            title: t
        """
    )
    assert doc.positions["/info"] == (1, 1)
    assert doc.positions["/info/title"] == (2, 5)


def test_every_node_has_a_position() -> None:
    doc = load("a: {b: [1, {c: 2}]}\n")
    assert set(doc.positions) == {"", "/a", "/a/b", "/a/b/0", "/a/b/1", "/a/b/1/c"}


def test_columns_count_characters_not_bytes() -> None:
    doc = load("a: {é: 1, b: 2}\n")
    assert doc.positions["/a/b"] == (1, 11)


def test_position_of_falls_back_to_nearest_ancestor() -> None:
    doc = load("a:\n  b: 1\n")
    assert position_of(doc, "/a/b/missing/deeper") == (2, 3)
    assert position_of(doc, "/nowhere") == doc.positions[""]


# -- values and keys --------------------------------------------------------------------------


def test_non_string_keys_keep_the_text_they_were_written_with() -> None:
    doc = load(
        """\
        responses:
          200: {description: ok}
          4XX: {description: client}
        flags:
          true: 1
          yes: 2
          0x10: 3
        """
    )
    assert doc.data["responses"] == {"200": {"description": "ok"}, "4XX": {"description": "client"}}
    assert doc.data["flags"] == {"true": 1, "yes": 2, "0x10": 3}


def test_scalars_resolve_like_yaml_but_timestamps_stay_text() -> None:
    doc = load(
        """\
        b: yes
        i: 1_000
        h: 0x1F
        f: 1.5
        n: ~
        d: 2024-01-01
        t: 2024-01-01T10:00:00Z
        s: '200'
        """
    )
    assert doc.data == {
        "b": True,
        "i": 1000,
        "h": 31,
        "f": 1.5,
        "n": None,
        "d": "2024-01-01",
        "t": "2024-01-01T10:00:00Z",
        "s": "200",
    }
    assert doc.scalar_text["/b"] == "yes"
    assert "/s" not in doc.scalar_text


def test_aliases_expand_into_independent_copies() -> None:
    doc = load("a: &x {k: [1]}\nb: *x\n")
    assert doc.data["a"] == doc.data["b"] == {"k": [1]}
    assert doc.data["a"] is not doc.data["b"]


def test_merge_keys_apply_and_explicit_keys_win() -> None:
    doc = load("base: &b {x: 1, y: 2}\nd:\n  <<: *b\n  y: 3\n")
    assert doc.data["d"] == {"y": 3, "x": 1}
    assert doc.positions["/d/y"] == (4, 3)


def test_bom_is_accepted_and_sha256_is_of_the_raw_bytes(tmp_path: Path) -> None:
    raw = "\ufeffopenapi: 3.1.0\n".encode()
    path = tmp_path / "spec.yaml"
    path.write_bytes(raw)
    doc = load_document(path)
    assert doc.data == {"openapi": "3.1.0"}
    assert doc.sha256 == hashlib.sha256(raw).hexdigest()
    assert doc.text == "openapi: 3.1.0\n"


# -- errors -----------------------------------------------------------------------------------


def test_duplicate_keys_are_an_error_naming_both_lines() -> None:
    diag = load_error("a: 1\nb:\n  c: 1\n  c: 2\n")
    assert (diag.code, diag.line, diag.col) == ("L004", 4, 3)
    assert "'c'" in diag.message and "line 3" in diag.message


def test_duplicate_keys_differing_only_in_yaml_type_are_an_error() -> None:
    diag = load_error("responses:\n  200: {}\n  '200': {}\n")
    assert diag.code == "L004"


def test_bad_yaml_is_a_spec_error_with_line_and_column() -> None:
    diag = load_error("openapi: 3.1.0\ninfo:\n  title: [unclosed\n  version: 1\n")
    assert diag.code == "L003"
    assert diag.severity is Severity.ERROR
    assert diag.line >= 3 and diag.col >= 1
    assert diag.format().startswith(f"spec.yaml:{diag.line}:{diag.col}: error[L003] YAML syntax")


def test_bad_indentation_is_reported_where_it_happens() -> None:
    diag = load_error("a:\n  b: 1\n c: 2\n")
    assert (diag.code, diag.line, diag.col) == ("L003", 3, 2)


def test_several_documents_in_one_file_are_an_error() -> None:
    assert load_error("a: 1\n---\nb: 2\n").code == "L003"


def test_control_characters_are_a_syntax_error_with_position() -> None:
    diag = load_error("a: 1\nb: x\x00\n")
    assert (diag.code, diag.line) == ("L003", 2)


@pytest.mark.parametrize(("text", "kind"), [("[1, 2]\n", "sequence"), ("just text\n", "scalar")])
def test_document_that_is_not_a_mapping_is_an_error(text: str, kind: str) -> None:
    diag = load_error(text)
    assert diag.code == "L005"
    assert kind in diag.message


@pytest.mark.parametrize("text", ["", "# only a comment\n"])
def test_empty_document_is_an_error(text: str) -> None:
    assert load_error(text).code == "L005"


def test_missing_file_is_a_spec_error_without_traceback(tmp_path: Path) -> None:
    with pytest.raises(SpecError) as caught:
        load_document(tmp_path / "missing.yaml")
    (diag,) = caught.value.diagnostics
    assert diag.code == "L001"
    assert str(caught.value).startswith(f"{(tmp_path / 'missing.yaml').as_posix()}: error[L001]")
    assert "not found" in diag.message


def test_directory_is_not_a_spec(tmp_path: Path) -> None:
    with pytest.raises(SpecError) as caught:
        load_document(tmp_path)
    assert caught.value.diagnostics[0].code == "L001"


def test_non_utf8_file_reports_the_position_of_the_bad_byte(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes("openapi: 3.1.0\ninfo: {title: caf\xe9}\n".encode("latin-1"))
    with pytest.raises(SpecError) as caught:
        load_document(path)
    (diag,) = caught.value.diagnostics
    assert (diag.code, diag.line, diag.col) == ("L002", 2, 18)
    assert "0xe9" in diag.message


def test_alias_bomb_is_refused_quickly() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for level in range(1, 12):  # 10**12 nodes if expanded
        refs = ", ".join([f"*a{level - 1}"] * 10)
        lines.append(f"a{level}: &a{level} [{refs}]")
    started = time.perf_counter()
    diag = load_error("\n".join(lines) + "\n")
    assert diag.code == "L006"
    assert "expand" in diag.message
    assert time.perf_counter() - started < 2.0


def test_recursive_alias_is_refused() -> None:
    diag = load_error("a: &a [1, *a]\n")
    assert (diag.code, diag.message) == ("L006", "recursive alias")


def test_recursive_merge_key_is_refused() -> None:
    diag = load_error("a: &a\n  x: 1\n  <<: *a\n")
    assert (diag.code, diag.message) == ("L006", "recursive merge key")


def test_deep_flow_nesting_is_refused_without_crashing() -> None:
    diag = load_error("a: " + "[" * 100_000 + "\n")
    assert (diag.code, diag.line) == ("L007", 1)


def test_deep_block_nesting_is_refused() -> None:
    text = "".join("  " * depth + f"k{depth}:\n" for depth in range(MAX_DEPTH + 5))
    diag = load_error(text + "  " * (MAX_DEPTH + 5) + "leaf: 1\n")
    assert diag.code == "L007"
    assert diag.line == MAX_DEPTH + 1


def test_nesting_at_the_limit_loads() -> None:
    doc = load_text("a: " + "[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1) + "\n")
    assert "/a/0" in doc.positions


def test_nesting_built_from_aliases_is_bounded_too() -> None:
    half = MAX_DEPTH // 2 + 10
    text = f"a: &a {'[' * half}1{']' * half}\nb: {'[' * half}*a{']' * half}\n"
    assert load_error(text).code == "L007"


def test_unsupported_tags_are_refused_with_position() -> None:
    diag = load_error("a: 1\nb: !!binary aGk=\n")
    assert (diag.code, diag.line, diag.col) == ("L008", 2, 4)
    assert "!!binary" in diag.message


def test_of_several_problems_the_graph_checks_decide_which_is_reported() -> None:
    # The duplicate key is found by the checks of the whole graph, which come first;
    # the tag, earlier in the text, only when the data is built.
    diag = load_error("a: !!set {x}\nb:\n  c: 1\n  c: 2\n")
    assert (diag.code, diag.line) == ("L004", 4)


def test_sequence_as_mapping_key_is_refused() -> None:
    assert load_error("? [a, b]\n: 1\n").code == "L008"


# -- diagnostics ------------------------------------------------------------------------------


def test_diagnostic_format_is_compiler_style() -> None:
    diag = Diagnostic(
        Severity.WARNING,
        "N002",
        "example beside $ref is ignored",
        "spec/x.yaml",
        2431,
        9,
        "/paths/~1v2~1a/post/parameters/0",
    )
    assert diag.format() == (
        "spec/x.yaml:2431:9: warning[N002] example beside $ref is ignored "
        "(#/paths/~1v2~1a/post/parameters/0)"
    )


def test_diagnostic_format_with_hint_and_without_position() -> None:
    diag = Diagnostic(Severity.ERROR, "L001", "file not found", "x.yaml", 0, 0, "", "check it")
    assert diag.format() == "x.yaml: error[L001] file not found; hint: check it"


def test_diagnostics_sort_by_file_line_column_code() -> None:
    def make(file: str, line: int, col: int, code: str) -> Diagnostic:
        return Diagnostic(Severity.ERROR, code, "m", file, line, col, "")

    unsorted = [
        make("b", 1, 1, "V001"),
        make("a", 9, 1, "V001"),
        make("a", 2, 5, "N001"),
        make("a", 2, 5, "L001"),
        make("a", 2, 1, "V001"),
    ]
    assert [(d.file, d.line, d.col, d.code) for d in sorted(unsorted)] == [
        ("a", 2, 1, "V001"),
        ("a", 2, 5, "L001"),
        ("a", 2, 5, "N001"),
        ("a", 9, 1, "V001"),
        ("b", 1, 1, "V001"),
    ]


def test_spec_error_str_lists_every_diagnostic_sorted() -> None:
    late = Diagnostic(Severity.ERROR, "V001", "late", "f", 9, 1, "")
    early = Diagnostic(Severity.ERROR, "V001", "early", "f", 1, 1, "")
    assert str(SpecError([late, early])) == f"{early.format()}\n{late.format()}"


def test_json_pointer_escapes_tilde_and_slash_and_round_trips() -> None:
    parts = ["paths", "/v2/{id}~x", "0", ""]
    pointer = json_pointer(parts)
    assert pointer == "/paths/~1v2~1{id}~0x/0/"
    assert split_json_pointer(pointer) == parts
    assert split_json_pointer("#" + pointer) == parts
    assert json_pointer([]) == "" and split_json_pointer("") == []


def test_split_json_pointer_refuses_relative_pointers() -> None:
    with pytest.raises(ValueError, match="must be empty or start with '/'"):
        split_json_pointer("paths/x")


def test_json_we_wrote_reads_as_yaml_would_without_the_yaml_parser(tmp_path: Path) -> None:
    committed = Path(__file__).resolve().parents[2] / "generated" / "openapi.normalised.json"
    fast, slow = load_json_document(committed), load_document(committed)
    assert (fast.data, fast.sha256, fast.text) == (slow.data, slow.sha256, slow.text)
    odd = tmp_path / "odd.json"
    odd.write_text('{"a": NaN, "b": 1e5}\n', encoding="utf-8")  # not JSON: YAML decides
    assert load_json_document(odd).data == load_document(odd).data
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    with pytest.raises(SpecError) as caught:
        load_json_document(broken)
    assert caught.value.diagnostics[0].code == "L003"

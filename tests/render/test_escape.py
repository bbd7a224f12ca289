"""Escaping: whatever the spec says, the generated text stays inert in its context."""

from __future__ import annotations

import ast
import re
import tomllib

import black
import pytest
from black.mode import Mode, TargetVersion

from generator import escape

HOSTILE = [
    '"""',
    "'''",
    'ends with a quote"',
    'ends with two quotes""',
    "ends with a backslash\\",
    "back\\slash \\n not a newline \\x00 \\N{DASH}",
    "nul \x00 bell \x07 escape \x1b del \x7f c1 \x85 sep \u2028 \u2029",
    "{{ jinja }} {% if x %} {# comment #}",
    "non-ASCII: naïve café 日本語 🚀",
    '"""); import os; os.system("rm -rf /"); ("""',
    "carriage\r\nreturn\rlone",
    "tab\there",
    '"starts with a quote',
    "lone surrogate \ud800 here",
    "bidi \u202eoverride\u202c isolate \u2066x\u2069 zero\u200bwidth \ufeffbom \u00adshy",
    '"""leading quotes',
    'trailing quotes """',
    '""""""',
]
# Raw characters no escaped text may hold: controls other than tab and newline,
# line separators, invisible format characters (bidi overrides: "Trojan Source").
RAW_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u00ad\u200b-\u200f\u202a-\u202e"
    "\u2066-\u2069\ufeff\ud800-\udfff]"
)
BLACK = Mode(target_versions={TargetVersion.PY311})


def normalised(text: str) -> str:
    """What a docstring keeps: line breaks unified, outer and trailing blanks dropped."""
    lines = text.replace("\r\n", "\n").strip(" \t\n").split("\n")
    return "\n".join(line.rstrip(" \t") for line in lines)


@pytest.mark.parametrize("text", HOSTILE)
def test_docstring_round_trips_through_the_parser(text: str) -> None:
    literal = escape.docstring_literal(text)
    source = f"def f():\n    {literal}\n"
    tree = ast.parse(source)
    function = tree.body[0]
    assert isinstance(function, ast.FunctionDef)
    assert len(function.body) == 1  # nothing escaped the string
    value = ast.get_docstring(function, clean=False) or ""
    # a docstring of several lines closes on its own line: the value ends there
    assert value.removesuffix("\n") == normalised(text)


@pytest.mark.parametrize("text", HOSTILE)
def test_indented_docstring_is_one_string_statement(text: str) -> None:
    literal = escape.docstring_literal(text + "\nsecond line", indent=4)
    tree = ast.parse(f"class C:\n    x: int\n    {literal}\n")
    body = tree.body[0]
    assert isinstance(body, ast.ClassDef) and len(body.body) == 2


@pytest.mark.parametrize("text", HOSTILE)
def test_py_str_is_an_equal_string_literal(text: str) -> None:
    assert ast.literal_eval(escape.py_str(text)) == text


def test_py_str_rejects_non_strings() -> None:
    with pytest.raises(TypeError):
        escape.py_str(3)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "value",
    [None, True, 0, -7, 1.5, "x\"'\\", [1, "a", None], {"k": [1, {"n": False}]}, (1, 2)],
)
def test_py_literal_evaluates_to_the_value(value: object) -> None:
    expected = list(value) if isinstance(value, tuple) else value
    assert ast.literal_eval(escape.py_literal(value)) == expected


def test_py_literal_writes_non_finite_floats_as_calls() -> None:
    assert escape.py_literal(float("inf")) == 'float("inf")'
    assert escape.py_literal(float("nan")) == 'float("nan")'


def test_py_literal_refuses_other_types() -> None:
    with pytest.raises(TypeError, match="cannot write a set"):
        escape.py_literal({1, 2})


@pytest.mark.parametrize("text", HOSTILE)
def test_comment_is_one_line_that_stays_a_comment(text: str) -> None:
    line = f"# {escape.comment(text)}\nx = 1\n"
    tree = ast.parse(line)
    assert len(tree.body) == 1
    assert "\n" not in escape.comment(text) and "\r" not in escape.comment(text)


@pytest.mark.parametrize("name", ["from", "class", "1abc", "a-b", "", "None"])
def test_identifier_refuses_what_python_cannot_use(name: str) -> None:
    with pytest.raises(ValueError, match="not a usable Python identifier"):
        escape.identifier(name)


def test_identifier_accepts_soft_keywords_and_underscored_names() -> None:
    assert escape.identifier("match") == "match"
    assert escape.identifier("from_") == "from_"


@pytest.mark.parametrize("text", [t for t in HOSTILE if "\ud800" not in t])
def test_toml_str_round_trips(text: str) -> None:
    assert tomllib.loads(f"v = {escape.toml_str(text)}")["v"] == text


def test_toml_str_replaces_lone_surrogates() -> None:
    literal = escape.toml_str("a\ud800b")
    assert tomllib.loads(f"v = {literal}")["v"] == "a\ufffdb"


def test_wrap_folds_one_paragraph_and_keeps_structured_text() -> None:
    long = "word " * 40
    assert all(len(line) <= 30 for line in escape.wrap(long, 30).splitlines())
    listing = "- one\n- two"
    assert escape.wrap(listing, 5) == listing


@pytest.mark.parametrize("text", HOSTILE)
def test_docstrings_keep_their_text_through_black(text: str) -> None:
    """As the pipeline writes them: a class docstring and an attribute docstring, then black."""
    literal = escape.docstring_literal(text, indent=4)
    formatted = black.format_str(f"class C:\n    {literal}\n\n    x: int\n    {literal}\n",
                                 mode=BLACK)
    body = ast.parse(formatted).body[0]
    assert isinstance(body, ast.ClassDef)
    for node in (body.body[0], body.body[2]):
        assert isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
        value = str(node.value.value).removesuffix("\n    ")
        assert "\n".join(line.removeprefix("    ") for line in value.split("\n")) == (
            normalised(text))


@pytest.mark.parametrize("text", HOSTILE)
def test_escaped_text_holds_no_raw_unsafe_characters(text: str) -> None:
    for escaped in (escape.docstring_literal(text, 4), escape.comment(text), escape.py_str(text),
                    escape.py_literal({text: [text]}), escape.toml_str(text)):
        assert not RAW_UNSAFE.search(escaped), escaped


@pytest.mark.parametrize("text", HOSTILE)
def test_py_literal_nests_hostile_strings_safely(text: str) -> None:
    value = {text: [text, {"k": text}], "n": None}
    tree = ast.parse(escape.py_literal(value), mode="eval")
    assert isinstance(tree.body, ast.Dict)  # one literal, nothing else
    assert ast.literal_eval(tree) == value


@pytest.mark.parametrize("name", ["\u0430dmin", "\u00e9t\u00e9", "x\u200b", "\u2160"])
def test_identifier_refuses_non_ascii_lookalikes(name: str) -> None:
    with pytest.raises(ValueError, match="not a usable Python identifier"):
        escape.identifier(name)


def test_toml_str_escapes_invisible_characters() -> None:
    literal = escape.toml_str("a\u202eb\u200bc")
    assert literal == '"a\\u202eb\\u200bc"'
    assert tomllib.loads(f"v = {literal}")["v"] == "a\u202eb\u200bc"

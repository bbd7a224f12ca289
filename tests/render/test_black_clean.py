"""The rendered Python is already laid out as black lays it out.

black's `format_str` formats a module a second time whenever its first pass
changed the text (a stability check), so black-clean templates halve the
format stage of a cold run. black still formats every module; these tests
keep the property from rotting silently, and name the modules that lost it.
"""

from __future__ import annotations

import ast
import random
from collections.abc import Callable, Mapping

import black
import pytest

from generator import build, escape, layout
from generator.config import Config, load_config
from generator.format import BLACK_MODE
from generator.format_job import Formatter, Source
from generator.ir import Api
from generator.load import load_document
from generator.normalise import normalise
from generator.render import render_api
from tests.render.conftest import ROOT, TEMPLATES
from tests.render.sample_api import sample_api


class _Unformatted(Formatter):
    """Keeps the rendered modules as they came from the templates (and returns them)."""

    def __init__(self) -> None:
        super().__init__()
        self.rendered: dict[str, str] = {}

    def begin(self, sources: Mapping[str, Source]) -> Callable[[], dict[str, str]]:
        self.rendered.update((path, text) for path, (text, _) in sources.items())
        return lambda: dict(self.rendered)


def _changed_by_black(api: Api, config: Config | None = None) -> tuple[int, list[str]]:
    """How many modules were rendered, and which of them black's first pass changes."""
    formatter = _Unformatted()
    render_api(api, TEMPLATES, config=config, formatter=formatter)
    changed = [path for path, text in sorted(formatter.rendered.items())
               if black.format_str(text, mode=BLACK_MODE) != text]
    return len(formatter.rendered), changed


def test_every_module_rendered_from_the_ahasend_spec_is_black_clean() -> None:
    document, _ = normalise(load_document(ROOT / "spec" / "ahasend-openapi-v2.yaml"))
    config = load_config(ROOT / "spec" / "codegen.toml")
    count, changed = _changed_by_black(build.build_api(document, config), config)
    assert count > 70
    assert not changed, f"black's first pass changes {len(changed)} module(s): {changed}"


def test_the_sample_api_renders_black_clean() -> None:
    _, changed = _changed_by_black(sample_api())
    assert not changed, f"black's first pass changes {len(changed)} module(s): {changed}"


_CHARS = ["a", '"', "'", "\\", "\n", "é", "\x00", "\u202e", "{", "日"]


def test_py_str_quotes_strings_as_black_does() -> None:
    rng = random.Random(7)
    for _ in range(3000):
        value = "".join(rng.choice(_CHARS) for _ in range(rng.randint(0, 6)))
        literal = escape.py_str(value)
        assert ast.literal_eval(literal) == value
        source = f"x = {literal}\n"
        assert black.format_str(source, mode=BLACK_MODE) == source, value


def _black_clean(source: str) -> bool:
    return black.format_str(source, mode=BLACK_MODE) == source


_CALL = "def f():\n    return client.request(\n        {}\n    )\n"


@pytest.mark.parametrize("expression", [
    "RequestOptions(extra_headers=extra_headers, timeout=timeout, max_retries=max_retries)",
    '{"name": name, "website": website, "about": about, "track_opens": track_opens}',
    '{"name": name}',
    'PageSpec(items_field="data", cursor_param="after", next_cursor_path=("pagination", '
    '"next_cursor"), has_more_path=("pagination", "has_more"))',
    'Outer(first="' + "x" * 60 + '", inner=Inner(a="' + "y" * 70 + '", b=2))',
    "(" + ", ".join(f"SCOPE_NUMBER_{i}" for i in range(9)) + ")",
    '["' + '", "'.join(f"Name{i}" for i in range(30)) + '"]',
])
def test_expressions_are_split_as_black_splits_them(expression: str) -> None:
    laid_out = layout.expression(expression, 8, head="keyword=", tail=",")
    assert _black_clean(_CALL.format(laid_out))


@pytest.mark.parametrize("names", [["A", "B"], [f"LongExportedName{i}" for i in range(8)]])
def test_imports_are_split_as_black_splits_them(names: list[str]) -> None:
    top = layout.from_import("..types.some_module", names)
    nested = layout.from_import(".resources.some_module", names, indent=4)
    assert _black_clean(f"{top}\n\nif TYPE_CHECKING:\n    {nested}\n")


@pytest.mark.parametrize("declaration", [
    'role: RoleEnum | Literal["Administrator", "Developer", "Analyst", "Billing Manager"]',
    'group_by: GroupByEnum | Literal["hour", "day", "week", "month"] | NotGiven = NOT_GIVEN',
    "name: SomeRatherLongTypeName____________________________ | NotGiven = NOT_GIVEN",
    "short: int | NotGiven = NOT_GIVEN",
])
def test_long_parameter_annotations_are_parenthesised_as_black_does(declaration: str) -> None:
    laid_out = layout.annotation(declaration, 8)
    assert _black_clean(f"class A:\n    def f(\n        self,\n        *,\n        {laid_out},\n"
                        "    ) -> None:\n        pass\n")


def _random_expression(rng: random.Random, depth: int = 0) -> str:
    kind = rng.choice(["name", "str", "call", "list", "dict", "tuple"] if depth < 3 else
                      ["name", "str"])
    if kind == "name":
        return rng.choice(["x", "some_long_name_" * rng.randint(1, 3) + "end", "NOT_GIVEN"])
    if kind == "str":
        return escape.py_str("".join(rng.choice(_CHARS + [", ", "(", "]", " "])
                                     for _ in range(rng.randint(0, 30))))
    items = [_random_expression(rng, depth + 1) for _ in range(rng.randint(0, 6))]
    if kind == "call":
        keywords = rng.randint(0, len(items))  # positional arguments first
        return rng.choice(["f", "Model", "cast"]) + "(" + ", ".join(
            f"k{i}={item}" if i >= keywords else item for i, item in enumerate(items)) + ")"
    if kind == "list":
        return "[" + ", ".join(items) + "]"
    if kind == "dict":
        return "{" + ", ".join(f"{escape.py_str(str(i))}: {v}" for i, v in enumerate(items)) + "}"
    return "(" + ", ".join(items) + ("," if len(items) == 1 else "") + ")"


def test_layout_never_changes_what_an_expression_means() -> None:
    """Whatever it is given, the layout parses to the same tree (black would get the rest)."""
    rng = random.Random(11)
    for _ in range(400):
        text = _random_expression(rng)
        laid_out = layout.expression(text, rng.choice([0, 4, 12]), head="value = ")
        assert ast.dump(ast.parse(laid_out)) == ast.dump(ast.parse(f"value = {text}")), text

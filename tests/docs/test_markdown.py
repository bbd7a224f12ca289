"""Spec text cannot reshape a generated page: no injected headings, no fence or
HTML block left open, no broken table row, whatever a description says."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from generator import markdown as md
from generator.render import render_api
from tests.docs.pages import Page, github_slug, rendered_text
from tests.render.sample_api import sample_api

ROOT = Path(__file__).resolve().parents[2]
NASTY = ("# Heading\n## Another\nText\n===\n```python\nopen fence\n<!-- open comment\n"
         "<script>alert(1)</script> | pipe | \\ back\\slash \x00 naïve 日本 \"\"\" `tick")


@pytest.mark.parametrize("text", [NASTY, "```", "~~~~\n```\n", "Title\n---", "    # indented"])
def test_a_description_block_opens_no_heading_and_leaves_no_fence_open(
    text: str, tmp_path: Path
) -> None:
    page = tmp_path / "page.md"
    page.write_text(f"# Page\n\n{md.block(text)}\n\n## after\n", encoding="utf-8")
    parsed = Page.read(page)  # asserts every fence is closed
    assert parsed.headings() == [(1, "Page"), (2, "after")]
    prose = " ".join(line for _, line in parsed.prose)
    assert "<!--" not in prose and "<script" not in prose  # in code blocks they are inert


def test_html_that_would_swallow_the_page_is_escaped_in_prose() -> None:
    text = md.block("see <!-- this\n<script>x</script> and <b>bold</b>")
    assert "&lt;!--" in text and "&lt;script>" in text and "<b>bold</b>" in text


def test_a_table_cell_stays_one_cell() -> None:
    cell = md.cell(NASTY)
    assert "\n" not in cell
    assert len(re.split(r"(?<!\\)\|", f"| {cell} |")) == 3


def test_a_code_span_holds_any_backticks() -> None:
    for text in ("a`b", "``", "`start", "end`"):
        span = md.code(text)
        assert rendered_text(span) == text


def test_headings_from_spec_text_get_the_anchor_github_gives_them() -> None:
    for text in ("messages:send:{domain}", "a *b* `c` [d](e)", "naïve_日本-x"):
        assert github_slug(rendered_text(md.heading(text))) == md.slug(text)


def test_hostile_spec_text_renders_pages_with_one_section_per_method(tmp_path: Path) -> None:
    api = sample_api()
    resource = api.resources[0]
    hostile = dataclasses.replace(resource, description=NASTY, operations=tuple(
        dataclasses.replace(op, summary=NASTY, description=NASTY) for op in resource.operations))
    api = dataclasses.replace(api, resources=(hostile, *api.resources[1:]))
    files = render_api(api, ROOT / "templates")
    page_path = tmp_path / "page.md"
    page_path.write_text(files[f"docs/{hostile.module}.md"], encoding="utf-8")
    page = Page.read(page_path)
    sections = [text for level, text in page.headings() if level == 2]
    assert sections == [op.py_name for op in hostile.operations]
    for _, line in page.prose:
        if line.startswith("|"):
            assert len(re.split(r"(?<!\\)\|", line.strip())) in (4, 5, 8), line

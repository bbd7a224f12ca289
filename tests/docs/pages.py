"""Reading generated Markdown the way GitHub renders it, for the docs tests.

Independent of generator/markdown.py on purpose: the tests check the pages
against GitHub's rules, not against the generator's own idea of them.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

_FENCE_OPEN = re.compile(r"^ {0,3}(`{3,}|~{3,})(.*)$")
_HEADING = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")
_CODE_SPAN = re.compile(r"(`+)(.+?)(?<!`)\1(?!`)")
_LINK = re.compile(r"!?\[((?:[^\[\]]|\[[^\]]*\])*)\]\(([^()\s]*)\)")


@dataclass(frozen=True)
class CodeBlock:
    language: str
    text: str
    line: int


@dataclass(frozen=True)
class Page:
    path: Path
    prose: list[tuple[int, str]]  # (line number, text) outside code blocks
    blocks: list[CodeBlock]

    @classmethod
    def read(cls, path: Path) -> Page:
        prose: list[tuple[int, str]] = []
        blocks: list[CodeBlock] = []
        fence = ""
        language = ""
        body: list[str] = []
        start = 0
        for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1):
            if fence:
                if re.match(rf"^ {{0,3}}{re.escape(fence[0])}{{{len(fence)},}}[ \t]*$", line):
                    blocks.append(CodeBlock(language, "\n".join(body) + "\n", start))
                    fence = ""
                else:
                    body.append(line)
                continue
            opened = _FENCE_OPEN.match(line)
            if opened:
                fence, language, body, start = opened.group(1), opened.group(2).strip(), [], number
                continue
            prose.append((number, line))
        assert not fence, f"{path}:{start}: a code block is never closed"
        return cls(path, prose, blocks)

    def headings(self) -> list[tuple[int, str]]:
        """(level, rendered text) of every ATX heading, in order."""
        found = []
        for _, line in self.prose:
            match = _HEADING.match(line)
            if match:
                found.append((len(match.group(1)), rendered_text(match.group(2))))
        return found

    def anchors(self) -> set[str]:
        """The anchors GitHub gives this page's headings (duplicates get -1, -2 ...)."""
        seen: Counter[str] = Counter()
        anchors = set()
        for _, text in self.headings():
            base = github_slug(text)
            anchors.add(base if not seen[base] else f"{base}-{seen[base]}")
            seen[base] += 1
        return anchors

    def links(self) -> list[tuple[int, str]]:
        """(line, target) of every inline link outside code."""
        found = []
        for number, line in self.prose:
            without_code = _CODE_SPAN.sub(lambda m: "code", line)
            found += [(number, m.group(2)) for m in _LINK.finditer(without_code)]
        return found


def rendered_text(inline: str) -> str:
    """Heading Markdown as the text GitHub slugs: code spans unwrapped, links to
    their text, emphasis markers and backslash escapes removed."""
    text = _CODE_SPAN.sub(lambda m: m.group(2).strip(), inline)
    text = _LINK.sub(lambda m: m.group(1), text)
    text = re.sub(r"\\([!-/:-@\[-`{-~])", lambda m: "\0" + m.group(1), text)
    text = re.sub(r"(?<!\0)[*]", "", text)
    return text.replace("\0", "")


def github_slug(text: str) -> str:
    """GitHub's heading anchor: lower-case, punctuation but `-` and `_` dropped,
    spaces to hyphens."""
    return re.sub(r"[^\w\- ]", "", text.strip().lower()).replace(" ", "-")


def table_rows(page: Page, header_start: str) -> list[list[str]]:
    """The cells of the table whose header row starts with `header_start`."""
    lines = [line for _, line in page.prose]
    for index, line in enumerate(lines):
        if line.startswith(header_start):
            rows = []
            for row in lines[index + 2:]:
                if not row.startswith("|"):
                    break
                cells = re.split(r"(?<!\\)\|", row.strip())[1:-1]
                rows.append([cell.strip() for cell in cells])
            return rows
    raise AssertionError(f"{page.path}: no table starting {header_start!r}")

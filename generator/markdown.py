"""Putting spec text into generated Markdown pages, one function per place.

Descriptions in an OpenAPI document are Markdown already, so they stay
Markdown (lists, emphasis, links are the spec's). What they must not do is
reshape the page around them: open a heading (it would add an anchor and move
the table of contents), leave a code fence or an HTML block open (the rest of
the page would vanish into it), or break a table row. The functions here
neutralise exactly those constructs and keep the rest.
"""

from __future__ import annotations

import re

# C0/C1 controls except tab and newline, DEL, and the Unicode line separators.
_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")
_ATX_HEADING = re.compile(r"^( {0,3})(#)")
_SETEXT_OR_RULE = re.compile(r"^( {0,3})([=\-])(?=[=\- \t]*$)")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
# HTML blocks that end only at a matching end marker, or at the end of the page:
# comments, processing instructions, declarations, CDATA, and the raw-text tags.
_OPEN_ENDED_HTML = re.compile(r"<(?=[!?]|(?:script|pre|style|textarea)\b)", re.IGNORECASE)
_SLUG_DROP = re.compile(r"[^\w\- ]", re.UNICODE)


def _clean(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _UNSAFE.sub("", text).strip("\n")


def block(text: str) -> str:
    """Spec Markdown as a block of a page: no headings, fences closed, HTML inert."""
    lines = []
    fence = ""
    for line in _clean(text).split("\n"):
        if fence:
            if _closes(line, fence):
                fence = ""
            lines.append(line)
            continue
        marker = _FENCE.match(line)
        if marker:
            fence = marker.group(1)
            lines.append(line)
            continue
        line = _ATX_HEADING.sub(r"\1\\\2", line)
        line = _SETEXT_OR_RULE.sub(r"\1\\\2", line)
        lines.append(_OPEN_ENDED_HTML.sub("&lt;", line))
    if fence:
        lines.append(fence)  # the spec left it open: close it before our own text
    return "\n".join(lines).rstrip()  # leading spaces stay: they are what the checks saw


def _closes(line: str, fence: str) -> bool:
    """Whether `line` closes a code block opened by `fence` (same character, no shorter)."""
    char = re.escape(fence[0])
    return re.match(rf"^ {{0,3}}{char}{{{len(fence)},}}[ \t]*$", line) is not None


def cell(text: str) -> str:
    """Spec text in one table cell: one line, `|` escaped, line breaks as `<br>`."""
    text = _OPEN_ENDED_HTML.sub("&lt;", _clean(text))
    lines = [line.strip() for line in text.split("\n")]
    return "<br>".join(line for line in lines if line).replace("|", "\\|")


def code(text: str, *, in_table: bool = False) -> str:
    """`text` as an inline code span, however many backticks it holds."""
    text = " ".join(_clean(text).split("\n"))
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    ticks = "`" * (longest + 1)
    padded = f" {text} " if text.startswith("`") or text.endswith("`") else text
    span = f"{ticks}{padded}{ticks}"
    return span.replace("|", "\\|") if in_table else span


def fence(text: str, *, minimum: int = 3) -> str:
    """A backtick fence longer than any backtick run in `text`, so it cannot close early."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    return "`" * max(minimum, longest + 1)


def heading(text: str) -> str:
    """Spec text as a heading's text: one line, every ASCII punctuation mark escaped,
    so it renders as itself and `slug(text)` is its anchor."""
    text = " ".join(_clean(text).split())
    return re.sub(r"([!-/:-@\[-`{-~])", r"\\\1", text)


def slug(heading: str) -> str:
    """The anchor GitHub gives a heading with this plain text (before de-duplication).

    Lower-cased; punctuation other than `-` and `_` dropped; spaces become `-`.
    Generated pages make their headings unique, so no `-1` suffix is needed.
    """
    return _SLUG_DROP.sub("", heading.strip().lower()).replace(" ", "-")

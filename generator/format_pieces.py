"""Cut a rendered module into pieces that black formats alone as it would the whole.

After a one-operation edit, the resource module it belongs to changes in two
methods (the sync one and the async one), yet black would go over all of its
hundreds of lines. Formatted piece by piece, with each piece cached on its own,
only the changed pieces are formatted again.

black lays out each logical line by itself; only the blank lines before a
line depend on the lines above. So a module is cut only where that context is
plain: before a top-level statement, or before a method of a top-level class
(not its first statement), and only where a blank line precedes it, so no
comment or decorator is cut off from what it belongs to. The blank lines at a
cut are kept as rendered: the templates emit black's own (`test_black_clean`
holds them to it). A method is formatted inside a stand-in class line, which
is dropped again. Pieces are joined until they have `MIN_LINES`, as each call
into black has a fixed cost. Text that black reads specially as a whole (its
`fmt:` pragmas, form feeds, carriage returns) is one piece.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

__all__ = ["CLASS_LINE", "MIN_LINES", "Piece", "split_pieces"]

MIN_LINES = 40
CLASS_LINE = "class _:\n"  # what a method is formatted under
_INDENT = "    "


@dataclass(frozen=True)
class Piece:
    """Consecutive lines of a module; `in_class` if they start inside a class body."""

    text: str
    in_class: bool


def split_pieces(text: str, tree: ast.Module | None = None) -> list[Piece]:
    """`text` as pieces whose texts, joined, are `text` again; `tree` is its parse, if the
    caller has it already."""
    if any(special in text for special in ("fmt:", "\f", "\r")):
        return [Piece(text, False)]
    if tree is None:
        try:
            tree = ast.parse(text)
        except (SyntaxError, ValueError):
            return [Piece(text, False)]
    lines = text.split("\n")
    pieces: list[Piece] = []
    start, in_class = 0, False
    for line, method in _cuts(tree, lines):
        if _count(lines[start:line]) >= MIN_LINES:
            pieces.append(Piece(_join(lines[start:line]), in_class))
            start, in_class = line, method
    pieces.append(Piece("\n".join(lines[start:]), in_class))
    return pieces


def _count(lines: list[str]) -> int:
    """How many lines have text."""
    return sum(1 for line in lines if line.strip())


def _cuts(tree: ast.Module, lines: list[str]) -> list[tuple[int, bool]]:
    """(index of the line a piece may start at, whether it is a method's), in order."""
    starts: dict[int, bool] = {}
    for node in tree.body:
        # A bare string is not cut off: alone, black would take it for the module's docstring.
        if not (isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)):
            starts[_first_line(node)] = False
        if isinstance(node, ast.ClassDef):
            for child in node.body[1:]:
                if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                    starts[_first_line(child)] = True
    return [(line, method) for line, method in sorted(starts.items())
            if 0 < line < len(lines) and not lines[line - 1].strip()
            and _starts_at(lines[line], _INDENT if method else "")]


def _first_line(node: ast.stmt) -> int:
    """The 0-based index of the node's first line, its decorators included."""
    decorators: list[ast.expr] = getattr(node, "decorator_list", [])
    return min([node.lineno, *(d.lineno for d in decorators)]) - 1


def _starts_at(line: str, indent: str) -> bool:
    return line.startswith(indent) and line[len(indent):len(indent) + 1] not in ("", " ", "\t")


def _join(lines: list[str]) -> str:
    return "\n".join(lines) + "\n"

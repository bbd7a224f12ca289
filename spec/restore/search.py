"""Depth-first search for the one indentation under which every line fits."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .lines import Line
from .reindent import INVALID, Frame, Grammar, Move, Placer, Stack
from .shapes import Registry


class RestoreError(Exception):
    """The document cannot be re-indented under the grammar (and the overrides)."""


@dataclass(frozen=True)
class Override:
    """Force a line into an object of `kind` where the rules would choose another."""

    line: int
    text: str  # the line as it must read in the flattened document (a guard)
    kind: str
    reason: str


def _apply(moves: list[Move], line: Line, overrides: Mapping[int, Override]) -> list[Move]:
    override = overrides.get(line.number)
    if override is None:
        return moves
    if line.text != override.text:
        raise RestoreError(
            f"line {line.number}: override expects {override.text!r} but the document has "
            f"{line.text!r}; update the override table for this document"
        )
    return [m for m in moves if m.kind == override.kind]


def search(
    lines: list[Line],
    registry: Registry,
    overrides: Mapping[int, Override],
    budget: int = 2_000_000,
) -> list[int]:
    """The indentation of every line (-1 for comments), or RestoreError."""
    return [move.indent for move, _ in search_moves(lines, registry, overrides, budget)]


def search_moves(
    lines: list[Line],
    registry: Registry,
    overrides: Mapping[int, Override],
    budget: int = 2_000_000,
    start: Stack | None = None,
    must_close: bool = True,
) -> list[tuple[Move, list[Move]]]:
    """For every line, the move taken and the moves it was chosen among."""
    grammar = Grammar(registry)
    placer = Placer(grammar)
    root: Stack = start or (Frame("Root", 0, "document"),)
    stacks: list[Stack] = [root]
    choices: list[list[Move]] = []
    picked: list[int] = []
    furthest, steps = 0, 0
    while True:
        index = len(picked)
        if index == len(lines):
            if not must_close or _closes(grammar, stacks[-1]):
                return [(choices[i][picked[i]], choices[i]) for i in range(len(lines))]
            index -= 1  # the document does not close: revise the last choice
        else:
            choices.append(_apply(placer.moves(stacks[-1], lines[index]), lines[index], overrides))
            picked.append(-1)
        steps += 1
        furthest = max(furthest, index)
        if steps > budget:
            raise RestoreError(f"gave up after {budget} steps; stuck near line "
                               f"{lines[furthest].number}: {lines[furthest].text!r}")
        # Advance the newest choice point that still has an untried move.
        while picked and picked[-1] + 1 >= len(choices[-1]):
            choices.pop()
            picked.pop()
        if not picked:
            line = lines[furthest]
            raise RestoreError(f"no indentation fits line {line.number}: {line.text!r}")
        picked[-1] += 1
        del stacks[len(picked):]
        stacks.append(choices[-1][picked[-1]].stack)


def _closes(grammar: Grammar, stack: Stack) -> bool:
    current: Stack | None = stack
    while current is not None and len(current) > 1:
        current = grammar.close(current)
    return current is not None and grammar.result(current[0]) is not INVALID

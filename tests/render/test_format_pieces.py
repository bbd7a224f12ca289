"""Formatting piece by piece: the same text as black on the whole module, and an
edit formats only the pieces it changed."""

from __future__ import annotations

import re
from pathlib import Path

import black
import pytest

from generator import format as formatting
from generator.cache import Cache
from generator.format import BLACK_MODE, format_python
from generator.format_pieces import MIN_LINES, Piece, split_pieces

ROOT = Path(__file__).resolve().parents[2]
MODULES = sorted((ROOT / "generated" / "src" / "ahasend").rglob("*.py"))
BIG = ROOT / "generated" / "src" / "ahasend" / "resources" / "messages.py"


def _unformatted(text: str) -> str:
    """`text` with simple strings in single quotes and no space after commas in calls:
    what black changes back, line by line."""
    text = re.sub(r'"([A-Za-z_][A-Za-z0-9_]*)"', r"'\1'", text)
    return re.sub(r"(\w), (\w+=)", r"\1,\2", text)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_pieces_join_to_the_module_and_format_as_black_formats_it(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    # Black also drops blank lines at the end of a module.
    for variant in (text, _unformatted(text), text + "\n\n"):
        assert "".join(piece.text for piece in split_pieces(variant)) == variant
        expected = black.format_str(variant, mode=BLACK_MODE)
        assert format_python(variant, path.name, "t.jinja") == expected


def test_a_resource_module_is_cut_between_its_methods() -> None:
    pieces = split_pieces(BIG.read_text(encoding="utf-8"))
    assert len(pieces) > 10
    methods = [p for p in pieces if p.in_class]
    assert methods and all(p.text.lstrip(" ").startswith(("def ", "async def ", "@"))
                           for p in methods)
    assert all(sum(1 for line in p.text.splitlines() if line.strip()) >= MIN_LINES
               for p in pieces[:-1])


def test_no_cut_parts_a_comment_or_a_bare_string_from_what_precedes_it() -> None:
    body = "".join(f"    x{n} = {n}\n" for n in range(MIN_LINES))
    text = (f"class A:\n    '''Doc.'''\n\n{body}\n    # about f\n    def f(self) -> None:\n"
            f"        pass\n\n\nX = 1\n\n'''What X is.'''\n")
    pieces = split_pieces(text)
    assert "".join(p.text for p in pieces) == text
    assert [p.text.splitlines()[0] for p in pieces] == ["class A:", "X = 1"]


def test_text_black_reads_as_a_whole_is_one_piece() -> None:
    body = "".join(f"def f{n}() -> None:\n    pass\n\n\n" for n in range(3 * MIN_LINES))
    assert len(split_pieces(body)) > 1
    for special in ("# fmt: off\n", "\f\n", "x = 1\r\n"):
        assert split_pieces(special + body) == [Piece(special + body, False)]


def test_an_edit_formats_only_the_pieces_it_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = BIG.read_text(encoding="utf-8")
    cache = Cache(tmp_path)
    formatted: list[str] = []
    original = black.format_str

    def counting(source: str, *, mode: black.Mode) -> str:
        formatted.append(source)
        return original(source, mode=mode)

    monkeypatch.setattr(black, "format_str", counting)
    formatting._black.cache_clear()  # the memo of this process must not hide the calls
    assert format_python(text, "messages.py", "t.jinja", cache) == text
    pieces = len(split_pieces(text))
    assert len(formatted) == pieces
    edited = text.replace("AhaSend Cancel Message", "AhaSend Cancel One Message", 1)
    assert edited != text
    formatted.clear()
    formatting._black.cache_clear()
    assert format_python(edited, "messages.py", "t.jinja", cache) == edited
    assert len(formatted) == 1 and "Cancel One Message" in formatted[0]


@pytest.mark.parametrize("entry", ["[1, 2]", "not json", '{"k": 3}'])
def test_an_unusable_cache_entry_means_formatting_again(tmp_path: Path, entry: str) -> None:
    text = BIG.read_text(encoding="utf-8")
    cache = Cache(tmp_path)
    format_python(text, "messages.py", "t.jinja", cache)
    [stored] = [key for key in _entries(tmp_path)]
    cache.put(formatting.PIECES, stored, entry)
    assert format_python(text, "messages.py", "t.jinja", cache) == text


def _entries(root: Path) -> list[str]:
    return [path.name for path in root.rglob("*") if path.is_file()
            and formatting.PIECES in path.parts]

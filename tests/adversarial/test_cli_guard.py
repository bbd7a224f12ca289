"""The command line's own guards: a bug in the generator reaches the maintainer as one
line and exit 3, never as a traceback (AHASEND_CODEGEN_DEBUG=1 brings the traceback
back for whoever fixes it); an --out that is not an earlier output is never replaced."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from generator import cli
from tests.adversarial.cases import SPECS


def explode(*args: object, **kwargs: object) -> None:
    raise RuntimeError("boom \x1b[2J from a bug")


def invoke_generate(tmp_path: Path, out: Path | None = None
                    ) -> tuple[int, str, BaseException | None]:
    result = CliRunner().invoke(cli.main, [
        "generate", "--spec", str(SPECS / "keyword_names.yaml"),
        "--config", str(tmp_path / "absent.toml"), "--out", str(out or tmp_path / "out"),
    ])
    return result.exit_code, result.output, result.exception


def test_unexpected_exception_is_one_line_and_exit_3(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli, "generate_files", explode)
    monkeypatch.delenv("AHASEND_CODEGEN_DEBUG", raising=False)
    code, output, _ = invoke_generate(tmp_path)
    assert code == 3
    assert "internal error: RuntimeError: boom \\x1b[2J from a bug; nothing was written" in output
    assert "Traceback" not in output and "\x1b" not in output
    assert not (tmp_path / "out").exists()


def test_debug_setting_lets_the_exception_through(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli, "generate_files", explode)
    monkeypatch.setenv("AHASEND_CODEGEN_DEBUG", "1")
    code, _, exception = invoke_generate(tmp_path)
    assert code == 1 and isinstance(exception, RuntimeError)


def test_a_directory_that_is_not_an_earlier_output_is_never_replaced(tmp_path: Path) -> None:
    mine = tmp_path / "project"
    mine.mkdir()
    (mine / "important.txt").write_text("keep me\n")
    code, output, _ = invoke_generate(tmp_path, mine)
    assert code == 2 and "was not written by ahasend-codegen" in output
    assert [p.name for p in mine.iterdir()] == ["important.txt"]


def test_a_file_as_the_output_directory_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "notes.txt"
    target.write_text("keep me\n")
    code, output, _ = invoke_generate(tmp_path, target)
    assert code == 2 and "is a file" in output
    assert target.read_text() == "keep me\n"


def test_an_earlier_output_is_replaced(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert invoke_generate(tmp_path, out)[0] == 0
    (out / "stale.py").write_text("# gone after the next run\n")
    assert invoke_generate(tmp_path, out)[0] == 0
    assert not (out / "stale.py").exists()

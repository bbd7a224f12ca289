"""A bug in the generator reaches the maintainer as one line and exit 3, never as a
traceback; AHASEND_CODEGEN_DEBUG=1 brings the traceback back for whoever fixes it."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from generator import cli
from tests.adversarial.cases import SPECS


def explode(*args: object, **kwargs: object) -> None:
    raise RuntimeError("boom \x1b[2J from a bug")


def invoke_generate(tmp_path: Path) -> tuple[int, str, BaseException | None]:
    result = CliRunner().invoke(cli.main, [
        "generate", "--spec", str(SPECS / "keyword_names.yaml"),
        "--config", str(tmp_path / "absent.toml"), "--out", str(tmp_path / "out"),
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

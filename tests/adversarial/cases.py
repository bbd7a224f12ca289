"""The adversarial specs and what each must make the generator do (specs/manifest.toml),
and the few helpers every adversarial test shares."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from click.testing import CliRunner, Result

from generator.cli import main

SPECS = Path(__file__).resolve().parent / "specs"
MANIFEST = SPECS / "manifest.toml"


@dataclass(frozen=True)
class Case:
    spec: Path
    expect: str  # "client" or "error"
    check: str = ""
    warnings: tuple[str, ...] = ()
    code: str = ""
    line: int = 0
    col: int = 0
    pointer: str | None = None  # the exact pointer; None: see pointer_prefix
    pointer_prefix: str = ""

    @property
    def name(self) -> str:
        return self.spec.stem

    @property
    def package(self) -> str:
        """A distinct import name per case, so many clients can be type-checked at once."""
        return f"adv_{self.name}"


def load_cases() -> list[Case]:
    entries = tomllib.loads(MANIFEST.read_text(encoding="utf-8"))["case"]
    cases = []
    for entry in entries:
        fields = {**entry, "spec": SPECS / entry["spec"]}
        fields["warnings"] = tuple(entry.get("warnings", ()))
        cases.append(Case(**fields))
    return cases


CASES = load_cases()
CLIENTS = [c for c in CASES if c.expect == "client"]
ERRORS = [c for c in CASES if c.expect == "error"]


def write_config(case: Case, directory: Path) -> Path:
    config = directory / "codegen.toml"
    config.write_text(f'[package]\nimport_name = "{case.package}"\n'
                      f'distribution = "{case.package.replace("_", "-")}"\n')
    return config


def generate(spec: Path, config: Path, out: Path) -> Result:
    """`ahasend-codegen generate` in this process (faster than a subprocess, and the
    network guard of conftest.py applies)."""
    arguments = ["generate", "--spec", str(spec), "--config", str(config), "--out", str(out)]
    return CliRunner().invoke(main, arguments)


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under `root` (and everything beside it) with its bytes."""
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file()}

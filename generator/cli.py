"""ahasend-codegen: generate | validate.

Exit codes: 0 success, 1 problems found (drift under --check, warnings under
--strict), 2 bad input or usage (the message says what and where).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterable
from pathlib import Path
from typing import NoReturn

import click

from . import __version__
from .diagnostics import Diagnostic, SpecError
from .pipeline import Run, check_document, generate_files
from .write import compare, write_tree

SPEC = Path("spec/ahasend-openapi-v2.yaml")
CONFIG = Path("spec/codegen.toml")
OUT = Path("generated")

spec_option = click.option(
    "--spec", type=click.Path(path_type=Path), default=SPEC, show_default=True,
    help="The OpenAPI 3.0/3.1 document.",
)
strict_option = click.option(
    "--strict", is_flag=True, help="Treat every warning as a problem (exit 1).",
)


def _report(diagnostics: Iterable[Diagnostic]) -> None:
    for diagnostic in sorted(diagnostics):
        click.echo(diagnostic.format(), err=True)


def _fail_on_input(error: SpecError, run: Run) -> NoReturn:
    _report(run.diagnostics + [d for d in error.diagnostics if d not in run.diagnostics])
    click.echo(f"error: {len(error.diagnostics)} problem(s); nothing was written.", err=True)
    sys.exit(2)


@click.group()
@click.version_option(__version__, prog_name="ahasend-codegen")
def main() -> None:
    """Generate the AhaSend Python client from its OpenAPI document."""


@main.command()
@spec_option
@click.option("--config", "config_path", type=click.Path(path_type=Path), default=CONFIG,
              show_default=True, help="Generator settings (codegen.toml).")
@click.option("--out", type=click.Path(path_type=Path), default=OUT, show_default=True,
              help="The client distribution directory to (re)write.")
@click.option("--check", is_flag=True,
              help="Write nothing; exit 1 and list the files that would change.")
@strict_option
def generate(spec: Path, config_path: Path, out: Path, check: bool, strict: bool) -> None:
    """Turn the spec into the client distribution in OUT."""
    started = time.perf_counter()
    run = Run()
    try:
        api, files = generate_files(spec, config_path, run)
    except SpecError as error:
        _fail_on_input(error, run)
    _report(run.diagnostics)
    if strict and run.diagnostics:
        click.echo(f"error: {len(run.diagnostics)} warning(s) under --strict; nothing was "
                   "written.", err=True)
        sys.exit(1)
    changes = compare(out, files) if check else write_tree(out, files)
    seconds = time.perf_counter() - started
    if check and changes.drift:
        for path in changes.drift:
            click.echo(f"{out / path}: out of date", err=True)
        click.echo(f"error: {len(changes.drift)} file(s) in {out} differ from the spec; "
                   "run `make generate` and commit the result.", err=True)
        sys.exit(1)
    verb = "would write" if check else "wrote"
    click.echo(
        f"{len(api.operations)} operations, {len(api.models)} models, {len(api.enums)} enums: "
        f"{verb} {len(changes.added) + len(changes.changed)} file(s), "
        f"{len(changes.unchanged)} unchanged, {len(changes.removed)} removed "
        f"in {out} ({seconds:.2f} s)"
    )


@main.command()
@spec_option
@strict_option
def validate(spec: Path, strict: bool) -> None:
    """Check the spec: load, validate, and report what normalisation repairs."""
    run = Run()
    try:
        check_document(spec, run)
    except SpecError as error:
        _fail_on_input(error, run)
    _report(run.diagnostics)
    click.echo(f"{spec}: {len(run.diagnostics)} warning(s), 0 errors", err=True)
    if strict and run.diagnostics:
        sys.exit(1)

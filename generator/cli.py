"""ahasend-codegen: generate | validate | diff.

Exit codes: 0 success, 1 problems found (drift under --check, warnings under
--strict, breaking changes under diff), 2 bad input or usage (the message
says what and where), 3 internal error (a bug in the generator: no traceback
unless AHASEND_CODEGEN_DEBUG=1).
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterable
from pathlib import Path
from typing import NoReturn

import click

from . import __version__
from .cache import default_cache
from .config import load_config
from .diagnostics import Diagnostic, SpecError, printable
from .diff_report import FORMATS, format_report
from .diff_rules import Bump
from .pipeline import Run, check_document, diff_specs, find_unchanged_output, generate_files
from .write import MANIFEST, Changes, compare, write_tree

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


def _check_replaceable(out: Path, check: bool) -> None:
    """The output directory is replaced whole: refuse anything but a new or empty directory
    or an earlier output (it has a manifest), so `--out .` cannot delete a repository."""
    if out.exists() and not out.is_dir():
        raise click.UsageError(f"--out {out} is a file; pass a directory")
    if check:
        return  # nothing will be written
    if out.is_dir() and not (out / MANIFEST).is_file() and any(out.iterdir()):
        raise click.UsageError(
            f"--out {out} is not empty and was not written by ahasend-codegen (no "
            f"{MANIFEST}); it would be replaced whole, so pass a new or empty directory"
        )


def _fail_on_input(error: SpecError, run: Run) -> NoReturn:
    _report(run.diagnostics + [d for d in error.diagnostics if d not in run.diagnostics])
    click.echo(f"error: {len(error.diagnostics)} problem(s); nothing was written.", err=True)
    sys.exit(2)


class _Guarded(click.Group):
    """Turns an unexpected exception into one line and exit 3: whatever the spec holds,
    a maintainer sees what went wrong, not a traceback."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except Exception as error:
            if os.environ.get("AHASEND_CODEGEN_DEBUG") == "1":
                raise
            what = printable(f"{type(error).__name__}: {error}")[:500]
            click.echo(f"internal error: {what}; nothing was written. Please report it "
                       "with the spec that caused it (AHASEND_CODEGEN_DEBUG=1 shows the "
                       "traceback).", err=True)
            sys.exit(3)


@click.group(cls=_Guarded)
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
    _check_replaceable(out, check)
    cache = default_cache()
    # Same inputs as a run whose output is still intact: nothing to render or write.
    if (record := find_unchanged_output(spec, config_path, out, cache)) is not None:
        counts = (record.operations, record.models, record.enums)
        diagnostics = list(record.diagnostics)
        changes, unchanged = Changes(), record.files
    else:
        run = Run()
        try:
            api, files = generate_files(spec, config_path, run, out, cache)
        except SpecError as error:
            _fail_on_input(error, run)
        counts = (len(api.operations), len(api.models), len(api.enums))
        diagnostics = run.diagnostics
    _report(diagnostics)
    if strict and diagnostics:
        click.echo(f"error: {len(diagnostics)} warning(s) under --strict; nothing was "
                   "written.", err=True)
        sys.exit(1)
    if record is None:
        changes = compare(out, files) if check else write_tree(out, files)
        unchanged = len(changes.unchanged)
    seconds = time.perf_counter() - started
    if check and changes.drift:
        for path in changes.drift:
            click.echo(f"{out / path}: out of date", err=True)
        click.echo(f"error: {len(changes.drift)} file(s) in {out} differ from the spec; "
                   "run `make generate` and commit the result.", err=True)
        sys.exit(1)
    verb = "would write" if check else "wrote"
    click.echo(
        f"{counts[0]} operations, {counts[1]} models, {counts[2]} enums: "
        f"{verb} {len(changes.added) + len(changes.changed)} file(s), "
        f"{unchanged} unchanged, {len(changes.removed)} removed "
        f"in {out} ({seconds:.2f} s)"
    )


@main.command()
@spec_option
@click.option("--config", "config_path", type=click.Path(path_type=Path), default=CONFIG,
              show_default=True, help="Generator settings (codegen.toml), checked too.")
@strict_option
def validate(spec: Path, config_path: Path, strict: bool) -> None:
    """Check every input of `generate` without building: the spec, codegen.toml, its
    [[overlays]] against the spec, and the webhooks document it names."""
    from .overlay import apply_overlays  # not on the `generate --check` fast path

    run = Run()
    problems: list[Diagnostic] = []
    cache = default_cache()
    try:
        config = load_config(config_path)
    except SpecError as error:
        _fail_on_input(error, run)
    documents = [spec, *([config.webhooks_spec] if config.webhooks_spec else [])]
    for path in documents:
        try:
            document = check_document(path, run, cache)
            if path == spec:
                apply_overlays(document, config.overlays)
        except SpecError as error:
            problems += [d for d in error.diagnostics if d not in problems]
    if problems:
        _fail_on_input(SpecError(problems), run)
    _report(run.diagnostics)
    checked = ", ".join(str(path) for path in documents)
    click.echo(f"{checked}, {config_path}: {len(run.diagnostics)} warning(s), 0 errors",
               err=True)
    if strict and run.diagnostics:
        sys.exit(1)


@main.command()
@click.argument("old", type=click.Path(path_type=Path))
@click.argument("new", type=click.Path(path_type=Path))
@click.option("--format", "output_format", type=click.Choice(FORMATS), default="text",
              show_default=True, help="text for terminals, markdown for pull requests, "
              "json for tools.")
@click.option("--config", "config_path", type=click.Path(path_type=Path), default=CONFIG,
              show_default=True, help="Generator settings (codegen.toml) to build both with.")
def diff(old: Path, new: Path, output_format: str, config_path: Path) -> None:
    """What changes for users of the client from spec OLD to spec NEW.

    Lists each change as breaking, compatible or docs-only and ends with the
    version bump the client needs. Exit status 0 for none, patch or minor, 1
    for major (breaking changes), 2 when an input cannot be used.
    """
    try:
        report = diff_specs(old, new, config_path, default_cache())
    except SpecError as error:
        _report(error.diagnostics)
        click.echo(f"error: {len(error.diagnostics)} problem(s) in the input; no report.",
                   err=True)
        sys.exit(2)
    click.echo(format_report(report, output_format), nl=False)
    sys.exit(1 if report.bump is Bump.MAJOR else 0)


def run() -> NoReturn:
    """The command as installed (and `python -m generator`): `main`, then an exit that
    skips the interpreter's teardown. That teardown frees the spec, the IR and the
    rendered files object by object, some 0.05 s of every run; the operating system
    frees the process at once. Everything this process started has been collected by
    then; the output streams are flushed here."""
    try:
        main()
        code: object = 0
    except SystemExit as done:
        code = done.code
    if code is not None and not isinstance(code, int):
        raise SystemExit(code)  # a message to print: the interpreter's usual exit does it
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except OSError:  # e.g. a pipe closed by its reader
        code = code or 1
    os._exit(code or 0)

"""Command-line interface: ``ahasend-codegen``.

Exit codes: 0 ok, 1 problems found or drift, 2 usage or input error.
"""

import click

from generator import __version__


@click.group()
@click.version_option(__version__, prog_name="ahasend-codegen")
def main() -> None:
    """Generate the AhaSend Python client from the OpenAPI spec."""


@main.command()
def generate() -> None:
    """Regenerate generated/ from spec/ (not built yet)."""
    raise click.UsageError("the generation pipeline is not built yet")

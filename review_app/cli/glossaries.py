"""The ``--glossary FILE`` option that several commands share, and reading its files."""

from pathlib import Path

import click

from ..core.glossary import Term
from ..formats.termbase import read_termbase


def glossary_option(help_text: str):
    return click.option(
        "--glossary",
        "glossaries",
        multiple=True,
        type=click.Path(dir_okay=False, path_type=Path),
        help=help_text,
    )


def load_terms(paths) -> list[Term]:
    """The terms of every glossary file (CSV, .xlsx or TBX); their warnings go to standard error."""
    terms: list[Term] = []
    for path in paths:
        glossary = read_termbase(path.read_bytes(), str(path))
        for warning in glossary.warnings:
            click.echo(f"warning: {warning}", err=True)
        terms += glossary.terms
    return terms

"""The ``review-app`` command line: one Click group, one module per family of commands."""

import click

from .align import align_command


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """Review Chinese-to-English translations: align, check, review, publish."""


main.add_command(align_command)

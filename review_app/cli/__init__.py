"""The ``review-app`` command line: one Click group, one module per family of commands."""

import click

from .align import align_command
from .backup import backup_command, restore_command
from .check import check_command
from .server import (
    db_group,
    demo_command,
    export_command,
    import_command,
    publish_command,
    serve_command,
)
from .stats import score_command, stats_command
from .tokens import token_group
from .users import user_group
from .worker import worker_command


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="review-app", prog_name="review-app")
def main() -> None:
    """Review Chinese-to-English translations: align, check, review, publish."""


main.add_command(align_command)
main.add_command(check_command)
main.add_command(demo_command)
main.add_command(serve_command)
main.add_command(import_command)
main.add_command(export_command)
main.add_command(publish_command)
main.add_command(db_group)
main.add_command(user_group)
main.add_command(score_command)
main.add_command(stats_command)
main.add_command(token_group)
main.add_command(worker_command)
main.add_command(backup_command)
main.add_command(restore_command)

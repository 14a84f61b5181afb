"""``review-app backup`` and ``restore``: a copy of the whole database, and putting one back."""

from pathlib import Path

import click

from review_app.store import database_url, make_engine, make_private_folder, upgrade
from review_app.store.backup import BackupError, backup, restore

from .server import data_dir_option


@click.command("backup")
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The backup file to write (readable by you only).",
)
@data_dir_option
def backup_command(output: Path, data_dir: Path) -> None:
    """Copy the database to a file, safely while the server runs (SQLite's online backup;
    pg_dump's custom format on PostgreSQL)."""
    url = database_url(make_private_folder(data_dir))
    try:
        backup(url, output)
    except BackupError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Backed up to {output}")


@click.command("restore")
@click.argument("backup_file", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask before replacing the database.")
@data_dir_option
def restore_command(backup_file: Path, yes: bool, data_dir: Path) -> None:
    """Replace the whole database with BACKUP_FILE (made by `review-app backup`), all or
    nothing, then bring its schema up to date. Stop the server and workers first."""
    url = database_url(make_private_folder(data_dir))
    if not yes:
        click.confirm(f"Replace everything in the database with {backup_file}?", abort=True)
    try:
        restore(url, backup_file)
    except BackupError as error:
        raise click.ClickException(str(error)) from None
    engine = make_engine(url)
    try:
        upgrade(engine)
    finally:
        engine.dispose()
    click.echo(f"Restored from {backup_file}")

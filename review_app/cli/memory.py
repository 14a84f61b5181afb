"""``review-app tm import|export``: a project's translation memory in and out as TMX 1.4b."""

import sys
from pathlib import Path

import click

from review_app.formats.errors import FormatError
from review_app.services.errors import ServiceError
from review_app.services.memory_files import export_tmx, import_tmx
from review_app.services.projects import find_project, written_memory
from review_app.store import store_session

from .server import data_dir_option

project_option = click.option(
    "--project", "project", default="Default", show_default=True, help="Project name or id."
)


@click.group("tm")
def tm_group() -> None:
    """Translation memories: import and export TMX."""


@tm_group.command("import")
@click.argument("file", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@project_option
@data_dir_option
def import_command(file: Path, project: str, data_dir: Path) -> None:
    """Read FILE (TMX 1.4b, zh → en) into the memory the project writes."""

    def progress(count: int) -> None:
        click.echo(f"{count:,} units read…", err=True)

    with store_session(data_dir) as session:
        try:
            memory = written_memory(session, find_project(session, project).id)
            with file.open("rb") as stream:
                result = import_tmx(session, None, memory.id, stream, file.name, progress=progress)
        except (FormatError, ServiceError) as error:
            raise click.ClickException(str(error)) from None
    for warning in result.warnings:
        click.echo(f"Warning: {warning}", err=True)
    click.echo(
        f"Memory {memory.name}: {result.added:,} units added, {result.updated:,} updated, "
        f"{result.skipped_empty:,} with an empty side skipped, "
        f"{result.skipped_languages:,} without Chinese and English skipped."
    )


@tm_group.command("export")
@project_option
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="The TMX file to write ('-' for standard output).",
)
@data_dir_option
def export_command(project: str, output: Path, data_dir: Path) -> None:
    """Write the memory the project writes as TMX 1.4b."""
    with store_session(data_dir) as session:
        try:
            memory = written_memory(session, find_project(session, project).id)
            if str(output) == "-":
                count = export_tmx(session, memory.id, sys.stdout.buffer)
            else:
                with output.open("wb") as out:
                    count = export_tmx(session, memory.id, out)
        except ServiceError as error:
            raise click.ClickException(str(error)) from None
    click.echo(f"Wrote {count:,} units of memory {memory.name} to {output}.", err=True)

"""``review-app user add``: accounts are created from the shell, by whoever runs the server."""

from pathlib import Path

import click

from review_app.services.errors import ServiceError
from review_app.services.users import create_user
from review_app.store import ROLES
from review_app.web.db import get_db

from .server import _app, data_dir_option


@click.group("user")
def user_group() -> None:
    """Manage user accounts."""


@user_group.command("add")
@click.argument("name")
@click.option("--role", type=click.Choice(ROLES), required=True)
@click.option(
    "--password-file",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    help="Read the password from the first line of this file instead of prompting.",
)
@data_dir_option
def add_user_command(name: str, role: str, password_file: Path | None, data_dir: Path) -> None:
    """Create user NAME with ROLE; the password is prompted for unless --password-file."""
    if password_file:
        lines = password_file.read_text(encoding="utf-8").splitlines()
        password = lines[0] if lines else ""
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    app = _app(data_dir)
    with app.app_context():
        try:
            user = create_user(get_db(), name, password, role)
        except ServiceError as error:
            raise click.ClickException(str(error)) from None
    click.echo(f"Created {role} {user.username}.")

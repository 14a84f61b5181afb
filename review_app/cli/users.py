"""``review-app user ...``: accounts from the shell, by whoever runs the server (admins also
manage them on the users page)."""

from collections.abc import Callable
from pathlib import Path

import click
from sqlalchemy import select
from sqlalchemy.orm import Session

from review_app.services.errors import ServiceError
from review_app.services.users import (
    change_password,
    create_user,
    find_user,
    random_password,
    set_active,
    set_role,
)
from review_app.store import ROLES, User, store_session

from .server import data_dir_option


@click.group("user")
def user_group() -> None:
    """Manage user accounts."""


password_file_option = click.option(
    "--password-file",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    help="Read the password from the first line of this file instead of prompting.",
)


@user_group.command("add")
@click.argument("name")
@click.option("--role", type=click.Choice(ROLES), required=True)
@password_file_option
@data_dir_option
def add_user_command(name: str, role: str, password_file: Path | None, data_dir: Path) -> None:
    """Create user NAME with ROLE; the password is prompted for unless --password-file."""
    password = _read_password(password_file)
    with store_session(data_dir) as session:
        try:
            user = create_user(session, name, password, role)
        except ServiceError as error:
            raise click.ClickException(str(error)) from None
    click.echo(f"Created {role} {user.username}.")


@user_group.command("passwd")
@click.argument("name")
@password_file_option
@click.option(
    "--generate", is_flag=True, help="Make up a random password and print it (once) instead."
)
@data_dir_option
def password_command(name: str, password_file: Path | None, generate: bool, data_dir: Path) -> None:
    """Give user NAME a new password (also to recover a lost demo password); their sessions
    end and their API tokens are revoked."""
    password = random_password() if generate else _read_password(password_file)
    _change_user(
        name, data_dir, lambda session, user: change_password(session, None, user, password)
    )
    click.echo(f"Changed the password of {name}; their sessions and API tokens have ended.")
    if generate:
        click.echo(f"The new password is {password}")


# The name it had first, kept for scripts that use it.
user_group.add_command(password_command, "password")


@user_group.command("list")
@data_dir_option
def list_command(data_dir: Path) -> None:
    """List users: name, role, state, last login (tab-separated)."""
    with store_session(data_dir) as session:
        for user in session.scalars(select(User).order_by(User.username)):
            state = "active" if user.active else "disabled"
            if user.must_change_password:
                state += ", must change password"
            login = user.last_login_at.strftime("%Y-%m-%d %H:%M") if user.last_login_at else "never"
            click.echo(f"{user.username}\t{user.role}\t{state}\t{login}")


@user_group.command("role")
@click.argument("name")
@click.argument("role", type=click.Choice(ROLES))
@data_dir_option
def role_command(name: str, role: str, data_dir: Path) -> None:
    """Give user NAME the role ROLE."""
    _change_user(name, data_dir, lambda session, user: set_role(session, None, user, role))
    click.echo(f"{name} is now {role}.")


@user_group.command("disable")
@click.argument("name")
@data_dir_option
def disable_command(name: str, data_dir: Path) -> None:
    """Disable user NAME at once: no login, their sessions end, their API tokens are revoked."""
    _set_active(name, False, data_dir)
    click.echo(f"Disabled {name}; their sessions and API tokens have ended.")


@user_group.command("enable")
@click.argument("name")
@data_dir_option
def enable_command(name: str, data_dir: Path) -> None:
    """Let user NAME log in again (revoked API tokens stay revoked: create new ones)."""
    _set_active(name, True, data_dir)
    click.echo(f"Enabled {name}.")


def _set_active(name: str, active: bool, data_dir: Path) -> None:
    _change_user(name, data_dir, lambda session, user: set_active(session, None, user, active))


def _change_user(name: str, data_dir: Path, change: Callable[[Session, User], object]) -> None:
    """Apply ``change`` to user NAME; a refusal is the command's error message."""
    with store_session(data_dir) as session:
        try:
            change(session, find_user(session, name))
        except ServiceError as error:
            raise click.ClickException(str(error)) from None


def _read_password(password_file: Path | None) -> str:
    if password_file:
        lines = password_file.read_text(encoding="utf-8").splitlines()
        return lines[0] if lines else ""
    return click.prompt("Password", hide_input=True, confirmation_prompt=True)

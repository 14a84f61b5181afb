"""``review-app token ...``: API tokens, created and revoked by whoever runs the server."""

from pathlib import Path

import click

from review_app.services.errors import ServiceError
from review_app.services.tokens import create_token, list_tokens, revoke_token
from review_app.store import store_session

from .server import data_dir_option


@click.group("token")
def token_group() -> None:
    """Manage API tokens (Authorization: Bearer <token>)."""


@token_group.command("create")
@click.argument("username")
@click.option("--name", default="api", show_default=True, help="What the token is for.")
@data_dir_option
def create_command(username: str, name: str, data_dir: Path) -> None:
    """Create a token for USERNAME; the token is printed once, as the last line."""
    with store_session(data_dir) as session:
        try:
            record, token = create_token(session, username, name)
        except ServiceError as error:
            raise click.ClickException(str(error)) from None
    click.echo(f"Token {record.id} ({record.name}) for {username}. It is shown only now:")
    click.echo(token)


@token_group.command("list")
@click.argument("username", required=False)
@data_dir_option
def list_command(username: str | None, data_dir: Path) -> None:
    """List tokens (of USERNAME, or everyone's): id, user, name, created, last used, state."""
    with store_session(data_dir) as session:
        for t in list_tokens(session, username):
            state = "revoked" if t.revoked_at else "active"
            used = t.last_used_at.strftime("%Y-%m-%d %H:%M") if t.last_used_at else "never"
            created = t.created_at.strftime("%Y-%m-%d %H:%M")
            click.echo(f"{t.id}\t{t.user.username}\t{t.name}\t{created}\t{used}\t{state}")


@token_group.command("revoke")
@click.argument("token_id", type=int)
@data_dir_option
def revoke_command(token_id: int, data_dir: Path) -> None:
    """Revoke token TOKEN_ID (see `token list`); requests with it get 401 from now on."""
    with store_session(data_dir) as session:
        try:
            revoke_token(session, token_id)
        except ServiceError as error:
            raise click.ClickException(str(error)) from None
    click.echo(f"Revoked token {token_id}.")

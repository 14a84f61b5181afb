"""The users page, for administrators: every account, its role and state, new accounts,
temporary passwords, and each user's API tokens.

Every endpoint refuses anyone but an administrator (403) before it looks at the id, so a
translator learns nothing about which accounts exist. Changes of a row (role, disable,
enable) answer htmx with the row; a plain form goes back to the user's page.
"""

from flask import Blueprint, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from review_app.services import tokens as token_service
from review_app.services import users as user_service
from review_app.services.access import require
from review_app.services.errors import InvalidInput, NotFound
from review_app.store import ROLES

from .auth import login_manager
from .db import get_db
from .htmx import is_htmx

bp = Blueprint("users", __name__, url_prefix="/users")


@bp.before_request
def _administrators_only():
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    require(current_user, "manage_users")
    return None


def _list_page(*, status: int = 200, form: dict | None = None, error: Exception | None = None):
    users = user_service.list_users(get_db(), current_user)
    context = {"users": users, "roles": ROLES, "form": form or {}, "error": error}
    return render_template("users/index.html", **context), status


@bp.get("/")
def index():
    """Every account with its role, state and last login, and a form for a new one."""
    return _list_page()


@bp.post("/")
def create():
    """A new account with a temporary password, which its owner changes at first login."""
    form = request.form
    try:
        user = user_service.create_user(
            get_db(),
            form.get("username", "").strip(),
            form.get("password", ""),
            form.get("role", ""),
            actor=current_user,
            temporary=True,
        )
    except InvalidInput as error:
        return _list_page(status=422, form={"username": form.get("username", "")}, error=error)
    flash(
        _(
            "Created %(name)s. Give them the temporary password: they choose their own when "
            "they first log in.",
            name=user.username,
        ),
        "success",
    )
    return redirect(url_for("users.index"), 303)


def _user(user_id: int):
    return user_service.get_user(get_db(), current_user, user_id)


@bp.get("/<int:user_id>")
def show(user_id: int):
    """One account: role, state, a temporary password, and its API tokens."""
    user = _user(user_id)
    tokens = token_service.list_tokens(get_db(), user.username)
    return render_template("users/show.html", user=user, tokens=tokens, roles=ROLES)


def _changed(user, message: str):
    if is_htmx():
        response = make_response(render_template("users/_row.html", user=user, roles=ROLES))
        response.vary.add("HX-Request")
        return response
    flash(message, "success")
    return redirect(url_for("users.show", user_id=user.id), 303)


@bp.post("/<int:user_id>/role")
def role(user_id: int):
    """Give the account another role."""
    user = user_service.set_role(
        get_db(), current_user, _user(user_id), request.form.get("role", "")
    )
    return _changed(user, _("%(name)s is now %(role)s.", name=user.username, role=user.role))


@bp.post("/<int:user_id>/disable")
def disable(user_id: int):
    """No more logins; open sessions end and API tokens are revoked at once."""
    user = user_service.set_active(get_db(), current_user, _user(user_id), False)
    return _changed(
        user, _("Disabled %(name)s; their sessions and API tokens have ended.", name=user.username)
    )


@bp.post("/<int:user_id>/enable")
def enable(user_id: int):
    """Let the account log in again (revoked tokens stay revoked)."""
    user = user_service.set_active(get_db(), current_user, _user(user_id), True)
    return _changed(user, _("Enabled %(name)s.", name=user.username))


@bp.post("/<int:user_id>/password")
def reset_password(user_id: int):
    """A temporary password, to be changed at next login; sessions and tokens end."""
    user = user_service.reset_password(
        get_db(), current_user, _user(user_id), request.form.get("password", "")
    )
    flash(
        _(
            "%(name)s has a temporary password now and chooses a new one at next login; "
            "their sessions and API tokens have ended.",
            name=user.username,
        ),
        "success",
    )
    return redirect(url_for("users.show", user_id=user.id), 303)


@bp.post("/<int:user_id>/tokens/<int:token_id>/revoke")
def revoke_token(user_id: int, token_id: int):
    """Revoke one of the account's API tokens."""
    user = _user(user_id)
    if token_id not in {t.id for t in token_service.list_tokens(get_db(), user.username)}:
        raise NotFound(_("%(name)s has no token %(id)s.", name=user.username, id=token_id))
    token_service.revoke_token(get_db(), token_id, actor=current_user)
    flash(_("Revoked token %(id)s.", id=token_id), "success")
    return redirect(url_for("users.show", user_id=user.id), 303)

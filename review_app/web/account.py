"""The account page, for everyone logged in: one's own password, interface language and API
tokens. Until a user with a temporary password has chosen their own, every page sends them
here.
"""

from flask import (
    Blueprint,
    Flask,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required

from review_app.services import tokens as token_service
from review_app.services import users as user_service
from review_app.services.errors import InvalidInput

from .auth import begin_session
from .db import get_db
from .errors import is_api
from .htmx import is_htmx

bp = Blueprint("account", __name__, url_prefix="/account")
# What a user who must change their password may still reach.
_OPEN_UNTIL_CHANGED = {
    "account.show",
    "account.password",
    "auth.logout",
    "language.switch",
    "static",
}


def init_app(app: Flask) -> None:
    app.before_request(_send_to_password_change)


def _send_to_password_change():
    if (
        is_api()
        or request.endpoint in _OPEN_UNTIL_CHANGED
        or not current_user.is_authenticated
        or not current_user.must_change_password
    ):
        return None
    target = url_for("account.show")
    if is_htmx():
        response = make_response("", 204)
        response.headers["HX-Redirect"] = target
        return response
    flash(_("Choose a new password of your own before you continue."), "info")
    return redirect(target, 303)


def _page(*, status: int = 200, error: Exception | None = None, new_token: str | None = None):
    tokens = token_service.list_tokens(get_db(), current_user.username)
    context = {
        "tokens": tokens,
        "error": error,
        "new_token": new_token,
        "languages": user_service.INTERFACE_LANGUAGES,
    }
    return render_template("account/show.html", **context), status


@bp.get("/")
@login_required
def show():
    """Change one's password, choose the interface language, manage one's API tokens."""
    return _page()


@bp.post("/password")
@login_required
def password():
    """A new password of one's own; the current one proves who is at the keyboard. Every
    session and token made with the old one ends, and this browser starts a new session."""
    form = request.form
    new = form.get("new_password", "")
    try:
        if new != form.get("new_password_again", ""):
            raise InvalidInput(_("The two new passwords differ; type the same one twice."))
        # The user itself, not the proxy: logging in again stores it for the request.
        user = user_service.change_own_password(
            get_db(), current_user._get_current_object(), form.get("current_password", ""), new
        )
    except InvalidInput as error:
        return _page(status=422, error=error)
    begin_session(user)
    flash(_("Your password is changed. Your API tokens were revoked: create new ones."), "success")
    return redirect(url_for("account.show"), 303)


@bp.post("/language")
@login_required
def language():
    """The interface language ("" follows the browser)."""
    user_service.set_language(get_db(), current_user, request.form.get("language", ""))
    flash(_("Interface language saved."), "success")
    return redirect(url_for("account.show"), 303)


@bp.post("/tokens")
@login_required
def create_token():
    """A new API token, shown on this answer only (never stored in clear)."""
    try:
        _record, token = token_service.create_token(
            get_db(), current_user.username, request.form.get("name", ""), actor=current_user
        )
    except InvalidInput as error:
        return _page(status=422, error=error)
    return _page(new_token=token)


@bp.post("/tokens/<int:token_id>/revoke")
@login_required
def revoke_token(token_id: int):
    """Revoke one of one's own tokens (someone else's is 404)."""
    token_service.revoke_token(get_db(), token_id, actor=current_user)
    flash(_("Revoked token %(id)s.", id=token_id), "success")
    return redirect(url_for("account.show"), 303)

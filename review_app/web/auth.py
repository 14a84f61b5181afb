"""Logging in and out; the login manager that loads users for every request.

Flask-Login's user id in the cookie is not enough on its own: the user is loaded only with
the key of a session that is open on the server (``services.sessions``). "Remember me" is
never offered, and a remember cookie, which would carry no session key, logs nobody in.
"""

from urllib.parse import urlsplit

from flask import (
    Blueprint,
    Flask,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import LoginManager, current_user, login_required, login_user, logout_user

from review_app.services.errors import AuthenticationFailed
from review_app.services.logins import TooManyFailures, log_in
from review_app.services.sessions import end_session, session_user, start_session

from .db import get_db
from .htmx import is_htmx
from .messages import known_message

bp = Blueprint("auth", __name__, url_prefix="/auth")
login_manager = LoginManager()
SESSION_KEY = "session_key"


def init_app(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Log in to continue.")
    login_manager.login_message_category = "info"
    login_manager.user_loader(_load_user)
    login_manager.unauthorized_handler(_unauthorized)


def _load_user(user_id: str):
    key = session.get(SESSION_KEY)
    user = session_user(get_db(), key) if isinstance(key, str) else None
    return user if user is not None and user.get_id() == user_id else None


def _unauthorized():
    login_url = url_for("auth.login", next=request.full_path.rstrip("?"))
    if is_htmx():
        # A fragment request cannot show a login page in a table row; send the browser there.
        response = make_response("", 401)
        response.headers["HX-Redirect"] = login_url
        return response
    flash(_("Log in to continue."), "info")
    return redirect(login_url)


def safe_next(target: str | None) -> str:
    """Only redirect within this site after login: an open redirect helps phishers."""
    if target:
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc and target.startswith("/"):
            return target
    return url_for("index")


@bp.route("/login", methods=["GET", "POST"])
def login():
    """The login form; on success, go where the user was heading."""
    if current_user.is_authenticated:
        return redirect(safe_next(request.args.get("next")))
    status = 200
    if request.method == "POST":
        username = request.form.get("username", "").strip()
        try:
            user = log_in(
                get_db(), username, request.form.get("password", ""), request.remote_addr or ""
            )
        except AuthenticationFailed:
            flash(_("Wrong username or password."), "error")
            status = 401
        except TooManyFailures as error:
            flash(known_message(error), "error")
            status = 429
        else:
            begin_session(user)
            return redirect(safe_next(request.args.get("next")), 303)
    return render_template("auth/login.html"), status


def begin_session(user) -> None:
    """Log ``user`` in in this browser, with a session of its own on the server."""
    login_user(user)
    session[SESSION_KEY] = start_session(
        get_db(),
        user,
        address=request.remote_addr or "",
        user_agent=request.user_agent.string,
    )


@bp.post("/logout")
@login_required
def logout():
    """Log out (a POST, so another site cannot log people out with a link)."""
    key = session.pop(SESSION_KEY, None)
    if isinstance(key, str):
        end_session(get_db(), key)
    logout_user()
    flash(_("You are logged out."), "info")
    return redirect(url_for("auth.login"), 303)

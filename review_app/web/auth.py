"""Logging in and out; the login manager that loads users for every request."""

from urllib.parse import urlsplit

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
from flask_login import LoginManager, current_user, login_required, login_user, logout_user

from review_app.services.errors import AuthenticationFailed
from review_app.services.users import authenticate, get_user

from .db import get_db
from .htmx import is_htmx

bp = Blueprint("auth", __name__, url_prefix="/auth")
login_manager = LoginManager()


def init_app(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Log in to continue."
    login_manager.login_message_category = "info"
    login_manager.user_loader(_load_user)
    login_manager.unauthorized_handler(_unauthorized)


def _load_user(user_id: str):
    return get_user(get_db(), int(user_id)) if user_id.isdigit() else None


def _unauthorized():
    login_url = url_for("auth.login", next=request.full_path.rstrip("?"))
    if is_htmx():
        # A fragment request cannot show a login page in a table row; send the browser there.
        response = make_response("", 401)
        response.headers["HX-Redirect"] = login_url
        return response
    flash("Log in to continue.", "info")
    return redirect(login_url)


def _safe_next(target: str | None) -> str:
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
        return redirect(_safe_next(request.args.get("next")))
    status = 200
    if request.method == "POST":
        username = request.form.get("username", "").strip()
        try:
            user = authenticate(get_db(), username, request.form.get("password", ""))
        except AuthenticationFailed as error:
            flash(str(error), "error")
            status = 401
        else:
            login_user(user)
            return redirect(_safe_next(request.args.get("next")), 303)
    return render_template("auth/login.html"), status


@bp.post("/logout")
@login_required
def logout():
    """Log out (a POST, so another site cannot log people out with a link)."""
    logout_user()
    flash("You are logged out.", "info")
    return redirect(url_for("auth.login"), 303)

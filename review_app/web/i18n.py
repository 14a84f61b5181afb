"""The interface's language: Flask-Babel, with the language chosen per request."""

from flask import Flask
from flask_babel import Babel
from flask_babel import lazy_gettext as _l

from review_app.store.models import iso_utc

babel = Babel()
ROLE_NAMES = {"translator": _l("translator"), "editor": _l("editor"), "admin": _l("admin")}


def init_app(app: Flask) -> None:
    babel.init_app(app, locale_selector=select_locale)
    app.jinja_env.globals["role_name"] = role_name
    app.jinja_env.filters["iso"] = iso_utc
    app.jinja_env.filters["html_lang"] = html_lang


def select_locale() -> str:
    return "en"


def role_name(role: str) -> str:
    return str(ROLE_NAMES.get(role, role))


def html_lang(code: str) -> str:
    """A Babel locale code as HTML's lang attribute spells it (BCP 47): zh_Hans_CN → zh-Hans-CN."""
    return code.replace("_", "-")

"""The interface in English or Simplified Chinese, with Flask-Babel.

The language is the user's own choice (account page), else the header switch's cookie, else
the browser's Accept-Language; anything unknown is English. Only the interface is
translated: segment text, titles and names are shown as they are.

The catalogues are PO files beside this module (``translations/<locale>/LC_MESSAGES``), the
only form kept in the repository. When the app starts, each is compiled to a ``.mo`` in the
user's cache folder, in a folder named after a hash of the PO files, so a changed catalogue is
compiled again and an unchanged one never is; nothing needs compiling at install time.
"""

import hashlib
import os
import tempfile
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from pathlib import Path

from babel.dates import format_skeleton
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask import Blueprint, Flask, current_app, redirect, request
from flask_babel import Babel, format_decimal, get_locale, gettext
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from review_app.formats.cedict_cache import cache_folder
from review_app.services.users import INTERFACE_LANGUAGES, set_language
from review_app.store.models import iso_utc

from .auth import safe_next
from .db import get_db
from .errors import is_api
from .messages import known_message, qa_message

CATALOGUES = Path(__file__).with_name("translations")
DEFAULT_LOCALE = "en"
LANGUAGE_COOKIE = "language"
LANGUAGE_COOKIE_SECONDS = 365 * 24 * 3600
ROLE_NAMES = {"translator": _l("translator"), "editor": _l("editor"), "admin": _l("admin")}
# Segment and document statuses as people read them (the values stay in the markup's data).
STATUS_NAMES = {
    "draft": _l("Draft"),
    "translated": _l("Translated"),
    "approved": _l("Approved"),
    "rejected": _l("Rejected"),
    "in_translation": _l("in translation"),
    "in_review": _l("in review"),
    "signed_off": _l("signed off"),
    "published": _l("published"),
}
SEVERITY_NAMES = {"error": _l("Error"), "warning": _l("Warning")}
# A glossary rendering's status (the stored value stays English, in the markup's classes).
TERM_STATUS_NAMES = {
    "preferred": _l("preferred"),
    "admitted": _l("admitted"),
    "deprecated": _l("deprecated"),
    "forbidden": _l("forbidden"),
}


def N_(message: str) -> str:
    """Marks a message for extraction only; it is translated where it is shown."""
    return message


# What the page's script writes, by its English text; the page carries them translated.
SCRIPT_MESSAGES = (
    N_("Unsaved changes discarded."),
    N_("Aligning…"),
    N_("Earlier segments"),
    N_("More segments"),
    N_("Saving…"),
    N_("The server refused the request (%(status)s). Your text is still in the box."),
    N_("Could not reach the server. Your text is still in the box; try again."),
    N_("Add term"),
    N_("Propose term"),
    N_("Add “%(text)s” as a glossary term (Alt+T)"),
    N_("Propose “%(text)s” as a glossary term (Alt+T)"),
    N_("Someone else changed this segment since you opened it; saving shows both texts."),
    N_("No unconfirmed segment after this one in the current filter."),
)

babel = Babel()
bp = Blueprint("language", __name__)


def init_app(app: Flask) -> None:
    app.config["BABEL_DEFAULT_LOCALE"] = DEFAULT_LOCALE
    app.config["BABEL_DEFAULT_TIMEZONE"] = "UTC"
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = str(compiled_catalogues())
    babel.init_app(app, locale_selector=select_locale)
    app.register_blueprint(bp)
    app.jinja_env.globals["role_name"] = role_name
    app.jinja_env.globals["status_name"] = status_name
    app.jinja_env.globals["severity_name"] = severity_name
    app.jinja_env.globals["term_status_name"] = term_status_name
    app.jinja_env.globals["known_message"] = known_message
    app.jinja_env.globals["qa_message"] = qa_message
    app.jinja_env.globals["script_messages"] = script_messages
    app.jinja_env.globals["INTERFACE_LANGUAGES"] = INTERFACE_LANGUAGES
    app.jinja_env.globals["interface_language"] = interface_language
    app.jinja_env.filters["iso"] = iso_utc
    app.jinja_env.filters["when"] = format_when
    app.jinja_env.filters["html_lang"] = html_lang
    app.jinja_env.filters["number"] = format_count
    app.jinja_env.filters["decimal"] = format_figure


def compiled_catalogues(cache: Path | None = None) -> Path:
    """A folder of ``<locale>/LC_MESSAGES/messages.mo`` compiled from the PO files."""
    sources = sorted(CATALOGUES.glob("*/LC_MESSAGES/messages.po"))
    digest = hashlib.sha256(b"".join(p.read_bytes() for p in sources)).hexdigest()[:16]
    try:
        return _compile(sources, (cache or cache_folder()) / f"translations-{digest}")
    except OSError:
        # An unwritable cache folder costs a compilation per process, not the interface.
        return _compile(sources, Path(tempfile.mkdtemp(prefix="review-app-translations-")))


def _compile(sources: list[Path], folder: Path) -> Path:
    for source in sources:
        target = folder / source.relative_to(CATALOGUES).with_suffix(".mo")
        if target.exists():
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        with source.open("rb") as po:
            catalogue = read_po(po, locale=source.parents[1].name)
        # Written aside and renamed, so another process never reads half a file.
        partial = target.with_suffix(f".{os.getpid()}.tmp")
        with partial.open("wb") as mo:
            write_mo(mo, catalogue)
        partial.replace(target)
    return folder


def select_locale() -> str:
    if is_api():
        return DEFAULT_LOCALE  # its clients read the messages as they are (README)
    if current_user.is_authenticated and current_user.language in INTERFACE_LANGUAGES:
        return current_user.language
    chosen = request.cookies.get(LANGUAGE_COOKIE, "")
    if chosen in INTERFACE_LANGUAGES:
        return chosen
    return browser_language(request.accept_languages.values())


def browser_language(preferences) -> str:
    """The first interface language among the browser's, most wanted first (Chinese in any
    script or region reads the Simplified interface); English when none is ours."""
    for tag in preferences:
        primary = tag.lower().replace("_", "-").split("-")[0]
        if primary == "zh":
            return "zh_Hans_CN"
        if primary == "en":
            return "en"
    return DEFAULT_LOCALE


def interface_language() -> str:
    return str(get_locale() or DEFAULT_LOCALE)


@bp.post("/language")
def switch():
    """The header's language switch: remembered in a cookie (also before logging in) and,
    for a logged-in user, as their setting."""
    language = request.form.get("language", "")
    if language not in INTERFACE_LANGUAGES:
        language = DEFAULT_LOCALE
    if current_user.is_authenticated:
        set_language(get_db(), current_user, language)
    response = redirect(safe_next(request.form.get("next")), 303)
    response.set_cookie(
        LANGUAGE_COOKIE,
        language,
        max_age=LANGUAGE_COOKIE_SECONDS,
        httponly=True,
        samesite="Lax",
        secure=current_app.config["SESSION_COOKIE_SECURE"],
    )
    return response


def role_name(role: str) -> str:
    return str(ROLE_NAMES.get(role, role))


def script_messages() -> dict[str, str]:
    """The script's messages in the interface's language, by their English text."""
    return {message: gettext(message) for message in SCRIPT_MESSAGES}


class Translated(Mapping[str, str]):
    """A mapping of English texts (the QA checks' titles), read in the interface's language."""

    def __init__(self, english: Mapping[str, str]) -> None:
        self._english = dict(english)

    def __getitem__(self, key: str) -> str:
        return gettext(self._english[key])

    def __iter__(self) -> Iterator[str]:
        return iter(self._english)

    def __len__(self) -> int:
        return len(self._english)


def status_name(status: str) -> str:
    return str(STATUS_NAMES.get(status, status))


def term_status_name(status: str) -> str:
    return str(TERM_STATUS_NAMES.get(status, status))


def severity_name(severity: str) -> str:
    return str(SEVERITY_NAMES.get(severity, severity))


def html_lang(code: str) -> str:
    """A Babel locale code as HTML's lang attribute spells it (BCP 47): zh_Hans_CN → zh-Hans-CN."""
    return code.replace("_", "-")


def format_count(value: int) -> str:
    """A count as the interface's language groups digits: 12,345 (segment text never passes
    here: only the figures of summaries)."""
    return format_decimal(value, format="#,##0")


def format_figure(value: float, digits: int = 1) -> str:
    """A score or share with ``digits`` decimals, in the interface's number format."""
    return format_decimal(value, format="#,##0." + "0" * digits if digits else "#,##0")


def format_when(value: datetime | None) -> str:
    """A time as people of the interface's language write it, in UTC: "Dec 2, 2026 05:53 UTC",
    "2026年12月2日 05:53 UTC"."""
    if value is None:
        return ""
    # SQLite hands datetimes back without a zone; they were stored in UTC.
    value = value if value.tzinfo else value.replace(tzinfo=UTC)
    locale = interface_language()
    day = format_skeleton("yMMMd", value, tzinfo=UTC, locale=locale)
    return f"{day} {format_skeleton('Hm', value, tzinfo=UTC, locale=locale)} UTC"

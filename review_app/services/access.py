"""Who may do what. Every check happens here, on the server, whatever the UI shows."""

from review_app.store import User

from .errors import Forbidden

_ALLOWED = {
    "edit": {"translator", "editor", "admin"},
    "comment": {"translator", "editor", "admin"},
    "import": {"editor", "admin"},
    "moderate": {"editor", "admin"},
    "review": {"editor", "admin"},
    "sign_off": {"editor", "admin"},
    "publish": {"editor", "admin"},
    "edit_glossary": {"editor", "admin"},
    "manage_users": {"admin"},
}

_DESCRIPTIONS = {
    "edit": "edit segments",
    "comment": "comment",
    "import": "import documents",
    "moderate": "resolve other people's comments",
    "review": "approve or reject segments",
    "sign_off": "sign documents off",
    "publish": "publish documents",
    "edit_glossary": "change the glossary",
    "manage_users": "manage users",
}


def can(actor: User, action: str) -> bool:
    return actor.is_active and actor.role in _ALLOWED[action]


def require(actor: User, action: str) -> None:
    if not can(actor, action):
        raise Forbidden(
            f"Your role ({actor.role}) may not {_DESCRIPTIONS[action]}. "
            "Ask an editor or an administrator."
        )

"""Who may do what. Every check happens here, on the server, whatever the UI shows."""

from review_app.core.workflow import REVIEWERS, Role
from review_app.store import User

from .errors import Forbidden

_EVERYONE = frozenset(Role)
_REVIEWERS = frozenset(REVIEWERS)
_ALLOWED = {
    "edit": _EVERYONE,
    "comment": _EVERYONE,
    "import": _REVIEWERS,
    "moderate": _REVIEWERS,
    "review": _REVIEWERS,
    "sign_off": _REVIEWERS,
    "publish": _REVIEWERS,
    "edit_glossary": _REVIEWERS,
    "manage_projects": _REVIEWERS,
    "delete_memory_units": frozenset({Role.ADMIN}),
    "manage_users": frozenset({Role.ADMIN}),
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
    "manage_projects": "create or change projects and translation memories",
    "delete_memory_units": "delete translation-memory units",
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

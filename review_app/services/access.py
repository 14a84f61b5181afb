"""Who may do what. Every check happens here, on the server, whatever the UI shows."""

from review_app.core.messages import N_, Message
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
    "edit": N_("edit segments"),
    "comment": N_("comment"),
    "import": N_("import documents"),
    "moderate": N_("resolve other people's comments"),
    "review": N_("approve or reject segments"),
    "sign_off": N_("sign documents off"),
    "publish": N_("publish documents"),
    "edit_glossary": N_("change the glossary"),
    "manage_projects": N_("create or change projects and translation memories"),
    "delete_memory_units": N_("delete translation-memory units"),
    "manage_users": N_("manage users"),
}
_ROLE_NAMES: dict[str, str] = {
    Role.TRANSLATOR: N_("translator"),
    Role.EDITOR: N_("editor"),
    Role.ADMIN: N_("admin"),
}


def can(actor: User, action: str) -> bool:
    return actor.is_active and actor.role in _ALLOWED[action]


def require(actor: User, action: str) -> None:
    if not can(actor, action):
        raise Forbidden(
            Message(
                N_("Your role (%(role)s) may not %(action)s. Ask an editor or an administrator."),
                role=Message(_ROLE_NAMES.get(actor.role, actor.role)),
                action=Message(_DESCRIPTIONS[action]),
            )
        )

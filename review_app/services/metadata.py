"""A document's metadata: title, slug, source URL, publisher and date, corrected by editors.

The slug names the folder a document is published to, so it is checked like a path part
(``documents.checked_slug``); every change is one audit event listing what changed from what.
"""

import re
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlsplit

from sqlalchemy.orm import Session

from review_app.core.messages import N_, Message
from review_app.store import Document, User
from review_app.store.locks import lock_document
from review_app.store.models import utcnow

from . import audit
from .access import require
from .documents import MAX_TITLE_LENGTH, checked_slug, get_document
from .errors import InvalidInput, at_most
from .uow import unit_of_work

MAX_URL_LENGTH = 2_000
MAX_PUBLISHER_LENGTH = 200
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
FIELDS = ("title", "slug", "source_url", "publisher", "article_date")


@dataclass(frozen=True)
class MetadataChange:
    """What a request asks to change; None leaves a field as it is."""

    title: str | None = None
    slug: str | None = None
    source_url: str | None = None
    publisher: str | None = None
    article_date: str | None = None


def update_metadata(
    session: Session, actor: User, document_id: int, change: MetadataChange
) -> Document:
    """Apply the change (editors only), every field checked before anything is written."""
    require(actor, "review")
    with unit_of_work(session):
        document = get_document(session, document_id)
        lock_document(session, document_id)
        wanted = _checked(session, document_id, change)
        changed = {
            name: {"from": getattr(document, name), "to": value}
            for name, value in wanted.items()
            if getattr(document, name) != value
        }
        if not changed:
            return document
        for name, values in changed.items():
            setattr(document, name, values["to"])
        document.updated_at = utcnow()
        audit.record(
            session,
            actor,
            document_id,
            "metadata",
            "Changed the " + ", ".join(name.replace("_", " ") for name in changed),
            changes=changed,
        )
        if "title" in changed:
            # The published copy opens with the title: what was signed off no longer holds.
            audit.document_changed(
                session, actor, document_id, f"title changed by {actor.username}"
            )
    return document


def _checked(session: Session, document_id: int, change: MetadataChange) -> dict[str, str]:
    wanted: dict[str, str] = {}
    if change.title is not None:
        title = " ".join(change.title.split())
        if not title:
            raise InvalidInput(N_("A document needs a title."))
        if len(title) > MAX_TITLE_LENGTH:
            raise InvalidInput(
                Message(
                    N_("A title has at most %(limit)s characters; this one has %(length)s."),
                    limit=MAX_TITLE_LENGTH,
                    length=len(title),
                )
            )
        wanted["title"] = title
    if change.slug is not None:
        wanted["slug"] = checked_slug(session, change.slug, document_id)
    if change.source_url is not None:
        wanted["source_url"] = _checked_url(change.source_url.strip())
    if change.publisher is not None:
        publisher = " ".join(change.publisher.split())
        if len(publisher) > MAX_PUBLISHER_LENGTH:
            raise InvalidInput(
                at_most(N_("A publisher has at most %(limit)s characters."), MAX_PUBLISHER_LENGTH)
            )
        wanted["publisher"] = publisher
    if change.article_date is not None:
        wanted["article_date"] = _checked_date(change.article_date.strip())
    return wanted


def _checked_url(url: str) -> str:
    if not url:
        return ""
    parts = urlsplit(url)
    if len(url) > MAX_URL_LENGTH or parts.scheme not in ("http", "https") or not parts.netloc:
        raise InvalidInput(
            N_("The source URL must be a web address starting with https:// or http://.")
        )
    return url


def _checked_date(value: str) -> str:
    if not value:
        return ""
    try:
        if not _ISO_DATE.fullmatch(value):
            raise ValueError
        date.fromisoformat(value)
    except ValueError:
        raise InvalidInput(
            Message(
                N_("Give the date as YYYY-MM-DD, such as 2024-07-26, not %(value)s."),
                value=repr(value),
            )
        ) from None
    return value

"""Find and replace across a document: plain text or a regular expression (time-limited, as
every search), in the English targets; the Chinese sources can be searched, never replaced.

A preview lists every replacement before anything is written. Replacing (one segment, or all)
takes the document lock, reads the texts again and writes each change through the same path as
a save (``segments.apply_edit``): a revision and an audit event per segment, QA re-checked. An
approved segment is skipped unless an editor asks for approved ones too; a replacement that
would leave a target empty is refused for that segment and listed.
"""

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from review_app.core.messages import N_, Message
from review_app.core.search import PatternError, PatternTooSlow, SearchPattern
from review_app.core.workflow import SegmentStatus
from review_app.store import Segment, User
from review_app.store.locks import lock_document

from .access import require
from .errors import InvalidInput, NotFound, at_most
from .segments import MAX_QUERY_LENGTH, apply_edit, checked_target, get_segment
from .uow import unit_of_work

FIELDS = ("target", "source")


@dataclass(frozen=True)
class ReplaceRequest:
    """What the person typed: the text or pattern to find, what to put instead, where."""

    find: str
    replacement: str = ""
    field: str = "target"
    regex: bool = False
    ignore_case: bool = False
    include_approved: bool = False

    def pattern(self) -> SearchPattern:
        """The compiled pattern, or ``InvalidInput`` saying what is wrong with the request."""
        if not self.find:
            raise InvalidInput(N_("Type the text to find."))
        if max(len(self.find), len(self.replacement)) > MAX_QUERY_LENGTH:
            raise InvalidInput(
                at_most(N_("Find and replace take at most %(limit)s characters."), MAX_QUERY_LENGTH)
            )
        if self.field not in FIELDS:
            raise InvalidInput(N_("Search the English target or the Chinese source."))
        try:
            if self.regex:
                return SearchPattern(self.find, ignore_case=self.ignore_case)
            return SearchPattern.literal(self.find, ignore_case=self.ignore_case)
        except PatternError as error:
            raise _invalid(error) from None


@dataclass(frozen=True)
class Planned:
    segment: Segment
    new_target: str
    count: int


@dataclass
class ReplacePlan:
    """The replacements a request makes (or, searching the source, the segments it finds)."""

    changes: list[Planned] = field(default_factory=list)
    # Found, but approved and the request did not ask for approved segments.
    skipped_approved: list[Segment] = field(default_factory=list)
    # Found, but the replacement would leave the target empty.
    refused_empty: list[Segment] = field(default_factory=list)


def plan_replacements(session: Session, document_id: int, request: ReplaceRequest) -> ReplacePlan:
    """Every replacement ``request`` would make, in document order; nothing is written."""
    segments = session.scalars(
        select(Segment)
        .where(Segment.document_id == document_id, Segment.active)
        .order_by(Segment.position)
    ).all()
    return _plan(segments, request)


def _plan(segments, request: ReplaceRequest) -> ReplacePlan:
    pattern = request.pattern()
    plan = ReplacePlan()
    try:
        for segment in segments:
            text = segment.source if request.field == "source" else segment.target
            new, count = pattern.replace(text, request.replacement, template=request.regex)
            if not count:
                continue
            if request.field == "source":
                plan.changes.append(Planned(segment, segment.target, count))
            elif segment.status == SegmentStatus.APPROVED and not request.include_approved:
                plan.skipped_approved.append(segment)
            elif not new.strip():
                plan.refused_empty.append(segment)
            elif new != text:
                plan.changes.append(Planned(segment, new, count))
    except PatternError as error:
        raise InvalidInput(
            Message(
                N_(
                    "The replacement is not valid for this expression: %(error)s. Refer only to "
                    "groups it has (\\1, \\g<name>), and write a backslash as \\\\."
                ),
                error=str(error),
            )
        ) from None
    except PatternTooSlow:
        raise InvalidInput(
            Message(
                N_(
                    "The regular expression took more than %(seconds)s s on this document and "
                    "was stopped. Make it more specific: avoid repeating a repetition, as in (a+)+."
                ),
                seconds=f"{pattern.budget:g}",
            )
        ) from None
    return plan


def replace_in_document(
    session: Session,
    actor: User,
    document_id: int,
    request: ReplaceRequest,
    *,
    segment_id: int | None = None,
    version: int | None = None,
) -> tuple[list[Segment], ReplacePlan]:
    """Make the replacements (of one segment with ``segment_id``, which must still be at
    ``version``, the one previewed); returns the segments changed and the plan they came from."""
    require(actor, "edit")
    if request.field != "target":
        raise InvalidInput(N_("The Chinese source is never replaced here; replace in the English."))
    if request.include_approved:
        require(actor, "review")
    request.pattern()  # a bad pattern is refused before the lock is taken
    with unit_of_work(session):
        lock_document(session, document_id)
        if segment_id is None:
            plan = plan_replacements(session, document_id, request)
        else:
            segment = get_segment(session, segment_id)
            if segment.document_id != document_id:
                raise NotFound(N_("That segment is not in this document; reload the preview."))
            if version is not None and version != segment.version:
                raise InvalidInput(
                    Message(
                        N_("Segment %(label)s changed since the preview; check the new preview."),
                        label=segment.label,
                    )
                )
            plan = _plan([segment], request)
        changed = []
        for planned in plan.changes:
            segment = planned.segment
            apply_edit(
                session,
                actor,
                segment.id,
                target=checked_target(planned.new_target),
                version=segment.version,
                confirm=False,
            )
            changed.append(segment)
    return changed, plan


def _invalid(error: PatternError) -> InvalidInput:
    return InvalidInput(
        f"The regular expression is not valid: {error}. Fix it or untick “Regular expression”."
    )

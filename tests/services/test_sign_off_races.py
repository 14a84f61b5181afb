"""Sign-off raced against rejection (by an editor) and editing: a document is never signed
off (nor published) while one of its segments is not approved, and a change that lands after
the sign-off is refused (the document is read-only until reopened), never half-applied.

Each round runs the sign-off and the other change in two threads with their own database
sessions, started together. ``checklist`` is slowed down by a few milliseconds so that, without
a common lock, the other change lands between the sign-off's reading of the statuses and its
writing of the record: the window the probe hit on its fifth try is then hit on most rounds.
"""

import threading
import time

import pytest
from sqlalchemy import select, update

from review_app.services import review as R
from review_app.services import segments as S
from review_app.services.errors import Locked, ServiceError
from review_app.services.publishing import publish
from review_app.store import Segment, User

ROUNDS = 12


@pytest.fixture
def slow_checklist(monkeypatch):
    real = R.checklist

    def checklist(session, document_id):
        result = real(session, document_id)
        time.sleep(0.02)
        return result

    monkeypatch.setattr(R, "checklist", checklist)


def _race(session_factory, *actions):
    """Run each ``action(session)`` in its own thread and session, all started together."""
    start = threading.Barrier(len(actions))
    outcomes: list = [None] * len(actions)

    def run(index, action):
        with session_factory() as session:
            start.wait()
            try:
                outcomes[index] = action(session)
            except ServiceError as error:
                outcomes[index] = error

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(actions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return outcomes


def _user(session, name):
    return session.scalars(select(User).filter_by(username=name)).one()


def _sign_off(session):
    document_id = session.scalar(select(Segment.document_id).limit(1))
    return R.sign_off(session, _user(session, "editor"), document_id)


def _reject(segment_id):
    def action(session):
        segment = session.get(Segment, segment_id)
        return R.reject_segment(
            session,
            _user(session, "admin"),
            segment_id,
            version=segment.version,
            comment="Wrong term.",
            category="Terminology",
            severity="Major",
        )

    return action


def _edit(segment_id):
    def action(session):
        segment = session.get(Segment, segment_id)
        return S.save_segment(
            session,
            _user(session, "translator"),
            segment_id,
            target=segment.target + " Edited.",
            version=segment.version,
        )

    return action


def _reapprove(session, users, document):
    """Bring every segment back to approved for the next round (no sign-off left valid)."""
    for segment in session.scalars(
        select(Segment).where(Segment.document_id == document.id, Segment.active)
    ):
        session.refresh(segment)
        if segment.status != "approved":
            if segment.status == "rejected":
                S.confirm_segment(
                    session,
                    users["translator"],
                    segment.id,
                    target=segment.target,
                    version=segment.version,
                )
            R.approve_segment(session, users["editor"], segment.id, version=segment.version)


@pytest.mark.parametrize("change", [_reject, _edit], ids=["reject", "edit"])
def test_sign_off_never_stands_beside_a_change_made_at_the_same_moment(
    session_factory, session, users, document, approve_all, slow_checklist, change, tmp_path
):
    approve_all()
    target = session.scalars(
        select(Segment).where(Segment.document_id == document.id, Segment.label == "3")
    ).one()
    for _ in range(ROUNDS):
        _reapprove(session, users, document)
        signed, changed = _race(session_factory, _sign_off, change(target.id))
        session.expire_all()
        state = R.sign_off_state(session, document.id)
        statuses = {
            s.status
            for s in session.scalars(
                select(Segment).where(Segment.document_id == document.id, Segment.active)
            )
        }
        if state.sign_off is not None:
            assert statuses == {"approved"}, "a valid sign-off beside a segment not approved"
        if isinstance(signed, ServiceError):
            # Refused: the change came first and was saved.
            assert not isinstance(changed, ServiceError), changed
            assert isinstance(signed, R.SignOffRefused)
            continue
        # The sign-off was recorded first: the change was refused, nothing of it kept, and
        # the sign-off stands over an all-approved document.
        assert isinstance(changed, Locked), changed
        assert state.sign_off is not None and state.sign_off.id == signed.id
        assert session.get(type(document), document.id).status == "signed_off"
        assert publish(session, users["editor"], document.id, tmp_path).publication.version
        R.reopen(session, users["editor"], document.id, "Next round of the race.")


def test_publish_checks_every_status_itself_under_the_lock(
    session, users, document, approve_all, tmp_path
):
    """A sign-off whose hash matches a state with a segment not approved (one recorded before
    statuses were hashed, or forged in the database) still cannot publish."""
    approve_all()
    record = R.sign_off(session, users["editor"], document.id)
    segment = session.scalars(select(Segment).where(Segment.document_id == document.id)).first()
    session.execute(update(Segment).where(Segment.id == segment.id).values(status="translated"))
    record.sha256 = R.current_hash(session, document.id)
    session.commit()
    assert R.valid_sign_off(session, document.id) is not None
    with pytest.raises(R.SignOffRefused, match="every segment approved"):
        publish(session, users["editor"], document.id, tmp_path)

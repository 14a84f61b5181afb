"""A title change after sign-off: the published copy opens with it, so it waits for reopening."""

import pytest

from review_app.services import review as R
from review_app.services.errors import Locked
from review_app.services.metadata import MetadataChange, update_metadata
from review_app.services.publishing import publish


def test_a_new_title_waits_for_reopening_and_then_publishing_waits(
    session, users, document, approve_all, tmp_path
):
    approve_all()
    R.sign_off(session, users["editor"], document.id)
    update_metadata(session, users["editor"], document.id, MetadataChange(publisher="CANTOOP"))
    assert R.valid_sign_off(session, document.id) is not None  # the publisher is not printed
    # The published copy opens with the title: changing it changes what was signed.
    with pytest.raises(Locked, match="read-only"):
        update_metadata(
            session, users["editor"], document.id, MetadataChange(title="Another title")
        )
    assert session.get(type(document), document.id).title != "Another title"
    R.reopen(session, users["editor"], document.id, "The headline is wrong.")
    update_metadata(session, users["editor"], document.id, MetadataChange(title="Another title"))
    assert R.valid_sign_off(session, document.id) is None
    with pytest.raises(R.SignOffRefused):
        publish(session, users["editor"], document.id, tmp_path)

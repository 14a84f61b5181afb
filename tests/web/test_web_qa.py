"""QA in the workspace: term highlights, QA markers on rows, the issue filter and counts."""

import re
from datetime import UTC, datetime

import pytest

from review_app.services import glossary as glossary_service
from review_app.store import Segment, User
from review_app.web.db import get_db

TERMS = (
    "source,target,status,note\n"
    "第三句,third sentence,preferred,Count from the top\n"
    "第三句,sentence three,deprecated,\n"
    "第四句,fourth sentence,preferred,\n"
).encode()


@pytest.fixture
def glossary(app, app_users, app_document):
    with app.app_context():
        session = get_db()
        editor = session.get(User, app_users["editor"])
        glossary_service.import_glossary(
            session, editor, name="Sample terms", data=TERMS, filename="terms.csv"
        )


def seg(app, document_id, label):
    with app.app_context():
        return get_db().query(Segment).filter_by(document_id=document_id, label=label).one().id


def row_html(page, seg_id):
    return re.search(rf'<tr id="seg-{seg_id}".*?</tr>', page, re.S).group(0)


def test_source_terms_are_marked_with_the_approved_renderings(auth, app, app_document, glossary):
    auth.login()
    page = auth.get(f"/documents/{app_document}").get_data(as_text=True)
    third = row_html(page, seg(app, app_document, "2"))
    assert (
        '<mark class="term" title="Glossary:\nuse: third sentence (preferred). Count from the '
        'top\navoid: sentence three (deprecated)">第三句</mark>'
    ) in third
    # "Third sentence." matches the preferred rendering: marked in the target, no issue.
    assert '<p class="target-marks">' in third
    assert '<mark class="term-ok" title="Glossary: 第三句 → third sentence (preferred)">' in third
    assert "qa-issue" not in third


def test_a_missing_term_is_flagged_on_the_row(auth, app, app_document, glossary):
    auth.login()
    fourth = seg(app, app_document, "3")
    response = auth.post(
        f"/segments/{fourth}", {"target": "The 4th one.", "version": "1"}, htmx=True
    )
    row = response.get_data(as_text=True)
    assert 'class="qa-issue severity-warning" data-check="glossary_missing"' in row
    assert "第四句 should be translated as fourth sentence" in row
    assert '<mark class="term issue-warning"' in row
    assert "has-warnings" in row and "1 warning" in row


def test_errors_show_as_blocking_with_their_target_span(auth, app, app_document):
    auth.login()
    first = seg(app, app_document, "1")
    response = auth.post(
        f"/segments/{first}", {"target": "First sentence. Second 句子.", "version": "1"}, htmx=True
    )
    row = response.get_data(as_text=True)
    assert 'class="qa-issue severity-error" data-check="untranslated"' in row
    assert '<mark class="issue-error">句子</mark>' in row
    assert "1 error" in row and 'title="Errors block sign-off"' in row


def test_highlighting_escapes_user_text(auth, app, app_document):
    auth.login()
    page = auth.get(f"/documents/{app_document}").get_data(as_text=True)
    assert "<script>alert(1)" not in page


@pytest.mark.parametrize("htmx", [False, True])
def test_the_has_issues_filter(auth, app, app_document, htmx):
    auth.login()
    first = seg(app, app_document, "1")
    auth.post(f"/segments/{first}", {"target": "", "version": "1"}, htmx=True)
    for qa, rows in (("any", 1), ("error", 1), ("warning", 0), ("empty_target", 1)):
        response = auth.get(f"/documents/{app_document}/rows?qa={qa}", htmx=htmx)
        assert response.status_code == 200
        assert response.get_data(as_text=True).count("data-segment-id=") == rows, qa
    if htmx:
        response = auth.get(f"/documents/{app_document}/rows?qa=any", htmx=True)
        assert response.headers["HX-Replace-Url"] == f"/documents/{app_document}?qa=any"
    bad = auth.get(f"/documents/{app_document}/rows?qa=spelling", htmx=htmx)
    assert bad.status_code == 422 and "Unknown QA filter" in bad.get_data(as_text=True)


@pytest.mark.parametrize(("role", "offered"), [("translator", False), ("editor", True)])
def test_the_workspace_offers_the_filters_and_the_selection_shortcut(
    auth, app_document, role, offered
):
    auth.login(role)
    page = auth.get(f"/documents/{app_document}").get_data(as_text=True)
    assert '<option value="any"' in page and '<option value="glossary_missing"' in page
    assert ('data-add-term-url="/glossary/terms/new"' in page) is offered


def test_documents_list_and_workspace_show_open_issue_counts(auth, app, app_document):
    auth.login()
    assert "No open issues" in auth.get("/").get_data(as_text=True)
    first = seg(app, app_document, "1")
    auth.post(f"/segments/{first}", {"target": "", "version": "1"}, htmx=True)
    assert "1 error" in auth.get("/").get_data(as_text=True)
    fragment = auth.get(f"/documents/{app_document}/issues", htmx=True)
    assert fragment.status_code == 200 and "<html" not in fragment.get_data(as_text=True)
    assert "1 error" in fragment.get_data(as_text=True)
    assert "HX-Request" in fragment.headers["Vary"]
    assert auth.get(f"/documents/{app_document}/issues").status_code == 302


def test_a_glossary_change_shows_on_the_next_view(auth, app, app_document, glossary):
    auth.login("editor")
    auth.post(
        "/glossary/terms", {"source": "第五句", "target": "fifth line", "status": "preferred"}
    )
    page = auth.get(f"/documents/{app_document}?qa=glossary_missing").get_data(as_text=True)
    assert "第五句 should be translated as fifth line" in page


def test_on_a_long_document_the_document_checks_run_after_the_response(
    auth, app, app_document, monkeypatch
):
    from review_app.services import qa
    from review_app.store import QaIssue

    monkeypatch.setattr(qa, "SYNC_DOCUMENT_CHECKS_LIMIT", 2)

    def inconsistent():
        with app.app_context():
            return get_db().query(QaIssue).filter_by(check_id="inconsistent").count()

    auth.login()
    sentence = "The third and fourth meetings of the association were held in Shanghai."
    for label in ("2", "3"):
        response = auth.post(
            f"/segments/{seg(app, app_document, label)}",
            {"target": sentence, "version": "1"},
            htmx=True,
        )
        assert response.status_code == 200
        if label == "3":
            assert inconsistent() == 0  # the response went out before the document checks
        response.close()  # the server closes every response; the deferred checks run then
    assert inconsistent() == 1


def test_a_long_documents_checks_wait_a_moment_in_the_schedule_for_more_saves(
    auth, app, app_document, monkeypatch, data_dir
):
    from review_app.services import qa
    from review_app.tasks import JobQueue, make_huey

    monkeypatch.setattr(qa, "SYNC_DOCUMENT_CHECKS_LIMIT", 2)
    queue = JobQueue(make_huey(data_dir), app.extensions["review_app.sessions"])
    app.extensions["review_app.jobs"] = queue
    auth.login()
    for label in ("2", "3"):
        response = auth.post(
            f"/segments/{seg(app, app_document, label)}", {"target": "Text.", "version": "1"}
        )
        response.close()
    # One job for both saves, handed to the queue with a time before which no worker runs it.
    (task,) = queue.huey.pending()
    assert task.eta is not None and task.eta > datetime.now(UTC).replace(tzinfo=None)

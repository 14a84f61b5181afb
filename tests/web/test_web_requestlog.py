"""The request log: one line per request, without the client's text."""

import logging


def test_each_request_is_logged_with_status_user_and_time_but_no_query(auth, app_document, caplog):
    auth.login("translator")
    with caplog.at_level(logging.INFO, logger="review_app.requests"):
        auth.get(f"/documents/{app_document}?q=secret+words")
    lines = [r.getMessage() for r in caplog.records if r.name == "review_app.requests"]
    assert len(lines) == 1
    assert lines[0].startswith(f"GET /documents/{app_document} 200 ")
    assert "user=" in lines[0] and "user=-" not in lines[0]
    assert "secret" not in lines[0]

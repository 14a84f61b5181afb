"""Ids and numbers from URLs, forms, query strings and JSON: odd ones are 4xx, never 500.

Python's ``int`` reads Unicode digits ("²", "١٢") and numbers of any size, which SQLite
cannot bind (OverflowError beyond 64 bits): both used to end in a server error.
"""

import re

import pytest

from review_app.services.tokens import create_token
from review_app.web.db import get_db

# 2**31 is one beyond PostgreSQL's INTEGER, which SQLite would take.
BAD_IDS = ["²", "١٢", "999999999999999999999999999999", "2147483648", "-1", "1.0"]
BAD_NUMBERS = ["²", "١٢", "999999999999999999999999999999", "99999999999999999999", "2147483648"]
ROLES = ("translator", "editor", "admin")
_INT_ARGUMENT = re.compile(r"<int:\w+>")


def routes_with_ids(app):
    """(method, URL template) for every route that takes an integer id."""
    found = []
    for rule in app.url_map.iter_rules():
        if "<int:" not in rule.rule:
            continue
        path = rule.rule.replace("<any(csv, tbx):fmt>", "csv")
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            found.append((method, path))
    return found


@pytest.mark.parametrize("bad", BAD_IDS)
@pytest.mark.parametrize("role", ROLES)
def test_every_route_answers_an_odd_id_with_404(app, auth, app_document, role, bad):
    auth.login(role)
    with app.app_context():
        token = create_token(get_db(), role)[1]
    routes = routes_with_ids(app)
    assert len(routes) > 30
    wrong = []
    for method, template in routes:
        url = _INT_ARGUMENT.sub(bad, template)
        api = url.startswith("/api/")
        headers = {"Authorization": f"Bearer {token}"} if api else {"X-CSRFToken": auth.token}
        response = auth.client.open(url, method=method, headers=headers)
        if response.status_code != 404 or (api and "error" not in (response.get_json() or {})):
            wrong.append((method, url, response.status_code))
    assert wrong == []


@pytest.fixture
def segment_id(app, app_document):
    with app.app_context():
        from review_app.services.documents import active_segments

        return active_segments(get_db(), app_document)[0].id


@pytest.mark.parametrize("bad", BAD_NUMBERS)
@pytest.mark.parametrize("role", ROLES)
def test_odd_numbers_in_forms_and_queries_are_refused_cleanly(
    auth, app_document, segment_id, role, bad
):
    auth.login(role)
    posts = [
        (f"/segments/{segment_id}", {"target": "x", "version": bad}),
        (f"/segments/{segment_id}/confirm", {"target": "x", "version": bad}),
        (f"/segments/{segment_id}/approve", {"target": "x", "version": bad}),
        (f"/segments/{segment_id}/revert", {"version": "1", "revision": bad}),
        (f"/segments/{segment_id}/split", {"source_cut": bad, "target_cut": "1"}),
        ("/glossary/terms", {"glossary": bad, "source": "专利", "target": "patent"}),
    ]
    for url, data in posts:
        status = auth.post(url, data, htmx=True).status_code
        assert 400 <= status < 500 and status != 404 or status == 403, (url, status)
    for url in (
        f"/documents/{app_document}/rows?after={bad}",
        f"/glossary/?glossary={bad}",
        f"/glossary/terms?glossary={bad}",
    ):
        status = auth.get(url, htmx=True).status_code
        assert status < 500, (url, status)


@pytest.mark.parametrize("version", [10**30, -(10**30), 2**63])
def test_the_api_refuses_a_version_beyond_64_bits(app, client, app_document, segment_id, version):
    with app.app_context():
        token = create_token(get_db(), "editor")[1]
    response = client.patch(
        f"/api/segments/{segment_id}",
        headers={"Authorization": f"Bearer {token}"},
        json={"version": version, "target": "x"},
    )
    assert response.status_code == 422 and "version" in response.get_json()["error"]

"""Translation memory in the app: matches (pane partial, page, API), concordance, projects
page, TMX upload and download, import options."""

import io
import re

import pytest
from sqlalchemy import select

from review_app.services.projects import glossary_ids
from review_app.services.tokens import create_token
from review_app.store import Project, Segment, TmUnit
from review_app.web.db import get_db

ZH = "国家知识产权局发布了年度报告。\n\n局\n"
EN = "CNIPA published its <b>annual</b> report.\n\nBureau\n"


@pytest.fixture
def api(client, app, app_users):
    with app.app_context():
        token = create_token(get_db(), "editor")[1]
    headers = {"Authorization": f"Bearer {token}"}

    class Api:
        def get(self, url):
            return client.get(url, headers=headers)

        def post(self, url, **kwargs):
            return client.post(url, headers=headers, **kwargs)

        def patch(self, url, body):
            return client.patch(url, headers=headers, json=body)

    return Api()


def import_pair(api, title, **fields):
    response = api.post(
        "/api/documents",
        data={
            "source": (io.BytesIO(ZH.encode()), "a.zh.txt"),
            "draft": (io.BytesIO(EN.encode()), "a.en.txt"),
            "title": title,
            **fields,
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def segments(api, document_id):
    return api.get(f"/api/documents/{document_id}/segments").get_json()


def approve_all(api, document_id, target=None):
    for s in segments(api, document_id):
        body = {"version": s["version"], "status": "translated"}
        if target and s["source"].startswith("国家"):
            body["target"] = target
        confirmed = api.patch(f"/api/segments/{s['id']}", body).get_json()
        api.patch(
            f"/api/segments/{s['id']}", {"version": confirmed["version"], "status": "approved"}
        )


def test_an_approval_is_a_100_match_in_the_next_document(api, auth):
    first = import_pair(api, "First")
    assert first["from_memory"] == 0
    approve_all(api, first["id"], target="CNIPA published its <b>yearly</b> report.")
    second = import_pair(api, "Second")
    assert second["from_memory"] == 2
    row = segments(api, second["id"])[0]
    assert (row["target"], row["status"]) == ("CNIPA published its <b>yearly</b> report.", "draft")
    assert (row["tm_score"], row["tm_origin"]) == (101, "approved in First")

    matches = api.get(f"/api/segments/{row['id']}/matches").get_json()
    assert matches == [
        {
            "source": "国家知识产权局发布了年度报告。",
            "target": "CNIPA published its <b>yearly</b> report.",
            "score": 101,
            "origin": "approved in First",
            "context_match": True,
        }
    ]
    auth.login("translator")
    pane = auth.get(f"/segments/{row['id']}/matches", htmx=True)
    html = pane.get_data(as_text=True)
    assert pane.status_code == 200 and "<html" not in html
    assert 'data-insert="CNIPA published its &lt;b&gt;yearly&lt;/b&gt; report."' in html
    assert "101 %" in html and "approved in First" in html and "<b>" not in html
    page = auth.get(f"/segments/{row['id']}/matches")
    assert "<html" in page.get_data(as_text=True) and "data-insert" in page.get_data(as_text=True)
    assert "HX-Request" in pane.headers["Vary"]


def test_a_fuzzy_match_shows_the_difference_of_its_source(api, auth, app):
    first = import_pair(api, "First")
    approve_all(api, first["id"])
    second = import_pair(api, "Second")
    with app.app_context():
        session = get_db()
        segment = session.scalars(
            select(Segment).where(Segment.document_id == second["id"], Segment.label == "1")
        ).one()
        segment.source = "国家知识产权局发布了季度报告。"
        session.commit()
        segment_id = segment.id
    auth.login("translator")
    html = auth.get(f"/segments/{segment_id}/matches", htmx=True).get_data(as_text=True)
    assert "<del>年</del><ins>季</ins>" in html
    assert re.search(r"<strong>9\d %</strong>", html)


def test_matches_of_a_missing_segment_are_404_and_need_a_login(client, auth, api):
    assert client.get("/segments/1/matches").status_code in (302, 401)
    auth.login("translator")
    assert auth.get("/segments/999999/matches").status_code == 404
    assert api.get("/api/segments/999999/matches").status_code == 404


def test_concordance_page_partial_and_api(api, auth):
    first = import_pair(api, "First")
    approve_all(api, first["id"])
    auth.login("translator")
    page = auth.get("/concordance?q=局&side=source")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and '<mark class="hit">局</mark>' in html and "<html" in html
    partial = auth.get("/concordance?q=annual&side=target", htmx=True).get_data(as_text=True)
    assert "<html" not in partial and '<mark class="hit">annual</mark>' in partial
    assert "&lt;b&gt;" in partial  # the English's markup is text, escaped
    hits = api.get("/api/concordance?q=.*&side=source").get_json()
    assert hits == []
    hits = api.get("/api/concordance?q=局").get_json()
    assert {h["from"] for h in hits} == {"Default", "First"} and len(hits) == 4
    assert auth.get("/concordance?q=局&side=both").status_code == 422
    assert auth.get("/concordance?q=%00").status_code == 422


def test_only_admins_delete_units_from_the_concordance(api, auth, app):
    first = import_pair(api, "First")
    approve_all(api, first["id"])
    with app.app_context():
        unit_id = get_db().scalars(select(TmUnit.id)).first()
    auth.login("editor")
    assert "Delete unit" not in auth.get("/concordance?q=局").get_data(as_text=True)
    assert auth.post(f"/memory/units/{unit_id}/delete").status_code == 403
    auth.post("/auth/logout")
    auth.login("admin")
    assert auth.post(f"/memory/units/{unit_id}/delete", csrf=False).status_code == 400
    assert auth.post(f"/memory/units/{unit_id}/delete").status_code == 303
    with app.app_context():
        assert get_db().get(TmUnit, unit_id) is None


def test_projects_page_roles_and_creation(auth, app):
    auth.login("translator")
    page = auth.get("/projects/").get_data(as_text=True)
    assert "Default" in page and "New project" not in page
    assert auth.post("/projects/", data={"name": "Client"}).status_code == 403
    auth.post("/auth/logout")
    auth.login("editor")
    response = auth.post("/projects/", data={"name": "Client <B>"})
    assert response.status_code == 303
    with app.app_context():
        project = get_db().scalars(select(Project).where(Project.name == "Client <B>")).one()
    page = auth.get(f"/projects/{project.id}").get_data(as_text=True)
    assert "Client &lt;B&gt;" in page
    assert auth.post("/projects/", data={"name": " "}).status_code == 422
    assert auth.get("/projects/999999").status_code == 404


TMX = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE tmx [<!ENTITY boom "boom">]>
<tmx version="1.4"><header srclang="zh-CN" creationtool="x" creationtoolversion="1"
 segtype="sentence" o-tmf="x" adminlang="en" datatype="plaintext"/><body>
<tu><tuv xml:lang="zh-Hans"><seg>报告显示专利申请量继续增长。</seg></tuv>
<tuv xml:lang="en-GB"><seg>Filings kept growing.&boom;</seg></tuv></tu>
<tu><tuv xml:lang="zh"><seg> </seg></tuv><tuv xml:lang="en"><seg>Empty source</seg></tuv></tu>
</body></tmx>
"""


def test_tmx_upload_and_download_on_the_project_page(auth, app):
    auth.login("editor")
    with app.app_context():
        project_id = get_db().scalars(select(Project.id)).first()
    response = auth.post(
        f"/projects/{project_id}/tmx",
        data={"file": (io.BytesIO(TMX.encode()), "client.tmx")},
        content_type="multipart/form-data",
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "1 units added" in html and "1 with an empty side skipped" in html
    assert "declares entities" in html
    exported = auth.get(f"/projects/{project_id}/tmx")
    assert exported.headers["Content-Disposition"] == "attachment; filename=default.tmx"
    assert "Filings kept growing." in exported.get_data(as_text=True)
    bad = auth.post(
        f"/projects/{project_id}/tmx",
        data={
            "file": (
                io.BytesIO(
                    b"<tmx><body><tu><tuv xml:lang='fr'><seg>x</seg></tuv>"
                    b"<tuv xml:lang='de'><seg>y</seg></tuv></tu></body></tmx>"
                ),
                "fr.tmx",
            )
        },
        content_type="multipart/form-data",
    )
    assert bad.status_code == 422 and "de, fr" in bad.get_data(as_text=True)


def test_the_import_form_takes_a_project_and_the_memory_switch(auth, app):
    auth.login("editor")
    form = auth.get("/documents/import").get_data(as_text=True)
    assert 'name="project"' in form and 'name="no_tm"' in form
    with app.app_context():
        project_id = get_db().scalars(select(Project.id)).first()
    response = auth.post(
        "/documents/import",
        data={
            "title": "T",
            "source_text": ZH,
            "draft_text": EN,
            "project": str(project_id),
            "no_tm": "1",
        },
    )
    assert response.status_code == 303
    bad = auth.post(
        "/documents/import",
        data={"title": "T", "source_text": ZH, "draft_text": EN, "project": "999999"},
    )
    assert bad.status_code == 422


def test_a_glossary_imported_for_a_project_is_used_by_it_alone(auth, app):
    auth.login("editor")
    auth.post("/projects/", data={"name": "Client B"})
    with app.app_context():
        session = get_db()
        client_b = session.scalars(select(Project).where(Project.name == "Client B")).one()
        default = session.scalars(select(Project).where(Project.name == "Default")).one()
        ids = (client_b.id, default.id)
    assert 'name="project"' in auth.get("/glossary/import").get_data(as_text=True)
    response = auth.post(
        "/glossary/import",
        data={
            "file": (io.BytesIO("source,target\n局,Bureau\n".encode()), "b.csv"),
            "project": str(ids[0]),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 200
    with app.app_context():
        session = get_db()
        assert len(glossary_ids(session, ids[0])) == 1 and glossary_ids(session, ids[1]) == []
    bad = auth.post(
        "/glossary/import",
        data={"file": (io.BytesIO(b"source,target\nx,y\n"), "c.csv"), "project": "999999"},
        content_type="multipart/form-data",
    )
    assert bad.status_code == 422

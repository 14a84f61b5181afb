"""Find and replace: plain and regex, case, preview, one or all, each a revision; approved
segments skipped unless an editor asks; empty results refused; bad and slow patterns refused."""

import pytest
from sqlalchemy import select

from review_app.services.errors import Forbidden, InvalidInput
from review_app.services.replace import ReplaceRequest, plan_replacements, replace_in_document
from review_app.services.review import approve_segment
from review_app.services.segments import confirm_segment, history
from review_app.store import Segment


def _by_label(session, document):
    rows = session.scalars(select(Segment).filter_by(document_id=document.id, active=True))
    return {s.label: s for s in rows}


def test_the_preview_lists_every_replacement_and_writes_nothing(session, document):
    plan = plan_replacements(session, document.id, ReplaceRequest("sentence", "line"))
    assert [(p.segment.label, p.new_target, p.count) for p in plan.changes] == [
        ("1", "First line. Second line.", 2),
        ("2", "Third line.", 1),
        ("3", "Fourth line.", 1),
        ("4", "Fifth <script>alert(1)</script> line.", 1),
    ]
    assert _by_label(session, document)["1"].target == "First sentence. Second sentence."


def test_case_and_regex_options(session, document):
    plain = ReplaceRequest("FIRST", "1st")
    assert plan_replacements(session, document.id, plain).changes == []
    folded = ReplaceRequest("FIRST", "1st", ignore_case=True)
    assert [p.new_target for p in plan_replacements(session, document.id, folded).changes] == [
        "1st sentence. Second sentence."
    ]
    groups = ReplaceRequest(r"(\w+) sentence\.$", r"sentence \1.", regex=True)
    assert plan_replacements(session, document.id, groups).changes[1].new_target == (
        "sentence Third."
    )
    # Plain text is put in as written, backslashes and all.
    literal = ReplaceRequest("Third", r"\1")
    assert plan_replacements(session, document.id, literal).changes[0].new_target == (
        r"\1 sentence."
    )


def test_replace_all_makes_one_revision_per_segment(session, users, document):
    changed, _ = replace_in_document(
        session, users["translator"], document.id, ReplaceRequest("sentence", "line")
    )
    assert len(changed) == 4
    rows = _by_label(session, document)
    assert rows["2"].target == "Third line."
    assert [r.kind for r in history(session, rows["2"].id)] == ["edit"]


def test_replace_one_checks_the_version_it_previewed(session, users, document):
    two = _by_label(session, document)["2"]
    request = ReplaceRequest("Third", "3rd")
    with pytest.raises(InvalidInput, match="changed since the preview"):
        replace_in_document(
            session, users["translator"], document.id, request, segment_id=two.id, version=9
        )
    changed, _ = replace_in_document(
        session, users["translator"], document.id, request, segment_id=two.id, version=1
    )
    assert [s.target for s in changed] == ["3rd sentence."]
    assert _by_label(session, document)["1"].target.startswith("First sentence")


def test_approved_segments_only_for_editors_who_ask(session, users, document):
    one = _by_label(session, document)["1"]
    confirm_segment(session, users["translator"], one.id, target=one.target, version=one.version)
    approve_segment(session, users["editor"], one.id, version=one.version)
    request = ReplaceRequest("First", "1st")
    changed, plan = replace_in_document(session, users["translator"], document.id, request)
    assert changed == [] and [s.label for s in plan.skipped_approved] == ["1"]
    asking = ReplaceRequest("First", "1st", include_approved=True)
    with pytest.raises(Forbidden):
        replace_in_document(session, users["translator"], document.id, asking)
    changed, _ = replace_in_document(session, users["editor"], document.id, asking)
    assert [s.target for s in changed] == ["1st sentence. Second sentence."]
    assert changed[0].status == "translated"


def test_an_empty_result_is_refused_and_listed(session, users, document):
    request = ReplaceRequest(r"^Third sentence\.$", "", regex=True)
    changed, plan = replace_in_document(session, users["translator"], document.id, request)
    assert changed == [] and [s.label for s in plan.refused_empty] == ["2"]
    assert _by_label(session, document)["2"].target == "Third sentence."


@pytest.mark.parametrize(
    ("request_", "message"),
    [
        (ReplaceRequest("(", "x", regex=True), "regular expression is not valid"),
        (ReplaceRequest("(Third)", r"\9", regex=True), "replacement is not valid"),
        (ReplaceRequest("", "x"), "Type the text"),
        (ReplaceRequest("a", "x", field="notes"), "English target or the Chinese source"),
    ],
)
def test_bad_requests_say_what_is_wrong(session, document, request_, message):
    with pytest.raises(InvalidInput, match=message):
        plan_replacements(session, document.id, request_)


def test_the_source_is_searched_but_never_replaced(session, users, document):
    plan = plan_replacements(session, document.id, ReplaceRequest("第三", field="source"))
    assert [p.segment.label for p in plan.changes] == ["2"]
    with pytest.raises(InvalidInput, match="never replaced"):
        replace_in_document(
            session, users["translator"], document.id, ReplaceRequest("第三", field="source")
        )


def test_a_pathological_pattern_is_stopped(session, users, document):
    two = _by_label(session, document)["2"]
    confirm_segment(session, users["translator"], two.id, target="a" * 40 + "!", version=1)
    request = ReplaceRequest(r"(a|aa)+$", "x", regex=True)
    with pytest.raises(InvalidInput, match="was stopped"):
        plan_replacements(session, document.id, request)

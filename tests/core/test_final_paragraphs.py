"""Rebuilding the final English paragraphs from reviewed segments."""

from review_app.core.publication import (
    FinalSegment,
    TrackedBlock,
    final_blocks,
    rebuild_paragraphs,
    tracked_blocks,
)


def test_segments_join_into_the_source_paragraphs() -> None:
    segments = [
        FinalSegment("Back to Home", 1, 1),
        FinalSegment("On July 26, 2024, the conference opened.", 3, 3),
        FinalSegment("Leaders  attended.", 3, 4),
        FinalSegment("A new paragraph.", 4, 5),
    ]
    assert rebuild_paragraphs(segments) == [
        "Back to Home",
        "On July 26, 2024, the conference opened. Leaders attended.",
        "A new paragraph.",
    ]


def test_emptied_segments_leave_nothing_behind() -> None:
    segments = [FinalSegment("", 0, 0), FinalSegment("Text.", 1, 1), FinalSegment(" ", 2, 2)]
    assert rebuild_paragraphs(segments) == ["Text."]


def test_an_english_only_sentence_stays_with_its_draft_paragraph() -> None:
    segments = [
        FinalSegment("First.", 0, 0),
        FinalSegment("Added in the draft.", None, 0),
        FinalSegment("Boilerplate of its own.", None, 1),
        FinalSegment("Second.", 1, 2),
    ]
    assert rebuild_paragraphs(segments) == [
        "First. Added in the draft.",
        "Boilerplate of its own.",
        "Second.",
    ]


def test_no_segments_no_paragraphs() -> None:
    assert rebuild_paragraphs([]) == []


def test_tracked_blocks_group_like_the_final_copy_and_keep_an_emptied_block():
    segments = [
        FinalSegment("Title here", 0, 0, "heading", 1, draft="Title"),
        FinalSegment("One.", 1, 1, draft="One."),
        FinalSegment("Two!", 1, 1, draft="Two."),
        FinalSegment("Back to Home", 2, 2, "excluded", draft="Back to Home"),
        FinalSegment("", 3, 3, draft="Dropped."),
    ]
    assert tracked_blocks(segments) == [
        TrackedBlock("Title here", "Title", 1),
        TrackedBlock("One. Two!", "One. Two."),
        TrackedBlock("", "Dropped."),
    ]
    assert [(b.text, b.heading) for b in final_blocks(segments)] == [
        ("Title here", 1),
        ("One. Two!", None),
    ]

"""Alignment fixes as pure functions: each undoes another, shapes count sentences."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from review_app.core.realign import RealignError, Unit, insert_empty, merge, move, split

zh_sentence = st.text("的是在一了有人这中大为上个国", min_size=1, max_size=6).map(
    lambda s: s + "。"
)
en_sentence = st.lists(
    st.sampled_from(["policy", "office", "trade", "zone", "court", "rule"]), min_size=1, max_size=5
).map(lambda words: " ".join(words).capitalize() + ".")


@st.composite
def units(draw, min_sentences=0):
    source = draw(st.lists(zh_sentence, min_size=min_sentences, max_size=4))
    target = draw(st.lists(en_sentence, min_size=min_sentences, max_size=4))
    return Unit(
        label="7",
        source="".join(source),
        draft=" ".join(target),
        target=" ".join(target),
        status=draw(st.sampled_from(["draft", "translated", "approved", "rejected"])),
        source_paragraph=draw(st.none() | st.integers(0, 3)),
        target_paragraph=draw(st.none() | st.integers(0, 3)),
    )


def texts(unit):
    return unit.source, unit.draft, unit.target


@settings(max_examples=60, deadline=None)
@given(units(min_sentences=1), units(min_sentences=1))
def test_a_split_at_the_merge_point_gives_both_segments_back(first, second):
    merged = merge(first, second)
    s, t = (int(n) for n in first.shape.split("-"))
    assert [texts(part) for part in split(merged, s, t)] == [texts(first), texts(second)]
    assert merged.shape == "-".join(
        str(int(a) + int(b))
        for a, b in zip(first.shape.split("-"), second.shape.split("-"), strict=True)
    )


@settings(max_examples=60, deadline=None)
@given(units(min_sentences=2), st.data())
def test_merging_the_parts_of_a_split_gives_the_segment_back(unit, data):
    s_count, t_count = (int(n) for n in unit.shape.split("-"))
    s = data.draw(st.integers(1, s_count - 1))
    t = data.draw(st.integers(1, t_count - 1))
    first, rest = split(unit, s, t)
    assert texts(merge(first, rest)) == texts(unit)
    assert (first.shape, rest.shape) == (f"{s}-{t}", f"{s_count - s}-{t_count - t}")


@settings(max_examples=60, deadline=None)
@given(units(min_sentences=1), units(min_sentences=1), st.sampled_from(["source", "target"]))
def test_moving_a_sentence_and_back_restores_both_texts(unit, neighbour, side):
    previous, here = move(unit, neighbour, side, "previous")[::-1]
    back_here, back_previous = move(previous, here, side, "next")
    assert texts(back_here) == texts(neighbour) and texts(back_previous) == texts(unit)


def test_a_move_updates_both_shapes_and_their_statuses():
    unit = Unit("3", "甲。乙。", "A one. B two.", "A one. B two.", "approved")
    neighbour = Unit("4", "丙。", "C three.", "C three.", "approved")
    mine, theirs = move(unit, neighbour, "source", "next")
    assert (mine.source, theirs.source) == ("甲。", "乙。丙。")
    assert (mine.shape, theirs.shape) == ("1-2", "2-1")
    assert mine.status == theirs.status == "translated"


def test_an_empty_counterpart_moves_one_side_below():
    unit = Unit("5", "甲。", "A draft.", "A target.", "rejected", 2, 3)
    here, below = insert_empty(unit, "target")
    assert (here.source, here.target, here.draft, here.shape) == ("甲。", "", "", "1-0")
    assert (below.source, below.target, below.draft, below.shape) == (
        "",
        "A target.",
        "A draft.",
        "0-1",
    )
    assert (here.status, below.status) == ("rejected", "rejected")
    here, below = insert_empty(unit, "source")
    assert (here.source, here.target, below.source, below.target) == ("", "A target.", "甲。", "")


@pytest.mark.parametrize(
    ("fix", "message"),
    [
        (lambda u: split(u, 0, 0), "Both parts"),
        (lambda u: split(u, 5, 0), "between two sentences"),
        (lambda u: move(Unit("2", "", "", "", "draft"), u, "source", "next"), "no source"),
        (lambda u: move(u, u, "middle", "next"), "source or target"),
        (lambda u: insert_empty(Unit("2", "甲。", "", "", "draft"), "target"), "empty side"),
    ],
)
def test_impossible_fixes_say_why(fix, message):
    with pytest.raises(RealignError, match=message):
        fix(Unit("1", "甲。", "A.", "A.", "translated"))

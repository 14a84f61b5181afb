"""core.progress: the timeline of segments by status, from plain values."""

from collections import Counter
from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from review_app.core.progress import (
    MAX_PROGRESS_POINTS,
    SegmentNow,
    StatusChange,
    floor_time,
    progress_timeline,
    time_step,
)

STATUSES = ("draft", "translated", "approved", "rejected")
IMPORT = datetime(2024, 3, 6, 9, 30, tzinfo=UTC)  # a Wednesday


def test_nothing_to_show_without_segments():
    assert progress_timeline([], [], STATUSES) == []


def test_an_untouched_import_is_one_point_of_every_status():
    segments = [SegmentNow(1, IMPORT, "draft"), SegmentNow(2, IMPORT, "translated")]
    (point,) = progress_timeline(segments, [], STATUSES)
    assert point.label == "2024-03-06 09:30"
    assert point.counts == {"draft": 1, "translated": 1, "approved": 0, "rejected": 0}


def test_work_within_the_first_minute_shows_the_imported_state_first():
    segments = [SegmentNow(1, IMPORT, "translated")]
    changes = [StatusChange(1, IMPORT + timedelta(seconds=20), "draft", "translated")]
    points = progress_timeline(segments, changes, STATUSES)
    assert [(p.label, p.counts["draft"], p.counts["translated"]) for p in points] == [
        ("import", 1, 0),
        ("2024-03-06 09:30", 0, 1),
    ]


def test_each_segment_starts_in_the_status_its_first_change_left():
    segments = [SegmentNow(1, IMPORT, "approved"), SegmentNow(2, IMPORT, "draft")]
    changes = [
        StatusChange(1, IMPORT + timedelta(minutes=5), "draft", "translated"),
        StatusChange(1, IMPORT + timedelta(minutes=9), "translated", "approved"),
        # An edit that left the status as it was is no move.
        StatusChange(2, IMPORT + timedelta(minutes=7), "draft", "draft"),
    ]
    points = progress_timeline(segments, changes, STATUSES)
    assert [p.label for p in points] == [
        "2024-03-06 09:30",
        "2024-03-06 09:35",
        "2024-03-06 09:39",
    ]
    assert [(p.counts["draft"], p.counts["translated"], p.counts["approved"]) for p in points] == [
        (2, 0, 0),
        (1, 1, 0),
        (1, 0, 1),
    ]


def test_changes_of_removed_segments_are_left_out():
    segments = [SegmentNow(1, IMPORT, "draft")]
    changes = [StatusChange(99, IMPORT + timedelta(hours=1), "draft", "translated")]
    assert progress_timeline(segments, changes, STATUSES)[-1].counts["translated"] == 0


def test_the_step_grows_until_the_points_fit():
    assert time_step(IMPORT, IMPORT + timedelta(minutes=48))[0] == timedelta(minutes=1)
    assert time_step(IMPORT, IMPORT + timedelta(minutes=49))[0] == timedelta(hours=1)
    assert time_step(IMPORT, IMPORT + timedelta(days=2))[0] == timedelta(hours=1)
    assert time_step(IMPORT, IMPORT + timedelta(days=30)) == (timedelta(days=1), "%Y-%m-%d")
    assert time_step(IMPORT, IMPORT + timedelta(days=300))[1] == "week of %Y-%m-%d"
    assert time_step(IMPORT, IMPORT + timedelta(days=3000))[0] == timedelta(days=30)


def test_weeks_start_on_monday():
    monday = floor_time(IMPORT, timedelta(weeks=1))
    assert monday == datetime(2024, 3, 4, tzinfo=UTC) and monday.weekday() == 0
    assert floor_time(IMPORT, timedelta(hours=1)) == datetime(2024, 3, 6, 9, tzinfo=UTC)


@st.composite
def histories(draw):
    """Segments of up to three imports, each with a chain of status changes that ends in its
    current status, recorded in time order."""
    imports = draw(st.lists(st.integers(0, 10**6), min_size=1, max_size=3))
    segments, changes = [], []
    for segment_id in range(draw(st.integers(1, 12))):
        imported = IMPORT + timedelta(seconds=draw(st.sampled_from(imports)))
        chain = draw(st.lists(st.sampled_from(STATUSES), min_size=1, max_size=5))
        at = imported
        for old, new in zip(chain, chain[1:], strict=False):
            at += timedelta(seconds=draw(st.integers(0, 10**7)))
            changes.append(StatusChange(segment_id, at, old, new))
        segments.append(SegmentNow(segment_id, imported, chain[-1]))
    changes.sort(key=lambda change: change.at)
    return segments, changes


@given(histories())
def test_every_point_counts_the_segments_imported_by_then_and_the_last_is_today(history):
    segments, changes = history
    points = progress_timeline(segments, changes, STATUSES)
    assert points
    # Segments join the count when their document is imported, and never leave it.
    totals = [point.total for point in points]
    assert totals == sorted(totals) and totals[-1] == len(segments)
    for point in points:
        assert set(point.counts) == set(STATUSES)
        assert min(point.counts.values()) >= 0
    assert points[-1].counts == {
        status: Counter(s.status for s in segments)[status] for status in STATUSES
    }
    # One point per step at most, plus the import shown before work in its first step.
    assert len(points) <= MAX_PROGRESS_POINTS + 2

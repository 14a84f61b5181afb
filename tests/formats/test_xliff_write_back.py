"""Trados and memoQ files as they are: Trados's segments inside a unit and its confirmation
levels read; every imported XLIFF written back into itself with only targets and states
changed, so the job can go back to the tool it came from."""

from pathlib import Path

import pytest
from lxml import etree

from review_app.formats.xliff import Translation, merge_xliff, read_xliff

GOLDEN = Path(__file__).parent / "golden" / "xliff"
TRADOS = (GOLDEN / "trados.sdlxliff").read_bytes()
SDL = "{http://sdl.com/FileTypes/SdlXliff/1.0}"


def test_a_trados_file_gives_one_segment_per_marker_with_its_confirmation_level():
    found = read_xliff(TRADOS, "Notice.sdlxliff")
    assert found.title == "Notice.docx"  # from Trados's Windows path
    assert [(s.key, s.source, s.target, s.status, s.claim) for s in found.segments] == [
        (
            "6b2e:1",
            "国家知识产权局发布通知。",
            "SIPO issued a notice.",
            "approved",
            "ApprovedSignOff",
        ),
        ("6b2e:2", "⟦1⟧全文⟦/1⟧如下。", "⟦1⟧The full text⟦/1⟧ follows.", "draft", ""),
        ("9c4d", "示范区建设", "Building the demonstration zone", "translated", ""),
        ("d00f", "三中全会", "", "draft", ""),
    ]  # the structural unit marked translate="no" is not a segment


@pytest.mark.parametrize(
    ("conf", "status"),
    [
        ("Draft", "draft"),
        ("Translated", "translated"),
        ("RejectedTranslation", "draft"),
        ("ApprovedTranslation", "approved"),
        ("RejectedSignOff", "draft"),
        ("ApprovedSignOff", "approved"),
        ("SomethingNew", "draft"),
    ],
)
def test_trados_levels_map_to_statuses_and_rejections_need_work(conf, status):
    data = TRADOS.replace(b'conf="Translated"', f'conf="{conf}"'.encode())
    segment = {s.key: s for s in read_xliff(data, "n.sdlxliff").segments}["9c4d"]
    assert segment.status == status


def _written_back(data: bytes, name: str, change) -> bytes:
    found = read_xliff(data, name)
    return merge_xliff(
        data, name, {s.key: Translation(*change(s), dict(s.codes)) for s in found.segments}
    )


def _without_work(data: bytes) -> bytes:
    """The file minus what a write-back may change: targets, states, confirmations."""
    root = etree.fromstring(data)
    for element in list(root.iter()):
        if isinstance(element.tag, str) and etree.QName(element).localname == "target":
            element.getparent().remove(element)
    for element in root.iter():
        for name in ("state", "subState", "approved", "conf", "{MQXliff}status"):
            element.attrib.pop(name, None)
    return etree.tostring(root)


@pytest.mark.parametrize("name", ["trados.sdlxliff", "tool-1.2.xlf", "tool-2.0.xlf"])
def test_writing_back_changes_targets_and_states_only(name):
    data = (GOLDEN / name).read_bytes()
    merged = _written_back(data, name, lambda s: (f"{s.target} (edited)".strip(), "translated"))
    assert _without_work(merged) == _without_work(data)
    again = read_xliff(merged, name).segments
    assert [s.key for s in again] == [s.key for s in read_xliff(data, name).segments]
    assert all(s.target.endswith("(edited)") and s.status == "translated" for s in again)


def test_trados_gets_its_own_levels_back_and_a_new_target_inside_its_marker():
    merged = _written_back(
        TRADOS, "n.sdlxliff", lambda s: (s.target or "Third Plenary Session", "approved")
    )
    root = etree.fromstring(merged)
    assert {seg.get("id"): seg.get("conf") for seg in root.iter(f"{SDL}seg")} == {
        "1": "ApprovedTranslation",
        "2": "ApprovedTranslation",
        "3": "ApprovedTranslation",
        "4": "ApprovedTranslation",
    }
    assert b'<target><mrk mtype="seg" mid="4">Third Plenary Session</mrk></target>' in merged
    assert b"state=" not in merged  # Trados keeps no XLIFF state; nothing foreign is added
    assert b'<g id="pt1">The full text</g> follows.' in merged  # its tag, with its id


def test_memoq_gets_its_status_back():
    merged = _written_back(
        (GOLDEN / "tool-1.2.xlf").read_bytes(), "job.mqxliff", lambda s: (s.target, "rejected")
    )
    root = etree.fromstring(merged)
    statuses = [u.get("{MQXliff}status") for u in root.iter("{*}trans-unit")]
    assert statuses == [None, "Rejected", "Rejected"]  # the first unit had none
    states = [u.find("{*}target").get("state") for u in root.iter("{*}trans-unit")]
    assert states == ["needs-review-translation"] * 3


def test_a_segment_the_app_does_not_hold_is_left_as_it_was():
    merged = merge_xliff(TRADOS, "n.sdlxliff", {"9c4d": Translation("Zone", "translated", {})})
    assert b"SIPO issued a notice." in merged and b">Zone</mrk>" in merged

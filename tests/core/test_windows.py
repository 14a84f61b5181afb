"""Long texts aligned a window at a time (``bitext.align_sentences(window=…)``), and the free
end that lets a window's path stop where one side runs out.

The texts are generated: meeting reports that differ in their numbers, places and dates, so
that every sentence has exactly one right counterpart; some lose their English, some have it
split in two. The windows here are tens of sentences, not thousands, so that a wrong cut
shows in a test that runs in seconds.
"""

import random

import pytest

from review_app.core.alignment import (
    AlignmentTimeout,
    _band,
    _extrapolated_end,
    _find_anchors,
    _Scorer,
    align_evidence,
)
from review_app.core.bitext import align_sentences, alignment_steps, presegmented
from review_app.core.evidence import prepare_all
from review_app.core.lexicon import Lexicon

CITIES = [
    ("北京", "Beijing"),
    ("上海", "Shanghai"),
    ("广州", "Guangzhou"),
    ("深圳", "Shenzhen"),
    ("南京", "Nanjing"),
    ("杭州", "Hangzhou"),
    ("天津", "Tianjin"),
    ("重庆", "Chongqing"),
]
EVENTS = [("会议", "meeting"), ("展览", "exhibition"), ("论坛", "forum"), ("比赛", "competition")]
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
# Added to the English of the later reports: their English is much longer than the text's
# average, so a window sized by characters gets too little or too much of it.
WORDY = " Organisers said that the event had been well received by everyone who took part in it."

Beads = list[tuple[tuple[int, ...], tuple[int, ...]]]


def meeting_reports(count: int, wordy_from: int | None = None, seed: int = 7):
    """Chinese reports, their English, and the right beads."""
    rng = random.Random(seed)
    zh: list[str] = []
    en: list[str] = []
    gold: Beads = []
    for k in range(count):
        (city_zh, city_en), (event_zh, event_en) = rng.choice(CITIES), rng.choice(EVENTS)
        month, day, people = rng.randint(1, 12), rng.randint(1, 28), rng.randint(20, 900)
        zh.append(f"第{k + 1}次{event_zh}于{month}月{day}日在{city_zh}举行，共有{people}人参加。")
        held = f"The {event_en} number {k + 1} was held in {city_en} on {MONTHS[month - 1]} {day}"
        wordy = WORDY if wordy_from is not None and k >= wordy_from else ""
        roll = rng.random()
        if roll < 0.05:  # left untranslated
            gold.append(((k,), ()))
        elif roll < 0.10:  # split in two
            gold.append(((k,), (len(en), len(en) + 1)))
            en += [f"{held}.", f"There were {people} participants.{wordy}"]
        else:
            gold.append(((k,), (len(en),)))
            en.append(f"{held}, with {people} participants.{wordy}")
    return zh, en, gold


def beads_of(zh: list[str], en: list[str], window: int) -> Beads:
    aligned = align_sentences(presegmented(zh), presegmented(en), window=window)
    return [(bead.source, bead.target) for bead in aligned.alignment.beads]


@pytest.fixture(autouse=True)
def _cedict_loaded(lexicon: Lexicon) -> None:
    """align_sentences loads CC-CEDICT itself; the session fixture makes that happen once."""


@pytest.mark.parametrize("window", [40, 60, 100])
def test_windows_find_the_same_beads_as_the_whole_text(window: int) -> None:
    zh, en, gold = meeting_reports(300)
    assert beads_of(zh, en, window=10_000) == gold
    assert beads_of(zh, en, window=window) == gold


@pytest.mark.parametrize("window", [40, 60, 100])
def test_windows_hold_where_the_english_grows_longer(window: int) -> None:
    """From report 150 on the English is twice as long: the first windows get too much
    English for their Chinese, the later ones too little."""
    zh, en, gold = meeting_reports(300, wordy_from=150)
    assert beads_of(zh, en, window=10_000) == gold
    assert beads_of(zh, en, window=window) == gold


@pytest.mark.parametrize(("count", "copies"), [(20, 10), (50, 4)])
def test_the_wide_anchor_search_takes_the_nearest_copy_of_a_pasted_text(
    lexicon: Lexicon, count: int, copies: int
) -> None:
    """Pasted several times, every sentence has an equal match in each copy within the wide
    search: the anchors must take the copy nearest where the partner is expected. Taking the
    first copy left one anchor per report, not one per copy."""
    zh, en, gold = meeting_reports(count)
    pasted = {  # every pair of sentences in a right bead (a split's two halves both count)
        (i + k * len(zh), j + k * len(en))
        for k in range(copies)
        for source, target in gold
        for i in source
        for j in target
    }
    src = prepare_all(zh * copies, [0] * (count * copies), "zh", lexicon)
    tgt = prepare_all(en * copies, [0] * (len(en) * copies), "en", lexicon)
    anchors = _find_anchors(_Scorer(src, tgt), len(src), len(tgt), None, wide=True)
    assert set(anchors) <= pasted
    assert len(anchors) >= 0.9 * len(zh) * copies


def test_the_last_windows_sentences_without_a_counterpart_are_skips() -> None:
    zh, en, gold = meeting_reports(120)
    extra = ["Back to Home", "Share this article:", "Related News"]
    beads = beads_of(zh, en + extra, window=40)
    assert beads[: len(gold)] == gold
    assert beads[len(gold) :] == [((), (len(en) + k,)) for k in range(len(extra))]


def test_windowed_progress_rises_to_the_total() -> None:
    zh, en, _ = meeting_reports(200)
    reports: list[tuple[int, int]] = []
    align_sentences(
        presegmented(zh),
        presegmented(en),
        window=50,
        progress=lambda done, total: reports.append((done, total)),
    )
    done = [d for d, _ in reports]
    assert done == sorted(done)
    assert {t for _, t in reports} == {alignment_steps(len(zh), len(en))}
    assert reports[-1][0] == reports[-1][1]
    # Reported within each window, not once per window.
    assert len(reports) > len(zh)


def test_a_windowed_alignment_stops_when_told_to() -> None:
    zh, en, _ = meeting_reports(120)
    with pytest.raises(AlignmentTimeout):
        align_sentences(presegmented(zh), presegmented(en), window=40, should_stop=lambda: True)


def test_a_free_end_leaves_the_surplus_of_one_side_out(lexicon: Lexicon) -> None:
    zh, en, gold = meeting_reports(60)
    cut = gold[40][1][0]  # the English of the first 40 reports, and the rest
    src = prepare_all(zh[:40], [0] * 40, "zh", lexicon)
    tgt = prepare_all(en, [0] * len(en), "en", lexicon)
    free = align_evidence(src, tgt, free_end=True)
    assert [(b.source, b.target) for b in free.beads] == gold[:40]
    assert sum(len(b.target) for b in free.beads) == cut
    pinned = align_evidence(src, tgt)
    assert sum(len(b.target) for b in pinned.beads) == len(en)


def test_a_free_band_follows_the_last_anchors_slope() -> None:
    anchors = [(i, 2 * i) for i in range(0, 40, 5)]  # slope 2, on a 100 x 100 grid
    assert _extrapolated_end([(0, 0), *anchors], 100, 100) == (50, 100)
    lo, hi = _band(anchors, 100, 100, width=4, free_end=True)
    assert lo[45] <= 90 <= hi[45]
    assert lo[50] <= 100 <= hi[50]
    pinned_lo, pinned_hi = _band(anchors, 100, 100, width=4)
    assert not pinned_lo[50] <= 100 <= pinned_hi[50]  # bent towards (100, 100) instead

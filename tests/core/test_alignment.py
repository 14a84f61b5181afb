"""Sentence alignment: small hand-built cases whose right answer is clear, and properties.

Beads are written as ``(source indices, target indices)``, 0-based, as in the gold files.
The sentences are written for these tests: a short news item and its faithful translation.
"""

import gc

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from review_app.core.alignment import (
    SHAPE_PENALTY,
    SKIP_PENALTY,
    Alignment,
    AlignmentTimeout,
    Bead,
    align_evidence,
    learned_weights,
)
from review_app.core.bandpath import quotation_states
from review_app.core.bitext import (
    align_paragraphs,
    align_sentences,
    alignment_steps,
    presegmented,
)
from review_app.core.evidence import (
    chinese_quotes,
    clause_ends,
    english_quotes,
    pair_matches,
    prepare_all,
    prepare_chinese,
    prepare_english,
)
from review_app.core.lexicon import Lexicon

NEWS_ZH = [
    "国务院总理李强周二在北京会见了法国总统。",
    "双方讨论了贸易和气候变化问题。",
    "会谈结束后，两国签署了多项合作协议。",
    "法国总统将于周四前往上海访问。",
]
NEWS_EN = [
    "Premier Li Qiang met the French President in Beijing on Tuesday.",
    "The two sides discussed trade and climate change.",
    "After the talks, the two countries signed several cooperation agreements.",
    "The French President will visit Shanghai on Thursday.",
]
BOILERPLATE = "Back to Home"


def beads_of(zh: list[str], en: list[str]) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    aligned = align_sentences(presegmented(zh), presegmented(en))
    return [(bead.source, bead.target) for bead in aligned.alignment.beads]


def one_one(n: int) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    return [((k,), (k,)) for k in range(n)]


@pytest.fixture(autouse=True)
def _cedict_loaded(lexicon: Lexicon) -> None:
    """align_sentences loads CC-CEDICT itself; the session fixture makes that happen once."""


# -- hand-built cases -------------------------------------------------------------------------


def test_sentences_in_the_same_order_align_one_to_one() -> None:
    assert beads_of(NEWS_ZH, NEWS_EN) == one_one(4)


def test_one_chinese_sentence_translated_as_two() -> None:
    zh = ["国务院总理李强周二在北京会见了法国总统，双方讨论了贸易和气候变化问题。", NEWS_ZH[2]]
    assert beads_of(zh, NEWS_EN[:3]) == [((0,), (0, 1)), ((1,), (2,))]


def test_two_chinese_sentences_translated_as_one() -> None:
    en = [
        "Premier Li Qiang met the French President in Beijing on Tuesday, and the two sides "
        "discussed trade and climate change.",
        NEWS_EN[2],
    ]
    assert beads_of(NEWS_ZH[:3], en) == [((0, 1), (0,)), ((2,), (1,))]


def test_one_chinese_sentence_translated_as_three() -> None:
    zh = [
        "国务院总理李强周二在北京会见了法国总统，双方讨论了贸易和气候变化问题，会谈结束后，"
        "两国签署了多项合作协议。",
        NEWS_ZH[3],
    ]
    assert beads_of(zh, NEWS_EN) == [((0,), (0, 1, 2)), ((1,), (3,))]


def test_three_chinese_sentences_translated_as_one() -> None:
    en = [
        "Premier Li Qiang met the French President in Beijing on Tuesday; the two sides discussed "
        "trade and climate change, and after the talks the two countries signed several "
        "cooperation agreements.",
        NEWS_EN[3],
    ]
    assert beads_of(NEWS_ZH, en) == [((0, 1, 2), (0,)), ((3,), (1,))]


def test_one_chinese_sentence_translated_as_four() -> None:
    zh = [
        "国务院总理李强周二在北京会见了法国总统，双方讨论了贸易和气候变化问题，会谈结束后，"
        "两国签署了多项合作协议，法国总统将于周四前往上海访问。"
    ]
    assert beads_of(zh, NEWS_EN) == [((0,), (0, 1, 2, 3))]


def test_one_chinese_sentence_translated_as_five() -> None:
    """Literary translators cut a long sentence of narrative into five: a 1-4 bead and a
    sentence left over, or pushed onto the next bead, would be two wrong beads."""
    zh = [
        "国务院总理李强周二在北京会见了法国总统，双方讨论了贸易和气候变化问题，会谈结束后，"
        "两国签署了多项合作协议，法国总统将于周四前往上海访问，并在那里会见企业家。",
        "访问将持续三天。",
    ]
    en = [*NEWS_EN, "There he will meet entrepreneurs.", "The visit will last three days."]
    assert beads_of(zh, en) == [((0,), (0, 1, 2, 3, 4)), ((1,), (5,))]


def test_sentences_split_at_different_points_on_each_side_make_one_two_two_bead() -> None:
    """The Chinese breaks before the last clause, the English after the first two: no 1-1
    pairing of the pieces translates, only the two together do."""
    zh = [
        "国务院总理李强周二在北京会见了法国总统，双方讨论了贸易和气候变化问题，会谈结束后，"
        "两国签署了多项合作协议",
        "，法国总统将于周四前往上海访问。",
    ]
    en = [
        "Premier Li Qiang met the French President in Beijing on Tuesday, and the two sides "
        "discussed trade and climate change.",
        "After the talks, the two countries signed several cooperation agreements, and the "
        "French President will visit Shanghai on Thursday.",
    ]
    assert beads_of(zh, en) == [((0, 1), (0, 1))]


def test_inserted_boilerplate_line_is_a_zero_to_one_bead() -> None:
    en = [*NEWS_EN[:2], BOILERPLATE, *NEWS_EN[2:]]
    assert beads_of(NEWS_ZH, en) == [
        ((0,), (0,)),
        ((1,), (1,)),
        ((), (2,)),
        ((2,), (3,)),
        ((3,), (4,)),
    ]


def test_boilerplate_line_before_the_article_is_a_zero_to_one_bead() -> None:
    assert beads_of(NEWS_ZH, [BOILERPLATE, *NEWS_EN]) == [
        ((), (0,)),
        ((0,), (1,)),
        ((1,), (2,)),
        ((2,), (3,)),
        ((3,), (4,)),
    ]


def test_dropped_chinese_sentence_is_a_one_to_zero_bead() -> None:
    en = [NEWS_EN[0], NEWS_EN[2], NEWS_EN[3]]
    assert beads_of(NEWS_ZH, en) == [((0,), (0,)), ((1,), ()), ((2,), (1,)), ((3,), (2,))]


def test_a_bead_that_swallows_an_untranslated_sentence_is_not_confident() -> None:
    """Whatever shape the aligner picks, boilerplate inside a bead must not look certain."""
    en = [*NEWS_EN[:2], BOILERPLATE, *NEWS_EN[2:]]
    aligned = align_sentences(presegmented(NEWS_ZH), presegmented(en))
    holding = [bead for bead in aligned.alignment.beads if 2 in bead.target]
    assert holding[0].target == (2,) or holding[0].is_low_confidence


def test_paragraphs_as_anchors_boilerplate_paragraph_is_zero_to_one() -> None:
    aligned = align_paragraphs(NEWS_ZH, [*NEWS_EN[:2], BOILERPLATE, *NEWS_EN[2:]])
    assert [(b.source, b.target) for b in aligned.alignment.beads] == [
        ((0,), (0,)),
        ((1,), (1,)),
        ((), (2,)),
        ((2,), (3,)),
        ((3,), (4,)),
    ]


def test_paragraphs_as_anchors_dropped_paragraph_is_one_to_zero() -> None:
    aligned = align_paragraphs(NEWS_ZH, [NEWS_EN[0], NEWS_EN[2], NEWS_EN[3]])
    assert [(b.source, b.target) for b in aligned.alignment.beads] == [
        ((0,), (0,)),
        ((1,), ()),
        ((2,), (1,)),
        ((3,), (2,)),
    ]


def test_a_split_in_the_middle_of_a_long_document() -> None:
    """300 sentences exercise the anchor band; one of them is translated as two."""
    topics = [("贸易", "trade"), ("气候变化", "climate change"), ("教育", "education")]
    zh = [f"第{i + 1}项议题涉及{topics[i % 3][0]}，投资{i + 3}亿元。" for i in range(300)]
    en = [
        f"Item {i + 1} concerns {topics[i % 3][1]}, with an investment of {i + 3}00 million yuan."
        for i in range(300)
    ]
    assert beads_of(zh, en) == one_one(300)
    split = [*en[:150], "Item 151 concerns education.", "It brings 15300 million yuan.", *en[151:]]
    expected = [*one_one(150), ((150,), (150, 151)), *[((k,), (k + 1,)) for k in range(151, 300)]]
    assert beads_of(zh, split) == expected


def test_a_ten_thousand_character_sentence_aligns_in_place() -> None:
    unit_zh, unit_en = "知识产权保护", "intellectual property protection "
    repeats = 10_000 // len(unit_en) + 1
    zh = [*NEWS_ZH[:2], unit_zh * repeats, *NEWS_ZH[2:]]
    en = [*NEWS_EN[:2], (unit_en * repeats)[:10_000], *NEWS_EN[2:]]
    assert beads_of(zh, en) == one_one(5)


# -- numbers, dates and names as evidence -----------------------------------------------------


@pytest.mark.parametrize(
    ("zh", "en"),
    [
        ("胡文辉", "Hu Wenhui"),
        ("谢东", "Xie Dong"),
        ("王华", "Wang Hua"),
        ("徐汇", "Xuhui"),
        ("芮文彪", "Rui Wenbiao"),
        ("袁大德", "Yuan Dade"),
    ],
    ids=lambda value: value if value.isascii() else "zh",
)
def test_a_name_matches_its_pinyin_spelling_token_for_token(
    lexicon: Lexicon, zh: str, en: str
) -> None:
    source, target = prepare_chinese(zh, 0, lexicon), prepare_english(en, 0)
    assert source.tokens and target.tokens
    assert pair_matches(source, target) == (2**source.tokens - 1, 2**target.tokens - 1)


@pytest.mark.parametrize(
    ("zh", "en"),
    [
        ("2024年7月26日", "July 26, 2024"),
        ("增长百分之五", "up 5%"),
        ("二十届三中全会", "the Third Plenary Session of the 20th Central Committee"),
        ("投资3.5亿元", "350 million yuan"),
    ],
    ids=lambda value: value if value.isascii() else "zh",
)
def test_every_number_of_a_date_or_quantity_finds_its_counterpart(
    lexicon: Lexicon, zh: str, en: str
) -> None:
    source, target = prepare_chinese(zh, 0, lexicon), prepare_english(en, 0)
    number_tokens = [
        k for k, keys in enumerate(source.token_keys) if any(key.startswith("#") for key in keys)
    ]
    assert number_tokens
    matched, _ = pair_matches(source, target)
    assert [k for k in number_tokens if not matched >> k & 1] == []


@pytest.mark.parametrize(
    ("zh", "right", "wrong"),
    [
        ("2024年7月26日。", "July 26, 2024.", "March 3, 2019."),
        ("胡文辉。", "Hu Wenhui.", "Wang Hua."),
        ("徐汇。", "Xuhui.", "Minhang."),
    ],
    ids=["date", "person", "place"],
)
def test_a_shared_date_or_name_alone_makes_a_confident_bead(
    zh: str, right: str, wrong: str
) -> None:
    (matching,) = align_sentences(presegmented([zh]), presegmented([right])).alignment.beads
    (unrelated,) = align_sentences(presegmented([zh]), presegmented([wrong])).alignment.beads
    assert not matching.is_low_confidence
    assert unrelated.is_low_confidence


@pytest.mark.parametrize(
    ("zh", "en"),
    [
        ("他走了。", "He went away."),  # an irregular past meets the gloss's "go"
        ("孩子们。", "The children."),
        ("桌布。", "The table-cloth."),  # a hyphenated word meets through its parts too
        ("他说：“好。”", "'Good,' he said."),  # British single quotes meet Chinese ones
    ],
    ids=["irregular-verb", "irregular-plural", "hyphen", "single-quotes"],
)
def test_english_forms_a_gloss_does_not_spell_still_match(
    lexicon: Lexicon, zh: str, en: str
) -> None:
    source, target = prepare_chinese(zh, 0, lexicon), prepare_english(en, 0)
    _, matched = pair_matches(source, target)
    assert matched == 2**target.tokens - 1


@pytest.mark.parametrize(
    ("text", "ends"),
    [
        ("周瑞家的认了半日，方笑道：“刘老老，你好?”", (9, 13, 18)),
        ("总收入为1,000元。", ()),
        ("He said: yes, and left.", (7, 11)),
        ("", ()),
    ],
)
def test_clause_ends_count_characters_without_spaces_up_to_the_quotation_closing_them(
    text: str, ends: tuple[int, ...]
) -> None:
    assert clause_ends(text) == ends


def test_a_short_sentence_goes_with_the_chinese_clause_it_translates() -> None:
    """'How nice.' matches nothing and is short enough for either neighbour by length; the
    cut before it falls where the first sentence's last clause (真好) begins, and the second
    sentence has no clause to be cut at."""
    zh = [
        "国务院总理李强周二在北京会见了法国总统，真好。",
        "双方讨论了贸易和气候变化问题直到深夜才结束。",
    ]
    en = [
        "Premier Li Qiang met the French President in Beijing on Tuesday.",
        "How nice.",
        "The two sides discussed trade and climate change late into the night.",
    ]
    assert beads_of(zh, en) == [((0,), (0, 1)), ((1,), (2,))]


def test_an_apostrophe_inside_a_word_is_no_quotation() -> None:
    assert '!"' not in prepare_english("He's here, isn't he?", 0).keys


def test_names_and_a_date_decide_a_split() -> None:
    """Nothing but two names and a date: the names go together, the date on its own."""
    beads = beads_of(
        ["胡文辉、王华。", "2024年7月26日。"], ["Hu Wenhui.", "Wang Hua.", "July 26, 2024."]
    )
    assert beads == [((0,), (0, 1)), ((1,), (2,))]


# Sentences of made-up words: nothing but their quotation marks, lengths and clauses to go by.
# The Chinese sentence the English cuts in two has a clause to cut at, as a real one would.
UNKNOWN_EN = ['"Zorbly quaxed the flimber."', '"Vorp.', 'Grelly snaffed the wumble."']


@pytest.mark.parametrize(
    ("zh", "expected"),
    [
        # Two quotations in Chinese: the second English quotation, opened and closed across two
        # sentences, is the second Chinese one.
        (["“鋈鋆鋇鋊鋋鋌鋍鋎。”", "“鋏鋐，鋑鋒鋓鋔鋕鋖。”"], [((0,), (0,)), ((1,), (1, 2))]),
        # One quotation over both Chinese sentences: the break inside it goes where the
        # English is inside a quotation too.
        (["“鋈鋆鋇鋊鋋鋌，鋍鋎。", "鋏鋐鋑鋒鋓鋔鋕鋖。”"], [((0,), (0, 1)), ((1,), (2,))]),
    ],
)
def test_a_bead_does_not_end_inside_a_quotation_on_one_side_only(zh, expected) -> None:
    assert beads_of(zh, UNKNOWN_EN) == expected


@pytest.mark.parametrize(
    ("text", "marks"),
    [
        ("'Bless you!' said Grannie Liu.", "()"),
        ("'It's all right.", "("),
        ("There is no need to tell me.'", ")"),
        ('He said "no" twice.', "()"),
        ("“Come,” she said, “now.”", "()()"),
        ("‘Hi,’ she said.", "()"),
        ("Trinket recalled Whiskers' fight.", ""),  # a plural's apostrophe
    ],
)
def test_english_quotation_marks_open_and_close(text: str, marks: str) -> None:
    assert english_quotes(text) == marks


def test_chinese_quotation_marks_open_and_close() -> None:
    assert chinese_quotes("他说：“好。”「对」『是』") == "()()()"
    assert chinese_quotes("没有引号。") == ""


@pytest.mark.parametrize(
    ("quotes", "states"),
    [
        ([], [False]),
        (["()", "", "()"], [False, False, False, False]),
        (["(", ")"], [False, True, False]),  # one quotation over two sentences
        (["(", "", ")"], [False, True, True, False]),  # a sentence inside a quotation
        ([")", "", ""], [False, False, False, False]),  # a stray close flips nothing after it
        (["((", ")"], [False, True, False]),
    ],
)
def test_quotation_state_at_each_corner(quotes: list[str], states: list[bool]) -> None:
    assert quotation_states(quotes) == states


def _guide(shapes: dict[tuple[int, int], int]) -> Alignment:
    beads = []
    for (a, b), count in shapes.items():
        beads += [Bead(tuple(range(a)), tuple(range(b)), 0.9)] * count
    return Alignment(tuple(beads))


def test_shape_penalties_follow_the_shapes_a_first_pass_found() -> None:
    literary = learned_weights(_guide({(1, 1): 300, (1, 2): 150, (1, 3): 40, (0, 1): 5}))
    literal = learned_weights(_guide({(1, 1): 500, (1, 2): 5}))
    assert literary.shape_penalty[(1, 1)] == literal.shape_penalty[(1, 1)] == 0.0
    assert literary.shape_penalty[(1, 2)] < SHAPE_PENALTY[(1, 2)] < literal.shape_penalty[(1, 2)]
    assert literary.shape_penalty[(1, 3)] < literal.shape_penalty[(1, 3)]
    assert all(penalty >= 0.0 for penalty in literary.shape_penalty.values())


def test_skips_cost_more_where_a_first_pass_left_nothing_out() -> None:
    literary = learned_weights(_guide({(1, 1): 400, (1, 2): 100}))
    web_draft = learned_weights(_guide({(1, 1): 400, (0, 1): 40, (1, 0): 20}))
    assert literary.skip_penalty > web_draft.skip_penalty == SKIP_PENALTY
    assert literary.unmatched_skip_penalty > web_draft.unmatched_skip_penalty


def test_english_with_no_chinese_costs_more_where_a_first_pass_found_none() -> None:
    """A literary translator's extra sentence belongs with a neighbour; a web draft's
    captions and credits stand alone."""
    literary = learned_weights(_guide({(1, 1): 400, (1, 2): 100, (1, 0): 5}))
    web_draft = learned_weights(_guide({(1, 1): 400, (0, 1): 40}))
    assert literary.addition_penalty > 0.0 == web_draft.addition_penalty
    few = learned_weights(_guide({(1, 1): 400, (1, 2): 100, (0, 1): 5}))
    assert literary.addition_penalty > few.addition_penalty > 0.0


def test_a_short_first_pass_keeps_the_shape_penalties_near_their_priors() -> None:
    learned = learned_weights(_guide({(1, 1): 3}))
    for shape, penalty in SHAPE_PENALTY.items():
        assert learned.shape_penalty[shape] == pytest.approx(penalty, abs=0.1)


# -- align_evidence directly ------------------------------------------------------------------


def test_align_evidence_on_prepared_sentences(lexicon: Lexicon) -> None:
    source = prepare_all(NEWS_ZH, [0, 0, 1, 1], "zh", lexicon)
    target = prepare_all(NEWS_EN, [0, 0, 1, 1], "en", lexicon)
    alignment = align_evidence(source, target)
    assert [(b.source, b.target) for b in alignment.beads] == one_one(4)
    assert alignment.shape_counts() == {"1-1": 4}
    assert alignment.low_confidence_count == 0


@pytest.mark.parametrize(("n", "m"), [(0, 3), (3, 0), (0, 0)])
def test_empty_side_gives_only_skip_beads(lexicon: Lexicon, n: int, m: int) -> None:
    source = prepare_all(NEWS_ZH[:n], [0] * n, "zh", lexicon)
    target = prepare_all(NEWS_EN[:m], [0] * m, "en", lexicon)
    beads = align_evidence(source, target).beads
    assert [(b.source, b.target) for b in beads] == [((i,), ()) for i in range(n)] + [
        ((), (j,)) for j in range(m)
    ]
    assert all(0.0 <= b.confidence <= 1.0 for b in beads)


# -- properties -------------------------------------------------------------------------------

ZH_POOL = [
    *NEWS_ZH,
    "2024年7月26日。",
    "胡文辉出席。",
    "好。",
    "他说：“走吧。”",
    "知识产权保护示范区建设取得3.5亿元投资。",
    "",
]
EN_POOL = [
    *NEWS_EN,
    BOILERPLATE,
    "July 26, 2024.",
    "Hu Wenhui attended.",
    "OK.",
    "The end!",
    "",
]


def check_beads(beads, n: int, m: int) -> None:
    assert [i for bead in beads for i in bead.source] == list(range(n))
    assert [j for bead in beads for j in bead.target] == list(range(m))
    for bead in beads:
        assert bead.source or bead.target
        assert 0.0 <= bead.confidence <= 1.0
        # Consecutive indices: a bead is a block, never a selection.
        for side in (bead.source, bead.target):
            assert list(side) == list(range(side[0], side[0] + len(side))) if side else True


@settings(max_examples=60, deadline=None, derandomize=True)
@given(
    zh=st.lists(st.sampled_from(ZH_POOL), max_size=12),
    en=st.lists(st.sampled_from(EN_POOL), max_size=12),
)
def test_beads_cover_every_sentence_once_in_order(zh: list[str], en: list[str]) -> None:
    aligned = align_sentences(presegmented(zh), presegmented(en))
    check_beads(aligned.alignment.beads, len(zh), len(en))
    if not zh or not en:
        assert all(not b.source or not b.target for b in aligned.alignment.beads)


@settings(max_examples=25, deadline=None, derandomize=True)
@given(
    zh=st.lists(st.sampled_from(ZH_POOL), min_size=1, max_size=6),
    en=st.lists(st.sampled_from(EN_POOL), min_size=1, max_size=6),
)
def test_alignment_is_deterministic(zh: list[str], en: list[str]) -> None:
    assert beads_of(zh, en) == beads_of(list(zh), list(en))


@settings(max_examples=10, deadline=None, derandomize=True)
@given(n=st.integers(0, 120), m=st.integers(1, 160))
def test_very_different_lengths_still_cover_both_sides(n: int, m: int) -> None:
    zh = [ZH_POOL[k % len(ZH_POOL)] for k in range(n)]
    en = [EN_POOL[k % len(EN_POOL)] for k in range(m)]
    aligned = align_sentences(presegmented(zh), presegmented(en))
    check_beads(aligned.alignment.beads, n, m)


def test_alignment_does_not_depend_on_string_hashing(tmp_path) -> None:
    """Set iteration order changes with PYTHONHASHSEED; ties must not decide the beads."""
    import json
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    zh = root / "translations" / "cantoop-ip-conference.zh.txt"
    en = root / "translations" / "cantoop-ip-conference.en.txt"
    outputs = []
    for seed in ("1", "2"):
        result = subprocess.run(
            [sys.executable, "-m", "review_app.cli", "align", str(zh), str(en), "--format", "json"],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
            cwd=tmp_path,
        )
        outputs.append(json.loads(result.stdout)["beads"])
    assert outputs[0] == outputs[1]


class _StopAfter:
    """A ``should_stop`` that says stop from its ``calls``-th question on, counting them."""

    def __init__(self, calls: int) -> None:
        self.calls, self.asked = calls, 0

    def __call__(self) -> bool:
        self.asked += 1
        return self.asked >= self.calls


def test_alignment_stops_when_told_to() -> None:
    src = presegmented(NEWS_ZH * 5)
    tgt = presegmented(NEWS_EN * 5)
    with pytest.raises(AlignmentTimeout):
        align_sentences(src, tgt, should_stop=lambda: True)
    never = _StopAfter(10**9)
    assert align_sentences(src, tgt, should_stop=never) == align_sentences(src, tgt)
    # Asked at each stage and in the outer loops, so a stop comes quickly from anywhere.
    assert never.asked > 2 * len(src)
    for calls in (1, 3, len(src), never.asked):
        with pytest.raises(AlignmentTimeout):
            align_sentences(src, tgt, should_stop=_StopAfter(calls))


def test_the_garbage_collector_rests_during_an_alignment_and_comes_back_after_it() -> None:
    src, tgt = presegmented(NEWS_ZH * 5), presegmented(NEWS_EN * 5)
    seen: list[bool] = []

    def ask() -> bool:
        seen.append(gc.isenabled())
        return len(seen) > 30

    with pytest.raises(AlignmentTimeout):
        align_sentences(src, tgt, should_stop=ask)
    assert seen and not any(seen)
    assert gc.isenabled()  # back on, though the alignment was stopped
    gc.disable()  # a caller that turned it off keeps it off
    try:
        align_sentences(src, tgt)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_align_evidence_stops_in_its_passes(lexicon: Lexicon) -> None:
    src = prepare_all(NEWS_ZH * 5, [0] * 20, "zh", lexicon)
    tgt = prepare_all(NEWS_EN * 5, [0] * 20, "en", lexicon)
    with pytest.raises(AlignmentTimeout):
        align_evidence(src, tgt, should_stop=lambda: True)


def test_progress_is_reported_in_order_up_to_the_total() -> None:
    reports: list[tuple[int, int]] = []
    src, tgt = presegmented(NEWS_ZH * 60), presegmented(NEWS_EN * 60)
    aligned = align_sentences(src, tgt, progress=lambda done, total: reports.append((done, total)))
    assert aligned == align_sentences(src, tgt)  # reporting changes nothing
    done = [d for d, _ in reports]
    assert done == sorted(done) and len(reports) > len(src)
    assert {t for _, t in reports} == {alignment_steps(len(src), len(tgt))}
    assert reports[-1][0] == reports[-1][1]


def test_the_core_reports_progress_without_a_user_interface() -> None:
    from pathlib import Path

    import review_app.core

    core = Path(review_app.core.__file__).parent
    sources = {path.name: path.read_text(encoding="utf-8") for path in core.rglob("*.py")}
    assert not [name for name, text in sources.items() if "import click" in text]


def test_free_translation_needs_longer_unmatched_sentences_to_skip_cheaply() -> None:
    """At a literal match rate two unmatched tokens look untranslated; at a literary one a
    translated sentence often matches nothing in three, so it takes more."""
    from review_app.core.alignment import _unmatched_skip_tokens

    literal, literary = _unmatched_skip_tokens(0.55), _unmatched_skip_tokens(0.33)
    assert literal == 2
    assert literary > literal
    assert (1 - 0.33) ** literary < 0.3 <= (1 - 0.33) ** (literary - 1)

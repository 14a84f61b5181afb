"""Word pairs learned from the document itself, for the aligner's second pass."""

from review_app.core.alignment import Bead
from review_app.core.evidence import prepare_all, with_learned_stems
from review_app.core.lexicon import Lexicon
from review_app.core.wordpairs import learn_translation_model, learn_word_pairs

SOURCE = ["老王去了集市。", "老王买了苹果。", "天气很好。", "老王回家了。"]
TARGET = [
    "Old Wang went to the market.",
    "Old Wang bought apples.",
    "The weather was fine.",
    "Old Wang went home.",
]


def beads(confidence: float) -> list[Bead]:
    return [Bead((k,), (k,), confidence) for k in range(len(SOURCE))]


def test_a_word_that_keeps_company_with_a_stem_is_learned(lexicon: Lexicon) -> None:
    learned = learn_word_pairs(SOURCE, TARGET, beads(0.9), lexicon)
    # The dictionary segments 老王 as 老 + 王 and knows 王 only as "king".
    assert "wang" in learned["王"]
    # 天气 ~ weather is in the dictionary already; 了 is a function word.
    assert "天气" not in learned
    assert "了" not in learned


def test_unconfident_beads_teach_nothing(lexicon: Lexicon) -> None:
    assert learn_word_pairs(SOURCE, TARGET, beads(0.2), lexicon) == {}


def test_many_sentence_beads_teach_nothing(lexicon: Lexicon) -> None:
    merged = [Bead((0, 1), (0, 1), 0.9), Bead((2, 3), (2, 3), 0.9)]
    assert learn_word_pairs(SOURCE, TARGET, merged, lexicon) == {}


def test_learned_stems_become_glosses(lexicon: Lexicon) -> None:
    richer = lexicon.with_stems({"老王": {"wang"}})
    assert "wang" in richer.glosses("老王")
    assert "wang" not in lexicon.glosses("老王")


def test_the_translation_model_scores_a_right_pair_above_a_wrong_one(lexicon: Lexicon) -> None:
    src = prepare_all(SOURCE, [0] * len(SOURCE), "zh", lexicon)
    tgt = prepare_all(TARGET, [0] * len(TARGET), "en", lexicon)
    model = learn_translation_model(src, tgt, beads(0.9))
    assert model is not None
    for k in range(len(SOURCE)):
        right = model.pair_score(k, k)
        assert right > 0
        assert all(right > model.pair_score(k, other) for other in range(len(TARGET)) if other != k)


def test_the_translation_model_needs_a_bead_that_pairs_something(lexicon: Lexicon) -> None:
    src = prepare_all(SOURCE, [0] * len(SOURCE), "zh", lexicon)
    tgt = prepare_all(TARGET, [0] * len(TARGET), "en", lexicon)
    skips = [Bead((k,), (), 0.3) for k in range(len(SOURCE))]
    assert learn_translation_model(src, tgt, skips) is None


def test_learned_stems_join_the_evidence_of_the_words_that_carry_them(lexicon: Lexicon) -> None:
    (before,) = prepare_all(["老王回家了。"], [0], "zh", lexicon)
    after = with_learned_stems(before, {"王": {"wang"}})
    assert after.words == before.words
    assert "wang" in after.token_keys[before.words.index("王")]
    assert after.key_bits["wang"] == 1 << before.words.index("王")
    assert with_learned_stems(before, {"天气": {"weather"}}) is before

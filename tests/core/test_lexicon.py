"""The CC-CEDICT lexicon, the English stemmer and pinyin keys, as alignment evidence uses them."""

import pytest

from review_app.core.lexicon import (
    Lexicon,
    english_content_stems,
    english_name_keys,
    hyphen_part_stems,
    latin_tokens_in_chinese,
    pinyin_keys,
    stem,
)

# Word forms that must meet at one stem: a gloss says "to protect", the draft "protection".
SAME_STEM = [
    ("protection", "protect", "protected", "protecting", "protects"),
    ("studies", "studied", "study", "studying"),
    ("zones", "zone"),
    ("achievements", "achievement"),
    ("running", "run", "runs"),  # the stemmer's own comment promises running -> run
    ("innovation", "innovate", "innovates"),
    ("implementation", "implement", "implemented"),
    ("go", "went", "gone", "goes"),  # irregular forms meet the gloss's base form
    ("buy", "bought", "buys"),
    ("child", "children"),
    ("run", "ran"),
]


@pytest.mark.parametrize("forms", SAME_STEM, ids=[forms[0] for forms in SAME_STEM])
def test_word_forms_meet_at_one_stem(forms: tuple[str, ...]) -> None:
    assert {form: stem(form) for form in forms} == {form: stem(forms[0]) for form in forms}


@pytest.mark.parametrize(
    ("a", "b"), [("protect", "project"), ("study", "student"), ("zone", "zero")]
)
def test_different_words_keep_different_stems(a: str, b: str) -> None:
    assert stem(a) != stem(b)


def test_content_stems_ignore_stopwords_case_and_digits() -> None:
    assert english_content_stems("Protecting the Studies of 2024") == english_content_stems(
        "protection of a study"
    )
    assert english_content_stems("the of and to it is") == []


def test_segment_prefers_the_longest_dictionary_word(lexicon: Lexicon) -> None:
    assert lexicon.segment("上海市知识产权保护") == ["上海市", "知识产权", "保护"]


def test_segment_skips_what_is_not_han(lexicon: Lexicon) -> None:
    assert lexicon.segment("2024年，CANTOOP参加知识产权大会。") == [
        "年",
        "参加",
        "知识产权",
        "大会",
    ]


def test_glosses_of_a_dictionary_word(lexicon: Lexicon) -> None:
    assert {stem("intellectual"), stem("property")} <= lexicon.glosses("知识产权")
    assert stem("protection") in lexicon.glosses("保护")


def test_with_terms_adds_a_glossary_term_as_one_word(lexicon: Lexicon) -> None:
    text = "建设知识产权保护示范区"
    assert "示范区" not in lexicon.segment(text)  # CC-CEDICT alone cuts it: 示范 / 区
    extended = lexicon.with_terms([("示范区", "demonstration zone")])
    assert extended.segment(text) == ["建设", "知识产权", "保护", "示范区"]
    assert {stem("demonstration"), stem("zone")} <= extended.glosses("示范区")
    # The base lexicon is shared by every alignment in the process: it must not change.
    assert "示范区" not in lexicon.segment(text)
    assert not lexicon.knows("示范区")


def test_with_terms_handles_terms_longer_than_any_dictionary_word(lexicon: Lexicon) -> None:
    association = "上海市知识产权服务行业协会"
    extended = lexicon.with_terms(
        [(association, "Shanghai Intellectual Property Service Industry Association")]
    )
    assert extended.segment(f"作为{association}理事单位") == ["作为", association, "理事", "单位"]


def test_with_terms_keeps_latin_renderings(lexicon: Lexicon) -> None:
    extended = lexicon.with_terms([("堪途", "CANTOOP")])
    assert "cantoop" in extended.glosses("堪途")


def test_pinyin_keys_of_a_three_syllable_name() -> None:
    assert {"huwenhui", "hu", "wenhui"} <= pinyin_keys("胡文辉")


@pytest.mark.parametrize(("name", "key"), [("徐汇", "xuhui"), ("谢东", "xiedong"), ("吕", "lu")])
def test_pinyin_keys_join_syllables_without_tones(name: str, key: str) -> None:
    assert key in pinyin_keys(name)


def test_latin_tokens_written_in_chinese() -> None:
    assert latin_tokens_in_chinese("堪途（CANTOOP）举办AI大会。") == ["cantoop", "ai"]


def test_english_name_keys_are_capitalised_words() -> None:
    keys = english_name_keys("Hu Wenhui met Xi Jinping in the city.")
    assert {"hu", "wenhui", "xi", "jinping"} <= keys
    assert "city" not in keys


def test_a_hyphenated_word_offers_its_parts() -> None:
    assert hyphen_part_stems("table-cloth") == {stem("table"), stem("cloth"), stem("tablecloth")}
    assert hyphen_part_stems("well-known") == {stem("known"), stem("wellknown")}
    assert hyphen_part_stems("table") == set()

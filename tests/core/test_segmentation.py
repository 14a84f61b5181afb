"""Sentence segmentation: where Chinese and English paragraphs are cut, and what is never lost.

Expected pieces are written by hand. Each piece is a sentence plus the whitespace after it, so
the tables show trailing spaces on purpose.
"""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from review_app.core.segmentation import Sentence, segment_paragraphs, split_sentences

ZH_CASES = [
    ("each terminator", "第一句。第二句！第三句？", ["第一句。", "第二句！", "第三句？"]),
    ("closing quote stays", "他说：“走吧。”然后他走了。", ["他说：“走吧。”", "然后他走了。"]),
    (
        "closing bracket stays",
        "会议结束（详见附件。）随后散会。",
        ["会议结束（详见附件。）", "随后散会。"],
    ),
    (
        "no split inside book title",
        "我读了《你好！世界。》这本书。很好！",
        ["我读了《你好！世界。》这本书。", "很好！"],
    ),
    ("decimal point 3.5yi", "投资3.5亿元。增长百分之五。", ["投资3.5亿元。", "增长百分之五。"]),
    ("full-width decimal", "增长１２．５％。其后回落。", ["增长１２．５％。", "其后回落。"]),
    ("ellipsis", "他来了……我们走吧。", ["他来了……", "我们走吧。"]),
    ("run of terminators", "真的吗？！是的。", ["真的吗？！", "是的。"]),
    ("ASCII question mark", "真的吗?是的。", ["真的吗?", "是的。"]),
    ("ideographic space", "第一句。\u3000第二句。", ["第一句。\u3000", "第二句。"]),
    ("NBSP", "第一句。\u00a0第二句。", ["第一句。\u00a0", "第二句。"]),
    ("indent", "\u3000\u3000第一句。第二句。", ["\u3000\u3000第一句。", "第二句。"]),
    ("commas and dates", "2024年7月26日，大会召开。", ["2024年7月26日，大会召开。"]),
    ("no terminator", "公司新闻 | 堪途（CANTOOP）参加大会", ["公司新闻 | 堪途（CANTOOP）参加大会"]),
]

EN_CASES = [
    (
        "Co., Ltd. before a lowercase verb",
        "CANTOOP IP Service (Shanghai) Co., Ltd. will take this opportunity. It grows.",
        ["CANTOOP IP Service (Shanghai) Co., Ltd. will take this opportunity. ", "It grows."],
    ),
    (
        "Mr. before a name",
        "Mr. Yuan Dade, President of the company, spoke. He left.",
        ["Mr. Yuan Dade, President of the company, spoke. ", "He left."],
    ),
    ("No. 5", "See No. 5 on the list. Done.", ["See No. 5 on the list. ", "Done."]),
    ("U.S.", "The U.S. economy grew. It did.", ["The U.S. economy grew. ", "It did."]),
    ("decimal", "Growth was 3.5 percent. Good.", ["Growth was 3.5 percent. ", "Good."]),
    ("initials", "J. R. R. Tolkien wrote it. Yes.", ["J. R. R. Tolkien wrote it. ", "Yes."]),
    ("! and ?", "Is it? Yes! Fine.", ["Is it? ", "Yes! ", "Fine."]),
    (
        "NBSPs inside and between sentences are kept",
        "On\u00a0July\u00a026, 2024, it opened.\u00a0The\u00a0conference ended.",
        ["On\u00a0July\u00a026, 2024, it opened.\u00a0", "The\u00a0conference ended."],
    ),
    (
        "full-width space after a full stop",
        "It grew.\u3000Next one.",
        ["It grew.\u3000", "Next one."],
    ),
    ("no punctuation", "Back to Home", ["Back to Home"]),
]


@pytest.mark.parametrize(
    ("paragraph", "expected"), [c[1:] for c in ZH_CASES], ids=[c[0] for c in ZH_CASES]
)
def test_chinese_sentences(paragraph: str, expected: list[str]) -> None:
    assert split_sentences(paragraph, "zh") == expected


@pytest.mark.parametrize(
    ("paragraph", "expected"), [c[1:] for c in EN_CASES], ids=[c[0] for c in EN_CASES]
)
def test_english_sentences(paragraph: str, expected: list[str]) -> None:
    assert split_sentences(paragraph, "en") == expected


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_empty_paragraph_has_no_sentences(lang: str) -> None:
    assert split_sentences("", lang) == []


def test_unknown_language_is_refused() -> None:
    with pytest.raises(ValueError, match="'fr'"):
        split_sentences("Bonjour.", "fr")


def test_segment_paragraphs_numbers_paragraphs_and_drops_blank_ones() -> None:
    sentences = segment_paragraphs(["第一句。第二句。", "\u3000 ", "第三句。"], "zh")
    assert sentences == [
        Sentence("第一句。", 0),
        Sentence("第二句。", 0),
        Sentence("第三句。", 2),
    ]
    assert [s.stripped for s in segment_paragraphs(["  Hi there. Bye. "], "en")] == [
        "Hi there.",
        "Bye.",
    ]


# -- properties -------------------------------------------------------------------------------

# Han, Chinese terminators and closers, book-title marks, ASCII letters and terminators, and the
# space-like characters that machine-translated copy is full of.
ALPHABET = "中文知识产权。！？…”》《“（）abcXYZ.!?,5 \u00a0\u3000"


@settings(max_examples=300, deadline=None)
@given(paragraph=st.text(alphabet=ALPHABET, max_size=80), lang=st.sampled_from(["zh", "en"]))
def test_joining_the_sentences_gives_back_the_paragraph(paragraph: str, lang: str) -> None:
    pieces = split_sentences(paragraph, lang)
    assert "".join(pieces) == paragraph
    if paragraph.strip():
        # Whitespace never stands alone: it travels with a sentence.
        assert all(piece.strip() for piece in pieces)


@settings(max_examples=200, deadline=None)
@given(paragraph=st.text(max_size=60), lang=st.sampled_from(["zh", "en"]))
def test_round_trip_holds_for_any_unicode(paragraph: str, lang: str) -> None:
    assert "".join(split_sentences(paragraph, lang)) == paragraph


def _long_run(unit: str, length: int = 10_000) -> str:
    return (unit * (length // len(unit) + 1))[:length].rstrip()


@pytest.mark.parametrize(
    ("lang", "paragraph"),
    [
        ("zh", _long_run("知识产权保护示范区建设")),
        ("en", _long_run("intellectual property protection demonstration zone ")),
        ("en", "x" * 10_000),
    ],
    ids=["zh-words", "en-words", "en-one-token"],
)
def test_ten_thousand_characters_without_punctuation_are_one_sentence(
    lang: str, paragraph: str
) -> None:
    assert len(paragraph) >= 9_990
    pieces = split_sentences(paragraph, lang)
    assert "".join(pieces) == paragraph
    # Compared by length so that a failure shows where the sentence was cut.
    assert [len(piece) for piece in pieces] == [len(paragraph)]

"""Numbers as values: each row is text, the values found in it (as comparison keys), in order.

A key is the number's canonical form (``Number.key``): the value without trailing zeros,
with ``%`` for percentages, so 5% and 百分之五 give the same key.
"""

from decimal import Decimal

import pytest

from review_app.core.numbers import (
    find_numbers_en,
    find_numbers_zh,
    parse_chinese_numeral,
)

ZH_CASES = [
    ("3.5万", ["35000"]),
    ("3.5亿", ["350000000"]),
    ("投资3.5亿元", ["350000000"]),
    ("3.5万亿", ["3500000000000"]),
    ("百分之五", ["5%"]),
    ("百分之五十", ["50%"]),
    ("百分之三点五", ["3.5%"]),
    ("增长5%", ["5%"]),
    ("第二十届", ["20"]),
    ("二十届三中全会", ["20", "3"]),
    ("二〇二四年", ["2024"]),
    ("“十四五”规划", ["14", "5"]),
    ("一万二千", ["12000"]),
    ("三千五百万", ["35000000"]),
    ("三点五", ["3.5"]),
    ("零点五", ["0.5"]),
    ("十一", ["11"]),
    ("两千", ["2000"]),
    ("五十六个民族", ["56"]),
    ("一百零五", ["105"]),
    ("两千零二十四年", ["2024"]),
    ("一亿两千万", ["120000000"]),
    ("２０２４年", ["2024"]),
    ("１２．５％", ["12.5%"]),
    ("1,234.5万", ["12345000"]),
    ("2024年7月26日", ["2024", "7", "26"]),
    ("没有数字的句子", []),
]

EN_CASES = [
    ("350 million", ["350000000"]),
    ("3.5 billion", ["3500000000"]),
    ("the 20th Central Committee", ["20"]),
    ("5%", ["5%"]),
    ("2.5%", ["2.5%"]),
    ("5 percent", ["5%"]),
    ("1,234.5", ["1234.5"]),
    ("July 26, 2024", ["26", "2024"]),
    ("the 14th Five-Year Plan", ["14", "5"]),
    ("three strategic directions", ["3"]),
    ("version v1.2.3", []),
    ("no numbers here", []),
]


def _case_id(case: tuple[str, list[str]]) -> str:
    """Test ids in ASCII (pytest escapes Chinese): the expected keys, or the text if ASCII."""
    text, keys = case
    return text if text.isascii() else "=" + ",".join(keys) if keys else "none"


@pytest.mark.parametrize(("text", "keys"), ZH_CASES, ids=[_case_id(c) for c in ZH_CASES])
def test_numbers_in_chinese(text: str, keys: list[str]) -> None:
    assert [n.key for n in find_numbers_zh(text)] == keys


@pytest.mark.parametrize(("text", "keys"), EN_CASES, ids=[c[0] for c in EN_CASES])
def test_numbers_in_english(text: str, keys: list[str]) -> None:
    assert [n.key for n in find_numbers_en(text)] == keys


@pytest.mark.parametrize(
    ("zh", "en"),
    [
        ("投资3.5亿元", "an investment of 350 million yuan"),
        ("增长百分之五", "growth of 5%"),
        ("第二十届", "the 20th"),
        ("二〇二四年", "in 2024"),
    ],
)
def test_the_same_quantity_gives_the_same_key_in_both_languages(zh: str, en: str) -> None:
    assert [n.key for n in find_numbers_zh(zh)] == [n.key for n in find_numbers_en(en)]


def test_spans_point_at_the_number_in_the_original_text() -> None:
    text = "会议于二〇二四年举行，投资３．５亿元。"
    spans = [text[n.start : n.end] for n in find_numbers_zh(text)]
    assert spans == ["二〇二四", "３．５亿"]
    english = "It drew 350 million yuan, up 5 percent."
    assert [english[n.start : n.end] for n in find_numbers_en(english)] == [
        "350 million",
        "5 percent",
    ]


@pytest.mark.parametrize(
    ("numeral", "value"),
    [
        ("二十", 20),
        ("三千五百", 3500),
        ("一万二千", 12000),
        ("二〇二四", 2024),
        ("十", 10),
        ("三点五", Decimal("3.5")),
        ("一百零五", 105),
    ],
)
def test_parse_chinese_numeral(numeral: str, value: int | Decimal) -> None:
    assert parse_chinese_numeral(numeral) == value


@pytest.mark.parametrize("text", ["", "三点", "知识"])
def test_parse_chinese_numeral_refuses_what_is_not_a_numeral(text: str) -> None:
    assert parse_chinese_numeral(text) is None

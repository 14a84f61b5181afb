"""Quantities as values: what the number check compares."""

from decimal import Decimal

import pytest

from review_app.core.quantities import (
    dates_zh,
    list_markers_zh,
    months_en,
    quantities_en,
    quantities_zh,
)


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("3.5亿元", ["350000000"]),
        ("3.5万人", ["35000"]),
        ("百分之五", ["5"]),
        ("增长5%", ["5"]),
        ("党的二十届三中全会", ["20"]),
        ("第二十届", ["20"]),
        ("四个方面", ["4"]),
        ("“十四五”规划", ["14"]),
        ("一百万倍", ["1000000"]),
        ("超过十万年", ["100000"]),
        ("６公里", ["6"]),
        ("两个", ["2"]),
        ("二〇二四年", ["2024"]),
        ("一些人一起统一行动", []),
        ("十分重要", []),
        ("三中全会", []),
        ("七八个人", []),
        ("数十年", []),
        ("几千年", []),
        ("千万不要", []),
        ("一是强化示范引领；二是聚焦产业发展", []),
        ("2024年7月26日", []),
        ("G20峰会", ["20"]),
    ],
)
def test_chinese_quantities(text, values):
    assert [str(q.value.normalize()) if q.value % 1 else str(int(q.value)) for q in
            quantities_zh(text)] == values  # fmt: skip


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("2024年7月26日", (2024, 7, 26)),
        ("二〇二四年七月二十六日", (2024, 7, 26)),
        ("7月26号", (None, 7, 26)),
        ("2024年7月", (2024, 7, None)),
        ("十二月", (None, 12, None)),
    ],
)
def test_chinese_dates(text, date):
    (found,) = dates_zh(text)
    assert (found.year, found.month, found.day) == date


def test_a_bare_year_is_a_number_not_a_date():
    assert dates_zh("2024年") == []


def test_list_markers():
    text = "四个方面：一是强化示范引领；二是聚焦产业发展；三是服务企业需求。唯一是"
    assert [m.ordinal for m in list_markers_zh(text)] == [1, 2, 3]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("350 million", 350_000_000),
        ("0.35 billion", 350_000_000),
        ("35,000", 35_000),
        ("a million times", 1_000_000),
        ("one million", 1_000_000),
        ("forty thousand", 40_000),
        ("twenty-five", 25),
        ("three hundred and five", 305),
        ("the 20th", 20),
        ("the twentieth", 20),
        ("5 percent", 5),
        ("both sides", 2),
        ("twice", 2),
        ("a decade", 10),
        ("five and six", 6),
    ],
)
def test_english_values(text, value):
    assert Decimal(value) in quantities_en(text).values


def test_english_months():
    assert months_en("On July 26, 2024 and 3 Sept.") == {7, 9}

"""numbers: values, not strings."""

import pytest

GOOD = [
    ("2024年7月26日，大会召开", "On July 26, 2024, the conference opened"),
    ("2024年7月26日，大会召开", "On 26 July 2024, the conference opened"),
    ("2024年7月26日", "On\u00a0July\u00a026, 2024"),
    ("二〇二四年七月二十六日", "26 Jul. 2024"),
    ("投资3.5亿元", "an investment of 350 million yuan"),
    ("投资3.5亿元", "an investment of RMB 0.35 billion"),
    ("3.5万人参加", "35,000 people took part"),
    ("增长百分之五", "grew by 5%"),
    ("增长百分之五", "grew by five percent"),
    ("党的二十届三中全会", "the Third Plenary Session of the 20th CPC Central Committee"),
    ("第二十届", "the twentieth"),
    ("提出了四个方面的战略方向：一是强化示范引领；二是聚焦产业发展",
     "He put forward four strategic directions: First, demonstration; Second, industry"),
    ("推进“十四五”规划", "the 14th Five-Year Plan"),
    ("一百万倍", "a million times"),
    ("超过十万年", "more than 100,000 years old"),
    ("超过十万年", "more than 100000 years old"),
    ("两个国家", "both countries"),
    ("一些企业一起统一行动", "some firms acted together"),
    ("十分重要", "very important"),
    ("数十年之后", "decades later"),
    ("G20峰会", "the G20 summit"),
    ("40000年前", "40,000 years ago"),
]  # fmt: skip
BAD = [
    ("投资3.5亿元", "an investment of 35 million yuan", ["3.5亿"]),
    ("3.5万人参加", "3,500 people took part", ["3.5万"]),
    ("增长百分之五", "grew by 50%", ["百分之五"]),
    ("党的二十届三中全会", "the Third Plenary Session of the CPC Central Committee", ["二十"]),
    ("提出了四个方面", "He put forward three aspects", ["四"]),
    ("2024年7月26日", "On July 25, 2024", ["2024年7月26日"]),
    ("2024年7月26日", "On June 26, 2024", ["2024年7月26日"]),
    ("6公里", "60 kilometres", ["6"]),
    ("十亿年前", "two billion years ago", ["十亿"]),
    ("超过十万年", "more than ten thousand years", ["十万"]),
    ("G20峰会", "the G7 summit", ["20"]),
    ("G20峰会", "the G200 summit", ["20"]),
]


@pytest.mark.parametrize(("source", "target"), GOOD)
def test_numbers_good(run, source, target):
    assert run("numbers", source, target) == []


@pytest.mark.parametrize(("source", "target", "spans"), BAD)
def test_numbers_bad(run, source, target, spans):
    issues = run("numbers", source, target)
    assert [source[s:e] for issue in issues for s, e in issue.source_spans] == spans
    assert all(issue.severity == "error" for issue in issues)


def test_numbers_message_gives_the_value(run):
    (issue,) = run("numbers", "投资3.5亿元", "35 million")
    assert "350,000,000" in issue.message


def test_numbers_ignores_an_empty_target(run):
    assert run("numbers", "3.5亿", "") == []

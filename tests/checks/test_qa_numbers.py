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
    ("每年的3至6月", "March to June each year"),
    ("治疗仍需要30余万费用", "more than 300 thousand yuan was still required"),
    ("日收入超过 820 万美元", "daily income exceeds 8.2 million US dollars"),
    ("共发出2万4801张", "issued 24,801 birth certificates"),
    ("2021.6.11部分售出", "June 11, 2021, some have been sold"),
    ("表424.10.0.20.02.002", "watch 424.10.0.20.02.002"),
    ("在13-15岁期间", "between 13 to15 years old"),
    ("尾号比如6666，8888", "numbers such as 6666 and 8888"),
    ("20世纪80年代", "the 1980s"),
    ("六七十年代", "the 1960s and 1970s"),
    ("百分之七八十", "70% or 80%"),
    ("95后的弟弟", "a young guy born after 1995"),
    ("第二部分", "Part II"),
    ("负二层", "B2"),
    ("核三位一体", "the Nuclear Trinity"),
    ("而不是千篇一律", "instead of being the same"),
    ("万一真发生", "if it really happens"),
    ("一日六餐", "six meals a day"),
    ("四周连卡车司机都找不到", "the driver was nowhere to be found"),
    ("三四五六年级", "Grades 3 to 6"),
    ("0-100km/h加速", "from 0 to 100 km/h"),
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
    ("随机挑选六个热搜", "Randomly select three trending topics", ["六"]),
    ("共发出2万4801张", "issued 20,000 birth certificates", ["2万4801"]),
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

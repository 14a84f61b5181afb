"""inconsistent, length_ratio, enumeration: checks over a whole document."""

from dataclasses import dataclass

import pytest

from review_app.core.checks import CheckContext, check_document


@dataclass(frozen=True)
class Seg:
    source: str
    target: str
    key: str = ""


def flagged(check_id, pairs):
    segments = [Seg(s, t, f"seg-{i + 1}") for i, (s, t) in enumerate(pairs)]
    results = check_document(segments, CheckContext(), checks=[check_id])
    return {i: issues for i, issues in enumerate(results) if issues}


def test_inconsistent_same_source_different_targets_flags_the_later_one():
    found = flagged(
        "inconsistent",
        [
            ("谢谢大家。", "Thank you all."),
            ("大会召开。", "The conference opened."),
            ("谢谢大家。", "Thanks, everyone."),
        ],
    )
    assert list(found) == [2]
    assert "seg-1" in found[2][0].message


def test_inconsistent_same_target_for_different_sources():
    found = flagged(
        "inconsistent",
        [
            ("大会在上海召开。", "The conference opened in Shanghai."),
            ("会议在北京召开。", "The conference opened in Shanghai."),
        ],
    )
    assert list(found) == [1]
    assert found[1][0].target_spans == ((0, 34),)


@pytest.mark.parametrize(
    "pairs",
    [
        [("谢谢大家。", "Thank you all."), ("谢谢大家。", "Thank you all.")],
        [("谢谢。", "Thank you."), ("谢谢大家。", "Thank you.")],
        [("谢谢大家。", "Thank you all."), ("谢谢大家。", "")],
        [("谢谢大家。", "Thank\u00a0you  all."), ("谢谢大家。", "Thank you all.")],
        [("谢谢大家。", "Thank you all."), ("谢谢大家。", "thank you all!")],
        [("你好", "Hi."), ("你好", "Hello,")],
    ],
)
def test_inconsistent_good(pairs):
    assert flagged("inconsistent", pairs) == {}


NORMAL = [
    (
        "上海市知识产权局局长作了详细的报告和讲话。",
        "The director of the Shanghai bureau gave a detailed report.",
    ),
    (
        "公司将积极参与示范区建设，与各方携手共进。",
        "The company will take part in building the zone with all parties.",
    ),
    (
        "本次大会的召开彰显了上海对知识产权保护的重视。",
        "The conference showed how much Shanghai values IP protection.",
    ),
    (
        "会上还宣读了徐汇区获批建设示范区的喜讯。",
        "The approval of Xuhui District as a demonstration zone was announced.",
    ),
    (
        "大会汇聚了国家知识产权局和上海市政府的多位领导。",
        "The conference brought together leaders from CNIPA and the city.",
    ),
    (
        "作为大会参会代表，公司深感责任重大。",
        "As a delegate to the conference, the company felt a great responsibility.",
    ),
]


def test_length_ratio_good():
    assert flagged("length_ratio", NORMAL) == {}


def test_length_ratio_flags_an_omission_and_an_addition():
    pairs = [
        *NORMAL,
        (
            "上海市人民政府副市长谢东在讲话中强调，要持续深化知识产权领域改革创新。",
            "Xie Dong spoke.",
        ),
        (
            "他提出了四条具体路径，加强法治建设，提升保护效能。",
            "He proposed four specific paths, which he then explained at great length, with "
            "many examples, figures, anecdotes and quotations from earlier speeches and reports, "
            "to strengthen the rule of law and improve the effectiveness of protection, he said.",
        ),
    ]
    found = flagged("length_ratio", pairs)
    assert list(found) == [6, 7]
    assert "shorter" in found[6][0].message
    assert "longer" in found[7][0].message


def test_length_ratio_does_not_count_latin_that_passes_through():
    pairs = [
        *NORMAL,
        (
            "第十八届“世界饮料创新奖”（World Beverage Innovation Awards）是联合举办的。",
            "The 18th World Beverage Innovation Awards were held jointly.",
        ),
    ]
    assert flagged("length_ratio", pairs) == {}


def test_length_ratio_skips_short_sources():
    assert (
        flagged("length_ratio", [*NORMAL, ("谢谢。", "Thank you very much indeed, everyone.")])
        == {}
    )


SAMPLE = [
    ("他提出了四个方面的战略方向：一是强化示范引领，提升知识产权治理能力。",
     "He put forward four strategic directions: First, strengthen demonstration and guidance."),
    ("以示范区建设为抓手，推动各项改革落地实施；二是聚焦产业发展；三是服务企业需求；四是全力推进重点任务。",
     "Take the zones as the starting point; the second is to focus on industrial development; "
     "The third is to serve the needs of enterprises; Fourth, we will make every effort."),
]  # fmt: skip


def test_enumeration_flags_the_machine_translation_tell():
    found = flagged("enumeration", SAMPLE)
    assert list(found) == [1]
    (issue,) = found[1]
    target = SAMPLE[1][1]
    assert [target[s:e] for s, e in issue.target_spans] == [
        "the second is to",
        "The third is to",
        "Fourth,",
    ]
    assert [SAMPLE[1][0][s:e] for s, e in issue.source_spans] == ["二是", "三是", "四是"]
    assert "“First, …”" in issue.message


@pytest.mark.parametrize(
    "pairs",
    [
        [("一是加强；二是推进；三是提升。", "First, strengthen; second, promote; third, improve.")],
        [("一是加强；二是推进。", "The first is to strengthen; the second is to promote.")],
        [("起初，他很犹豫。", "At first, he hesitated. Then he agreed.")],
        [("第二，", "Second, we act."), ("无关", "Unrelated."), ("无关", "Unrelated."),
         ("无关", "Unrelated."), ("无关", "Unrelated."), ("第三", "the third is to act.")],
    ],
)  # fmt: skip
def test_enumeration_good(pairs):
    assert flagged("enumeration", pairs) == {}


def test_enumeration_flags_a_capital_after_a_semicolon():
    found = flagged(
        "enumeration", [("一是加强；二是推进。", "First, strengthen; Second, promote.")]
    )
    assert "semicolon" in found[0][0].message

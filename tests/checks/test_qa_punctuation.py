"""punctuation: one issue per finding, with target spans."""

import pytest


def messages(run, source, target):
    return [issue.message for issue in run("punctuation", source, target)]


@pytest.mark.parametrize(
    ("source", "target"),
    [
        ("大会召开。", "The conference opened."),
        ("大会召开了吗？", "Did the conference open?"),
        ("他说：“走出去。”", 'He said: "Go global."'),
        ("他说：“走出去。”", "He said: “Go global.”"),
        ("（一）加强保护", "(1) Strengthen protection"),
        ("时间：2024年7月26日", "Date:\u00a026\u00a0July 2024"),
        ("袁大德先生", "Mr.\u00a0Yuan Dade"),
        ("大会召开！", "The conference opened."),
        ("公司新闻", "Company News"),
        ("“走出去", '"go global'),
        ("大会召开", "The conference opened."),
        ("朋友问我，还好吗？", "My friends asked me if I was okay."),
        ("他说……", "He said…"),
        ("出版社【正版图书，满额减.】", "Press [Authentic books with discounts]"),
        ("大过年的为什么要跑到电影院去。", "Why would you go to the cinema during the festival?"),
        ("他说（一）加强保护）、（二）推进", "He said (1) strengthen) and (2) promote"),
    ],
)
def test_punctuation_good(run, source, target):
    assert messages(run, source, target) == []


@pytest.mark.parametrize(
    ("source", "target", "spans", "says"),
    [
        ("大会召开。", "The conference opened。", ["。"], "Chinese punctuation"),
        ("创造、运用、保护", "creation、application，protection.", ["、", "，"], "Chinese"),
        ("企业“走出去”", "enterprises“go global”abroad.", ["“", "”"], "Chinese"),
        ("加强（保护）。", "strengthen (protection.", ["("], "not balanced"),
        ("加强保护。", "strengthen protection).", [")"], "not balanced"),
        ("企业“走出去”。", 'enterprises "go global.', ['"', '"', '"'][:1], "quotation"),
        ("他说……", "He said……", ["……"], "Chinese punctuation"),
        ("大会召开。", "The conference  opened.", ["  "], "double space"),
        ("大会召开。", "The\u00a0conference opened.", ["\u00a0"], "no-break"),
        ("大会召开了吗？", "Did the conference open.", ["."], "question"),
        ("大会召开。", "Did the conference open?", ["?"], "does not ask"),
        ("大会召开。", "The conference opened", ["d"], "full stop"),
        ("大会召开。", "The conference opened;", [";"], "full stop"),
    ],
)
def test_punctuation_bad(run, source, target, spans, says):
    issues = run("punctuation", source, target)
    assert len(issues) == 1, [i.message for i in issues]
    (issue,) = issues
    assert says in issue.message
    assert [target[s:e] for s, e in issue.target_spans] == spans
    assert issue.severity == "warning"


def test_a_quote_left_open_in_the_source_is_not_flagged(run):
    assert messages(run, "他说：“走出去，", 'He said: "go global,') == []

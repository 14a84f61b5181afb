"""``review-app check``: output formats and exit status, through the command itself."""

import json

import pytest
from click.testing import CliRunner

from review_app.cli.check import check_command
from review_app.core.glossary import Term, TermStatus
from review_app.formats.po import PoSegment, write_po
from review_app.formats.tbx import write_tbx

CSV = """source,target,status,note
示范区,demonstration zone,preferred,
示范区,demonstration area,deprecated,Literal
"""


def po_file(tmp_path, pairs, name="doc.po"):
    segments = [
        PoSegment(f"seg-{i:04d}", source, target, target)
        for i, (source, target) in enumerate(pairs, start=1)
    ]
    path = tmp_path / name
    path.write_text(write_po(segments, title="doc"), encoding="utf-8")
    return path


@pytest.fixture
def runner():
    return CliRunner()


@pytest.fixture
def glossary(tmp_path):
    path = tmp_path / "terms.csv"
    path.write_text(CSV, encoding="utf-8")
    return path


def test_json_lists_every_issue_as_the_issue_specifies(runner, tmp_path, glossary):
    po = po_file(
        tmp_path,
        [("建设示范区。", "Building demonstration areas."), ("示范区。", "The sites.")],
    )
    result = runner.invoke(
        check_command, [str(po), "--glossary", str(glossary), "--format", "json"]
    )
    assert result.exit_code == 1, result.output
    rows = json.loads(result.stdout)
    by_check = {row["check"]: row for row in rows}
    assert set(by_check) == {"glossary_missing", "glossary_forbidden"}
    forbidden = by_check["glossary_forbidden"]
    assert forbidden == {
        "segment": "seg-0001",
        "check": "glossary_forbidden",
        "severity": "error",
        "message": forbidden["message"],
        "source_spans": [[2, 5]],
        "target_spans": [[9, 28]],
        "term": {"source": "示范区", "target": "demonstration area"},
    }
    assert by_check["glossary_missing"]["segment"] == "seg-0002"
    assert by_check["glossary_missing"]["term"] == {
        "source": "示范区",
        "target": "demonstration zone",
    }


def test_non_glossary_issues_have_no_term(runner, tmp_path):
    po = po_file(tmp_path, [("大会召开。", "")])
    result = runner.invoke(check_command, [str(po), "--format", "json"])
    (row,) = json.loads(result.stdout)
    assert row["check"] == "empty_target"
    assert "term" not in row
    assert result.exit_code == 1


def test_an_entry_without_msgctxt_is_named_by_its_number(runner, tmp_path):
    po = tmp_path / "plain.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "大会召开。"\nmsgstr "The conference opened."\n\n'
        'msgid "大会召开了吗？"\nmsgstr "Did the conference open."\n',
        encoding="utf-8",
    )
    result = runner.invoke(check_command, [str(po), "--format", "json"])
    (row,) = json.loads(result.stdout)
    assert row["segment"] == 2
    assert row["check"] == "punctuation"


def test_warnings_pass_by_default_and_fail_when_asked(runner, tmp_path):
    po = po_file(tmp_path, [("大会召开。", "The the conference opened.")])
    assert runner.invoke(check_command, [str(po)]).exit_code == 0
    result = runner.invoke(check_command, [str(po), "--fail-on", "warning"])
    assert result.exit_code == 1
    assert "seg-0001\twarning\trepeated_word\t" in result.stdout


def test_a_clean_file_exits_0_with_an_empty_json_list(runner, tmp_path):
    po = po_file(tmp_path, [("大会召开。", "The conference opened.")])
    result = runner.invoke(check_command, [str(po), "--format", "json", "--fail-on", "warning"])
    assert result.exit_code == 0
    assert json.loads(result.stdout) == []


def test_tbx_glossaries_are_read(runner, tmp_path):
    path = tmp_path / "terms.tbx"
    terms = [
        Term("国家知识产权局", "China National Intellectual Property Administration"),
        Term("国家知识产权局", "National Property Office", TermStatus.FORBIDDEN),
    ]
    path.write_text(write_tbx(terms), encoding="utf-8")
    po = po_file(tmp_path, [("国家知识产权局发布。", "The National Property Office announced.")])
    result = runner.invoke(check_command, [str(po), "--glossary", str(path), "--format", "json"])
    checks = {row["check"] for row in json.loads(result.stdout)}
    assert checks == {"glossary_forbidden"}


@pytest.mark.parametrize(
    ("po_text", "glossary_text", "says"),
    [
        (None, None, "cannot be read"),
        ("this is not a po file\n", None, "doc.po"),
        ("ok", "source,note\n示范区,x\n", "lacks the column"),
    ],
)
def test_unusable_input_exits_2_with_a_message(runner, tmp_path, po_text, glossary_text, says):
    po = tmp_path / "doc.po"
    if po_text == "ok":
        po = po_file(tmp_path, [("大会。", "The meeting.")])
    elif po_text is not None:
        po.write_text(po_text, encoding="utf-8")
    args = [str(po)]
    if glossary_text is not None:
        glossary = tmp_path / "bad.csv"
        glossary.write_text(glossary_text, encoding="utf-8")
        args += ["--glossary", str(glossary)]
    result = runner.invoke(check_command, args)
    assert result.exit_code == 2
    assert says in result.stderr
    assert "Traceback" not in result.output

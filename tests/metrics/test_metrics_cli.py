"""``review-app score`` and ``review-app stats``, checked against sacrebleu's own command line."""

import json
import random
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from review_app.cli import stats as stats_cli
from review_app.cli.stats import score_command, stats_command
from review_app.formats.article import read_paragraphs
from review_app.services.documents import active_segments
from review_app.services.metrics import unstored_pairs
from review_app.services.segments import confirm_segment

SAMPLE_EN = Path(__file__).resolve().parents[2] / "translations/cantoop-ip-conference.en.txt"


@pytest.fixture
def runner():
    return CliRunner()


@pytest.fixture
def draft_and_final(tmp_path):
    """The sample article's English, one paragraph per line, and a post-edited copy."""
    lines = read_paragraphs(SAMPLE_EN.read_bytes(), SAMPLE_EN.name)
    rng = random.Random(7)
    edited = []
    for n, line in enumerate(lines):
        words = line.split()
        if n % 3 == 1:
            words[rng.randrange(len(words))] = "revised"
        elif n % 3 == 2:
            words = words[len(words) // 2 :] + ["rewritten", "here"]
        edited.append(" ".join(words))
    draft, final = tmp_path / "draft.txt", tmp_path / "final.txt"
    draft.write_text("\n".join(lines) + "\n", encoding="utf-8")
    final.write_text("\n".join(edited) + "\n", encoding="utf-8")
    return draft, final


def sacrebleu_cli(reference: Path, hypothesis: Path) -> dict[str, dict]:
    completed = subprocess.run(
        [sys.executable, "-m", "sacrebleu", str(reference), "-i", str(hypothesis)]
        + ["-m", "bleu", "chrf", "ter", "-w", "4", "--format", "json"],
        capture_output=True,
        text=True,
        check=True,
    )
    return {entry["name"]: entry for entry in json.loads(completed.stdout)}


def test_score_equals_sacrebleus_command_line(runner, draft_and_final):
    draft, final = draft_and_final
    result = runner.invoke(score_command, [str(draft), str(final), "--format", "json"])
    assert result.exit_code == 0, result.output
    ours = json.loads(result.stdout)
    theirs = sacrebleu_cli(final, draft)
    assert ours["bleu"] == pytest.approx(theirs["BLEU"]["score"], abs=0.01)
    assert ours["chrf"] == pytest.approx(theirs["chrF2"]["score"], abs=0.01)
    assert ours["ter"] == pytest.approx(theirs["TER"]["score"], abs=0.01)
    assert ours["signature"] == {
        "bleu": theirs["BLEU"]["signature"],
        "chrf": theirs["chrF2"]["signature"],
        "ter": theirs["TER"]["signature"],
    }
    assert set(ours) == {"bleu", "chrf", "ter", "signature", "segments"}
    lines = draft.read_text().splitlines()
    assert len(ours["segments"]) == len(lines)
    assert all(set(s) == {"ter", "chrf"} for s in ours["segments"])
    assert ours["segments"][0] == {"ter": 0.0, "chrf": 100.0}


def test_score_as_text(runner, draft_and_final):
    result = runner.invoke(score_command, [str(p) for p in draft_and_final])
    assert result.exit_code == 0
    first = result.stdout.splitlines()
    assert first[0].startswith("BLEU ") and "tok:13a" in first[0]
    assert first[3] == "1\tTER 0.00\tchrF 100.00"


@pytest.mark.parametrize(
    ("draft", "final", "message"),
    [
        ("one\ntwo\n", "one\n", "has 2 lines and"),
        ("", "", "nothing to score"),
        (b"\xff\xfe\x00", "x\n", "not UTF-8"),
    ],
)
def test_score_refuses_unusable_files(runner, tmp_path, draft, final, message):
    paths = []
    for name, content in (("draft.txt", draft), ("final.txt", final)):
        path = tmp_path / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        paths.append(str(path))
    result = runner.invoke(score_command, paths)
    assert result.exit_code == 2
    assert message in result.stderr


def test_score_names_a_missing_file(runner, tmp_path):
    result = runner.invoke(score_command, [str(tmp_path / "nope.txt"), str(tmp_path / "x")])
    assert result.exit_code == 2
    assert "nope.txt cannot be read" in result.stderr


def test_stats_by_id_and_slug(runner, data_dir, session, users, document):
    segment_ids = [row.id for row in active_segments(session, document.id)]
    confirm_segment(
        session,
        users["translator"],
        segment_ids[0],
        target="First sentence. Second sentence!",
        version=1,
    )
    args = ["--data-dir", str(data_dir), "--format", "json"]
    by_id = runner.invoke(stats_command, [str(document.id), *args])
    assert by_id.exit_code == 0, by_id.output
    result = json.loads(by_id.stdout)
    assert set(result) == {
        "bleu",
        "chrf",
        "ter",
        "signature",
        "segments",
        "shares",
        "confirmed",
        "total",
    }
    assert result["confirmed"] == 2 and result["total"] == 4
    assert [s["id"] for s in result["segments"]] == segment_ids
    assert result["segments"][0]["ter"] == pytest.approx(25.0)  # one word of four replaced
    assert result["shares"] == {"unedited": 0.0, "light": 100.0, "rewritten": 0.0}
    by_slug = runner.invoke(stats_command, [document.slug, *args])
    assert json.loads(by_slug.stdout) == result
    text = runner.invoke(stats_command, [document.slug, "--data-dir", str(data_dir)])
    assert "Sample: 2 of 4 segments confirmed" in text.stdout
    assert "Lightly edited (TER ≤ 50): 2 (100.0%)" in text.stdout


def test_stats_of_an_unknown_document(runner, data_dir):
    result = runner.invoke(stats_command, ["no-such-doc", "--data-dir", str(data_dir)])
    assert result.exit_code == 2
    assert "There is no document 'no-such-doc'" in result.stderr


def test_stats_of_a_fresh_import(runner, data_dir, document):
    # Only the sample's fourth segment arrived translated.
    result = runner.invoke(stats_command, [str(document.id), "--data-dir", str(data_dir)])
    assert result.exit_code == 0
    assert "1 of 4 segments confirmed" in result.stdout


def test_stats_of_a_document_never_measured_computes_and_keeps_them_with_a_bar(
    runner, data_dir, session, document, monkeypatch
):
    monkeypatch.setattr(stats_cli, "INLINE_PAIRS", 2)
    assert len(unstored_pairs(session, [document.id])) == 4
    result = runner.invoke(stats_command, [str(document.id), "--data-dir", str(data_dir)])
    assert result.exit_code == 0, result.output
    assert "Computing the metrics" in result.stderr
    assert "Sample: 1 of 4 segments confirmed" in result.stdout
    session.expire_all()
    assert unstored_pairs(session, [document.id]) == []
    quiet = runner.invoke(stats_command, [str(document.id), "-q", "--data-dir", str(data_dir)])
    assert quiet.exit_code == 0 and quiet.stderr == ""

"""``review-app align``: output formats scripts depend on, the summary, and bad input.

``golden/cantoop-ip-conference.beads`` pins every bead of the sample article. Each pair was
read side by side in the tsv output and checked by hand: 19 Chinese sentences, 19 English
ones, each a 1-1 translation in order (page boilerplate included: the Chinese page has it too).
"""

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from review_app.cli import main
from review_app.formats.po import read_po

GOLDEN_BEADS = Path(__file__).parent / "golden" / "cantoop-ip-conference.beads"
BEAD_LINE = re.compile(r"\[(\d+(,\d+)*)?\]:\[(\d+(,\d+)*)?\]")
TSV_HEADER = "source_sentences\ttarget_sentences\tshape\tconfidence\tsource\ttarget"

NEWS_ZH = (
    "国务院总理李强周二在北京会见了法国总统。双方讨论了贸易和气候变化问题。\n"
    "会谈结束后，两国签署了多项合作协议。\n"
)
NEWS_EN = (
    "Premier Li Qiang met the French President in Beijing on Tuesday.\n"
    "The two sides discussed trade and climate change.\n"
    "After the talks, the two countries signed several cooperation agreements.\n"
)
UNRELATED_EN = (
    "The recipe calls for two cups of flour, a teaspoon of yeast and a pinch of salt.\n"
    "Preheat the oven to 220 degrees before you mix the dough.\n"
    "Knead the dough for ten minutes until it is smooth and elastic.\n"
    "Leave it to rise in a warm place for an hour, covered with a damp cloth.\n"
    "Shape the loaf, score the top with a sharp knife and bake it for forty minutes.\n"
    "Let the bread cool on a wire rack before slicing it.\n"
)


def align(runner: CliRunner, *args: str | Path) -> Result:
    return runner.invoke(main, ["align", *map(str, args)])


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def parse_beads(text: str) -> list[tuple[list[int], list[int]]]:
    beads = []
    for line in text.splitlines():
        assert BEAD_LINE.fullmatch(line), line
        source, target = line.split(":")
        beads.append((json.loads(source), json.loads(target)))
    return beads


# -- the sample article -----------------------------------------------------------------------


def test_real_command_pins_every_bead_of_the_sample(sample_zh: Path, sample_en: Path) -> None:
    executable = shutil.which("review-app")
    assert executable, "the review-app console script is not installed (pip install -e .)"
    result = subprocess.run(
        [executable, "align", str(sample_zh), str(sample_en), "--format", "beads"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == GOLDEN_BEADS.read_text(encoding="utf-8")
    assert "19 sentences" in result.stderr


def test_beads_are_the_default_format(runner: CliRunner, sample_zh: Path, sample_en: Path) -> None:
    result = align(runner, sample_zh, sample_en)
    assert result.exit_code == 0, result.output
    assert result.stdout == GOLDEN_BEADS.read_text(encoding="utf-8")


def test_beads_format_is_exactly_the_gold_file_notation(runner: CliRunner, tmp_path: Path) -> None:
    source = write(tmp_path, "news.zh.txt", NEWS_ZH)
    draft = write(tmp_path, "news.en.txt", "Back to Home\n" + NEWS_EN)
    result = align(runner, source, draft, "--format", "beads")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert all(BEAD_LINE.fullmatch(line) for line in lines), lines
    assert "[]:[0]" in lines  # a skip bead is written with an empty side, no spaces


def test_json_has_sentences_beads_and_confidences(
    runner: CliRunner, sample_zh: Path, sample_en: Path
) -> None:
    result = align(runner, sample_zh, sample_en, "--format", "json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert len(document["source"]) == len(document["target"]) == 19
    assert document["source"][1] == "返回首页"
    assert document["target"][1] == "Back to Home"
    beads = document["beads"]
    assert [(b["source"], b["target"]) for b in beads] == parse_beads(
        GOLDEN_BEADS.read_text(encoding="utf-8")
    )
    for bead in beads:
        assert bead["shape"] == f"{len(bead['source'])}-{len(bead['target'])}"
        assert 0.0 <= bead["confidence"] <= 1.0


def test_tsv_has_a_header_and_one_row_per_bead(
    runner: CliRunner, sample_zh: Path, sample_en: Path
) -> None:
    result = align(runner, sample_zh, sample_en, "--format", "tsv")
    assert result.exit_code == 0, result.output
    header, *rows = result.stdout.splitlines()
    assert header == TSV_HEADER
    assert len(rows) == 19
    fields = [row.split("\t") for row in rows]
    assert all(len(f) == 6 for f in fields)
    assert fields[1][:3] == ["[1]", "[1]", "1-1"]
    assert fields[1][4:] == ["返回首页", "Back to Home"]
    # Cells are one line each: the draft's NBSPs and line breaks are folded to spaces.
    assert fields[4][5].startswith("On July 26, 2024, CANTOOP")


def test_po_output_reads_back(runner: CliRunner, sample_zh: Path, sample_en: Path) -> None:
    result = align(runner, sample_zh, sample_en, "--format", "po")
    assert result.exit_code == 0, result.output
    found = read_po(result.stdout.encode("utf-8"), "aligned.po")
    title, segments = found.title, found.segments
    assert title == "cantoop-ip-conference"
    assert len(segments) == 19
    assert len({s.key for s in segments}) == 19
    assert (segments[1].source, segments[1].target) == ("返回首页", "Back to Home")
    # Fresh from the aligner, every segment is the untouched machine draft.
    assert all(s.status == "draft" and s.draft == s.target for s in segments)
    assert all(s.confidence is not None and 0.0 <= s.confidence <= 1.0 for s in segments)


def test_output_option_writes_the_file(
    runner: CliRunner, sample_zh: Path, sample_en: Path, tmp_path: Path
) -> None:
    out = tmp_path / "aligned.beads"
    result = align(runner, sample_zh, sample_en, "-o", out)
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert out.read_text(encoding="utf-8") == GOLDEN_BEADS.read_text(encoding="utf-8")


def test_summary_goes_to_stderr(runner: CliRunner, sample_zh: Path, sample_en: Path) -> None:
    result = align(runner, sample_zh, sample_en)
    assert result.exit_code == 0, result.output
    assert "cantoop-ip-conference.zh.txt: 19 sentences" in result.stderr
    assert "cantoop-ip-conference.en.txt: 19 sentences" in result.stderr
    assert "beads: 19 (1-1 19)" in result.stderr
    assert "low-confidence beads: 0" in result.stderr
    assert "sentences" not in result.stdout


# -- options ----------------------------------------------------------------------------------


def test_presegmented_indices_refer_to_lines(runner: CliRunner, tmp_path: Path) -> None:
    source = write(tmp_path, "news.zh.txt", NEWS_ZH)
    draft = write(tmp_path, "news.en.txt", NEWS_EN)
    by_sentence = align(runner, source, draft)
    assert by_sentence.exit_code == 0, by_sentence.output
    assert by_sentence.stdout.splitlines() == ["[0]:[0]", "[1]:[1]", "[2]:[2]"]
    by_line = align(runner, source, draft, "--presegmented")
    assert by_line.exit_code == 0, by_line.output
    # Line 0 of the Chinese holds two sentences; as one "sentence" it takes two English lines.
    assert by_line.stdout.splitlines() == ["[0]:[0,1]", "[1]:[2]"]


def test_glossary_option_adds_evidence(
    runner: CliRunner, sample_zh: Path, sample_en: Path, glossary_csv: Path
) -> None:
    plain = align(runner, sample_zh, sample_en, "--format", "json")
    with_glossary = align(
        runner, sample_zh, sample_en, "--format", "json", "--glossary", glossary_csv
    )
    assert with_glossary.exit_code == 0, with_glossary.output

    def mean(result: Result) -> float:
        beads = json.loads(result.stdout)["beads"]
        return sum(b["confidence"] for b in beads) / len(beads)

    assert mean(with_glossary) > mean(plain)


def test_bad_glossary_is_an_error(
    runner: CliRunner, sample_zh: Path, sample_en: Path, tmp_path: Path
) -> None:
    glossary = write(tmp_path, "bad.csv", "source,status\n示范区,preferred\n")
    result = align(runner, sample_zh, sample_en, "--glossary", glossary)
    assert result.exit_code == 2
    assert result.stderr.startswith("error: ")
    assert "bad.csv" in result.stderr
    assert "Traceback" not in result.output


# -- bad input --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("which", "content"),
    [("source", ""), ("source", "\n\u3000\n  \n"), ("draft", ""), ("draft", "\n\n")],
    ids=["empty-source", "blank-source", "empty-draft", "blank-draft"],
)
def test_empty_input_is_an_error_with_exit_code_2(
    runner: CliRunner, tmp_path: Path, which: str, content: str
) -> None:
    files = {
        "source": write(tmp_path, "a.zh.txt", NEWS_ZH),
        "draft": write(tmp_path, "a.en.txt", NEWS_EN),
    }
    files[which] = write(tmp_path, f"empty.{which}.txt", content)
    result = align(runner, files["source"], files["draft"])
    assert result.exit_code == 2
    assert result.stderr.startswith("error: ")
    assert f"empty.{which}.txt" in result.stderr
    assert result.stdout == ""


def test_empty_presegmented_input_is_an_error_with_exit_code_2(
    runner: CliRunner, tmp_path: Path
) -> None:
    source = write(tmp_path, "lines.zh.txt", "\n\n")
    draft = write(tmp_path, "lines.en.txt", NEWS_EN)
    result = align(runner, source, draft, "--presegmented")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: ")
    assert "lines.zh.txt" in result.stderr


@pytest.mark.parametrize(
    ("content", "offset"),
    [
        ("中文".encode() + b"\xff\xfe\x80 and more", 6),
        (b"%PDF-1.4\n\x00\x01\x02binary", 9),
    ],
    ids=["invalid-utf8", "nul-byte"],
)
def test_undecodable_file_names_file_and_offset(
    runner: CliRunner, tmp_path: Path, content: bytes, offset: int
) -> None:
    source = write(tmp_path, "broken.zh.txt", content)
    draft = write(tmp_path, "a.en.txt", NEWS_EN)
    result = align(runner, source, draft)
    assert result.exit_code == 2
    assert result.stderr.startswith("error: ")
    assert "broken.zh.txt" in result.stderr
    assert f"offset {offset}" in result.stderr


def test_missing_file_is_an_error_with_exit_code_2(runner: CliRunner, tmp_path: Path) -> None:
    draft = write(tmp_path, "a.en.txt", NEWS_EN)
    result = align(runner, tmp_path / "missing.zh.txt", draft)
    assert result.exit_code == 2
    assert "missing.zh.txt" in result.stderr
    assert "Traceback" not in result.output


def test_mismatched_draft_warns_and_still_writes(
    runner: CliRunner, sample_zh: Path, tmp_path: Path
) -> None:
    draft = write(tmp_path, "bread.en.txt", UNRELATED_EN)
    out = tmp_path / "aligned.tsv"
    result = align(runner, sample_zh, draft, "--format", "tsv", "-o", out)
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning:")]
    assert len(warnings) == 1
    assert "bread.en.txt" in warnings[0] and "cantoop-ip-conference.zh.txt" in warnings[0]
    assert out.read_text(encoding="utf-8").startswith(TSV_HEADER + "\n")


def test_matching_draft_has_no_warning(runner: CliRunner, sample_zh: Path, sample_en: Path) -> None:
    result = align(runner, sample_zh, sample_en)
    assert "warning" not in result.stderr


# -- progress, standard input, version -------------------------------------------------------


@pytest.fixture
def long_pair(tmp_path: Path) -> tuple[Path, Path]:
    """400 lines a side: long enough for the progress bar."""
    zh = NEWS_ZH.splitlines() * 200
    en = [NEWS_EN.splitlines()[0] + " " + NEWS_EN.splitlines()[1], NEWS_EN.splitlines()[2]]
    return (
        write(tmp_path, "long.zh.txt", "\n".join(zh) + "\n"),
        write(tmp_path, "long.en.txt", "\n".join(en * 200) + "\n"),
    )


def test_long_alignment_shows_progress_on_stderr(
    runner: CliRunner, long_pair: tuple[Path, Path]
) -> None:
    result = align(runner, *long_pair, "--presegmented")
    assert result.exit_code == 0, result.output
    assert "Aligning" in result.stderr
    assert "Aligning" not in result.stdout
    assert len(result.stdout.splitlines()) == 400


@pytest.mark.parametrize("flag", ["--quiet", "-q"])
def test_quiet_silences_the_progress_bar(
    runner: CliRunner, long_pair: tuple[Path, Path], flag: str
) -> None:
    result = align(runner, *long_pair, "--presegmented", flag)
    assert result.exit_code == 0, result.output
    assert "Aligning" not in result.stderr
    assert "beads: 400" in result.stderr  # the summary stays


def test_short_alignment_shows_no_progress(
    runner: CliRunner, sample_zh: Path, sample_en: Path
) -> None:
    assert "Aligning" not in align(runner, sample_zh, sample_en).stderr


def test_dash_reads_the_draft_from_standard_input(
    runner: CliRunner, sample_zh: Path, sample_en: Path
) -> None:
    result = runner.invoke(main, ["align", str(sample_zh), "-"], input=sample_en.read_bytes())
    assert result.exit_code == 0, result.output
    assert result.stdout == GOLDEN_BEADS.read_text(encoding="utf-8")
    assert "standard input: 19 sentences" in result.stderr


def test_dash_reads_the_source_from_standard_input(
    runner: CliRunner, sample_zh: Path, sample_en: Path
) -> None:
    result = runner.invoke(main, ["align", "-", str(sample_en)], input=sample_zh.read_bytes())
    assert result.exit_code == 0, result.output
    assert result.stdout == GOLDEN_BEADS.read_text(encoding="utf-8")


def test_both_from_standard_input_is_an_error(runner: CliRunner) -> None:
    result = runner.invoke(main, ["align", "-", "-"], input="中文。\n")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: ")
    assert "standard input" in result.stderr


def test_empty_standard_input_is_an_error(runner: CliRunner, sample_en: Path) -> None:
    result = runner.invoke(main, ["align", "-", str(sample_en)], input="")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: standard input")


def test_version(runner: CliRunner) -> None:
    from importlib.metadata import version

    result = runner.invoke(main, ["--version"])
    assert result.exit_code == 0
    assert result.stdout == f"review-app, version {version('review-app')}\n"


def test_align_reads_word_files_as_import_does(runner: CliRunner, tmp_path: Path) -> None:
    """align and import share one reader: a .docx draft aligns instead of being taken for
    binary text."""
    import docx

    word = docx.Document()
    word.add_paragraph("The meeting opened today.")
    word.add_paragraph("It closed on Friday.")
    draft = tmp_path / "draft.docx"
    word.save(str(draft))
    source = tmp_path / "source.zh.txt"
    source.write_text("会议今天开幕。\n\n会议周五闭幕。\n", encoding="utf-8")
    result = runner.invoke(main, ["align", str(source), str(draft), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert "It closed on Friday." in result.stdout

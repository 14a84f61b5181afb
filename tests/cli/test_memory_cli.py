"""review-app tm import|export, and import --project / --no-tm."""

from pathlib import Path

from review_app.cli import main

GOLDEN = Path(__file__).resolve().parents[1] / "formats" / "golden" / "tmx"


def test_tm_import_then_export_round_trips_and_pretranslates(runner, tmp_path):
    data = ["--data-dir", str(tmp_path / "data")]
    result = runner.invoke(main, ["tm", "import", str(GOLDEN / "memoq-style.tmx"), *data])
    assert result.exit_code == 0, result.output
    assert "2 units added, 0 updated, 1 with an empty side skipped" in result.stdout
    again = runner.invoke(main, ["tm", "import", str(GOLDEN / "memoq-style.tmx"), *data])
    assert "0 units added, 2 updated" in again.stdout

    out = tmp_path / "out.tmx"
    result = runner.invoke(main, ["tm", "export", "--project", "Default", "-o", str(out), *data])
    assert result.exit_code == 0, result.output
    text = out.read_text("utf-8")
    assert text.count("<tu ") == 2 and '<prop type="client">CNIPA</prop>' in text
    assert '<prop type="x-origin">memoq-style.tmx</prop>' in text

    source, draft = tmp_path / "a.zh.txt", tmp_path / "a.en.txt"
    source.write_text("知识产权\n\n另一段。\n", encoding="utf-8")
    draft.write_text("IP\n\nAnother paragraph.\n", encoding="utf-8")
    result = runner.invoke(main, ["import", str(source), str(draft), "--title", "T", *data])
    assert result.exit_code == 0, result.output
    assert "1 segments pre-translated from the translation memory" in result.stderr
    result = runner.invoke(
        main, ["import", str(source), str(draft), "--title", "U", "--no-tm", *data]
    )
    assert result.exit_code == 0 and "pre-translated" not in result.stderr


def test_unknown_projects_and_bad_files_fail_cleanly(runner, tmp_path):
    data = ["--data-dir", str(tmp_path / "data")]
    result = runner.invoke(
        main, ["tm", "import", str(GOLDEN / "memoq-style.tmx"), "--project", "Nope", *data]
    )
    assert result.exit_code == 1 and "no project 'Nope'" in result.output
    bad = tmp_path / "bad.tmx"
    bad.write_bytes(b"<tmx><body><tu>")
    result = runner.invoke(main, ["tm", "import", str(bad), *data])
    assert result.exit_code == 1 and "bad.tmx is not well-formed" in result.output
    assert "Traceback" not in result.output

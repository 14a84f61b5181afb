"""``review-app demo``, ``serve``, ``import``, ``user add`` and ``db upgrade``."""

from pathlib import Path

import pytest
from click.testing import CliRunner

from review_app.cli import main
from review_app.cli import server as server_cli
from review_app.services.users import authenticate
from review_app.store import Document, Segment, make_engine, make_session_factory, sqlite_url


@pytest.fixture
def served(monkeypatch):
    """Record what would be served instead of blocking in waitress."""
    calls = []
    monkeypatch.setattr(
        server_cli, "waitress_serve", lambda app, **kwargs: calls.append((app, kwargs))
    )
    return calls


def open_session(data_dir):
    return make_session_factory(make_engine(sqlite_url(data_dir)))()


def test_demo_imports_translations_creates_users_and_serves(tmp_path, monkeypatch, served):
    monkeypatch.setenv("REVIEW_APP_DEMO_PASSWORD", "demo password")
    result = CliRunner().invoke(
        main, ["demo", "--data-dir", str(tmp_path), "--port", "8123"], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    assert "Created user translator with the password in REVIEW_APP_DEMO_PASSWORD" in result.output
    # It came from the environment: whoever set it knows it, and logs need not.
    assert "demo password" not in result.output
    assert "Imported cantoop-ip-conference.zh.txt + cantoop-ip-conference.en.txt" in result.output
    assert "http://localhost:8123/" in result.output
    assert served[0][1] == {"host": "127.0.0.1", "port": 8123, "threads": 8, "ident": "review-app"}
    with open_session(tmp_path) as session:
        assert session.query(Document).count() == 1
        document = session.query(Document).one()
        # The draft's own headline, not the file name; the page chrome above it excluded.
        assert document.title == (
            "CANTOOP attended the Shanghai Intellectual Property Protection Conference"
        )
        assert document.slug == "cantoop-ip-conference"
        segments = (
            session.query(Segment).filter_by(document_id=document.id).order_by(Segment.position)
        )
        roles = [(s.role, s.draft[:12]) for s in segments]
        assert [role for role, _ in roles[:5]] == ["excluded"] * 4 + ["body"]
        assert {role for role, _ in roles[4:]} == {"body"}
        assert authenticate(session, "admin", "demo password").role == "admin"
    again = CliRunner().invoke(main, ["demo", "--data-dir", str(tmp_path)])
    assert "User editor exists" in again.output and "Imported" not in again.output


def test_demo_without_a_password_prints_one_random_password_per_account(
    tmp_path, monkeypatch, served
):
    monkeypatch.delenv("REVIEW_APP_DEMO_PASSWORD", raising=False)
    monkeypatch.setenv("REVIEW_APP_DATA_DIR", str(tmp_path))
    result = CliRunner().invoke(main, ["demo", "--translations", str(tmp_path)])
    passwords = {
        name: result.output.split(f"Created user {name} with password ")[1].split()[0]
        for name in ("translator", "editor", "admin")
    }
    assert len(set(passwords.values())) == 3
    assert all(len(p) >= 12 for p in passwords.values())
    with open_session(tmp_path) as session:
        for name, password in passwords.items():
            assert authenticate(session, name, password).role == name
    again = CliRunner().invoke(main, ["demo", "--translations", str(tmp_path)])
    assert not any(p in again.output for p in passwords.values())
    assert "`review-app user passwd admin` sets a new one" in again.output


def test_user_passwd_generate_recovers_a_lost_demo_password(tmp_path, monkeypatch, served):
    monkeypatch.setenv("REVIEW_APP_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("REVIEW_APP_DEMO_PASSWORD", "a demo password")
    CliRunner().invoke(main, ["demo", "--translations", str(tmp_path)])
    result = CliRunner().invoke(main, ["user", "passwd", "editor", "--generate"])
    assert result.exit_code == 0, result.output
    password = result.output.split("The new password is ")[1].split()[0]
    with open_session(tmp_path) as session:
        assert authenticate(session, "editor", password).role == "editor"


def test_demo_refuses_a_weak_password_from_the_environment(tmp_path, monkeypatch, served):
    monkeypatch.setenv("REVIEW_APP_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("REVIEW_APP_DEMO_PASSWORD", "short")
    result = CliRunner().invoke(main, ["demo", "--translations", str(tmp_path)])
    assert result.exit_code == 1
    assert "REVIEW_APP_DEMO_PASSWORD: A password needs at least 12 characters." in result.output
    assert not served


def test_serve_uses_the_data_dir(tmp_path, served):
    result = CliRunner().invoke(main, ["serve", "--data-dir", str(tmp_path), "--host", "0.0.0.0"])
    assert result.exit_code == 0
    assert (tmp_path / "review-app.sqlite3").exists()
    assert served[0][1]["host"] == "0.0.0.0"


def test_import_prints_the_new_id(tmp_path, sample_zh, sample_en):
    result = CliRunner().invoke(
        main,
        [
            "import",
            str(sample_zh),
            str(sample_en),
            "--title",
            "From the shell",
            "--data-dir",
            str(tmp_path),
        ],
    )
    assert result.exit_code == 0, result.output
    assert result.output.strip().splitlines()[-1] == "1"


def test_import_of_an_empty_file_fails_cleanly(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    result = CliRunner().invoke(
        main,
        ["import", str(empty), str(empty), "--title", "T", "--data-dir", str(tmp_path)],
    )
    assert result.exit_code == 1
    assert "empty.txt is empty" in result.output and "Traceback" not in result.output


def test_user_add_from_a_password_file_and_by_prompt(tmp_path):
    secret = tmp_path / "password"
    secret.write_text("file password\n")
    runner = CliRunner()
    result = runner.invoke(
        main,
        [
            "user",
            "add",
            "mei",
            "--role",
            "editor",
            "--password-file",
            str(secret),
            "--data-dir",
            str(tmp_path),
        ],
    )
    assert result.output.strip() == "Created editor mei."
    prompted = runner.invoke(
        main,
        ["user", "add", "li", "--role", "translator", "--data-dir", str(tmp_path)],
        input="typed password\ntyped password\n",
    )
    assert "Created translator li." in prompted.output
    duplicate = runner.invoke(
        main,
        [
            "user",
            "add",
            "mei",
            "--role",
            "editor",
            "--password-file",
            str(secret),
            "--data-dir",
            str(tmp_path),
        ],
    )
    assert duplicate.exit_code == 1 and "already a user called mei" in duplicate.output
    with open_session(tmp_path) as session:
        assert authenticate(session, "mei", "file password").role == "editor"
        assert authenticate(session, "li", "typed password").role == "translator"


def test_db_upgrade(tmp_path):
    result = CliRunner().invoke(main, ["db", "upgrade", "--data-dir", str(tmp_path)])
    assert result.exit_code == 0 and "up to date" in result.output


def test_import_a_bilingual_file_alone_and_export_it_in_each_format(runner, tmp_path):
    """align --format po, import FILE, export --format po|xliff|xliff2, import the XLIFF."""
    from review_app.cli import main

    po = tmp_path / "job.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        '#. status: approved\nmsgctxt "seg-0001"\nmsgid "你好。"\nmsgstr "Hello."\n',
        encoding="utf-8",
    )
    data = ["--data-dir", str(tmp_path / "data")]
    result = runner.invoke(main, ["import", str(po), "--title", "Job", *data])
    assert result.exit_code == 0, result.output
    document = result.stdout.strip()
    for file_format, marker in [
        ("po", 'msgctxt "seg-0001"'),
        ("xliff", '<trans-unit id="seg-0001">'),
        ("xliff2", '<segment state="translated">'),
    ]:
        out = tmp_path / f"out-{file_format}.xlf"
        result = runner.invoke(
            main, ["export", document, "--format", file_format, "-o", str(out), *data]
        )
        assert result.exit_code == 0, result.output
        assert marker in out.read_text("utf-8")
    result = runner.invoke(main, ["import", str(tmp_path / "out-xliff2.xlf"), *data])
    assert result.exit_code == 0, result.output
    lonely = tmp_path / "notes.txt"
    lonely.write_text("你好", encoding="utf-8")
    result = runner.invoke(main, ["import", str(lonely), *data])
    assert result.exit_code == 2 and "give its English DRAFT too" in result.output


def test_export_docx_writes_the_final_english_as_a_word_file(runner, tmp_path):
    """export --format docx -o FILE: the same Word copy publishing writes; -o is required."""
    import docx

    from review_app.cli import main

    po = tmp_path / "job.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        '#. status: approved\nmsgctxt "seg-0001"\nmsgid "你好。"\nmsgstr "Hello."\n',
        encoding="utf-8",
    )
    data = ["--data-dir", str(tmp_path / "data")]
    result = runner.invoke(main, ["import", str(po), "--title", "Job", *data])
    assert result.exit_code == 0, result.output
    document = result.stdout.strip()
    out = tmp_path / "job.docx"
    result = runner.invoke(main, ["export", document, "--format", "docx", "-o", str(out), *data])
    assert result.exit_code == 0, result.output
    paragraphs = docx.Document(str(out)).paragraphs
    assert [(p.style.name, p.text) for p in paragraphs] == [("Title", "Job"), ("Normal", "Hello.")]
    result = runner.invoke(main, ["export", document, "--format", "docx", *data])
    assert result.exit_code == 2 and "-o FILE" in result.output
    result = runner.invoke(main, ["export", "999", "--format", "docx", "-o", str(out), *data])
    assert result.exit_code == 1


@pytest.fixture
def long_pair(tmp_path):
    """400 sentences a side: long enough for the progress bar."""
    zh = tmp_path / "long.zh.txt"
    en = tmp_path / "long.en.txt"
    zh.write_text("".join(f"第{i + 1}项议题涉及贸易，投资{i + 3}亿元。\n" for i in range(400)))
    en.write_text(
        "".join(f"Item {i + 1} concerns trade, with {i + 3}00 million yuan.\n" for i in range(400))
    )
    return zh, en


@pytest.mark.parametrize(("flags", "shown"), [([], True), (["--quiet"], False), (["-q"], False)])
def test_import_of_a_long_pair_shows_progress_unless_quiet(tmp_path, long_pair, flags, shown):
    zh, en = long_pair
    result = CliRunner().invoke(
        main,
        ["import", str(zh), str(en), "--title", "Long", "--data-dir", str(tmp_path / "d"), *flags],
    )
    assert result.exit_code == 0, result.output
    assert ("Aligning" in result.stderr) is shown
    assert result.stdout.strip() == "1"


def test_a_trados_file_goes_back_as_itself(runner, tmp_path):
    """import Notice.sdlxliff; export --format original (standard output or -o): the same
    file with the work in; a text import has no original (exit 1 with the reason)."""
    from review_app.cli import main

    trados = Path(__file__).parents[1] / "formats" / "golden" / "xliff" / "trados.sdlxliff"
    job = tmp_path / "Notice.sdlxliff"
    job.write_bytes(trados.read_bytes())
    data = ["--data-dir", str(tmp_path / "data")]
    result = runner.invoke(main, ["import", str(job), *data])
    assert result.exit_code == 0, result.output
    document = result.stdout.strip()
    result = runner.invoke(main, ["export", document, "--format", "original", *data])
    assert result.exit_code == 0, result.output
    assert result.stdout_bytes.startswith(b"<?xml") and b"sdl:seg-defs" in result.stdout_bytes
    po = tmp_path / "job.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgctxt "seg-0001"\nmsgid "你好。"\nmsgstr "Hello."\n',
        encoding="utf-8",
    )
    document = runner.invoke(main, ["import", str(po), *data]).stdout.strip()
    result = runner.invoke(main, ["export", document, "--format", "original", *data])
    assert result.exit_code == 1 and "not imported from an XLIFF file" in result.output


@pytest.mark.parametrize("external", [False, True])
def test_serve_runs_jobs_in_its_own_threads_unless_a_worker_is_external(
    tmp_path, monkeypatch, external
):
    """One command runs everything by default; the consumer stops with the server."""
    import threading

    seen = []
    monkeypatch.setattr(
        server_cli,
        "waitress_serve",
        lambda app, **_: seen.append(sorted(t.name for t in threading.enumerate())),
    )
    args = ["serve", "--data-dir", str(tmp_path)] + (["--external-worker"] if external else [])
    result = CliRunner().invoke(main, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert ("Worker-1" in seen[0]) is not external
    assert "Worker-1" not in {t.name for t in threading.enumerate()}

"""``review-app backup`` and ``restore``: a round trip gives back the database as it was
(on SQLite and, in the second CI run, PostgreSQL); a file that is no backup restores nothing."""

import stat

from click.testing import CliRunner
from sqlalchemy import func, select

from review_app.cli import main
from review_app.formats.po import PoSegment
from review_app.services.documents import import_segments
from review_app.store import Document, Segment


def _run(*args):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def _state(session) -> tuple:
    session.rollback()
    return (
        sorted(session.scalars(select(Document.title))),
        sorted(session.scalars(select(Segment.target))),
    )


def test_backup_then_restore_gives_back_the_database_as_it_was(
    data_dir, session, users, document, tmp_path
):
    before = _state(session)
    copy = tmp_path / "backup.db"
    result = _run("backup", "-o", str(copy), "--data-dir", str(data_dir))
    assert result.exit_code == 0, result.output
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600

    segment = session.scalars(select(Segment).where(Segment.document_id == document.id)).first()
    segment.target = "Changed after the backup."
    session.commit()
    import_segments(
        session,
        users["editor"],
        title="Later",
        segments=[PoSegment("1", "后来。", "Later.", "Later.")],
    )
    assert _state(session) != before
    session.close()

    result = _run("restore", str(copy), "--yes", "--data-dir", str(data_dir))
    assert result.exit_code == 0, result.output
    assert _state(session) == before
    assert session.scalar(select(func.count()).select_from(Document)) == 1


def test_restoring_a_file_that_is_no_backup_changes_nothing(data_dir, session, document, tmp_path):
    before = _state(session)
    session.close()
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not a database at all" * 100)
    result = _run("restore", str(junk), "--yes", "--data-dir", str(data_dir))
    assert result.exit_code != 0
    assert "backup" in result.output
    assert _state(session) == before


def test_restore_asks_first(data_dir, tmp_path):
    copy = tmp_path / "backup.db"
    assert _run("backup", "-o", str(copy), "--data-dir", str(data_dir)).exit_code == 0
    result = CliRunner().invoke(
        main, ["restore", str(copy), "--data-dir", str(data_dir)], input="n\n"
    )
    assert result.exit_code == 1 and "Aborted" in result.output

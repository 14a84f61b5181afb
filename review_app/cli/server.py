"""Running the app: ``demo``, ``serve``, ``import``, ``export``, ``publish`` and ``db upgrade``."""

import logging
import os
import sys
from pathlib import Path

import click
from sqlalchemy import select
from waitress import serve as waitress_serve

from review_app.formats.article import file_title, read_article
from review_app.formats.bilingual import is_bilingual
from review_app.formats.errors import FormatError
from review_app.formats.termbase import GLOSSARY_SUFFIXES
from review_app.services.audit import current_sign_off
from review_app.services.documents import (
    ImportOptions,
    import_articles,
    import_file,
    slugify,
)
from review_app.services.errors import ServiceError
from review_app.services.exports import FORMATS as EXPORT_FILE_FORMATS
from review_app.services.exports import export_file
from review_app.services.glossary import import_glossary, list_glossaries
from review_app.services.projects import find_project
from review_app.services.publish_jobs import LONG_PUBLISH_SEGMENTS, segment_count
from review_app.services.publishing import publish
from review_app.services.tm import pretranslated_count
from review_app.services.users import create_user, random_password
from review_app.store import (
    Document,
    User,
    database_url,
    make_private_folder,
    store_session,
)
from review_app.web import create_app

from .processes import check_several_processes, serve_processes
from .progress import alignment_progress, quiet_option

DEMO_USERS = ("translator", "editor", "admin")

data_dir_option = click.option(
    "--data-dir",
    type=click.Path(file_okay=False, path_type=Path),
    envvar="REVIEW_APP_DATA_DIR",
    default="data",
    show_default=True,
    help="Folder for the database, secret key and outputs (env REVIEW_APP_DATA_DIR).",
)
host_option = click.option("--host", default="127.0.0.1", show_default=True)
port_option = click.option("--port", default=8000, show_default=True, type=int)


def _app(data_dir: Path, host: str | None = None):
    """The app for a command; ``host`` when it will serve, so cookie settings can follow."""
    return create_app({"DATA_DIR": str(data_dir), "BIND_HOST": host})


def _serve(app, host: str, port: int, external_worker: bool = False) -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    shown = "localhost" if host in ("127.0.0.1", "0.0.0.0") else host
    click.echo(f"Serving on http://{shown}:{port}/  (Ctrl+C to stop)")
    if app.config["SESSION_COOKIE_SECURE"]:
        click.echo(
            "Login cookies are sent over HTTPS only: serve this behind HTTPS, "
            "or set REVIEW_APP_SECURE_COOKIES=0."
        )
    # One command runs everything: background jobs run in this process unless a
    # ``review-app worker`` of their own is said to run them.
    consumer = None if external_worker else app.extensions["review_app.jobs"].start_in_process()
    try:
        waitress_serve(app, host=host, port=port, threads=8, ident="review-app")
    finally:
        if consumer is not None:
            consumer.stop(graceful=True)


# The sample data ships beside the package in a checkout; from another folder the demo
# still finds it there.
_PROJECT = Path(__file__).resolve().parents[2]


def _project_folder(name: str) -> str:
    return name if Path(name).is_dir() else str(_PROJECT / name)


@click.command("demo")
@host_option
@port_option
@data_dir_option
@click.option(
    "--translations",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    default=lambda: _project_folder("translations"),
    show_default="translations",
    help="Folder of <slug>.zh.txt + <slug>.en.txt pairs to import.",
)
@click.option(
    "--glossaries",
    type=click.Path(file_okay=False, path_type=Path),
    default=lambda: _project_folder("glossaries"),
    show_default="glossaries",
    help="Folder of glossary CSV files to load (each into a glossary named after the file).",
)
def demo_command(
    host: str, port: int, data_dir: Path, translations: Path, glossaries: Path
) -> None:
    """Create the database, load the glossaries, import the sample articles and demo users,
    then serve."""
    with store_session(data_dir) as session:
        _create_demo_users(session)
        # Glossaries first, so the articles are checked against them when imported.
        _load_glossaries(session, glossaries)
        for source in sorted(translations.glob("*.zh.txt")):
            slug = source.name.removesuffix(".zh.txt")
            draft = source.with_name(f"{slug}.en.txt")
            if not draft.exists() or session.query(Document).filter_by(slug=slugify(slug)).first():
                continue
            # The draft's headline is the title; the file name only when it has none.
            document = import_articles(
                session,
                None,
                title="",
                source=read_article(source.read_bytes(), source.name, "zh"),
                draft=read_article(draft.read_bytes(), draft.name, "en"),
                fallback_title=file_title(source.name),
                slug=slug,
            )
            click.echo(f"Imported {source.name} + {draft.name} as document {document.id}")
    _serve(_app(data_dir, host), host, port)


def _create_demo_users(session) -> None:
    """One account per role, each with a password of its own, printed once: a password that
    came from REVIEW_APP_DEMO_PASSWORD is known already and never printed."""
    shared = os.environ.get("REVIEW_APP_DEMO_PASSWORD")
    for name in DEMO_USERS:
        if session.scalar(select(User).filter_by(username=name)):
            click.echo(
                f"User {name} exists; its password is unchanged "
                f"(`review-app user passwd {name}` sets a new one)."
            )
            continue
        password = shared or random_password()
        try:
            create_user(session, name, password, name)
        except ServiceError as error:
            raise click.ClickException(f"REVIEW_APP_DEMO_PASSWORD: {error}") from None
        if shared:
            click.echo(f"Created user {name} with the password in REVIEW_APP_DEMO_PASSWORD.")
        else:
            click.echo(f"Created user {name} with password {password}")


def _load_glossaries(session, folder: Path) -> None:
    """Each glossaries/NAME.csv (or .xlsx, .tbx...) into the glossary NAME, once: an edited
    glossary is kept."""
    existing = {glossary.name for glossary in list_glossaries(session)}
    paths = sorted(folder.iterdir()) if folder.is_dir() else []
    for path in [p for p in paths if p.suffix.lower() in GLOSSARY_SUFFIXES and p.is_file()]:
        if path.stem in existing:
            click.echo(f"Glossary {path.stem} exists; left as it is.")
            continue
        try:
            result = import_glossary(
                session, None, name=path.stem, data=path.read_bytes(), filename=path.name
            )
        except (FormatError, ServiceError) as error:
            click.echo(f"Glossary {path.name} not loaded: {error}", err=True)
            continue
        for warning in result.warnings:
            click.echo(f"Warning: {warning}", err=True)
        click.echo(f"Loaded glossary {path.stem}: {result.added} terms")


@click.command("serve")
@host_option
@port_option
@data_dir_option
@click.option(
    "--external-worker",
    is_flag=True,
    envvar="REVIEW_APP_EXTERNAL_WORKER",
    help="Background jobs are run by `review-app worker` processes, not by this server "
    "(env REVIEW_APP_EXTERNAL_WORKER=1).",
)
@click.option(
    "--workers",
    default=1,
    show_default=True,
    type=click.IntRange(1, 64),
    help="Server processes (gunicorn); more than 1 needs PostgreSQL.",
)
def serve_command(
    host: str, port: int, data_dir: Path, external_worker: bool, workers: int
) -> None:
    """Serve the app with waitress (no demo data, no users); background jobs run in this
    process unless --external-worker. With --workers N (PostgreSQL only), N gunicorn
    processes and a job worker beside them."""
    check_several_processes(database_url(make_private_folder(data_dir)), workers)
    if workers > 1:
        serve_processes(data_dir, host, port, workers, external_worker)
        return
    _serve(_app(data_dir, host), host, port, external_worker)


@click.command("import")
@click.argument("source", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.argument(
    "draft", type=click.Path(dir_okay=False, exists=True, path_type=Path), required=False
)
@click.option(
    "--title", help="The document's title (default: the draft's headline, else the file name)."
)
@click.option("--project", help="Project name or id (default: Default).")
@click.option(
    "--no-tm", "no_tm", is_flag=True, help="Do not pre-translate from the translation memory."
)
@data_dir_option
@quiet_option
def import_command(
    source: Path,
    draft: Path | None,
    title: str | None,
    project: str | None,
    no_tm: bool,
    data_dir: Path,
    quiet: bool,
) -> None:
    """Align SOURCE (Chinese) with DRAFT (English), or import SOURCE alone when it is a
    bilingual file (PO, XLIFF 1.2 or 2.0); store it and print the new document's id.

    Segments with a 100 % or context match in the project's memories take its translation
    (not with --no-tm); how many is said on standard error. Long texts show a progress bar on
    standard error (not with --quiet)."""
    if draft is None and not is_bilingual(source.name):
        raise click.UsageError(
            f"{source.name} is not a PO or XLIFF file: give its English DRAFT too."
        )
    with store_session(data_dir) as session:
        try:
            options = ImportOptions(
                find_project(session, project).id if project else None, use_memory=not no_tm
            )
            if draft is None:
                document = import_file(
                    session,
                    None,
                    data=source.read_bytes(),
                    filename=source.name,
                    title=title or "",
                    options=options,
                )
            else:
                articles = (
                    read_article(source.read_bytes(), source.name, "zh"),
                    read_article(draft.read_bytes(), draft.name, "en"),
                )
                with alignment_progress(quiet) as progress:
                    document = import_articles(
                        session,
                        None,
                        title=title or "",
                        source=articles[0],
                        draft=articles[1],
                        fallback_title=file_title(source.name),
                        progress=progress,
                        options=options,
                    )
            from_memory = pretranslated_count(session, document.id)
        except (FormatError, ServiceError) as error:
            raise click.ClickException(str(error)) from None
    if from_memory:
        click.echo(f"{from_memory} segments pre-translated from the translation memory.", err=True)
    if document.looks_mismatched:
        click.echo(
            "Warning: the draft does not seem to translate this source "
            "(most segments aligned with low confidence).",
            err=True,
        )
    click.echo(document.id)


@click.command("export")
@click.argument("document", type=int)
@click.option(
    "--format",
    "file_format",
    type=click.Choice(EXPORT_FILE_FORMATS),
    default="po",
    show_default=True,
    help="po, xliff (XLIFF 1.2) or xliff2 (XLIFF 2.0); original: the XLIFF file the document "
    "was imported from (Trados, memoQ…) with the translations and states written back; or the "
    "final English as txt, md, html or docx, exactly as publishing writes it.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write here instead of standard output.",
)
@data_dir_option
def export_command(document: int, file_format: str, output: Path | None, data_dir: Path) -> None:
    """Write DOCUMENT (its id) as a bilingual file or as its final English."""
    if file_format == "docx" and output is None:
        raise click.UsageError("A Word file is binary: give the file to write with -o FILE.")
    with store_session(data_dir) as session:
        try:
            found = export_file(session, document, file_format)
        except ServiceError as error:
            raise click.ClickException(str(error)) from None
    if output:
        output.write_bytes(found.content)
    else:
        sys.stdout.buffer.write(found.content)


@click.command("publish")
@click.argument("document", type=int)
@click.option(
    "--user",
    "username",
    help="The editor or admin who publishes (default: whoever signed the document off).",
)
@data_dir_option
def publish_command(document: int, username: str | None, data_dir: Path) -> None:
    """Publish DOCUMENT (its id), signed off in the app, to DATA_DIR/published/<slug>/v<N>/
    and print the folder. Publishing the same sign-off again writes nothing new."""
    with store_session(data_dir) as session:
        try:
            if username is None:
                sign_off = current_sign_off(session, document)
                if sign_off is None:
                    raise click.ClickException(
                        "The document has not been signed off: an editor signs it off in the "
                        "app first."
                    )
                actor = sign_off.user
            else:
                found = session.scalars(select(User).filter_by(username=username)).first()
                if found is None:
                    raise click.ClickException(f"There is no user {username!r}.")
                actor = found
            count = segment_count(session, document)
            if count > LONG_PUBLISH_SEGMENTS:
                # No steps to count: the rendering is one piece of work, said before it starts.
                click.echo(f"Publishing {count:,} segments…", err=True)
            result = publish(session, actor, document, data_dir)
        except ServiceError as error:
            raise click.ClickException(str(error)) from None
        if not result.created:
            click.echo(
                f"Already published as version {result.publication.version}; nothing new "
                "was written.",
                err=True,
            )
        click.echo(result.folder)


@click.group("db")
def db_group() -> None:
    """Database maintenance."""


@db_group.command("upgrade")
@data_dir_option
def db_upgrade_command(data_dir: Path) -> None:
    """Apply any pending schema migrations (the app also does this when it starts)."""
    with store_session(data_dir):
        pass  # opening the store applies the migrations
    click.echo("Database is up to date.")

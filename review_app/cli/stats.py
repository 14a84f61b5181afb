"""``review-app stats`` and ``review-app score``: post-editing metrics from the shell.

``score`` compares two plain-text files line by line, like ``sacrebleu FINAL -i DRAFT -m bleu
chrf ter``, and gives the same corpus figures; ``stats`` does it for a stored document.
"""

import json
import sys
from pathlib import Path
from typing import NoReturn

import click

from review_app.core.metrics import BAND_TITLES, BANDS, CorpusMetrics, corpus_metrics
from review_app.services.errors import ServiceError
from review_app.services.metrics import (
    INLINE_PAIRS,
    document_stats,
    find_document,
    store_computed_statistics,
    store_pair_statistics,
    take_computed_statistics,
    unstored_pairs,
)
from review_app.services.uow import unit_of_work
from review_app.store import store_session

from .progress import quiet_option
from .server import data_dir_option

USAGE_ERROR = 2

format_option = click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
)


@click.command("score")
@click.argument("draft", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("final", type=click.Path(dir_okay=False, path_type=Path))
@format_option
def score_command(draft: Path, final: Path, output_format: str) -> None:
    """BLEU, chrF and TER of DRAFT (machine text) against FINAL (the edited text).

    Both are UTF-8 text files with one segment per line, in the same order. Per-segment TER
    (HTER) and chrF follow the corpus figures.
    """
    try:
        drafts, finals = _lines(draft), _lines(final)
    except (OSError, UnicodeDecodeError) as error:
        _fail(_describe(error))
    if len(drafts) != len(finals):
        _fail(
            f"{draft} has {len(drafts)} lines and {final} has {len(finals)}: "
            "give one segment per line in both files, in the same order."
        )
    metrics = corpus_metrics(list(zip(drafts, finals, strict=True)))
    if metrics is None:
        _fail(f"{draft} and {final} are empty: there is nothing to score.")
    if output_format == "json":
        click.echo(json.dumps(_json(metrics), indent=2))
    else:
        click.echo(_text(metrics))
        for number, segment in enumerate(metrics.segments, start=1):
            click.echo(f"{number}\tTER {segment.ter:.2f}\tchrF {segment.chrf:.2f}")


@click.command("stats")
@click.argument("document")
@format_option
@data_dir_option
@quiet_option
def stats_command(document: str, output_format: str, data_dir: Path, quiet: bool) -> None:
    """Post-editing metrics of DOCUMENT (its id or slug): drafts against confirmed targets.

    BLEU, chrF, TER and the shares of unedited, lightly edited and rewritten segments cover the
    confirmed (translated or approved) segments; the per-segment list covers every segment.
    A document whose figures were never computed (a long imported file) shows a progress bar
    on standard error while they are (not with --quiet), and keeps them for the next time.
    """
    with store_session(data_dir) as session:
        try:
            document_id = find_document(session, document).id
            _store_missing(session, document_id, quiet)
            stats = document_stats(session, document_id)
        except ServiceError as error:
            _fail(str(error))
        # The read wrote nothing; keeping what it measured spares the next one the work.
        store_computed_statistics(session, take_computed_statistics(session))
    metrics = stats.metrics
    if output_format == "json":
        result = (
            _json(metrics)
            if metrics
            else {"bleu": None, "chrf": None, "ter": None, "signature": None}
        )
        result["segments"] = [
            {
                "id": row.id,
                "label": row.label,
                "status": row.status,
                "ter": row.metrics.ter,
                "chrf": row.metrics.chrf,
            }
            for row in stats.segments
        ]
        result["shares"] = metrics.shares.as_dict() if metrics else None
        result["confirmed"] = stats.confirmed
        result["total"] = stats.total
        click.echo(json.dumps(result, indent=2))
        return
    click.echo(f"{stats.title}: {stats.confirmed} of {stats.total} segments confirmed")
    if metrics is None:
        click.echo("No confirmed segments yet: nothing to measure.")
        return
    click.echo(_text(metrics))
    for band in BANDS:
        shares = metrics.shares
        click.echo(f"{BAND_TITLES[band]}: {shares.count(band)} ({shares.share(band):.1f}%)")


def _lines(path: Path) -> list[str]:
    # As sacrebleu reads them: one segment per line, trailing whitespace dropped.
    text = path.read_text(encoding="utf-8-sig")
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [line.rstrip() for line in lines]


def _store_missing(session, document_id: int, quiet: bool) -> None:
    """Compute and keep the statistics the store lacks first, when they are many."""
    pairs = unstored_pairs(session, [document_id])
    if len(pairs) <= INLINE_PAIRS:
        return  # the read computes these few, and they are stored after it
    with unit_of_work(session):
        if quiet:
            store_pair_statistics(session, pairs)
            return
        label = "Computing the metrics"
        with click.progressbar(length=len(pairs), label=label, file=sys.stderr) as bar:
            store_pair_statistics(session, pairs, lambda done, _: bar.update(done - bar.pos))


def _json(metrics: CorpusMetrics) -> dict:
    return {
        "bleu": metrics.bleu,
        "chrf": metrics.chrf,
        "ter": metrics.ter,
        "signature": metrics.signature,
        "segments": [{"ter": s.ter, "chrf": s.chrf} for s in metrics.segments],
    }


def _text(metrics: CorpusMetrics) -> str:
    signature = metrics.signature
    return "\n".join(
        (
            f"BLEU {metrics.bleu:.2f}  ({signature['bleu']})",
            f"chrF {metrics.chrf:.2f}  ({signature['chrf']})",
            f"TER  {metrics.ter:.2f}  ({signature['ter']})",
        )
    )


def _describe(error: Exception) -> str:
    if isinstance(error, OSError) and error.filename:
        return f"{error.filename} cannot be read: {error.strerror or error}"
    return f"A file is not UTF-8 text ({error}). Save it as UTF-8 and try again."


def _fail(message: str) -> NoReturn:
    click.echo(f"error: {message}", err=True)
    sys.exit(USAGE_ERROR)

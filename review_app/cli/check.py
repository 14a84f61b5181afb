"""``review-app check``: run the QA checks on a PO file from the shell or CI."""

import json
import sys
from pathlib import Path

import click

from ..core.checks import CheckContext, Issue, Severity, check_document
from ..core.glossary import Term
from ..core.termmatch import TermMatcher
from ..formats.errors import FormatError
from ..formats.po import PoSegment, read_po
from .glossaries import glossary_option, load_terms

USAGE_ERROR = 2
FOUND_ISSUES = 1


@click.command("check")
@click.argument("po_file", type=click.Path(dir_okay=False, path_type=Path))
@glossary_option("Glossary as CSV, .xlsx or TBX (repeatable); enables the glossary checks.")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
)
@click.option(
    "--fail-on",
    type=click.Choice([s.value for s in Severity]),
    default=Severity.ERROR.value,
    show_default=True,
    help="Exit with 1 when an issue of this severity or a worse one is found.",
)
def check_command(po_file: Path, glossaries, output_format: str, fail_on: str) -> None:
    """Run every QA check on the segments of PO_FILE.

    Exit status: 1 when an issue at or above --fail-on exists, 0 when none does, 2 when an
    input file cannot be used.
    """
    try:
        segments, terms = _load(po_file, glossaries)
    except (FormatError, OSError) as error:
        click.echo(f"error: {_describe(error)}", err=True)
        sys.exit(USAGE_ERROR)
    context = CheckContext(glossary=TermMatcher(terms) if terms else None)
    results = check_document(segments, context)
    found = [
        (segment, issue)
        for segment, issues in zip(segments, results, strict=True)
        for issue in issues
    ]
    if output_format == "json":
        rows = [_json_row(segment, issue) for segment, issue in found]
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        for segment, issue in found:
            click.echo(
                f"{_segment_id(segment)}\t{issue.severity}\t{issue.check_id}\t{issue.message}"
            )
        errors = sum(1 for _, issue in found if issue.severity is Severity.ERROR)
        click.echo(
            f"{len(segments)} segments, {errors} error(s), {len(found) - errors} warning(s)",
            err=True,
        )
    threshold = Severity(fail_on).rank
    if any(issue.severity.rank >= threshold for _, issue in found):
        sys.exit(FOUND_ISSUES)


def _describe(error: Exception) -> str:
    if isinstance(error, OSError) and error.filename:
        return f"{error.filename} cannot be read: {error.strerror or error}"
    return str(error)


def _load(po_file: Path, glossaries) -> tuple[list[PoSegment], list[Term]]:
    segments = read_po(po_file.read_bytes(), str(po_file)).segments
    return segments, load_terms(glossaries)


def _segment_id(segment: PoSegment) -> str | int:
    """The msgctxt, or the 1-based entry number read_po gives an entry without one."""
    key = segment.key
    return int(key) if key.isdigit() and str(int(key)) == key else key


def _json_row(segment: PoSegment, issue: Issue) -> dict:
    row: dict[str, object] = {
        "segment": _segment_id(segment),
        "check": issue.check_id,
        "severity": issue.severity.value,
        "message": issue.message,
        "source_spans": [list(span) for span in issue.source_spans],
        "target_spans": [list(span) for span in issue.target_spans],
    }
    if issue.term is not None:
        row["term"] = {"source": issue.term.source, "target": issue.term.target}
    return row

"""``review-app align``: align a Chinese text with its English draft from the shell."""

import json
import sys
from pathlib import Path

import click

from ..core.bilingual import draft_segments
from ..core.bitext import AlignedText, align_sentences
from ..core.bitext import presegmented as one_sentence_per_line
from ..core.glossary import alignment_pairs
from ..core.segmentation import segment_paragraphs
from ..formats.article import read_paragraphs
from ..formats.cedict_cache import cached_cedict_lexicon
from ..formats.errors import FormatError
from ..formats.po import write_po
from ..formats.text import decode_bytes
from .glossaries import glossary_option, load_terms
from .progress import alignment_progress, quiet_option

USAGE_ERROR = 2
STDIN = Path("-")
STDIN_NAME = "standard input"


@click.command("align")
@click.argument("source", type=click.Path(dir_okay=False, allow_dash=True, path_type=Path))
@click.argument("draft", type=click.Path(dir_okay=False, allow_dash=True, path_type=Path))
@glossary_option("Glossary (CSV, .xlsx or TBX) whose term pairs count as evidence (repeatable).")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["beads", "json", "tsv", "po"]),
    default="beads",
    show_default=True,
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write here instead of standard output.",
)
@click.option(
    "--presegmented",
    is_flag=True,
    help="Each input line is one sentence; bead indices refer to lines.",
)
@quiet_option
def align_command(source, draft, glossaries, output_format, output, presegmented, quiet):
    """Align SOURCE (Chinese) with DRAFT (English) sentence by sentence.

    Either file may be - for standard input. Beads are printed 0-based as in alignment gold
    files: [0,1]:[0], [2]:[], []:[3]. A summary goes to standard error, and so does a
    progress bar for long texts (not with --quiet).
    """
    if source == draft == STDIN:
        _fail("SOURCE and DRAFT cannot both be - (standard input can be read only once)")
    try:
        aligned = _align_files(source, draft, glossaries, presegmented, quiet)
    except (FormatError, OSError) as error:
        _fail(str(error))
    title = "draft" if draft == STDIN else draft.name.split(".")[0]
    rendered = _render(aligned, output_format, title=title)
    if output:
        output.write_text(rendered, encoding="utf-8")
    else:
        sys.stdout.write(rendered)
    _summarise(aligned, source, draft)


def _fail(message: str):
    click.echo(f"error: {message}", err=True)
    sys.exit(USAGE_ERROR)


def _align_files(
    source: Path, draft: Path, glossaries, presegmented: bool, quiet: bool
) -> AlignedText:
    term_pairs = alignment_pairs(load_terms(glossaries))
    if presegmented:
        src, tgt = one_sentence_per_line(_lines(source)), one_sentence_per_line(_lines(draft))
    else:
        src = segment_paragraphs(read_paragraphs(_read(source), _name(source)), "zh")
        tgt = segment_paragraphs(read_paragraphs(_read(draft), _name(draft)), "en")
    for sentences, path in ((src, source), (tgt, draft)):
        if not any(s.text.strip() for s in sentences):
            raise FormatError(_name(path), "has no text to align")
    with alignment_progress(quiet) as progress:
        return align_sentences(
            src, tgt, term_pairs, lexicon=cached_cedict_lexicon(), progress=progress
        )


def _read(path: Path) -> bytes:
    if path == STDIN:
        # The bytes as sent: the encoding is detected like a file's (GBK, UTF-16 …).
        return sys.stdin.buffer.read()
    return path.read_bytes()


def _name(path: Path) -> str:
    return STDIN_NAME if path == STDIN else str(path)


def _lines(path: Path) -> list[str]:
    text = decode_bytes(_read(path), _name(path))
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def _render(aligned: AlignedText, output_format: str, title: str) -> str:
    beads = aligned.alignment.beads
    if output_format == "beads":
        return "".join(f"{_indices(b.source)}:{_indices(b.target)}\n" for b in beads)
    if output_format == "json":
        document = {
            "source": [s.stripped for s in aligned.source_sentences],
            "target": [t.stripped for t in aligned.target_sentences],
            "beads": [
                {
                    "source": list(b.source),
                    "target": list(b.target),
                    "shape": b.shape,
                    "confidence": b.confidence,
                }
                for b in beads
            ],
        }
        return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    segments = aligned.segments()
    if output_format == "tsv":
        rows = ["source_sentences\ttarget_sentences\tshape\tconfidence\tsource\ttarget"]
        for bead, segment in zip(beads, segments, strict=True):
            rows.append(
                "\t".join(
                    [
                        _indices(bead.source),
                        _indices(bead.target),
                        bead.shape,
                        f"{bead.confidence:.3f}",
                        _cell(segment.source),
                        _cell(segment.target),
                    ]
                )
            )
        return "\n".join(rows) + "\n"
    return write_po(draft_segments(segments), title=title)


def _indices(indices: tuple[int, ...]) -> str:
    return "[" + ",".join(map(str, indices)) + "]"


def _cell(text: str) -> str:
    return " ".join(text.split())


def _summarise(aligned: AlignedText, source: Path, draft: Path) -> None:
    alignment = aligned.alignment
    source_name, draft_name = (Path(_name(path)).name for path in (source, draft))
    shapes = ", ".join(
        f"{shape} {count}" for shape, count in sorted(alignment.shape_counts().items())
    )
    click.echo(
        f"{source_name}: {len(aligned.source_sentences)} sentences; "
        f"{draft_name}: {len(aligned.target_sentences)} sentences\n"
        f"beads: {len(alignment.beads)} ({shapes})\n"
        f"low-confidence beads: {alignment.low_confidence_count}; "
        f"mean confidence {alignment.mean_confidence:.2f}",
        err=True,
    )
    if aligned.looks_mismatched:
        click.echo(
            f"warning: {draft_name} may not be a translation of {source_name} "
            f"(mean confidence {alignment.mean_confidence:.2f}); check that the files belong "
            "together. Output was written anyway.",
            err=True,
        )

"""A progress bar on standard error for long alignments, and the ``--quiet`` that hides it."""

import sys
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from typing import Any

import click

from ..core.bitext import Progress, alignment_steps

# About 300 sentences a side: shorter texts align in a second or so, a bar would only flicker.
PROGRESS_MIN_STEPS = alignment_steps(300, 300)

quiet_option = click.option(
    "-q", "--quiet", is_flag=True, help="No progress bar on standard error."
)


@contextmanager
def alignment_progress(quiet: bool) -> Iterator[Progress]:
    """A ``progress`` callback for ``align_sentences`` (None when quiet) that draws Click's
    progress bar on standard error once the alignment turns out to be long."""
    if quiet:
        yield None
        return
    with ExitStack() as stack:
        bars: list[Any] = []  # click.progressbar's class is private to click

        def progress(done: int, total: int) -> None:
            if not bars:
                if total < PROGRESS_MIN_STEPS:
                    return
                bar = click.progressbar(length=total, label="Aligning", file=sys.stderr)
                bars.append(stack.enter_context(bar))
            bars[0].update(done - bars[0].pos)

        yield progress

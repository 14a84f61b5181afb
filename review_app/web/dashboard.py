"""Dashboards: post-editing metrics, progress, QA and activity, for a document or for all.

Charts are SVG drawn on the server from the numbers (no script, nothing fetched from a CDN).
Each chart is hidden from screen readers and followed by a table of the same numbers that
only they read, so nothing is known only by its colour or position.
"""

import csv
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from flask import Blueprint, Response, current_app, redirect, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import login_required

from review_app.core.metrics import BAND_TITLES, BANDS
from review_app.core.workflow import SegmentStatus
from review_app.formats.csvsafe import escape_row
from review_app.services.documents import get_document
from review_app.services.jobs import JobStatus
from review_app.services.metric_jobs import statistics_pending
from review_app.services.metrics import (
    ACTIVITY_KINDS,
    Stats,
    all_documents_stats,
    document_stats,
)

from .db import get_db
from .htmx import is_htmx, page_or_fragment
from .i18n import STATUS_NAMES
from .jobs import enqueue

bp = Blueprint("dashboard", __name__)

STATUS_TITLES = {s: STATUS_NAMES[s] for s in SegmentStatus}
# Bottom to top in the progress columns: done work at the base.
PROGRESS_ORDER = (
    SegmentStatus.APPROVED,
    SegmentStatus.TRANSLATED,
    SegmentStatus.REJECTED,
    SegmentStatus.DRAFT,
)
ACTIVITY_SERIES = {**ACTIVITY_KINDS, "other": _l("Other changes"), "comments": _l("Comments")}
SEVERITY_TITLES = {"error": _l("Errors"), "warning": _l("Warnings")}
MOST_CHANGED = 10

CHART_WIDTH = 640
COLUMN_HEIGHT = 200
BAR_HEIGHT = 22
LABEL_WIDTH = 170
AXIS = 28  # room for the labels under the columns


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    width: float
    height: float
    series: str
    title: str


@dataclass(frozen=True)
class Label:
    x: float
    y: float
    text: str
    anchor: str = "start"


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    rects: list[Rect]
    labels: list[Label]
    series: dict[str, str]  # css suffix -> legend title

    @property
    def empty(self) -> bool:
        return not self.rects


Item = tuple[str, Mapping[str, float]]  # (label, value by series)


def column_chart(items: Sequence[Item], series: dict[str, str], *, every: int = 1) -> Chart:
    """Stacked columns, one per item, stacked in the order of ``series``.

    ``every``: label every n-th column only (the first and last are always labelled).
    """
    top = max((sum(values.values()) for _, values in items), default=0)
    height = COLUMN_HEIGHT + AXIS
    if not items or top <= 0:
        return Chart(CHART_WIDTH, height, [], [], series)
    step = (CHART_WIDTH - 40) / len(items)
    gap = min(4.0, step * 0.2)
    rects, labels = [], [Label(0, 12, f"{top:g}"), Label(0, COLUMN_HEIGHT, "0")]
    for n, (label, values) in enumerate(items):
        x = 40 + n * step
        y = float(COLUMN_HEIGHT)
        for key, title in series.items():
            value = values.get(key, 0)
            if value <= 0:
                continue
            h = COLUMN_HEIGHT * value / top
            y -= h
            rects.append(Rect(x, y, step - gap, h, key, f"{label}: {title} {value:g}"))
        if n % every == 0 or n == len(items) - 1:
            labels.append(Label(x + (step - gap) / 2, COLUMN_HEIGHT + 16, label, "middle"))
    return Chart(CHART_WIDTH, height, rects, labels, series)


def bar_chart(items: Sequence[Item], series: dict[str, str]) -> Chart:
    """Stacked horizontal bars, one per item, with the item's name on the left."""
    top = max((sum(values.values()) for _, values in items), default=0)
    height = len(items) * (BAR_HEIGHT + 6) + 6
    if not items or top <= 0:
        return Chart(CHART_WIDTH, height, [], [], series)
    room = CHART_WIDTH - LABEL_WIDTH - 50
    rects, labels = [], []
    for n, (label, values) in enumerate(items):
        y = 6 + n * (BAR_HEIGHT + 6)
        x = float(LABEL_WIDTH)
        for key, title in series.items():
            value = values.get(key, 0)
            if value <= 0:
                continue
            w = room * value / top
            rects.append(Rect(x, y, w, BAR_HEIGHT, key, f"{label}: {title} {value:g}"))
            x += w
        short = label if len(label) <= 24 else label[:23] + "…"
        labels.append(Label(LABEL_WIDTH - 6, y + BAR_HEIGHT * 0.7, short, "end"))
        labels.append(Label(x + 4, y + BAR_HEIGHT * 0.7, f"{sum(values.values()):g}"))
    return Chart(CHART_WIDTH, height, rects, labels, series)


def charts_of(stats: Stats) -> dict[str, Chart]:
    progress = [(p.label, p.counts) for p in stats.progress]
    return {
        "progress": column_chart(
            progress,
            {s: STATUS_TITLES[s] for s in PROGRESS_ORDER},
            every=max(1, len(progress) // 6),
        ),
        "ter": column_chart(
            [(b.label, {"count": b.count}) for b in stats.histogram], {"count": _l("Segments")}
        ),
        "qa": bar_chart(
            [(q.title, {"error": q.errors, "warning": q.warnings}) for q in stats.qa],
            SEVERITY_TITLES,
        ),
        "activity": bar_chart(
            [
                (
                    p.username,
                    {
                        **{kind: p.count(kind) for kind in (*ACTIVITY_KINDS, "other")},
                        "comments": p.comments,
                    },
                )
                for p in stats.activity
            ],
            ACTIVITY_SERIES,
        ),
    }


def _render(stats: Stats, **context):
    rows = [r for r in stats.segments if r.metrics.edited]
    most_changed = sorted(rows, key=lambda r: -r.metrics.ter)[:MOST_CHANGED]
    return page_or_fragment(
        "dashboard/show.html",
        "dashboard/_panels.html",
        stats=stats,
        charts=charts_of(stats),
        most_changed=most_changed,
        bands=BANDS,
        band_titles=BAND_TITLES,
        status_titles=STATUS_TITLES,
        progress_order=PROGRESS_ORDER,
        activity_series=ACTIVITY_SERIES,
        **context,
    )


def _computing(status: JobStatus, title: str, refresh: str):
    """The page (or, to its own polls, the panel) that says the metrics are being computed;
    it asks again every second and shows the dashboard once they are stored."""
    return page_or_fragment(
        "dashboard/computing.html",
        "dashboard/_computing.html",
        status=202,
        job=status,
        title=title,
        refresh=refresh,
    )


def _pending(document_id: int | None) -> JobStatus | None:
    # Its own polls do not queue a failed job again: it shows them the error instead.
    return statistics_pending(
        get_db(),
        document_id,
        enqueue,
        retry=not is_htmx(),
        inline=current_app.config["INLINE_METRICS_PAIRS"],
    )


@bp.get("/dashboard")
@login_required
def index():
    """Every document together: metrics, progress, QA and activity, and a line per document."""
    refresh = url_for(".index")
    pending = _pending(None)
    if pending is not None:
        return _computing(pending, _("All documents"), refresh)
    return _render(all_documents_stats(get_db()), document_id=None, refresh=refresh)


@bp.get("/documents/<int:document_id>/dashboard")
@login_required
def document(document_id: int):
    """One document's metrics, progress, QA issues and activity."""
    refresh = url_for(".document", document_id=document_id)
    pending = _pending(document_id)
    if pending is not None:
        return _computing(pending, get_document(get_db(), document_id).title, refresh)
    return _render(document_stats(get_db(), document_id), document_id=document_id, refresh=refresh)


CSV_COLUMNS = ("id", "number", "status", "ter", "chrf", "source", "draft", "target")


@bp.get("/documents/<int:document_id>/dashboard.csv")
@login_required
def export_csv(document_id: int):
    """Download the per-segment table: TER and chrF of each draft against its target; the
    dashboard's progress while they are still being computed."""
    if _pending(document_id) is not None:
        return redirect(url_for(".document", document_id=document_id), 303)
    stats = document_stats(get_db(), document_id)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for row in stats.segments:
        writer.writerow(
            escape_row(
                (
                    row.id,
                    row.label,
                    row.status,
                    f"{row.metrics.ter:.2f}",
                    f"{row.metrics.chrf:.2f}",
                    row.source,
                    row.draft,
                    row.target,
                )
            )
        )
    # A byte-order mark so that spreadsheet programs read the Chinese as UTF-8.
    response = Response("\ufeff" + out.getvalue(), mimetype="text/csv")
    response.headers.set(
        "Content-Disposition", "attachment", filename=f"document-{document_id}-metrics.csv"
    )
    return response

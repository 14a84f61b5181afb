"""The QA and MQM summaries that the dashboard shows and the published review report records.

One place adds them up, so that the figures a reviewer saw on the dashboard are the ones the
report of the publication keeps.

    qa_counts([(check_id, severity, count), ...], titles) -> list[QaCount]
    mqm_summary([(severity, category), ...], words)       -> MqmSummary
"""

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from .workflow import MqmSeverity, mqm_score


@dataclass(frozen=True)
class QaCount:
    """Open QA issues of one check."""

    check_id: str
    title: str
    errors: int
    warnings: int

    @property
    def total(self) -> int:
        return self.errors + self.warnings


@dataclass(frozen=True)
class MqmSummary:
    """The MQM errors editors recorded when rejecting segments, and their score."""

    rejections: int
    by_severity: dict[str, int]
    by_category: dict[str, int]
    words: int
    per_thousand_words: float


def qa_counts(rows: Iterable[tuple[str, str, int]], titles: Mapping[str, str]) -> list[QaCount]:
    """Issues by check from (check id, severity, count) rows, most issues first, then by id.

    A check no longer known keeps its id as its title, so old issues still show.
    """
    counts: dict[str, Counter] = defaultdict(Counter)
    for check_id, severity, count in rows:
        counts[check_id][severity] += count
    found = [
        QaCount(check_id, titles.get(check_id, check_id), c["error"], c["warning"])
        for check_id, c in counts.items()
    ]
    return sorted(found, key=lambda q: (-q.total, q.check_id))


def mqm_summary(rejections: Sequence[tuple[str, str]], words: int) -> MqmSummary:
    """The (severity, category) of each recorded rejection, scored per 1,000 ``words`` of the
    current targets; every severity is counted, 0 included; categories most frequent first."""
    by_severity = Counter(severity for severity, _ in rejections)
    return MqmSummary(
        rejections=len(rejections),
        by_severity={s.value: by_severity[s.value] for s in MqmSeverity},
        by_category=dict(Counter(category for _, category in rejections).most_common()),
        words=words,
        per_thousand_words=mqm_score([severity for severity, _ in rejections], words),
    )


def target_words(targets: Iterable[str]) -> int:
    """Words of the translation as the MQM score counts them: runs between whitespace."""
    return sum(len(target.split()) for target in targets)

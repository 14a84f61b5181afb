"""The segment filter as a request spells it: one vocabulary for the workspace, bulk approval
and the API, so "approve all in the current filter" approves exactly the rows on screen."""

from collections.abc import Mapping

from review_app.services.segments import SegmentFilter

# The fields that narrow the segments. "diff" is a way of showing them, not a filter.
FILTER_FIELDS = ("status", "low", "q", "regex", "field", "qa", "edits")
VIEW_FIELDS = ("diff",)


def filter_args(values: Mapping[str, str], *, view: bool = False) -> dict[str, str]:
    """The filter fields ``values`` sets (and the view options with ``view``), to carry into
    links and hidden fields."""
    keys = FILTER_FIELDS + (VIEW_FIELDS if view else ())
    return {k: values[k] for k in keys if values.get(k)}


def segment_filter(values: Mapping[str, str]) -> SegmentFilter:
    """The filter ``values`` (query string, form or JSON-less API arguments) describes;
    ``SegmentFilter`` refuses an unknown value with ``InvalidInput``."""
    return SegmentFilter(
        status=values.get("status", ""),
        low_confidence=values.get("low") == "1",
        query=values.get("q", ""),
        regex=values.get("regex") == "1",
        field=values.get("field", "both") or "both",
        qa=values.get("qa", ""),
        edits=values.get("edits", ""),
    )

"""One entry for bilingual files: which reader or writer a file name or format asks for.

PO by ``.po``/``.pot``; XLIFF by ``.xlf``/``.xliff`` (and Trados ``.sdlxliff``, memoQ
``.mqxliff``, which are XLIFF 1.2), the version read from the file itself; TMX by ``.tmx``
(each unit a segment, in file order).
"""

import io

from ..core.bilingual import BilingualFile, BilingualSegment, segment_key
from ..core.workflow import SegmentStatus
from .errors import FormatError
from .po import read_po, write_po
from .tmx import TmxReport, TmxUnit, read_tmx, write_tmx
from .xliff import read_xliff, write_xliff

PO_SUFFIXES = (".po", ".pot")
XLIFF_SUFFIXES = (".xlf", ".xliff", ".sdlxliff", ".mqxliff")
TMX_SUFFIXES = (".tmx",)
SUFFIXES = PO_SUFFIXES + XLIFF_SUFFIXES + TMX_SUFFIXES
# Format name: (file extension, MIME type).
EXPORT_FORMATS = {
    "po": (".po", "text/x-gettext-translation"),
    "xliff": (".xlf", "application/xliff+xml"),
    "xliff2": (".xlf", "application/xliff+xml"),
    "tmx": (".tmx", "application/x-tmx+xml"),
}
STATUS_PROP = "x-review-app-status"


def is_bilingual(filename: str) -> bool:
    return filename.lower().endswith(SUFFIXES)


def read_bilingual(data: bytes, filename: str) -> BilingualFile:
    """The segments of a PO or XLIFF file, chosen by its name."""
    name = filename.lower()
    if name.endswith(PO_SUFFIXES):
        return read_po(data, filename)
    if name.endswith(XLIFF_SUFFIXES):
        return read_xliff(data, filename)
    if name.endswith(TMX_SUFFIXES):
        return _read_tmx(data, filename)
    raise FormatError(
        filename,
        "is not a bilingual file this app reads: use a PO file (.po), XLIFF 1.2 or 2.0 "
        "(.xlf, .xliff, .sdlxliff, .mqxliff) or TMX (.tmx).",
    )


def _read_tmx(data: bytes, filename: str) -> BilingualFile:
    """A TMX file as a document: its units in order. A memory holds finished translations,
    so a unit with a target is translated (never more: only an editor here approves)."""
    units = list(read_tmx(io.BytesIO(data), filename, TmxReport()))
    segments = [
        BilingualSegment(
            key=unit.tuid or segment_key(str(number)),
            source=unit.source,
            target=unit.target,
            draft=unit.target,
            status=SegmentStatus.TRANSLATED if unit.target.strip() else SegmentStatus.DRAFT,
            note="\n".join(unit.notes),
        )
        for number, unit in enumerate(units, start=1)
    ]
    return BilingualFile(None, segments, "tmx")


def write_bilingual(
    segments: list[BilingualSegment], file_format: str, *, title: str, sign_off: str = ""
) -> tuple[str, str]:
    """(text, file extension) of the segments in ``file_format`` (a key of EXPORT_FORMATS);
    a PO file's header also says who signed the document off (``sign_off``)."""
    extension, _ = EXPORT_FORMATS[file_format]
    if file_format == "po":
        return write_po(segments, title=title, sign_off=sign_off), extension
    if file_format == "tmx":
        return _write_tmx(segments, title), extension
    version = "2.0" if file_format == "xliff2" else "1.2"
    return write_xliff(segments, title=title, version=version), extension


def _write_tmx(segments: list[BilingualSegment], title: str) -> str:
    """The document's translated pairs as TMX 1.4b, each with its neighbours' sources as
    context (what a context match needs) and its status here as a prop."""
    out = io.BytesIO()
    write_tmx(
        (
            TmxUnit(
                source=segment.source,
                target=segment.target,
                prev_source=segments[index - 1].source if index else "",
                next_source=segments[index + 1].source if index + 1 < len(segments) else "",
                origin=title,
                props=((STATUS_PROP, segment.status),),
                notes=(segment.note,) if segment.note else (),
                tuid=segment.key,
            )
            for index, segment in enumerate(segments)
            if segment.source.strip() and segment.target.strip()
        ),
        out,
    )
    return out.getvalue().decode("utf-8")

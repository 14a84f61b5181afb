"""One entry for bilingual files: which reader or writer a file name or format asks for.

PO by ``.po``/``.pot``; XLIFF by ``.xlf``/``.xliff`` (and Trados ``.sdlxliff``, memoQ
``.mqxliff``, which are XLIFF 1.2), the version read from the file itself.
"""

from ..core.bilingual import BilingualFile, BilingualSegment
from .errors import FormatError
from .po import read_po, write_po
from .xliff import read_xliff, write_xliff

PO_SUFFIXES = (".po", ".pot")
XLIFF_SUFFIXES = (".xlf", ".xliff", ".sdlxliff", ".mqxliff")
SUFFIXES = PO_SUFFIXES + XLIFF_SUFFIXES
# Format name: (file extension, MIME type).
EXPORT_FORMATS = {
    "po": (".po", "text/x-gettext-translation"),
    "xliff": (".xlf", "application/xliff+xml"),
    "xliff2": (".xlf", "application/xliff+xml"),
}


def is_bilingual(filename: str) -> bool:
    return filename.lower().endswith(SUFFIXES)


def read_bilingual(data: bytes, filename: str) -> BilingualFile:
    """The segments of a PO or XLIFF file, chosen by its name."""
    name = filename.lower()
    if name.endswith(PO_SUFFIXES):
        return read_po(data, filename)
    if name.endswith(XLIFF_SUFFIXES):
        return read_xliff(data, filename)
    raise FormatError(
        filename,
        "is not a bilingual file this app reads: use a PO file (.po) or XLIFF 1.2 or 2.0 "
        "(.xlf, .xliff, .sdlxliff, .mqxliff).",
    )


def write_bilingual(
    segments: list[BilingualSegment], file_format: str, *, title: str, sign_off: str = ""
) -> tuple[str, str]:
    """(text, file extension) of the segments in ``file_format`` (a key of EXPORT_FORMATS);
    a PO file's header also says who signed the document off (``sign_off``)."""
    extension, _ = EXPORT_FORMATS[file_format]
    if file_format == "po":
        return write_po(segments, title=title, sign_off=sign_off), extension
    version = "2.0" if file_format == "xliff2" else "1.2"
    return write_xliff(segments, title=title, version=version), extension

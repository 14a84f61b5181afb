"""Glossary workbooks (.xlsx): the first sheet, in the columns of a glossary CSV.

openpyxl reads the sheets with defusedxml (installed with this app), so a workbook's XML gets
the same refusal of entities as a TBX file. A workbook is a zip archive: its declared unpacked
size is checked before anything is unpacked, so a small upload cannot unpack into gigabytes.
"""

import io
import zipfile
from datetime import datetime

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from .errors import FormatError
from .glossary import GlossaryFile, read_glossary_rows

MAX_UNPACKED_BYTES = 200 * 1024 * 1024
_NOT_A_WORKBOOK = (
    "is not an Excel workbook (.xlsx) that can be read: {why}. Save it from the spreadsheet "
    "as .xlsx (Excel Workbook) or as CSV UTF-8 and import it again"
)


def read_glossary_xlsx(data: bytes, filename: str) -> GlossaryFile:
    """Terms of the first sheet of an .xlsx workbook; messages name the sheet's row numbers."""
    if not data:
        raise FormatError(filename, "is empty")
    _check_archive(data, filename)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, TypeError) as error:
        raise FormatError(filename, _NOT_A_WORKBOOK.format(why=_reason(error))) from None
    try:
        if not workbook.worksheets:
            raise FormatError(filename, "has no worksheet")
        sheet = workbook.worksheets[0]
        rows = [
            (number, [_cell_text(value) for value in values])
            for number, values in enumerate(sheet.iter_rows(values_only=True), start=1)
        ]
    except (KeyError, ValueError, TypeError, SyntaxError) as error:
        # The sheets are parsed lazily, so a damaged sheet (or refused XML) shows up here.
        raise FormatError(filename, _NOT_A_WORKBOOK.format(why=_reason(error))) from None
    finally:
        workbook.close()
    if not rows:
        raise FormatError(filename, f"has nothing on its first sheet ({sheet.title})")
    return read_glossary_rows(rows, filename, unit="row")


def _check_archive(data: bytes, filename: str) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
    except zipfile.BadZipFile:
        raise FormatError(
            filename, _NOT_A_WORKBOOK.format(why="it is not a zip archive, as .xlsx files are")
        ) from None
    if unpacked > MAX_UNPACKED_BYTES:
        raise FormatError(
            filename,
            f"would unpack to {unpacked // (1024 * 1024):,} MB, over the limit of "
            f"{MAX_UNPACKED_BYTES // (1024 * 1024)} MB; split the glossary into smaller files",
        )


def _cell_text(value: object) -> str:
    """A cell as the text a CSV export of it would hold (5, not 5.0; true, not True)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    return str(value)


def _reason(error: Exception) -> str:
    return str(error).strip(" '\"") or type(error).__name__

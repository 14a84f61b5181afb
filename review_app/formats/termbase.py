"""A glossary file of any kind, told apart by its name: TBX (.tbx, .xml), Excel (.xlsx) or CSV."""

from .errors import FormatError
from .glossary import GlossaryFile, read_glossary_csv
from .tbx import read_tbx
from .workbook import read_glossary_xlsx

TBX_SUFFIXES = (".tbx", ".xml")
WORKBOOK_SUFFIXES = (".xlsx",)
# What a folder of glossaries is loaded from and the upload form offers.
GLOSSARY_SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx", *TBX_SUFFIXES)


def read_termbase(data: bytes, filename: str) -> GlossaryFile:
    name = filename.lower()
    if name.endswith(TBX_SUFFIXES):
        return read_tbx(data, filename)
    if name.endswith(WORKBOOK_SUFFIXES):
        return read_glossary_xlsx(data, filename)
    if name.endswith(".xls"):
        raise FormatError(
            filename,
            "is an old-style Excel .xls workbook, which cannot be read; save it as .xlsx "
            "(Excel Workbook) or CSV UTF-8 and import it again",
        )
    return read_glossary_csv(data, filename)

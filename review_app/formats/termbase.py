"""A glossary file of either kind, told apart by its name: TBX (.tbx, .xml) or CSV."""

from .glossary import GlossaryFile, read_glossary_csv
from .tbx import read_tbx

TBX_SUFFIXES = (".tbx", ".xml")


def read_termbase(data: bytes, filename: str) -> GlossaryFile:
    if filename.lower().endswith(TBX_SUFFIXES):
        return read_tbx(data, filename)
    return read_glossary_csv(data, filename)

"""Glossary files on the command line: ``--glossary`` and the demo's glossaries folder take
CSV, .xlsx and TBX alike."""

import shutil
from pathlib import Path

from openpyxl import Workbook

from review_app.cli import server as server_cli
from review_app.cli.glossaries import load_terms
from review_app.core.glossary import Term, TermStatus
from review_app.services.glossary import list_glossaries

GOLDEN = Path(__file__).resolve().parents[1] / "formats" / "golden" / "tbx"


def write_workbook(path: Path) -> Path:
    book = Workbook()
    book.active.append(["source", "target", "status"])
    book.active.append(["示范区", "demonstration area", "deprecated"])
    book.save(path)
    return path


def test_glossary_option_reads_a_workbook(tmp_path):
    terms = load_terms([write_workbook(tmp_path / "zones.xlsx")])
    assert terms == [Term("示范区", "demonstration area", TermStatus.DEPRECATED)]


def test_the_glossaries_folder_loads_csv_xlsx_and_tbx(tmp_path, session):
    folder = tmp_path / "glossaries"
    folder.mkdir()
    shutil.copy(GOLDEN / "small.csv", folder / "from-csv.csv")
    shutil.copy(GOLDEN / "small.tbx", folder / "from-tbx.tbx")
    write_workbook(folder / "from-xlsx.xlsx")
    (folder / "notes.md").write_text("not a glossary")
    server_cli._load_glossaries(session, folder)
    names = {glossary.name for glossary in list_glossaries(session)}
    assert names == {"from-csv", "from-tbx", "from-xlsx"}

"""The interface's message catalogue: what Babel extracts from the code and the templates
(``babel.cfg``), plus the QA checks' titles, which are their docstrings' first lines.

``python -m review_app.web.catalogue`` brings every PO file in line with the code: new
messages are added untranslated, vanished ones are dropped, translations are kept. The test
suite compares the same extraction with the PO files, so a message added without updating
(and translating) the catalogue fails it.
"""

from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po, write_po

from review_app.services.qa import check_titles

from .i18n import CATALOGUES

ROOT = Path(__file__).resolve().parents[2]
MAPPING = Path(__file__).with_name("babel.cfg")
KEYWORDS = {**DEFAULT_KEYWORDS, "_l": None}


def extracted() -> Catalog:
    """Every message of the interface, as a template catalogue (no translations)."""
    with MAPPING.open(encoding="utf-8") as mapping:
        method_map, options_map = parse_mapping_cfg(mapping, str(MAPPING))
    template = Catalog(project="review-app", fuzzy=False)
    for filename, lineno, message, comments, context in extract_from_dir(
        ROOT, method_map, options_map, keywords=KEYWORDS
    ):
        template.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    for check_id, title in sorted(check_titles().items()):
        template.add(title, None, [(f"check:{check_id}", 0)])
    return template


def po_files() -> list[Path]:
    return sorted(CATALOGUES.glob("*/LC_MESSAGES/messages.po"))


def read(path: Path) -> Catalog:
    with path.open("rb") as po:
        return read_po(po, locale=path.parents[1].name)


def update() -> None:
    template = extracted()
    for path in po_files():
        catalogue = read(path)
        # The header's dates stay as they were, so an update without new messages is no diff.
        created, revised = catalogue.creation_date, catalogue.revision_date
        catalogue.update(template, no_fuzzy_matching=True)
        catalogue.creation_date, catalogue.revision_date = created, revised
        catalogue.obsolete.clear()
        with path.open("wb") as po:
            write_po(po, catalogue, width=100, omit_header=False, include_lineno=False)


if __name__ == "__main__":
    update()

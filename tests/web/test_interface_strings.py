"""Every string of the interface is translatable, and the catalogues are up to date with the
code: a new literal in a template, or a message added without updating the PO files (with
``python -m review_app.web.catalogue``) and translating it, fails here."""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from jinja2 import Environment

from review_app.web import catalogue

TEMPLATES = Path(catalogue.ROOT) / "review_app" / "web" / "templates"
# Attributes people read (or hear): their literal values need translating like text.
READ_ATTRIBUTES = {"title", "placeholder", "aria-label", "alt", "hx-confirm", "label"}
# Not words of the interface: the product's name.
NOT_TRANSLATED = {"review-app"}
# Machine text shown as it is typed: file headers, keys.
LITERAL_ELEMENTS = {"code", "kbd"}
EXPRESSION = "\x01"
LETTERS = re.compile(r"[^\W\d_]")


class _Literals(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.literal_depth = 0

    def handle_starttag(self, tag, attrs):
        self.found += [value or "" for name, value in attrs if name in READ_ATTRIBUTES]
        self.literal_depth += tag in LITERAL_ELEMENTS

    def handle_endtag(self, tag):
        self.literal_depth -= tag in LITERAL_ELEMENTS

    def handle_data(self, data):
        if not self.literal_depth:
            self.found.append(data)


def untranslated_literals(source: str) -> list[str]:
    """The texts and read attributes of a template that are written out rather than passed
    through gettext (an expression counts as translated: it is the template's data)."""
    html, previous = [], "data"
    for _line, kind, value in Environment(extensions=["jinja2.ext.i18n"]).lex(source):
        if kind == "data":
            html.append(value)
        elif previous == "data":
            html.append(EXPRESSION)
        previous = kind
    parser = _Literals()
    parser.feed("".join(html))
    parser.close()
    literals = [text.replace(EXPRESSION, " ").strip() for text in parser.found]
    for name in NOT_TRANSLATED:
        literals = [text.replace(name, "") for text in literals]
    return [text for text in literals if LETTERS.search(text)]


@pytest.mark.parametrize(
    "template", sorted(TEMPLATES.rglob("*.html")), ids=lambda p: str(p.relative_to(TEMPLATES))
)
def test_no_template_has_an_untranslated_literal(template):
    assert untranslated_literals(template.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize(
    ("source", "found"),
    [
        ("<p>Hello</p>", ["Hello"]),
        ('<p title="Tip">{{ _("Hello") }}</p>', ["Tip"]),
        ("<p>{{ name }} · {{ count }}</p>", []),
        ("<button aria-label=\"{{ _('Close') }}\">×</button>", []),
        ("{# a comment #}<a href=\"{{ url_for('x') }}\">Go</a>", ["Go"]),
        ("<p>{{ _('Press') }} <kbd>Ctrl</kbd> <code>source,target</code></p>", []),
        ("<title>{{ t }} · review-app</title>", []),
    ],
)
def test_the_literal_finder_finds_literals(source, found):
    assert untranslated_literals(source) == found


def _ids(catalog) -> set[tuple[str, str | None]]:
    return {(m.id if isinstance(m.id, str) else m.id[0], m.context) for m in catalog if m.id}


@pytest.fixture(scope="module")
def extracted():
    return catalogue.extracted()


@pytest.mark.parametrize("po", catalogue.po_files(), ids=lambda p: p.parents[1].name)
def test_each_catalogue_holds_exactly_the_messages_of_the_code(po, extracted):
    stored = catalogue.read(po)
    assert sorted(_ids(extracted) - _ids(stored)) == [], "run python -m review_app.web.catalogue"
    assert sorted(_ids(stored) - _ids(extracted)) == [], "run python -m review_app.web.catalogue"


@pytest.mark.parametrize("po", catalogue.po_files(), ids=lambda p: p.parents[1].name)
def test_each_catalogue_is_translated_and_its_placeholders_match(po):
    stored = catalogue.read(po)
    untranslated = [m.id for m in stored if m.id and (not m.string or m.fuzzy)]
    assert untranslated == []
    problems = [(m.id, [str(e) for e in errors]) for m, errors in stored.check()]
    assert problems == []


def test_there_is_a_simplified_chinese_catalogue():
    assert [p.parents[1].name for p in catalogue.po_files()] == ["zh_Hans_CN"]

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


# Segments that make every check say every message it has (both sides of each "or"), so that
# each template, nested piece and list separator is seen composed as the checks compose them.
_ODD_SEGMENTS = [
    ("点击⟦1⟧这里⟦/1⟧⟦2⟧。", "Click here⟦/1⟧⟦3⟧."),
    ("谢谢大家的到来。", "Thank you all for coming."),
    ("谢谢大家的到来。", "Thanks, everyone, for coming."),
    ("大会在上海召开了。", "The conference opened in Shanghai today."),
    ("大会在北京召开了。", "The conference opened in Shanghai today."),
    ("上海市人民政府副市长谢东在讲话中强调，要持续深化改革创新。", "Xie Dong spoke."),
    (
        "他提出了四条具体路径，加强法治建设，提升保护效能。",
        "He proposed four specific paths, which he then explained at great length, with many "
        "examples, figures, anecdotes and quotations from earlier speeches and reports, to "
        "strengthen the rule of law and improve the effectiveness of protection, he said.",
    ),
    ("一是加强；二是推进；三是提升。", "First, strengthen; the second is to promote; Third, go."),
    ("一是加强；二是推进。", "First, strengthen; Second, promote."),
    ("建设示范区", "building demonstration sites"),
    ("国家知识产权局发布", "The National Property Office announced"),
    ("建设示范区", "building a demonstration area"),
    ("新闻局发布", "The Press Bureau announced"),
    ("投资3.5亿元，增长2024。", "They invested 1 yuan, and it grew."),
    ("2024年7月26日开幕。", "It opens in August."),
    ("他说：“好。", "He said，“fine (and\u00a0so [on.  Done,"),
    ("他来了。", "He came  here,"),
    ("你好世界", "Hello 世界 the the world"),
    ("你好。", ""),
    ("你好世界。", "你好世界。"),
    ("你为什么来？", "Why did you come."),
    ("他来了。", "He came?"),
    ("他说好。", 'He said "fine.'),
]


def _check_messages():
    from review_app.core.checks import CheckContext, check_document
    from review_app.core.glossary import Term, TermStatus
    from review_app.core.termmatch import TermMatcher

    glossary = TermMatcher(
        [
            Term("示范区", "demonstration zone"),
            Term("示范区", "model zone", TermStatus.ADMITTED),
            Term("示范区", "demonstration area", TermStatus.DEPRECATED, "Literal"),
            Term("国家知识产权局", "CNIPA"),
            Term("国家知识产权局", "National Property Office", TermStatus.FORBIDDEN),
            Term("新闻局", "Press Bureau", TermStatus.FORBIDDEN),
        ]
    )
    segments = [_Pair(source, target) for source, target in _ODD_SEGMENTS]
    found = check_document(segments, CheckContext(glossary))
    return [issue.message for issues in found for issue in issues]


class _Pair:
    def __init__(self, source, target):
        self.source, self.target = source, target


def _placeholders(text: str) -> set[str]:
    return set(re.findall(r"%\((\w+)\)s", text))


def test_every_message_of_the_checks_is_translated_with_the_same_placeholders(extracted):
    from review_app.core.messages import Message, templates

    messages = _check_messages()
    # A message composed with values must be a Message: an f-string has no catalogue entry.
    marked = _marked_in(extracted, "review_app/core")
    assert [m for m in messages if not isinstance(m, Message) and m not in marked] == []
    (po,) = catalogue.po_files()
    stored = {m.id: m for m in catalogue.read(po) if m.id}
    wanted = {template for message in messages for template in templates(message)}
    untranslated = sorted(t for t in wanted if not (t in stored and stored[t].string))
    assert untranslated == []
    assert [t for t in wanted if _placeholders(stored[t].string) != _placeholders(t)] == []


def test_the_odd_segments_make_every_check_say_every_message_it_has(extracted):
    from review_app.core.messages import templates

    messages = _check_messages()
    said = {template for message in messages for template in templates(message)} | set(messages)
    marked = _marked_in(
        extracted, "review_app/core/checks", "review_app/core/inline.py", "review_app/core/messages"
    )
    assert sorted(marked - said) == []


def _marked_in(extracted, *where: str) -> set[str]:
    """The catalogue messages marked in the code under ``where`` (folders or files)."""
    return {
        m.id
        for m in extracted
        if m.id and any(filename.startswith(where) for filename, _ in m.locations)
    }

"""Our XLIFF exports against the official OASIS schemas (tests/formats/schemas): the golden
files, every property-generated export, and a document exported by the app itself."""

from functools import cache
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from review_app.core import inline
from review_app.core.bilingual import BilingualSegment
from review_app.formats.xliff import write_xliff

SCHEMAS = Path(__file__).parent / "schemas"
GOLDEN = Path(__file__).parent / "golden" / "xliff"
SCHEMA_OF = {"1.2": "xliff-core-1.2-strict.xsd", "2.0": "xliff-core-2.0.xsd"}


class _LocalCopies(etree.Resolver):
    """Every schema a schema imports comes from the folder, whatever address it names."""

    def resolve(self, url, pubid, context):
        local = SCHEMAS / url.rsplit("/", 1)[-1]
        return self.resolve_filename(str(local), context) if local.is_file() else None


@cache
def _schema(version: str) -> etree.XMLSchema:
    parser = etree.XMLParser(no_network=True, resolve_entities=False)
    parser.resolvers.add(_LocalCopies())
    return etree.XMLSchema(etree.parse(str(SCHEMAS / SCHEMA_OF[version]), parser))


def assert_valid(text: str, version: str) -> None:
    schema = _schema(version)
    document = etree.fromstring(text.encode("utf-8"), etree.XMLParser(resolve_entities=False))
    assert schema.validate(document), "\n".join(str(error) for error in schema.error_log)


@pytest.mark.parametrize("version", SCHEMA_OF)
def test_the_schema_refuses_what_the_standard_forbids(version):
    # A validator that accepted anything would make every test here pass.
    wrong = write_xliff(
        [BilingualSegment("s1", "一。", "One.", "One.", "translated")], title="t", version=version
    ).replace("<source>", "<source><bold>x</bold>", 1)
    with pytest.raises(AssertionError):
        assert_valid(wrong, version)


@pytest.mark.parametrize(
    ("version", "name"), [("1.2", "segments-1.2.xlf"), ("2.0", "segments-2.0.xlf")]
)
def test_golden_exports_are_valid(version, name):
    assert_valid((GOLDEN / name).read_text("utf-8"), version)


_TEXT = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs",), exclude_characters="\r\u27e6\u27e7"),
    max_size=20,
)
_KEYS = st.sampled_from(["seg-0001", "1", "a b", "x:y", "1:2", "ü", "-", "seg-0001 "])
_CODED = st.sampled_from(
    [
        ("", ""),
        (f"{inline.opening(1)}A{inline.closing(1)}", f"{inline.opening(1)}a{inline.closing(1)}"),
        (inline.opening(2), inline.opening(2)),
    ]
)


@st.composite
def _segments(draw):
    keys = draw(st.lists(_KEYS, min_size=1, max_size=4))
    segments = []
    for key in keys:
        code_source, code_target = draw(_CODED)
        target = draw(_TEXT) + code_target
        segments.append(
            BilingualSegment(
                key=key,
                source=draw(_TEXT) + code_source,
                target=target,
                draft=draw(st.one_of(st.just(target), _TEXT)),
                status=draw(st.sampled_from(["draft", "translated", "approved", "rejected"])),
                shape=draw(st.sampled_from(["1-1", "1-2", "0-1", "1-0"])),
                confidence=draw(st.sampled_from([None, 0.5])),
                note=draw(st.sampled_from(["", "A note", "Two\nlines"])),
            )
        )
    return segments


@settings(max_examples=80, deadline=None)
@given(segments=_segments(), version=st.sampled_from(list(SCHEMA_OF)))
def test_every_export_is_valid(segments, version):
    assert_valid(write_xliff(segments, title="A <title> & more", version=version), version)


@pytest.mark.parametrize(("file_format", "version"), [("xliff", "1.2"), ("xliff2", "2.0")])
def test_the_sample_article_exported_by_the_app_is_valid(auth, app_document, file_format, version):
    auth.login()
    response = auth.get(f"/documents/{app_document}/export?format={file_format}")
    assert response.status_code == 200
    assert_valid(response.get_data(as_text=True), version)

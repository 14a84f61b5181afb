import pytest

from review_app.core.checks import CheckContext, check_segment
from review_app.core.glossary import Term, TermStatus
from review_app.core.termmatch import TermMatcher

GLOSSARY = [
    Term("国家知识产权局", "China National Intellectual Property Administration"),
    Term("国家知识产权局", "CNIPA", TermStatus.ADMITTED, case_sensitive=True),
    Term("国家知识产权局", "National Property Office", TermStatus.FORBIDDEN, "Wrong"),
    Term("示范区", "demonstration zone"),
    Term("示范区", "model zone", TermStatus.ADMITTED),
    Term("示范区", "demonstration area", TermStatus.DEPRECATED, "Literal"),
    Term("三中全会", "Third Plenary Session", case_sensitive=True),
    Term("知识产权", "intellectual property"),
    Term("知识产权", "intellectual property rights", TermStatus.ADMITTED),
    Term("知识产权", "IP", TermStatus.ADMITTED, case_sensitive=True),
    Term("堪途", "CANTOOP"),
]


@pytest.fixture
def context():
    return CheckContext(glossary=TermMatcher(GLOSSARY))


@pytest.fixture
def run(context):
    def run(check_id, source, target):
        return check_segment(source, target, context, checks=[check_id])

    return run

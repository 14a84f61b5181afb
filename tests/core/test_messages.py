"""core.messages: a message is its English text and keeps its template and values."""

import json
import pickle

from hypothesis import given
from hypothesis import strategies as st

from review_app.core.messages import Listing, Message, from_json, templates

_TEXT = st.text(max_size=20)
_VALUE = st.one_of(_TEXT, st.integers(-10_000, 10_000))


@st.composite
def _messages(draw, depth=2):
    names = draw(st.lists(st.sampled_from(["a", "b", "term"]), unique=True, max_size=3))
    params = {}
    for name in names:
        if depth and draw(st.booleans()):
            if draw(st.booleans()):
                params[name] = draw(_messages(depth=depth - 1))
            else:
                items = draw(st.lists(_messages(depth=depth - 1), min_size=1, max_size=3))
                params[name] = Listing(items, draw(st.sampled_from([", ", "; "])))
        else:
            params[name] = draw(_VALUE)
    template = "x " + " ".join(f"%({name})s" for name in names)
    return Message(template, **params)


def test_a_message_reads_as_its_english_text():
    parts = Listing([Message("year %(year)s", year=2024), Message("day %(day)s", day=26)])
    message = Message("the date %(date)s is missing (%(parts)s)", date="7月26日", parts=parts)
    assert message == "the date 7月26日 is missing (year 2024, day 26)"
    assert json.dumps({"m": message}) == json.dumps({"m": str(message)})
    assert list(templates(message)) == [
        "the date %(date)s is missing (%(parts)s)",
        ", ",
        "year %(year)s",
        "day %(day)s",
    ]


def test_a_message_without_values_is_its_template_even_with_a_percent_sign():
    assert Message("100% done") == "100% done"


@given(_messages())
def test_a_message_survives_json_and_pickling(message):
    stored = json.loads(json.dumps(message.to_json()))
    again = from_json(stored["template"], stored["params"])
    assert again == message and again.to_json() == message.to_json()
    copied = pickle.loads(pickle.dumps(message))
    assert copied == message and copied.to_json() == message.to_json()

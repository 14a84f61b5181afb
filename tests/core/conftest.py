"""Shared fixtures for the core tests.

CC-CEDICT takes a few seconds to load; one lexicon serves the whole session (it is immutable:
``with_terms`` returns a new lexicon).
"""

import pytest

from review_app.core.lexicon import Lexicon, cedict_lexicon


@pytest.fixture(scope="session")
def lexicon() -> Lexicon:
    return cedict_lexicon()

"""Shared fixtures for the core tests.

CC-CEDICT takes a few seconds to load; one lexicon serves the whole session (it is immutable:
``with_terms`` returns a new lexicon).
"""

import warnings

import pytest

from review_app.core.lexicon import Lexicon, cedict_lexicon

# When a property test fails, Hypothesis's pytest plugin imports its patch writer, which pulls in
# libcst -> mypy_extensions and emits a DeprecationWarning; with filterwarnings = error that
# becomes an INTERNALERROR that aborts the whole run and hides the falsifying example. Importing
# it here, once, with that warning silenced, keeps a failing property test an ordinary failure.
with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)
    try:
        import hypothesis.extra._patching  # noqa: F401
    except ImportError:
        pass


@pytest.fixture(scope="session")
def lexicon() -> Lexicon:
    return cedict_lexicon()

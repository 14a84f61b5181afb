"""Fixtures for the command-line tests: a Click runner and the sample article's paths."""

from pathlib import Path

import pytest
from click.testing import CliRunner

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def runner() -> CliRunner:
    # Click 8.2+ keeps stderr apart from stdout: result.stdout, result.stderr.
    return CliRunner()


@pytest.fixture(scope="session")
def sample_zh() -> Path:
    return REPO / "translations" / "cantoop-ip-conference.zh.txt"


@pytest.fixture(scope="session")
def sample_en() -> Path:
    return REPO / "translations" / "cantoop-ip-conference.en.txt"


@pytest.fixture(scope="session")
def glossary_csv() -> Path:
    return REPO / "glossaries" / "ip-and-policy.csv"

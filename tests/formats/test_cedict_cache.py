"""The CC-CEDICT cache on disk: built once, read back as the same lexicon, rebuilt when bad."""

from pathlib import Path

import pytest

from review_app.core.lexicon import stem
from review_app.formats import cedict_cache

ENTRIES = {"知识产权": "intellectu property", "保护": "protect safeguard"}


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty cache folder, a small dictionary in place of CC-CEDICT, no process cache."""
    monkeypatch.setenv("REVIEW_APP_CACHE_DIR", str(tmp_path))
    builds = []
    monkeypatch.setattr(
        cedict_cache, "build_cedict_entries", lambda: builds.append(1) or dict(ENTRIES)
    )
    cedict_cache.cached_cedict_lexicon.cache_clear()
    yield tmp_path, builds
    cedict_cache.cached_cedict_lexicon.cache_clear()


def test_first_load_builds_and_writes_the_cache(cache_dir) -> None:
    folder, builds = cache_dir
    lexicon = cedict_cache.cached_cedict_lexicon()
    assert builds == [1]
    assert cedict_cache.cache_path().parent == folder
    assert cedict_cache.read_entries(cedict_cache.cache_path()) == ENTRIES
    assert lexicon.glosses("保护") == {"protect", "safeguard"}


def test_a_later_process_reads_the_cache_instead_of_building(cache_dir) -> None:
    _, builds = cache_dir
    cedict_cache.cached_cedict_lexicon()
    cedict_cache.cached_cedict_lexicon.cache_clear()  # as in a new process
    lexicon = cedict_cache.cached_cedict_lexicon()
    assert builds == [1]
    assert lexicon.knows("知识产权") and not lexicon.knows("示范区")
    assert lexicon.segment("知识产权保护") == ["知识产权", "保护"]


def test_loaded_once_per_process(cache_dir) -> None:
    assert cedict_cache.cached_cedict_lexicon() is cedict_cache.cached_cedict_lexicon()


@pytest.mark.parametrize("content", ["", "知识产权 no tab here\n", "\x00\x01"], ids=repr)
def test_a_damaged_cache_is_rebuilt(cache_dir, content: str) -> None:
    _, builds = cache_dir
    path = cedict_cache.cache_path()
    path.write_text(content, encoding="utf-8")
    lexicon = cedict_cache.cached_cedict_lexicon()
    assert builds == [1]
    assert lexicon.glosses("保护") == {"protect", "safeguard"}
    assert cedict_cache.read_entries(path) == ENTRIES


def test_an_unwritable_cache_folder_still_gives_the_lexicon(cache_dir, monkeypatch) -> None:
    folder, _ = cache_dir
    blocker = folder / "not-a-folder"
    blocker.write_text("a file where the folder should be", encoding="utf-8")
    monkeypatch.setenv("REVIEW_APP_CACHE_DIR", str(blocker))
    assert cedict_cache.cached_cedict_lexicon().knows("保护")


def test_the_real_cache_gives_the_same_lexicon_as_building_it() -> None:
    from review_app.core.lexicon import cedict_lexicon

    cached, built = cedict_cache.cached_cedict_lexicon(), cedict_lexicon()
    assert cached.entries == built.entries
    assert stem("protection") in cached.glosses("保护")

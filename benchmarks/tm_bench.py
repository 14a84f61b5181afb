"""Translation-memory benchmark: lookup speed and recall on 200,000 units, TMX import time,
concordance speed. Prints figures; asserts nothing.

    python benchmarks/tm_bench.py [--units 200000] [--lookups 1000]

The memory: the Chinese/English pairs of ../shared/data (WMT22 news, the WMT23 terminology
paragraphs, the MQM TED sources with their MT) and systematic variations of each (a character
replaced, dropped or added, a number changed, a phrase put before or after), written as a TMX
file and imported through ``services.memory_files.import_tmx`` (the import is timed).

Lookups: 1,000 queries, each a fresh variation of a random unit. The known best match is
found by brute force (rapidfuzz over every unit's normalised source, then ``core.tm`` on the
best 20); recall@5 is the share of queries whose best score is among the five matches
``services.tm.lookup`` returns. Concordance: 200 searches for 1–2 Chinese characters of a
unit's source, 200 for 3–4, and 200 for a word of a unit's English.

On SQLite (a temporary file); with DATABASE_URL naming PostgreSQL, on a fresh database there,
dropped afterwards.
"""

import argparse
import io
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
sys.path.insert(0, str(ROOT))

from rapidfuzz import process  # noqa: E402
from rapidfuzz.distance import Levenshtein  # noqa: E402
from sqlalchemy import create_engine, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from review_app.core.tm import normalize_source, similarity  # noqa: E402
from review_app.formats.tmx import TmxUnit, write_tmx  # noqa: E402
from review_app.services import tm  # noqa: E402
from review_app.services.memory_files import import_tmx  # noqa: E402
from review_app.services.projects import default_project, written_memory  # noqa: E402
from review_app.store import make_engine, make_session_factory, sqlite_url, upgrade  # noqa: E402

HAN = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严龙飞"  # noqa: E501
PHRASES = ("据报道，", "此外，", "与此同时，", "他表示，", "数据显示，")
SUFFIXES = ("。", "，但仍有不足。", "，业内人士认为。", "！")


def base_pairs() -> list[tuple[str, str]]:
    pairs: list[tuple[str, str]] = []
    news = DATA / "news" / "wmt22-zhen"
    zh = (news / "generaltest2022.zh-en.src.zh").read_text("utf-8").splitlines()
    en = (news / "generaltest2022.zh-en.ref.A.en").read_text("utf-8").splitlines()
    pairs += list(zip(zh, en, strict=True))
    term = DATA / "terminology" / "wmt23-zhen-dev"
    zh = (term / "zhen.zh").read_text("utf-8").splitlines()
    en = (term / "zhen.en").read_text("utf-8").splitlines()
    pairs += list(zip(zh, en, strict=True))
    mqm = DATA / "mqm" / "ted-zhen-dev" / "mqm_ted_zhen.dev.tsv"
    for line in mqm.read_text("utf-8").splitlines()[1:]:
        fields = line.split("\t")
        if len(fields) > 5:
            pairs.append((fields[4], fields[5].replace("<v>", "").replace("</v>", "")))
    seen, unique = set(), []
    for zh_text, en_text in pairs:
        zh_text, en_text = zh_text.strip(), en_text.strip()
        if len(zh_text) >= 4 and en_text and zh_text not in seen and len(zh_text) <= 400:
            seen.add(zh_text)
            unique.append((zh_text, en_text))
    return unique


def vary(source: str, rng: random.Random) -> str:
    """One systematic variation of a source: what a later document might say instead."""
    kind = rng.randrange(6)
    position = rng.randrange(len(source))
    if kind == 0:
        return source[:position] + rng.choice(HAN) + source[position + 1 :]
    if kind == 1 and len(source) > 5:
        return source[:position] + source[position + 1 :]
    if kind == 2:
        return source[:position] + rng.choice(HAN) + source[position:]
    if kind == 3:
        digits = [i for i, c in enumerate(source) if c.isdigit()]
        if digits:
            i = rng.choice(digits)
            return source[:i] + str((int(source[i]) + rng.randrange(1, 9)) % 10) + source[i + 1 :]
        return source + f"（{rng.randrange(1, 2030)}年）"
    if kind == 4:
        return rng.choice(PHRASES) + source
    return source.rstrip("。！？") + rng.choice(SUFFIXES)


def build_units(pairs, count: int, rng: random.Random) -> list[TmxUnit]:
    units = [TmxUnit(zh, en) for zh, en in pairs]
    seen = {zh for zh, _ in pairs}
    while len(units) < count:
        zh, en = pairs[rng.randrange(len(pairs))]
        variant = vary(vary(zh, rng), rng) if rng.random() < 0.3 else vary(zh, rng)
        if variant in seen:
            continue
        seen.add(variant)
        units.append(TmxUnit(variant, en))
    return units[:count]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def report(name: str, values_ms: list[float]) -> None:
    print(
        f"  {name}: median {statistics.median(values_ms):.1f} ms, "
        f"p95 {percentile(values_ms, 0.95):.1f} ms, max {max(values_ms):.1f} ms"
    )


def run(url: str, units_wanted: int, lookups: int) -> None:
    rng = random.Random(13)
    pairs = base_pairs()
    units = build_units(pairs, units_wanted, rng)
    print(f"  memory: {len(units):,} units from {len(pairs):,} base pairs of ../shared/data")
    tmx = io.BytesIO()
    write_tmx(units, tmx)
    engine = make_engine(url)
    upgrade(engine)
    factory = make_session_factory(engine)
    with factory() as session:
        memory = written_memory(session, default_project(session).id)
        tmx.seek(0)
        started = time.perf_counter()
        result = import_tmx(session, None, memory.id, tmx, "bench.tmx")
        seconds = time.perf_counter() - started
        print(
            f"  TMX import: {result.added:,} units ({len(tmx.getvalue()) / 1e6:.0f} MB) "
            f"in {seconds:.1f} s ({result.added / seconds:,.0f} units/s)"
        )
        memory_id = memory.id

    normalized = [normalize_source(u.source) for u in units]
    queries = []
    while len(queries) < lookups:
        source = units[rng.randrange(len(units))].source
        query = vary(source, rng)
        if normalize_source(query) not in normalized_set(normalized):
            queries.append(query)
    times, found, missed = [], 0, []
    with factory() as session:
        tm.lookup(session, [memory_id], queries[0])  # warm the caches once
        for query in queries:
            started = time.perf_counter()
            matches = tm.lookup(session, [memory_id], query)
            times.append(1000 * (time.perf_counter() - started))
            best = brute_force_best(query, normalized, units)
            if matches and matches[0].score >= best or any(m.score == best for m in matches):
                found += 1
            else:
                missed.append((query, best, [m.score for m in matches]))
            session.rollback()  # as a request ends: no snapshot kept open
    report(f"{lookups:,} lookups", times)
    print(f"  recall@5 of the known best match: {100 * found / lookups:.1f} %")
    for query, best, scores in missed[:3]:
        print(f"    missed: {query[:40]}… best {best}, got {scores}")

    sources = [u.source for u in units]
    words = [w for u in units[:5000] for w in u.target.split() if w.isalpha() and len(w) > 3]
    for name, side, make in (
        ("1-2 characters", "source", lambda: _substring(sources, rng, 1, 2)),
        ("3-4 characters", "source", lambda: _substring(sources, rng, 3, 4)),
        ("an English word", "target", lambda: rng.choice(words)),
    ):
        times = []
        with factory() as session:
            for _ in range(200):
                query = make()
                started = time.perf_counter()
                tm.concordance(session, query, side)
                times.append(1000 * (time.perf_counter() - started))
                session.rollback()
        report(f"concordance, 200 searches for {name}", times)
    engine.dispose()


_NORMALIZED_SET: dict[int, set[str]] = {}


def normalized_set(normalized: list[str]) -> set[str]:
    key = id(normalized)
    if key not in _NORMALIZED_SET:
        _NORMALIZED_SET[key] = set(normalized)
    return _NORMALIZED_SET[key]


def brute_force_best(query: str, normalized: list[str], units: list[TmxUnit]) -> int:
    """The best score over the whole memory: rapidfuzz's 20 nearest, scored by core.tm."""
    nearest = process.extract(
        normalize_source(query), normalized, scorer=Levenshtein.normalized_similarity, limit=20
    )
    return max(similarity(query, units[index].source) for _, _, index in nearest)


def _substring(sources: list[str], rng: random.Random, shortest: int, longest: int) -> str:
    """A piece of a random unit's source that is all Chinese characters."""
    while True:
        source = sources[rng.randrange(len(sources))]
        length = rng.randint(shortest, longest)
        start = rng.randrange(max(1, len(source) - length))
        piece = source[start : start + length]
        if len(piece) == length and all("\u4e00" <= c <= "\u9fff" for c in piece):
            return piece


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=200_000)
    parser.add_argument("--lookups", type=int, default=1_000)
    parser.add_argument("--skip-sqlite", action="store_true", help="PostgreSQL only.")
    args = parser.parse_args()
    if not args.skip_sqlite:
        with tempfile.TemporaryDirectory() as folder:
            print("SQLite:")
            run(sqlite_url(Path(folder)), args.units, args.lookups)
    server = os.environ.get("DATABASE_URL", "")
    if server.startswith("postgresql"):
        name = f"tm_bench_{os.getpid()}"
        admin = create_engine(
            make_url(server).set(database="postgres"), isolation_level="AUTOCOMMIT"
        )
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        try:
            print("PostgreSQL:")
            url = make_url(server).set(database=name).render_as_string(hide_password=False)
            run(url, args.units, args.lookups)
        finally:
            with admin.connect() as connection:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()


if __name__ == "__main__":
    main()

"""Alignment benchmark: quality on real data against a Gale–Church baseline, then speed and memory.

    python benchmarks/align_bench.py            # everything (about three minutes)
    python benchmarks/align_bench.py --quick    # quality only

1. MAC-Dev (../shared/data/alignment/mac-dev): six chapters of Chinese novels with their
   published English translations and gold beads, one sentence per line. Our aligner and NLTK's
   Gale–Church (Chinese lengths scaled by the document's character ratio) on the same input,
   scored by ../shared/tools/score_alignment.py (strict and lax P/R/F1).
2. News: WMT22 zh-en source lines against an MT system's lines (line-parallel), cut into
   documents of 150 lines, with English lines joined, lines dropped on either side and web
   boilerplate inserted at seeded random places; the gold beads follow from the edits. The
   inserted lines are ordinary page chrome that core/boilerplate.py recognises, so the run is
   repeated with that detection off: the honest figure for chrome it does not know.
3. Mismatch: each MAC-Dev chapter against another chapter's translation; the mean confidence
   should fall below the mismatch threshold while the right pairs stay above it.
4. Scale: time and peak memory (RSS, in a fresh process each) on all of MAC-Dev joined into one
   document and on 1k, 2k, 5k, 10k and 20k Chinese sentences (English count in the same
   proportion, 6.5k at 5k); the CC-CEDICT load is reported apart, and the whole process's CPU
   time beside the wall time (the machine is shared: CPU time is the steadier figure).
   Medians of three runs. The previous version (``--previous``, by default the commit this
   branch left main at) runs the same sizes up to ``--previous-max`` from a ``git archive``
   of it, and the ratio of its alignment time to this one's is printed.

    python benchmarks/align_bench.py --profile 5000 6500   # cProfile of one alignment
    python benchmarks/align_bench.py --scale-only --huge   # and 50,000 x 65,000 by the CLI

Predicted beads are written to benchmarks/out/ so that the scorer can be rerun on them.
"""

import argparse
import cProfile
import json
import pstats
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
MAC_DEV = SHARED / "data" / "alignment" / "mac-dev"
WMT22 = SHARED / "data" / "news" / "wmt22-zhen"
OUT = ROOT / "benchmarks" / "out"

sys.path.insert(0, str(SHARED / "tools"))
sys.path.insert(0, str(ROOT))

from score_alignment import read_beads, score_docs  # noqa: E402

from review_app.core.bitext import (  # noqa: E402
    MISMATCH_MEAN_CONFIDENCE,
    align_sentences,
    presegmented,
)
from review_app.formats.cedict_cache import cached_cedict_lexicon  # noqa: E402

BOILERPLATE = [
    "Back to Home",
    "Share this article:",
    "Related News",
    "Copyright © 2024 All rights reserved.",
    "Scan the QR code to follow us on WeChat",
    "Previous: Company News",
]


def read_lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def mac_dev_docs() -> list[tuple[str, list[str], list[str], list]]:
    docs = []
    for gold in sorted((MAC_DEV / "gold").glob("*.align")):
        name = gold.stem
        docs.append(
            (
                name,
                read_lines(MAC_DEV / "zh" / f"{name}.zh"),
                read_lines(MAC_DEV / "en" / f"{name}.en"),
                read_beads(gold),
            )
        )
    return docs


def news_docs(seed: int = 2024, size: int = 150, system: str = "Online-B"):
    """Line-parallel WMT22 documents with known joins, drops and boilerplate insertions."""
    source = read_lines(WMT22 / "generaltest2022.zh-en.src.zh")
    target = read_lines(WMT22 / f"generaltest2022.zh-en.hyp.{system}.en")
    rng = random.Random(seed)
    docs = []
    for start in range(0, len(source) - size + 1, size):
        src_in, tgt_in = source[start : start + size], target[start : start + size]
        src, tgt, gold = [], [], []
        k = 0
        while k < size:
            roll = rng.random()
            if roll < 0.04 and k + 1 < size:  # two English lines joined into one
                gold.append(([len(src), len(src) + 1], [len(tgt)]))
                src += [src_in[k], src_in[k + 1]]
                tgt.append(tgt_in[k] + " " + tgt_in[k + 1])
                k += 2
                continue
            if roll < 0.06:  # Chinese line dropped: its English has no source
                gold.append(([], [len(tgt)]))
                tgt.append(tgt_in[k])
            elif roll < 0.08:  # English line dropped
                gold.append(([len(src)], []))
                src.append(src_in[k])
            else:
                if roll < 0.11:  # boilerplate inserted before the line
                    gold.append(([], [len(tgt)]))
                    tgt.append(rng.choice(BOILERPLATE))
                gold.append(([len(src)], [len(tgt)]))
                src.append(src_in[k])
                tgt.append(tgt_in[k])
            k += 1
        docs.append((f"news{start // size + 1:02d}", src, tgt, gold))
    return docs


def ours(src: list[str], tgt: list[str], detect_boilerplate: bool = True):
    aligned = align_sentences(
        presegmented(src),
        presegmented(tgt),
        detect_boilerplate=detect_boilerplate,
        lexicon=cached_cedict_lexicon(),
    )
    alignment = aligned.alignment
    return [(b.source, b.target) for b in alignment.beads], alignment


def gale_church(src: list[str], tgt: list[str]):
    """NLTK's Gale–Church on character lengths, Chinese lengths scaled to English."""
    from nltk.translate import gale_church as gc

    src_len = [len("".join(s.split())) for s in src]
    tgt_len = [len(t) for t in tgt]
    ratio = sum(tgt_len) / max(1, sum(src_len))
    scaled = [max(1, round(n * ratio)) for n in src_len]
    links = gc.align_blocks(scaled, [max(1, n) for n in tgt_len])
    return links_to_beads(links, len(src), len(tgt))


def links_to_beads(links, n: int, m: int):
    """Group (source, target) links into beads; unlinked sentences become 1-0 / 0-1 beads."""
    beads: list[tuple[set, set]] = []
    for i, j in sorted(links):
        if beads and (i in beads[-1][0] or j in beads[-1][1]):
            beads[-1][0].add(i)
            beads[-1][1].add(j)
        else:
            beads.append(({i}, {j}))
    linked_src = {i for i, _ in links}
    linked_tgt = {j for _, j in links}
    beads += [({i}, set()) for i in range(n) if i not in linked_src]
    beads += [(set(), {j}) for j in range(m) if j not in linked_tgt]
    return [(tuple(sorted(s)), tuple(sorted(t))) for s, t in beads]


def write_beads(folder: Path, name: str, beads) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    lines = [f"[{','.join(map(str, s))}]:[{','.join(map(str, t))}]" for s, t in beads]
    (folder / f"{name}.align").write_text("\n".join(lines) + "\n", encoding="utf-8")


# Issue 16's targets, printed beside the figures (strict F1, lax F1; None: no target).
TARGETS = {"mac-dev": (0.90, 0.99), "news": (0.99, None)}
SCALE_TARGET = (5000, 5.0, 500)  # zh sentences, align seconds, peak MB


def quality(title: str, docs, out_name: str, ablate_boilerplate: bool = False) -> None:
    print(
        f"\n== {title}: {len(docs)} documents, "
        f"{sum(len(d[1]) for d in docs)} zh / {sum(len(d[2]) for d in docs)} en sentences"
    )
    golds, mine, baseline = [], [], []
    started = time.perf_counter()
    for name, src, tgt, gold in docs:
        beads, alignment = ours(src, tgt)
        write_beads(OUT / out_name, name, beads)
        golds.append(gold)
        mine.append(beads)
        per_doc = score_docs([gold], [beads])
        print(
            f"  {name}: strict F1 {per_doc['f1_strict']:.3f}  lax F1 {per_doc['f1_lax']:.3f}  "
            f"low-confidence beads {alignment.low_confidence_count}/{len(alignment.beads)}"
        )
    ours_seconds = time.perf_counter() - started
    started = time.perf_counter()
    for _, src, tgt, _ in docs:
        baseline.append(gale_church(src, tgt))
    baseline_seconds = time.perf_counter() - started
    rows = [("review-app", mine, ours_seconds), ("Gale-Church (NLTK)", baseline, baseline_seconds)]
    if ablate_boilerplate:
        started = time.perf_counter()
        plain = [ours(src, tgt, detect_boilerplate=False)[0] for _, src, tgt, _ in docs]
        rows.insert(1, ("  without chrome detection", plain, time.perf_counter() - started))
    print(f"  {'':28}{'strict P':>9}{'R':>7}{'F1':>7}{'lax P':>8}{'R':>7}{'F1':>7}{'seconds':>9}")
    for label, predicted, seconds in rows:
        r = score_docs(golds, predicted)
        print(
            f"  {label:28}{r['precision_strict']:9.3f}{r['recall_strict']:7.3f}"
            f"{r['f1_strict']:7.3f}{r['precision_lax']:8.3f}{r['recall_lax']:7.3f}"
            f"{r['f1_lax']:7.3f}{seconds:9.1f}"
        )
    strict, lax = TARGETS[out_name]
    lax_target = f"{lax:7.2f}" if lax else f"{'-':>7}"
    print(f"  {'target':28}{'':14}{strict:7.2f}{'':15}{lax_target}")


def mismatch(docs) -> None:
    print(f"\n== Mismatch detection (threshold: mean confidence < {MISMATCH_MEAN_CONFIDENCE})")
    right, wrong = [], []
    for k, (name, src, tgt, _) in enumerate(docs):
        right.append(ours(src, tgt)[1].mean_confidence)
        other_name, _, other_tgt, _ = docs[(k + 1) % len(docs)]
        wrong.append(ours(src, other_tgt)[1].mean_confidence)
        print(
            f"  zh {name} with en {name}: {right[-1]:.2f}   with en {other_name}: {wrong[-1]:.2f}"
        )
    flagged_right = sum(c < MISMATCH_MEAN_CONFIDENCE for c in right)
    flagged_wrong = sum(c < MISMATCH_MEAN_CONFIDENCE for c in wrong)
    print(
        f"  wrong pairs flagged: {flagged_wrong}/{len(wrong)}; "
        f"right pairs flagged: {flagged_right}/{len(right)}"
    )


WINDOWS = (300, 500)  # small windows, so that MAC-Dev joined is cut several times


def windows(sets) -> None:
    """A text longer than WINDOW_SENTENCES is aligned in windows; small windows on the joined
    sets show what the cuts cost, beside the same text aligned whole."""
    print("\n== Long texts in windows (each set joined into one text; strict / lax F1)")
    print(f"  {'':28}" + "".join(f"{label:>16}" for label in ("whole", *map(str, WINDOWS))))
    for label, docs in sets:
        src, tgt = [s for d in docs for s in d[1]], [s for d in docs for s in d[2]]
        gold = _joined_gold(docs)
        row = f"  {label:28}"
        for window in (len(src), *WINDOWS):
            aligned = align_sentences(
                presegmented(src), presegmented(tgt), lexicon=cached_cedict_lexicon(), window=window
            )
            r = score_docs([gold], [[(b.source, b.target) for b in aligned.alignment.beads]])
            row += f"{r['f1_strict']:.3f} / {r['f1_lax']:.3f}".rjust(16)
        print(row, flush=True)


def scale_sizes(docs) -> list[tuple[str, int, int]]:
    zh_total = sum(len(d[1]) for d in docs)
    en_total = sum(len(d[2]) for d in docs)
    return [("MAC-Dev joined", zh_total, en_total)] + [
        (f"{k}k", k * 1000, k * 1300) for k in (1, 2, 5, 10, 20)
    ]


def scale_input(n: int, m: int) -> tuple[list[str], list[str]]:
    """MAC-Dev's sentences repeated to n Chinese and m English ones."""
    docs = mac_dev_docs()
    zh = [s for d in docs for s in d[1]]
    en = [s for d in docs for s in d[2]]
    return (zh * (n // len(zh) + 1))[:n], (en * (m // len(en) + 1))[:m]


def scale_run(n: int, m: int) -> dict:
    """One measurement, meant to run in a fresh process (peak RSS is per process)."""
    src, tgt = scale_input(n, m)
    started = time.perf_counter()
    lexicon = cached_cedict_lexicon()
    loaded = time.perf_counter()
    align_sentences(presegmented(src), presegmented(tgt), lexicon=lexicon)
    done = time.perf_counter()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"load": loaded - started, "align": done - loaded, "peak_mb": peak_mb}


def profile(n: int, m: int) -> None:
    src, tgt = scale_input(n, m)
    lexicon = cached_cedict_lexicon()
    profiler = cProfile.Profile()
    profiler.runcall(align_sentences, presegmented(src), presegmented(tgt), lexicon=lexicon)
    pstats.Stats(profiler).sort_stats("tottime").print_stats(30)


# Linux keeps a process's peak RSS across exec, so a run forked straight from this process
# (the lexicon and both data sets loaded) would report at least this process's size: each run
# starts from a small Python process instead.
_LAUNCHER = [
    sys.executable,
    "-c",
    "import subprocess, sys; sys.stdout.write(subprocess.run(sys.argv[1:], check=True, "
    "capture_output=True, text=True).stdout)",
]


def measure(script: Path, n: int, m: int, repeats: int) -> dict:
    """Medians over fresh processes; ``cpu`` is the whole child process's user + system time."""
    runs = []
    for _ in range(repeats):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        result = subprocess.run(
            [*_LAUNCHER, sys.executable, str(script), "--scale-run", str(n), str(m)],
            check=True,
            capture_output=True,
            text=True,
        )
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        run = json.loads(result.stdout.strip().splitlines()[-1])
        run["cpu"] = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        runs.append(run)
    return {key: statistics.median(r[key] for r in runs) for key in runs[0]}


def previous_version(revision: str, folder: Path) -> Path:
    """The benchmark script of ``revision``, unpacked beside a link to the shared data."""
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", revision, "review_app", "benchmarks"],
        check=True,
        capture_output=True,
    ).stdout
    root = folder / "previous"
    root.mkdir()
    subprocess.run(["tar", "-x", "-C", str(root)], input=archive, check=True)
    (folder / "shared").symlink_to(SHARED)
    return root / "benchmarks" / "align_bench.py"


def scale(docs, repeats: int, previous: str | None, previous_max: int) -> None:
    n_target, seconds_target, mb_target = SCALE_TARGET
    print(f"\n== Scale (fresh process per run; median of {repeats})")
    print(f"  target: {n_target} zh in <= {seconds_target} s and <= {mb_target} MB; linear growth")
    if previous:
        print(f"  previous version: {previous} (sizes up to {previous_max} zh)")
    print(
        f"  {'document':16}{'zh':>7}{'en':>7}{'align s':>9}{'s/1k zh':>9}{'CPU s':>8}"
        f"{'load s':>8}{'peak MB':>9}{'prev s':>8}{'prev MB':>9}{'ratio':>7}"
    )
    with tempfile.TemporaryDirectory() as folder:
        old_script = previous_version(previous, Path(folder)) if previous else None
        for label, n, m in scale_sizes(docs):
            now = measure(Path(__file__), n, m, repeats)
            row = (
                f"  {label:16}{n:7}{m:7}{now['align']:9.2f}{now['align'] / n * 1000:9.2f}"
                f"{now['cpu']:8.2f}{now['load']:8.2f}{now['peak_mb']:9.0f}"
            )
            if old_script and n <= previous_max:
                before = measure(old_script, n, m, repeats)
                row += (
                    f"{before['align']:8.2f}{before['peak_mb']:9.0f}"
                    f"{before['align'] / now['align']:7.1f}"
                )
            print(row, flush=True)


HUGE = (50_000, 65_000)  # about: whole chapters
# A small launcher, as for the scale runs, whose child writes to our pipes directly. It writes
# its child's peak RSS to the file it is given: our own RUSAGE_CHILDREN would report the
# largest of every run so far (the previous version's 20k run among them).
_PASS_THROUGH = (
    "import resource, subprocess, sys; code = subprocess.run(sys.argv[2:]).returncode; "
    "open(sys.argv[1], 'w').write(str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)); "
    "sys.exit(code)"
)


def huge() -> None:
    """The bad-input case of a 50,000-sentence pair, through the command a user runs: time,
    peak memory and the progress bar's last report."""
    # Whole chapters repeated on both sides, so that the pair stays parallel to its end (the
    # scale runs cut each side at its own count, and their tails drift apart).
    docs = mac_dev_docs()
    copies = HUGE[0] // sum(len(d[1]) for d in docs)
    src = [s for _ in range(copies) for d in docs for s in d[1]]
    tgt = [s for _ in range(copies) for d in docs for s in d[2]]
    gold = _joined_gold([d for _ in range(copies) for d in docs])
    n, m = len(src), len(tgt)
    print(f"\n== A {n:,} x {m:,} sentence pair through `review-app align --presegmented`")
    print(f"  MAC-Dev's six chapters {copies} times over")
    with tempfile.TemporaryDirectory() as folder:
        zh, en = Path(folder) / "source.zh", Path(folder) / "draft.en"
        zh.write_text("\n".join(src) + "\n", encoding="utf-8")
        en.write_text("\n".join(tgt) + "\n", encoding="utf-8")
        command = [sys.executable, "-m", "review_app.cli", "align", "--presegmented"]
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        peak = Path(folder) / "peak"
        launcher = [sys.executable, "-c", _PASS_THROUGH, str(peak)]
        result = subprocess.run(
            [*launcher, *command, str(zh), str(en), "-o", str(Path(folder) / "beads")],
            capture_output=True,
            text=True,
        )
        wall = time.perf_counter() - started
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        peak_mb = int(peak.read_text()) / 1024
        found = []
        if result.returncode == 0:
            found = read_beads(Path(folder) / "beads")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    print(f"  exit {result.returncode}; {wall:.1f} s wall, {cpu:.1f} s CPU, {len(found):,} beads")
    print(f"  peak MB: {peak_mb:.0f}")
    if found:
        scores = score_docs([gold], [found])
        print(
            f"  against MAC-Dev's gold beads, repeated: strict F1 {scores['f1_strict']:.3f}, "
            f"lax F1 {scores['f1_lax']:.3f} (MAC-Dev joined as one text, once: see the scale rows)"
        )
    # Not a terminal here, so Click draws the bar's label and its end only. The summary's
    # skips and low-confidence beads say whether the alignment held to the end.
    for line in result.stderr.replace("\r", "\n").splitlines()[-6:]:
        print(f"  stderr: {line.strip()[:100]}")


def _joined_gold(docs) -> list:
    """The gold beads of documents joined one after the other, in the joined indices."""
    gold, zh_offset, en_offset = [], 0, 0
    for _, src, tgt, beads in docs:
        for source, target in beads:
            gold.append(([i + zh_offset for i in source], [j + en_offset for j in target]))
        zh_offset, en_offset = zh_offset + len(src), en_offset + len(tgt)
    return gold


def default_previous() -> str | None:
    """Where this branch left main: the version before the current work."""
    result = subprocess.run(
        ["git", "-C", str(ROOT), "merge-base", "HEAD", "main"], capture_output=True, text=True
    )
    return result.stdout.strip() or None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="quality only, no scale runs")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--previous", help="git revision to compare speed with (default: main)")
    parser.add_argument("--previous-max", type=int, default=5000, help="largest size it runs")
    parser.add_argument("--scale-only", action="store_true", help="speed and memory only")
    parser.add_argument("--profile", nargs=2, type=int, metavar=("ZH", "EN"))
    parser.add_argument(
        "--huge", action="store_true", help="also a 50,000-sentence pair through the CLI"
    )
    parser.add_argument(
        "--scale-run", nargs=2, type=int, metavar=("ZH", "EN"), help=argparse.SUPPRESS
    )
    args = parser.parse_args()
    if args.scale_run:
        print(json.dumps(scale_run(*args.scale_run)))
        return
    if args.profile:
        profile(*args.profile)
        return
    cached_cedict_lexicon()
    docs = mac_dev_docs()
    if args.scale_only:
        scale(docs, args.repeats, args.previous or default_previous(), args.previous_max)
        if args.huge:
            huge()
        return
    quality("MAC-Dev (literary, published translations)", docs, "mac-dev")
    quality(
        "News (WMT22 source vs Online-B, with joins, drops, boilerplate)",
        news_docs(),
        "news",
        ablate_boilerplate=True,
    )
    mismatch(docs)
    windows([("MAC-Dev joined", docs), ("News joined", news_docs())])
    if not args.quick:
        scale(docs, args.repeats, args.previous or default_previous(), args.previous_max)
    if args.huge:
        huge()


if __name__ == "__main__":
    main()

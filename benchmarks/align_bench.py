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
   document and on 1k, 2k and 5k Chinese sentences (English count in the same proportion,
   6.5k at 5k); the CC-CEDICT load is reported apart. Medians of three runs.

Predicted beads are written to benchmarks/out/ so that the scorer can be rerun on them.
"""

import argparse
import json
import random
import resource
import statistics
import subprocess
import sys
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


def scale_sizes(docs) -> list[tuple[str, int, int]]:
    zh_total = sum(len(d[1]) for d in docs)
    en_total = sum(len(d[2]) for d in docs)
    return [
        ("MAC-Dev joined", zh_total, en_total),
        ("1k", 1000, 1300),
        ("2k", 2000, 2600),
        ("5k", 5000, 6500),
    ]


def scale_run(n: int, m: int) -> dict:
    """One measurement, meant to run in a fresh process (peak RSS is per process)."""
    docs = mac_dev_docs()
    zh = [s for d in docs for s in d[1]]
    en = [s for d in docs for s in d[2]]
    src = (zh * (n // len(zh) + 1))[:n]
    tgt = (en * (m // len(en) + 1))[:m]
    started = time.perf_counter()
    lexicon = cached_cedict_lexicon()
    loaded = time.perf_counter()
    align_sentences(presegmented(src), presegmented(tgt), lexicon=lexicon)
    done = time.perf_counter()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"load": loaded - started, "align": done - loaded, "peak_mb": peak_mb}


def scale(docs, repeats: int) -> None:
    print(f"\n== Scale (fresh process per run; median of {repeats})")
    print(
        f"  {'document':16}{'zh':>7}{'en':>7}{'align s':>9}{'s/1k zh':>9}"
        f"{'CEDICT load s':>15}{'peak RSS MB':>13}"
    )
    for label, n, m in scale_sizes(docs):
        runs = []
        for _ in range(repeats):
            result = subprocess.run(
                [sys.executable, __file__, "--scale-run", str(n), str(m)],
                check=True,
                capture_output=True,
                text=True,
            )
            runs.append(json.loads(result.stdout.strip().splitlines()[-1]))
        align_s = statistics.median(r["align"] for r in runs)
        print(
            f"  {label:16}{n:7}{m:7}{align_s:9.2f}{align_s / n * 1000:9.2f}"
            f"{statistics.median(r['load'] for r in runs):15.2f}"
            f"{statistics.median(r['peak_mb'] for r in runs):13.0f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="quality only, no scale runs")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument(
        "--scale-run", nargs=2, type=int, metavar=("ZH", "EN"), help=argparse.SUPPRESS
    )
    args = parser.parse_args()
    if args.scale_run:
        print(json.dumps(scale_run(*args.scale_run)))
        return
    cached_cedict_lexicon()
    docs = mac_dev_docs()
    quality("MAC-Dev (literary, published translations)", docs, "mac-dev")
    quality(
        "News (WMT22 source vs Online-B, with joins, drops, boilerplate)",
        news_docs(),
        "news",
        ablate_boilerplate=True,
    )
    mismatch(docs)
    if not args.quick:
        scale(docs, args.repeats)


if __name__ == "__main__":
    main()

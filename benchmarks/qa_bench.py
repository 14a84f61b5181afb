"""QA checks benchmark: glossary recall and false alarms, precision against expert MQM
annotations, and speed. Prints figures; asserts nothing.

    python benchmarks/qa_bench.py

1. WMT23 terminology dev (../shared/data/terminology/wmt23-zhen-dev): every proper term of
   every line in one glossary. For each (line, term) whose English is in the reference verbatim,
   ``glossary_missing`` should stay silent (false alarms, target <= 1%); with every occurrence
   of that English removed, it should flag the term (target >= 98%).
2. MQM TED dev (../shared/data/mqm/ted-zhen-dev): MT outputs with expert error annotations. Per
   check, the share of flagged segments that carry an expert error (precision), and for the
   categories a check can see, the share of segments with that error that the check flags.
3. Speed: every check on 10,000 segments (MQM segments repeated, grouped into documents of 100)
   without a glossary, with the sample IP glossary and with the WMT glossary; median of five.
4. WMT22 news (../shared/data/news/wmt22-zhen): flags on a human reference translation, which
   are false alarms or errors of the reference (read them), per 1,000 segments.
"""

import json
import re
import statistics
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
TERMINOLOGY = SHARED / "data" / "terminology" / "wmt23-zhen-dev"
MQM = SHARED / "data" / "mqm" / "ted-zhen-dev" / "mqm_ted_zhen.dev.tsv"
NEWS = SHARED / "data" / "news" / "wmt22-zhen"
SAMPLE_GLOSSARY = ROOT / "glossaries" / "ip-and-policy.csv"

sys.path.insert(0, str(ROOT))

from review_app.core.checks import (  # noqa: E402
    CheckContext,
    check_document,
    check_segment,
    registered_checks,
)
from review_app.core.glossary import Term  # noqa: E402
from review_app.core.termmatch import TermMatcher  # noqa: E402
from review_app.formats.glossary import read_glossary_csv  # noqa: E402

NUMBER_RE = re.compile(r"[0-9０-９]|[零〇一二两三四五六七八九十百千万亿]|\b(?:one|two|three|four|"
                       r"five|six|seven|eight|nine|ten|hundred|thousand|million|billion)\b",
                       re.I)  # fmt: skip


def _term_list(line: str) -> list[dict]:
    line = line.strip()
    if not line:
        return []
    try:
        return json.loads(line)
    except json.JSONDecodeError:
        return json.loads(re.sub(r",\s*,", ",", line))  # one line of the dev set has ",,"


def terminology() -> None:
    zh_lines = (TERMINOLOGY / "zhen.zh").read_text("utf-8").split("\n")
    en_lines = (TERMINOLOGY / "zhen.en").read_text("utf-8").split("\n")
    term_lines = (TERMINOLOGY / "zhen.term.proper").read_text("utf-8").split("\n")
    rows = [
        (zh, en, _term_list(terms))
        for zh, en, terms in zip(zh_lines, en_lines, term_lines, strict=False)
    ]
    pairs = {(t["zh"], t["en"]) for _, _, terms in rows for t in terms if t["zh"].strip()}
    matcher = TermMatcher(Term(zh, en) for zh, en in sorted(pairs))
    context = CheckContext(glossary=matcher)
    present = false_alarms = 0
    removed = Counter()
    examples = []
    started = time.perf_counter()
    for zh, en, terms in rows:
        for term in terms:
            if not term["zh"].strip() or term["en"] not in en:
                continue
            present += 1
            issues = check_segment(zh, en, context, checks=["glossary_missing"])
            if _flags(issues, term):
                false_alarms += 1
                if len(examples) < 5:
                    examples.append((term, en[:100]))
            stripped = en.replace(term["en"], " ")
            issues = check_segment(zh, stripped, context, checks=["glossary_missing"])
            removed[_removal_outcome(zh, stripped, term, issues, matcher)] += 1
    elapsed = time.perf_counter() - started
    flagged = removed["flagged"] + removed["flagged as part of a longer term"]
    excused = (
        removed["another rendering of the term is still there"]
        + removed["the Chinese term is not in the source"]
    )
    print("1. WMT23 terminology dev, proper terms as one glossary")
    print(f"   lines {len(rows)}, glossary rows {len(pairs)} (a Chinese term with several "
          "renderings has several rows; all are acceptable)")  # fmt: skip
    print(f"   (line, term) pairs with the English present verbatim: {present}")
    print(
        f"   glossary_missing on a present term (false alarm): {false_alarms} "
        f"= {false_alarms / present:.2%}   (target <= 1%)"
    )
    for term, en in examples:
        print(f"     false alarm: {term['zh']} -> {term['en']!r} in {en!r}")
    print("   once every occurrence of the English is removed from the target:")
    for outcome, count in removed.most_common():
        print(f"     {outcome:<45} {count:>5} = {count / present:.1%}")
    print(
        f"   flagged: {flagged / present:.1%} of all; {flagged / (present - excused):.1%} of "
        "those where the target no longer has any acceptable rendering and the source has "
        "the term   (target >= 98%)"
    )
    print(f"   ({elapsed:.1f} s for {2 * present} checks)")


def _removal_outcome(zh, stripped, term, issues, matcher) -> str:
    if _flags(issues, term):
        return "flagged"
    if term["zh"] not in zh:
        return "the Chinese term is not in the source"
    at = zh.index(term["zh"])
    if any(
        issue.term is not None and any(s <= at < e for s, e in issue.source_spans)
        for issue in issues
    ):
        return "flagged as part of a longer term"
    renderings = [t for t in matcher.terms if t.source == term["zh"]]
    if matcher.find_in_target(stripped, renderings):
        return "another rendering of the term is still there"
    return "not flagged"


def _flags(issues, term) -> bool:
    return any(issue.term is not None and issue.term.source == term["zh"] for issue in issues)


@dataclass
class MqmSegment:
    source: str
    target: str
    key: str
    categories: set
    number_error: bool = False


def _strip(text: str) -> str:
    return text.replace("<v>", "").replace("</v>", "")


def mqm_documents() -> list[list[MqmSegment]]:
    lines = MQM.read_text("utf-8").split("\n")
    header = lines[0].split("\t")
    by_segment: dict[tuple, MqmSegment] = {}
    for line in lines[1:]:
        if not line.strip():
            continue
        row = dict(zip(header, line.split("\t"), strict=True))
        key = (row["system"], row["doc"], int(row["seg_id"]))
        segment = by_segment.setdefault(
            key, MqmSegment(_strip(row["source"]), _strip(row["target"]), str(key), set())
        )
        category = row["category"]
        if category != "No-error":
            segment.categories.add(category)
        if category == "Accuracy/Mistranslation":
            span = re.findall(r"<v>(.*?)</v>", row["source"] + row["target"])
            if any(NUMBER_RE.search(s) for s in span):
                segment.number_error = True
    documents: dict[tuple, list] = defaultdict(list)
    for key in sorted(by_segment):
        documents[key[:2]].append(by_segment[key])
    return list(documents.values())


# What each check can see, as MQM categories (the number category is derived, see above).
SEEN_BY = {
    "length_ratio": "Accuracy/Omission",
    "untranslated": "Accuracy/Untranslated text",
    "punctuation": "Fluency/Punctuation",
    "numbers": "number mistranslation",
}


def mqm() -> None:
    documents = mqm_documents()
    segments = [s for doc in documents for s in doc]
    flagged: dict[str, set[int]] = defaultdict(set)
    index = {id(s): i for i, s in enumerate(segments)}
    for doc in documents:
        for segment, issues in zip(doc, check_document(doc, CheckContext()), strict=True):
            for issue in issues:
                flagged[issue.check_id].add(index[id(segment)])
    with_error = {i for i, s in enumerate(segments) if s.categories}
    print("\n2. MQM TED zh-en dev: expert error annotations")
    print(
        f"   {len(segments)} segments in {len(documents)} documents; "
        f"{len(with_error)} ({len(with_error) / len(segments):.0%}) carry an expert error"
    )
    print("   precision: share of flagged segments that carry an expert error")
    for check_id in registered_checks():
        hits = flagged.get(check_id, set())
        if check_id.startswith("glossary"):
            print(f"     {check_id:<18} (no glossary for this data)")
            continue
        if not hits:
            print(f"     {check_id:<18} flagged 0")
            continue
        good = len(hits & with_error)
        print(
            f"     {check_id:<18} flagged {len(hits):>4}, with an error {good:>4} "
            f"= {good / len(hits):.0%}"
        )
    any_flag = set().union(*flagged.values()) if flagged else set()
    if any_flag:
        good = len(any_flag & with_error)
        print(f"     {'any check':<18} flagged {len(any_flag):>4}, with an error {good:>4} "
              f"= {good / len(any_flag):.0%}")  # fmt: skip
    print("   recall: share of segments with the error that the check flags")
    for check_id, category in SEEN_BY.items():
        if category == "number mistranslation":
            having = {i for i, s in enumerate(segments) if s.number_error}
        else:
            having = {i for i, s in enumerate(segments) if category in s.categories}
        if not having:
            print(f"     {category:<28} no segments")
            continue
        caught = len(having & flagged.get(check_id, set()))
        caught_any = len(having & any_flag)
        print(
            f"     {category:<28} {len(having):>4} segments, {check_id} flags {caught:>3} "
            f"= {caught / len(having):.0%} (any check {caught_any / len(having):.0%})"
        )


def speed(runs: int = 5, total: int = 10_000, per_document: int = 100) -> None:
    documents = mqm_documents()
    pool = [s for doc in documents for s in doc]
    segments = [pool[i % len(pool)] for i in range(total)]
    chunks = [segments[i : i + per_document] for i in range(0, total, per_document)]
    terms = read_glossary_csv(SAMPLE_GLOSSARY.read_bytes(), SAMPLE_GLOSSARY.name).terms
    term_lines = (TERMINOLOGY / "zhen.term.proper").read_text("utf-8").split("\n")
    wmt_terms = sorted(
        {(t["zh"], t["en"]) for line in term_lines for t in _term_list(line) if t["zh"].strip()}
    )
    print(f"\n3. Speed: every check on {total:,} segments (MQM, documents of {per_document})")
    for label, make_context in (
        ("no glossary", lambda: CheckContext()),
        (f"IP glossary ({len(terms)} rows)", lambda: CheckContext(TermMatcher(terms))),
        (
            f"WMT glossary ({len(wmt_terms)} rows)",
            lambda: CheckContext(TermMatcher(Term(zh, en) for zh, en in wmt_terms)),
        ),
    ):
        times, cpu = [], []
        for _ in range(runs):
            started, cpu_started = time.perf_counter(), time.process_time()
            context = make_context()
            for chunk in chunks:
                check_document(chunk, context)
            times.append(time.perf_counter() - started)
            cpu.append(time.process_time() - cpu_started)
        print(
            f"   {label:<24} median {statistics.median(times):.2f} s wall, "
            f"{statistics.median(cpu):.2f} s CPU (wall min {min(times):.2f}, max "
            f"{max(times):.2f}; {runs} runs; target < 2 s)"
        )


@dataclass
class Pair:
    source: str
    target: str


def news() -> None:
    name = "generaltest2022.zh-en"
    sources = (NEWS / f"{name}.src.zh").read_text("utf-8").split("\n")
    references = (NEWS / f"{name}.ref.A.en").read_text("utf-8").split("\n")
    doc_ids = (NEWS / f"{name}.docids").read_text("utf-8").split("\n")
    documents: dict[str, list[Pair]] = defaultdict(list)
    for source, reference, doc_id in zip(sources, references, doc_ids, strict=False):
        if source.strip():
            documents[doc_id].append(Pair(source, reference))
    total = sum(len(doc) for doc in documents.values())
    counts: Counter = Counter()
    for doc in documents.values():
        for issues in check_document(doc, CheckContext()):
            for check_id in {issue.check_id for issue in issues}:
                counts[check_id] += 1
    print(f"\n4. WMT22 zh-en news, human reference A: {total} segments, {len(documents)} documents")
    print("   segments flagged (false alarms or reference errors), per 1,000 segments:")
    for check_id in registered_checks():
        if not check_id.startswith("glossary"):
            count = counts.get(check_id, 0)
            print(f"     {check_id:<18} {count:>4}  {1000 * count / total:5.1f}")


def main() -> None:
    terminology()
    mqm()
    speed()
    news()


if __name__ == "__main__":
    main()

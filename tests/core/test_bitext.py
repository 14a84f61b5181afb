"""From two texts to segment pairs: the sample article, mismatched drafts, glossary evidence.

The sample's pairs below were checked by hand, sentence by sentence, against the full text
(``review-app align ... --format tsv``): every Chinese sentence has exactly one English
sentence that translates it, in the same order. Each pair is pinned by the start of both sides
(NBSPs of the draft folded to spaces for comparison).
"""

from pathlib import Path

import pytest

from review_app.core.bitext import (
    AlignedText,
    align_paragraphs,
    align_sentences,
    presegmented,
)
from review_app.core.glossary import alignment_pairs
from review_app.core.lexicon import Lexicon
from review_app.core.segmentation import Sentence
from review_app.core.text import fold_spaces
from review_app.formats.article import read_paragraphs
from review_app.formats.glossary import read_glossary_csv

REPO = Path(__file__).resolve().parents[2]
SAMPLE_ZH = REPO / "translations" / "cantoop-ip-conference.zh.txt"
SAMPLE_EN = REPO / "translations" / "cantoop-ip-conference.en.txt"
GLOSSARY = REPO / "glossaries" / "ip-and-policy.csv"

# (start of the Chinese sentence, start of its English translation, paragraphs zh/en)
SAMPLE_PAIRS = [
    ("更专业的行业资讯交流", "More professional industry information exchange", 0, 0),
    ("返回首页", "Back to Home", 1, 1),
    ("首页 > 新闻中心 > 公司新闻", "Home > News > Company News", 2, 2),
    ("公司新闻 | 堪途（CANTOOP）", "Company News | CANTOOP attended", 3, 3),
    ("2024年7月26日，堪途", "On July 26, 2024, CANTOOP", 4, 4),
    ("大会汇聚了国家知识产权局", "The conference brought together", 4, 4),
    ("上海市人民政府副市长谢东", "In his speech, Xie Dong, Vice Mayor", 5, 5),
    ("他提出了四个方面的战略方向", "He put forward four strategic directions", 5, 5),
    ("以国家级、市级知识产权保护示范区", "Take the construction of national and municipal", 5, 5),
    ("国家知识产权局副局长胡文辉", "Hu Wenhui, Deputy Director General", 6, 6),
    ("他提出了四条具体路径", "He proposed four specific paths", 6, 6),
    ("会上还宣读了上海市徐汇区", "During the meeting, the good news", 7, 7),
    ("此外，上海市人工智能", "In addition, the establishment", 7, 7),
    ("上海市知识产权局局长芮文彪", "Rui Wenbiao, Director of Shanghai", 7, 7),
    ("作为大会参会代表", "As a representative of the conference", 8, 8),
    ("公司总裁袁大德先生表示", "Mr. Yuan Dade, President of the company", 8, 8),
    ("同时，公司也将积极参与示范区建设", "At the same time, the company", 8, 8),
    ("本次大会的召开", "The convening of this conference", 9, 9),
    ("堪途知识产权服务（上海）有限公司将", "CANTOOP IP Service (Shanghai) Co., Ltd. will", 9, 9),
]

# An English text about something else entirely, of about the sample's size and shape.
UNRELATED_EN = [
    "Back to Recipes",
    "The recipe calls for two cups of flour, a teaspoon of yeast and a pinch of salt.",
    "Preheat the oven to 220 degrees before you mix the dough.",
    "Knead the dough for ten minutes until it is smooth and elastic.",
    "Leave it to rise in a warm place for an hour, covered with a damp cloth.",
    "Shape the loaf, score the top with a sharp knife and bake it for forty minutes.",
    "Let the bread cool on a wire rack before slicing it.",
    "Fresh bread keeps for three days in a paper bag; stale bread makes good croutons.",
]


def _paragraphs(path: Path) -> list[str]:
    return read_paragraphs(path.read_bytes(), path.name)


@pytest.fixture(scope="module")
def sample(lexicon: Lexicon) -> AlignedText:
    return align_paragraphs(_paragraphs(SAMPLE_ZH), _paragraphs(SAMPLE_EN))


def test_sample_article_pairs_each_sentence_with_its_translation(sample: AlignedText) -> None:
    segments = sample.segments()
    found = [
        (s.source, s.target, s.source_paragraph, s.target_paragraph, s.shape) for s in segments
    ]
    assert len(found) == len(SAMPLE_PAIRS)
    for (source, target, zh_par, en_par, shape), (zh_start, en_start, zh_p, en_p) in zip(
        found, SAMPLE_PAIRS, strict=True
    ):
        assert source.startswith(zh_start), (source, zh_start)
        assert fold_spaces(target).startswith(en_start), (target, en_start)
        assert (zh_par, en_par, shape) == (zh_p, en_p, "1-1")
    # The draft's NBSPs are the user's text: segments keep them.
    assert segments[4].target.startswith("On\u00a0July\u00a026, 2024")


def test_sample_article_is_not_flagged(sample: AlignedText) -> None:
    assert not sample.looks_mismatched
    assert sample.alignment.low_confidence_count == 0


def test_a_draft_of_another_article_looks_mismatched(lexicon: Lexicon) -> None:
    aligned = align_paragraphs(_paragraphs(SAMPLE_ZH), UNRELATED_EN)
    assert aligned.looks_mismatched


def test_segments_join_the_sentences_of_a_bead_as_written() -> None:
    source = [Sentence("国务院总理李强周二在北京会见了法国总统，双方讨论了贸易问题。", 0)]
    target = [
        Sentence("Premier Li Qiang met the French President in Beijing on Tuesday.\u00a0", 0),
        Sentence("The two sides discussed trade. ", 0),
    ]
    (segment,) = align_sentences(source, target).segments()
    assert segment.shape == "1-2"
    # Inner whitespace (here an NBSP) is the user's; only the ends are trimmed.
    assert segment.target == (
        "Premier Li Qiang met the French President in Beijing on Tuesday.\u00a0"
        "The two sides discussed trade."
    )
    assert segment.source == source[0].text
    assert (segment.source_paragraph, segment.target_paragraph) == (0, 0)


def test_segments_of_skip_beads_have_an_empty_side() -> None:
    aligned = align_sentences([], presegmented(["Back to Home"]))
    (segment,) = aligned.segments()
    assert (segment.source, segment.target, segment.shape) == ("", "Back to Home", "0-1")
    assert (segment.source_paragraph, segment.target_paragraph) == (None, 0)


def test_presegmented_lines_are_sentences_of_one_paragraph() -> None:
    assert presegmented(["第一行", "", "第三行"]) == [
        Sentence("第一行", 0),
        Sentence("", 0),
        Sentence("第三行", 0),
    ]


def test_glossary_terms_add_evidence(sample: AlignedText) -> None:
    glossary = read_glossary_csv(GLOSSARY.read_bytes(), GLOSSARY.name)
    with_terms = align_paragraphs(
        _paragraphs(SAMPLE_ZH), _paragraphs(SAMPLE_EN), alignment_pairs(glossary.terms)
    )
    assert [(b.source, b.target) for b in with_terms.alignment.beads] == [
        (b.source, b.target) for b in sample.alignment.beads
    ]
    assert with_terms.alignment.mean_confidence > sample.alignment.mean_confidence

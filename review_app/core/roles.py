"""The role each aligned segment gets at import: page chrome excluded, headings as marked.

Excluded at import, visibly and reversibly: lines the aligner already knows as page chrome
(``core.boilerplate``: "Back to Home", breadcrumbs, share links, copyright), the short lines
above the article's headline (the page around the article), and the headline itself, which
becomes the document's title and so would otherwise be published twice.
"""

from .boilerplate import is_boilerplate
from .headline import Article, is_page_line
from .workflow import HEADING_LEVELS, SegmentRole


def imported_role(
    source: str,
    draft: str,
    source_paragraph: int | None,
    target_paragraph: int | None,
    source_article: Article,
    draft_article: Article,
) -> tuple[SegmentRole, int | None]:
    """(role, heading level) of a segment with these texts and paragraph numbers."""
    if is_boilerplate(source, "zh") or is_boilerplate(draft, "en"):
        return SegmentRole.EXCLUDED, None
    if target_paragraph is not None:
        above = _at_or_above(target_paragraph, draft_article, draft, "en")
    else:
        above = _at_or_above(source_paragraph, source_article, source, "zh")
    if above:
        return SegmentRole.EXCLUDED, None
    level = _level(draft_article, target_paragraph) or _level(source_article, source_paragraph)
    if level:
        return SegmentRole.HEADING, level
    return SegmentRole.BODY, None


def _level(article: Article, paragraph: int | None) -> int | None:
    """A heading's level below the title: when the file's top heading is the headline (the
    title), its next level down is a level-1 section heading."""
    level = article.headings.get(paragraph) if paragraph is not None else None
    if level is None:
        return None
    headline = article.headline
    if headline is not None and headline.paragraph in article.headings:
        level = max(1, level - article.headings[headline.paragraph])
    return min(level, HEADING_LEVELS[-1])


def _at_or_above(paragraph: int | None, article: Article, text: str, lang: str) -> bool:
    headline = article.headline
    if paragraph is None or headline is None or headline.paragraph is None:
        return False
    if paragraph == headline.paragraph:
        return True
    return paragraph < headline.paragraph and is_page_line(text, lang)

"""Punctuation of the English: Chinese marks, unbalanced pairs, spacing, sentence ends."""

import re

from ..messages import N_, Message
from .base import Check, CheckContext, Issue, Severity, register
from .language import (
    CHINESE_ELLIPSIS,
    CLOSERS,
    FULLWIDTH_PUNCTUATION,
    NBSP_ABBREVIATIONS,
    NBSP_CHARS,
    SENTENCE_END,
    SOURCE_END,
    SOURCE_PAIRS,
)

_FULLWIDTH_RE = re.compile(
    "[" + re.escape(FULLWIDTH_PUNCTUATION) + "]+|" + re.escape(CHINESE_ELLIPSIS) + "+"
)
# Curly quotes set Chinese-style, with no space on the outer side: said“go global”and.
_TIGHT_QUOTES_RE = re.compile(r"(?<=\w)“|”(?=\w)")
_DOUBLE_SPACE_RE = re.compile(r"(?<=\S) {2,}(?=\S)")
_NBSP_RE = re.compile("[" + NBSP_CHARS + "]")
_BRACKET_CLOSERS = ")）]】」』》"
_QUESTION_START_RE = re.compile(
    r"\s*[\"“‘']?(?:why|what|how|who|whom|whose|where|when|which|is|are|was|were|do|does|did|"
    r"can|could|will|would|should|shall|may|might|have|has|had|isn't|aren't|don't|doesn't|"
    r"didn't|can't|won't)\b",
    re.I,
)
# A Chinese sentence that asks, even when it ends with 。 (为什么要跑到电影院去。).
_ASKS_RE = re.compile(r"[？?吗呢]|什么|为什么|为何|怎么|怎样|如何|哪|谁|多少|是否|难道|岂")


@register
class PunctuationCheck(Check):
    """Punctuation not right for English

    Chinese (full-width) punctuation in the English; brackets or quotes left open; double
    spaces; no-break spaces where an ordinary space belongs; a sentence end that differs from
    the source (a question answered with a statement, a sentence that stops without a full
    stop). Each finding is one issue with its own message.
    """

    check_id = "punctuation"
    severity = Severity.WARNING

    def check(self, source: str, target: str, context: CheckContext) -> list[Issue]:
        if not target.strip():
            return []
        issues = []
        fullwidth = [(m.start(), m.end()) for m in _FULLWIDTH_RE.finditer(target)]
        fullwidth += [(m.start(), m.end()) for m in _TIGHT_QUOTES_RE.finditer(target)]
        if fullwidth:
            marks = "".join(dict.fromkeys(target[s:e] for s, e in sorted(fullwidth)))
            issues.append(
                self.issue(
                    context,
                    Message(N_("Chinese punctuation in the English: %(marks)s"), marks=marks),
                    target_spans=sorted(fullwidth),
                )
            )
        issues += self._unbalanced(source, target, context)
        doubles = [(m.start(), m.end()) for m in _DOUBLE_SPACE_RE.finditer(target)]
        if doubles:
            issues.append(self.issue(context, N_("double space"), target_spans=doubles))
        stray = [m.start() for m in _NBSP_RE.finditer(target) if _stray_nbsp(target, m.start())]
        if stray:
            issues.append(
                self.issue(
                    context,
                    Message(
                        N_("%(count)s no-break space(s) between ordinary words: use plain spaces"),
                        count=len(stray),
                    ),
                    target_spans=[(i, i + 1) for i in stray],
                )
            )
        end = self._end_punctuation(source, target, context)
        if end:
            issues.append(end)
        return issues

    def _unbalanced(self, source: str, target: str, context: CheckContext) -> list[Issue]:
        issues = []
        for opening, closing in (("(", ")"), ("[", "]"), ("{", "}"), ("“", "”")):
            spans = _unmatched(target, opening, closing)
            if spans and not _source_unbalanced(source, opening):
                issues.append(
                    self.issue(
                        context,
                        Message(
                            N_("%(opening)s…%(closing)s not balanced in the target"),
                            opening=opening,
                            closing=closing,
                        ),
                        target_spans=spans,
                    )
                )
        straight = [m.start() for m in re.finditer('"', target)]
        if len(straight) % 2 and not _source_unbalanced(source, '"'):
            issues.append(
                self.issue(
                    context,
                    N_('an odd number of " quotation marks: one is not closed'),
                    target_spans=[(i, i + 1) for i in straight],
                )
            )
        return issues

    def _end_punctuation(self, source: str, target: str, context: CheckContext) -> Issue | None:
        source_end, source_at = _last_mark(source)
        target_end, target_at = _last_mark(target)
        expected = SOURCE_END.get(source_end)
        message: str | None = None
        if expected == "?" and target_end == "." and _QUESTION_START_RE.match(target):
            # An indirect question ("asked if I was okay.") is a statement; "Why did he…." is not.
            message = N_("the source is a question and the target reads as one but ends with .")
        elif target_end == "?" and expected not in (None, "?") and not _ASKS_RE.search(source):
            message = N_("the target ends with ? but the source does not ask anything")
        elif (
            expected in (".", "!", "…")
            and target_end not in SENTENCE_END
            and not any(c in _BRACKET_CLOSERS for c in source[source_at:])
        ):
            if target_end in ",;:" or target_end.isalnum():
                message = Message(
                    N_(
                        "the source ends a sentence with %(mark)s "
                        "but the target does not end with a full stop"
                    ),
                    mark=source_end,
                )
        if message is None:
            return None
        return self.issue(
            context,
            message,
            [(source_at, source_at + 1)] if source_at >= 0 else [],
            [(target_at, target_at + 1)] if target_at >= 0 else [],
        )


def _last_mark(text: str) -> tuple[str, int]:
    """The last character that is not a space or a closing quote/bracket, and its offset."""
    index = len(text) - 1
    while index >= 0 and (text[index].isspace() or text[index] in CLOSERS):
        index -= 1
    return (text[index], index) if index >= 0 else ("", -1)


def _unmatched(text: str, opening: str, closing: str) -> list[tuple[int, int]]:
    if opening not in text and closing not in text:
        return []
    stack: list[int] = []
    strays = []
    for i, char in enumerate(text):
        if char == opening:
            stack.append(i)
        elif char == closing:
            if stack:
                stack.pop()
            else:
                strays.append(i)
    return [(i, i + 1) for i in sorted(stack + strays)]


def _source_unbalanced(source: str, opening: str) -> bool:
    """A segment cut out of a longer quotation is unbalanced in the source too: no flag."""
    opens, closes = SOURCE_PAIRS[opening]
    folded = source.translate({ord(c): "(" for c in opens} | {ord(c): ")" for c in closes})
    if _unmatched(folded, "(", ")"):
        return True
    return opening in '"“' and source.count('"') % 2 == 1


def _stray_nbsp(text: str, index: int) -> bool:
    before, after = text[:index], text[index + 1 :]
    if before[-1:].isdigit() or after[:1].isdigit():
        return False  # 26 July, 6 km, 10 %
    return not before.endswith(NBSP_ABBREVIATIONS)

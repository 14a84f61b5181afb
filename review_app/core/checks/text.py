"""Checks of the target text as text: empty, unchanged, still Chinese, stuttering."""

import re

from ..messages import N_, Message
from ..text import HAN_RE, has_han, normalize_for_matching
from .base import Check, CheckContext, Issue, Severity, register

_HAN_RUN_RE = re.compile(HAN_RE.pattern + "+")
_REPEATED_RE = re.compile(r"(?<![\w'’-])([^\W\d_]+)(\s+)(\1)(?![\w'’-])", re.I)
# Doubled words that are English: "had had", "that that", "bye bye".
_LEGITIMATE_REPEATS = {"had", "that", "bye", "ha", "ho", "no", "oh", "so", "well", "yes", "very"}


@register
class EmptyTarget(Check):
    """Translation is empty

    A source with text whose target is empty or only spaces (NBSPs included).
    """

    check_id = "empty_target"
    severity = Severity.ERROR

    def check(self, source: str, target: str, context: CheckContext) -> list[Issue]:
        # str.strip() knows NBSPs and the ideographic space as whitespace.
        if source.strip() and not target.strip():
            return [self.issue(context, N_("the translation is empty"))]
        return []


@register
class SameAsSource(Check):
    """Translation is the Chinese source unchanged

    Only a source with Chinese text counts: CANTOOP, 5G or a URL may pass through unchanged.
    """

    check_id = "same_as_source"
    severity = Severity.ERROR

    def check(self, source: str, target: str, context: CheckContext) -> list[Issue]:
        if not has_han(target) or not has_han(source):
            return []
        if normalize_for_matching(source) == normalize_for_matching(target):
            return [
                self.issue(
                    context,
                    N_("the target is the Chinese source, not a translation"),
                    [(0, len(source))],
                    [(0, len(target))],
                )
            ]
        return []


@register
class Untranslated(Check):
    """Chinese characters left in the English

    Each run of Han characters in the target is a span. A target identical to the source is
    left to ``same_as_source``.
    """

    check_id = "untranslated"
    severity = Severity.ERROR

    def check(self, source: str, target: str, context: CheckContext) -> list[Issue]:
        runs = list(_HAN_RUN_RE.finditer(target))
        if not runs or normalize_for_matching(source) == normalize_for_matching(target):
            return []
        # Chinese text, so listed the Chinese way in either interface language.
        shown = "、".join(dict.fromkeys(m.group() for m in runs[:5]))
        spans = [(m.start(), m.end()) for m in runs]
        source_spans = [
            (m.start(), m.end())
            for run in dict.fromkeys(m.group() for m in runs)
            for m in re.finditer(re.escape(run), source)
        ]
        return [
            self.issue(
                context,
                Message(N_("Chinese left in the translation: %(text)s"), text=shown),
                source_spans,
                spans,
            )
        ]


@register
class RepeatedWord(Check):
    """Word repeated

    "the the", "to to": a doubled word, unless English doubles it on purpose ("had had") or
    the source repeats it too (a name such as Bora Bora).
    """

    check_id = "repeated_word"
    severity = Severity.WARNING

    def check(self, source: str, target: str, context: CheckContext) -> list[Issue]:
        issues = []
        for m in _REPEATED_RE.finditer(target):
            word = m.group(1)
            if word.lower() in _LEGITIMATE_REPEATS or "\n" in m.group(2):
                continue
            if word[0].isupper() and m.group(3)[0].isupper():
                continue  # Bora Bora, Duran Duran: names
            if re.search(rf"\b{re.escape(word)}\s+{re.escape(word)}\b", source, re.I):
                continue
            issues.append(
                self.issue(
                    context,
                    Message(N_("“%(word)s” is repeated"), word=word),
                    target_spans=[(m.start(3), m.end(3))],
                )
            )
        return issues

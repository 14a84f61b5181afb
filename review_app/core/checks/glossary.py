"""Glossary checks: the approved renderings of source terms, and the banned ones."""

from ..glossary import Term, TermStatus
from ..messages import N_, Listing, Message
from ..termmatch import TermMatch
from .base import Check, CheckContext, Issue, Severity, register


def _terms_in_target(target: str, context: CheckContext) -> set[int]:
    """Ids of the glossary rows whose rendering is in the target (the rows are the matcher's
    own objects; ids spare hashing every field of every row)."""
    assert context.glossary is not None
    return {id(term) for match in context.glossary.find_in_target(target) for term in match.terms}


def _source_matches(source: str, context: CheckContext) -> list[TermMatch]:
    if not context.glossary:
        return []
    return context.glossary.find_in_source(source)


@register
class GlossaryMissing(Check):
    """Glossary term not translated as approved

    A term of the source whose target has none of its acceptable (preferred or admitted)
    renderings. Several occurrences of one term count once: the target has to carry one of
    its renderings, not as many as the source has occurrences (English uses pronouns). A term
    rendered in a banned way is left to ``glossary_forbidden``, which names the right one.
    """

    check_id = "glossary_missing"
    severity = Severity.WARNING

    def check(self, source: str, target: str, context: CheckContext) -> list[Issue]:
        if not target.strip():
            return []
        by_source: dict[str, list[TermMatch]] = {}
        for match in _source_matches(source, context):
            by_source.setdefault(match.terms[0].source, []).append(match)
        if not by_source or context.glossary is None:
            return []
        in_target = _terms_in_target(target, context)
        issues = []
        for term_source, matches in by_source.items():
            acceptable = [t for t in matches[0].terms if t.status.acceptable]
            if not acceptable or any(id(t) in in_target for t in acceptable):
                continue
            if "glossary_forbidden" not in context.disabled and any(
                id(t) in in_target for t in matches[0].terms if not t.status.acceptable
            ):
                continue  # glossary_forbidden reports it, naming the rendering to use
            preferred = acceptable[0]
            message = Message(
                N_("%(term)s should be translated as %(rendering)s"),
                term=term_source,
                rendering=preferred.target,
            )
            if len(acceptable) > 1:
                others = Listing(t.target for t in acceptable[1:])
                message = Message(N_("%(problem)s (or %(others)s)"), problem=message, others=others)
            issues.append(self.issue(context, message, [m.span for m in matches], term=preferred))
        return issues


_BANNED = {
    TermStatus.DEPRECATED: N_("%(rendering)s is deprecated for %(term)s"),
    TermStatus.FORBIDDEN: N_("%(rendering)s is forbidden for %(term)s"),
}


@register
class GlossaryForbidden(Check):
    """Deprecated or forbidden rendering of a glossary term

    Flagged only where the source has the term: "demonstration area" is wrong for 示范区 but
    may translate something else elsewhere.
    """

    check_id = "glossary_forbidden"
    severity = Severity.ERROR

    def check(self, source: str, target: str, context: CheckContext) -> list[Issue]:
        if context.glossary is None or not target.strip():
            return []
        issues = []
        seen: set[Term] = set()
        for match in _source_matches(source, context):
            banned = [t for t in match.terms if not t.status.acceptable and t not in seen]
            if not banned:
                continue
            acceptable = [t for t in match.terms if t.status.acceptable]
            for found in context.glossary.find_in_target(target, banned):
                if _inside_acceptable(context, target, found, acceptable):
                    continue
                for term in found.terms:
                    if term in seen:
                        continue
                    seen.add(term)
                    message = Message(_BANNED[term.status], rendering=term.target, term=term.source)
                    if acceptable:
                        message = Message(
                            N_("%(problem)s: use %(rendering)s"),
                            problem=message,
                            rendering=acceptable[0].target,
                        )
                    if term.note:
                        message = Message(
                            N_("%(problem)s (%(note)s)"), problem=message, note=term.note
                        )
                    issues.append(
                        self.issue(context, message, [match.span], [found.span], term=term)
                    )
        return issues


def _inside_acceptable(
    context: CheckContext, target: str, found: TermMatch, acceptable: list[Term]
) -> bool:
    """A banned rendering inside an approved one is no offence (admitted ⊃ deprecated)."""
    if not acceptable or context.glossary is None:
        return False
    return any(
        m.start <= found.start and found.end <= m.end and (m.start, m.end) != found.span
        for m in context.glossary.find_in_target(target, acceptable)
    )

"""The inline codes of the original document (XLIFF tags, PO plural forms) survive
translation: every token of the source is in the target, once, and pairs stay in order."""

from ..inline import TOKEN, code_problems
from ..messages import N_, Listing, Message
from .base import Check, CheckContext, Issue, Severity, register


@register
class InlineCodes(Check):
    """Inline codes missing, extra or out of order

    A lost or invented code breaks the document it is written back into (a link that no
    longer closes, a variable that is gone), so this blocks sign-off.
    """

    check_id = "inline_codes"
    severity = Severity.ERROR

    def check(self, source: str, target: str, context: CheckContext) -> list[Issue]:
        problems = code_problems(source, target)
        if not problems:
            return []
        return [
            self.issue(
                context,
                Message(N_("inline codes: %(problems)s"), problems=Listing(problems, N_("; "))),
                [m.span() for m in TOKEN.finditer(source)],
                [m.span() for m in TOKEN.finditer(target)],
            )
        ]

"""The number check: every quantity and date of the source, as a value, in the target."""

import re
from decimal import Decimal

from ..messages import N_, Listing, Message
from ..quantities import code_parts, dates_zh, months_en, quantities_en, quantities_zh
from .base import Check, CheckContext, Issue, Severity, register


def _display(value: Decimal) -> str:
    if value == value.to_integral_value():
        return f"{int(value):,}"
    return f"{value.normalize():,f}"


@register
class NumbersCheck(Check):
    """Number or date of the source missing from the target

    Compares values, not strings: 3.5亿 is found as 350 million, 百分之五 as 5%, 第二十届 as
    20th, 2024年7月26日 as July 26, 2024 or 26 July 2024. List markers (一是/二是) and numerals
    that are part of words (一些, 十分, 三中全会) are not quantities.
    """

    check_id = "numbers"
    severity = Severity.ERROR

    def check(self, source: str, target: str, context: CheckContext) -> list[Issue]:
        dates = dates_zh(source)
        quantities = quantities_zh(source, dates)
        if not (dates or quantities) or not target.strip():
            return []
        english = quantities_en(target)
        months = months_en(target) if dates else set()
        issues = []
        missing = []
        for quantity in quantities:
            if quantity.code is not None:
                pattern = r"(?<![\w-])" + re.escape(quantity.code) + r"(?![\w-])"
                if re.search(pattern, target, re.I):
                    continue  # G20, 5G, COVID-19 pass through as they are
                known = english.values | {Decimal(m) for m in months_en(target)}
                if all(part in known for part in code_parts(quantity.code)):
                    continue  # 2021.6.11 as June 11, 2021; 0-100km as 0 to 100 km
            elif quantity.value in english.values:
                continue
            elif quantity.kind == "month" and int(quantity.value) in months_en(target):
                continue  # 3至6月: March to June
            missing.append(quantity)
        for quantity in missing:
            shown = _display(quantity.value)
            if quantity.text == shown:
                message = Message(N_("%(quantity)s is not in the target"), quantity=quantity.text)
            else:
                message = Message(
                    N_("%(quantity)s (%(value)s) is not in the target"),
                    quantity=quantity.text,
                    value=shown,
                )
            issues.append(self.issue(context, message, [(quantity.start, quantity.end)]))
        for date in dates:
            parts: list[Message] = []
            if date.year is not None and Decimal(date.year) not in english.values:
                parts.append(Message(N_("year %(year)s"), year=date.year))
            if (
                date.month is not None
                and date.month not in months
                and not (Decimal(date.month) in english.values and date.day is not None)
            ):
                parts.append(Message(N_("month %(month)s"), month=date.month))
            if date.day is not None and Decimal(date.day) not in english.values:
                parts.append(Message(N_("day %(day)s"), day=date.day))
            if parts:
                message = Message(
                    N_("the date %(date)s is not in the target (%(parts)s missing)"),
                    date=date.text,
                    parts=Listing(parts),
                )
                issues.append(self.issue(context, message, [(date.start, date.end)]))
        return issues

"""Numbers as values, not strings: 3.5亿 = 350,000,000, 第二十届 = 20th, 百分之五 = 5%.

Used by the aligner (numbers are language-independent evidence) and by the QA number check.
"""

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

_ZH_DIGITS = {
    "零": 0,
    "〇": 0,
    "○": 0,
    "一": 1,
    "壹": 1,
    "二": 2,
    "两": 2,
    "贰": 2,
    "三": 3,
    "叁": 3,
    "四": 4,
    "肆": 4,
    "五": 5,
    "伍": 5,
    "六": 6,
    "陆": 6,
    "七": 7,
    "柒": 7,
    "八": 8,
    "捌": 8,
    "九": 9,
    "玖": 9,
}
_ZH_SMALL_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_ZH_BIG_UNITS = {"万": 10**4, "萬": 10**4, "亿": 10**8, "億": 10**8, "万亿": 10**12}

_ZH_NUMERAL_CHARS = "".join(_ZH_DIGITS) + "".join(_ZH_SMALL_UNITS) + "万萬亿億点"
# The full-width comma is a Chinese list comma (6666，8888 are two numbers), never a
# thousands separator, so it is not folded to ",".
_FULLWIDTH = str.maketrans("０１２３４５６７８９．％", "0123456789.%")

# A number in Chinese text: Arabic (possibly with a decimal part and thousands separators) or
# Chinese numerals, optionally followed by a 万/亿 scale; percentages as % or 百分之.
_ZH_NUMBER_RE = re.compile(
    r"(?P<pct>百分之)?"
    r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|[" + _ZH_NUMERAL_CHARS + r"]+)"
    r"(?P<scale>万亿|[万萬亿億])?"
    r"(?P<pct2>%)?"
)
_EN_NUMBER_RE = re.compile(
    r"(?<![\w.])(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?:\s*(?P<scale>thousand|million|billion|trillion)\b)?"
    r"(?P<ord>st|nd|rd|th)?(?P<pct>\s*(?:%|percent\b|per cent\b))?",
    re.IGNORECASE,
)
_EN_SCALES = {"thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12}
_EN_WORDS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "hundred": 100,
    "thousand": 1000,
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "twelfth": 12,
    "twentieth": 20,
}
_EN_WORD_RE = re.compile(r"\b(" + "|".join(_EN_WORDS) + r")\b", re.IGNORECASE)


@dataclass(frozen=True)
class Number:
    """A number found in text: its value, whether it is a percentage, and where it stands."""

    value: Decimal
    start: int
    end: int
    percent: bool = False

    @property
    def key(self) -> str:
        """A canonical form for comparing numbers across languages (5% and 百分之五 agree)."""
        text = format(self.value.normalize(), "f")
        return text + "%" if self.percent else text


def parse_chinese_numeral(text: str) -> int | Decimal | None:
    """Value of a run of Chinese numerals: 二十 = 20, 三千五百 = 3500, 三点五 = 3.5."""
    if not text:
        return None
    if "点" in text:
        whole, _, frac = text.partition("点")
        whole_value = parse_chinese_numeral(whole) if whole else 0
        if whole_value is None or not frac or any(c not in _ZH_DIGITS for c in frac):
            return None
        digits = "".join(str(_ZH_DIGITS[c]) for c in frac)
        return Decimal(f"{whole_value}.{digits}")
    if all(c in _ZH_DIGITS for c in text):
        if len(text) == 1:
            return _ZH_DIGITS[text]
        # Digit by digit, as in years (二〇二四) and codes.
        return int("".join(str(_ZH_DIGITS[c]) for c in text))
    total, section, digit = 0, 0, None
    for char in text:
        if char in _ZH_DIGITS:
            digit = _ZH_DIGITS[char]
        elif char in _ZH_SMALL_UNITS:
            section += (1 if digit is None else digit) * _ZH_SMALL_UNITS[char]
            digit = None
        elif char in _ZH_BIG_UNITS:
            section += digit or 0
            if _ZH_BIG_UNITS[char] == 10**8:
                total = (total + section) * 10**8
            else:  # 万 scales the section before it only: 一亿两千万 = 1亿 + 2000万
                total += (section or 1) * _ZH_BIG_UNITS[char]
            section, digit = 0, None
        else:
            return None
    return total + section + (digit or 0)


def _to_decimal(text: str) -> Decimal | None:
    try:
        return Decimal(text.replace(",", ""))
    except InvalidOperation:
        return None


def find_numbers_zh(text: str) -> list[Number]:
    """Numbers in Chinese text, with scales and percentages applied."""
    folded = text.translate(_FULLWIDTH)
    found = []
    for m in _ZH_NUMBER_RE.finditer(folded):
        num = m.group("num")
        value = None
        if num.isascii():
            value = _to_decimal(num)
            parts = [(num, m.start("num"))]
        else:
            parts = _split_numeral_run(num, m.start("num"))
        percent = bool(m.group("pct") or m.group("pct2"))
        for index, (part, offset) in enumerate(parts):
            if not part.isascii():
                if set(part) <= set("万萬亿億点"):
                    continue
                parsed = parse_chinese_numeral(part)
                value = None if parsed is None else Decimal(parsed)
            if value is None:
                continue
            last = index == len(parts) - 1
            if last and m.group("scale"):
                value *= _ZH_BIG_UNITS[m.group("scale")]
            start = m.start() if index == 0 else offset
            end = m.end() if last else offset + len(part)
            found.append(Number(value, start, end, percent and last))
    return found


def _split_numeral_run(run: str, offset: int) -> list[tuple[str, int]]:
    """Cut a run like 十四五 (14th Five-Year) where a digit follows a digit after a unit."""
    if all(c in _ZH_DIGITS for c in run) or "点" in run:
        return [(run, offset)]
    parts, start, previous_digit = [], 0, False
    for i, char in enumerate(run):
        # 零 only marks a gap inside a number (一百零五 = 105); it never starts a new one.
        is_digit = char in _ZH_DIGITS and char not in "零〇○"
        if is_digit and previous_digit:
            parts.append((run[start:i], offset + start))
            start = i
        previous_digit = is_digit
    parts.append((run[start:], offset + start))
    return parts


def find_numbers_en(text: str) -> list[Number]:
    """Numbers in English text: digits (with scales, ordinals, percent) and number words."""
    found = []
    for m in _EN_NUMBER_RE.finditer(text):
        value = _to_decimal(m.group("num"))
        if value is None:
            continue
        if m.group("scale"):
            value *= _EN_SCALES[m.group("scale").lower()]
        found.append(Number(value, m.start(), m.end(), bool(m.group("pct"))))
    for m in _EN_WORD_RE.finditer(text):
        found.append(Number(Decimal(_EN_WORDS[m.group(1).lower()]), m.start(), m.end()))
    return sorted(found, key=lambda n: n.start)

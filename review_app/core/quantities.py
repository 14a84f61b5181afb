"""Quantities a translation must carry over: numbers, dates, ordinals, as values.

Built on ``numbers`` (which reads 3.5亿 as 350,000,000) and stricter than it on the Chinese side,
because a check that cries wolf is ignored: a Chinese numeral counts as a quantity only where a
reader would see one (二十届, 四个方面, 十万年, 百分之五), not in words that merely contain a
numeral (一些, 十分, 三中全会, 七八个), and list markers (一是/二是) are positions, not numbers.
The English side is read generously (number words, "a million", "both", "decade", month names)
because there a missed reading would raise a false alarm.
"""

import re
from dataclasses import dataclass
from decimal import Decimal

from .numbers import find_numbers_en, find_numbers_zh, parse_chinese_numeral

_ZH_NUMERAL = "零〇○一二两三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟萬億"
_ZH_DIGIT_ONLY = set("零〇○一二两三四五六七八九壹贰叁肆伍陆柒捌玖")
# What follows a numeral that is a count or a measure: 四个方面, 三名, 十年, 六公里.
_CLASSIFIERS = set(
    "个位名条项次年月日天岁家件种届倍号层元人份本篇张台辆场座所只支批轮期类款组部章节"
    "秒米吨斤克亩块万亿千百"
) | {"小时", "分钟", "公里", "千米", "厘米", "毫米", "公斤", "平方", "美元", "欧元", "英镑"}
# Words that hold a numeral and a classifier but no count: 四周 "all around", 二次 "secondary".
_NUMERAL_WORDS = ("四周", "二次", "二手", "两岸", "两会", "三维", "四处")
# A numeral after these is an approximation (数十年 "decades", 几千年 "thousands of years").
_APPROXIMATE_BEFORE = set("数几好上成") | {"十几"}
_APPROXIMATE_AFTER = set("几")
_LIST_MARKER_RE = re.compile(
    r"(?:^|(?<=[：:；;，,。．.！!？?\s“”\"（(]))(?P<num>[一二三四五六七八九十]{1,2})是"
)
_ZH_DATE_RE = re.compile(
    r"(?:(?P<y>\d{4}|[零〇○一二三四五六七八九]{4})\s*年\s*)?"
    r"(?:(?P<m>\d{1,2}|[一二三四五六七八九十]{1,3})\s*月\s*"
    r"(?:(?P<d>\d{1,2}|[一二三四五六七八九十]{1,3})\s*[日号])?"
    r"|(?P<day>\d{1,2}|[一二三四五六七八九十]{1,3})\s*[日号])"
)
_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH_RE = re.compile(r"\b(" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\b\.?", re.I)
_EN_SMALL = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
_EN_SCALE = {"hundred": 100, "thousand": 10**3, "million": 10**6, "billion": 10**9,
             "trillion": 10**12}  # fmt: skip
_EN_ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
    "nineteenth": 19, "twentieth": 20, "thirtieth": 30, "fortieth": 40, "fiftieth": 50,
    "hundredth": 100, "thousandth": 1000,
}  # fmt: skip
# Words that carry a number without spelling it: 两个 -> both, 两次 -> twice, 十年 -> a decade.
_EN_IMPLIED = {
    "both": 2, "twice": 2, "double": 2, "pair": 2, "couple": 2, "dual": 2, "twin": 2,
    "thrice": 3, "triple": 3, "dozen": 12, "dozens": 12, "decade": 10, "decades": 10,
    "century": 100, "centuries": 100, "centennial": 100, "half": 50,
}  # fmt: skip
_EN_WORD_RE = re.compile(
    r"\b(?:(?:a|an)[\s-]+(?:" + "|".join(_EN_SCALE) + r")(?:[\s-]+(?:"
    + "|".join([*_EN_SMALL, *_EN_SCALE]) + r"))*|(?:"
    + "|".join(_EN_SMALL) + r")(?:[\s-]+(?:and[\s-]+)?(?:"
    + "|".join([*_EN_SMALL, *_EN_SCALE]) + r"))*|"
    + "|".join([*_EN_ORDINALS, *_EN_IMPLIED, *_EN_SCALE])
    + r")\b",
    re.I,
)  # fmt: skip


@dataclass(frozen=True)
class Quantity:
    """A number a translation must keep, with its span; ``text`` is as written in the source.

    ``code`` is set for a number that belongs to a code (G20, 5G, 424.10.0.20): the code is
    compared as written, or part by part. ``kind`` is "month" for the 3 of 3至6月 (March).
    """

    value: Decimal
    start: int
    end: int
    text: str
    code: str | None = None
    kind: str = "number"


@dataclass(frozen=True)
class DateMention:
    """A date or part of one (2024年7月, 26日); missing parts are None."""

    year: int | None
    month: int | None
    day: int | None
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class ListMarker:
    """一是, 二是: the position of an item in a list, written in the source."""

    ordinal: int
    start: int
    end: int


@dataclass
class EnglishQuantities:
    """Every value an English text can be read to contain (generously), with its spans."""

    values: set[Decimal]
    spans: dict[Decimal, list[tuple[int, int]]]


def list_markers_zh(text: str) -> list[ListMarker]:
    """List markers: 一是…；二是…；三是… at the start of a clause."""
    markers = []
    for m in _LIST_MARKER_RE.finditer(text):
        value = parse_chinese_numeral(m.group("num"))
        if value:
            markers.append(ListMarker(int(value), m.start(), m.end()))
    return markers


def dates_zh(text: str) -> list[DateMention]:
    """Dates and parts of dates: 2024年7月26日, 二〇二四年七月, 7月26号 (not a bare year)."""
    found: list[DateMention] = []
    if "月" not in text and "日" not in text and "号" not in text:
        return found
    for m in _ZH_DATE_RE.finditer(text):
        if m.group("day") and not m.group("day").isascii():
            continue  # 一日六餐 "six meals a day", 三日 "three days": counts, not dates
        year, month = _date_part(m.group("y")), _date_part(m.group("m"))
        day = _date_part(m.group("d") or m.group("day"))
        if month is not None and not 1 <= month <= 12 or day is not None and not 1 <= day <= 31:
            continue
        found.append(DateMention(year, month, day, m.start(), m.end(), m.group()))
    return found


def _date_part(text: str | None) -> int | None:
    if not text:
        return None
    value = int(text) if text.isascii() else parse_chinese_numeral(text)
    return None if value is None else int(value)


def quantities_zh(text: str, dates: list[DateMention] | None = None) -> list[Quantity]:
    """Numbers a reader of the Chinese sees as quantities, dates and list markers excluded
    (pass ``dates`` when they are already known, to save finding them again)."""
    dates = dates_zh(text) if dates is None else dates
    taken = [(d.start, d.end) for d in dates]
    taken += [(m.start, m.end) for m in list_markers_zh(text)]
    # The list comma ， is not a thousands separator (6666，8888 are two numbers); the same
    # length keeps the offsets.
    numbers = find_numbers_zh(text.replace("，", "、"))
    found: list[Quantity] = []
    codes: set[tuple[int, int]] = set()
    index = 0
    while index < len(numbers):
        number = numbers[index]
        index += 1
        start, end, value = number.start, number.end, number.value
        if any(start < t_end and t_start < end for t_start, t_end in taken):
            continue
        code_span = code_at(text, start, end)
        if code_span is not None:
            if code_span not in codes:
                codes.add(code_span)
                code = text[code_span[0] : code_span[1]]
                found.append(Quantity(value, start, end, text[start:end], code=code))
            continue
        written = text[start:end]
        if not _counts_as_quantity(text, start, end, written, value):
            continue
        scale = _SCALE_AFTER_RE.match(text, end)
        if scale and written[-1:] not in "万亿萬億":
            # 30余万 "more than 300,000", 820 万 with a space
            value *= _SCALES[scale.group("scale")]
            end = scale.end()
        elif written.endswith("万") and index < len(numbers):
            following = numbers[index]
            tail = text[following.start : following.end]
            if following.start == end and tail.isdigit() and len(tail) <= 4:
                value += following.value  # 2万4801 = 24,801
                end = following.end
                index += 1
        kind = "month" if _RANGE_TO_MONTH_RE.match(text, end) else "number"
        found.append(Quantity(value, start, end, text[start:end], kind=kind))
    return found


_SCALES = {"万": 10**4, "萬": 10**4, "亿": 10**8, "億": 10**8, "千": 10**3, "百": 100}
_SCALE_AFTER_RE = re.compile(r"(?:[余多]|\s+)(?P<scale>[万萬亿億千百])")
_RANGE_TO_MONTH_RE = re.compile(r"\s*[至到\-~～—]\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*月")
# 三位一体, 千篇一律, 四面八方: a numeral, a character, a numeral, a character.
_IDIOM_RE = re.compile(r"[一二两三四五六七八九十百千万][^\W\d]")


def _counts_as_quantity(text: str, start: int, end: int, written: str, value: Decimal) -> bool:
    numeral = written.removeprefix("百分之").rstrip("%％")
    if any(c.isdigit() and c.isascii() for c in numeral) or any("０" <= c <= "９" for c in numeral):
        return True
    if value in (0, 1):
        return False  # 一个 is "a", 一起 "together", 统一 "unified": never worth a flag
    if text.startswith(_NUMERAL_WORDS, start):
        return False
    before, after = text[start - 1 : start], text[end : end + 2]
    if written.startswith("百分之") and not _approximate_pair(text, start + 3, end):
        return True
    if before in _APPROXIMATE_BEFORE or text[start - 2 : start] in _APPROXIMATE_BEFORE:
        return False
    if after[:1] in _APPROXIMATE_AFTER or _approximate_pair(text, start, end):
        return False
    if all(c in _ZH_DIGIT_ONLY for c in numeral) and len(numeral) > 1:
        # 七八个, 三五天 are "seven or eight", 三四五六年级 grades; 二〇二四年 is a year
        return len(numeral) >= 4 and (
            any(c in "〇零○" for c in numeral) or after[:1] == "年" and after != "年级"
        )
    if len(numeral) == 1 and (
        _IDIOM_RE.match(text, end + 1) or _IDIOM_RE.match(text, start - 2) and start >= 2
    ):
        return False  # 三位一体, 千篇一律, 一举两得
    if (
        len(numeral) == 1
        or numeral[0] in "百千万亿萬億佰仟"
        or not any(c in _ZH_DIGIT_ONLY for c in numeral)
    ):
        # 四个方面, 第二, 十年, 十万年 count; 三中全会, 十分, 千万不要, 万一 do not
        return before == "第" or after[:1] in _CLASSIFIERS or after in _CLASSIFIERS
    return True


def _approximate_pair(text: str, start: int, end: int) -> bool:
    """七八十, 六七十年代, 三四个: neighbouring digits give a rough figure, not a number."""
    digits = "一二三四五六七八九"
    first, last = text[start : start + 1], text[end - 1 : end]
    before, after = text[start - 1 : start], text[end : end + 1]
    if before and first and before in digits and first in digits:
        if digits.index(first) == digits.index(before) + 1:
            return True
    return bool(
        end - start == 1
        and after
        and last
        and after in digits
        and last in digits
        and digits.index(after) == digits.index(last) + 1
    )


def code_at(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The span of the code a number belongs to (G20, 5G, COVID-19, 424.10.0.20), or None for
    a plain number."""
    before, after = text[start - 1 : start], text[end : end + 1]
    latin = before.isascii() and before.isalpha() or after.isascii() and after.isalpha()
    left, right = start, end
    while left > 0 and _code_char(text[left - 1]):
        left -= 1
    while right < len(text) and _code_char(text[right]):
        right += 1
    while left < right and not text[left].isalnum():
        left += 1
    while right > left and not text[right - 1].isalnum():
        right -= 1
    if latin or text.count(".", left, right) >= 2:
        return (left, right)
    return None


def code_parts(code: str) -> list[Decimal]:
    """The numbers inside a code: 2021.6.11 -> 2021, 6, 11; 0-100km -> 0, 100."""
    return [Decimal(part) for part in re.findall(r"\d+", code)]


def _code_char(char: str) -> bool:
    return char.isascii() and (char.isalnum() or char in "-./")


def quantities_en(text: str) -> EnglishQuantities:
    """Every value the English could be read as containing: digits, words, ordinals."""
    values: set[Decimal] = set()
    spans: dict[Decimal, list[tuple[int, int]]] = {}

    def add(value: Decimal | int, start: int, end: int) -> None:
        value = Decimal(value)
        values.add(value)
        spans.setdefault(value, []).append((start, end))

    for number in find_numbers_en(text):
        add(number.value, number.start, number.end)
    for m in _DIGITS_RE.finditer(text):  # 13 to15, B2, G7, 100km: digits wherever they stand
        add(int(m.group()), m.start(), m.end())
        year = int(m.group())
        if 1000 <= year < 2100 and len(m.group()) == 4:
            add(year % 100, m.start(), m.end())  # 1995 for 95后; 1980s for 80年代
            if text[m.end() : m.end() + 1] == "s":
                add(year // 100 + 1, m.start(), m.end() + 1)  # the 1980s: 20世纪
    for m in _ROMAN_RE.finditer(text):
        numeral = _roman(m.group())
        if numeral:
            add(numeral, m.start(), m.end())  # Part II
    for m in _EN_WORD_RE.finditer(text):
        value = _english_number_words(m.group())
        if value is not None:
            add(value, m.start(), m.end())
        words = list(re.finditer(r"[a-z]+", m.group(), re.I))
        for word in words if len(words) > 1 else ():
            # "five and six" also holds five and six; "two billion" does not hold a billion
            if word.group().lower() not in _EN_SCALE:
                value = _english_number_words(word.group())
                if value is not None:
                    add(value, m.start() + word.start(), m.start() + word.end())
    return EnglishQuantities(values, spans)


_DIGITS_RE = re.compile(r"\d+")
_ROMAN_RE = re.compile(r"\b[IVXL]{1,6}\b")
_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50}


def _roman(numeral: str) -> int:
    total = 0
    for char, following in zip(numeral, numeral[1:] + " ", strict=True):
        value = _ROMAN[char]
        total += -value if following != " " and _ROMAN[following] > value else value
    return total


def months_en(text: str) -> set[int]:
    """The months an English text names (July, Sept., dec)."""
    return {_MONTHS[m.group(1).lower()] for m in _MONTH_RE.finditer(text)}


def _english_number_words(phrase: str) -> int | None:
    """Value of "twenty-five", "three hundred", "a million", "forty thousand", "third", "both"."""
    words = [w for w in re.split(r"[\s-]+", phrase.lower()) if w and w != "and"]
    if not words:
        return None
    if len(words) == 1:
        word = words[0]
        for table in (_EN_ORDINALS, _EN_IMPLIED, _EN_SCALE, _EN_SMALL):
            if word in table:
                return table[word]
        return None
    total, current = 0, 0
    for word in words:
        if word in ("a", "an"):
            current += 1
        elif word in _EN_SMALL:
            current += _EN_SMALL[word]
        elif word == "hundred":
            current = max(current, 1) * 100
        elif word in _EN_SCALE:
            total += max(current, 1) * _EN_SCALE[word]
            current = 0
    value = total + current
    return value if value or words[0] == "zero" else None

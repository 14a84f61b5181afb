"""Web page chrome that drafts copied from a website carry: navigation, sharing, footers.

Such a line is kept as a segment (a person decides to drop it), but the aligner must not
glue it to a neighbouring sentence: it pairs only with chrome on the other side (返回首页 ~
Back to Home) or stands alone.
"""

import re

_MAX_LENGTH = 120  # chrome is short; a long sentence that starts "Share" is prose

_EN = re.compile(
    r"""^(?:
        back\s+to\s+(?:home|top|list|index)\b
      | home\s*[>›»/|]
      | (?:share|print|email|e-mail)(?:\s+(?:this|to|on))?
        (?:\s+(?:article|page|story|post))?\s*[:：]?$
      | related\s+(?:news|articles?|posts?|links|reading|stories)\b
      | (?:previous|next|prev)(?:\s+(?:article|page|post|story|item))?\s*[:：]
      | (?:copyright|©)
      | .*\ball\s+rights\s+reserved\b
      | scan\s+(?:the\s+)?qr\s+code
      | follow\s+us\b
      | (?:source|editor|author|views|hits|click(?:s)?|release\s+time|published)\s*[:：]
      | (?:read\s+more|more\s+news|click\s+here|top|close|menu|search)\s*$
    )""",
    re.IGNORECASE | re.VERBOSE,
)
_ZH = re.compile(
    r"""^(?:
        返回(?:首页|顶部|列表|上一页)
      | 首页\s*[>›»/|]
      | 分享(?:到|至)?\s*[:：]?$
      | (?:打印|关闭|收藏)(?:本页|此页|窗口)?$
      | 相关(?:新闻|文章|阅读|链接|推荐)
      | (?:上一篇|下一篇|上一条|下一条)
      | (?:版权所有|copyright|©)
      | .*版权所有
      | (?:扫一扫|扫码|扫描二维码)
      | 关注我们
      | (?:来源|编辑|作者|责任编辑|浏览(?:次数)?|点击(?:数|量)?|发布时间|发布日期)\s*[:：]
      | (?:阅读全文|更多新闻|点击这里|查看更多)\s*$
    )""",
    re.IGNORECASE | re.VERBOSE,
)


def is_boilerplate(text: str, lang: str) -> bool:
    """True for a short line that reads as page navigation, sharing or footer text."""
    stripped = " ".join(text.split())
    if not stripped or len(stripped) > _MAX_LENGTH:
        return False
    pattern = _ZH if lang == "zh" else _EN
    return pattern.match(stripped) is not None

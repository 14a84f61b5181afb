"""Language facts the checks use, kept apart from the checks (as translate-toolkit does)."""

# Chinese (full-width) punctuation that has no place in English copy. Curly quotes “” are not
# here: they are also English typography and are judged by their spacing instead.
FULLWIDTH_PUNCTUATION = "，。：；！？、《》〈〉（）【】「」『』～〔〕〖〗﹏"
# One … is English typography; the Chinese ellipsis is two of them.
CHINESE_ELLIPSIS = "……"
# What the end of a Chinese sentence means in English.
SOURCE_END = {
    "。": ".",
    ".": ".",
    "．": ".",
    "！": "!",
    "!": "!",
    "？": "?",
    "?": "?",
    "；": ";",
    ";": ";",
    "：": ":",
    ":": ":",
    "，": ",",
    ",": ",",
    "…": "…",
}
SENTENCE_END = ".!?…"
# Closing marks that may follow the end punctuation: 。” and ." both end a sentence.
CLOSERS = "”’\"')）]】』」》"
# The source marks that open and close what an English bracket or quote stands for.
SOURCE_PAIRS = {
    "(": ("（(", "）)"),
    "[": ("【[", "】]"),
    "{": ("{", "}"),
    "“": ("“「『", "”」』"),
    '"': ("“「『", "”」』"),
}
# Where a no-break space belongs: next to a digit (26 July, 6 km) or after a short abbreviation.
NBSP_ABBREVIATIONS = ("Mr.", "Mrs.", "Ms.", "Dr.", "No.", "Nos.", "p.", "pp.", "St.", "vol.")
NBSP_CHARS = "\u00a0\u202f\u2007"

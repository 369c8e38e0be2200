"""Is a term used, or only mentioned in order to reject or distance it?

"so-called freedom fighters", "what Islamabad calls a freedom struggle", "there is no such thing
as ...", "Russia did not invade Ukraine", a term in scare quotes: these mention the other side's
framing without taking it.
"""

from __future__ import annotations

import re

_BEFORE = re.compile(
    r"(?:so[- ]called|self[- ]styled|self[- ]proclaimed|supposed|alleged|purported|"
    r"what (?:it|they|he|she|\w+) (?:calls?|called|describes? as|terms?|refers? to as|likes? to call)|"
    r"(?:call(?:s|ed|ing)?|brand(?:s|ed)?|label(?:s|led|ed)?|dub(?:s|bed)?|term(?:s|ed)?|describ(?:es|ed))\s+(?:it|them|this|him|her|us)?\s*(?:as\s+)?(?:an?\s+|the\s+)?[\"“‘']|"
    r"no such thing as|there is no|the (?:false |misleading |so-called )?(?:label|term|word|notion|narrative|myth|claim|idea) (?:of )?|"
    r"reject(?:s|ed)? (?:the )?(?:label|term|characteri[sz]ation|description|narrative)(?: of)?|"
    r"(?:false|baseless|misleading|fabricated|propaganda) (?:claims?|narrative|label|allegations?) (?:of|that|about)|"
    r"not (?:a|an) |nothing but|far from being|refers? to .{0,40} as|"
    # a denial: "Russia did not invade Ukraine", "he was never wrongly deported"
    r"(?:did|does|do|has|have|had|was|were|is|are)(?: not|n't)(?: been)?|never)\s*[\"“‘']?\s*(?:\w+\s+){0,2}$",
    re.IGNORECASE,
)
_AFTER = re.compile(r"^\s*[\"”’']?\s*(?:,\s*)?(?:as (?:it|they|\w+) (?:calls?|put it|say)|is a (?:myth|lie|fiction)|does not exist|are nothing of the sort)", re.IGNORECASE)


def is_distanced(text: str, start: int, end: int) -> bool:
    """True when ``text[start:end]`` is mentioned at arm's length rather than used.

    >>> t = "There is no such thing as a freedom struggle, only so-called freedom fighters."
    >>> is_distanced(t, t.index("freedom struggle"), t.index("freedom struggle") + 16)
    True
    >>> t = "The freedom fighters will prevail."
    >>> is_distanced(t, 4, 20)
    False
    """
    before = text[max(0, start - 60) : start]
    if _BEFORE.search(before):
        return True
    # A term in its own quotation marks inside the statement: a scare quote, a mention.
    if start > 0 and text[start - 1] in "“‘\"'" and end < len(text) and text[end : end + 1] in "”’\"'":
        return True
    return bool(_AFTER.match(text[end : end + 40]))

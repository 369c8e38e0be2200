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
    r"no such thing as|there is no|the (?:false |misleading |so-called )?(?:label|term|word|notion|narrative|myth|claim|idea|fable|fiction|lie|canard|story) (?:of )?(?:an? |the )?|"
    r"reject(?:s|ed)? (?:the )?(?:label|term|characteri[sz]ation|description|narrative)(?: of)?|"
    r"(?:false|baseless|misleading|fabricated|propaganda) (?:claims?|narrative|label|allegations?) (?:of|that|about)|"
    r"not (?:a|an) |nothing but|far from being|refers? to .{0,40} as|"
    # a denial: "Russia did not invade Ukraine", "he was never wrongly deported"
    r"(?:did|does|do|has|have|had|was|were|is|are)(?: not|n't)(?: been)?|never|"
    # "the Taliban's description of the soldiers as 'hirelings of the occupiers'"
    r"(?:description|characteri[sz]ation|portrayal|depiction|branding|labelling|labeling) of .{0,60} as)\s*[\"“‘']?\s*(?:\w+\s+){0,2}$",
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
    # "no such thing as a ‘partial-birth’ or ‘late-term’ abortion": the second goes with the first
    listed = re.search(r"[\"“‘']([^\"”’']{1,40})[\"”’']\s+(?:or|and|nor)\s+[\"“‘']$", before)
    if listed:
        first_end = start - len(before) + listed.end(1)
        return is_distanced(text, first_end - len(listed.group(1)), first_end)
    # A term in its own quotation marks inside the statement: a scare quote, a mention (with
    # American punctuation inside the marks: end "chain migration," now).
    if start > 0 and text[start - 1] in "“‘\"'" and re.match(r"[,.;:!?]?[”’\"']", text[end : end + 2]):
        return True
    # a term inside a short quoted phrase held at arm's length as a whole: "the Taliban's
    # description of the soldiers as 'hirelings of the occupiers'"
    opening = max(text.rfind(q, max(0, start - 50), start) for q in "“‘\"")
    if opening >= 0 and not re.search(r"[”’\"]", text[opening + 1 : start]):
        closing = re.search(r"[”’\"]", text[end : end + 50])
        if closing and len(text[opening + 1 : end + closing.start()].split()) <= 6 and _BEFORE.search(text[max(0, opening - 60) : opening + 1]):
            return True
    return bool(_AFTER.match(text[end : end + 40]))

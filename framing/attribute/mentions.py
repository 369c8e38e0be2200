"""Find the speaker mention next to a cue: walk the words before (or after) a reporting verb and
keep the noun phrase they form, with an apposition when there is one.

Pure functions over ``(text, offsets)``; no state.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_TOKEN = re.compile(r"\w+(?:[-'’.]\w+)*|[^\w\s]")

PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i"})
SKIP_BEFORE_CUE = frozenset({
    "also", "has", "have", "had", "was", "were", "is", "are", "been", "be", "later", "then", "further",
    "again", "earlier", "previously", "recently", "publicly", "repeatedly", "once", "reportedly",
    "separately", "yesterday", "today", "would", "will", "did", "does", "do", "not", "never",
    "already", "still", "just", "privately", "subsequently", "initially", "first", "last", "meanwhile",
})
DETERMINERS = frozenset({"the", "a", "an", "its", "his", "her", "their", "our", "this", "that", "these", "those", "one", "two", "three", "several", "some", "many", "other", "another"})
CONNECTORS = frozenset({"of", "for", "to", "and", "in", "at", "on", "de", "al", "bin", "van", "von", "du", "le", "la"})
# Lower-case words that belong inside a speaker's noun phrase: roles, bodies and their modifiers.
NP_WORDS = frozenset("""
foreign external affairs home interior defence defense senior top chief deputy former local federal state
regional military government ministry minister spokesperson spokesman spokeswoman spokespeople official
officials ambassador envoy representative representatives leader leaders head president secretary director
commander general police authorities authority office department agency council committee group party army
forces press media reports report sources source witnesses witness residents resident analysts analyst
experts expert critics critic lawyers lawyer prosecutors prosecutor statement aide aides adviser advisers
advisor advisors diplomat diplomats negotiator negotiators member members lawmaker lawmakers legislator
legislators activist activists campaigners campaigner organisers organizers doctor doctors teacher teachers
parent parents people officer officers coach manager player players captain chairman chairwoman chair
executive executives founder mayor governor judge judges court union company firm bank board team club fans
administration embassy mission delegation representative spokespersons insiders observers economists
researchers scientists study survey figures data residents villagers survivors families relatives
colleagues friends neighbours neighbors organisation organization movement alliance coalition network
association institute centre center foundation campaign charity hospital university school principal
professor health education finance trade justice security intelligence border interior affairs
political politician economic public private national international acting assistant associate vice
permanent special high commissioner commission bureau service services staff worker workers employees
unions students student chief's ministry's government's minister's president's army's police's
reply readout communique release letter transcript filing review
""".split())
# Nouns a later reference uses for an organisation: "the group's director", "the federation said".
ORG_NOUNS = frozenset("""
group organisation organization federation center centre institute foundation association alliance
coalition network movement campaign charity union council committee ministry office department agency
bureau commission authority army party company firm bank embassy mission administration government
affiliate chapter branch wing command unit division clinic
""".split())
STOP_CAPS = frozenset("""
but however and in on at while when after before as if meanwhile yet so still also earlier later then now
this that these those it there here according speaking asked explaining responding addressing following
despite during since though although because with without by from over under about into for of to the a an
what why how who where which whose whom mr mrs ms dr
""".split()) - {"mr", "mrs", "ms", "dr"}
_LOWER_WORD = re.compile(r"[^\W\d_A-Z]+(?:['’-][^\W\d_A-Z]+)*")  # "chargé", "d'affaires", "long-time"
# Participles and adjectives that start a phrase after a speaker's noun ("a diplomat based in Kabul").
POSTMODIFIERS = frozenset("involved familiar close based responsible knowledgeable briefed stationed posted".split())
DAYS = frozenset("monday tuesday wednesday thursday friday saturday sunday".split())


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    text: str
    descriptor: str | None = None  # an apposition or title that says who the speaker is


def tokens(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group(0)) for m in _TOKEN.finditer(text, start, end)]


def _np_token(word: str) -> bool:
    low = word.lower().replace("’", "'")
    if low in NP_WORDS or low in CONNECTORS:
        return True
    if low.endswith("'s") and low[:-2] in NP_WORDS | ORG_NOUNS:  # "the group's", "the federation's"
        return True
    return word[:1].isupper() and low not in STOP_CAPS


def _trim_np(toks: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    def anchored(word: str) -> bool:
        low = word.lower()
        return low in DETERMINERS or low in NP_WORDS or (word[:1].isupper() and low not in STOP_CAPS) or word == "("

    while toks and (toks[0][2].lower() in CONNECTORS or (toks[0][2].lower() in STOP_CAPS and toks[0][2].lower() not in DETERMINERS) or not anchored(toks[0][2])):
        toks = toks[1:]
    if toks and toks[0][2] == "(":
        toks = toks[1:]
    while toks and toks[-1][2].lower() in CONNECTORS:
        toks = toks[:-1]
    return toks


def _np_or_paren(toks: list[tuple[int, int, str]], i: int) -> bool:
    word = toks[i][2]
    return _np_token(word) or word in {"(", ")"}


def _walk_back(toks: list[tuple[int, int, str]], i: int) -> list[tuple[int, int, str]]:
    end = i
    unknown = 0
    while i >= 0:
        word = toks[i][2]
        low = word.lower()
        if _np_or_paren(toks, i):
            i -= 1
        elif low in DETERMINERS and i > 0 and toks[i - 1][2].lower() in CONNECTORS | {"with"}:
            i -= 1  # "in the talks", "with the matter": inside the phrase
        elif (low in POSTMODIFIERS and i < end) or (low == "with" and i > 0 and toks[i - 1][2].lower() in POSTMODIFIERS):
            i -= 1  # "an official involved in the talks", "officials familiar with the matter"
        elif _LOWER_WORD.fullmatch(word) and unknown < 2 and word not in SKIP_BEFORE_CUE and i > 0:
            # an unlisted noun ("the chief selector"): kept only if a determiner or name precedes it
            unknown += 1
            i -= 1
        else:
            break
    # "the Coordination Headquarters for the Treatment of Prisoners": a determiner after a
    # connector is inside the phrase; the walk goes on past it.
    while i >= 2 and toks[i][2].lower() in DETERMINERS and toks[i - 1][2].lower() in CONNECTORS and _np_token(toks[i - 2][2]) and toks[i - 2][2].lower() not in CONNECTORS:
        i -= 2
        while i >= 0 and _np_token(toks[i][2]):
            i -= 1
    np_toks = toks[i + 1 : end + 1]
    if i >= 0 and toks[i][2].lower() in DETERMINERS:
        np_toks = [toks[i], *np_toks]
    return _trim_np(np_toks)


def speaker_before(text: str, lo: int, cue_start: int) -> Mention | None:
    """The speaker mention that ends just before a cue.

    >>> t = "Suhail Shaheen, a spokesman for the group, said the report was false."
    >>> m = speaker_before(t, 0, t.index("said"))
    >>> m.text, m.descriptor
    ('Suhail Shaheen', 'a spokesman for the group')
    >>> t = "Explaining why, the Foreign Ministry said:"
    >>> speaker_before(t, 0, t.index("said")).text
    'the Foreign Ministry'
    """
    toks = tokens(text, lo, cue_start)
    i = len(toks) - 1
    while i >= 0:
        low = toks[i][2].lower()
        if low in SKIP_BEFORE_CUE or (low.endswith("ly") and toks[i][2].islower() and len(low) > 4 and low not in NP_WORDS):
            i -= 1
        elif low in DAYS and i > 0 and toks[i - 1][2].lower() == "on":
            i -= 2
        else:
            break
    if i < 0:
        return None
    word = toks[i][2]
    if word.lower() in PRONOUNS:
        return Mention(toks[i][0], toks[i][1], word)
    if word.lower() == "and" and i >= 3:
        # "Taiwan's government rejects those claims and says ...": the subject of the first verb
        dateline = _DATELINE.match(text, lo)
        begin = dateline.end() if dateline else lo
        first = speaker_after(text, begin, toks[i][0])
        if first is not None and text[begin : first.start].strip() == "" and first.end < toks[i - 2][0]:
            return first
    descriptor = None
    if word == ",":
        # "NAME, APPOSITION, said" -- or "NAME, 79, who was there, said": the appositions run back
        # to the comma after the speaker's own phrase (at most three of them).
        close = i
        for _ in range(3):
            j = i - 1
            while j >= 0 and toks[j][2] != ",":
                j -= 1
            if j < 0:
                return None
            i = j
            head = _walk_back(toks, i - 1)
            if head and head[-1][1] == toks[i - 1][1] and (head[0][2][:1].isupper() or head[0][2].lower() in DETERMINERS):
                k = next((n for n, t in enumerate(toks) if t[0] == head[0][0]), 0)
                before_head = _walk_back(toks, k - 2) if k >= 2 and toks[k - 1][2] == "," else []
                # "Mark Ellery, a policy analyst at X, which favours ..., argued": the determiner
                # phrase is itself an apposition of the name before it
                if head[0][2].islower() and before_head and _NAME_ONLY.fullmatch(text[before_head[0][0] : before_head[-1][1]]):
                    continue
                break
        descriptor = text[toks[i][1] : toks[close][0]].strip()
        if descriptor.lower().startswith(("who ", "which ")):
            descriptor = descriptor.split(" ", 1)[1]
        i = i - 1
    elif word.lower() == "who" and i > 0 and toks[i - 1][2] == ",":
        i -= 2
    np_toks = _walk_back(toks, i)
    if not np_toks:
        return None
    start, end = np_toks[0][0], np_toks[-1][1]
    # "Carmody's barrister, Michael Ashworth, said": the name in the apposition is the speaker.
    if descriptor and _NAME_ONLY.fullmatch(descriptor) and not _NAME_ONLY.fullmatch(text[start:end]):
        d_start = text.index(descriptor, end)
        return Mention(d_start, d_start + len(descriptor), descriptor, text[start:end])
    return Mention(start, end, text[start:end], descriptor)


# "ISLAMABAD —", "NEW DELHI, March 11 —": the place and date a wire story opens with
_DATELINE = re.compile(r"\s*[A-Z][A-Z.' -]+(?:,\s*[A-Z][a-z]+\.?\s+\d{1,2})?\s*(?:\([A-Za-z]+\)\s*)?(?:[—–-]+|:)\s*")
_NAME_ONLY = re.compile(r"(?:[A-Z][\w’'.-]+\s+){1,4}[A-Z][\w’'-]+")


def subject_at(text: str, start: int, end: int) -> Mention | None:
    """The noun phrase that opens a clause, if it names a speaker (a role, a body or a name).

    >>> subject_at("The ministry also accused Ukraine of shelling", 0, 40).text
    'The ministry'
    >>> subject_at("Prices rose sharply", 0, 19) is None
    True
    """
    toks = tokens(text, start, end)
    np: list[tuple[int, int, str]] = []
    for n, tok in enumerate(toks):
        if (n == 0 and tok[2].lower() in DETERMINERS) or _np_token(tok[2]):
            np.append(tok)
        else:
            break
    np = _trim_np(np)
    if not np:
        return None
    words = [t[2] for t in np]
    named = _NAME_ONLY.fullmatch(text[np[0][0] : np[-1][1]]) or any(w.lower() in NP_WORDS or w.lower().rstrip("'s’") in ORG_NOUNS for w in words)
    if not named and not any(w[:1].isupper() and w.lower() not in STOP_CAPS for w in words[1:]):
        return None
    return Mention(np[0][0], np[-1][1], text[np[0][0] : np[-1][1]])


def speaker_after(text: str, cue_end: int, hi: int) -> Mention | None:
    """The speaker named after a cue: '"...," said Anil Rao, a spokesman.'

    >>> t = ", said Anil Rao, a ministry spokesman, on Monday."
    >>> m = speaker_after(t, t.index("said") + 4, len(t))
    >>> m.text, m.descriptor
    ('Anil Rao', 'a ministry spokesman')
    """
    toks = tokens(text, cue_end, hi)
    i = 0
    if toks and toks[0][2].lower() in PRONOUNS:
        return Mention(toks[0][0], toks[0][1], toks[0][2])
    np: list[tuple[int, int, str]] = []
    if toks and toks[0][2].lower() in DETERMINERS:
        np.append(toks[0])
        i = 1
    unknown = 0
    while i < len(toks) and toks[i][2].lower() not in DAYS:
        word = toks[i][2]
        if not _np_token(word):
            # an unlisted title word ("said senior counsel Naomi Feld"): kept only when a name follows
            if not (
                word.isalpha() and word.islower() and unknown < 2
                and (any(t[2][:1].isupper() for t in toks[i + 1 : i + 3]) or (i + 1 < len(toks) and toks[i + 1][2].lower() in NP_WORDS))
            ):
                break
            unknown += 1
        np.append(toks[i])
        i += 1
    np = _trim_np(np)
    if not np or all(t[2].lower() in DETERMINERS for t in np):
        return None
    descriptor = None
    if i < len(toks) and toks[i][2] == ",":
        j = i + 1
        while j < len(toks) and toks[j][2] not in {",", ".", ";"}:
            j += 1
        words = text[toks[i][1] : toks[j - 1][1]].strip() if j - 1 > i else ""
        if words and not re.match(r"(?i)(on|in|at|last|this|during|after|before)\b", words):
            descriptor = words
    phrase = text[np[0][0] : np[-1][1]]
    # "said the center's research director, Priya Sandoval": the name in the apposition speaks
    if descriptor and _NAME_ONLY.fullmatch(descriptor) and not _NAME_ONLY.fullmatch(phrase):
        d_start = text.index(descriptor, np[-1][1])
        return Mention(d_start, d_start + len(descriptor), descriptor, phrase)
    return Mention(np[0][0], np[-1][1], phrase, descriptor)

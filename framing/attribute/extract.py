"""Find attributions: block quotes after "said:", direct quotes, "according to", indirect speech.

Cue first, then the source mention beside it, then the content it credits (the order of BBC's
citron); speakers are resolved afterwards, in document order (see speakers.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from framing.attribute.cues import NEGATED_CUE, STRONG_VERBS, WEAK_VERBS, cue_lexicon
from framing.attribute.mentions import (
    DETERMINERS,
    NP_WORDS,
    ORG_NOUNS,
    Mention,
    speaker_after,
    speaker_before,
    subject_at,
    tokens,
)
from framing.attribute.sources import Registry
from framing.attribute.speakers import SpeakerResolver
from framing.document import Attribution, Document

OPEN_QUOTES = "“‘«"
CLOSE_QUOTES = "”’»"
_QUOTED_AS = re.compile(
    r"(?:is|was|were|are|has been|had been|being)\s+quoted\b[^:]{0,80}?\bas\s+(?:saying|stating|telling\s+\w+)",
    re.IGNORECASE,
)
_ACCORDING = re.compile(r"\b(?:according to|as reported by|in the words of)\b", re.IGNORECASE)
_THAT = re.compile(r"^\s*(?:,\s*)?that\b\s*", re.IGNORECASE)
_OBJECT_VERBS = frozenset({
    "told", "tells", "tell", "informed", "informs", "assured", "assures", "warned", "warns", "urged",
    "urges", "reminded", "reminds", "briefed", "briefs", "convinced", "promised", "promises", "advised",
    "advises", "conveyed", "conveys", "asked", "asks",
})
_NAME_VERBS = frozenset({"termed", "terms", "called", "calls", "described", "describes", "labelled", "labeled", "dubbed", "branded"})
_HEADLINE_LIKE = re.compile(r"[?]$")
_FIRST_PERSON_START = re.compile(r"^[\"“]?(?:we|our|us|i|my)\b", re.IGNORECASE)


@dataclass
class Candidate:
    kind: str
    start: int
    end: int
    cue_start: int
    cue_end: int
    speaker: Mention | None


def attribute(document: Document, registry: Registry) -> Document:
    """Add attributions found in the body (English sections only) to the document."""
    text = document.text
    body = [p for p in document.paragraphs if _scored(document, p.section)]
    candidates: list[Candidate] = []
    taken: list[tuple[int, int]] = []
    for finder in (_block_quotes, _direct_quotes, _according_to, _indirect):
        for cand in finder(document, body, taken):
            candidates.append(cand)
            taken.append((cand.start, cand.end))
    candidates = _inherit_speakers(candidates, text)
    candidates.sort(key=lambda c: (c.start, c.end))
    resolver = SpeakerResolver(text, registry, body_spans=[(p.start, p.end) for p in body])
    attributions = []
    for cand in candidates:
        if cand.speaker is None:
            continue
        resolved = resolver.resolve(cand.speaker, at=cand.cue_start)
        content_start, content_end = _strip_punctuation(text, cand.start, cand.end)
        if content_end <= content_start:
            continue
        attributions.append(
            Attribution(
                start=content_start,
                end=content_end,
                text=text[content_start:content_end],
                kind=cand.kind,
                speaker=cand.speaker.text,
                speaker_name=resolved.name,
                source_id=resolved.source_id,
                source_name=resolved.source_name,
                cue=text[cand.cue_start : cand.cue_end],
                cue_start=cand.cue_start,
                cue_end=cand.cue_end,
                speaker_start=cand.speaker.start,
                speaker_end=cand.speaker.end,
                stance=resolved.stance,
            )
        )
    return document.replace(attributions=tuple(attributions))


def _scored(document: Document, section_index: int) -> bool:
    section = document.sections[section_index]
    return section.kind == "body" and section.language in {"en", "und"}


def _overlaps(start: int, end: int, taken: list[tuple[int, int]]) -> bool:
    return any(start < e and end > s for s, e in taken)


def _strip_punctuation(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and (text[start].isspace() or text[start] in "\"“‘'«,:;—–-"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in "\"”’'»,;:—–-"):
        end -= 1
    return start, end


def _sentences_of(document: Document, paragraph_start: int, paragraph_end: int):
    return [s for s in document.sentences if s.start >= paragraph_start and s.end <= paragraph_end]


# ------------------------------------------------------------------ block quotes

def _block_quotes(document: Document, body, taken) -> list[Candidate]:
    """A paragraph ending in "said:" credits the paragraph(s) after it."""
    text = document.text
    lex = cue_lexicon()
    out = []
    for n, para in enumerate(body):
        if not para.text.rstrip().endswith(":") or n + 1 >= len(body):
            continue
        sentences = _sentences_of(document, para.start, para.end)
        last = sentences[-1] if sentences else para
        cue_span, mention = _block_cue(text, last.start, last.end, lex)
        if cue_span is None or mention is None:
            continue
        first = body[n + 1]
        if first.start - para.end > 4 and "\n\n\n" in text[para.end : first.start]:
            continue
        end = first.end
        k = n + 2
        while k < len(body) and _continues_block(body[k].text, lex):
            end = body[k].end
            k += 1
        out.append(Candidate("block", first.start, end, cue_span[0], cue_span[1], mention))
    return out


def _block_cue(text: str, start: int, end: int, lex) -> tuple[tuple[int, int] | None, Mention | None]:
    sentence = text[start:end]
    quoted = _QUOTED_AS.search(sentence)
    if quoted:
        cue = (start + quoted.start(), start + quoted.end())
        return cue, speaker_before(text, start, cue[0])
    reads = _DOCUMENT_READS.search(sentence.rstrip().rstrip(":"))
    if reads:
        cue = (start + reads.start(1), start + reads.end(1))
        return cue, speaker_before(text, start, cue[0])
    matches = [m for m in lex.pattern.finditer(sentence) if m.group(0).lower() in lex.past_and_present]
    issued = list(_ISSUED.finditer(sentence))
    if issued:
        # "The Prime Minister's Office issued the following statement after the meeting:" (a
        # reporting verb after it belongs to the adjunct: "... after Texas lawmakers approved ...")
        cue_match = issued[-1]
    elif matches:
        cue_match = matches[-1]
    else:
        return None, None
    tail = sentence[cue_match.end() :].strip()
    # "said:", "told reporters:", "said in a statement:", "wrote on X:" -- a few words at most, or
    # where and when it was said ("said after a meeting of the Cabinet Committee on Wednesday night:").
    limit = 16 if re.match(r"(?:in|on|at|after|during|following|via|through|to|before|late|early|ahead)\b", tail) else 6
    if len(tail.split()) > limit:
        return None, None
    cue = (start + cue_match.start(), start + cue_match.end())
    mention = speaker_before(text, start, cue[0])
    if mention is None:
        mention = speaker_after(text, cue[1], end)
    return cue, mention


def _continues_block(paragraph: str, lex) -> bool:
    """A further paragraph still in the speaker's voice: first person, no new cue, no heading."""
    stripped = paragraph.strip()
    if stripped.endswith(":") or _HEADLINE_LIKE.search(stripped) or len(stripped.split()) < 6:
        return False
    if not _FIRST_PERSON_START.match(stripped):
        return False
    return not any(m.group(0).lower() in {"said", "says", "told"} for m in lex.pattern.finditer(stripped))


# ------------------------------------------------------------------ direct quotes

def quote_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of quoted stretches in ``text[start:end]``, the marks included.

    >>> t = 'He said: "We will go." Then “more”.'
    >>> [t[s:e] for s, e in quote_spans(t, 0, len(t))]
    ['"We will go."', '“more”']
    """
    spans = []
    i = start
    while i < end:
        ch = text[i]
        if ch == '"':
            close = text.find('"', i + 1, end)
            if close == -1:
                spans.append((i, end))
                break
            spans.append((i, close + 1))
            i = close + 1
            continue
        if ch in "“«":
            closer = "”" if ch == "“" else "»"
            close = text.find(closer, i + 1, end)
            spans.append((i, end if close == -1 else close + 1))
            i = end if close == -1 else close + 1
            continue
        if ch == "‘" and (i == start or not text[i - 1].isalnum()):
            close = i + 1
            while True:
                close = text.find("’", close, end)
                if close == -1 or close + 1 >= end or not text[close + 1].isalpha():
                    break
                close += 1
            if close != -1 and len(text[i + 1 : close].split()) >= 4:
                spans.append((i, close + 1))
                i = close + 1
                continue
        i += 1
    return spans


def _direct_quotes(document: Document, body, taken) -> list[Candidate]:
    text = document.text
    lex = cue_lexicon()
    out: list[Candidate] = []
    for para in body:
        if _overlaps(para.start, para.end, taken):
            continue
        quotes = quote_spans(text, para.start, para.end)
        for qs, qe in quotes:
            inner_words = len(text[qs + 1 : qe - 1].split())
            sentence = next((s for s in document.sentences if s.start <= qs < s.end), None)
            last_sentence = next((s for s in document.sentences if s.start < qe <= s.end), None)
            s_start = sentence.start if sentence else para.start
            s_end = max(last_sentence.end if last_sentence else para.end, qe)
            s_end = min(s_end, para.end)
            prev_q_end = max([e for s, e in quotes if e <= qs] + [s_start])
            next_q_start = min([s for s, e in quotes if s >= qe] + [s_end])
            cue_mention = _cue_after_quote(text, qe, next_q_start, lex) or _cue_before_quote(text, prev_q_end, qs, lex)
            content_end = qe - 1 if text[qe - 1] in "\"”»’" else qe
            if cue_mention is None:
                # A quote of whole sentences with no cue of its own continues the last speaker's
                # words (resolved later); a few quoted words without a cue are a term or scare quote.
                if inner_words >= 4 and _starts_sentence(text, qs, s_start, para.start):
                    out.append(Candidate("direct", qs + 1, content_end, qs, qs, None))
                continue
            (cue_start, cue_end), mention = cue_mention
            if inner_words < 2:
                continue
            out.append(Candidate("direct", qs + 1, content_end, cue_start, cue_end, mention))
    return out


def _starts_sentence(text: str, qs: int, s_start: int, p_start: int) -> bool:
    before = text[s_start:qs].strip()
    return not before or before.endswith((".", ":", "!", "?")) or qs == p_start


_ABBREVIATED_TITLE = re.compile(r"\b(?:Dr|Mr|Mrs|Ms|Prof|Gen|Lt|Col|Sen|Rep|Gov|St|Capt|Maj|Brig|Adm|Sgt)\.")
_AFTER_DETERMINER = re.compile(r"\b(?:the|a|an|this|that|its|his|her|their)\s+$", re.IGNORECASE)


def _cue_after_quote(text: str, qe: int, hi: int, lex):
    tail = text[qe:hi]
    lead = re.match(r"\s*[,—–-]?\s*", tail)
    pos = qe + (lead.end() if lead else 0)
    window_end = min(hi, pos + 160)
    for m in lex.pattern.finditer(text, pos, window_end):
        if m.group(0).lower() not in lex.past_and_present or _AFTER_DETERMINER.search(text, max(pos, m.start() - 8), m.start()):
            continue  # "the post said": after a determiner it is a noun
        before = text[pos : m.start()]
        if before.strip() == "":
            mention = speaker_after(text, m.end(), window_end)  # "...," said the minister
        else:
            # "..., the affiliate's chief medical officer, Dr. Renata Osei, said": a title's full stop
            # does not end the sentence
            if len(before.split()) > 12 or re.search(r"[.;:!?]", _ABBREVIATED_TITLE.sub("T", before)):
                return None
            mention = speaker_before(text, pos, m.start())  # "...," the minister said
            if mention is None:
                continue
            # "...," the federation's president, Dana Whitcomb, said: the phrase starts with the title
            phrase_start = mention.start
            if mention.descriptor and text.startswith(mention.descriptor, pos + len(before) - len(before.lstrip())):
                phrase_start = pos + len(before) - len(before.lstrip())
            lead = text[pos + len(before) - len(before.lstrip()) : phrase_start]
            # "...," command spokesman Senior Colonel Zhao Lei said: a title word or two may lead
            # a named speaker (but not "..., a characterisation its sponsors reject")
            if lead and not (
                re.fullmatch(r"(?:[a-z]+\s+){1,2}", lead)
                and not set(lead.split()) & DETERMINERS
                and re.search(r"\b[A-Z][a-z]", mention.text)
            ):
                continue
        if mention is not None:
            return (m.start(), m.end()), mention
        return None
    return None


def _cue_before_quote(text: str, lo: int, qs: int, lex):
    head = text[lo:qs]
    match = re.search(r"[,:]?\s*(?:that\s*)?$", head)
    core_end = lo + (match.start() if match else len(head))
    reads = _DOCUMENT_READS.search(text, lo, core_end)
    if reads and reads.end() == core_end:
        # 'The message read: "..."', 'The third post read: "..."'
        mention = speaker_before(text, lo, reads.start(1))
        if mention is not None:
            return (reads.start(1), reads.end(1)), mention
    cues = [
        m for m in lex.pattern.finditer(text, lo, core_end)
        if m.group(0).lower() in lex.past_and_present
        # after a determiner it is a noun: "said the text “restores ...”"
        and not _AFTER_DETERMINER.search(text, max(lo, m.start() - 8), m.start())
        # "said in a video posted on its account:": a participle after a noun is no cue
        and not (
            m.group(0).endswith("ed")
            and re.search(r"\b(?:a|an|the)\s+[a-z]+\s+$", text[max(lo, m.start() - 30) : m.start()])
            and re.match(r"\s+(?:on|in|by|to|at)\b", text[m.end() : m.end() + 5])
        )
    ]
    if not cues:
        return None
    cue = cues[-1]
    between = text[cue.end() : core_end]
    # "He told reporters:", "she said in a statement," -- a short object or adjunct at most
    # (longer when it is where it was said: "said in a video posted on the command's account:").
    limit = 10 if re.match(r"\s*(?:in|on|at|during|via|through)\b", between) else 5
    if len(between.split()) > limit or re.search(r"[.;!?]", between):
        return None
    mention = speaker_before(text, lo, cue.start()) or speaker_after(text, cue.end(), core_end)
    if mention is None:
        return None
    return (cue.start(), cue.end()), mention


# ------------------------------------------------------------------ according to

def _according_to(document: Document, body, taken) -> list[Candidate]:
    text = document.text
    out = []
    for para in body:
        for sentence in _sentences_of(document, para.start, para.end):
            if _overlaps(sentence.start, sentence.end, taken):
                continue
            for m in _ACCORDING.finditer(text, sentence.start, sentence.end):
                mention = speaker_after(text, m.end(), sentence.end)
                initial = m.start() - sentence.start <= 2 or text[sentence.start : m.start()].strip() in {"", "But", "And"}
                comma = text.find(",", m.end(), sentence.end)
                if initial and comma != -1 and len(text[m.end() : comma].split()) <= 10:
                    lo, hi = m.end(), comma
                    while text[lo].isspace():
                        lo += 1
                    mention = Mention(lo, hi, text[lo:hi])
                elif not initial:
                    hi = sentence.end
                    while hi > m.end() and text[hi - 1] in ".!?\"”’ ":
                        hi -= 1
                    lo = m.end()
                    while lo < hi and text[lo].isspace():
                        lo += 1
                    if 0 < len(text[lo:hi].split()) <= 10:
                        mention = Mention(lo, hi, text[lo:hi])
                if mention is None:
                    continue
                after = text[mention.end : sentence.end]
                if initial:
                    comma = after.find(",")
                    if comma == -1:
                        continue
                    start = mention.end + comma + 1
                    mention = Mention(mention.start, mention.end, mention.text)  # the comma opens the content
                    out.append(Candidate("according_to", start, sentence.end, m.start(), m.end(), mention))
                else:
                    dateline = _DATELINE.match(text, sentence.start, m.start())
                    start = dateline.end() if dateline else sentence.start
                    out.append(Candidate("according_to", start, m.start(), m.start(), m.end(), mention))
    return out


# ------------------------------------------------------------------ indirect speech

def _indirect(document: Document, body, taken) -> list[Candidate]:
    text = document.text
    lex = cue_lexicon()
    out = []
    for para in body:
        for sentence in _sentences_of(document, para.start, para.end):
            if _overlaps(sentence.start, sentence.end, taken) or sentence.text.rstrip().endswith(":"):
                continue
            cand = _indirect_in_sentence(text, sentence.start, sentence.end, lex) or _participle_in_sentence(text, sentence.start, sentence.end)
            if cand is not None:
                out.extend(_split_coordinated(text, cand, sentence.end, lex))
    return out


_PARTICIPLE = re.compile(r",\s+(?:and\s+)?(saying|adding|insisting|warning|arguing|claiming|noting|stressing|declaring|asserting)\s+(?:that\s+)?")


def _participle_in_sentence(text: str, s_start: int, s_end: int) -> Candidate | None:
    """'The ministry rejected the report, saying the fence was on its side': the subject of the
    sentence says what follows the participle."""
    m = _PARTICIPLE.search(text, s_start, s_end)
    if m is None or len(text[m.end() : s_end].split()) < 3 or text[s_start:s_end].rstrip().endswith("?"):
        return None
    dateline = _DATELINE.match(text, s_start, s_end)
    begin = dateline.end() if dateline else s_start
    subject = subject_at(text, begin, m.start())
    if subject is None or text[begin : subject.start].strip():
        return None
    return Candidate("indirect", m.end(), s_end, m.start(1), m.end(1), subject)


_COORDINATED = re.compile(r"(?:,\s*|\s+)(?:and|but)\s+(?:also\s+|later\s+)?(?P<verb>[a-z]+)\s+that\s+")


def _split_coordinated(text: str, cand: Candidate, s_end: int, lex) -> list[Candidate]:
    """'X said A and denied that B': two attributions to X, the first ending before "and"."""
    out = [cand]
    for m in _COORDINATED.finditer(text, cand.start, s_end):
        if m.group("verb") not in lex.past_and_present:
            continue
        first = out[-1]
        out[-1] = Candidate(first.kind, first.start, m.start(), first.cue_start, first.cue_end, first.speaker)
        out.append(Candidate("indirect", m.end(), s_end, m.start("verb"), m.end("verb"), cand.speaker))
    return [c for c in out if len(text[c.start : c.end].split()) >= 2]


_NOUN_BEFORE = frozenset({
    "the", "a", "an", "its", "their", "his", "her", "our", "new", "fresh", "latest", "such", "these", "those", "two",
    "several", "of", "whose", "official", "media", "written", "formal", "brief", "short", "detailed", "joint", "separate",
})
_DATELINE = re.compile(r"^[A-Z][A-Za-z .'-]{1,40}(?:,\s+[A-Z][a-z]+\.?\s+\d{1,2})?\s*(?:\([A-Za-z ]+\))?\s*[-—–:]\s+")


def _indirect_in_sentence(text: str, s_start: int, s_end: int, lex) -> Candidate | None:
    if text[s_start:s_end].rstrip().endswith("?"):
        return None  # a question, usually the reporter's
    for m in lex.pattern.finditer(text, s_start, s_end):
        verb = m.group(0).lower()
        if verb not in lex.past_and_present:
            continue
        if m.group(0)[:1].isupper() and m.start() > s_start:
            continue  # "Minister of State", "the Report": a noun, not a verb
        previous = text[s_start : m.start()].split()[-1:] or [""]
        if previous[0].lower() in {"is", "are", "was", "were", "been", "being"} and verb.endswith("ed") and verb not in {"quoted"}:
            continue  # passive: "Kashmir is claimed in full by both countries"
        if previous[0].lower() in _NOUN_BEFORE and verb not in {"said", "told"}:
            continue  # "the new charges", "its claims" (but "a senior official said" is a speaker)
        if verb not in STRONG_VERBS and not re.match(r"\s*(?:\w+\s+){0,8}?that\b|\s*:", text[m.end() : s_end]):
            if verb not in _NAME_VERBS and verb not in _OBJECT_VERBS and not _denies_an_action(verb, text[m.end() : s_end]):
                continue
        mention = speaker_before(text, s_start, m.start())
        inverted = False
        if mention is None:
            # "..., said the minister." at the end of a sentence
            mention = speaker_after(text, m.end(), s_end)
            inverted = mention is not None
        if mention is None:
            continue
        if not inverted and NEGATED_CUE.search(" ".join(text[mention.start : m.start()].split()[-4:])):
            continue  # "Guo declined to say what ...", also when the walk took "declined" into the name
        if _not_a_statement(mention.text, verb, text[m.end() : s_end]):
            continue
        issued_by = _ISSUED_BY.match(text, s_start, m.start())
        if issued_by and not inverted:
            # "A readout issued by the Prime Minister's Office after the meeting said ...": the issuer
            issuer = subject_at(text, issued_by.end(), m.start())
            mention = issuer if issuer is not None else mention
        rest_start = mention.end if inverted else m.end()
        tail = text[rest_start:s_end]
        tail_words = tokens(text, rest_start, s_end)
        # Reported clause before the cue: "The talks will resume, the ministry said (on Monday)."
        lead = text[s_start : (m.start() if inverted else mention.start)].rstrip()
        short_tail = len(tail_words) <= 8 or re.match(r"\s*(?:on|in|at|late|earlier|later)\b[^,]{0,30},", tail)
        if lead.endswith(",") and len(lead.split()) >= 3 and not re.search(r"\bthat\b", tail[:12], re.I) and short_tail:
            dateline = _DATELINE.match(text, s_start, s_end)
            start = dateline.end() if dateline and dateline.end() < s_start + len(lead) - 1 else s_start
            return Candidate("indirect", start, s_start + len(lead) - 1, m.start(), m.end(), mention)
        if inverted:
            continue
        content_start = _clause_start(text, m.end(), s_end, verb)
        if content_start is None:
            continue
        if len(text[content_start:s_end].split()) < 3:
            continue
        return Candidate("indirect", content_start, s_end, m.start(), m.end(), mention)
    return None


_NOBODY = frozenset({"neither", "nobody", "none", "no one", "nothing", "no"})
_POSSESSIVES = ("his ", "her ", "their ", "its ", "our ", "my ")


def _denies_an_action(verb: str, tail: str) -> bool:
    return verb.startswith(("denied", "denies", "deny", "admitted", "admits", "acknowledged")) and bool(re.match(r"\s*[a-z]+ing\b", tail))


def _not_a_statement(speaker: str, verb: str, tail: str) -> bool:
    """Reporting verbs that report nothing: "Nobody said when", "Neither would say whether",
    "asked that her surname not be used", "claims the island as its own territory", "I am told
    that" (a source the reporter does not name), "her own asylum claim is pending" (a noun)."""
    low = speaker.lower()
    if low.split()[0] in _NOBODY or low.startswith("no one"):
        return True
    if verb.startswith("ask") and re.search(r"\bnot\b", tail) and re.search(r"\b(?:sur)?names?\b|\bidentif|\bpublish|\bprint", tail):
        return True
    if verb.startswith("claim") and re.search(r"\bas\s+(?:its|their|his|her|our)\s+own\b", tail):
        return True
    if verb == "told" and low in {"i am", "i was", "we are", "we were", "i have been", "we have been"}:
        return True
    if re.match(r"\s*(?:nothing|little|no more|not a word)\b", tail):
        return True  # "said nothing while ..."
    return low.startswith(_POSSESSIVES) and speaker.split()[-1].lower() not in NP_WORDS | ORG_NOUNS


def _clause_start(text: str, cue_end: int, s_end: int, verb: str) -> int | None:
    tail = text[cue_end:s_end]
    that = _THAT.match(tail)
    if that:
        return cue_end + that.end()
    if _denies_an_action(verb, tail):
        return cue_end + (len(tail) - len(tail.lstrip()))  # "Kyiv denied holding anyone back"
    # "told reporters (that) ...", "assured the ambassador that ...", "told Reuters on Monday ..."
    if verb in _OBJECT_VERBS:
        m = re.search(r"\bthat\b\s*", tail[:100])
        if m:
            return cue_end + m.end()
        obj = re.match(r"\s*(?:the\s+|a\s+)?(?:reporters|journalists|Reuters|AP|AFP|the BBC|[A-Z]\w+|\w+)(?:\s+(?:on|in)\s+\w+)?\s*,?\s*", tail)
        if verb.startswith("told") and obj:
            return cue_end + obj.end()
        if verb in {"urged", "urges", "asked", "asks", "advised", "advises", "warned", "warns"} and re.match(r"\s*(?:\w+\s+){1,4}to\s+\w+", tail):
            return cue_end + (len(tail) - len(tail.lstrip()))
        return None
    if verb in _NAME_VERBS:
        return cue_end + (len(tail) - len(tail.lstrip()))
    if verb in WEAK_VERBS:
        m = re.match(r"\s*(?:\w+\s+){0,6}?that\b\s*", tail)
        return cue_end + m.end() if m else None
    # "said on Tuesday (that) ...", "said in a statement (that) ..."
    with_that = re.match(r"\s*(?:on|in|at|late|early|last|during|after|earlier|later)\b[^,.;:]{0,60}?\bthat\s+", tail)
    if with_that:
        return cue_end + with_that.end()
    adjunct = re.match(r"\s*(?:on|in|at|late|early|during|after|last)\b[^,]{0,40}?(?:,\s*|\s+that\s+|\s+(?=[a-z]))", tail)
    if adjunct and re.match(r"\s*(?:on|in|at|late|early|last)\b", tail):
        rest = tail[adjunct.end() :]
        that2 = _THAT.match(rest)
        return cue_end + adjunct.end() + (that2.end() if that2 else 0)
    if tail.strip()[:1] in {",", ".", ":", ";", "?", "!"} or not tail.strip():
        return None
    return cue_end + (len(tail) - len(tail.lstrip()))


# "The embassy issued a statement on Friday." -- the issuer of a statement whose words follow.
_ISSUED = re.compile(
    r"\b(?:issued|released|published|put out|posted|circulated|sent out|distributed|read out|read)\s+(?:a|an|its|the)\s+"
    r"(?:(?:\w+\s+){0,2}?(?:statement|communiqu[eé]|press release|readout|message|letter|declaration|text|reply|note|remarks)\b|following\b)",
    re.IGNORECASE,
)
_ISSUED_BY = re.compile(
    r"\s*(?:a|an|the)\s+(?:\w+\s+)?(?:readout|statement|report|communiqu[eé]|release|letter|transcript|notice)\s+"
    r"(?:issued|released|published|put out|sent|circulated)\s+(?:by|from)\s+",
    re.IGNORECASE,
)
# "The statement read:", "Her post reads:": a document's words follow
_DOCUMENT_READS = re.compile(
    r"\b(?:the|its|his|her|their|a)\s+(?:\w+\s+)?(?:statement|post|letter|message|note|release|readout|communiqu[eé]|text|notice)\s+(reads?|read)\s*$",
    re.IGNORECASE,
)


def _inherit_speakers(candidates: list[Candidate], text: str) -> list[Candidate]:
    """A quote with no cue of its own is the words of the speaker quoted just before it, within the
    same or the previous paragraph; failing that, of whoever the sentence just before it says
    issued a statement; with neither, it is dropped."""
    ordered = sorted(candidates, key=lambda c: c.start)
    out: list[Candidate] = []
    last: Candidate | None = None
    for cand in ordered:
        if cand.speaker is None:
            if last is not None and last.kind == "direct" and cand.start - last.end < 600:
                cand.speaker = last.speaker
                cand.cue_start, cand.cue_end = last.cue_start, last.cue_end
                out.append(cand)
            else:
                issuer = _statement_issuer(text, cand.start, after=last.end if last else 0)
                if issuer is not None:
                    (cand.cue_start, cand.cue_end), cand.speaker = issuer
                    out.append(cand)
            continue
        out.append(cand)
        last = cand
    return out


def _statement_issuer(text: str, quote_start: int, after: int = 0) -> tuple[tuple[int, int], Mention] | None:
    r"""Who issued the statement that a cue-less quote opens, from the sentence just before it.

    >>> t = 'The embassy in Rome issued a statement on Friday.\n\n"We remain open to all Afghans."'
    >>> (cue, mention) = _statement_issuer(t, t.index('"') + 1)
    >>> mention.text, t[cue[0]:cue[1]]
    ('The embassy in Rome', 'issued')
    """
    lo = max(after, quote_start - 400)
    before = text[lo:quote_start].rstrip(' \n"“«')
    if not before.endswith((".", ":")):
        return None
    before = before[:-1]
    sentence_start = lo + max(before.rfind(". "), before.rfind("? "), before.rfind("! "), before.rfind("\n")) + 1
    sentence_end = lo + len(before)
    for m in reversed(list(_ISSUED.finditer(text, sentence_start, sentence_end))):
        mention = speaker_before(text, sentence_start, m.start())
        if mention is not None:
            return (m.start(), m.start() + len(m.group(0).split()[0])), mention
    return None

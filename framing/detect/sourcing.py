"""Weak sourcing: anonymous sources, vague attribution, unattributed claims, and denials that
the text later contradicts without saying who confirmed what."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from framing.attribute.speakers import VAGUE_HEADS
from framing.detect.common import scored_sentences
from framing.document import Document, Evidence, Flag
from framing.phrases import PhraseMatcher
from framing.resources import corpus_path

if TYPE_CHECKING:
    from framing.pipeline import Pipeline

SUBTYPE_SCORES = {"anonymous": 0.8, "vague": 0.7, "unattributed": 0.6, "contradicted_denial": 0.75}
EXPLANATIONS = {
    "anonymous": (
        "“{text}” hides who gave the information. Readers cannot check whether this person knows, or why "
        "they might want the story told this way. A stronger report names the source, or says why it cannot."
    ),
    "vague": (
        "“{text}” points to no one in particular. Which reports, which people? Without a named source the "
        "claim cannot be checked. A stronger report says exactly who said or published it."
    ),
    "unattributed": (
        "“{text}” presents a claim without saying where it comes from. Ask: who believes or reports this, "
        "and how do they know?"
    ),
    "contradicted_denial": (
        "The article says this was confirmed, but not by whom, although {speaker} had denied it "
        "(“{denial}”). When a denial is overturned, a careful report names who confirmed it."
    ),
}
_ANONYMOUS_HEADS = {"source", "sources", "insiders", "official", "officials", "aides", "diplomats", "someone"}
_DENIAL = re.compile(
    r"\b(?:no idea|no such|not aware|deni(?:ed|es)|deny|did not (?:happen|take place)|never (?:happened|took place)|"
    r"false|baseless|untrue|fabricated|rejects? (?:the )?reports?)\b",
    re.IGNORECASE,
)
_CONFIRMED = re.compile(r"\b(?:(?:has|have|had|was|were|been) (?:now )?(?:been )?confirmed|it (?:has )?emerged|turned out)\b", re.IGNORECASE)
_STOPWORDS = frozenset("the a an of to in on and or for with any such this that is was have has no idea i we".split())


@lru_cache(maxsize=1)
def weak_phrases() -> PhraseMatcher[str]:
    """Phrases of corpora/lexicons/anonymous_sources.txt (tab, then the subtype)."""
    entries = {}
    for line in corpus_path("lexicons", "anonymous_sources.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].rstrip()
        if not line.strip():
            continue
        phrase, _, subtype = line.partition("\t")
        subtype = subtype.strip()
        entries[phrase.strip()] = subtype if subtype in SUBTYPE_SCORES else "vague"
    return PhraseMatcher(entries)


def detect(document: Document, pipeline: Pipeline | None = None) -> list[Flag]:
    flags: list[Flag] = []
    taken: list[tuple[int, int]] = []

    def add(start: int, end: int, subtype: str, evidence: tuple[Evidence, ...] = (), explanation: str | None = None,
            attribution: int | None = None) -> None:
        if any(start < e and end > s for s, e in taken):
            return
        taken.append((start, end))
        text = document.text[start:end]
        flags.append(
            Flag(
                start=start, end=end, text=text, kind="weak_sourcing", subtype=subtype,
                score=SUBTYPE_SCORES[subtype],
                explanation=explanation or EXPLANATIONS[subtype].format(text=text),
                voice="author", attribution=attribution,
                evidence=evidence or (Evidence(start, end, text, role="phrase"),),
            )
        )

    scored = scored_sentences(document)
    # Attributions to nobody in particular: "Sources state", "According to media reports".
    for i, a in enumerate(document.attributions):
        words = set(re.findall(r"[a-z]+", a.speaker.lower()))
        if a.source_id.startswith("local:") and words and words <= VAGUE_HEADS | {"the", "some", "several", "local", "senior", "western", "foreign", "media", "news", "according", "to", "many", "other"}:
            lo = min(a.cue_start, a.speaker_start if a.speaker_start is not None else a.cue_start)
            hi = max(a.cue_end, a.speaker_end if a.speaker_end is not None else a.cue_end)
            subtype = "anonymous" if words & _ANONYMOUS_HEADS else "vague"
            add(lo, hi, subtype, attribution=i)
    # Set phrases anywhere in the reporter's text.
    matcher = weak_phrases()
    for _, sentence in scored:
        for start, end, subtype in matcher.find(document.text, sentence.start, sentence.end):
            add(start, end, subtype)
    flags.extend(_contradicted_denials(document, scored, taken))
    return flags


def _content_words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z]{4,}", text.lower()) if w not in _STOPWORDS}


def _contradicted_denials(document: Document, scored, taken) -> list[Flag]:
    out = []
    for a_index, attribution in enumerate(document.attributions):
        denial = _DENIAL.search(attribution.text)
        if not denial:
            continue
        topic = _content_words(attribution.text)
        for _, sentence in scored:
            if sentence.start < attribution.end or any(a.start <= sentence.start < a.end for a in document.attributions):
                continue
            if not _CONFIRMED.search(sentence.text) or not (topic & _content_words(sentence.text)):
                continue
            if any(sentence.start < e and sentence.end > s for s, e in taken):
                continue
            text = sentence.text
            explanation = EXPLANATIONS["contradicted_denial"].format(speaker=attribution.speaker_name, denial=attribution.text)
            out.append(
                Flag(
                    start=sentence.start, end=sentence.end, text=text, kind="weak_sourcing",
                    subtype="contradicted_denial", score=SUBTYPE_SCORES["contradicted_denial"],
                    explanation=explanation, voice="author", attribution=None,
                    evidence=(
                        Evidence(attribution.start, attribution.end, attribution.text, role="denial"),
                        Evidence(sentence.start, sentence.end, text, role="confirmation"),
                    ),
                    details={"denial_attribution": a_index},
                )
            )
            taken.append((sentence.start, sentence.end))
            break
    return out

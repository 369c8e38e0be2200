"""Conflicting attributions: words credited to a source that carry the framing of the side that
source opposes (India's foreign ministry "speaking" of "illegal Indian occupation of Kashmir").

For every attribution whose source has a stance on a dispute, each credited sentence is checked:
the dispute lexicon's terms of the opposing side (unless held at arm's length: "so-called",
"what X calls", scare quotes) and the perspective model's probability that the sentence takes the
opposing side's framing. Only credited sentences are checked, never the reporter's narration or
reader comments.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from framing.detect.distancing import is_distanced
from framing.document import Document, Evidence, Flag

if TYPE_CHECKING:
    from framing.pipeline import Pipeline

THRESHOLD = 0.6
MODEL_ALONE = 0.95  # without a lexicon term, the model alone must be this sure (below, on the
# development sets it found no conflict the lexicon missed and raised three false alarms)


@dataclass(frozen=True)
class SentenceVerdict:
    start: int
    end: int
    score: float
    opposing_side: str
    model_probability: float
    terms: tuple  # TermHit of the opposing side, used (not distanced)
    distanced: tuple  # TermHit of the opposing side held at arm's length
    paraphrase: bool = False  # the only evidence is plain words in the reporter's paraphrase


def credited_sentences(document: Document, start: int, end: int) -> list[tuple[int, int]]:
    """The sentences (clipped to the credited span) that an attribution covers."""
    out = []
    for sentence in document.sentences:
        lo, hi = max(sentence.start, start), min(sentence.end, end)
        if hi - lo >= 3:
            out.append((lo, hi))
    return out


def own_words(kind: str) -> bool:
    """Whether an attribution of this kind gives the source's own words (a quotation), not the
    reporter's paraphrase ("X said that ...", "according to X"), in which plain words are the
    reporter's choice."""
    return kind in {"direct", "block"}


def judge(
    text: str, spans: list[tuple[int, int]], dispute: str, side: str, pipeline: Pipeline,
    *, lexicon_only: bool = False, generic: bool = False, quoted: bool = True,
) -> list[SentenceVerdict]:
    """Score each credited sentence for taking the side opposed to ``side`` in ``dispute``.

    Plain words one side avoids (lexicon terms with ``loaded: false``, "Taiwan's president" from
    Beijing) count fully only when ``quoted``; in a paraphrase they may be the reporter's neutral
    words, so a sentence whose only evidence they are gets the lowest flagging score and says so.
    A loaded term counts either way."""
    disputes = pipeline.disputes
    opposing = disputes.opposing(dispute, side)
    if not opposing or not spans:
        return []
    found = []
    for lo, hi in spans:
        hits = [h for h in disputes.find(text, lo, hi, dispute=dispute) if h.term.side in opposing]
        used = tuple(h for h in hits if not is_distanced(text, h.start, h.end))
        found.append((used, tuple(h for h in hits if h not in used)))
    # The model reads the sentence without the terms it holds at arm's length: "what India calls
    # 'Pakistan-occupied Kashmir'" must not count as speaking of it.
    probabilities = [{} for _ in spans] if lexicon_only else pipeline.perspective_model.side_proba(
        dispute, [_without(text, lo, hi, distanced) for (lo, hi), (_, distanced) in zip(spans, found)], generic=generic, disputes=disputes
    )
    verdicts = []
    for (lo, hi), probs, (used, distanced) in zip(spans, probabilities, found):
        p_side, p_opp = max(((s, probs.get(s, 0.0)) for s in opposing), key=lambda x: x[1])
        if used:
            p_side = used[0].term.side
        paraphrase = bool(used) and not quoted and not any(h.term.loaded for h in used)
        if lexicon_only:
            score = 1.0 if used else 0.0
        elif paraphrase:
            score = THRESHOLD
        elif used:
            # An opposing term used in earnest is the evidence; the model only says how sure.
            score = THRESHOLD + (1 - THRESHOLD) * probs.get(p_side, 0.0)
        else:
            score = p_opp if p_opp >= MODEL_ALONE else 0.0
        verdicts.append(SentenceVerdict(lo, hi, round(score, 4), p_side, round(probs.get(p_side, 0.0), 4), used, distanced, paraphrase))
    return verdicts


_QUOTED_MENTION = re.compile(r"(?<!\w)[‘'\"“][^‘’'\"“”\n]{1,60}[’'\"”](?!\w)")


def _without(text: str, lo: int, hi: int, hits: tuple) -> str:
    """``text[lo:hi]`` without the ``hits`` and without words in quotation marks inside it
    ("Calling someone 'undocumented' is a euphemism" mentions the word, it does not use it)."""
    cuts = sorted([(h.start, h.end) for h in hits] + [(lo + m.start(), lo + m.end()) for m in _QUOTED_MENTION.finditer(text[lo:hi])])
    pieces, position = [], lo
    for start, end in cuts:
        if start >= position:
            pieces.append(text[position:start])
        position = max(position, end)
    pieces.append(text[position:hi])
    return " ".join(p.strip() for p in pieces if p.strip())


_FUNCTION = frozenset("the a an of to in on at for by with from and or but is are was were be been will would that this it its their our we they he she as".split())
_WORD = re.compile(r"[A-Za-z][\w'’-]*")


def _logit(p: float) -> float:
    p = min(max(p, 1e-6), 1 - 1e-6)
    return math.log(p / (1 - p))


def framing_words(
    pipeline: Pipeline, dispute: str, side: str, text: str, start: int, end: int, *, exclude: list[tuple[int, int]] = (), limit: int = 2
) -> list[tuple[int, int]]:
    """The words whose removal most lowers the model's belief (log-odds) that ``text[start:end]``
    takes ``side``'s framing, outside the ``exclude`` spans; adjacent ones join into one phrase."""
    sentence = text[start:end]
    words = [
        m for m in _WORD.finditer(sentence)
        if m.group(0).lower() not in _FUNCTION and not any(lo <= start + m.start() < hi for lo, hi in exclude)
    ]
    if not words:
        return []
    variants = [sentence[: m.start()] + sentence[m.end() :] for m in words]
    probabilities = pipeline.perspective_model.side_proba(dispute, [sentence, *variants], disputes=pipeline.disputes)
    base = _logit(probabilities[0].get(side, 0.0))
    drops = sorted(((base - _logit(p.get(side, 0.0)), i) for i, p in enumerate(probabilities[1:])), reverse=True)
    chosen = sorted(i for drop, i in drops[:limit] if drop >= 0.25)
    spans: list[tuple[int, int]] = []
    for i in chosen:
        lo, hi = start + words[i].start(), start + words[i].end()
        if spans and i > 0 and chosen and words[i - 1].end() + start >= spans[-1][1] and text[spans[-1][1] : lo].strip() == "":
            spans[-1] = (spans[-1][0], hi)
        else:
            spans.append((lo, hi))
    return spans


def detect(document: Document, pipeline: Pipeline) -> list[Flag]:
    disputes = pipeline.disputes
    flags = []
    for index, attribution in enumerate(document.attributions):
        relevant = {d: s for d, s in attribution.stance.items() if d in disputes.sides}
        if not relevant:
            continue
        spans = credited_sentences(document, attribution.start, attribution.end)
        for dispute, side in relevant.items():
            for verdict in judge(document.text, spans, dispute, side, pipeline, quoted=own_words(attribution.kind)):
                if verdict.score < THRESHOLD:
                    continue
                flags.append(_flag(document, index, dispute, side, verdict, pipeline))
    return flags


def _flag(document: Document, index: int, dispute: str, side: str, verdict: SentenceVerdict, pipeline: Pipeline) -> Flag:
    attribution = document.attributions[index]
    disputes = pipeline.disputes
    text = document.text[verdict.start : verdict.end]
    evidence = [Evidence(h.start, h.end, document.text[h.start : h.end], role="opposing_term", note=h.term.neutral) for h in verdict.terms]
    # Words the loaded-language model flags in this sentence are evidence too ("freedom groups").
    for span in pipeline.loaded_model.tag(text):
        lo, hi = verdict.start + span.start, verdict.start + span.end
        if not any(lo < e.end and hi > e.start for e in evidence):
            evidence.append(Evidence(lo, hi, document.text[lo:hi], role="loaded_term", note=span.category))
    # Words the perspective model leans on most for the other side's framing (occlusion).
    exclude = [(h.start, h.end) for h in verdict.terms]
    for lo, hi in framing_words(pipeline, dispute, verdict.opposing_side, document.text, verdict.start, verdict.end, exclude=exclude):
        if not any(lo < e.end and hi > e.start for e in evidence):
            evidence.append(Evidence(lo, hi, document.text[lo:hi], role="framing_word", note=verdict.opposing_side))
    evidence.sort(key=lambda e: e.start)
    title = disputes.titles.get(dispute, dispute)
    terms = ", ".join(f"“{e.text}”" for e in evidence) or "its wording"
    notes = [h.term.note for h in verdict.terms if h.term.note]
    neutrals = sorted({h.term.neutral for h in verdict.terms if h.term.neutral})
    source = attribution.source_name or attribution.speaker_name
    explanation = (
        f"The article credits these words to {attribution.speaker_name} ({source}), which takes the "
        f"“{side}” side in the dispute over {title}. But the sentence uses the other side's way of talking: "
        f"{terms} is how the “{verdict.opposing_side}” side describes it. A source almost never describes a "
        "conflict in its opponents' words, so the quote may be misattributed, mistranslated or changed."
    )
    if notes:
        explanation += f" {notes[0]}"
    if verdict.paraphrase:
        explanation += (
            " These words are in the reporter's summary of what was said, not in quotation marks, so"
            " they may be the reporter's choice rather than the source's: check the original statement."
        )
    if neutrals:
        explanation += f" Neutral wording: “{neutrals[0]}”."
    return Flag(
        start=verdict.start,
        end=verdict.end,
        text=text,
        kind="conflicting_attribution",
        subtype=dispute,
        score=verdict.score,
        explanation=explanation,
        voice="quoted",
        attribution=index,
        evidence=tuple(evidence),
        details={
            "speaker": attribution.speaker_name,
            "source_id": attribution.source_id,
            "source_stance": side,
            "dispute": dispute,
            "words_side": verdict.opposing_side,
            "model_probability": verdict.model_probability,
            "neutral_alternatives": neutrals,
            "paraphrase": verdict.paraphrase,
        },
    )

"""Loaded language: words and phrases that judge, found by the trained model, with whose voice
they are in (the outlet's, or a quoted speaker's) and a neutral alternative where one is known."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from framing.detect.common import attribution_at, scored_sentences
from framing.document import Document, Evidence, Flag
from framing.resources import corpora_root

if TYPE_CHECKING:
    from framing.pipeline import Pipeline

CATEGORY_EXPLANATIONS = {
    "labelling": "is a label that passes judgement on who someone is, instead of just naming them",
    "dehumanising": "talks about people as if they were animals, dirt or disease",
    "euphemism": "is a soft-sounding phrase that hides how harmful something is",
    "hyperbole": "exaggerates: it makes events sound bigger or worse than the facts show",
    "presupposition": "takes a side on whether something is true before showing evidence (for example, 'admitted' assumes guilt, 'claimed' suggests doubt)",
    "sentiment": "tells you how to feel (good or bad) instead of describing what happened",
    "scare_quotes": "puts quotation marks around a word to mock it or cast doubt on it",
    "metaphor": "uses a loaded image (a flood, an invasion, a disease) that shapes how readers see the issue",
}


@lru_cache(maxsize=1)
def neutral_table() -> dict[str, str]:
    """Hand-written neutral alternatives (corpora/lexicons/neutral_alternatives.tsv)."""
    path = corpora_root() / "lexicons" / "neutral_alternatives.tsv"
    table = {}
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#") and "\t" in line:
                term, alternative = line.split("\t", 1)
                table[term.strip().lower()] = alternative.strip()
    return table


def neutral_alternative(phrase: str, model=None) -> str | None:
    from framing.detect.lexicon import load_disputes

    key = phrase.lower().strip("“”‘’\"' ")
    for hit in load_disputes(loaded_only=True).find(phrase):
        if hit.term.neutral and hit.end - hit.start >= len(phrase.strip()) - 12:
            return hit.term.neutral
    table = neutral_table()
    if key in table:
        return table[key]
    if model is not None:
        learnt = model.alternative(phrase)
        if learnt:
            return learnt
    words = key.split()
    if not words:
        return None
    # A label built of a modifier and a group noun ("freedom groups") takes the alternative of a
    # listed label with the same modifier ("freedom fighters" -> "militants").
    from framing.learn.lexicons import lexicons

    actors = lexicons().actors
    if len(words) == 2 and words[1] in actors:
        for term, alternative in table.items():
            parts = term.split()
            if len(parts) == 2 and parts[0] == words[0] and parts[1] in actors:
                return alternative
        for term in load_disputes(loaded_only=True).terms:
            parts = term.term.lower().split()
            if len(parts) == 2 and parts[0] == words[0] and parts[1] in actors and term.neutral:
                return term.neutral
    return table.get(words[-1])


def explain(phrase: str, category: str, voice: str, speaker: str | None, alternative: str | None) -> str:
    what = CATEGORY_EXPLANATIONS.get(category, "carries a judgement")
    whose = (
        f"These are the words of {speaker}, whom the article quotes, not the outlet's own."
        if voice == "quoted" and speaker
        else "These are the outlet's own words."
    )
    better = f" A more neutral wording: “{alternative}”." if alternative else ""
    return f"“{phrase}” {what}. {whose}{better}"


def detect(document: Document, pipeline: Pipeline) -> list[Flag]:
    model = pipeline.loaded_model
    sentences = scored_sentences(document)
    if not sentences:
        return []
    texts = [s.text for _, s in sentences]
    sentence_scores = model.sentence_proba(texts)
    flags = []
    tagged = model.tag_many(texts, [float(x) for x in sentence_scores])
    for (index, sentence), sentence_score, spans in zip(sentences, sentence_scores, tagged):
        for span in spans:
            start, end = sentence.start + span.start, sentence.start + span.end
            phrase = document.text[start:end]
            a_index = attribution_at(document, start, end)
            voice = "quoted" if a_index is not None else "author"
            speaker = document.attributions[a_index].speaker_name if a_index is not None else None
            alternative = neutral_alternative(phrase, model)
            score = float((span.token_score * float(sentence_score)) ** 0.5)
            flags.append(
                Flag(
                    start=start, end=end, text=phrase, kind="loaded_language", subtype=span.category,
                    score=round(score, 4), explanation=explain(phrase, span.category, voice, speaker, alternative),
                    voice=voice, attribution=a_index,
                    evidence=(Evidence(start, end, phrase, role="term", note=alternative),),
                    details={
                        "sentence": index, "sentence_score": round(float(sentence_score), 4),
                        "token_score": round(span.token_score, 4), "neutral_alternative": alternative,
                    },
                )
            )
    return flags

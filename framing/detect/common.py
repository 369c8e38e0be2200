"""Helpers shared by detectors: which text is scored, whose voice a span is in."""

from __future__ import annotations

from framing.document import Document, Sentence


def scored_sentences(document: Document) -> list[tuple[int, Sentence]]:
    """Sentences of English body text: headlines count, comments and boilerplate never do."""
    out = []
    for i, sentence in enumerate(document.sentences):
        paragraph = document.paragraphs[sentence.paragraph]
        section = document.sections[paragraph.section]
        if section.kind in {"body", "headline"} and section.language in {"en", "und"}:
            out.append((i, sentence))
    return out


def attribution_at(document: Document, start: int, end: int) -> int | None:
    """Index of the attribution whose credited text holds ``start:end``, if any."""
    best = None
    for i, attribution in enumerate(document.attributions):
        if attribution.start <= start and end <= attribution.end:
            if best is None or attribution.end - attribution.start < document.attributions[best].end - document.attributions[best].start:
                best = i
    return best

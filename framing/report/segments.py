"""Cut a document's text into pieces at every span boundary, for renderers that mark spans up."""

from __future__ import annotations

from dataclasses import dataclass

from framing.document import Document


@dataclass(frozen=True)
class Piece:
    start: int
    end: int
    flags: tuple[int, ...]  # indices into Document.flags covering this piece
    attributions: tuple[int, ...]  # indices into Document.attributions covering this piece


def pieces(document: Document, start: int, end: int, *, flag_ids: list[int] | None = None) -> list[Piece]:
    """Non-overlapping pieces of ``text[start:end]``, each with the spans that cover all of it.

    >>> from framing.document import Document, Flag
    >>> doc = Document("a bad word", flags=(Flag(2, 5, "bad", "loaded_language", None, 0.9, "x"),))
    >>> [(p.start, p.end, p.flags) for p in pieces(doc, 0, 10)]
    [(0, 2, ()), (2, 5, (0,)), (5, 10, ())]
    """
    chosen = range(len(document.flags)) if flag_ids is None else flag_ids
    flags = [(i, document.flags[i]) for i in chosen if document.flags[i].start < end and document.flags[i].end > start]
    attrs = [(i, a) for i, a in enumerate(document.attributions) if a.start < end and a.end > start]
    cuts = {start, end}
    for _, span in flags + attrs:
        cuts.add(max(start, span.start))
        cuts.add(min(end, span.end))
    ordered = sorted(cuts)
    out = []
    for a, b in zip(ordered, ordered[1:]):
        if a == b:
            continue
        out.append(
            Piece(
                a,
                b,
                tuple(i for i, f in flags if f.start <= a and f.end >= b),
                tuple(i for i, t in attrs if t.start <= a and t.end >= b),
            )
        )
    return out

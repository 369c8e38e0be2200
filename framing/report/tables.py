"""Flat tables of a document's flags and attributions: one row each, with the document id."""

from __future__ import annotations

from typing import Any

from framing.document import Document

FLAG_COLUMNS = [
    "document_id", "flag", "kind", "subtype", "start", "end", "text", "score", "voice",
    "attribution", "speaker", "source_id", "explanation", "evidence", "error",
]
ATTRIBUTION_COLUMNS = [
    "document_id", "attribution", "kind", "speaker", "speaker_name", "source_id", "source_name",
    "stance", "cue", "start", "end", "text",
]


def flags_table(document: Document) -> list[dict[str, Any]]:
    rows = []
    for i, flag in enumerate(document.flags):
        attribution = document.attributions[flag.attribution] if flag.attribution is not None else None
        rows.append(
            {
                "document_id": document.id,
                "flag": i,
                "kind": flag.kind,
                "subtype": flag.subtype,
                "start": flag.start,
                "end": flag.end,
                "text": flag.text,
                "score": round(flag.score, 4),
                "voice": flag.voice,
                "attribution": flag.attribution,
                "speaker": attribution.speaker_name if attribution else None,
                "source_id": attribution.source_id if attribution else None,
                "explanation": flag.explanation,
                "evidence": "; ".join(e.text for e in flag.evidence),
                "error": None,
            }
        )
    return rows


def attributions_table(document: Document) -> list[dict[str, Any]]:
    return [
        {
            "document_id": document.id,
            "attribution": i,
            "kind": a.kind,
            "speaker": a.speaker,
            "speaker_name": a.speaker_name,
            "source_id": a.source_id,
            "source_name": a.source_name,
            "stance": "; ".join(f"{d}={s}" for d, s in a.stance.items()),
            "cue": a.cue,
            "start": a.start,
            "end": a.end,
            "text": a.text,
        }
        for i, a in enumerate(document.attributions)
    ]


def error_row(document_id: str, error: str) -> dict[str, Any]:
    row = dict.fromkeys(FLAG_COLUMNS)
    row.update(document_id=document_id, error=error)
    return row

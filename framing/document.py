"""The one data model: a document and its labelled character spans.

Every offset (``start``, ``end``) indexes into ``Document.text`` as a Python string slice, like
spaCy's ``start_char``/``end_char``. Renderers (JSON, text, HTML, tables, dashboard) read these
objects; none of them re-derives an offset.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any

SCHEMA_VERSION = "1.0"

SECTION_KINDS = ("headline", "body", "comments", "boilerplate")
ATTRIBUTION_KINDS = ("direct", "indirect", "according_to", "block")
FLAG_KINDS = ("loaded_language", "conflicting_attribution", "weak_sourcing")
VOICES = ("author", "quoted")


@dataclass(frozen=True)
class Span:
    """A labelled stretch of ``Document.text``."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Section(Span):
    kind: str
    language: str  # ISO 639-1 code, or "und" when it cannot be told


@dataclass(frozen=True)
class Paragraph(Span):
    section: int  # index into Document.sections


@dataclass(frozen=True)
class Sentence(Span):
    paragraph: int  # index into Document.paragraphs


@dataclass(frozen=True)
class Token(Span):
    sentence: int  # index into Document.sentences


@dataclass(frozen=True)
class Evidence(Span):
    role: str = "term"  # what this span shows: term, speaker, cue, quote ...
    note: str | None = None


@dataclass(frozen=True)
class Attribution(Span):
    """Text credited to a speaker: ``text`` is the credited content."""

    kind: str
    speaker: str  # the mention as written where the content is credited ("he", "the ministry")
    speaker_name: str  # the mention it resolves to ("Anil Rao", "the Indian foreign ministry")
    source_id: str  # registry id, or a stable local id ("local:...") for unknown speakers
    source_name: str | None
    cue: str
    cue_start: int
    cue_end: int
    speaker_start: int | None = None
    speaker_end: int | None = None
    stance: dict[str, str] = field(default_factory=dict)  # dispute -> side, from the registry


@dataclass(frozen=True)
class Flag(Span):
    kind: str
    subtype: str | None
    score: float
    explanation: str
    voice: str = "author"
    attribution: int | None = None  # index into Document.attributions
    evidence: tuple[Evidence, ...] = ()
    details: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Document:
    text: str
    id: str = "document"
    sections: tuple[Section, ...] = ()
    paragraphs: tuple[Paragraph, ...] = ()
    sentences: tuple[Sentence, ...] = ()
    tokens: tuple[Token, ...] = ()
    attributions: tuple[Attribution, ...] = ()
    flags: tuple[Flag, ...] = ()
    metadata: dict[str, Any] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()

    def span(self, start: int, end: int) -> str:
        return self.text[start:end]

    def section_at(self, offset: int) -> Section | None:
        for section in self.sections:
            if section.start <= offset < section.end:
                return section
        return None

    def replace(self, **changes: Any) -> Document:
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        values.update({k: tuple(v) if isinstance(v, list) else v for k, v in changes.items()})
        return Document(**values)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        # Tokens are the bulk of a document and cheap to recompute; they stay in the dict so the
        # round trip is lossless, but renderers may drop them (see report.json_report).
        return {"schema_version": SCHEMA_VERSION, **data}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Document:
        version = data.get("schema_version", SCHEMA_VERSION)
        if str(version).split(".")[0] != SCHEMA_VERSION.split(".")[0]:
            raise ValueError(f"unsupported schema_version {version!r}; this framing reads {SCHEMA_VERSION}")

        def build(kind: type, items: list[dict[str, Any]] | None) -> tuple:
            out = []
            for item in items or []:
                item = dict(item)
                if kind is Flag:
                    item["evidence"] = tuple(Evidence(**e) for e in item.get("evidence", ()))
                out.append(kind(**item))
            return tuple(out)

        return cls(
            text=data["text"],
            id=data.get("id", "document"),
            sections=build(Section, data.get("sections")),
            paragraphs=build(Paragraph, data.get("paragraphs")),
            sentences=build(Sentence, data.get("sentences")),
            tokens=build(Token, data.get("tokens")),
            attributions=build(Attribution, data.get("attributions")),
            flags=build(Flag, data.get("flags")),
            metadata=dict(data.get("metadata", {})),
            warnings=tuple(data.get("warnings", ())),
        )


def make_span(text: str, start: int, end: int) -> dict[str, Any]:
    """The ``start``/``end``/``text`` triple of a slice, for building spans.

    >>> make_span("India said", 0, 5)
    {'start': 0, 'end': 5, 'text': 'India'}
    """
    if not 0 <= start <= end <= len(text):
        raise ValueError(f"span {start}:{end} outside text of length {len(text)}")
    return {"start": start, "end": end, "text": text[start:end]}

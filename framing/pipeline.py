"""The pipeline: ingest -> segment -> attribute -> detect, returning one Document.

A ``Pipeline`` holds what is expensive to build (registry, lexicons, trained models) and builds
each piece once, on first use; ``analyze`` is the one-call public API on top of a shared default.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from framing.document import Document
from framing.ingest import DEFAULT_MAX_BYTES, IngestedText, ingest_path, ingest_text
from framing.segment import segment


@dataclass
class Pipeline:
    """Runs every stage over a document; build one per process and reuse it.

    ``sources`` and ``framing`` name extra registry / dispute-lexicon files that extend the
    bundled ones; ``model_dir`` names a trained loaded-language model to use instead of the
    per-user cache.
    """

    sources: tuple[Path, ...] = ()
    framing: tuple[Path, ...] = ()
    model_dir: Path | None = None
    detectors: tuple[str, ...] = ("loaded_language", "weak_sourcing", "conflicting_attribution")
    tokens: bool = False  # keep word tokens in the document (JSON --tokens); detectors do not need them
    options: dict[str, Any] = field(default_factory=dict)

    @cached_property
    def registry(self):
        from framing.attribute.sources import load_registry

        return load_registry(extra=self.sources)

    @cached_property
    def loaded_model(self):
        from framing.learn.artifacts import load_or_train_loaded_model

        return load_or_train_loaded_model(self.model_dir)

    @cached_property
    def disputes(self):
        from framing.detect.lexicon import load_disputes

        return load_disputes(extra=self.framing)

    @cached_property
    def perspective_model(self):
        from framing.learn.artifacts import load_or_train_perspective_model

        return load_or_train_perspective_model(self.model_dir)

    def warm_up(self) -> Pipeline:
        """Build everything now (before a batch or a dashboard session) rather than on first use."""
        for name in ("registry", "disputes", "loaded_model", "perspective_model"):
            getattr(self, name)
        self.analyze_text("Warm-up. The minister said the talks went well.")
        return self

    def analyze(self, ingested: IngestedText, *, doc_id: str = "document") -> Document:
        from framing.attribute import attribute
        from framing.detect import run_detectors

        document = segment(ingested, doc_id=doc_id, with_tokens=self.tokens)
        document = attribute(document, self.registry)
        return run_detectors(document, self)

    def analyze_text(self, text: str, *, doc_id: str = "document", name: str = "input") -> Document:
        return self.analyze(ingest_text(text, name=name), doc_id=doc_id)

    def analyze_path(
        self, path: str | Path, *, doc_id: str | None = None, encoding: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES
    ) -> Document:
        ingested = ingest_path(path, encoding=encoding, max_bytes=max_bytes)
        return self.analyze(ingested, doc_id=doc_id or (Path(str(path)).name if str(path) != "-" else "stdin"))


_DEFAULT: Pipeline | None = None


def default_pipeline() -> Pipeline:
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Pipeline()
    return _DEFAULT


def analyze(text: str, *, doc_id: str = "document", pipeline: Pipeline | None = None) -> Document:
    """Analyse a text and return its Document (sections, sentences, attributions, flags)."""
    return (pipeline or default_pipeline()).analyze_text(text, doc_id=doc_id)


analyze_text = analyze

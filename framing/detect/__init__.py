"""Detectors: each is ``detect(document, pipeline) -> list[Flag]`` in a module of its own."""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

from framing.document import Document

if TYPE_CHECKING:
    from framing.pipeline import Pipeline

DETECTORS = {
    "weak_sourcing": "framing.detect.sourcing",
    "loaded_language": "framing.detect.loaded",
    "conflicting_attribution": "framing.detect.conflicts",
}


def run_detectors(document: Document, pipeline: Pipeline) -> Document:
    flags = []
    for name in pipeline.detectors:
        module = import_module(DETECTORS[name])
        flags.extend(module.detect(document, pipeline))
    flags.sort(key=lambda f: (f.start, f.end, f.kind))
    return document.replace(flags=tuple(flags))

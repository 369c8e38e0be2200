"""Generate benchmark articles by sampling sentences and paragraphs of the project's corpora."""

from __future__ import annotations

import json
import random
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "corpora"


def _pools() -> tuple[list[str], list[str]]:
    sentences = [json.loads(line)["text"] for p in sorted((ROOT / "loaded").glob("*.jsonl")) for line in p.open(encoding="utf-8")]
    paragraphs = []
    for p in sorted((ROOT / "attribution").glob("*.jsonl")):
        for line in p.open(encoding="utf-8"):
            paragraphs += [x for x in json.loads(line)["text"].split("\n\n") if len(x.split()) > 8]
    return sentences, paragraphs


def generate(n: int, words: int = 800, seed: int = 0) -> list[str]:
    """``n`` articles of about ``words`` words: a headline, then paragraphs mixing attributed
    paragraphs from the attribution corpus with runs of corpus sentences."""
    rng = random.Random(seed)
    sentences, paragraphs = _pools()
    articles = []
    for _ in range(n):
        parts = [rng.choice(sentences).rstrip(".")[:80]]
        count = 0
        while count < words:
            chunk = rng.choice(paragraphs) if rng.random() < 0.5 else " ".join(rng.sample(sentences, 3))
            parts.append(chunk)
            count += len(chunk.split())
        articles.append("\n\n".join(parts))
    return articles

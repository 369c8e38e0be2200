"""The project's word lexicons (corpora/lexicons/) as sets, for features."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from framing.resources import corpora_root


@dataclass(frozen=True)
class Lexicons:
    subjective: dict[str, str]  # word -> "strong-negative", "weak-positive" ...
    intensifiers: frozenset[str]
    hedges: frozenset[str]
    factives: frozenset[str]
    assertives: frozenset[str]
    reporting: frozenset[str]
    actors: frozenset[str]
    phrases: dict[str, str]  # multi-word entries -> lexicon name


def _lines(name: str) -> list[str]:
    path = corpora_root() / "lexicons" / name
    if not path.exists():
        return []
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].rstrip()
        if line.strip():
            out.append(line.strip())
    return out


def _forms(name: str) -> frozenset[str]:
    return frozenset(f.strip().lower() for line in _lines(name) for f in line.split("\t")[0].split("|") if f.strip())


@lru_cache(maxsize=1)
def lexicons() -> Lexicons:
    subjective = {}
    for line in _lines("subjective.txt"):
        parts = line.split("\t")
        if len(parts) >= 3:
            subjective[parts[0].strip().lower()] = f"{parts[1].strip()}-{parts[2].strip()}"
        elif parts:
            subjective[parts[0].strip().lower()] = "weak-neutral"
    sets = {name: _forms(f"{name}.txt") for name in ("intensifiers", "hedges", "factives", "assertives")}
    reporting = _forms("reporting_verbs.txt")
    phrases = {}
    for name, words in sets.items():
        for w in words:
            if " " in w:
                phrases[w] = name
    return Lexicons(
        subjective, sets["intensifiers"], sets["hedges"], sets["factives"], sets["assertives"], reporting,
        _forms("actor_nouns.txt"), phrases,
    )

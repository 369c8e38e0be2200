"""Read the project's labelled corpora (and reviewed labels exported by the dashboard) into
records with character offsets, validating as they load."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from framing.errors import DataFileError
from framing.resources import corpora_root

CATEGORIES = (
    "labelling", "dehumanising", "euphemism", "hyperbole", "presupposition", "sentiment", "scare_quotes", "metaphor",
)


@dataclass(frozen=True)
class LabelledSpan:
    start: int
    end: int
    category: str | None  # None: loaded, category not given (e.g. a data set with word labels only)
    voice: str = "author"


@dataclass(frozen=True)
class LabelledSentence:
    id: str
    text: str
    spans: tuple[LabelledSpan, ...]
    topic: str = "unknown"
    register: str = "unknown"
    rewrite_of: str | None = None
    hard_negative: bool = False
    origin: str = "corpus"
    extra: dict = field(default_factory=dict)

    @property
    def loaded(self) -> bool:
        return bool(self.spans)


def _spans_from_phrases(record: dict, where: str) -> tuple[LabelledSpan, ...]:
    text = record["text"]
    spans = []
    for item in record.get("loaded") or []:
        phrase, category = item.get("phrase"), item.get("category")
        if category not in CATEGORIES:
            raise DataFileError(f"{where}: unknown category {category!r}")
        start = text.find(phrase) if phrase else -1
        if start < 0:
            raise DataFileError(f"{where}: phrase {phrase!r} is not in the text")
        spans.append(LabelledSpan(start, start + len(phrase), category, item.get("voice", "author")))
    for item in record.get("spans") or []:  # offset form, as the dashboard exports
        start, end, category = item.get("start"), item.get("end"), item.get("category") or item.get("label")
        if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)):
            raise DataFileError(f"{where}: span {start}:{end} is outside the text")
        if category is not None and category not in CATEGORIES:
            raise DataFileError(f"{where}: unknown category {category!r}")
        spans.append(LabelledSpan(start, end, category, item.get("voice", "author")))
    return tuple(sorted(spans, key=lambda s: s.start))


def read_jsonl(path: Path) -> Iterable[tuple[int, dict]]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise DataFileError(f"{path}: cannot be read ({exc})") from None
    for n, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise DataFileError(f"{path}, line {n}: not valid JSON ({exc.msg})") from None
        if not isinstance(record, dict) or not isinstance(record.get("text"), str):
            raise DataFileError(f"{path}, line {n}: expected an object with a 'text' string")
        yield n, record


def loaded_corpus_files(root: Path | None = None) -> list[Path]:
    return sorted(((root or corpora_root()) / "loaded").glob("*.jsonl"))


def load_loaded_corpus(paths: Iterable[Path] | None = None, *, origin: str = "corpus") -> list[LabelledSentence]:
    """Sentences of corpora/loaded/ (or the given files) with their loaded spans."""
    out = []
    for path in paths if paths is not None else loaded_corpus_files():
        for n, record in read_jsonl(path):
            where = f"{path.name}, line {n}"
            out.append(
                LabelledSentence(
                    id=str(record.get("id") or f"{path.stem}-{n}"),
                    text=record["text"],
                    spans=_spans_from_phrases(record, where),
                    topic=str(record.get("topic") or path.stem),
                    register=str(record.get("register") or "unknown"),
                    rewrite_of=record.get("rewrite_of"),
                    hard_negative=bool(record.get("hard_negative")),
                    origin=origin,
                )
            )
    return out


def files_hash(paths: Iterable[Path]) -> str:
    digest = hashlib.sha256()
    for path in sorted(paths):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()

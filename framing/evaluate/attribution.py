"""Score attribution extraction: quote spans (exact and overlap), speakers and sources.

The project's corpus (corpora/attribution/) is split by article id into a development half and a
held-out half; figures are reported on the held-out half. PolNeAR (../shared/data/polnear) is read
in place when present: its test split, never its text in the repository.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from pathlib import Path

from framing.attribute import attribute
from framing.attribute.sources import Registry, load_registry, normalise_name
from framing.errors import DataFileError
from framing.evaluate.metrics import PRF, match_spans, overlap, shared_data_dir
from framing.ingest import ingest_text
from framing.learn.corpus import read_jsonl
from framing.resources import corpora_root
from framing.segment import segment


def split_of(article_id: str) -> str:
    """Deterministic half split of the attribution corpus: "dev" or "test".

    >>> split_of("a-01") in {"dev", "test"}
    True
    """
    return "test" if int(hashlib.sha1(article_id.encode()).hexdigest(), 16) % 2 else "dev"


def load_articles(split: str | None = None) -> list[dict]:
    articles = []
    for path in sorted((corpora_root() / "attribution").glob("*.jsonl")):
        for n, record in read_jsonl(path):
            if split is None or split_of(record["id"]) == split:
                articles.append(_with_offsets(record, f"{path.name}, line {n}"))
    return articles


def _with_offsets(record: dict, where: str) -> dict:
    text = record["text"]
    gold = []
    for item in record.get("attributions", []):
        start = text.find(item["content"])
        if start < 0:
            raise DataFileError(f"{where}: content {item['content'][:40]!r} not in text")
        gold.append({**item, "start": start, "end": start + len(item["content"])})
    return {**record, "gold": gold}


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and not text[start].isalnum():
        start += 1
    while end > start and not text[end - 1].isalnum():
        end -= 1
    return start, end


def same_speaker(predicted: str, gold: str) -> bool:
    """Names match when equal, one holds the other, or they share the last name.

    >>> same_speaker("Andriy Kostiuk", "Deputy Foreign Minister Andriy Kostiuk")
    True
    """
    a, b = normalise_name(predicted), normalise_name(gold)
    if not a or not b:
        return False
    if a == b or a in b or b in a:
        return True
    return a.split()[-1] == b.split()[-1] and len(a.split()[-1]) > 3


def same_source(predicted: str, gold: str | None, registry: Registry) -> bool:
    if gold is None:
        return predicted.startswith("local:")
    if predicted == gold:
        return True
    source = registry.get(predicted)
    return source is not None and registry.speaking_body(source.id).id == gold


def evaluate_articles(articles: list[dict], registry: Registry | None = None) -> dict:
    registry = registry or load_registry()
    exact, loose = PRF(), PRF()
    speaker_ok = source_ok = matched = 0
    by_kind: dict[str, PRF] = {}
    errors: Counter = Counter()
    for article in articles:
        document = attribute(segment(ingest_text(article["text"], name=article["id"])), registry)
        text = article["text"]
        predicted = [(a.start, a.end) for a in document.attributions]
        gold = [(g["start"], g["end"]) for g in article["gold"]]
        for prf in (exact, loose):
            prf.predicted += len(predicted)
            prf.gold += len(gold)
        pairs = match_spans(predicted, gold)
        for i, j in pairs:
            p_span, g_span = _strip(text, *predicted[i]), _strip(text, *gold[j])
            union = max(p_span[1], g_span[1]) - min(p_span[0], g_span[0])
            if overlap(p_span, g_span) / max(union, 1) >= 0.5 or p_span == g_span:
                loose.true_positives += 1
            if p_span == g_span:
                exact.true_positives += 1
            a, g = document.attributions[i], article["gold"][j]
            matched += 1
            speaker_ok += same_speaker(a.speaker_name, g.get("speaker_name") or g["speaker"]) or same_speaker(a.speaker, g["speaker"])
            ok = same_source(a.source_id, g.get("source_id"), registry)
            source_ok += ok
            if not ok:
                errors[f"{g.get('source_id')} -> {a.source_id}"] += 1
        for g in article["gold"]:
            kind = by_kind.setdefault(g["kind"], PRF())
            kind.gold += 1
        matched_gold = {j for _, j in pairs}
        for j, g in enumerate(article["gold"]):
            if j in matched_gold:
                by_kind[g["kind"]].true_positives += 1
    return {
        "articles": len(articles),
        "quote_spans_exact": exact.as_dict(),
        "quote_spans_overlap": loose.as_dict(),
        "speaker_accuracy": round(speaker_ok / matched, 4) if matched else 0.0,
        "source_accuracy": round(source_ok / matched, 4) if matched else 0.0,
        "matched": matched,
        "recall_by_kind": {k: round(v.recall, 4) for k, v in sorted(by_kind.items())},
        "top_source_errors": errors.most_common(8),
    }


def evaluate_polnear(split: str = "test", limit: int | None = None) -> dict:
    """PolNeAR: content span F1 (exact, overlap), cue F1 (overlap) and source F1 among matched cues."""
    root = shared_data_dir()
    path = root / "polnear" / "polnear.jsonl" if root else None
    if path is None or not path.exists():
        raise DataFileError("PolNeAR not found (expected ../shared/data/polnear/polnear.jsonl)")
    registry = load_registry()
    content_exact, content_overlap, cue, source = PRF(), PRF(), PRF(), PRF()
    unsourced_total = unsourced_found = 0
    n = 0
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        if record.get("split") != split:
            continue
        n += 1
        if limit is not None and n > limit:
            break
        text = record["text"]
        document = attribute(segment(ingest_text(text, name=record["id"])), registry)
        gold = [a for a in record["attributions"] if a.get("content")]
        p_content = [(a.start, a.end) for a in document.attributions]
        g_content = [(a["content"]["start"], a["content"]["end"]) for a in gold]
        for prf in (content_exact, content_overlap):
            prf.predicted += len(p_content)
            prf.gold += len(g_content)
        for i, j in match_spans(p_content, g_content):
            content_overlap.true_positives += 1
            if _strip(text, *p_content[i]) == _strip(text, *g_content[j]):
                content_exact.true_positives += 1
        p_cues = [(a.cue_start, a.cue_end) for a in document.attributions]
        g_cues = [(a["cue"]["start"], a["cue"]["end"]) if a.get("cue") else None for a in gold]
        cue.predicted += len(p_cues)
        cue.gold += sum(c is not None for c in g_cues)
        indexed = [(j, c) for j, c in enumerate(g_cues) if c is not None]
        for i, k in match_spans(p_cues, [c for _, c in indexed]):
            cue.true_positives += 1
            j = indexed[k][0]
            g_source = gold[j].get("source")
            a = document.attributions[i]
            if a.speaker_start is not None:
                source.predicted += 1
            if g_source:
                source.gold += 1
                if a.speaker_start is not None and overlap((a.speaker_start, a.speaker_end), (g_source["start"], g_source["end"])) > 0:
                    source.true_positives += 1
        for a in record["attributions"]:
            if a["type"] == "Attribution-no-source" and a.get("content"):
                unsourced_total += 1
                span = (a["content"]["start"], a["content"]["end"])
                if any(overlap(span, (f.start, f.end)) for f in _weak_flags(document)):
                    unsourced_found += 1
    return {
        "dataset": "polnear",
        "split": split,
        "articles": min(n, limit) if limit else n,
        "content_exact": content_exact.as_dict(),
        "content_overlap": content_overlap.as_dict(),
        "cue_overlap": cue.as_dict(),
        "source_overlap_among_matched_cues": source.as_dict(),
        "unsourced_recall": round(unsourced_found / unsourced_total, 4) if unsourced_total else None,
    }


def _weak_flags(document):
    from framing.detect.sourcing import detect

    return detect(document, None)



"""Evaluate the loaded-language detector: topic-held-out cross-validation on the project's corpus,
and BABE, PTC and BASIL from ../shared/data (read in place; test/dev parts as their READMEs say)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import numpy as np
from sklearn.metrics import f1_score

from framing.errors import DataFileError
from framing.evaluate.metrics import PRF, match_spans, overlap, semeval_prf, shared_data_dir
from framing.learn.corpus import CATEGORIES, LabelledSentence, LabelledSpan, load_loaded_corpus
from framing.learn.loaded_model import LoadedLanguageModel

Progress = Callable[[str], None]


def _quiet(message: str) -> None:
    return None


def predict_spans(model: LoadedLanguageModel, texts: list[str]) -> list[list]:
    scores = model.sentence_proba(texts) if texts else []
    return [model.tag(text, sentence_score=float(score)) for text, score in zip(texts, scores)]


def corpus_cross_validation(folds: int = 5, limit: int | None = None, progress: Progress = _quiet, sentences: list[LabelledSentence] | None = None) -> dict:
    """Topic-held-out CV: every topic is tested by a model that never saw it."""
    sentences = sentences if sentences is not None else load_loaded_corpus()
    topics = sorted({s.topic for s in sentences})
    if limit:
        topics = topics[:limit]
        sentences = [s for s in sentences if s.topic in topics]
    groups = [topics[i::folds] for i in range(folds)]
    y_true, y_pred, y_score = [], [], []
    exact, partial_docs = PRF(), []
    per_category: dict[str, PRF] = {c: PRF() for c in CATEGORIES}
    pairs_total = pairs_won = 0
    for k, held in enumerate(groups, start=1):
        progress(f"fold {k}/{folds}: testing on {', '.join(held)}")
        train = [s for s in sentences if s.topic not in held]
        test = [s for s in sentences if s.topic in held]
        model = LoadedLanguageModel().fit(train)
        predicted = predict_spans(model, [s.text for s in test])
        scores = model.sentence_proba([s.text for s in test])
        by_id = {s.id: score for s, score in zip(test, scores)}
        for sentence, spans, score in zip(test, predicted, scores):
            y_true.append(int(sentence.loaded))
            y_pred.append(int(bool(spans)))
            y_score.append(float(score))
            p = [(t.start, t.end) for t in spans]
            g = [(t.start, t.end) for t in sentence.spans]
            exact.predicted += len(p)
            exact.gold += len(g)
            exact.true_positives += len(set(p) & set(g))
            partial_docs.append((p, g))
            for category in CATEGORIES:
                pc = [(t.start, t.end) for t in spans if t.category == category]
                gc = [(t.start, t.end) for t in sentence.spans if t.category == category]
                per_category[category].predicted += len(pc)
                per_category[category].gold += len(gc)
                per_category[category].true_positives += len(match_spans(pc, gc))
            if sentence.rewrite_of and sentence.rewrite_of in by_id:
                pairs_total += 1
                pairs_won += by_id[sentence.rewrite_of] > score
    return {
        "dataset": "corpus (topic-held-out cross-validation)",
        "folds": folds,
        "sentences": len(y_true),
        "sentence_macro_f1": round(f1_score(y_true, y_pred, average="macro"), 4),
        "sentence_macro_f1_at_0.5": round(f1_score(y_true, [int(s >= 0.5) for s in y_score], average="macro"), 4),
        "span_exact": exact.as_dict(),
        "span_partial": semeval_prf(partial_docs),
        "per_category_overlap": {c: v.as_dict() for c, v in per_category.items()},
        "loaded_outscores_rewrite": round(pairs_won / pairs_total, 4) if pairs_total else None,
        "rewrite_pairs": pairs_total,
        "y_true": y_true,
        "y_pred": y_pred,
        "y_score": y_score,
    }


def _data(name: str) -> Path:
    root = shared_data_dir()
    path = root / name / f"{name}.jsonl" if root else None
    if path is None or not path.exists():
        raise DataFileError(f"{name} not found (expected ../shared/data/{name}/{name}.jsonl)")
    return path


def _records(name: str) -> list[dict]:
    return [json.loads(line) for line in _data(name).read_text(encoding="utf-8").splitlines() if line.strip()]


def babe(in_domain: bool = False, limit: int | None = None, progress: Progress = _quiet, model: LoadedLanguageModel | None = None) -> dict:
    """BABE sentence-level macro-F1 on split=test; in-domain adds BABE split=dev to the training data."""
    records = _records("babe")
    test = [r for r in records if r["split"] == "test"][:limit]
    if in_domain or model is None:
        training = load_loaded_corpus()
        if in_domain:
            for r in records:
                if r["split"] == "dev":
                    spans = tuple(LabelledSpan(s["start"], s["end"], None) for s in r.get("biased_word_spans") or [])
                    if r["label"] == 1 and not spans:
                        continue  # biased with no marked words: no token labels to learn from
                    training.append(LabelledSentence(r["id"], r["text"], spans if r["label"] == 1 else (), topic="babe", origin="babe"))
        progress("training")
        model = LoadedLanguageModel().fit(training)
    progress("predicting")
    predicted = predict_spans(model, [r["text"] for r in test])
    scores = model.sentence_proba([r["text"] for r in test])
    y_true = [int(r["label"]) for r in test]
    y_pred = [int(bool(p)) for p in predicted]
    words = PRF()
    for r, spans in zip(test, predicted):
        gold = [(s["start"], s["end"]) for s in r.get("biased_word_spans") or []]
        pred = [(s.start, s.end) for s in spans]
        words.predicted += len(pred)
        words.gold += len(gold)
        words.true_positives += len(match_spans(pred, gold))
    return {
        "dataset": "babe", "split": "test", "setting": "in-domain (BABE dev + corpus)" if in_domain else "zero-shot (corpus only)",
        "sentences": len(test), "macro_f1": round(f1_score(y_true, y_pred, average="macro"), 4),
        "macro_f1_sentence_classifier_0.5": round(f1_score(y_true, [int(s >= 0.5) for s in scores], average="macro"), 4),
        "word_overlap": words.as_dict(),
    }


def ptc(limit: int | None = None, progress: Progress = _quiet, pipeline=None) -> dict:
    """PTC dev: Loaded_Language spans, SemEval-2020 Task 11 overlap formula, and line-level F1."""
    from framing.pipeline import Pipeline

    pipeline = pipeline or Pipeline(detectors=("loaded_language",))
    records = [r for r in _records("ptc") if r["split"] == "dev"][:limit]
    docs, y_true, y_pred = [], [], []
    for n, r in enumerate(records, start=1):
        progress(f"article {n}/{len(records)}")
        document = pipeline.analyze_text(r["text"], doc_id=r["id"])
        pred = [(f.start, f.end) for f in document.flags if f.kind == "loaded_language"]
        gold = [(s["start"], s["end"]) for s in r["spans"] if s["label"] == "Loaded_Language"]
        docs.append((pred, gold))
        pos = 0
        for line in r["text"].split("\n"):
            span = (pos, pos + len(line))
            pos += len(line) + 1
            if not line.strip():
                continue
            y_true.append(int(any(overlap(span, g) for g in gold)))
            y_pred.append(int(any(overlap(span, p) for p in pred)))
    return {"dataset": "ptc", "split": "dev", "articles": len(records), "loaded_language_semeval": semeval_prf(docs),
            "line_f1": round(f1_score(y_true, y_pred, zero_division=0), 4), "lines": len(y_true)}


def basil(split: str | None = "test", limit: int | None = None, progress: Progress = _quiet, pipeline=None) -> dict:
    """BASIL: sentence-level F1 of 'contains lexical bias', character-overlap P/R/F1 of spans."""
    from framing.pipeline import Pipeline

    pipeline = pipeline or Pipeline(detectors=("loaded_language",))
    records = [r for r in _records("basil") if split is None or r["split"] == split][:limit]
    y_true, y_pred = [], []
    chars = PRF()
    quoted = total = 0
    for n, r in enumerate(records, start=1):
        progress(f"article {n}/{len(records)}")
        document = pipeline.analyze_text(r["text"], doc_id=r["id"])
        flags = [f for f in document.flags if f.kind == "loaded_language"]
        total += len(flags)
        quoted += sum(f.voice == "quoted" for f in flags)
        lexical = [(s["start"], s["end"]) for s in r["spans"] if s["label"] == "lexical"]
        for sentence in r["sentences"]:
            span = (sentence["start"], sentence["end"])
            y_true.append(int(sentence["lexical"]))
            y_pred.append(int(any(overlap(span, (f.start, f.end)) for f in flags)))
        predicted_chars = {i for f in flags for i in range(f.start, f.end)}
        gold_chars = {i for s, e in lexical for i in range(s, e)}
        chars.predicted += len(predicted_chars)
        chars.gold += len(gold_chars)
        chars.true_positives += len(predicted_chars & gold_chars)
    return {"dataset": "basil", "split": split or "all", "articles": len(records),
            "sentence_f1_lexical": round(f1_score(y_true, y_pred, zero_division=0), 4),
            "positive_rate": round(float(np.mean(y_true)), 4) if y_true else None,
            "char_overlap": chars.as_dict(), "flags": total, "flags_in_quotes": quoted}


def summarise(result: dict) -> dict:
    return {k: v for k, v in result.items() if k not in {"y_true", "y_pred", "y_score"}}



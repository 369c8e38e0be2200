"""Retrain the loaded-language model with reviewed labels, and compare it with the current one on
the same held-out data.

The held-out data is a fixed set of corpus topics plus 30% of the reviewed sentences (chosen by a
hash of each sentence, so the same ones are held out every time; framing.review.is_held_out). The
new model is trained on everything else, so neither model is scored on sentences it learnt from:

* the new model: corpus minus the held-out topics, plus the other 70% of reviewed sentences;
* the current model, when it was itself retrained here (its card names the same held-out topics);
  otherwise a reference model with the current recipe trained on the corpus minus the held-out
  topics (trained once and cached), since the bundled model has seen every corpus topic.

The model you confirm is the one that was measured.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from framing.errors import FramingError, ModelError
from framing.review import HELD_OUT_FRACTION, split_held_out, write_jsonl

HELD_OUT_TOPICS = ("agriculture", "education", "sport", "transport")
REFERENCE_KIND = "loaded-heldout"
Progress = Callable[[str, float], None]  # message, fraction done
FIT_STEPS = 3  # LoadedLanguageModel.fit reports: sentence classifier, token tagger, category classifier


class _Steps:
    """Turns the trainer's step messages into a fraction of the whole job."""

    def __init__(self, progress: Progress, total: int):
        self.progress, self.total, self.done = progress, max(total, 1), 0

    def __call__(self, message: str) -> None:
        self.progress(message, min(self.done / self.total, 0.99))
        self.done += 1


@dataclass
class Scores:
    label: str
    sentence_macro_f1: float | None
    corpus_macro_f1: float | None
    reviewed_macro_f1: float | None


@dataclass
class Retrained:
    model: Any
    card: dict[str, Any]
    old: Scores
    new: Scores
    held_out: dict[str, Any]
    files: dict[str, str] = field(default_factory=dict)


def model_directory() -> tuple[Path | None, str]:
    """The directory of the model analyses use now, and how it was chosen."""
    from framing.learn.artifacts import CARD_FILE, LOADED_PARAMS, _lexicon_files, cache_key, cache_root
    from framing.learn.corpus import files_hash, loaded_corpus_files
    from framing.learn.train import current_model_dir

    current = current_model_dir()
    if current is not None:
        return current, "made current (framing train --make-current, or confirmed here)"
    files = loaded_corpus_files()
    if not files:
        return None, "no training data"
    directory = cache_root() / "loaded" / cache_key("loaded", files_hash(files + _lexicon_files()), LOADED_PARAMS)
    if (directory / CARD_FILE).exists():
        return directory, "trained from the bundled corpus and cached"
    return None, "not trained yet: it is trained on the first analysis"


def _macro_f1(y_true: list[int], y_pred: list[int]) -> float | None:
    if not y_true:
        return None
    from sklearn.metrics import f1_score

    return round(float(f1_score(y_true, y_pred, average="macro", labels=[0, 1], zero_division=0)), 4)


def sentence_macro_f1(model, sentences) -> float | None:
    """Sentence-level macro-F1 (loaded or not), as `framing evaluate loaded` reports it."""
    from framing.evaluate.loaded import predict_spans

    sentences = list(sentences)
    predicted = predict_spans(model, [s.text for s in sentences]) if sentences else []
    return _macro_f1([int(s.loaded) for s in sentences], [int(bool(p)) for p in predicted])


def score(model, label: str, corpus_test, reviewed_test) -> Scores:
    """Macro-F1 on all the held-out data, and on its corpus and reviewed parts (one prediction pass)."""
    from framing.evaluate.loaded import predict_spans

    sentences = list(corpus_test) + list(reviewed_test)
    predicted = predict_spans(model, [s.text for s in sentences]) if sentences else []
    y_true = [int(s.loaded) for s in sentences]
    y_pred = [int(bool(p)) for p in predicted]
    n = len(corpus_test)
    return Scores(
        label=label,
        sentence_macro_f1=_macro_f1(y_true, y_pred),
        corpus_macro_f1=_macro_f1(y_true[:n], y_pred[:n]),
        reviewed_macro_f1=_macro_f1(y_true[n:], y_pred[n:]),
    )


def _sentences_hash(sentences) -> str:
    digest = hashlib.sha256()
    for s in sentences:
        digest.update(json.dumps([s.text, [(t.start, t.end, t.category) for t in s.spans]]).encode("utf-8"))
    return digest.hexdigest()


_REFERENCE_PARAMS = {"held_out_topics": list(HELD_OUT_TOPICS)}


def _reference_directory(corpus_train) -> Path:
    from framing.learn.artifacts import LOADED_PARAMS, cache_key, cache_root

    params = {**LOADED_PARAMS, **_REFERENCE_PARAMS}
    return cache_root() / REFERENCE_KIND / cache_key(REFERENCE_KIND, _sentences_hash(corpus_train), params)


def reference_model(corpus_train, step: Callable[[str], None]):
    """The current recipe trained without the held-out topics (cached per corpus and versions)."""
    from framing.learn.artifacts import LOADED_PARAMS, load_or_train, train_loaded

    def train():
        step("reference model: the current recipe without the held-out topics")
        model, card = train_loaded([], progress=step, sentences=list(corpus_train))
        card["held_out"] = {"topics": list(HELD_OUT_TOPICS)}
        return model, card

    params = {**LOADED_PARAMS, **_REFERENCE_PARAMS}
    return load_or_train(REFERENCE_KIND, _sentences_hash(corpus_train), params, train)[0]


def _current_if_comparable() -> Path | None:
    """The current model's directory when it was trained without the held-out data."""
    from framing.learn.artifacts import read_card

    directory, _ = model_directory()
    if directory is None:
        return None
    try:
        card = read_card(directory)
    except ModelError:
        return None
    return directory if (card.get("held_out") or {}).get("topics") == list(HELD_OUT_TOPICS) else None


def old_model(corpus_train, step: Callable[[str], None]):
    """The model to compare against, and what it is (see the module docstring)."""
    from framing.learn.artifacts import load_model

    directory = _current_if_comparable()
    if directory is not None:
        return load_model(directory)[0], "current model"
    return reference_model(corpus_train, step), "current recipe, trained without the held-out data"


def retrain(records: list[dict], progress: Progress = lambda message, fraction: None) -> Retrained:
    """Train a new model with the reviewed ``records`` (framing.review export) and score old and new."""
    from framing.learn.artifacts import cache_root, train_loaded
    from framing.learn.corpus import load_loaded_corpus

    if not records:
        raise FramingError("no reviewed sentences yet; review some loaded-language flags first")
    train_records, held_records = split_held_out(records)
    folder = cache_root() / "review-exports" / dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    files = {"all": folder / "reviewed.jsonl", "train": folder / "reviewed-train.jsonl", "held_out": folder / "reviewed-held-out.jsonl"}
    write_jsonl(files["all"], records)
    write_jsonl(files["train"], train_records)
    write_jsonl(files["held_out"], held_records)
    # Read the exports back the way `framing train --extra-labels` does: the same validation.
    reviewed_train = load_loaded_corpus([files["train"]], origin="review")
    reviewed_test = load_loaded_corpus([files["held_out"]], origin="review")

    corpus = load_loaded_corpus()
    corpus_train = [s for s in corpus if s.topic not in HELD_OUT_TOPICS]
    corpus_test = [s for s in corpus if s.topic in HELD_OUT_TOPICS]
    if not corpus_test:
        raise FramingError(f"the corpus has none of the held-out topics ({', '.join(HELD_OUT_TOPICS)})")

    needs_reference = _current_if_comparable() is None and not (_reference_directory(corpus_train) / "card.json").exists()
    step = _Steps(progress, (1 + FIT_STEPS) * (2 if needs_reference else 1) + 1)
    old, old_label = old_model(corpus_train, step)
    step("new model: the corpus without the held-out topics, plus reviewed labels")
    model, card = train_loaded([files["train"]], progress=step, sentences=corpus_train + reviewed_train)
    step("evaluating both models on the held-out data")
    old_scores = score(old, old_label, corpus_test, reviewed_test)
    new_scores = score(model, "new model", corpus_test, reviewed_test)
    held_out = {
        "topics": list(HELD_OUT_TOPICS),
        "corpus_sentences": len(corpus_test),
        "reviewed_fraction": HELD_OUT_FRACTION,
        "reviewed_sentences": len(reviewed_test),
        "reviewed_training_sentences": len(reviewed_train),
    }
    card["held_out"] = held_out
    card["training_data"]["reviewed_sentences"] = len(reviewed_train)
    card["metrics"] = {
        "held_out": {
            "sentence_macro_f1": new_scores.sentence_macro_f1,
            "corpus_topics_macro_f1": new_scores.corpus_macro_f1,
            "reviewed_macro_f1": new_scores.reviewed_macro_f1,
            "previous": {"label": old_label, "sentence_macro_f1": old_scores.sentence_macro_f1},
        }
    }
    progress("done", 1.0)
    return Retrained(model, card, old_scores, new_scores, held_out, {k: str(v) for k, v in files.items()})


def make_current(result: Retrained) -> Path:
    """Save the new model with its card and make it the one every later analysis uses."""
    from framing.learn.artifacts import cache_root, save_model
    from framing.learn.train import make_current as point_to

    directory = cache_root() / "trained" / ("dashboard-" + dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f"))
    save_model(result.model, directory, result.card)
    point_to(directory)
    return directory

"""Evaluate conflicting-attribution detection on the held-out passages of
corpora/framing/eval/ (written separately from the lexicons and training passages, never tuned on),
or on the development passages of corpora/framing/dev/ (a second writer, same brief), which are the
ones thresholds and features are tuned on.

Reports the full detector (lexicon + perspective model), the lexicon-only baseline, and a
leave-one-dispute-out run in which the perspective model never saw the tested dispute.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable

from framing.attribute import attribute
from framing.detect.conflicts import THRESHOLD, credited_sentences, judge, own_words
from framing.evaluate.metrics import PRF
from framing.ingest import ingest_text
from framing.learn.corpus import read_jsonl
from framing.resources import corpora_root
from framing.segment import segment

Progress = Callable[[str], None]


SPLITS = {"test": "eval", "dev": "dev"}


def load_eval_passages(limit: int | None = None, split: str = "test") -> list[dict]:
    """The attributed passages of one split: "test" (held out) or "dev" (for tuning)."""
    if split not in SPLITS:
        raise ValueError(f"unknown split {split!r}; one of {', '.join(SPLITS)}")
    passages = []
    for path in sorted((corpora_root() / "framing" / SPLITS[split]).glob("*.jsonl")):
        # files written by several writers to one brief form one set: conflicts-b1, -b2 ... -> conflicts-b
        name = re.sub(r"\d+$", "", path.stem)
        passages += [{**record, "set": name} for _, record in read_jsonl(path)]
    return passages[:limit] if limit else passages


def _predict(passage: dict, pipeline, *, lexicon_only: bool, generic: bool) -> tuple[bool, list[tuple[int, int]], str | None]:
    document = attribute(segment(ingest_text(passage["text"], name=passage["id"])), pipeline.registry)
    flagged: list[tuple[int, int]] = []
    resolved = None
    for attribution in document.attributions:
        if attribution.source_id == passage.get("source_id"):
            resolved = attribution.source_id
        side = attribution.stance.get(passage["dispute"])
        if side is None:
            continue
        spans = credited_sentences(document, attribution.start, attribution.end)
        verdicts = judge(
            document.text, spans, passage["dispute"], side, pipeline,
            lexicon_only=lexicon_only, generic=generic, quoted=own_words(attribution.kind),
        )
        for verdict in verdicts:
            if verdict.score >= THRESHOLD:
                flagged.append((verdict.start, verdict.end))
    return bool(flagged), flagged, resolved


def score(passages: list[dict], pipeline, *, lexicon_only: bool = False, generic: bool = False, progress: Progress = lambda m: None) -> dict:
    passage_prf, sentence_prf = PRF(), PRF()
    errors: Counter = Counter()
    by_case: Counter = Counter()
    correct_by_case: Counter = Counter()
    for n, passage in enumerate(passages, start=1):
        if n % 25 == 0:
            progress(f"{n}/{len(passages)} passages")
        predicted, flagged, _ = _predict(passage, pipeline, lexicon_only=lexicon_only, generic=generic)
        gold = bool(passage["conflict"])
        passage_prf.predicted += predicted
        passage_prf.gold += gold
        passage_prf.true_positives += predicted and gold
        by_case[passage["case"]] += 1
        correct_by_case[passage["case"]] += predicted == gold
        if predicted != gold:
            errors[("missed " if gold else "false alarm ") + passage["case"]] += 1
        text = passage["text"]
        gold_sentences = []
        for sentence in passage.get("conflict_sentences") or []:
            start = text.find(sentence)
            if start >= 0:
                gold_sentences.append((start, start + len(sentence)))
        sentence_prf.predicted += len(flagged)
        sentence_prf.gold += len(gold_sentences)
        sentence_prf.true_positives += sum(any(s < ge and e > gs for gs, ge in gold_sentences) for s, e in flagged)
    return {
        "passages": len(passages),
        "passage": passage_prf.as_dict(),
        "sentence": sentence_prf.as_dict(),
        "accuracy_by_case": {case: round(correct_by_case[case] / total, 4) for case, total in sorted(by_case.items())},
        "errors": dict(errors.most_common()),
    }


def evaluate_conflicts(limit: int | None = None, leave_one_out: bool = True, progress: Progress = lambda m: None, split: str = "test") -> dict:
    from framing.learn.perspective import PerspectiveModel, load_passages
    from framing.pipeline import Pipeline

    passages = load_eval_passages(limit, split)
    pipeline = Pipeline()
    progress("full detector")
    result = {"split": split, "model": score(passages, pipeline, progress=progress)}
    progress("lexicon-only baseline")
    result["lexicon_only"] = score(passages, pipeline, lexicon_only=True)
    sets = sorted({p["set"] for p in passages})
    if len(sets) > 1:
        # each set written separately (a later one is fresh: scored fewer times than the first)
        result["by_set"] = {
            name: {"passages": len(subset), "model": score(subset, pipeline)["passage"], "lexicon_only": score(subset, pipeline, lexicon_only=True)["passage"]}
            for name in sets
            for subset in [[p for p in passages if p["set"] == name]]
        }
    if leave_one_out:
        training = load_passages()
        result["leave_one_dispute_out"] = {}
        for dispute in sorted({p["dispute"] for p in passages}):
            progress(f"leave out {dispute}")
            held = Pipeline()
            held.__dict__["perspective_model"] = PerspectiveModel().fit([p for p in training if p["dispute"] != dispute])
            subset = [p for p in passages if p["dispute"] == dispute]
            result["leave_one_dispute_out"][dispute] = {
                "model": score(subset, held, generic=True)["passage"],
                "lexicon_only": score(subset, held, lexicon_only=True)["passage"],
            }
    return result

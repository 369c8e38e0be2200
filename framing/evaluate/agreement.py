"""Inter-annotator agreement between the corpus labels and the independent second pass
(corpora/loaded-agreement/): Cohen's kappa on sentences and on tokens."""

from __future__ import annotations

import json

from sklearn.metrics import cohen_kappa_score

from framing.learn.corpus import LabelledSentence, _spans_from_phrases, load_loaded_corpus
from framing.learn.features import tokenize
from framing.learn.loaded_model import token_labels
from framing.resources import corpora_root


def agreement() -> dict:
    folder = corpora_root() / "loaded-agreement"
    second = {}
    for line in (folder / "second_pass.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            record = json.loads(line)
            second[record["id"]] = record
    first = {s.id: s for s in load_loaded_corpus() if s.id in second}
    sentence_a, sentence_b, token_a, token_b, category_a, category_b = [], [], [], [], [], []
    for sid, a in first.items():
        b = LabelledSentence(sid, a.text, _spans_from_phrases({"text": a.text, "loaded": second[sid]["loaded"]}, sid))
        sentence_a.append(int(a.loaded))
        sentence_b.append(int(b.loaded))
        spans = tokenize(a.text)
        labels_a, labels_b = token_labels(a, spans), token_labels(b, spans)
        token_a += [int(x is not None) for x in labels_a]
        token_b += [int(x is not None) for x in labels_b]
        for x, y in zip(labels_a, labels_b):
            if x is not None and y is not None:
                category_a.append(x)
                category_b.append(y)
    return {
        "sentences": len(sentence_a),
        "sentence_kappa": round(cohen_kappa_score(sentence_a, sentence_b), 3),
        "sentence_agreement": round(sum(x == y for x, y in zip(sentence_a, sentence_b)) / len(sentence_a), 3),
        "token_kappa": round(cohen_kappa_score(token_a, token_b), 3),
        "category_kappa_on_shared_tokens": round(cohen_kappa_score(category_a, category_b), 3) if category_a else None,
        "loaded_first_pass": sum(sentence_a),
        "loaded_second_pass": sum(sentence_b),
    }

"""Which side's framing does a passage take? Per-dispute calibrated classifiers trained on the
project's perspective passages, and a dispute-agnostic model for disputes with a lexicon only."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
from scipy import sparse
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.calibration import CalibratedClassifierCV
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion, Pipeline

from framing.detect.distancing import is_distanced
from framing.detect.lexicon import Disputes, load_disputes
from framing.errors import DataFileError
from framing.learn.corpus import read_jsonl
from framing.resources import corpora_root

NEUTRAL = "neutral"


def perspective_files() -> list[Path]:
    return sorted((corpora_root() / "framing" / "passages").glob("*.jsonl"))


def load_passages(paths: list[Path] | None = None) -> list[dict]:
    disputes = load_disputes()
    out = []
    for path in paths if paths is not None else perspective_files():
        for n, record in read_jsonl(path):
            dispute, side = record.get("dispute"), record.get("side")
            if dispute not in disputes.sides:
                raise DataFileError(f"{path.name}, line {n}: unknown dispute {dispute!r}")
            if side != NEUTRAL and side not in disputes.sides[dispute]:
                raise DataFileError(f"{path.name}, line {n}: {side!r} is not a side of {dispute}")
            out.append({"id": record.get("id", f"{path.stem}-{n}"), "dispute": dispute, "side": side, "text": record["text"]})
    return out


def side_hits(disputes: Disputes, dispute: str, text: str) -> dict[str, tuple[int, int]]:
    """Per side: (loaded terms used, loaded terms only mentioned at arm's length) in ``text``."""
    counts = {side: [0, 0] for side in disputes.sides.get(dispute, {})}
    for hit in disputes.loaded_only().find(text, dispute=dispute):
        counts[hit.term.side][1 if is_distanced(text, hit.start, hit.end) else 0] += 1
    return {side: (used, distanced) for side, (used, distanced) in counts.items()}


class SideLexiconCounts(BaseEstimator, TransformerMixin):
    """For one dispute: per side, how many of its terms a passage uses and merely mentions."""

    def __init__(self, dispute: str = ""):
        self.dispute = dispute

    def fit(self, X, y=None):
        return self

    def transform(self, X):
        disputes = load_disputes()
        sides = list(disputes.sides.get(self.dispute, {}))
        rows = []
        for text in X:
            hits = side_hits(disputes, self.dispute, text)
            rows.append([v for side in sides for v in (min(hits[side][0], 3), min(hits[side][1], 3))])
        return sparse.csr_matrix(np.asarray(rows, dtype=float).reshape(len(rows), 2 * len(sides)))


def dispute_pipeline(dispute: str, C: float = 4.0) -> Pipeline:
    return Pipeline(
        [
            (
                "features",
                FeatureUnion(
                    [
                        ("words", TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True)),
                        ("chars", TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True, min_df=2)),
                        ("lexicon", SideLexiconCounts(dispute)),
                    ]
                ),
            ),
            ("classifier", CalibratedClassifierCV(LogisticRegression(C=C, max_iter=3000), cv=3, method="sigmoid", ensemble=False)),
        ]
    )


def generic_features(disputes: Disputes, dispute: str, side: str, text: str, partisan: float) -> list[float]:
    hits = side_hits(disputes, dispute, text)
    own_used, own_distanced = hits.get(side, (0, 0))
    other_used = sum(u for s, (u, _) in hits.items() if s != side)
    other_distanced = sum(d for s, (_, d) in hits.items() if s != side)
    return [min(own_used, 3), min(own_distanced, 3), min(other_used, 3), min(other_distanced, 3), partisan,
            partisan * (own_used > 0), float(own_used > other_used)]


class PerspectiveModel(BaseEstimator):
    """``side_proba(dispute, texts)`` -> {side: probabilities} for each passage.

    Disputes with training passages get their own calibrated classifier (sides and "neutral");
    any other dispute in the lexicons gets the dispute-agnostic model, which reads only how many of
    each side's terms a passage uses (or holds at arm's length) and how partisan it sounds.
    """

    def __init__(self, C: float = 4.0):
        self.C = C

    def fit(self, passages: list[dict], y=None, progress: Callable[[str], None] | None = None) -> PerspectiveModel:
        step = progress or (lambda message: None)
        disputes = load_disputes()
        self.dispute_models_ = {}
        for dispute in sorted({p["dispute"] for p in passages}):
            rows = [p for p in passages if p["dispute"] == dispute]
            if len({p["side"] for p in rows}) < 2:
                continue
            step(f"perspective: {dispute}")
            self.dispute_models_[dispute] = dispute_pipeline(dispute, self.C).fit([p["text"] for p in rows], [p["side"] for p in rows])
        step("perspective: dispute-agnostic model")
        self.partisan_model_ = Pipeline(
            [
                ("words", TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=2)),
                ("classifier", LogisticRegression(C=2.0, max_iter=3000, class_weight="balanced")),
            ]
        ).fit([p["text"] for p in passages], [int(p["side"] != NEUTRAL) for p in passages])
        partisan = self.partisan_model_.predict_proba([p["text"] for p in passages])[:, 1]
        X, y = [], []
        for p, score in zip(passages, partisan):
            for side in disputes.sides[p["dispute"]]:
                X.append(generic_features(disputes, p["dispute"], side, p["text"], float(score)))
                y.append(int(p["side"] == side))
        self.generic_model_ = LogisticRegression(C=1.0, max_iter=2000).fit(np.asarray(X), np.asarray(y))
        return self

    def side_proba(self, dispute: str, texts: list[str], *, generic: bool = False, disputes: Disputes | None = None) -> list[dict[str, float]]:
        """Per passage, the probability of each side's framing (and "neutral").

        ``disputes`` are the lexicons in use (the bundled ones and any ``--framing`` files); a
        dispute with no trained classifier gets the dispute-agnostic model.
        """
        disputes = disputes or load_disputes()
        sides = list(disputes.sides.get(dispute, {}))
        if not texts or not sides:
            return [{} for _ in texts]
        model = None if generic else self.dispute_models_.get(dispute)
        if model is not None:
            probs = model.predict_proba(list(texts))
            classes = list(model.classes_)
            return [{c: float(p[classes.index(c)]) for c in classes} for p in probs]
        partisan = self.partisan_model_.predict_proba(list(texts))[:, 1]
        out = []
        for text, score in zip(texts, partisan):
            row = {side: float(self.generic_model_.predict_proba([generic_features(disputes, dispute, side, text, float(score))])[0, 1]) for side in sides}
            row[NEUTRAL] = max(0.0, 1.0 - max(row.values()))
            out.append(row)
        return out


def train_perspective(progress: Callable[[str], None] | None = None, passages: list[dict] | None = None):
    from framing.learn.corpus import files_hash

    files = perspective_files()
    passages = passages if passages is not None else load_passages(files)
    model = PerspectiveModel().fit(passages, progress=progress)
    card = {
        "kind": "perspective",
        "training_data": {"files": [f.name for f in files], "sha256": files_hash(files), "passages": len(passages)},
        "params": model.get_params(),
    }
    return model, card

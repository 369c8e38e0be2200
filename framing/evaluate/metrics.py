"""Span matching and precision/recall/F1, shared by every evaluation."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass
class PRF:
    true_positives: float = 0.0
    predicted: float = 0.0
    gold: float = 0.0

    @property
    def precision(self) -> float:
        return self.true_positives / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.true_positives / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float]:
        return {"precision": round(self.precision, 4), "recall": round(self.recall, 4), "f1": round(self.f1, 4),
                "predicted": self.predicted, "gold": self.gold}


def overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def match_spans(predicted: list[tuple[int, int]], gold: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Greedy one-to-one matching by largest character overlap: pairs of (predicted, gold) indices.

    >>> match_spans([(0, 5), (10, 20)], [(12, 18), (1, 4)])
    [(1, 0), (0, 1)]
    """
    candidates = sorted(
        ((overlap(p, g), i, j) for i, p in enumerate(predicted) for j, g in enumerate(gold) if overlap(p, g) > 0),
        reverse=True,
    )
    used_p, used_g, pairs = set(), set(), []
    for _, i, j in candidates:
        if i not in used_p and j not in used_g:
            used_p.add(i)
            used_g.add(j)
            pairs.append((i, j))
    return pairs


def semeval_prf(documents: list[tuple[list[tuple[int, int]], list[tuple[int, int]]]]) -> dict[str, float]:
    """SemEval-2020 Task 11 (SI) partial credit over documents of (predicted spans, gold spans):
    precision credits each predicted span with its best overlap share of a gold span, recall each
    gold span with its best overlap share of a predicted span.

    >>> semeval_prf([([(0, 10)], [(5, 15)])])
    {'precision': 0.5, 'recall': 0.5, 'f1': 0.5, 'predicted': 1, 'gold': 1}
    """
    p_credit = r_credit = 0.0
    n_pred = n_gold = 0
    for predicted, gold in documents:
        n_pred += len(predicted)
        n_gold += len(gold)
        p_credit += sum(max((overlap(p, g) / (p[1] - p[0]) for g in gold), default=0.0) for p in predicted if p[1] > p[0])
        r_credit += sum(max((overlap(p, g) / (g[1] - g[0]) for p in predicted), default=0.0) for g in gold if g[1] > g[0])
    p = p_credit / n_pred if n_pred else 0.0
    r = r_credit / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4), "predicted": n_pred, "gold": n_gold}


def shared_data_dir() -> Path | None:
    """../shared/data beside the checkout (or $FRAMING_SHARED_DATA), if it is there."""
    override = os.environ.get("FRAMING_SHARED_DATA")
    candidates = [Path(override)] if override else []
    here = Path(__file__).resolve()
    candidates += [parent / "shared" / "data" for parent in here.parents[:5]]
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    return None

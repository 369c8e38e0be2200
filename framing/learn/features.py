"""Feature transformers (scikit-learn estimator API) for the loaded-language models.

``TokenContextFeatures`` turns a token in its sentence into a feature dict (the word, its affixes
and shape, lexicon classes, a window of neighbours, whether it sits inside quotation marks);
``LexiconCounts`` turns a sentence into rates of lexicon hits. Both learn nothing in ``fit``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from sklearn.base import BaseEstimator, TransformerMixin

from framing.learn.lexicons import lexicons

_TOKEN = re.compile(r"\w+(?:[-'’.]\w+)*|[^\w\s]")
_OPEN = "“‘\"«"
_CLOSE = "”’\"»"


@dataclass(frozen=True)
class TokenRow:
    """One token in its sentence: the sample the token model classifies."""

    words: tuple[str, ...]
    quoted: tuple[int, ...]  # 0 outside quotes, else the length in words of the quoted stretch
    index: int


def tokenize(text: str) -> list[tuple[int, int]]:
    """Token offsets as the models see them.

    >>> t = 'So-called “experts” said'
    >>> [t[s:e] for s, e in tokenize(t)]
    ['So-called', '“', 'experts', '”', 'said']
    """
    return [m.span() for m in _TOKEN.finditer(text)]


def quote_lengths(words: list[str]) -> list[int]:
    """For each token, how many words the quoted stretch around it holds (0 outside quotes)."""
    out = [0] * len(words)
    i = 0
    while i < len(words):
        if words[i] in _OPEN:
            closer = next((j for j in range(i + 1, len(words)) if words[j] in _CLOSE), None)
            if closer is not None:
                n = sum(1 for w in words[i + 1 : closer] if w[:1].isalnum())
                for j in range(i, closer + 1):
                    out[j] = max(n, 1)
                i = closer + 1
                continue
        i += 1
    return out


def token_rows(text: str, spans: list[tuple[int, int]] | None = None) -> list[TokenRow]:
    spans = spans if spans is not None else tokenize(text)
    words = tuple(text[s:e] for s, e in spans)
    quoted = tuple(quote_lengths(list(words)))
    return [TokenRow(words, quoted, i) for i in range(len(words))]


def _shape(word: str) -> str:
    shape = re.sub(r"[A-Z]", "X", word)
    shape = re.sub(r"[a-z]", "x", shape)
    shape = re.sub(r"\d", "d", shape)
    return re.sub(r"(.)\1{2,}", r"\1\1", shape)


def _stem(word: str) -> str:
    for suffix in ("ingly", "edly", "ing", "ed", "es", "ly", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def _lexical_classes(word: str) -> list[str]:
    lex = lexicons()
    low = word.lower().replace("’", "'")
    out = []
    subj = lex.subjective.get(low) or lex.subjective.get(_stem(low))
    if subj:
        out.append("subj=" + subj)
        out.append("subj_strength=" + subj.split("-")[0])
    for name, words in (("intens", lex.intensifiers), ("hedge", lex.hedges), ("factive", lex.factives),
                        ("assert", lex.assertives), ("report", lex.reporting), ("actor", lex.actors)):
        if low in words:
            out.append(name)
    return out


class TokenContextFeatures(BaseEstimator, TransformerMixin):
    """Feature dicts for tokens in context.

    Parameters
    ----------
    window : int
        How many neighbouring words on each side are features.
    lexicon_features : bool
        Whether to add the project's lexicon classes (subjectivity, intensifiers ...).
    """

    def __init__(self, window: int = 2, lexicon_features: bool = True):
        self.window = window
        self.lexicon_features = lexicon_features

    def fit(self, X, y=None):
        return self

    def transform(self, X) -> list[dict[str, float]]:
        cache: dict[int, list[list[str]]] = {}
        return [self._features(row, cache) for row in X]

    def _classes(self, words: tuple[str, ...]) -> list[list[str]]:
        classes = [_lexical_classes(w) if self.lexicon_features else [] for w in words]
        if self.lexicon_features:
            from framing.detect.lexicon import dispute_words, load_disputes, stem

            text = " ".join(words)
            offsets, pos = [], 0
            for w in words:
                offsets.append(pos)
                pos += len(w) + 1
            for hit in load_disputes(loaded_only=True).find(text):
                for k, off in enumerate(offsets):
                    if hit.start <= off < hit.end:
                        classes[k].append("dispute_term")
            vocabulary = dispute_words()
            for k, w in enumerate(words):
                if stem(w) in vocabulary:
                    classes[k].append("dispute_word")
        return classes

    def _features(self, row: TokenRow, cache: dict) -> dict[str, float]:
        words, i = row.words, row.index
        key = id(words)
        if key not in cache:
            cache.clear()
            cache[key] = self._classes(words)
        classes = cache[key]
        word = words[i]
        low = word.lower().replace("’", "'")
        f: dict[str, float] = {
            "bias": 1.0,
            "w=" + low: 1.0,
            "stem=" + _stem(low): 1.0,
            "suf3=" + low[-3:]: 1.0,
            "shape=" + _shape(word): 1.0,
        }
        if i == 0:
            f["first"] = 1.0
        if word[:1].isupper() and i > 0:
            f["cap"] = 1.0
        quoted = row.quoted[i]
        if quoted:
            f["in_quotes"] = 1.0
            f["quote_len=" + (str(quoted) if quoted <= 3 else "long")] = 1.0
            if i > 0 and words[i - 1].lower() in {"so-called", "called", "calls", "dubbed", "termed", "as"}:
                f["quote_after_naming"] = 1.0
        for c in classes[i]:
            f[c] = 1.0
        for d in range(1, self.window + 1):
            for sign, j in (("-", i - d), ("+", i + d)):
                if 0 <= j < len(words):
                    f[f"w{sign}{d}=" + words[j].lower()] = 1.0
                    for c in classes[j]:
                        f[f"{c}{sign}{d}"] = 1.0
                else:
                    f[f"w{sign}{d}=<pad>"] = 1.0
        # A side's word right before, or right after, a noun for people or groups: "freedom
        # fighters", "terror groups", "occupation forces" -- how labels are built.
        if "dispute_word" in classes[i] and i + 1 < len(words) and "actor" in classes[i + 1]:
            f["dispute_word_before_actor"] = 1.0
        if "actor" in classes[i] and i > 0 and "dispute_word" in classes[i - 1]:
            f["actor_after_dispute_word"] = 1.0
        if i > 0:
            f["bi-=" + words[i - 1].lower() + "|" + low] = 1.0
        if i + 1 < len(words):
            f["bi+=" + low + "|" + words[i + 1].lower()] = 1.0
        return f


class LexiconCounts(BaseEstimator, TransformerMixin):
    """Rates of lexicon hits per sentence: strong/weak subjective, intensifiers, hedges, factives,
    assertives, short quoted stretches (scare-quote candidates), exclamation marks."""

    FEATURES = (
        "strong-negative", "strong-positive", "weak-negative", "weak-positive", "intens", "hedge", "factive",
        "assert", "short_quote", "exclaim",
    )

    def fit(self, X, y=None):
        return self

    def transform(self, X):
        rows = []
        for text in X:
            spans = tokenize(text)
            words = [text[s:e] for s, e in spans]
            counts = dict.fromkeys(self.FEATURES, 0.0)
            for w in words:
                for c in _lexical_classes(w):
                    key = c[5:] if c.startswith("subj=") else c
                    if key in counts:
                        counts[key] += 1
            lengths = quote_lengths(words)
            counts["short_quote"] = float(sum(1 for n in lengths if 0 < n <= 3) > 0)
            counts["exclaim"] = float("!" in text)
            n = max(len(words), 1)
            rows.append([counts[k] / np.sqrt(n) if k not in {"short_quote", "exclaim"} else counts[k] for k in self.FEATURES])
        return sparse.csr_matrix(np.asarray(rows, dtype=float))

    def get_feature_names_out(self, input_features=None):
        return np.asarray([f"lex_{f}" for f in self.FEATURES], dtype=object)

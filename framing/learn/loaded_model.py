"""The loaded-language model: a calibrated sentence classifier and a token tagger (is this token
part of a loaded phrase, and of which category), trained on corpora/loaded/."""

from __future__ import annotations

import difflib
import re
from collections import Counter, defaultdict
from dataclasses import dataclass

import numpy as np
from sklearn.base import BaseEstimator
from sklearn.calibration import CalibratedClassifierCV
from sklearn.feature_extraction import FeatureHasher
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion, Pipeline

from framing.learn.corpus import LabelledSentence
from framing.learn.features import LexiconCounts, TokenContextFeatures, token_rows, tokenize
from framing.learn.lexicons import lexicons

_EDGE_PUNCT = re.compile(r"^[^\w“”‘’\"']+$")
_EDGE_WORDS = frozenset("of the a an and or to in on at for by with from as that this its their his her".split())


@dataclass(frozen=True)
class TaggedSpan:
    start: int
    end: int
    category: str
    token_score: float


def sentence_pipeline(C: float = 4.0) -> Pipeline:
    features = FeatureUnion(
        [
            ("words", TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=1, lowercase=True)),
            ("chars", TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True, min_df=2)),
            ("lexicon", LexiconCounts()),
        ]
    )
    classifier = CalibratedClassifierCV(
        LogisticRegression(C=C, max_iter=3000, class_weight="balanced"), cv=3, method="sigmoid", ensemble=False
    )
    return Pipeline([("features", features), ("classifier", classifier)])


# Feature hashing keeps the token models' vocabulary out of memory and transforms faster than a
# DictVectorizer; 2**19 and 2**17 buckets leave collisions rare for a corpus of this size.
def token_pipeline(C: float = 0.5, window: int = 2, class_weight=None) -> Pipeline:
    return Pipeline(
        [
            ("features", TokenContextFeatures(window=window)),
            ("vectorize", FeatureHasher(n_features=2**19, alternate_sign=False)),
            ("classifier", LogisticRegression(C=C, max_iter=3000, class_weight=class_weight)),
        ]
    )


def category_pipeline(C: float = 2.0, window: int = 2) -> Pipeline:
    return Pipeline(
        [
            ("features", TokenContextFeatures(window=window)),
            ("vectorize", FeatureHasher(n_features=2**17, alternate_sign=False)),
            ("classifier", LogisticRegression(C=C, max_iter=3000)),
        ]
    )


def token_labels(sentence: LabelledSentence, spans: list[tuple[int, int]]) -> list[str | None]:
    labels: list[str | None] = []
    for s, e in spans:
        label = None
        for span in sentence.spans:
            if s < span.end and e > span.start:
                label = span.category or "unknown"
                break
        labels.append(label)
    return labels


class LoadedLanguageModel(BaseEstimator):
    """Finds loaded words and phrases in a sentence.

    ``fit`` takes LabelledSentence records; ``sentence_proba`` gives the calibrated probability that
    a sentence holds loaded language; ``tag`` gives the loaded spans of one sentence.
    """

    def __init__(
        self,
        sentence_C: float = 4.0,
        token_C: float = 0.5,
        window: int = 2,
        token_threshold: float = 0.25,
        sentence_threshold: float = 0.3,
        positive_weight: float = 2.0,
    ):
        self.sentence_C = sentence_C
        self.token_C = token_C
        self.window = window
        self.token_threshold = token_threshold
        self.sentence_threshold = sentence_threshold
        self.positive_weight = positive_weight

    def fit(self, sentences: list[LabelledSentence], y=None, progress=None) -> LoadedLanguageModel:
        step = progress or (lambda message: None)
        texts = [s.text for s in sentences]
        labels = np.array([int(s.loaded) for s in sentences])
        step("sentence classifier")
        self.sentence_model_ = sentence_pipeline(self.sentence_C).fit(texts, labels)
        step("token tagger")
        rows, binary, categories, cat_rows = [], [], [], []
        for sentence in sentences:
            spans = tokenize(sentence.text)
            sentence_rows = token_rows(sentence.text, spans)
            for row, label in zip(sentence_rows, token_labels(sentence, spans)):
                rows.append(row)
                binary.append(int(label is not None))
                if label is not None and label != "unknown":
                    cat_rows.append(row)
                    categories.append(label)
        self.token_model_ = token_pipeline(self.token_C, self.window, {0: 1.0, 1: self.positive_weight}).fit(rows, binary)
        step("category classifier")
        self.category_model_ = category_pipeline(window=self.window).fit(cat_rows, categories)
        self.alternatives_ = mine_alternatives(sentences)
        self.n_training_sentences_ = len(sentences)
        return self

    def sentence_proba(self, texts: list[str]) -> np.ndarray:
        return self.sentence_model_.predict_proba(list(texts))[:, 1]

    def token_proba(self, text: str, spans: list[tuple[int, int]]) -> np.ndarray:
        if not spans:
            return np.zeros(0)
        return self.token_model_.predict_proba(token_rows(text, spans))[:, 1]

    def tag(self, text: str, spans: list[tuple[int, int]] | None = None, sentence_score: float | None = None) -> list[TaggedSpan]:
        """Loaded spans of one sentence, offsets relative to ``text``."""
        return self.tag_many([text], None if sentence_score is None else [sentence_score], [spans] if spans is not None else None)[0]

    def tag_many(
        self,
        texts: list[str],
        sentence_scores: list[float] | None = None,
        token_spans: list[list[tuple[int, int]]] | None = None,
    ) -> list[list[TaggedSpan]]:
        """Loaded spans of many sentences at once (one pass of each model over all their tokens)."""
        if sentence_scores is None:
            sentence_scores = list(self.sentence_proba(texts)) if texts else []
        spans_of = token_spans if token_spans is not None else [tokenize(t) for t in texts]
        chosen = [i for i, score in enumerate(sentence_scores) if score >= self.sentence_threshold and spans_of[i]]
        out: list[list[TaggedSpan]] = [[] for _ in texts]
        if not chosen:
            return out
        rows_of = {i: token_rows(texts[i], spans_of[i]) for i in chosen}
        all_rows = [row for i in chosen for row in rows_of[i]]
        probs_all = self.token_model_.predict_proba(all_rows)[:, 1]
        groups_of: dict[int, list[list[int]]] = {}
        offset = 0
        category_rows = []
        for i in chosen:
            text, spans = texts[i], spans_of[i]
            probs = probs_all[offset : offset + len(spans)]
            offset += len(spans)
            hits = [k for k, p in enumerate(probs) if p >= self.token_threshold and not _EDGE_PUNCT.match(text[spans[k][0] : spans[k][1]])]
            groups: list[list[int]] = []
            for k in hits:
                if groups and k == groups[-1][-1] + 1:
                    groups[-1].append(k)
                else:
                    groups.append([k])
            groups_of[i] = groups
            category_rows += [rows_of[i][k] for group in groups for k in group]
        if not category_rows:
            return out
        category_probs = self.category_model_.predict_proba(category_rows)
        classes = self.category_model_.classes_
        offset, position = 0, 0
        for i in chosen:
            n = len(spans_of[i])
            probs = probs_all[offset : offset + n]
            offset += n
            groups = groups_of[i]
            size = sum(len(g) for g in groups)
            out[i] = self._decode(texts[i], spans_of[i], probs, groups, category_probs[position : position + size], classes)
            position += size
        return out

    def _decode(self, text, spans, probs, groups, category_probs, classes) -> list[TaggedSpan]:
        from framing.detect.lexicon import load_disputes

        out: list[TaggedSpan] = []
        dispute_hits = load_disputes(loaded_only=True).find(text) if groups else []
        k = 0
        for group in groups:
            summed = category_probs[k : k + len(group)].sum(axis=0)
            k += len(group)
            category = str(classes[int(np.argmax(summed))])
            # Function words never start or end a loaded phrase ("occupation of" -> "occupation").
            while len(group) > 1 and text[spans[group[-1]][0] : spans[group[-1]][1]].lower() in _EDGE_WORDS:
                group = group[:-1]
            while len(group) > 1 and text[spans[group[0]][0] : spans[group[0]][1]].lower() in _EDGE_WORDS:
                group = group[1:]
            if len(group) == 1 and text[spans[group[0]][0] : spans[group[0]][1]].lower() in _EDGE_WORDS:
                continue
            if all(not any(ch.isalnum() for ch in text[spans[k][0] : spans[k][1]]) for k in group):
                continue  # quotation marks alone: a scare quote is the word with its marks
            # A label is the modifier with the group noun it labels ("freedom" -> "freedom fighters").
            nxt = group[-1] + 1
            if category == "labelling" and nxt < len(spans) and text[spans[nxt][0] : spans[nxt][1]].lower() in lexicons().actors:
                group = [*group, nxt]
            start, end = spans[group[0]][0], spans[group[-1]][1]
            # A tagged word inside a dispute term flags the whole term ("illegal Indian occupation").
            for hit in dispute_hits:
                if hit.start < end and hit.end > start:
                    start, end = min(start, hit.start), max(end, hit.end)
                    if category not in {"labelling", "euphemism", "dehumanising"}:
                        category = "labelling"  # a side's name for a place, group or event
            # A scare quote is the quoted word with its marks.
            if category == "scare_quotes":
                if start > 0 and text[start - 1] in "“‘\"'":
                    start -= 1
                if end < len(text) and text[end] in "”’\"'":
                    end += 1
            if out and start < out[-1].end:
                previous = out.pop()
                start, end = min(start, previous.start), max(end, previous.end)
            out.append(TaggedSpan(start, end, category, float(probs[group].max())))
        return out

    def alternative(self, phrase: str) -> str | None:
        key = phrase.lower().strip("“”‘’\"' ")
        options = getattr(self, "alternatives_", {}).get(key)
        return options[0] if options else None


def mine_alternatives(sentences: list[LabelledSentence]) -> dict[str, list[str]]:
    """Neutral alternatives learnt from the corpus's rewrite pairs: where a loaded sentence and its
    neutral rewrite differ at a loaded span, the rewrite's words are the alternative.

    >>> from framing.learn.corpus import LabelledSentence, LabelledSpan
    >>> a = LabelledSentence("1", "The regime jailed him.", (LabelledSpan(4, 10, "labelling"),))
    >>> b = LabelledSentence("2", "The government jailed him.", (), rewrite_of="1")
    >>> mine_alternatives([a, b])
    {'regime': ['government']}
    """
    by_id = {s.id: s for s in sentences}
    found: dict[str, Counter] = defaultdict(Counter)
    for rewrite in sentences:
        original = by_id.get(rewrite.rewrite_of or "")
        if original is None or not original.spans:
            continue
        a_spans, b_spans = tokenize(original.text), tokenize(rewrite.text)
        a_words = [original.text[s:e].lower() for s, e in a_spans]
        b_words = [rewrite.text[s:e] for s, e in b_spans]
        matcher = difflib.SequenceMatcher(a=a_words, b=[w.lower() for w in b_words], autojunk=False)
        for op, i1, i2, j1, j2 in matcher.get_opcodes():
            if op != "replace" or i2 - i1 > 6 or j2 - j1 > 8:
                continue
            lo, hi = a_spans[i1][0], a_spans[i2 - 1][1]
            for span in original.spans:
                if span.start < hi and span.end > lo:
                    phrase = original.text[span.start : span.end].lower().strip("“”‘’\"' ")
                    found[phrase][" ".join(b_words[j1:j2])] += 1
    return {k: [alt for alt, _ in v.most_common(3)] for k, v in found.items()}

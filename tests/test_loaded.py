import json
import random

import pytest
from sklearn.base import clone

from framing.errors import ModelError
from framing.learn.artifacts import MODEL_FILE, load_model, save_model
from framing.learn.corpus import load_loaded_corpus
from framing.learn.features import LexiconCounts, TokenContextFeatures, token_rows
from framing.learn.loaded_model import LoadedLanguageModel


@pytest.fixture(scope="module")
def corpus():
    return load_loaded_corpus()


@pytest.fixture(scope="module")
def small_model(corpus):
    """Trained on a slice of topics; the other topics' rewrite pairs are held out."""
    topics = sorted({s.topic for s in corpus})
    held = set(topics[::4])
    train = [s for s in corpus if s.topic not in held]
    return LoadedLanguageModel().fit(train), [s for s in corpus if s.topic in held]


def test_corpus_is_large_and_valid(corpus):
    assert len(corpus) >= 1500
    loaded = sum(s.loaded for s in corpus)
    assert 0.3 < loaded / len(corpus) < 0.5
    for sentence in corpus:
        for span in sentence.spans:
            assert 0 <= span.start < span.end <= len(sentence.text)


def test_loaded_sentence_outscores_its_neutral_rewrite_on_held_out_topics(small_model):
    model, held = small_model
    by_id = {s.id: s for s in held}
    pairs = [(by_id[s.rewrite_of], s) for s in held if s.rewrite_of in by_id]
    assert len(pairs) >= 40
    loaded = model.sentence_proba([a.text for a, _ in pairs])
    neutral = model.sentence_proba([b.text for _, b in pairs])
    wins = sum(a > b for a, b in zip(loaded, neutral))
    assert wins / len(pairs) >= 0.8


def test_tagger_finds_judging_words_and_not_plain_ones(small_model):
    model, _ = small_model
    spans = model.tag("The regime slaughtered hundreds of peaceful protesters in a catastrophic crackdown.")
    assert spans
    plain = "The ambassador met the head of the political office in Doha on Tuesday."
    assert model.tag(plain) == []


def test_transformers_follow_the_estimator_api():
    for estimator in (TokenContextFeatures(window=1), LexiconCounts()):
        assert clone(estimator).get_params() == estimator.get_params()
        assert estimator.fit(["x"]) is estimator
    rows = token_rows("The so-called “experts” were wrong.")
    features = TokenContextFeatures().transform(rows)
    experts = features[[r.words[r.index] for r in rows].index("experts")]
    assert experts["in_quotes"] == 1.0 and "quote_len=1" in experts
    matrix = LexiconCounts().transform(["An utterly catastrophic and shameful failure!"])
    assert matrix.shape == (1, len(LexiconCounts.FEATURES)) and matrix.sum() > 0


def test_model_round_trip_and_checksum(tmp_path, small_model):
    model, _ = small_model
    directory = save_model(model, tmp_path / "m", {"kind": "loaded_language"})
    loaded, card = load_model(directory)
    assert card["sha256"] and card["versions"]["scikit-learn"]
    text = "A shameful, reckless decision."
    assert loaded.sentence_proba([text])[0] == pytest.approx(model.sentence_proba([text])[0])
    data = (directory / MODEL_FILE).read_bytes()
    (directory / MODEL_FILE).write_bytes(data[:-10] + bytes(10))
    with pytest.raises(ModelError, match="checksum"):
        load_model(directory)


def test_seed_loaded_language(seed_document, seed_text):
    flags = [f for f in seed_document.flags if f.kind == "loaded_language"]
    texts = [f.text for f in flags]
    assert any("illegal Indian occupation" in t for t in texts), texts
    assert any("freedom groups" in t for t in texts), texts
    for flag in flags:
        if "illegal Indian occupation" in flag.text or "freedom groups" in flag.text:
            assert flag.voice == "quoted" and flag.attribution is not None
            assert seed_document.attributions[flag.attribution].source_id == "in-mea"
            assert flag.subtype and "neutral" in flag.explanation.lower()
    plain = seed_text.index("held talks with the Taliban leader")
    sentence = next(s for s in seed_document.sentences if s.start <= plain < s.end)
    assert not [f for f in flags if sentence.start <= f.start < sentence.end]
    comments = seed_text.index("What are your thoughts")
    assert all(f.start < comments for f in seed_document.flags)


def test_extra_labels_feed_training(tmp_path, corpus):
    from framing.learn.artifacts import train_loaded

    extra = tmp_path / "reviewed.jsonl"
    rows = [{"text": "The junta's goons beat the marchers.", "spans": [{"start": 11, "end": 16, "category": "labelling"}]}]
    extra.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    random.seed(0)
    sample = random.sample(corpus, 300)
    from framing.learn.corpus import load_loaded_corpus as load

    model, card = train_loaded([extra], sentences=sample + load([extra], origin="review"))
    assert card["training_data"]["sentences"] == 301
    assert model.sentence_proba(["The junta's goons beat the marchers."])[0] > 0

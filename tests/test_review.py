"""The review store: decisions persist, concurrent writers lose nothing, the export trains."""

from __future__ import annotations

import json
import sqlite3
import threading

import pytest

from framing.document import Document, Flag, Sentence
from framing.errors import FramingError
from framing.learn.corpus import load_loaded_corpus
from framing.review import (
    DB_ENV,
    ReviewError,
    ReviewStore,
    default_db_path,
    is_held_out,
    split_held_out,
)

TEXT = "Officials met on Monday. The mob stormed the vast building. Sources say talks failed."


def _sentence(text: str, start: int) -> Sentence:
    return Sentence(start, start + len(text), text, paragraph=0)


def make_document(doc_id: str = "doc", text: str = TEXT) -> Document:
    parts = ["Officials met on Monday.", "The mob stormed the vast building.", "Sources say talks failed."]
    sentences, cursor = [], 0
    for part in parts:
        start = text.index(part, cursor)
        sentences.append(_sentence(part, start))
        cursor = start + len(part)

    def loaded(phrase: str, sentence: int, score: float, subtype: str) -> Flag:
        start = text.index(phrase)
        return Flag(start, start + len(phrase), phrase, "loaded_language", subtype, score, f"“{phrase}” judges.",
                    details={"sentence": sentence})

    sources = text.index("Sources say")
    flags = (
        loaded("Officials", 0, 0.41, "labelling"),
        loaded("mob", 1, 0.93, "labelling"),
        loaded("vast", 1, 0.62, "hyperbole"),
        Flag(sources, sources + 11, "Sources say", "weak_sourcing", "anonymous", 0.8, "Who are the sources?"),
    )
    return Document(text=text, id=doc_id, sentences=tuple(sentences), flags=flags)


@pytest.fixture
def store(tmp_path):
    return ReviewStore(tmp_path / "review.sqlite3")


def _by_text(store: ReviewStore) -> dict[str, int]:
    return {item.text: item.id for item in store.queue(status="all")}


def test_queue_is_highest_score_first_and_filterable(store):
    added, already = store.add_document(make_document())
    assert (added, already) == (4, 0)
    assert [q.text for q in store.queue()] == ["mob", "Sources say", "vast", "Officials"]
    assert [q.text for q in store.queue(kinds=["weak_sourcing"])] == ["Sources say"]
    assert store.queue(kinds=[]) == []
    # The same article sent again is not queued twice.
    assert store.add_document(make_document()) == (0, 4)


def test_decisions_survive_reopening(tmp_path):
    path = tmp_path / "review.sqlite3"
    first = ReviewStore(path)
    first.add_document(make_document())
    ids = _by_text(first)
    first.decide(ids["mob"], "accept", note="clearly loaded", reviewer="ana")
    first.decide(ids["vast"], "relabel", label="sentiment")
    first.decide(ids["Sources say"], "reject")
    del first

    again = ReviewStore(path)  # a restart: a new store on the same file
    decided = {q.text: q for q in again.queue(status="decided")}
    assert set(decided) == {"mob", "vast", "Sources say"}
    assert decided["mob"].decision == "accept" and decided["mob"].note == "clearly loaded" and decided["mob"].reviewer == "ana"
    assert decided["vast"].decision == "relabel" and decided["vast"].category == "sentiment"
    assert [q.text for q in again.queue()] == ["Officials"]
    assert again.counts() == {"flags": 4, "pending": 1, "decided": 3, "decisions": 3}

    # A changed mind is a new decision; the latest counts and the history stays.
    again.decide(ids["mob"], "reject")
    assert again.get(ids["mob"]).decision == "reject"
    assert [h["decision"] for h in ReviewStore(path).history(ids["mob"])] == ["accept", "reject"]


def test_database_is_in_wal_mode_with_a_busy_timeout(store):
    conn = sqlite3.connect(store.path)
    try:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        conn.close()
    assert store._connect().execute("PRAGMA busy_timeout").fetchone()[0] >= 5000


def test_two_concurrent_writers_lose_nothing(tmp_path):
    path = tmp_path / "review.sqlite3"
    setup = ReviewStore(path)
    for n in range(30):
        setup.add_document(make_document(f"doc-{n}", TEXT + f" Item {n}."))
    ids = sorted(q.id for q in setup.queue(status="all"))
    assert len(ids) == 120
    errors: list[BaseException] = []
    barrier = threading.Barrier(2)

    def reviewer(name: str, mine: list[int]) -> None:
        try:
            own = ReviewStore(path)  # each writer with its own connections, as two sessions have
            barrier.wait()
            for flag_id in mine:
                own.decide(flag_id, "accept" if name == "a" else "reject", note=f"by {name}", reviewer=name)
            for flag_id in ids[:10]:  # both also decide the same ten flags
                own.decide(flag_id, "reject", reviewer=name)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [
        threading.Thread(target=reviewer, args=("a", ids[0::2])),
        threading.Thread(target=reviewer, args=("b", ids[1::2])),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not errors, errors
    reopened = ReviewStore(path)
    counts = reopened.counts()
    assert counts["decisions"] == 120 + 20
    assert counts["pending"] == 0
    reviewers = {h["reviewer"] for h in reopened.history(ids[0])}
    assert reviewers == {"a", "b"}


def test_export_is_read_back_by_the_training_loader(store, tmp_path):
    store.add_document(make_document())
    ids = _by_text(store)
    store.decide(ids["mob"], "accept")
    store.decide(ids["vast"], "relabel", label="sentiment")
    store.decide(ids["Officials"], "reject")
    store.decide(ids["Sources say"], "accept")  # not loaded language: never a training span

    records, skipped = store.training_records()
    assert skipped == 0
    by_text = {r["text"]: r for r in records}
    assert set(by_text) == {"Officials met on Monday.", "The mob stormed the vast building."}
    positive = by_text["The mob stormed the vast building."]
    assert positive["spans"] == [
        {"start": 4, "end": 7, "category": "labelling"},
        {"start": 20, "end": 24, "category": "sentiment"},
    ]
    assert by_text["Officials met on Monday."]["spans"] == []  # all its flags rejected: a negative example

    path = tmp_path / "labels.jsonl"
    assert store.write_training_file(path) == 2
    for line in path.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        assert {"text", "spans"} <= set(record)
    sentences = {s.text: s for s in load_loaded_corpus([path], origin="review")}
    mob = sentences["The mob stormed the vast building."]
    assert mob.loaded and [(mob.text[s.start : s.end], s.category) for s in mob.spans] == [("mob", "labelling"), ("vast", "sentiment")]
    assert not sentences["Officials met on Monday."].loaded
    assert store.export_jsonl() == path.read_text(encoding="utf-8")


def test_sentences_with_undecided_flags_wait(store):
    store.add_document(make_document())
    ids = _by_text(store)
    store.decide(ids["mob"], "accept")  # "vast", in the same sentence, is still pending
    records, skipped = store.training_records()
    assert records == [] and skipped == 2


def test_invalid_decisions_are_refused_and_write_nothing(store):
    store.add_document(make_document())
    ids = _by_text(store)
    with pytest.raises(ReviewError, match="unknown category"):
        store.decide(ids["mob"], "relabel", label="rude")
    with pytest.raises(ReviewError, match="only loaded-language"):
        store.decide(ids["Sources say"], "relabel", label="labelling")
    with pytest.raises(ReviewError, match="unknown decision"):
        store.decide(ids["mob"], "maybe")
    with pytest.raises(ReviewError, match="no flag"):
        store.decide(10_000, "accept")
    assert store.counts()["decisions"] == 0


def test_a_file_that_is_not_a_database_is_a_clear_error(tmp_path):
    path = tmp_path / "review.sqlite3"
    path.write_bytes(b"this is not a database" * 100)
    with pytest.raises(FramingError, match="review database"):
        ReviewStore(path)


def test_default_path_comes_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv(DB_ENV, str(tmp_path / "mine.sqlite3"))
    assert default_db_path() == tmp_path / "mine.sqlite3"
    monkeypatch.delenv(DB_ENV)
    monkeypatch.setenv("FRAMING_CACHE", str(tmp_path / "cache"))
    assert default_db_path() == tmp_path / "cache" / "review.sqlite3"


def test_held_out_part_is_deterministic_and_about_thirty_percent():
    records = [{"text": f"Sentence number {n} of the reviewed set.", "spans": []} for n in range(1000)]
    train, held = split_held_out(records)
    assert len(train) + len(held) == 1000
    assert 240 <= len(held) <= 360
    assert split_held_out(records) == (train, held)
    assert all(is_held_out(r["text"]) for r in held)

"""The dashboard's pages, driven by Streamlit's AppTest (no browser)."""

from __future__ import annotations

import shutil
import sys
import threading
from html import escape
from pathlib import Path

import pytest

from framing.ingest import DEFAULT_MAX_BYTES
from framing.review import ReviewStore

AppTest = pytest.importorskip("streamlit.testing.v1").AppTest

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "dashboard" / "app.py"
SAMPLES = ROOT / "corpora" / "samples"
TIMEOUT = 120  # the first run may load (or train) models into the test cache


@pytest.fixture
def review_db(tmp_path, monkeypatch):
    path = tmp_path / "review.sqlite3"
    monkeypatch.setenv("FRAMING_REVIEW_DB", str(path))
    return path


@pytest.fixture
def app(pipeline, review_db):
    """Start a fresh app session (a new browser tab, or a restarted server) on a page. The
    session's pipeline fixture has trained both models into the cache the app loads."""

    def start(page: str | None = None, timeout: float = TIMEOUT) -> AppTest:
        at = AppTest.from_file(str(APP), default_timeout=timeout).run()
        if page:
            at.switch_page(f"views/{page}.py").run()
        assert not at.exception, at.exception
        return at

    return start


def dashboard_module(name: str):
    """A helper module of dashboard/ (pages import them by bare name; tests load them by path)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(f"_test_dashboard_{name}", ROOT / "dashboard" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


def errors(at: AppTest) -> list[str]:
    return [e.value for e in at.error]


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def sample(name: str) -> str:
    return (SAMPLES / name).read_text(encoding="utf-8")


def analyse_pasted(at: AppTest, text: str) -> AppTest:
    at.text_area(key="analyse_text").set_value(text)
    at.button(key="analyse_run").click().run()
    assert not at.exception, at.exception
    return at


# ------------------------------------------------------------------ Analyse


def test_analyse_pasted_article(app, review_db):
    at = analyse_pasted(app(), sample("oped-loaded.txt"))
    assert errors(at) == []
    document = at.session_state["analysis"]
    assert document.flags and document.attributions
    text_html = at.html[0].value
    assert 'class="legend"' in text_html
    for kind in {f.kind for f in document.flags}:
        assert f'class="f {kind}' in text_html
    # Hover titles carry the explanation, the score and the evidence.
    first = document.flags[0]
    assert f"({first.score:.2f}): " in text_html and "Evidence: " in text_html
    assert 'class="q"' in text_html and "stance" in text_html
    # The flag list repeats every explanation in plain text.
    flag_list = next(h.value for h in at.html if 'class="flags"' in h.value)
    assert 'class="explanation"' in flag_list
    # Attributions table.
    table = at.dataframe[0].value
    assert list(table.columns) == ["speaker", "source", "stance", "kind", "quote", "flags"]
    assert len(table) == len(document.attributions)
    assert {b.label for b in at.download_button} == {"JSON", "Flags (CSV)", "Annotated HTML"}

    # Filters: kinds and a minimum score limit what is marked.
    at.multiselect(key="analyse_kinds").set_value(["weak_sourcing"]).run()
    assert 'class="f loaded_language' not in at.html[0].value
    at.multiselect(key="analyse_kinds").set_value(["loaded_language"]).run()
    all_loaded = at.html[0].value.count('class="f loaded_language')
    at.slider(key="analyse_min_score").set_value(0.95).run()
    high = sum(f.kind == "loaded_language" and f.score >= 0.95 for f in document.flags)
    assert at.html[0].value.count('class="f loaded_language') < all_loaded
    assert at.html[0].value.count("data-flag=") >= high

    # The flags go to the review queue.
    at.button(key="analyse_send").click().run()
    assert any("added to the review queue" in s.value for s in at.success)
    assert ReviewStore(review_db).counts()["flags"] == len(document.flags)


def test_analyse_escapes_user_text(app):
    at = analyse_pasted(app(), '<script>alert("x")</script> Critics said the <b>radical</b> plan was a disaster.')
    rendered = "".join(h.value for h in at.html)
    assert "<script>alert" not in rendered and "<b>radical" not in rendered
    assert "&lt;script&gt;" in rendered


def test_analyse_bundled_html_example_shows_comments_apart(app):
    at = app()
    at.radio(key="analyse_source").set_value("Bundled example").run()
    at.selectbox(key="analyse_sample").set_value("ministry-blockquote.html")
    at.button(key="analyse_run").click().run()
    assert not at.exception and errors(at) == []
    main, apart = at.html[0].value, at.html[1].value
    assert "doc comments" not in main and "doc comments" in apart
    assert any(s.value == "Reader comments and page furniture" for s in at.subheader)
    # Quotes are marked with the speaker and the stance of their source.
    assert "Foreign Office" in main and "stance: kashmir: pakistan" in main
    table = at.dataframe[0].value
    assert "kashmir: pakistan" in set(table["stance"])


def test_analyse_bad_input_is_a_message_and_keeps_reviews(app, review_db, pipeline):
    store = ReviewStore(review_db)
    store.add_document(pipeline.analyze_text(sample("wire-neutral.txt"), doc_id="wire"))
    first = store.queue()[0]
    store.decide(first.id, "accept", note="kept")

    at = app()
    at.button(key="analyse_run").click().run()
    assert any("is empty" in e for e in errors(at))

    at.radio(key="analyse_source").set_value("Upload a file").run()
    at.button(key="analyse_run").click().run()
    assert any("no file uploaded" in e for e in errors(at))

    at.file_uploader(key="analyse_upload").set_value(("photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 50, "text/plain"))
    at.button(key="analyse_run").click().run()
    assert any("binary" in e for e in errors(at)), errors(at)

    at.file_uploader(key="analyse_upload").set_value(("huge.txt", b"word " * (DEFAULT_MAX_BYTES // 5 + 1), "text/plain"))
    at.button(key="analyse_run").click().run()
    assert any("larger than the limit" in e for e in errors(at)), errors(at)

    at.file_uploader(key="analyse_upload").set_value(("blank.md", b"   \n\n  ", "text/markdown"))
    at.button(key="analyse_run").click().run()
    assert any("empty" in e for e in errors(at)), errors(at)

    assert not at.exception
    assert "analysis" not in at.session_state
    assert ReviewStore(review_db).get(first.id).decision == "accept"


# ------------------------------------------------------------------ Review


def _queue_article(review_db, pipeline, name: str = "oped-loaded.txt") -> ReviewStore:
    store = ReviewStore(review_db)
    store.add_document(pipeline.analyze_text(sample(name), doc_id=name))
    return store


def _flag_ids(at: AppTest, action: str = "accept") -> list[int]:
    return [int(b.key.split("-")[1]) for b in at.button if b.key and b.key.startswith(f"{action}-")]


def test_review_page_records_decisions_that_survive_a_restart(app, review_db, pipeline):
    store = _queue_article(review_db, pipeline)
    queued = store.queue()
    at = app("review")
    shown = _flag_ids(at)
    assert shown == [q.id for q in queued][: len(shown)]  # highest score first

    a, b, c = shown[:3]
    at.button(key=f"accept-{a}").click().run()
    assert any("Saved" in s.value for s in at.success)
    at.text_input(key=f"note-{b}").set_value("not loaded, just vivid")
    at.selectbox(key=f"label-{b}").set_value("metaphor")
    at.button(key=f"relabel-{b}").click().run()
    at.button(key=f"reject-{c}").click().run()
    assert not at.exception
    assert metrics(at)["Decided"] == "3"

    # Filter by kind.
    at.multiselect(key="review_kinds").set_value(["weak_sourcing"]).run()
    assert all(store.get(i).kind == "weak_sourcing" for i in _flag_ids(at))

    # A restart: a new app session on the same database sees every decision.
    again = app("review")
    assert metrics(again)["Decided"] == "3"
    again.radio(key="review_status").set_value("decided").run()
    assert sorted(_flag_ids(again)) == sorted([a, b, c])
    after = ReviewStore(review_db)
    assert after.get(a).decision == "accept"
    assert (after.get(b).decision, after.get(b).label, after.get(b).note) == ("relabel", "metaphor", "not loaded, just vivid")
    assert after.get(c).decision == "reject"
    assert any(d.label.startswith("Download reviewed labels") for d in again.download_button)


def test_review_page_two_sessions_and_a_concurrent_writer_lose_nothing(app, review_db, pipeline):
    store = _queue_article(review_db, pipeline)
    ids = [q.id for q in store.queue()]
    first, second = app("review"), app("review")  # two browser sessions, both showing the same queue
    second.radio(key="review_status").set_value("all").run()
    background = ids[10:40]
    assert len(background) >= 5
    done = threading.Event()

    def other_writer():  # a third reviewer writing at the same moment, from another thread
        own = ReviewStore(review_db)
        for flag_id in background:
            own.decide(flag_id, "reject", reviewer="thread")
        done.set()

    thread = threading.Thread(target=other_writer)
    thread.start()
    first.button(key=f"accept-{ids[0]}").click().run()
    second.button(key=f"reject-{ids[1]}").click().run()  # its page was loaded before the first's decision
    first.button(key=f"accept-{ids[2]}").click().run()
    second.button(key=f"accept-{ids[0]}").click().run()  # both decide the same flag: both are kept
    thread.join(timeout=60)
    assert done.is_set()
    assert not first.exception and not second.exception

    final = ReviewStore(review_db)
    assert final.counts()["decisions"] == 4 + len(background)
    assert [h["decision"] for h in final.history(ids[0])] == ["accept", "accept"]
    assert final.get(ids[1]).decision == "reject"
    assert all(final.get(i).decision == "reject" for i in background)


# ------------------------------------------------------------------ Model


@pytest.fixture
def model_cache(isolated_cache, tmp_path, monkeypatch):
    """A copy of the session's model cache, so a model made current here stays here."""
    cache = tmp_path / "cache"
    cache.mkdir()
    for child in Path(isolated_cache).iterdir():
        if child.is_dir() and child.name in {"loaded", "perspective", "punkt"}:
            shutil.copytree(child, cache / child.name)
    monkeypatch.setenv("FRAMING_CACHE", str(cache))
    return cache


@pytest.fixture
def small_corpus(monkeypatch):
    """Retrain on a slice of corpus topics (the held-out ones among them) so the test is quick."""
    import framing.learn.corpus as corpus

    HELD_OUT_TOPICS = dashboard_module("retrain").HELD_OUT_TOPICS
    original = corpus.load_loaded_corpus
    keep = set(HELD_OUT_TOPICS) | {"crime", "immigration", "kashmir"}

    def load(paths=None, *, origin="corpus"):
        sentences = original(paths, origin=origin)
        return sentences if paths is not None else [s for s in sentences if s.topic in keep]

    monkeypatch.setattr(corpus, "load_loaded_corpus", load)


def test_model_page_card_retrain_compare_and_confirm(app, review_db, pipeline, model_cache, small_corpus):
    from framing.learn.artifacts import read_card
    from framing.learn.train import current_model_dir

    store = _queue_article(review_db, pipeline)
    for item in store.queue(kinds=["loaded_language"]):
        store.decide(item.id, "accept" if item.score >= 0.7 else "reject")

    at = app("model")
    assert "Training sentences" in metrics(at)
    assert any("trained from the bundled corpus" in c.value for c in at.caption)
    assert current_model_dir() is None

    at.button(key="model_retrain").click().run(timeout=300)
    assert not at.exception and errors(at) == []
    shown = metrics(at)
    before = next(k for k in shown if k.startswith("Before"))
    assert float(shown[before]) > 0 and float(shown["After: new model"]) > 0
    table = at.table[0].value
    assert list(table["held-out part"])[0] == "all"
    assert current_model_dir() is None  # nothing changes until the user confirms

    at.button(key="model_confirm").click().run()
    assert not at.exception
    assert any("The new model is current" in s.value for s in at.success)
    current = current_model_dir()
    assert current is not None and current.resolve().is_relative_to(model_cache.resolve())
    card = read_card(current)
    assert card["held_out"]["topics"] and card["training_data"]["reviewed_sentences"] > 0
    assert abs(card["metrics"]["held_out"]["sentence_macro_f1"] - float(shown["After: new model"])) < 0.001
    assert metrics(at)["Sentence macro-F1 (held out)"] == shown["After: new model"]


def test_model_page_without_reviews_cannot_retrain(app):
    at = app("model")
    assert at.button(key="model_retrain").disabled
    assert any("0 reviewed sentences" in m.value for m in at.markdown)


# ------------------------------------------------------------------ Batch


def test_batch_files_table_charts_and_errors(app):
    at = app("batch")
    at.file_uploader(key="batch_files").set_value(
        [
            ("oped.txt", (SAMPLES / "oped-loaded.txt").read_bytes(), "text/plain"),
            ("ministry.html", (SAMPLES / "ministry-blockquote.html").read_bytes(), "text/html"),
            ("broken.txt", b"\x00\x01\x02\x03 binary", "text/plain"),
        ]
    ).run()
    at.button(key="batch_run").click().run()
    assert not at.exception
    table = at.dataframe[0].value
    assert list(table["id"]) == ["oped.txt", "ministry.html", "broken.txt"]
    assert list(table["status"]) == ["ok", "ok", "error"]
    assert table.loc[2, "error"].startswith("broken.txt: ") and "binary" in table.loc[2, "error"]
    assert table.loc[0, "Loaded language"] > 0
    assert len(at.get("vega_lite_chart")) >= 2  # flags per document and kind, top loaded terms, conflicts
    assert {b.label for b in at.download_button} == {"Flags (CSV)", "Documents (JSONL)"}
    assert at.progress


def test_batch_table_needs_its_text_column(app):
    at = app("batch")
    at.radio(key="batch_mode").set_value("A table (CSV or JSONL)").run()
    at.file_uploader(key="batch_table").set_value(("notes.csv", b"id,headline\n1,Hello\n", "text/csv")).run()
    assert not at.exception
    assert any("no text column" in e and "id, headline" in e for e in errors(at)), errors(at)
    assert at.button(key="batch_run").disabled

    rows = b'{"id": "a", "body": "The minister said the talks went well."}\n{"id": "b", "title": "no body here"}\n'
    at.file_uploader(key="batch_table").set_value(("rows.jsonl", rows, "application/json")).run()
    assert any("no column 'body'" in e for e in errors(at)), errors(at)

    csv_rows = b'ref,body\nx1,"Officials said the radical plan was a disaster, according to sources."\nx2,\n'
    at.file_uploader(key="batch_table").set_value(("articles.csv", csv_rows, "text/csv")).run()
    assert errors(at) == []
    assert at.selectbox[0].value == "body"
    at.selectbox[1].set_value("ref").run()
    at.button(key="batch_run").click().run()
    table = at.dataframe[0].value
    assert list(table["id"]) == ["x1", "x2"]
    assert list(table["status"]) == ["ok", "error"]
    assert "empty" in table.loc[1, "error"]


# ------------------------------------------------------------------ Classroom


def test_classroom_hides_flags_then_scores_the_student(app, pipeline):
    at = app("classroom")
    at.selectbox(key="class_sample").set_value("oped-loaded.txt")
    at.button(key="class_start").click().run()
    assert not at.exception and errors(at) == []
    assert "data-flag" not in "".join(h.value for h in at.html)  # nothing given away
    document = at.session_state["class_doc"]

    flagged = sorted(
        {i for f in document.flags if f.score >= 0.5 for i, s in enumerate(document.sentences) if s.start <= f.start < s.end}
    )
    options = at.multiselect(key="class_marks").options
    assert len(options) >= len(flagged) > 1
    unflagged = next(
        i for i in range(len(document.sentences)) if i not in flagged and any(o.startswith(f"S{i + 1}:") for o in options)
    )
    at.multiselect(key="class_marks").set_value([flagged[0], unflagged]).run()
    at.button(key="class_reveal").click().run()
    assert not at.exception
    shown = metrics(at)
    assert shown["Found"] == f"1 of {len(flagged)}"
    assert shown["Missed"] == str(len(flagged) - 1)
    assert shown["Marked, but not flagged by the model"] == "1"
    rendered = "".join(h.value for h in at.html)
    assert "data-flag" in rendered
    shown_flag = next(f for f in document.flags if f.score >= 0.5)
    assert escape(shown_flag.explanation) in rendered

    at.button(key="class_again").click().run()
    assert not at.exception and at.multiselect(key="class_marks").value == []


def test_classroom_empty_paste_is_a_message(app):
    at = app("classroom")
    at.radio(key="class_source").set_value("Paste an article").run()
    at.button(key="class_start").click().run()
    assert not at.exception
    assert any("is empty" in e for e in errors(at))

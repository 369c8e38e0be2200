"""Classroom mode: read an article without flags, mark the sentences you find loaded or
misattributed, then reveal what the model found and how your marks compare."""

from __future__ import annotations

from bisect import bisect_right
from html import escape

import streamlit as st
from common import annotated_html, get_pipeline, ingest_pasted, ingest_sample, plain_text_html, samples, show_error

from framing.detect.common import scored_sentences
from framing.report.explain import flag_title

SAMPLE, PASTE = "A bundled article", "Paste an article"
KIND_QUESTIONS = {
    "loaded_language": "uses loaded words",
    "conflicting_attribution": "credits words to a side in a dispute",
    "weak_sourcing": "leans on vague or anonymous sources",
}

st.title("Classroom")
st.caption(
    "Read the article, tick the sentences you think use loaded language or credit claims badly "
    "(vague, anonymous or one-sided sources), then reveal what the model found."
)

source = st.radio("Article", [SAMPLE, PASTE], horizontal=True, key="class_source")
if source == SAMPLE:
    st.selectbox("Which article", list(samples()), key="class_sample")
else:
    st.text_area("Article text", key="class_text", height=200)
threshold = st.slider("Count the model's flags scoring at least", 0.0, 1.0, 0.5, 0.05, key="class_threshold")


def _reset() -> None:
    st.session_state["class_revealed"] = False
    st.session_state["class_marks"] = []


if st.button("Start", type="primary", key="class_start"):
    try:
        if source == SAMPLE:
            ingested = ingest_sample(st.session_state.get("class_sample"))
            doc_id = st.session_state.get("class_sample")
        else:
            ingested, doc_id = ingest_pasted(st.session_state.get("class_text")), "pasted"
        pipeline = get_pipeline()
        with st.spinner("Preparing the article…"):
            st.session_state["class_doc"] = pipeline.analyze(ingested, doc_id=doc_id)
        _reset()
    except Exception as exc:
        st.session_state.pop("class_doc", None)
        show_error(exc)


def sentence_of(document, offset: int) -> int | None:
    starts = [s.start for s in document.sentences]
    i = bisect_right(starts, offset) - 1
    return i if i >= 0 and offset < document.sentences[i].end else None


document = st.session_state.get("class_doc")
if document is not None:
    candidates = [i for i, _ in scored_sentences(document)]
    revealed = st.session_state.get("class_revealed", False)
    if not revealed:
        st.html(plain_text_html(document, sentence_numbers=True))
    st.multiselect(
        "Sentences you think are loaded or misattributed",
        candidates,
        format_func=lambda i: f"S{i + 1}: {document.sentences[i].text[:90]}{'…' if len(document.sentences[i].text) > 90 else ''}",
        key="class_marks",
        disabled=revealed,
    )
    if not revealed and st.button("Reveal the model's flags", key="class_reveal"):
        st.session_state["class_revealed"] = revealed = True
        st.rerun()

    if revealed:
        flags_by_sentence: dict[int, list[int]] = {}
        for n, flag in enumerate(document.flags):
            i = sentence_of(document, flag.start)
            if i is not None and i in candidates and flag.score >= threshold:
                flags_by_sentence.setdefault(i, []).append(n)
        model = set(flags_by_sentence)
        marked = set(st.session_state.get("class_marks") or [])
        found, missed, extra = model & marked, model - marked, marked - model
        st.subheader("How you did")
        c1, c2, c3 = st.columns(3)
        c1.metric("Found", f"{len(found)} of {len(model)}")
        c2.metric("Missed", len(missed))
        c3.metric("Marked, but not flagged by the model", len(extra))
        if model:
            st.progress(len(found) / len(model), text=f"You found {len(found)} of the {len(model)} sentences the model flagged.")
        else:
            st.info("The model flagged no sentence at this score; try a lower threshold.")
        st.html(annotated_html(document, [n for ids in flags_by_sentence.values() for n in ids], [s for s in document.sections if s.kind in {"headline", "body"}], legend=True))
        st.subheader("Sentence by sentence")
        for i in sorted(model | marked):
            mark = "✅ found" if i in found else ("❌ missed" if i in missed else "➕ you marked it; the model did not flag it")
            with st.expander(f"S{i + 1} — {mark}", expanded=i in missed):
                parts = [f"<blockquote>{escape(document.sentences[i].text)}</blockquote>"]
                for n in flags_by_sentence.get(i, []):
                    flag = document.flags[n]
                    parts.append(
                        f"<p><strong>{escape(flag_title(flag.kind))}</strong> — this sentence "
                        f"{escape(KIND_QUESTIONS.get(flag.kind, 'was flagged'))}.<br>{escape(flag.explanation)}</p>"
                    )
                if i in extra:
                    parts.append("<p>The model saw nothing here at this threshold. Discuss: what made you mark it?</p>")
                st.html("".join(parts))
        st.button("Try again", key="class_again", on_click=_reset)

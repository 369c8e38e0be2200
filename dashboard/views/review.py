"""Review the queue: accept, reject or relabel flags, each decision saved at once in SQLite."""

from __future__ import annotations

from html import escape

import streamlit as st
from common import SCOPE, get_store, jsonl_text, scoped_css, show_error

from framing.document import FLAG_KINDS
from framing.learn.corpus import CATEGORIES
from framing.report.explain import flag_title

PAGE_SIZE = 20
STATUS_LABELS = {"pending": "To review", "decided": "Decided", "all": "All"}

st.title("Review flags")
st.caption(
    "Flags sent from analysed documents, highest score first. Every decision is saved the moment you "
    "make it; other reviewers' decisions appear when the page refreshes."
)

try:
    store = get_store()
except Exception as exc:  # an unopenable database: say so, do not crash
    show_error(exc)
    st.stop()


def _decide(flag_id: int, decision: str) -> None:
    """Button callback: write the decision (one transaction) before the page reruns."""
    label = st.session_state.get(f"label-{flag_id}") if decision == "relabel" else None
    note = st.session_state.get(f"note-{flag_id}")
    try:
        store.decide(flag_id, decision, label=label, note=note, reviewer=st.session_state.get("reviewer") or None)
        st.session_state["review_saved"] = (flag_id, decision, label)
    except Exception as exc:
        st.session_state["review_failed"] = exc


counts = store.counts()
c1, c2, c3 = st.columns(3)
c1.metric("To review", counts["pending"])
c2.metric("Decided", counts["decided"])
c3.metric("Decisions recorded", counts["decisions"])

saved = st.session_state.pop("review_saved", None)
if saved:
    flag_id, decision, label = saved
    done = {"accept": "accepted", "reject": "rejected", "relabel": "relabelled"}[decision]
    st.success(f"Saved: flag {flag_id} {done}" + (f" as {label}" if label else "") + ".", icon="💾")
failed = st.session_state.pop("review_failed", None)
if failed is not None:
    show_error(failed)

left, middle, right = st.columns([2, 1, 1])
kinds = left.multiselect("Flag kinds", list(FLAG_KINDS), default=list(FLAG_KINDS), format_func=flag_title, key="review_kinds")
status = middle.radio("Show", list(STATUS_LABELS), format_func=STATUS_LABELS.get, key="review_status", horizontal=True)
right.text_input("Your name (optional)", key="reviewer")

items = store.queue(kinds=kinds, status=status)
if not items:
    if counts["flags"] == 0:
        st.info("The queue is empty. Analyse a document and press “Send this document's flags to the review queue”.")
    else:
        st.info("Nothing to show with these filters.")
else:
    pages = (len(items) - 1) // PAGE_SIZE + 1
    page = st.number_input("Page", 1, pages, 1, key="review_page") if pages > 1 else 1
    shown = items[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
    st.caption(f"{len(items)} flags; showing {len(shown)}.")
    st.html(f"<style>{scoped_css()}</style>")
    for item in shown:
        with st.container(border=True, key=f"flag-{item.id}"):
            start, end = item.span_in_sentence
            sentence = item.sentence_text
            marked = (
                escape(sentence[:start])
                + f'<span class="f {escape(item.kind)} {escape(item.voice)}">{escape(sentence[start:end])}</span>'
                + escape(sentence[end:])
            )
            subtype = f" · {escape(item.subtype)}" if item.subtype else ""
            speaker = f" — words of {escape(item.speaker)}" if item.speaker else ""
            verdict = ""
            if item.decision:
                verdict = f'<p class="meta">Decision: <strong>{escape(item.decision)}</strong>'
                verdict += f" as {escape(item.label)}" if item.label else ""
                verdict += f" · note: {escape(item.note)}" if item.note else ""
                verdict += f" · {escape(item.reviewer)}" if item.reviewer else ""
                verdict += f" · {escape(item.decided or '')}</p>"
            st.html(
                f'<div class="{SCOPE}"><p><strong>{escape(flag_title(item.kind))}</strong>{subtype} '
                f'<span class="score">score {item.score:.2f} · {escape(item.doc_id)}{speaker}</span></p>'
                f"<p>{marked}</p><p class=\"meta\">{escape(item.explanation)}</p>{verdict}</div>"
            )
            cols = st.columns([3, 2, 1, 1, 1])
            cols[0].text_input("Note (optional)", key=f"note-{item.id}", value=item.note or "")
            loaded = item.kind == "loaded_language"
            if loaded:
                current = item.category if item.category in CATEGORIES else CATEGORIES[0]
                cols[1].selectbox("Category", CATEGORIES, index=CATEGORIES.index(current), key=f"label-{item.id}")
            cols[2].button("Accept", key=f"accept-{item.id}", on_click=_decide, args=(item.id, "accept"), type="primary")
            cols[3].button("Reject", key=f"reject-{item.id}", on_click=_decide, args=(item.id, "reject"))
            if loaded:
                cols[4].button("Relabel", key=f"relabel-{item.id}", on_click=_decide, args=(item.id, "relabel"))

st.divider()
st.subheader("Export reviewed labels")
try:
    records, skipped = store.training_records()
except Exception as exc:
    show_error(exc)
    records, skipped = [], 0
positives = sum(bool(r["spans"]) for r in records)
st.write(
    f"{len(records)} reviewed sentences ({positives} with loaded spans, {len(records) - positives} negative examples)."
    + (f" {skipped} sentences still have undecided flags and are left out." if skipped else "")
)
st.caption("The JSONL file `framing train --extra-labels FILE` reads: one sentence per line with its loaded spans.")
st.download_button(
    "Download reviewed labels (JSONL)",
    jsonl_text(records),
    "reviewed-labels.jsonl",
    "application/jsonl",
    key="review_export",
    disabled=not records,
    on_click="ignore",
)

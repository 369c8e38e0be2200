"""Analyse one article: paste, upload or pick an example; see its flags, quotes and downloads."""

from __future__ import annotations

import streamlit as st
from common import (
    UPLOAD_TYPES,
    annotated_html,
    attributions_rows,
    chosen_flags,
    flag_list_html,
    flags_csv,
    get_pipeline,
    get_store,
    ingest_pasted,
    ingest_sample,
    ingest_upload,
    kind_counts,
    safe_name,
    samples,
    section_groups,
    show_error,
)

from framing.document import FLAG_KINDS
from framing.errors import EmptyInput
from framing.report.explain import flag_title
from framing.report.html import render_html
from framing.report.json import render_json

PASTE, UPLOAD, EXAMPLE = "Paste text", "Upload a file", "Bundled example"

st.title("Analyse an article")
st.caption("Who is quoted saying what, loaded language, conflicting attributions and weak sourcing.")

source = st.radio("Article", [PASTE, UPLOAD, EXAMPLE], horizontal=True, key="analyse_source")
if source == PASTE:
    st.text_area("Article text", key="analyse_text", height=240, placeholder="Paste the text of a news article here.")
elif source == UPLOAD:
    st.file_uploader("A .txt, .md or .html file (up to 5 MB)", type=UPLOAD_TYPES, key="analyse_upload")
else:
    st.selectbox("Example article", list(samples()), key="analyse_sample")


def _analyse() -> None:
    if source == PASTE:
        ingested, doc_id = ingest_pasted(st.session_state.get("analyse_text")), "pasted"
    elif source == UPLOAD:
        upload = st.session_state.get("analyse_upload")
        if upload is None:
            raise EmptyInput("no file uploaded yet; choose a .txt, .md or .html file first")
        ingested, doc_id = ingest_upload(upload.name, upload.getvalue()), upload.name
    else:
        name = st.session_state.get("analyse_sample")
        ingested, doc_id = ingest_sample(name), name
    pipeline = get_pipeline()
    with st.spinner("Analysing…"):
        st.session_state["analysis"] = pipeline.analyze(ingested, doc_id=doc_id)


if st.button("Analyse", type="primary", key="analyse_run"):
    try:
        _analyse()
    except Exception as exc:  # a bad input must leave a message, never a crashed page
        st.session_state.pop("analysis", None)
        show_error(exc)

document = st.session_state.get("analysis")
if document is not None:
    counts = kind_counts(document)
    st.subheader(f"Result: {document.metadata.get('title') or document.id}")
    columns = st.columns(len(FLAG_KINDS) + 1)
    for column, kind in zip(columns, FLAG_KINDS):
        column.metric(flag_title(kind), counts[kind])
    columns[-1].metric("Attributed quotes", len(document.attributions))
    for warning in document.warnings:
        st.warning(warning)

    left, right = st.columns([2, 1])
    kinds = left.multiselect("Show flag kinds", list(FLAG_KINDS), default=list(FLAG_KINDS), format_func=flag_title, key="analyse_kinds")
    min_score = right.slider("Minimum score", 0.0, 1.0, 0.0, 0.05, key="analyse_min_score")
    flag_ids = chosen_flags(document, kinds, min_score)
    st.caption(f"{len(flag_ids)} of {len(document.flags)} flags shown. Hover a marked passage for its explanation, score and evidence.")

    main, apart = section_groups(document)
    st.html(annotated_html(document, flag_ids, main, legend=True))
    if apart:
        st.subheader("Reader comments and page furniture")
        st.caption("Shown apart from the article: these are not the outlet's words and are not scored.")
        st.html(annotated_html(document, flag_ids, apart))

    st.subheader("Flags")
    st.html(flag_list_html(document, flag_ids))

    st.subheader("Who is quoted")
    rows = attributions_rows(document)
    if rows:
        st.dataframe(rows, hide_index=True)
    else:
        st.info("No attributed quotes found.")

    st.subheader("Download")
    name = safe_name(document.id)
    d1, d2, d3 = st.columns(3)
    d1.download_button("JSON", render_json(document), f"{name}.json", "application/json", key="download_json", on_click="ignore")
    d2.download_button("Flags (CSV)", flags_csv(document), f"{name}-flags.csv", "text/csv", key="download_csv", on_click="ignore")
    d3.download_button("Annotated HTML", render_html(document), f"{name}.html", "text/html", key="download_html", on_click="ignore")

    st.subheader("Review")
    if st.button("Send this document's flags to the review queue", key="analyse_send", disabled=not document.flags):
        try:
            added, already = get_store().add_document(document)
            st.success(f"{added} flags added to the review queue" + (f" ({already} were already there)." if already else "."))
        except Exception as exc:
            show_error(exc)

"""Many documents at once: uploaded files, or a CSV/JSONL table with a text column."""

from __future__ import annotations

import tempfile
from collections import Counter
from pathlib import Path

import pandas as pd
import streamlit as st
from common import (
    UPLOAD_TYPES,
    batch_settings,
    csv_text,
    get_pipeline,
    get_store,
    jsonl_text,
    kind_counts,
    prime_batch_pipeline,
    show_error,
    table_columns,
    write_upload,
)

from framing.batch import BatchItem, BatchResult, analyze_item, read_table
from framing.document import FLAG_KINDS, Document
from framing.errors import FramingError, MalformedInput
from framing.ingest import DEFAULT_MAX_BYTES
from framing.report.explain import flag_title
from framing.report.tables import error_row, flags_table

FILES, TABLE = "Documents (.txt, .md, .html)", "A table (CSV or JSONL)"
TEXT_GUESSES = ("text", "body", "content", "article", "article_text")

st.title("Batch analysis")
mode = st.radio("Input", [FILES, TABLE], horizontal=True, key="batch_mode")


def _items_from_files(uploads, folder: Path) -> list[BatchItem]:
    items, seen = [], set()
    for upload in uploads:
        doc_id = upload.name if upload.name not in seen else f"{upload.name}#{len(seen) + 1}"
        seen.add(doc_id)
        items.append(BatchItem(doc_id, path=str(write_upload(folder, len(items), upload.name, upload.getvalue()))))
    return items


def _named(result: BatchResult, item: BatchItem) -> BatchResult:
    """Uploads are read from a temporary file: report them under their own name, not that path."""
    if item.path is None:
        return result
    error = result.error.replace(item.path, item.doc_id) if result.error else None
    document = result.document
    if document is not None and document.get("metadata", {}).get("name") == item.path:
        document = {**document, "metadata": {**document["metadata"], "name": item.doc_id}}
    return BatchResult(result.doc_id, document, error)


items: list[BatchItem] | None = None
workdir = tempfile.TemporaryDirectory(prefix="framing-batch-")
try:
    folder = Path(workdir.name)
    if mode == FILES:
        uploads = st.file_uploader("Articles", type=UPLOAD_TYPES, accept_multiple_files=True, key="batch_files")
        if uploads:
            items = _items_from_files(uploads, folder)
    else:
        table = st.file_uploader("Table", type=["csv", "jsonl", "ndjson"], key="batch_table")
        if table is not None:
            try:
                path = write_upload(folder, 0, table.name, table.getvalue())
                columns = table_columns(path)
                guess = next((c for c in columns if c.lower() in TEXT_GUESSES), None)
                c1, c2 = st.columns(2)
                text_column = c1.selectbox(
                    "Column holding the article text", columns, index=columns.index(guess) if guess else None,
                    key=f"batch_text_column-{table.file_id}", placeholder="choose a column",
                )
                id_column = c2.selectbox(
                    "Column holding the document id (optional)", columns, index=None, key=f"batch_id_column-{table.file_id}"
                )
                if text_column is None:
                    raise MalformedInput(
                        f"{table.name}: no text column found (columns: {', '.join(columns) or 'none'}); "
                        "choose the column that holds the article text"
                    )
                items = list(read_table(path, text_column=text_column, id_column=id_column, max_bytes=DEFAULT_MAX_BYTES))
                st.caption(f"{len(items)} rows.")
            except FramingError as exc:
                show_error(exc)

    if st.button("Analyse all", type="primary", key="batch_run", disabled=not items):
        settings = batch_settings()
        prime_batch_pipeline(settings, get_pipeline())
        bar = st.progress(0.0, text="Analysing…")
        results = []
        for n, item in enumerate(items, start=1):
            results.append(_named(analyze_item(item, settings, max_bytes=DEFAULT_MAX_BYTES), item))
            bar.progress(n / len(items), text=f"{n} of {len(items)}: {item.doc_id}")
        st.session_state["batch_results"] = results
finally:
    workdir.cleanup()

results = st.session_state.get("batch_results")
if results:
    ok = [r for r in results if r.ok]
    st.subheader("Documents")
    st.caption(f"{len(ok)} of {len(results)} analysed; {len(results) - len(ok)} failed.")
    rows = []
    for r in results:
        counts = kind_counts(r.document) if r.ok else dict.fromkeys(FLAG_KINDS)
        rows.append(
            {"id": r.doc_id, "status": "ok" if r.ok else "error", **{flag_title(k): counts[k] for k in FLAG_KINDS},
             "error": r.error or ""}
        )
    st.dataframe(pd.DataFrame(rows), hide_index=True)

    documents = [Document.from_dict(r.document) for r in ok]
    if documents:
        st.subheader("Flags per document and kind")
        per_doc = pd.DataFrame(
            [{flag_title(k): v for k, v in kind_counts(d).items()} for d in documents], index=[d.id for d in documents]
        )
        st.bar_chart(per_doc, x_label="document", y_label="flags")

        left, right = st.columns(2)
        terms = Counter(f.text.lower().strip("“”‘’\"' ") for d in documents for f in d.flags if f.kind == "loaded_language")
        left.markdown("**Top loaded terms**")
        if terms:
            top = pd.DataFrame(terms.most_common(15), columns=["term", "count"]).set_index("term")
            left.bar_chart(top, horizontal=True)
        else:
            left.caption("No loaded language found.")
        sources = Counter()
        for d in documents:
            for f in d.flags:
                if f.kind == "conflicting_attribution" and f.attribution is not None:
                    a = d.attributions[f.attribution]
                    sources[a.source_name or a.speaker_name] += 1
        right.markdown("**Conflicting attributions per source**")
        if sources:
            right.bar_chart(pd.DataFrame(sources.most_common(15), columns=["source", "conflicts"]).set_index("source"), horizontal=True)
        else:
            right.caption("No conflicting attributions found.")

    st.subheader("Export")
    flag_rows = []
    jsonl_rows = []
    for r in results:
        if r.ok:
            flag_rows += flags_table(Document.from_dict(r.document))
            jsonl_rows.append({"id": r.doc_id, "ok": True, "error": None, **{k: v for k, v in r.document.items() if k != "id"}})
        else:
            flag_rows.append(error_row(r.doc_id, r.error))
            jsonl_rows.append({"id": r.doc_id, "ok": False, "error": r.error})
    e1, e2, e3 = st.columns(3)
    e1.download_button("Flags (CSV)", csv_text(flag_rows), "framing-batch.csv", "text/csv", key="batch_csv", on_click="ignore")
    e2.download_button("Documents (JSONL)", jsonl_text(jsonl_rows), "framing-batch.jsonl", "application/jsonl", key="batch_jsonl", on_click="ignore")
    if e3.button("Send all flags to the review queue", key="batch_send", disabled=not documents):
        try:
            store = get_store()
            added = sum(store.add_document(d)[0] for d in documents)
            st.success(f"{added} flags added to the review queue.")
        except Exception as exc:
            show_error(exc)

"""The current model's card, and retraining with reviewed labels (made current only on confirm)."""

from __future__ import annotations

import streamlit as st
from common import get_store, show_error
from retrain import HELD_OUT_TOPICS, make_current, model_directory, retrain

from framing.learn.artifacts import read_card
from framing.review import HELD_OUT_FRACTION

st.title("Model")

# ------------------------------------------------------------------ the current model's card

st.subheader("Current loaded-language model")
directory, how = model_directory()
if directory is None:
    st.info(f"No model yet ({how}).")
else:
    try:
        card = read_card(directory)
    except Exception as exc:
        show_error(exc)
        card = None
    if card:
        data = card.get("training_data", {})
        c1, c2, c3 = st.columns(3)
        c1.metric("Training sentences", data.get("sentences", "?"))
        c2.metric("…of which loaded", data.get("loaded_sentences", "?"))
        held = (card.get("metrics") or {}).get("held_out") or {}
        cv = (card.get("metrics") or {}).get("corpus_cv") or {}
        f1 = held.get("sentence_macro_f1", cv.get("sentence_macro_f1"))
        c3.metric("Sentence macro-F1 (held out)", "—" if f1 is None else f"{f1:.3f}")
        st.caption(f"{directory} — {how}. Created {card.get('created', '?')}; sha256 {str(card.get('sha256', ''))[:16]}…")
        with st.expander("The full model card"):
            st.json(card, expanded=True)

# ------------------------------------------------------------------ retraining

st.subheader("Retrain with reviewed labels")
st.caption(
    f"Both models are scored on the same held-out data: the corpus topics {', '.join(HELD_OUT_TOPICS)}, "
    f"plus {HELD_OUT_FRACTION:.0%} of the reviewed sentences (always the same ones). The new model is trained "
    "on everything else and becomes current only when you confirm."
)
try:
    records, skipped = get_store().training_records()
except Exception as exc:
    show_error(exc)
    records, skipped = [], 0
st.write(
    f"{len(records)} reviewed sentences are ready for training"
    + (f" ({skipped} more still have undecided flags)." if skipped else ".")
)

if st.button("Retrain with reviewed labels", type="primary", key="model_retrain", disabled=not records):
    bar = st.progress(0.0, text="Starting…")
    try:
        st.session_state["retrained"] = retrain(records, progress=lambda message, fraction: bar.progress(fraction, text=message))
        bar.progress(1.0, text="Done")
    except Exception as exc:
        st.session_state.pop("retrained", None)
        show_error(exc)

result = st.session_state.get("retrained")
if result is not None:
    st.markdown("**Sentence macro-F1 on the held-out data**")
    old, new = result.old, result.new
    left, right = st.columns(2)

    def _fmt(value):
        return "—" if value is None else f"{value:.3f}"

    left.metric(f"Before: {old.label}", _fmt(old.sentence_macro_f1))
    delta = None
    if old.sentence_macro_f1 is not None and new.sentence_macro_f1 is not None:
        delta = round(new.sentence_macro_f1 - old.sentence_macro_f1, 4)
    right.metric("After: new model", _fmt(new.sentence_macro_f1), delta=delta)
    st.table(
        [
            {"held-out part": "all", "before": _fmt(old.sentence_macro_f1), "after": _fmt(new.sentence_macro_f1)},
            {
                "held-out part": f"corpus topics ({result.held_out['corpus_sentences']} sentences)",
                "before": _fmt(old.corpus_macro_f1),
                "after": _fmt(new.corpus_macro_f1),
            },
            {
                "held-out part": f"reviewed sentences ({result.held_out['reviewed_sentences']})",
                "before": _fmt(old.reviewed_macro_f1),
                "after": _fmt(new.reviewed_macro_f1),
            },
        ]
    )
    st.caption(f"The new model learnt from {result.held_out['reviewed_training_sentences']} reviewed sentences.")
    with st.expander("The new model's card"):
        st.json(result.card, expanded=False)
    confirm, discard = st.columns(2)
    if confirm.button("Make the new model current", type="primary", key="model_confirm"):
        try:
            path = make_current(result)
            st.session_state.pop("retrained", None)
            st.session_state["model_confirmed"] = str(path)
            st.rerun()
        except Exception as exc:
            show_error(exc)
    if discard.button("Discard it", key="model_discard"):
        st.session_state.pop("retrained", None)
        st.rerun()

confirmed = st.session_state.get("model_confirmed")
if confirmed:
    st.success(f"The new model is current: {confirmed}. Later analyses use it.")

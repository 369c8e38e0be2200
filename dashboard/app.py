"""The framing dashboard: `framing dashboard [--port N]` runs this file with Streamlit.

Pages live in views/, one module each; helpers shared by them in common.py.
"""

from __future__ import annotations

import sys
from pathlib import Path

import streamlit as st

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:  # pages import common.py (Streamlit adds this folder too; be sure)
    sys.path.insert(0, str(HERE))

st.set_page_config(page_title="framing", page_icon=":material/newspaper:", layout="wide")

PAGES = [
    st.Page("views/analyse.py", title="Analyse", icon=":material/search:", default=True),
    st.Page("views/review.py", title="Review", icon=":material/fact_check:"),
    st.Page("views/model.py", title="Model", icon=":material/model_training:"),
    st.Page("views/batch.py", title="Batch", icon=":material/library_books:"),
    st.Page("views/classroom.py", title="Classroom", icon=":material/school:"),
]

st.navigation(PAGES).run()

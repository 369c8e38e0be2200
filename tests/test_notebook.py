"""The evaluation notebook runs end to end on a slice of the corpus."""

import os
from pathlib import Path

import nbformat
from nbclient import NotebookClient

NOTEBOOK = Path(__file__).resolve().parent.parent / "notebooks" / "evaluate_loaded.ipynb"


def test_evaluation_notebook_executes(monkeypatch):
    monkeypatch.setenv("FRAMING_NOTEBOOK_TOPICS", "6")
    monkeypatch.setenv("FRAMING_NOTEBOOK_FOLDS", "2")
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    NotebookClient(notebook, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(NOTEBOOK.parent)}}).execute()
    outputs = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    images = [o for o in outputs if "image/png" in o.get("data", {})]
    assert len(images) >= 3  # confusion matrix, precision-recall curve, per-category bars
    assert os.environ["FRAMING_NOTEBOOK_TOPICS"] == "6"

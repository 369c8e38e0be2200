"""Renderers of the Document model: JSON, text, HTML and flat tables. None re-derives an offset."""

from __future__ import annotations

from framing.report.html import render_html
from framing.report.json import document_json, render_json
from framing.report.tables import attributions_table, flags_table
from framing.report.text import render_text

__all__ = ["attributions_table", "document_json", "flags_table", "render_html", "render_json", "render_text"]

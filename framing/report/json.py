"""The JSON contract (see README, "JSON output"): the Document's dict, tokens optional."""

from __future__ import annotations

import json
from typing import Any

from framing.document import Document


def document_json(document: Document, *, tokens: bool = False) -> dict[str, Any]:
    data = document.to_dict()
    if not tokens:
        data.pop("tokens", None)
    return data


def render_json(document: Document, *, tokens: bool = False, indent: int | None = 2) -> str:
    return json.dumps(document_json(document, tokens=tokens), ensure_ascii=False, indent=indent)

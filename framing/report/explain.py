"""Plain words for labels, shared by the text and HTML renderers and the dashboard."""

from __future__ import annotations

FLAG_TITLES = {
    "loaded_language": "Loaded language",
    "conflicting_attribution": "Conflicting attribution",
    "weak_sourcing": "Weak sourcing",
}
SECTION_TITLES = {
    "headline": "Headline",
    "body": "Article",
    "comments": "Reader comment",
    "boilerplate": "Page furniture",
}
VOICE_TITLES = {"author": "the outlet's own words", "quoted": "words it quotes"}


def flag_title(kind: str) -> str:
    return FLAG_TITLES.get(kind, kind.replace("_", " ").capitalize())

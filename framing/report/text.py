"""Readable terminal output: each section with its flagged passages marked, then the flags and
attributions listed with their explanations. Colour only when writing to a terminal."""

from __future__ import annotations

import textwrap

from framing.document import Document
from framing.report.explain import SECTION_TITLES, flag_title
from framing.report.segments import pieces

_COLOURS = {"loaded_language": "33", "conflicting_attribution": "31", "weak_sourcing": "36"}
_QUOTE_COLOUR = "4"  # underline: attributed words


def render_text(document: Document, *, colour: bool = False, width: int = 100) -> str:
    lines: list[str] = []
    name = document.metadata.get("name", document.id)
    lines.append(f"framing: {name}")
    lines.append(
        f"{len(document.sentences)} sentences, {len(document.attributions)} attributions, {len(document.flags)} flags"
    )
    for warning in document.warnings:
        lines.append(f"warning: {warning}")
    numbers = {i: n for n, i in enumerate(range(len(document.flags)), start=1)}
    for section in document.sections:
        lang = "" if section.language == "en" else f", language {section.language}: not scored as English"
        lines.append("")
        lines.append(f"── {SECTION_TITLES.get(section.kind, section.kind)}{lang} ──")
        out = []
        for piece in pieces(document, section.start, section.end):
            chunk = document.text[piece.start : piece.end]
            if piece.flags:
                kind = document.flags[piece.flags[-1]].kind
                marks = ",".join(str(numbers[i]) for i in piece.flags)
                chunk = _style(chunk, _COLOURS.get(kind, "35"), colour) if colour else f"[{chunk}]"
                last_piece_of = [i for i in piece.flags if document.flags[i].end == piece.end]
                if last_piece_of:
                    chunk += _style(f"{{{marks}}}", "2", colour) if colour else f"{{{marks}}}"
            elif piece.attributions and colour:
                chunk = _style(chunk, _QUOTE_COLOUR, colour)
            out.append(chunk)
        lines.append("".join(out))
    if document.attributions:
        lines.append("")
        lines.append("── Who is quoted ──")
        for i, attribution in enumerate(document.attributions, start=1):
            source = attribution.source_name or "unknown source"
            stance = ", ".join(f"{d}: {s}" for d, s in attribution.stance.items())
            lines.append(
                f"A{i}. {attribution.speaker_name} ({source}{'; ' + stance if stance else ''}) "
                f"[{attribution.kind}, cue “{attribution.cue}”]"
            )
            lines.append(textwrap.indent(textwrap.fill(_short(attribution.text, 300), width - 6), "     "))
    if document.flags:
        lines.append("")
        lines.append("── Flags ──")
        for i, flag in enumerate(document.flags, start=1):
            voice = "quoted" if flag.voice == "quoted" else "author"
            who = f", in A{flag.attribution + 1}" if flag.attribution is not None else ""
            subtype = f" / {flag.subtype}" if flag.subtype else ""
            head = f"{i}. {flag_title(flag.kind)}{subtype} (score {flag.score:.2f}, {voice}{who}): “{_short(flag.text, 120)}”"
            lines.append(_style(head, _COLOURS.get(flag.kind, "35"), colour) if colour else head)
            lines.append(textwrap.indent(textwrap.fill(flag.explanation, width - 6), "     "))
    return "\n".join(lines) + "\n"


def _short(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _style(text: str, code: str, colour: bool) -> str:
    return f"\033[{code}m{text}\033[0m" if colour else text

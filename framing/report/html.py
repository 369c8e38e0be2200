"""One self-contained annotated HTML page. Every piece of user text passes through html.escape."""

from __future__ import annotations

from html import escape

from framing.document import Document
from framing.report.explain import SECTION_TITLES, VOICE_TITLES, flag_title
from framing.report.segments import pieces

CSS = """
body{font:16px/1.6 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1d1d1f}
h1{font-size:1.3rem}.meta{color:#555;font-size:.9rem}
.legend span{display:inline-block;margin:.2rem .6rem .2rem 0;padding:0 .4rem;border-radius:.2rem}
section.doc{border-left:4px solid #ddd;padding:.2rem 1rem;margin:1rem 0;white-space:pre-wrap}
section.doc.body{border-color:#4a7}section.doc.headline{font-weight:600;border-color:#4a7}
section.doc.comments,section.doc.boilerplate{background:#f4f4f4;color:#555;border-color:#aaa}
.sec-label{display:block;font:600 .75rem system-ui;color:#777;text-transform:uppercase;white-space:normal}
.q{border-bottom:2px dotted #36c}
.f{border-radius:.15rem;cursor:help}
.loaded_language{background:#ffe08a}.loaded_language.quoted{background:#fff3c4;outline:1px dashed #c90}
.weak_sourcing{background:#bfe9ff}.conflicting_attribution{background:#ffb3b3;outline:2px solid #c00}
sup.n{font-size:.7rem;color:#555}
ol.flags li,ol.attrs li{margin:.5rem 0}.ev{font-family:ui-monospace,monospace;background:#f2f2f2;padding:0 .2rem}
.score{color:#555}.stance{color:#36c}
"""


def render_html(document: Document, *, title: str | None = None) -> str:
    name = title or document.metadata.get("title") or document.metadata.get("name") or document.id
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>framing: {escape(str(name))}</title><style>{CSS}</style></head><body>",
        f"<h1>framing: {escape(str(name))}</h1>",
        f'<p class="meta">{len(document.attributions)} attributions, {len(document.flags)} flags. '
        "Hover a marked passage for its explanation; the lists below give every detail.</p>",
        '<p class="legend">'
        '<span class="loaded_language">loaded language (outlet\'s words)</span>'
        '<span class="loaded_language quoted">loaded language (quoted speaker)</span>'
        '<span class="conflicting_attribution">conflicting attribution</span>'
        '<span class="weak_sourcing">weak sourcing</span>'
        '<span class="q">attributed words</span></p>',
    ]
    for warning in document.warnings:
        parts.append(f'<p class="meta">Warning: {escape(warning)}</p>')
    parts.append(body_html(document))
    parts.append(flags_html(document))
    parts.append(attributions_html(document))
    parts.append("</body></html>")
    return "\n".join(parts)


def body_html(document: Document, *, flag_ids: list[int] | None = None) -> str:
    """The annotated sections of the text; ``flag_ids`` limits which flags are marked."""
    out = []
    for section in document.sections:
        label = SECTION_TITLES.get(section.kind, section.kind)
        if section.language != "en":
            label += f" · language: {section.language} (not scored)"
        out.append(f'<section class="doc {escape(section.kind)}"><span class="sec-label">{escape(label)}</span>')
        for piece in pieces(document, section.start, section.end, flag_ids=flag_ids):
            chunk = escape(document.text[piece.start : piece.end])
            for a in piece.attributions:
                attribution = document.attributions[a]
                stance = "; ".join(f"{d.replace('_', ' ')}: {s}" for d, s in attribution.stance.items()) or "no known stance"
                tip = f"{attribution.speaker_name} ({attribution.source_name or 'unknown source'}) · {attribution.kind} quote · stance: {stance}"
                chunk = f'<span class="q" title="{escape(tip)}" data-attribution="{a}">{chunk}</span>'
            for i in piece.flags:
                flag = document.flags[i]
                tip = f"{flag_title(flag.kind)} ({flag.score:.2f}): {flag.explanation}" + _evidence_note(flag)
                chunk = (
                    f'<span class="f {escape(flag.kind)} {escape(flag.voice)}" title="{escape(tip)}" '
                    f'data-flag="{i}">{chunk}</span>'
                )
                if flag.end == piece.end:
                    chunk += f'<sup class="n">{i + 1}</sup>'
            out.append(chunk)
        out.append("</section>")
    return "".join(out)


def _evidence_note(flag) -> str:
    if not flag.evidence:
        return ""
    items = [f"“{e.text}” ({e.role})" + (f" → {e.note}" if e.note else "") for e in flag.evidence]
    return " Evidence: " + "; ".join(items)


def flags_html(document: Document) -> str:
    if not document.flags:
        return "<h2>Flags</h2><p>No flags.</p>"
    items = []
    for i, flag in enumerate(document.flags):
        evidence = ", ".join(f'<span class="ev">{escape(e.text)}</span>' for e in flag.evidence)
        whose = VOICE_TITLES.get(flag.voice, flag.voice)
        if flag.attribution is not None:
            a = document.attributions[flag.attribution]
            whose += f" — {escape(a.speaker_name)}"
        subtype = f" · {escape(flag.subtype)}" if flag.subtype else ""
        items.append(
            f'<li id="flag-{i}"><strong>{escape(flag_title(flag.kind))}</strong>{subtype} '
            f'<span class="score">score {flag.score:.2f}, {escape(whose)}</span><br>'
            f"“{escape(flag.text)}”<br>{escape(flag.explanation)}"
            + (f"<br>Evidence: {evidence}" if evidence else "")
            + "</li>"
        )
    return '<h2>Flags</h2><ol class="flags">' + "".join(items) + "</ol>"


def attributions_html(document: Document) -> str:
    if not document.attributions:
        return "<h2>Who is quoted</h2><p>No attributions found.</p>"
    items = []
    for a in document.attributions:
        stance = "; ".join(f"{d}: {s}" for d, s in a.stance.items())
        items.append(
            f"<li><strong>{escape(a.speaker_name)}</strong> ({escape(a.source_name or 'unknown source')})"
            + (f' <span class="stance">stance — {escape(stance)}</span>' if stance else "")
            + f" · {escape(a.kind)}, cue “{escape(a.cue)}”<br>“{escape(a.text)}”</li>"
        )
    return '<h2>Who is quoted</h2><ol class="attrs">' + "".join(items) + "</ol>"

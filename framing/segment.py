"""Text to structure: sections (headline, body, comments, boilerplate, each with a language),
paragraphs, sentences and tokens, all as character offsets into the one text.

Sentences come from NLTK's Punkt, trained here on the project's own corpora (no download).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator
from functools import lru_cache

from framing.document import Document, Paragraph, Section, Sentence, Token
from framing.ingest import IngestedText
from framing.language import detect_language
from framing.resources import corpora_root, corpus_path

BULLET = re.compile(r"^[ \t]*(?:[•·▪◦‣●○■□*+\-–—]|\d{1,2}[.)])\s+")
_BLANK_LINES = re.compile(r"\n[ \t]*\n+")
_TOKEN = re.compile(r"\w+(?:[-'’.]\w+)*|[^\w\s]", re.UNICODE)

_BOILERPLATE = re.compile(
    r"^(?:featured content|related(?: stories| articles| posts)?|read more|read also|also read|more from|"
    r"advertisement|sponsored(?: content)?|share(?: this)?(?: article| story| on \w+)?|subscribe\b.*|sign up\b.*|"
    r"follow us\b.*|click here\b.*|comments?(?: \(\d+\))?|\d+ comments?|leave a (?:comment|reply)|"
    r"(?:copyright|©).*|all rights reserved.*|tags?:.*|topics?:.*|photo:.*|image:.*|"
    r"watch:.*|listen:.*|trending(?: now)?|most read|recommended(?: for you)?|you may also like|"
    r"reply|report|like|cancel reply|post comment|load more comments)[\s.:!⭐★]*$",
    re.IGNORECASE,
)
_COMMENT_INVITATION = re.compile(
    r"(comment section|comments section|comments below|in the comments|share (?:your|with us)|"
    r"what are your (?:thoughts|views)|what do you think|leave a comment|join the (?:conversation|discussion)|"
    r"have your say|let us know)",
    re.IGNORECASE,
)
_COMMENTS_HEADER = re.compile(r"^(?:reader )?comments?(?: \(\d+\))?:?$|^\d+ (?:comments?|responses?)$", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?…]['\"’”)\]]*$")


# ---------------------------------------------------------------- paragraphs

def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """Paragraph offsets: blocks between blank lines; a bullet line, or the line after one that
    ends in a colon ("said:"), starts a paragraph of its own.

    >>> t = "Title\\n\\nThe ministry said:\\nWe met.\\n  • a comment"
    >>> [t[s:e] for s, e in paragraph_spans(t)]
    ['Title', 'The ministry said:', 'We met.', '• a comment']
    """
    spans: list[tuple[int, int]] = []
    for block_start, block_end in _blocks(text):
        start = block_start
        pos = block_start
        lines = text[block_start:block_end].split("\n")
        for i, line in enumerate(lines):
            line_start = pos
            pos += len(line) + 1
            if i == 0:
                continue
            prev = lines[i - 1].rstrip()
            if BULLET.match(line) or prev.endswith(":"):
                spans.append((start, line_start - 1))
                start = line_start
        spans.append((start, block_end))
    return [trimmed for s, e in spans if (trimmed := _trim(text, s, e))]


def _blocks(text: str) -> Iterator[tuple[int, int]]:
    start = 0
    for match in _BLANK_LINES.finditer(text):
        yield start, match.start()
        start = match.end()
    yield start, len(text)


def _trim(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if end > start else None


# ---------------------------------------------------------------- sections

def _strip_bullet(s: str) -> str:
    return BULLET.sub("", s, count=1).strip()


def is_boilerplate(paragraph: str) -> bool:
    """Page furniture rather than writing: "Featured Content", "Share this", "Read more" ...

    >>> is_boilerplate("  • Featured Content⭐"), is_boilerplate("The minister spoke.")
    (True, False)
    """
    return bool(_BOILERPLATE.match(_strip_bullet(paragraph)))


def is_comment_invitation(paragraph: str) -> bool:
    """An outlet's call for reader comments, after which the article body has ended.

    >>> is_comment_invitation("What are your thoughts on this? Share with us in the comment section below.")
    True
    """
    return len(paragraph.split()) <= 40 and bool(_COMMENT_INVITATION.search(paragraph))


def _looks_like_headline(paragraph: str, ingested: IngestedText) -> bool:
    if ingested.format == "markdown" and paragraph.startswith("#"):
        return True
    words = paragraph.split()
    # "The ministry said:" introduces what follows; a headline does not end in a colon
    ending = paragraph.rstrip()
    return "\n" not in paragraph and 0 < len(words) <= 30 and not _SENTENCE_END.search(ending) and not ending.endswith(":")


def paragraph_kinds(text: str, spans: list[tuple[int, int]], ingested: IngestedText) -> list[str]:
    """The section kind of each paragraph."""
    kinds: list[str] = []
    in_comments = False
    for i, (start, end) in enumerate(spans):
        para = text[start:end]
        hint = next((h.kind for h in ingested.hints if h.start <= start < h.end), None)
        if is_boilerplate(para):
            kind = "boilerplate"
            # "Comments", "12 comments": the page's comment section starts here.
            in_comments = in_comments or bool(_COMMENTS_HEADER.match(_strip_bullet(para))) and hint is None
        elif hint is not None:
            kind = hint
            if hint == "body" and is_comment_invitation(para) and i >= len(spans) - 3:
                kind = "boilerplate"
        elif in_comments:
            kind = "comments"
        elif i == 0 and len(spans) > 1 and _looks_like_headline(para, ingested):
            kind = "headline"
        elif is_comment_invitation(para) or _COMMENTS_HEADER.match(_strip_bullet(para)):
            kind = "boilerplate"
            in_comments = True
        else:
            kind = "body"
        kinds.append(kind)
    return kinds


# ---------------------------------------------------------------- sentences

@lru_cache(maxsize=1)
def sentence_tokenizer():
    """Punkt trained on the project's corpora, with the project's abbreviation list added.

    Training takes seconds, so the parameters are cached per user like the other models (keyed
    by the training text) and loaded after their checksum is checked.
    """
    from nltk.tokenize.punkt import PunktSentenceTokenizer

    from framing.learn.artifacts import load_or_train

    texts = list(_training_text())
    abbreviations = corpus_path("lexicons", "abbreviations.txt").read_text(encoding="utf-8")
    digest = hashlib.sha256("\x1e".join([*texts, abbreviations]).encode("utf-8")).hexdigest()
    params, _ = load_or_train("punkt", digest, {}, lambda: (train_punkt(texts, abbreviations), {"kind": "punkt", "texts": len(texts)}))
    return PunktSentenceTokenizer(params)


def train_punkt(texts: list[str], abbreviations: str):
    """Punkt parameters learnt from ``texts``, plus the listed abbreviations."""
    from nltk.tokenize.punkt import PunktTrainer

    trainer = PunktTrainer()
    if texts:
        trainer.train("\n\n".join(texts), finalize=False)
    trainer.finalize_training()
    params = trainer.get_params()
    for line in abbreviations.splitlines():
        if line.strip() and not line.startswith("#"):
            params.abbrev_types.add(line.strip().lower())
    return params


def _training_text() -> Iterable[str]:
    import json

    root = corpora_root()
    for path in sorted((root / "loaded").glob("*.jsonl")) + sorted((root / "attribution").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            try:
                yield json.loads(line)["text"]
            except (ValueError, KeyError, TypeError):
                continue
    for path in sorted((root / "samples").glob("*.txt")):
        yield path.read_text(encoding="utf-8")


def sentence_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence offsets within ``text[start:end]``; a line break inside a paragraph also ends a
    sentence when the line before it ends like one.

    >>> t = "Dr. Rao met U.S. officials on Jan. 5. They talked."
    >>> [t[s:e] for s, e in sentence_spans(t, 0, len(t))]
    ['Dr. Rao met U.S. officials on Jan. 5.', 'They talked.']
    """
    tokenizer = sentence_tokenizer()
    out: list[tuple[int, int]] = []
    for line_start, line_end in _lines(text, start, end):
        chunk = text[line_start:line_end]
        for s, e in tokenizer.span_tokenize(chunk):
            for piece_start, piece_end in _split_after_ellipsis(text, line_start + s, line_start + e):
                trimmed = _trim(text, piece_start, piece_end)
                if trimmed:
                    out.append(trimmed)
    return _merge_stranded(text, out)


_ELLIPSIS_BREAK = re.compile(r"(?:\.\.\.|…)(?=\s+[A-Z])")


def _split_after_ellipsis(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    # Punkt decides on "paused... Then" from how often the next word was seen capitalised in its
    # training text, so a new article can change it; an ellipsis before a capital ends a sentence.
    for m in _ELLIPSIS_BREAK.finditer(text, start, end):
        yield start, m.end()
        start = m.end()
    yield start, end


def _lines(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    # A line break ends a sentence only after sentence-final punctuation (or a colon, or before a
    # bullet); otherwise it is a wrapped line and Punkt sees the lines joined.
    seg_start = start
    pos = start
    while True:
        nl = text.find("\n", pos, end)
        if nl == -1:
            break
        before = text[seg_start:nl].rstrip()
        after = text[nl + 1 : end]
        if _SENTENCE_END.search(before) or before.endswith(":") or BULLET.match(after):
            yield seg_start, nl
            seg_start = nl + 1
        pos = nl + 1
    yield seg_start, end


def _merge_stranded(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    # Punkt may strand a lone closing quote or bracket after the full stop; it belongs before.
    merged: list[tuple[int, int]] = []
    for s, e in spans:
        if merged and re.fullmatch(r"[\"'’”)\]]+", text[s:e]):
            merged[-1] = (merged[-1][0], e)
        else:
            merged.append((s, e))
    return merged


def token_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Word and punctuation tokens of ``text[start:end]``.

    >>> t = "India’s U.S.-based envoy said: “No.”"
    >>> [t[s:e] for s, e in token_spans(t, 0, len(t))]
    ['India’s', 'U.S', '.', '-', 'based', 'envoy', 'said', ':', '“', 'No', '.', '”']
    """
    return [m.span() for m in _TOKEN.finditer(text, start, end)]


# ---------------------------------------------------------------- the stage

def segment(ingested: IngestedText, *, doc_id: str = "document", with_tokens: bool = True) -> Document:
    """Build the document's structure from ingested text.

    >>> from framing.ingest import ingest_text
    >>> doc = segment(ingest_text("Talks resume\\n\\nThe envoy met officials. They agreed."))
    >>> [(s.kind, s.text) for s in doc.sections]
    [('headline', 'Talks resume'), ('body', 'The envoy met officials. They agreed.')]
    >>> [s.text for s in doc.sentences]
    ['Talks resume', 'The envoy met officials.', 'They agreed.']
    """
    text = ingested.text
    spans = paragraph_spans(text)
    kinds = paragraph_kinds(text, spans, ingested)
    languages = [detect_language(text[s:e]) for s, e in spans]
    languages = _smooth_languages(kinds, languages)

    sections: list[Section] = []
    paragraphs: list[Paragraph] = []
    sentences: list[Sentence] = []
    tokens: list[Token] = []
    for (start, end), kind, language in zip(spans, kinds, languages):
        previous = sections[-1] if sections else None
        if (
            previous is not None
            and previous.kind == kind
            and kind in {"body", "headline", "boilerplate"}
            and previous.language == language
        ):
            sections[-1] = Section(previous.start, end, text[previous.start : end], kind, language)
        else:
            sections.append(Section(start, end, text[start:end], kind, language))
        paragraphs.append(Paragraph(start, end, text[start:end], len(sections) - 1))
        for s, e in sentence_spans(text, start, end):
            sentences.append(Sentence(s, e, text[s:e], len(paragraphs) - 1))
            if with_tokens:
                tokens.extend(Token(ts, te, text[ts:te], len(sentences) - 1) for ts, te in token_spans(text, s, e))
    # Sections list was built while paragraphs referenced indices; the index of a merged section
    # does not change, so the references hold.
    metadata = {"name": ingested.name, "encoding": ingested.encoding, "format": ingested.format}
    if ingested.title:
        metadata["title"] = ingested.title
    return Document(
        text=text,
        id=doc_id,
        sections=tuple(sections),
        paragraphs=tuple(paragraphs),
        sentences=tuple(sentences),
        tokens=tuple(tokens),
        metadata=metadata,
        warnings=tuple(ingested.warnings),
    )


def _smooth_languages(kinds: list[str], languages: list[str]) -> list[str]:
    # A body paragraph too short to tell ("und"), such as a subheading, takes its neighbours' tag.
    out = list(languages)
    body = [i for i, (k, lang) in enumerate(zip(kinds, languages)) if k == "body" and lang != "und"]
    for i, (kind, lang) in enumerate(zip(kinds, languages)):
        if lang == "und" and kind in {"body", "headline"} and body:
            out[i] = languages[min(body, key=lambda j: abs(j - i))]
    return out

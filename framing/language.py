"""Tell the language of a stretch of text, well enough to keep non-English text out of scoring.

Scripts are told by their Unicode blocks; Latin-script languages by how many of their most common
function words a stretch holds (corpora/lexicons/function_words.tsv). Short or mixed stretches
that match nothing well are "und" (undetermined).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import lru_cache

from framing.resources import corpus_path

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_SCRIPTS = (
    ("ARABIC", "ar"),
    ("DEVANAGARI", "hi"),
    ("CYRILLIC", "ru"),
    ("CJK", "zh"),
    ("HIRAGANA", "ja"),
    ("KATAKANA", "ja"),
    ("HANGUL", "ko"),
    ("HEBREW", "he"),
    ("GREEK", "el"),
    ("THAI", "th"),
    ("BENGALI", "bn"),
    ("GURMUKHI", "pa"),
)


@lru_cache(maxsize=1)
def function_words() -> dict[str, frozenset[str]]:
    table: dict[str, frozenset[str]] = {}
    for line in corpus_path("lexicons", "function_words.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        tag, _, words = line.partition("\t")
        table[tag.strip()] = frozenset(words.split())
    return table


_NON_LATIN_LETTER = re.compile(r"[^\W\d_\u0000-\u024f\u1e00-\u1eff]")


@lru_cache(maxsize=1)
def _word_index() -> dict[str, tuple[str, ...]]:
    index: dict[str, list[str]] = {}
    for tag, vocab in function_words().items():
        for word in vocab:
            index.setdefault(word, []).append(tag)
    return {word: tuple(tags) for word, tags in index.items()}


def _script_language(text: str) -> str | None:
    if not _NON_LATIN_LETTER.search(text):
        return None  # Latin letters only: the function-word profiles decide
    counts: Counter[str] = Counter()
    letters = 0
    for ch in text:
        if not ch.isalpha():
            continue
        letters += 1
        if ord(ch) < 0x250:
            continue
        name = unicodedata.name(ch, "")
        for block, tag in _SCRIPTS:
            if name.startswith(block) or (block == "CJK" and "CJK" in name):
                counts[tag] += 1
                break
    if letters and counts:
        tag, n = counts.most_common(1)[0]
        if n / letters > 0.5:
            return tag
    return None


def detect_language(text: str, *, min_words: int = 4) -> str:
    """Language tag of ``text``: "en", another tag, or "und" when it cannot be told.

    >>> detect_language("The council said the bridge would reopen after the repairs.")
    'en'
    >>> detect_language("ye baat sahi hai magar hum nahi mante, aap kya kehte hein")
    'ur-Latn'
    """
    by_script = _script_language(text)
    if by_script:
        return by_script
    words = [w.lower().replace("’", "'") for w in _WORD.findall(text)]
    if len(words) < min_words:
        return "und"
    hits: Counter[str] = Counter()
    index = _word_index()
    for word in words:
        for tag in index.get(word, ()):
            hits[tag] += 1
    scores = {tag: hits[tag] / len(words) for tag in function_words()}
    best = max(scores, key=scores.get)
    ranked = sorted(scores.values(), reverse=True)
    if ranked[0] < 0.12:
        return "und"
    # English text holds 35-50 % function words; a code-switched stretch where another language's
    # function words are as common is not English, whatever its English loan words.
    if best == "en" and scores.get("ur-Latn", 0) >= 0.15 and scores.get("ur-Latn", 0) >= 0.8 * scores["en"] and scores["en"] < 0.3:
        return "ur-Latn"
    return best

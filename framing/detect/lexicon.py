"""Dispute framing lexicons (corpora/framing/lexicons/*.yaml, plus ``--framing`` files): the
terms each side of a dispute uses and the other avoids, matched with their variants.

Matching works on word stems, so inflections ("martyr", "martyrs", "martyred"), hyphenation
("Indian-occupied" / "Indian occupied") and case do not matter; one extra word may stand inside a
multi-word term ("illegal Indian occupation" matches "illegal occupation" only if listed, but
"illegally occupied" matches "illegal occupation" by stem).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from framing.errors import DataFileError
from framing.resources import corpora_root, read_yaml_mapping

_WORD = re.compile(r"[A-Za-z0-9&]+(?:['’][A-Za-z]+)?")
_NEGATIONS = frozenset({"not", "no", "never", "nor", "isn't", "wasn't", "aren't", "don't", "doesn't", "cannot"})


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A crude, stable stem: enough to join inflections and derivations of dispute terms.

    >>> [stem(w) for w in ["occupation", "occupied", "Illegally", "martyrs", "freedom"]]
    ['occup', 'occup', 'illeg', 'martyr', 'freedom']
    """
    w = word.lower().replace("’", "'")
    w = re.sub(r"'s$", "", w)
    for suffix in ("ations", "ation", "ings", "ing", "ied", "ies", "ed", "ally", "ly", "al", "es", "s", "y", "e"):
        if w.endswith(suffix) and len(w) - len(suffix) >= 4:
            return w[: -len(suffix)]
    return w


@dataclass(frozen=True)
class Term:
    dispute: str
    side: str
    term: str
    neutral: str | None
    note: str | None
    stems: tuple[tuple[str, ...], ...]  # one stem sequence per surface form
    # False for plain words the other side avoids ("Taiwan's president" in Beijing's mouth): a
    # tell for conflicting attributions, never loaded language.
    loaded: bool = True
    # longer phrases inside which the term does not count ("Republic of China" in "People's
    # Republic of China"), as stem sequences
    not_in: tuple[tuple[str, ...], ...] = ()


@dataclass(frozen=True)
class TermHit:
    start: int
    end: int
    term: Term


@dataclass
class Disputes:
    titles: dict[str, str]
    sides: dict[str, dict[str, str]]
    terms: list[Term]

    def __post_init__(self) -> None:
        self._index: dict[str, list[tuple[tuple[str, ...], Term]]] = {}
        for term in self.terms:
            for seq in term.stems:
                self._index.setdefault(seq[0], []).append((seq, term))

    def loaded_only(self) -> Disputes:
        """The same lexicons without the plain words (``loaded: false``): what loaded-language
        tagging and the perspective model's features see."""
        if all(t.loaded for t in self.terms):
            return self
        if not hasattr(self, "_loaded_view"):
            self._loaded_view = Disputes(self.titles, self.sides, [t for t in self.terms if t.loaded])
        return self._loaded_view

    def opposing(self, dispute: str, side: str) -> list[str]:
        return [s for s in self.sides.get(dispute, {}) if s != side]

    def find(self, text: str, start: int = 0, end: int | None = None, *, dispute: str | None = None) -> list[TermHit]:
        """Every lexicon term in ``text[start:end]``, longest match first, no overlaps; with
        ``dispute``, only that dispute's terms (a phrase two disputes share, such as "occupation
        forces", then counts for the one asked about).

        >>> d = load_disputes()
        >>> [(h.term.side, text[h.start:h.end]) for text in ["They fight illegal Indian occupation."] for h in d.find(text)]
        [('pakistan', 'illegal Indian occupation')]
        """
        end = len(text) if end is None else end
        words = [(m.start(), m.end(), stem(m.group(0))) for m in _WORD.finditer(text, start, end)]
        hits: list[TermHit] = []
        i = 0
        while i < len(words):
            best: tuple[int, Term] | None = None
            for seq, term in self._index.get(words[i][2], ()):
                if dispute is not None and term.dispute != dispute:
                    continue
                last = _match(words, i, seq)
                if last is not None and (best is None or last > best[0]):
                    best = (last, term)
            if best is not None and not _inside_exclusion(words, i, best[0], best[1].not_in):
                hits.append(TermHit(words[i][0], words[best[0]][1], best[1]))
                i = best[0] + 1
            else:
                i += 1
        return hits


def _match(words: list[tuple[int, int, str]], i: int, seq: tuple[str, ...]) -> int | None:
    """Index of the last word if ``seq`` matches from word ``i`` (one extra word allowed inside)."""
    j, k, gaps = i, 0, 0
    while k < len(seq):
        if j >= len(words):
            return None
        if words[j][2] == seq[k]:
            j += 1
            k += 1
        elif k > 0 and gaps == 0 and len(seq) >= 3 and words[j][2] not in _NEGATIONS:
            # one extra word may stand inside, but not one that turns the phrase around
            # ("Taiwan is not part of China" is no "Taiwan is part of China")
            gaps += 1
            j += 1
        else:
            return None
    return j - 1


def _inside_exclusion(words: list[tuple[int, int, str]], first: int, last: int, exclusions: tuple[tuple[str, ...], ...]) -> bool:
    """Whether words ``first..last`` lie inside one of the ``exclusions`` phrases in ``words``."""
    for seq in exclusions:
        for k in range(max(0, last - len(seq) + 1), first + 1):
            if tuple(w[2] for w in words[k : k + len(seq)]) == seq:
                return True
    return False


def _stems(phrase: str) -> tuple[str, ...]:
    return tuple(stem(w) for w in _WORD.findall(phrase))


def _load_file(path: Path) -> tuple[str, str, dict[str, str], list[Term]]:
    data = read_yaml_mapping(path, expected="a mapping with 'dispute', 'sides' and 'terms'")
    if not isinstance(data.get("dispute"), str):
        raise DataFileError(f"{path}: expected a mapping with 'dispute', 'sides' and 'terms'")
    dispute = data["dispute"]
    sides = data.get("sides")
    if not isinstance(sides, dict) or len(sides) < 2:
        raise DataFileError(f"{path}: 'sides' must name at least two sides")
    terms = []
    for n, item in enumerate(data.get("terms") or [], start=1):
        if not isinstance(item, dict) or not isinstance(item.get("term"), str):
            raise DataFileError(f"{path}, term #{n}: needs a 'term'")
        if item.get("side") not in sides:
            raise DataFileError(f"{path}, term #{n} ({item['term']}): side {item.get('side')!r} is not one of {list(sides)}")
        variants = item.get("variants") or []
        if not isinstance(variants, list):
            raise DataFileError(f"{path}, term #{n} ({item['term']}): 'variants' must be a list")
        loaded = item.get("loaded", True)
        if not isinstance(loaded, bool):
            raise DataFileError(f"{path}, term #{n} ({item['term']}): 'loaded' must be true or false")
        not_in = item.get("not_in") or []
        if not isinstance(not_in, list):
            raise DataFileError(f"{path}, term #{n} ({item['term']}): 'not_in' must be a list")
        forms = {_stems(str(v)) for v in [item["term"], *variants]}
        forms.discard(())
        exclusions = tuple(seq for seq in (_stems(str(x)) for x in not_in) if seq)
        terms.append(
            Term(dispute, item["side"], item["term"], item.get("neutral"), item.get("note"), tuple(sorted(forms)), loaded, exclusions)
        )
    return dispute, str(data.get("title") or dispute), {str(k): str(v) for k, v in sides.items()}, terms


def load_disputes(extra: Iterable[Path | str] = (), *, loaded_only: bool = False) -> Disputes:
    """The bundled dispute lexicons plus ``extra`` files; with ``loaded_only``, without the plain
    words one side avoids."""
    disputes = _load_disputes(tuple(str(p) for p in extra))
    return disputes.loaded_only() if loaded_only else disputes


@lru_cache(maxsize=8)
def _load_disputes(extra: tuple[str, ...]) -> Disputes:
    paths = sorted((corpora_root() / "framing" / "lexicons").glob("*.yaml")) + [Path(p) for p in extra]
    titles, sides, terms = {}, {}, []
    for path in paths:
        if not path.exists():
            raise DataFileError(f"{path}: no such framing lexicon")
        dispute, title, dispute_sides, dispute_terms = _load_file(path)
        # A user's file for a known dispute adds terms (and sides) to it; a new id adds a dispute.
        titles.setdefault(dispute, title)
        sides.setdefault(dispute, {}).update(dispute_sides)
        terms.extend(dispute_terms)
    return Disputes(titles, sides, terms)


@lru_cache(maxsize=1)
def dispute_words() -> frozenset[str]:
    """Stems of every word in the bundled dispute terms, for features of the loaded-language model."""
    generic = {"the", "of", "and", "in", "to", "a", "on", "for", "by", "part", "state", "government", "people"}
    return frozenset(s for t in load_disputes(loaded_only=True).terms for seq in t.stems for s in seq if s not in generic and len(s) > 3)

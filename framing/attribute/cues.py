"""Cues: the words that credit text to someone (reporting verbs and nouns, "according to")."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from framing.resources import corpus_path


def _entries(name: str) -> list[str]:
    lines = corpus_path("lexicons", name).read_text(encoding="utf-8").splitlines()
    return [line.split("#", 1)[0].strip() for line in lines if line.split("#", 1)[0].strip()]


@dataclass(frozen=True)
class CueLexicon:
    verbs: frozenset[str]  # every inflected form, lower case
    past_and_present: frozenset[str]  # the forms that can head a reporting clause (said, says, told)
    nouns: frozenset[str]
    pattern: re.Pattern[str]


# Verbs that report speech only with an object or in some senses; the list keeps them, but they
# need a following clause ("that ...", a quote, a colon) to count as a cue.
WEAK_VERBS = frozenset({
    "added", "adds", "noted", "notes", "called", "calls", "described", "describes", "termed", "terms",
    "pointed", "points", "maintained", "maintains", "recalled", "recalls", "felt", "feels", "thought",
    "thinks", "believed", "believes", "hoped", "hopes", "knew", "knows", "showed", "shows", "found",
    "finds", "raised", "raises", "expressed", "expresses", "indicated", "indicates", "suggested",
    "suggests", "wrote", "writes", "posted", "posts", "conveyed", "conveys", "assured", "assures",
    "responded", "responds", "replied", "replies", "reported", "reports", "revealed", "reveals",
    "estimated", "estimates", "predicted", "predicts", "complained", "complains",
})
# Verbs that report speech on their own ("X said the talks failed"); every other reporting verb
# counts only with a "that"-clause, a colon or a quotation after it ("X agreed that ...").
STRONG_VERBS = frozenset("""
say says said tell tells told add adds added insist insists insisted argue argues argued claim claims claimed
state states stated stress stresses stressed warn warns warned explain explains explained acknowledge
acknowledges acknowledged concede concedes conceded admit admits admitted allege alleges alleged assert
asserts asserted contend contends contended declare declares declared reiterate reiterates reiterated
emphasise emphasises emphasised emphasize emphasizes emphasized maintain maintains maintained note notes
noted observe observes observed predict predicts predicted reply replies replied write writes wrote
tweet tweets tweeted recall recalls recalled confirm confirms confirmed announce announces announced
complain complains complained suggest suggests suggested report reports reported
""".split())
# Between speaker and cue, these words mean nothing was said: "did not respond", "declined to say".
NEGATED_CUE = re.compile(r"\b(?:not|never|declined to|refused to|no longer|would not|could not)\b", re.IGNORECASE)


@lru_cache(maxsize=1)
def cue_lexicon() -> CueLexicon:
    forms: set[str] = set()
    heads: set[str] = set()
    for entry in _entries("reporting_verbs.txt"):
        variants = [v.strip().lower() for v in entry.split("|") if v.strip()]
        forms.update(variants)
        # lemma, 3rd person, past ..., -ing: all but the -ing form can head "X said ..."
        heads.update(v for v in variants if not v.endswith("ing") or v in {"king"})
    nouns = frozenset(e.split("|")[0].strip().lower() for e in _entries("reporting_nouns.txt"))
    ordered = sorted(forms, key=len, reverse=True)
    pattern = re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(f) for f in ordered) + r")(?![\w-])", re.IGNORECASE)
    return CueLexicon(frozenset(forms), frozenset(heads), nouns, pattern)

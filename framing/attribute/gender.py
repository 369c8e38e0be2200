"""Whether a person is a woman or a man, as far as the article says: so that "she" is not
resolved to a man. From titles ("spokeswoman", "Mr"), common given names
(corpora/sources/given-names.yaml) and the pronouns the article already uses for the person.
Unknown (None) is compatible with both.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from framing.errors import DataFileError
from framing.resources import corpus_path, read_yaml_mapping

FEMALE_WORDS = frozenset("""
mrs ms miss madam spokeswoman chairwoman congresswoman businesswoman councilwoman policewoman
woman mother wife daughter sister grandmother aunt niece widow actress girl queen princess
""".split())
MALE_WORDS = frozenset("""
mr sir spokesman chairman congressman businessman councilman policeman man father husband son
brother grandfather uncle nephew widower actor boy king prince
""".split())
_PRONOUN = re.compile(r"\b(?:(he|his|him|himself)|(she|her|hers|herself))\b", re.IGNORECASE)


@lru_cache(maxsize=1)
def given_names() -> dict[str, str]:
    """Given names whose gender is clear (corpora/sources/given-names.yaml): name -> "f" or "m".

    >>> given_names()["Iryna"], given_names()["Arvind"]
    ('f', 'm')
    """
    path = corpus_path("sources", "given-names.yaml")
    data = read_yaml_mapping(path, expected="a mapping with 'female' and 'male' lists")
    names: dict[str, str] = {}
    for key, gender in (("female", "f"), ("male", "m")):
        if not isinstance(data.get(key), list):
            raise DataFileError(f"{path}: '{key}' must be a list of names")
        names.update((str(name), gender) for name in data[key])
    return names


def gender_of_words(words: Iterable[str]) -> str | None:
    """"f" or "m" when the (lower-case) words hold gendered titles of one kind only.

    >>> gender_of_words(["foreign", "ministry", "spokeswoman"]), gender_of_words(["official"])
    ('f', None)
    """
    words = set(words)
    female, male = bool(FEMALE_WORDS & words), bool(MALE_WORDS & words)
    if female == male:
        return None
    return "f" if female else "m"


def gender_of_name(name: str) -> str | None:
    """The gender of a name's given name, if it is a listed one.

    >>> gender_of_name("Olena Marchuk"), gender_of_name("Lin Po-wen")
    ('f', None)
    """
    parts = name.split()
    return given_names().get(parts[0]) if parts else None


def gender_of_pronoun_after(rest_of_sentence: str, other_name: re.Pattern[str]) -> str | None:
    """The gender of the first he/his/she/her after a name in its sentence, unless another name
    (``other_name``) comes first.

    >>> gender_of_pronoun_after(" keeps a map behind her desk.", re.compile(r"[A-Z][a-z]+ [A-Z][a-z]+"))
    'f'
    """
    m = _PRONOUN.search(rest_of_sentence)
    if m is None or other_name.search(rest_of_sentence[: m.start()]):
        return None
    return "m" if m.group(1) else "f"

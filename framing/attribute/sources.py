"""The source registry: who a speaker is, which body they speak for, and its stance per dispute.

Loaded from corpora/sources/registry.yaml plus any user files (``--sources``), validated on load.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from framing.errors import DataFileError
from framing.resources import corpus_path, read_yaml_mapping

SOURCE_TYPES = {
    "government_body", "official", "military", "armed_group", "party", "advocacy_group", "outlet",
    "international_org", "person", "other",
}
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'"})


def _is_country_acronym(name: str) -> bool:
    return len(name.replace(".", "")) <= 4 and name.replace(".", "").isupper()


def normalise_name(text: str) -> str:
    """Lower-case, straight apostrophes, single spaces, no leading article.

    >>> normalise_name("The  Indian Foreign Ministry’s")
    "indian foreign ministry's"
    """
    text = " ".join(text.translate(_APOSTROPHES).lower().split())
    return re.sub(r"^(?:the|a|an)\s+", "", text)


@dataclass(frozen=True)
class Source:
    id: str
    name: str
    type: str
    country: str | None = None
    affiliation: str | None = None
    aliases: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    stance: dict[str, str] = field(default_factory=dict)


@dataclass
class Registry:
    sources: dict[str, Source]
    disputes: dict[str, dict]
    countries: dict[str, tuple[str, ...]]

    def __post_init__(self) -> None:
        self._aliases: dict[str, str] = {}
        self._acronyms: dict[str, str] = {}  # matched with their case: "WHO" is not "who"
        for source in self.sources.values():
            for alias in (source.name, *source.aliases):
                if is_acronym(alias):
                    key = re.sub(r"^(?:the|The)\s+", "", " ".join(alias.translate(_APOSTROPHES).split()))
                    self._acronyms.setdefault(key, source.id)
                else:
                    # Earlier (bundled, more specific) entries keep an alias both claim.
                    self._aliases.setdefault(normalise_name(alias), source.id)
        self._alias_index = _token_index(self._aliases, lower=True)
        self._acronym_index = _token_index(self._acronyms, lower=False)
        roles = {r for source in self.sources.values() for r in source.roles}
        self._role_pattern = _alias_regex(dict.fromkeys(roles, ""), re.IGNORECASE)
        # "US", "UK", "PRC" only in capitals: lower-cased, "US" would be the pronoun "us"
        self._country_by_name = {normalise_name(n): code for code, names in self.countries.items() for n in names}
        self._country_patterns = {
            code: re.compile(
                r"(?<![\w-])(?:" + "|".join(
                    re.escape(n) if _is_country_acronym(n) else "(?i:" + re.escape(normalise_name(n)) + ")" for n in names
                ) + r")(?:'s)?(?![\w-])"
            )
            for code, names in self.countries.items() if names
        }


    # -- lookups --------------------------------------------------------------
    def get(self, source_id: str | None) -> Source | None:
        return self.sources.get(source_id) if source_id else None

    def speaking_body(self, source_id: str) -> Source:
        """The body an official speaks for (an official's stance is its body's)."""
        source = self.sources[source_id]
        seen = {source_id}
        while source.type in {"official", "person"} and source.affiliation and source.affiliation not in seen:
            seen.add(source.affiliation)
            source = self.sources[source.affiliation]
        return source

    def stance(self, source_id: str | None) -> dict[str, str]:
        source = self.get(source_id)
        seen: set[str] = set()
        while source is not None and not source.stance and source.affiliation and source.id not in seen:
            seen.add(source.id)
            source = self.get(source.affiliation)
        return dict(source.stance) if source else {}

    def lookup(self, mention: str) -> Source | None:
        """The source a name refers to exactly (any alias, any case, with or without "the").

        >>> reg = load_registry()
        >>> reg.lookup("the Indian foreign ministry").id
        'in-mea'
        """
        stripped = re.sub(r"^(?:the|a|an)\s+", "", " ".join(mention.translate(_APOSTROPHES).split()), flags=re.I)
        stripped = re.sub(r"'s$", "", stripped)
        if stripped in self._acronyms:
            return self.sources[self._acronyms[stripped]]
        key = re.sub(r"'s$", "", normalise_name(mention))
        found = self._aliases.get(key)
        return self.sources[found] if found else None

    def find_aliases(self, text: str) -> list[tuple[int, int, str]]:
        """Every registry name in ``text`` as ``(start, end, source_id)``: longest match first,
        ordinary names in any case, acronyms ("WHO", "ICE") only with their own case.

        >>> reg = load_registry()
        >>> t = "A spokesman for the Indian foreign ministry met a man who spoke to WHO."
        >>> [(t[s:e], i) for s, e, i in reg.find_aliases(t)]
        [('the Indian foreign ministry', 'in-mea'), ('WHO', 'who')]
        """
        words = [(m.start(), m.end(), m.group(0).translate(_APOSTROPHES)) for m in _ALIAS_TOKEN.finditer(text)]
        lowered = [w.lower() for _, _, w in words]
        exact = [w for _, _, w in words]
        out: list[tuple[int, int, str]] = []
        i = 0
        while i < len(words):
            best = None
            for index, keys in ((self._alias_index, lowered), (self._acronym_index, exact)):
                for length, source_id in index.get(keys[i], ()):
                    if i + length <= len(words) and (best is None or length > best[0]):
                        if tuple(keys[i : i + length]) in index["__full__"]:
                            if index["__full__"][tuple(keys[i : i + length])] == source_id:
                                best = (length, source_id)
            if best is not None:
                lo, hi = words[i][0], words[i + best[0] - 1][1]
                # "Centre-back" is not "the Centre": a name does not run into a hyphenated word.
                if text[hi : hi + 1] == "-" or (lo > 0 and text[lo - 1] == "-"):
                    best = None
            if best is None:
                i += 1
                continue
            start = words[i][0]
            # "the Indian foreign ministry": the article belongs to the mention.
            if i > 0 and lowered[i - 1] == "the" and keys_start_ok(text, words[i - 1][1], start):
                start = words[i - 1][0]
            out.append((start, words[i + best[0] - 1][1], best[1]))
            i += best[0]
        return out

    def by_country_role(self, country: str, role: str) -> Source | None:
        """The highest body of ``country`` that ``role`` belongs to ("ambassador" -> foreign ministry)."""
        candidates = [s for s in self.sources.values() if s.country == country and role in s.roles]
        if not candidates:
            return None
        # "India's spokesman" is the state's before it is a party's or a separatist alliance's
        rank = {"government_body": 0, "military": 1}
        return min(candidates, key=lambda s: (rank.get(s.type, 2), self._depth(s), s.id))

    def country_named(self, name: str) -> str | None:
        """The country ``name`` is the name, demonym or capital of, if it is one.

        >>> load_registry().country_named("the Pakistani"), load_registry().country_named("Beijing")
        ('PK', 'CN')
        """
        return self._country_by_name.get(normalise_name(name))

    def countries_in(self, text: str) -> list[str]:
        """Countries named in ``text`` by name, demonym or capital.

        >>> load_registry().countries_in("It cost us a lot, said a Pakistani official in Kabul")
        ['PK', 'AF']
        """
        spaced = " " + " ".join(text.translate(_APOSTROPHES).split()) + " "
        return [code for code, pattern in self._country_patterns.items() if pattern.search(spaced)]

    def roles_in(self, text: str) -> list[str]:
        """Roles ("ambassador", "foreign ministry") named in ``text``, longest first."""
        found = {normalise_name(m.group(0)) for m in self._role_pattern.finditer(text)}
        return sorted(found, key=len, reverse=True)

    def _depth(self, source: Source) -> int:
        depth, seen = 0, set()
        while source.affiliation and source.affiliation in self.sources and source.id not in seen:
            seen.add(source.id)
            source = self.sources[source.affiliation]
            depth += 1
        return depth


# A possessive "'s" is a token of its own, so "NATO's spokeswoman" holds the name "NATO".
_ALIAS_TOKEN = re.compile(r"\w+(?:[.&]\w+)+\.?|\w+(?:['’](?!s\b)\w+)*|['’]s\b|[^\w\s]")


def keys_start_ok(text: str, previous_end: int, start: int) -> bool:
    return text[previous_end:start].isspace()


def _alias_tokens(alias: str, lower: bool) -> tuple[str, ...]:
    words = tuple(m.group(0) for m in _ALIAS_TOKEN.finditer(alias.translate(_APOSTROPHES)))
    words = tuple(w.lower() for w in words) if lower else words
    if words and words[0].lower() == "the":
        words = words[1:]
    return words


def _token_index(names: dict[str, str], *, lower: bool) -> dict:
    """First token -> [(length, source id)], plus "__full__": token tuple -> source id."""
    index: dict = {"__full__": {}}
    for name, source_id in names.items():
        words = _alias_tokens(name, lower)
        if not words or (len(words) == 1 and len(words[0]) < 2):
            continue
        index["__full__"].setdefault(words, source_id)
        if index["__full__"][words] == source_id:
            index.setdefault(words[0], []).append((len(words), source_id))
    return index


def is_acronym(alias: str) -> bool:
    """Short names written with capitals inside ("WHO", "ICE", "PoK") must match with their case.

    >>> is_acronym("WHO"), is_acronym("the WHO"), is_acronym("PoK"), is_acronym("Hamas")
    (True, True, True, False)
    """
    return any(len(word) <= 8 and sum(ch.isupper() for ch in word) >= 2 for word in alias.split())


def _alias_regex(names: dict[str, str], flags: int) -> re.Pattern[str]:
    parts = []
    for name in sorted(names, key=len, reverse=True):
        if len(name) < 2:
            continue
        parts.append(re.escape(name).replace("'", "['’]").replace(r"\ ", r"\s+"))
    if not parts:
        return re.compile(r"(?!x)x")
    prefix = r"(?:the\s+)?" if flags & re.IGNORECASE else ""
    return re.compile(r"(?<![\w-])" + prefix + "(?:" + "|".join(parts) + r")(?![\w-])", flags)


# ------------------------------------------------------------------ loading

def _parse_source(entry: object, path: Path, n: int, disputes: dict) -> Source:
    where = f"{path}, source #{n}"
    if not isinstance(entry, dict):
        raise DataFileError(f"{where}: expected a mapping, got {type(entry).__name__}")
    for key in ("id", "name", "type"):
        if not isinstance(entry.get(key), str) or not entry[key].strip():
            raise DataFileError(f"{where}: '{key}' is required and must be text")
    if entry["type"] not in SOURCE_TYPES:
        raise DataFileError(f"{where} ({entry['id']}): unknown type {entry['type']!r}; one of {sorted(SOURCE_TYPES)}")
    stance = entry.get("stance") or {}
    if not isinstance(stance, dict):
        raise DataFileError(f"{where} ({entry['id']}): 'stance' must map dispute to side")
    for dispute, side in stance.items():
        if dispute in disputes and side not in disputes[dispute].get("sides", []):
            raise DataFileError(f"{where} ({entry['id']}): side {side!r} is not a side of dispute {dispute!r}")
    for key in ("aliases", "roles"):
        value = entry.get(key) or []
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise DataFileError(f"{where} ({entry['id']}): '{key}' must be a list of names")
    return Source(
        id=entry["id"].strip(),
        name=entry["name"].strip(),
        type=entry["type"],
        country=entry.get("country"),
        affiliation=entry.get("affiliation"),
        aliases=tuple(entry.get("aliases") or ()),
        roles=tuple(r.lower() for r in entry.get("roles") or ()),
        stance={str(k): str(v) for k, v in stance.items()},
    )


def load_registry(extra: Iterable[Path | str] = ()) -> Registry:
    """The bundled registry, extended (and overridden by id) by the user's files."""
    return _load_registry(tuple(str(p) for p in extra))


@lru_cache(maxsize=8)
def _load_registry(extra: tuple[str, ...]) -> Registry:
    paths = [corpus_path("sources", "countries.yaml"), corpus_path("sources", "registry.yaml"), *(Path(p) for p in extra)]
    sources: dict[str, Source] = {}
    disputes: dict[str, dict] = {}
    countries: dict[str, tuple[str, ...]] = {}
    for path in paths:
        if not path.exists():
            raise DataFileError(f"{path}: no such source registry file")
        data = read_yaml_mapping(path, expected="a mapping with 'sources:' at the top")
        for dispute, info in (data.get("disputes") or {}).items():
            if not isinstance(info, dict) or not isinstance(info.get("sides"), list):
                raise DataFileError(f"{path}: dispute {dispute!r} needs a list of 'sides'")
            disputes[str(dispute)] = info
        for code, names in (data.get("countries") or {}).items():
            countries[str(code)] = tuple(" ".join(str(n).split()) for n in names)
        entries = data.get("sources") or []
        if not isinstance(entries, list):
            raise DataFileError(f"{path}: 'sources' must be a list")
        ids_here: set[str] = set()
        for n, entry in enumerate(entries, start=1):
            source = _parse_source(entry, path, n, disputes)
            if source.id in ids_here:
                raise DataFileError(f"{path}: id {source.id!r} appears twice")
            ids_here.add(source.id)
            sources[source.id] = source
    for source in sources.values():
        if source.affiliation and source.affiliation not in sources:
            raise DataFileError(f"source {source.id!r}: affiliation {source.affiliation!r} is not in the registry")
    return Registry(sources=sources, disputes=disputes, countries=countries)

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
from framing.resources import corpus_path

SOURCE_TYPES = {
    "government_body", "official", "military", "armed_group", "party", "advocacy_group", "outlet",
    "international_org", "person", "other",
}
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'"})


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
        self._alias_pattern = _alias_regex(self._aliases, re.IGNORECASE)
        self._acronym_pattern = _alias_regex({a: "" for a in self._acronyms}, 0)

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
        """Every registry name in ``text`` as ``(start, end, source_id)``, longest first."""
        out = []
        for match in self._alias_pattern.finditer(text):
            source_id = self._aliases.get(normalise_name(match.group(0)))
            if source_id:
                out.append((match.start(), match.end(), source_id))
        for match in self._acronym_pattern.finditer(text):
            key = " ".join(match.group(0).translate(_APOSTROPHES).split())
            if key in self._acronyms and not any(match.start() < e and match.end() > s for s, e, _ in out):
                out.append((match.start(), match.end(), self._acronyms[key]))
        return sorted(out)

    def by_country_role(self, country: str, role: str) -> Source | None:
        """The highest body of ``country`` that ``role`` belongs to ("ambassador" -> foreign ministry)."""
        candidates = [s for s in self.sources.values() if s.country == country and role in s.roles]
        if not candidates:
            return None
        return min(candidates, key=lambda s: (self._depth(s), s.id))

    def countries_in(self, text: str) -> list[str]:
        lowered = f" {normalise_name(text)} "
        found = []
        for code, names in self.countries.items():
            if any(re.search(rf"(?<![\w-]){re.escape(n)}(?:'s)?(?![\w-])", lowered) for n in names):
                found.append(code)
        return found

    def _depth(self, source: Source) -> int:
        depth, seen = 0, set()
        while source.affiliation and source.affiliation in self.sources and source.id not in seen:
            seen.add(source.id)
            source = self.sources[source.affiliation]
            depth += 1
        return depth


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

def _load_yaml(path: Path) -> dict:
    import yaml

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise DataFileError(f"{path}: cannot be read ({exc})") from None
    except yaml.YAMLError as exc:
        raise DataFileError(f"{path}: not valid YAML ({exc})") from None
    if not isinstance(data, dict):
        raise DataFileError(f"{path}: expected a mapping with 'sources:' at the top")
    return data


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
        data = _load_yaml(path)
        for dispute, info in (data.get("disputes") or {}).items():
            if not isinstance(info, dict) or not isinstance(info.get("sides"), list):
                raise DataFileError(f"{path}: dispute {dispute!r} needs a list of 'sides'")
            disputes[str(dispute)] = info
        for code, names in (data.get("countries") or {}).items():
            countries[str(code)] = tuple(normalise_name(n) for n in names)
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

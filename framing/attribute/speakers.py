"""Resolve a speaker mention to who it is and which registry source it speaks for.

Named people keep what their appositions and titles say about them ("India's ambassador to Qatar,
Deepak Mittal" speaks for India's foreign ministry); later references ("Mittal", "the ministry",
"the spokesperson", "he") go to the most recent compatible mention before them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from framing.attribute.cues import cue_lexicon
from framing.attribute.gender import (
    FEMALE_WORDS,
    MALE_WORDS,
    gender_of_name,
    gender_of_pronoun_after,
    gender_of_words,
    given_names,
)
from framing.attribute.mentions import DETERMINERS, NP_WORDS, ORG_NOUNS, STOP_CAPS, Mention
from framing.attribute.sources import Registry, Source, normalise_name

# Capitals and small letters, accented ones included ("Ciudad Juárez", "Chargé")
_UP, _LOW = "A-ZÀ-ÖØ-Þ", "a-zß-öø-ÿ"
_NAME = re.compile(
    rf"(?<![\w’'-])(?:[{_UP}][{_LOW}]+(?:[-’'][{_UP}]?[{_LOW}]+)?)(?:[ ]+(?:(?:al|bin|ul|ud|de|van|von|da|el)[- ])?[{_UP}][{_LOW}]+(?:[-’'][{_UP}]?[{_LOW}]+)?){{1,6}}"
)
_TITLE_WORDS = frozenset("""
mr mrs ms dr prof president prime minister ambassador envoy spokesperson spokesman spokeswoman secretary
general gen col lt sen senator rep governor mayor judge justice chief deputy foreign interior defence
defense leader commander director chairman chairwoman official head sheikh mullah maulvi maulana senior affairs
colonel major lieutenant brigadier admiral captain sergeant commodore marshal
""".split())
_NOT_NAMES = frozenset("""
monday tuesday wednesday thursday friday saturday sunday january february march april may june july
august september october november december
""".split())
# A capitalised run ending in one of these names a body or a thing, not a person.
_ORG_HEADS = frozenset("""
office ministry council department party army front committee agency university court bank company group
content news times post herald tribune police force forces command corps government administration
commission authority board union association institute centre center foundation league conference
organisation organization movement alliance coalition network service services house assembly parliament
senate congress embassy mission school college hospital airport station street road square province
state city district region county valley river sea ocean mountains desk team club fc united
""".split())
_PERSON_PRONOUNS = frozenset({"he", "she", "him", "her"})
# "the statement said": a document speaks for whoever issued it
_DOCUMENT_NOUNS = frozenset("""
statement readout review report communique communiqué release transcript post letter notice bulletin text reply
document memo memorandum declaration message filing complaint brief summary
""".split())
# "the group's director": nouns that fit any organisation, not only one named with the noun
_ANY_BODY_NOUNS = frozenset("group organisation organization campaign charity movement coalition alliance network affiliate chapter branch wing".split())
_TITLE_ABBREVIATION = re.compile(r"\b(?:Lt|Col|Gen|Maj|Capt|Brig|Adm|Sgt|Cmdr|Dr|Mr|Mrs|Ms|Prof|Sen|Rep|Gov|St)\.(?=\s)")
# Speakers that name no one in particular: they stay unknown (and weak sourcing may flag them).
VAGUE_HEADS = frozenset("""
source sources report reports media officials official critics observers analysts experts witnesses
residents people insiders diplomats aides someone some many others reports. accounts
""".split())
_GROUP_PRONOUNS = frozenset({"they", "it"})
# A speaker mention ending in one of these is one person, even unnamed ("a Pentagon official").
_PERSON_NOUNS = frozenset("""
official spokesman spokeswoman spokesperson diplomat officer aide adviser advisor minister ambassador
envoy commander general lawyer analyst resident witness teacher doctor nurse farmer student president
director chief head secretary chairman chairwoman chair consul affaires attache governor mayor senator
lawmaker legislator judge commissioner negotiator representative deputy coordinator manager executive
founder leader activist organiser organizer researcher physician surgeon soldier captain colonel
""".split()) | FEMALE_WORDS | MALE_WORDS
_PREPOSITIONS = frozenset("in of at to for from with on".split())
# A sentence about a person that says whom they work for: "She is also vice president of X",
# "Ortiz-Haynes, 48, ... chairs the Texas chapter of X".
_COPULA = re.compile(r"(?:^|(?<=[.!?]\s)|(?<=\n))(He|She|[A-Z][\w’'-]+)(?=[ ,])")
_LINK_VERBS = re.compile(r"\b(?:is|was|has been|serves as|works (?:for|at|as)|chairs|heads|leads|directs|runs|represents|speaks for)\b")
_TITLED_PHRASE = re.compile(
    r"(?:\b(?:[A-Z][\w’'-]*(?:['’]s)?|the|a|an|its)\s+){1,4}(?:deputy\s+|senior\s+|chief\s+)?"
    r"(?:ambassador|spokesman|spokeswoman|spokesperson|minister|envoy|official|adviser|commander|secretary|representative)"
    r"(?:\s+(?:to|of|for|at)\s+(?:the\s+)?(?:[A-Z][\w’'-]*\s*){1,4})?"
)
_BODY_IN_PLACE = re.compile(r"\b((?:[a-z]+\s+)?(?:ministry|office|army|military|government))\s+in\s+([A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)")


@dataclass
class Resolved:
    name: str
    source_id: str
    source_name: str | None
    stance: dict[str, str] = field(default_factory=dict)
    is_person: bool = False
    gender: str | None = None  # "f", "m" or unknown, for "she" and "he"


@dataclass
class _Person:
    full_name: str
    source: Source | None
    offset: int
    descriptor: str | None = None
    gender: str | None = None


def slug(text: str) -> str:
    """A stable local id for an unknown speaker.

    >>> slug("Local shop-owner Ravi Kumar")
    'local:local-shop-owner-ravi-kumar'
    """
    return "local:" + (re.sub(r"[^a-z0-9]+", "-", normalise_name(text)).strip("-") or "unknown")


class SpeakerResolver:
    """Resolves mentions in document order; remembers people and organisations as it goes."""

    def __init__(self, text: str, registry: Registry, *, body_spans: list[tuple[int, int]]) -> None:
        self.text = text
        self.registry = registry
        self.people: list[_Person] = []
        self.history: list[tuple[int, Resolved]] = []  # resolved speakers, in order
        self.body_spans = body_spans
        self._roles = frozenset(r for source in registry.sources.values() for r in source.roles)
        self.org_mentions: list[tuple[int, str, str]] = []  # offset, source id, surface text
        for start, end, source_id in registry.find_aliases(text):
            if any(lo <= start < hi for lo, hi in body_spans):
                self.org_mentions.append((start, source_id, normalise_name(text[start:end])))
        for lo, hi in body_spans:
            self._collect_people(lo, hi)
            self._collect_bodies_by_place(lo, hi)
            self._link_by_copula(lo, hi)
        self.org_mentions.sort()
        self.people.sort(key=lambda p: p.offset)

    # -- people ----------------------------------------------------------------
    def _collect_people(self, lo: int, hi: int) -> None:
        chunk = self.text[lo:hi]
        for m in _NAME.finditer(chunk):
            found = self._clean_name(m.group(0))
            if found is None or re.search(r"\b(?:in|near|at|from|into|outside|across|towards?|via|through)\s+$", chunk[max(0, m.start() - 12) : m.start()]):
                continue  # "in Ciudad Juárez" is a place
            name, offset_in_match = found
            start = lo + m.start() + offset_in_match
            source = self.registry.lookup(name)
            descriptor = None
            if source is None:
                descriptor = self._descriptor_around(start, start + len(name), hi)
                source = self._source_from_descriptor(descriptor) if descriptor else None
                if source is None and descriptor and self.registry.roles_in(descriptor):
                    source = self._place_of_speaking(start + len(name), hi, descriptor) or self._body_earlier_in_sentence(start, lo, descriptor)
            gender = self._gender_of(name, start, hi, descriptor)
            self.people.append(_Person(name, source, start, descriptor, gender))
            if source is not None and descriptor and not self.registry.find_aliases(descriptor):
                # "In Moscow, foreign ministry spokeswoman X": "the ministry" may later mean hers
                self.org_mentions.append((start, self.registry.speaking_body(source.id).id, normalise_name(descriptor)))
        # "Fereshta, 34, a teacher": a person named by a given name alone
        for m in re.finditer(r"(?<![\w’'-])[A-Z][a-z]+(?:-[A-Z]?[a-z]+)?(?![\w’'-])", chunk):
            word = m.group(0)
            if word not in given_names() or any(p.offset <= lo + m.start() < p.offset + len(p.full_name) for p in self.people):
                continue
            before, after = chunk[: m.start()].rstrip(), chunk[m.end() :]
            if re.search(r"[A-Z][\w’'-]*$", before) and not re.search(r"[.!?:\n]$", before) or re.match(r" [A-Z]", after):
                continue  # part of a longer capitalised name the person pass did not keep
            self.people.append(_Person(word, None, lo + m.start(), None, given_names()[word]))

    def _gender_of(self, name: str, start: int, hi: int, descriptor: str | None) -> str | None:
        """"f", "m" or None: from an honorific or a gendered title before the name ("Ms",
        "spokeswoman"), the apposition, the given name, or a pronoun later in the same sentence."""
        words = re.findall(r"[a-z]+", (self.text[max(0, start - 40) : start] + " " + (descriptor or "")).lower())
        rest = re.split(r"(?<=[.!?])\s", self.text[start + len(name) : hi], maxsplit=1)[0]
        return gender_of_words(words) or gender_of_name(name) or gender_of_pronoun_after(rest, _NAME)

    def _link_by_copula(self, lo: int, hi: int) -> None:
        """"Marisol Arredondo has practised law here for 19 years. She is also vice president of the
        American Immigration Lawyers Association": the body goes to the person the pronoun means."""
        for m in _COPULA.finditer(self.text, lo, hi):
            subject = m.group(1)
            if subject.lower() in {"he", "she"}:
                gender = "f" if subject.lower() == "she" else "m"
                person = next((p for p in reversed(self.people) if p.offset < m.start() and p.gender in {gender, None}), None)
            else:  # "Ortiz-Haynes, 48, has practised law here and chairs the Texas chapter of ..."
                person = next((p for p in reversed(self.people) if p.offset == m.start() or (p.offset < m.start() and p.full_name.split()[-1] == subject)), None)
            sentence_end = re.search(r"[.!?](?:\s|$)", self.text[m.end() : hi])
            clause = self.text[m.end() : m.end() + (sentence_end.start() if sentence_end else 160)]
            link = _LINK_VERBS.search(clause)
            if person is None or person.source is not None or m.start() - person.offset > 600 or link is None:
                continue
            hits = [h for h in self.registry.find_aliases(clause[link.start() :]) if self.registry.sources[h[2]].type not in {"outlet", "official", "person"}]
            if hits and (link.group(0).strip() not in {"is", "was", "has been"} or set(re.findall(r"[a-z]+", clause.lower())) & (_TITLE_WORDS | _PERSON_NOUNS)):
                person.source = self.registry.speaking_body(hits[0][2])

    def _collect_bodies_by_place(self, lo: int, hi: int) -> None:
        """"the foreign ministry in Jerusalem", "the army in Islamabad": a body named by its role
        and its country's capital, which later references ("Its spokeswoman") can point to."""
        for m in _BODY_IN_PLACE.finditer(self.text, lo, hi):
            countries = self.registry.countries_in(m.group(2))
            if len(countries) != 1 or any(pos == m.start() for pos, _, _ in self.org_mentions):
                continue
            role = normalise_name(m.group(1))
            body = self.registry.by_country_role(countries[0], role) or self.registry.by_country_role(countries[0], role.split()[-1])
            if body is not None:
                self.org_mentions.append((m.start(), body.id, normalise_name(m.group(0))))

    def _clean_name(self, raw: str) -> tuple[str, int] | None:
        """The person's name at the end of a capitalised run ("Ukraine's Deputy Foreign Minister
        Andriy Kostiuk" -> "Andriy Kostiuk"), or None when the run names an organisation."""
        words = raw.split(" ")
        keep: list[str] = []
        for word in reversed(words):
            low = word.lower()
            if low in _TITLE_WORDS or low in _NOT_NAMES or low in STOP_CAPS or low.endswith(("'s", "’s")):
                break
            keep.insert(0, word)
        if len(keep) < 2 or keep[-1].lower() in _ORG_HEADS:
            return None
        name = " ".join(keep)
        exact = self.registry.lookup(name)
        if exact is not None:
            return (name, len(raw) - len(name)) if exact.type in {"official", "person"} else None
        if any(self.registry.sources[h[2]].type not in {"official", "person"} for h in self.registry.find_aliases(name)):
            return None
        return name, len(raw) - len(name)

    def _descriptor_around(self, start: int, end: int, hi: int) -> str:
        """What an apposition or title beside a name says: before it ("India's ambassador to
        Qatar, Deepak Mittal"; "Taliban leader Sher Stanekzai") or, failing that, after it
        ("Suhail Shaheen, politician serving as the Taliban spokesperson, said")."""
        line_start = max(self.text.rfind("\n", 0, start) + 1, start - 200)
        before = _TITLE_ABBREVIATION.sub(lambda m: m.group(0).replace(".", "\u2024"), self.text[line_start:start])
        clause = re.split(r"[.;:!?]\s", before)[-1].replace("\u2024", ".")
        # "China's defence ministry spokesman, Senior Colonel Dong Ruiqing": the rank belongs to the
        # name, the apposition before the comma says who he is
        words = clause.split()
        while len(words) > 1 and words[-1].lower().rstrip(".") in _TITLE_WORDS:
            words.pop()
        if words and words[-1].endswith(",") and len(words) < len(clause.split()):
            clause = " ".join(words)
        if clause.rstrip().endswith(","):
            pieces = clause.rstrip()[:-1].split(",")
            descriptor = re.sub(r"^(?:and|but|while|whereas)\s+", "", pieces[-1].strip())
            # "KINMEN, Taiwan — From the window of the harbour office, Chen ...": a dateline or a
            # phrase saying where or when is no apposition
            descriptor = re.sub(r"^.*[—–]\s*", "", descriptor)
            if re.match(r"(?i)(?:from|in|at|on|after|before|during|with|since|inside|outside|near)\b", descriptor):
                descriptor = ""
        else:
            descriptor = " ".join(clause.split()[-4:])
        if descriptor and (self.registry.find_aliases(descriptor) or self.registry.countries_in(descriptor)):
            return descriptor
        if clause.rstrip().endswith(",") and re.match(r"(?i)(?:its|their)\s", descriptor) and descriptor.split()[-1].lower() in _TITLE_WORDS | self._roles:
            return descriptor  # "..., and its deputy minister, Chen Yu-hsuan, did not ..."
        after = self.text[end : min(hi, end + 200)]
        m = re.match(r"\s*,\s*([^,.;:]{3,160})", after)
        # ", said aircraft had struck ..." is the reported clause, not an apposition
        if m and m.group(1).split()[0].lower() in cue_lexicon().verbs:
            return descriptor
        return m.group(1) if m else descriptor

    def _body_earlier_in_sentence(self, start: int, lo: int, descriptor: str) -> Source | None:
        """"At the Ministry of External Affairs' weekly briefing, spokesman Arvind Mehra said": a
        bare title takes the body the same sentence has just named, if that body has the role."""
        sentence_start = lo + max([0] + [m.end() for m in re.finditer(r"[.!?]\s", self.text[lo:start])])
        roles = set(self.registry.roles_in(descriptor))
        for pos, sid, _ in reversed(self.org_mentions):
            source = self.registry.sources[sid]
            between = self.text[pos:start]
            # a body named inside a quotation is the quote's subject matter, not the speaker's employer
            if sentence_start <= pos < start and source.type != "outlet" and roles & set(source.roles) and not re.search(r"[\"“”]", between):
                return self.registry.speaking_body(sid)
        return None

    def _place_of_speaking(self, end: int, hi: int, descriptor: str) -> Source | None:
        """"Presidential aide X told reporters at the Kremlin": a title without a country takes
        the body, or the country, where the same sentence says the person spoke."""
        rest = re.split(r"(?<=[.!?])\s", self.text[end : min(hi, end + 160)], maxsplit=1)[0]
        m = re.search(r"\b(?:at|outside)\s+((?:the\s+)?[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*)*)", rest)
        if m is None or re.match(r"(?i)\s*(?:its|their|his|her)\b", descriptor) or "ministry" in descriptor.lower():
            return None
        place = m.group(1)
        hits = [h for h in self.registry.find_aliases(place) if self.registry.sources[h[2]].type not in {"outlet", "official", "person"}]
        if hits:
            return self.registry.speaking_body(hits[0][2])
        return self._by_country_role(f"{place} {descriptor}")

    def _source_from_descriptor(self, descriptor: str) -> Source | None:
        hits = [h for h in self.registry.find_aliases(descriptor) if self.registry.sources[h[2]].type != "outlet"]
        if hits:
            best = max(hits, key=lambda h: h[1] - h[0])
            return self.registry.speaking_body(best[2])
        return self._by_country_role(descriptor)

    def _by_country_role(self, phrase: str) -> Source | None:
        countries = self.registry.countries_in(phrase)
        if not countries:
            return None
        for role in self.registry.roles_in(phrase):
            for country in countries:
                found = self.registry.by_country_role(country, role)
                if found is not None:
                    return found
        return None

    def _person_named(self, mention: str, at: int) -> _Person | None:
        words = mention.split()
        words = [w for w in words if w.lower().rstrip(".") not in _TITLE_WORDS]
        if not words:
            return None
        key = " ".join(words)
        candidates = [p for p in self.people if p.offset <= at + len(mention)]
        for person in reversed(candidates):
            parts = person.full_name.split()
            # a later reference by surname, which comes first in Chinese, Korean or Hungarian names
            if person.full_name == key or parts[-1] == words[-1] or (len(words) == 1 and len(parts) == 2 and parts[0] == words[0]):
                return person
        return None

    # -- the resolution ----------------------------------------------------------
    def resolve(self, mention: Mention, *, at: int) -> Resolved:
        resolved = self._resolve(mention, at)
        words = re.findall(r"[a-z]+", mention.text.lower())
        # the title heads the phrase: last, or followed by "to the United Nations", "in Kabul"
        titled = any(w in _PERSON_NOUNS and (n == len(words) - 1 or words[n + 1] in _PREPOSITIONS) for n, w in enumerate(words))
        if not resolved.is_person and titled and normalise_name(mention.text) not in _PERSON_PRONOUNS:
            # "A White House official said ... He stressed": one unnamed person, whom "he" can follow
            resolved = replace(resolved, is_person=True, gender=gender_of_words(words))
        elif resolved.is_person and resolved.gender is None and normalise_name(resolved.name) not in _PERSON_PRONOUNS:
            person = next((p for p in reversed(self.people) if p.full_name == resolved.name and p.gender), None)
            resolved = replace(resolved, gender=person.gender if person else gender_of_name(resolved.name))
        self.history.append((at, resolved))
        return resolved

    def _learn_gender(self, name: str, gender: str) -> None:
        """Once "he" has been taken to mean Lin Po-wen, Lin is a man for the rest of the article."""
        for person in self.people:
            if person.full_name == name and person.gender is None:
                person.gender = gender
        self.history = [(pos, replace(r, gender=gender) if r.name == name and r.is_person and r.gender is None else r) for pos, r in self.history]

    def _make(self, name: str, source: Source | None, *, person: bool, gender: str | None = None) -> Resolved:
        if source is None:
            return Resolved(name, slug(name), None, {}, person, gender)
        body = self.registry.speaking_body(source.id)
        return Resolved(name, body.id, body.name, self.registry.stance(body.id), person, gender)

    def _resolve(self, mention: Mention, at: int) -> Resolved:
        text = mention.text
        low = normalise_name(text)
        if low in _PERSON_PRONOUNS:
            # the latest person of a compatible gender: after a woman and a man have spoken,
            # "she" is the woman
            gender = "f" if low in {"she", "her"} else "m"
            wanted = {gender, None}
            recent: list[Resolved] = []
            for _, r in reversed(self.history):
                if r.is_person and all(r.name != seen.name for seen in recent):
                    recent.append(r)
            recent = recent[:4]  # the last few people quoted, each once
            # one of the last few speakers known to be of that gender beats a nearer one of unknown gender
            known = next((r for r in recent if r.gender == gender), None)
            if known is not None:
                return known
            for _, previous in reversed(self.history):
                if previous.is_person and previous.gender in wanted:
                    if previous.gender is None:
                        self._learn_gender(previous.name, gender)
                        return replace(previous, gender=gender)
                    return previous
            # among people only named so far, one known to fit beats one of unknown gender (which
            # may be a capitalised run that is no person at all)
            earlier = [p for p in reversed(self.people) if p.offset < at]
            person = next((p for p in earlier if p.gender in wanted - {None}), None) or next((p for p in earlier if p.gender is None), None)
            if person is None:
                # "Israel's ambassador to the United Nations accused ... , he said": an unnamed
                # titled person named shortly before
                titled = [m for m in _TITLED_PHRASE.finditer(self.text, max(0, at - 800), at) if gender_of_words(m.group(0).lower().split()) in wanted]
                if titled:
                    m = titled[-1]
                    found = self._resolve(Mention(m.start(), m.end(), m.group(0).strip()), m.start())
                    return replace(found, name=m.group(0).strip(), is_person=True, gender=gender)
                return self._make(text, None, person=True)
            self._learn_gender(person.full_name, gender)
            return self._make(person.full_name, person.source, person=True, gender=gender)
        owner = re.fullmatch(r"(his|her) (?:office|ministry|team|staff|spokesman|spokeswoman|spokesperson|aides?)", low)
        if owner:
            # "Her office replied": the body of the woman just quoted
            person = self._resolve(Mention(mention.start, mention.end, "he" if owner.group(1) == "his" else "she"), at)
            return self._make(text, self.registry.get(person.source_id), person=False)
        if low in _GROUP_PRONOUNS:
            for _, previous in reversed(self.history):
                if not previous.is_person:
                    return previous
            # "Pakistan's Prime Minister's Office condemned ... In a statement, it said:"
            bodies = self._bodies_before(at)
            return self._make(text, self.registry.get(bodies[-1][1]) if bodies else None, person=False)

        exact = self.registry.lookup(text)
        if exact is not None:
            return self._make(exact.name if exact.type in {"official", "person"} else text, exact, person=exact.type in {"official", "person"})

        country = self._country_named(text)
        voice = self.registry.by_country_role(country, "foreign ministry") if country else None
        if voice is not None:
            # "Pakistan rejected ...", "Beijing said": the country's voice abroad
            return self._make(text, voice, person=False)

        # the speaker may be named after the cue ('said the centre's director, Priya Sandoval')
        person = self._person_named(text, max(at, mention.start))
        if person is not None:
            source = person.source
            if source is None and mention.descriptor:
                source = self._source_from_descriptor(mention.descriptor)
            if source is None:
                # "Ministry spokesman Rajiv Menon", "A spokeswoman, Tessa Lindqvist": the title's
                # role belongs to the body the article has just been talking about.
                for phrase in (mention.descriptor, person.descriptor, text):
                    if phrase:
                        source = self._role_of(phrase, person.offset)
                        if source is not None:
                            break
            title = " ".join(p for p in (mention.descriptor, person.descriptor, text) if p)
            short = all(len(p.split()) <= 6 for p in (mention.descriptor, person.descriptor) if p)
            if source is None and short and set(re.findall(r"[a-z]+", title.lower())) & (_TITLE_WORDS | _PERSON_NOUNS):
                # "Israel dismissed ... foreign ministry spokesman Eitan Sharabi said": the one
                # country the paragraph names; "Planned Parenthood of the Rocky Mountains said ...
                # Medical director Dr. Alana Reyes said": the body that has just spoken
                source = self._only_body_nearby(title, at) or self._body_that_just_spoke(at, title)
            person.source = source
            return self._make(person.full_name, source, person=True, gender=person.gender)

        hits = [
            h for h in self.registry.find_aliases(text)
            if (self.registry.sources[h[2]].type != "outlet" or h[1] - h[0] == len(text)) and not self._inside_longer_name(text, h[0])
        ]
        if hits:
            best = max(hits, key=lambda h: h[1] - h[0])
            return self._make(text, self.registry.sources[best[2]], person=False)

        if mention.descriptor:
            source = self._source_from_descriptor(mention.descriptor)
            if source is not None:
                return self._make(text, source, person=bool(_NAME.fullmatch(text)))

        by_role = self._by_country_role(text)
        if by_role is not None:
            return self._make(text, by_role, person=False)
        earlier_speaker = self._definite_reference(text, at)
        if earlier_speaker is not None:
            return earlier_speaker
        if not (set(low.split()) - VAGUE_HEADS - {"the", "a", "an", "some", "several", "local", "senior", "western", "foreign"}):
            return self._make(text, None, person=False)

        titled = self._person_by_title(text, at)
        if titled is not None:
            return self._make(titled.full_name, titled.source, person=True, gender=titled.gender)
        possessor = self._possessor(text, at)
        if possessor is not None:
            return self._make(text, possessor, person=False)
        owner = re.match(r"(?:[Tt]he\s+)?([A-Z][\w-]+(?:\s+[A-Z][\w-]+)*)['’]s\s", text)
        if (
            owner
            and not set(owner.group(1).lower().split()) & _TITLE_WORDS  # "the Prime Minister's Office"
            and not self.registry.find_aliases(owner.group(1))
            and not self.registry.countries_in(owner.group(1))
        ):
            # "Saxony's economy ministry": a body of somewhere the registry does not cover
            return self._make(text, None, person=False)
        if self._names_unknown_place(text):
            # "a senior European diplomat": a role of somewhere the registry has no body for
            return self._make(text, None, person=False)
        generic = self._most_recent_with_role(low, at) or self._only_body_nearby(text, at)
        if generic is not None:
            return self._make(text, generic, person=False)
        return self._make(text, None, person=bool(_NAME.fullmatch(text)))

    def _country_named(self, mention: str) -> str | None:
        """The country a mention consists of alone ("Pakistan", "Beijing", "New Delhi"), if any."""
        words = re.sub(r"^the\s+", "", mention.strip(), flags=re.IGNORECASE)
        return self.registry.country_named(words) if words[:1].isupper() else None

    def _inside_longer_name(self, text: str, start: int) -> bool:
        """Whether an alias found at ``start`` of a mention ends a longer proper name ("the State
        Load Despatch Centre" is not "the Centre", India's government), unless what comes before
        is a country ("the US State Department")."""
        before = re.search(r"([A-Z][\w’'-]*)\s+$", text[:start])
        return bool(before) and before.group(1).lower() not in STOP_CAPS and not self.registry.countries_in(before.group(1))

    def _body_that_just_spoke(self, at: int, title: str) -> Source | None:
        """The registry body quoted last, if that was in the same paragraph as ``at`` and the title
        names no other kind of body ("Council leader X" is no clinic's)."""
        paragraph = next(((lo, hi) for lo, hi in self.body_spans if lo <= at < hi), None)
        for position, resolved in reversed(self.history):
            if paragraph is None or position < paragraph[0]:
                return None
            if not resolved.is_person and not resolved.source_id.startswith("local:"):
                source = self.registry.get(resolved.source_id)
                nouns = set(re.findall(r"[a-z]+", title.lower())) & ORG_NOUNS
                if source is None or nouns - set(" ".join(source.roles).split()) - set(normalise_name(source.name).split()):
                    return None
                return source
        return None

    def _names_unknown_place(self, mention: str) -> bool:
        """Whether a role mention is qualified by a capitalised word (a nationality, a region) that
        names no registry body or country: "a senior European diplomat", "a Saudi official"."""
        qualifiers = [
            w for w in re.findall(r"(?<![\w’'-])[A-Z][a-z]+(?![\w’'-])", mention)
            if w.lower() not in NP_WORDS | _TITLE_WORDS | ORG_NOUNS | DETERMINERS | STOP_CAPS
        ]
        return bool(qualifiers) and not self.registry.find_aliases(mention) and not self.registry.countries_in(mention)

    def _only_body_nearby(self, mention: str, at: int) -> Source | None:
        """'The Prime Minister's Office said', with no earlier body to refer to: the body with that
        role of the one country the paragraph names; with none or several, nobody (never guessed)."""
        paragraph = next(((lo, hi) for lo, hi in self.body_spans if lo <= at < hi), None)
        if paragraph is None:
            return None
        countries = self.registry.countries_in(self.text[paragraph[0] : paragraph[1]])
        for role in self.registry.roles_in(mention):
            found = {s.id: s for s in (self.registry.by_country_role(c, role) for c in countries) if s is not None}
            if found:
                return next(iter(found.values())) if len(found) == 1 else None
        return None

    def _definite_reference(self, mention: str, at: int) -> Resolved | None:
        """'the statement said', 'the readout said': the body whose statement it is, the latest
        organisation speaker shortly before; 'the official said' after "A senior State Department
        official said": that same speaker."""
        words = mention.lower().split()
        if len(words) == 3 and words[0] == "the" and words[2] in _DOCUMENT_NOUNS:
            words = ["the", words[2]]  # "the third post", "the joint statement"
        if len(words) != 2 or words[0] != "the":
            return None
        recent = [(pos, r) for pos, r in self.history if at - pos < 1200]
        if words[1] in _DOCUMENT_NOUNS:
            speaker = next((r for _, r in reversed(recent) if not r.is_person and not r.source_id.startswith("local:")), None)
            if speaker is None and words[1] in {"reply", "letter", "post", "filing", "transcript"}:
                # "In a written reply, Minister X said ... the reply said": a person's own document
                speaker = next((r for _, r in reversed(recent) if r.is_person and not r.source_id.startswith("local:")), None)
            if speaker is None:
                # "The Pentagon released a review. '...,' the review said.": the body that put it
                # out, not one the quotation itself names (an odd number of quotation marks between)
                bodies = [b for b in self._bodies_before(at, within=600) if len(re.findall(r"[\"“”]", self.text[b[0] : at])) % 2 == 0]
                speaker = self._make(mention, self.registry.get(bodies[-1][1]), person=False) if bodies else None
            return speaker
        for position, r in reversed(recent):
            if words[1] in normalise_name(r.name).split() and not r.source_id.startswith("local:"):
                # a body of that kind named since ("foreign ministry spokeswoman X" in Moscow) is nearer
                noun = re.compile(rf"(?<![\w-]){re.escape(words[1])}(?![\w-])")
                nearer = next((sid for pos, sid, surface in reversed(self.org_mentions) if position < pos < at and noun.search(surface)), None)
                return self._make(mention, self.registry.get(nearer), person=False) if nearer else r
        return None

    def _person_by_title(self, mention: str, at: int) -> _Person | None:
        """'the deputy minister' after "Russia's Deputy Foreign Minister Grigory Lapin": the latest
        person, shortly before, whose title has every word of the reference."""
        words = mention.lower().split()
        if len(words) < 2 or words[0] != "the" or not set(words[1:]) <= _TITLE_WORDS:
            return None
        for person in reversed([p for p in self.people if p.offset < at and at - p.offset < 1500]):
            title = set(re.findall(r"[a-z]+", normalise_name(person.descriptor or "")))
            if set(words[1:]) <= title:
                return person
        return None

    def _bodies_before(self, at: int, within: int | None = None) -> list[tuple[int, str, str]]:
        """Registry bodies (not outlets) named before ``at`` (and at most ``within`` characters
        before it), in text order, as (offset, source id, surface)."""
        return [
            (pos, sid, surface) for pos, sid, surface in self.org_mentions
            if pos < at and (within is None or at - pos < within) and self.registry.sources[sid].type != "outlet"
        ]

    def _possessor(self, phrase: str, at: int) -> Source | None:
        """'the group's vice president', 'the federation's president': the organisation the
        possessive refers back to, the latest one mentioned before ``at`` that the noun fits
        (named with it, or failing that any organisation for a generic noun like "group")."""
        earlier = self._bodies_before(at)
        if re.match(r"\s*its\s", phrase, re.IGNORECASE):
            # "Ukraine's foreign ministry rejected that. Its spokesman, ..., said": the latest body
            return self.registry.get(earlier[-1][1]) if earlier and at - earlier[-1][0] < 400 else None
        m = re.search(r"\b(?:the|its)\s+(\w+)['’]s\b", phrase, re.IGNORECASE)
        if m is None or m.group(1).lower() not in ORG_NOUNS:
            return None
        noun = m.group(1).lower()
        for _, sid, surface in reversed(earlier):
            if re.search(rf"(?<![\w-]){noun}(?![\w-])", surface):
                return self.registry.get(sid)
        if noun in _ANY_BODY_NOUNS and earlier:
            return self.registry.get(earlier[-1][1])
        return None

    def _role_of(self, phrase: str, at: int) -> Source | None:
        """The body a title's role word points to ("ministry spokesman" -> the latest ministry
        mentioned that has spokesmen), looking only at mentions before ``at``."""
        possessor = self._possessor(phrase, at)
        if possessor is not None:
            return possessor
        titled = re.search(r"\b(" + "|".join(sorted(ORG_NOUNS)) + r")\s+(?:spokes\w+|officials?|aides?)\b", phrase.lower())
        if titled:
            # "ministry spokesman Rohit Menon": the latest ministry named before him
            noun = re.compile(rf"(?<![\w-]){titled.group(1)}(?![\w-])")
            found = next((sid for pos, sid, surface in reversed(self.org_mentions) if pos < at and noun.search(surface)), None)
            if found is not None:
                return self.registry.get(found)
        low = normalise_name(re.sub(r"\b[A-Z][a-z]+(?:\s+[A-Z][a-z]+)+\s*$", "", phrase))
        words = [w for w in re.findall(r"[a-z][a-z'-]*", low) if w not in {"the", "a", "an", "its", "their", "movement's"}]
        for size in (3, 2, 1):
            for i in range(len(words) - size, -1, -1):
                role = " ".join(words[i : i + size])
                if role in self._roles and role not in VAGUE_HEADS:
                    found = self._most_recent_with_role(role, at)
                    if found is not None:
                        return found
        return None

    def _most_recent_with_role(self, low: str, at: int) -> Source | None:
        """'the Foreign Ministry', 'the spokesperson': the latest earlier compatible source.

        Compatible first means an earlier mention whose own words contain the role ("the Indian
        foreign ministry" for "the Foreign Ministry"); failing that, a source with the role, the
        latest speaker before the latest mere mention.
        """
        words = low.split()
        earlier = sorted(
            [(pos, sid, surface) for pos, sid, surface in self.org_mentions if pos < at]
            + [(pos, r.source_id, normalise_name(r.name)) for pos, r in self.history if pos < at and not r.source_id.startswith("local:")]
        )
        for n in range(len(words)):
            role = " ".join(words[n:])
            if role in VAGUE_HEADS:  # "district officials" are nobody in particular
                continue
            if (words[-1] in VAGUE_HEADS or words[-1] in _PERSON_NOUNS) and len(words) - n >= 2:
                # "a council official": an official of the council just mentioned, if there is one
                body = re.compile(rf"(?<![\w-]){re.escape(' '.join(words[n:-1]))}(?![\w-])")
                found = next((sid for _, sid, surface in reversed(earlier) if body.search(surface)), None)
                if found is not None:
                    return self.registry.get(found)
            pattern = re.compile(rf"(?<![\w-]){re.escape(role)}(?![\w-])")
            for _, source_id, surface in reversed(earlier):
                if pattern.search(surface):
                    return self.registry.get(source_id)
            for _, resolved in reversed(self.history):
                source = self.registry.get(resolved.source_id)
                if source is not None and role in source.roles:
                    return source
            for _, source_id, _surface in reversed(earlier):
                source = self.registry.get(source_id)
                if source is not None and role in source.roles:
                    return source
        return None

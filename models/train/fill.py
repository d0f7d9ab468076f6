"""Fill tool-output templates with Faker values and record the entity spans they create.

A template is a string with ``{slot}`` markers. Slots that are entities (``person``, ``first``,
``loc``, ``org``, ``date``, ``handle``...) add a span; the others (``id``, ``email``, ``num``...)
are plain text so the model also learns what is *not* an entity in tool output.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from dataclasses import dataclass

from faker import Faker

from dlp.models.train.shapes import EXTRA_ENTITY, EXTRA_PLAIN, SECOND_PERSON

#: Locales whose names appear in enterprise tool output; the weights favour Latin script because
#: the pipeline is English, but every script is present so context alone can carry a name.
LOCALES: dict[str, int] = {
    "en_US": 20,
    "en_GB": 8,
    "en_IN": 8,
    "en_AU": 3,
    "en_CA": 3,
    "en_NZ": 1,
    "de_DE": 5,
    "fr_FR": 5,
    "es_ES": 4,
    "es_MX": 3,
    "it_IT": 4,
    "pl_PL": 4,
    "nl_NL": 3,
    "pt_BR": 4,
    "sv_SE": 2,
    "da_DK": 1,
    "fi_FI": 1,
    "cs_CZ": 1,
    "ro_RO": 1,
    "hu_HU": 1,
    "tr_TR": 2,
    "id_ID": 2,
    "vi_VN": 2,
    "yo_NG": 2,
    "zu_ZA": 1,
    "ga_IE": 1,
    "en_PH": 1,
    "ja_JP": 1,
    "zh_CN": 1,
    "ru_RU": 1,
    "ko_KR": 1,
}

_SLOT = re.compile(r"\{([a-z_0-9]+)\}")
_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


@dataclass(frozen=True, slots=True)
class Example:
    """One synthetic document: text, (start, end, label) spans and the template it came from."""

    text: str
    spans: tuple[tuple[int, int, str], ...]
    template: str


class Filler:
    """Deterministic source of slot values (one Faker per locale, one seeded RNG)."""

    def __init__(self, seed: int) -> None:
        self.rng: random.Random = random.Random(seed)  # noqa: S311 - reproducible synthetic text, not security
        self.fakers: dict[str, Faker] = {}
        for i, loc in enumerate(sorted(LOCALES)):
            fk = Faker(loc)
            fk.seed_instance(seed * 1000 + i)
            _fix_set_order(fk)
            self.fakers[loc] = fk
        self._locs = list(LOCALES)
        self._weights = [LOCALES[x] for x in self._locs]
        self.en: Faker = self.fakers["en_US"]
        self._person: tuple[str, str] = ("", "")

    def faker(self) -> Faker:
        """A Faker for a random locale (weighted)."""
        return self.fakers[self.rng.choices(self._locs, self._weights)[0]]

    def new_person(self) -> None:
        """Pick the person that ``first``/``last``/``person``/``handle`` slots refer to."""
        fk = self.faker()
        self._person = (str(fk.first_name()), str(fk.last_name()))

    def person(self) -> str:
        """Full name in one of the shapes tools print."""
        first, last = self._person
        r = self.rng.random()
        if r < 0.62 or not first.isascii():
            name = f"{first} {last}"
        elif r < 0.72:
            name = f"{first} {self.rng.choice('ABCDEFGHJKLMNPRSTW')}. {last}"
        elif r < 0.80:
            name = f"{last}, {first}"
        elif r < 0.86:
            name = f"{first[0]}. {last}"
        elif r < 0.92:
            name = f"{first} {self.rng.choice('ABCDEFGHJKLMNPRSTW')}. {last}"
        elif r < 0.96:
            name = f"{first} {last}".upper()
        else:
            name = f"{first} {last}".lower()
        return name

    def first(self) -> str:
        """First name of the current person."""
        return self._person[0]

    def last(self) -> str:
        """Last name of the current person."""
        return self._person[1]

    def handle(self) -> str:
        """Chat or VCS handle derived from the current person's name."""
        first, last = (_ascii(x) for x in self._person)
        shape = self.rng.randrange(5)
        if shape == 0:
            return f"{first}.{last}".lower()
        if shape == 1:
            return f"{first[0]}{last}".lower()
        if shape == 2:
            return f"{first}{last[:1]}".lower()
        if shape == 3:
            return f"{first}_{last}".lower()
        return f"{first}{last}"

    def email(self) -> str:
        """E-mail address of the current person (plain text for NER: the patterns own it)."""
        first, last = (_ascii(x) for x in self._person)
        return f"{first}.{last}@{self.en.domain_name()}".lower()

    def org(self) -> str:
        """Company name."""
        return str(self.faker().company()) if self.rng.random() < 0.5 else str(self.en.company())

    def loc(self) -> str:
        """City, region or country."""
        r = self.rng.random()
        if r < 0.45:
            return str(self.faker().city())
        if r < 0.7:
            return str(self.en.country())
        if r < 0.85:
            return str(self.en.state())
        return str(self.fakers[self.rng.choice(["de_DE", "fr_FR", "it_IT", "es_ES", "en_GB"])].city())

    def date(self) -> str:
        """A calendar date in one of the common written shapes."""
        d = self.en.date_between(start_date="-60y", end_date="+2y")
        m = _MONTHS[d.month - 1]
        return self.rng.choice(
            [
                f"{m} {d.day}, {d.year}",
                f"{d.day} {m} {d.year}",
                f"{m[:3]} {d.day}, {d.year}",
                f"{d.day} {m[:3]} {d.year}",
                d.isoformat(),
                f"{d.month:02d}/{d.day:02d}/{d.year}",
                f"{d.day:02d}.{d.month:02d}.{d.year}",
                f"{m} {d.year}",
                f"{m} {d.day}",
            ]
        )

    def plain(self, slot: str) -> str:
        """Values that are never entities."""
        extra = EXTRA_PLAIN.get(slot)
        if extra is not None:
            return extra(self)
        en, rng = self.en, self.rng
        table: dict[str, Callable[[], str]] = {
            "id": lambda: (
                f"{rng.choice(['PROJ', 'OPS', 'SEC', 'CX', 'INFRA', 'DATA'])}-{rng.randrange(10, 9999)}"
            ),
            "num": lambda: str(rng.randrange(2, 500)),
            "time": lambda: f"{rng.randrange(0, 24):02d}:{rng.randrange(0, 60):02d}",
            "phone": lambda: str(en.phone_number()),
            "url": lambda: str(en.url()) + rng.choice(["", "docs", "browse/OPS-12", "api/v2/users"]),
            "word": lambda: str(en.word()),
            "sentence": lambda: str(en.sentence(nb_words=rng.randrange(5, 12))),
            "status": lambda: rng.choice(["Open", "In Progress", "Blocked", "Resolved", "Done", "To Do"]),
            "prio": lambda: rng.choice(["High", "Low", "Medium", "Critical", "P1", "P2"]),
            "team": lambda: rng.choice(["Platform", "Billing", "Growth", "SRE", "Payments", "Mobile"]),
            "product": lambda: rng.choice(["Kubernetes", "Postgres", "Terraform", "Jenkins", "Redis"]),
            "title": lambda: rng.choice(["Dr.", "Mr.", "Ms.", "Mrs.", "Prof."]),
            "drug": lambda: rng.choice(["metformin", "lisinopril", "atorvastatin", "amoxicillin"]),
            "mrn": lambda: f"MRN {rng.randrange(100000, 9999999)}",
        }
        return table[slot]()


def _fix_set_order(fk: Faker) -> None:
    """Sort list attributes Faker builds from a set (it_IT ``cities``): set order follows
    PYTHONHASHSEED, so without this the synthetic data would change from one run to the next."""
    for provider in fk.providers:
        cities = getattr(provider, "cities", None)
        if isinstance(cities, list) and type(provider).__module__.endswith("address.it_IT"):
            provider.cities = sorted(cities)


def _ascii(value: str) -> str:
    """Handle-safe form of a name part (handles are ASCII in practice)."""
    cleaned = "".join(ch for ch in value if ch.isascii() and ch.isalpha())
    return cleaned or "user"


ENTITY_SLOTS: dict[str, str] = {
    "person": "PERSON",
    "first": "PERSON",
    "last": "PERSON",
    "handle": "PERSON",
    "person2": "PERSON",
    "org": "ORG",
    "loc": "LOC",
    "date": "DATE",
    **{slot: label for slot, (label, _) in EXTRA_ENTITY.items()},
    **{slot: "PERSON" for slot in SECOND_PERSON},
}


#: Slots whose values the model is not taught to label. A login ("jsmith", "d.kowalski") has the
#: shape of a JSON key, a tag or an id; taught as PERSON, the model tagged quoted lower-case tokens in
#: any JSON-like text ("tags", "user_profile": dev corpus PERSON precision fell from 76.7 to 46.1).
#: Logins are found by the hint detectors, which see the field or the log line naming a user.
MODEL_UNLABELLED = frozenset({"login", "login2"})


def fill(template: str, filler: Filler) -> Example:
    """Render ``template`` and return the text with its entity spans."""
    filler.new_person()
    parts: list[str] = []
    spans: list[tuple[int, int, str]] = []
    name_parts: set[int] = set()  # indexes of spans that are {first} / {last}
    pos = 0
    cursor = 0
    for match in _SLOT.finditer(template):
        literal = template[cursor : match.start()]
        parts.append(literal)
        pos += len(literal)
        slot = match.group(1)
        if slot == "person2":
            saved = filler._person
            filler.new_person()
            value = filler.person()
            filler._person = saved
        elif slot in SECOND_PERSON:
            value = _second_person(filler, SECOND_PERSON[slot])
        elif slot in EXTRA_ENTITY:
            value = EXTRA_ENTITY[slot][1](filler)
        elif slot in ENTITY_SLOTS:
            value = getattr(filler, slot)()
        elif slot == "email":
            value = filler.email()
        else:
            value = filler.plain(slot)
        label = None if slot in MODEL_UNLABELLED else ENTITY_SLOTS.get(slot)
        if label is not None:
            if slot in ("first", "last"):
                name_parts.add(len(spans))
            spans.append((pos, pos + len(value), label))
        parts.append(value)
        pos += len(value)
        cursor = match.end()
    parts.append(template[cursor:])
    text = "".join(parts)
    return Example(text, tuple(_merge_names(text, spans, name_parts)), template)


def _second_person(filler: Filler, slot: str) -> str:
    """``slot``'s value for a new person; the line's main person stays current afterwards."""
    saved = filler._person
    filler.new_person()
    extra = EXTRA_ENTITY.get(slot)
    value = extra[1](filler) if extra is not None else str(getattr(filler, slot)())
    filler._person = saved
    return value


def _merge_names(
    text: str, spans: list[tuple[int, int, str]], name_parts: set[int]
) -> list[tuple[int, int, str]]:
    """Join ``{first} {last}`` / ``{last}, {first}`` into one PERSON span, as annotators do."""
    merged: list[tuple[int, int, str]] = []
    for i, span in enumerate(spans):
        if merged and i in name_parts and i - 1 in name_parts:
            prev = merged[-1]
            gap = text[prev[1] : span[0]]
            if gap in (" ", ", "):
                merged[-1] = (prev[0], span[1], "PERSON")
                continue
        merged.append(span)
    return merged

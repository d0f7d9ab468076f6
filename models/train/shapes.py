"""Slots added for the wider training templates: name shapes, logins, surname firms, name-like places.

These are NEW slot names only. The slots the held-out and blind sets use keep their values and their
random draws (their texts must stay byte-identical), so nothing here is reached by those templates.
Slots ending in ``2`` are the same shape for a second person in the line.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dlp.models.train.fill import Filler

#: Locales with Latin-script surnames, for company names built from surnames.
_LATIN_LOCALES = ("en_US", "en_GB", "de_DE", "fr_FR", "it_IT", "es_ES", "nl_NL", "pl_PL", "pt_BR", "sv_SE")
#: Places that are also given names or surnames: labelled LOC, so context has to decide.
_NAME_PLACES = (
    "Jackson",
    "Lincoln",
    "Austin",
    "Charlotte",
    "Florence",
    "Victoria",
    "Madison",
    "Chester",
    "Sydney",
    "Regina",
    "Elizabeth",
    "Tyler",
    "Marion",
    "Eugene",
    "Orlando",
    "Troy",
    "Chandler",
    "Irving",
    "Warren",
    "Kingston",
    "Hamilton",
    "Wellington",
    "Darwin",
    "Nelson",
    "Raleigh",
    "Dallas",
    "Houston",
    "Denver",
    "Cleveland",
    "Preston",
    "Milton Keynes",
    "Carson City",
    "Lancaster",
    "Charleston",
    "Georgetown",
    "Jacksonville",
    "St. Louis",
    "San Jose",
    "Santa Barbara",
    "Adelaide",
    "Augusta",
    "Salisbury",
    "Douglas",
    "Stanley",
)
#: Accounts that are not people (services, bots, system users): negatives next to "user"/"by".
_SYSTEM_USERS = (
    "root",
    "admin",
    "ubuntu",
    "ec2-user",
    "www-data",
    "postgres",
    "nobody",
    "deploy",
    "svc-backup",
    "svc_etl",
    "git",
    "ci-runner",
    "dependabot[bot]",
    "github-actions[bot]",
    "renovate[bot]",
    "nagios",
    "ansible",
    "SYSTEM",
    "Administrator",
    "guest",
    "sa-reporting",
    "automation",
    "release-bot",
)


def _ascii_letters(value: str) -> str:
    """Letters of ``value`` with accents dropped ("Höfig" -> "Hofig"), as account names are made."""
    return "".join(ch for ch in unicodedata.normalize("NFKD", value) if ch.isascii() and ch.isalpha())


def _latin(filler: Filler) -> tuple[str, str]:
    """ASCII first/last of the current person; a Latin-script name when the person has none."""
    first, last = _ascii_letters(filler.first()), _ascii_letters(filler.last())
    if first and last:
        return first, last
    return str(filler.en.first_name()), str(filler.en.last_name())


def _initial(filler: Filler) -> str:
    return filler.rng.choice("ABCDEFGHJKLMNPRSTW")


def lower_person(filler: Filler) -> str:
    """Lower-case full name (chat, CLI output, e-mail local parts turned into names)."""
    first, last = filler.first(), filler.last()
    if filler.rng.random() < 0.8:
        return f"{first} {last}".lower()
    return f"{first} {_initial(filler)}. {last}".lower()


def upper_person(filler: Filler) -> str:
    """ALL CAPS full name (boarding passes, bank and clinical systems, legacy exports)."""
    first, last = filler.first(), filler.last()
    if filler.rng.random() < 0.7:
        return f"{first} {last}".upper()
    return f"{first} {_initial(filler)}. {last}".upper()


def last_first(filler: Filler) -> str:
    """ "Last, First" in the shapes directories and EHRs print."""
    first, last = filler.first(), filler.last()
    r = filler.rng.random()
    if r < 0.55:
        return f"{last}, {first}"
    if r < 0.7:
        return f"{last}, {first} {_initial(filler)}."
    if r < 0.82:
        return f"{last.upper()}, {first}"
    if r < 0.92:
        return f"{last}, {first}".upper()
    return f"{last}, {first[:1]}."


def login(filler: Filler) -> str:
    """A login or account name (no "@"): what "user X" and "by X" print in logs and VCS output."""
    first, last = (x.lower() for x in _latin(filler))
    rng = filler.rng
    shapes = (
        f"{first[0]}{last}",
        f"{first}.{last}",
        f"{last}{first[0]}",
        f"{first}{last[0]}",
        f"{first}_{last}",
        f"{first[0]}{last}{rng.randrange(1, 99)}",
        first,
        f"{first[0]}.{last}",
        f"{last}.{first}",
        f"{first}-{last}",
        f"{first[0]}{last}"[:8],
    )
    return rng.choice(shapes)


def surname_org(filler: Filler) -> str:
    """A firm named after people ("Taylor, Stone and Tucker"): ORG, although every word is a surname."""
    fk = filler.fakers[filler.rng.choice(_LATIN_LOCALES)]
    a, b, c = (str(fk.last_name()) for _ in range(3))
    return filler.rng.choice(
        (
            f"{a}, {b} and {c}",
            f"{a}, {b} & {c}",
            f"{a} & {b}",
            f"{a} & {b} LLP",
            f"{a} {b} LLP",
            f"{a} & Sons",
            f"{a} Brothers",
            f"{a}-{b}",
            f"{a} & Partners",
            f"{a} Law Group",
            f"{a} Capital",
            f"{a} Associates",
            f"{a}, {b} & Co.",
            f"{a} {b} Architects",
            f"{a} Holdings Ltd",
            f"{a} & {b} GmbH",
        )
    )


#: New entity slots: label and value maker (the ``2`` forms are handled by ``fill``).
EXTRA_ENTITY: dict[str, tuple[str, Callable[[Filler], str]]] = {
    "lperson": ("PERSON", lower_person),
    "uperson": ("PERSON", upper_person),
    "lastfirst": ("PERSON", last_first),
    "lfirst": ("PERSON", lambda f: f.first().lower()),
    "ulast": ("PERSON", lambda f: f.last().upper()),
    "login": ("PERSON", login),
    "sorg": ("ORG", surname_org),
    "nameloc": ("LOC", lambda f: f.rng.choice(_NAME_PLACES)),
}
#: Second-person forms: ``first2`` is the first name of someone other than ``{first}``.
SECOND_PERSON: dict[str, str] = {
    "first2": "first",
    "login2": "login",
    "handle2": "handle",
    "lastfirst2": "lastfirst",
    "lperson2": "lperson",
}


def _hex(filler: Filler, length: int) -> str:
    return "".join(filler.rng.choice("0123456789abcdef") for _ in range(length))


#: New plain (never-entity) slots.
EXTRA_PLAIN: dict[str, Callable[[Filler], str]] = {
    "sysuser": lambda f: f.rng.choice(_SYSTEM_USERS),
    "sha": lambda f: _hex(f, f.rng.choice((7, 8, 12, 40))),
    "ip": lambda f: f"10.{f.rng.randrange(256)}.{f.rng.randrange(256)}.{f.rng.randrange(1, 255)}",
    "host": lambda f: f.rng.choice(
        (
            f"{f.rng.choice(('api', 'web', 'db', 'worker', 'cache'))}-{f.rng.randrange(1, 30)}",
            f"ip-10-0-{f.rng.randrange(256)}-{f.rng.randrange(256)}",
            f"{f.rng.choice(('prod', 'stg'))}-{f.rng.choice(('eu', 'us'))}-node{f.rng.randrange(9)}",
        )
    ),
    "level": lambda f: f.rng.choice(("INFO", "WARN", "ERROR", "DEBUG", "NOTICE", "info", "warn", "error")),
    "path": lambda f: f"{f.rng.choice(('src', 'lib', 'app', 'pkg'))}/{f.en.word()}/{f.en.word()}.py",
    "svc": lambda f: f.rng.choice(
        ("billing-api", "auth-service", "payments-worker", "search-indexer", "notify-svc", "gateway")
    ),
    "env": lambda f: f.rng.choice(("prod", "staging", "dev", "eu-west-1", "us-east-2", "qa")),
    "amount": lambda f: (
        f.rng.choice(("$", "€", "£")) + f"{f.rng.randrange(10, 99999):,}.{f.rng.randrange(100):02d}"
    ),
    "role": lambda f: f.rng.choice(
        (
            "Senior Software Engineer",
            "Account Executive",
            "Product Manager",
            "Staff Nurse",
            "HR Business Partner",
            "Site Reliability Engineer",
            "Paralegal",
            "Financial Controller",
            "Customer Success Manager",
            "Data Analyst",
        )
    ),
    "dept": lambda f: f.rng.choice(
        ("Finance", "Legal", "People Ops", "Customer Success", "Engineering", "Procurement", "Security")
    ),
    "stage": lambda f: f.rng.choice(
        ("Phone Screen", "Technical Interview", "Onsite", "Offer", "Hired", "Rejected")
    ),
    "dealstage": lambda f: f.rng.choice(
        ("Prospecting", "Qualification", "Proposal", "Closed Won", "Closed Lost")
    ),
    "icd": lambda f: f.rng.choice(("E11.9", "I10", "J45.909", "M54.5", "K21.9", "N39.0", "F41.1")),
    "sev": lambda f: f.rng.choice(("SEV1", "SEV2", "SEV3", "Sev 2", "P1", "P3")),
    "ver": lambda f: f"v{f.rng.randrange(0, 9)}.{f.rng.randrange(0, 30)}.{f.rng.randrange(0, 12)}",
}

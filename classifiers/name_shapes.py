"""Shapes of person identifiers other than a plain name: logins and handles, service accounts, org names.

A login (``jsmith``, ``sonia.wiaderek``, ``NicoleFlores``) identifies a person as surely as the name
it is derived from, but the same keys and log lines also carry service accounts (``ci-bot``,
``dependabot[bot]``, ``postgres``) and a name-shaped value may be a team or a company
(``Platform Team``, ``Smith Inc``). These helpers tell them apart.
"""

from __future__ import annotations

import re

from dlp.classifiers.name_gazetteer import WORD, Gazetteer

#: Head words of organisations, teams and mailboxes: a name-shaped value ending in one is no person.
ORG_WORDS = frozenset(
    """
    team teams group groups department dept division unit squad crew committee board council office
    support helpdesk desk service services solutions systems technologies technology labs lab
    partners associates holdings industries enterprises ventures consulting foundation institute
    university college school hospital clinic bank company co corp corporation inc incorporated ltd
    limited llc llp plc gmbh ag kg sa sas sarl srl spa bv nv oy ab as aps kft pty sl ohg
    bot robot admins administrators operations ops engineering notifications alerts
    sons fils figli hijos hermanos söhne brothers kgaa tbk
    """.split()  # noqa: SIM905 - a word list reads better as prose
)

#: Words that open or close place names ("Lake Forest", "Saint Louis", "Port Elizabeth").
PLACE_WORDS = frozenset(
    """
    north south east west northern southern eastern western new old saint sainte st san santa santo
    sao lake lakes port fort mount mont villa ville city town township village bay beach island
    islands isle springs heights falls park valley river creek point county hills hill harbor
    harbour station street avenue ave road rd boulevard blvd lane drive way square
    """.split()  # noqa: SIM905 - a word list reads better as prose
)
#: Parts of account names that mark a machine, not a person ("ci-runner", "svc_backup", "noreply").
_SERVICE_PARTS = frozenset(
    """
    bot bots robot svc service services system sys daemon automation auto ci cd cicd build builder
    builds deploy deployer deployment release releases runner integration integrations app apps api
    admin administrator root noreply donotreply postmaster mailer monitor monitoring alert alerts
    backup backups cron scheduler sync test tests tester demo guest anonymous anon nobody default
    webhook webhooks notifications notifier jenkins github gitlab bitbucket actions dependabot
    renovate snyk codecov sonar sonarcloud circleci buildkite mergify greenkeeper zapier
    pagerduty opsgenie postgres postgresql mysql mariadb oracle redis mongo mongodb elastic www
    ubuntu centos debian ec2 git nginx apache sa sre devops ops infra terraform ansible k8s
    """.split()  # noqa: SIM905 - a word list reads better as prose
)
#: Words of software UIs and logs that read like fused handles ("login" = "logi" + "n").
_TECH_WORDS = frozenset(
    """
    login logon logout signin signup account profile session agent token cookie header payload
    """.split()  # noqa: SIM905 - a word list reads better as prose
)
#: Whole values that are generic accounts, not anybody's login.
_GENERIC_ACCOUNTS = frozenset({"user", "users", "me", "you", "unknown", "none", "null", "nobody", "someone"})
_PARTS = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+")
_SEPARATED = re.compile(r"[A-Za-z]{2,}(?:[._\-][A-Za-z]{2,}){1,2}\d{0,4}")
_CAMEL = re.compile(r"[A-Z][a-z]+(?:[A-Z][a-z]+){1,2}\d{0,4}")
_FUSED = re.compile(r"[a-z]{4,24}\d{0,4}")
#: A name-shaped value: letter words joined by spaces, initials, apostrophes, hyphens or a comma.
NAME_VALUE = re.compile(
    r"[^\W\d_][^\W\d_ .,'\u2019\-]*(?:[ .,'\u2019\-]+[^\W\d_][^\W\d_.'\u2019\-]*){0,5}\.?"
)
#: A login as stored under a ``login`` / ``username`` key: letters first, no spaces, no "@".
LOGIN_VALUE = re.compile(r"[A-Za-z][A-Za-z0-9._\-]{1,38}")


def is_service_account(value: str, gazetteer: Gazetteer | None = None) -> bool:
    """Whether a login-like value names a machine account (``ci-bot``, ``dependabot[bot]``, ``root``)."""
    lowered = value.casefold()
    if lowered in _GENERIC_ACCOUNTS or lowered.endswith("[bot]"):
        return True
    parts = [p.casefold() for p in _PARTS.findall(value)]
    if any(p in _SERVICE_PARTS for p in parts):
        return True
    # "slackbot", "mergebot": a fused "...bot" unless the word is a name ("Talbot", "ctalbot").
    if lowered.endswith("bot") and len(lowered) > 4:
        stem = lowered.rstrip("0123456789")
        is_name = gazetteer is not None and (gazetteer.is_any(stem) or gazetteer.is_any(stem[1:]))
        return not is_name
    return False


def is_login_value(value: str, gazetteer: Gazetteer | None = None) -> bool:
    """A value a ``login`` / ``username`` key holds for a person: login-shaped, not a machine account."""
    if not LOGIN_VALUE.fullmatch(value) or sum(ch.isalpha() for ch in value) < 2:
        return False
    return not is_service_account(value, gazetteer)


_LOGIN_TOKEN = re.compile(r"[A-Za-z][A-Za-z._\-]*[A-Za-z]\d{0,4}")


def login_like(token: str, g: Gazetteer) -> bool:
    """Whether ``token``, where a line names a user (``user=``, ``for user``), reads as a person's login.

    Not an English word ("user account"), not a machine account, not an id ("U024BE7LH", digits
    only as a short tail), and a capitalised word only if it is a known name.
    """
    if not _LOGIN_TOKEN.fullmatch(token) or sum(ch.isalpha() for ch in token) < 3:
        return False
    if is_service_account(token, g) or g.is_common(token) or token.casefold() in _TECH_WORDS:
        return False
    letters = token.rstrip("0123456789")
    if letters.isupper():
        return False
    if letters[:1].isupper() and letters[1:].islower() and letters.isalpha():
        return g.is_first(letters) or g.is_last(letters)
    return True


def _known(word: str, g: Gazetteer) -> bool:
    return len(word) >= 3 and (g.is_first(word) or g.is_last(word))


def name_derived_handle(token: str, g: Gazetteer) -> bool:
    """Whether ``token`` is a handle built from a person's name (``j.smith``, ``NicoleFlores``, ``jsmith``).

    Without an "@", only the name inside tells a handle from an English word or an identifier,
    so at least one part must be a known given or family name.
    """
    if is_service_account(token, g):
        return False
    if _SEPARATED.fullmatch(token) or _CAMEL.fullmatch(token):
        parts = [p for p in _PARTS.findall(token) if p.isalpha()]
        return any(_known(p, g) for p in parts)
    if not _FUSED.fullmatch(token):
        return False
    word = token.rstrip("0123456789")
    if g.is_common(word) or word in _TECH_WORDS:
        return False
    # Initial + family name ("jsmith"); given name + initial ("darrenm", not a plural or an "-e"
    # ending: "franks", "argue"); given and family name fused ("juanmccormick", "collinsrachel").
    # Short parts are left out: "a" + "gent", "kit" + "chen" are English words.
    if len(word) >= 6 and g.is_last(word[1:]):
        return True
    if len(word) >= 5 and word[-1] not in "esy" and g.is_first(word[:-1]):
        return True
    for cut in range(4, len(word) - 3):
        head, tail = word[:cut], word[cut:]
        if (g.is_first(head) and g.is_last(tail)) or (g.is_last(head) and g.is_first(tail)):
            return True
    return False


def org_like(words: list[str]) -> bool:
    """Whether a name-shaped phrase ends in an organisation or team word (``Platform Team``)."""
    return bool(words) and words[-1].casefold().rstrip(".") in ORG_WORDS


#: "Patel, Allen and Bennett": surnames listed and closed by "and", a firm's name.
_FIRM = re.compile(r",[ \t]*[^\W\d_]+,?[ \t]+(?:and|&|e|y|und|et)[ \t]+[^\W\d_]")


def is_name_value(value: str, gazetteer: Gazetteer | None = None) -> bool:
    """A whole value shaped like a person's name: no digits, no team or company, no machine account."""
    if not NAME_VALUE.fullmatch(value):
        return False
    words = WORD.findall(value)
    if org_like(words) or _FIRM.search(value):
        return False
    return not (len(words) == 1 and is_service_account(value, gazetteer))


def has_plain_word(words: list[str], g: Gazetteer) -> bool:
    """Whether a capitalised phrase holds an English or place word that is no name ("Upper", "Lake").

    Initials and lower-case particles ("J", "van der") are parts of names, not words to test.
    """
    return any(
        w.casefold() in PLACE_WORDS or (g.is_common(w) and not g.is_any(w))
        for w in words
        if len(w) > 1 and not w.islower()
    )

"""Names and logins in event and log lines: ``closed by``, ``user=``, sshd, VCS timelines, actors.

- ``<verb>ed by`` (``Acknowledged by Dana Lee``, ``Logged by Lee, Dana``): a name with a known given
  or family name, or a lower-case pair of known names.
- Logins without an "@" (``closed by jsmith``, ``for user sonia.wiaderek``, ``Accepted publickey for
  gsmith``, ``NicoleFlores approved these changes``): only where the line says a user acts or is
  acted on, and only a token built from a known name (see :func:`name_shapes.name_derived_handle`),
  never a service account.
- ``user="Dana Lee"`` / ``User 'Lee, Dana'``: the quoted value of a user key in a log line.
- A role noun before a name (``Requester Colin replied``): the name, without the role.
- A lone given name as the actor of a timeline event (``Frank proposed a new time``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from dlp.classifiers.name_gazetteer import WORD, Gazetteer, is_name_token
from dlp.classifiers.name_shapes import (
    has_plain_word,
    is_name_value,
    login_like,
    name_derived_handle,
    org_like,
)
from dlp.classifiers.person_gate import needs, one_of, words
from dlp.classifiers.person_mail import lower_pair
from dlp.classifiers.person_patterns import NOT_NAMES, Hit, last_first, name_run

_BY = re.compile(
    r"(?i)\b(?:[a-z]{2,}ed|sent|done|made|run|written|taken|given|seen|led|paid|held|kept|built|shown"
    r"|drawn|read|sold|told|set)[ \t]+by[ \t]+"
)
_TOKEN = re.compile(r"[A-Za-z][A-Za-z0-9._\-]{0,38}[A-Za-z0-9]")
#: After the token: the end of a word that is no e-mail, path, call or domain.
_TOKEN_END = re.compile(r"(?![\w@/(\-]|\.[A-Za-z0-9])")
#: Where a line says which user acted or was acted on (``user=``, sshd): any login-like token counts.
_USER_ANCHORS = re.compile(
    r"(?i)(?:\b(?:user|username|user_name|login|actor|uid)[ \t]*[=:]"
    r"|\b(?:accepted|failed)[ \t]+[\w\-]+[ \t]+for(?:[ \t]+invalid[ \t]+user)?)[ \t]*[\"']?"
)
#: "closed by X", "for user X": these words also precede plain nouns ("by hand", "a user labelled"),
#: so the token must look like a login (see :func:`_handle_shaped`).
_WEAK_ANCHORS = re.compile(r"(?i)\b(?:by|user)[ \t]+[\"']?")
_QUOTED_USER = re.compile(r"(?i)\b(?:user|username|user_name|actor|author|owner)[ \t]*[=:]?[ \t]*([\"'])")
_VCS_SUBJECT = re.compile(
    r"(?<![\w@/.\-])(?:\*\*|__)?([A-Za-z][A-Za-z0-9._\-]{0,38}[A-Za-z0-9])(?:\*\*|__)?[ \t]+"
    r"(?:approved|requested changes|requested a review|requested review|commented|opened|closed|merged"
    r"|reopened|pushed|force-pushed|committed|reviewed|assigned|unassigned|added|removed|mentioned"
    r"|referenced|labeled|dismissed|left a review|forked|starred)\b"
)
_ACTOR = re.compile(
    r"(?<![\w@.\-])([^\W\d_]+(?:['\u2019\-][^\W\d_]+)*)[ \t]+(?:proposed|accepted|declined|invited"
    r"|shared|created|updated|assigned|scheduled|uploaded|edited|reacted|requested|acknowledged"
    r"|escalated|reassigned|rescheduled|cancelled|canceled)\b"
)


#: Actions a tool logs with the person who took them; "caused by", "targeted by" are not among them.
_TOOL_ACTION = re.compile(
    r"(?i)(?:applied|solved|resolved|closed|reopened|assigned|approved|rejected|merged|reviewed|updated"
    r"|created|edited|deleted|submitted|signed|uploaded|added|removed|cancell?ed|completed|archived)\b"
)


def _lone_given(text: str, span: tuple[int, int], g: Gazetteer) -> bool:
    word = text[span[0] : span[1]]
    return " " not in word and g.is_first(word) and not g.is_common(word) and not _runs_on(text, span[1])


#: Above the model's 0.85: "for user jsmith" is the login, not the model's "user jsmith".
_LOGIN_SCORE = 0.86
_CLAUSE_END = frozenset(".!?:;(|>]\n-\u2013\u2014*")


#: Role nouns written right before a name ("Requester Colin replied", "Employee Dana Lee requested").
_ROLE = re.compile(
    r"(?i)\b(?:requester|employee|candidate|recruiter|agent|manager|patient|customer|client|applicant"
    r"|interviewer|consultant|engineer|technician|assignee|reporter|reviewer|approver|member|contractor"
    r"|intern|student|teacher|guest)[ \t]+(?=[^\W\d_])"
)


_NEXT_WORD = re.compile(r"[ \t]*,?[ \t]*([^\W\d_])")


def _runs_on(text: str, end: int) -> bool:
    """Whether another capitalised (or uncased-script) word follows ``end``, maybe after a comma."""
    m = _NEXT_WORD.match(text, end)
    return m is not None and (m.group(1).isupper() or m.group(1).lower() == m.group(1).upper())


def _handle_at(text: str, pos: int, g: Gazetteer, strict: bool) -> tuple[int, int] | None:
    m = _TOKEN.match(text, pos)
    if m is not None and text.startswith(":", m.end()) and m.end() + 1 < len(text):
        # "oidc:jsmith", "github:jsmith": an identity provider's prefix; the login follows it.
        # Kubernetes writes machine identities as "system:serviceaccount:ns:name".
        if m.group().casefold() == "system":
            return None
        m = _TOKEN.match(text, m.end() + 1)
    if m is None or not _TOKEN_END.match(text, m.end()):
        return None
    token = m.group()
    if strict and _plain_name(token):
        return None  # "by Ann-Sofie": a name, which the name rules read whole
    if not (_handle_shaped(token, g) if strict else login_like(token, g)):
        return None
    # "by ulrika granlund", "by Kai-Uwe N. Scholtz": the first word of a name, not a login.
    nxt = re.match(r"[ \t]+(?:[A-Z]\.|([^\W\d_]+))", text[m.end() : m.end() + 60])
    word = nxt.group(1) if nxt else None
    if nxt and (word is None or is_name_token(word) or (g.is_last(word) and not g.is_common(word))):
        return None
    return m.start(), m.end()


def _plain_name(token: str) -> bool:
    """A word written as a name ("Ann-Sofie", "Dana"), unlike a login ("NicoleFlores", "dlee")."""
    return WORD.fullmatch(token) is not None and token.istitle()


#: Parts of two letters or more joined by "." "_" "-" ("dana.lee", not "e-mail"), or a numbered login.
_MARKED_LOGIN = re.compile(r"[A-Za-z]{2,}(?:[._\-][A-Za-z]{2,}){1,2}\d{0,4}|[A-Za-z]{3,}\d{1,4}")


def _handle_shaped(token: str, g: Gazetteer) -> bool:
    """A login by its shape ("dana.lee", "jsmith42") or by the name inside it ("jsmith")."""
    marked = _MARKED_LOGIN.fullmatch(token) is not None
    return (marked and login_like(token, g)) or name_derived_handle(token, g)


def _known_name(text: str, span: tuple[int, int], g: Gazetteer) -> bool:
    words = WORD.findall(text, span[0], span[1])
    if not words or org_like(words) or has_plain_word(words, g):
        return False
    if any(w.casefold() in NOT_NAMES for w in words):
        return False
    uncased = any(w[:1].lower() == w[:1].upper() for w in words)
    return uncased or any(g.is_first(w) or g.is_last(w) for w in words)


@needs(one_of(" by", "\tby", caseless=True))
def _by_names(text: str, g: Gazetteer) -> Iterator[Hit]:
    for m in _BY.finditer(text):
        span = name_run(text, m.end())
        if span is not None:
            span = last_first(text, span)
            # Two words at least: "targeted by Israel", "caused by Redis" are no people; a lone
            # given name only after a tool's own action ("Solved by Stanley", "applied by Oviya:").
            whole = " " in text[span[0] : span[1]] and _known_name(text, span, g)
            if whole or (_TOOL_ACTION.match(m.group()) and _lone_given(text, span, g)):
                yield span[0], span[1], 0.85, "by"
            continue
        pair = lower_pair(text, m.end(), g)
        if pair is not None:
            yield pair[0], pair[1], 0.85, "by"


@needs(
    one_of(
        *words("requester employee candidate recruiter agent manager patient customer client applicant"),
        *words("interviewer consultant engineer technician assignee reporter reviewer approver member"),
        *words("contractor intern student teacher guest"),
        caseless=True,
    )
)
def _roles(text: str, g: Gazetteer) -> Iterator[Hit]:
    # Above the model's score, so "Requester Colin" (the model's span) yields to "Colin".
    for m in _ROLE.finditer(text):
        span = name_run(text, m.end())
        if span is None:
            continue
        span = last_first(text, span)
        # Only where the name visibly ends; "Employee Olga Ó Seasnáin", "customer Lee, Dana is"
        # go on past what the rules can read, and the model's longer span is the better guess.
        if not _runs_on(text, span[1]) and _known_name(text, span, g):
            yield span[0], span[1], 0.86, "role"


@needs(one_of(*words("user login actor uid accepted failed by"), caseless=True))
def _handles(text: str, g: Gazetteer) -> Iterator[Hit]:
    for anchors, strict in ((_USER_ANCHORS, False), (_WEAK_ANCHORS, True)):
        for m in anchors.finditer(text):
            span = _handle_at(text, m.end(), g, strict)
            if span is not None:
                yield span[0], span[1], _LOGIN_SCORE, "login"


@needs(one_of(*words("user actor author owner"), caseless=True), one_of('"', "'"))
def _quoted_users(text: str, g: Gazetteer) -> Iterator[Hit]:
    for m in _QUOTED_USER.finditer(text):
        close = text.find(m.group(1), m.end(), m.end() + 80)
        value = text[m.end() : close] if close > 0 else ""
        span = (m.end(), close)
        # A login in quotes is left to the login rules; a name has a space ("Lee, Dana").
        if " " in value and value == value.strip() and is_name_value(value, g) and _known_name(text, span, g):
            yield span[0], span[1], 0.9, "user"


@needs(
    one_of(
        *words("approved requested commented opened closed merged pushed committed reviewed assigned added"),
        *words("removed mentioned referenced labeled dismissed forked starred"),
        "left a review",
    )
)
def _vcs_subjects(text: str, g: Gazetteer) -> Iterator[Hit]:
    # "dana.lee approved these changes", "**jsmith** requested changes": a GitHub/GitLab timeline.
    for m in _VCS_SUBJECT.finditer(text):
        if _handle_shaped(m.group(1), g) and not _plain_name(m.group(1)):
            yield m.start(1), m.end(1), _LOGIN_SCORE, "login"


@needs(
    one_of(
        *words("proposed accepted declined invited shared created updated assigned scheduled uploaded"),
        *words("edited reacted requested acknowledged escalated reassigned rescheduled cancelled canceled"),
    )
)
def _actors(text: str, g: Gazetteer) -> Iterator[Hit]:
    # A known given name alone as the actor of an event: "Frank proposed a new time".
    for m in _ACTOR.finditer(text):
        word = m.group(1)
        if word.casefold() in NOT_NAMES or not g.is_first(word):
            continue
        # The actor opens its clause: in "Lee, Dana requested" or "Dana Lee requested" the word
        # before is part of the name, and the lone-name reading would cut it short.
        before = text[max(0, m.start() - 40) : m.start()].rstrip(" \t")
        initial = re.search(r"(?:^|\s)[A-Z]\.$", before) is not None
        if before and (initial or not (before[-1] in _CLAUSE_END or before[-1].isdigit())):
            continue
        uncased = word[:1].lower() == word[:1].upper()
        if uncased or is_name_token(word):
            yield m.start(1), m.end(1), 0.75, "actor"


RULES = (_by_names, _roles, _quoted_users, _actors)
LOGIN_RULES = (_handles, _vcs_subjects)

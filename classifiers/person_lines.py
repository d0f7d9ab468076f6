"""Names that a line's layout gives away: chat-export speakers, possessives, mobile mail footers.

- ``jane.ng: can someone cover?`` / ``janet_pratt — Today at 00:05``: a chat export or IRC log opens
  a line with the speaker's handle. Only handles built from a known name count (``jane.ng``,
  ``TiffanyDalton``, ``jsmith``), and only before prose: ``max_retries: 5`` is configuration.
- ``Levi's Personal Meeting Room`` / ``June's MacBook Pro``: a known given name in the possessive,
  before a capitalised noun, names the owner ("Dean's List" is the price of this rule).
- ``Tamanna`` / ``Get Outlook for iOS``: the last line of a message before a mobile mail footer is
  its sender's name.
- ``Salimah (salimah.wibisono@mendoza.biz)``: a name followed by an address whose local part starts
  with it.
- ``This is Rocco, running late``: a speaker introducing themselves with a known given name.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from dlp.classifiers.name_gazetteer import Gazetteer, is_name_token
from dlp.classifiers.name_shapes import is_service_account, name_derived_handle
from dlp.classifiers.person_gate import needs, one_of, words
from dlp.classifiers.person_patterns import NOT_NAMES, Hit, name_run

_SPEAKER = re.compile(
    r"(?m)^[ \t]*@?([A-Za-z][A-Za-z0-9._\-]{1,38}[A-Za-z0-9])"
    r"(?::|[ \t]+[\u2014\u2013\-])[ \t]+(?=\S+[ \t]+\S)"
)
_POSSESSIVE = re.compile(r"(?<![\w@.\-])([^\W\d_]+)['\u2019]s[ \t]+(?=[A-Z])")
_PREVIOUS_NAME_WORD = re.compile(r"[^\W\d_]+[ \t]+$")
_FOOTER = re.compile(
    r"(?m)^[ \t]*([^\n]{2,60}?)[ \t]*\n(?:[ \t]*\n)?[ \t]*"
    r"(?:Get Outlook for (?:iOS|Android)|Sent from my (?:iPhone|iPad|Android|mobile|BlackBerry)"
    r"|Sent from Mail for Windows|Sent from Yahoo Mail|Sent via )"
)
_NAME_THEN_ADDRESS = re.compile(
    r"(?<![\w@.])([^\W\d_]+(?:[ \t][^\W\d_]+){0,2})[ \t]*"
    r"\([ \t]*([A-Za-z][\w.+\-]*)@[\w\-]+(?:\.[\w\-]+)+[ \t]*\)"
)
_INTRODUCTION = re.compile(r"(?i)\b(?:this is|it'?s|my name is|i am|i'm)[ \t]+(?=[^\W\d_])")
_SEPARATOR = re.compile(r"[._\-]")
_HANDLE_SCORE = 0.8
_NAME_SCORE = 0.7


def _speaker_handle(token: str, g: Gazetteer) -> bool:
    """``jane.ng``, ``leanne.price``, ``TiffanyDalton``, ``jsmith``; not ``grace_period``, ``max_retries``."""
    if is_service_account(token, g):
        return False
    parts = _SEPARATOR.split(token)
    if len(parts) == 2 and all(p.isalpha() for p in parts):
        given, rest = parts
        # A short family name ("ng", "wu", "li") is too short for the lists to tell it from a word.
        return g.is_first(given) and (g.is_any(rest) or len(rest) <= 3)
    return name_derived_handle(token, g) and not g.is_common(token)


def _speakers(text: str, g: Gazetteer) -> Iterator[Hit]:
    for m in _SPEAKER.finditer(text):
        if _speaker_handle(m.group(1), g):
            yield m.start(1), m.end(1), _HANDLE_SCORE, "login"


@needs(one_of("'s", "\u2019s"))
def _possessives(text: str, g: Gazetteer) -> Iterator[Hit]:
    for m in _POSSESSIVE.finditer(text):
        word = m.group(1)
        if not is_name_token(word) or not g.is_first(word) or g.is_common(word):
            continue
        # "Dana Lee's laptop": the full name is the name rules' and the model's to read.
        before = text[max(0, m.start() - 40) : m.start()]
        prev = _PREVIOUS_NAME_WORD.search(before)
        if prev and is_name_token(prev.group().strip()):
            continue
        yield m.start(1), m.end(1), _NAME_SCORE, "possessive"


@needs(one_of("Get Outlook for", "Sent from ", "Sent via "))
def _footers(text: str, g: Gazetteer) -> Iterator[Hit]:
    for m in _FOOTER.finditer(text):
        span = name_run(text, m.start(1))
        if span is None or span[1] != m.end(1):
            continue
        words = text[span[0] : span[1]].split()
        if any(w.casefold() in NOT_NAMES for w in words):
            continue
        if len(words) > 1 or g.is_any(words[0]):
            yield span[0], span[1], _NAME_SCORE, "signoff"


@needs(one_of("@"), one_of("("))
def _named_addresses(text: str, g: Gazetteer) -> Iterator[Hit]:
    for m in _NAME_THEN_ADDRESS.finditer(text):
        name, local = m.group(1), m.group(2).casefold()
        first = name.split()[0]
        # The address was made from the name ("Salimah (salimah.wibisono@...)"); where accents were
        # dropped from the address ("Pál (pl.kocsis@...)") the other rules must do.
        if is_name_token(first) and local.startswith(first.casefold()) and len(first) >= 3:
            yield m.start(1), m.end(1), _NAME_SCORE, "mailbox"


@needs(one_of(*words("this it's its my i'm i am"), caseless=True))
def _introductions(text: str, g: Gazetteer) -> Iterator[Hit]:
    for m in _INTRODUCTION.finditer(text):
        span = name_run(text, m.end())
        if span is None:
            continue
        first = text[span[0] : span[1]].split(maxsplit=1)[0]
        if g.is_first(first) and not g.is_common(first):
            yield span[0], span[1], _NAME_SCORE, "introduction"


RULES = (_possessives, _footers, _named_addresses, _introductions)
LOGIN_RULES = (_speakers,)

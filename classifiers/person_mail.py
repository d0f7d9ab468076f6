"""Names in correspondence: git trailers, ``Name <address>`` mailboxes, and vocatives.

- Trailers and git headers (``Signed-off-by: Ana Lima <ana@x.org>``, ``Author: lima, ana <...>``):
  the text before the address is the person, whatever its case or script.
- A mailbox anywhere (``... sent to Ana Lima <ana@x.org>``, ``ana@x.org (Ana Lima)``): the name
  next to the address, if it is known or echoes the address's local part and is no team or service.
- A vocative (``Thanks for your patience, Frank.``): a known given name set off by a comma at the
  end of a clause that speaks to "you".
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from dlp.classifiers.name_gazetteer import WORD, Gazetteer, is_name_token
from dlp.classifiers.name_shapes import has_plain_word, is_name_value
from dlp.classifiers.person_gate import needs, one_of, words
from dlp.classifiers.person_patterns import NOT_NAMES, PARTICLES, Hit, last_first, name_run

_TRAILER = re.compile(
    r"(?im)^[ \t>]*(co-authored-by|signed-off-by|reviewed-by|acked-by|tested-by|reported-by"
    r"|suggested-by|helped-by|requested-by|approved-by|merged-by|author|commit|committer)[ \t]*:[ \t]*"
)
_MAILBOX_TAIL = re.compile(r"([^<>\n]{1,100}?)[ \t]*<[^<>\s@]+@[^<>\s]+>")
_ADDRESS = re.compile(r"<([^<>\s@]{1,64})@[^<>\s]{1,255}>")
_INITIAL = re.compile(r"[A-Z]\.$")
#: What may stand right before a mailbox's display name.
_OPENERS = frozenset("\n,;:([|\"'>=")
_LEAD_WORDS = frozenset({"by", "from", "to", "cc", "and", "with", "for", "via"})
#: Words that head a mailbox line without being part of the name ("Contact", "Email").
_NOT_MAILBOX = NOT_NAMES | frozenset(
    """
    contact email mail e-mail from to cc bcc reply author owner sender recipient write send sent
    """.split()  # noqa: SIM905 - a word list reads better as prose
)


def _fold(word: str) -> str:
    """Lower-case ASCII letters only: "Jędrys" -> "jedrys", as mail local parts spell names."""
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(ch for ch in decomposed if "a" <= ch <= "z")


_LOWER_TWO = re.compile(r"[ \t]*([^\W\d_A-Z]{2,})[ \t]+([^\W\d_A-Z]{2,})")


def lower_pair(text: str, pos: int, g: Gazetteer) -> tuple[int, int] | None:
    """A lower-case ``given family`` pair at ``pos`` ("ulrika granlund"), both known names, no word."""
    m = _LOWER_TWO.match(text, pos)
    if m is None or not m.group(1).islower() or not m.group(2).islower():
        return None
    first, last = m.group(1), m.group(2)
    if not (g.is_first(first) and g.is_last(last)) or g.is_common(first) or g.is_common(last):
        return None
    if first in NOT_NAMES or last in NOT_NAMES:
        return None
    return m.start(1), m.end(2)


@needs(one_of(":"), one_of("-by", "author", "commit", caseless=True))
def _trailers(text: str, g: Gazetteer) -> Iterator[Hit]:
    for m in _TRAILER.finditer(text):
        box = _MAILBOX_TAIL.match(text, m.end())
        if box:
            display = box.group(1).strip().strip("\"'")
            start = text.index(display, box.start(1)) if display else -1
            if display and any(ch.isalpha() for ch in display) and is_name_value(display, g):
                yield start, start + len(display), 0.9, "trailer"
            continue
        # Without an address only a "...-by:" trailer names a person ("Commit: Fix the build" does
        # not), and the name must be a known one ("Reported-by: Sentry" is a tool).
        if not m.group(1).casefold().endswith("-by"):
            continue
        span = name_run(text, m.end())
        if span is not None:
            span = last_first(text, span)
            words = WORD.findall(text, span[0], span[1])
            uncased = any(w[:1].lower() == w[:1].upper() for w in words)
            known = uncased or any(g.is_first(w) or g.is_last(w) for w in words)
            if not known or has_plain_word(words, g):
                continue
        else:
            span = lower_pair(text, m.end(), g)
        if span is not None:
            yield span[0], span[1], 0.9, "trailer"


def _name_words_before(text: str, end: int, g: Gazetteer) -> tuple[int, list[str]] | None:
    """Start and words of the name ending at ``end`` (at most five words, read right to left)."""
    head = text[max(0, end - 120) : end]
    offset = end - len(head)
    tokens = list(re.finditer(r"[A-Z]\.|" + WORD.pattern, head))
    picked: list[re.Match[str]] = []
    for tok in reversed(tokens):
        gap = head[tok.end() : picked[-1].start() if picked else len(head)]
        word = tok.group()
        lowered = word.casefold()
        name_like = (
            is_name_token(word) or _INITIAL.fullmatch(word) or (word.islower() and g.is_any(word))
        ) and lowered not in _NOT_MAILBOX
        if gap.strip(" \t") or len(picked) == 5 or not (name_like or lowered in PARTICLES):
            break
        picked.append(tok)
    while picked and picked[-1].group().casefold() in PARTICLES:
        picked.pop()
    if not picked:
        return None
    start = picked[-1].start()
    before = head[:start].rstrip(" \t")
    prev = re.search(r"(\w+)$", before)
    opener = not before or before[-1] in _OPENERS
    lead = prev is not None and prev.group(1).casefold() in _LEAD_WORDS
    if not (opener or lead):
        return None
    return offset + start, [t.group() for t in reversed(picked)]


def _quoted_display(text: str, m: re.Match[str]) -> tuple[int, int] | None:
    """The span inside ``"Lee, Dana" <addr>`` quotes, if the address has a quoted display name."""
    head = text[max(0, m.start() - 100) : m.start()].rstrip(" \t")
    if not head.endswith(('"', "'")):
        return None
    opening = head.rfind(head[-1], 0, len(head) - 1)
    if opening < 0 or "\n" in head[opening:]:
        return None
    offset = m.start() - len(text[max(0, m.start() - 100) : m.start()])
    return offset + opening + 1, offset + len(head) - 1


@needs(one_of("<"), one_of("@"), one_of(">"))
def _mailboxes(text: str, g: Gazetteer) -> Iterator[Hit]:
    for m in _ADDRESS.finditer(text):
        quoted = _quoted_display(text, m)
        if quoted is not None:
            start, end = quoted
            words = WORD.findall(text, start, end)
        else:
            end = len(text[: m.start()].rstrip(" \t"))
            found = _name_words_before(text, end, g)
            if found is None:
                continue
            start, words = found
        local = _fold(m.group(1))
        known = any(g.is_first(w) or g.is_last(w) for w in words)
        echoed = any(len(f) >= 3 and f in local for f in (_fold(w) for w in words))
        uncased = any(w[:1].lower() == w[:1].upper() for w in words)
        if words and (known or echoed or uncased) and is_name_value(text[start:end], g):
            yield start, end, 0.85, "mailbox"


#: The older mailbox form: ``ana@x.org (Ana Lima)``.
_ADDRESS_COMMENT = re.compile(r"[\w.+\-]{1,64}@[\w\-]+(?:\.[\w\-]+)+[ \t]*\(([^()\n]{2,80})\)")


@needs(one_of("@"), one_of("("), one_of(")"))
def _address_comments(text: str, g: Gazetteer) -> Iterator[Hit]:
    for m in _ADDRESS_COMMENT.finditer(text):
        value = m.group(1).strip()
        start = text.index(value, m.start(1))
        words = WORD.findall(value)
        known = any(g.is_first(w) or g.is_last(w) or w[:1].lower() == w[:1].upper() for w in words)
        if known and is_name_value(value, g) and not any(w.casefold() in NOT_NAMES for w in words):
            yield start, start + len(value), 0.85, "mailbox"


_VOCATIVE = re.compile(
    r",[ \t]*([^\W\d_]+(?:['\u2019\-][^\W\d_]+)*)(?=[ \t]*(?:[.!?,;](?![\w.])|$))", re.MULTILINE
)
_SECOND_PERSON = re.compile(
    r"(?i)\b(?:you|your|yours|thanks|thank|hi|hello|hey|dear|welcome|sorry|congrats|congratulations)\b"
)


@needs(
    one_of(","),
    one_of(*words("you thank hi hello hey dear welcome sorry congrat"), caseless=True),
)
def _vocatives(text: str, g: Gazetteer) -> Iterator[Hit]:
    for m in _VOCATIVE.finditer(text):
        word = m.group(1)
        uncased = word[:1].lower() == word[:1].upper()
        if not ((is_name_token(word) and g.is_first(word)) or uncased) or word.casefold() in NOT_NAMES:
            continue
        # Only a clause that addresses someone ("...your patience, Frank.") makes a lone name a vocative.
        clause = re.split(r"[.!?\n]", text[max(0, m.start() - 200) : m.start()])[-1]
        if _SECOND_PERSON.search(clause):
            yield m.start(1), m.end(1), 0.8, "vocative"


RULES = (_trailers, _mailboxes, _address_comments, _vocatives)

"""Where tool output puts people's names: greetings, sign-offs, mail headers, labels, @handles.

Each rule finds an anchor (``Dear``, ``Regards,``, ``From:``, ``Assignee:``, ``wrote:``, ``@``)
and then reads the name next to it with :func:`name_run`, which accepts only name-shaped tokens
(title case or uncased scripts, initials, nobiliary particles). Returns (start, end, score, kind).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from dlp.classifiers.name_gazetteer import WORD, Gazetteer, is_name_token
from dlp.classifiers.name_shapes import has_plain_word
from dlp.classifiers.person_gate import Hit, needs, one_of, words

__all__ = ["NOT_NAMES", "PARTICLES", "RULES", "Hit", "last_first", "name_run"]

_TITLES = frozenset(
    ["dr", "dr.", "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "mx", "mx.", "prof", "prof.", "sir", "dame"]
)
#: Nobiliary particles: lower-case words inside a name ("van der Berg", "da Silva").
PARTICLES = frozenset(
    """
    van von de da di del der den du la le bin ibn al el dos das
    """.split()  # noqa: SIM905 - a word list reads better as prose
)
#: Words that follow "Hi"/"Dear"/"Assignee:" without being anybody's name.
NOT_NAMES = frozenset(
    """
    all team everyone everybody there folks guys sir madam customer customers colleagues world
    both again friends user users support admin unassigned none nobody null me you us them
    automation bot system unknown team's hiring manager valued member members sales billing
    engineering monday tuesday wednesday thursday friday saturday sunday morning afternoon
    evening
    """.split()  # noqa: SIM905 - a word list reads better as prose
)
_SPACE = re.compile(r"[ \t]+")
_INITIAL = re.compile(r"[A-Z]\.")


def name_run(text: str, pos: int, max_tokens: int = 4) -> tuple[int, int] | None:
    """Span of the name starting at ``pos`` (leading titles skipped), or None."""
    i = pos
    start = end = -1
    count = 0
    while count < max_tokens:
        m = _SPACE.match(text, i)
        if m:
            i = m.end()
        initial = _INITIAL.match(text, i)
        word = WORD.match(text, i)
        if initial and (word is None or word.end() == i + 1):
            token_end = initial.end()
        elif word:
            token = word.group()
            lowered = token.casefold()
            if start < 0 and (lowered in _TITLES or lowered + "." in _TITLES):
                i = word.end() + (1 if text[word.end() : word.end() + 1] == "." else 0)
                continue
            if lowered in PARTICLES and start >= 0:
                # "van der Berg": a run of particles must end in a capitalised name.
                nxt = WORD.match(text, _skip_space(text, word.end()))
                while nxt and nxt.group().casefold() in PARTICLES:
                    nxt = WORD.match(text, _skip_space(text, nxt.end()))
                if not (nxt and is_name_token(nxt.group())):
                    break
                token_end = word.end()
                count -= 1  # particles do not count towards the name's length
            elif (is_name_token(token) or _cjk_surname(token, text, start, i)) and lowered not in NOT_NAMES:
                token_end = word.end()
            else:
                break
        else:
            break
        if start < 0:
            start = i
        end = token_end
        i = token_end
        count += 1
    if start < 0 or (text[start:end].endswith(".") and end - start <= 2):
        return None
    return start, end


def _cjk_surname(token: str, text: str, start: int, i: int) -> bool:
    """A one-character uncased word after an uncased name word ("경숙 이", "伟 袁"): a family name."""
    if start < 0 or len(token) != 1 or token.lower() != token.upper():
        return False
    prev = text[start:i].split()
    return bool(prev) and prev[-1][:1].lower() == prev[-1][:1].upper()


_COMMA_FIRST = re.compile(
    r",[ \t]*([^\W\d_]+(?:['\u2019\-][^\W\d_]+)*)(?:[ \t]+[A-Z]\.)?(?=[ \t]*(?:[;:)\n<(|]|$))"
)


def last_first(text: str, span: tuple[int, int]) -> tuple[int, int]:
    """Extend a one-word name to ``Last, First`` when a single name word closes the field."""
    if " " in text[span[0] : span[1]]:
        return span
    m = _COMMA_FIRST.match(text, span[1])
    if m and is_name_token(m.group(1)) and m.group(1).casefold() not in NOT_NAMES:
        return span[0], m.end()
    return span


def _skip_space(text: str, i: int) -> int:
    m = _SPACE.match(text, i)
    return m.end() if m else i


def _at_line_end(text: str, end: int) -> bool:
    rest = text[end : end + 200].split("\n", 1)[0]
    return rest.strip() in ("", ",", ".", "!") or rest.lstrip().startswith(
        ("|", "<", "(", "-", "\u2013", ",")
    )


_GREETING = re.compile(
    r"(?i)(?<![\w@])(dear|hi|hello|hey|hiya|greetings|good morning|good afternoon|good evening"
    r"|thanks|thank you|many thanks|cheers|ping|pinging|paging"
    # Greetings of the European languages tool output is most often written in besides English.
    r"|hej|hallo|hola|bonjour|salut|ciao|moin|servus|hoi|beste|querido|querida|caro|cara)"
    r"\b[ \t]*,?[ \t]*(?=[^\W\d_])"
)
_SIGNOFF = re.compile(
    r"(?im)^[ \t>]*(?:thanks(?: again)?|thank you|many thanks|cheers|regards|best regards|best wishes|best"
    r"|kind regards|warm regards|warmly|sincerely|yours sincerely|yours truly|respectfully|all the best"
    r"|br|signed|--)"
    r"[ \t]*[,!.]?[ \t]*(?:\r?\n[ \t>]*)?"
)
#: Chat exports: "[10:42] Priya Raghunathan: text" / "10:42 Priya: text".
_CHAT_LINE = re.compile(r"(?m)^[ \t]*\[?\d{1,2}:\d{2}(?::\d{2})?(?:[ \t]*[AaPp][Mm])?\]?[ \t]+")
_HEADER = re.compile(
    r"(?im)^[ \t>]*(from|to|cc|bcc|reply-to|sender|attendees?|guests?|invitees?|participants?|organi[sz]er)"
    r"[ \t]*:[ \t]*"
)
#: Calendar labels also head lists of rooms and resources: a name needs a gazetteer word there.
_WEAK_HEADERS = frozenset({"guest", "guests", "invitee", "invitees", "participant", "participants"})
#: A bare address in a recipient list ("Guests: ana@x.org, Dana Lee"): skipped to reach the names.
_LIST_ADDRESS = re.compile(r"[ \t]*[^\s,;<>@]+@[^\s,;<>]+[ \t]*[,;][ \t]*")
_WROTE = re.compile(r"(?:<[^<>\n]{1,200}>[ \t]*)?wrote:")
_LABEL = re.compile(
    r"(?i)(?<![\w.])(assignee|assigned to|reporter|reported by|author|created by|resolved by|verified by"
    r"|approved by|reviewed by|closed by|updated by|owned by|requester|requested by|submitted by"
    r"|contact name|primary contact|account owner|opportunity owner|customer name|customer|patient name"
    r"|patient|pt|referred by|seen by|attending|physician|provider|nurse|employee name|employee"
    r"|full name|on behalf of|attn|signed by|owner|contact|name|cc|watchers?)"
    r"(?:[ \t]*[:=\-\u2013][ \t]*|(?<=by)[ \t]+|(?<=to)[ \t]+|(?<=of)[ \t]+|(?<=owner|ntact|[ ]name)[ \t]+)"
)
#: Labels that name a role, not necessarily a person ("Owner: Platform Team"): these need a
#: gazetteer hit inside the name to count.
_WEAK_LABELS = frozenset({"owner", "contact", "name", "cc", "watcher", "watchers", "provider", "customer"})
_HANDLE = re.compile(r"(?<![\w.@/])@([A-Za-z][A-Za-z0-9._\-]{0,38}[A-Za-z0-9])(?![\w(/@])")
#: A fediverse handle (``@dana@mastodon.social``): the user part names the person.
_FEDIVERSE = re.compile(r"(?<![\w.@/])@([A-Za-z][A-Za-z0-9_]{0,29})@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+")
_NOT_HANDLES = frozenset(
    """
    here channel everyone all team admin override deprecated param return returns throws
    property staticmethod classmethod dataclass abstractmethod pytest app router media import
    types
    """.split()  # noqa: SIM905 - a word list reads better as prose
)


@needs(
    one_of(
        *words("dear hi hello hey greetings thank cheers ping paging"),
        *words("hej hallo hola bonjour salut ciao moin servus hoi beste querid caro cara"),
        "good ",
        caseless=True,
    )
)
def _greetings(text: str, _g: Gazetteer) -> Iterator[Hit]:
    for m in _GREETING.finditer(text):
        span = name_run(text, m.end(), max_tokens=2)
        if span is None:
            continue
        after = text[span[1] : span[1] + 1]
        # "Hi Priya," / "Dear Dr. Shah:" / "Thanks Priya!": a name closes the greeting.
        if after in ("", ",", ":", "!", "\n", ".", " ", "\r"):
            yield span[0], span[1], 0.8, "greeting"


@needs(
    one_of(*words("thank cheers regards best warm sincerely yours respectfully br signed --"), caseless=True)
)
def _signoffs(text: str, _g: Gazetteer) -> Iterator[Hit]:
    for m in _SIGNOFF.finditer(text):
        span = name_run(text, m.end())
        if span:
            span = last_first(text, span)
        if span and _at_line_end(text, span[1]):
            yield span[0], span[1], 0.85, "signoff"


@needs(
    one_of(":"),
    one_of(*words("from to cc sender attendee guest invitee participant organi"), caseless=True),
)
def _headers(text: str, g: Gazetteer) -> Iterator[Hit]:
    for m in _HEADER.finditer(text):
        weak = m.group(1).casefold() in _WEAK_HEADERS
        i = m.end()
        line_end = text.find("\n", i)
        line_end = len(text) if line_end < 0 else line_end
        while i < line_end:
            span = name_run(text, i)
            if span is None:
                address = _LIST_ADDRESS.match(text, i, line_end)
                if address is None:
                    break
                i = address.end()
                continue
            span = last_first(text, span)
            words = WORD.findall(text, span[0], span[1])
            known = any(g.is_first(w) or g.is_last(w) for w in words) and not has_plain_word(words, g)
            if not weak or known:
                yield span[0], span[1], 0.9, "header"
            # Next recipient: skip "<address>" and the separator.
            nxt = re.compile(r"[ \t]*(?:<[^<>\n]*>)?[ \t]*(?:\([^()\n]*\))?[ \t]*[,;][ \t]*").match(
                text, span[1]
            )
            if nxt is None:
                break
            i = nxt.end()


# Not "<digit>:": \d also matches the digits of other scripts (Arabic-Indic, fullwidth).
@needs(one_of(":"))
def _chat_lines(text: str, _g: Gazetteer) -> Iterator[Hit]:
    for m in _CHAT_LINE.finditer(text):
        span = name_run(text, m.end())
        if span:
            span = last_first(text, span)
            if text[span[1] : span[1] + 1] == ":":
                yield span[0], span[1], 0.85, "chat"


@needs(one_of("wrote:"))
def _wrote(text: str, _g: Gazetteer) -> Iterator[Hit]:
    for m in _WROTE.finditer(text):
        # Read backwards over at most four name tokens before "wrote:".
        lo = max(0, m.start() - 120)
        head = text[lo : m.start()].rstrip()
        picked: list[re.Match[str]] = []
        for tok in reversed(list(WORD.finditer(head))):
            gap = head[tok.end() : picked[-1].start() if picked else len(head)]
            word = tok.group()
            is_part = is_name_token(word) and word.casefold() not in NOT_NAMES
            if gap.strip(" \t") or len(picked) == 4 or not (is_part or word.casefold() in PARTICLES):
                break
            picked.append(tok)
        while picked and picked[-1].group().casefold() in PARTICLES:
            picked.pop()
        if picked:
            yield lo + picked[-1].start(), lo + picked[0].end(), 0.85, "wrote"


@needs(
    # One stem per label of _LABEL: " by" stands for every "<verb> by".
    one_of(
        *words("assign report author request contact owner customer patient pt attend physician"),
        *words("provider nurse employee name behalf attn cc watcher"),
        " by",
        caseless=True,
    ),
    one_of(":", "=", "-", "\u2013", " ", "\t"),
)
def _labels(text: str, g: Gazetteer) -> Iterator[Hit]:
    for m in _LABEL.finditer(text):
        label = m.group(1).casefold()
        while True:
            span = name_run(text, m.end())
            if span is None:
                break
            words = [w.group() for w in WORD.finditer(text, span[0], span[1])]
            if label in _WEAK_LABELS and not any(g.is_any(w) for w in words):
                break
            span = last_first(text, span)
            yield span[0], span[1], 0.85, "label"
            break


_SAID = re.compile(
    r"(?<![\w.@])([^\W\d_]+(?:['\u2019\-][^\W\d_]+)*)[ \t]+"
    r"(?:said|says|wrote|asked|mentioned|commented|confirmed|replied|reported|noted|suggested"
    r"|agreed|approved|thinks|will|is out|is on leave|joined|left)\b"
)


@needs(
    one_of(
        *words("said says wrote asked mentioned commented confirmed replied reported noted suggested agreed"),
        *words("approved thinks will joined left"),
        "is out",
        "is on leave",
    )
)
def _said(text: str, g: Gazetteer) -> Iterator[Hit]:
    # A lone given name as the subject of a speech verb: "Fabia said the fix is in PROJ-1".
    for m in _SAID.finditer(text):
        word = m.group(1)
        if is_name_token(word) and g.is_first(word) and word.casefold() not in NOT_NAMES:
            yield m.start(1), m.end(1), 0.7, "subject"


@needs(one_of("@"))
def _handles(text: str, g: Gazetteer) -> Iterator[Hit]:
    for m in _HANDLE.finditer(text):
        handle = m.group(1)
        if handle.casefold() in _NOT_HANDLES:
            continue
        end = m.end(1)
        if is_name_token(handle):
            # "@Pamela K. Young", "@Mihály Sárközi": Docs and Confluence mention people by display name.
            run = name_run(text, m.start(1))
            if run is not None and run[1] > end and g.is_first(handle):
                end = run[1]
        yield m.start(1), end, 0.6, "handle"
    for m in _FEDIVERSE.finditer(text):
        if m.group(1).casefold() not in _NOT_HANDLES:
            yield m.start(1), m.end(1), 0.6, "handle"


#: The rules of this module, in the order :func:`person_rules.find_names` runs them.
RULES: tuple[Callable[[str, Gazetteer], Iterator[Hit]], ...] = (
    _greetings,
    _signoffs,
    _headers,
    _chat_lines,
    _wrote,
    _labels,
    _said,
    _handles,
)

"""Repairs to the model's PERSON spans that the text around them and the names gazetteer justify.

A small model makes the same few span mistakes in tool output, whatever the product:

- it runs two mentions together ("Cole Goodwin @Andrew Downs") or keeps a role noun in front of a
  name ("Defendant Sangha");
- it starts a name at its middle initial ("G. Halimah" of "Ani G. Halimah") or drops the given name of
  a lower-case pair ("koshy" of "yashasvi koshy");
- it splits a ``Last, First`` field ("Moura, Gabrielly") into two names or keeps one half of it;
- it takes a firm ("Hughes, Eaton and Newman", "Serrano Inc") or a town ("Wilsonburgh") for a person
  (they come back as ORGANIZATION and LOCATION), and a capitalised English word that opens a line
  ("Paid", "Reply") or an account number too (dropped).

Each repair needs evidence beyond the model's guess: a known given or family name, an initial, a
comma field, an organisation word. Spans stay character offsets into the text the model read.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from dlp.classifiers.name_gazetteer import WORD, Gazetteer, is_name_token
from dlp.classifiers.name_shapes import ORG_WORDS

Span = tuple[int, int]
PERSON, ORGANIZATION, LOCATION = "PERSON", "ORGANIZATION", "LOCATION"

#: Role nouns written before a name; the name is what follows them ("Defendant Sangha").
_ROLE_WORDS = frozenset(
    """
    defendant plaintiff petitioner respondent appellant appellee claimant debtor creditor patient
    customer client member subscriber agent employee candidate applicant requester reporter assignee
    approver reviewer guest student parent guardian counsel attorney provider caller solicitor patron
    seller buyer signer tenant landlord owner donor volunteer evaluator interviewer coach médico
    paciente doctor nurse
    """.split()  # noqa: SIM905 - a word list reads better as prose
)
#: Endings of English-style town names that are rarely family names ("Wilsonburgh", "Cookville").
_TOWN_ENDINGS = ("ville", "burgh", "borough", "bury", "haven", "mouth", "stad", "furt", "chester", "shire")
#: A mention inside a span: the next name starts at the "@".
_MENTION = re.compile(r"[ \t]+@(?=\w)")
#: "Ani G. Halimah": a name word and a space before a span that starts at an initial.
_WORD_BEFORE = re.compile(r"([^\W\d_]+(?:['\u2019\-][^\W\d_]+)*)[ \t]+$")
_INITIAL_START = re.compile(r"[A-Z]\.")
#: ", First" (maybe ", First M.") after a one-word family name.
_COMMA_GIVEN = re.compile(r",[ \t]+([^\W\d_]+(?:['\u2019\-][^\W\d_]+)*)(?:[ \t]+[A-Z]\.)?")
#: ", C." after a family name; " W." closing a given name ("Sanders, Michael W.").
_COMMA_INITIAL = re.compile(r",[ \t]+[A-Z]\.(?=[ \t]|$)")
_TRAILING_INITIAL = re.compile(r"[ \t]+[A-Z]\.$")
#: Credentials written after a name ("Meyer, David MD"); no part of it.
_CREDENTIAL = re.compile(r"[ \t,]+(?:MD|M\.D\.|DO|RN|NP|PA-C|PhD|DDS|DMD|Esq\.?|CPA)$")
#: "Last, " before a one-word given name.
_FAMILY_COMMA = re.compile(r"([^\W\d_]+(?:['\u2019\-][^\W\d_]+)*),[ \t]+$")
_CONJ_TAIL = re.compile(r",?[ \t]+(?:and|&|e|y|und|et)[ \t]+[^\W\d_]")
#: Another comma-separated name after a field: "Reed, Kenneth, Lee" is a list.
_LIST_NEXT = re.compile(r",[ \t]*[^\W\d_]")
_CONJ = re.compile(r"[ \t](?:and|&|e|y|und|et)[ \t]")
_ORG_AFTER = re.compile(r",?[ \t]+([^\W\d_]+(?:\.[^\W\d_]+)*)\.?")
#: "and Shields": the partner named after the conjunction of a firm's name.
_PARTNER = re.compile(r",?[ \t]+(?:and|&|e|y|und|et)[ \t]+([^\W\d_]+(?:\.[^\W\d_]+)*)")
#: "[Potts], Baldwin and Shields": more names after a one-word span.
_LIST_TAIL = re.compile(r"(?:,[ \t]+[^\W\d_]+)+(?=,?[ \t]+(?:and|&|e|y|und|et)[ \t])")
_NAME_WORD_NEXT = re.compile(r"[ \t]+[^\W\d_]")
#: Words that open a firm's name ("Hermanos Azcona", "Grupo Ferrer", Indonesian "CV" and "PT").
_ORG_OPENERS = frozenset({"hermanos", "grupo", "groupe", "gruppo", "cv", "pt"})
#: A ticket or record id right after a word ("Envelope SEC-5043"), or an abbreviation's dot before
#: lower-case text ("Conf. w/ client").
_ID_AFTER = re.compile(r"[ \t]+[A-Z]{2,}-\d+\b")
_ABBREVIATION = re.compile(r"\.[ \t]+[a-z]")
#: "Williams, Evans and " right before a one-word span: the span closes a firm's name.
_FIRM_HEAD = re.compile(r"[A-Z][^\W\d_]+(?:,[ \t]+[A-Z][^\W\d_]+)+,?[ \t]+(?:and|&|e|y|und|et)[ \t]+$")
_LOOKBEHIND = 40
_ID_DIGITS = 4


def _split_mentions(text: str, span: Span) -> list[Span]:
    """One span per mention: "Cole Goodwin @Andrew Downs" is two names."""
    start, end = span
    out: list[Span] = []
    for m in _MENTION.finditer(text, start, end):
        out.append((start, m.start()))
        start = m.end()
    out.append((start, end))
    return [s for s in out if s[1] > s[0]]


def _strip_role(text: str, span: Span) -> Span:
    """Drop a leading role and a trailing credential: "Defendant Sangha" -> "Sangha",
    "Meyer, David MD" -> "Meyer, David"."""
    start, end = span
    credential = _CREDENTIAL.search(text, start, end)
    if credential is not None and credential.start() > start:
        end = credential.start()
    m = WORD.match(text, start, end)
    if m and m.end() < end and text[m.end()] == " " and m.group().casefold() in _ROLE_WORDS:
        return m.end() + 1, end
    return start, end


def _extend_left(text: str, span: Span, g: Gazetteer) -> Span:
    """Take back the given name the model left out before an initial or in a lower-case pair."""
    start, end = span
    m = _WORD_BEFORE.search(text[max(0, start - _LOOKBEHIND) : start])
    if m is None:
        return span
    word = m.group(1)
    word_start = start - len(m.group(0))
    name_word = g.is_first(word) or (is_name_token(word) and not g.is_common(word))
    if _INITIAL_START.match(text, start) and name_word and word.casefold() not in _ROLE_WORDS:
        return word_start, end
    inside = text[start:end]
    if inside.islower() and word.islower() and g.is_first(word) and not g.is_common(word):
        return word_start, end
    return span


def _name_shaped(word: str) -> bool:
    # Title case, or capitals as registers and rosters write them ("CHAD, SAKSHAM").
    return is_name_token(word) or (word.isupper() and len(word) > 1)


def _is_family(word: str, g: Gazetteer) -> bool:
    # A family-name list entry proper: ``Gazetteer.is_last`` also accepts given names ("Alex, Maks").
    folded = word.casefold()
    return _name_shaped(word) and folded in g.last and folded not in g.first and not g.is_common(word)


def _field_alone(text: str, start: int, end: int) -> bool:
    """Whether ``Last, First`` at start..end stands alone, not inside a list ("Finn, Tammy and Mia")."""
    if text[:start].rstrip(" \t").endswith(","):
        return False
    return not (_CONJ_TAIL.match(text, end) or _LIST_NEXT.match(text, end))


def _pair(family: str, given: str, g: Gazetteer) -> bool:
    """Whether "family, given" reads as one reversed name: both known, one side unambiguous."""
    if not (_name_shaped(family) and _name_shaped(given)) or g.is_common(family) or g.is_common(given):
        return False
    if not (family.casefold() in g.last and g.is_first(given)):
        return False
    return _is_family(family, g) or _given_only(given, g)


def _last_first(text: str, span: Span, g: Gazetteer) -> Span:
    """Widen one half of a ``Last, First`` field to the whole field when the other half is a known name."""
    start, end = span
    word = _TRAILING_INITIAL.sub("", text[start:end])
    if " " in word:
        return span
    after = _COMMA_GIVEN.match(text, end)
    if after is not None and _pair(word, after.group(1), g) and _field_alone(text, start, after.end()):
        return start, after.end()
    initial = _COMMA_INITIAL.match(text, end)
    if initial is not None and _is_family(word, g) and _field_alone(text, start, initial.end()):
        return start, initial.end()  # "Mazilescu, C."
    before = _FAMILY_COMMA.search(text[max(0, start - _LOOKBEHIND) : start])
    if before and _pair(before.group(1), word, g):
        family_start = start - len(before.group(0))
        if _field_alone(text, family_start, end):
            return family_start, end
    return span


def _firm_end(text: str, end: int, g: Gazetteer) -> int | None:
    """Where a firm's name closes when ``end`` is followed by "and Shields", "e Monteverdi Group"...

    None when what follows is no firm's last partner: "Finn, Tammy and Michela Stradivari" lists
    people (the word after "and" is a given name or opens a full name).
    """
    m = _PARTNER.match(text, end)
    if m is None:
        return None
    partner = m.group(1)
    if partner.casefold().replace(".", "") in ORG_WORDS:
        return m.end()
    after = _ORG_AFTER.match(text, m.end())
    if after and after.group(1).casefold().replace(".", "") in ORG_WORDS:
        return after.end()  # "e Monteverdi Group"
    # An initial ("and M. Walker") opens a name; a firm closes on a partner's family name.
    closes = len(partner) > 1 and partner[:1].isupper() and not _given_only(partner, g)
    return m.end() if closes and not _NAME_WORD_NEXT.match(text, m.end()) else None


def _given_only(word: str, g: Gazetteer) -> bool:
    """A given name that is no family name ("Tammy", not "Smith" or "Kennedy", which are both)."""
    folded = word.casefold()
    return folded in g.first and folded not in g.last


def classify(text: str, span: Span, g: Gazetteer) -> tuple[str, Span] | None:
    """What a model PERSON span really is: ``("PERSON", span)``, a firm or a town with its own span,
    or None for an English word, a heading or an id."""
    start, end = span
    inside = text[start:end]
    words = WORD.findall(text, start, end)
    if not words or sum(ch.isdigit() for ch in inside) >= _ID_DIGITS:
        return None  # "GB78HQHE36556657943750" is an account number ("veronelle1" is a handle)
    if words[-1].casefold() in ORG_WORDS:
        return ORGANIZATION, span
    if "," in inside and _CONJ.search(text, start, end):
        return ORGANIZATION, span  # "Hughes, Eaton and Newman" read as one name
    # A firm's first partner is one word; "Alfred Dahl, Greene and Sons" names a man and a firm.
    tail = _LIST_TAIL.match(text, end) if len(words) == 1 else None
    listed = words[1:] + (WORD.findall(tail.group()) if tail else [])
    # "Chloe, Sherri and Jordan": a given name in the list makes it people, not partners.
    people = any(_given_only(w, g) for w in listed)
    firm_end = (
        _firm_end(text, tail.end() if tail else end, g) if ("," in inside or tail) and not people else None
    )
    if firm_end is not None:
        return ORGANIZATION, (start, firm_end)  # "Passalacqua, Musatti e Monteverdi Group"
    partner = _PARTNER.match(text, end)
    if partner and partner.group(1).casefold() in ORG_WORDS:
        return ORGANIZATION, (start, partner.end())  # "Gilles Faivre et Fils", "Potts and Sons"
    if words[0].casefold() in _ORG_OPENERS and len(words) > 1:
        return ORGANIZATION, span  # "Hermanos Azcona", "CV Halimah Pranowo"
    org = _ORG_AFTER.match(text, end)
    if org and org.group(1).casefold().replace(".", "") in ORG_WORDS:
        return ORGANIZATION, (start, org.end())  # "Serrano Inc", "Legrand Jacob S.A.R.L."
    if len(words) == 1:
        word = words[0]
        # Only capitalised words: the model reads a lower-case "trump" from its sentence, but takes
        # a capitalised English word that opens a line ("Paid", "Reply") for a name.
        capitalised = word[:1].isupper() and len(word) >= 3 and (word[1:].islower() or word.isupper())
        if capitalised and g.is_common(word) and not g.is_any(word):
            return None
        if word.isupper() and _caps_heading(text, start, end, g):
            return None  # "BILL TO": a form heading
        if word.casefold().endswith(_TOWN_ENDINGS) and not g.is_any(word):
            return LOCATION, span
        if text.startswith(":", end) and not g.is_any(word):
            return None  # "Kayako: ...", "Médico: ...": a field label or a product, not a speaker
        firm = _FIRM_HEAD.search(text, max(0, start - _LOOKBEHIND), start)
        if firm and not any(_given_only(w, g) for w in WORD.findall(firm.group())):
            return ORGANIZATION, (firm.start(), end)  # "[Williams, Evans and] Webster"
        if not g.is_any(word) and (_ID_AFTER.match(text, end) or _ABBREVIATION.match(text, end)):
            return None  # "Envelope SEC-5043", "Conf. w/ client": a record type, an abbreviation
    return PERSON, span


def _caps_heading(text: str, start: int, end: int, g: Gazetteer) -> bool:
    """Whether the span's line is an upper-case heading of English words ("BILL TO", "SHIP TO")."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    others = WORD.findall(text[line_start : len(text) if line_end < 0 else line_end])
    others = [w for w in others if w != text[start:end]]
    return bool(others) and all(w.isupper() and g.is_common(w) for w in others)


def repair_person_spans(text: str, spans: Sequence[Span], g: Gazetteer) -> list[tuple[str, int, int]]:
    """(entity, start, end) for the model's PERSON spans after the repairs above.

    Firms come back as ORGANIZATION and towns as LOCATION; overlapping results keep the longest.
    """
    repaired: set[tuple[str, int, int]] = set()
    for span in spans:
        for piece in _split_mentions(text, span):
            verdict = classify(text, _last_first(text, _extend_left(text, _strip_role(text, piece), g), g), g)
            if verdict is not None:
                repaired.add((verdict[0], *verdict[1]))
    kept: list[tuple[str, int, int]] = []
    for item in sorted(repaired, key=lambda r: (r[1] - r[2], r[1], r[0])):
        if all(item[2] <= k[1] or item[1] >= k[2] for k in kept):
            kept.append(item)
    return sorted(kept, key=lambda r: (r[1], r[2]))

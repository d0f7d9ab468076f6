"""The ``ner`` detector (spaCy pipeline, batched) and the free-text gate the engine runs it behind.

NER is the slowest detector by far, so the engine calls :func:`is_free_text` first and only sends
human-written prose: never identifiers, URLs, timestamps, base64, hex, e-mail addresses or code.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from dlp.classifiers.name_gazetteer import Gazetteer
from dlp.classifiers.ner_repair import repair_person_spans
from dlp.classifiers.person_fields import OtherName, other_name
from dlp.findings import Finding, ScanContext
from dlp.models.loader import LoadedPipeline

if TYPE_CHECKING:
    from spacy.tokens import Span

NER_ENTITIES = frozenset({"PERSON", "LOCATION", "ORGANIZATION"})

_URL = re.compile(r"(?i)^(?:[a-z][a-z0-9+.\-]*://|www\.)\S+$")
_EMAIL = re.compile(r"^[^\s@]+@[^\s@]+\.[^\s@]+$")
_UUID = re.compile(r"(?i)^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
_HEX = re.compile(r"(?i)^(?:0x)?[0-9a-f]{8,}$")
_BASE64 = re.compile(r"^[A-Za-z0-9+/_\-]{16,}={0,2}$")
_TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}(?:[T ][\d:.]+(?:Z|[+\-]\d{2}:?\d{2})?)?$|^\d{9,13}$")
_IDENT = re.compile(r"^[\w.\-/:#]+$")
#: Lines that read as source code rather than prose.
_CODE_LINE = re.compile(
    r"^\s*(?:def |class |import |from \S+ import |function |const |let |var |public |private |"
    r"#include|package |func |return\b|if\s*\(|for\s*\(|while\s*\(|}\s*$|{\s*$|</?[a-zA-Z][^>]*>$)"
)
_CODE_CHARS = frozenset("{}();=<>[]")


def _looks_like_code(text: str) -> bool:
    lines = [ln for ln in text.splitlines() if ln.strip()]
    if not lines:
        return False
    code_lines = sum(1 for ln in lines if _CODE_LINE.match(ln) or ln.rstrip().endswith((";", "{", "}")))
    if len(lines) >= 2 and code_lines / len(lines) >= 0.4:
        return True
    symbols = sum(1 for ch in text if ch in _CODE_CHARS)
    return symbols / max(len(text), 1) > 0.08


def is_free_text(text: str, context: ScanContext) -> bool:
    """Whether NER is worth running on ``text`` (honours ``context.free_text`` when set)."""
    if context.free_text is not None:
        return context.free_text
    stripped = text.strip()
    if len(stripped) < 3 or not any(ch.isalpha() for ch in stripped):
        return False
    if " " not in stripped and "\n" not in stripped:
        # One token: an id, URL, hash, key, timestamp or a single word; the field-name and
        # gazetteer hints cover lone names without paying for a model pass.
        return False
    for shape in (_URL, _EMAIL, _UUID, _HEX, _BASE64, _TIMESTAMP, _IDENT):
        if shape.match(stripped):
            return False
    return not _looks_like_code(stripped)


def _chunks(text: str, limit: int) -> Iterator[tuple[int, str]]:
    """Pieces of at most ``limit`` characters, cut at a line or sentence end where possible."""
    start = 0
    while start < len(text):
        end = min(start + limit, len(text))
        if end < len(text):
            # A cut inside a sentence can split a name; prefer line, then sentence, then word ends.
            for sep in ("\n", ". ", " "):
                cut = text.rfind(sep, start, end)
                if cut > start:
                    end = cut + len(sep)
                    break
        yield start, text[start:end]
        start = end


#: Words a small model sometimes glues onto a name ("Hello Priya", "Signed, Ana", "Ana of Acme").
_LEADING = re.compile(
    r"(?i)^(?:hello|hi|hey|dear|thanks|thank you|cheers|regards|signed|pinging|ping|cc|attn|from|to)\b[\s,:]*"
)
_TRAILING = re.compile(r"(?i)[\s,]+(?:of|and|from|at|in|on|for|to|said|wrote)$")


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop handle sigils, punctuation and greeting/function words from the edges of a span."""
    while start < end and not text[start].isalnum():
        start += 1
    while end > start and not (text[end - 1].isalnum() or text[end - 1] == "."):
        end -= 1
    lead = _LEADING.match(text, start, end)
    if lead:
        # A span that is nothing but "Signed," or "Hello" is no name at all.
        start = lead.end() if lead.end() < end else end
    trail = _TRAILING.search(text, start, end)
    if trail and trail.start() > start:
        end = trail.start()
    return start, end


#: Longer values, line breaks or a second sentence make a slot prose, which may mention anyone
#: whatever its key says; a name field is one short line.
_NAME_FIELD_MAX = 120
_SECOND_SENTENCE = re.compile(r"[.!?]\s+\S+\s")
#: "Dana Lee's workspace", "Onboarding for Dana Lee": a thing named after its owner or its subject.
_POSSESSIVE = re.compile("['\u2019]s\\b")
_SUBJECT_BEFORE = re.compile(r"(?i)\b(?:for|with|by|cc|attn)\s+$")


def _name_of_other(text: str, context: ScanContext) -> OtherName | None:
    """What the slot names when it is a short name field of something other than a person."""
    if len(text) > _NAME_FIELD_MAX or "\n" in text or _SECOND_SENTENCE.search(text):
        return None
    return other_name(context)


def _names_a_person_inside(text: str, start: int, end: int) -> bool:
    """Whether the PERSON span is a person the thing is named after or for, not the thing's name."""
    # The possessive may sit inside the span ("Dana Lee's") or just after it.
    owner = _POSSESSIVE.search(text, start, min(end + 2, len(text)))
    return bool(owner or _SUBJECT_BEFORE.search(text, 0, start))


class NerDetector:
    """``ner``: PERSON, LOCATION and ORGANIZATION from the loaded spaCy pipeline."""

    name = "ner"
    entities = NER_ENTITIES

    def __init__(
        self,
        pipeline: LoadedPipeline,
        score: float = 0.85,
        batch_size: int = 64,
        max_chars: int = 10_000,
        gazetteer: Gazetteer | None = None,
    ) -> None:
        """``gazetteer`` backs the PERSON span repairs (:mod:`ner_repair`); the committed lists if None."""
        self._pipeline = pipeline
        self._gazetteer = gazetteer or Gazetteer.shared()
        self._score = score
        self._batch_size = batch_size
        self._max_chars = max_chars

    @property
    def pipeline(self) -> LoadedPipeline:
        """The pipeline in use (name, version, source and any fallback warning)."""
        return self._pipeline

    def detect(self, text: str, context: ScanContext) -> list[Finding]:
        """Entities in one text."""
        return self.detect_batch([text], [context])[0]

    def detect_batch(self, texts: Sequence[str], contexts: Sequence[ScanContext]) -> list[list[Finding]]:
        """Entities in each text, in input order, with one ``nlp.pipe`` pass over all of them."""
        if len(texts) != len(contexts):
            raise ValueError("texts and contexts differ in length")
        pieces: list[tuple[int, int, str]] = []
        for index, text in enumerate(texts):
            for offset, piece in _chunks(text, self._max_chars):
                pieces.append((index, offset, piece))
        out: list[list[Finding]] = [[] for _ in texts]
        # The model reads "Dixon, Kennedy and Peters" as people; under ``company.name`` it is a firm.
        others = [_name_of_other(text, context) for text, context in zip(texts, contexts, strict=True)]
        docs = self._pipeline.nlp.pipe((p[2] for p in pieces), batch_size=self._batch_size)
        for (index, offset, piece), doc in zip(pieces, docs, strict=True):
            for label, start, end in self._entities(piece, doc.ents):
                entity, other = label, others[index]
                if entity == "PERSON" and other is not None and not _names_a_person_inside(piece, start, end):
                    if other is OtherName.THING:
                        continue
                    entity = other.value
                out[index].append(Finding.of(entity, offset + start, offset + end, self._score, self.name))
        return out

    def _entities(self, piece: str, ents: Sequence[Span]) -> list[tuple[str, int, int]]:
        """Canonical entity and trimmed span of each model entity; PERSON spans repaired."""
        found: list[tuple[str, int, int]] = []
        people: list[tuple[int, int]] = []
        for ent in ents:
            entity = self._pipeline.canonical(ent.label_)
            if entity is None:
                continue
            start, end = _trim(piece, ent.start_char, ent.end_char)
            if entity == "PERSON":
                # "Priya Shah of Acme": the model sometimes runs a name into its employer.
                cut = piece.find(" of ", start, end)
                end = cut if cut > start else end
            if end - start < 2 or not any(ch.isalpha() for ch in piece[start:end]):
                continue
            if entity == "PERSON":
                people.append((start, end))
            else:
                found.append((entity, start, end))
        found.extend(repair_person_spans(piece, people, self._gazetteer))
        return sorted(found, key=lambda item: (item[1], item[2]))

"""Overlapping findings through the real engine: no character of any remediated finding goes out
raw, the strictest action covers the union, and a pattern rule's reading names the region.

A real value (IBAN, e-mail, street address, BIC, card) is found by the real pattern scanner; an
NER-like guess is planted around, inside, across or on it, with every action the policy knows,
with and without the health context that raises a PERSON to PHI. The NER model cannot be made
to read a chosen span, so only the guess is planted; policy, resolution and operators are real.
"""

from __future__ import annotations

import base64
from collections.abc import Iterator
from dataclasses import replace

import pytest

from dlp.classifiers.registry import all_pattern_rules
from dlp.classifiers.scanner import PatternScanner
from dlp.config import Config
from dlp.context import InspectContext
from dlp.decision import ACTION_STRENGTH, Action
from dlp.engine import Engine
from dlp.entities import HEALTH_ELEVATED, DataClass
from dlp.findings import Finding, ScanContext
from dlp.wiring import build_engine

# The PHI rule comes first, as in the shipped policies: in health context a name is redacted
# whatever the guess's own rule says. Guesses pick their action through ``kind``.
POLICY = """\
name: overlap-coverage
version: "1"
default_action: redact
min_score: 0.5
rules:
  - {id: health, match: {data_classes: [PHI]}, action: redact}
  - {id: guess-allow, match: {kinds: [allow]}, action: allow}
  - {id: guess-mask, match: {kinds: [mask]}, action: mask, keep_last: 0}
  - {id: guess-hash, match: {kinds: [hash]}, action: hash}
  - {id: guess-tokenize, match: {kinds: [tokenize]}, action: tokenize}
  - {id: guess-redact, match: {kinds: [redact]}, action: redact}
  - {id: guess-tombstone, match: {kinds: [tombstone]}, action: tombstone}
  - {id: guess-block, match: {kinds: [block]}, action: block}
  - {id: iban, match: {entities: [IBAN_CODE]}, action: mask, keep_last: 0}
  - {id: email, match: {entities: [EMAIL_ADDRESS]}, action: hash}
  - {id: address, match: {entities: [STREET_ADDRESS]}, action: redact}
  - {id: bic, match: {entities: [SWIFT_BIC]}, action: allow}
  - {id: card, match: {entities: [CREDIT_CARD]}, action: tokenize}
"""

#: Real values the pattern scanner finds, each with a different action under POLICY.
VALUES = [
    ("IBAN_CODE", "GB78HQHE36556657943750"),
    ("EMAIL_ADDRESS", "peggy.curry@morgan.com"),
    ("STREET_ADDRESS", "Calle de Isabel Pantoja 7, Madrid, 28012"),
    ("SWIFT_BIC", "KDONGB91"),
    ("CREDIT_CARD", "4539 1588 3047 2815"),
]
GUESS_ACTIONS = [
    Action(name) for name in ("allow", "mask", "hash", "tokenize", "redact", "tombstone", "block")
]
LEAD = "Wire the sum to "
TAIL = " tomorrow morning."
HEALTH_LEAD = "Diagnosed with diabetes; wire the sum to "
CONTEXT = InspectContext(tenant="acme")


class PlantedGuesses:
    """Stands in for the NER model: reports the PERSON spans it is given in the one text it is
    given, as NER (detector ``ner``) would."""

    name = "ner"
    entities = frozenset({"PERSON"})

    def __init__(self) -> None:
        self.text = ""
        self.spans: list[tuple[int, int, str, float]] = []

    def detect(self, text: str, context: ScanContext) -> list[Finding]:
        if text != self.text:
            return []
        return [
            Finding.of("PERSON", start, end, score, self.name, kind=kind)
            for start, end, kind, score in self.spans
        ]


@pytest.fixture(scope="module")
def scanner() -> PatternScanner:
    return PatternScanner(all_pattern_rules())


@pytest.fixture(scope="module")
def setup(tmp_path_factory: pytest.TempPathFactory, scanner: PatternScanner) -> tuple[Engine, PlantedGuesses]:
    tmp = tmp_path_factory.mktemp("overlaps")
    (tmp / "policy.yaml").write_text(POLICY, encoding="utf-8")
    engine = build_engine(Config(policy_path=tmp / "policy.yaml", data_dir=tmp / "data", ner_enabled=False))
    guesses = PlantedGuesses()
    return engine.derive(detectors=(scanner, guesses)), guesses


def geometries(start: int, end: int) -> Iterator[tuple[str, list[tuple[int, int]]]]:
    """Guess spans against a value at [start, end): inside, around, across each edge, on it, and
    two guesses chained across both edges."""
    yield "inside", [(start + 2, end - 2)]
    yield "around", [(start - 4, end + 4)]
    yield "across-start", [(start - 4, start + 4)]
    yield "across-end", [(end - 4, end + 4)]
    yield "identical", [(start, end)]
    yield "chain", [(start - 4, start + 4), (end - 4, end + 4)]


def raw_pieces(text: str, start: int, end: int) -> set[str]:
    """Four-character runs of letters and digits in text[start:end] found nowhere else in the
    text: if one shows up in the output, those characters went out raw."""
    return {
        text[index : index + 4]
        for index in range(start, end - 3)
        if text[index : index + 4].isalnum() and text.count(text[index : index + 4]) == 1
    }


@pytest.mark.parametrize("health", [False, True], ids=["plain", "health"])
@pytest.mark.parametrize("guess_action", GUESS_ACTIONS, ids=str)
@pytest.mark.parametrize(("entity", "value"), VALUES, ids=[entity for entity, _value in VALUES])
def test_every_character_of_a_remediated_finding_is_covered(
    setup: tuple[Engine, PlantedGuesses],
    scanner: PatternScanner,
    entity: str,
    value: str,
    guess_action: Action,
    health: bool,
) -> None:
    engine, guesses = setup
    lead = HEALTH_LEAD if health else LEAD
    text = lead + value + TAIL
    start, end = len(lead), len(lead) + len(value)
    patterns = scanner.detect(text, ScanContext())
    assert any(f.entity == entity and (f.start, f.end) == (start, end) for f in patterns)
    message = {"jsonrpc": "2.0", "id": 1, "result": {"content": [{"type": "text", "text": text}]}}
    guesses.text = text
    for score in (0.6, 0.99):
        for shape, spans in geometries(start, end):
            where = f"{shape}, guess score {score}"
            guesses.spans = [(s, e, guess_action.value, score) for s, e in spans]
            outcome = engine.inspect(message, CONTEXT)
            assert outcome.failure is None, where
            # What the policy does with each finding alone, raised to PHI as the engine raises it.
            raw = patterns + guesses.detect(text, ScanContext())
            own = engine.policy.decide([_raised(f, health) for f in raw], CONTEXT).actions
            if any(item.action is Action.BLOCK for item in own):
                assert outcome.blocked, where
                continue
            rewritten = outcome.message["result"]["content"][0]["text"]
            settled = outcome.decision.actions
            for item in own:
                if item.action is Action.ALLOW:
                    continue
                finding = item.finding
                for index in range(finding.start, finding.end):
                    cover = [a for a in settled if a.finding.start <= index < a.finding.end]
                    assert cover, f"{where}: character {index} of {finding.entity} is not remediated"
                    assert ACTION_STRENGTH[cover[0].action] >= ACTION_STRENGTH[item.action], where
                leaked = {
                    piece for piece in raw_pieces(text, finding.start, finding.end) if piece in rewritten
                }
                assert not leaked, f"{where}: characters of {finding.entity} went out raw"
            value_allowed = all(i.action is Action.ALLOW for i in own if i.finding.entity == entity)
            all_allowed = all(item.action is Action.ALLOW for item in own)
            named = [a.finding.entity for a in settled if a.finding.start <= start < a.finding.end]
            if not value_allowed or all_allowed:
                # The pattern rule's reading names its characters: a guess never relabels it.
                assert named == [entity], where


def _raised(finding: Finding, health: bool) -> Finding:
    if health and finding.entity in HEALTH_ELEVATED:
        return replace(finding, data_class=DataClass.PHI)
    return finding


@pytest.mark.parametrize("guess_action", [Action.REDACT, Action.BLOCK], ids=str)
def test_overlaps_in_a_text_attachment_are_settled_as_strictly(
    setup: tuple[Engine, PlantedGuesses], guess_action: Action
) -> None:
    engine, guesses = setup
    iban = "GB78HQHE36556657943750"
    text = LEAD + iban + TAIL
    start = len(LEAD)
    guesses.text, guesses.spans = text, [(start - 4, start + 4, guess_action.value, 0.99)]
    blob = base64.b64encode(text.encode()).decode()
    resource = {"uri": "file:///tmp/export", "mimeType": "application/octet-stream", "blob": blob}
    message = {"jsonrpc": "2.0", "id": 1, "result": {"content": [{"type": "resource", "resource": resource}]}}
    outcome = engine.inspect(message, CONTEXT)
    assert outcome.failure is None
    if guess_action is Action.BLOCK:
        assert outcome.blocked
        return
    rewritten = base64.b64decode(outcome.message["result"]["content"][0]["resource"]["blob"]).decode()
    assert not {piece for piece in raw_pieces(text, start - 4, start + len(iban)) if piece in rewritten}
    assert rewritten.endswith(TAIL)

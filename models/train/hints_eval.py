"""What each PERSON hint adds to the model on held-out tool output (model card ablation table).

The set is the synthetic held-out sentences (no field context) plus held-out structured records:
a value under a key (``assignee.displayName``, ``patient_name``, ``project.name``, ``status``...)
as the engine's walker would present it. Detectors run the way the engine runs them: NER only
where :func:`is_free_text` says so, hints everywhere; overlaps are resolved by score, then length.
:func:`blind_cases` is the same measurement on the blind set of ``templates_blind`` (written after
the hint rules were frozen); :func:`fresh_cases` on the fresh set of ``templates_fresh`` (written when
both earlier sets had guided changes; never measured before the build that added it); :func:`sealed_cases`
on the sealed set of ``templates_sealed`` (written when FRESH became a development set; nothing was run
on it while it was written); :func:`dev2_cases` on the second development set of ``templates_dev2``
(written beside SEALED so that error analysis has a set of its own; not part of the build).
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span

from dlp.classifiers.ner import NerDetector, is_free_text
from dlp.classifiers.person_hints import person_hint_detectors
from dlp.findings import Finding, ScanContext
from dlp.models.loader import LoadedPipeline
from dlp.models.train.fill import Filler
from dlp.models.train.prepare import SEED, synthetic
from dlp.models.train.shapes import last_first
from dlp.models.train.templates import HELDOUT
from dlp.models.train.templates_blind import BLIND, BLIND_OTHER_KEYS, BLIND_PERSON_KEYS
from dlp.models.train.templates_dev2 import DEV2, DEV2_OTHER_KEYS, DEV2_PERSON_KEYS
from dlp.models.train.templates_fresh import FRESH, FRESH_OTHER_KEYS, FRESH_PERSON_KEYS
from dlp.models.train.templates_sealed import SEALED, SEALED_OTHER_KEYS, SEALED_PERSON_KEYS

Case = tuple[str, ScanContext, tuple[tuple[int, int], ...]]
#: (field_path_tail, field_name, value kind) of one payload key (see ``templates_blind``).
Key = tuple[str, str, str]

#: (field_path_tail, field_name) of keys holding a person's name, as Jira/Slack/FHIR-ish tools use them.
PERSON_KEYS: tuple[tuple[str, str], ...] = (
    ("assignee.displayname", "displayname"),
    ("fields.reporter", "reporter"),
    ("record.patient_name", "patient_name"),
    ("user.real_name", "real_name"),
    ("reporter.name", "name"),
    ("order.customer_name", "customer_name"),
    ("comment.author", "author"),
    ("profile.full_name", "full_name"),
)
#: Keys whose values are not people (capitalised values included, to price false positives).
OTHER_KEYS: tuple[tuple[str, str], ...] = (
    ("project.name", "name"),
    ("fields.status", "status"),
    ("account.company", "company"),
    ("address.city", "city"),
    ("issue.summary", "summary"),
)


def records(count: int, seed: int) -> list[Case]:
    """Held-out key/value slots; PERSON gold spans cover whole values under person keys."""
    filler = Filler(seed)
    rng = random.Random(seed)  # noqa: S311 - reproducible synthetic text, not security
    out: list[Case] = []
    for i in range(count):
        filler.new_person()
        if i % 2 == 0:
            tail, name = rng.choice(PERSON_KEYS)
            value = filler.person()
            out.append((value, ScanContext(field_name=name, field_path_tail=tail), ((0, len(value)),)))
        else:
            tail, name = rng.choice(OTHER_KEYS)
            value = {
                "name": f"{filler.plain('team')} {filler.plain('product')} migration",
                "status": filler.plain("status"),
                "company": filler.org(),
                "city": filler.loc(),
                "summary": filler.plain("sentence"),
            }[name]
            out.append((value, ScanContext(field_name=name, field_path_tail=tail), ()))
    return out


def cases() -> list[Case]:
    """The held-out PERSON evaluation set."""
    out: list[Case] = []
    for rec in synthetic(HELDOUT, 2000, SEED + 2):
        gold = tuple((s, e) for s, e, label in rec.spans if label == "PERSON")
        out.append((rec.text, ScanContext(), gold))
    out.extend(records(1000, SEED + 3))
    return out


def _key_value(kind: str, filler: Filler, rng: random.Random) -> str:
    """A value of ``kind`` (see the ``*_KEYS`` of ``templates_blind``/``_fresh``/``_sealed``), slots only."""
    plain = filler.plain
    builders: dict[str, Callable[[], str]] = {
        "person": filler.person,
        "first": filler.first,
        "last": filler.last,
        "handle": filler.handle,
        "org": filler.org,
        "loc": filler.loc,
        "plan": lambda: f"{plain('team')} {rng.choice(('Monthly', 'Annual'))}",
        "repo": lambda: f"{plain('team')}/{plain('product')}-{plain('word')}",
        "channel": lambda: f"{plain('team')}-{plain('word')}",
        "service": lambda: f"{plain('team')} {plain('product')}",
        "event": lambda: f"{plain('team')} {rng.choice(('Sync', 'Standup', 'Retro', 'Planning'))}",
        "milestone": lambda: rng.choice((f"Sprint {plain('num')}", f"v{plain('num')}.{plain('num')}")),
        "group": lambda: f"{plain('team')} Support",
        "sentence": lambda: plain("sentence"),
        "prio": lambda: plain("prio"),
        "team": lambda: plain("team"),
        "product": lambda: plain("product"),
        "status": lambda: plain("status"),
        "drug": lambda: plain("drug"),
        "role": lambda: f"{plain('team')}{rng.choice(('Deploy', 'ReadOnly', 'Admin'))}Role",
        "monitor": lambda: f"{plain('product')} error rate above {plain('num')}/min on {plain('team')}",
        "course": lambda: f"{rng.choice(('Biology', 'Algebra', 'World History'))} {plain('num')}",
        # Kinds the sealed keys added; a builder draws nothing until its kind is asked for, so the
        # earlier sets' records are unchanged.
        "lastfirst": lambda: last_first(filler),
        "ufirst": lambda: filler.first().upper(),
        "ulast": lambda: filler.last().upper(),
        "jobtitle": lambda: plain("role"),
        "dept": lambda: plain("dept"),
        "street": lambda: str(filler.en.street_address()),
    }
    value = builders[kind]()
    # Repository, channel and Kubernetes object slugs are lower case in the payloads that carry them.
    return value.lower() if kind in ("repo", "channel") else value


def keyed_records(count: int, seed: int, person_keys: Sequence[Key], other_keys: Sequence[Key]) -> list[Case]:
    """Key/value slots, half under ``person_keys`` (gold: the whole value), half under ``other_keys``."""
    filler = Filler(seed)
    rng = random.Random(seed)  # noqa: S311 - reproducible synthetic text, not security
    out: list[Case] = []
    for i in range(count):
        filler.new_person()
        tail, name, kind = rng.choice(person_keys if i % 2 == 0 else other_keys)
        value = _key_value(kind, filler, rng)
        gold = ((0, len(value)),) if i % 2 == 0 else ()
        out.append((value, ScanContext(field_name=name, field_path_tail=tail), gold))
    return out


def blind_records(count: int, seed: int) -> list[Case]:
    """Blind key/value slots (half under person keys, half not) from ``templates_blind``."""
    return keyed_records(count, seed, BLIND_PERSON_KEYS, BLIND_OTHER_KEYS)


def fresh_records(count: int, seed: int) -> list[Case]:
    """Fresh key/value slots (half under person keys, half not) from ``templates_fresh``."""
    return keyed_records(count, seed, FRESH_PERSON_KEYS, FRESH_OTHER_KEYS)


def sealed_records(count: int, seed: int) -> list[Case]:
    """Sealed key/value slots (half under person keys, half not) from ``templates_sealed``."""
    return keyed_records(count, seed, SEALED_PERSON_KEYS, SEALED_OTHER_KEYS)


def dev2_records(count: int, seed: int) -> list[Case]:
    """Second development set's key/value slots (half under person keys, half not) from ``templates_dev2``."""
    return keyed_records(count, seed, DEV2_PERSON_KEYS, DEV2_OTHER_KEYS)


def sentence_cases(templates: tuple[str, ...], count: int, seed: int) -> list[Case]:
    """``count`` filled templates without field context; gold is their PERSON spans."""
    out: list[Case] = []
    for rec in synthetic(templates, count, seed):
        gold = tuple((s, e) for s, e, label in rec.spans if label == "PERSON")
        out.append((rec.text, ScanContext(), gold))
    return out


def blind_cases() -> list[Case]:
    """The blind PERSON evaluation set (written after the hint rules were frozen; measure once)."""
    return [*sentence_cases(BLIND, 1500, SEED + 4), *blind_records(750, SEED + 5)]


def fresh_cases() -> list[Case]:
    """The fresh PERSON evaluation set (nobody tuned on it; first measured by the build that added it)."""
    return [*sentence_cases(FRESH, 1500, SEED + 6), *fresh_records(750, SEED + 7)]


def sealed_cases() -> list[Case]:
    """The sealed PERSON evaluation set (nothing was run on it while it was written; tune nothing on it)."""
    return [*sentence_cases(SEALED, 1500, SEED + 8), *sealed_records(750, SEED + 9)]


def dev2_cases() -> list[Case]:
    """The second development PERSON set (its errors may be analysed; changes are then scored on SEALED)."""
    return [*sentence_cases(DEV2, 1500, SEED + 10), *dev2_records(750, SEED + 11)]


def _is_name(ent: Span) -> bool:
    # BTC annotates the "@" of a mention as a PERSON of its own; a lone "@" is no name.
    return ent.label_ == "PERSON" and any(ch.isalnum() for ch in ent.text)


def gold_cases(docs: Sequence[Doc]) -> list[Case]:
    """Gold-annotated documents as cases (free text, no field context; lone "@" spans dropped)."""
    return [
        (
            doc.text,
            ScanContext(free_text=True),
            tuple((e.start_char, e.end_char) for e in doc.ents if _is_name(e)),
        )
        for doc in docs
    ]


def resolve(findings: Sequence[Finding]) -> list[Finding]:
    """Disjoint spans: highest score first, then longest (the engine's overlap rule)."""
    kept: list[Finding] = []
    for f in sorted(findings, key=lambda f: (-f.score, -f.length, f.start)):
        if all(f.end <= k.start or f.start >= k.end for k in kept):
            kept.append(f)
    return kept


def _prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": round(p, 4), "r": round(r, 4), "f": round(f, 4), "tp": tp, "fp": fp, "fn": fn}


def ablation(nlp: Language, data: list[Case] | None = None) -> dict[str, Any]:
    """PERSON P/R/F for the model alone and with each hint added in turn (default: tool output)."""
    data = cases() if data is None else data
    pipeline = LoadedPipeline(nlp=nlp, name="candidate", labels=(), source="shipped", version="0")
    ner = NerDetector(pipeline)
    field, gazetteer, pattern = person_hint_detectors()
    gated = [i for i, (text, ctx, _) in enumerate(data) if is_free_text(text, ctx)]
    ner_out = ner.detect_batch([data[i][0] for i in gated], [data[i][1] for i in gated])
    model: list[list[Finding]] = [[] for _ in data]
    for i, found in zip(gated, ner_out, strict=True):
        model[i] = [f for f in found if f.entity == "PERSON"]
    steps = (
        ("model", ()),
        ("+field names", (field,)),
        ("+gazetteer", (field, gazetteer)),
        ("+patterns", (field, gazetteer, pattern)),
    )
    results: dict[str, Any] = {"cases": len(data), "gold_person": sum(len(g) for _, _, g in data)}
    for label, detectors in steps:
        tp = fp = fn = 0
        for i, (text, ctx, gold) in enumerate(data):
            found = list(model[i])
            for det in detectors:
                found.extend(det.detect(text, ctx))
            predicted = {(f.start, f.end) for f in resolve(found)}
            tp += len(predicted & set(gold))
            fp += len(predicted - set(gold))
            fn += len(set(gold) - predicted)
        results[label] = _prf(tp, fp, fn)
    return results

"""Repairs to the model's PERSON spans: each repair with the case it exists for and the case it must leave."""

from __future__ import annotations

import pytest

from dlp.classifiers.name_gazetteer import Gazetteer
from dlp.classifiers.ner_repair import classify, repair_person_spans

GAZ = Gazetteer.load()


def _span(text: str, part: str) -> tuple[int, int]:
    start = text.index(part)
    return start, start + len(part)


def _not_a_person(text: str, span: str) -> bool:
    verdict = classify(text, _span(text, span), GAZ)
    return verdict is None or verdict[0] != "PERSON"


def _repaired(text: str, *parts: str) -> list[str]:
    spans = [_span(text, p) for p in parts]
    return [text[s:e] for entity, s, e in repair_person_spans(text, spans, GAZ) if entity == "PERSON"]


@pytest.mark.parametrize(
    ("text", "model", "expected"),
    [
        # Two mentions run together are two names.
        (
            "Attendees: @Cole Goodwin @Andrew Downs",
            ["Cole Goodwin @Andrew Downs"],
            ["Cole Goodwin", "Andrew Downs"],
        ),
        # A role noun is no part of the name.
        ("NOTICE of Appearance for Defendant Sangha (Entered)", ["Defendant Sangha"], ["Sangha"]),
        # The given name before a middle initial, and before a lower-case family name.
        ("New Event: Ani G. Halimah - 30 Minute Meeting", ["G. Halimah"], ["Ani G. Halimah"]),
        ("Owner column: yashasvi koshy (item 93)", ["koshy"], ["yashasvi koshy"]),
        # ...but not a verb before an initial.
        ("Called A. Respighi at the office", ["A. Respighi"], ["A. Respighi"]),
        # Last, First: either half widens to the field, and two halves merge.
        ("Moura, Gabrielly signed the form", ["Moura"], ["Moura, Gabrielly"]),
        ("Moura, Gabrielly signed the form", ["Gabrielly"], ["Moura, Gabrielly"]),
        ("Moura, Gabrielly signed the form", ["Moura", "Gabrielly"], ["Moura, Gabrielly"]),
        ("Gift from CHAD, SAKSHAM · Fund: Annual", ["SAKSHAM"], ["CHAD, SAKSHAM"]),
        ("Patron Mazilescu, C. · Fines", ["Patron Mazilescu"], ["Mazilescu, C."]),
        ("reassigned from Moura, Gabrielly W. to Leslie Fox", ["Gabrielly W."], ["Moura, Gabrielly W."]),
        ("Provider: Meyer, David MD · Billed", ["Meyer, David MD"], ["Meyer, David"]),
        ("Gift from Ana · Solicitor Tracy Davis · Ack", ["Solicitor Tracy Davis"], ["Tracy Davis"]),
        # A list of given names is not one reversed name.
        ("good morning Alex, Maks and everyone else", ["Alex", "Maks"], ["Alex", "Maks"]),
        ("on the call: Finn, Tammy and Michela Stradivari", ["Finn", "Tammy"], ["Finn", "Tammy"]),
    ],
)
def test_repairs(text: str, model: list[str], expected: list[str]) -> None:
    assert _repaired(text, *model) == expected


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("Sylvia Ginese\nDirector of SRE | Hughes, Eaton and Newman", "Hughes, Eaton and Newman"),
        ("ORG:Passalacqua, Musatti e Monteverdi Group", "Passalacqua, Musatti"),
        ("for Defendant Potts, Baldwin and Shields (Entered", "Potts"),
        ("Card ending 161 · Serrano Inc · $93", "Serrano"),
        ("Card ending 161 · Legrand Jacob S.A.R.L. · $93", "Legrand Jacob"),
        ("Order #218 · Ángela Lozano · Wilsonburgh · Paid", "Wilsonburgh"),
        ("Order #218 · Ángela Lozano · Wilsonburgh · Paid", "Paid"),
        ("BILL TO\nGraham, Owen", "BILL"),
        ("IBAN GB78HQHE36556657943750 on file", "GB78HQHE36556657943750"),
        ("Service provider: Gilles Faivre et Fils", "Gilles Faivre"),
        ("ORG:Hermanos Azcona S.A.", "Hermanos Azcona"),
        ("Envelope SEC-5043\nRecipients:", "Envelope"),
        ("0.335h  Conf. w/ client Seppälä re settlement", "Conf"),
        ("Kayako: Evans, A. replied by email", "Kayako"),
    ],
)
def test_not_a_person(text: str, span: str) -> None:
    assert _not_a_person(text, span)


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("According to Alfred Dahl, Greene and Sons will open an office", "Alfred Dahl"),
        ("Last Name,First Name,Company\nHolst,Julie,Reina & Sons", "Julie"),
        ("Cabrera, Blake and marie pinto approved the rollout", "Cabrera, Blake"),
        ("I wish the reporter stressed on trump about something useful", "trump"),
        ("RT @ veronelle1 : best wishes", "veronelle1"),
        ("Thanks, Mark", "Mark"),
        ("BILL SMITH\nSHIP TO", "BILL"),
        ("Smith and Jones reviewed it", "Smith"),
        ("good morning Chloe, Sherri and Jordan", "Chloe"),
        ("Assigned to Dana. she will follow up", "Dana"),
    ],
)
def test_still_a_person(text: str, span: str) -> None:
    assert not _not_a_person(text, span)


@pytest.mark.parametrize(
    ("text", "span", "entity", "whole"),
    [
        (
            '"Name": "Pruitt, Gonzales and Smith", "Phone"',
            "Pruitt, Gonzales",
            "ORGANIZATION",
            "Pruitt, Gonzales and Smith",
        ),
        (
            "for Defendant Potts, Baldwin and Shields (Entered",
            "Potts",
            "ORGANIZATION",
            "Potts, Baldwin and Shields",
        ),
        ("Card ending 161 · Serrano Inc · $93", "Serrano", "ORGANIZATION", "Serrano Inc"),
        ("Order #218 · Ángela Lozano · Wilsonburgh · Paid", "Wilsonburgh", "LOCATION", "Wilsonburgh"),
        (
            'Zap "New Williams, Evans and Webster lead" was off',
            "Webster",
            "ORGANIZATION",
            "Williams, Evans and Webster",
        ),
    ],
)
def test_firms_and_towns_keep_their_own_entity(text: str, span: str, entity: str, whole: str) -> None:
    found = repair_person_spans(text, [_span(text, span)], GAZ)
    assert [(e, text[s:t]) for e, s, t in found] == [(entity, whole)]

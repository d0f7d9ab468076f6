"""Names in record formats printed as text, and names a line's layout gives away."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from dlp.classifiers import person_formats, person_lines
from dlp.classifiers.name_gazetteer import Gazetteer
from dlp.classifiers.person_patterns import Hit

GAZ = Gazetteer.load()
Rule = Callable[[str, Gazetteer], Iterator[Hit]]


def _found(rules: tuple[Rule, ...], text: str) -> list[str]:
    return sorted({text[s:e] for rule in rules for s, e, _score, _kind in rule(text, GAZ)})


FORMATS = (*person_formats.RULES, *person_formats.LOGIN_RULES)
LINES = (*person_lines.RULES, *person_lines.LOGIN_RULES)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "BEGIN:VCARD\nVERSION:3.0\nN:Rytkönen;Petteri;;;\nFN:Petteri Rytkönen\nORG:Acme Oy\nEND:VCARD",
            ["Petteri", "Petteri Rytkönen", "Rytkönen"],
        ),
        ("BEGIN:VCARD\nN;CHARSET=UTF-8:Baker;Jennifer;;;\nEND:VCARD", ["Baker", "Jennifer"]),
        # HL7 v2: PID-5 patient and PV1-7 attending doctor (id^family^given).
        (
            "MSH|^~\\&|LAB|HOSP\rPID|1||96^^^HOSP^MR||Vũ^Jane^Q||19680101|F\r"
            "PV1|1|I|W^389^1|||||004777^Cadefau^Colin^^^Dr",
            ["Cadefau", "Colin", "Jane", "Q", "Vũ"],
        ),
        ("PID|1||58^^^HOSP^MR||Moreno^Maribel~Garcia^Maribel||19830412|F", ["Garcia", "Maribel", "Moreno"]),
        # A JSON object or key=value log line quoted in text.
        ('{"customer": {"first_name": "Segismundo", "last_name": "Girona"}}', ["Girona", "Segismundo"]),
        ('type=s description="Successful login" nickname="yago_mateu"', ["yago_mateu"]),
        ('type=s description="Successful login" nickname="rocket"', []),
        ('"userName": "anastasiec", "eventName": "ConsoleLogin"', ["anastasiec"]),
        ('reporter="Dana Lee" status="open"', ["Dana Lee"]),
        ("login=jsmith42 result=ok", ["jsmith42"]),
        ('{"company": {"name": "Dixon, Kennedy and Peters"}}', []),
        ('"assignee": "Unassigned"', []),
        # Last, First standing alone; lists and firms are not.
        ("Moura, Gabrielly signed the field trip form", ["Moura, Gabrielly"]),
        ("Reed, Kenneth, Lee, Ann", []),
        ("<contact><fn>MARK WALKER</fn><org>Johnston LLC</org></contact>", ["MARK WALKER"]),
        (
            "<row><first_name>Dana</first_name><last_name>Lee</last_name><city>Leeds</city></row>",
            ["Dana", "Lee"],
        ),
        ("<client><name>Patel, Allen and Bennett</name></client>", []),
        ("New Event: Conner, Trevor - 30 Minute Meeting", ["Conner, Trevor"]),
        ("Smith, Murray and Young LLP", []),
    ],
)
def test_formats(text: str, expected: list[str]) -> None:
    assert _found(FORMATS, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("jane.ng: can someone cover thurs? I asked for a swap", ["jane.ng"]),
        ("janet_pratt — Today at 00:05\nThe deploy is done.", ["janet_pratt"]),
        ("TiffanyDalton: merging this now unless anyone objects", ["TiffanyDalton"]),
        ("max_retries: 5\ngrace_period: 30 days", []),
        ("ci-bot: build 4411 passed on main", []),
        ("Recording of Levi's Personal Meeting Room is now available", ["Levi"]),
        ("Dana Lee's MacBook Pro - last check-in", []),
        ("Tamanna\n\nGet Outlook for iOS", ["Tamanna"]),
        ("Priya Raghunathan\nSent from my iPhone", ["Priya Raghunathan"]),
        ("See you there\n\nSent from my iPhone", []),
        ("Out for delivery · Notify: Salimah (salimah.wibisono@mendoza.biz)", ["Salimah"]),
        ("Escalated to Support (help@example.com)", []),
        ('Inbound SMS: "This is Rocco, running late"', ["Rocco"]),
        ("This is Urgent: the deploy failed", []),
    ],
)
def test_lines(text: str, expected: list[str]) -> None:
    assert _found(LINES, text) == expected


def test_logins_in_text_follow_the_logins_switch() -> None:
    from dlp.classifiers.person_hints import PatternDetector  # noqa: PLC0415
    from dlp.findings import ScanContext  # noqa: PLC0415

    text = '{"user": {"login": "jsmith42", "full_name": "Dana Lee"}}'
    with_logins = {text[f.start : f.end] for f in PatternDetector(GAZ).detect(text, ScanContext())}
    without = {text[f.start : f.end] for f in PatternDetector(GAZ, logins=False).detect(text, ScanContext())}
    assert with_logins == {"jsmith42", "Dana Lee"}
    assert without == {"Dana Lee"}

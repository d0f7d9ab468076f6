"""The PERSON pattern rules for mail, logs and rows: a table of positives and negatives per rule."""

from __future__ import annotations

import pytest

from dlp.classifiers.name_gazetteer import Gazetteer
from dlp.classifiers.person_hints import PatternDetector, person_hint_detectors
from dlp.findings import ScanContext

GAZ = Gazetteer.load()
PATTERN = PatternDetector(GAZ)
NO_LOGINS = PatternDetector(GAZ, logins=False)


def _found(text: str, kind: str, detector: PatternDetector = PATTERN) -> list[str]:
    return sorted({text[f.start : f.end] for f in detector.detect(text, ScanContext()) if f.kind == kind})


def _check(text: str, kind: str, expected: list[str]) -> None:
    assert _found(text, kind) == sorted(expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Co-authored-by: Dana Lee <dana@example.org>", ["Dana Lee"]),
        ("Signed-off-by: lee, dana <dana@example.org>", ["lee, dana"]),
        ("commit 1a2b\nAuthor: 은서 김 <eunseo@example.org>\nDate:   Mon", ["은서 김"]),
        ("Reviewed-by: Priya Raghunathan", ["Priya Raghunathan"]),
        ("Acked-by: ulrika granlund", ["ulrika granlund"]),
        ("Co-authored-by: dependabot[bot] <49699333+dependabot[bot]@users.noreply.github.com>", []),
        ("Author: GitHub <noreply@github.com>", []),
        ("Signed-off-by: Platform Team <platform@example.org>", []),
        ("Reviewed-by: nobody yet", []),
        ("Reported-by: Sentry", []),
        ("Commit: Fix The Build", []),
    ],
)
def test_trailers(text: str, expected: list[str]) -> None:
    _check(text, "trailer", expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Forwarded to Dana Lee <dana.lee@example.org> yesterday", ["Dana Lee"]),
        ("Escalated to Chibuike Okonkwo <chibuike.okonkwo@example.org>", ["Chibuike Okonkwo"]),
        ("Invite sent: Omodunni Shekoni <o.shekoni@example.org>", ["Omodunni Shekoni"]),
        ('"Lee, Dana" <dana@example.org>', ["Lee, Dana"]),
        ("[audit] dana.lee@example.org (Lee, Dana) granted Admin", ["Lee, Dana"]),
        ("Acme Support <support@acme.example>", []),
        ("Write to Billing Notifications <billing@example.org>", []),
        ("Contact <help@example.org> for access", []),
        ("List<String> names = new ArrayList<>();", []),
        ("ops@example.org (primary) and sre@example.org (backup)", []),
    ],
)
def test_mailboxes(text: str, expected: list[str]) -> None:
    _check(text, "mailbox", expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Thanks for your patience, Frank. Our team fixed it.", ["Frank"]),
        ("We haven't heard back from you, Ingrid, so we'll close this.", ["Ingrid"]),
        ("Deployments ran in London, Paris.", []),
        ("Build finished, Frank.", []),
        ("See you at EDGE, Metro.us and others", []),
    ],
)
def test_vocatives(text: str, expected: list[str]) -> None:
    _check(text, "vocative", expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12:01 Acknowledged by Dana Lee", ["Dana Lee"]),
        ("Task | Call | Logged by Freeman, Colin", ["Freeman, Colin"]),
        ("Acknowledged by ulrika granlund", ["ulrika granlund"]),
        ("The outage was caused by Redis", []),
        ("Often overshadowed by San Francisco nearby", []),
        ("Hamas remains targeted by Israel, as in the past", []),
        ("Sorted by Upper Bound", []),
    ],
)
def test_by_names(text: str, expected: list[str]) -> None:
    _check(text, "by", expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Requester Colin replied by email", ["Colin"]),
        ("Employee Keji Adisa requested 3 days of PTO", ["Keji Adisa"]),
        ("Customer Success Platform is down", []),
        ("Employee Handbook updated", []),
        # The name runs on past what the rules read: left to the model.
        ("Employee Olga Ó Seasnáin requested PTO", []),
        ("customer Bienia, Maurycy is on the legacy plan", []),
    ],
)
def test_roles(text: str, expected: list[str]) -> None:
    _check(text, "role", expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('level=warn msg="reset" user="Urszula D. Pakosz" ip=10.0.0.1', ["Urszula D. Pakosz"]),
        ("User 'Dixon, Hannah' exceeded the API rate limit", ["Dixon, Hannah"]),
        ('user="Platform Team" action=deploy', []),
        ("user='read only' role", []),
    ],
)
def test_quoted_users(text: str, expected: list[str]) -> None:
    _check(text, "user", expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Frank proposed a new time: 10:00", ["Frank"]),
        ("10:42 Ingrid accepted the invite", ["Ingrid"]),
        ("Peterson, Carol reacted with :thumbsup:", []),
        ("Employee Tracey E. Kennedy requested leave", []),
        ("Mark updated the ticket", []),
        ("Sentry created an issue", []),
    ],
)
def test_actors(text: str, expected: list[str]) -> None:
    _check(text, "actor", expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("INFO auth: login succeeded for user brandon_rodriguez from Comoros", ["brandon_rodriguez"]),
        ("sshd[90]: Accepted publickey for gsmith from 10.0.0.7", ["gsmith"]),
        ("sshd[91]: Failed password for invalid user kgnodde from 10.0.0.8", ["kgnodde"]),
        ("audit user=jdoe42 action=login", ["jdoe42"]),
        ("Alert OPS-1 closed by george_estrada via the app", ["george_estrada"]),
        ("skipped 72 records owned by jsmith", ["jsmith"]),
        ("**NicoleFlores** requested changes on this pull request", ["NicoleFlores"]),
        ("dana.lee approved these changes 3 days ago", ["dana.lee"]),
        ("This PR supersedes the one rpatil opened last week.", ["rpatil"]),
        # machines, words and ids
        ("sshd[92]: Accepted publickey for root from 10.0.0.9", []),
        ("audit user=postgres action=vacuum", []),
        ("closed by dependabot[bot]", []),
        ("merged by github-actions", []),
        ("Send the revised report by e-mail.", []),
        ("fixed by hand, sorted by name", []),
        ("The user interface and the user account page", []),
        ("a user labelled Anonymous posted", []),
        ("Slack user U024BE7LH joined", []),
        ("The secretary added a note; textile mills opened", []),
        ("Books are never peer reviewed", []),
        ("Deploy approved by the board", []),
        # a name after "by" is the name rules' business
        ("Acknowledged by ulrika granlund", []),
        ("owned by Ann-Sofie N. Pettersson", []),
    ],
)
def test_logins(text: str, expected: list[str]) -> None:
    _check(text, "login", expected)


def test_logins_follow_the_switch() -> None:
    text = "sshd[90]: Accepted publickey for gsmith from 10.0.0.7"
    assert _found(text, "login", NO_LOGINS) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("DATA-7575,Hugues M. Dijoux,hugues@example.org,Open", ["Hugues M. Dijoux"]),
        ('"Kimberly Curtis","Clerc et Fils","North Laurenfurt","High"', ["Kimberly Curtis"]),
        ("296;Caraballo;Mercedes;Bidhannagar;8047444759", ["Caraballo", "Mercedes"]),
        ("OPS-6723,Taylor, Barbara,barbara@example.org,Open", ["Taylor, Barbara"]),
        ("7\tPriya Raghunathan\tPlatform\tOpen", ["Priya Raghunathan"]),
        ('"Smith Inc","Lake Amanda","Villa Felice","P1"', []),
        ("Trailer | Upper Middle Bogan | Premieres Thursday", []),
        ("In Texas, BP shut its 460,000 barrels-per-day refinery", []),
        ("Platform,Redis,Open,High", []),
        ('["Jordan","Austin","Dallas"]', []),
        ("Hi Dana, thanks, see you on Monday, bye", []),
    ],
)
def test_rows(text: str, expected: list[str]) -> None:
    _check(text, "cell", expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Guests: gloria.vila@example.org, Dana Lee; Chibuike Okonkwo", ["Chibuike Okonkwo", "Dana Lee"]),
        ("Organizer: Priya Raghunathan\nWhen: Monday", ["Priya Raghunathan"]),
        ("Cc: 경숙 이", ["경숙 이"]),
        ("Participants: Conference Room", []),
        ("Guests:", []),
    ],
)
def test_calendar_headers(text: str, expected: list[str]) -> None:
    _check(text, "header", expected)


@pytest.mark.parametrize(
    "text",
    ["id,name,price\n1,Widget Pro,9.99\n2,Gadget Max,19.99", "3,Team Grace,active,2024"],
)
def test_product_and_plan_cells_with_a_given_name_inside_are_not_people(text: str) -> None:
    found = [f for det in person_hint_detectors() for f in det.detect(text, ScanContext(free_text=True))]
    assert found == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('user.username="oidc:cici_rahayu" verb=delete', ["cici_rahayu"]),
        ('user.username="github:jsmith42" verb=get', ["jsmith42"]),
        ('user.username="system:serviceaccount:kube-system:replicaset-controller" verb=update', []),
    ],
)
def test_identity_provider_prefixes(text: str, expected: list[str]) -> None:
    _check(text, "login", expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Attendees: @Jose Johnson @Pamela K. Young", ["Jose Johnson", "Pamela K. Young"]),
        ("thanks @dana, merging now", ["dana"]),
        ("@Release Notes are out", ["Release"]),
        ("Kari Räty (@karir@mastodon.social) boosted: nice", ["karir"]),
    ],
)
def test_display_name_mentions(text: str, expected: list[str]) -> None:
    _check(text, "handle", expected)


@pytest.mark.parametrize(
    ("text", "kind", "expected"),
    [
        ("Hej Devika!\nDin bokning är bekräftad.", "greeting", ["Devika"]),
        ("Hola Marta, tu cita está confirmada", "greeting", ["Marta"]),
        ("Solved by Stanley in post #463", "by", ["Stanley"]),
        ("Macro applied by Oviya: Hi Graeme", "by", ["Oviya"]),
        ("The outage was caused by Redis", "by", []),
        ("The attack was targeted by Israel", "by", []),
    ],
)
def test_greetings_abroad_and_lone_names_after_a_tool_action(
    text: str, kind: str, expected: list[str]
) -> None:
    _check(text, kind, expected)

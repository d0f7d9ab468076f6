"""Which keys hold a person's name or login: the key, its parent key, and the value's shape."""

from __future__ import annotations

import pytest

from dlp.classifiers.name_gazetteer import Gazetteer
from dlp.classifiers.person_fields import (
    FieldKind,
    OtherName,
    field_kind,
    norm_key,
    other_name,
)
from dlp.classifiers.person_hints import FieldNameDetector
from dlp.findings import ScanContext

GAZ = Gazetteer.load()
FIELD = FieldNameDetector(gazetteer=GAZ)
NO_LOGINS = FieldNameDetector(gazetteer=GAZ, logins=False)
NAME, LOGIN = FieldKind.NAME, FieldKind.LOGIN


def _ctx(tail: str) -> ScanContext:
    # As the walker presents a slot: the two nearest keys, lower-cased, indexes dropped.
    return ScanContext(field_name=tail.rsplit(".", 1)[-1], field_path_tail=tail)


@pytest.mark.parametrize(
    ("tail", "expected"),
    [
        # generic name keys under a person parent
        ("organizer.displayname", NAME),
        ("attendees.displayname", NAME),
        ("requester.name", NAME),
        ("createdby.name", NAME),
        ("created_by.display_name", NAME),
        ("lastmodifiedby.name", NAME),
        ("assignee.summary", NAME),
        ("caller_id.display_value", NAME),
        ("assigned_to.display_value", NAME),
        ("billing_details.name", NAME),
        ("emailaddress.name", NAME),
        ("hiring_managers.name", NAME),
        ("torecipients.name", NAME),
        ("profile.real_name_normalized", NAME),
        ("user_profile.display_name", NAME),
        ("committer.name", NAME),
        # structured names (FHIR HumanName, name.first)
        ("name.given", NAME),
        ("name.family", NAME),
        ("name.text", NAME),
        ("name.first", NAME),
        # keys that name a person anywhere
        ("properties.firstname", NAME),
        ("candidate.last_name", NAME),
        ("incident.caller_id", NAME),
        ("record.owner", NAME),
        ("event.organizer", NAME),
        ("ticket.opened_by", NAME),
        # display_name with no parent, or a parent that says nothing
        ("display_name", NAME),
        ("value.displayname", NAME),
        # logins in a user record, or alone
        ("user.login", LOGIN),
        ("author.login", LOGIN),
        ("sender.username", LOGIN),
        ("login", LOGIN),
        ("data.screen_name", LOGIN),
        # the same keys under things that are not people
        ("location.displayname", None),
        ("repository.full_name", None),
        ("organization.name", None),
        ("account.name", None),
        ("channel.name", None),
        ("service.summary", None),
        ("event.summary", None),
        ("group.displayname", None),
        ("user_groups.name", None),
        ("billing_address.name", None),
        ("priority.name", None),
        ("plan.nickname", None),
        ("name.prefix", None),
        ("font.family", None),
        ("database.username", None),
        ("smtp.username", None),
        ("mysql.user_name", None),
        ("name", None),
        ("issue.summary", None),
        ("milestone.title", None),
    ],
)
def test_field_kind(tail: str, expected: FieldKind | None) -> None:
    assert field_kind(_ctx(tail)) is expected


def test_norm_key() -> None:
    assert norm_key("displayName") == norm_key("display_name") == norm_key("display-name") == "displayname"
    assert norm_key("attendees[2]") == "attendees"


@pytest.mark.parametrize(
    ("value", "tail", "expected"),
    [
        ("Amara", "name.given", "Amara"),
        ("Okafor", "candidate.last_name", "Okafor"),
        ("Dana Lee", "organizer.displayname", "Dana Lee"),
        ("jsmith", "user.login", "jsmith"),
        ("sonia.wiaderek", "user.login", "sonia.wiaderek"),
        ("octocat42", "owner.login", "octocat42"),
        ("dependabot[bot]", "user.login", None),
        ("ci-bot", "user.login", None),
        ("github-actions", "sender.login", None),
        ("renovatebot", "user.login", None),
        ("root", "login", None),
        ("postgres", "username", None),
        ("svc_backup", "user.username", None),
        ("Conf Room Adams", "location.displayname", None),
        ("Platform Team", "owner.name", None),
        ("Acme Support", "requester.name", None),
        ("Smith Inc", "contact.name", None),
        ("Dr.", "name.prefix", None),
    ],
)
def test_field_values(value: str, tail: str, expected: str | None) -> None:
    found = FIELD.detect(value, _ctx(tail))
    assert [value[f.start : f.end] for f in found] == ([expected] if expected else [])


def test_logins_can_be_left_out() -> None:
    assert FIELD.detect("jsmith", _ctx("user.login"))[0].kind == "login"
    assert NO_LOGINS.detect("jsmith", _ctx("user.login")) == []
    assert NO_LOGINS.detect("Dana Lee", _ctx("user.name")) != []


ORG, PLACE, THING = OtherName.ORGANIZATION, OtherName.LOCATION, OtherName.THING


@pytest.mark.parametrize(
    ("tail", "expected"),
    [
        # a generic name key under an organisation, a place or a named thing
        ("company.name", ORG),
        ("account.name", ORG),
        ("vendors.display_name", ORG),
        ("parent_company.legal_name", ORG),
        ("managingorganization.display", ORG),
        ("location.displayname", PLACE),
        ("meeting_rooms.name", PLACE),
        ("venue.title", PLACE),
        ("team.name", THING),
        ("product.title", THING),
        ("workspace.name", THING),
        ("projects.label", THING),
        # keys that say so wherever they appear
        ("user.company", ORG),
        ("company_name", ORG),
        ("contact.employer", ORG),
        ("city", PLACE),
        ("record.billingcity", PLACE),
        ("team_name", THING),
        # people, neutral or unknown parents, and prose keys say nothing here
        ("assignee.name", None),
        ("organizer.displayname", None),
        ("name", None),
        ("records.name", None),
        ("value.displayname", None),
        ("widget.name", None),
        ("project.description", None),
        ("team.summary", None),
        ("company.text", None),
        # things whose names people write about people
        ("event.title", None),
        ("document.name", None),
        ("issue.title", None),
        # a postal address names its addressee; a person's own account or workspace may carry their name
        ("billing_address.name", None),
        ("user_account.name", None),
        ("customer_workspace.name", None),
        ("account_name", None),
        ("ethnicity", None),
    ],
)
def test_other_name(tail: str, expected: OtherName | None) -> None:
    assert other_name(_ctx(tail)) is expected

"""Which keys hold a person's name or login, judged from the key and its parent key.

The walker gives a value's key and its parent (``attendees.displayname``, array indexes dropped).
Some keys name a person wherever they appear (``patient_name``, ``assignee``, ``first_name``); generic
ones (``name``, ``displayName``, ``summary``, ``text``) depend on the parent: ``organizer.displayName``
is a person, ``location.displayName`` is a room. A parent is read by its head noun, the last word of
a compound (``hiring_managers`` -> manager, ``user_groups`` -> group), singular or plural.
"""

from __future__ import annotations

import re
from enum import Enum

from dlp.findings import ScanContext


def norm_key(key: str) -> str:
    """``displayName`` / ``display_name`` / ``display-name`` -> ``displayname``; ``[0]`` dropped."""
    return re.sub(r"\[[^\]]*\]|[^a-z0-9]", "", key.casefold())


def _words(text: str) -> frozenset[str]:
    return frozenset(norm_key(k) for k in text.split())


class FieldKind(Enum):
    """What a person key holds: a name (``Priya Shah``) or a login (``pshah``)."""

    NAME = "name"
    LOGIN = "login"


#: Keys whose value is a person's name wherever they appear.
PERSON_FIELDS = _words(
    """
    author author_name assignee assignee_name reporter reporter_name creator creator_name
    patient patient_name customer_name contact_name client_name requester requester_name first_name
    given_name last_name surname family_name middle_name maiden_name employee_name member_name
    sender_name recipient_name cardholder cardholder_name card_holder holder_name account_holder
    account_holder_name beneficiary_name physician physician_name doctor doctor_name provider_name
    nurse nurse_name guardian guardian_name emergency_contact next_of_kin attendee signer signatory
    approver reviewer manager manager_name from_name to_name spouse spouse_name person_name
    user_full_name owner_name lead_name owner organizer organiser caller caller_id assigned_to
    requested_for committer_name reviewer_name approver_name agent_name rep_name sales_rep
    sortable_name
    """
)
#: Generic name keys and whether they hold a person's name when the parent says nothing either way.
NAME_KEYS: dict[str, bool] = {
    "name": False,
    "text": False,
    "summary": False,
    "displayvalue": False,
    "nickname": False,
    # Canvas/LMS-style ``short_name`` is a name under a user, a label under a course.
    "shortname": False,
    "displayname": True,
    "fullname": True,
    "realname": True,
    "realnamenormalized": True,
    "displaynamenormalized": True,
    "formattedname": True,
}
#: Keys that hold a login or handle.
LOGIN_KEYS = _words("login username user_name screen_name handle user_login login_name acct")
#: Parts of a structured name (FHIR ``HumanName``, ``name.first``); ``prefix`` and ``suffix`` are titles.
_HUMAN_NAME_PARTS = frozenset({"given", "family", "text", "first", "last", "middle", "full", "formatted"})
_HUMAN_NAME_PARENTS = frozenset({"name", "names", "humanname"})

#: Head nouns of parent keys whose name child is a person (compared singular, as a suffix).
_PERSON_HEADS = _words(
    """
    assignee reporter author coauthor creator user owner patient customer contact requester sender
    recipient member employee attendee participant person people profile submitter approver
    reviewer commenter manager lead client guardian physician doctor nurse practitioner subscriber
    applicant candidate student teacher passenger traveler traveller guest organizer organiser
    actor committer pusher collaborator contributor maintainer watcher follower speaker
    signer signatory cardholder beneficiary spouse caller callerid emailaddress billingdetails
    shippingdetails shipping relatedperson interviewer recruiter coordinator sponsor assignedto
    requestedfor
    """
)
#: Parents matched whole only: short or ambiguous as the tail of a compound ("photo", "useragent").
#: ``useridentity``: AWS CloudTrail's record of the IAM user who made a call.
_PERSON_EXACT = _words("from to cc bcc replyto agent driver useridentity")
#: Head nouns of parents whose name child is not a person.
_OTHER_HEADS = _words(
    """
    location room building floor office site address place venue city country region zone group
    channel team squad project repository repo service organization organisation org company
    account calendar plan price product sku department division priority milestone event status
    label tag topic workspace space board sprint epic component version release role queue tenant
    app application integration bot category type issuetype resolution field folder file drive
    document page database db table schema pipeline stage job workflow task ticket issue incident
    alert schedule policy rule template form list module package dataset model metric dashboard
    vendor merchant brand store business school hospital facility campaign opportunity deal
    license currency language timezone device server cluster namespace bucket environment branch
    check suite step action emoji reaction webhook key secret subscription invoice coupon
    resource parent item smtp proxy registry connection credentials auth config settings
    datasource broker
    """
)
#: Wrappers that say nothing about what they hold (list envelopes, attribute bags).
_NEUTRAL = _words(
    "value values data items item result results record records entries entry node nodes edges "
    "body payload response attributes properties fields object objects content"
)
#: ``created_by``, ``lastModifiedBy``, ``opened_by``: the actor of an event is a person.
_BY_KEY = re.compile(
    r"(?:sys|last)?(?:created|updated|modified|closed|resolved|opened|assigned|reported|requested"
    r"|submitted|approved|reviewed|verified|edited|deleted|archived|invited|added|removed|authored"
    r"|committed|merged|signed|completed|cancelled|canceled|acknowledged|escalated|answered|logged"
    r"|uploaded|shared|sent|changed|initiated|started|stopped|owned|entered|posted|booked|ordered"
    r"|sold|referred|hired|interviewed|attended|checkedin|checkedout)by(?:name|displayname|fullname)?"
)


def _singular(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def _head_in(key: str, heads: frozenset[str]) -> bool:
    """Whether ``key`` (or its singular) is one of ``heads`` or a compound ending in one."""
    for form in {key, _singular(key)}:
        # The suffixes of four letters or more looked up, rather than every head tried with endswith.
        if form in heads or any(form[cut:] in heads for cut in range(len(form) - 3)):
            return True
    return False


def _parent_role(parent: str) -> bool | None:
    """True: a person's record; False: something else's; None: the parent does not say."""
    if not parent or parent in _NEUTRAL:
        return None
    # Person heads win ties: "emailAddress" ends in "address" but holds a mailbox owner's name.
    if parent in _PERSON_EXACT or _BY_KEY.fullmatch(parent) or _head_in(parent, _PERSON_HEADS):
        return True
    if _head_in(parent, _OTHER_HEADS):
        return False
    return None


def field_kind(context: ScanContext) -> FieldKind | None:
    """What person identifier the slot's key (and parent key) says the value is, if any."""
    field = norm_key(context.field_name or "")
    if not field:
        return None
    if not (field in LOGIN_KEYS or field in NAME_KEYS or field in _HUMAN_NAME_PARTS):
        # Keys that name a person whatever their parent; the parent is read only for the others.
        return FieldKind.NAME if field in PERSON_FIELDS or _BY_KEY.fullmatch(field) else None
    parts = [norm_key(p) for p in (context.field_path_tail or "").split(".") if p]
    parent = parts[-2] if len(parts) >= 2 else ""
    role = _parent_role(parent)
    if field in LOGIN_KEYS:
        # A login names a person in a user record; under "database" or "smtp" it is an account.
        return FieldKind.LOGIN if role is not False and (role or not parent or parent in _NEUTRAL) else None
    if field in _HUMAN_NAME_PARTS and (parent in _HUMAN_NAME_PARENTS or role is True):
        return FieldKind.NAME  # "name.given" (FHIR), "assignee.first", "primaryCustomer.last"
    if field in NAME_KEYS:
        wanted = NAME_KEYS[field] if role is None else role
        return FieldKind.NAME if wanted else None
    if field in PERSON_FIELDS or _BY_KEY.fullmatch(field):
        return FieldKind.NAME
    return None


def person_field(context: ScanContext) -> bool:
    """Whether the slot's key (or parent key) says the value is a person's name or login."""
    return field_kind(context) is not None


class OtherName(Enum):
    """What a name field of something other than a person names; the value is the entity a model's
    PERSON there stands for, or ``""`` for things with no entity of their own (a team, a product)."""

    ORGANIZATION = "ORGANIZATION"
    LOCATION = "LOCATION"
    THING = ""


#: Keys that hold the name of whatever record they sit in. Not ``summary`` or ``text``: those are
#: subject lines and messages, which mention anybody ("1:1 with Dana Lee").
_OWN_NAME_KEYS = _words(
    "name displayname fullname shortname legalname title label display displayvalue nickname"
)
#: Parent heads whose name is an organisation's, a place's or a named thing's. A subset of
#: ``_OTHER_HEADS``: tickets, events, documents, files, calendars and spaces are left out because
#: their names are written by people about people ("Offer letter - Dana Lee", a personal space);
#: ``address`` because a postal address names its addressee (Shopify ``billing_address.name``).
_PARENT_HEADS: dict[OtherName, frozenset[str]] = {
    OtherName.ORGANIZATION: _words(
        "company organization organisation org account vendor merchant brand business school hospital"
    ),
    OtherName.LOCATION: _words("location room building floor office venue city country region"),
    OtherName.THING: _words(
        "team squad department division project product sku workspace repository repo service app"
    ),
}
#: Keys that hold such a name wherever they appear. Not ``account_name``: in banking that is the
#: account holder's name (UK Confirmation of Payee).
_NAME_OF_KEYS: dict[OtherName, frozenset[str]] = {
    OtherName.ORGANIZATION: _words(
        "company company_name organization organisation organization_name organisation_name org_name "
        "employer employer_name vendor_name merchant_name business_name"
    ),
    OtherName.LOCATION: _words(
        "city town country billing_city shipping_city mailing_city other_city billing_country "
        "shipping_country mailing_country other_country"
    ),
    OtherName.THING: _words("team_name project_name product_name workspace_name department_name"),
}


def _owned_by_person(parent: str) -> bool:
    """``user_account``, ``patient_location``, ``customer_workspace``: a person's own thing, whose name
    may be that person's."""
    return any(parent.startswith(h) and parent != h for h in _PERSON_HEADS if len(h) >= 4)


def other_name(context: ScanContext) -> OtherName | None:
    """What the slot's key says the value names when that is not a person, or None if it does not say.

    Conservative: a generic name key counts only under a parent that is an organisation, a place or a
    named thing (``company.name``, ``location.displayName``, ``team.name``); under a neutral, unknown
    or person parent the key says nothing here.
    """
    field = norm_key(context.field_name or "")
    if not field:
        return None
    for named, keys in _NAME_OF_KEYS.items():
        if field in keys:
            return named
    if field not in _OWN_NAME_KEYS:
        return None
    parts = [norm_key(p) for p in (context.field_path_tail or "").split(".") if p]
    parent = parts[-2] if len(parts) >= 2 else ""
    if _parent_role(parent) is not False or _owned_by_person(parent):
        return None
    for named, heads in _PARENT_HEADS.items():
        if _head_in(parent, heads):
            return named
    return None

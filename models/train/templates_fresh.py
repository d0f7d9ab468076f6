"""Fresh PERSON evaluation set: tool-output templates and key/value records written on 2026-11-21.

Written by someone who had not seen any error analysis of the held-out or blind sets, before any
detector or model was run on it; first measured with the model of the build that added it. ``HELDOUT``
and ``BLIND`` have both guided changes since they were written, so this is the untouched set. It uses
products and layouts none of ``TRAIN``, ``HELDOUT`` or ``BLIND`` uses (``tests/models/
test_templates_fresh.py`` enforces no shared or near-duplicate wording, against whatever the training
templates are when the test runs), the slots of ``fill.py`` only, and keys from real payloads as the
engine's walker presents them (lower-cased, the two nearest keys, array indexes dropped: Trello
``actions[0].memberCreator.fullName`` arrives as ``membercreator.fullname``).
Do not tune any detector, list or template against it.
"""

from __future__ import annotations

#: Sentences: project boards, wiki page history, document comments, team chat and meeting tools,
#: telephony, identity and cloud audit logs, monitoring and error tracking, commerce and invoicing,
#: e-signature, clinical inbox and pharmacy, insurance claims, school rosters, real estate and legal
#: practice tools, SQL and markdown tables, JSON as text, signatures and vCards, and entity-free tool
#: text full of capitalised words (negatives, about a fifth).
FRESH: tuple[str, ...] = (
    # project boards (Linear, Asana, Trello, Monday, ClickUp)
    "{person} moved {id} from Triage to Backlog",
    "{person} completed this task. {num} days ago",
    "{first} assigned you a task in {team} Launch: {sentence}",
    "{person} added {person2} to this card",
    '{first} marked the checklist item "Update pricing page" complete on card #{num}',
    "Owner column: {person} → {person2} (item {num}, {team} board)",
    "{person} set the due date to {date}",
    "{handle} linked {id} to a customer request from {org}",
    # wiki page history and document comments (Confluence, Google Docs)
    "v. {num}   {person}   {date} {time}   Restructured the onboarding section",
    "Owned by {person}\nLast updated {date} by {person2}",
    "Attendees: @{person} @{person2} @{person2}\nAction items:\n[ ] @{first} to file {id}",
    '{person} · {time} {date}\nComment on "quarterly targets": {sentence}\nMark as resolved · Reply',
    'Suggested edit by {person}: Replace "quarterly" with "monthly"',
    # team chat and meetings (Teams, Discord, Mattermost, Zoom)
    "00:{num}:{num}.000 --> 00:{num}:{num}.500\n<v {person}>{sentence}</v>",
    '{person} mentioned you in {team} > General: "{sentence}"',
    "{handle} — Today at {time}\n{sentence}",
    "{handle} just slid into the server.",
    "@{handle} updated the channel header to: On call this week - {person}",
    "{handle}: can someone cover thurs? {person2} asked me to swap",
    "Participants ({num})\n{person} (Host, me)\n{person2}\n{person2} (Guest)",
    "{person} entered the waiting room",
    "Recording of {first}'s Personal Meeting Room is now available",
    # telephony (Twilio)
    "SM{num} delivered to {phone}: Hi {first}, your appointment at {org} is confirmed for {date} "
    "at {time}. Reply C to cancel.",
    "Call CA{num} from {phone} (caller name {person}) answered by {handle}, duration {num}s",
    # identity and cloud audit logs (Okta, Auth0, CloudTrail, Kubernetes)
    "{date} {time}  {person} (User)  User login to Okta  SUCCESS",
    "Add user to application membership: {person} → {product} (by {person2})",
    'type=s description="Successful login" user_name="{email}" nickname="{handle}"',
    '"userIdentity": {"type": "IAMUser", "userName": "{handle}", "accountId": "{num}"}, '
    '"eventName": "ConsoleLogin"',
    'user.username="oidc:{handle}" verb=delete objectRef.resource=secrets objectRef.namespace={word}',
    # monitoring and error tracking (Datadog, Sentry)
    "Monitor muted by {person} until {date} {time} UTC",
    "{person2} assigned this issue to {person}\nFirst seen {date} · {num} events · {num} users",
    "User: {email} (id: {num}, username: {handle})",
    # commerce, invoicing, e-signature (Shopify, QuickBooks, DocuSign)
    "Order #{num} · {person} · {loc} · Paid · Unfulfilled",
    "Gift note: Happy birthday {first}! Love, {person2}",
    "BILL TO\n{person}\n{org}\n\nINVOICE # {num}\nDATE {date}\nTERMS Net 30",
    "Payment received from {person}: ${num}.00 applied to invoice {num}",
    '{person} signed "Mutual NDA - {org}.pdf"',
    "Envelope {id}\nRecipients:\n1. {person} (Needs to Sign) - Completed\n2. {person2} (Receives a Copy)",
    "{person} voided this envelope. Reason: {sentence}",
    # clinical inbox, pharmacy, HL7, insurance claims
    "In Basket - Result Note\nFrom: {title} {person2}\nPatient: {person} ({mrn})\n"
    "A1c improved; continue {drug}.",
    "Rx# {num}  {last}, {first}\nTAKE 1 TABLET BY MOUTH DAILY\n{drug} 10 MG  QTY {num}\n"
    "PRESCRIBER: {title} {person2}",
    "Rx request from {person2}, CMA: {first} is out of {drug}; please authorize a 90-day supply.",
    "PID|1||{num}^^^HOSP^MR||{last}^{first}||19{num}|F",
    "Claim {id}: member {person}, rendering provider {title} {person2}, billed ${num}.00, {status}",
    "EOB for {first} {last} - subscriber {person2} - patient responsibility ${num}.{num}",
    # school and LMS rosters (Canvas, PowerSchool)
    "{person} submitted Assignment {num}: Lab Report (late by {num} minutes)",
    "Roster, Period {num}: {last}, {first} (Grade {num}) - guardian {person2}",
    "Parent/guardian {person2} signed the field trip form for {first}.",
    # real estate CRM, legal practice and court dockets (Follow Up Boss, Clio, PACER)
    "Showing request: {person} for the {loc} listing, {date} at {time}, agent {person2}",
    "New lead from Zillow: {person} wants a tour this weekend, call {phone}",
    "{num}  {date}  NOTICE of Appearance by {person} for Defendant {org} (Entered: {date})",
    "0.{num}h  Conf. w/ client {last} re settlement terms; draft letter to opposing counsel {person2}",
    "Conflict check cleared: client {person}, adverse party {org}",
    # SQL results, markdown, JSON as text
    " id  | full_name          | city\n-----+--------------------+-------\n"
    " {num} | {person} | {loc}\n(1 row)",
    "## Decision log\n> **Driver:** {person}  \n> **Approver:** {person2}  \n> **Decided on:** {date}",
    "- [ ] @{handle} update the {product} dashboards before {date}",
    '{"customer": {"first_name": "{first}", "last_name": "{last}"}, "total_price": "{num}.00"}',
    '{"items": [{"name": "{sentence}", "column_values": [{"id": "person", "text": "{person}"}]}]}',
    # signatures, vCards, IT assets, expenses, scheduling, design review
    "{person} (she/her)\nDirector of {team} | {org}\nM {phone}",
    "{first}\n\nGet Outlook for iOS",
    "BEGIN:VCARD\nVERSION:3.0\nN:{last};{first};;;\nFN:{first} {last}\nORG:{org}\n"
    "TEL;TYPE=CELL:{phone}\nEND:VCARD",
    "Asset {id} checked out to {person} by {person2}",
    "{first}'s MacBook Pro - last check-in {date}",
    "Card ending {num} ({person}) · {org} · ${num}.{num} · Receipt missing",
    "New Event: {person} - 30 Minute Meeting - {date} {time}",
    "{person} left a comment in Onboarding Flow v{num}: {sentence}",
    # negatives: entity-free tool text, title case, given names that are also ordinary words
    "Cycle {num} Burndown: {num} Issues Completed, {num} Carried Over",
    "Card Moved To In Review · Board: Q{num} Roadmap",
    'Automation "Move To Done When Checklist Complete" Ran {num} Times This Month',
    "Okta Verify Push Rejected - Factor Enrollment Required",
    '"eventSource": "iam.amazonaws.com", "eventName": "CreateAccessKey", "awsRegion": "us-east-1"',
    "[Recovered] Disk Usage Above 90% On {product} Node {num}",
    "TypeError: Cannot Read Properties Of Undefined (Reading 'Map')",
    "Order #{num} Fulfilled · Tracking Number Added · Customer Notified",
    "Invoice {num} Is Overdue By {num} Days - Net 30",
    "Prior Authorization Pending: Formulary Alternative Suggested",
    "Summer Session Registration Closes Friday; Dean's List Posted",
    "Open House Saturday: Hunter Green Kitchen, Walnut Floors, Ivy Courtyard",
    "Notice Of Appeal Filed - Briefing Schedule To Follow",
    "SELECT Count(*) FROM Patients WHERE Status = 'Discharged';",
    "- [x] Enable SSO Enforcement\n- [ ] Rotate Admin API Keys\n- [ ] Review Guest Access Before Renewal",
    "Reminder: Please DocuSign Mutual NDA Amendment No. {num}",
)

#: (field_path_tail, field_name, value kind) of keys holding a person's name in real payloads.
#: Kinds: ``person`` (full name), ``first``, ``last``, ``handle`` (a login, PERSON by the labelling
#: convention of ``fill.ENTITY_SLOTS``).
FRESH_PERSON_KEYS: tuple[tuple[str, str, str], ...] = (
    ("creator.name", "name", "person"),  # Linear issue creator
    ("completed_by.name", "name", "person"),  # Asana task
    ("followers.name", "name", "person"),  # Asana task followers[]
    ("membercreator.fullname", "fullname", "person"),  # Trello action memberCreator.fullName
    ("membercreator.username", "username", "handle"),  # Trello action memberCreator.username
    ("createdby.displayname", "displayname", "person"),  # Confluence history.createdBy
    ("by.displayname", "displayname", "person"),  # Confluence version.by
    ("author.displayname", "displayname", "person"),  # Google Drive comments[].author
    ("user.displayname", "displayname", "person"),  # Microsoft Teams message from.user
    ("author.global_name", "global_name", "person"),  # Discord message author
    ("author.username", "username", "handle"),  # Discord message author
    ("participants.user_name", "user_name", "person"),  # Zoom participants[]
    ("caller_name.caller_name", "caller_name", "person"),  # Twilio Lookup caller_name
    ("actor.displayname", "displayname", "person"),  # Okta System Log actor
    ("profile.firstname", "firstname", "first"),  # Okta user profile
    ("profile.lastname", "lastname", "last"),  # Okta user profile
    ("user.given_name", "given_name", "first"),  # Auth0 user
    ("user.family_name", "family_name", "last"),  # Auth0 user
    ("useridentity.username", "username", "handle"),  # AWS CloudTrail userIdentity (IAM user)
    ("assignedto.name", "name", "person"),  # Sentry issue assignedTo
    ("customer.first_name", "first_name", "first"),  # Shopify order customer
    ("customer.last_name", "last_name", "last"),  # Shopify order customer
    ("shipping_address.name", "name", "person"),  # Shopify order
    ("customerref.name", "name", "person"),  # QuickBooks Online invoice CustomerRef
    ("signers.name", "name", "person"),  # DocuSign envelope recipients.signers[]
    ("carboncopies.name", "name", "person"),  # DocuSign envelope recipients.carbonCopies[]
    ("subject.display", "display", "person"),  # FHIR reference to the patient
    ("requester.display", "display", "person"),  # FHIR MedicationRequest prescriber
    ("user.sortable_name", "sortable_name", "person"),  # Canvas enrollment ("Last, First")
    ("user.short_name", "short_name", "first"),  # Canvas enrollment
    ("originating_attorney.name", "name", "person"),  # Clio matter
    ("invitee.name", "name", "person"),  # Calendly invitee
)

#: (field_path_tail, field_name, value kind) of keys whose values are not people, many of them
#: sharing a field name with person keys (``name``, ``displayname``, ``username``, ``display``).
FRESH_OTHER_KEYS: tuple[tuple[str, str, str], ...] = (
    ("team.name", "name", "team"),  # Linear team
    ("state.name", "name", "status"),  # Linear workflow state
    ("list.name", "name", "status"),  # Trello list
    ("workspace.name", "name", "org"),  # Asana workspace
    ("space.name", "name", "service"),  # Confluence space
    ("guild.name", "name", "org"),  # Discord server
    ("sessionissuer.username", "username", "role"),  # AWS CloudTrail assumed role
    ("objectref.name", "name", "channel"),  # Kubernetes audit object (lower-case slug)
    ("geographicalcontext.city", "city", "loc"),  # Okta System Log client location
    ("monitor.name", "name", "monitor"),  # Datadog monitor
    ("issue.title", "title", "sentence"),  # Sentry issue
    ("line_items.vendor", "vendor", "org"),  # Shopify order line
    ("shipping_address.country", "country", "loc"),  # Shopify order
    ("itemref.name", "name", "product"),  # QuickBooks invoice line
    ("departmentref.name", "name", "team"),  # QuickBooks class / department
    ("envelope.emailsubject", "emailsubject", "sentence"),  # DocuSign envelope
    ("medicationcodeableconcept.text", "text", "drug"),  # FHIR MedicationRequest
    ("serviceprovider.display", "display", "org"),  # FHIR Encounter
    ("course.name", "name", "course"),  # Canvas course
    ("practice_area.name", "name", "group"),  # Clio matter
    ("event_type.name", "name", "event"),  # Calendly event type
)

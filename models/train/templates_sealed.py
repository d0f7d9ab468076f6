"""Sealed PERSON evaluation set: tool-output templates and key/value records written on 2026-11-21.

Written by a helper session of the build that turned ``FRESH`` into a development set, from what real
tool output looks like and nothing else: no model or detector was run on it, and no error analysis,
score table or detector output was read while writing it. It is the set that gives the honest figure
of that build; nobody may tune a model, detector, list or template against it, and once its errors
are analysed it stops being sealed (write the next one). It uses products and layouts none of
``TRAIN``, ``HELDOUT``, ``BLIND`` or ``FRESH`` uses (``tests/models/test_templates_sealed.py``
enforces no shared or near-duplicate wording against every other templates module as it is when the
test runs). Labelling follows ``fill.ENTITY_SLOTS``: every name slot is PERSON, a ``{handle}`` too
(``{login}`` is not used: the model is not taught to label logins); adjacent ``{first} {last}`` and
``{last}, {first}`` are one span, ``{last}/{first}`` two. Keys are shaped the way the engine's walker
presents them (lower-cased, the two nearest keys, array indexes dropped: Amadeus
``travelers[0].name.firstName`` arrives as ``name.firstname``).
"""

from __future__ import annotations

#: Sentences: shared inboxes, call recorders, recruiting, payroll and HR, spreadsheets-as-databases,
#: design tools, discharge summaries, lab results, e-prescribing, dental and veterinary schedulers,
#: property management, court dockets, card disputes, travel and hotel reservations, expenses, shipping,
#: git shortlog and code review, CI, package registries, directory entries, sign-in logs, device
#: management, sales sequences, events and restaurants, quoted mail in other languages, HTML, YAML
#: front matter, headerless CSV, and entity-free tool text full of capitalised words (about a fifth).
SEALED: tuple[str, ...] = (
    # shared inbox (Front)
    "{person} archived this conversation and tagged it billing-dispute",
    "Discussion · {first}: @{handle2} do we refund the annual plan or prorate it?",
    'Rule "VIP routing" handed this thread to {person} · {time}',
    # call recorders (Gong, Chorus)
    "Call: {org} <> {team} discovery · {num} min\nParticipants: {person} ({org}), {person2}, {person2}",
    "Next steps (auto-generated): {first} to loop in their CFO; {person2} sends the security "
    "questionnaire by {date}",
    'Tracker "pricing" hit {num} times · speaker {person} · {time} into the call',
    # recruiting (Lever, Ashby)
    "{person} · Archived: Underqualified · Owner {person2} · Applied {date} via LinkedIn",
    "Interview kit · Interviewer: {person2} · Candidate: {lastfirst} · Overall: 3 - Hire",
    "{first}, thanks for your time today! {person2} from our talent team will follow up on next steps.",
    # payroll and HR (Gusto, Rippling, Personio)
    "EARNINGS STATEMENT\nEmployee: {uperson}    Pay date: {date}\nGross pay {amount}    Net pay {amount}",
    "Time off approved · {person} · Vacation · {date} \u2013 {date} · approver {person2}",
    "{person}'s laptop was locked remotely by {person2} (offboarding, last day {date})",
    "Absence: {last}, {first} — sick leave, {num} days, substitute {person2}",
    # spreadsheets as databases (Airtable, Smartsheet) and kudos bots (Bonusly)
    'Name,Assignee,Due,Attachments\n"{sentence}",{person},{date},',
    "{person} changed Reviewer from {person2} to (empty) in Content Calendar",
    "+{num} @{handle} for covering the {team} queue all weekend #teamwork",
    # design and whiteboards (Figma, Miro)
    '{person} replied to your comment in "Checkout v{num}": looks good, ship it',
    "Sticky note by {first} ({team} retro): {sentence}",
    "{handle} and {num} others are viewing this board",
    # hospital and clinic systems (Epic/Cerner-style printouts, e-prescribing, dental, veterinary)
    "DISCHARGE SUMMARY\nPatient: {lastfirst}    {mrn}\nAttending: {title} {person2}\n"
    "Discharge diagnosis: community-acquired pneumonia\nDischarge medications: {drug}",
    "HbA1c 7.9 % (H)   Collected {date} {time}   Ordering: {person2}, MD   Pt: {last}, {first}",
    "NewRx sent to pharmacy #{num} for {person} (DOB {date}): {drug} 20 mg, #{num}, 3 refills. "
    "Prescriber {title} {person2}",
    "Recall: {first} {last} — prophy + 4BW with {person2}, RDH on {date} at {time}",
    "Species: Feline · Owner: {person} ({phone}) · Reason for visit: limping, left hind",
    "Critical K+ 6.2 on {uperson} phoned by the lab at {time}, read back by {first2}, RN",
    # property management (AppFolio, Buildium)
    "Work order #{num} · Unit 4B · Tenant: {person} · Vendor: {org} · Kitchen faucet leaking",
    "Lease executed: {person} and {person2}, term {date} \u2013 {date}, rent {amount}/mo",
    "Notice to Pay Rent or Quit served on {lastfirst} (unit {num}) by {person2}",
    # court dockets
    "Case No. {num}-CV-{num}\n{uperson},\n        Plaintiff,\n    v.\n{org},\n        Defendant.",
    "ORDER granting Motion to Continue Trial. Signed by Magistrate Judge {person} on {date}.",
    "Minute entry: status conference held. Present: {person} for plaintiff, {person2} for defendant.",
    # card disputes and bank operations
    "Dispute {id} opened by cardholder {uperson}: merchant {org}, {amount}, reason 13.1 (not received)",
    "Chargeback response due {date}. Cardholder: {person}. Evidence uploaded by {person2}.",
    "ACH return R01 (insufficient funds) for payee {lastfirst}, account ending {num}",
    # travel and hotels (GDS, property management systems)
    "ELECTRONIC TICKET RECEIPT\nPASSENGER NAME: {uperson}\nBOOKING REFERENCE: {id}\nISSUED: {date}",
    " 1.1{last}/{first} MRS\n 2  LH {num} Y {date} FRAMUC HK1  {time}",
    "Guest: {person} · Conf #{num} · Deluxe King · Arr {date} · Dep {date} · Tier Gold",
    "Late checkout for room {num} approved for {lastfirst} by front desk ({first2})",
    # expense reports (Expensify, Concur)
    'Report "{loc} offsite" submitted by {person} · {num} expenses · {amount} · approver {person2}',
    "{first} {last} — Taxi — {amount} — Travel — Policy: receipt required over $75",
    # shipping and delivery
    "SHIP TO:\n{uperson}\n{num} MAPLE AVE APT {num}\n{loc}\nTRACKING #: 1Z{num}",
    "Delivered {date} {time} · Left at: Front Door · Received by: {last}",
    # git and code review (shortlog, Gerrit, Bitbucket)
    "$ git shortlog -sn --since=1.year\n   {num}\t{person}\n   {num}\t{person2}\n    {num}\t{person2}",
    "{person}\nPatch Set {num}: Code-Review+2\n\n({num} comments)",
    "{person} approved the pull request and left {num} comments on {path}",
    # CI (Buildkite, CircleCI)
    "Build #{num} ({word}) · Created by {person} · Commit {sha} · Branch main",
    'Workflow "deploy" on hold — approved by {handle} {num} minutes ago',
    # package registries (npm view, pip show)
    "maintainers:\n- {handle} <{email}>\n\ndist-tags:\nlatest: {ver}\n\npublished {num} days ago by {handle}",
    "Name: {word}\nVersion: {ver}\nSummary: {sentence}\nAuthor: {person}\nAuthor-email: {email}\n"
    "License: MIT",
    # directory entries (ldapsearch)
    "givenName: {first}\nsn: {last}\ndisplayName: {person}\ntitle: {role}\ndepartment: {dept}",
    # sign-in logs, password managers, device management (Entra ID, 1Password, Jamf)
    "Sign-in: {lastfirst} · Office 365 Exchange Online · Interrupted · MFA required · {ip}",
    '{person} ({email}) shared the vault "{team} Infra" with {person2}',
    "Computer {host}: assigned user {person}, last inventory update {date}",
    # sales pipeline and sequences (Pipedrive, Outreach)
    'Deal "{org} \u2013 {num} seats" marked won by {person} · value {amount}',
    'Prospect {person} ({role}, {org}) replied to step {num} of the "Cold \u2013 {team}" sequence',
    # events, restaurants, point of sale (Eventbrite, OpenTable, Toast)
    "Attendee: {person} · General Admission · Order #{num} · Checked in {time}",
    "Party of 4 under {last} at {time} — anniversary, window table requested",
    "Server: {first}    Table {num}    Guests {num}\nCheck #{num}    {date} {time}",
    # documents and incident bots (PandaDoc, incident.io)
    '{person} viewed "Proposal for {org}" for {num} minutes',
    "Role assigned: Incident Lead → {person} (via /inc lead)",
    # quoted mail in other languages, HTML, YAML front matter, headerless CSV, lower-case chat names
    "Le {date} à {time}, {person} <{email}> a écrit :",
    "Am {date} um {time} schrieb {person} <{email}>:",
    "________________________________\nDe: {person}\nEnviado: {date}\nPara: {person2}\n"
    "Asunto: RV: factura {num}",
    "<tr><td>{num}</td><td>{person}</td><td>{email}</td><td>{status}</td></tr>",
    "<p>Hola {first},</p><p>Tu prueba de {product} termina el {date}.</p>",
    '---\ntitle: "{sentence}"\nauthor: {person}\ndate: {date}\ntags: [{word}, {word}]\n---',
    "EMPLID|LEGAL_LAST_NAME|LEGAL_FIRST_NAME|HIRE_DT|DEPTID\n{num}|{last}|{first}|{date}|{num}",
    "{lperson} reacted 👍 to your message in {team} space",
    # entity-free tool text: products, teams, streets, drugs, titles, breeds and rooms
    "Agent Lost: Queue Default, Stack Elastic CI, Instance {host}",
    'Frame "Hero Banner / Dark Mode" Moved To Page "Marketing Site"',
    "Amlodipine Besylate 5 MG Oral Tablet - Dispense As Written - Refills: {num}",
    "Lease Renewal Notice - Magnolia Court, Unit {num} - Rent Increase Effective {date}",
    "Req Opened: Vice President, Global Accounts (Remote - {loc})",
    "Superior Court Calendar - Law And Motion - Department {num} - Tentative Rulings Posted",
    "Chargeback Reversed By Issuer - Funds Returned To Available Balance",
    "Breed: Cavalier King Charles Spaniel · Vaccines Current · Weight {num} lb",
    "Deluxe King, Garden View, Non-Smoking · Rate Code AAA · Guaranteed To Amex",
    "Project Athena: Milestone Beta Complete, Phoenix Launch Moved To Q{num}",
    "Jackson Street Warehouse · Dock {num} · Outbound Pallets Staged",
    "Payroll Run Approved - Direct Deposits Post On {date}",
    "Deal Warning: No Activity In {num} Days, Champion Not Identified",
    "Sequence Paused - Out Of Office Auto Reply Detected",
    'Conditional Access Policy "Require Compliant Device" Applied - Result: Success',
    "Publishing Blocked: Two-Factor Authentication Required For Maintainers",
    "Sterling Heights Dental - Hygiene Schedule Full Through Friday",
)

#: (field_path_tail, field_name, value kind) of keys holding a person's name in real payloads.
#: Kinds: ``person`` (full name), ``first``, ``last``, ``handle`` (PERSON by the labelling convention
#: of ``fill.ENTITY_SLOTS``), ``lastfirst`` ("Last, First"), ``ufirst`` / ``ulast`` (upper case).
SEALED_PERSON_KEYS: tuple[tuple[str, str, str], ...] = (
    ("author.first_name", "first_name", "first"),  # Front message author
    ("recipients.name", "name", "person"),  # Front message recipients[]
    ("first_name.value", "value", "first"),  # Personio employee attributes ({label, value})
    ("last_name.value", "value", "last"),  # Personio employee attributes
    ("data.name", "name", "person"),  # Lever opportunities list (the candidate)
    ("candidate.name", "name", "person"),  # Ashby application
    ("assignee.name", "name", "person"),  # Airtable collaborator field named "Assignee"
    ("user.handle", "handle", "person"),  # Figma comment author (the handle is the display name)
    ("parties.name", "name", "person"),  # Gong call parties[]
    ("results.first_name", "first_name", "first"),  # DrChrono patients list
    ("results.last_name", "last_name", "last"),  # DrChrono patients list
    ("tenants.firstname", "firstname", "first"),  # Buildium lease tenants[]
    ("results.assignedto", "assignedto", "person"),  # CourtListener search result (the judge)
    ("attorneys.name", "name", "person"),  # CourtListener party attorneys[]
    ("owners.names", "names", "person"),  # Plaid Identity accounts[].owners[].names[]
    ("name.firstname", "firstname", "ufirst"),  # Amadeus flight order travelers[].name
    ("name.lastname", "lastname", "ulast"),  # Amadeus flight order travelers[].name
    ("items.ownername", "ownername", "person"),  # SAP Concur expense reports (v3)
    ("to_address.name", "name", "person"),  # EasyPost shipment
    ("maintainers.name", "name", "handle"),  # npm registry package document
    ("info.author", "author", "person"),  # PyPI JSON API
    ("attributes.cn", "cn", "person"),  # LDAP entry as JSON (ldap3 entry_to_json)
    ("attributes.givenname", "givenname", "first"),  # LDAP entry as JSON
    ("attributes.sn", "sn", "last"),  # LDAP entry as JSON
    ("unblocked_by.name", "name", "person"),  # Buildkite job
    ("actor.login", "login", "handle"),  # CircleCI pipeline trigger
    ("approved.name", "name", "person"),  # Gerrit change labels.Code-Review.approved
    ("person_id.name", "name", "person"),  # Pipedrive deal (embedded person)
    ("recipient.display_name", "display_name", "person"),  # Square order pickup recipient
    ("signatures.signer_name", "signer_name", "person"),  # Dropbox Sign signature request
    ("value.userdisplayname", "userdisplayname", "lastfirst"),  # Entra ID sign-in logs (Graph)
    ("location.real_name", "real_name", "person"),  # Jamf Pro computer inventory
)

#: (field_path_tail, field_name, value kind) of keys whose values are not people, many sharing a
#: field name or a parent with person keys above (``name``, ``value``, ``title``, ``location.*``).
SEALED_OTHER_KEYS: tuple[tuple[str, str, str], ...] = (
    ("inboxes.name", "name", "group"),  # Front inbox
    ("position.value", "value", "jobtitle"),  # Personio employee attributes
    ("data.text", "text", "jobtitle"),  # Lever postings list
    ("parties.title", "title", "jobtitle"),  # Gong call parties[]
    ("counterparties.name", "name", "org"),  # Plaid transactions
    ("items.approvalstatusname", "approvalstatusname", "status"),  # SAP Concur expense reports
    ("from_address.company", "company", "org"),  # EasyPost shipment
    ("to_address.city", "city", "loc"),  # EasyPost shipment
    ("info.summary", "summary", "sentence"),  # PyPI JSON API
    ("attributes.department", "department", "dept"),  # LDAP entry as JSON
    ("attributes.l", "l", "loc"),  # LDAP locality
    ("attributes.title", "title", "jobtitle"),  # LDAP entry as JSON
    ("pipeline.name", "name", "service"),  # Buildkite build
    ("org_id.name", "name", "org"),  # Pipedrive deal (embedded organisation)
    ("location.business_name", "business_name", "org"),  # Square location
    ("value.appdisplayname", "appdisplayname", "product"),  # Entra ID sign-in logs (Graph)
    ("location.city", "city", "loc"),  # Entra ID sign-in location
    ("location.department", "department", "dept"),  # Jamf Pro computer inventory
    ("lineitems.description", "description", "sentence"),  # Xero invoice
    ("address.addressline1", "addressline1", "street"),  # Buildium rental property
    ("medicationprescribed.drugdescription", "drugdescription", "drug"),  # NCPDP SCRIPT NewRx as JSON
)

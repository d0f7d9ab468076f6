"""Second development PERSON set: tool-output templates and key/value records written on 2026-11-21.

Written by a helper session of the build that sealed ``SEALED``, so that the next round of detector
work has errors to study without touching the sealed set: ``DEV2`` is meant to be measured and its
errors analysed, and changes made because of it are scored on ``SEALED``. It was written from what real
tool output looks like; no model or detector was run on it and no score table or error analysis was
read while writing it. It uses products and layouts none of ``TRAIN``, ``HELDOUT``, ``BLIND``,
``FRESH`` or ``SEALED`` uses (``tests/models/test_templates_dev2.py`` enforces no shared or
near-duplicate wording against every other templates module as it is when the test runs). Slots,
labelling and key shapes follow ``templates_sealed``: every name slot is PERSON, a ``{handle}`` too;
adjacent ``{first} {last}`` and ``{last}, {first}`` are one span, ``{first},{last}`` (CSV) two; keys
are lower-cased walker tails of the two nearest keys, array indexes dropped.
"""

from __future__ import annotations

#: Sentences: CRM and pharma field sales, automation run logs, project and time tracking, polls and
#: bookings, clinic schedules, refill queues, lab requisitions, explanations of benefits, payroll and
#: retirement plans, applicant pipelines, identity providers, access audits, merge requests, error
#: trackers, status pages, help desks, forums and the fediverse, chat exports and SMS gateways, returns
#: and marketplaces, MLS listings, e-filing and notary journals, gradebooks and libraries, congregations,
#: youth sports, donors and volunteers, quoted mail in Italian and Dutch, Swedish and Spanish notices,
#: XML and TOML, and entity-free tool text full of capitalised words (about a fifth).
DEV2: tuple[str, ...] = (
    # CRM and pharma field sales (Zoho CRM, Veeva)
    "Lead {person} converted to Contact by {person2} · Account: {org} · Stage: Qualification",
    'Blueprint transition "Send Quote" performed by {first} {last} on {date} {time}',
    "Call report · HCP: {title} {person} · Detailed: {drug} · Samples left: {num} · Rep: {person2}",
    # automation run logs (Zapier, Pipedream)
    "Zap run {id} · Step 3 Gmail: Send Email · To: {email} · Subject: Welcome aboard, {first}!",
    'steps.trigger.event.body.customer = "{person}"\n✓ send_slack_message succeeded in {num} ms',
    'Zap "New {org} lead → Sheets" was switched off by {person} after {num} held runs',
    # project work and docs (Basecamp, Wrike, Coda)
    '{person} added a to-do: "{sentence}" — assigned to {first2}, due {date}',
    "{first} boosted your check-in answer with “nice work”",
    "Task {id} reassigned from {lastfirst} to {person2} · Status: {status}",
    'Row edited in "{team} OKRs" by {person} · Owner column set to {person2}',
    # time tracking (Harvest, Toggl)
    "Date,Client,Project,Task,Notes,Hours,First Name,Last Name\n"
    '{date},{org},{team} retainer,Design,"{sentence}",{num},{first},{last}',
    '⏱ {person} stopped the timer on "{team} sprint review" after 1h {num}m',
    "Timesheet for week of {date} rejected by {person2}: {first}, please split the {org} hours by task",
    # polls and bookings (Doodle, booking pages)
    'Poll "{team} offsite dates" · {num} participants · {person} voted Yes for {date}, If need be for {date}',
    "Booking confirmed ✔\nWho: {person} and {person2}\nWhat: {num}-minute intro call\nWhen: {date}, {time}",
    "Your appointment with {first} has been moved to {date} at {time}. Reply C to confirm.",
    # clinic schedules, refill queues, lab requisitions, EOBs (athenahealth-style)
    "{time}  {lastfirst}  F  {num}y  Follow-up (15)  {person2}, NP  Checked In",
    "Refill request · Pt {uperson} · {drug} 500 mg · Last fill {date} · "
    "Prescriber {title} {last} · Pending MD",
    "LAB REQUISITION\nPatient: {last}, {first}   DOB: {date}   {mrn}\nOrdering provider: {person2}\n"
    "Tests: CBC w/ diff, CMP, Lipid panel\nFasting: Y",
    "Claim {id} · Member: {uperson} · Provider: {person2} MD · Billed {amount} · Plan paid {amount}",
    # payroll and retirement plans (ADP, 401(k) recordkeepers)
    "Pay statement\n{lastfirst}\nPeriod ending {date}\nRegular {num}.00 hrs   Fed income tax {amount}",
    "Dear {first}, your 401(k) deferral changed to {num}% effective {date}. "
    "Questions? Ask {person2} in Benefits.",
    "Beneficiary designation on file for {person}: {person2} (spouse), 100% primary",
    # applicant pipelines (Workable, Teamtailor)
    "{person} moved to Phone Screen by {person2} · Source: Referral · Job: {role}",
    "Candidate {person} submitted the {team} take-home; evaluators {first2} and {handle2}",
    "New application: {first} {last} applied for {role} ({loc}) · Rating ★★★★☆",
    # identity providers (OneLogin, JumpCloud, PingFederate)
    "Event 14: {person} assigned role {role} by {person2}",
    "user_login_attempt · {email} ({person}) · success=false · mfa_type=totp · {ip}",
    "AUDIT | {time} | SSO | subject={email} | {person} | SUCCESS | {host}",
    # access audits (Teleport, Vault-style access requests)
    "session.start user={handle} login=root server={host} ({ip})",
    'Access request {id} for db-admin approved by {person}; requested by {person2}: "{sentence}"',
    # merge requests and CI changelogs (GitLab, Gitea, Jenkins)
    "{person} changed the milestone to %{num}.{num} {num} hours ago",
    "{person} @{handle} approved this merge request\n{person2} @{handle2} mentioned this in commit {sha}",
    "{handle} pushed to main at {org}/{word}\n{sha} {sentence}",
    "Changes\n1. {sentence} (details) — {person}",
    # error trackers (Rollbar, Bugsnag, Honeybadger)
    "#{num} TypeError: Cannot read properties of undefined · {num} occurrences · person: {email} ({person})",
    "{person} marked this error as fixed in {ver}; it regressed on {date}",
    "Error #{num} in {path} assigned to {first} {last} by Honeybadger rule",
    # status page updates
    "Update - {time} UTC\nWe have identified the issue and are rolling out a fix.\n"
    "Posted by {person} · {team} on-call",
    # help desks (Help Scout, Kayako, Gorgias)
    "Conversation #{num} · {person} assigned it to {first2} · Tag: refund",
    'Kayako: {lastfirst} replied by email — "{sentence}"',
    "Macro applied by {first}: Hi {first2}, your order #{num} shipped on {date}!",
    # forums and the fediverse (Discourse, Mastodon)
    "{handle}\n{date}\n\n{sentence}\n\n{num} replies · last reply by {handle2}",
    "{person} (@{handle}@mastodon.social) boosted: {sentence}",
    "Solved by {first} in post #{num}",
    # chat exports and SMS gateways (WhatsApp, Telegram)
    "[{date}, {time}] {person}: {sentence}",
    "{date} {time} - {first} {last}: <Media omitted>",
    "{person} forwarded a message from {person2} into the {team} group",
    "SMS queued to {phone} (recipient {person}) via short code {num} · status delivered",
    'Inbound SMS from {phone}: "This is {first}, running {num} min late"',
    "{lperson} replied STOP and was unsubscribed from shipping alerts",
    # returns and marketplaces (Loop, Narvar, Etsy)
    "Return #{num} · {person} · Exchange for size M · Reason: Too small · Label emailed {date}",
    "Order {id} · Out for delivery · Notify: {first} ({email})",
    "Message from buyer {first}: {sentence}\n— sent via your shop, please reply by {date}",
    # MLS listings
    "MLS# {num} · Listing Agent: {person} ({org}) · Co-List: {person2} · Lockbox on rear door",
    "Private remarks: Seller {last} motivated, wants {date} close. Contact {first2} for access",
    # court e-filing and notary journals
    "NOTIFICATION OF SERVICE\nEnvelope {num}\nFiled by: {person}, Attorney for Petitioner\n"
    "Case: In re Marriage of {last}\nAccepted: {date} {time}",
    "Journal entry {num} · Signer: {lastfirst} · ID: Driver license · Document: Deed of Trust · Fee {amount}",
    # gradebooks and libraries
    "{lastfirst} · Unit {num} Quiz {num}/20 · Missing: Lab report · Teacher {title} {last}",
    'Item due back {date}: "{sentence}" · Patron {lastfirst} · Fines {amount}',
    "Hold ready for pickup for {uperson} at {loc} branch until {date}",
    # congregations, youth sports, donors, volunteers (Blackbaud, sign-up sheets)
    "Member #{num} · {person} · Household: {person2} · Active · Envelope #{num}",
    "U12 Girls roster\n#{num} {first} {last}\n#{num} {person2}\nCoach: {person2}",
    "Gift {amount} from {lastfirst} · Fund: Annual Appeal · Solicitor {person2} · Acknowledgement pending",
    "{first} {last} signed up: Saturday {time}\u2013{time} · Food pantry sorting · "
    "{num} of {num} slots filled",
    # quoted mail in Italian and Dutch, notices in Swedish and Spanish, XML and TOML
    "Il giorno {date} alle ore {time} {person} <{email}> ha scritto:",
    "Op {date} om {time} schreef {person} <{email}>:",
    "Hej {first}!\nDin bokning hos {person2} är bekräftad: {date} kl. {time}.",
    "Paciente: {lastfirst} · Médico: {title} {person2} · Cita {date} {time}",
    "<contact><fn>{person}</fn><org>{org}</org><tel>{phone}</tel></contact>",
    '[[tool.poetry.authors]]\nname = "{person}"\nemail = "{email}"',
    # entity-free tool text: automations, clinics, plans, forums, listings, courts, libraries, clubs
    "Zap Turned Off: Too Many Consecutive Errors In Step {num} (Google Sheets)",
    "Blueprint Stage Changed: Negotiation/Review → Closed Won",
    "Campfire · Message Board · Schedule · Card Table · Docs & Files",
    "Specimen Source: Venipuncture · Priority STAT · Requisition Printed",
    "Amoxicillin Clavulanate 875 MG - Refill Too Soon - Next Eligible {date}",
    "Safe Harbor Match Posted · Vesting Schedule: Graded Over {num} Years",
    "Role Updated: Auditor, Editor, Access · Cluster {host}",
    "Merge Request Pipeline Passed · Squash Commits Enabled · Delete Source Branch",
    "Check-In Missing: Nightly Invoice Sweep (Expected Every {num} Minutes)",
    "Degraded Performance - API, Webhooks And Dashboard - Monitoring",
    "Return Window Closed - Final Sale Items Cannot Be Exchanged",
    "Open House Sunday {time} - Granite Counters, Hardwood Floors, Walk To Lincoln Elementary",
    "Envelope Rejected: Filing Code Family Law Petition Requires Cover Sheet",
    "Overdue Notice - Pride And Prejudice - Large Print - Renewals Remaining {num}",
    "Varsity Boys Soccer vs. Lincoln Heights - Bus Departs {time} From Gym Lot",
    "Pledge Reminder: Capital Campaign, Installment {num} Of {num}",
    "Story Time Cancelled - Maple Branch Closed For Carpet Repair",
)

#: (field_path_tail, field_name, value kind) of keys holding a person's name in real payloads.
#: Kinds as in ``templates_sealed``: ``person``, ``first``, ``last``, ``handle``, ``lastfirst``,
#: ``ufirst`` / ``ulast``.
DEV2_PERSON_KEYS: tuple[tuple[str, str, str], ...] = (
    ("created_by.name", "name", "person"),  # Zoho CRM record Created_By lookup
    ("data.full_name", "full_name", "person"),  # Zoho CRM leads data[].Full_Name
    ("contact.lastname", "lastname", "last"),  # Zoho Desk ticket contact
    ("assignees.name", "name", "person"),  # Basecamp to-do assignees[]
    ("data.firstname", "firstname", "first"),  # Wrike contacts data[]
    ("data.lastname", "lastname", "last"),  # Wrike contacts data[]
    ("user.name", "name", "person"),  # Harvest time entry user / Bugsnag event user
    ("participants.name", "name", "person"),  # Doodle poll participants[]
    ("patients.firstname", "firstname", "first"),  # athenahealth patients[]
    ("patients.lastname", "lastname", "last"),  # athenahealth patients[]
    ("provider.display", "display", "person"),  # FHIR ExplanationOfBenefit careTeam[].provider
    ("subscriber.firstname", "firstname", "ufirst"),  # X12 271 eligibility as JSON (upper case)
    ("subscriber.lastname", "lastname", "ulast"),  # X12 271 eligibility as JSON (upper case)
    ("legalname.formattedname", "formattedname", "lastfirst"),  # ADP worker person.legalName
    ("legalname.givenname", "givenname", "first"),  # ADP worker person.legalName
    ("candidate.firstname", "firstname", "first"),  # Workable candidate
    ("attributes.last-name", "last-name", "last"),  # Teamtailor candidate (JSON:API)
    ("data.user_name", "user_name", "person"),  # OneLogin events data[]
    ("results.displayname", "displayname", "person"),  # JumpCloud system users results[]
    ("metadata.username", "username", "handle"),  # Vault audit log auth.metadata
    ("merge_user.name", "name", "person"),  # GitLab merge request
    ("reviewers.username", "username", "handle"),  # GitLab merge request reviewers[]
    ("pusher.full_name", "full_name", "person"),  # Gitea push webhook
    ("person.username", "username", "handle"),  # Rollbar occurrence person
    ("assignee.first", "first", "first"),  # Help Scout conversation assignee
    ("primarycustomer.last", "last", "last"),  # Help Scout conversation primaryCustomer
    ("requester.full_name", "full_name", "person"),  # Kayako case requester
    ("customer.name", "name", "person"),  # Gorgias ticket customer
    ("posts.name", "name", "person"),  # Discourse topic post_stream.posts[]
    ("account.display_name", "display_name", "person"),  # Mastodon status account
    ("account.acct", "acct", "handle"),  # Mastodon status account
    ("from.first_name", "first_name", "first"),  # Telegram Bot API message sender
    ("receipts.name", "name", "person"),  # Etsy shop receipts[] (the buyer)
    ("value.listagentfullname", "listagentfullname", "person"),  # RESO Web API property value[]
    ("name.first", "first", "first"),  # Clever student name
)

#: (field_path_tail, field_name, value kind) of keys whose values are not people, many sharing a
#: field name or a parent with person keys above (``name``, ``title``, ``display``, ``data.*``).
DEV2_OTHER_KEYS: tuple[tuple[str, str, str], ...] = (
    ("account_name.name", "name", "org"),  # Zoho CRM Account_Name lookup
    ("data.designation", "designation", "jobtitle"),  # Zoho CRM leads data[]
    ("bucket.name", "name", "service"),  # Basecamp recording bucket (the project)
    ("data.title", "title", "sentence"),  # Wrike tasks data[]
    ("client.name", "name", "org"),  # Harvest time entry client
    ("task.name", "name", "team"),  # Harvest time entry task
    ("departments.name", "name", "dept"),  # athenahealth departments[]
    ("insurer.display", "display", "org"),  # FHIR ExplanationOfBenefit insurer
    ("jobcode.shortname", "shortname", "jobtitle"),  # ADP workAssignments[].jobCode
    ("job.title", "title", "jobtitle"),  # Workable candidate job
    ("data.app_name", "app_name", "product"),  # OneLogin events data[]
    ("results.department", "department", "dept"),  # JumpCloud system users results[]
    ("labels.title", "title", "prio"),  # GitLab merge request labels[]
    ("repository.name", "name", "repo"),  # Gitea push webhook
    ("item.title", "title", "sentence"),  # Rollbar item
    ("mailbox.name", "name", "group"),  # Help Scout mailbox
    ("category.name", "name", "team"),  # Discourse topic category
    ("chat.title", "title", "service"),  # Telegram Bot API group chat
    ("value.city", "city", "loc"),  # RESO Web API property value[]
    ("value.listofficename", "listofficename", "org"),  # RESO Web API property value[]
    ("sections.name", "name", "course"),  # Clever sections
)

"""Blind PERSON evaluation set: tool-output templates and key/value records written on 2026-11-21.

Written after the PERSON hint rules were frozen and before anyone looked at how they score on it;
measured once. It uses shapes and wordings neither ``TRAIN`` nor ``HELDOUT`` uses (the test in
``tests/models/test_templates_blind.py`` enforces that), the slots of ``fill.py`` only, and keys from
real SaaS payloads as the engine's walker presents them (lower-cased, the two nearest keys, array
indexes dropped: Google Calendar ``attendees[2].displayName`` arrives as ``attendees.displayname``).
Do not tune any detector, list or template against it: a new blind set is the only honest way on.
"""

from __future__ import annotations

#: Sentences: support desks, CRM activity, code review and commits, incident timelines, calendar
#: invites, HR/ATS, clinical handover, support macros, CSV/TSV rows, log lines, several people in one
#: line, and entity-free tool chatter full of capitalised words (negatives, about a fifth).
BLIND: tuple[str, ...] = (
    # help desk ticket events (Zendesk, Freshdesk, Intercom)
    "Ticket #{num} was solved by {person} and will close automatically in 4 days.",
    "Internal note by {person2}: customer {person} is on the legacy plan, do not refund.",
    "Requester {first} replied by email at {time}",
    "Satisfaction rating: Good. Comment from {person}: {sentence}",
    "Ticket merged into #{num} by {handle}",
    "Escalated to Tier 2 ({team}) by agent {person}",
    "Conversation assigned to {person} by round robin",
    "{first} left the conversation",
    # CRM activity history (Salesforce, HubSpot)
    "Task | Call | {date} | {person} | Logged by {person2}",
    "Email: Intro to {org} - sent by {person} to {person2}",
    "Event: Onsite at {org}, {loc}. Attendees: {person}; {person2}",
    "Lead converted: {person} ({org}) -> Contact",
    "Stage changed to Negotiation by {person} on {date}",
    "Next step: {first} to send the revised quote to {org} procurement",
    # code review, commits (GitHub, GitLab)
    "Co-authored-by: {person} <{email}>",
    "Signed-off-by: {person} <{email}>",
    "**{handle}** requested changes on this pull request",
    "{handle} approved these changes {num} days ago",
    "nit: {first} suggested we rename this in #{num}",
    "Review comment from {person} on src/{word}.py line {num}: {sentence}",
    "Merged #{num} - thanks to {person} and {person2} for the reviews",
    "commit {id}\nAuthor: {person} <{email}>\nDate:   {date}\n\n    {sentence}",
    "Reviewed-by: {person}",
    "This PR supersedes the one {handle} opened last week.",
    # incident timelines (PagerDuty, Opsgenie, Statuspage)
    "{time} Acknowledged by {person}",
    "{time} Escalated to {person2} (level 2) after 30 minutes without acknowledgement",
    "Incident commander: {person} | Scribe: {person2} | Comms lead: {person2}",
    "Alert {id} closed by {handle} via the Opsgenie mobile app",
    "On call now for {team}: {person} until {date} {time}",
    # calendar invites (Google Calendar, Outlook)
    "{person} has invited you to Quarterly Business Review with {org}",
    "Organizer: {person}\nWhen: {date} {time}\nWhere: {loc} office, room {num}",
    "Accepted: Interview loop for {person2} - {person} will join",
    "Guests: {email}, {person}, {person2}",
    "{first} proposed a new time: {date} at {time}",
    "Declined: 1:1 {first} / {person2}",
    # HR and applicant tracking (Greenhouse, Workday, BambooHR)
    "Candidate {person} moved to Onsite stage by recruiter {person2}",
    "Scorecard submitted by {person2} for {person}: Strong Yes",
    "Offer letter for {first} {last} sent for signature on {date}",
    "Referral: {person} referred by {person2} ({team})",
    "{last}, {first} - start date {date}, manager {person2}, location {loc}",
    "Employee {person} requested {num} days of PTO starting {date}",
    # clinical handover
    "SBAR handover: {person}, bed {num}, post-op day 2, on {drug}, obs stable.",
    "Handed over to {title} {person2} at {time}; {first} is for review by the night registrar.",
    "Bed {num}: {last}, {first} ({mrn}) - NBM from midnight.",
    "Pt {person} c/o SOB overnight, {drug} held, FY1 {person2} aware.",
    "Family ({person2}, daughter) updated by phone at {time}.",
    "{mrn} | {person} | Ward {num} | Consultant: {title} {person2}",
    # support macros
    "Hi {first}, thanks for reaching out to {org} support! "
    "My name is {person2} and I'll be helping you today.",
    "Thanks for your patience, {first}. Our {team} team has fixed the issue.",
    "We haven't heard back from you, {first}, so we'll close this request for now.",
    # CSV / TSV rows
    "{id},{person},{email},{status},{date}",
    "{num};{last};{first};{loc};{phone}",
    '"{person}","{org}","{loc}","{prio}"',
    "{id}\t{person}\t{team}\t{status}",
    # log lines
    "{date} {time} INFO auth: login succeeded for user {handle} from {loc}",
    'level=warn msg="password reset requested" user="{person}" ip=10.0.{num}.{num}',
    "[audit] {email} ({person}) granted Admin role to {person2}",
    "WARN sync job {id}: skipped {num} records owned by {handle}",
    "User '{person}' exceeded the API rate limit ({num} req/min)",
    "{time} sshd[{num}]: Accepted publickey for {handle} from 10.{num}.{num}.{num}",
    # several people in one line
    "{person}, {person2} and {person2} are blocked on the {product} upgrade.",
    "Per {first}'s note, {person2} will cover while she is in {loc}.",
    "Swapping shifts: {person} takes Saturday, {person2} takes Sunday.",
    "Thanks everyone, especially {first}, for the quick turnaround on {id}.",
    # negatives: capitalised tool chatter, title case, verbs that are also given names
    "Weekly Digest: {num} New Tickets, {num} Solved, {num} Pending",
    "Runbook: Restart The {product} Workers Before Failing Over",
    "Escalation Policy: {team} Primary -> {team} Secondary",
    "Merge Request !{num}: Bump {product} From {num}.{num} To {num}.{num}",
    "SLA Breach Warning - First Reply Time Exceeded On #{num}",
    "Grafana Alert Firing: High CPU On {product}-{num}",
    "Quarterly Business Review Prep - Agenda Draft",
    "Please Review Before Friday's Change Advisory Board",
    "{product} Maintenance Window Scheduled ({time} UTC)",
    "Marked As Duplicate Of {id}",
    "Standup Notes - {team} - Action Items Below",
    "Grant Admin Access To {team} Workspace",
    "Will retry {num} times before paging the {team} on-call.",
    "Mark ticket {id} as resolved once {product} recovers.",
    "Bill To: {org}, {loc}",
    "{time} Incident #{num} triggered: {product} latency above threshold",
)

#: (field_path_tail, field_name, value kind) of keys holding a person's name in real payloads.
#: Kinds: ``person`` (full name), ``first``, ``last``, ``handle`` (a login, PERSON by the labelling
#: convention of ``fill.ENTITY_SLOTS``).
BLIND_PERSON_KEYS: tuple[tuple[str, str, str], ...] = (
    ("requester.name", "name", "person"),  # Zendesk ticket requester (side-loaded user)
    ("owner.name", "name", "person"),  # Salesforce Owner.Name
    ("createdby.name", "name", "person"),  # Salesforce CreatedBy.Name
    ("created_by.display_name", "display_name", "person"),  # Notion / Asana-style audit fields
    ("attendees.displayname", "displayname", "person"),  # Google Calendar attendees[].displayName
    ("organizer.displayname", "displayname", "person"),  # Google Calendar organizer
    ("emailaddress.name", "name", "person"),  # Microsoft Graph from.emailAddress.name
    ("author.name", "name", "person"),  # GitHub commit.author.name
    ("assignee.summary", "summary", "person"),  # PagerDuty assignments[].assignee.summary
    ("caller_id.display_value", "display_value", "person"),  # ServiceNow caller
    ("billing_details.name", "name", "person"),  # Stripe payment method
    ("contact.name", "name", "person"),  # Intercom / HubSpot contact
    ("manager.displayname", "displayname", "person"),  # Microsoft Graph user manager
    ("hiring_managers.name", "name", "person"),  # Greenhouse job hiring team
    ("profile.real_name_normalized", "real_name_normalized", "person"),  # Slack users.info
    ("name.text", "text", "person"),  # FHIR HumanName.text
    ("name.family", "family", "last"),  # FHIR HumanName.family
    ("name.given", "given", "first"),  # FHIR HumanName.given[]
    ("candidate.first_name", "first_name", "first"),  # Greenhouse candidate
    ("candidate.last_name", "last_name", "last"),  # Greenhouse candidate
    ("properties.firstname", "firstname", "first"),  # HubSpot contact properties
    ("properties.lastname", "lastname", "last"),  # HubSpot contact properties
    ("user.login", "login", "handle"),  # GitHub user
)

#: (field_path_tail, field_name, value kind) of keys whose values are not people, several of them
#: sharing a field name with person keys (``name``, ``full_name``, ``displayname``, ``summary``).
BLIND_OTHER_KEYS: tuple[tuple[str, str, str], ...] = (
    ("organization.name", "name", "org"),  # Zendesk organization
    ("account.name", "name", "org"),  # Salesforce Account.Name
    ("company.name", "name", "org"),  # HubSpot company
    ("plan.nickname", "nickname", "plan"),  # Stripe price / plan
    ("repository.full_name", "full_name", "repo"),  # GitHub repository
    ("channel.name", "name", "channel"),  # Slack conversation
    ("service.summary", "summary", "service"),  # PagerDuty service reference
    ("event.summary", "summary", "event"),  # Google Calendar event title
    ("location.displayname", "displayname", "loc"),  # Microsoft Graph event location
    ("milestone.title", "title", "milestone"),  # GitHub milestone
    ("pull_request.title", "title", "sentence"),  # GitHub pull request
    ("ticket.subject", "subject", "sentence"),  # Zendesk ticket
    ("priority.name", "name", "prio"),  # Jira priority
    ("group.name", "name", "group"),  # Zendesk agent group
    ("department.name", "name", "team"),  # HR system department
    ("product.name", "name", "product"),  # product catalogue
    ("office.city", "city", "loc"),  # HR system work location
)

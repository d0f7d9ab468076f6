"""Tool-output sentence templates: one set for training, a disjoint set kept for evaluation only.

The held-out set uses wordings and layouts the training set never shows, so its score measures
generalisation to new tool-output shapes rather than memorised templates.
"""

from __future__ import annotations

from dlp.models.train.templates_people import PEOPLE
from dlp.models.train.templates_tools import TOOLS

#: The first shapes seen in training: ticket comments, chat, CRM notes, mail headers/signatures, clinical
#: notes, JSON string fields, bare field values, and entity-free tool chatter (negatives).
BASE: tuple[str, ...] = (
    # issue trackers
    "Assignee: {person}",
    "Reporter: {person}",
    "Assigned to {person} on {date}",
    "{person} changed the status from {status} to {status}",
    "{person} commented: I can reproduce this on staging, see {url}",
    "Reassigning {id} to {person} since {first} owns the {team} backlog.",
    "{person} added a comment - {sentence}",
    "@{handle} can you take a look at {id} before the release?",
    "cc @{handle} and {person2}",
    "Resolved by {person} in {id}. Verified by {person2}.",
    "Created by {person} · {date}",
    "{id}: {sentence} (reported by {person})",
    # chat
    "{first}: morning all, standup in 5",
    "{person} joined the channel",
    "thanks {first}! merged",
    "Hey {first}, did {person2} send you the {product} credentials?",
    "@{handle} wrote in #{word}: {sentence}",
    "<@{handle}> ping me when the deploy to {loc} finishes",
    "{first} {last} (via Slack): {sentence}",
    "lol {first} you broke prod again",
    "ok so {first} and {person2} are out until {date}",
    # CRM / sales notes
    "Called {person} at {org} re: renewal, follow up {date}.",
    "Customer {person} ({org}, {loc}) asked about the enterprise tier.",
    "Account owner: {person}. Primary contact: {person2}.",
    "Met {person} from {org} in {loc}; they want a demo before {date}.",
    "Lead source: webinar. Contact name: {person}, {org}",
    "{org} signed the MSA on {date}. Champion is {person}.",
    "Spoke with {title} {person} about the {org} contract",
    # e-mail
    "From: {person} <{email}>",
    "To: {person} <{email}>, {person2}",
    "On {date}, {person} <{email}> wrote:",
    "Dear {first},",
    "Dear {title} {last},",
    "Hi {first},\n\nPlease find the report attached.\n\nThanks,\n{person}",
    "Best regards,\n{person}\n{org}\n{phone}",
    "Kind regards, {person} | Account Manager | {org}",
    "Sent from my iPhone\n\n-- \n{person}",
    "Cheers,\n{first}",
    # clinical notes
    "Patient {person} seen on {date} for follow-up; continue {drug}.",
    "Pt: {person}, DOB {date}, {mrn}",
    "{title} {person} reviewed the labs with the patient.",
    "Referred by {title} {last} to the cardiology clinic in {loc}.",
    "Discharge summary for {person}, admitted {date}.",
    "Nurse note ({person}): patient resting, vitals stable.",
    # JSON-ish string values and bare fields
    "{person}",
    "{last}, {first}",
    "{org}",
    "{loc}",
    "{date}",
    "full_name: {person}",
    "owner={person}",
    '{"displayName": "{person}", "active": true}',
    "{person} ({email})",
    "{person} - {org}",
    "Shipping to {person}, {loc}",
    # prose
    "{person} moved from {loc} to {loc} in {date} to join {org}.",
    "According to {person}, {org} will open an office in {loc}.",
    "The meeting with {org} was rescheduled to {date}.",
    "{org} acquired {org} for an undisclosed sum.",
    "I spoke to {first} yesterday and she confirmed the order.",
    "{person} is the new VP of Engineering at {org}.",
    # negatives: capitalised tool chatter with no entity
    "Status: {status}. Priority: {prio}.",
    "Build #{num} failed on main: {product} timeout after {num}s",
    "Deploy {id} to production at {time}",
    "Error: Connection refused while calling {url}",
    "Sprint {num} Review - {team} Team",
    "Merged pull request #{num} from feature/{word}",
    "Updated {product} to version {num}.{num}",
    "{status} -> {status}",
    "See {url} for details.",
    "Call me at {phone}",
)

#: Every training template: the first set plus the wider tool-output and people sets.
TRAIN: tuple[str, ...] = (*BASE, *TOOLS, *PEOPLE)

#: Shapes kept out of training (scored in the model card as the held-out tool-output set).
HELDOUT: tuple[str, ...] = (
    "Ticket {id} now owned by {person}",
    "Requester - {person}",
    "{person} set priority to {prio}",
    "Approved by: {person} ({date})",
    "watchers: {person}, {person2}",
    "Pinging {first} for review.",
    "{first} said the fix is in {id}",
    "@{handle}: {sentence}",
    "[{time}] {person}: anyone seen the alert?",
    "{person} reacted with :thumbsup:",
    "Notes from call with {person} of {org}: budget approved.",
    "Opportunity owner {person}; close date {date}",
    "Visited {org} HQ in {loc} with {person}.",
    "Reply-To: {person} <{email}>",
    "Cc: {person}",
    "Hello {first},",
    "Regards,\n{person}",
    "Many thanks, {first}",
    "--\n{person}\nSenior Engineer, {org}",
    "Patient name: {person}",
    "Seen by {title} {person} in clinic today.",
    "{person}, a patient of {title} {last}, reports chest pain.",
    '"author": "{person}"',
    "customer: {person}",
    "{last} {first}",
    "{person} <{email}>",
    "Invoice addressed to {person} at {org}, {loc}",
    "{person} will present at the {loc} offsite on {date}.",
    "Signed, {person}",
    "Build {num} passed on {product} {num}.{num}",
    "{team} on-call rotation starts at {time}",
)

"""Training templates, part 3: text people write in tools, and person-free lines that look like names.

Training only. Lone first names mid-sentence and at the end, "Last, First", lower- and upper-case
names, several people per line, names after role words that are not part of the name ("Requester",
"Employee", "FY1", "Per"); and many negatives: title-case chatter, verbs and nouns that are also
given names, firms built from surnames (ORG) and places that are also names (LOC).
"""

from __future__ import annotations

#: e-mail threads and signatures.
EMAIL: tuple[str, ...] = (
    "From: {lastfirst} <{email}>\nSent: {date} {time}\nTo: {person2}\nSubject: RE: {word} follow-up",
    "-----Original Message-----\nFrom: {person}\nTo: {team} list",
    "> On {date} at {time}, {lperson} wrote:\n> {sentence}",
    "Forwarded message from {uperson} ({email})",
    "{first}, see below from {person2}. Can you handle it?",
    "Looping in {first2} who owns {product}. {first}, over to you.",
    "Thanks {first} - adding {person2} on cc.",
    "I am out of the office until {date}. For urgent issues contact {person2}.",
    "Subject: Intro - {person} <> {person2} ({org})",
    "Hi all, please welcome {first} to the {team} team! {first2} will be the onboarding buddy.",
    "Warm wishes,\n{lfirst}",
    "Best,\n{first} {last} | {role}\n{org} | {loc}",
    "BCC: {email}; {email}",
    "Subject: Reminder: Expense Reports Due\nFrom: Finance Operations <{email}>",
)

#: calendars and scheduling.
CALENDAR: tuple[str, ...] = (
    "Invitation: {team} sync @ {date} {time} ({first} / {first2})",
    "Required: {lastfirst}; Optional: {person}, {person2}",
    "{person} accepted this invitation.",
    "Tentative: {lastfirst} - interview debrief",
    "{first} is out of office ({date} - {date})",
    "Busy: {lperson} ({time}-{time})",
    "Reminder: 1:1 with {first} in 10 minutes",
    "Event updated by {person}: moved from {time} to {time}",
    "All Hands - Q&A Session - Main Auditorium",
    "Focus Time (Do Not Book)",
    "Lunch & Learn: Intro To {product}",
)

#: HR and recruiting.
HR: tuple[str, ...] = (
    "Interview feedback for {lastfirst} ({stage}): hire. Interviewer: {person2}",
    "Hiring manager {person} approved the requisition for {role} in {loc}.",
    "Background check for {uperson} cleared on {date}.",
    "New hire: {person}, {role}, reports to {person2}, starts {date}",
    "Termination processed: employee #{num} {lastfirst}, last day {date}",
    "Performance review: {first} exceeded expectations; calibrated by {person2}.",
    "Candidate source: referral from {first2} ({dept})",
    "Emp. {person} - PTO balance {num} hrs",
    "Employee name: {lastfirst}\nEmployee ID: {num}\nDepartment: {dept}",
    "Recruiter note: {first} prefers remote work and is currently based in {loc}",
    "Onboarding checklist for {person}: laptop shipped, badge pending",
    "Offer accepted by {person}! Welcome to {org}!",
    "Open Role: {role} - {dept} - Hybrid",
    "Benefits Enrollment Closes Soon",
)

#: sales and CRM.
SALES: tuple[str, ...] = (
    "Opp: {org} - Expansion | Stage: {dealstage} | Owner: {login}",
    "{person} ({role}, {sorg}) requested pricing for {num} seats.",
    "Deal {dealstage}: {org} / {amount} / AE {person}",
    "Logged call with {lastfirst} of {sorg}: no answer, left voicemail.",
    "Contact {person} unsubscribed from marketing emails",
    "Account: {sorg} | HQ: {loc} | Primary: {person}",
    "Quote Q-{num} sent to {lperson} at {org}",
    "SDR {first} booked a meeting for AE {person2}",
    "Pipeline Report - Closed Won By Region",
    "{org} renewal at risk; exec sponsor {first} left the company",
)

#: support desks.
SUPPORT: tuple[str, ...] = (
    "Agent {first} replied publicly: {sentence}",
    "Customer {lperson} rated the conversation 2/5",
    "Ticket {id} requester changed from {person} to {person2}",
    "Macro 'Refund approved' applied by {login}",
    "{first} from {team} here - I've escalated this for you.",
    "[{time}] Visitor {first}: hi, my order never arrived\n[{time}] Agent {first2}: let me check",
    "Requester {person} has {num} open tickets",
    "Assigned group: {team} Support, assignee: (none)",
    "Follow-up sent to {lastfirst}; auto-close pending",
    "Caller: {person} ({phone}) reports VPN drops every {num} minutes",
    "Sorry for the trouble, {first}. A replacement ships from {loc}.",
)

#: incident timelines.
INCIDENTS: tuple[str, ...] = (
    "{time} UTC - {first} declared {sev} and opened #inc-{num}",
    "{time} - {login} rolled back {svc} to {ver}",
    "{time} {first} and {first2} joined the bridge",
    "IC: {login} | Ops: {login2} | Status page: {person}",
    "Postmortem owner: {person}; action items for {first2} and {person2}",
    "Page sent to {person} by SMS; no ack after {num} minutes, re-routed to {person2}",
    "Resolved: {svc} error rate back to normal (thanks {first})",
    "{time} Page acknowledged (user: {login})",
    "{sev} Incident Review - Root Cause: Expired Certificate On {svc}",
    "Page Engineering On-Call If Error Budget Burn Exceeds {num}%",
)

#: clinical notes.
CLINICAL: tuple[str, ...] = (
    "Pt {lastfirst}, {mrn}, admitted under {title} {person2}",
    "Attending: {title} {person}; Resident: {title} {person2}",
    "Seen with {first2} (SHO). {first} reports less pain.",
    "Allergies: NKDA. PCP: {title} {last}.",
    "NAME: {uperson}  DOB: {date}  {mrn}",
    "Consent obtained from the patient's son, {person2}.",
    "Dx: {icd}. Plan per {title} {last}: titrate {drug}.",
    "Reg {first} reviewed at the bedside; escalate to {title} {person2} if NEWS above 5.",
    "{lastfirst} - Bed {num} - {drug} due at {time}",
    "Med rec completed by pharmacist {person} at {time}.",
    "Telephone encounter: spoke with {first}'s mother about the results.",
    "FY1 {first} to chase bloods and update {title} {last}",
    "Vitals: BP 128/82, HR {num}, SpO2 98% RA. Plan: Continue Current Management.",
    "Dx: {icd}. Rx: {drug} 500 mg PO BID. Follow Up With PCP.",
)

#: legal and finance.
LEGAL: tuple[str, ...] = (
    "Matter {num}: {sorg} v. {org}; responsible attorney {person}",
    "Engagement letter countersigned by {person} on behalf of {sorg} (copy attached)",
    "Wire of {amount} to {sorg} approved by {lastfirst}",
    "Invoice {num} | Sold to: {person}, {org}",
    "Beneficiary: {uperson}",
    "Expense report {id} submitted by {person}: {amount}, approver {person2}",
    "Vendor: {sorg} | Terms: Net 30 | Contact: {person}",
    "Deposition of {person} scheduled in {loc} on {date}.",
    "Per {first}: hold payment to {sorg} pending the W-9.",
    "Journal entry posted by {login}: {amount} to {dept} cost centre",
    "Late Fee Applies After The Due Date",
)

#: chat: lone first names in the middle and at the end, lower case, several people.
CHAT: tuple[str, ...] = (
    "thanks, {first}.",
    "nice catch {first}!",
    "can someone ping {first}? they own {svc}",
    "ok i'll ask {lfirst}",
    "{first} is on it",
    "merged, thx {lfirst}",
    "who broke {svc}? oh wait it was me, sorry {first}",
    "+1 to what {first} said",
    "i think {first2} and {first} paired on that",
    "good morning {first}, {first2} and everyone else",
    "is {first} around? need a review on #{num}",
    "welcome aboard, {first}!",
    "not sure, maybe ask {lperson}?",
    "see what {first} wrote in the {team} doc",
    "haha yes {first}",
    "{lfirst}: brb",
    "big thanks to {first} for the quick fix",
    "{first} - could you approve when you get a sec",
    "{person}, {lastfirst2} and {lperson2} approved the rollout",
    "pairing with {first}/{first2} on {id}",
    "on the call: {first}, {first2} and {person2}",
    "handing over to {first2}, ping {first} if it pages again",
)

#: names beside role words and headers (the role word is never part of the name).
ROLES: tuple[str, ...] = (
    "Requester {person} is still waiting on a reply.",
    "Employee {lastfirst} (ID {num}) completed the training.",
    "Per {first}, the fix is live on {env}.",
    "Reviewer {login} left {num} comments",
    "Owner {person} / Backup {person2}",
    "Approver: {lastfirst}",
    "Manager: {lastfirst} ({dept})",
    "Contact: {lastfirst}; {lastfirst2}",
    "Nurse {first} gave the {time} dose.",
    "Consultant {ulast} to review on the ward round",
    "CSM {person} owns the {org} account",
    "Candidate {first} withdrew from the process",
    "ATTN: {uperson}",
    "ACCOUNT HOLDER: {uperson}",
    "assigned to {lperson}",
    "{lperson} commented on {id}",
    "Assigned to {lastfirst} by {login}",
    "Customer {first} asked for a callback at {time}",
)

#: person-free lines full of capitalised words, name-like verbs and nouns, firms and places.
NEGATIVES: tuple[str, ...] = (
    "Release Notes - Improvements And Bug Fixes",
    "Action Required: Verify Your Email Address",
    "Standup Recap - Blockers And Risks",
    "Cost Explorer: Spend Anomaly Detected In {env}",
    "Security Alert: Upgrade {product} To {ver}",
    "Status Page: Investigating Elevated Error Rates",
    "Quota Exceeded For Project {word}",
    "Access Review Campaign Started For {team}",
    "Certificate Expiring Soon: {host}.example.com",
    "Feature Flag Enabled: {word}_{word}",
    "Welcome To The {team} Workspace!",
    "Budget Alert: {num}% Of Budget Used",
    "Draft: Incident Communication Template",
    "Author: (unknown)\nDate: (not set)",
    "Date: {date}\nFrom: Alerts <{email}>\nSubject: Disk Usage Warning",
    "Author: {sysuser}\nDate: {date}",
    "Assignee: Unassigned | Reporter: Automation Rule | Priority: {prio}",
    "Owner: {team} Team",
    "Approved By: Change Advisory Board",
    "Created By: Scheduled Export",
    "Mark all as read",
    "Mark as spam and block sender",
    "Buttons: Mark Complete | Snooze | Archive",
    "Grant read access to the {team} group",
    "Grant revoked: {sysuser} no longer has write access",
    "Will be deployed after the freeze lifts.",
    "Will check after lunch.",
    "Bill payment of {amount} scheduled",
    "Bill Pay: {amount} to {org}",
    "Round Robin Scheduling Enabled For {team} Queue",
    "tickets are distributed round robin across the {team} queue",
    "Sue for breach only if mediation fails.",
    "Pat dry and apply the cream.",
    "BOB (back office batch) run {num} completed",
    "Frank discussion needed on the {product} budget.",
    "Jack up the pool size to {num}",
    "Max retries reached for job {id}",
    "Page the secondary if there is no ack",
    "Grace period ends on {date}",
    "Amber: {svc} latency degraded",
    "Chase the vendor for the signed {word} form",
    "Hope this helps!",
    "Will do.",
    "Sterling payments batch settled: {amount}",
    "Patience - the import takes around {num} minutes.",
    "Job {id} owner changed from {sysuser} to {team}",
    "Vendor onboarding: {sorg} passed the security review.",
    "{sorg} sent the signed SOW.",
    "Counterparty: {sorg}",
    "Audit by {sorg} starts {date}.",
    "Invoice from {sorg} is overdue ({amount}).",
    "Outside counsel ({sorg}) copied.",
    "Sold to: {sorg}, {loc}",
    "{sorg} - Master Services Agreement v{num}",
    "Shipment {id} departed the {nameloc} hub",
    "Office move: the {nameloc} team relocates to {loc}",
    "Weather delay at {nameloc} airport",
    "Store #{num} ({nameloc}, {loc}) reported {num} returns",
    "Flight {id} to {nameloc} is delayed",
    "Sales region {nameloc} exceeded target",
    "Conference in {nameloc}: booth setup at {time}",
    "{sorg} opened a second office in {nameloc}.",
)

PEOPLE: tuple[str, ...] = (
    *EMAIL,
    *CALENDAR,
    *HR,
    *SALES,
    *SUPPORT,
    *INCIDENTS,
    *CLINICAL,
    *LEGAL,
    *CHAT,
    *ROLES,
    *NEGATIVES,
)

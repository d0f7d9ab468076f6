"""SaaS API response shapes (Slack, Jira, Zendesk, Salesforce, GitHub) with planted values.

Field names and nesting follow the public API documentation of each product, so detectors see
the same key/value structure they meet behind real MCP servers.
"""

from __future__ import annotations

import string

from tests.corpus.prose import Prose
from tests.corpus.rich import Json, Rich, Span, rich

UPPER_DIGITS = string.ascii_uppercase + string.digits


def slack_history(p: Prose) -> Json:
    """``conversations.history`` response."""
    messages: list[Json] = []
    for _ in range(p.rng.randint(2, 5)):
        message: dict[str, Json] = {
            "type": "message",
            "user": "U" + p.v.token(10, UPPER_DIGITS),
            "text": p.paragraph(p.rng.randint(1, 2)),
            "ts": p.v.slack_ts(),
            "team": "T" + p.v.token(8, UPPER_DIGITS),
        }
        if p.rng.random() < 0.3:
            name = p.name_value()
            message["user_profile"] = {
                "real_name": rich(p.person(name)),
                "display_name": name.split()[0].lower(),
                "is_restricted": False,
            }
        if p.rng.random() < 0.2:
            message["reactions"] = [
                {"name": "eyes", "users": ["U" + p.v.token(10, UPPER_DIGITS)], "count": 1}
            ]
        messages.append(message)
    return {
        "ok": True,
        "messages": messages,
        "has_more": p.rng.random() < 0.5,
        "pin_count": 0,
        "response_metadata": {"next_cursor": p.v.base64_blob(12)},
    }


def _jira_user(p: Prose) -> Json:
    name = p.name_value()
    return {
        "accountId": f"5b10{p.v.sha(20)}",
        "displayName": rich(p.person(name)),
        "emailAddress": rich(p.email(name)),
        "active": True,
        "timeZone": p.rng.choice(["Europe/Berlin", "America/New_York", "Europe/London"]),
    }


def jira_issue(p: Prose) -> Json:
    """REST ``/rest/api/3/issue/{key}`` response (description as plain text for brevity)."""
    project = p.rng.choice(["SUP", "OPS", "HR", "FIN", "SEC"])
    number = p.rng.randint(1, 9999)
    comments: list[Json] = [
        {
            "id": str(p.rng.randint(10000, 99999)),
            "author": _jira_user(p),
            "body": p.paragraph(p.rng.randint(1, 3)),
            "created": p.v.timestamp(),
        }
        for _ in range(p.rng.randint(0, 3))
    ]
    return {
        "id": str(p.rng.randint(10000, 99999)),
        "key": f"{project}-{number}",
        "self": f"https://acme.atlassian.net/rest/api/3/issue/{project}-{number}",
        "fields": {
            "summary": p.sentence(),
            "description": p.paragraph(p.rng.randint(1, 4)),
            "status": {"name": p.rng.choice(["Open", "In Progress", "Done"])},
            "priority": {"name": p.rng.choice(["High", "Medium", "Low"])},
            "labels": list[Json](p.rng.sample(["customer", "billing", "urgent", "security", "gdpr"], 2)),
            "assignee": _jira_user(p),
            "reporter": _jira_user(p),
            "created": p.v.timestamp(),
            "updated": p.v.timestamp(),
            "comment": {"comments": comments, "total": len(comments)},
        },
    }


def zendesk_ticket(p: Prose) -> Json:
    """``/api/v2/tickets/{id}`` with its ``comments`` side-loaded."""
    ticket_id = p.rng.randint(1000, 999999)
    name = p.name_value()
    comments: list[Json] = [
        {
            "id": p.rng.randint(10**9, 10**10),
            "type": "Comment",
            "author_id": p.rng.randint(10**9, 10**10),
            "body": p.paragraph(p.rng.randint(1, 3)),
            "public": p.rng.random() < 0.7,
            "created_at": p.v.timestamp(),
        }
        for _ in range(p.rng.randint(1, 3))
    ]
    return {
        "ticket": {
            "id": ticket_id,
            "url": f"https://acme.zendesk.com/api/v2/tickets/{ticket_id}.json",
            "subject": p.sentence(),
            "description": p.paragraph(p.rng.randint(1, 3)),
            "status": p.rng.choice(["new", "open", "pending", "solved"]),
            "requester": {"name": rich(p.person(name)), "email": rich(p.email(name))},
            "tags": list[Json](["billing", "vip"][: p.rng.randint(0, 2)]),
            "via": {"channel": p.rng.choice(["email", "web", "voice"])},
            "created_at": p.v.timestamp(),
        },
        "comments": comments,
    }


def _sf_attributes(p: Prose, sobject: str, prefix: str) -> tuple[str, Json]:
    record_id = p.v.sf_id(prefix)
    return record_id, {"type": sobject, "url": f"/services/data/v60.0/sobjects/{sobject}/{record_id}"}


def _sf_contact(p: Prose) -> Json:
    record_id, attributes = _sf_attributes(p, "Contact", "003")
    first, last = p.fake.first_name(), p.fake.last_name()
    street = ", ".join(str(p.fake.street_address()).splitlines())
    return {
        "attributes": attributes,
        "Id": record_id,
        "FirstName": rich(Span(first, "PERSON")),
        "LastName": rich(Span(last, "PERSON")),
        "Email": rich(p.email(f"{first} {last}")),
        "Phone": rich(p.phone()),
        "MailingStreet": rich(Span(street, "STREET_ADDRESS")),
        "MailingCity": rich(p.city()),
        "MailingPostalCode": p.fake.postcode(),
        "Birthdate": rich(Span(p.v.dob() if p.rng.random() < 0.3 else _iso_dob(p), "DATE_OF_BIRTH")),
        "Account": {"Name": rich(p.company())},
        "Description": p.sentence() if p.rng.random() < 0.6 else None,
    }


def _iso_dob(p: Prose) -> str:
    return f"{p.rng.randint(1940, 2004)}-{p.rng.randint(1, 12):02d}-{p.rng.randint(1, 28):02d}"


def _sf_account(p: Prose) -> Json:
    record_id, attributes = _sf_attributes(p, "Account", "001")
    return {
        "attributes": attributes,
        "Id": record_id,
        "Name": rich(p.company()),
        "Phone": rich(p.phone()),
        "Website": f"https://www.{p.fake.domain_name()}",
        "BillingCity": rich(p.city()),
        "AnnualRevenue": p.rng.randint(10**5, 10**9),
        "NumberOfEmployees": p.rng.randint(5, 50000),
    }


def _sf_opportunity(p: Prose) -> Json:
    record_id, attributes = _sf_attributes(p, "Opportunity", "006")
    return {
        "attributes": attributes,
        "Id": record_id,
        "Name": rich(p.company(), " - ", p.rng.choice(["Renewal", "Expansion", "New Business"])),
        "Amount": round(p.rng.uniform(1000, 500000), 2),
        "CloseDate": f"{p.rng.randint(2023, 2027)}-{p.rng.randint(1, 12):02d}-{p.rng.randint(1, 28):02d}",
        "StageName": p.rng.choice(["Prospecting", "Negotiation/Review", "Closed Won"]),
        "Description": p.paragraph(p.rng.randint(1, 2)),
    }


def salesforce_query(p: Prose) -> Json:
    """SOQL ``/query`` result of contacts, accounts or opportunities."""
    maker = p.rng.choice([_sf_contact, _sf_contact, _sf_account, _sf_opportunity])
    records = [maker(p) for _ in range(p.rng.randint(1, 4))]
    return {"totalSize": len(records), "done": True, "records": records}


def _gh_user(p: Prose) -> Json:
    return {"login": p.fake.user_name(), "id": p.rng.randint(10**5, 10**8), "type": "User"}


def github_issue(p: Prose) -> Json:
    """``GET /repos/{owner}/{repo}/issues/{n}`` with a few comments."""
    number = p.rng.randint(1, 20000)
    return {
        "number": number,
        "title": p.sentence(),
        "state": p.rng.choice(["open", "closed"]),
        "user": _gh_user(p),
        "body": p.paragraph(p.rng.randint(1, 4)),
        "labels": [{"name": p.rng.choice(["bug", "support", "question"])}],
        "html_url": f"https://github.com/acme/platform/issues/{number}",
        "comments": [
            {"id": p.rng.randint(10**8, 10**9), "user": _gh_user(p), "body": p.paragraph(p.rng.randint(1, 2)),
             "created_at": p.v.timestamp()}
            for _ in range(p.rng.randint(0, 3))
        ],
    }  # fmt: skip


def _patch_line(p: Prose) -> Rich:
    v = p.v
    choice = p.rng.randrange(9)
    if choice == 0:
        return rich('+AWS_ACCESS_KEY_ID = "', p.secret(v.aws_key_id(), "aws_access_key_id"), '"')
    if choice == 1:
        return rich('+aws_secret_access_key = "', p.secret(v.aws_secret(), "aws_secret_access_key"), '"')
    if choice == 2:
        return rich(
            "+const stripe = require('stripe')('", p.secret(v.stripe_key(), "stripe_secret_key"), "');"
        )
    if choice == 3:
        return rich("+  token: ", p.secret(v.github_pat(), "github_pat"))
    if choice == 4:
        return rich("+SLACK_BOT_TOKEN=", p.secret(v.slack_token(), "slack_token"))
    if choice == 5:
        return rich("+    maintainer: ", p.person(), " <", p.email(), ">")
    if choice == 6:
        return rich(f'-version = "{v.version()}"\n+version = "{v.version()}"')
    if choice == 7:
        return rich(f'+    "integrity": "sha512-{v.base64_blob(48)}",')
    return rich(f"+    id: {v.uuid()}  # checksum {v.sha(64)}")


def github_commit(p: Prose) -> Json:
    """``GET /repos/{owner}/{repo}/commits/{sha}``: author, message and file patches."""
    name = p.name_value()
    files: list[Json] = []
    for _ in range(p.rng.randint(1, 3)):
        lines = [_patch_line(p) for _ in range(p.rng.randint(2, 6))]
        patch = rich(f"@@ -{p.rng.randint(1, 200)},7 +{p.rng.randint(1, 200)},8 @@\n")
        for index, line in enumerate(lines):
            patch = patch + ("\n" if index else "") + line
        filename = p.rng.choice(["config/settings.py", "deploy/values.yaml", ".env.example", "src/pay.js"])
        files.append({"filename": filename, "status": "modified", "patch": patch})
    return {
        "sha": p.v.sha(),
        "commit": {
            "author": {"name": rich(p.person(name)), "email": rich(p.email(name)), "date": p.v.timestamp()},
            "message": rich(p.rng.choice(["Fix billing export", "Add staging config", "Bump deps"])),
        },
        "author": _gh_user(p),
        "files": files,
    }


def github_pr_comments(p: Prose) -> Json:
    """``GET /repos/{owner}/{repo}/pulls/{n}/comments``."""
    return [
        {
            "id": p.rng.randint(10**8, 10**9),
            "path": p.rng.choice(["src/app.py", "README.md", "infra/main.tf"]),
            "commit_id": p.v.sha(),
            "user": _gh_user(p),
            "body": p.paragraph(p.rng.randint(1, 2)),
            "created_at": p.v.timestamp(),
        }
        for _ in range(p.rng.randint(1, 4))
    ]

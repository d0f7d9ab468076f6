"""Training templates, part 2: machine-printed tool output (VCS, CI, logs, rows, key=value, YAML/INI).

Training only. Written to teach general cues: a login after "user"/"by"/"for" is a person, a system
account (``{sysuser}``) is not; a "Date:"/"Author:" header is no name; a name's boundary is the
field separator, not the word before it. None repeats a held-out or blind wording (tests/models).
"""

from __future__ import annotations

#: git / hg / svn headers, trailers, forge events.
VCS: tuple[str, ...] = (
    "Author:     {person} <{email}>\nAuthorDate: {date} {time}\nCommit:     {person2} <{email}>",
    "Acked-by: {person} <{email}>",
    "Tested-by: {person} <{email}>",
    'Reported-by: {person}\nFixes: {sha} ("{word}: handle empty {word}")',
    "Suggested-by: {lperson} <{email}>",
    "{sha} {sentence} ({login})",
    "{sha}  {date}  {person}  fix {word} handling in {path}",
    "* {sha} - {word}: drop unused import ({num} minutes ago) <{person}>",
    "{login} pushed {num} commits to {word}",
    "{login} force-pushed the {word} branch from {sha} to {sha}",
    "Pull request #{num} opened by {login}: {sentence}",
    "{login} requested a review from {login2}",
    "{sha} ({person} {date} {time} {num})     return self.{word}",
    "r{num} | {login} | {date} {time} | {num} lines changed",
    "changeset:   {num}:{sha}\nuser:        {person} <{email}>\nsummary:     {word} cleanup",
    "Approved by {login} and {login2}; {num} of {num} checks passed.",
    "src/{word}/ @{handle} @{handle2}",
    "Tag {ver} created by {person}",
    "{person} authored and {person2} committed {sha}",
    "(cherry picked from commit {sha}) backported to release/{ver} by {login}",
    "{person} @{handle} · {date}\nmentioned in merge request !{num}",
    "commit {sha}\nAuthor: {sysuser} <noreply@example.com>\nDate:   {date}\n\n"
    "    Bump {product} from {ver} to {ver}",
    "Date: {date}\nSubject: [PATCH {num}/{num}] {word}: fix {word} handling",
    "Merge branch '{word}' of {url} into main",
    "blame: {path}:{num} last changed in {sha} by {lastfirst}",
    "{login} closed this as completed in #{num}",
    "{handle} added the needs-triage label",
    "Assignees: {login}, {login2} | Labels: bug, {team} | Milestone: {ver}",
)

#: CI and deploy logs.
CI: tuple[str, ...] = (
    "Started by user {person}",
    "Started by user {login}",
    "Started by upstream project {svc} build number {num}",
    "Started by an SCM change",
    "Run #{num} of workflow deploy-{env} triggered by {login} on {word}",
    "[Pipeline] echo Deploying {svc} {ver} to {env} (approved by {person})",
    "Job {svc}-build #{num} finished: FAILURE. Culprits: {login}, {login2}",
    "Waiting for approval from {team}... approved by {lastfirst}",
    "Pipeline #{num} failed for {word} (commit {sha}) pushed by {person}",
    "Triggered via push by {login} ({sha})",
    "Step {num}/{num} : RUN pip install -r requirements.txt",
    "deploy-{env}: manual job played by {person}",
    "Artifacts uploaded: {path} ({num} KB)",
    "##[error]Process completed with exit code {num}.",
    "Deployment to {env} was rolled back by {first} after the smoke test failed",
)

#: syslog, auth and application log lines.
LOGS: tuple[str, ...] = (
    "{date} {time} {host} sshd[{num}]: Failed password for invalid user {sysuser} from {ip} port {num} ssh2",
    "{host} sudo: {login} : TTY=pts/{num} ; PWD=/srv/{svc} ; USER=root ; "
    "COMMAND=/usr/bin/systemctl restart {svc}",
    "{host} su[{num}]: pam_unix(su:session): session opened for user root by {login} (uid={num})",
    "pam_unix(sshd:session): session closed for user {login}",
    "useradd[{num}]: new user: name={login}, UID={num}, GID={num}, shell=/bin/bash",
    "{date} {time} {level} [{svc}] user {login} logged out after {num} minutes idle",
    "{level} {svc}: password changed for account {login} by {login2}",
    "Failed login attempt for {login} (3 of 5); account temporarily locked",
    "AUDIT {time}: {person} ({login}) viewed record {mrn}",
    "[{svc}] {level}: token refreshed for {email}",
    "User {sysuser} ran job {id} on {host}",
    "{login}   pts/{num}   {ip}   {date} {time}   still logged in",
    "Session {sha} started for {lperson} ({email})",
    "{level} Could not resolve owner for {path}: user {login} no longer exists",
    "kernel: [{num}.{num}] Out of memory: Killed process {num} ({svc})",
    "{level} LDAP bind succeeded: CN={person},OU={dept},DC=corp,DC=example",
    "{level} {svc} scheduled job {id} completed in {num} ms",
    "Account {login} disabled by {person2} per offboarding ticket {id}",
    "An account was successfully logged on. Account Name: {login} Logon Type: {num}",
    "{time} {host} CRON[{num}]: ({sysuser}) CMD (/usr/local/bin/backup.sh)",
    "{time} {host} CRON[{num}]: ({login}) CMD (python3 report.py --all)",
    "{level}: permission denied for {login} on /home/shared/{word}",
    "Connection from {ip} authenticated as {sysuser} (service account)",
    "{time} [{svc}] {level} upload finished user={login} bytes={num}",
    "File {path} deleted by {lperson}; restore window still open",
    "{level} Slow query ({num} ms) issued by {sysuser} on {host}",
    "MFA challenge passed for {login} from {loc}",
    "Impersonation started: {person} is acting as {login2}",
)

#: CSV / TSV / pipe / semicolon rows with their header lines, spaced and unspaced.
ROWS: tuple[str, ...] = (
    "employee_id,name,department\n{num},{person},{dept}",
    "name;email;city\n{person};{email};{loc}",
    "Name\tRole\tOffice\n{lastfirst}\t{role}\t{loc}",
    'Name,Email,Department,Status\n"{lastfirst}","{email}","{dept}","active"',
    "id|assignee|reporter|status\n{id}|{login}|{login2}|{status}",
    "| Key | Assignee | Status |\n|---|---|---|\n| {id} | {person} | {status} |",
    "ticket,requester,agent,csat\n{num},{lperson},{first2},4",
    "Last Name,First Name,Title,Company\n{last},{first},{role},{sorg}",
    "PASSENGER;SEAT;DEST;STATUS\n{uperson};{num}C;{loc};BOARDED",
    "Full name\tManager\tLocation\n{person}\t{person2}\t{loc}",
    "Kunde; Ansprechpartner; Ort\n{org}; {person}; {loc}",
    "when,user,action,object\n{date},{login},DELETE,{path}",
    "patient_id,last_name,first_name,ward\n{num},{ulast},{first},{num}",
    "team,product,units,revenue\n{team},{product},{num},{amount}",
    "sku;item;qty\n{num};{product} license;{num}",
    "user,shell,groups\n{sysuser},/bin/bash,wheel",
    "state,owner,team,priority\n{status},{person},{team},{prio}",
    "{person2}, {dept}, ext. {num}",
    '"name","phone","city","opt_in"\n"{lperson}","{phone}","{loc}","yes"',
    "owner: {lastfirst} | team: {team} | on call: yes",
    "USER       PID %CPU COMMAND\n{login}   {num}  0.3 python3 worker.py",
    "contact_name,company,seats\n{person},{sorg},{num}",
)

#: key=value logs, YAML / INI / JSON fragments.
CONFIG: tuple[str, ...] = (
    'time={time} level={level} msg="ticket reassigned" from={login} to={login2}',
    'level={level} event=user.login actor="{person}" result=success',
    "owner: {login}\nreviewers:\n  - {login2}\n  - {handle}",
    "[user]\n\tname = {person}\n\temail = {email}",
    "maintainer: {person} <{email}>\nversion: {ver}",
    "metadata:\n  annotations:\n    owner: {lperson}\n    team: {team}",
    "spec:\n  serviceAccountName: {svc}\n  nodeSelector: {env}",
    "[database]\nhost = {host}\nuser = {sysuser}\nport = 5432",
    "contact_name={lastfirst};contact_phone={phone};site={loc}",
    '{"login": "{login}", "site_admin": false, "type": "User"}',
    '"assignee": {"name": "{lperson}", "active": true}',
    "env: {env}\nreplicas: {num}\nimage: registry.local/{svc}:{ver}",
    "created_by={login} updated_by={sysuser} state={status}",
    "dn: uid={login},ou=people,dc=example,dc=com\ncn: {person}",
    "AUTHOR={uperson}\nDEPT={dept}",
    'approvers = ["{login}", "{login2}"]',
    "on_call:\n  primary: {person}\n  secondary: {person2}",
    "[alerts]\nrecipient = {team}-oncall\nseverity = {sev}",
    'author_name: "{lastfirst}"\nauthor_login: {login}',
    "labels: {team}, {word}\nassignee: null\nreporter: {sysuser}",
)

TOOLS: tuple[str, ...] = (*VCS, *CI, *LOGS, *ROWS, *CONFIG)

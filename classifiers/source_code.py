"""SOURCE_CODE detector: fenced code blocks and runs of source lines (files, diffs, pastes).

Two passes over one text. Fences (Markdown ```` ``` ````/``~~~`` and Jira/Confluence ``{code}``)
are taken first: the tag names the language, a data tag (``json``, ``log``) rules the block out,
an absent or unknown tag is judged like unfenced text. Unfenced lines are then scored one by one
from cheap signals (statement keywords at line start, statement-ending punctuation, operators,
call syntax, indentation) with penalties for prose, log records, stack frames and URLs; runs of
code lines become candidates, and a candidate is reported only when it has enough code lines and
a language wins the keyword vote. A single ``foo()`` in a chat message, JSON, logs, stack traces
and prose with a semicolon therefore stay out.

``kind`` is one of python, javascript, typescript, java, go, c, cpp, csharp, ruby, php, rust, kotlin,
swift, scala, sql, shell, powershell, css, terraform, dockerfile, or html (fenced ``html`` only);
``diff`` for a fenced patch whose file names give no language. Configuration and data (JSON, YAML,
TOML, INI, XML) are not code, see :mod:`code_languages`. A run with no language of at least
MIN_LANGUAGE_VOTES is dropped rather than reported with an unknown language: precision first.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass

from dlp.classifiers.code_languages import EXTENSIONS, FENCE_ALIASES, NOT_CODE_TAGS, LanguageVoter
from dlp.findings import Finding, ScanContext

ENTITY = "SOURCE_CODE"
MIN_TEXT = 40  # shorter than two lines of real code: not worth a look
MIN_CODE_LINES = 3
MIN_LANGUAGE_VOTES = 3.0

_CHEAP_GATE = re.compile(r"[;{}=]|\w\(|```|~~~|\{code|:\n|^\s*(?:SELECT|FROM|import|package)\b", re.M)
_OPEN_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})\s*([^\s`{]*)")
_JIRA_OPEN = re.compile(r"^\s*\{(code|noformat)(?::(?:language=)?([\w#+-]+))?[^}]*\}\s*$")
_JIRA_CLOSE = re.compile(r"^\s*\{(code|noformat)\}\s*$")
_DIFF = re.compile(r"^(diff --git |@@ -\d+(,\d+)? \+\d+(,\d+)? @@)", re.M)
_DIFF_PATH = re.compile(r"^(?:\+\+\+ b/|diff --git a/\S+ b/)\S*\.(\w+)\s*$", re.M)

_STRONG_START = re.compile(
    r"(?:def |class \w|import [\w.{*]|from [\w.]+ import |#include\s*[<\"]|package [\w.]+;?$|func[ (]"
    r"|fn \w|pub(\(crate\))? |impl\b|(?:public|private|protected|internal|static|final|abstract|override"
    r"|export)\s+\w|(?:const|let|var|val|auto|int|char|float|double|void|bool|string|String|long)\s+"
    r"[\w*&\[\]<>]+\s*[=;:(,\[]|function\b|return\b|if\s*\(|if .*:$|elif |else\b|for\s*\(|for \w+ in "
    r"|while\s*[( ]|switch\s*\(|case .*:$|try\s*[:{]|catch\s*\(|except\b|finally\b|with .* as \w+:$"
    r"|raise |throw |yield |await |using [\w.]+;|namespace \w|#!/|@\w+(\(|$)|SELECT |FROM \S|WHERE "
    r"|INSERT INTO|UPDATE \w+ SET|DELETE FROM|CREATE (?:TABLE|INDEX|VIEW|OR|UNIQUE|FUNCTION)|ALTER TABLE"
    r"|(?:LEFT |INNER )?JOIN |GROUP BY|ORDER BY|resource \"|variable \"|module \"|provider \"|output \""
    r"|(?:RUN|COPY|WORKDIR|ENTRYPOINT|CMD|EXPOSE|ENV|ARG) |<\?php|echo |puts |require[ (]|end$|fi$"
    r"|done$|esac$|then$|do$|struct \w|type \w+ (?:struct|interface)|interface \w|enum \w|trait \w"
    r"|object \w|case class|data class|fun \w|let mut |match \w|guard |defer |go func|printf?\("
    r"|println!?\(|console\.\w+\(|System\.out|fmt\.\w+\(|std::|Console\.Write|Write-Host|param\("
    r"|\$\w+\s*=|exit \d|set -[a-z]+\b|.*; (?:then|do)$"
    r"|#(?:define|if|ifdef|ifndef|endif|else|elif|pragma|undef)\b"
    r"|(?:RETURNS|LANGUAGE \w+|VALUES|BEGIN$|END;|DECLARE|HAVING|UNION|GRANT|REVOKE|COMMENT ON|DROP \w+"
    r"|IMMUTABLE|PARALLEL|STRICT|LIMIT \d))"
)
_CLOSERS = frozenset({"}", "};", "},", "{", "end", "fi", "done", ")", "]", "});", "})", "),", "],", "esac"})
_OPERATOR = re.compile(r"\s(?:=|==|!=|\+=|-=|\|\||&&|=>|->|:=|<=|>=)\s|::|\w\[\w*\]|\+\+|\w->\w")
_CALL = re.compile(r"[\w\]>]\([^()]*\)")
_CODE_PUNCT = re.compile(r"[{}()\[\];=<>&|!*+/%$@\\^~]")
_WORD = re.compile(r"\b[A-Za-z][a-z']+\b")  # \b: "addr" inside "__addr" is an identifier, not a word
_COMMENT = re.compile(
    r"(?://|/\*|\*/|\*(?:\s|$)|#(?!include|define|ifn?def|if\b|endif|else|elif|pragma|undef|!)|--\s|<!--|;;)"
)
# Machine-written lines that contain code-like punctuation but are not code.
_NOT_CODE = re.compile(
    r"\d{4}-\d\d-\d\d[ T]\d\d:\d\d|\[?(?:TRACE|DEBUG|INFO|WARN|WARNING|ERROR|FATAL|CRITICAL)\]?[\s:]"
    r"|[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d|at [\w$.<>/]+(?: \[as \w+\])? ?\(.*\)$|at [\w/.-]+:\d+:\d+$"
    r"|File \".*\", line \d+|Traceback \(most recent call last\)|Caused by: |Exception in thread "
    r"|\.\.\. \d+ more$|goroutine \d+ \[|\S+\.(?:py|js|ts|java|go|rb|php|rs|cs|c|cpp|kt):\d+\b"
    r"|(?:https?|ftp)://\S+$|[\w.+-]+@[\w-]+\.[\w.]+$|[A-Z][\w-]+: .*\S$"
)
# Lines that neither prove nor disprove code: quoted keys (JSON, but also dict and object literals),
# lone string items of a list, and docstring delimiters.
_NEUTRAL = re.compile(r"\"[^\"]*\"\s*:\s*|[rbuf]?(?:\"\"\"|''')|(?:\"[^\"]*\"|'[^']*'),?$")
_BARE_KEY = re.compile(r"[\w.\-\[\]]+:")
_STRING = re.compile(r"\"(?:[^\"\\\n]|\\.)*\"|'(?:[^'\\\n]|\\.)*'")


@dataclass(frozen=True, slots=True)
class _Line:
    start: int
    end: int  # excluding the newline
    text: str


def _lines(text: str, start: int = 0, end: int | None = None) -> Iterator[_Line]:
    end = len(text) if end is None else end
    position = start
    while position < end:
        newline = text.find("\n", position, end)
        stop = end if newline < 0 else newline
        yield _Line(position, stop, text[position:stop])
        position = stop + 1


def line_score(raw: str) -> float | None:
    """Code evidence of one line: None for blank or comment lines, <0 for prose or log records."""
    line = raw.strip()
    if not line:
        return None
    if _COMMENT.match(line) or _NEUTRAL.match(line):
        return None
    if _NOT_CODE.match(line):
        return -2.0
    if line in _CLOSERS:
        # Lone brackets are structure, not evidence: JSON fragments are full of them.
        return 2.0 if line.isalpha() else None
    strong = _STRONG_START.match(line) is not None
    if not strong and _BARE_KEY.fullmatch(line):
        return None  # a YAML/TOML key opening a block (``properties:``), or a C label
    score = 2.0 if strong else 0.0
    last = line[-1]
    if last in ";{}":
        score += 1.5
    elif last in "):([,":
        score += 1.0
    if _OPERATOR.search(line):
        score += 1.0
    if _CALL.search(line):
        score += 0.5
    bare = _STRING.sub("", line)  # words and punctuation inside string literals prove nothing
    density = len(_CODE_PUNCT.findall(bare)) / len(line)
    if density > 0.08:
        score += 0.5
    words = _WORD.findall(bare)
    if len(words) >= 6 and density < 0.05:
        # Prose: many plain words and hardly any code punctuation, even if it ends with ";" or ")".
        score -= 3.0 if last in ".?!" or ". " in bare else 1.5
    elif last in ".?!" and len(words) >= 3 and not line.endswith(("...", "?.")):
        score -= 1.5
    if score > 0 and raw[:1] in " \t":
        score += 0.5
    return score


def _fence_tag(tag: str) -> tuple[str | None, bool]:
    """(language, is_data) for a fence tag."""
    tag = tag.lower().lstrip(".").removeprefix("language-")
    if tag in NOT_CODE_TAGS:
        return None, True
    return FENCE_ALIASES.get(tag), False


class SourceCodeDetector:
    """Finds source code in text: fenced blocks and contiguous runs of code lines."""

    name = "source_code"
    entities = frozenset({ENTITY})

    def __init__(self) -> None:
        self._voter = LanguageVoter()

    def detect(self, text: str, context: ScanContext) -> list[Finding]:
        """SOURCE_CODE findings with ``kind`` set to the language."""
        if len(text) < MIN_TEXT or not _CHEAP_GATE.search(text):
            return []
        stripped = text.strip()
        if stripped[:1] in "[{" and _is_json(stripped):
            return []
        findings: list[Finding] = []
        cursor = 0
        for block_start, block_end, body_start, body_end, tag in _fences(text):
            findings += self._unfenced(text, cursor, block_start)
            findings += self._fenced(text, body_start, body_end, tag)
            cursor = block_end
        findings += self._unfenced(text, cursor, len(text))
        return findings

    def _fenced(self, text: str, start: int, end: int, tag: str) -> list[Finding]:
        while start < end and text[start] in " \t\r\n":
            start += 1
        while end > start and text[end - 1] in " \t\r\n":
            end -= 1
        if start >= end:
            return []
        language, is_data = _fence_tag(tag)
        if is_data:
            return []
        if language is None:
            return self._unfenced(text, start, end, fenced=True)
        if language == "diff":
            language = _diff_language(text[start:end]) or "diff"
        # A one-line fence is usually a command to run (``pip install x``), rarely someone's code.
        lines = text.count("\n", start, end) + 1
        score = 0.95 if lines >= 3 else 0.8 if lines == 2 else 0.6
        return [Finding.of(ENTITY, start, end, score, self.name, kind=language)]

    def _unfenced(self, text: str, start: int, end: int, fenced: bool = False) -> list[Finding]:
        if end - start < MIN_TEXT:
            return []
        is_diff = bool(_DIFF.search(text, start, end))
        hint = _diff_language(text[start:end]) if is_diff else None
        found = []
        for run_start, run_end, code_lines, weak_lines in _runs(text, start, end, is_diff):
            # Inside a fence the author already said "this is code": one code line less is enough.
            if code_lines < MIN_CODE_LINES - fenced or code_lines < weak_lines:
                continue
            language, votes = self._voter.guess(text[run_start:run_end], hint)
            if language is None or votes < MIN_LANGUAGE_VOTES:
                continue
            score = min(0.95, 0.5 + 0.03 * code_lines + 0.01 * votes + 0.1 * fenced)
            found.append(Finding.of(ENTITY, run_start, run_end, score, self.name, kind=language))
        return found


def _is_json(text: str) -> bool:
    try:
        json.loads(text)
    except ValueError:
        return False
    return True


def _diff_language(text: str) -> str | None:
    match = _DIFF_PATH.search(text)
    return EXTENSIONS.get(match.group(1).lower()) if match else None


def _fences(text: str) -> Iterator[tuple[int, int, int, int, str]]:
    """(block start, block end, body start, body end, tag) for each fenced block, in order."""
    if "```" not in text and "~~~" not in text and "{code" not in text and "{noformat" not in text:
        return
    opened: tuple[int, int, str, str] | None = None  # (block start, body start, marker, tag)
    for line in _lines(text):
        if opened is None:
            fence = _OPEN_FENCE.match(line.text)
            jira = None if fence else _JIRA_OPEN.match(line.text)
            if fence:
                opened = (line.start, line.end + 1, fence.group(1), fence.group(2))
            elif jira:
                opened = (line.start, line.end + 1, "{" + jira.group(1) + "}", jira.group(2) or "")
            continue
        block_start, body_start, marker, tag = opened
        stripped = line.text.strip()
        closes = _JIRA_CLOSE.match(line.text) if marker.startswith("{") else (
            stripped.startswith(marker) and not stripped.strip(marker[0])
        )  # fmt: skip
        if closes:
            yield block_start, line.end, body_start, line.start, tag
            opened = None
    if opened is not None:  # unclosed (truncated output): the block runs to the end
        yield opened[0], len(text), opened[1], len(text), opened[3]


def _runs(text: str, start: int, end: int, is_diff: bool) -> Iterator[tuple[int, int, int, int]]:
    """(start, end, code lines, weak lines) of each run of code-like lines in text[start:end]."""
    run_start = run_end = -1
    code = weak = gap = 0
    comment_start = -1
    in_block_comment = False
    for line in _lines(text, start, end):
        body = line.text
        if is_diff:
            if body.startswith(("+++", "---", "diff ", "index ", "@@", "\\ No newline")):
                body = ""
            elif body[:1] in "+- ":
                body = body[1:]
        was_inside = in_block_comment
        in_block_comment = _toggles_block_comment(body, in_block_comment)
        score = None if was_inside or in_block_comment else line_score(body)
        if score is None:  # blank or comment: neutral, keeps a run alive
            if not body.strip():
                comment_start = -1
            elif run_start >= 0:
                run_end = line.end
            elif comment_start < 0:
                comment_start = line.start
            continue
        if score >= 1.5:
            if run_start < 0:
                # A comment directly above the first code line (doc comment) belongs to it.
                run_start = line.start if comment_start < 0 else comment_start
                code, weak = 0, 0
            code, gap, run_end = code + 1, 0, line.end
        elif score >= 0 and run_start >= 0 and gap < 2:
            weak, gap = weak + 1, gap + 1
        elif run_start >= 0:
            yield run_start, run_end, code, weak
            run_start = -1
        comment_start = -1
    if run_start >= 0:
        yield run_start, run_end, code, weak


def _toggles_block_comment(line: str, inside: bool) -> bool:
    """Whether a block comment or docstring is open after ``line``; their prose is not evidence."""
    for opener, closer in (('"""', '"""'), ("'''", "'''"), ("/*", "*/")):
        if opener == closer:
            if line.count(opener) % 2:
                return not inside
        elif not inside and opener in line and closer not in line.split(opener, 1)[1]:
            return True
        elif inside and closer in line:
            return False
    return inside

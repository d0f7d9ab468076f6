"""Language identification for SOURCE_CODE: fence-tag aliases and weighted keyword votes.

Each language has a few distinctive constructs with a weight; a block's vote for a language is
the sum of weights over matches, each construct counted at most three times so one repeated
idiom cannot outvote the rest. Configuration formats (JSON, YAML, TOML, INI, XML) and markup
(HTML outside a fenced ``html`` block) are deliberately not languages here: they are documents
and settings, not proprietary program logic, and flagging every e-mail body or Kubernetes
manifest as source code would make a tombstone-code policy unusable.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Mapping
from types import MappingProxyType

import hyperscan

_M = re.MULTILINE
_I = re.IGNORECASE | re.MULTILINE

#: Fence tag (lower-cased) -> language. Tags absent here and from NOT_CODE_TAGS are inferred.
FENCE_ALIASES: Mapping[str, str] = MappingProxyType(
    {
        **dict.fromkeys(("python", "py", "python3", "py3", "pyi", "ipython"), "python"),
        **dict.fromkeys(("javascript", "js", "jsx", "node", "mjs", "cjs"), "javascript"),
        **dict.fromkeys(("typescript", "ts", "tsx"), "typescript"),
        **dict.fromkeys(("java",), "java"),
        **dict.fromkeys(("go", "golang"), "go"),
        **dict.fromkeys(("c", "h"), "c"),
        **dict.fromkeys(("cpp", "c++", "cxx", "cc", "hpp"), "cpp"),
        **dict.fromkeys(("csharp", "cs", "c#"), "csharp"),
        **dict.fromkeys(("ruby", "rb"), "ruby"),
        **dict.fromkeys(("php",), "php"),
        **dict.fromkeys(("rust", "rs"), "rust"),
        **dict.fromkeys(("kotlin", "kt", "kts"), "kotlin"),
        **dict.fromkeys(("swift",), "swift"),
        **dict.fromkeys(("scala", "sc"), "scala"),
        **dict.fromkeys(("sql", "mysql", "postgresql", "psql", "plsql", "tsql", "sqlite"), "sql"),
        **dict.fromkeys(("sh", "bash", "shell", "zsh", "ksh", "shellscript"), "shell"),
        **dict.fromkeys(("powershell", "ps1", "pwsh", "ps"), "powershell"),
        **dict.fromkeys(("html", "htm", "xhtml", "vue", "svelte"), "html"),
        **dict.fromkeys(("css", "scss", "sass", "less"), "css"),
        **dict.fromkeys(("terraform", "tf", "hcl"), "terraform"),
        **dict.fromkeys(("dockerfile", "docker"), "dockerfile"),
        **dict.fromkeys(("diff", "patch"), "diff"),
    }
)

#: Fence tags that announce data, configuration, logs or prose: never SOURCE_CODE.
NOT_CODE_TAGS: frozenset[str] = frozenset(
    {"json", "jsonc", "json5", "yaml", "yml", "toml", "ini", "cfg", "conf", "env", "dotenv", "xml",
     "csv", "tsv", "text", "txt", "plain", "plaintext", "log", "logs", "output", "console", "md",
     "markdown", "rst", "mermaid", "math", "latex", "tex", "properties", "http", "nohighlight"}
)  # fmt: skip

#: File extension (in a diff header or a path) -> language.
EXTENSIONS: Mapping[str, str] = MappingProxyType(
    {
        **{ext: lang for ext, lang in FENCE_ALIASES.items() if len(ext) <= 5 and ext.isalnum()},
        "jsx": "javascript", "mjs": "javascript", "tsx": "typescript", "cc": "cpp", "cxx": "cpp",
        "hpp": "cpp", "hh": "cpp", "sh": "shell", "psm1": "powershell", "tf": "terraform",
        "scss": "css", "less": "css", "kts": "kotlin", "sql": "sql", "rake": "ruby",
    }
)  # fmt: skip

_Rules = tuple[tuple[re.Pattern[str], float], ...]


def _rules(*pairs: tuple[str, float], flags: int = _M) -> _Rules:
    return tuple((re.compile(pattern, flags), weight) for pattern, weight in pairs)


# Weights: 4-6 for constructs that name the language almost alone (``<?php``, ``fmt.Println``),
# 2-3 for strong hints shared with one or two relatives, 0.5-1 for common idioms.
SIGNALS: Mapping[str, _Rules] = MappingProxyType(
    {
        "python": _rules(
            (r"^[ \t]*def \w+\(.*\)[ \t]*(->[ \t]*[\w\[\], .|]+)?:[ \t]*$", 4),
            (r"^[ \t]*class \w+(\(.*\))?:[ \t]*$", 4),
            (r"^[ \t]*from [\w.]+ import ", 4), (r"^import [\w.]+( as \w+)?$", 1), (r"\bself\.\w", 2),
            (r"^[ \t]*(elif .*|else|try|finally|except.*):[ \t]*$", 3), (r"__\w+__", 2), (r"\bNone\b", 1),
            (r"^[ \t]*@\w+", 0.5), (r"\bprint\(", 0.5), (r"^[ \t]*with .+ as \w+:[ \t]*$", 3),
            (r"^[ \t]*if .+:[ \t]*$", 1.5), (r"^[ \t]*for \w+(, \w+)* in .+:[ \t]*$", 3),
            (r"\bf\"[^\"]*\{", 1),
        ),
        "javascript": _rules(
            (r"\bconst \w+ = ", 1.5), (r"\blet \w+ = ", 1), (r"\bfunction[ \t]*\w*[ \t]*\(", 2), (r"=>", 1.5),
            (r"\bconsole\.\w+\(", 4), (r"\brequire\(['\"]", 3), (r"\bmodule\.exports\b", 4),
            (r"\b(document|window)\.\w", 2), (r"[!=]==", 2), (r"^import .* from ['\"]", 3),
            (r"^export (default |const |function |class |async )", 2), (r"\bawait \w", 0.5),
            (r"\.then\(", 1.5), (r"\bundefined\b", 1),
        ),
        "typescript": _rules(
            (r"\w\??: (string|number|boolean|any|void|unknown|never)(\[\])?\b", 4),
            (r"^[ \t]*(export )?interface \w+( extends [\w, ]+)? \{", 3),
            (r"^[ \t]*(export )?type \w+ = ", 3),
            (r"\b(private|public|readonly) \w+: ", 3), (r"\bas const\b", 3), (r"<\w+>\(", 1),
            (r"^import .* from ['\"]", 1), (r"\bconst \w+: \w+", 3),
        ),
        "java": _rules(
            (r"\bpublic (static )?(final )?(class|void|int|String|boolean|interface)\b", 3),
            (r"\bSystem\.(out|err)\.print", 5), (r"^import java(x)?\.", 5), (r"@Override\b", 3),
            (r"^package [\w.]+;", 4), (r"\bString\[\] ", 3), (r"\bprivate final \w", 2),
            (r"\bthrows \w+", 2), (r"\bnew \w+(<.*>)?\(", 1), (r"^import [\w.]+;$", 2),
        ),
        "csharp": _rules(
            (r"^using System(\.[\w.]+)?;", 5), (r"^[ \t]*namespace [\w.]+[ \t]*[{;]?$", 2),
            (r"\bConsole\.Write(Line)?\(", 5), (r"\{ get; (private )?set; \}", 5), (r"\basync Task\b", 4),
            (r"\bforeach \(var ", 4), (r"\bvar \w+ = new ", 1), (r"^[ \t]*\[(HttpGet|HttpPost|Fact|Test)", 3),
            (r"\bpublic (static )?(void|string|int|bool)\b", 1), (r"^using [\w.]+;$", 2),
        ),
        "go": _rules(
            (r"^package \w+$", 3), (r"^func (\(\w+ \*?\w+\) )?\w+\(", 5), (r":= ", 2), (r"\bfmt\.\w+\(", 4),
            (r"\berr != nil\b", 5), (r"^import \($", 3), (r"\bgo func\(", 4), (r"^[ \t]*defer ", 3),
            (r"^type \w+ (struct|interface) \{", 5), (r"\bchan \w", 2),
        ),
        "c": _rules(
            (r"^#include <\w+\.h>", 4), (r"\bint main\(", 2), (r"\bprintf\(", 2),
            (r"\b(malloc|free|memcpy)\(", 3),
            (r"\bNULL\b", 1), (r"\bsizeof\(", 1), (r"\bchar \*\w", 2), (r"^#define \w", 2),
            (r"\bstruct \w+ \*", 2),
            (r"\w->\w", 1), (r"^(static |extern )?(inline )?(const )?\w+ \*?\w+\([\w ,*]*\)[ \t]*\{?$", 2),
            (r"^#(if|ifdef|ifndef|endif)\b", 2), (r"\b(unsigned|size_t|u?int\d+_t)\b", 2),
            (r"\breturn NULL;", 2),
        ),
        "cpp": _rules(
            (r"^#include <(iostream|vector|string|memory|map|algorithm|cstdio)>", 5), (r"\bstd::", 4),
            (r"\b(cout|cerr|endl)\b", 3), (r"\btemplate[ \t]*<", 4), (r"\bnullptr\b", 3),
            (r"^[ \t]*(public|private):$", 3),
            (r"\b(unique|shared)_ptr<", 4), (r"^using namespace ", 4), (r"\w::\w+\(", 1),
        ),
        "ruby": _rules(
            (r"^[ \t]*def \w+[?!]?(\(.*\))?[ \t]*$", 2), (r"^[ \t]*end$", 2), (r"^[ \t]*puts ", 3),
            (r"\.each do \|", 5),
            (r"\bdo \|\w+(, \w+)*\|", 4), (r"^require ['\"]", 3), (r"\battr_(accessor|reader)\b", 5),
            (r"^[ \t]*elsif ", 4), (r"\bnil\b", 1), (r"^[ \t]*module \w+$", 2), (r"#\{", 1),
            (r"^[ \t]*@\w+ = ", 1),
        ),
        "php": _rules(
            (r"<\?php", 8), (r"\$this->", 5), (r"\$\w+ = ", 2), (r"\bfunction \w+\(\$", 5),
            (r"^[ \t]*echo ", 1),
            (r"^namespace \w+\\", 4), (r"^use \w+\\", 4), (r"\barray\(", 1),
        ),
        "rust": _rules(
            (r"\bfn \w+(<.*>)?\(", 4), (r"\blet mut ", 5), (r"^[ \t]*impl\b", 4),
            (r"\bpub (fn|struct|enum)\b", 4),
            (r"\bprintln!\(", 5), (r"^use \w+::", 3), (r"&(mut |str\b)", 2), (r"\b(Vec|Option|Result)<", 2),
            (r"#\[derive\(", 5), (r"\bmatch \w+ \{", 2), (r"::new\(", 1), (r"\bSome\(|\bOk\(|\bErr\(", 1),
        ),
        "kotlin": _rules(
            (r"\bfun \w+\(", 5), (r"\bval \w+( ?: ?\w+)? = ", 2), (r"\bdata class\b", 5),
            (r"\bcompanion object\b", 5), (r"\bwhen \(", 2), (r"\boverride fun\b", 4), (r"\bprintln\(", 1),
            (r"\w: \w+\? ", 2), (r"\bit\.\w", 1),
        ),
        "swift": _rules(
            (r"^import (UIKit|Foundation|SwiftUI|Combine)$", 6), (r"\bguard let\b|\bif let\b", 5),
            (r"\bfunc \w+\(.*\)( -> [\w?\[\]]+)? \{", 2), (r"@(IBOutlet|IBAction|State|Published|objc)\b", 5),
            (r"\bstruct \w+: View\b", 5), (r"\bvar \w+: [\w?]+", 1), (r"\blet \w+: \w+", 1),
            (r"\bnil\b", 0.5),
            (r"^[ \t]*extension \w+", 2), (r"\bprint\(", 0.5),
        ),
        "scala": _rules(
            (r"^object \w+( extends \w+)? \{", 4), (r"\bdef \w+(\[.*\])?\(.*\): [\w\[\]]+ =", 5),
            (r"\bcase class\b", 5), (r"^import scala\.", 5), (r"\bextends App\b", 5),
            (r"^[ \t]*trait \w+", 2),
            (r"\bimplicit ", 3), (r"\bval \w+ = ", 1), (r"\bcase \w+ =>", 2),
        ),
        "sql": _rules(
            (r"^[ \t]*SELECT\b", 2), (r"^[ \t]*(FROM|WHERE|GROUP BY|ORDER BY|HAVING|LIMIT)\b", 2),
            (r"\bINSERT INTO\b", 5), (r"\bCREATE (TABLE|VIEW|INDEX|FUNCTION|PROCEDURE|OR REPLACE)\b", 5),
            (r"\bUPDATE \w+ SET\b", 5), (r"\bDELETE FROM\b", 5),
            (r"\b(INNER |LEFT |RIGHT )?JOIN \w+.* ON\b", 3),
            (r"\bALTER TABLE\b", 5), (r"\b(VARCHAR|INTEGER|PRIMARY KEY|NOT NULL)\b", 3),
            flags=_I,
        ),
        "shell": _rules(
            (r"^#![ \t]*/(usr/)?bin/(env )?(ba|z|k)?sh\b", 8), (r"^[ \t]*(fi|done|esac)$", 3),
            (r"; then$|^[ \t]*then$", 3),
            (r"^[ \t]*if \[\[? ", 4), (r"\$\(", 2), (r"2>&1|>[ \t]?/dev/null", 3), (r"^set -[euxo]+", 4),
            (r"^[ \t]*(export|echo|sudo|apt-get|curl|chmod|mkdir|cd) ", 1.5), (r"\$\{\w+", 1), (r"; do$", 3),
        ),
        "powershell": _rules(
            (r"\b(Get|Set|New|Remove|Invoke|Write|Import|Start|Test)-[A-Z]\w+", 4),
            (r"[ \t]-(eq|ne|lt|gt|like)[ \t]", 2),
            (r"^[ \t]*param[ \t]*\(", 3), (r"\[(string|int|switch|bool)\]\$", 3),
            (r"(Where|ForEach)-Object", 4),
            (r"\$_\b", 2), (r"^function \w+-\w+", 4),
        ),
        "css": _rules(
            (r"^[ \t]*[.#]?[\w-][\w.#:>+~, \t-]*\{$", 2), (r"^[ \t]*[\w-]+:[ \t]*[^;{}\n]+;$", 1.5),
            (r"^@(media|import|keyframes|font-face)\b", 3), (r"\b\d+(px|em|rem|vh|vw);", 1),
        ),
        "terraform": _rules(
            (r'^resource "\w+" "[\w-]+" \{', 6),
            (r'^(variable|output|provider|module|data) "[\w-]+"( "[\w-]+")? \{', 4),
            (r"^(terraform|locals) \{", 4), (r"\bvar\.\w+", 2),
        ),
        "dockerfile": _rules(
            (r"^FROM [\w./:@-]+( AS \w+)?$", 4),
            (r"^(RUN|COPY|ADD|WORKDIR|ENTRYPOINT|CMD|EXPOSE|ENV|ARG|USER) ", 2),
            flags=_M,
        ),
    }
)  # fmt: skip

# A few languages are supersets or close relatives: the generic winner is refined when the
# specific one has its own evidence.
_REFINE: tuple[tuple[str, str, float], ...] = (
    ("javascript", "typescript", 4.0),
    ("c", "cpp", 4.0),
)


#: Votes look at this many leading characters of a block: a few KB name the language, and the cost
#: must not grow with a multi-megabyte file.
VOTE_WINDOW = 4096

_HS_FLAGS = hyperscan.HS_FLAG_PREFILTER | hyperscan.HS_FLAG_SINGLEMATCH | hyperscan.HS_FLAG_MULTILINE


class LanguageVoter:
    """Weighted keyword votes; thread-safe, immutable after construction.

    ~200 expressions over every block would dominate the detector's cost, so one hyperscan pass
    (prefilter mode: it may over-report, never under-report) says which can match, and only those
    run as Python expressions to count hits.
    """

    def __init__(self) -> None:
        self._rules = [
            (lang, pattern, weight) for lang, rules in SIGNALS.items() for pattern, weight in rules
        ]
        self._database = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
        self._database.compile(
            expressions=[pattern.pattern.encode() for _, pattern, _ in self._rules],
            ids=list(range(len(self._rules))),
            elements=len(self._rules),
            flags=[
                _HS_FLAGS | (hyperscan.HS_FLAG_CASELESS if pattern.flags & re.IGNORECASE else 0)
                for _, pattern, _ in self._rules
            ],
        )
        self._local = threading.local()

    def _scratch(self) -> hyperscan.Scratch:
        # hyperscan scratch space must not be shared between threads.
        scratch = getattr(self._local, "scratch", None)
        if scratch is None:
            scratch = self._local.scratch = hyperscan.Scratch(self._database)
        return scratch

    def votes(self, code: str) -> dict[str, float]:
        """Weighted keyword votes per language over (the start of) one block of code."""
        code = code[:VOTE_WINDOW]
        candidates: set[int] = set()

        def on_match(rule_id: int, _start: int, _end: int, _flags: int, _ctx: object) -> None:
            candidates.add(rule_id)

        self._database.scan(
            code.encode("utf-8", errors="replace"), match_event_handler=on_match, scratch=self._scratch()
        )
        votes: dict[str, float] = {}
        for rule_id in candidates:
            language, pattern, weight = self._rules[rule_id]
            hits = 0
            for _ in pattern.finditer(code):
                hits += 1
                if hits == 3:  # one idiom repeated cannot outvote the rest
                    break
            if hits:
                votes[language] = votes.get(language, 0.0) + hits * weight
        return votes

    def guess(self, code: str, hint: str | None = None) -> tuple[str | None, float]:
        """(language, votes for it) for a block; ``hint`` (a file extension's language) adds 6."""
        votes = self.votes(code)
        if hint:
            votes[hint] = votes.get(hint, 0.0) + 6.0
        if not votes:
            return None, 0.0
        best = max(votes, key=lambda lang: votes[lang])
        for general, specific, needed in _REFINE:
            if best == general and votes.get(specific, 0.0) >= needed:
                best = specific
        return best, votes[best]

"""One-pass multi-pattern scanner over all :class:`PatternRule` families.

Why this shape: a DLP engine carries hundreds of rules, and running each rule's regex over every
text (Presidio's design) makes cost grow with the rule count. Here hyperscan scans the text once
with every rule compiled into one database in prefilter mode and reports which rules *can*
match; only those rules then run their exact Python expression, validator and context scoring.
Prefilter mode over-approximates (a rule may be reported and then not match) but never misses a
rule the exact expression would match on ASCII data.

Rules that need a context word ("cvv", "mrn") also put their words into the same database as
one case-insensitive literal pattern, so the same single pass says whether any of them occurs:
such a rule runs only when it does, or when the field name supplies the context.
"""

from __future__ import annotations

import hashlib
import os
import re
import threading
from collections.abc import Iterable, Sequence
from pathlib import Path

import hyperscan

from dlp.classifiers.patterns import PatternRule
from dlp.findings import Finding, ScanContext

_HS_BASE_FLAGS = hyperscan.HS_FLAG_PREFILTER | hyperscan.HS_FLAG_SINGLEMATCH | hyperscan.HS_FLAG_ALLOWEMPTY
_CAMEL_BOUNDARY = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
_FIELD_SEPARATORS = re.compile(r"[_\-.\s/\[\]]+")


def normalize_field_name(name: str) -> str:
    """``dateOfBirth`` / ``date_of_birth`` / ``Date-Of-Birth`` -> ``date of birth``."""
    spaced = _CAMEL_BOUNDARY.sub(" ", name)
    return _FIELD_SEPARATORS.sub(" ", spaced).strip().lower()


def _hs_expression(rule: PatternRule) -> bytes:
    return (rule.prefilter or rule.regex).encode()


def _hs_flags(rule: PatternRule) -> int:
    flags = _HS_BASE_FLAGS
    if rule.flags & re.IGNORECASE:
        flags |= hyperscan.HS_FLAG_CASELESS
    if rule.flags & re.MULTILINE:
        flags |= hyperscan.HS_FLAG_MULTILINE
    if rule.flags & re.DOTALL:
        flags |= hyperscan.HS_FLAG_DOTALL
    return flags


def _context_regex(words: Sequence[str]) -> re.Pattern[str] | None:
    if not words:
        return None
    # A context word must start at a word boundary ("dob" must not fire inside "adobe"), but may
    # be a prefix ("card" supports "cardholder").
    alternation = "|".join(re.escape(word.lower()) for word in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<![a-z0-9])(?:{alternation})")


def thread_scratch(local: threading.local, database: hyperscan.Database | None) -> hyperscan.Scratch:
    """This thread's scratch space for ``database`` (hyperscan scratch must not be shared between
    threads), made on the thread's first scan and kept in ``local``."""
    scratch = getattr(local, "scratch", None)
    if scratch is None:
        scratch = hyperscan.Scratch(database)
        local.scratch = scratch
    return scratch


class PatternScanner:
    """Compiled form of a set of pattern rules; thread-safe, immutable after construction."""

    name = "patterns"

    def __init__(self, rules: Iterable[PatternRule], cache_dir: Path | None = None) -> None:
        self._rules: tuple[PatternRule, ...] = tuple(rules)
        self._cache_dir = cache_dir
        names = [rule.name for rule in self._rules]
        duplicates = sorted({name for name in names if names.count(name) > 1})
        if duplicates:
            raise ValueError(f"duplicate rule names: {', '.join(duplicates)}")
        self._context = tuple(_context_regex(rule.context) for rule in self._rules)
        self.entities: frozenset[str] = frozenset(rule.entity for rule in self._rules)
        self._always_run: tuple[int, ...] = ()
        # Context-gated rules get a second hyperscan id for their words: rule index -> id.
        self._context_ids: dict[int, int] = {
            index: len(self._rules) + position
            for position, index in enumerate(
                i for i, rule in enumerate(self._rules) if rule.context_required and rule.context
            )
        }
        self._database = self._compile()
        self._local = threading.local()

    @property
    def rules(self) -> tuple[PatternRule, ...]:
        """The rules, in registration order."""
        return self._rules

    def _expressions(self) -> tuple[list[bytes], list[int], list[int]]:
        """Every hyperscan expression with its id and flags: the rules, then the context words."""
        expressions = [_hs_expression(rule) for rule in self._rules]
        flags = [_hs_flags(rule) for rule in self._rules]
        ids = list(range(len(self._rules)))
        for index, context_id in self._context_ids.items():
            words = "|".join(re.escape(word) for word in self._rules[index].context)
            expressions.append(f"(?:{words})".encode())
            flags.append(hyperscan.HS_FLAG_CASELESS | hyperscan.HS_FLAG_SINGLEMATCH)
            ids.append(context_id)
        return expressions, ids, flags

    def _compile(self) -> hyperscan.Database | None:
        if not self._rules:
            return None
        cached = self._load_cached()
        if cached is not None:
            return cached
        database = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
        expressions, ids, flags = self._expressions()
        try:
            database.compile(expressions=expressions, ids=ids, elements=len(expressions), flags=flags)
        except hyperscan.HyperscanError:
            # One rule hyperscan cannot approximate must not disable the prefilter for all:
            # compile them one by one and run the outliers on every text instead.
            return self._compile_skipping_unsupported()
        self._store_cached(database)
        return database

    def _cache_file(self) -> Path | None:
        if self._cache_dir is None:
            return None
        digest = hashlib.sha256(str(getattr(hyperscan, "__version__", "")).encode())
        for expression, expression_id, flag in zip(*self._expressions(), strict=True):
            digest.update(b"\x00" + expression + b"\x01" + f"{expression_id}:{flag}".encode())
        return self._cache_dir / f"patterns-{digest.hexdigest()[:32]}.hsdb"

    def _load_cached(self) -> hyperscan.Database | None:
        # Compiling a few hundred prefilter patterns takes seconds; the compiled database is a
        # pure function of the expressions, flags and hyperscan version, which name the file.
        path = self._cache_file()
        if path is None or not path.is_file():
            return None
        try:
            return hyperscan.loadb(path.read_bytes(), hyperscan.HS_MODE_BLOCK)
        except (OSError, hyperscan.HyperscanError):
            return None  # unreadable or from another build: compile afresh

    def _store_cached(self, database: hyperscan.Database) -> None:
        path = self._cache_file()
        if path is None:
            return
        try:
            path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            temporary = path.with_suffix(f".{os.getpid()}.tmp")
            temporary.write_bytes(hyperscan.dumpb(database))
            os.replace(temporary, path)
        except OSError:
            return  # a read-only cache only costs start-up time

    def _compile_skipping_unsupported(self) -> hyperscan.Database | None:
        supported: list[int] = []
        unsupported: list[int] = []
        for index, rule in enumerate(self._rules):
            probe = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
            try:
                probe.compile(
                    expressions=[_hs_expression(rule)], ids=[index], elements=1, flags=[_hs_flags(rule)]
                )
                supported.append(index)
            except hyperscan.HyperscanError:
                unsupported.append(index)
        self._always_run = tuple(unsupported)
        # This path is rare and slow anyway: gate context in Python rather than in the database.
        self._context_ids = {}
        if not supported:
            return None
        database = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
        database.compile(
            expressions=[_hs_expression(self._rules[i]) for i in supported],
            ids=supported,
            elements=len(supported),
            flags=[_hs_flags(self._rules[i]) for i in supported],
        )
        return database

    def _scratch(self) -> hyperscan.Scratch:
        return thread_scratch(self._local, self._database)

    def _scan(self, text: str) -> set[int]:
        """Ids the database reported for ``text``: rule indexes, and context ids of gated rules."""
        hits: set[int] = set(self._always_run)
        if self._database is not None and text:

            def on_match(rule_id: int, _start: int, _end: int, _flags: int, _ctx: object) -> None:
                hits.add(rule_id)

            # Lone surrogates (legal in JSON strings) cannot be encoded; the prefilter only needs
            # a byte image with the same ASCII structure.
            data = text.encode("utf-8", errors="replace")
            self._database.scan(data, match_event_handler=on_match, scratch=self._scratch())
        return hits

    def candidate_rules(self, text: str) -> list[int]:
        """Indexes of the rules whose prefilter matched somewhere in ``text``."""
        return sorted(hit for hit in self._scan(text) if hit < len(self._rules))

    def detect(self, text: str, context: ScanContext) -> list[Finding]:
        """Findings of every rule in ``text`` (overlaps are left to the engine's resolver)."""
        findings: list[Finding] = []
        field_context = normalize_field_name(context.field_path_tail or context.field_name or "")
        lowered: str | None = None
        hits = self._scan(text)
        for index in sorted(hit for hit in hits if hit < len(self._rules)):
            rule = self._rules[index]
            context_regex = self._context[index]
            field_supports = bool(context_regex and field_context and context_regex.search(field_context))
            if rule.context_required and not field_supports:
                # A rule that needs a context word cannot fire when no word occurs anywhere in
                # the text; the database looked for the words in the same pass.
                context_id = self._context_ids.get(index)
                if context_id is not None:
                    if context_id not in hits:
                        continue
                else:
                    if lowered is None:
                        lowered = text.lower()
                    if not any(word.lower() in lowered for word in rule.context):
                        continue
            for match in rule.compiled.finditer(text):
                start, end = match.span("value") if "value" in rule.compiled.groupindex else match.span()
                if start == end:
                    continue
                if rule.validator is not None and not rule.validator(text[start:end]):
                    continue
                supported = field_supports
                if context_regex is not None and not supported:
                    if lowered is None:
                        lowered = text.lower()
                    before, after = rule.context_window
                    window = lowered[max(0, start - before) : end + after]
                    supported = context_regex.search(window) is not None
                if rule.context_required and not supported:
                    continue
                score = rule.boosted_score if supported else rule.score
                findings.append(Finding.of(rule.entity, start, end, score, rule.name, kind=rule.kind))
        return findings

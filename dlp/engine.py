"""The inspection pipeline: one message in, one :class:`Outcome` out.

parse -> walk slots -> detect (:mod:`dlp.engine_detect`) -> same value, same verdict across
slots -> health context -> policy -> settle overlaps (the strictest action over their union) ->
rewrite -> rebuild. The engine is synchronous and pure apart from the operators it is given (a
tokenizer writes to the vault); the async edges call it in a worker thread. Any error inside
fails closed: the message is blocked, or tombstoned when the policy's ``on_error`` says so, and
the outcome says why without quoting the payload.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from dlp.context import Direction, InspectContext
from dlp.decision import ACTION_STRENGTH, Decision, FindingAction, OperatorContext
from dlp.engine_detect import Detection, check_deadline
from dlp.engine_parts import (
    EngineParts,
    FreeTextHint,
    MediaEdits,
    MediaInspector,
    MediaPass,
    MediaScan,
    Policy,
    TextRewriter,
)
from dlp.entities import HEALTH_ELEVATED, DataClass
from dlp.errors import DLPError, InspectionError, MalformedMessage, PayloadTooDeep, PayloadTooLarge
from dlp.findings import Finding, ScanContext
from dlp.jsonrpc import error_response, tombstone_result
from dlp.outcome import Outcome
from dlp.overlaps import resolve, subsume
from dlp.propagation import propagate_values
from dlp.walker import MediaSlot, Slot, Walker

__all__ = [
    "Engine",
    "EngineParts",
    "FreeTextHint",
    "MediaEdits",
    "MediaInspector",
    "MediaPass",
    "MediaScan",
    "Outcome",
    "Policy",
    "TextRewriter",
]


class Engine:
    """Inspects MCP messages and texts per policy; thread-safe if its parts are."""

    def __init__(self, parts: EngineParts, info: Any = None) -> None:
        self._parts = parts
        self._walker = Walker(parts.max_depth)
        self._detection = Detection(parts)
        #: What the wiring reports about this engine (an :class:`dlp.wiring.EngineInfo`).
        self.info = info

    @property
    def policy(self) -> Policy:
        """The policy in force."""
        return self._parts.policy

    def derive(self, **changes: Any) -> Engine:
        """An engine sharing these detectors with some parts replaced (a tenant's own policy)."""
        return Engine(replace(self._parts, **changes), info=self.info)

    # -- parsing -----------------------------------------------------------------------------

    def parse(self, raw: bytes | str | dict[str, Any] | list[Any]) -> Any:
        """Decode and validate a JSON-RPC message (object or batch) within the size limit."""
        if isinstance(raw, (dict, list)):
            message: Any = raw
            size = len(json.dumps(raw, ensure_ascii=False).encode("utf-8", errors="surrogatepass"))
        else:
            if isinstance(raw, bytes):
                size = len(raw)
                if size > self._parts.max_payload_bytes:
                    raise PayloadTooLarge(
                        f"payload of {size} bytes exceeds the {self._parts.max_payload_bytes}-byte limit"
                    )
                try:
                    raw = raw.decode("utf-8")
                except UnicodeDecodeError as exc:
                    raise MalformedMessage(f"payload is not valid UTF-8 (byte offset {exc.start})") from None
            size = len(raw.encode("utf-8", errors="surrogatepass"))
            try:
                message = json.loads(raw)
            except RecursionError:
                raise PayloadTooDeep(f"payload nests deeper than {self._parts.max_depth} levels") from None
            except json.JSONDecodeError as exc:
                raise MalformedMessage(
                    f"payload is not JSON: {exc.msg} at line {exc.lineno} column {exc.colno}"
                ) from None
        if size > self._parts.max_payload_bytes:
            raise PayloadTooLarge(
                f"payload of {size} bytes exceeds the {self._parts.max_payload_bytes}-byte limit"
            )
        for item in message if isinstance(message, list) else [message]:
            _check_jsonrpc(item)
        return message

    # -- detection ---------------------------------------------------------------------------

    def scan_text(self, text: str, context: ScanContext | None = None, ner: bool = True) -> list[Finding]:
        """Every detector on one text, overlaps resolved as the policy would; offsets index ``text``."""
        return self._detection.scan(text, context or ScanContext(free_text=None), ner, self._specificity)

    # -- the pipeline ------------------------------------------------------------------------

    def inspect(self, message: bytes | str | dict[str, Any] | list[Any], context: InspectContext) -> Outcome:
        """Inspect and remediate one JSON-RPC message; never raises, fails closed."""
        started = time.perf_counter()
        # An already-parsed message can be answered by id even when it fails the size check.
        parsed: Any = message if isinstance(message, (dict, list)) else None
        try:
            parsed = self.parse(message)
            outcome = self._inspect(parsed, context, started + self._parts.timeout_s)
        except DLPError as exc:
            outcome = self._fail_closed(parsed, context, exc.code)
        except Exception as exc:  # noqa: BLE001 - the boundary that turns any bug into a fail-closed verdict
            outcome = self._fail_closed(parsed, context, f"internal_error:{type(exc).__name__}")
        return replace(outcome, elapsed_ms=(time.perf_counter() - started) * 1000.0)

    def _inspect(self, message: Any, context: InspectContext, deadline: float) -> Outcome:
        slots, media = self._walker.walk(message)
        per_slot = self._detection.detect(slots, deadline, ner=True, connector=context.connector)
        per_slot = propagate_values(slots, per_slot)
        media_pass = self._begin_media(message, slots, media, context, deadline)
        # Twin slots repeat their texts: the (pure) health test runs once per distinct text.
        texts = dict.fromkeys(slot.text for slot in slots if not slot.is_number)
        health = (
            "PHI" in context.connector_tags
            or any(self._parts.health_context(text) for text in texts)
            or any(f.data_class is DataClass.PHI for found in per_slot for f in found)
        )
        # Formatting a path costs more than anything else done per slot: once per slot.
        paths = [slot.path for slot in slots]
        candidates = [
            [
                _elevated(detected.at(path), health)
                for detected in found
                if media_pass is None or not media_pass.hides(slot.location, detected)
            ]
            if found
            else []
            for slot, path, found in zip(slots, paths, per_slot, strict=True)
        ]
        media_found = (
            [(_elevated(finding, health), value) for finding, value in media_pass.findings]
            if media_pass is not None
            else []
        )
        decision, values = self._settle(slots, candidates, media_found, context)
        findings = [item.finding for item in decision.actions]
        # A value repeated across twin slots is fingerprinted once.
        digests = {value: self._fingerprint(context.tenant, value) for value in dict.fromkeys(values)}
        fingerprints = [digests[value] for value in values]
        if media_pass is not None and media_pass.blocked_by is not None and decision.blocked_by is None:
            decision = replace(decision, blocked_by=media_pass.blocked_by)
        base = Outcome(
            message=message,
            findings=tuple(findings),
            decision=decision,
            fingerprints=tuple(fingerprints),
            media=tuple((m.path, m.mime_type) for m in media),
        )
        verdict_rule = decision.blocked_by or decision.tombstoned_by
        if verdict_rule is not None and (decision.blocked_by or context.direction is Direction.REQUEST):
            # A tombstone cannot stand in for a request going out: the tool would act on a notice.
            error = error_response(message, "blocked", rule_id=verdict_rule)
            return replace(base, message=error, blocked=True, error=error["error"] if error else None)
        if decision.tombstoned_by is not None:
            return replace(base, message=tombstone_result(message, decision.tombstoned_by), tombstoned=True)
        check_deadline(deadline)
        return replace(base, message=self._rewrite(message, slots, paths, decision, context, media_pass))

    def _settle(
        self,
        slots: Sequence[Slot],
        candidates: Sequence[Sequence[Finding]],
        media_found: Sequence[tuple[Finding, str]],
        context: InspectContext,
    ) -> tuple[Decision, list[str]]:
        """The policy's decision with each slot's overlaps settled, and the value of each action.

        Every candidate is decided before overlaps are settled, so that a region of overlapping
        readings is remediated by the strictest of their actions (:mod:`dlp.overlaps`).
        """
        flat = [finding for found in candidates for finding in found]
        decided = self._parts.policy.decide([*flat, *(finding for finding, _value in media_found)], context)
        if len(decided.actions) != len(flat) + len(media_found):
            raise InspectionError("the policy did not decide every finding")
        actions: list[FindingAction] = []
        values: list[str] = []
        cursor = 0
        for slot, found in zip(slots, candidates, strict=True):
            if not found:
                continue
            for item in resolve(decided.actions[cursor : cursor + len(found)], rank=self._specificity):
                actions.append(item)
                values.append(slot.text[item.finding.start : item.finding.end])
            cursor += len(found)
        actions.extend(decided.actions[cursor:])
        values.extend(value for _finding, value in media_found)
        fired = {item.rule_id for item in actions}
        # Verdicts stand: a block or a response tombstone is the strictest action of its region.
        matched = tuple(rule for rule in decided.matched_rules if rule in fired)
        return replace(decided, actions=tuple(actions), matched_rules=matched), values

    def _specificity(self, item: FindingAction) -> int:
        """How specific a reading is: a pattern rule's (1) over a guess from NER or a name hint (0)."""
        return 1 if item.finding.detector in self._parts.pattern_detectors else 0

    def _strictest_first(self, item: FindingAction) -> int:
        # Media findings are decided again once the whole message is known: a region named by
        # its strictest reading gets the same action from that second decision.
        return ACTION_STRENGTH[item.action] * 2 + self._specificity(item)

    def _begin_media(
        self,
        message: Any,
        slots: Sequence[Slot],
        media: Sequence[MediaSlot],
        context: InspectContext,
        deadline: float,
    ) -> MediaPass | None:
        inspector = self._parts.media_inspector
        if inspector is None:
            return None

        def scan(text: str, path: str) -> list[Finding]:
            check_deadline(deadline)
            scan_context = ScanContext(path=path, connector=context.connector)
            return self._detection.scan(text, scan_context, ner=True, rank=self._strictest_first)

        return inspector.begin(message, slots, media, scan, deadline)

    def _rewrite(
        self,
        message: Any,
        slots: Sequence[Slot],
        paths: Sequence[str],
        decision: Decision,
        context: InspectContext,
        media_pass: MediaPass | None = None,
    ) -> Any:
        by_path: dict[str, list[FindingAction]] = {}
        for item in decision.actions:
            by_path.setdefault(item.finding.path, []).append(item)
        operator_context = OperatorContext(
            tenant=context.tenant, connector=context.connector, tool=context.tool, user=context.user
        )
        edits = media_pass.edits(decision, operator_context) if media_pass is not None else MediaEdits()
        replacements: dict[tuple[str | int, ...], Any] = {}
        for slot, path in zip(slots, paths, strict=True):
            actions = subsume(by_path[path]) if path in by_path else []
            if actions:
                replacements[slot.location] = self._parts.rewrite(slot.text, actions, operator_context)
            patches = edits.patches.get(slot.location, ())
            if patches:
                text = replacements.get(slot.location, slot.text)
                for old, new in patches:
                    text = text.replace(old, new)
                replacements[slot.location] = text
        replacements.update(edits.replacements)
        return self._walker.replace(message, replacements)

    def _fail_closed(self, message: Any, context: InspectContext, code: str) -> Outcome:
        decision = Decision(blocked_by="on_error")
        if (
            self._parts.policy.on_error == "tombstone"
            and context.direction is Direction.RESPONSE
            and isinstance(message, dict)
        ):
            return Outcome(
                message=tombstone_result(message, "on_error"),
                findings=(),
                decision=decision,
                tombstoned=True,
                failure=code,
            )
        error = error_response(message, "failed", rule_id="on_error", failure=code)
        return Outcome(
            message=error,
            findings=(),
            decision=decision,
            blocked=True,
            error=error.get("error") if error else None,
            failure=code,
        )

    def _fingerprint(self, tenant: str, value: str) -> str:
        key = self._parts.fingerprint_key
        if not key:
            return ""
        digest = hmac.new(key, f"{tenant}\x00{value}".encode("utf-8", errors="surrogatepass"), hashlib.sha256)
        return digest.hexdigest()[:16]


def _elevated(finding: Finding, health: bool) -> Finding:
    """``finding`` raised to the PHI data class when the message is in health context."""
    if health and finding.entity in HEALTH_ELEVATED:
        return replace(finding, data_class=DataClass.PHI)
    return finding


def _check_jsonrpc(message: Any) -> None:
    if not isinstance(message, dict):
        raise MalformedMessage("a JSON-RPC message must be an object")
    if message.get("jsonrpc") != "2.0":
        raise MalformedMessage('a JSON-RPC message needs "jsonrpc": "2.0"')
    has_method = isinstance(message.get("method"), str)
    is_response = "id" in message and ("result" in message or "error" in message)
    if not (has_method or is_response):
        raise MalformedMessage("a JSON-RPC message needs a method, or an id with a result or an error")

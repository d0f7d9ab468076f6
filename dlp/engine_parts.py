"""What an :class:`~dlp.engine.Engine` is built from: the policy, rewriter and media protocols.

:func:`dlp.wiring.build_engine` fills :class:`EngineParts` in; the engine only knows these
shapes, so the policy, operators and media pipeline can change without touching it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from dlp.context import InspectContext
from dlp.decision import Decision, FindingAction, OperatorContext
from dlp.findings import BatchDetector, Detector, Finding, ScanContext
from dlp.walker import MediaSlot, PathPart, Slot


class Policy(Protocol):
    """What the engine and the proxy need of a policy (implemented by :mod:`dlp.policy`)."""

    @property
    def name(self) -> str:
        """Recorded in every decision."""
        ...

    @property
    def version(self) -> str:
        """Recorded in every decision."""
        ...

    @property
    def sha256(self) -> str:
        """Hash of the policy file, recorded in every decision."""
        ...

    @property
    def on_error(self) -> str:
        """``block`` or ``tombstone``: what happens when inspection fails."""
        ...

    @property
    def restricts_tools(self) -> bool:
        """Whether the policy hides any tool from anybody."""
        ...

    def tool_access(self, tool: str, roles: Sequence[str], connector: str | None) -> str | None:
        """The id of the grant that lets a caller use ``tool``, or None."""
        ...

    def decide(self, findings: Sequence[Finding], context: InspectContext) -> Decision:
        """An action per finding, and whether the message is blocked or tombstoned."""
        ...


#: (connector, field name, two-key tail) -> True prose, False identifier, None unknown.
FreeTextHint = Callable[[str | None, str | None, str | None], bool | None]

#: Rewrites one slot's text from its (disjoint) actions.
TextRewriter = Callable[[str, Sequence[FindingAction], OperatorContext], str]

#: Scans one text extracted from media (OCR, a PDF text layer) with every detector: (text, path).
MediaScan = Callable[[str, str], list[Finding]]


@dataclass(frozen=True, slots=True)
class MediaEdits:
    """What remediating media changes in a message, once the policy has decided."""

    #: Values for whole locations: a base64 field repainted, or a content block tombstoned.
    replacements: Mapping[tuple[PathPart, ...], Any] = field(default_factory=dict)
    #: Substring swaps in text slots (an embedded image's payload), applied after text rewrites.
    patches: Mapping[tuple[PathPart, ...], Sequence[tuple[str, str]]] = field(default_factory=dict)


class MediaPass(Protocol):
    """The media of one message, analysed (implemented by :mod:`dlp.media`)."""

    @property
    def findings(self) -> Sequence[tuple[Finding, str]]:
        """Findings located at their media part (``...data<image>``), each with its value."""
        ...

    @property
    def blocked_by(self) -> str | None:
        """Rule id of a media verdict (unreadable type, low OCR confidence) that blocks the message."""
        ...

    def hides(self, location: tuple[PathPart, ...], finding: Finding) -> bool:
        """True for a text finding inside a media payload embedded in that slot (base64 read as text)."""
        ...

    def edits(self, decision: Decision, context: OperatorContext) -> MediaEdits:
        """The rewrites the decision asks of the media."""
        ...


class MediaInspector(Protocol):
    """Finds the text inside images, PDFs and attachments, and remediates them per decision."""

    def begin(
        self,
        message: Any,
        slots: Sequence[Slot],
        media: Sequence[MediaSlot],
        scan: MediaScan,
        deadline: float | None,
    ) -> MediaPass:
        """Analyse the media slots and the payloads embedded in text slots."""
        ...


@dataclass(frozen=True)
class EngineParts:
    """Everything an :class:`Engine` is made of; :func:`dlp.wiring.build_engine` fills it in."""

    policy: Policy
    rewrite: TextRewriter
    detectors: Sequence[Detector] = ()
    batch_detectors: Sequence[BatchDetector] = ()
    #: Slow detectors (NER) that only run on slots this gate accepts.
    gated_detectors: Sequence[BatchDetector] = ()
    ner_gate: Callable[[str, ScanContext], bool] = field(default=lambda _text, _ctx: False)
    health_context: Callable[[str], bool] = field(default=lambda _text: False)
    #: Keyed-fingerprint secret: kept out of the repr, which may reach a log line or a traceback.
    fingerprint_key: bytes = field(default=b"", repr=False)
    max_payload_bytes: int = 10 * 1024 * 1024
    max_depth: int = 64
    timeout_s: float = 10.0
    #: Inspects binary media; None passes it on unread (listed in ``Outcome.media``).
    media_inspector: MediaInspector | None = None
    #: A connector profile's verdict on a field: True prose (run NER), False identifier, None unknown.
    free_text_hint: FreeTextHint | None = None
    #: Names of the pattern rules: where findings overlap, their readings name the region over
    #: guesses from NER, Presidio and the name hints (:mod:`dlp.overlaps`).
    pattern_detectors: frozenset[str] = frozenset()

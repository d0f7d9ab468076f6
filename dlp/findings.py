"""Types shared by the engine and every detector: what a detector sees and what it returns.

A :class:`Finding` locates sensitive data by offsets; it never holds the matched value, so a
finding can be logged, audited or put in an error without leaking anything.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Protocol, runtime_checkable

from dlp.entities import DataClass, data_class_of


@dataclass(frozen=True, slots=True)
class Finding:
    """One detected span of sensitive data inside one text slot."""

    entity: str
    start: int
    end: int
    score: float
    detector: str
    #: JSON path of the slot, set by the engine (detectors leave the default).
    path: str = "$"
    #: Sub-type: the provider of a SECRET (``github_pat``), the language of SOURCE_CODE.
    kind: str | None = None
    data_class: DataClass = field(default=DataClass.PII)

    def __post_init__(self) -> None:
        if not 0 <= self.start < self.end:
            raise ValueError(f"invalid span {self.start}..{self.end} from {self.detector}")
        if not 0.0 <= self.score <= 1.0:
            raise ValueError(f"score {self.score} out of range from {self.detector}")

    @classmethod
    def of(
        cls, entity: str, start: int, end: int, score: float, detector: str, kind: str | None = None
    ) -> Finding:
        """Build a finding whose data class follows from the entity."""
        return cls(
            entity=entity,
            start=start,
            end=end,
            score=round(min(score, 1.0), 4),
            detector=detector,
            kind=kind,
            data_class=data_class_of(entity),
        )

    @property
    def length(self) -> int:
        """Number of characters covered."""
        return self.end - self.start

    def at(self, path: str) -> Finding:
        """The same finding, located at JSON path ``path``."""
        return replace(self, path=path)

    def shifted(self, offset: int) -> Finding:
        """The same finding with offsets moved by ``offset`` characters."""
        return replace(self, start=self.start + offset, end=self.end + offset)


@dataclass(frozen=True, slots=True)
class ScanContext:
    """What a detector may know about the text it scans, besides the text itself."""

    #: JSON path of the slot, e.g. ``$.result.structuredContent.users[0].email``.
    path: str = "$"
    #: The nearest object key above the value, lower-cased (``ssn``, ``assignee.displayname``'s
    #: ``displayname``); None for free-standing text.
    field_name: str | None = None
    #: The two nearest keys joined with a dot, lower-cased (``patient.mrn``), for richer hints.
    field_path_tail: str | None = None
    #: The connector profile the message came through, if any (``jira``, ``slack``).
    connector: str | None = None
    #: True when the connector profile or the slot's shape says this is human-written prose, so
    #: the slow NER pass is worth running. None means "decide from the text".
    free_text: bool | None = None


@runtime_checkable
class Detector(Protocol):
    """A detector: a stable name (policies and audit refer to it) and a pure detect()."""

    @property
    def name(self) -> str:
        """Stable identifier; never rename."""
        ...

    @property
    def entities(self) -> frozenset[str]:
        """Canonical entity names this detector can emit."""
        ...

    def detect(self, text: str, context: ScanContext) -> list[Finding]:
        """Findings in ``text``; offsets are character offsets into ``text``."""
        ...


@runtime_checkable
class BatchDetector(Detector, Protocol):
    """A detector that is cheaper per text when given many at once (NER, Presidio)."""

    def detect_batch(self, texts: Sequence[str], contexts: Sequence[ScanContext]) -> list[list[Finding]]:
        """Findings for each text, in input order."""
        ...

"""Small builders shared by the policy tests."""

from __future__ import annotations

from typing import Any

from dlp.entities import DataClass
from dlp.findings import Finding


def finding(
    entity: str = "EMAIL_ADDRESS",
    score: float = 0.9,
    path: str = "$",
    kind: str | None = None,
    data_class: DataClass | None = None,
) -> Finding:
    """A finding at 0..5 with the given attributes (data class from the entity unless given)."""
    base = Finding.of(entity, 0, 5, score, "test", kind=kind).at(path)
    if data_class is None:
        return base
    return Finding(
        entity=base.entity,
        start=base.start,
        end=base.end,
        score=base.score,
        detector=base.detector,
        path=base.path,
        kind=base.kind,
        data_class=data_class,
    )


def flow(mapping: dict[str, Any]) -> str:
    """A YAML flow mapping for ``mapping`` (lists and scalars only), for one-line table rows."""
    parts = []
    for key, value in mapping.items():
        shown = "[" + ", ".join(f'"{v}"' for v in value) + "]" if isinstance(value, list) else str(value)
        parts.append(f"{key}: {shown}")
    return "{" + ", ".join(parts) + "}"

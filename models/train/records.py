"""The labelled document every training and evaluation split is made of, before tokenisation."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Record:
    """One labelled document: text and (start, end, label) character spans, end exclusive."""

    text: str
    spans: tuple[tuple[int, int, str], ...]

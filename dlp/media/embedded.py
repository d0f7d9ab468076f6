"""Images and PDFs hidden inside text: ``data:`` URIs and bare base64 payloads.

Tools return screenshots as ``![](data:image/png;base64,...)`` in markdown, or as a base64 string
in a JSON field with no MIME type beside it; the walker sees those as text. A base64 run only
counts as media when its decoded bytes start like an image or a PDF, so ordinary tokens and ids
stay text.
"""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass
from typing import Final

from dlp.classifiers.extractors import Kind, sniff

_DATA_URI: Final = re.compile(
    r"data:([A-Za-z0-9.+/-]{1,64})?(?:;[A-Za-z0-9=.+-]{1,64})*;base64,([A-Za-z0-9+/]+={0,2})"
)
#: Shorter runs cannot hold even a tiny image; they are left to the text detectors.
_BARE: Final = re.compile(r"(?<![A-Za-z0-9+/])[A-Za-z0-9+/]{96,}={0,2}(?![A-Za-z0-9+/=])")
#: Enough decoded bytes to read every magic number we know.
_PROBE_CHARS: Final = 1400


@dataclass(frozen=True, slots=True)
class Embedded:
    """One payload inside a text: where it is, its declared type, and its base64 body's span."""

    start: int
    end: int
    #: The base64 part only (inside a data: URI it follows the comma).
    body_start: int
    declared: str | None

    def __repr__(self) -> str:
        return f"Embedded(start={self.start}, end={self.end}, declared={self.declared!r})"


def _is_media(body: str) -> bool:
    probe = body[:_PROBE_CHARS]
    probe = probe[: len(probe) - len(probe) % 4]
    try:
        head = base64.b64decode(probe, validate=True)
    except (binascii.Error, ValueError):
        return False
    return sniff(head)[0] in (Kind.IMAGE, Kind.PDF)


def find_embedded(text: str) -> list[Embedded]:
    """Payloads in ``text`` whose bytes are an image or a PDF, in order, not overlapping."""
    found: list[Embedded] = []
    for match in _DATA_URI.finditer(text):
        if _is_media(match.group(2)):
            found.append(Embedded(match.start(), match.end(), match.start(2), match.group(1)))
    for match in _BARE.finditer(text):
        inside = any(item.start <= match.start() < item.end for item in found)
        if not inside and _is_media(match.group(0)):
            found.append(Embedded(match.start(), match.end(), match.start(), None))
    found.sort(key=lambda item: item.start)
    return found

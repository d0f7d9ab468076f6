"""What an attachment becomes when it is tombstoned: a text block of the same kind of container."""

from __future__ import annotations

from typing import Any

#: Keys kept from the original block: they describe, not carry, the content.
_KEPT = ("annotations", "_meta")


def tombstone_block(block: dict[str, Any], text: str) -> dict[str, Any]:
    """The notice in the shape of ``block``: a text content block, or a text resource."""
    kept = {key: block[key] for key in _KEPT if key in block}
    if "blob" in block or "uri" in block:
        return {"uri": block.get("uri", ""), "mimeType": "text/plain", "text": text, **kept}
    return {"type": "text", "text": text, **kept}

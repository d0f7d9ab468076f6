"""Remediation of images, PDFs and attachments: the engine's media stage (see :mod:`.inspector`)."""

from dlp.media.analysis import LOW_CONFIDENCE_RULE, UNKNOWN_BINARY_RULE, MediaSettings
from dlp.media.inspector import MediaInspector, MediaPass

__all__ = ["LOW_CONFIDENCE_RULE", "UNKNOWN_BINARY_RULE", "MediaInspector", "MediaPass", "MediaSettings"]

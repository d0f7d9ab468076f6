"""Text extractors for binary media: type sniffing, OCR, PDF text layers, office documents, archives.

They know nothing of policies: each returns text with positions (or just text) and raises
:class:`dlp.errors.MediaLimitExceeded` or :class:`dlp.errors.MediaUnreadable` when it must not or
cannot go on; :mod:`dlp.media` decides what the findings in that text mean for the attachment.
"""

from dlp.classifiers.extractors.attachments import Extraction, TextUnit, extract, open_image
from dlp.classifiers.extractors.layout import Layout, Word, lay_out
from dlp.classifiers.extractors.limits import MediaLimits
from dlp.classifiers.extractors.ocr import ocr, tesseract_version
from dlp.classifiers.extractors.pdf import PdfPage, PdfReader
from dlp.classifiers.extractors.sniff import Kind, sniff

__all__ = [
    "Extraction",
    "Kind",
    "Layout",
    "MediaLimits",
    "PdfPage",
    "PdfReader",
    "TextUnit",
    "Word",
    "extract",
    "lay_out",
    "ocr",
    "open_image",
    "sniff",
    "tesseract_version",
]

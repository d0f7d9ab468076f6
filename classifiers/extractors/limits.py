"""Bounds every extractor works within; going over one fails closed with ``media_limit_exceeded``."""

from __future__ import annotations

from dataclasses import dataclass

from dlp.config import Config
from dlp.errors import MediaLimitExceeded


@dataclass(frozen=True, slots=True)
class MediaLimits:
    """Size, pixel, page, archive and OCR limits (from :class:`dlp.config.Config`)."""

    max_bytes: int = 8 * 1024 * 1024
    max_pixels: int = 25_000_000
    max_pages: int = 50
    max_archive_depth: int = 2
    max_archive_ratio: int = 100
    max_archive_members: int = 500
    max_extracted_bytes: int = 32 * 1024 * 1024
    ocr_language: str = "eng"
    ocr_timeout_s: float = 20.0
    render_dpi: int = 150

    @classmethod
    def from_config(cls, config: Config) -> MediaLimits:
        """The limits a configuration sets."""
        return cls(
            max_bytes=config.media_max_bytes,
            max_pixels=config.media_max_pixels,
            max_pages=config.media_max_pages,
            max_archive_depth=config.media_max_archive_depth,
            max_archive_ratio=config.media_max_archive_ratio,
            max_archive_members=config.media_max_archive_members,
            max_extracted_bytes=config.media_max_extracted_bytes,
            ocr_language=config.ocr_language,
            ocr_timeout_s=config.ocr_timeout_s,
            render_dpi=config.pdf_render_dpi,
        )

    def check_bytes(self, size: int, what: str) -> None:
        """Raise when ``size`` decoded bytes are over the limit."""
        if size > self.max_bytes:
            raise MediaLimitExceeded(f"{what} of {size} bytes exceeds the {self.max_bytes}-byte media limit")

    def check_pixels(self, width: int, height: int, what: str) -> None:
        """Raise when an image (or a page about to be rendered) has too many pixels."""
        if width <= 0 or height <= 0 or width * height > self.max_pixels:
            raise MediaLimitExceeded(
                f"{what} of {width}x{height} pixels exceeds the {self.max_pixels}-pixel media limit"
            )

    def check_pages(self, count: int, what: str) -> None:
        """Raise when a document has more pages (or an image more frames) than allowed."""
        if count > self.max_pages:
            raise MediaLimitExceeded(f"{what} has {count} pages; the media limit is {self.max_pages}")

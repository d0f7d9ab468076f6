"""Zip archives and office documents (docx, xlsx, pptx are zip files of XML parts), within limits.

Member sizes in a zip directory are claims: each member is read with a cap one byte over what
is left of the budget, so a lying header cannot make us inflate more than the limit allows.
"""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass
from typing import Final

from dlp.classifiers.extractors.limits import MediaLimits
from dlp.errors import MediaLimitExceeded, MediaUnreadable

#: Below this size a high compression ratio is normal (a page of spaces), not a bomb.
_RATIO_FLOOR: Final = 64 * 1024
#: OOXML parts that hold formatting only.
_NOISE_PARTS: Final = ("styles.xml", "theme", "fontTable.xml", "settings.xml", "webSettings.xml", "_rels/")
#: Elements that hold a run of text inside a paragraph: joined without a separator.
_RUN_TEXT: Final = frozenset({"t", "instrText", "delText", "v"})
#: Elements that end a paragraph, a cell or a row.
_BLOCKS: Final = frozenset({"p", "si", "row", "c", "tc", "tr", "br", "tab"})


@dataclass(frozen=True, slots=True)
class Member:
    """One file inside an archive."""

    index: int
    name: str
    data: bytes

    def __repr__(self) -> str:
        return f"Member(index={self.index}, bytes={len(self.data)})"


def members(data: bytes, limits: MediaLimits, depth: int) -> list[Member]:
    """Every file of the zip ``data`` (``depth`` counts this archive, from 1), within the limits."""
    if depth > limits.max_archive_depth:
        raise MediaLimitExceeded(f"archives nest deeper than the limit of {limits.max_archive_depth}")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = [info for info in archive.infolist() if not info.is_dir()]
            if len(infos) > limits.max_archive_members:
                raise MediaLimitExceeded(
                    f"archive has {len(infos)} members; the limit is {limits.max_archive_members}"
                )
            found: list[Member] = []
            budget = limits.max_extracted_bytes
            for index, info in enumerate(infos):
                if info.flag_bits & 0x1:
                    raise MediaUnreadable("archive member is encrypted and cannot be inspected")
                if info.file_size > _RATIO_FLOOR and info.file_size > limits.max_archive_ratio * max(
                    info.compress_size, 1
                ):
                    raise MediaLimitExceeded(
                        f"archive member {index} expands more than {limits.max_archive_ratio} times"
                    )
                cap = min(budget, limits.max_bytes)
                with archive.open(info) as stream:
                    content = stream.read(cap + 1)
                if len(content) > cap:
                    raise MediaLimitExceeded(f"archive member {index} is over the extraction limit")
                budget -= len(content)
                found.append(Member(index, info.filename, content))
            return found
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        NotImplementedError,
        EOFError,
        OSError,
        ValueError,
    ) as exc:
        raise MediaUnreadable(f"archive cannot be read ({type(exc).__name__})") from None


def is_office_xml(name: str) -> bool:
    """An XML part worth reading (text, comments, notes, sheets, document properties)."""
    return name.endswith(".xml") and not any(noise in name for noise in _NOISE_PARTS)


def xml_text(data: bytes) -> str:
    """The text of an XML part: runs joined, paragraphs, cells and properties on their own lines."""
    # Office parts never declare a DTD; refusing one rules out entity-expansion bombs.
    head = data[:4096].lower()
    if b"<!doctype" in head or b"<!entity" in data.lower():
        raise MediaUnreadable("XML part declares a DTD or entities")
    pieces: list[str] = []
    try:
        # S314: documents with a DTD were refused above, which is what defusedxml would refuse.
        for _event, element in ET.iterparse(io.BytesIO(data), events=("end",)):  # noqa: S314
            local = element.tag.rsplit("}", 1)[-1] if isinstance(element.tag, str) else ""
            text = (element.text or "").strip()
            if text:
                pieces.append(element.text or "")
                if local not in _RUN_TEXT:
                    pieces.append("\n")
            if local in _BLOCKS:
                pieces.append("\t" if local in ("c", "tc", "tab") else "\n")
            element.clear()
    except ET.ParseError:
        raise MediaUnreadable("XML part is malformed") from None
    return "".join(pieces)

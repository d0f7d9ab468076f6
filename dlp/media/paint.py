"""Destroy pixels: paint boxes solid on an image, and rebuild a PDF as rendered page images.

Painting replaces the pixel values themselves before re-encoding, so nothing of the covered text
survives in the file (an overlay or a PDF annotation would leave it underneath). Re-encoding also
drops every metadata chunk (EXIF, PNG text, XMP) the original carried.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from typing import Final

import pypdfium2
from PIL import Image, ImageDraw

Box = tuple[float, float, float, float]

#: Painted boxes grow by this many pixels each way: OCR boxes hug the glyphs and anti-aliased
#: edges or descenders just outside them would still hint at the characters.
PAD: Final = 3
_JPEG_QUALITY: Final = 85
_SAVE_FORMATS: Final = {
    "jpeg": "JPEG",
    "png": "PNG",
    "gif": "GIF",
    "bmp": "BMP",
    "tiff": "TIFF",
    "webp": "WEBP",
}


def paint(image: Image.Image, boxes: Iterable[Box], pad: int = PAD) -> Image.Image:
    """A copy of ``image`` with every box filled black (in RGB or RGBA; palette images are expanded)."""
    mode = "RGBA" if image.mode in ("RGBA", "LA", "PA", "P") and _has_alpha(image) else "RGB"
    painted = image.convert(mode)
    draw = ImageDraw.Draw(painted)
    fill = (0, 0, 0, 255) if mode == "RGBA" else (0, 0, 0)
    width, height = painted.size
    for left, top, right, bottom in boxes:
        box = (
            max(0, int(left) - pad),
            max(0, int(top) - pad),
            min(width - 1, int(right + 0.999) + pad),
            min(height - 1, int(bottom + 0.999) + pad),
        )
        if box[0] <= box[2] and box[1] <= box[3]:
            draw.rectangle(box, fill=fill)
    return painted


def _has_alpha(image: Image.Image) -> bool:
    return image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info


def encode(image: Image.Image, image_format: str) -> bytes:
    """``image`` in ``image_format`` (the original's), without any of the original's metadata."""
    target = _SAVE_FORMATS.get(image_format, "PNG")
    if target == "JPEG" and image.mode != "RGB":
        image = image.convert("RGB")
    if target == "BMP" and image.mode == "RGBA":
        image = image.convert("RGB")
    buffer = io.BytesIO()
    if target == "JPEG":
        image.save(buffer, format=target, quality=_JPEG_QUALITY)
    else:
        image.save(buffer, format=target)
    return buffer.getvalue()


def image_pdf(pages: Sequence[tuple[Image.Image, float, float]]) -> bytes:
    """A new PDF whose pages are only the given images, each ``(image, width_pt, height_pt)``.

    There is no text layer, no metadata, no annotation, form field or embedded file: nothing but
    the pixels we painted.
    """
    document = pypdfium2.PdfDocument.new()
    try:
        for image, width, height in pages:
            jpeg = io.BytesIO()
            image.convert("RGB").save(jpeg, format="JPEG", quality=_JPEG_QUALITY)
            jpeg.seek(0)
            page = document.new_page(width, height)
            picture = pypdfium2.PdfImage.new(document)
            picture.load_jpeg(jpeg, inline=True)
            picture.set_matrix(pypdfium2.PdfMatrix().scale(width, height))
            page.insert_obj(picture)
            page.gen_content()
        out = io.BytesIO()
        document.save(out)
        return out.getvalue()
    finally:
        document.close()

"""Media fixtures rendered by the tests themselves: text images in several fonts and PDFs.

Planted values are synthetic: an SSN in a valid-looking but unissued range, the Visa test card,
an example.org address and an MRN beside its label (the context the MRN detector needs).
"""

from __future__ import annotations

import base64
import io
import random
import zipfile
from pathlib import Path
from typing import Any

import pypdfium2
from PIL import Image, ImageDraw, ImageFilter, ImageFont
from reportlab.lib.pagesizes import A6, landscape
from reportlab.pdfgen import canvas

FONTS = Path("/usr/share/fonts/truetype/dejavu")
SSN = "536-22-8741"
CARD = "4111 1111 1111 1111"
EMAIL = "grace.hopper@example.org"
MRN = "4839201"
#: Entities every fixture plants; names (NER) are optional and not asserted.
PLANTED = ("US_SSN", "CREDIT_CARD", "EMAIL_ADDRESS", "MEDICAL_RECORD_NUMBER")
LINES = (
    f"Patient record MRN: {MRN}",
    f"SSN {SSN} email {EMAIL}",
    f"Card {CARD} on file",
    "Follow-up visit in two weeks",
)


def font(name: str, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONTS / name), size)


def text_image(
    lines: tuple[str, ...] = LINES,
    font_name: str = "DejaVuSans.ttf",
    size: int = 22,
    mode: str = "RGB",
) -> Image.Image:
    face = font(font_name, size)
    width = max(int(face.getlength(line)) for line in lines) + 40
    height = len(lines) * int(size * 2.0) + 30
    background: Any = (255, 255, 255, 0) if mode == "RGBA" else "white"
    image = Image.new(mode, (width, height), background)
    draw = ImageDraw.Draw(image)
    for index, line in enumerate(lines):
        draw.text((20, 15 + index * int(size * 2.0)), line, font=face, fill="black")
    return image


def noisy_scan(image: Image.Image, seed: int = 7, skew: float = 1.5, sparsity: int = 60) -> Image.Image:
    """Grey paper, speckles, a slight skew and blur: what a phone scan looks like."""
    rng = random.Random(seed)
    grey = image.convert("L").rotate(skew, expand=True, fillcolor=255, resample=Image.Resampling.BICUBIC)
    pixels = grey.load()
    assert pixels is not None
    for _ in range(grey.width * grey.height // sparsity):
        x, y = rng.randrange(grey.width), rng.randrange(grey.height)
        pixels[x, y] = rng.choice((0, 90, 170))
    return grey.filter(ImageFilter.GaussianBlur(0.6)).point(lambda v: int(v * 0.85 + 25))


def encode(image: Image.Image, fmt: str = "PNG", **params: Any) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format=fmt, **params)
    return buffer.getvalue()


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def text_pdf(
    pages: tuple[tuple[str, ...], ...] = (LINES,),
    *,
    author: str | None = None,
    note: str | None = None,
    field_value: str | None = None,
    scanned: Image.Image | None = None,
    rotation: int = 0,
) -> bytes:
    """A PDF with a text layer per page; optionally metadata, a note, a form field, a scanned page."""
    buffer = io.BytesIO()
    size = landscape(A6)
    pdf = canvas.Canvas(buffer, pagesize=size)
    if author:
        pdf.setAuthor(author)
    pdf.setTitle("Visit summary")
    for page_lines in pages:
        pdf.setFont("Helvetica", 11)
        for index, line in enumerate(page_lines):
            pdf.drawString(24, size[1] - 40 - index * 22, line)
        if note:
            pdf.textAnnotation(note, Rect=(200, 20, 260, 60))
        if field_value:
            pdf.acroForm.textfield(name="patient_ssn", value=field_value, x=24, y=20, width=160, height=20)
        if rotation:
            pdf.setPageRotation(rotation)
        pdf.showPage()
    if scanned is not None:
        reader = io.BytesIO(encode(scanned.convert("RGB"), "PNG"))
        from reportlab.lib.utils import ImageReader  # noqa: PLC0415

        pdf.drawImage(ImageReader(reader), 10, 10, width=size[0] - 20, height=size[1] - 20)
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def with_attachment(pdf: bytes, name: str, data: bytes) -> bytes:
    document = pypdfium2.PdfDocument(pdf)
    try:
        attachment = document.new_attachment(name)
        attachment.set_data(data)
        out = io.BytesIO()
        document.save(out)
        return out.getvalue()
    finally:
        document.close()


def docx(text: str) -> bytes:
    """A minimal Word document whose paragraph splits ``text`` over two runs (as Word does)."""
    half = len(text) // 2
    body = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
        f"<w:p><w:r><w:t>{text[:half]}</w:t></w:r><w:r><w:t>{text[half:]}</w:t></w:r></w:p>"
        "<w:p><w:r><w:t>Second paragraph</w:t></w:r></w:p></w:body></w:document>"
    )
    return zip_of(
        {
            "[Content_Types].xml": '<?xml version="1.0"?><Types xmlns="x"/>',
            "word/document.xml": body,
            "word/styles.xml": "<styles/>",
        }
    )


def xlsx(value: str) -> bytes:
    shared = f'<sst xmlns="x"><si><t>Customer SSN</t></si><si><t>{value}</t></si></sst>'
    return zip_of(
        {"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<workbook/>", "xl/sharedStrings.xml": shared}
    )


def zip_of(members: dict[str, str | bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def tool_result(*content: dict[str, Any], msg_id: int = 7) -> dict[str, Any]:
    return {"jsonrpc": "2.0", "id": msg_id, "result": {"content": list(content)}}


def image_block(data: bytes, mime: str = "image/png") -> dict[str, Any]:
    return {"type": "image", "data": b64(data), "mimeType": mime}


def blob_resource(data: bytes, mime: str, uri: str = "file:///tmp/attachment") -> dict[str, Any]:
    return {"type": "resource", "resource": {"uri": uri, "mimeType": mime, "blob": b64(data)}}

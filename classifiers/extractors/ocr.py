"""OCR with tesseract: words, boxes and confidences of an image, upright or turned by 90 degrees.

Tesseract runs as a subprocess fed through stdin (no temporary files holding user images), with
a hard timeout that kills it, and with ``OMP_THREAD_LIMIT=1``: its OpenMP threads only contend
with each other on the few shared cores a proxy gets, which made every page slower.
"""

from __future__ import annotations

import csv
import functools
import io
import shutil
import subprocess
from collections.abc import Callable
from typing import Final

from PIL import Image, ImageFilter

from dlp.classifiers.extractors.layout import Layout, Word, lay_out
from dlp.errors import InspectionError, MediaLimitExceeded

#: Below this share of confident characters, a second pass tries the page turned.
_RETRY_BELOW: Final = 0.6
_CONFIDENT: Final = 60.0
#: Text shorter than this (pixels) is read far better enlarged; enlarging larger text hurts.
_SMALL_TEXT_PX: Final = 20
#: Images with no text found are tried enlarged only within these sides.
_UPSCALE_BELOW: Final = 1200
_MIN_SIDE: Final = 24
#: Tesseract's orientation detector needs this much text to answer.
_MIN_OSD_WORDS: Final = 3
_ENV: Final = {"OMP_THREAD_LIMIT": "1", "LC_ALL": "C"}

Mapper = Callable[[float, float], tuple[float, float]]


@functools.cache
def _binary() -> str | None:
    return shutil.which("tesseract")


def tesseract_version() -> str | None:
    """Installed tesseract's version (``5.3.0``), or None when it is missing (``mcp-dlp doctor``)."""
    binary = _binary()
    if binary is None:
        return None
    try:
        done = subprocess.run(  # noqa: S603 - a fixed argument list, no shell
            [binary, "--version"], capture_output=True, env=_ENV, timeout=10, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    first = (done.stdout or done.stderr).decode("utf-8", errors="replace").splitlines()
    return first[0].removeprefix("tesseract ").strip() if first else None


def _run(image: Image.Image, args: list[str], timeout_s: float) -> str:
    binary = _binary()
    if binary is None:
        raise InspectionError("tesseract is not installed: images cannot be inspected (make sysdeps)")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    try:
        done = subprocess.run(  # noqa: S603 - a fixed argument list, no shell
            [binary, "stdin", "stdout", *args],
            input=buffer.getvalue(),
            capture_output=True,
            env=_ENV,
            timeout=timeout_s,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise MediaLimitExceeded(f"OCR of one image exceeded the {timeout_s:g}-second limit") from None
    except OSError as exc:
        raise InspectionError(f"tesseract could not run: {type(exc).__name__}") from None
    if done.returncode != 0:
        raise InspectionError(f"tesseract failed with exit status {done.returncode}")
    return done.stdout.decode("utf-8", errors="replace")


def _words(image: Image.Image, language: str, timeout_s: float, scale: float, mapper: Mapper) -> list[Word]:
    tsv = _run(image, ["-l", language, "--psm", "3", "tsv"], timeout_s)
    words: list[Word] = []
    for row in csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE):
        text = (row.get("text") or "").strip()
        if row.get("level") != "5" or not text:
            continue
        left, top = float(row["left"]) / scale, float(row["top"]) / scale
        right = left + float(row["width"]) / scale
        bottom = top + float(row["height"]) / scale
        x0, y0 = mapper(left, top)
        x1, y1 = mapper(right, bottom)
        box = (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))
        line = (row["page_num"], row["block_num"], row["par_num"], row["line_num"])
        words.append(Word(text, box, line, max(float(row["conf"]), 0.0)))
    return words


def _orientation(image: Image.Image, timeout_s: float) -> int:
    """Degrees tesseract says the page is turned by (0, 90, 180 or 270); 0 when it cannot tell."""
    try:
        report = _run(image, ["--psm", "0"], timeout_s)
    except InspectionError:
        # Too little text to detect orientation makes tesseract exit non-zero: keep the page as is.
        return 0
    for line in report.splitlines():
        if line.startswith("Rotate:"):
            return int(line.split(":", 1)[1].strip() or 0) % 360
    return 0


def _confident_share(layout: Layout) -> float:
    total = sum(len(w.text) for w in layout.words)
    if total == 0:
        return 0.0
    return sum(len(w.text) for w in layout.words if w.confidence >= _CONFIDENT) / total


def _turned(image: Image.Image, rotate: int) -> tuple[Image.Image, Mapper]:
    """The image turned clockwise by ``rotate`` degrees, and how its points map back."""
    width, height = image.size
    if rotate == 90:
        return image.transpose(Image.Transpose.ROTATE_270), lambda u, v: (v, height - u)
    if rotate == 180:
        return image.transpose(Image.Transpose.ROTATE_180), lambda u, v: (width - u, height - v)
    if rotate == 270:
        return image.transpose(Image.Transpose.ROTATE_90), lambda u, v: (width - v, u)
    return image, lambda u, v: (u, v)


def prepare(image: Image.Image) -> Image.Image:
    """Grey-scale on white: transparent pixels would otherwise read as black."""
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        background = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return Image.alpha_composite(background, rgba).convert("L")
    return image.convert("L")


def denoise(grey: Image.Image) -> Image.Image:
    """A median filter against speckles, then black and white at Otsu's threshold."""
    smooth = grey.filter(ImageFilter.MedianFilter(3))
    histogram = smooth.histogram()[:256]
    total = sum(histogram)
    weighted = sum(level * count for level, count in enumerate(histogram))
    below = below_weighted = 0.0
    best, threshold = -1.0, 128
    for level, count in enumerate(histogram):
        below += count
        below_weighted += level * count
        above = total - below
        if below == 0 or above == 0:
            continue
        between = below * above * (below_weighted / below - (weighted - below_weighted) / above) ** 2
        if between > best:
            best, threshold = between, level
    return smooth.point(lambda value: 255 if value > threshold else 0)


def _may_enlarge(layout: Layout, image: Image.Image, max_pixels: int) -> bool:
    """Small text or a small image, and room under the pixel limit to double it."""
    if image.width * image.height * 4 > max_pixels or min(image.size) < _MIN_SIDE:
        return False
    heights = sorted(word.box[3] - word.box[1] for word in layout.words)
    small_text = bool(heights) and heights[len(heights) // 2] < _SMALL_TEXT_PX
    return small_text or max(image.size) < _UPSCALE_BELOW


def ocr(image: Image.Image, language: str, timeout_s: float, max_pixels: int) -> Layout:
    """Words of ``image`` with boxes in its own pixel coordinates.

    A reading with little confidence is tried again denoised (scans), enlarged (small text) and
    turned the way tesseract's orientation detector says; the most confident reading wins. Only
    poor readings pay for the extra passes.
    """
    grey = prepare(image)

    def read(source: Image.Image, scale: float = 1.0, rotate: int = 0) -> Layout:
        turned, mapper = _turned(source, rotate)
        if scale != 1.0:
            size = (round(turned.width * scale), round(turned.height * scale))
            turned = turned.resize(size, Image.Resampling.LANCZOS)
        return lay_out(_words(turned, language, timeout_s, scale, mapper))

    best = read(grey)
    if not best.words:
        # Nothing at all: only small text in a small image is worth a second, enlarged look.
        return read(grey, 2.0) if _may_enlarge(best, grey, max_pixels) else best
    if _confident_share(best) >= _RETRY_BELOW or len(best.words) < _MIN_OSD_WORDS:
        return best
    # Turned pages read as garbage whatever the clean-up: find the orientation first.
    rotate = _orientation(grey, timeout_s)
    clean = denoise(grey)
    attempts: list[tuple[Image.Image, float]] = [(grey, 1.0)] if rotate in (90, 180, 270) else []
    attempts.append((clean, 1.0))
    if _may_enlarge(best, grey, max_pixels):
        attempts += [(grey, 2.0), (clean, 2.0)]
    for candidate, factor in attempts:
        best = max(best, read(candidate, factor, rotate), key=_confident_share)
        if _confident_share(best) >= _RETRY_BELOW:
            break
    return best

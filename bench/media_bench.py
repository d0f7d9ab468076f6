"""OCR throughput and the latency media inspection adds, per image and per PDF page.

Measures, on this machine and with tesseract single-threaded (as the engine runs it):

* OCR pages per second on a small screenshot and on a full A4 page rendered at 150 dpi;
* ``engine.inspect`` latency for a tool result carrying one image, minus the same message with
  media inspection off (what an image costs), with and without findings to paint;
* per PDF page: a text-layer PDF (no OCR) and a scanned PDF (OCR), redacted and clean.

Usage: ``python bench/media_bench.py [--repeat N]``. Medians of N runs.
"""

from __future__ import annotations

import argparse
import functools
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PIL import Image
from rich.console import Console
from rich.table import Table

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from dlp.classifiers.extractors import ocr, tesseract_version
from dlp.config import Config
from dlp.context import InspectContext
from dlp.engine import Engine
from dlp.wiring import build_engine
from tests.media.fixtures import (
    LINES,
    blob_resource,
    encode,
    image_block,
    noisy_scan,
    text_image,
    text_pdf,
    tool_result,
)

CLEAN_LINES = ("Quarterly roadmap review", "Ship the new dashboard", "Owner: platform team")


def median_seconds(work: Callable[[], Any], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def a4_page() -> Image.Image:
    lines = tuple(f"{n:02d} {LINES[n % len(LINES)]} and some ordinary words" for n in range(40))
    page = text_image(lines, size=18)
    canvas = Image.new("RGB", (1240, 1754), "white")
    canvas.paste(page.crop((0, 0, min(page.width, 1200), min(page.height, 1700))), (20, 20))
    return canvas


def engines(root: Path) -> tuple[Engine, Engine]:
    on = build_engine(Config(data_dir=root / "on", ner_enabled=False, inspection_timeout_s=120))
    off = build_engine(Config(data_dir=root / "off", ner_enabled=False, media_enabled=False))
    return on, off


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    repeat = parser.parse_args().repeat
    console = Console(width=120)
    console.print(f"tesseract {tesseract_version()}, repeat {repeat} (medians)")

    table = Table(title="OCR throughput (tesseract, 1 thread)")
    table.add_column("input")
    table.add_column("pixels", justify="right")
    table.add_column("s / page", justify="right")
    table.add_column("pages / s", justify="right")
    for name, image in (("screenshot 4 lines", text_image()), ("A4 page 150 dpi, 40 lines", a4_page())):
        seconds = median_seconds(functools.partial(ocr, image, "eng", 60, 100_000_000), repeat)
        table.add_row(name, f"{image.width}x{image.height}", f"{seconds:.3f}", f"{1 / seconds:.2f}")
    console.print(table)

    context = InspectContext()
    with tempfile.TemporaryDirectory() as folder:
        on, off = engines(Path(folder))
        cases = {
            "image, 4 findings painted": tool_result(image_block(encode(text_image()))),
            "image, nothing found": tool_result(image_block(encode(text_image(CLEAN_LINES)))),
            "noisy scan JPEG, painted": tool_result(
                image_block(encode(noisy_scan(text_image(size=24), sparsity=100), "JPEG"), "image/jpeg")
            ),
            "PDF text layer 5 pages, redacted": tool_result(
                blob_resource(text_pdf(tuple(LINES for _ in range(5))), "application/pdf")
            ),
            "PDF text layer 5 pages, clean": tool_result(
                blob_resource(text_pdf(tuple(CLEAN_LINES for _ in range(5))), "application/pdf")
            ),
            "PDF scanned 1 page (+cover), redacted": tool_result(
                blob_resource(
                    text_pdf((("Cover",),), scanned=noisy_scan(text_image(size=26), skew=0.8, sparsity=400)),
                    "application/pdf",
                )
            ),
        }
        pages = {"PDF text layer 5 pages, redacted": 5, "PDF text layer 5 pages, clean": 5}
        pages["PDF scanned 1 page (+cover), redacted"] = 2
        table = Table(title="Latency media inspection adds to engine.inspect")
        table.add_column("message")
        table.add_column("media on ms", justify="right")
        table.add_column("media off ms", justify="right")
        table.add_column("added ms", justify="right")
        table.add_column("added ms / page", justify="right")
        for name, message in cases.items():
            assert on.inspect(message, context).failure is None
            with_media = median_seconds(functools.partial(on.inspect, message, context), repeat) * 1000
            without = median_seconds(functools.partial(off.inspect, message, context), repeat) * 1000
            count = pages.get(name, 1)
            table.add_row(
                name,
                f"{with_media:.0f}",
                f"{without:.1f}",
                f"{with_media - without:.0f}",
                f"{(with_media - without) / count:.0f}",
            )
        console.print(table)


if __name__ == "__main__":
    main()

"""Reading newline-delimited messages from a child's unbuffered pipe: whole lines, at once, in few reads."""

from __future__ import annotations

import contextlib
import io
import os
from collections.abc import Iterator
from typing import IO, cast

import pytest

from dlp.connectors.stdio import _LineIterator

pytestmark = pytest.mark.timeout(30)


class CountingPipe(io.RawIOBase):
    """The read end of a real pipe, unbuffered as ``Popen(bufsize=0)`` gives it, counting system reads."""

    def __init__(self, fd: int) -> None:
        self._fd = fd
        self.reads = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        self.reads += 1
        data = os.read(self._fd, len(buffer))
        buffer[: len(data)] = data
        return len(data)


@pytest.fixture
def pipe() -> Iterator[tuple[CountingPipe, int]]:
    read_fd, write_fd = os.pipe()
    reader = CountingPipe(read_fd)
    try:
        yield reader, write_fd
    finally:
        for fd in (read_fd, write_fd):
            with contextlib.suppress(OSError):  # already closed by the test
                os.close(fd)


def test_a_large_line_takes_a_few_reads_not_one_per_byte(pipe: tuple[CountingPipe, int]) -> None:
    reader, write_fd = pipe
    line = b'{"text":"' + b"x" * 20_000 + b'"}'
    os.write(write_fd, line + b"\n")
    lines = _LineIterator(cast(IO[bytes], reader), 1 << 20, lambda: None)
    assert next(lines) == line
    assert reader.reads <= 8


def test_a_line_is_returned_before_the_writer_sends_more(pipe: tuple[CountingPipe, int]) -> None:
    # A reader that waited to fill its buffer would block here until the timeout.
    reader, write_fd = pipe
    lines = _LineIterator(cast(IO[bytes], reader), 1 << 20, lambda: None)
    os.write(write_fd, b'{"id":1}\n')
    assert next(lines) == b'{"id":1}'
    os.write(write_fd, b'{"id":2}\n\n')
    assert next(lines) == b'{"id":2}'
    os.close(write_fd)
    assert list(lines) == []


def test_an_oversized_line_is_skipped_and_the_next_one_read(pipe: tuple[CountingPipe, int]) -> None:
    reader, write_fd = pipe
    skipped: list[bool] = []
    os.write(write_fd, b"y" * 5_000 + b"\n" + b'{"id":3}\n')
    os.close(write_fd)
    lines = _LineIterator(cast(IO[bytes], reader), 100, lambda: skipped.append(True))
    assert list(lines) == [b'{"id":3}'] and skipped == [True]

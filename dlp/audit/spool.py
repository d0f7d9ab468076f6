"""On-disk spool: events wait here until their sink has acknowledged them.

A compromised or crashed host must not lose the trail it already wrote, and a SIEM that is down
for an hour must receive that hour afterwards. Every event is appended to the spool file before
any delivery is tried; a delivery that succeeds advances a committed offset (written to a
temporary file and renamed, so a crash leaves either the old or the new offset). When the whole
file has been delivered it is truncated. Delivery is at-least-once: after a crash between send
and offset commit, the receiver may see an event twice (events carry ``id`` and ``seq``).
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any


class Spool:
    """An append-only JSON-lines file with a committed read offset."""

    def __init__(self, directory: Path, name: str) -> None:
        directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        self._data = directory / f"{name}.jsonl"
        self._offset_file = directory / f"{name}.offset"
        self._lock = threading.Lock()

    def append(self, records: Sequence[Mapping[str, Any]]) -> None:
        """Persist ``records`` before anyone tries to deliver them."""
        if not records:
            return
        payload = "".join(json.dumps(r, sort_keys=True, ensure_ascii=False) + "\n" for r in records).encode()
        with self._lock:
            descriptor = os.open(self._data, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
            try:
                os.write(descriptor, payload)
                os.fsync(descriptor)
            finally:
                os.close(descriptor)

    def pending(self, limit: int) -> tuple[list[dict[str, Any]], int]:
        """Up to ``limit`` undelivered records and the offset just past them."""
        with self._lock:
            offset = self._read_offset()
            if not self._data.exists():
                return [], offset
            records: list[dict[str, Any]] = []
            with self._data.open("rb") as handle:
                handle.seek(offset)
                end = offset
                for line in handle:
                    if not line.endswith(b"\n"):
                        break  # a record still being written
                    records.append(json.loads(line))
                    end += len(line)
                    if len(records) >= limit:
                        break
            return records, end

    def commit(self, offset: int) -> None:
        """Mark everything before ``offset`` delivered; truncate once all of it is."""
        with self._lock:
            if self._data.exists() and offset >= self._data.stat().st_size:
                self._data.write_bytes(b"")
                offset = 0
            temporary = self._offset_file.with_suffix(".offset.tmp")
            temporary.write_text(str(offset), encoding="ascii")
            os.replace(temporary, self._offset_file)

    def backlog_bytes(self) -> int:
        """Bytes appended but not yet delivered."""
        with self._lock:
            size = self._data.stat().st_size if self._data.exists() else 0
            return max(0, size - self._read_offset())

    def _read_offset(self) -> int:
        try:
            return int(self._offset_file.read_text(encoding="ascii") or 0)
        except FileNotFoundError:
            return 0

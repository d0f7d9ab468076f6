"""Fixtures for the NER tests: an offline guard and one shared pipeline load."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from typing import Any

import pytest

from dlp.models.loader import LoadedPipeline, load_pipeline


class NetworkUsed(AssertionError):
    """Raised when code under test opens a network connection."""


def _refuse(*_args: Any, **_kwargs: Any) -> Any:
    raise NetworkUsed("network access attempted while loading or running the NER pipeline")


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Any outbound connection (socket connect, create_connection, DNS) raises NetworkUsed."""
    monkeypatch.setattr(socket.socket, "connect", _refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", _refuse)
    monkeypatch.setattr(socket, "create_connection", _refuse)
    monkeypatch.setattr(socket, "getaddrinfo", _refuse)
    yield


@pytest.fixture(scope="module")
def shipped() -> LoadedPipeline:
    """The shipped pipeline, loaded once per module."""
    return load_pipeline(None)

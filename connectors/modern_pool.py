"""Stateless connections kept per (upstream, caller), so a stdio upstream is not a process per request.

A request of the stateless revision carries everything the upstream needs, so requests of one
caller can share one upstream connection (and its router, which remembers output schemas).
Callers never share one: the router's context (user, roles, tenant) is the caller's, and a stdio
upstream's process serves one caller only. Idle connections are ended by a reaper thread; one
whose process exited is replaced on the next request.

The era of a stdio upstream is learned once, with a ``server/discover`` probe when its first
connection starts; an upstream that speaks only the handshake versions is remembered as such,
and its stateless requests are answered the way a legacy server answers them (the client falls
back to ``initialize``). A remote upstream's era is its own to show: each request is forwarded.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Mapping
from typing import Any

from dlp.config import Config
from dlp.connectors.gateway_config import GatewayConfig, UpstreamConfig
from dlp.connectors.gateway_wiring import (
    Identity,
    RouterFactory,
    base_context,
    remote_headers,
    stdio_upstream,
)
from dlp.connectors.modern_channel import ModernChannel
from dlp.connectors.modern_http import RemoteLink
from dlp.connectors.request_state import StateSealer, sealing_key
from dlp.errors import ProxyError
from dlp.operators import load_or_create_hash_key

log = logging.getLogger(__name__)

#: Longest wait for a stdio upstream's answer to the ``server/discover`` probe (start-up included).
PROBE_TIMEOUT_S = 20.0
Key = tuple[str, Identity]


class ModernPool:
    """The stateless connections of every upstream and caller; thread-safe."""

    def __init__(
        self,
        config: Config,
        gateway_config: GatewayConfig,
        make_router: RouterFactory,
        environ: Mapping[str, str],
    ) -> None:
        self._config = config
        self._gateway = gateway_config
        self._make_router = make_router
        self._environ = dict(environ)
        self._sealer = StateSealer(
            ttl_s=gateway_config.session_idle_timeout_s,
            key=sealing_key(load_or_create_hash_key(config.data_dir / "hash.key")),
        )
        self._channels: dict[Key, ModernChannel] = {}
        self._starting: dict[Key, threading.Lock] = {}
        #: Upstream name -> whether it speaks the stateless revision (stdio upstreams, once probed).
        self._modern: dict[str, bool] = {}
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._reaper: threading.Thread | None = None

    def speaks_modern(self, name: str) -> bool | None:
        """What the probe found for ``name`` (None: not probed yet, or a remote upstream)."""
        return self._modern.get(name)

    def full(self, name: str, identity: Identity) -> bool:
        """A new connection would exceed the gateway's limit."""
        with self._lock:
            return (name, identity) not in self._channels and len(
                self._channels
            ) >= self._gateway.max_sessions

    def ready(self, name: str, identity: Identity) -> ModernChannel | None:
        """The caller's live connection to ``name`` if one is open; never blocks, never starts one."""
        with self._lock:
            found = self._channels.get((name, identity))
        # A channel is in the table only once started and probed; ``alive`` polls without waiting.
        return found if found is not None and found.alive else None

    def channel(
        self,
        name: str,
        upstream_config: UpstreamConfig,
        identity: Identity,
        agent: str,
        meta: Mapping[str, Any],
    ) -> ModernChannel | None:
        """The caller's live connection to ``name``, started if needed; None for a legacy-only upstream.

        Blocking (it may start a process and probe it). ``meta`` is the request's envelope, used
        for the probe. Raises :class:`~dlp.errors.ProxyError` when the upstream cannot start.
        """
        key = (name, identity)
        with self._lock:
            starting = self._starting.setdefault(key, threading.Lock())
        with starting:
            with self._lock:
                found = self._channels.get(key)
            if found is not None and found.alive:
                return found
            if found is not None:
                self._drop(key, found)
            if self._modern.get(name) is False:
                return None
            created = self._start(name, upstream_config, identity, agent, meta)
            if created is not None:
                with self._lock:
                    self._channels[key] = created
                self._start_reaper()
            return created

    def _start(
        self,
        name: str,
        upstream_config: UpstreamConfig,
        identity: Identity,
        agent: str,
        meta: Mapping[str, Any],
    ) -> ModernChannel | None:
        limit = self._config.max_payload_bytes
        timeout = upstream_config.upstream_timeout_s
        router = self._make_router(base_context(name, upstream_config, identity, agent, None))
        link: Any
        if upstream_config.command is not None:
            link = stdio_upstream(upstream_config, self._environ, limit)
        else:
            assert upstream_config.url is not None
            link = RemoteLink(
                upstream_config.url, remote_headers(upstream_config, self._environ), limit, timeout
            )
        owner = (name, identity.user, identity.tenant, identity.roles)
        channel = ModernChannel(router, link, self._sealer, owner, timeout)
        channel.start()
        if upstream_config.command is not None and name not in self._modern:
            modern = channel.probe(meta, min(timeout, PROBE_TIMEOUT_S))
            if not channel.alive:
                # It exited before answering: nothing is learned about its protocol, and the
                # caller gets "upstream unavailable" rather than a fallback that cannot work.
                channel.close()
                raise ProxyError("the upstream server exited during start-up")
            self._modern[name] = modern
            if not modern:
                log.info("upstream %r speaks only the handshake protocol versions", name)
                channel.close()
                return None
        return channel

    # -- reaping ----------------------------------------------------------------------------------------

    def _start_reaper(self) -> None:
        with self._lock:
            if self._reaper is not None:
                return
            self._reaper = threading.Thread(
                target=self._reap_loop, args=(self._stop,), name="gw-modern-reaper", daemon=True
            )
        self._reaper.start()

    def _reap_loop(self, stop: threading.Event) -> None:
        interval = min(30.0, max(0.05, self._gateway.session_idle_timeout_s / 4))
        while not stop.wait(interval):
            self.reap()

    def reap(self) -> None:
        """End connections idle longer than the idle timeout, and forget those whose upstream ended."""
        now = time.monotonic()
        idle_limit = self._gateway.session_idle_timeout_s
        with self._lock:
            ended = [
                (key, channel) for key, channel in self._channels.items()
                if not channel.alive or (not channel.busy and now - channel.last_used > idle_limit)
            ]  # fmt: skip
        for key, channel in ended:
            self._drop(key, channel)

    def _drop(self, key: Key, channel: ModernChannel) -> None:
        with self._lock:
            if self._channels.get(key) is channel:
                del self._channels[key]
        channel.close()

    def peek(self, name: str, identity: Identity) -> ModernChannel | None:
        """The caller's connection to ``name`` if one is open (operators and tests); never starts one."""
        with self._lock:
            return self._channels.get((name, identity))

    def connections(self) -> int:
        """Open connections (operators' gauge, and tests)."""
        with self._lock:
            return len(self._channels)

    def close(self) -> None:
        """End every connection and the reaper (blocking); later requests start afresh."""
        with self._lock:
            stop, self._stop, self._reaper = self._stop, threading.Event(), None
            channels = list(self._channels.items())
        stop.set()
        for key, channel in channels:
            self._drop(key, channel)

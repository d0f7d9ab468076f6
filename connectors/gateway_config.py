"""``gateway.yaml``: which upstream MCP servers the HTTP gateway exposes, validated with pydantic.

Example::

    upstreams:
      files:                      # exposed at /mcp/files
        command: [npx, -y, "@modelcontextprotocol/server-filesystem", /srv/shared]
        connector: filesystem
      linear:
        url: https://mcp.linear.app/mcp
        headers_from_env: {Authorization: LINEAR_AUTHORIZATION}
        connector: linear
      clinic-jira:
        command: [uvx, mcp-atlassian]
        env_from: [JIRA_URL, JIRA_USERNAME, JIRA_API_TOKEN]
        connector: jira
        phi: true                 # every finding from this deployment is health data

Credentials are never written in this file: ``env_from`` and ``headers_from_env`` name
environment variables of the gateway process whose values are passed on.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from dlp.errors import ConfigError

_NAME = r"^[a-z0-9][a-z0-9_-]{0,62}$"


class UpstreamConfig(BaseModel):
    """One upstream server: a stdio command the gateway starts per session, or a remote URL."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    command: tuple[str, ...] | None = Field(default=None, min_length=1)
    #: Names of gateway environment variables passed to the command (PATH and HOME always are).
    env_from: tuple[str, ...] = ()
    #: Non-secret settings for the command.
    env: dict[str, str] = Field(default_factory=dict)
    cwd: Path | None = None
    url: str | None = Field(default=None, pattern=r"^https?://")
    #: HTTP header name -> gateway environment variable holding its value (remote upstreams).
    headers_from_env: dict[str, str] = Field(default_factory=dict)
    connector: str | None = None
    phi: bool = False
    tags: tuple[str, ...] = ()
    upstream_timeout_s: float = Field(default=300.0, gt=0)

    @model_validator(mode="after")
    def _one_transport(self) -> UpstreamConfig:
        if (self.command is None) == (self.url is None):
            raise ValueError("give exactly one of `command` (stdio) or `url` (Streamable HTTP)")
        return self


class GatewayConfig(BaseModel):
    """The gateway: named upstreams, and limits on sessions and stateless connections.

    ``session_idle_timeout_s`` and ``max_sessions`` apply to handshake-era sessions and, apart,
    to stateless connections (one per upstream and caller); the idle timeout is also how long a
    sealed ``requestState`` stays valid.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    upstreams: dict[str, UpstreamConfig]
    #: Sessions idle longer than this are ended (their stdio upstream is stopped).
    session_idle_timeout_s: float = Field(default=900.0, gt=0)
    max_sessions: int = Field(default=64, gt=0)
    #: Sessions one caller may hold at once, so one agent (or one leaked key) cannot take them all.
    max_sessions_per_caller: int = Field(default=16, gt=0)
    #: Browser origins allowed to call the gateway; a request with any other Origin is refused.
    allowed_origins: tuple[str, ...] = ()
    #: Stateless requests: an answer still pending after this many seconds goes out as an SSE
    #: stream kept open with comment lines (so proxies with idle timeouts do not cut it).
    sse_keepalive_s: float = Field(default=15.0, gt=0)

    @model_validator(mode="after")
    def _names(self) -> GatewayConfig:
        import re  # noqa: PLC0415

        bad = [name for name in self.upstreams if not re.match(_NAME, name)]
        if bad:
            raise ValueError(f"upstream names must match {_NAME}: {bad}")
        return self


def load_gateway_config(path: Path) -> GatewayConfig:
    """Read and validate ``gateway.yaml``; ConfigError names the key, never a value."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        return GatewayConfig.model_validate(data)
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"{path}: cannot read gateway config ({type(exc).__name__})") from None
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        raise ConfigError(f"{path}: invalid gateway config: {problems}") from None

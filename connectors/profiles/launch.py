"""How a connector's MCP server is started or reached, and what was checked about it.

A :class:`Launch` names its package the way a registry does (``npm:@scope/name``,
``pypi:name``, ``oci:registry/image``) so that the command line can be checked against it: an
``npx``, ``uvx`` or ``docker run`` launch must start the package it names. Environment variables
are listed by name only; a profile never holds a credential. :class:`Verification` records what
a maintainer read in the registry (``npm view``/``npm pack``, ``pip download``) and on which day,
so that stale launch lines can be found by date.
"""

from __future__ import annotations

import datetime
import re
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

# Registry naming rules: npm's (lower case, optional @scope/), PEP 508 names, OCI references.
_NPM = r"(?:@[a-z0-9][a-z0-9._~-]*/)?[a-z0-9][a-z0-9._~-]*"
_PYPI = r"[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?"
_OCI = r"[a-z0-9][a-z0-9.-]*(?::[0-9]+)?(?:/[a-z0-9][a-z0-9._-]*)+"
PACKAGE_PATTERN = rf"^(?:npm:{_NPM}|pypi:{_PYPI}|oci:{_OCI})$"
_VERSION = r"[0-9A-Za-z][0-9A-Za-z.+_-]*"
RELEASE_PATTERN = rf"^(?:npm:{_NPM}|pypi:{_PYPI}|oci:{_OCI})@{_VERSION}$"
ENV_NAME_PATTERN = r"^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*$"

EnvName = Annotated[str, StringConstraints(pattern=ENV_NAME_PATTERN)]


class _Strict(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Verification(_Strict):
    """What was checked against the package registry for a launch line, and when."""

    #: ``package@version`` the registry served when checked (``npm:mcp-remote@0.15.1``); None when
    #: the registry could not be reached and only the vendor's published sources were read.
    release: str | None = Field(default=None, pattern=RELEASE_PATTERN)
    #: The day of the check.
    date: datetime.date
    #: ok: the launch line was right; fixed: it (or the tool names) had to be corrected;
    #: deprecated: the package still runs but its maintainer has given it up (see ``deprecated``).
    status: Literal["ok", "fixed", "deprecated"]
    #: What was read (registry commands, files of the package) and what was corrected.
    evidence: str = Field(min_length=1)


class Launch(_Strict):
    """How the connector's MCP server is started (stdio) or reached (remote URL)."""

    command: str | None = Field(default=None, description="Executable, e.g. npx.")
    args: tuple[str, ...] = ()
    #: Names of the environment variables the server reads (credentials, settings); never values.
    env: tuple[EnvName, ...] = ()
    #: Remote Streamable HTTP endpoint when the vendor hosts the server.
    url: str | None = Field(default=None, pattern=r"^https://[^\s/]+(?:/\S*)?$")
    #: The package the command starts, as ``npm:NAME``, ``pypi:NAME`` or ``oci:IMAGE``.
    package: str | None = Field(default=None, pattern=PACKAGE_PATTERN)
    #: How to authenticate and other caveats, in prose.
    notes: str = ""
    #: Set when the package's maintainer has given it up: why, and what replaces it.
    deprecated: str | None = None
    #: The last check of this launch line against the registry.
    verified: Verification | None = None

    @model_validator(mode="after")
    def _consistent(self) -> Launch:
        """The command starts the named package; the verification names the same package."""
        if self.command is None and self.args:
            raise ValueError("args without a command")
        if self.package is not None and not _starts(self.command, self.args, self.package):
            raise ValueError(f"{self.command} {' '.join(self.args)} does not start {self.package}")
        check = self.verified
        if check is not None:
            if check.release is not None and check.release.rpartition("@")[0] != self.package:
                raise ValueError(f"verified.release {check.release} is not a release of {self.package}")
            if (check.status == "deprecated") != (self.deprecated is not None):
                raise ValueError("verified.status deprecated and launch.deprecated go together")
        return self

    def argv(self) -> list[str]:
        """The command line, or an empty list for a remote-only connector."""
        return [self.command, *self.args] if self.command else []


def _starts(command: str | None, args: tuple[str, ...], package: str) -> bool:
    """Whether the launcher ``command`` runs ``package`` (other launchers are not second-guessed)."""
    registry, _, name = package.partition(":")
    launcher = {"npx": "npm", "uvx": "pypi", "docker": "oci"}.get(command or "")
    if launcher is None:
        return True
    if launcher != registry:
        return False
    if registry == "oci":
        # docker run [options] IMAGE[:tag] [args]: the image may carry a tag or digest.
        return any(re.fullmatch(rf"{re.escape(name)}(?:[:@]\S+)?", arg) for arg in args)
    if registry == "pypi":
        # uvx NAME, uvx NAME@version, or uvx --from NAME command.
        wanted = re.compile(rf"{re.escape(name)}(?:[@=<>~!].*)?", re.IGNORECASE)
        return any(wanted.fullmatch(arg) for arg in args)
    return any(re.fullmatch(rf"{re.escape(name)}(?:@\S+)?", arg) for arg in args)

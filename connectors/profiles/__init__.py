"""Connector profiles: how each SaaS MCP server is launched, how sensitive its data is, what its fields mean.

A profile is a YAML file beside this module (``jira.yaml``); :func:`load_profile` validates it
into a frozen :class:`Profile`. Field hints are globs over the walker's field names and
``parent.field`` tails: ``free_text`` fields are prose worth running NER on, ``identifiers``
are keys and ids that never are. ``policy_overlay`` holds policy rules a deployment of this
connector should put in front of its policy (see :meth:`Profile.overlay_yaml`).
"""

from __future__ import annotations

import fnmatch
from functools import cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from dlp.connectors.profiles.launch import Launch as Launch
from dlp.connectors.profiles.launch import Verification as Verification
from dlp.errors import ConfigError, PolicyError
from dlp.policy import load_policy_text
from dlp.policy.model import Rule

PROFILE_DIR = Path(__file__).resolve().parent
_TAGS = ("PII", "PHI", "PCI", "SECRET", "SOURCE_CODE", "CONFIDENTIAL")


class _Strict(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class FieldHints(_Strict):
    """Which result fields are prose and which are identifiers (globs, case-insensitive)."""

    free_text: tuple[str, ...] = ()
    identifiers: tuple[str, ...] = ()

    def classify(self, field_name: str | None, field_path_tail: str | None) -> bool | None:
        """True for prose, False for an identifier, None when the profile does not say."""
        names = [n.lower() for n in (field_path_tail, field_name) if n]
        for globs, verdict in ((self.identifiers, False), (self.free_text, True)):
            if any(fnmatch.fnmatchcase(n, g.lower()) for n in names for g in globs):
                return verdict
        return None


class Profile(_Strict):
    """One connector profile."""

    name: str = Field(pattern=r"^[a-z][a-z0-9-]*$")
    title: str
    description: str = ""
    launch: Launch
    #: Data classes this connector's data usually carries (PII, PHI, PCI, SECRET, SOURCE_CODE).
    tags: tuple[str, ...] = ()
    #: Set by a deployment (``--phi`` or gateway ``phi: true``): every finding is health data.
    phi: bool = False
    fields: FieldHints = FieldHints()
    #: Main tools, for documentation and fixtures.
    tools: tuple[str, ...] = ()
    #: Resource URI globs the agent may read through this connector; empty means any. A
    #: ``resources/read`` or ``resources/subscribe`` outside them is blocked and raises an alert.
    resource_scope: tuple[str, ...] = ()
    policy_overlay: tuple[Rule, ...] = ()

    def effective_tags(self, *, phi: bool = False) -> tuple[str, ...]:
        """The tags an :class:`~dlp.context.InspectContext` gets for this deployment."""
        tags = set(self.tags)
        if phi or self.phi:
            tags.add("PHI")
        return tuple(sorted(tags))

    def overlay_yaml(self) -> str:
        """The overlay rules as policy YAML, to paste above a policy's own rules."""
        rules = [
            r.model_dump(mode="json", exclude_none=True, exclude_defaults=True) for r in self.policy_overlay
        ]
        for dumped, rule in zip(rules, self.policy_overlay, strict=True):
            dumped.setdefault("match", {})
            dumped["action"] = rule.action.value
        return yaml.safe_dump({"rules": rules}, sort_keys=False)


@cache
def profile_names() -> tuple[str, ...]:
    """Names of the shipped profiles."""
    return tuple(sorted(p.stem for p in PROFILE_DIR.glob("*.yaml")))


@cache
def load_profile(name: str) -> Profile:
    """The shipped profile ``name``; ConfigError (with close names) when there is none."""
    path = PROFILE_DIR / f"{name}.yaml"
    if not name.replace("-", "").isalnum() or not path.is_file():
        close = fnmatch.filter(profile_names(), f"*{name[:3]}*") if name else []
        hint = f"; did you mean {', '.join(close)}?" if close else "; see `connectors list`"
        raise ConfigError(f"no connector profile named {name!r}{hint}")
    return load_profile_file(path)


def load_profile_file(path: Path) -> Profile:
    """Validate one profile YAML file."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        profile = Profile.model_validate(data)
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"{path.name}: cannot read profile ({type(exc).__name__})") from None
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        raise ConfigError(f"{path.name}: invalid profile: {problems}") from None
    unknown = sorted(set(profile.tags) - set(_TAGS))
    if unknown:
        raise ConfigError(f"{path.name}: unknown tags {unknown}; use {', '.join(_TAGS)}")
    if profile.name != path.stem:
        raise ConfigError(f"{path.name}: profile name {profile.name!r} must match the file name")
    if profile.policy_overlay:
        # The policy loader's semantic checks (path glob syntax, entity names) apply to overlays too.
        try:
            load_policy_text(f"name: {profile.name}-overlay\n{profile.overlay_yaml()}", source=path.name)
        except PolicyError as exc:
            raise ConfigError(f"{path.name}: invalid policy_overlay: {exc}") from None
    return profile


def load_all_profiles() -> tuple[Profile, ...]:
    """Every shipped profile, by name."""
    return tuple(load_profile(n) for n in profile_names())


def overlaid_policy_text(base_policy_yaml: str, profiles: tuple[Profile, ...]) -> str:
    """``base_policy_yaml`` with the profiles' overlay rules put in front of its own rules.

    Overlay rules come first because policies are first-match: a connector's stricter rule must
    see its findings before the base policy's general ones. Comments of the base are not kept.
    """
    document = yaml.safe_load(base_policy_yaml)
    if not isinstance(document, dict):
        raise ConfigError("the base policy must be a mapping")
    overlay = [yaml.safe_load(p.overlay_yaml())["rules"] for p in profiles]
    document["rules"] = [rule for rules in overlay for rule in rules] + list(document.get("rules") or [])
    return yaml.safe_dump(document, sort_keys=False)


def free_text_hint(connector: str | None, field_name: str | None, field_path_tail: str | None) -> bool | None:
    """The profile's verdict on one slot: True prose, False identifier, None unknown.

    Meant for the engine's ``ScanContext.free_text`` (see the report on wiring it in): profiles
    are loaded once and cached, and an unknown connector has no hints.
    """
    if connector is None or connector not in profile_names():
        return None
    return load_profile(connector).fields.classify(field_name, field_path_tail)

"""Connector profiles shape inspection: field hints decide where NER runs, overlays come first."""

from __future__ import annotations

from pathlib import Path

from dlp.config import Config
from dlp.connectors.profiles import free_text_hint, load_profile
from dlp.connectors.wrap import connector_policy
from dlp.engine_detect import _scan_context
from dlp.walker import Slot


def slot(field: str, tail: str, text: str = "Looks fine to me") -> Slot:
    return Slot(
        location=("result", "structuredContent", field), text=text, field_name=field, field_path_tail=tail
    )


def test_field_hints_reach_the_scan_context() -> None:
    prose = _scan_context(slot("description", "fields.description"), "jira", free_text_hint)
    identifier = _scan_context(slot("key", "issue.key", "OPS-1234"), "jira", free_text_hint)
    unknown = _scan_context(slot("colour", "fields.colour"), "jira", free_text_hint)
    no_profile = _scan_context(slot("description", "fields.description"), None, free_text_hint)
    assert (prose.free_text, identifier.free_text, unknown.free_text, no_profile.free_text) == (
        True,
        False,
        None,
        None,
    )
    number = Slot(("result", "n"), "123456789", "description", "fields.description", is_number=True)
    assert _scan_context(number, "jira", free_text_hint).free_text is False, "numbers are never prose"


def test_overlay_rules_are_evaluated_before_the_base_policy(tmp_path: Path) -> None:
    profile = load_profile("jira")
    policy = connector_policy(Config(data_dir=tmp_path), profile)
    overlay_ids = [rule.id for rule in profile.policy_overlay]
    assert overlay_ids and [rule.id for rule in policy.rules][: len(overlay_ids)] == overlay_ids
    assert "jira overlay" in policy.source

"""The shipped policies load and say what their comments claim; the committed schema is current."""

from __future__ import annotations

import hashlib
import json
from importlib import resources
from pathlib import Path

import pytest

from dlp.context import Direction, InspectContext
from dlp.decision import Action
from dlp.entities import ENTITIES, DataClass
from dlp.policy import (
    OnError,
    Policy,
    PolicyDocument,
    default_policy,
    load_policy_text,
    packaged_policy,
    packaged_policy_names,
    schema_text,
    write_schema,
)
from dlp.policy.model import MaskDefaults, Match, Rule
from tests.policy.helpers import finding

ROOT = Path(__file__).resolve().parents[2]
RESPONSE = InspectContext()
REQUEST = InspectContext(direction=Direction.REQUEST)


def test_all_shipped_policies_load() -> None:
    names = packaged_policy_names()
    assert {"default.yaml", "hipaa.yaml", "pci.yaml"} <= set(names)
    for name in names:
        policy = packaged_policy(name)
        assert policy.on_error is OnError.BLOCK
        assert policy.source == f"dlp.policies:{name}"


def test_default_policy_is_the_packaged_file() -> None:
    raw = resources.files("dlp.policies").joinpath("default.yaml").read_bytes()
    assert default_policy().sha256 == hashlib.sha256(raw).hexdigest()
    assert default_policy().name == "default"


def act(policy: Policy, entity: str, context: InspectContext = RESPONSE, **kwargs: object) -> Action:
    return policy.decide([finding(entity, **kwargs)], context).actions[0].action  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("entity", "context", "expected"),
    [
        ("SECRET", RESPONSE, Action.REDACT),
        ("SECRET", REQUEST, Action.REDACT),
        ("CARD_TRACK_DATA", RESPONSE, Action.BLOCK),
        ("CARD_CVV", RESPONSE, Action.REDACT),
        ("CREDIT_CARD", RESPONSE, Action.MASK),
        ("IBAN_CODE", RESPONSE, Action.MASK),
        ("US_SSN", RESPONSE, Action.REDACT),
        ("US_SSN", REQUEST, Action.REDACT),
        ("UK_NINO", RESPONSE, Action.REDACT),
        ("MEDICAL_RECORD_NUMBER", RESPONSE, Action.REDACT),
        ("EMAIL_ADDRESS", RESPONSE, Action.HASH),
        ("EMAIL_ADDRESS", REQUEST, Action.ALLOW),
        ("PHONE_NUMBER", RESPONSE, Action.MASK),
        ("DATE_OF_BIRTH", RESPONSE, Action.REDACT),
        ("PERSON", RESPONSE, Action.ALLOW),
        ("ORGANIZATION", RESPONSE, Action.ALLOW),
        ("LOCATION", RESPONSE, Action.ALLOW),
        ("IP_ADDRESS", RESPONSE, Action.ALLOW),
        ("SOURCE_CODE", RESPONSE, Action.ALLOW),
        ("CRYPTO_WALLET", RESPONSE, Action.REDACT),
        ("CARD_EXPIRY", RESPONSE, Action.REDACT),
    ],
)
def test_default_policy_table(entity: str, context: InspectContext, expected: Action) -> None:
    assert act(default_policy(), entity, context) is expected


def test_default_policy_redacts_names_in_health_context() -> None:
    policy = default_policy()
    assert act(policy, "PERSON", data_class=DataClass.PHI) is Action.REDACT
    assert act(policy, "PERSON", InspectContext(connector_tags=("PHI",))) is Action.REDACT


@pytest.mark.parametrize(
    ("entity", "context", "data_class", "expected"),
    [
        ("MEDICAL_RECORD_NUMBER", RESPONSE, None, Action.TOKENIZE),
        ("HEALTH_PLAN_ID", RESPONSE, None, Action.TOKENIZE),
        ("PERSON", RESPONSE, DataClass.PHI, Action.TOKENIZE),
        ("PERSON", RESPONSE, None, Action.ALLOW),
        ("EMAIL_ADDRESS", RESPONSE, DataClass.PHI, Action.REDACT),
        ("ICD10_CODE", RESPONSE, None, Action.REDACT),
        ("NPI", RESPONSE, None, Action.ALLOW),
        ("SECRET", REQUEST, None, Action.REDACT),
        ("CARD_TRACK_DATA", RESPONSE, None, Action.BLOCK),
        ("US_SSN", RESPONSE, None, Action.REDACT),
    ],
)
def test_hipaa_policy_table(
    entity: str, context: InspectContext, data_class: DataClass | None, expected: Action
) -> None:
    assert act(packaged_policy("hipaa.yaml"), entity, context, data_class=data_class) is expected


@pytest.mark.parametrize(
    ("entity", "context", "expected"),
    [
        ("CREDIT_CARD", RESPONSE, Action.MASK),
        ("CREDIT_CARD", REQUEST, Action.BLOCK),
        ("CARD_TRACK_DATA", RESPONSE, Action.BLOCK),
        ("CARD_CVV", RESPONSE, Action.REDACT),
        ("CARD_CVV", REQUEST, Action.BLOCK),
        ("IBAN_CODE", RESPONSE, Action.TOKENIZE),
        ("SECRET", REQUEST, Action.REDACT),
        ("PERSON", RESPONSE, Action.ALLOW),
    ],
)
def test_pci_policy_table(entity: str, context: InspectContext, expected: Action) -> None:
    assert act(packaged_policy("pci.yaml"), entity, context) is expected


def test_pci_card_mask_keeps_last_four() -> None:
    item = packaged_policy("pci.yaml").decide([finding("CREDIT_CARD")], RESPONSE).actions[0]
    assert item.keep_last == 4


def test_committed_schema_is_up_to_date() -> None:
    committed = (ROOT / "policies" / "policy.schema.json").read_text(encoding="utf-8")
    assert committed == schema_text(), "regenerate: .venv/bin/python -m dlp.policy"


def test_write_schema_round_trips(tmp_path: Path) -> None:
    target = tmp_path / "schema.json"
    write_schema(target)
    schema = json.loads(target.read_text(encoding="utf-8"))
    assert schema["additionalProperties"] is False
    assert schema["required"] == ["name"]
    entity_enum = schema["$defs"]["Match"]["properties"]["entities"]["anyOf"][0]["items"]["anyOf"][0]["enum"]
    assert entity_enum == sorted(ENTITIES)


def test_reference_documents_every_key() -> None:
    reference = (ROOT / "docs" / "policy.md").read_text(encoding="utf-8")
    for model in (PolicyDocument, Rule, Match, MaskDefaults):
        for key in model.model_fields:
            assert f"`{key}`" in reference, f"docs/policy.md does not mention {model.__name__}.{key}"


def test_the_commented_tool_access_example_in_the_default_policy_is_valid() -> None:
    text = resources.files("dlp.policies").joinpath("default.yaml").read_text(encoding="utf-8")
    uncommented = text.replace("# tool_access:", "tool_access:").replace("\n#   ", "\n  ")
    policy = load_policy_text(uncommented, source="default.yaml, example uncommented")
    assert [entry.id for entry in policy.document.tool_access] == [
        "everyone-reads",
        "support-writes",
        "admins",
    ]
    assert policy.tool_access("get_ticket", (), "zendesk") == "everyone-reads"
    assert policy.tool_access("update_ticket", ("support-agent",), "zendesk") == "support-writes"
    assert policy.tool_access("update_ticket", ("support-agent",), "slack") is None

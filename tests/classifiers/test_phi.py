"""PHI rules and the health-context lexicon."""

from __future__ import annotations

import pytest

from dlp.classifiers import phi
from dlp.classifiers.phi import has_health_context
from dlp.entities import ENTITIES, DataClass
from tests.classifiers.helpers import spans

POSITIVES: list[tuple[str, str, str, str | None]] = [
    ("MRN: 00123456", "MEDICAL_RECORD_NUMBER", "00123456", None),
    ("medical record number MR-4455667", "MEDICAL_RECORD_NUMBER", "MR-4455667", None),
    ("7788990", "MEDICAL_RECORD_NUMBER", "7788990", "patient_mrn"),
    ("NPI 1234567893", "NPI", "1234567893", None),
    ("rendering provider 1245319599", "NPI", "1245319599", None),
    ("1234567893", "NPI", "1234567893", "npi"),
    ("DEA AB1234563", "DEA_NUMBER", "AB1234563", None),
    ("prescriber BJ6125341 signed", "DEA_NUMBER", "BJ6125341", None),
    ("Dx E11.9 type 2 diabetes", "ICD10_CODE", "E11.9", None),
    ("coded as S72.001A at intake", "ICD10_CODE", "S72.001A", None),
    ("diagnosis code J45 noted", "ICD10_CODE", "J45", None),
    ("icd-10 V12.1", "ICD10_CODE", "V12.1", None),
    ("MBI 1EG4-TE5-MK73", "US_MBI", "1EG4-TE5-MK73", None),
    ("medicare 1EG4TE5MK73", "US_MBI", "1EG4TE5MK73", None),
    ("Member ID: XYZ123456789", "HEALTH_PLAN_ID", "XYZ123456789", None),
    ("subscriber id W123456789", "HEALTH_PLAN_ID", "W123456789", None),
    ("987654321", "HEALTH_PLAN_ID", "987654321", "memberId"),
]

NEGATIVES: list[tuple[str, str, str | None]] = [
    ("invoice 00123456 paid", "MEDICAL_RECORD_NUMBER", None),
    ("ts 1700000001 recorded", "NPI", None),
    ("NPI 1234567890", "NPI", None),
    ("DEA AB1234567", "DEA_NUMBER", None),
    ("SKU IA1234563 restocked", "DEA_NUMBER", None),
    ("release v12.1 and V12.1 of the SDK", "ICD10_CODE", None),
    ("seat A12 row B34", "ICD10_CODE", None),
    ("instance type M5.large", "ICD10_CODE", None),
    ("MBI 1SG4-TE5-MK73", "US_MBI", None),
    ("MBI 0EG4-TE5-MK73", "US_MBI", None),
    ("order 123456789 shipped", "HEALTH_PLAN_ID", None),
    ("Stripe plan id 12345678 upgraded", "HEALTH_PLAN_ID", None),
    ("chart 123456 rendered on the dashboard", "MEDICAL_RECORD_NUMBER", None),
    ("record number 1234567 updated in Salesforce", "MEDICAL_RECORD_NUMBER", None),
]


@pytest.mark.parametrize(("text", "entity", "expected", "field"), POSITIVES)
def test_positive(text: str, entity: str, expected: str, field: str | None) -> None:
    assert expected in spans(text, entity, field)


@pytest.mark.parametrize(("text", "entity", "field"), NEGATIVES)
def test_negative(text: str, entity: str, field: str | None) -> None:
    assert spans(text, entity, field) == set()


def test_every_phi_entity_has_a_rule() -> None:
    wanted = {e for e, (dc, _) in ENTITIES.items() if dc is DataClass.PHI}
    assert wanted <= {rule.entity for rule in phi.RULES}
    assert all(rule.name.startswith("phi.") for rule in phi.RULES)


@pytest.mark.parametrize(
    "text",
    [
        "Patient was diagnosed with type 2 diabetes and prescribed metformin 500 mg twice daily.",
        "Pt presented with chest pain; BP 150/95, hypertension noted.",
        "Lab results: HbA1c 7.2%, LDL cholesterol 130 mg/dL",
        "Patient allergies: penicillin. Diagnosis pending.",
        "Discharge summary for bed 4: patient stable",
        "Refill sertraline 50mg",
        "The patient's symptoms improved after therapy",
        "ICD-10 F32.A recorded at the visit",
    ],
)
def test_clinical_text_has_health_context(text: str) -> None:
    assert has_health_context(text)


@pytest.mark.parametrize(
    "text",
    [
        "Called the client, discussed pricing; they'll be patient with the rollout.",
        "Q3 renewal with the hospital and clinic network is on track, 250 seats.",
        "Diagnosis of the outage: the cache node ran out of memory.",
        "Health check failed on pod web-1; restarting.",
        "Deploy the prescribed config format to staging.",
        "commit a1c3f09 fixed the MRI viewer build",
        "Sales note: demo went well, follow up with Dr. Patel's office about the contract.",
        "We shipped 500 units to the medical devices distributor",
    ],
)
def test_ordinary_text_has_no_health_context(text: str) -> None:
    assert not has_health_context(text)

"""PHI pattern rules (health identifiers) and the health-context test used to elevate PII to PHI.

HIPAA's identifiers that are not generic PII (record numbers, provider and plan ids, diagnosis
codes) are matched here. :func:`has_health_context` decides whether a text is clinical, so the
engine can treat a name or date of birth inside it as PHI.
"""

from __future__ import annotations

import re

from dlp.classifiers.checksums import MBI_LETTERS, dea_valid, npi_valid, us_mbi_valid
from dlp.classifiers.patterns import PatternRule

_MBI_L = "[" + MBI_LETTERS + "]"
_MBI_AN = "[0-9" + MBI_LETTERS + "]"
_ICD_TAIL = "[0-9A-TV-Z]"

RULES: tuple[PatternRule, ...] = (
    PatternRule(
        name="phi.medical_record_number",
        entity="MEDICAL_RECORD_NUMBER",
        regex=r"(?<![\w.-])(?P<value>[A-Z]{0,3}-?\d{5,12})(?![\w-]|[.,]\d)",
        score=0.5,
        context_score=0.85,
        context=(
            "mrn",
            "medical record",
            "med rec",
            "patient id",
            "patient number",
            "patient no",
            "chart number",
            "chart no",
            "hospital number",
            "hosp no",
        ),
        context_required=True,
        context_window=(32, 8),
        source="Facility-assigned record numbers have no standard shape: context only",
    ),
    PatternRule(
        name="phi.npi",
        entity="NPI",
        regex=r"(?<![\w.+-])(?P<value>[12]\d{9})(?![\w-]|[.,]\d)",
        score=0.4,
        context_score=0.9,
        validator=npi_valid,
        context=(
            "npi",
            "national provider",
            "provider id",
            "provider number",
            "prescriber",
            "physician",
            "rendering provider",
            "billing provider",
        ),
        source="CMS NPI check digit: Luhn over 80840 + first nine digits",
    ),
    PatternRule(
        name="phi.dea_number",
        entity="DEA_NUMBER",
        regex=r"(?<![\w-])(?P<value>[ABCDEFGHJKLMPRSTUX][A-Z9]\d{7})(?![\w-])",
        score=0.7,
        context_score=0.95,
        validator=dea_valid,
        context=("dea", "prescriber", "registration", "controlled substance"),
        source="DEA registration number: registrant type, initial, 7-digit checksum",
    ),
    PatternRule(
        name="phi.icd10_code",
        entity="ICD10_CODE",
        # Dotted codes only; V (transport accidents) is left to the context rule because
        # "V12.1" is far more often a version.
        regex=r"(?<![\w.-])(?P<value>[A-TW-Z]\d[0-9AB]\." + _ICD_TAIL + r"{1,4})(?![\w.-])",
        score=0.5,
        context_score=0.9,
        context=("icd", "diagnosis", "diagnosed", "dx", "diag", "condition", "code"),
        source="ICD-10-CM: category letter, two characters, dot, up to four more",
    ),
    PatternRule(
        name="phi.icd10_code_context",
        entity="ICD10_CODE",
        regex=(
            r"(?<![\w.-])(?P<value>V\d[0-9AB]\."
            + _ICD_TAIL
            + r"{1,4}|[A-TV-Z]\d[0-9AB]"
            + _ICD_TAIL
            + r"{0,4})(?![\w.-])"
        ),
        score=0.45,
        context_score=0.85,
        context=("icd", "diagnosis", "diagnosed", "dx", "diag"),
        context_required=True,
        context_window=(32, 16),
        source="ICD-10 codes without the dot, only next to a diagnosis keyword",
    ),
    PatternRule(
        name="phi.us_mbi",
        entity="US_MBI",
        regex=(
            r"(?<![\w-])(?P<value>[1-9]"
            + _MBI_L
            + _MBI_AN
            + r"\d-?"
            + _MBI_L
            + _MBI_AN
            + r"\d-?"
            + _MBI_L
            + "{2}"
            + r"\d{2})(?![\w-])"
        ),
        score=0.75,
        context_score=0.95,
        validator=us_mbi_valid,
        context=("medicare", "mbi", "beneficiary", "cms"),
        source="CMS Medicare Beneficiary Identifier format specification",
    ),
    PatternRule(
        name="phi.health_plan_id",
        entity="HEALTH_PLAN_ID",
        regex=r"(?<![\w.-])(?P<value>[A-Z]{0,4}-?\d{6,14})(?![\w-]|[.,]\d)",
        score=0.45,
        context_score=0.8,
        context=(
            "member id",
            "member number",
            "member #",
            "member no",
            "subscriber id",
            "subscriber number",
            "health plan",
            "insurance id",
            "beneficiary id",
            "medicaid",
            "health insurance",
            "insured id",
        ),
        context_required=True,
        context_window=(32, 8),
        source="Payer-assigned member ids have no standard shape: context only",
    ),
)

# Health-context lexicon. Strong terms are clinical on their own; clinical terms need a second
# signal ("the patient was diagnosed"); setting words (hospital, clinic) only count half, so a
# sales note about a hospital customer stays ordinary text.
_STRONG_TERMS = (
    "diagnosed with", "medical record", "medical history", "lab results", "blood pressure", "blood test",
    "discharge summary", "chief complaint", "icd-10", "icd10", "hba1c", "a1c", "hipaa", "ct scan",
    "mri scan", "biopsy", "chemotherapy", "radiotherapy", "oncology", "hypertension", "diabetes",
    "diabetic", "asthma", "copd", "pneumonia", "carcinoma", "tumor", "tumour", "metastatic", "hiv",
    "hepatitis", "schizophrenia", "bipolar disorder", "dementia", "alzheimer", "epilepsy",
    "myocardial infarction", "arrhythmia", "sepsis", "cholesterol", "insulin", "metformin",
    "lisinopril", "atorvastatin", "amlodipine", "levothyroxine", "omeprazole", "albuterol",
    "amoxicillin", "azithromycin", "prednisone", "gabapentin", "sertraline", "fluoxetine", "warfarin",
    "oxycodone", "hydrocodone", "morphine", "losartan", "simvastatin", "metoprolol",
    "hydrochlorothiazide", "mrn", "medicare", "medicaid", "prognosis", "comorbid", "chronic kidney",
    "cardiology",
)  # fmt: skip
_CLINICAL_TERMS = (
    "patient", "diagnosis", "prescribed", "prescription", "medication", "dosage", "symptom",
    "treatment", "allergy", "allergic", "allergies", "surgery", "therapy", "admitted", "discharged",
    "pregnant", "pregnancy", "depression", "anxiety", "fracture", "infection", "physician", "nurse",
    "vaccine", "vaccination",
)  # fmt: skip
_SETTING_TERMS = ("hospital", "clinic", "doctor", "pharmacy", "health", "medical", "dr.")


def _lexicon(terms: tuple[str, ...]) -> re.Pattern[str]:
    alternation = "|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True))
    # Whole words (plurals allowed): "a1c" must not fire inside a hex id like "a1c3f09".
    return re.compile(rf"(?<![a-z0-9])(?:{alternation})(?:s|es)?(?![a-z0-9])", re.IGNORECASE)


_STRONG = _lexicon(_STRONG_TERMS)
_CLINICAL = _lexicon(_CLINICAL_TERMS)
_SETTING = _lexicon(_SETTING_TERMS)
# A dose ("500 mg", "10mcg") or a dotted ICD-10 code is a clinical signal, not proof alone.
_DOSE = re.compile(r"(?<![\w.])\d{1,4}(?:\.\d{1,2})?[ ]?(?:mg|mcg|µg|mmol/l|mg/dl|iu)\b", re.IGNORECASE)
_ICD = re.compile(r"(?<![\w.])[A-TW-Z]\d[0-9AB]\.[0-9A-TV-Z]{1,4}(?![\w.])", re.ASCII)
_THRESHOLD = 2.0
_SCAN_LIMIT = 200_000  # characters; clinical context shows up early in any real document


def has_health_context(text: str) -> bool:
    """Whether ``text`` reads as clinical: a strong term, or enough weaker signals together."""
    sample = text[:_SCAN_LIMIT]
    if _STRONG.search(sample):
        return True
    score = float(len({m.group().lower() for m in _CLINICAL.finditer(sample)}))
    score += 0.5 * len({m.group().lower() for m in _SETTING.finditer(sample)})
    score += 1.0 if _DOSE.search(sample) else 0.0
    score += 1.0 if _ICD.search(sample) else 0.0
    return score >= _THRESHOLD

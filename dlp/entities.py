"""Canonical entity names and the data class each belongs to.

These strings are a public contract: findings, policies, audit events and evaluation tools use
them verbatim. Where Presidio has a name for the same thing we use Presidio's. Never rename an
entry; add new ones.
"""

from __future__ import annotations

from enum import StrEnum


class DataClass(StrEnum):
    """Regulatory family a finding belongs to; policies can match on it instead of entities."""

    PII = "PII"
    PHI = "PHI"
    PCI = "PCI"
    SECRET = "SECRET"
    SOURCE_CODE = "SOURCE_CODE"


#: entity -> (data class, one-line description shown by `mcp-dlp entities` and in the README).
ENTITIES: dict[str, tuple[DataClass, str]] = {
    # Personal data (US, UK, EU, international)
    "PERSON": (DataClass.PII, "Person's name"),
    "ORGANIZATION": (DataClass.PII, "Organisation name (from NER; allowed by the default policy)"),
    "LOCATION": (DataClass.PII, "Place name: city, region, country (from NER)"),
    "EMAIL_ADDRESS": (DataClass.PII, "E-mail address"),
    "PHONE_NUMBER": (DataClass.PII, "Telephone number, international, validated with libphonenumber"),
    "STREET_ADDRESS": (DataClass.PII, "Postal street address"),
    "DATE_OF_BIRTH": (DataClass.PII, "Date next to birth context (dob, born, birthday)"),
    "IP_ADDRESS": (DataClass.PII, "IPv4 or IPv6 address"),
    "MAC_ADDRESS": (DataClass.PII, "IEEE 802 MAC address"),
    "US_SSN": (DataClass.PII, "US Social Security number (SSA validity rules)"),
    "US_ITIN": (DataClass.PII, "US Individual Taxpayer Identification Number"),
    "US_EIN": (DataClass.PII, "US Employer Identification Number (context)"),
    "US_PASSPORT": (DataClass.PII, "US passport number (context)"),
    "US_DRIVER_LICENSE": (DataClass.PII, "US driver's licence number (context)"),
    "UK_NINO": (DataClass.PII, "UK National Insurance number"),
    "UK_NHS": (DataClass.PII, "UK NHS number (mod-11 checksum)"),
    "CA_SIN": (DataClass.PII, "Canadian Social Insurance Number (Luhn)"),
    "ES_NIF": (DataClass.PII, "Spanish DNI/NIE/NIF (check letter)"),
    "IT_FISCAL_CODE": (DataClass.PII, "Italian codice fiscale (check character)"),
    "NL_BSN": (DataClass.PII, "Dutch citizen service number (11-test)"),
    "PL_PESEL": (DataClass.PII, "Polish PESEL (checksum)"),
    "FR_NIR": (DataClass.PII, "French social security number (mod-97 key)"),
    "SE_PERSONNUMMER": (DataClass.PII, "Swedish personal identity number (Luhn)"),
    # Payment and financial data
    "CREDIT_CARD": (DataClass.PCI, "Payment card number (Luhn and issuer ranges)"),
    "CARD_TRACK_DATA": (DataClass.PCI, "Magnetic-stripe track 1 or track 2 data"),
    "CARD_CVV": (DataClass.PCI, "Card verification value, only near card context"),
    "CARD_EXPIRY": (DataClass.PCI, "Card expiry date, only near card context"),
    "IBAN_CODE": (DataClass.PCI, "International Bank Account Number (mod-97, per-country length)"),
    "ABA_ROUTING_NUMBER": (DataClass.PCI, "US ABA routing transit number (checksum)"),
    "US_BANK_NUMBER": (DataClass.PCI, "US bank account number (context)"),
    "SWIFT_BIC": (DataClass.PCI, "SWIFT/BIC bank identifier code"),
    "CRYPTO_WALLET": (DataClass.PCI, "Bitcoin or Ethereum wallet address (checksum where defined)"),
    # Health data
    "MEDICAL_RECORD_NUMBER": (DataClass.PHI, "Medical record number (context)"),
    "NPI": (DataClass.PHI, "US National Provider Identifier (Luhn with the 80840 prefix)"),
    "DEA_NUMBER": (DataClass.PHI, "US DEA registration number (checksum)"),
    "ICD10_CODE": (DataClass.PHI, "ICD-10 diagnosis code"),
    "US_MBI": (DataClass.PHI, "US Medicare Beneficiary Identifier"),
    "HEALTH_PLAN_ID": (DataClass.PHI, "Health plan member or beneficiary id (context)"),
    # Credentials and code
    "SECRET": (DataClass.SECRET, "Credential, token, private key or password; `kind` names the provider"),
    "SOURCE_CODE": (DataClass.SOURCE_CODE, "Source file or code block; `kind` names the language"),
}

#: PII entities that describe a person and therefore become PHI when they sit in health context.
HEALTH_ELEVATED: frozenset[str] = frozenset(
    {
        "PERSON",
        "EMAIL_ADDRESS",
        "PHONE_NUMBER",
        "STREET_ADDRESS",
        "LOCATION",
        "DATE_OF_BIRTH",
        "US_SSN",
        "US_ITIN",
        "US_PASSPORT",
        "US_DRIVER_LICENSE",
        "UK_NINO",
        "UK_NHS",
        "CA_SIN",
        "IP_ADDRESS",
        "ES_NIF",
        "IT_FISCAL_CODE",
        "NL_BSN",
        "PL_PESEL",
        "FR_NIR",
        "SE_PERSONNUMMER",
    }
)


def data_class_of(entity: str) -> DataClass:
    """Data class of a canonical entity; custom (user-defined) entities count as PII."""
    known = ENTITIES.get(entity)
    return known[0] if known else DataClass.PII


def is_known(entity: str) -> bool:
    """Whether ``entity`` is one of the canonical names."""
    return entity in ENTITIES

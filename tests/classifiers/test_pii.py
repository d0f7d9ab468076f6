"""PII rules: positive and negative tables per entity, Faker values, context and field names."""

from __future__ import annotations

import phonenumbers
import pytest
from faker import Faker

from dlp.classifiers import pii
from dlp.entities import ENTITIES, DataClass
from tests.classifiers.helpers import best_score, spans

# (text, entity, the exact span expected, field name or None)
POSITIVES: list[tuple[str, str, str, str | None]] = [
    ("1001,Jane Roe,536-22-8147,2021-04-01", "US_SSN", "536-22-8147", None),
    ("ship to Mansgasse 200, 1010 Wien", "STREET_ADDRESS", "Mansgasse 200, 1010 Wien", None),
    (
        "Hans-Otto-van der Dussen-Straße 75, 85966 Pirmasens",
        "STREET_ADDRESS",
        "Hans-Otto-van der Dussen-Straße 75, 85966 Pirmasens",
        None,
    ),
    ("Adres: Noortjestraat 66, 8184 KP, Baarlo", "STREET_ADDRESS", "Noortjestraat 66, 8184 KP, Baarlo", None),
    (
        "livrer au 743, boulevard de Sanchez, 26135 BonnetVille",
        "STREET_ADDRESS",
        "743, boulevard de Sanchez, 26135 BonnetVille",
        None,
    ),
    (
        "Cañada Rosario Aroca 5 Puerta 9 , Salamanca, 06403",
        "STREET_ADDRESS",
        "Cañada Rosario Aroca 5 Puerta 9 , Salamanca, 06403",
        None,
    ),
    (
        "Via Salvemini, 1, 46020, Schivenoglia (MN)",
        "STREET_ADDRESS",
        "Via Salvemini, 1, 46020, Schivenoglia (MN)",
        None,
    ),
    ("mail to USNS Gutierrez, FPO AP 75449", "STREET_ADDRESS", "USNS Gutierrez, FPO AP 75449", None),
    ('"Phone": "0161 496 0730"', "PHONE_NUMBER", "0161 496 0730", None),
    ("please call me back on 04 97 40 50 75 after five", "PHONE_NUMBER", "04 97 40 50 75", None),
    ("Teléfono 926 89 83 66", "PHONE_NUMBER", "926 89 83 66", None),
    ("telefon 030 34801436", "PHONE_NUMBER", "030 34801436", None),
    ("0536 714583", "PHONE_NUMBER", "0536 714583", "phone"),
    ("Contact: jane.doe+jira@example.co.uk today", "EMAIL_ADDRESS", "jane.doe+jira@example.co.uk", None),
    ("reply to ops@mail.acme-corp.io.", "EMAIL_ADDRESS", "ops@mail.acme-corp.io", None),
    # Addresses next to URLs: only a URL's userinfo ("scheme://user:pw@host") is not an address.
    ("mailto:jane.roe@example.com", "EMAIL_ADDRESS", "jane.roe@example.com", None),
    ("from:jane.roe@example.com", "EMAIL_ADDRESS", "jane.roe@example.com", None),
    (
        "https://crm.example.com/contacts/jane.roe@example.com/edit",
        "EMAIL_ADDRESS",
        "jane.roe@example.com",
        None,
    ),
    ("https://app.example.com/invite?to=jane.roe@example.com", "EMAIL_ADDRESS", "jane.roe@example.com", None),
    ("// owner: jane.roe@example.com", "EMAIL_ADDRESS", "jane.roe@example.com", None),
    (
        "postgres://app:pw-42x@db.example.com/x owned by jane.roe@example.com",
        "EMAIL_ADDRESS",
        "jane.roe@example.com",
        None,
    ),
    (
        "redis://:pw-42x@cache:6379\\nowner=jane.roe@example.com",
        "EMAIL_ADDRESS",
        "jane.roe@example.com",
        None,
    ),
    ("Call (415) 555-2671 after lunch", "PHONE_NUMBER", "(415) 555-2671", None),
    ("mobile +44 20 7946 0958", "PHONE_NUMBER", "+44 20 7946 0958", None),
    ("tel: +33 1 42 68 53 00", "PHONE_NUMBER", "+33 1 42 68 53 00", None),
    ("E.164 +14155552671 on file", "PHONE_NUMBER", "+14155552671", None),
    ("office 212.555.0123 ext. 45", "PHONE_NUMBER", "212.555.0123 ext. 45", None),
    ("4155552671", "PHONE_NUMBER", "4155552671", "phone"),
    ("SSN: 536-22-5436", "US_SSN", "536-22-5436", None),
    ("employee 536 22 5436 was onboarded", "US_SSN", "536 22 5436", None),
    ("social security number 536225436", "US_SSN", "536225436", None),
    ("536225436", "US_SSN", "536225436", "ssn"),
    ("ITIN 912-70-1234", "US_ITIN", "912-70-1234", None),
    ("EIN 12-3456789", "US_EIN", "12-3456789", None),
    ("Passport No: C03005988", "US_PASSPORT", "C03005988", None),
    ("passport number 340020013", "US_PASSPORT", "340020013", None),
    ("Driver's license D1234567 exp 2027", "US_DRIVER_LICENSE", "D1234567", None),
    ("S530-4608-1234", "US_DRIVER_LICENSE", "S530-4608-1234", "driverLicenseNumber"),
    ("DOB: 1990-03-05", "DATE_OF_BIRTH", "1990-03-05", None),
    ("born on March 5th, 1990 in Ohio", "DATE_OF_BIRTH", "March 5th, 1990", None),
    ("Date of birth 05/03/1990", "DATE_OF_BIRTH", "05/03/1990", None),
    ("d.o.b 5 Mar 1990", "DATE_OF_BIRTH", "5 Mar 1990", None),
    ("1985-12-31", "DATE_OF_BIRTH", "1985-12-31", "birthDate"),
    ("ship to 1234 Main Street, Apt 5", "STREET_ADDRESS", "1234 Main Street, Apt 5", None),
    ("HQ: 500 W 2nd Ave, Seattle, WA 98119", "STREET_ADDRESS", "500 W 2nd Ave, Seattle, WA 98119", None),
    ("visit 742 Evergreen Terrace today", "STREET_ADDRESS", "742 Evergreen Terrace", None),
    ("5989 Heather Mission Suite 167", "STREET_ADDRESS", "5989 Heather Mission Suite 167", None),
    (
        "write to 10 Downing Street, London SW1A 2AA",
        "STREET_ADDRESS",
        "10 Downing Street, London SW1A 2AA",
        None,
    ),
    ("client ip 203.0.113.42 blocked", "IP_ADDRESS", "203.0.113.42", None),
    ("from 2001:db8:85a3::8a2e:370:7334 via proxy", "IP_ADDRESS", "2001:db8:85a3::8a2e:370:7334", None),
    ("peer fe80::1ff:fe23:4567:890a", "IP_ADDRESS", "fe80::1ff:fe23:4567:890a", None),
    ("blocked 2001:db8::1.", "IP_ADDRESS", "2001:db8::1", None),
    ("listening on 10.0.0.12:8443", "IP_ADDRESS", "10.0.0.12", None),
    ("hwaddr 00:1A:2B:3C:4D:5E", "MAC_ADDRESS", "00:1A:2B:3C:4D:5E", None),
    ("device 00-1a-2b-3c-4d-5e joined", "MAC_ADDRESS", "00-1a-2b-3c-4d-5e", None),
    ("switch port 001a.2b3c.4d5e", "MAC_ADDRESS", "001a.2b3c.4d5e", None),
    ("NI number AB 12 34 56 C", "UK_NINO", "AB 12 34 56 C", None),
    ("nino JG103759A", "UK_NINO", "JG103759A", None),
    ("NHS number 943 476 5919", "UK_NHS", "943 476 5919", None),
    ("nhs no. 9434765919", "UK_NHS", "9434765919", None),
    ("SIN: 130 692 544", "CA_SIN", "130 692 544", None),
    ("social insurance number 130692544", "CA_SIN", "130692544", None),
    ("DNI 12345678Z", "ES_NIF", "12345678Z", None),
    ("NIE X1234567L", "ES_NIF", "X1234567L", None),
    ("codice fiscale RSSMRA85T10A562S", "IT_FISCAL_CODE", "RSSMRA85T10A562S", None),
    ("BSN 111222333", "NL_BSN", "111222333", None),
    ("111222333", "NL_BSN", "111222333", "bsn"),
    ("PESEL 44051401359", "PL_PESEL", "44051401359", None),
    ("NIR 1 84 12 76 451 089 46", "FR_NIR", "1 84 12 76 451 089 46", None),
    ("Corse 2 69 05 2A 123 456 88", "FR_NIR", "2 69 05 2A 123 456 88", None),
    ("personnummer 811228-9874", "SE_PERSONNUMMER", "811228-9874", None),
    ("Tolvan 19121212-1212", "SE_PERSONNUMMER", "19121212-1212", None),
]

# (text, entity, field name or None): nothing of ``entity`` at the reporting threshold.
NEGATIVES: list[tuple[str, str, str | None]] = [
    ("total 536-22-8147,123 units", "US_SSN", None),
    ("Spring 2024 release notes", "STREET_ADDRESS", None),
    ("Docker Compose Ring 3 is ready", "STREET_ADDRESS", None),
    ("Via Slack, 3 people joined", "STREET_ADDRESS", None),
    ("sent 3, rue not found", "STREET_ADDRESS", None),
    ("contact id 12 345 678 in CRM", "PHONE_NUMBER", None),
    ("phone model 6000 1200 series", "PHONE_NUMBER", None),
    ("0536 714583 rows copied", "PHONE_NUMBER", None),
    ("call stack depth 1024 2048 4096", "PHONE_NUMBER", None),
    ("see logo@2x.png and icon@3x.webp", "EMAIL_ADDRESS", None),
    ("postgres://user:p4ss@db.example.com/x", "EMAIL_ADDRESS", None),
    (
        "DATABASE_URL=postgres://svc:c998d%26Qr%23Uux@db-6.internal.example.com:5432/app",
        "EMAIL_ADDRESS",
        None,
    ),
    ('{"url": "mongodb+srv://admin:Zq9xLm2@cluster0.ab1cd.mongodb.net/test"}', "EMAIL_ADDRESS", None),
    ("https://deploy:p@ss-9911@git.example.com/app.git", "EMAIL_ADDRESS", None),
    ("ssh://git@github.com/acme/app.git", "EMAIL_ADDRESS", None),
    ("ftp://anonymous@ftp.example.org/pub", "EMAIL_ADDRESS", None),
    ("deployed 2024-01-15 10:30:45 UTC", "PHONE_NUMBER", None),
    ("upgrade to 10.4.12.1 tonight", "PHONE_NUMBER", None),
    ("card 4111 1111 1111 1111", "PHONE_NUMBER", None),
    ("order 4155552671 shipped", "PHONE_NUMBER", None),
    ("ts 1700000000123 and id 5551234", "PHONE_NUMBER", None),
    ("PROJ-4155 and PROJ-5552 linked", "PHONE_NUMBER", None),
    ("host 131.245.140.60 responded", "PHONE_NUMBER", None),
    ("SSN 078-05-1120 is the Woolworth sample", "US_SSN", None),
    ("ssn 219-09-9999", "US_SSN", None),
    ("ssn 000-12-3456 and 666-12-3456 and 912-34-5678", "US_SSN", None),
    ("ssn 123-00-4567 and 123-45-0000", "US_SSN", None),
    ("invoice 536225436 paid", "US_SSN", None),
    ("ticket 536-22-5436-7 reopened", "US_SSN", None),
    ("ITIN 912-89-1234", "US_ITIN", None),
    ("EIN 07-1234567", "US_EIN", None),
    ("build 340020013 passed", "US_PASSPORT", None),
    ("license key D1234567 for the IDE", "US_DRIVER_LICENSE", None),
    ("released 1990-03-05 to all users", "DATE_OF_BIRTH", None),
    ("dob 2099-01-01", "DATE_OF_BIRTH", None),
    ("dob 1990-02-30", "DATE_OF_BIRTH", None),
    ("adobe build 1990-03-05", "DATE_OF_BIRTH", None),
    ("We shipped 3 features in Sprint 12 Review", "STREET_ADDRESS", None),
    ("Version 2 Data Pipeline Run", "STREET_ADDRESS", None),
    ("version 1.2.3.4 released", "IP_ADDRESS", None),
    ("agent v1.2.3.4 and OID 1.3.6.1.4.1", "IP_ADDRESS", None),
    ("netmask 255.255.255.0 bind 0.0.0.0", "IP_ADDRESS", None),
    ("at 12:30:45 the std::vector grew", "IP_ADDRESS", None),
    ("uuid 123e4567-e89b-12d3-a456-426614174000", "IP_ADDRESS", None),
    ("broadcast ff:ff:ff:ff:ff:ff", "MAC_ADDRESS", None),
    ("time 12:30:45:10:20:30.5", "MAC_ADDRESS", None),
    ("example QQ 12 34 56 C", "UK_NINO", None),
    ("prefix GB 12 34 56 A", "UK_NINO", None),
    ("nhs 943 476 5910", "UK_NHS", None),
    ("phone 9434765919", "UK_NHS", None),
    ("SIN 046 454 287", "CA_SIN", None),
    ("DNI 12345678A", "ES_NIF", None),
    ("code RSSMRA85T10A562T", "IT_FISCAL_CODE", None),
    ("id 111222333 assigned", "NL_BSN", None),
    ("bsn 111222334", "NL_BSN", None),
    ("PESEL 44051401358", "PL_PESEL", None),
    ("order 12345678901 shipped", "PL_PESEL", None),
    ("pesel 44153401359", "PL_PESEL", None),
    ("NIR 1 84 12 76 451 089 47", "FR_NIR", None),
    ("pnr 811228-9875", "SE_PERSONNUMMER", None),
]


@pytest.mark.parametrize(("text", "entity", "expected", "field"), POSITIVES)
def test_positive(text: str, entity: str, expected: str, field: str | None) -> None:
    assert expected in spans(text, entity, field)


@pytest.mark.parametrize(("text", "entity", "field"), NEGATIVES)
def test_negative(text: str, entity: str, field: str | None) -> None:
    assert spans(text, entity, field) == set()


def test_every_pattern_pii_entity_has_a_rule() -> None:
    ner_only = {"PERSON", "ORGANIZATION", "LOCATION"}
    wanted = {e for e, (dc, _) in ENTITIES.items() if dc is DataClass.PII} - ner_only
    assert wanted <= {rule.entity for rule in pii.RULES}
    assert all(rule.name.startswith("pii.") for rule in pii.RULES)


def test_context_raises_the_score() -> None:
    assert best_score("ref 536-22-5436", "US_SSN") == pytest.approx(0.7)
    assert best_score("ssn 536-22-5436", "US_SSN") == pytest.approx(0.95)
    assert best_score("536-22-5436", "US_SSN", field="socialSecurityNumber") == pytest.approx(0.95)


def test_bare_digits_need_context() -> None:
    assert spans("536225436", "US_SSN") == set()
    assert spans("536225436", "US_SSN", field="employee_ssn") == {"536225436"}


@pytest.mark.parametrize(
    "region", ["US", "GB", "FR", "DE", "IN", "BR", "AU", "JP", "ES", "IT", "MX", "NG", "AT", "KZ"]
)
def test_libphonenumber_example_numbers_in_international_form(region: str) -> None:
    for kind in (phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE):
        number = phonenumbers.example_number_for_type(region, kind)
        assert number is not None
        for form in (phonenumbers.PhoneNumberFormat.INTERNATIONAL, phonenumbers.PhoneNumberFormat.E164):
            text = phonenumbers.format_number(number, form)
            assert text in spans(f"reach me at {text} today", "PHONE_NUMBER")


FAKE = Faker("en_US")
Faker.seed(20261121)


@pytest.mark.parametrize(
    ("entity", "template", "values"),
    [
        ("EMAIL_ADDRESS", "email {}", [FAKE.email() for _ in range(20)]),
        ("US_SSN", "record {} on file", [FAKE.ssn() for _ in range(20)]),
        ("US_ITIN", "record {} on file", [FAKE.itin() for _ in range(20)]),
        ("US_EIN", "EIN {}", [FAKE.ein() for _ in range(20)]),
        (
            "IP_ADDRESS",
            "request from {} failed",
            [FAKE.ipv4() for _ in range(10)] + [FAKE.ipv6() for _ in range(10)],
        ),
        ("MAC_ADDRESS", "device {} joined", [FAKE.mac_address() for _ in range(20)]),
        ("DATE_OF_BIRTH", "DOB: {}", [FAKE.date_of_birth().isoformat() for _ in range(20)]),
        ("ES_NIF", "ref {}", [Faker("es_ES").nif() for _ in range(20)]),
        ("IT_FISCAL_CODE", "ref {}", [Faker("it_IT").ssn() for _ in range(20)]),
        ("NL_BSN", "BSN {}", [Faker("nl_NL").ssn() for _ in range(20)]),
        ("PL_PESEL", "ref {}", [Faker("pl_PL").pesel() for _ in range(20)]),
        ("SE_PERSONNUMMER", "ref {}", [Faker("sv_SE").ssn() for _ in range(20)]),
    ],
)
def test_faker_values(entity: str, template: str, values: list[str]) -> None:
    missed = [v for v in values if v not in spans(template.format(v), entity)]
    assert missed == []


@pytest.mark.parametrize(
    "text",
    [
        "PROJ-1234 moved to Done by jsmith at 2024-05-01T10:22:33Z",
        "Release v2.14.3 (build 48213) ships version 1.2.3.4 of the agent",
        "request 123e4567-e89b-12d3-a456-426614174000 took 1532 ms",
        "Theme colours #1a2b3c and #ffcc00; price $1,234.56; total 99.90 EUR",
        "Order #100234567 shipped to ZIP 94103-1234, qty 12",
        "commit 9fceb02d0ae598e95dc970b74767f19372d61af8 merged into main",
        "ts=1700000000 latency_p99=250ms rows=123456789",
        "Q3 pipeline: 42 deals, $2.4M ARR, 3 Enterprise Plans signed",
    ],
)
def test_saas_text_has_no_pii(text: str) -> None:
    found = {
        e
        for e in (
            "PHONE_NUMBER",
            "US_SSN",
            "IP_ADDRESS",
            "STREET_ADDRESS",
            "UK_NHS",
            "PL_PESEL",
            "ES_NIF",
            "MAC_ADDRESS",
            "DATE_OF_BIRTH",
        )
        if spans(text, e)
    }
    assert found == set()

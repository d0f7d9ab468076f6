"""PCI rules: cards, stripe data, CVV/expiry gating, IBAN, ABA, bank accounts, BIC, wallets."""

from __future__ import annotations

import pytest
from faker import Faker

from dlp.classifiers import pci
from dlp.entities import ENTITIES, DataClass
from tests.classifiers.helpers import best_score, spans

# Issuer test numbers published by the card networks' processors (Stripe, PayPal, Adyen docs).
TEST_CARDS = [
    "4111111111111111",  # Visa
    "4012888888881881",
    "4222222222222",  # Visa 13-digit
    "5555555555554444",  # Mastercard
    "2223003122003222",  # Mastercard 2-series
    "378282246310005",  # Amex
    "371449635398431",
    "6011111111111117",  # Discover
    "6011000990139424",
    "3530111333300000",  # JCB
    "3566002020360505",
    "30569309025904",  # Diners
    "38520000023237",
    "6200000000000005",  # UnionPay
    "6759649826438453",  # Maestro
]

# Published IBAN examples of the ISO 13616 registry.
IBANS = [
    "DE89 3704 0044 0532 0130 00",
    "GB82 WEST 1234 5698 7654 32",
    "GB82WEST12345698765432",
    "FR14 2004 1010 0505 0001 3M02 606",
    "NL91 ABNA 0417 1643 00",
    "ES91 2100 0418 4502 0005 1332",
    "IT60 X054 2811 1010 0000 0123 456",
    "CH93 0076 2011 6238 5295 7",
    "BE68 5390 0754 7034",
    "NO93 8601 1117 947",
    "SE45 5000 0000 0583 9825 7466",
    "PL61 1090 1014 0000 0712 1981 2874",
    "AT61 1904 3002 3457 3201",
]

POSITIVES: list[tuple[str, str, str, str | None]] = [
    *[(f"paid with {card}", "CREDIT_CARD", card, None) for card in TEST_CARDS],
    ("card 4111 1111 1111 1111 exp 12/27", "CREDIT_CARD", "4111 1111 1111 1111", None),
    ("card 4111-1111-1111-1111", "CREDIT_CARD", "4111-1111-1111-1111", None),
    ("amex 3782 822463 10005", "CREDIT_CARD", "3782 822463 10005", None),
    ("OCR 4111 111111 111111", "CREDIT_CARD", "4111 111111 111111", None),
    (
        "swiped %B4111111111111111^DOE/JOHN^2512101000000000000?",
        "CARD_TRACK_DATA",
        "%B4111111111111111^DOE/JOHN^2512101000000000000?",
        None,
    ),
    (
        "t2 ;4111111111111111=25121010000000000? ok",
        "CARD_TRACK_DATA",
        ";4111111111111111=25121010000000000?",
        None,
    ),
    ("CVV: 123", "CARD_CVV", "123", None),
    ("security code is 0421", "CARD_CVV", "0421", None),
    ("737", "CARD_CVV", "737", "cvc"),
    ("Visa ending 1111 exp 09/27", "CARD_EXPIRY", "09/27", None),
    ("valid thru 11/2029", "CARD_EXPIRY", "11/2029", None),
    ("12/28", "CARD_EXPIRY", "12/28", "card_expiry"),
    *[(f"IBAN {iban}", "IBAN_CODE", iban, None) for iban in IBANS],
    ("routing number 011000015", "ABA_ROUTING_NUMBER", "011000015", None),
    ("ABA 121000358", "ABA_ROUTING_NUMBER", "121000358", None),
    ("account number 000123456789", "US_BANK_NUMBER", "000123456789", None),
    ("12345678901", "US_BANK_NUMBER", "12345678901", "bankAccountNumber"),
    ("SWIFT: DEUTDEFF", "SWIFT_BIC", "DEUTDEFF", None),
    ("bic BNPAFRPPXXX", "SWIFT_BIC", "BNPAFRPPXXX", None),
    ("wire to DEUTDEFF500 today", "SWIFT_BIC", "DEUTDEFF500", None),
    ("BTC 1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa", "CRYPTO_WALLET", "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa", None),
    ("p2sh 3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy", "CRYPTO_WALLET", "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy", None),
    (
        "to bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4",
        "CRYPTO_WALLET",
        "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4",
        None,
    ),
    (
        "eth 0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
        "CRYPTO_WALLET",
        "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
        None,
    ),
    (
        "wallet 0xde0b295669a9fd93d5f28d9ec85e40f4cb697bae",
        "CRYPTO_WALLET",
        "0xde0b295669a9fd93d5f28d9ec85e40f4cb697bae",
        None,
    ),
]

NEGATIVES: list[tuple[str, str, str | None]] = [
    ("paid with 4111111111111112", "CREDIT_CARD", None),
    ("order 1234567812345670 shipped", "CREDIT_CARD", None),  # Luhn-valid, no issuer range
    ("ts 1700000000000 and 0000000000000000", "CREDIT_CARD", None),
    ("glued 4111-1111 1111-1111", "CREDIT_CARD", None),
    ("ids 41111111111111111111111 end", "CREDIT_CARD", None),
    ("v4111.1111.1111.1111", "CREDIT_CARD", None),
    ("swiped %B4111111111111112^DOE/JOHN^2512101000000000000?", "CARD_TRACK_DATA", None),
    ("room 123 on floor 4", "CARD_CVV", None),
    ("the build took 123 seconds", "CARD_CVV", None),
    ("123", "CARD_CVV", "count"),
    ("sprint ends 12/27", "CARD_EXPIRY", None),
    ("DE89 3704 0044 0532 0130 01", "IBAN_CODE", None),
    ("XX89 3704 0044 0532 0130 00", "IBAN_CODE", None),
    ("GB82 WEST 1234 5698 7654", "IBAN_CODE", None),
    ("routing number 011000016", "ABA_ROUTING_NUMBER", None),
    ("build 011000015 passed", "ABA_ROUTING_NUMBER", None),
    ("Jira account id 12345678901", "US_BANK_NUMBER", None),
    ("checking the logs for request 12345678901", "US_BANK_NUMBER", None),
    ("CUSTOMER PASSWORD FEATURES", "SWIFT_BIC", None),
    ("swift team: CUSTOMER ONBOARDING notes", "SWIFT_BIC", None),
    ("BTC 1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb", "CRYPTO_WALLET", None),
    ("eth 0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD", "CRYPTO_WALLET", None),
    ("hash 0x0000000000000000000000000000000000000000", "CRYPTO_WALLET", None),
    ("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5", "CRYPTO_WALLET", None),
]


@pytest.mark.parametrize(("text", "entity", "expected", "field"), POSITIVES)
def test_positive(text: str, entity: str, expected: str, field: str | None) -> None:
    assert expected in spans(text, entity, field)


@pytest.mark.parametrize(("text", "entity", "field"), NEGATIVES)
def test_negative(text: str, entity: str, field: str | None) -> None:
    assert spans(text, entity, field) == set()


def test_every_pci_entity_has_a_rule() -> None:
    wanted = {e for e, (dc, _) in ENTITIES.items() if dc is DataClass.PCI}
    assert wanted <= {rule.entity for rule in pci.RULES}
    assert all(rule.name.startswith("pci.") for rule in pci.RULES)


def test_card_context_lifts_the_score() -> None:
    assert best_score("ref 4111111111111111", "CREDIT_CARD") == pytest.approx(0.9)
    assert best_score("Visa 4111111111111111", "CREDIT_CARD") == pytest.approx(0.99)


def test_shape_only_bic_and_routing_stay_below_the_threshold_without_context() -> None:
    assert 0 < best_score("id 011000015", "ABA_ROUTING_NUMBER") < 0.5
    assert spans("DEUTDEFF", "SWIFT_BIC") == set()


FAKE = Faker("en_US")
Faker.seed(4242)


@pytest.mark.parametrize(
    ("entity", "template", "values"),
    [
        # Left out on purpose: Faker's JCB uses the whole 35 block (JCB's range is 3528-3589) and
        # its Maestro includes 12-digit 56-58 numbers, which the rule drops as order-id lookalikes.
        (
            "CREDIT_CARD",
            "charged {} today",
            [
                FAKE.credit_card_number(t)
                for t in ("visa", "mastercard", "amex", "discover", "diners", "visa13", "visa19")
                for _ in range(5)
            ],
        ),
        (
            "IBAN_CODE",
            "send to {}",
            [
                Faker(loc).iban()
                for loc in ("en_GB", "de_DE", "fr_FR", "nl_NL", "es_ES", "it_IT", "pl_PL")
                for _ in range(4)
            ],
        ),
        ("ABA_ROUTING_NUMBER", "routing {}", [FAKE.aba() for _ in range(20)]),
        ("CARD_CVV", "CVV {}", [FAKE.credit_card_security_code() for _ in range(20)]),
        ("CARD_EXPIRY", "exp {}", [FAKE.credit_card_expire() for _ in range(20)]),
        ("SWIFT_BIC", "SWIFT {}", [FAKE.swift() for _ in range(20)]),
    ],
)
def test_faker_values(entity: str, template: str, values: list[str]) -> None:
    missed = [v for v in values if v not in spans(template.format(v), entity)]
    assert missed == []


@pytest.mark.parametrize(
    "text",
    [
        "PROJ-4111 blocked by PROJ-1111; build 1111 on 2024-11-11",
        "Invoice INV-20240115 total $4,111.11 due 12/31",
        "request 6ba7b810-9dad-11d1-80b4-00c04fd430c8 latency 123 ms",
        "commit 5555555555554444aaaabbbbccccddddeeeeffff reverted",
        "Order #378282246310005x shipped",
        "ts=1700000000123 seq=4000000000000002001",
        "Colours #ffcc00 #0a0b0c; sizes 12/14/16; ratio 3/4",
        "MEETING NOTES FROM THE CUSTOMER ADVISORY BOARD",
    ],
)
def test_saas_text_has_no_pci(text: str) -> None:
    found = {
        e
        for e in (
            "CREDIT_CARD",
            "CARD_CVV",
            "CARD_EXPIRY",
            "IBAN_CODE",
            "SWIFT_BIC",
            "CRYPTO_WALLET",
            "US_BANK_NUMBER",
            "ABA_ROUTING_NUMBER",
        )
        if spans(text, e)
    }
    assert found == set()

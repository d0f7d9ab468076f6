"""PCI pattern rules: card numbers and stripe data, bank account identifiers, crypto wallets.

CVV and expiry dates are three or four digits and a month/year: alone they are everywhere, so
they are reported only next to a card keyword or under a card field name. Validators live in
:mod:`dlp.classifiers.banking`.
"""

from __future__ import annotations

from dlp.classifiers.banking import (
    aba_routing_valid,
    bitcoin_base58_valid,
    bitcoin_bech32_valid,
    credit_card_valid,
    ethereum_checksummed,
    ethereum_single_case,
    iban_valid,
    swift_bic_coded,
    swift_bic_letters,
    swift_bic_valid,
)
from dlp.classifiers.patterns import PatternRule, digits_only, luhn_valid

_CARD_CONTEXT = (
    "card",
    "credit",
    "debit",
    "visa",
    "mastercard",
    "amex",
    "american express",
    "discover",
    "pan",
    "cc#",
    "cc no",
    "ccnum",
    "payment",
    "jcb",
    "diners",
    "unionpay",
    "maestro",
)
_CVV_CONTEXT = (
    "cvv",
    "cvc",
    "cvn",
    "cid:",
    "csc",
    "security code",
    "card verification",
    "card code",
    "verification code",
)
_EXPIRY_CONTEXT = (
    "exp",
    "expiry",
    "expiration",
    "expires",
    "valid thru",
    "valid through",
    "good thru",
    "mm/yy",
)
_EXPIRY = r"(?:0[1-9]|1[0-2])[ ]?[/-][ ]?(?:\d{2}|20\d{2})"
_BANK_CONTEXT = (
    "account number",
    "account no",
    "account #",
    "acct",
    "bank account",
    "checking account",
    "savings account",
    "deposit account",
    "beneficiary account",
    "a/c",
)


def _track_pan_valid(value: str) -> bool:
    # Track data carries the PAN first; the Luhn check on it separates real stripes from noise.
    pan = value.lstrip("%;B").split("^", 1)[0].split("=", 1)[0]
    return 12 <= len(digits_only(pan)) <= 19 and luhn_valid(pan)


RULES: tuple[PatternRule, ...] = (
    PatternRule(
        name="pci.credit_card",
        entity="CREDIT_CARD",
        # 12-19 digits with optional single spaces or dashes anywhere ("4111 111111 11111").
        regex=r"(?<![\w.+-])(?<!\d[ -])(?P<value>\d(?:[ -]?\d){11,18})(?![\w-]|[ -]\d|[.,]\d)",
        score=0.9,
        context_score=0.99,
        validator=credit_card_valid,
        context=_CARD_CONTEXT,
        source="ISO/IEC 7812 issuer ranges and Luhn",
    ),
    PatternRule(
        name="pci.card_track1",
        entity="CARD_TRACK_DATA",
        # %B PAN ^ NAME ^ YYMM service-code discretionary ? ; "^" stands in for an absent field.
        regex=(
            r"(?P<value>%?B\d{12,19}\^[A-Za-z0-9 /.'-]{2,26}\^(?:\d{4}|\^)(?:\d{3}|\^)"
            r"[0-9A-Za-z ]{0,79}\??)"
        ),
        score=0.95,
        context_score=1.0,
        validator=_track_pan_valid,
        context=("track", "swipe", "magstripe", "stripe"),
        source="ISO/IEC 7813 track 1 (format code B)",
    ),
    PatternRule(
        name="pci.card_track2",
        entity="CARD_TRACK_DATA",
        regex=r"(?<![\w])(?P<value>;?\d{12,19}=(?:\d{4}|=)(?:\d{3}|=)\d{0,40}\??)",
        score=0.9,
        context_score=1.0,
        validator=_track_pan_valid,
        context=("track", "swipe", "magstripe", "stripe"),
        source="ISO/IEC 7813 track 2",
    ),
    PatternRule(
        name="pci.card_cvv",
        entity="CARD_CVV",
        regex=(
            r"(?i:cvv2?|cvc2?|cvn|cid|csc|security[ ]code|card[ ]verification(?:[ ]value|[ ]code)?)"
            r"\W{0,3}(?:is[ ])?(?P<value>\d{3,4})(?![\w-])"
        ),
        score=0.9,
        context_score=0.95,
        context=_CARD_CONTEXT,
        source="Card verification value after its label",
    ),
    PatternRule(
        name="pci.card_cvv_field",
        entity="CARD_CVV",
        # A slot holding only the value: the field name ("cvv", "cardCvc") is the context.
        regex=r"\A\s{0,4}(?P<value>\d{3,4})\s{0,4}\Z",
        score=0.5,
        context_score=0.9,
        context=_CVV_CONTEXT,
        context_required=True,
        source="CVV in a field named for it",
    ),
    PatternRule(
        name="pci.card_expiry",
        entity="CARD_EXPIRY",
        regex=r"(?<![\w/.-])(?P<value>" + _EXPIRY + r")(?![\w/-]|\.\d)",
        score=0.5,
        context_score=0.85,
        context=(*_EXPIRY_CONTEXT, "card", "visa", "mastercard", "amex"),
        context_required=True,
        context_window=(40, 12),
        source="MM/YY or MM/YYYY next to an expiry or card keyword",
    ),
    PatternRule(
        name="pci.iban",
        entity="IBAN_CODE",
        regex=r"(?<![\w-])(?P<value>[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{4}){2,7}(?:[ ]?[A-Z0-9]{1,4})?)(?![\w-])",
        score=0.95,
        context_score=1.0,
        validator=iban_valid,
        context=("iban", "account", "bank", "sepa"),
        source="ISO 13616: country length table and mod-97",
    ),
    PatternRule(
        name="pci.aba_routing",
        entity="ABA_ROUTING_NUMBER",
        regex=r"(?<![\w.+-])(?P<value>\d{9})(?![\w-]|[.,]\d)",
        score=0.3,
        context_score=0.9,
        validator=aba_routing_valid,
        context=("routing", "aba", "rtn", "transit", "ach", "wire"),
        source="ABA routing transit number: Fed prefix and 3-7-1 checksum",
    ),
    PatternRule(
        name="pci.us_bank_number",
        entity="US_BANK_NUMBER",
        regex=r"(?<![\w.+-])(?P<value>\d{8,17})(?![\w-]|[.,]\d)",
        score=0.4,
        context_score=0.8,
        context=_BANK_CONTEXT,
        context_required=True,
        context_window=(40, 8),
        source="US deposit account numbers (8-17 digits) need an account keyword",
    ),
    PatternRule(
        name="pci.swift_bic",
        entity="SWIFT_BIC",
        # Letters-only codes read like words ("CUSTOMER"), so the label must sit right before.
        regex=(
            r"(?i:swift|bic|swift/bic|bank[ ]identifier)(?:[ ]?(?i:code|no\.?|number|#))?[ ]?[:=]?[ ]?"
            r"(?P<value>[A-Z]{6}[A-Z0-9]{2}(?:[A-Z0-9]{3})?)(?![\w-])"
        ),
        score=0.85,
        context_score=0.95,
        validator=swift_bic_valid,
        context=("bank", "beneficiary", "wire", "iban"),
        source="ISO 9362 BIC after its SWIFT/BIC label",
    ),
    PatternRule(
        name="pci.swift_bic_field",
        entity="SWIFT_BIC",
        regex=r"\A\s{0,4}(?P<value>[A-Z]{6}[A-Z0-9]{2}(?:[A-Z0-9]{3})?)\s{0,4}\Z",
        score=0.5,
        context_score=0.9,
        validator=swift_bic_letters,
        context=("swift", "bic"),
        context_required=True,
        source="A slot holding only a BIC, under a swift/bic field name",
    ),
    PatternRule(
        name="pci.swift_bic_coded",
        entity="SWIFT_BIC",
        # Uppercase words never carry a digit in positions 7-11; with one the shape stands alone.
        regex=r"(?<![\w-])(?P<value>[A-Z]{6}[A-Z0-9]{2}(?:[A-Z0-9]{3})?)(?![\w-])",
        score=0.55,
        context_score=0.9,
        validator=swift_bic_coded,
        context=("swift", "bic", "bank", "beneficiary", "iban"),
        source="ISO 9362 BIC whose location or branch code holds a digit",
    ),
    PatternRule(
        name="pci.bitcoin_base58",
        entity="CRYPTO_WALLET",
        regex=r"(?<![\w])(?P<value>[13][1-9A-HJ-NP-Za-km-z]{25,34})(?![\w])",
        score=0.95,
        context_score=1.0,
        validator=bitcoin_base58_valid,
        context=("bitcoin", "btc", "wallet", "address"),
        kind="bitcoin",
        source="Bitcoin base58check, version 0x00/0x05",
    ),
    PatternRule(
        name="pci.bitcoin_bech32",
        entity="CRYPTO_WALLET",
        regex=r"(?<![\w])(?P<value>(?:bc1|BC1)[02-9ac-hj-np-zAC-HJ-NP-Z]{8,87})(?![\w])",
        score=0.95,
        context_score=1.0,
        validator=bitcoin_bech32_valid,
        context=("bitcoin", "btc", "wallet", "address"),
        kind="bitcoin",
        source="BIP-173 bech32 / BIP-350 bech32m",
    ),
    PatternRule(
        name="pci.ethereum_address",
        entity="CRYPTO_WALLET",
        regex=r"(?<![\w])(?P<value>0x[0-9a-fA-F]{40})(?![\w])",
        score=0.95,
        context_score=1.0,
        validator=ethereum_checksummed,
        context=("ethereum", "eth", "wallet", "erc20", "erc-20", "metamask", "address"),
        kind="ethereum",
        source="Ethereum address with a valid EIP-55 mixed-case checksum",
    ),
    PatternRule(
        name="pci.ethereum_address_plain",
        entity="CRYPTO_WALLET",
        regex=r"(?<![\w])(?P<value>0x[0-9a-fA-F]{40})(?![\w])",
        score=0.6,
        context_score=0.95,
        validator=ethereum_single_case,
        context=("ethereum", "eth", "wallet", "erc20", "erc-20", "metamask", "address"),
        kind="ethereum",
        source="Ethereum address in one case (no checksum to verify)",
    ),
)

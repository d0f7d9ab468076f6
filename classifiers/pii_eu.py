"""PII pattern rules for UK, EU and Canadian national identity numbers.

Each number has a documented check (mod-11, Luhn, mod-23 letter, mod-97 key...). Grouped or
lettered forms are distinctive enough to report on their own; forms that are nothing but a run
of digits are ``context_required``, because any id column has them.
"""

from __future__ import annotations

from dlp.classifiers.checksums import (
    ca_sin_valid,
    es_nif_valid,
    fr_nir_valid,
    it_fiscal_code_valid,
    nl_bsn_valid,
    pl_pesel_valid,
    se_personnummer_valid,
    uk_nhs_valid,
    uk_nino_valid,
)
from dlp.classifiers.patterns import PatternRule

_START = r"(?<![\w.+-])"
_END = r"(?![\w-]|[.,]\d)"
_OMO = "[0-9LMNPQRSTUV]"  # codice fiscale digit positions may hold omocodia letters

_NHS_CONTEXT = ("nhs", "national health", "chi number")
_SIN_CONTEXT = ("sin:", "sin #", "sin no", "sin number", "social insurance", "assurance sociale")
_BSN_CONTEXT = ("bsn", "burgerservicenummer", "sofinummer", "sofi-nummer", "citizen service")
_SE_CONTEXT = ("personnummer", "personnr", "person nr", "samordningsnummer", "pnr")

RULES: tuple[PatternRule, ...] = (
    PatternRule(
        name="pii.uk_nino",
        entity="UK_NINO",
        regex=_START + r"(?P<value>[A-Z]{2}[ ]?\d{2}[ ]?\d{2}[ ]?\d{2}[ ]?[A-D])(?![\w-])",
        score=0.7,
        context_score=0.95,
        validator=uk_nino_valid,
        context=("national insurance", "nino", "ni number", "ni no", "nat ins"),
        source="HMRC NIM39110: prefix letters and suffix A-D",
    ),
    PatternRule(
        name="pii.uk_nhs",
        entity="UK_NHS",
        regex=_START + r"(?P<value>\d{3}[ -]\d{3}[ -]\d{4})" + _END,
        score=0.5,
        context_score=0.95,
        validator=uk_nhs_valid,
        context=_NHS_CONTEXT,
        source="NHS Data Dictionary: NHS number modulus 11",
    ),
    PatternRule(
        name="pii.uk_nhs_bare",
        entity="UK_NHS",
        regex=_START + r"(?P<value>\d{10})" + _END,
        score=0.5,
        context_score=0.9,
        validator=uk_nhs_valid,
        context=_NHS_CONTEXT,
        context_required=True,
        source="NHS number modulus 11, bare digits with context",
    ),
    PatternRule(
        name="pii.ca_sin",
        entity="CA_SIN",
        regex=_START + r"(?P<value>\d{3}[ -]\d{3}[ -]\d{3})" + _END,
        score=0.5,
        context_score=0.9,
        validator=ca_sin_valid,
        context=_SIN_CONTEXT,
        source="Service Canada SIN: Luhn, first digit not 0 or 8",
    ),
    PatternRule(
        name="pii.ca_sin_bare",
        entity="CA_SIN",
        regex=_START + r"(?P<value>\d{9})" + _END,
        score=0.45,
        context_score=0.85,
        validator=ca_sin_valid,
        context=_SIN_CONTEXT,
        context_required=True,
        source="SIN, bare digits with context",
    ),
    PatternRule(
        name="pii.es_nif",
        entity="ES_NIF",
        regex=_START + r"(?P<value>\d{8}-?[A-Z]|[XYZ]-?\d{7}-?[A-Z])(?![\w-])",
        score=0.7,
        context_score=0.95,
        validator=es_nif_valid,
        context=("dni", "nif", "nie", "documento nacional", "identidad", "número de identificación"),
        source="Real Decreto 1553/2005: DNI/NIE mod-23 control letter",
    ),
    PatternRule(
        name="pii.it_fiscal_code",
        entity="IT_FISCAL_CODE",
        regex=(
            r"(?<![\w-])(?P<value>[A-Z]{6}"
            + _OMO
            + r"{2}[ABCDEHLMPRST]"
            + _OMO
            + r"{2}[A-Z]"
            + _OMO
            + r"{3}[A-Z])(?![\w-])"
        ),
        score=0.9,
        context_score=0.99,
        validator=it_fiscal_code_valid,
        context=("codice fiscale", "fiscal code", "cod. fisc", "tax code", "cf:"),
        source="DM 23/12/1976: codice fiscale check character, omocodia",
    ),
    PatternRule(
        name="pii.nl_bsn",
        entity="NL_BSN",
        regex=_START + r"(?P<value>\d{9}|\d{4}\.\d{2}\.\d{3}|\d{3}[ ]\d{3}[ ]\d{3})" + _END,
        score=0.4,
        context_score=0.85,
        validator=nl_bsn_valid,
        context=_BSN_CONTEXT,
        context_required=True,
        source="Wet algemene bepalingen BSN: elfproef",
    ),
    PatternRule(
        name="pii.pl_pesel",
        entity="PL_PESEL",
        regex=_START + r"(?P<value>\d{11})" + _END,
        score=0.6,
        context_score=0.95,
        validator=pl_pesel_valid,
        context=("pesel", "numer ewidencyjny"),
        source="PESEL: weights 1-3-7-9 and encoded birth date",
    ),
    PatternRule(
        name="pii.fr_nir",
        entity="FR_NIR",
        regex=(
            _START
            + r"(?P<value>[12378][ ]?\d{2}[ ]?\d{2}[ ]?(?:\d{2}|2[ABab])[ ]?\d{3}[ ]?\d{3}[ ]?\d{2})"
            + _END
        ),
        score=0.85,
        context_score=0.99,
        validator=fr_nir_valid,
        context=("nir", "sécurité sociale", "securite sociale", "numéro de sécu", "insee", "social security"),
        source="INSEE NIR with mod-97 key, Corsica 2A/2B",
    ),
    PatternRule(
        name="pii.se_personnummer",
        entity="SE_PERSONNUMMER",
        regex=_START + r"(?P<value>(?:18|19|20)?\d{6}[-+]\d{4})" + _END,
        score=0.7,
        context_score=0.95,
        validator=se_personnummer_valid,
        context=_SE_CONTEXT,
        source="Skatteverket SKV 704: date, birth number, Luhn check digit",
    ),
    PatternRule(
        name="pii.se_personnummer_bare",
        entity="SE_PERSONNUMMER",
        regex=_START + r"(?P<value>(?:19|20)?\d{10})" + _END,
        score=0.5,
        context_score=0.85,
        validator=se_personnummer_valid,
        context=_SE_CONTEXT,
        context_required=True,
        source="Personnummer without separator, context only",
    ),
)

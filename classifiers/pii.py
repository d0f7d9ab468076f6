"""PII pattern rules: contact data, network identifiers and US identity numbers.

UK, EU and Canadian national numbers live in :mod:`dlp.classifiers.pii_eu`, postal addresses in
:mod:`dlp.classifiers.pii_address` and :mod:`dlp.classifiers.pii_address_eu`; all are appended
to ``RULES``. Names of people, organisations and places come from NER, not from here.

Scoring convention across the pattern families: a checksum-validated shape scores 0.85-0.95, a
shape with a weak or no check 0.3-0.6, and context (nearby words or the field name) lifts it.
Numbers that are only digits (bare nine-digit SSNs, passports, licences) are ``context_required``:
without a keyword they are indistinguishable from order ids and timestamps.
"""

from __future__ import annotations

from dlp.classifiers import pii_address, pii_address_eu, pii_eu
from dlp.classifiers.checksums import us_ein_valid, us_itin_valid, us_ssn_valid
from dlp.classifiers.contact import (
    birth_date_valid,
    email_valid,
    ipv4_valid,
    ipv6_valid,
    mac_valid,
    national_phone_number_valid,
    phone_number_valid,
)
from dlp.classifiers.patterns import PatternRule

# Boundaries shared by digit rules: not inside a longer token, an id like "A-123" or a decimal.
_START = r"(?<![\w.+-])"
_END = r"(?![\w-]|[.,]\d)"

_SSN_CONTEXT = ("ssn", "social security", "soc sec", "ss#", "ss no", "ss num")
_DOB_CONTEXT = ("dob", "d.o.b", "date of birth", "birth", "born", "bday", "b-day", "geburtsdatum")
_MONTH = (
    r"(?i:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t|tember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_DAY = r"(?:0?[1-9]|[12]\d|3[01])"
_MON = r"(?:0?[1-9]|1[0-2])"

# The userinfo in "scheme://user:password@host" (RFC 3986): "password@host" has an address's
# shape but is a credential and a host. This alternative consumes the userinfo up to its last
# '@' without the ``value`` group, so the scanner reports nothing for it and resumes after it.
# '\' ends it as a line break would (JSON-escaped "\n"). The literal "//" is tested before the
# look-behind for the scheme's ':' because it fails sooner at almost every offset.
_URL_USERINFO = r"//(?<=[A-Za-z0-9+.-]://)[^\s/?#\"'<>\\]{0,256}@"
_EMAIL = r"(?<![\w.%+-])[A-Za-z0-9._%+-]{1,64}@(?:[A-Za-z0-9-]{1,63}\.){1,8}[A-Za-z]{2,24}(?![\w-])"

_CONTACT: tuple[PatternRule, ...] = (
    PatternRule(
        name="pii.email_address",
        entity="EMAIL_ADDRESS",
        regex=rf"{_URL_USERINFO}|(?P<value>{_EMAIL})",
        score=0.85,
        context_score=0.95,
        validator=email_valid,
        context=("email", "e-mail", "mail", "contact", "reply-to"),
        source="RFC 5322 addr-spec, dot-atom subset",
    ),
    PatternRule(
        name="pii.phone_number",
        entity="PHONE_NUMBER",
        # Separated groups or an E.164 run; never next to ":" (times) or inside a longer digit run.
        regex=(
            r"(?<![\w+.:/-])(?P<value>\+\d{7,15}"
            r"|(?:\+\d{1,3}[ .-]?|(?<!\d[ .-]))(?:\(\d{1,4}\)[ .-]?)?\d{1,5}(?:[ .-]\d{1,10}){1,4}"
            r"(?:[ ]?(?:x|ext\.?|extension)[ ]?\d{1,6})?)(?![\w:/-]|[ .-]\d|\.\w)"
        ),
        score=0.6,
        context_score=0.9,
        validator=phone_number_valid,
        context=(
            "phone",
            "tel:",
            "tel.",
            "tel ",
            "telephone",
            "mobile",
            "cell",
            "call",
            "fax",
            "sms",
            "whatsapp",
            "contact",
        ),
        source="ITU-T E.164 via libphonenumber (US default region)",
    ),
    PatternRule(
        name="pii.phone_number_bare",
        entity="PHONE_NUMBER",
        regex=_START + r"(?P<value>1?\d{10})" + _END,
        score=0.5,
        context_score=0.85,
        validator=phone_number_valid,
        context=("phone", "tel:", "telephone", "mobile", "cell", "fax", "sms", "whatsapp"),
        context_required=True,
        context_window=(32, 8),
        source="NANP 10-digit number without separators, context only",
    ),
    PatternRule(
        name="pii.phone_number_national",
        entity="PHONE_NUMBER",
        # National formats ("0161 496 0730", "04 97 40 50 75", "926 89 83 66"): digit groups that
        # libphonenumber accepts for some European or North American region, near phone context.
        regex=_START
        + r"(?P<value>\(?\d{2,5}\)?(?:[ .-]\d{2,4}){0,3}[ .-]\d{2,8})"
        + r"(?![\w:/-]|[ .-]\d|[.,]\d)",
        score=0.5,
        context_score=0.8,
        validator=national_phone_number_valid,
        context=(
            "phone",
            "tel:",
            "tel.",
            "telephone",
            "mobile",
            "cell",
            "call",
            "fax",
            "sms",
            "whatsapp",
            "contact",
            "téléphone",
            "telefon",
            "teléfono",
            "telefono",
            "ring me",
        ),
        context_required=True,
        context_window=(40, 8),
        source="ITU-T E.164 national significant numbers, validated per region with libphonenumber",
    ),
    PatternRule(
        name="pii.date_of_birth",
        entity="DATE_OF_BIRTH",
        regex=(
            r"(?<![\w/.-])(?P<value>(?:19|20)\d{2}[-/.]"
            + _MON
            + r"[-/.]"
            + _DAY
            + r"|"
            + _DAY
            + r"[-/.]"
            + _DAY
            + r"[-/.](?:19|20)?\d{2}"
            + r"|"
            + _MONTH
            + r"\.?[ ]"
            + _DAY
            + r"(?:st|nd|rd|th)?,?[ ](?:19|20)\d{2}"
            + r"|"
            + _DAY
            + r"(?:st|nd|rd|th)?[ ](?:of[ ])?"
            + _MONTH
            + r"\.?,?[ ](?:19|20)\d{2}"
            + r")(?![\w/-]|\.\d)"
        ),
        score=0.5,
        context_score=0.9,
        validator=birth_date_valid,
        context=_DOB_CONTEXT,
        context_required=True,
        context_window=(40, 16),
        source="ISO 8601, US and European numeric dates, month names",
    ),
    PatternRule(
        name="pii.ipv4_address",
        entity="IP_ADDRESS",
        regex=(
            r"(?<![\w.:-])(?<![Vv]ersion )(?<![Vv]er )(?<![Vv]ersion: )(?<![Vv]ersion=)"
            r"(?P<value>(?:\d{1,3}\.){3}\d{1,3})(?![\w-]|\.\w)"
        ),
        score=0.6,
        context_score=0.85,
        validator=ipv4_valid,
        context=("ip", "ip address", "client", "remote", "host", "src", "dst", "source", "x-forwarded-for"),
        source="RFC 791 dotted quad",
    ),
    PatternRule(
        name="pii.ipv6_address",
        entity="IP_ADDRESS",
        regex=r"(?<![\w:.-])(?P<value>(?:[0-9A-Fa-f]{1,4}:|:){2,8}(?:[0-9A-Fa-f]{1,4}|\d{1,3}(?:\.\d{1,3}){3})?)(?![\w:-]|\.\w)",
        score=0.6,
        context_score=0.85,
        validator=ipv6_valid,
        context=("ip", "ipv6", "client", "remote", "host", "address"),
        source="RFC 4291 section 2.2 text forms",
    ),
    PatternRule(
        name="pii.mac_address",
        entity="MAC_ADDRESS",
        regex=(
            r"(?<![\w:.-])(?P<value>[0-9A-Fa-f]{2}(?::[0-9A-Fa-f]{2}){5}|[0-9A-Fa-f]{2}(?:-[0-9A-Fa-f]{2}){5}"
            r"|[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4})(?![\w:-]|\.\w)"
        ),
        score=0.6,
        context_score=0.85,
        validator=mac_valid,
        context=("mac", "hwaddr", "ether", "bssid", "device"),
        source="IEEE 802 EUI-48 colon, dash and Cisco dotted forms",
    ),
)

_US: tuple[PatternRule, ...] = (
    PatternRule(
        name="pii.us_ssn",
        entity="US_SSN",
        # A comma before another field is fine (CSV); only a decimal point or a thousands group
        # (",ddd" and no more digits) means the digits run on into a larger number.
        regex=_START
        + r"(?P<value>\d{3}-\d{2}-\d{4}|\d{3}[ ]\d{2}[ ]\d{4})"
        + r"(?![\w-]|[ ]\d|\.\d|,\d{3}(?!\d))",
        score=0.7,
        context_score=0.95,
        validator=us_ssn_valid,
        context=_SSN_CONTEXT,
        source="SSA: area 001-899 except 666, group 01-99, serial 0001-9999",
    ),
    PatternRule(
        name="pii.us_ssn_bare",
        entity="US_SSN",
        regex=_START + r"(?P<value>\d{9})" + _END,
        score=0.5,
        context_score=0.85,
        validator=us_ssn_valid,
        context=_SSN_CONTEXT,
        context_required=True,
        source="SSA rules; bare digits need an SSN keyword or field name",
    ),
    PatternRule(
        name="pii.us_itin",
        entity="US_ITIN",
        regex=_START + r"(?P<value>9\d{2}-\d{2}-\d{4}|9\d{2}[ ]\d{2}[ ]\d{4})" + _END,
        score=0.7,
        context_score=0.95,
        validator=us_itin_valid,
        context=("itin", "taxpayer", "tax id", "tin:", "tin #", "tin no", "tin number"),
        source="IRS ITIN: 9XX with group 50-65, 70-88, 90-92, 94-99",
    ),
    PatternRule(
        name="pii.us_itin_bare",
        entity="US_ITIN",
        regex=_START + r"(?P<value>9\d{8})" + _END,
        score=0.5,
        context_score=0.85,
        validator=us_itin_valid,
        context=("itin", "taxpayer identification", "tin:", "tin #", "tin number"),
        context_required=True,
        source="IRS ITIN, bare digits with context",
    ),
    PatternRule(
        name="pii.us_ein",
        entity="US_EIN",
        regex=_START + r"(?P<value>\d{2}-\d{7})" + _END,
        score=0.4,
        context_score=0.9,
        validator=us_ein_valid,
        context=("ein", "employer identification", "employer id", "fein", "tax id", "federal tax"),
        source="IRS EIN XX-XXXXXXX with assigned campus prefixes",
    ),
    PatternRule(
        name="pii.us_ein_bare",
        entity="US_EIN",
        regex=_START + r"(?P<value>\d{9})" + _END,
        score=0.4,
        context_score=0.8,
        validator=us_ein_valid,
        context=("ein", "employer identification", "fein"),
        context_required=True,
        context_window=(32, 8),
        source="IRS EIN, bare digits with context",
    ),
    PatternRule(
        name="pii.us_passport",
        entity="US_PASSPORT",
        regex=_START + r"(?P<value>[A-Z]\d{8}|\d{9})" + _END,
        score=0.4,
        context_score=0.85,
        context=("passport", "travel document"),
        context_required=True,
        source="US Department of State book numbers (9 digits; letter + 8 digits since 2021)",
    ),
    PatternRule(
        name="pii.us_driver_license",
        entity="US_DRIVER_LICENSE",
        regex=_START + r"(?P<value>[A-Z]{0,2}\d{5,14}|[A-Z]{1,2}\d{1,6}(?:[- ]\d{1,6}){1,4})" + _END,
        score=0.35,
        context_score=0.8,
        context=(
            "driver",
            "driving",
            "license no",
            "licence no",
            "license number",
            "licence number",
            "license #",
            "dl#",
            "dl #",
            "dl no",
            "dl:",
            "dln",
            "dl number",
        ),
        context_required=True,
        context_window=(40, 8),
        source="AAMVA state formats vary; kept context-gated",
    ),
)

#: Every PII rule, US and international.
RULES: tuple[PatternRule, ...] = _CONTACT + pii_address.RULES + pii_address_eu.RULES + _US + pii_eu.RULES

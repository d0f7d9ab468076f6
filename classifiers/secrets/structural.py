"""Secrets recognised by their structure rather than a vendor: PEM keys, JWTs, credentials in URLs,
HTTP authorization headers and password assignments in code, env files, YAML and JSON."""

from __future__ import annotations

import base64
import binascii

from dlp.classifiers.patterns import PatternRule
from dlp.classifiers.secrets._build import custom
from dlp.classifiers.secrets.validators import (
    jwt_header_valid,
    password_value,
    prose_password,
    random_token,
)

_KEY_TYPES = r"(?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP |SSH2 ENCRYPTED |ANY )?"
# Body alphabet excludes '-', so the greedy run stops at the END line without backtracking
# through the key; the backslash admits keys pasted with literal "\n" escapes.
_PEM = (
    rf"-----BEGIN {_KEY_TYPES}PRIVATE KEY(?: BLOCK)?-----"
    r"(?:\s{0,4}[A-Za-z-]{1,30}: [^\r\n]{0,200}){0,6}"
    r"[A-Za-z0-9+/=\s\\]{40,20000}"
    rf"-----END {_KEY_TYPES}PRIVATE KEY(?: BLOCK)?-----"
)
_DB_SCHEMES = (
    r"(?:postgres(?:ql)?|mysql|mariadb|mongodb(?:\+srv)?|rediss?|amqps?|mssql|sqlserver|oracle|"
    r"cockroachdb|clickhouse|neo4j(?:\+s)?|bolt|couchbase|couchdb|cassandra|kafka|nats|memcached|"
    r"snowflake|db2|elasticsearch|influxdb|jdbc:[a-z0-9]{2,20})"
)
_URL_SCHEMES = (
    r"(?:https?|ftps?|sftp|ssh|git|svn|smb|wss?|s3|rsync|telnet|imaps?|smtps?|pop3s?|socks5h?|ldaps?|"
    r"nntp|webdav|davs?)"
)
# user: no ':'; password: anything up to the '@' except separators, quotes and whitespace. A
# pasted password may hold an unencoded '@' ("p@ss@db"); like URL parsers, the last '@' ends the
# userinfo, so the span is the whole password. Segments after an '@' exclude '\' so that a
# JSON-escaped "\n" after the host does not carry the password into the next line.
_USERINFO = (
    r"(?P<user>[^\s:/?#@\"'<>]{0,128}):(?P<value>[^\s/?#@\"'<>]{1,256}(?:@[^\s/?#@\"'<>\\]{1,256}){0,4})"
    r"@(?=[A-Za-z0-9\[_])"
)
# Opens with a literal so ``re`` can skip ahead; the short forms must stand alone ("DB_PASS",
# not "bypass" or "compass").
_PW_KEY = r"(?:passwor[dt]|passwd|passphrase|pass(?<![a-z]pass)(?![a-z])|pwd(?<![a-z]pwd)(?![a-z]))"
# Keys that name a password policy or UI element rather than hold a password.
_PW_NOT = (
    r"(?![\w.-]{0,20}?(?:url|uri|policy|length|_len|hint|reset|field|label|prompt|_min|min_|_max|max_|expir|"
    r"rule|strength|type|required|changed|file|path|hash|salt|enabled|_ref|_env|mode|count))"
)
_ASSIGN = r"[\w.-]{0,20}[\"']?\s{0,4}(?::=|=>|==|=|:)"
# One ``value`` group, three ways in: a quoted literal (may hold spaces), a bare value glued to
# '=' (env, INI, query strings), or a bare value after ': ' (YAML). ``password = name`` (code
# assigning a variable) matches none of them.
_VALUE = (
    r"(?:\s{0,4}[\"']|(?<==)|(?<=:)[ \t]{1,4})"
    r"(?P<value>(?<=[\"'])[^\"'\r\n]{1,200}(?=[\"'])|(?<![\"'])[^\s\"'`;,&<>(){}\[\]]{1,200})"
)


def _basic_auth_valid(value: str) -> bool:
    try:
        decoded = base64.b64decode(value + "=" * (-len(value) % 4), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return False
    _user, sep, password = decoded.partition(":")
    return bool(sep and password and password_value(password))


RULES: tuple[PatternRule, ...] = (
    custom(
        "private_key",
        rf"(?P<value>{_PEM})",
        0.99,
        source="RFC 7468 / OpenSSH / OpenPGP armored private keys: the whole block is the span",
        # The block's 20,000-character body makes the full expression cost seconds to compile
        # into hyperscan; every match contains this header, which compiles instantly.
        prefilter=rf"-----BEGIN {_KEY_TYPES}PRIVATE KEY",
    ),
    custom(
        "putty_private_key",
        r"PuTTY-User-Key-File-[23]: [\s\S]{0,2000}?Private-Lines: \d{1,3}\r?\n"
        r"(?P<value>[A-Za-z0-9+/=\r\n]{40,8000})",
        0.95,
        source="PuTTY .ppk v2/v3: the Private-Lines block",
        prefilter=r"PuTTY-User-Key-File-[23]: ",
    ),
    custom(
        "jwt",
        r"(?<![A-Za-z0-9_-])(?P<value>eyJ[A-Za-z0-9_-]{10,2000}\.[A-Za-z0-9_-]{2,8000}\.[A-Za-z0-9_-]{0,2000})"
        r"(?![A-Za-z0-9_-])",
        0.9,
        validator=jwt_header_valid,
        source="RFC 7519 JWT / RFC 7515 JWS compact form; header decodes to JSON with 'alg'",
        prefilter=r"eyJ[A-Za-z0-9_-]{10}[A-Za-z0-9_-]*\.[A-Za-z0-9_-]{2}",
    ),
    custom(
        "connection_string_password",
        rf"(?<![A-Za-z0-9+.-])(?i:{_DB_SCHEMES}(?:\+[a-z0-9]{{1,20}})?)://{_USERINFO}",
        0.95,
        validator=password_value,
        source="RFC 3986 userinfo in database / broker connection URIs",
    ),
    custom(
        "url_password",
        rf"(?<![A-Za-z0-9+.-])(?i:{_URL_SCHEMES})://{_USERINFO}",
        0.85,
        validator=password_value,
        source="RFC 3986 userinfo (user:password@) in web, file-transfer and mail URLs",
    ),
    custom(
        "http_basic_auth",
        r"(?i:authorization)[\"']?\s{0,4}[:=]\s{0,4}[\"']?\s{0,4}(?i:basic)\s{1,4}"
        r"(?P<value>[A-Za-z0-9+/]{4,400}={0,2})(?![A-Za-z0-9+/=])",
        0.9,
        validator=_basic_auth_valid,
        source="RFC 7617 Basic credentials: base64(user:password)",
    ),
    custom(
        "http_bearer_token",
        r"(?i:authorization|x-api-key|x-auth-token|api-key)[\"']?\s{0,4}[:=]\s{0,4}[\"']?\s{0,4}"
        r"(?:(?i:bearer|token|ssws|apikey)\s{1,4})?(?P<value>[A-Za-z0-9._~+/=-]{16,4096})(?![A-Za-z0-9._~+/=-])",
        0.8,
        validator=random_token(3.0, 16),
        source="RFC 6750 bearer tokens and API-key headers",
    ),
    custom(
        "curl_user_password",
        r"(?<![\w-])(?:-u|--user)\s{1,4}[\"']?[^\s:\"']{0,100}:(?P<value>[^\s\"']{1,200})",
        0.8,
        validator=password_value,
        context=("curl",),
        source="curl -u/--user user:password",
    ),
    custom(
        "xml_password_attribute",
        r"(?i:key)\s{0,2}=\s{0,2}[\"'][\w.:-]{0,30}(?i:password|passwd|pwd)[\"']\s{1,8}(?i:value)\s{0,2}=\s{0,2}[\"']"
        r"(?P<value>[^\"'\r\n]{1,200})[\"']",
        0.9,
        validator=password_value,
        source='<add key="...Password" value="..."/> in NuGet.config, app.config, web.config',
    ),
    custom(
        "password_in_text",
        r"(?i:passwor[dt]|passcode|passphrase|pwd)(?i:\s{1,3}(?:is|was|will be|set to|changed to|reset to))"
        r"\s{1,3}[:\"'`]?(?P<value>[^\s\"'`]{6,64}?)[\"'`.,;!)]?(?=\s|$)",
        0.75,
        validator=prose_password,
        source="A password quoted in chat, tickets or e-mail: 'the password is ...'",
    ),
    custom(
        "password_assignment",
        rf"(?i:{_PW_KEY}){_PW_NOT}{_ASSIGN}{_VALUE}",
        0.8,
        validator=password_value,
        source="A password assigned to a password-named key in code, env, INI, YAML or JSON",
    ),
)

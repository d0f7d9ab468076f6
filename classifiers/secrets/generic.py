"""Provider-agnostic secrets: high-entropy values next to secret-naming keys or field names.

These rules run last in confidence: they catch keys of providers with no documented format and
internal credentials, so they insist on randomness (entropy, mixed letters and digits) and drop
UUIDs, slugs, paths and base64 media.
"""

from __future__ import annotations

from dlp.classifiers.patterns import PatternRule
from dlp.classifiers.secrets._build import custom
from dlp.classifiers.secrets.validators import generic_secret_value

# Key names that hold credentials. No left boundary: ``githubToken`` and ``DB_SECRET`` count.
# The pattern opens with the key word (not a look-behind) so ``re`` can skip ahead quickly;
# the look-behinds after "token" exclude fields that carry no credential: pagination cursors,
# CSRF and authenticity tokens.
_TOKEN = (
    r"token(?<!pagetoken)(?<!page_token)(?<!nexttoken)(?<!next_token)(?<!csrftoken)(?<!csrf_token)"
    r"(?<!csrf-token)(?<!xsrftoken)(?<!xsrf_token)(?<!xsrf-token)(?<!authenticity_token)"
    r"(?<!synctoken)(?<!sync_token)(?<!continuationtoken)"
)
_KEY = (
    rf"(?:secret|{_TOKEN}|api[_.-]?key|apikey|access[_.-]?key|auth[_.-]?key|private[_.-]?key|"
    r"credential|signing[_.-]?key|encryption[_.-]?key|session[_.-]?key|master[_.-]?key|"
    r"client[_.-]?secret|app[_.-]?key|bearer|auth)"
)
# Keys that contain a credential word but name something structural: token types, counts, URLs.
_NOT_AFTER = (
    r"(?![\w.-]{0,20}?(?:_?url|_?uri|endpoint|_?type|_?name|_?file|_?path|_?id\b|_?ids\b|count|limit|"
    r"length|expir|ttl|_?header|_?field|_?param|_?prefix|_?format|or\b|ization_code|_?usage))"
)
_ASSIGN = r"[\w.-]{0,24}[\"']?\s{0,4}(?::=|=>|=|:)\s{0,4}[\"'`]?"
_VALUE = r"(?P<value>[A-Za-z0-9+/_~.-]{12,512}={0,2})(?![A-Za-z0-9+/=_~.-])"
# Bare "token" is left out on purpose: page tokens, CSRF and authenticity tokens are fields
# named "...token" that carry no credential.
_FIELD_WORDS = (
    "secret",
    "access token",
    "auth token",
    "api token",
    "bot token",
    "refresh token",
    "session token",
    "id token",
    "personal access token",
    "api key",
    "apikey",
    "access key",
    "auth key",
    "private key",
    "client secret",
    "credentials",
    "signing key",
    "encryption key",
    "session key",
    "master key",
    "password",
    "bearer",
)

RULES: tuple[PatternRule, ...] = (
    custom(
        "generic_secret_assignment",
        rf"(?i:{_KEY}{_NOT_AFTER}){_ASSIGN}{_VALUE}",
        0.65,
        validator=generic_secret_value,
        source="A random-looking value assigned to a key named secret/token/api_key/...",
    ),
    custom(
        "generic_high_entropy",
        # A digest labelled with its algorithm ("sha256 9f86...", or a Subresource Integrity
        # "sha512-<base64>") is a checksum, not a key.
        # '=' is base64 padding only at the end: inside a run it is an assignment, and the value
        # starts after it ("STRIPE_KEY=sk_live_..." is the key, not the name). The look-ahead
        # keeps the 20-character minimum counting the padding ("YWRtaW46cGFzc3dvcmQ=").
        r"(?<![A-Za-z0-9+/_~.-])(?<!sha\d\d\d[ :=-])(?<!sha1[ :=-])(?<!md5[ :=-])"
        r"(?<!checksum[ :=])(?<!digest[ :=])(?!sha(?:256|384|512)-)"
        r"(?P<value>(?=[A-Za-z0-9+/=_~-]{20})[A-Za-z0-9+/_~-]{1,512}={0,2})(?![A-Za-z0-9+/=_~.-])",
        0.55,
        validator=generic_secret_value,
        context=_FIELD_WORDS,
        context_required=True,
        source="A random-looking token in a field or sentence that names a credential",
    ),
)

"""Builders of credential-shaped test values, assembled at run time.

Values are generated from each provider's documented shape (prefix, length, alphabet, checksum)
with a seeded generator, never written out literally, so the repository holds no string that a
push-protection scanner would take for a live credential.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import random
import string
import zlib

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa

B62 = string.digits + string.ascii_uppercase + string.ascii_lowercase
ALNUM = string.ascii_letters + string.digits
HEX = "0123456789abcdef"
URLSAFE = ALNUM + "_-"
BECH32 = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"


class TokenFactory:
    """Seeded source of random bodies and whole provider tokens."""

    def __init__(self, seed: int = 7) -> None:
        self.rng = random.Random(seed)

    def chars(self, alphabet: str, count: int) -> str:
        """``count`` random characters of ``alphabet``, always mixing in a digit."""
        body = [self.rng.choice(alphabet) for _ in range(count)]
        digits = [c for c in alphabet if c.isdigit()]
        if digits and not any(c.isdigit() for c in body):
            body[self.rng.randrange(count)] = self.rng.choice(digits)
        return "".join(body)

    def uuid(self) -> str:
        """A random version-4 style UUID."""
        h = self.chars(HEX, 32)
        return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-a{h[17:20]}-{h[20:]}"

    def github(self, prefix: str) -> str:
        """A GitHub token with a correct base62 CRC32 tail."""
        body = self.chars(ALNUM, 30)
        number = zlib.crc32(body.encode())
        tail = ""
        while number:
            number, rem = divmod(number, 62)
            tail = B62[rem] + tail
        return f"{prefix}_{body}{tail.rjust(6, '0')}"


def b64url(data: bytes) -> str:
    """Unpadded base64url."""
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def jwt(claims: dict[str, object], key: bytes = b"k" * 32) -> str:
    """An HS256-signed JWT."""
    header = b64url(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
    payload = b64url(json.dumps(claims).encode())
    signature = hmac.new(key, f"{header}.{payload}".encode(), hashlib.sha256).digest()
    return f"{header}.{payload}.{b64url(signature)}"


def rsa_pem() -> str:
    """A real RSA private key in PKCS#1 PEM."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=1024)
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.TraditionalOpenSSL,
        serialization.NoEncryption(),
    ).decode()


def ec_pkcs8_pem() -> str:
    """A real P-256 private key in PKCS#8 PEM."""
    key = ec.generate_private_key(ec.SECP256R1())
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()


def openssh_pem() -> str:
    """A real Ed25519 private key in OpenSSH format."""
    key = ed25519.Ed25519PrivateKey.generate()
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.OpenSSH, serialization.NoEncryption()
    ).decode()


def encrypted_rsa_pem() -> str:
    """A real passphrase-protected PKCS#8 key."""
    key = ec.generate_private_key(ec.SECP256R1())
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(b"passphrase"),
    ).decode()


def build_tokens(seed: int = 7) -> dict[str, str]:
    """One token per provider kind exercised by the tests, keyed by a short label."""
    f = TokenFactory(seed)
    c = f.chars
    sk, rk = "sk" + "_live_", "rk" + "_test_"
    return {
        "aws_id": "AKIA" + c("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16),
        "aws_secret": c(ALNUM + "+/", 40),
        "gcp": "AIza" + c(URLSAFE, 35),
        "gcp_oauth_secret": "GOCSPX-" + c(URLSAFE, 28),
        "azure_account_key": c(ALNUM + "+/", 86) + "==",
        "azure_ad_secret": c(ALNUM, 3) + "8Q~" + c(ALNUM + "_.-", 34),
        "do": "dop_v1_" + c(HEX, 64),
        "heroku": "HRKU-AA" + c(URLSAFE, 58),
        "heroku_uuid": f.uuid(),
        "alibaba": "LTAI" + c(ALNUM, 20),
        "ghp": f.github("ghp"),
        "ghs": f.github("ghs"),
        "gho": f.github("gho"),
        "github_fg": "github_pat_" + c(ALNUM, 22) + "_" + c(ALNUM, 59),
        "glpat": "glpat-" + c(URLSAFE, 20),
        "glrt": "glrt-" + c(URLSAFE, 20),
        "atbb": "ATBB" + c(ALNUM, 32),
        "atatt": "ATATT3" + c(URLSAFE, 186),
        "linear": "lin_api_" + c(ALNUM, 40),
        "sonar": "squ_" + c(HEX, 40),
        "stripe": sk + c(ALNUM, 99),
        "stripe_rk": rk + c(ALNUM, 99),
        "whsec": "whsec_" + c(ALNUM, 32),
        "square_secret": "sq0csp-" + c(URLSAFE, 43),
        "braintree": "access_token$production$"
        + c("abcdefghijklmnopqrstuvwxyz0123456789", 16)
        + "$"
        + c(HEX, 32),
        "shopify": "shpat_" + c(HEX, 32),
        "plaid": "access-production-" + f.uuid(),
        "easypost": "EZAK" + c(ALNUM, 54),
        "slack_bot": "xoxb-" + c("0123456789", 12) + "-" + c("0123456789", 13) + "-" + c(ALNUM, 24),
        "slack_user": "xoxp-" + "-".join(c("0123456789", 11) for _ in range(3)) + "-" + c(HEX, 32),
        "slack_hook": "T"
        + c("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", 8)
        + "/B"
        + c("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", 8)
        + "/"
        + c(ALNUM, 24),
        "discord_hook": c(URLSAFE, 68),
        "telegram": c("0123456789", 10) + ":AA" + c(URLSAFE, 33),
        "twilio_token": c(HEX, 32),
        "sendgrid": "SG." + c(URLSAFE, 22) + "." + c(URLSAFE, 43),
        "mailgun": "key-" + c(HEX, 32),
        "mailchimp": c(HEX, 32) + "-us21",
        "openai": "sk-proj-" + c(URLSAFE, 74) + "T3BlbkFJ" + c(URLSAFE, 74),
        "openai_plain": "sk-" + c(ALNUM, 20) + "T3BlbkFJ" + c(ALNUM, 20),
        "anthropic": "sk-ant-api03-" + c(URLSAFE, 93) + "AA",
        "hf": "hf_" + c(string.ascii_letters, 34),
        "groq": "gsk_" + c(ALNUM, 52),
        "pplx": "pplx-" + c(ALNUM, 48),
        "langsmith": "lsv2_pt_" + c(HEX, 32) + "_" + c(HEX, 10),
        "pscale": "pscale_pw_" + c(URLSAFE, 43),
        "supabase": "sbp_" + c(HEX, 40),
        "databricks": "dapi" + c(HEX, 32),
        "airtable": "pat" + c(ALNUM, 14) + "." + c(HEX, 64),
        "npm": "npm_" + c(ALNUM, 36),
        "pypi": "pypi-AgEIcHlwaS5vcmc" + c(URLSAFE, 120),
        "docker": "dckr_pat_" + c(URLSAFE, 27),
        "jfrog": "AKCp" + c(ALNUM, 69),
        "notion": "ntn_" + c("0123456789", 11) + c(ALNUM, 35),
        "postman": "PMAK-" + c(HEX, 24) + "-" + c(HEX, 34),
        "datadog": c(HEX, 32),
        "sentry": "sntryu_" + c(HEX, 64),
        "newrelic": "NRAK-" + c("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", 27),
        "grafana_sa": "glsa_" + c(ALNUM, 32) + "_" + c(HEX, 8),
        "vault": "hvs." + c(URLSAFE, 95),
        "tfc": c(ALNUM, 14) + ".atlasv1." + c(URLSAFE, 67),
        "age": "AGE-SECRET-KEY-1" + c(BECH32, 58).upper(),
        "doppler": "dp.st." + c(ALNUM, 43),
        "pulumi": "pul-" + c(HEX, 40),
        "generic": c(ALNUM, 40),
        "password": "Tr0ub4dor&" + c(ALNUM, 4),
    }

"""Infrastructure, deployment and secret managers: Terraform, Vault, Pulumi, Doppler, 1Password, age."""

from __future__ import annotations

from dlp.classifiers.patterns import PatternRule
from dlp.classifiers.secrets._build import KEY_LEFT, KEY_RIGHT, custom, keyed, prefixed
from dlp.classifiers.secrets.validators import random_token

RULES: tuple[PatternRule, ...] = (
    prefixed("pulumi_access_token", r"pul-[a-f0-9]{40}", 0.95, source="Pulumi access token: pul- + 40 hex"),
    prefixed(
        "doppler_token",
        r"dp\.(?:pt|st|sa|ct|scim|audit)\.[A-Za-z0-9]{40,44}",
        0.95,
        source="Doppler tokens: dp.pt. (personal), dp.st. (service), dp.sa., dp.ct., dp.scim., dp.audit.",
    ),
    prefixed(
        "onepassword_secret_key",
        r"A3-[A-Z0-9]{6}-(?:[A-Z0-9]{11}|[A-Z0-9]{6}-[A-Z0-9]{5})-[A-Z0-9]{5}-[A-Z0-9]{5}-[A-Z0-9]{5}",
        0.95,
        source="1Password account Secret Key: A3-XXXXXX-XXXXXX-XXXXX-XXXXX-XXXXX-XXXXX",
    ),
    prefixed(
        "onepassword_service_account_token",
        r"ops_eyJ[A-Za-z0-9+/]{250,8000}={0,3}",
        0.97,
        source="1Password service account token: ops_ + base64 JSON",
    ),
    prefixed(
        "age_secret_key",
        r"AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}",
        0.99,
        source="age X25519 identity: Bech32 'AGE-SECRET-KEY-1' + 58 data characters",
    ),
    prefixed("infracost_api_key", r"ico-[A-Za-z0-9]{32}", 0.9, source="Infracost API key: ico- + 32"),
    prefixed(
        "scalingo_api_token", r"tk-us-[A-Za-z0-9_-]{48}", 0.95, source="Scalingo API token: tk-us- + 48"
    ),
    prefixed(
        "flyio_access_token",
        r"(?:FlyV1 )?(?:fo1_[A-Za-z0-9_-]{43}|fm[12][ar]?_[A-Za-z0-9+/=_-]{100,1000})",
        0.9,
        source="Fly.io tokens: fo1_ (OAuth) and fm1/fm2 macaroons (optionally 'FlyV1 ')",
    ),
    prefixed(
        "netlify_pat",
        r"nfp_[A-Za-z0-9]{36}",
        0.95,
        source="Netlify personal access token: nfp_ prefix",
    ),
    keyed(
        "netlify_access_token_legacy",
        r"[A-Za-z0-9_-]{40,46}",
        ("netlify",),
        0.7,
        validator=random_token(3.5, 40),
        source="Netlify access token (legacy): 40-46 URL-safe characters",
    ),
    keyed(
        "vercel_token",
        r"[A-Za-z0-9]{24}",
        ("vercel", "now_token", "zeit"),
        0.7,
        validator=random_token(3.5, 24),
        source="Vercel access token: 24 alphanumerics",
    ),
    prefixed("render_api_key", r"rnd_[A-Za-z0-9]{32}", 0.9, source="Render API key: rnd_ prefix"),
    prefixed(
        "hashicorp_tf_api_token",
        r"[A-Za-z0-9]{14}\.atlasv1\.[A-Za-z0-9_=-]{60,70}",
        0.95,
        source="Terraform Cloud / Enterprise API token: <14>.atlasv1.<60-70>",
    ),
    prefixed(
        "vault_service_token",
        r"hvs\.[A-Za-z0-9_-]{90,120}",
        0.95,
        source="HashiCorp Vault 1.10+ service token: hvs. prefix",
    ),
    prefixed(
        "vault_batch_token",
        r"hvb\.[A-Za-z0-9_-]{138,300}",
        0.95,
        source="HashiCorp Vault 1.10+ batch token: hvb. prefix",
    ),
    prefixed(
        "vault_recovery_token",
        r"hvr\.[A-Za-z0-9_-]{90,120}",
        0.95,
        source="HashiCorp Vault 1.10+ recovery token: hvr. prefix",
    ),
    custom(
        "vault_token_legacy",
        rf"{KEY_LEFT}(?P<value>[sbr]\.[A-Za-z0-9]{{24}}){KEY_RIGHT}",
        0.75,
        validator=random_token(3.5, 26),
        context=("vault",),
        context_required=True,
        source="HashiCorp Vault token before 1.10: s./b./r. + 24 alphanumerics",
    ),
)

"""Developer tooling: package registries, containers, observability, automation and productivity APIs."""

from __future__ import annotations

from dlp.classifiers.patterns import PatternRule
from dlp.classifiers.secrets._build import HEX32, UUID, keyed, prefixed
from dlp.classifiers.secrets.validators import random_token

RULES: tuple[PatternRule, ...] = (
    prefixed("npm_access_token", r"npm_[A-Za-z0-9]{36}", 0.95, source="npm access token: npm_ + 36 base62"),
    prefixed(
        "pypi_upload_token",
        r"pypi-AgE(?:IcHlwaS5vcmc|NdGVzdC5weXBpLm9yZw)[A-Za-z0-9_-]{50,1000}",
        0.99,
        source="PyPI API token: pypi- + macaroon whose location is pypi.org / test.pypi.org",
    ),
    prefixed(
        "rubygems_api_key", r"rubygems_[a-f0-9]{48}", 0.95, source="RubyGems API key: rubygems_ + 48 hex"
    ),
    prefixed("nuget_api_key", r"oy2[a-z0-9]{43}", 0.85, source="NuGet.org API key: oy2 + 43"),
    prefixed(
        "clojars_api_token", r"CLOJARS_[a-z0-9]{60}", 0.95, source="Clojars deploy token: CLOJARS_ + 60"
    ),
    prefixed(
        "docker_hub_pat",
        r"dckr_(?:pat|oat)_[A-Za-z0-9_-]{27,32}",
        0.95,
        source="Docker Hub personal / organization access token: dckr_pat_, dckr_oat_",
    ),
    prefixed(
        "jfrog_api_key",
        r"AKCp[A-Za-z0-9]{69}",
        0.9,
        source="JFrog Artifactory API key: AKCp + 69 alphanumerics",
    ),
    prefixed(
        "jfrog_reference_token",
        r"cmVmd[A-Za-z0-9]{59}",
        0.85,
        source="JFrog reference token: base64('ref') prefix, 64 characters",
    ),
    keyed(
        "jfrog_identity_token",
        r"[a-z0-9]{64}",
        ("jfrog", "artifactory"),
        0.7,
        validator=random_token(3.5, 64),
    ),
    prefixed(
        "postman_api_key",
        r"PMAK-[a-f0-9]{24}-[a-f0-9]{34}",
        0.97,
        source="Postman API key: PMAK-<24 hex>-<34 hex>",
    ),
    prefixed("prefect_api_key", r"pnu_[A-Za-z0-9]{36}", 0.95, source="Prefect Cloud API key: pnu_ + 36"),
    prefixed("readme_api_key", r"rdme_[a-z0-9]{70}", 0.95, source="ReadMe API key: rdme_ + 70"),
    prefixed(
        "settlemint_personal_access_token",
        r"sm_pat_[a-zA-Z0-9]{16}",
        0.9,
        source="SettleMint personal access token: sm_pat_ + 16",
    ),
    prefixed(
        "settlemint_application_access_token",
        r"sm_aat_[a-zA-Z0-9]{16}",
        0.9,
        source="SettleMint application access token: sm_aat_ + 16",
    ),
    prefixed(
        "settlemint_service_access_token",
        r"sm_sat_[a-zA-Z0-9]{16}",
        0.9,
        source="SettleMint service access token: sm_sat_ + 16",
    ),
    prefixed(
        "frameio_api_token", r"fio-u-[A-Za-z0-9_=-]{64}", 0.95, source="Frame.io developer token: fio-u-"
    ),
    prefixed(
        "defined_networking_api_token",
        r"dnkey-[a-z0-9=_-]{26}-[a-z0-9=_-]{52}",
        0.95,
        source="Defined Networking API key: dnkey-<26>-<52>",
    ),
    prefixed(
        "authress_access_key",
        r"(?:sc|ext|scauth|authress)_[a-z0-9]{5,30}\.[a-z0-9]{4,6}\.acc[_-][a-z0-9-]{10,32}\.[a-z0-9+/_=-]{30,120}",
        0.95,
        source="Authress service client access key: <type>_<client>.<kid>.acc_<account>.<secret>",
    ),
    prefixed("figma_pat", r"figd_[A-Za-z0-9_-]{40}", 0.95, source="Figma personal access token: figd_ + 40"),
    prefixed(
        "typeform_pat",
        r"tfp_[A-Za-z0-9_.=-]{59}",
        0.9,
        source="Typeform personal access token: tfp_ + 59",
    ),
    prefixed(
        "notion_integration_token",
        r"ntn_[0-9]{11}[A-Za-z0-9]{35}",
        0.95,
        source="Notion integration token (2024 format): ntn_ + 11 digits + 35 alphanumerics",
    ),
    prefixed(
        "notion_integration_token_legacy",
        r"secret_[A-Za-z0-9]{43}",
        0.8,
        context=("notion",),
        source="Notion internal integration secret (before 2024): secret_ + 43",
    ),
    prefixed(
        "asana_pat",
        r"[0-9]/[0-9]{10,20}(?:/[0-9]{10,20})?:[A-Za-z0-9]{32}",
        0.85,
        source="Asana personal access token: <version>/<user id>[/<id>]:<32 chars>",
    ),
    keyed("looker_client_id", r"[A-Za-z0-9]{20}", ("looker",), 0.6, validator=random_token(3.2, 20)),
    keyed("looker_client_secret", r"[A-Za-z0-9]{24}", ("looker",), 0.7, validator=random_token(3.5, 24)),
    keyed("asana_client_id", r"[0-9]{16}", ("asana",), 0.6),
    keyed("asana_client_secret", r"[a-z0-9]{32}", ("asana",), 0.7, validator=random_token(3.5, 32)),
    keyed(
        "okta_api_token",
        r"00[A-Za-z0-9_-]{40}",
        ("okta", "ssws"),
        0.8,
        source="Okta API token: 42 characters starting 00",
    ),
    prefixed(
        "hubspot_private_app_token",
        rf"pat-(?:na|eu|ap)[0-9]-{UUID}",
        0.95,
        source="HubSpot private app access token: pat-<region>-<UUID>",
    ),
    keyed("hubspot_api_key_legacy", UUID, ("hubspot", "hapikey"), 0.75),
    prefixed(
        "maxmind_license_key",
        r"[A-Za-z0-9]{6}_[A-Za-z0-9]{29}_mmk",
        0.95,
        source="MaxMind license key (2024 format): <6>_<29>_mmk",
    ),
    prefixed(
        "adobe_client_secret",
        r"p8e-[A-Za-z0-9_-]{32}",
        0.9,
        source="Adobe I/O client secret: p8e- + 32",
    ),
    keyed("adobe_client_id", HEX32, ("adobe",), 0.6),
    prefixed("adafruit_io_key", r"aio_[A-Za-z0-9]{28}", 0.9, source="Adafruit IO key: aio_ + 28"),
    keyed("adafruit_io_key_legacy", r"[a-z0-9_-]{32}", ("adafruit",), 0.7, validator=random_token(3.5, 32)),
    keyed("cisco_meraki_api_key", r"[a-f0-9]{40}", ("meraki",), 0.75),
    keyed(
        "confluent_api_key",
        r"[A-Za-z0-9]{16}",
        ("confluent", "ccloud", "kafka"),
        0.6,
        validator=random_token(3.2, 16),
    ),
    keyed(
        "confluent_api_secret",
        r"[A-Za-z0-9+/]{64}",
        ("confluent", "ccloud", "kafka"),
        0.75,
        validator=random_token(3.8, 64),
    ),
    keyed("fastly_api_token", r"[A-Za-z0-9_=-]{32}", ("fastly",), 0.7, validator=random_token(3.2, 32)),
    keyed(
        "sidekiq_credentials",
        r"[a-f0-9]{8}:[a-f0-9]{8}",
        ("sidekiq", "contribsys", "bundle_enterprise", "bundle_gems"),
        0.85,
        source="Sidekiq Pro/Enterprise gem server credentials: <8 hex>:<8 hex>",
    ),
    keyed("dropbox_access_token", r"sl\.[A-Za-z0-9_-]{130,1500}", ("dropbox",), 0.85),
    keyed(
        "dropbox_long_lived_token",
        r"[a-z0-9]{11}AAAAAAAAAA[A-Za-z0-9_-]{43}",
        ("dropbox",),
        0.8,
    ),
    keyed("dropbox_app_secret", r"[a-z0-9]{15}", ("dropbox",), 0.6, validator=random_token(3.2, 15)),
)

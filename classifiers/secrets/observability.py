"""Observability and feature-flag services: Sentry, Datadog, New Relic, Grafana, Dynatrace, Sumo Logic..."""

from __future__ import annotations

from dlp.classifiers.patterns import PatternRule
from dlp.classifiers.secrets._build import HEX32, HEX64, UUID, keyed, prefixed
from dlp.classifiers.secrets.validators import random_token

# "sumo" alone is a prefix of sumOf..., sumObj...: require a separator or the full name.
_SUMO = ("sumologic", "sumo_", "sumo-", "sumo ", "sumotoken", "sumokey", "sumo:")

RULES: tuple[PatternRule, ...] = (
    prefixed(
        "sentry_user_token",
        r"sntryu_[a-f0-9]{64}",
        0.97,
        source="Sentry user auth token: sntryu_ + 64 hex",
    ),
    prefixed(
        "sentry_org_token",
        r"sntrys_eyJ[A-Za-z0-9+/=_-]{60,1000}_[A-Za-z0-9+/]{43}",
        0.97,
        source="Sentry organization token: sntrys_ + base64 JSON + _ + secret",
    ),
    keyed("sentry_auth_token_legacy", HEX64, ("sentry",), 0.75),
    keyed(
        "datadog_api_key",
        HEX32,
        ("datadog", "dd_api_key", "dd-api-key", "dd_apikey"),
        0.75,
        source="Datadog API key: 32 hex",
    ),
    keyed(
        "datadog_app_key",
        r"[a-z0-9]{40}",
        ("datadog", "dd_app_key", "dd-application-key", "dd_application_key"),
        0.75,
        validator=random_token(3.3, 40),
        source="Datadog application key: 40 characters",
    ),
    prefixed("newrelic_user_api_key", r"NRAK-[A-Za-z0-9]{27}", 0.95, source="New Relic user key: NRAK- + 27"),
    prefixed("newrelic_insert_key", r"NRII-[A-Za-z0-9_-]{32}", 0.95, source="New Relic insert key: NRII-"),
    prefixed(
        "newrelic_browser_key", r"NRJS-[a-f0-9]{19}", 0.85, source="New Relic browser key: NRJS- + 19 hex"
    ),
    prefixed(
        "newrelic_license_key",
        r"[a-f0-9]{36}NRAL",
        0.95,
        source="New Relic ingest license key: 36 hex + NRAL",
    ),
    keyed(
        "newrelic_api_id",
        r"[a-z0-9]{64}",
        ("new-relic", "newrelic", "new_relic"),
        0.6,
        validator=random_token(3.5, 64),
    ),
    prefixed(
        "grafana_cloud_token",
        r"glc_[A-Za-z0-9+/]{32,400}={0,2}",
        0.95,
        source="Grafana Cloud access policy token: glc_ + base64",
    ),
    prefixed(
        "grafana_service_account_token",
        r"glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8}",
        0.97,
        source="Grafana service account token: glsa_ + 32 + _ + 8 hex checksum",
    ),
    prefixed(
        "grafana_api_key_legacy",
        r"eyJrIjoi[A-Za-z0-9]{60,400}={0,2}",
        0.9,
        source='Grafana API key (legacy): base64 JSON starting {"k":"',
    ),
    prefixed(
        "dynatrace_api_token",
        r"dt0[cs]01\.[A-Za-z0-9]{24}\.[A-Za-z0-9]{64}",
        0.97,
        source="Dynatrace token: dt0c01.<24 public>.<64 secret>",
    ),
    prefixed(
        "launchdarkly_access_token",
        rf"(?:api|sdk|mob)-{UUID}",
        0.85,
        source="LaunchDarkly API access token / SDK key / mobile key: api-|sdk-|mob- + UUID",
    ),
    keyed(
        "launchdarkly_token_legacy",
        r"[A-Za-z0-9_=-]{40}",
        ("launchdarkly", "launch_darkly"),
        0.7,
        validator=random_token(3.5, 40),
    ),
    keyed(
        "sumologic_access_id",
        r"su[A-Za-z0-9]{12}",
        _SUMO,
        0.7,
        validator=random_token(3.0, 14),
        source="Sumo Logic access ID: su + 12",
    ),
    keyed("sumologic_access_key", r"[A-Za-z0-9]{64}", _SUMO, 0.75, validator=random_token(3.8, 64)),
)

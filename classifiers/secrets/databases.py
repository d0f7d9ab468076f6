"""Managed databases and data platforms: PlanetScale, Supabase, Neon, Databricks, ClickHouse, Airtable..."""

from __future__ import annotations

from dlp.classifiers.patterns import PatternRule
from dlp.classifiers.secrets._build import HEX32, keyed, prefixed
from dlp.classifiers.secrets.validators import random_token

RULES: tuple[PatternRule, ...] = (
    prefixed(
        "planetscale_password",
        r"pscale_pw_[A-Za-z0-9_.=-]{32,64}",
        0.95,
        source="PlanetScale database password: pscale_pw_ prefix",
    ),
    prefixed(
        "planetscale_api_token",
        r"pscale_tkn_[A-Za-z0-9_.=-]{32,64}",
        0.95,
        source="PlanetScale service token: pscale_tkn_ prefix",
    ),
    prefixed(
        "planetscale_oauth_token",
        r"pscale_oauth_[A-Za-z0-9_.=-]{32,64}",
        0.95,
        source="PlanetScale OAuth token: pscale_oauth_ prefix",
    ),
    prefixed(
        "supabase_access_token",
        r"sbp_(?:oauth_)?[a-f0-9]{40}",
        0.95,
        source="Supabase personal/OAuth access token: sbp_ + 40 hex",
    ),
    prefixed(
        "supabase_secret_key",
        r"sb_secret_[A-Za-z0-9_-]{31,40}",
        0.95,
        source="Supabase secret API key (2025 format): sb_secret_ prefix",
    ),
    prefixed("neon_api_key", r"napi_[a-z0-9]{64}", 0.95, source="Neon API key: napi_ + 64"),
    prefixed(
        "databricks_api_token",
        r"dapi[a-f0-9]{32}(?:-\d)?",
        0.9,
        source="Databricks personal access token: dapi + 32 hex [+ -<n>]",
    ),
    prefixed(
        "databricks_oauth_secret",
        r"dose[a-f0-9]{32}",
        0.9,
        source="Databricks service principal OAuth secret: dose + 32 hex",
    ),
    prefixed(
        "clickhouse_cloud_api_secret",
        r"4b1d[A-Za-z0-9]{38}",
        0.8,
        context=("clickhouse",),
        source="ClickHouse Cloud API key secret: 4b1d + 38 alphanumerics",
    ),
    prefixed(
        "airtable_pat",
        r"pat[A-Za-z0-9]{14}\.[a-f0-9]{64}",
        0.95,
        source="Airtable personal access token: pat<14>.<64 hex>",
    ),
    keyed(
        "airtable_api_key_legacy",
        r"(?:key)?[A-Za-z0-9]{14,17}",
        ("airtable",),
        0.7,
        validator=random_token(3.2, 14),
        source="Airtable API key (retired 2024): key + 14 alphanumerics",
    ),
    keyed("algolia_admin_key", HEX32, ("algolia",), 0.75, source="Algolia admin/search API key: 32 hex"),
    keyed(
        "influxdb_token",
        r"[A-Za-z0-9_-]{86}==",
        ("influx",),
        0.8,
        source="InfluxDB 2.x API token: 64 bytes base64url (88 chars with padding)",
    ),
    keyed(
        "fauna_secret",
        r"fn[A-Za-z0-9_-]{38}",
        ("fauna",),
        0.8,
        source="Fauna secret: fn + 38 characters",
    ),
    keyed(
        "contentful_delivery_token",
        r"[A-Za-z0-9_=-]{43}",
        ("contentful",),
        0.7,
        validator=random_token(3.5, 43),
    ),
    prefixed(
        "contentful_management_token",
        r"CFPAT-[A-Za-z0-9_-]{43}",
        0.95,
        source="Contentful content management token: CFPAT- prefix",
    ),
    prefixed(
        "firebase_cloud_messaging_key",
        r"AAAA[A-Za-z0-9_-]{7}:APA91b[A-Za-z0-9_-]{134}",
        0.95,
        source="Firebase Cloud Messaging legacy server key: AAAA<7>:APA91b<134>",
    ),
    keyed(
        "elastic_api_key",
        r"[A-Za-z0-9_-]{20}:[A-Za-z0-9_-]{22}|[A-Za-z0-9+/]{50,120}={0,2}",
        ("elastic", "elasticsearch", "es_api_key"),
        0.7,
        validator=random_token(3.8, 40),
        source="Elasticsearch API key: id:api_key or its base64 form",
    ),
)

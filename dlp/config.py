"""Runtime configuration: the only module that reads environment variables.

Everything else receives a :class:`Config` (or parts of it) as an argument. Settings come from,
in increasing precedence: built-in defaults, a YAML file named by ``DLP_CONFIG``, and ``DLP_*``
environment variables. Secrets for the service itself (database password, KMS credentials)
come from the environment or files named here, never from a policy.
"""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, SecretStr, ValidationError

from dlp.errors import ConfigError

DEFAULT_MAX_PAYLOAD_BYTES = 10 * 1024 * 1024
DEFAULT_MAX_DEPTH = 64


def default_data_dir() -> Path:
    """Where the embedded SQLite vault, local keys and audit files live by default."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "mcp-dlp"


def default_cache_dir() -> Path:
    """Where derived, rebuildable files (the compiled pattern database) are cached."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "mcp-dlp"


class AuditSinkConfig(BaseModel):
    """One off-host destination of the audit trail."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    type: Literal["stdout", "webhook", "syslog"]
    #: webhook: the HTTPS endpoint; its bearer token comes from ``DLP_AUDIT_WEBHOOK_TOKEN``.
    url: str | None = None
    #: syslog: receiver address; ``tls`` turns on RFC 5425 (TLS 1.3), ``ca_file`` pins its CA.
    host: str | None = None
    port: int | None = Field(default=None, gt=0, lt=65536)
    tls: bool = False
    ca_file: Path | None = None


def _pairs(value: object) -> object:
    return tuple(sorted(value.items())) if isinstance(value, Mapping) else value


def _proxy_list(value: object) -> object:
    """``trusted_proxies`` as a tuple of normalised addresses and networks (a string is comma-separated)."""
    if isinstance(value, str):
        value = [item.strip() for item in value.split(",") if item.strip()]
    if not isinstance(value, (list, tuple)):
        return value  # pydantic reports the wrong type
    entries: list[str] = []
    for item in value:
        text = str(item).strip()
        try:
            # uvicorn turns an entry it cannot parse into a literal that never matches an address,
            # and "*" into "trust everyone": refuse both here instead of serving with either.
            parsed = ipaddress.ip_network(text) if "/" in text else ipaddress.ip_address(text)
        except ValueError:
            raise ValueError(f"entry {len(entries) + 1} is not an IP address or CIDR network") from None
        entries.append(str(parsed))
    return tuple(entries)


class Config(BaseModel):
    """Every setting mcp-dlp reads, validated; unknown keys are errors."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    #: Policy YAML; None means the packaged ``policies/default.yaml``.
    policy_path: Path | None = None
    #: Tenant -> its own policy YAML (written as a mapping; kept as sorted pairs so the config
    #: stays hashable); a tenant not listed gets ``policy_path`` (or the packaged default).
    tenant_policies: Annotated[tuple[tuple[str, Path], ...], BeforeValidator(_pairs)] = ()
    #: Largest payload accepted, in bytes of UTF-8 JSON.
    max_payload_bytes: int = Field(default=DEFAULT_MAX_PAYLOAD_BYTES, gt=0)
    #: Deepest nesting of arrays and objects accepted (JSON inside text strings counts on).
    max_depth: int = Field(default=DEFAULT_MAX_DEPTH, gt=1, le=10_000)
    #: Seconds one inspection may take before it fails closed.
    inspection_timeout_s: float = Field(default=10.0, gt=0)
    #: Run the NER pipeline on free-text slots.
    ner_enabled: bool = True
    #: Name or path of a spaCy pipeline to use instead of the shipped one.
    ner_pipeline: str | None = None
    #: Count a bare login as a PERSON: under a user record's key (``user.login``, ``author.username``)
    #: or after a log phrase (``closed by jsmith``). Off, only ``@handles`` and names count.
    person_logins: bool = True
    #: Presidio predefined recognizer class names to run as extra detectors.
    presidio_recognizers: tuple[str, ...] = ()
    #: Presidio YAML recognizer file (custom patterns written by compliance staff).
    custom_recognizers_path: Path | None = None
    #: Folder for the embedded vault database, generated local keys and audit files.
    data_dir: Path = Field(default_factory=default_data_dir)
    #: Folder for rebuildable caches (compiled pattern database); None disables caching.
    cache_dir: Path | None = Field(default_factory=default_cache_dir)
    #: SQLAlchemy URL of the vault and audit database; None means SQLite in ``data_dir``.
    database_url: str | None = None
    #: HTTP service bind address.
    host: str = "127.0.0.1"
    port: int = Field(default=8080, gt=0, lt=65536)
    log_level: str = "INFO"
    #: Gateway YAML: upstream MCP servers served at ``/mcp/<name>`` by ``mcp-dlp serve``.
    gateway_config_path: Path | None = None
    #: Vault access rules (who may re-identify what); None grants nothing to anyone.
    vault_access_rules: Path | None = None
    #: Serve POST /v1/reidentify. Off by default: until the service authenticates callers, the
    #: requester's identity in the body is only as trustworthy as the network in front of it.
    http_reidentify_enabled: bool = False
    #: Write an audit event for every inspected message (database plus JSON-lines mirror).
    audit_enabled: bool = True
    #: JSON-lines mirror of the trail; None means ``audit.jsonl`` in ``data_dir``.
    audit_mirror_path: Path | None = None
    #: Sign the chain head every N events.
    audit_checkpoint_every: int = Field(default=100, gt=0)
    audit_sinks: tuple[AuditSinkConfig, ...] = ()
    audit_webhook_token: SecretStr | None = None
    #: Alert thresholds: calls and sensitive findings per session per window, request size.
    alert_window_s: float = Field(default=60.0, gt=0)
    alert_max_calls: int = Field(default=120, gt=0)
    alert_max_findings: int = Field(default=200, gt=0)
    alert_max_request_bytes: int = Field(default=256 * 1024, gt=0)
    #: Inspect images, PDFs and attachments (OCR, text layers, archives); off passes them unread.
    media_enabled: bool = True
    #: Largest decoded attachment inspected; bigger ones fail closed (``media_limit_exceeded``).
    media_max_bytes: int = Field(default=8 * 1024 * 1024, gt=0)
    #: Largest image (width x height, also per rendered PDF page): decompression-bomb guard.
    media_max_pixels: int = Field(default=25_000_000, gt=0)
    #: Most PDF pages (or image frames) inspected in one attachment.
    media_max_pages: int = Field(default=50, gt=0)
    #: Deepest nesting of archives (a zip inside a zip is depth 2).
    media_max_archive_depth: int = Field(default=2, ge=1, le=8)
    #: Highest uncompressed-to-compressed ratio of an archive member (zip-bomb guard).
    media_max_archive_ratio: int = Field(default=100, gt=1)
    #: Most members read from one archive, and most bytes extracted from it in total.
    media_max_archive_members: int = Field(default=500, gt=0)
    media_max_extracted_bytes: int = Field(default=32 * 1024 * 1024, gt=0)
    #: Tesseract language(s), e.g. ``eng`` or ``eng+deu`` (the traineddata must be installed).
    ocr_language: str = Field(default="eng", pattern=r"^[A-Za-z_]+(\+[A-Za-z_]+)*$")
    #: Seconds tesseract may spend on one image or page before the message fails closed.
    ocr_timeout_s: float = Field(default=20.0, gt=0)
    #: Mean word confidence (0-100) below which OCR text that found nothing is not trusted.
    ocr_min_confidence: float = Field(default=55.0, ge=0, le=100)
    #: Resolution PDF pages are rendered at for OCR and for the redacted image-only copy.
    pdf_render_dpi: int = Field(default=150, ge=50, le=600)
    #: Require an authenticated caller (API key or OAuth bearer JWT) on every endpoint but
    #: /healthz and the protected-resource metadata; see docs/security.md. Off keeps the service
    #: as it was: unauthenticated, bound to 127.0.0.1.
    auth_enabled: bool = False
    #: OAuth 2.1 authorization server: JWT ``iss``, its JWKS URL, and the ``aud`` tokens must carry.
    auth_jwt_issuer: str | None = None
    auth_jwks_url: str | None = None
    auth_jwt_audience: str | None = None
    #: Asymmetric algorithms only: HS* (and ``none``) are refused whatever this says.
    auth_jwt_algorithms: tuple[str, ...] = ("RS256", "ES256", "PS256", "EdDSA")
    #: Claims naming the caller, their roles (a list or a space-separated string) and tenant.
    auth_user_claim: str = "sub"
    auth_roles_claim: str = "roles"
    auth_tenant_claim: str = "tenant"
    #: Seconds a fetched JWKS is trusted before it is fetched again (an unknown ``kid`` refetches once).
    auth_jwks_cache_s: float = Field(default=300.0, gt=0)
    #: Public URL of the service (``https://dlp.example.com``) for the protected-resource metadata;
    #: None derives it from the request.
    auth_resource_url: str | None = None
    #: Requests per minute per authenticated caller (tenant and user); None means unlimited.
    rate_limit_per_minute: int | None = Field(default=None, gt=0)
    #: Largest burst above the steady rate (token-bucket size); None means ``rate_limit_per_minute``.
    rate_limit_burst: int | None = Field(default=None, gt=0)
    #: Redis URL that replicas share their limits through; None keeps them in this process.
    rate_limit_redis_url: SecretStr | None = None
    #: Failed authentications per minute per client address before the address is refused (429)
    #: without its credentials being checked; None or 0 turns the check off (docs/security.md).
    auth_failure_limit_per_minute: int | None = Field(default=30, ge=0)
    #: Failures an address may make at once (token-bucket size); None means the per-minute figure.
    auth_failure_limit_burst: int | None = Field(default=None, gt=0)
    #: Reverse proxies (addresses or CIDR networks) whose ``X-Forwarded-For`` and
    #: ``X-Forwarded-Proto`` ``mcp-dlp serve`` believes; empty: every request is its connection's
    #: peer, whatever the headers or uvicorn's ``FORWARDED_ALLOW_IPS`` say (docs/security.md).
    trusted_proxies: Annotated[tuple[str, ...], BeforeValidator(_proxy_list)] = ()
    #: TLS for ``mcp-dlp serve``: certificate chain and key (PEM); a client CA turns on mutual TLS.
    tls_cert: Path | None = None
    tls_key: Path | None = None
    tls_client_ca: Path | None = None
    #: Accept TLS 1.2 (ECDHE with AES-GCM or ChaCha20 only); the default minimum is TLS 1.3.
    tls_allow_tls12: bool = False

    @property
    def resolved_database_url(self) -> str:
        """The database URL, defaulting to SQLite in the data folder."""
        return self.database_url or f"sqlite:///{self.data_dir / 'vault.db'}"

    def __repr__(self) -> str:
        # The database URL may carry a password: never print it.
        shown = self.model_dump(exclude={"database_url"})
        shown["database_url"] = "<set>" if self.database_url else None
        return f"Config({shown!r})"

    __str__ = __repr__


_ENV_KEYS: dict[str, str] = {
    "DLP_POLICY": "policy_path",
    "DLP_MAX_PAYLOAD_BYTES": "max_payload_bytes",
    "DLP_MAX_DEPTH": "max_depth",
    "DLP_INSPECTION_TIMEOUT": "inspection_timeout_s",
    "DLP_NER": "ner_enabled",
    "DLP_NER_PIPELINE": "ner_pipeline",
    "DLP_PERSON_LOGINS": "person_logins",
    "DLP_CUSTOM_RECOGNIZERS": "custom_recognizers_path",
    "DLP_DATA_DIR": "data_dir",
    "DLP_CACHE_DIR": "cache_dir",
    "DLP_DATABASE_URL": "database_url",
    "DLP_HOST": "host",
    "DLP_PORT": "port",
    "DLP_LOG_LEVEL": "log_level",
    "DLP_AUDIT": "audit_enabled",
    "DLP_VAULT_ACCESS_RULES": "vault_access_rules",
    "DLP_GATEWAY": "gateway_config_path",
    "DLP_HTTP_REIDENTIFY": "http_reidentify_enabled",
    "DLP_AUDIT_WEBHOOK_TOKEN": "audit_webhook_token",
    "DLP_MEDIA": "media_enabled",
    "DLP_OCR_LANGUAGE": "ocr_language",
    "DLP_OCR_TIMEOUT": "ocr_timeout_s",
    "DLP_AUTH": "auth_enabled",
    "DLP_AUTH_JWT_ISSUER": "auth_jwt_issuer",
    "DLP_AUTH_JWKS_URL": "auth_jwks_url",
    "DLP_AUTH_JWT_AUDIENCE": "auth_jwt_audience",
    "DLP_AUTH_RESOURCE_URL": "auth_resource_url",
    "DLP_RATE_LIMIT_PER_MINUTE": "rate_limit_per_minute",
    "DLP_RATE_LIMIT_REDIS_URL": "rate_limit_redis_url",
    "DLP_AUTH_FAILURE_LIMIT_PER_MINUTE": "auth_failure_limit_per_minute",
    "DLP_AUTH_FAILURE_LIMIT_BURST": "auth_failure_limit_burst",
    "DLP_TRUSTED_PROXIES": "trusted_proxies",
    "DLP_TLS_CERT": "tls_cert",
    "DLP_TLS_KEY": "tls_key",
    "DLP_TLS_CLIENT_CA": "tls_client_ca",
}


def process_environment() -> dict[str, str]:
    """A copy of the process environment, for gateway upstreams that name variables to pass on."""
    return dict(os.environ)


def uvicorn_forwarded_allow_ips(environ: Mapping[str, str] | None = None) -> str | None:
    """uvicorn's own ``FORWARDED_ALLOW_IPS`` variable, when set (``serve`` ignores it and says so)."""
    env = os.environ if environ is None else environ
    return env.get("FORWARDED_ALLOW_IPS")


def load_config(
    environ: Mapping[str, str] | None = None, *, config_file: str | Path | None = None, **overrides: Any
) -> Config:
    """Build the configuration from ``DLP_CONFIG`` file, ``DLP_*`` variables and ``overrides``.

    ``config_file`` (the CLI's ``--config``) stands in for ``DLP_CONFIG`` when given.
    """
    env = os.environ if environ is None else environ
    values: dict[str, Any] = {}
    config_file = config_file or env.get("DLP_CONFIG")
    if config_file:
        try:
            loaded = yaml.safe_load(Path(config_file).read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError) as exc:
            raise ConfigError(f"cannot read config file {config_file}: {type(exc).__name__}") from exc
        if not isinstance(loaded, dict):
            raise ConfigError(f"config file {config_file} must be a mapping of settings")
        values.update(loaded)
    for variable, key in _ENV_KEYS.items():
        if variable in env and env[variable] != "":
            values[key] = env[variable]
    if "DLP_PRESIDIO_RECOGNIZERS" in env:
        values["presidio_recognizers"] = tuple(
            name.strip() for name in env["DLP_PRESIDIO_RECOGNIZERS"].split(",") if name.strip()
        )
    values.update({key: value for key, value in overrides.items() if value is not None})
    try:
        return Config(**values)
    except ValidationError as exc:
        # Name the setting, never echo its value (it may be a credential-bearing URL).
        problems = "; ".join(f"{'.'.join(map(str, err['loc']))}: {err['msg']}" for err in exc.errors())
        raise ConfigError(f"invalid configuration: {problems}") from None

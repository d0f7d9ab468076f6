"""``build_engine(config)``: the one place where concrete objects are wired together."""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import hyperscan

from dlp.classifiers import phi
from dlp.classifiers.extractors import MediaLimits
from dlp.classifiers.ner import NerDetector, is_free_text
from dlp.classifiers.person_hints import person_hint_detectors
from dlp.classifiers.registry import all_pattern_rules
from dlp.classifiers.scanner import PatternScanner
from dlp.classifiers.source_code import SourceCodeDetector
from dlp.config import Config
from dlp.decision import Action, OperatorContext, Tokenizer
from dlp.engine import Engine, EngineParts, FreeTextHint
from dlp.findings import BatchDetector, Detector
from dlp.media import MediaInspector, MediaSettings
from dlp.models.loader import LoadedPipeline, load_pipeline
from dlp.operators import OperatorSet, load_or_create_hash_key, rewrite_text
from dlp.policy import Policy, default_policy, load_policy
from dlp.tenancy import TenantEngines


@dataclass(frozen=True)
class EngineInfo:
    """What ``mcp-dlp doctor`` and ``/healthz`` report about a built engine."""

    policy_name: str
    policy_version: str
    policy_source: str
    pattern_rules: int
    detectors: tuple[str, ...]
    ner_pipeline: str | None
    ner_labels: tuple[str, ...]
    ner_warning: str | None
    hyperscan_version: str

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "policy": {
                "name": self.policy_name,
                "version": self.policy_version,
                "source": self.policy_source,
            },
            "pattern_rules": self.pattern_rules,
            "detectors": list(self.detectors),
            "ner": {
                "pipeline": self.ner_pipeline,
                "labels": list(self.ner_labels),
                "warning": self.ner_warning,
            },
            "hyperscan": self.hyperscan_version,
        }


class LazyTokenizer:
    """Opens the vault on the first ``tokenize`` call, so policies without it never touch a database."""

    def __init__(self, factory: Callable[[], Tokenizer]) -> None:
        self._factory = factory
        self._tokenizer: Tokenizer | None = None
        self._lock = threading.Lock()

    def tokenize(self, value: str, entity: str, context: OperatorContext) -> str:
        """Delegate to the vault, opening it first if needed."""
        with self._lock:
            if self._tokenizer is None:
                self._tokenizer = self._factory()
        return self._tokenizer.tokenize(value, entity, context)


def configured_policy_path(config: Config, tenant: str | None = None) -> Path | None:
    """The tenant's own policy file, else the configured one; None means the packaged default."""
    own = dict(config.tenant_policies).get(tenant) if tenant is not None else None
    return own or config.policy_path


def load_configured_policy(config: Config, tenant: str | None = None) -> tuple[Policy, str]:
    """The policy the config names for ``tenant`` (or the packaged default) and where it came from."""
    path = configured_policy_path(config, tenant)
    if path is not None:
        return load_policy(path), str(path)
    return default_policy(), "packaged default"


def build_tenant_engines(config: Config, default: Engine) -> TenantEngines:
    """``default`` plus an engine for each tenant with its own policy (policies load, and fail, now)."""
    tokenizer = LazyTokenizer(functools.partial(_open_vault, config))
    hash_key = load_or_create_hash_key(config.data_dir / "hash.key")
    engines = {}
    for tenant, _path in config.tenant_policies:
        policy, _source = load_configured_policy(config, tenant)
        operators = OperatorSet(
            hash_key=hash_key, tokenizer=tokenizer if policy.uses_action(Action.TOKENIZE) else None
        )
        rewrite = functools.partial(rewrite_text, operators=operators)
        media = _media_inspector(config, policy, rewrite) if config.media_enabled else None
        engines[tenant] = default.derive(policy=policy, rewrite=rewrite, media_inspector=media)
    return TenantEngines(default, engines)


def build_engine(
    config: Config,
    *,
    tokenizer: Tokenizer | None = None,
    pipeline: LoadedPipeline | None = None,
    policy: Policy | None = None,
    free_text_hint: FreeTextHint | None = None,
) -> Engine:
    """An engine with every detector, the configured policy and its operators.

    ``policy`` replaces the configured one (the proxy passes a policy with a connector's overlay
    rules); ``free_text_hint`` lets a connector profile say which fields are prose.
    """
    if policy is None:
        policy, policy_source = load_configured_policy(config)
    else:
        policy_source = policy.source
    hash_key = load_or_create_hash_key(config.data_dir / "hash.key")
    if tokenizer is None and policy.uses_action(Action.TOKENIZE):
        tokenizer = LazyTokenizer(functools.partial(_open_vault, config))
    operators = OperatorSet(hash_key=hash_key, tokenizer=tokenizer)
    scanner = PatternScanner(all_pattern_rules(), cache_dir=config.cache_dir)
    detectors: list[Detector] = [
        scanner,
        SourceCodeDetector(),
        *person_hint_detectors(logins=config.person_logins),
    ]
    batch_detectors: list[BatchDetector] = _presidio_detectors(config, pipeline)
    gated: list[BatchDetector] = []
    if config.ner_enabled:
        pipeline = pipeline or load_pipeline(config.ner_pipeline)
        gated.append(NerDetector(pipeline))
    info = EngineInfo(
        policy_name=policy.name,
        policy_version=policy.version,
        policy_source=policy_source,
        pattern_rules=len(scanner.rules),
        detectors=tuple(d.name for d in (*detectors, *batch_detectors, *gated)),
        ner_pipeline=pipeline.name if pipeline else None,
        ner_labels=tuple(pipeline.labels) if pipeline else (),
        ner_warning=pipeline.warning if pipeline else "NER disabled by configuration: pattern detectors only",
        hyperscan_version=str(getattr(hyperscan, "__version__", "unknown")),
    )
    rewrite = functools.partial(rewrite_text, operators=operators)
    parts = EngineParts(
        policy=policy,
        rewrite=rewrite,
        detectors=tuple(detectors),
        batch_detectors=tuple(batch_detectors),
        gated_detectors=tuple(gated),
        ner_gate=is_free_text,
        health_context=phi.has_health_context,
        fingerprint_key=hash_key,
        max_payload_bytes=config.max_payload_bytes,
        max_depth=config.max_depth,
        timeout_s=config.inspection_timeout_s,
        media_inspector=_media_inspector(config, policy, rewrite) if config.media_enabled else None,
        free_text_hint=free_text_hint,
        pattern_detectors=frozenset(rule.name for rule in scanner.rules),
    )
    return Engine(parts, info=info)


def _media_inspector(config: Config, policy: Policy, rewrite: functools.partial[str]) -> MediaInspector:
    settings = MediaSettings(
        limits=MediaLimits.from_config(config),
        unknown_binary=policy.document.media.unknown_binary,
        low_confidence=policy.document.media.low_confidence,
        min_confidence=config.ocr_min_confidence,
    )
    return MediaInspector(settings, rewrite)


def _presidio_detectors(config: Config, pipeline: LoadedPipeline | None) -> list[BatchDetector]:
    if not config.presidio_recognizers and config.custom_recognizers_path is None:
        return []
    # Imported here: Presidio's start-up cost is paid only by deployments that ask for it.
    from dlp.classifiers.presidio_adapter import PresidioDetector  # noqa: PLC0415

    return [PresidioDetector.from_config(config, nlp=pipeline.nlp if pipeline else None)]


def _open_vault(config: Config) -> Tokenizer:
    from dlp.vault.store import open_store  # noqa: PLC0415 - the vault is opened only when a policy tokenizes

    return open_store(config)

"""Presidio adapter: Presidio recognizers (predefined by class name, or YAML) as one detector.

This is the only module besides ``models/`` that imports Presidio or spaCy. It also builds the
plain-Presidio baseline the benchmark compares the engine against.

Quirks handled here (Presidio 2.2):

* Presidio's ``EmailRecognizer`` validates matches with ``tldextract.extract``, whose module-level
  extractor fetches the public suffix list over the network on first use. Every email recognizer
  we build is swapped for :class:`_OfflineEmailRecognizer`, which reads tldextract's bundled
  snapshot: no socket is opened, nothing hangs when the network is absent.
* Context words are matched against spaCy lemmas, and a pipeline without a lemmatizer (such as
  ``spacy.blank("en")`` or a tok2vec+ner model) has empty lemmas, which silently disables
  context scoring; :class:`_LoadedSpacyEngine` falls back to the lower-cased token text.
* Presidio's own YAML loader prints to stdout and accepts unknown keys; custom recognizer files
  are validated here with strict models and errors name the file, line and key.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from types import MappingProxyType
from typing import Any

import spacy
import tldextract
from presidio_analyzer import (
    AnalyzerEngine,
    EntityRecognizer,
    LocalRecognizer,
    Pattern,
    PatternRecognizer,
    RecognizerRegistry,
    RecognizerResult,
)
from presidio_analyzer import predefined_recognizers as predefined
from presidio_analyzer.nlp_engine import NlpArtifacts, SpacyNlpEngine
from presidio_anonymizer import AnonymizerEngine
from spacy.language import Language
from spacy.tokens import Doc

from dlp.classifiers.presidio_yaml import RecognizerSpec, parse_recognizer_file
from dlp.classifiers.scanner import normalize_field_name
from dlp.config import Config
from dlp.errors import ConfigError
from dlp.findings import Finding, ScanContext

LANGUAGE = "en"

#: Presidio entity name -> canonical name, where they differ; every other name passes unchanged
#: (PERSON, LOCATION, US_SSN, IBAN_CODE...) and unknown ones stay custom entities.
PRESIDIO_TO_CANONICAL: Mapping[str, str] = MappingProxyType(
    {
        "CRYPTO": "CRYPTO_WALLET",
        "US_NPI": "NPI",
        "MEDICAL_LICENSE": "DEA_NUMBER",  # Presidio's MEDICAL_LICENSE is the DEA certificate number
        "US_HEALTH_INSURANCE_MEMBER_ID": "HEALTH_PLAN_ID",
        "ES_NIE": "ES_NIF",  # our ES_NIF covers DNI, NIE and NIF
        "EMAIL": "EMAIL_ADDRESS",
        "PER": "PERSON",
        "LOC": "LOCATION",
        "GPE": "LOCATION",
        "ORG": "ORGANIZATION",
    }
)

#: Predefined classes that need a different NLP engine, a remote service or an LLM: they cannot run
#: offline inside this engine, so selecting them is a configuration error.
_UNSUPPORTED = frozenset({"StanzaRecognizer", "TransformersRecognizer"})

# Built once: cache_dir=None and no URLs mean tldextract reads only its packaged snapshot.
_OFFLINE_TLD = tldextract.TLDExtract(cache_dir=None, suffix_list_urls=(), fallback_to_snapshot=True)


def canonical_entity(presidio_entity: str) -> str:
    """Our canonical name for a Presidio entity (custom entities keep their own name)."""
    return PRESIDIO_TO_CANONICAL.get(presidio_entity, presidio_entity)


class _OfflineEmailRecognizer(predefined.EmailRecognizer):
    """Presidio's email recognizer validating domains against the bundled suffix snapshot."""

    def validate_result(self, pattern_text: str) -> bool:
        return bool(_OFFLINE_TLD(pattern_text).fqdn)


def _offline(recognizer: EntityRecognizer) -> EntityRecognizer:
    """``recognizer``, or an equivalent that never reaches the network."""
    if isinstance(recognizer, predefined.EmailRecognizer) and not isinstance(
        recognizer, _OfflineEmailRecognizer
    ):
        source: Any = recognizer  # Presidio leaves these attributes unannotated
        replacement = _OfflineEmailRecognizer(
            patterns=source.patterns,
            context=source.context,
            supported_language=source.supported_language,
            supported_entity=source.supported_entities[0],
            name=source.name,
        )
        replacement.global_regex_flags = source.global_regex_flags
        return replacement
    return recognizer


class _LoadedSpacyEngine(SpacyNlpEngine):
    """Presidio NLP engine around an already loaded spaCy pipeline (never downloads a model)."""

    def __init__(self, nlp: Language, run_pipeline: bool) -> None:
        super().__init__(models=[{"lang_code": LANGUAGE, "model_name": nlp.meta.get("name", "blank")}])
        self._nlp = nlp
        # The base class reads stop words and punctuation from here (declared there as None).
        self.nlp = {LANGUAGE: nlp}  # type: ignore[assignment]
        # Tokenizing is enough for pattern recognizers; the NER pipeline runs only when a recognizer
        # reads its entities, because it costs far more than every regex together.
        self._run_pipeline = run_pipeline

    def load(self) -> None:
        """Nothing to load: the pipeline was given."""

    def _doc(self, text: str) -> Doc:
        doc: Doc = self._nlp(text) if self._run_pipeline else self._nlp.make_doc(text)
        return doc

    def process_text(self, text: str, language: str) -> NlpArtifacts:
        return self._doc_to_nlp_artifact(self._doc(text), language)

    # Narrower than SpacyNlpEngine's (no as_tuples), as wide as NlpEngine's, which is what callers use.
    def process_batch(  # type: ignore[override]
        self, texts: Iterable[str], language: str, batch_size: int = 1, n_process: int = 1, **_: Any
    ) -> Iterator[tuple[str, NlpArtifacts]]:
        nlp = self._nlp
        docs = nlp.pipe(texts) if self._run_pipeline else (nlp.make_doc(text) for text in texts)
        for doc in docs:
            yield doc.text, self._doc_to_nlp_artifact(doc, language)

    def _doc_to_nlp_artifact(self, doc: Doc, language: str) -> NlpArtifacts:
        # Built here rather than by the base class so the (costly) keyword list is computed once,
        # from lemmas that fall back to the token text when the pipeline has no lemmatizer.
        entities, scores = self._get_updated_entities(
            self._get_entities(doc), self._get_scores_for_entities(doc)
        )
        tokens = list(doc)
        return NlpArtifacts(
            entities=entities,
            tokens=doc,
            tokens_indices=[token.idx for token in tokens],
            lemmas=[token.lemma_ or token.lower_ for token in tokens],
            nlp_engine=self,
            language=language,
            scores=scores,
        )


def predefined_recognizer(class_name: str, engine: SpacyNlpEngine) -> EntityRecognizer:
    """Instantiate Presidio's predefined recognizer ``class_name`` for English text."""
    cls: Any = getattr(predefined, class_name, None) if class_name in predefined.__all__ else None
    if not (isinstance(cls, type) and issubclass(cls, EntityRecognizer)):
        raise ConfigError(f"presidio_recognizers: unknown Presidio recognizer class {class_name!r}")
    if class_name in _UNSUPPORTED or not issubclass(cls, LocalRecognizer):
        raise ConfigError(
            f"presidio_recognizers: {class_name!r} needs a remote service or another NLP engine"
        )
    factory: Any = cls  # constructors differ per class; each predefined one takes these keywords
    try:
        if issubclass(cls, predefined.SpacyRecognizer):
            recognizer: EntityRecognizer = factory(
                supported_language=LANGUAGE, supported_entities=engine.get_supported_entities()
            )
            return recognizer
        # Country recognizers default to their own language (it, de, es...); we analyze as English.
        return _offline(factory(supported_language=LANGUAGE))
    except (ImportError, ValueError, TypeError) as exc:
        raise ConfigError(
            f"presidio_recognizers: {class_name!r} cannot be built here: {type(exc).__name__}"
        ) from None


def _pattern_recognizer(spec: RecognizerSpec, flags: int) -> PatternRecognizer:
    return PatternRecognizer(
        supported_entity=spec.supported_entity,
        name=spec.name,
        supported_language=LANGUAGE,
        patterns=[Pattern(p.name, p.regex, p.score) for p in spec.patterns],
        deny_list=list(spec.deny_list),
        context=list(spec.context),
        deny_list_score=spec.deny_list_score,
        global_regex_flags=flags,
    )


def _context_words(context: ScanContext) -> list[str] | None:
    # The slot's key (``employee_id``) is the best context a structured payload offers.
    if not context.field_name:
        return None
    return normalize_field_name(context.field_name).split() or None


class PresidioDetector:
    """Presidio recognizers selected by class name plus custom YAML recognizers, as one detector."""

    name = "presidio"

    def __init__(
        self,
        recognizers: Sequence[str] = (),
        custom_recognizers_path: Path | None = None,
        nlp: Language | None = None,
        *,
        score_threshold: float = 0.0,
    ) -> None:
        pipeline = nlp if nlp is not None else spacy.blank(LANGUAGE)
        probe = _LoadedSpacyEngine(pipeline, run_pipeline=False)
        # Any: Presidio leaves recognizer attributes (name, supported_entities) unannotated.
        chosen: list[Any] = [predefined_recognizer(name, probe) for name in dict.fromkeys(recognizers)]
        if custom_recognizers_path is not None:
            custom = parse_recognizer_file(custom_recognizers_path)
            chosen += [
                _pattern_recognizer(spec, custom.global_regex_flags)
                for spec in custom.recognizers
                if spec.enabled
            ]
        needs_ner = any(isinstance(r, predefined.SpacyRecognizer) for r in chosen)
        self._engine = _LoadedSpacyEngine(pipeline, run_pipeline=needs_ner)
        self._analyzer = AnalyzerEngine(
            registry=RecognizerRegistry(recognizers=chosen, supported_languages=[LANGUAGE]),
            nlp_engine=self._engine,
            supported_languages=[LANGUAGE],
            default_score_threshold=score_threshold,
        )
        self._active = bool(chosen)
        #: Names of the loaded recognizers (the part after ``presidio.`` in finding detectors).
        self.recognizer_names: tuple[str, ...] = tuple(str(r.name) for r in chosen)
        self.entities: frozenset[str] = frozenset(
            canonical_entity(entity) for r in chosen for entity in r.supported_entities
        )

    @classmethod
    def from_config(cls, config: Config, nlp: Language | None = None) -> PresidioDetector:
        """Build from ``Config.presidio_recognizers`` and ``Config.custom_recognizers_path``."""
        return cls(config.presidio_recognizers, config.custom_recognizers_path, nlp)

    def detect(self, text: str, context: ScanContext) -> list[Finding]:
        """Findings of every loaded recognizer in ``text``."""
        return self.detect_batch([text], [context])[0]

    def detect_batch(self, texts: Sequence[str], contexts: Sequence[ScanContext]) -> list[list[Finding]]:
        """Findings for each text; the spaCy pass runs once over the batch (``nlp.pipe``)."""
        if len(texts) != len(contexts):
            raise ValueError("texts and contexts differ in length")
        if not self._active:
            return [[] for _ in texts]
        out: list[list[Finding]] = []
        artifacts = self._engine.process_batch(list(texts), LANGUAGE)
        for (text, nlp_artifacts), context in zip(artifacts, contexts, strict=True):
            results = self._analyzer.analyze(
                text, LANGUAGE, nlp_artifacts=nlp_artifacts, context=_context_words(context)
            )
            out.append(_findings(results))
        return out


def _findings(results: Iterable[RecognizerResult]) -> list[Finding]:
    found: list[Finding] = []
    for result in results:
        if result.end <= result.start:
            continue
        recognizer = (result.recognition_metadata or {}).get("recognizer_name", "unknown")
        found.append(
            Finding.of(
                canonical_entity(result.entity_type),
                result.start,
                result.end,
                max(0.0, float(result.score)),
                f"presidio.{recognizer}",
            )
        )
    return found


def build_presidio_baseline(nlp: Language | None) -> tuple[AnalyzerEngine, AnonymizerEngine]:
    """Plain Presidio with all predefined English recognizers on the same NLP pipeline (benchmark)."""
    engine = _LoadedSpacyEngine(nlp if nlp is not None else spacy.blank(LANGUAGE), run_pipeline=True)
    registry = RecognizerRegistry(supported_languages=[LANGUAGE])
    registry.load_predefined_recognizers(languages=[LANGUAGE], nlp_engine=engine)
    registry.recognizers = [_offline(r) for r in registry.recognizers]
    analyzer = AnalyzerEngine(registry=registry, nlp_engine=engine, supported_languages=[LANGUAGE])
    return analyzer, AnonymizerEngine()  # type: ignore[no-untyped-call]


def presidio_baseline_redact(analyzer: AnalyzerEngine, anonymizer: AnonymizerEngine, text: str) -> str:
    """Analyze and anonymize ``text`` with Presidio's defaults (each entity -> ``<ENTITY_TYPE>``)."""
    results = analyzer.analyze(text=text, language=LANGUAGE)
    # The anonymizer declares its own RecognizerResult type; Presidio passes analyzer results as is.
    redacted: str = anonymizer.anonymize(text=text, analyzer_results=results).text  # type: ignore[arg-type]
    return redacted

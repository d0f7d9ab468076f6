"""AI and model-hosting APIs: OpenAI, Anthropic, Hugging Face, Groq, Perplexity, Replicate..."""

from __future__ import annotations

from dlp.classifiers.patterns import PatternRule
from dlp.classifiers.secrets._build import HEX32, HEX64, keyed, prefixed
from dlp.classifiers.secrets.validators import random_token

RULES: tuple[PatternRule, ...] = (
    prefixed(
        "openai_api_key",
        r"sk-(?:(?:proj|svcacct|admin)-)?[A-Za-z0-9_-]{20,200}T3BlbkFJ[A-Za-z0-9_-]{20,200}",
        0.99,
        source="OpenAI API key: sk-[proj-|svcacct-|admin-] with the 'T3BlbkFJ' (base64 'OpenAI') marker",
    ),
    prefixed(
        "openai_project_key",
        r"sk-proj-[A-Za-z0-9_-]{40,250}",
        0.9,
        source="OpenAI project API key: sk-proj- prefix",
    ),
    prefixed(
        "openai_service_account_key",
        r"sk-svcacct-[A-Za-z0-9_-]{40,250}",
        0.9,
        source="OpenAI service account key: sk-svcacct- prefix",
    ),
    prefixed(
        "openai_admin_key",
        r"sk-admin-[A-Za-z0-9_-]{40,250}",
        0.9,
        source="OpenAI admin key: sk-admin- prefix",
    ),
    prefixed(
        "anthropic_api_key",
        r"sk-ant-api03-[A-Za-z0-9_-]{93}AA",
        0.99,
        source="Anthropic API key: sk-ant-api03- + 93 chars + 'AA'",
    ),
    prefixed(
        "anthropic_admin_key",
        r"sk-ant-admin01-[A-Za-z0-9_-]{93}AA",
        0.99,
        source="Anthropic Admin API key: sk-ant-admin01- + 93 chars + 'AA'",
    ),
    prefixed(
        "huggingface_access_token",
        r"hf_[A-Za-z]{34}",
        0.9,
        source="Hugging Face user access token: hf_ + 34 letters",
    ),
    prefixed(
        "huggingface_org_token",
        r"api_org_[A-Za-z]{34}",
        0.9,
        source="Hugging Face organization API token (legacy): api_org_ + 34 letters",
    ),
    keyed(
        "cohere_api_key",
        r"[A-Za-z0-9]{40}",
        ("cohere", "co_api_key"),
        0.75,
        validator=random_token(3.5, 40),
        source="Cohere API key: 40 alphanumerics",
    ),
    prefixed("groq_api_key", r"gsk_[A-Za-z0-9]{52}", 0.95, source="Groq API key: gsk_ + 52 alphanumerics"),
    prefixed(
        "perplexity_api_key",
        r"pplx-[A-Za-z0-9]{48}",
        0.95,
        source="Perplexity API key: pplx- + 48 alphanumerics",
    ),
    prefixed("replicate_api_token", r"r8_[A-Za-z0-9]{37}", 0.9, source="Replicate API token: r8_ + 37"),
    prefixed("xai_api_key", r"xai-[A-Za-z0-9]{80}", 0.95, source="xAI (Grok) API key: xai- + 80"),
    prefixed(
        "openrouter_api_key",
        r"sk-or-v1-[a-f0-9]{64}",
        0.97,
        source="OpenRouter API key: sk-or-v1- + 64 hex",
    ),
    prefixed(
        "langsmith_api_key",
        r"lsv2_(?:pt|sk)_[a-f0-9]{32}_[a-f0-9]{10}",
        0.97,
        source="LangSmith API key: lsv2_pt_ (personal) / lsv2_sk_ (service) + 32 hex + _ + 10 hex",
    ),
    prefixed(
        "langfuse_secret_key",
        r"sk-lf-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
        0.95,
        source="Langfuse secret key: sk-lf- + UUID",
    ),
    prefixed(
        "pinecone_api_key",
        r"pcsk_[A-Za-z0-9]{4,8}_[A-Za-z0-9]{50,80}",
        0.95,
        source="Pinecone API key: pcsk_<id>_<secret>",
    ),
    prefixed("nvidia_api_key", r"nvapi-[A-Za-z0-9_-]{64}", 0.95, source="NVIDIA NIM / NGC key: nvapi- + 64"),
    prefixed("cerebras_api_key", r"csk-[a-z0-9]{48}", 0.9, source="Cerebras API key: csk- + 48"),
    prefixed(
        "tavily_api_key",
        r"tvly-(?:dev-|prod-)?[A-Za-z0-9]{32}",
        0.95,
        source="Tavily API key: tvly-[dev-|prod-] + 32 alphanumerics",
    ),
    prefixed("firecrawl_api_key", r"fc-[a-f0-9]{32}", 0.85, source="Firecrawl API key: fc- + 32 hex"),
    prefixed(
        "elevenlabs_api_key",
        r"sk_[a-f0-9]{48}",
        0.8,
        context=("elevenlabs", "xi-api-key", "eleven"),
        source="ElevenLabs API key: sk_ + 48 hex",
    ),
    prefixed(
        "anyscale_api_key",
        r"esecret_[A-Za-z0-9]{20,60}",
        0.9,
        source="Anyscale Endpoints key: esecret_ prefix",
    ),
    keyed("mistral_api_key", r"[A-Za-z0-9]{32}", ("mistral",), 0.75, validator=random_token(3.5, 32)),
    keyed("deepseek_api_key", r"sk-[a-f0-9]{32}", ("deepseek",), 0.85, source="DeepSeek: sk- + 32 hex"),
    keyed("together_api_key", HEX64, ("together", "togetherai"), 0.75),
    keyed("wandb_api_key", r"[a-f0-9]{40}|local-[a-f0-9]{40}", ("wandb", "weights_and_biases"), 0.8),
    keyed("assemblyai_api_key", HEX32, ("assemblyai", "assembly_ai"), 0.75),
    keyed("deepgram_api_key", r"[a-f0-9]{40}", ("deepgram",), 0.75),
    keyed("serpapi_api_key", HEX64, ("serpapi", "serp_api"), 0.75),
    keyed(
        "privateai_api_key",
        r"[a-z0-9]{32}",
        ("privateai", "private_ai", "private-ai"),
        0.7,
        validator=random_token(3.5, 32),
    ),
)

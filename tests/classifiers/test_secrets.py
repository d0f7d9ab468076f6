"""SECRET family: provider tokens, structural secrets and generic high-entropy values.

Positive cases put a generated token (see ``secret_tokens``) in a realistic wrapper (env file,
JSON, YAML, curl, a log line) and require a finding of the expected ``kind`` whose span is
exactly the token. Negative cases must produce no SECRET finding at all.
"""

from __future__ import annotations

import base64
import io
import re
import zlib
from functools import cache
from string import Template

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from dlp.classifiers.scanner import PatternScanner
from dlp.classifiers.secrets import FAMILIES, RULES
from dlp.classifiers.secrets.validators import (
    github_checksum_valid,
    is_media_base64,
    jwt_header_valid,
    shannon_entropy,
)
from dlp.findings import Finding, ScanContext
from tests.classifiers.secret_tokens import (
    ALNUM,
    build_tokens,
    ec_pkcs8_pem,
    encrypted_rsa_pem,
    jwt,
    openssh_pem,
    rsa_pem,
)

TOKENS = build_tokens()


@cache
def scanner() -> PatternScanner:
    """One compiled scanner for the module (compilation takes seconds)."""
    return PatternScanner(RULES)


def detect(text: str, context: ScanContext | None = None) -> list[Finding]:
    return scanner().detect(text, context or ScanContext())


# (expected kind, token label, template): the template's $label is replaced by the token.
PROVIDER_CASES: list[tuple[str, str, str]] = [
    ("aws_access_key_id", "aws_id", "AWS_ACCESS_KEY_ID=$aws_id\n"),
    ("aws_secret_access_key", "aws_secret", "aws_secret_access_key = $aws_secret\n"),
    ("gcp_api_key", "gcp", '{"apiKey": "$gcp", "authDomain": "demo.firebaseapp.com"}'),
    ("gcp_oauth_client_secret", "gcp_oauth_secret", "client_secret: $gcp_oauth_secret"),
    (
        "azure_storage_account_key",
        "azure_account_key",
        "DefaultEndpointsProtocol=https;AccountName=acme;AccountKey=$azure_account_key;"
        "EndpointSuffix=core.windows.net",
    ),
    ("azure_ad_client_secret", "azure_ad_secret", 'AZURE_CLIENT_SECRET="$azure_ad_secret"'),
    ("digitalocean_pat", "do", "doctl auth init --access-token $do"),
    ("heroku_api_key", "heroku", "HEROKU_API_KEY=$heroku"),
    ("heroku_api_key_legacy", "heroku_uuid", "heroku config: api key $heroku_uuid"),
    ("alibaba_access_key_id", "alibaba", "accessKeyId: $alibaba"),
    ("github_pat", "ghp", "git clone https://$ghp@github.com/acme/app.git"),
    ("github_server_to_server_token", "ghs", "2024-05-01T10:00:00Z INFO using installation $ghs"),
    ("github_oauth_token", "gho", "Authorization: token $gho"),
    ("github_fine_grained_pat", "github_fg", "GH_TOKEN=$github_fg"),
    ("gitlab_pat", "glpat", 'curl --header "PRIVATE-TOKEN: $glpat" https://gitlab.example/api/v4/projects'),
    ("gitlab_runner_token", "glrt", "  token: $glrt\n"),
    ("bitbucket_app_password", "atbb", "BITBUCKET_APP_PASSWORD=$atbb"),
    ("atlassian_api_token", "atatt", '{"jira_token": "$atatt"}'),
    ("linear_api_key", "linear", "LINEAR_API_KEY=$linear"),
    ("sonarqube_token", "sonar", "mvn sonar:sonar -Dsonar.token=$sonar"),
    ("stripe_secret_key", "stripe", "curl https://api.stripe.com/v1/charges -u $stripe:"),
    ("stripe_restricted_key", "stripe_rk", "STRIPE_KEY='$stripe_rk'"),
    ("stripe_webhook_secret", "whsec", "endpoint_secret = '$whsec'"),
    ("square_oauth_secret", "square_secret", "SQUARE_APP_SECRET=$square_secret"),
    ("braintree_access_token", "braintree", "BT_ACCESS_TOKEN=$braintree"),
    ("shopify_access_token", "shopify", "X-Shopify-Access-Token: $shopify"),
    ("plaid_access_token", "plaid", '{"access_token": "$plaid", "item_id": "abc"}'),
    ("easypost_api_key", "easypost", "EasyPost::Client.new(api_key: '$easypost')"),
    ("slack_bot_token", "slack_bot", "slack:\n  bot_token: $slack_bot\n"),
    ("slack_user_token", "slack_user", "SLACK_USER_TOKEN=$slack_user"),
    ("slack_webhook_url", "slack_hook", "webhook_url: https://hooks.slack.com/services/$slack_hook"),
    (
        "discord_webhook_url",
        "discord_hook",
        "https://discord.com/api/webhooks/112233445566778899/$discord_hook",
    ),
    ("telegram_bot_token", "telegram", "curl https://api.telegram.org/bot$telegram/getMe"),
    ("twilio_auth_token", "twilio_token", "TWILIO_AUTH_TOKEN=$twilio_token"),
    ("sendgrid_api_key", "sendgrid", "export SENDGRID_API_KEY='$sendgrid'"),
    ("mailgun_api_key", "mailgun", "mailgun:\n  api_key: $mailgun"),
    ("mailchimp_api_key", "mailchimp", "MAILCHIMP_KEY=$mailchimp"),
    ("openai_api_key", "openai", "OPENAI_API_KEY=$openai"),
    ("openai_api_key", "openai_plain", 'openai.api_key = "$openai_plain"'),
    (
        "anthropic_api_key",
        "anthropic",
        'curl https://api.anthropic.com/v1/messages -H "x-api-key: $anthropic"',
    ),
    ("huggingface_access_token", "hf", "huggingface-cli login --token $hf"),
    ("groq_api_key", "groq", '{"env": {"GROQ_API_KEY": "$groq"}}'),
    ("perplexity_api_key", "pplx", "PPLX=$pplx"),
    ("langsmith_api_key", "langsmith", "LANGCHAIN_API_KEY=$langsmith"),
    ("planetscale_password", "pscale", "password: $pscale"),
    ("supabase_access_token", "supabase", "SUPABASE_ACCESS_TOKEN=$supabase"),
    (
        "databricks_api_token",
        "databricks",
        "[DEFAULT]\nhost = https://x.cloud.databricks.com\ntoken = $databricks",
    ),
    ("airtable_pat", "airtable", "Authorization: Bearer $airtable"),
    ("npm_access_token", "npm", "//registry.npmjs.org/:_authToken=$npm"),
    ("pypi_upload_token", "pypi", "[pypi]\n  username = __token__\n  password = $pypi"),
    ("docker_hub_pat", "docker", "echo $docker | docker login -u acme --password-stdin"),
    ("jfrog_api_key", "jfrog", "X-JFrog-Art-Api: $jfrog"),
    ("notion_integration_token", "notion", "NOTION_TOKEN=$notion"),
    ("postman_api_key", "postman", "x-api-key: $postman"),
    ("datadog_api_key", "datadog", "DD_API_KEY=$datadog"),
    ("sentry_user_token", "sentry", "SENTRY_AUTH_TOKEN=$sentry"),
    ("newrelic_user_api_key", "newrelic", "NEW_RELIC_API_KEY=$newrelic"),
    ("grafana_service_account_token", "grafana_sa", "GRAFANA_TOKEN=$grafana_sa"),
    ("vault_service_token", "vault", "VAULT_TOKEN=$vault vault kv get secret/app"),
    ("hashicorp_tf_api_token", "tfc", 'credentials "app.terraform.io" {\n  token = "$tfc"\n}'),
    ("age_secret_key", "age", "# created: 2024-01-01\n# public key: age1xyz\n$age\n"),
    ("doppler_token", "doppler", "DOPPLER_TOKEN=$doppler"),
    ("pulumi_access_token", "pulumi", "PULUMI_ACCESS_TOKEN=$pulumi"),
]


@pytest.mark.parametrize(
    ("kind", "label", "template"), PROVIDER_CASES, ids=[c[0] + "-" + c[1] for c in PROVIDER_CASES]
)
def test_provider_token_is_found_with_exact_span(kind: str, label: str, template: str) -> None:
    token = TOKENS[label]
    text = Template(template).substitute(TOKENS)
    start = text.index(token)
    spans = {(f.kind, f.start, f.end) for f in detect(text)}
    assert (kind, start, start + len(token)) in spans, sorted(spans)


@cache
def private_keys() -> dict[str, str]:
    return {
        "rsa": rsa_pem(),
        "ec_pkcs8": ec_pkcs8_pem(),
        "openssh": openssh_pem(),
        "encrypted": encrypted_rsa_pem(),
    }


@pytest.mark.parametrize("label", ["rsa", "ec_pkcs8", "openssh", "encrypted"])
@pytest.mark.parametrize("wrapper", ["raw", "json_escaped"])
def test_private_key_block_is_one_span(label: str, wrapper: str) -> None:
    pem = private_keys()[label]
    body = pem.strip() if wrapper == "raw" else pem.strip().replace("\n", "\\n")
    text = f"key file follows\n{body}\n" if wrapper == "raw" else f'{{"private_key": "{body}"}}'
    start = text.index(body)
    found = [f for f in detect(text) if f.kind == "private_key"]
    assert [(f.start, f.end, f.score) for f in found] == [(start, start + len(body), 0.99)]


SECRET_JWT = jwt({"sub": "1234567890", "name": "svc", "iat": 1716239022})

# (expected kind, text, value): value is the exact expected span.
STRUCTURAL_CASES: list[tuple[str, str, str]] = [
    ("jwt", f"Authorization: Bearer {SECRET_JWT}", SECRET_JWT),
    ("jwt", f'{{"id_token": "{SECRET_JWT}"}}', SECRET_JWT),
    ("connection_string_password", "DATABASE_URL=postgres://app:S3cr3t-pw@db.internal:5432/app", "S3cr3t-pw"),
    (
        "connection_string_password",
        "mongodb+srv://admin:Zq9%40xLm2@cluster0.ab1cd.mongodb.net/test",
        "Zq9%40xLm2",
    ),
    ("connection_string_password", "REDIS_URL=redis://:fo0b4rBaz@cache:6379/0", "fo0b4rBaz"),
    ("connection_string_password", "amqp://guest:rabbit-42x@mq.local:5672/", "rabbit-42x"),
    (
        "connection_string_password",
        'engine = create_engine("mysql+pymysql://root:hunter2!@localhost/db")',
        "hunter2!",
    ),
    (
        "url_password",
        "git remote add origin https://deploy:gh-pass-9911@git.example.com/app.git",
        "gh-pass-9911",
    ),
    # An unencoded '@' in a password: the last '@' before the host ends it.
    ("url_password", "https://deploy:p@ss-9911@git.example.com/app.git", "p@ss-9911"),
    ("connection_string_password", "postgres://svc:hunter@2024@db.example.com/x", "hunter@2024"),
    ("connection_string_password", r"DB=postgres://u:pw-42xy@db:5432\nADMIN=ops@example.com", "pw-42xy"),
    ("password_assignment", "DB_PASSWORD=Pa55w0rd!2024\n", "Pa55w0rd!2024"),
    ("password_assignment", '{"username": "svc", "password": "correct horse 42"}', "correct horse 42"),
    ("password_assignment", "database:\n  user: app\n  password: qwe!rty789\n", "qwe!rty789"),
    ("password_assignment", "conn = connect(host='db', password='s3cr3t-Value')", "s3cr3t-Value"),
    ("password_assignment", "jdbc:postgresql://db/app?user=svc&password=Hj8kL2mN", "Hj8kL2mN"),
    ("xml_password_attribute", '<add key="ClearTextPassword" value="NuG3t!pass" />', "NuG3t!pass"),
    (
        "http_basic_auth",
        "Authorization: Basic " + base64.b64encode(b"svc:Xy7-pw-z").decode(),
        base64.b64encode(b"svc:Xy7-pw-z").decode(),
    ),
    ("curl_user_password", "curl -u elastic:Ch4ngedPw! https://es.local:9200", "Ch4ngedPw!"),
    ("generic_secret_assignment", f'INTERNAL_SIGNING_SECRET="{TOKENS["generic"]}"', TOKENS["generic"]),
    ("generic_secret_assignment", f"webhook_secret: {TOKENS['generic']}", TOKENS["generic"]),
]


@pytest.mark.parametrize(
    ("kind", "text", "value"), STRUCTURAL_CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(STRUCTURAL_CASES)]
)
def test_structural_secret_span_is_the_value(kind: str, text: str, value: str) -> None:
    start = text.index(value)
    spans = {(f.kind, f.start, f.end) for f in detect(text)}
    assert (kind, start, start + len(value)) in spans, sorted(spans)


def test_field_name_supplies_the_context_for_a_bare_value() -> None:
    value = TOKENS["generic"]
    with_field = detect(value, ScanContext(field_name="client_secret"))
    assert [(f.kind, f.start, f.end) for f in with_field] == [("generic_high_entropy", 0, len(value))]
    assert detect(value, ScanContext(field_name="display_name")) == []
    keyed = detect(TOKENS["twilio_token"], ScanContext(field_name="twilio_auth_token"))
    assert "twilio_auth_token" in {f.kind for f in keyed}


def _png_base64() -> str:
    image = Image.new("RGB", (64, 64))
    image.putdata([(x * 3 % 256, x * 7 % 256, x * 11 % 256) for x in range(64 * 64)])
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return base64.b64encode(buffer.getvalue()).decode()


def _jpeg_base64() -> str:
    image = Image.new("RGB", (32, 32), (200, 30, 90))
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG")
    return base64.b64encode(buffer.getvalue()).decode()


FAKE_GHP = "ghp_" + "a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8"
NEGATIVE_CASES: dict[str, str] = {
    "uuid": "request_id=3f1c2b9e-8d4a-4e7f-9a3b-2c1d0e9f8a7b completed in 12ms",
    "git_sha": "commit 9fceb02d0ae598e95dc970b74767f19372d61af8\nAuthor: Jane <jane@example.com>",
    "sha256_checksum": "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855  app.tar.gz",
    "docker_digest": "image: nginx@sha256:0d17b565c37bcbd895e9d92315a05c1c3c9a29f762b011a10c54a66cd53c9b31",
    "npm_integrity": '"integrity": "sha512-Wt1BQLGlcRAIgxyR7uxxRqqBpRfXO6Jn8Hw+7DWUEGUQXLEPBrN4RIkMRVuLUx7'
    'WUqxXFKf+3Xm6aQ=="',
    "png_data_uri": "data:image/png;base64," + _png_base64(),
    "png_in_json_secret_field": f'{{"secret_image": "{_png_base64()}"}}',
    "jpeg_blob": f'{{"thumbnail": "{_jpeg_base64()}"}}',
    "lorem": "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt.",
    "prose_with_secret_word": "The secret to great bread is patience; the token gesture was appreciated.",
    "placeholder_angle": "GITHUB_TOKEN=<your-token>",
    "placeholder_changeme": 'password = "changeme"',
    "placeholder_x": "api_key: xxxxxxxxxxxxxxxxxxxxxxxx",
    "placeholder_aws": "AWS_ACCESS_KEY_ID=AKIAXXXXXXXXXXXXXXXX",
    "placeholder_env_ref": "password: ${DB_PASSWORD}",
    "placeholder_url": "postgres://app:${PGPASSWORD}@db:5432/app",
    "placeholder_stars": "DATABASE_URL=postgres://app:********@db/app",
    "jira_keys": "Fixed in PROJ-1234 and OPS-98765, see INFRA-42",
    "slack_ids": '{"channel": "C024BE91L", "user": "U01ABCDEF23", "ts": "1712345678.123456"}',
    "page_token": '{"nextPageToken": "CiAKGjBpNDd2Nmp2Zml2cXRwYjBpOXA0eHpidGM1cGgSAhgB"}',
    "csrf": '<input type="hidden" name="csrf_token" value="IjQ1ZGE3OWI3NzM5YjU0ZWI5ZTJlMDc5"/>',
    "code_assignment": "password = get_password(user)\nconnect(host=h, password=password)",
    "password_policy": "password_min_length = 12\npassword_reset_url: https://example.com/reset",
    "url_without_password": "https://user@example.com/path and http://localhost:8080/api",
    "email": "contact john.doe@example.com or ops@acme.io",
    "invalid_github_checksum": f"see {FAKE_GHP} in the changelog",
    "jwt_like_not_json": "eyJub3QganNvbiBhdCBhbGw.eyJhYmMiOjF9.c2lnbmF0dXJl",
    "python_path": "/usr/local/lib/python3.11/site-packages/requests/adapters.py",
    "identifier_constant": "if size > XXH3_SECRET_SIZE_MIN: raise ValueError",
    "slug": "secret_name: prod-db-credentials-v2",
}


@pytest.mark.parametrize("label", list(NEGATIVE_CASES))
def test_negative_has_no_secret(label: str) -> None:
    found = detect(NEGATIVE_CASES[label])
    assert [(f.detector, f.start, f.end) for f in found] == []


def test_rules_follow_the_naming_contract() -> None:
    names = [rule.name for rule in RULES]
    assert len(names) == len(set(names))
    for rule in RULES:
        assert rule.entity == "SECRET"
        assert rule.kind is not None and re.fullmatch(r"[a-z0-9]+(?:_[a-z0-9]+)*", rule.kind)
        assert rule.name == f"secrets.{rule.kind}"
    provider = [
        r for family, rules in FAMILIES.items() if family not in ("structural", "generic") for r in rules
    ]
    assert len(provider) >= 150


def test_scores_follow_confidence() -> None:
    by_kind = {rule.kind: rule for rule in RULES}
    assert by_kind["github_pat"].score == 0.99
    assert by_kind["private_key"].score == 0.99
    assert 0.85 <= by_kind["slack_bot_token"].score < 0.99
    assert by_kind["twilio_auth_token"].context_required
    assert 0.6 <= by_kind["twilio_auth_token"].boosted_score <= 0.8
    assert 0.5 <= by_kind["generic_high_entropy"].boosted_score <= 0.7


@settings(max_examples=50, deadline=None)
@given(st.text(alphabet=ALNUM, min_size=30, max_size=30), st.integers(0, 35), st.sampled_from(ALNUM))
def test_github_checksum_rejects_any_single_character_change(body: str, index: int, char: str) -> None:
    number, tail = zlib.crc32(body.encode()), ""
    while number:
        number, rem = divmod(number, 62)
        tail = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"[rem] + tail
    token = "ghp_" + body + tail.rjust(6, "0")
    assert github_checksum_valid(token)
    mutated = token[: 4 + index] + char + token[5 + index :]
    assert github_checksum_valid(mutated) == (mutated == token)


def test_validators() -> None:
    assert jwt_header_valid(SECRET_JWT)
    assert not jwt_header_valid("eyJub3QganNvbiBhdCBhbGw.x.y")
    assert is_media_base64(_png_base64()) and is_media_base64(_jpeg_base64())
    assert shannon_entropy("aaaa") == 0.0
    assert shannon_entropy(TOKENS["generic"]) > 4.0


def test_findings_never_carry_the_value() -> None:
    text = f"OPENAI_API_KEY={TOKENS['openai']}"
    for finding in detect(text):
        assert TOKENS["openai"] not in repr(finding)

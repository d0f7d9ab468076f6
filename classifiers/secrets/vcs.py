"""Source hosting and CI: GitHub, GitLab, Bitbucket, Atlassian, Azure Repos' neighbours, CI services."""

from __future__ import annotations

from dlp.classifiers.patterns import PatternRule
from dlp.classifiers.secrets._build import HEX40, UUID, keyed, prefixed
from dlp.classifiers.secrets.validators import github_checksum_valid, random_token


def _github(kind: str, prefix: str, what: str) -> PatternRule:
    return prefixed(
        kind,
        rf"{prefix}_[A-Za-z0-9]{{36}}",
        0.99,
        validator=github_checksum_valid,
        source=f"GitHub {what}: {prefix}_ + 30 base62 + 6-char base62 CRC32 checksum",
    )


def _gitlab(kind: str, prefix: str, body: str, what: str, score: float = 0.95) -> PatternRule:
    return prefixed(kind, prefix + body, score, source=f"GitLab {what}: '{prefix}' prefix")


RULES: tuple[PatternRule, ...] = (
    _github("github_pat", "ghp", "personal access token (classic)"),
    _github("github_oauth_token", "gho", "OAuth access token"),
    _github("github_user_to_server_token", "ghu", "App user-to-server token"),
    _github("github_server_to_server_token", "ghs", "App installation (server-to-server) token"),
    _github("github_refresh_token", "ghr", "App refresh token"),
    prefixed(
        "github_fine_grained_pat",
        r"github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59}",
        0.97,
        source="GitHub fine-grained PAT: github_pat_ + 22 + '_' + 59 base62",
    ),
    _gitlab(
        "gitlab_pat",
        "glpat-",
        r"[A-Za-z0-9_-]{20}(?:[A-Za-z0-9_-]{7,280}\.(?:[0-9a-z]{2}\.)?[0-9a-z]{7,9})?",
        "personal/project/group access token (legacy 20 chars or routable)",
    ),
    _gitlab("gitlab_oauth_app_secret", "gloas-", r"[A-Za-z0-9_-]{64}", "OAuth application secret"),
    _gitlab("gitlab_deploy_token", "gldt-", r"[A-Za-z0-9_-]{20}", "deploy token"),
    _gitlab(
        "gitlab_runner_token",
        "glrt-",
        r"(?:t\d_)?[A-Za-z0-9_-]{20,27}(?:\.(?:[0-9a-z]{2}\.)?[0-9a-z]{7,9})?",
        "runner authentication token",
    ),
    _gitlab(
        "gitlab_runner_registration_token", "GR1348941", r"[A-Za-z0-9_-]{20}", "runner registration token"
    ),
    _gitlab("gitlab_ci_job_token", "glcbt-", r"(?:[0-9a-f]{1,5}_)?[A-Za-z0-9_-]{20,27}", "CI/CD job token"),
    _gitlab("gitlab_pipeline_trigger_token", "glptt-", r"[A-Za-z0-9_-]{40}", "pipeline trigger token"),
    _gitlab("gitlab_feed_token", "glft-", r"[A-Za-z0-9_-]{20}", "feed token"),
    _gitlab("gitlab_incoming_mail_token", "glimt-", r"[A-Za-z0-9_-]{25}", "incoming mail token"),
    _gitlab("gitlab_agent_token", "glagent-", r"[A-Za-z0-9_-]{50}", "Kubernetes agent token"),
    _gitlab("gitlab_scim_token", "glsoat-", r"[A-Za-z0-9_-]{20}", "SCIM OAuth access token"),
    _gitlab("gitlab_feature_flag_token", "glffct-", r"[A-Za-z0-9_-]{20}", "feature flags client token"),
    _gitlab("gitlab_session_cookie", "_gitlab_session=", r"[0-9a-z]{32}", "session cookie", 0.9),
    prefixed(
        "bitbucket_app_password",
        r"ATBB[A-Za-z0-9_=.-]{32}",
        0.9,
        source="Bitbucket app password: ATBB prefix",
    ),
    prefixed(
        "atlassian_api_token",
        r"ATATT3[A-Za-z0-9_=-]{180,200}",
        0.95,
        source="Atlassian Cloud API token (2023+): ATATT3 prefix",
    ),
    prefixed(
        "atlassian_access_token",
        r"ATCTT3[A-Za-z0-9_=-]{180,200}",
        0.95,
        source="Atlassian / Bitbucket repository, project and workspace access token: ATCTT3 prefix",
    ),
    keyed(
        "atlassian_api_token_legacy",
        r"[A-Za-z0-9]{24}",
        ("atlassian", "jira", "confluence"),
        0.7,
        validator=random_token(3.5, 24),
        source="Atlassian API token (before 2023): 24 alphanumerics",
    ),
    keyed(
        "bitbucket_client_id",
        r"[A-Za-z0-9]{18,32}",
        ("bitbucket",),
        0.6,
        validator=random_token(3.5, 18),
        source="Bitbucket OAuth consumer key: 18-32 alphanumerics",
    ),
    keyed(
        "bitbucket_client_secret",
        r"[A-Za-z0-9_=-]{32,64}",
        ("bitbucket",),
        0.7,
        validator=random_token(3.5, 32),
        source="Bitbucket OAuth consumer secret: 32-64 characters",
    ),
    prefixed(
        "sourcegraph_access_token",
        r"sgp_(?:[A-Fa-f0-9]{16}|local)_[A-Fa-f0-9]{40}|sgp_[A-Fa-f0-9]{40}",
        0.95,
        source="Sourcegraph access token: sgp_[<instance>_]<40 hex>",
    ),
    prefixed(
        "circleci_personal_token",
        r"CCIPAT_[A-Za-z0-9]{22}_[a-f0-9]{40}",
        0.95,
        source="CircleCI personal API token: CCIPAT_ prefix",
    ),
    prefixed(
        "circleci_project_token",
        r"CCIPRJ_[A-Za-z0-9]{22}_[a-f0-9]{40}",
        0.95,
        source="CircleCI project API token: CCIPRJ_ prefix",
    ),
    keyed("circleci_token_legacy", HEX40, ("circleci", "circle_token", "circle-token"), 0.75),
    keyed(
        "travisci_access_token",
        r"[A-Za-z0-9_-]{22}",
        ("travis",),
        0.7,
        validator=random_token(3.5, 22),
        source="Travis CI API token: 22 characters",
    ),
    keyed("codecov_access_token", rf"{UUID}|[a-f0-9]{{32}}", ("codecov",), 0.75),
    keyed(
        "droneci_access_token",
        r"[A-Za-z0-9]{32}",
        ("drone",),
        0.7,
        validator=random_token(3.5, 32),
        source="Drone CI personal token: 32 alphanumerics",
    ),
    keyed("gitter_access_token", r"[a-z0-9_-]{40}", ("gitter",), 0.7, validator=random_token(3.5, 40)),
    prefixed(
        "buildkite_api_token",
        r"bkua_[a-f0-9]{40}",
        0.95,
        source="Buildkite API access token: bkua_ + 40 hex",
    ),
    prefixed(
        "buildkite_agent_token",
        r"bkct_[A-Za-z0-9_-]{40,60}",
        0.9,
        source="Buildkite cluster agent token: bkct_ prefix",
    ),
    prefixed(
        "harness_api_key",
        r"(?:pat|sat)\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9]{24}\.[A-Za-z0-9]{20}",
        0.95,
        source="Harness PAT / SAT: pat|sat.<account 22>.<id 24>.<secret 20>",
    ),
    prefixed(
        "linear_api_key",
        r"lin_api_[A-Za-z0-9]{40}",
        0.95,
        source="Linear personal API key: lin_api_ + 40 alphanumerics",
    ),
    prefixed(
        "linear_oauth_token",
        r"lin_oauth_[a-f0-9]{64}",
        0.95,
        source="Linear OAuth access token: lin_oauth_ + 64 hex",
    ),
    keyed("linear_client_secret", r"[a-f0-9]{32}", ("linear",), 0.7),
    prefixed(
        "sonarqube_token",
        r"sq[pua]_[a-f0-9]{40}",
        0.95,
        source="SonarQube/SonarCloud 9.5+ tokens: sqp_ (project), squ_ (user), sqa_ (global)",
    ),
    keyed(
        "sonarqube_token_legacy",
        r"[A-Za-z0-9]{40}",
        ("sonar",),
        0.7,
        source="SonarQube token before 9.5: 40 hex (upper or lower case)",
    ),
    keyed("snyk_api_token", UUID, ("snyk",), 0.75, source="Snyk API token: UUID"),
    prefixed(
        "octopus_deploy_api_key",
        r"API-[A-Z0-9]{25,27}",
        0.85,
        source="Octopus Deploy API key: API- + 25-27 upper-case alphanumerics",
    ),
)

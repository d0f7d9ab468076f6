"""mcp-server-git (PyPI) behind the wrapper: a commit that adds a Stripe key and a PEM private key."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.connectors.live import Live, dump, live_session, wrap_params
from tests.connectors.planted import PEM, PEM_BODY_LINE, STRIPE_KEY, assert_clean

pytestmark = pytest.mark.timeout(120)

GIT_SERVER = Path(sys.executable).with_name("mcp-server-git")


def git(repo: Path, *args: str) -> str:
    env = {
        "GIT_AUTHOR_NAME": "Dev",
        "GIT_AUTHOR_EMAIL": "dev@example.com",
        "GIT_COMMITTER_NAME": "Dev",
        "GIT_COMMITTER_EMAIL": "dev@example.com",
        "HOME": str(repo),
        "PATH": "/usr/bin:/bin",
    }
    done = subprocess.run(
        ["git", "-C", str(repo), *args], check=True, capture_output=True, text=True, env=env
    )
    return done.stdout


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if shutil.which("git") is None or not GIT_SERVER.exists():
        pytest.fail("git and mcp-server-git (pip install mcp-server-git) are needed")
    root = tmp_path_factory.mktemp("repo")
    git(root, "init", "-q", "-b", "main")
    (root / "README.md").write_text("# Billing service\n", encoding="utf-8")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "Initial commit")
    (root / "settings.py").write_text(
        f'STRIPE_API_KEY = "{STRIPE_KEY}"\nTIMEOUT_SECONDS = 30\n', encoding="utf-8"
    )
    (root / "deploy.pem").write_text(PEM, encoding="utf-8")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "Add billing settings and deploy key")
    return root


@pytest.fixture(scope="module")
def live(repo: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    params = wrap_params([str(GIT_SERVER), "--repository", str(repo)], tmp_path_factory.mktemp("dlp"))
    with live_session(params) as session:
        yield session


def test_git_show_commit_loses_the_key_and_the_pem(live: Live, repo: Path) -> None:
    result = live.call(live.session.call_tool, "git_show", {"repo_path": str(repo), "revision": "HEAD"})
    assert not result.is_error, dump(result)
    received = dump(result)
    assert_clean(received)
    assert STRIPE_KEY not in received and PEM_BODY_LINE not in received
    assert "Add billing settings and deploy key" in received
    assert "TIMEOUT_SECONDS = 30" in received and "settings.py" in received
    assert "[SECRET]" in received


def test_git_log_passes_untouched(live: Live, repo: Path) -> None:
    result = live.call(live.session.call_tool, "git_log", {"repo_path": str(repo), "max_count": 5})
    received = dump(result)
    assert "Initial commit" in received and "Add billing settings" in received

"""mcp-server-git (PyPI) behind the wrapper: a commit that adds a Stripe key and a PEM private key."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.connectors.git_repo import GIT_SERVER, planted_repo
from tests.connectors.live import Live, dump, live_session, wrap_params
from tests.connectors.planted import PEM_BODY_LINE, STRIPE_KEY, assert_clean

pytestmark = pytest.mark.timeout(120)


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return planted_repo(tmp_path_factory)


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

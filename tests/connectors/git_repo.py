"""A real git repository with planted secrets, and mcp-server-git to serve it (wrapper and gateway tests)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.connectors.planted import PEM, STRIPE_KEY

GIT_SERVER = Path(sys.executable).with_name("mcp-server-git")


def git(repo: Path, *args: str) -> str:
    """Run git in ``repo`` with a fixed identity; its standard output."""
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


def planted_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A repository whose second commit adds a Stripe key and a PEM private key."""
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

"""No secrets in the repository (issue #8): secrets come from the environment or from an untracked
.streamlit/secrets.toml, never from git."""

from __future__ import annotations

import fnmatch
import shutil
import subprocess
from pathlib import PurePosixPath

import pytest

from .conftest import ROOT

#: File names that hold secrets: Streamlit's secrets, dotenv files, TLS/SSH private keys.
SECRET_PATTERNS = ("secrets.toml", ".env", ".env.*", "*.pem", "*.key")
#: Tracked look-alikes that are fine: templates with placeholders, never real values.
ALLOWED = ("*.example", "*.sample", "*.template")


def _git(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True)


@pytest.fixture(scope="module")
def git_checkout() -> None:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    inside = _git("rev-parse", "--is-inside-work-tree")
    if inside.returncode != 0 or inside.stdout.strip() != "true":
        pytest.skip(f"{ROOT} is not a git checkout (e.g. an unpacked source archive)")


def is_secret_file(path: str) -> bool:
    name = PurePosixPath(path).name
    if any(fnmatch.fnmatch(name, pattern) for pattern in ALLOWED):
        return False
    return any(fnmatch.fnmatch(name, pattern) for pattern in SECRET_PATTERNS)


def test_secret_file_patterns():
    for path in (".streamlit/secrets.toml", "deploy/secrets.toml", ".env", "app/.env.production",
                 "certs/server.pem", "tls/private.key"):
        assert is_secret_file(path), path
    for path in ("deploy/nginx.conf.example", ".env.example", "docs/deploy.md", "keys.py",
                 "cxlens/store.py", "environment.yml"):
        assert not is_secret_file(path), path


def test_no_secrets_file_is_tracked(git_checkout):
    listed = _git("ls-files", "-z", "--cached")
    assert listed.returncode == 0, listed.stderr
    tracked = [p for p in listed.stdout.split("\0") if p]
    assert "app.py" in tracked  # the listing is real, not empty
    assert [p for p in tracked if is_secret_file(p)] == []


def test_gitignore_covers_secrets_files(git_checkout):
    # git itself decides: check-ignore exits 0 when a path would be ignored.
    for path in (".streamlit/secrets.toml", ".env", "deploy/tls/server.key", "server.pem"):
        result = _git("check-ignore", "--no-index", "-q", path)
        assert result.returncode == 0, f"{path} is not covered by .gitignore"
    assert ".streamlit/secrets.toml" in (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()

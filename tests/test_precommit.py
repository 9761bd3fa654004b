"""The pre-commit hook, run by the real `pre-commit` tool in a temporary git repository.

The hook definition comes from this checkout's `.pre-commit-hooks.yaml`; only `language`
becomes `system` so that the installed iacgate is used without building an environment
(no network). Everything else (entry, files pattern, pass_filenames) is tested as shipped.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
PRE_COMMIT = shutil.which("pre-commit") or str(Path(sys.executable).parent / "pre-commit")

pytestmark = pytest.mark.skipif(not Path(PRE_COMMIT).exists() and not shutil.which("pre-commit"),
                                reason="pre-commit is not installed (pip install '.[test]')")

PUBLIC_BUCKET = 'resource "aws_s3_bucket_acl" "site" {\n  bucket = "site"\n  acl    = "public-read"\n}\n'


def _env(tmp: Path) -> dict:
    env = dict(os.environ)
    env["PRE_COMMIT_HOME"] = str(tmp / "pre-commit-home")
    env["PATH"] = env.get("PATH", "") + os.pathsep + str(Path(sys.executable).parent)
    env["GIT_AUTHOR_NAME"] = env["GIT_COMMITTER_NAME"] = "t"
    env["GIT_AUTHOR_EMAIL"] = env["GIT_COMMITTER_EMAIL"] = "t@example.com"
    for key in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE"):
        env.pop(key, None)
    return env


def _hook_repo(tmp_path: Path, hook_id: str) -> Path:
    """A git repository whose pre-commit config runs the published hook `hook_id` (with
    `language: system`: the iacgate on PATH is the checkout's)."""
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    hook = dict(next(h for h in hooks if h["id"] == hook_id))
    hook["language"] = "system"
    hook.pop("minimum_pre_commit_version", None)
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / ".pre-commit-config.yaml").write_text(
        yaml.safe_dump({"repos": [{"repo": "local", "hooks": [hook]}]}))
    subprocess.run(["git", "init", "-q"], cwd=repo, check=True, env=_env(tmp_path))
    return repo


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return _hook_repo(tmp_path, "iacgate")


def _run(repo: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([PRE_COMMIT, "run", *args], cwd=repo, capture_output=True, text=True,
                          env=_env(repo.parent), timeout=300)


def _stage(repo: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        (repo / name).write_text(text)
    subprocess.run(["git", "add", "-A"], cwd=repo, check=True, env=_env(repo.parent))


def test_hook_fails_on_a_staged_finding_and_passes_once_fixed(repo: Path):
    _stage(repo, {"infra/site.tf": PUBLIC_BUCKET, "README.md": "# hi\n",
                  "docker-compose.yml": "services:\n  web:\n    image: nginx\n"})
    proc = _run(repo)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "iacgate" in proc.stdout and "Failed" in proc.stdout
    assert "infra/site.tf:3" in proc.stdout and "AWS001" in proc.stdout
    _stage(repo, {"infra/site.tf": PUBLIC_BUCKET.replace("public-read", "private")})
    proc = _run(repo)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Passed" in proc.stdout


def test_hook_only_receives_files_it_can_read(repo: Path):
    _stage(repo, {"notes.txt": "acl = public-read\n", "README.md": "# x\n"})
    proc = _run(repo, "--all-files")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "(no files to check)" in proc.stdout


def test_hook_honours_reasoned_inline_suppression_and_passes_clean_files(repo: Path):
    suppressed = PUBLIC_BUCKET.replace(
        '  acl    = "public-read"',
        '  # iacgate:ignore AWS002 placeholder\n  acl    = "public-read"')
    _stage(repo, {"site.tf": suppressed})
    proc = _run(repo, "--files", "site.tf")
    assert proc.returncode == 1  # AWS001 is not suppressible inline; the AWS002 one is unused
    assert "site.tf:4" in proc.stdout and "AWS001" in proc.stdout
    assert "site.tf:3" in proc.stdout and "IAC002" in proc.stdout
    _stage(repo, {"ok.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata: {a: b}\n"})
    proc = _run(repo, "--files", "ok.yaml")
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_fix_hook_applies_safe_fixes_and_stops_the_commit(tmp_path: Path):
    repo = _hook_repo(tmp_path, "iacgate-fix")
    key = 'resource "aws_kms_key" "app" {\n  description = "app"  # data key\n}\n'
    _stage(repo, {"infra/kms.tf": key})
    proc = _run(repo)
    assert proc.returncode == 1, proc.stdout + proc.stderr  # files were modified by the hook
    assert "files were modified by this hook" in proc.stdout
    assert (repo / "infra/kms.tf").read_text() == key.replace(
        '  # data key\n', '  # data key\n  enable_key_rotation = true\n')
    _stage(repo, {})
    proc = _run(repo)
    assert proc.returncode == 0, proc.stdout + proc.stderr

"""Which files are scanned, as what, and what is never touched."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from linter.discovery import classify_by_path, discover

POD = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers: []\n"


def test_kinds_by_path_and_content(tmp_path: Path):
    files = {
        "main.tf": 'resource "a" "b" {}\n',
        "vars.tfvars": 'x = "1"\n',
        "stack.tf.json": '{"resource": {}}\n',
        "k8s/pod.yaml": POD,
        "k8s/list.json": '{"apiVersion": "v1", "kind": "List", "items": []}\n',
        ".github/workflows/ci.yml": "on: push\njobs: {}\n",
        "action.yml": "name: a\nruns: {using: composite, steps: []}\n",
        ".gitlab-ci.yml": "build:\n  script: [make]\n",
        "values.yaml": "replicas: 3\n",
        "README.md": "# hi\n",
    }
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    found = discover([tmp_path])
    kinds = {f.path.relative_to(tmp_path).as_posix(): f.kind for f in found.files}
    assert kinds == {
        "main.tf": "terraform", "vars.tfvars": "terraform", "stack.tf.json": "terraform",
        "k8s/pod.yaml": "kubernetes", "k8s/list.json": "kubernetes",
        ".github/workflows/ci.yml": "github-actions", "action.yml": "github-actions",
        ".gitlab-ci.yml": "gitlab-ci",
    }
    reasons = {s.path.name: s.reason for s in found.skipped}
    assert "values.yaml" in reasons and "Kubernetes" in reasons["values.yaml"]


def test_never_scanned_folders_and_excludes(tmp_path: Path):
    for folder in (".git", ".terraform", "node_modules", "examples"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "x.tf").write_text('resource "a" "b" {}\n')
    found = discover([tmp_path], exclude=["examples"])
    assert found.files == []
    assert {s.path.name for s in found.skipped} == {".git", ".terraform", "node_modules", "examples"}


def test_symlinks_out_of_the_root_are_not_followed(tmp_path: Path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.tf").write_text('resource "a" "b" {}\n')
    (outside / "pod.yaml").write_text(POD)
    root = tmp_path / "repo"
    root.mkdir()
    (root / "linked-dir").symlink_to(outside, target_is_directory=True)
    (root / "linked.yaml").symlink_to(outside / "pod.yaml")
    (root / "inside.tf").write_text('resource "a" "b" {}\n')
    (root / "alias.tf").symlink_to(root / "inside.tf")
    found = discover([root])
    scanned = sorted(f.path.name for f in found.files)
    assert scanned == ["alias.tf"] or scanned == ["inside.tf"]  # one real file, once
    assert {"linked-dir", "linked.yaml"} <= {s.path.name for s in found.skipped}


def test_unreadable_and_binary_files_are_errors_not_silence(tmp_path: Path):
    (tmp_path / "bin.tf").write_bytes(b"\x00\x01resource")
    (tmp_path / "latin1.tf").write_bytes('# caf\xe9\n'.encode("latin-1"))
    found = discover([tmp_path])
    errors = {p.name: reason for p, reason in found.errors}
    assert errors == {"bin.tf": "binary file", "latin1.tf": "not UTF-8 text (byte 0xe9 at offset 5)"}


def test_workflow_paths():
    assert classify_by_path(Path("repo/.github/workflows/release.yaml")) == "github-actions"
    assert classify_by_path(Path("repo/.github/actions/setup/action.yml")) == "github-actions"
    assert classify_by_path(Path("repo/ci/build.gitlab-ci.yml")) == "gitlab-ci"
    assert classify_by_path(Path("repo/.github/dependabot.yml")) is None


def test_cli_import_loads_no_parser():
    code = ("import sys, linter.cli; "
            "heavy = [m for m in ('yaml', 'hcl2', 'lark', 'tree_sitter', 'jsonschema', 'ruamel') "
            "if m in sys.modules]; print(','.join(heavy))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_yaml_scan_does_not_import_terraform_parsers(tmp_path: Path):
    (tmp_path / "pod.yaml").write_text(POD)
    code = ("import sys\nfrom linter.engine import ScanOptions, scan\n"
            f"scan(ScanOptions(targets=[{str(tmp_path)!r}]))\n"
            "print(','.join(m for m in ('hcl2', 'lark', 'tree_sitter') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_huge_files_are_refused_with_a_reason(tmp_path: Path, monkeypatch):
    (tmp_path / "big.tf").write_text("# " + "x" * 2_000_000 + "\n")
    monkeypatch.setenv("IACGATE_MAX_FILE_MB", "1")
    found = discover([tmp_path])
    ((path, reason),) = found.errors
    assert path.name == "big.tf" and "larger than 1" in reason and "IACGATE_MAX_FILE_MB" in reason
    monkeypatch.setenv("IACGATE_MAX_FILE_MB", "3")
    assert [f.path.name for f in discover([tmp_path]).files] == ["big.tf"]


def test_workflows_and_actions_outside_github_folders_by_content(tmp_path: Path):
    (tmp_path / "sample-workflow.yml").write_text(
        "name: ci\n'on':\n  pull_request_target:\njobs:\n  a:\n    runs-on: x\n    steps: []\n")
    (tmp_path / "my-action.yaml").write_text(
        "name: a\nruns:\n  # composite\n  using: composite\n  steps: []\n")
    (tmp_path / "compose.yml").write_text("services:\n  web:\n    image: nginx\n")
    kinds = {f.path.name: f.kind for f in discover([tmp_path]).files}
    assert kinds == {"sample-workflow.yml": "github-actions", "my-action.yaml": "github-actions"}

"""The checkov bridge's parts that need no checkov, and iacgate living beside checkov.

Runs in every environment: without checkov (the main test run) and with it (the second
environment of .ci/run), where checkov is hidden from the command to test its absence.
"""

from __future__ import annotations

import os
import subprocess
import sys
import types
from pathlib import Path

import pytest
import yaml

from linter.bridges.checkov import convert, settings, skips
from linter.governance import suppressions
from linter.model import Severity

# runs the command with checkov unimportable, whatever is installed
HIDE_CHECKOV = ("import sys; sys.modules['checkov'] = None; sys.argv[0] = 'iacgate'; "
                "from linter.cli import main; main()")


def iacgate_without_checkov(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, NO_COLOR="1")
    return subprocess.run([sys.executable, "-c", HIDE_CHECKOV, *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=300)


def test_checkov_flag_without_checkov_exits_2_with_the_install_command(tmp_path):
    (tmp_path / "main.tf").write_text('resource "aws_s3_bucket" "b" {\n  bucket = "b"\n}\n')
    out = iacgate_without_checkov("scan", ".", "--checkov", cwd=tmp_path)
    assert out.returncode == 2, out.stderr
    assert 'pip install "iacgate[checkov]"' in out.stderr and "Traceback" not in out.stderr
    assert out.stdout == ""  # nothing scanned, no half report
    (tmp_path / ".iacgate.yaml").write_text("checkov:\n  enabled: true\n")
    out = iacgate_without_checkov("scan", ".", cwd=tmp_path)
    assert out.returncode == 2 and "checkov.enabled (.iacgate.yaml:1)" in out.stderr
    out = iacgate_without_checkov("rules", "list", "--checkov", cwd=tmp_path)
    assert out.returncode == 2 and 'pip install "iacgate[checkov]"' in out.stderr


def test_a_scan_without_the_bridge_never_imports_checkov(tmp_path):
    (tmp_path / "main.tf").write_text('resource "aws_s3_bucket" "b" {\n  bucket = "b"\n}\n')
    out = iacgate_without_checkov("scan", ".", cwd=tmp_path)
    assert out.returncode in (0, 1) and "checkov" not in out.stderr


def test_checkov_settings_are_validated(tmp_path):
    (tmp_path / "main.tf").write_text("")
    (tmp_path / ".iacgate.yaml").write_text("checkov:\n  enable: true\n")
    out = iacgate_without_checkov("scan", ".", cwd=tmp_path)
    assert out.returncode == 2 and ".iacgate.yaml:2" in out.stderr and "enable" in out.stderr


def test_foreign_hcl2_module_is_a_clear_parse_error_not_a_crash(monkeypatch):
    """checkov's bc-python-hcl2 installs a module named `hcl2` too; the python-hcl2
    fallback must say so instead of failing on a missing function."""
    from linter.parsers import terraform

    fake = types.ModuleType("hcl2")
    fake.loads = lambda text: {}
    monkeypatch.setitem(sys.modules, "hcl2", fake)
    monkeypatch.setitem(sys.modules, "hcl2.utils", None)
    monkeypatch.setenv("IACGATE_HCL_PARSER", "python-hcl2")
    monkeypatch.setenv("IACGATE_NO_CACHE", "1")
    with pytest.raises(terraform.HclError) as err:
        terraform.parse_hcl('resource "aws_s3_bucket" "b" {\n  bucket = "x"\n}\n')
    assert "bc-python-hcl2" in err.value.message and "python-hcl2" in err.value.message


def test_skip_comments_with_and_without_reason():
    text = ('resource "aws_s3_bucket" "b" {\n'
            '  # checkov:skip=CKV_AWS_18:logs go to the CDN\n'
            '  acl = "private" # checkov:skip=CKV_AWS_21\n'
            '  // bridgecrew:skip=CKV_AWS_144: one region only\n'
            '  name = "checkov:skip=CKV_AWS_1:not a comment"\n'
            '}\n')
    found = skips.comments("main.tf", text)
    assert [(s.line, s.check_id, s.reason, skips.has_reason(s)) for s in found] == [
        (2, "CKV_AWS_18", "logs go to the CDN", True),
        (3, "CKV_AWS_21", "", False),
        (4, "CKV_AWS_144", "one region only", True)]
    assert found[0].covers("main.tf", 1, 6) and not found[0].covers("main.tf", 7, 9)
    assert not found[0].covers("other.tf", 1, 6)


def test_skip_annotations_cover_their_object_only():
    from linter.kinds import kind_module

    text = ("apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n  annotations:\n"
            "    checkov.io/skip1: CKV_K8S_8=probes live in the mesh\n"
            "    checkov.io/skip2: CKV_K8S_9\n"
            "spec: {containers: [{name: c, image: x}]}\n---\n"
            "apiVersion: v1\nkind: Pod\nmetadata: {name: b}\nspec: {containers: []}\n")
    docs = kind_module("kubernetes").parse("pods.yaml", text).documents
    found = skips.annotations("pods.yaml", docs)
    assert [(s.line, s.check_id, s.reason) for s in found] == [
        (6, "CKV_K8S_8", "probes live in the mesh"), (7, "CKV_K8S_9", "")]
    assert found[0].covers("pods.yaml", 1, 8) and not found[0].covers("pods.yaml", 10, 13)


def test_iacgate_ignore_names_checkov_ids():
    (s,) = suppressions.parse("main.tf", '  acl = "x" # iacgate:ignore CKV_AWS_20, AWS001 public site\n')
    assert s.rules == ["CKV_AWS_20", "AWS001"] and s.reason == "public site"


def test_checkov_yaml_keys_taken_and_the_rest_named(tmp_path):
    path = tmp_path / ".checkov.yaml"
    path.write_text("check: CKV_AWS_20,CKV_AWS_57\nskip-check: [CKV_AWS_18]\n"
                    "external-checks-dir: [policies]\nframework: [terraform]\ncompact: true\n")
    taken, note = settings.read_checkov_file(path, ".checkov.yaml")
    assert taken["checks"] == ["CKV_AWS_20", "CKV_AWS_57"] and taken["skip_checks"] == ["CKV_AWS_18"]
    assert taken["external_checks_dirs"] == [str((tmp_path / "policies").resolve())]
    assert note.startswith(".checkov.yaml: took check, skip-check, external-checks-dir")
    assert "not used: framework, compact" in note


def test_iacgate_settings_override_checkov_yaml(tmp_path):
    (tmp_path / ".checkov.yaml").write_text("skip-check: [CKV_AWS_18]\ncheck: [CKV_AWS_20]\n")
    got = settings.resolve({"enabled": True, "skip_checks": ["CKV_AWS_23"]}, False, tmp_path,
                           [tmp_path], ".iacgate.yaml")
    assert got.enabled and got.skip_checks == ["CKV_AWS_23"] and got.checks == ["CKV_AWS_20"]
    assert not settings.resolve({}, False, tmp_path, [tmp_path], "x").enabled


def test_severity_table_is_well_formed_and_defaults_to_medium():
    data = yaml.safe_load(Path(convert.__file__).with_name("severities.yaml").read_text())
    ids = [i for level in data.values() for i in level]
    assert len(ids) == len(set(ids)), "a check is listed under two severities"
    assert all(i.startswith(("CKV_", "CKV2_")) for i in ids)
    assert convert.severity_of("CKV_K8S_16") == Severity.HIGH
    assert convert.severity_of("CKV_AWS_18") == Severity.LOW
    assert convert.severity_of("CKV_NOT_LISTED_1") == convert.DEFAULT_SEVERITY == Severity.MEDIUM


def test_checkov_ids_in_waivers_are_quiet_when_the_bridge_does_not_run(tmp_path, monkeypatch):
    """A register entry or an iacgate:ignore for a checkov check waits for `--checkov`: a
    quick scan without the bridge must not call them unused or unknown."""
    monkeypatch.setenv("IACGATE_TODAY", "2026-12-01")
    (tmp_path / "main.tf").write_text(
        'resource "aws_s3_bucket" "b" {\n  bucket = "b" # iacgate:ignore CKV_AWS_18 logs go to the CDN\n}\n')
    (tmp_path / ".iacgate-exceptions.yaml").write_text(
        "- rule: CKV_AWS_21\n  path: main.tf\n  reason: versioning is done by the backup\n"
        "  owner: ops@example.com\n  expires: 2027-03-01\n")
    out = iacgate_without_checkov("scan", ".", "--format", "json", cwd=tmp_path)
    assert out.returncode in (0, 1), out.stderr
    assert '"IAC002"' not in out.stdout and '"IAC005"' not in out.stdout

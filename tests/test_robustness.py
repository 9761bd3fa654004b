"""Hostile input: nothing a user can put in a file passes silently or stops the scan.

Each case is run through the real command line. A file iacgate cannot read or accept is a
located finding that fails the gate, the rest of the scan goes on, exit 2 is only for the
command line and iacgate's own settings files, and exit 3 never happens.
See docs/robustness.md for the list with measured costs.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

PUBLIC_ACL = 'resource "aws_s3_bucket_acl" "site" {\n  bucket = "site"\n  acl    = "public-read"\n}\n'
PRIVILEGED_POD = """apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  hostNetwork: true
  containers:
    - name: c
      image: nginx@sha256:0000000000000000000000000000000000000000000000000000000000000000
      securityContext:
        privileged: true
"""


def iacgate(*args: str, cwd: Path, stdin: bytes | None = None, env: dict | None = None,
            timeout: float = 120) -> tuple[int, list[dict], str, float]:
    """(exit code, findings of the JSON report, stderr, seconds)."""
    full_env = dict(os.environ, NO_COLOR="1", IACGATE_NO_CACHE="1", **(env or {}))
    full_env.pop("IACGATE_DEBUG", None)
    start = time.monotonic()
    out = subprocess.run([sys.executable, "-m", "linter.cli", "scan", "--format", "json", *args],
                         cwd=cwd, input=stdin, capture_output=True, env=full_env, timeout=timeout)
    took = time.monotonic() - start
    stderr = out.stderr.decode("utf-8", "replace")
    assert "Traceback" not in stderr, stderr
    findings = json.loads(out.stdout)["findings"] if out.returncode in (0, 1) else []
    return out.returncode, findings, stderr, took


def ids(findings: list[dict]) -> set[str]:
    return {f["rule_id"] for f in findings}


def at(findings: list[dict], rule: str) -> list[str]:
    return sorted(f"{f['path']}:{f['line']}" for f in findings if f["rule_id"] == rule)


def gate_fails_with(findings: list[dict], rule: str, path: str) -> None:
    assert any(f["rule_id"] == rule and f["path"] == path and not f["unknown"] for f in findings), \
        [(f["rule_id"], f["path"], f["message"]) for f in findings]


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A folder with one real finding, so that each case also shows the scan went on."""
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "acl.tf").write_text(PUBLIC_ACL)
    return tmp_path


def scan_ok(repo: Path, *args: str, **kw) -> list[dict]:
    code, findings, stderr, took = iacgate(*args, cwd=repo, **kw)
    assert code == 1, stderr
    gate_fails_with(findings, "AWS001", "other/acl.tf")
    assert not {"IAC006", "IAC007"} & ids(findings), at(findings, "IAC006") + at(findings, "IAC007")
    assert took < 30
    return findings


# -- silent passes -------------------------------------------------------------------------

def test_oversized_yaml_is_a_finding_not_a_skip(repo: Path):
    big = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: big}\ndata:\n  blob: " + "x" * (6 << 20)
    (repo / "pod.yaml").write_text(big + "\n---\n" + PRIVILEGED_POD)
    findings = scan_ok(repo, ".")
    gate_fails_with(findings, "IAC001", "pod.yaml")


def test_oversized_plan_json_is_a_finding(repo: Path):
    plan = {"format_version": "1.2", "planned_values": {}, "pad": "x" * (6 << 20)}
    (repo / "plan.json").write_text(json.dumps(plan))
    gate_fails_with(scan_ok(repo, "."), "IAC001", "plan.json")


def test_limit_applies_to_stdin(repo: Path):
    big = ("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: big}\ndata:\n  blob: " + "x" * (6 << 20)
           + "\n---\n" + PRIVILEGED_POD).encode()
    code, findings, stderr, _ = iacgate("-", "--kind", "kubernetes", cwd=repo, stdin=big)
    assert code == 1, stderr
    gate_fails_with(findings, "IAC001", "<stdin>")


@pytest.mark.parametrize("data", [
    PRIVILEGED_POD.encode().replace(b"name: p", b"name: p\xff"),
    PRIVILEGED_POD.encode("utf-16"),
    b"apiVersion: v1\nkind: Pod\n\x00\x01\x02",
], ids=["latin1", "utf16", "binary"])
def test_yaml_that_is_not_utf8_is_a_finding(repo: Path, data: bytes):
    (repo / "pod.yaml").write_bytes(data)
    gate_fails_with(scan_ok(repo, "."), "IAC001", "pod.yaml")


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every file")
def test_unreadable_yaml_and_folder_are_findings(repo: Path):
    (repo / "pod.yaml").write_text(PRIVILEGED_POD)
    (repo / "pod.yaml").chmod(0)
    (repo / "locked").mkdir()
    (repo / "locked").chmod(0)
    try:
        findings = scan_ok(repo, ".")
    finally:
        (repo / "pod.yaml").chmod(0o644)
        (repo / "locked").chmod(0o755)
    gate_fails_with(findings, "IAC001", "pod.yaml")
    gate_fails_with(findings, "IAC001", "locked")


def test_fifo_and_device_on_the_command_line_are_findings(repo: Path):
    os.mkfifo(repo / "pipe.tf")
    findings = scan_ok(repo, "pipe.tf", "/dev/null", "other")
    gate_fails_with(findings, "IAC001", "pipe.tf")
    assert any(f["rule_id"] == "IAC001" and f["path"].endswith("dev/null") for f in findings)


def test_fifo_in_a_folder_is_a_finding_and_never_blocks(repo: Path):
    os.mkfifo(repo / "other" / "pipe.yaml")
    gate_fails_with(scan_ok(repo, "."), "IAC001", "other/pipe.yaml")


@pytest.mark.parametrize("flag", ["--select", "--ignore"])
def test_selector_matching_no_rule_is_a_usage_error(repo: Path, flag: str):
    code, _, stderr, _ = iacgate(".", flag, "NOPE", cwd=repo)
    assert code == 2 and "NOPE" in stderr, stderr


def test_selector_in_config_matching_no_rule_names_the_file(repo: Path):
    (repo / ".iacgate.yaml").write_text("select: [aws, AWS9999]\n")
    code, _, stderr, _ = iacgate(".", cwd=repo)
    assert code == 2 and ".iacgate.yaml" in stderr and "AWS9999" in stderr, stderr


def test_id_prefix_with_digits_selects_its_rules(repo: Path):
    (repo / "pod.yaml").write_text(PRIVILEGED_POD)
    code, findings, stderr, _ = iacgate(".", "--select", "K8S", cwd=repo)
    assert code == 1, stderr
    assert ids(findings) and all(i.startswith(("K8S", "IAC")) for i in ids(findings)), ids(findings)


def test_hundred_parentheses_keep_the_critical_finding(repo: Path):
    value = "(" * 100 + '"public-read"' + ")" * 100
    (repo / "main.tf").write_text(PUBLIC_ACL.replace('"public-read"', value))
    gate_fails_with(scan_ok(repo, "."), "AWS001", "main.tf")


def test_long_locals_chain_keeps_the_critical_finding(repo: Path):
    lines = ["locals {", '  l0 = "public-read"']
    lines += [f"  l{i} = local.l{i - 1}" for i in range(1, 200)]
    lines.append("}")
    (repo / "main.tf").write_text("\n".join(lines) + "\n" + PUBLIC_ACL.replace('"public-read"', "local.l199"))
    gate_fails_with(scan_ok(repo, "."), "AWS001", "main.tf")


def test_duplicate_hcl_attribute_is_a_parse_error(repo: Path):
    (repo / "main.tf").write_text(PUBLIC_ACL.replace('  acl    = "public-read"\n',
                                                     '  acl    = "public-read"\n  acl = "private"\n'))
    findings = scan_ok(repo, ".")
    assert "main.tf:4" in at(findings, "IAC001"), at(findings, "IAC001")


# -- one input must not abort the scan ----------------------------------------------------

@pytest.mark.parametrize("azs", ["5", "1e309", "true", '"x"', "null"])
def test_for_over_a_non_collection(repo: Path, azs: str):
    (repo / "main.tf").write_text(
        f"locals {{\n  azs = {azs}\n  subnets = [for k, v in local.azs : v]\n"
        "  names = {for v in local.azs : v => v}\n}\n"
        'resource "aws_subnet" "s" {\n  count = length(local.subnets)\n  cidr_block = local.subnets[count.index]\n}\n')
    scan_ok(repo, ".")


@pytest.mark.parametrize("count", ["1e309", "-1", "1.5", '"many"', "[1]", "1" * 5000])
def test_count_of_any_shape(repo: Path, count: str):
    (repo / "main.tf").write_text(PUBLIC_ACL.replace("  bucket", f"  count = {count}\n  bucket"))
    scan_ok(repo, ".")


def test_huge_integers_in_files_are_read(repo: Path):
    digits = "9" * 5000
    (repo / "pod.yaml").write_text(PRIVILEGED_POD + f"  terminationGracePeriodSeconds: {digits}\n")
    (repo / "main.tf").write_text(f'locals {{\n  n = {digits}\n  m = local.n + 1\n}}\n')
    plan = {"format_version": "1.2", "terraform_version": "1.5.0",
            "planned_values": {"root_module": {"resources": [{
                "address": "aws_s3_bucket_acl.p", "mode": "managed", "type": "aws_s3_bucket_acl",
                "name": "p", "values": {"acl": "public-read", "n": 0}}]}}}
    (repo / "plan.json").write_text(json.dumps(plan).replace('"n": 0', f'"n": {digits}'))
    (repo / ".github" / "workflows").mkdir(parents=True)
    (repo / ".github" / "workflows" / "ci.yml").write_text(
        f"on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    timeout-minutes: {digits}\n"
        "    steps:\n      - run: echo\n")
    findings = scan_ok(repo, ".")
    gate_fails_with(findings, "AWS001", "plan.json")
    assert any(f["rule_id"].startswith("K8S") and f["path"] == "pod.yaml" for f in findings)


@pytest.mark.parametrize("name", ["config", "exceptions", "baseline"])
def test_huge_integers_in_settings_files_are_usage_errors(repo: Path, name: str):
    digits = "9" * 5000
    files = {"config": (".iacgate.yaml", f"fail_on: high\njobs: {digits}\n", []),
             "exceptions": ("ex.yaml", f"- rule: AWS001\n  path: x\n  reason: r\n  owner: o\n"
                                       f"  expires: 2030-01-01\n  ticket: {digits}\n",
                            ["--exceptions", "ex.yaml"]),
             "baseline": ("base.json", json.dumps({"version": 1, "findings": []})[:-1]
                          + f', "n": {digits}}}', ["--baseline", "base.json"])}
    fname, text, args = files[name]
    (repo / fname).write_text(text)
    code, _, stderr, _ = iacgate(".", *args, cwd=repo)
    assert code == 2 and fname in stderr, stderr


def test_deep_baseline_is_a_usage_error_naming_the_file(repo: Path):
    (repo / "base.json").write_text("[" * 100_000 + "]" * 100_000)
    code, _, stderr, _ = iacgate(".", "--baseline", "base.json", cwd=repo)
    assert code == 2 and "base.json" in stderr, stderr


def test_symlink_to_itself_is_a_finding(repo: Path):
    (repo / "loop.tf").symlink_to("loop.tf")
    gate_fails_with(scan_ok(repo, "."), "IAC001", "loop.tf")
    gate_fails_with(scan_ok(repo, "loop.tf", "other"), "IAC001", "loop.tf")


def test_file_name_that_is_not_utf8(repo: Path):
    name = os.fsencode(str(repo)) + b"/bad\xff.tf"
    with open(name, "w") as fh:
        fh.write(PUBLIC_ACL)
    findings = scan_ok(repo, ".")
    assert sum(1 for f in findings if f["rule_id"] == "AWS001") == 2, findings


def test_binary_stdin(repo: Path):
    code, findings, stderr, _ = iacgate("-", "--kind", "kubernetes", cwd=repo,
                                        stdin=b"\xff\xfe\x00garbage\x00")
    assert code == 1, stderr
    gate_fails_with(findings, "IAC001", "<stdin>")


@pytest.mark.parametrize("values", [
    {"acl": "public-read", "tags": [[1]], "grant": {"a": 1}},
    {"acl": ["public-read"], "policy": {"x": [1]}},
])
def test_plan_with_wrong_types(repo: Path, values: dict):
    resources = [{"address": "aws_s3_bucket_acl.p", "mode": "managed", "type": "aws_s3_bucket_acl",
                  "name": "p", "values": values},
                 {"address": ["x"], "mode": 5, "type": {"a": 1}, "name": [[]], "values": [[]],
                  "index": {"k": []}},
                 [], "text"]
    plan = {"format_version": "1.2", "planned_values": {"root_module": {
        "resources": resources, "child_modules": [{"address": 1, "resources": {"a": []}}]}},
            "resource_changes": [{"address": [[]], "change": {"after": [[]], "after_unknown": [[]]}}],
            "configuration": {"root_module": {"resources": [{"address": [[]], "expressions": [[]]}]}}}
    (repo / "plan.json").write_text(json.dumps(plan))
    scan_ok(repo, ".")


def test_principal_type_that_is_a_list_of_lists(repo: Path):
    (repo / "main.tf").write_text("""
data "aws_iam_policy_document" "p" {
  statement {
    actions   = ["*"]
    resources = ["*"]
    principals {
      type        = [[]]
      identifiers = ["*"]
    }
  }
}
resource "aws_iam_policy" "p" {
  policy = data.aws_iam_policy_document.p.json
}
resource "aws_iam_role" "r" {
  assume_role_policy = data.aws_iam_policy_document.p.json
}
resource "aws_s3_bucket_policy" "b" {
  bucket = "b"
  policy = data.aws_iam_policy_document.p.json
}
""")
    scan_ok(repo, ".")


# -- cost ------------------------------------------------------------------------------------

def test_companion_lookup_is_linear(tmp_path: Path, monkeypatch):
    """AWS100-AWS103 find a bucket's companions through an index: the pairs of bucket
    and companion they compare grow with the number of files, not with its square."""
    from linter.engine import ScanOptions, scan
    from linter.rules import load_sibling

    companions = load_sibling(str(Path(__file__).parent.parent / "rules" / "aws" / "x.py"),
                              "_s3_companions.py")
    calls = []
    real_link = companions.link
    monkeypatch.setattr(companions, "link", lambda *a, **k: calls.append(1) or real_link(*a, **k))
    monkeypatch.chdir(tmp_path)

    def run(n: int) -> int:
        folder = tmp_path / str(n)
        folder.mkdir()
        for i in range(n):
            (folder / f"b{i}.tf").write_text(
                f'resource "aws_s3_bucket" "b{i}" {{\n  bucket = "b{i}"\n}}\n'
                f'resource "aws_s3_bucket_versioning" "v{i}" {{\n  bucket = aws_s3_bucket.b{i}.id\n'
                '  versioning_configuration {\n    status = "Enabled"\n  }\n}\n'
                f'resource "aws_s3_bucket_logging" "l{i}" {{\n  bucket = "b{i}"\n  target_bucket = "logs"\n}}\n')
        calls.clear()
        result = scan(ScanOptions(targets=[str(folder)], select=["AWS100", "AWS101", "AWS102", "AWS103"],
                                  jobs=1))
        assert not [f for f in result.findings if f.rule_id.startswith("IAC")]
        assert not [f for f in result.findings if f.rule_id == "AWS102"]  # versioning found
        return len(calls)

    small, large = run(40), run(160)
    assert large <= 5 * small, (small, large)


def test_cache_is_capped_and_can_be_cleared(tmp_path: Path):
    cache = tmp_path / "cache"
    folder = tmp_path / "tf"
    folder.mkdir()
    for i in range(60):
        (folder / f"f{i}.tf").write_text(f'resource "aws_s3_bucket" "b{i}" {{\n  bucket = "{"x" * 4000}{i}"\n}}\n')
    env = dict(os.environ, XDG_CACHE_HOME=str(cache), IACGATE_CACHE_MB="0.05", NO_COLOR="1")
    env.pop("IACGATE_NO_CACHE", None)
    cli = [sys.executable, "-m", "linter.cli"]
    subprocess.run(cli + ["scan", "."], cwd=folder, env=env, capture_output=True, timeout=300)
    size = sum(p.stat().st_size for p in (cache / "iacgate").rglob("*") if p.is_file())
    assert 0 < size <= 0.05 * (1 << 20), size
    out = subprocess.run(cli + ["cache", "clear"], env=env, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert not [p for p in (cache / "iacgate").rglob("*") if p.is_file()]


def test_a_value_error_inside_the_scan_is_not_a_usage_error(repo: Path, monkeypatch):
    """Only the command line and the settings files give exit 2."""
    from linter import run
    from linter.kinds import kubernetes

    def broken(path: str, text: str):
        raise ValueError("a defect in a reader")

    monkeypatch.setattr(kubernetes, "parse", broken)
    (repo / "pod.yaml").write_text(PRIVILEGED_POD)
    monkeypatch.chdir(repo)
    code = run.run_scan(run.ScanRequest(paths=["."], outputs=[("json", str(repo / "r.json"))]))
    findings = json.loads((repo / "r.json").read_text())["findings"]
    assert code == 1
    gate_fails_with(findings, "AWS001", "other/acl.tf")
    assert any(f["path"] == "pod.yaml" and f["rule_id"].startswith("IAC") for f in findings)


def test_evaluated_values_survive_being_sent_between_processes():
    """Parallel scans pickle their results: a value type that cannot be read back killed
    the pool's result thread and hung the whole scan."""
    import pickle

    from linter.kinds.terraform.evaluate import Failed
    from linter.kinds.terraform.values import JsonText, PartialJson, ResourceRef

    for value in (JsonText('{"a":1}', {"a": 1}), ResourceRef("aws_s3_bucket.b.id", "aws_s3_bucket.b", "id"),
                  PartialJson("jsonencode(x)", "r", {"a": 1}), Failed("x", "y")):
        back = pickle.loads(pickle.dumps(value))
        assert type(back) is type(value) and back == value
        assert getattr(back, "value", None) == getattr(value, "value", None)

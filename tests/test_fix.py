"""`iacgate fix`: every declared fix against its before/after pair, and the behaviour a
user relies on (nothing written with --diff, unsafe fixes only on request, waivers
respected, exit code after the fixes, refusals that name the variable to change)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from fixture_support import FIXTURES

from linter.engine import ScanOptions, scan
from linter.fix.runner import FIXED, NOT_IN_PLACE, fix_findings, write
from linter.rules import load_rules

RULES = {r.id: r for r in load_rules()}
PAIRS = sorted(p for p in FIXTURES.glob("*/fix") if p.is_dir())


def _fix(path: Path, select: list[str], kind: str | None = None, unsafe: bool = True):
    options = ScanOptions(targets=[str(path)], select=select, force_kind=kind)
    run = fix_findings(scan(options), options, unsafe)
    assert not write(run)
    return run


def _pair(folder: Path) -> tuple[Path, Path]:
    before = next(folder.glob("before.*"))
    return before, folder / f"after{before.suffix}"


@pytest.mark.parametrize("folder", PAIRS, ids=[p.parent.name for p in PAIRS])
def test_fix_turns_before_into_after(folder, tmp_path, monkeypatch):
    rule = RULES[folder.parent.name]
    before, after = _pair(folder)
    work = tmp_path / before.name
    shutil.copyfile(before, work)
    monkeypatch.chdir(tmp_path)
    run = _fix(work, [rule.id], rule.kind)
    assert any(o.status == FIXED for o in run.outcomes), [(o.status, o.detail) for o in run.outcomes]
    assert work.read_bytes() == after.read_bytes()
    again = _fix(work, [rule.id], rule.kind)
    assert not again.changed, "a second run changes the file again"


def test_every_fix_has_a_pair_and_every_pair_a_fix():
    with_fix = {r.id for r in RULES.values() if r.fix}
    paired = {p.parent.name for p in PAIRS}
    assert with_fix - paired == set(), "fixes without fixtures/<RULE>/fix/{before,after}"
    assert paired - with_fix == set(), "fix fixtures for rules without a fix"
    for folder in PAIRS:
        before, after = _pair(folder)
        assert after.is_file(), f"{folder}: no {after.name}"


def test_enough_rules_have_fixes_in_every_kind():
    fixed = [r for r in RULES.values() if r.fix]
    kinds = {r.kind for r in fixed}
    assert kinds == {"terraform", "kubernetes", "github-actions", "gitlab-ci"}
    assert len(fixed) >= 40


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "linter.cli", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=120)


POD = """\
apiVersion: v1
kind: Pod
metadata:
  name: web   # the front end
spec:
  containers:
    - name: web
      image: "example/web:1.0"
      securityContext:
        privileged: true    # keep this comment
        # and this one
      ports: [{containerPort: 80}]
"""


def test_unsafe_fixes_need_the_flag_and_diff_writes_nothing(tmp_path):
    pod = tmp_path / "pod.yaml"
    pod.write_text(POD)
    plain = _cli("fix", "pod.yaml", "--select", "K8S002", cwd=tmp_path)
    assert pod.read_text() == POD
    assert plain.returncode == 1, plain.stderr  # privileged is high: still failing
    assert "--unsafe-fixes" in plain.stderr
    diff = _cli("fix", "pod.yaml", "--select", "K8S002", "--unsafe-fixes", "--diff", cwd=tmp_path)
    assert pod.read_text() == POD
    assert diff.returncode == 0, diff.stderr  # the gate is decided on the fixed text
    assert "-        privileged: true    # keep this comment" in diff.stdout
    assert "+        privileged: false   # keep this comment" in diff.stdout
    done = _cli("fix", "pod.yaml", "--select", "K8S002", "--unsafe-fixes", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert pod.read_text() == POD.replace("privileged: true ", "privileged: false")
    assert "fixed: pod.yaml:10 K8S002" in done.stdout


def test_waived_findings_are_left_alone(tmp_path):
    text = POD.replace("      securityContext:\n",
                       "      securityContext:\n        # iacgate:ignore K8S002 node agent, SEC-1\n")
    pod = tmp_path / "pod.yaml"
    pod.write_text(text)
    result = _cli("fix", "pod.yaml", "--select", "K8S002", "--unsafe-fixes", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert pod.read_text() == text


def test_untouched_lines_stay_byte_for_byte(tmp_path):
    """Odd but valid layout ruamel.yaml would rewrite: only the fixed lines change."""
    text = ("apiVersion:   v1\nkind: Pod\nmetadata: {name: odd}\nspec:\n"
            "    containers:\n    -   name: a\n        image:    'x:1'\n"
            "        securityContext: {privileged: true}\n"
            "    - name: b\n      image: \"y:1\"   #  spaced  comment\n")
    pod = tmp_path / "pod.yaml"
    pod.write_bytes(text.replace("\n", "\r\n").encode())
    _fix(pod, ["K8S002", "K8S013"], unsafe=True)
    got = pod.read_bytes().decode()
    assert "\r\n" in got and "\n" not in got.replace("\r\n", "")
    old = text.splitlines()
    new = got.replace("\r\n", "\n").splitlines()
    assert [line for line in old if line in new] == [
        line for line in old if "securityContext" not in line and "image: \"y:1\"" not in line
    ] or set(old) - set(new) <= {"        securityContext: {privileged: true}"}
    assert "    - name: b" in new and "      image: \"y:1\"   #  spaced  comment" in new


def test_terraform_value_replaced_and_attribute_inserted_with_the_file_indentation(tmp_path):
    tf = tmp_path / "main.tf"
    tf.write_text('resource "aws_db_instance" "db" {\n\tengine = "postgres" # pg\n'
                  '\tpublicly_accessible = true\n}\n')
    _fix(tf, ["AWS050", "AWS054"])
    assert tf.read_text() == ('resource "aws_db_instance" "db" {\n\tengine = "postgres" # pg\n'
                              '\tpublicly_accessible = false\n\tdeletion_protection = true\n}\n')


def test_values_from_variables_and_module_inputs_are_named_not_edited(tmp_path):
    (tmp_path / "main.tf").write_text(
        'variable "public" {\n  default = true\n}\n'
        'resource "aws_db_instance" "db" {\n  engine = "postgres"\n'
        '  publicly_accessible = var.public\n}\n'
        'module "inner" {\n  source = "./inner"\n  public = true\n}\n')
    (tmp_path / "inner").mkdir()
    (tmp_path / "inner" / "main.tf").write_text(
        'variable "public" {}\nresource "aws_db_instance" "x" {\n  engine = "mysql"\n'
        '  publicly_accessible = var.public\n}\n')
    before = (tmp_path / "main.tf").read_text()
    run = _fix(tmp_path, ["AWS050"])
    assert (tmp_path / "main.tf").read_text() == before
    reasons = sorted(o.detail for o in run.outcomes if o.status == NOT_IN_PLACE)
    assert len(reasons) == 2, [(o.status, o.detail) for o in run.outcomes]
    assert "variable `public` of module.inner: set that module input to false" in reasons[0]
    assert "variable `public`: set it to false" in reasons[1]


def test_a_fix_that_brings_a_new_finding_is_skipped(tmp_path):
    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "ORG001-no-debug.yaml").write_text(
        "id: ORG001\nname: no-debug\ntitle: Debug flag is on\nseverity: high\nconfidence: high\n"
        "target: {kind: kubernetes, level: container}\n"
        "match: {path: 'env[*].value', equals: debug}\nmessage: debug\nrationale: r\nremediation: r\n"
        "fix: {safety: safe, summary: switch to trace, replace: trace}\n")
    (pack / "ORG002-no-trace.yaml").write_text(
        "id: ORG002\nname: no-trace\ntitle: Trace flag is on\nseverity: high\nconfidence: high\n"
        "target: {kind: kubernetes, level: container}\n"
        "match: {path: 'env[*].value', equals: trace}\nmessage: trace\nrationale: r\nremediation: r\n")
    pod = tmp_path / "pod.yaml"
    text = ("apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n"
            "    - name: a\n      image: a\n      env:\n        - {name: MODE, value: debug}\n")
    pod.write_text(text)
    result = _cli("fix", "pod.yaml", "--rules-dir", "pack", "--select", "ORG", cwd=tmp_path)
    assert pod.read_text() == text
    assert "skipped: pod.yaml:9 ORG001" in result.stdout
    assert "new finding (ORG002" in result.stdout


WORKFLOW = """\
on: issue_comment
jobs:
  greet:
    runs-on: ubuntu-latest
    steps:
      - run: |
          echo "${{ github.event.comment.body }}"
          echo '${{ github.event.issue.title }}' # single quotes
          cat <<'EOF'
          ${{ github.event.issue.title }}
          EOF
"""


def _workflow(tmp_path: Path, text: str) -> Path:
    path = tmp_path / ".github" / "workflows" / "ci.yml"
    path.parent.mkdir(parents=True)
    path.write_text(text)
    return path


def test_an_expression_in_a_quoted_here_document_is_not_moved(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = _workflow(tmp_path, WORKFLOW)
    run = _fix(path, ["GHA001"])
    assert path.read_text() == WORKFLOW  # `cat <<'EOF'` would print ${ISSUE_TITLE} literally
    assert {o.status for o in run.outcomes} == {NOT_IN_PLACE}


def test_expressions_move_to_env_quoted_as_they_were(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    text = WORKFLOW.split("          cat <<")[0]
    path = _workflow(tmp_path, text)
    _fix(path, ["GHA001"])
    assert path.read_text() == text.replace(
        "      - run: |\n",
        "      - env:\n          COMMENT_BODY: ${{ github.event.comment.body }}\n"
        "          ISSUE_TITLE: ${{ github.event.issue.title }}\n        run: |\n").replace(
        '"${{ github.event.comment.body }}"', '"${COMMENT_BODY}"').replace(
        "'${{ github.event.issue.title }}'", "''\"${ISSUE_TITLE}\"''")


def test_powershell_scripts_read_env_through_env_drive(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    text = ("on: issues\njobs:\n  a:\n    runs-on: windows-latest\n    steps:\n"
            "      - run: Write-Output \"${{ github.event.issue.title }}\"\n")
    path = _workflow(tmp_path, text)
    _fix(path, ["GHA001"])
    assert "run: Write-Output \"${env:ISSUE_TITLE}\"" in path.read_text()


def test_helm_rendered_manifests_and_plans_are_not_edited_but_named(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    rendered = tmp_path / "rendered.yaml"
    text = "---\n# Source: web/templates/pod.yaml\n" + POD
    rendered.write_text(text)
    run = _fix(rendered, ["K8S002"], "kubernetes")
    assert rendered.read_text() == text
    [outcome] = [o for o in run.outcomes if o.finding.rule_id == "K8S002"]
    assert outcome.status == NOT_IN_PLACE
    assert "rendered by Helm from web/templates/pod.yaml" in outcome.detail
    plan = tmp_path / "plan.json"
    plan.write_text(json.dumps({"format_version": "1.2", "terraform_version": "1.9.0",
                                "planned_values": {"root_module": {"resources": [{
                                    "address": "aws_db_instance.db", "mode": "managed",
                                    "type": "aws_db_instance", "name": "db",
                                    "values": {"engine": "mysql", "publicly_accessible": True}}]}},
                                "configuration": {"root_module": {}}}))
    run = _fix(plan, ["AWS050"], "terraform")
    statuses = {(o.finding.rule_id, o.status) for o in run.outcomes}
    assert statuses == {("AWS050", NOT_IN_PLACE)}, [(o.status, o.detail) for o in run.outcomes]
    assert "Terraform plan is not edited" in run.outcomes[0].detail

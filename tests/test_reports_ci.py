"""The GitHub Action and the GitLab CI template: pinned, injection-free, and their scan
scripts, run here with the installed iacgate, write the reports CI picks up."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
BAD_TF = 'resource "aws_s3_bucket_acl" "site" {\n  bucket = "site"\n  acl    = "public-read"\n}\n'


def _env(**extra: str) -> dict:
    env = dict(os.environ)
    env["PATH"] = env.get("PATH", "") + os.pathsep + str(Path(sys.executable).parent)
    env.update(extra)
    return env


def test_action_is_composite_pinned_and_passes_inputs_through_env():
    action = yaml.safe_load((ROOT / "action.yml").read_text())
    assert action["runs"]["using"] == "composite"
    steps = action["runs"]["steps"]
    for step in steps:
        if "uses" in step:
            assert re.fullmatch(r"[\w.-]+/[\w./-]+@[0-9a-f]{40}", step["uses"]), step["uses"]
        if "run" in step:
            assert "${{" not in step["run"], f"expression inside a script: {step.get('name')}"
            assert step["shell"] == "bash"
    uses = [s["uses"].split("@")[0] for s in steps if "uses" in s]
    assert uses == ["actions/setup-python", "github/codeql-action/upload-sarif"]
    install = next(s for s in steps if "pip install" in s.get("run", ""))
    assert install["env"]["ACTION_PATH"] == "${{ github.action_path }}"
    upload = next(s for s in steps if "upload-sarif" in s.get("uses", ""))
    assert "always()" in upload["if"] and upload["with"]["sarif_file"] == "${{ inputs.sarif-file }}"


def _scan_step() -> dict:
    action = yaml.safe_load((ROOT / "action.yml").read_text())
    return next(s for s in action["runs"]["steps"] if s.get("id") == "scan")


def test_action_scan_script_writes_sarif_and_exit_code(tmp_path: Path):
    (tmp_path / "infra").mkdir()
    (tmp_path / "infra" / "site.tf").write_text(BAD_TF)
    output = tmp_path / "github_output"
    output.write_text("")
    step = _scan_step()
    env = _env(IACGATE_PATHS="infra", IACGATE_FAIL_ON="critical", IACGATE_CONFIG="",
               IACGATE_BASELINE="", IACGATE_DIFF_BASE="", IACGATE_ARGS="--select AWS001",
               IACGATE_SARIF="out.sarif", GITHUB_OUTPUT=str(output),
               GITHUB_STEP_SUMMARY=str(tmp_path / "summary.md"), RUNNER_TEMP=str(tmp_path))
    proc = subprocess.run(["bash", "-e", "-c", step["run"]], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert output.read_text().strip() == "exit-code=1"
    assert "::error file=infra/site.tf,line=3" in proc.stdout
    summary = (tmp_path / "summary.md").read_text()
    assert summary.startswith("### iacgate (exit code 1)") and "infra/site.tf:3" in summary
    sarif = json.loads((tmp_path / "out.sarif").read_text())
    assert [r["ruleId"] for r in sarif["runs"][0]["results"]] == ["AWS001"]


def test_gitlab_template_reports_match_its_script(tmp_path: Path):
    doc = yaml.safe_load((ROOT / "ci" / "gitlab-iacgate.yml").read_text())
    job = doc["iacgate"]
    reports = job["artifacts"]["reports"]
    assert job["artifacts"]["when"] == "always"
    script = job["script"][-1]
    assert f"gitlab={reports['codequality']}" in script and f"junit={reports['junit']}" in script
    (tmp_path / "site.tf").write_text(BAD_TF)
    env = _env(IACGATE_PATHS=".", IACGATE_ARGS="--select AWS001", IACGATE_DIFF="true")
    env.pop("CI_MERGE_REQUEST_DIFF_BASE_SHA", None)
    proc = subprocess.run(["sh", "-c", script], cwd=tmp_path, env=env, capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == 1, proc.stderr
    issues = json.loads((tmp_path / reports["codequality"]).read_text())
    assert [(i["check_name"].split()[0], i["location"]["path"], i["location"]["lines"]["begin"])
            for i in issues] == [("AWS001", "site.tf", 3)]
    assert "<testsuites" in (tmp_path / reports["junit"]).read_text()


def test_gitlab_template_refuses_to_guess_where_iacgate_comes_from(tmp_path: Path):
    job = yaml.safe_load((ROOT / "ci" / "gitlab-iacgate.yml").read_text())["iacgate"]
    assert job["variables"]["IACGATE_PIP_SPEC"] == ""
    proc = subprocess.run(["sh", "-c", job["script"][0]], cwd=tmp_path, capture_output=True,
                          text=True, env=_env(IACGATE_PIP_SPEC=""), timeout=60)
    assert proc.returncode == 2 and "IACGATE_PIP_SPEC" in proc.stderr

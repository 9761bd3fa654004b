"""GitHub Actions model: expressions, triggers, `uses:` references, exact lines, params,
and the promise that a hardened workflow gives nothing at medium or above."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from fixture_support import CORPUS, needs_corpus

from linter.engine import ScanOptions, scan
from linter.kinds.github_actions.expr import (
    context_refs,
    find_expressions,
    is_attacker_controlled,
    is_caller_controlled,
)
from linter.kinds.github_actions.model import parse_image, parse_uses, triggers
from linter.model import Severity


def _scan(tmp_path: Path, text: str, select: list[str] | None = None,
          params: dict | None = None, name: str = "wf.yml"):
    wf = tmp_path / ".github" / "workflows" / name
    wf.parent.mkdir(parents=True, exist_ok=True)
    wf.write_text(text)
    return scan(ScanOptions(targets=[str(wf)], select=select or ["GHA"],
                            rule_params=params or {}))


def test_expressions_are_found_with_offsets_and_literals_do_not_close_them():
    text = "a ${{ github.head_ref }} b ${{ format('}}{0}', github.event.issue.title) }} c"
    exprs = find_expressions(text)
    assert [text[e.start:e.end] for e in exprs] == [
        "${{ github.head_ref }}", "${{ format('}}{0}', github.event.issue.title) }}"]
    refs = context_refs(exprs[1].body, exprs[1].body_start)
    assert [(r.path, text[r.offset:r.offset + len(r.text)]) for r in refs] == [
        ("github.event.issue.title", "github.event.issue.title")]


def test_context_paths_are_normalised():
    refs = context_refs("github.event.commits[0].message || github.event['issue']['title']"
                        " || toJSON(github.event.pull_request) || secrets[format('A{0}', x)]")
    assert [r.path for r in refs] == ["github.event.commits.*.message",
                                      "github.event.issue.title",
                                      "github.event.pull_request", "x", "secrets.*"]


@pytest.mark.parametrize("path,attacker", [
    ("github.event.issue.title", True), ("github.event.pull_request.head.ref", True),
    ("github.event.pages.*.page_name", True), ("github.head_ref", True),
    ("github.event.pull_request", True), ("github.event", True),
    ("github.event.pull_request.head.sha", False), ("github.event.pull_request.number", False),
    ("github.sha", False), ("github.ref", False), ("secrets.token", False),
])
def test_attacker_controlled_contexts(path, attacker):
    assert is_attacker_controlled(path) is attacker


def test_caller_controlled_contexts():
    assert is_caller_controlled("inputs.version")
    assert is_caller_controlled("steps.meta.outputs.tags")
    assert not is_caller_controlled("steps.meta.outcome")


@pytest.mark.parametrize("on,expected", [
    ("push", ["push"]),
    (["push", "pull_request_target"], ["push", "pull_request_target"]),
    ({"issues": {"types": ["opened"]}, "workflow_run": None}, ["issues", "workflow_run"]),
])
def test_triggers_are_normalised_from_every_form(on, expected):
    assert list(triggers({"on": on})) == expected


def test_uses_references_are_parsed():
    u = parse_uses("octo/repo/sub/dir@v1")
    assert (u.kind, u.owner, u.repo, u.path, u.ref, u.pinned) == (
        "action", "octo", "repo", "sub/dir", "v1", False)
    assert parse_uses("octo/repo@" + "a" * 40).pinned
    assert parse_uses("./.github/actions/x").kind == "local"
    assert parse_uses("o/r/.github/workflows/ci.yml@main").kind == "reusable"
    d = parse_uses("docker://alpine@sha256:" + "0" * 64)
    assert d.kind == "docker" and d.pinned
    assert parse_image("localhost:5000/img:1.2").tag == "1.2"
    assert parse_image("localhost:5000/img").tag == ""


def test_injection_line_inside_block_and_folded_scalars(tmp_path):
    result = _scan(tmp_path, """\
on: issues
permissions: {}
jobs:
  j:
    runs-on: ubuntu-latest
    steps:
      - run: |
          echo one
          echo "${{ github.event.issue.title }}"
      - run: >-
          echo two
          "${{ github.event.issue.body }}"
      - run: "echo \\"${{ github.event.comment.body }}\\""
""", ["GHA001"])
    assert [(f.line, f.location.column) for f in result.findings] == [(9, 21), (12, 16), (13, 26)]
    assert "github.event.issue.title" in result.findings[0].message


def test_allow_list_parameter_of_unpinned_action(tmp_path):
    text = """\
on: push
permissions: {}
jobs:
  j:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: other/action@v1
"""
    default = _scan(tmp_path, text, ["GHA008"])
    assert [f.line for f in default.findings] == [8]
    strict = _scan(tmp_path, text, ["GHA008"], {"GHA008": {"allow": []}})
    assert [f.line for f in strict.findings] == [7, 8]
    loose = _scan(tmp_path, text, ["GHA008"], {"GHA008": {"allow": ["actions/*", "other/*"]}})
    assert loose.findings == []


HARDENED = """\
name: release
on:
  push:
    branches: [main]
  pull_request:
permissions: {}
jobs:
  test:
    runs-on: ubuntu-latest
    permissions:
      contents: read
    container: node:20@sha256:4ec37d2a07a0067f176fdcc9d4bb633a5724d2cc4f892c7a2046d054bb6939e5
    steps:
      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2
        with:
          persist-credentials: false
      - uses: some-org/lint-action@8f4b7f84864484a7bf31766abe9204da3cbe65b3 # v2.0.1
      - name: title through env
        if: github.event_name == 'pull_request' && github.ref != 'refs/heads/main'
        env:
          TITLE: ${{ github.event.pull_request.title }}
          TOKEN: ${{ secrets.NPM_TOKEN }}
        run: |
          echo "$TITLE"
          npm ci && npm test
      - uses: actions/upload-artifact@65c4c4a1ddee5b72f698fdd19549f0f0fb45cf08 # v4.6.0
        with:
          path: coverage/
"""


HARDENED_TRIAGE = """\
name: triage
on:
  pull_request_target:
    types: [opened]
  issue_comment:
permissions: {}
jobs:
  label:
    runs-on: ubuntu-latest
    permissions:
      pull-requests: write
    steps:
      - uses: actions/labeler@8558fd74291d67161a8a78ce36a881fa63b766a9 # v5.0.0
      - uses: actions/github-script@60a0d83039c74a4aee543508d2ffcb1c3799cdea # v7.0.1
        env:
          TITLE: ${{ github.event.pull_request.title }}
        with:
          script: core.info(process.env.TITLE)
"""


@pytest.mark.parametrize("text", [HARDENED, HARDENED_TRIAGE], ids=["ci", "triage"])
def test_hardened_workflow_has_no_finding_at_medium_or_above(tmp_path, text):
    result = _scan(tmp_path, text)
    assert [f for f in result.findings if f.severity >= Severity.MEDIUM] == []
    assert result.findings or text is HARDENED  # the triage one still gets GHA025 (low)


def test_findings_carry_resource_and_stable_fingerprints(tmp_path):
    text = "on: issues\npermissions: {}\njobs:\n  j:\n    runs-on: x\n    steps:\n" \
           "      - run: echo ${{ github.event.issue.title }}\n"
    first = _scan(tmp_path, text, ["GHA001"]).findings
    moved = _scan(tmp_path, "# a comment\n\n" + text, ["GHA001"]).findings
    assert first[0].resource == "jobs.j.steps[0]"
    assert first[0].line + 2 == moved[0].line
    assert first[0].fingerprint == moved[0].fingerprint


@needs_corpus("scale", "github-workflows")
def test_corpus_workflows_scan_without_errors():
    files = [p for base in (CORPUS / "scale" / "github-workflows", CORPUS / "real")
             for p in base.rglob("*.y*ml")
             if "/.github/workflows/" in p.as_posix() or p.name in ("action.yml", "action.yaml")]
    assert len(files) > 400
    result = scan(ScanOptions(targets=[str(p) for p in files], select=["GHA"],
                              ignore=["IAC003"], force_kind="github-actions"))
    assert [f for f in result.findings if f.rule_id == "IAC001"] == []
    assert {f.rule_id for f in result.findings} >= {"GHA001", "GHA003", "GHA008", "GHA028"}


def test_step_context_carries_the_effective_shell():
    from linter.kinds.github_actions import parse, subjects

    text = ("on: push\ndefaults:\n  run:\n    shell: pwsh\njobs:\n  j:\n    runs-on: x\n"
            "    steps:\n      - run: a\n      - run: b\n        shell: bash\n"
            "  k:\n    runs-on: x\n    defaults:\n      run:\n        shell: sh\n"
            "    steps:\n      - run: c\n")
    docs = parse(".github/workflows/w.yml", text).documents
    shells = [s.context["shell"] for s in subjects(docs, {}) if s.level == "step"]
    assert shells == ["pwsh", "bash", "sh"]


@needs_corpus("zizmor")
def test_agreement_with_zizmor_expectations_does_not_regress():
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "zizmor_agreement", Path(__file__).resolve().parent.parent / "benchmarks" / "zizmor_agreement.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    expected, files = bench.expectations(CORPUS / "zizmor")
    found = bench.ours(files, sorted({r for rules in bench.AUDITS.values() for r in rules}))

    def reproduced(audit):
        got = set().union(*(found.get(r, set()) for r in bench.AUDITS[audit]))
        return len(expected[audit] & got), len(expected[audit])

    for audit in ("unsound-condition", "bot-conditions", "unsound-contains",
                  "overprovisioned-secrets"):
        hit, total = reproduced(audit)
        assert hit == total, audit
    assert reproduced("template-injection")[0] >= 22
    assert reproduced("use-trusted-publishing")[0] >= 40
    assert reproduced("cache-poisoning")[0] >= 24


def test_artipacked_parameter_reports_every_persisted_checkout(tmp_path):
    text = """\
on: push
permissions: {}
jobs:
  j:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683
      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683
        with:
          persist-credentials: false
"""
    assert _scan(tmp_path, text, ["GHA011"]).findings == []
    strict = _scan(tmp_path, text, ["GHA011"], {"GHA011": {"only_with_upload": False}})
    assert [f.line for f in strict.findings] == [7]


def test_self_hosted_parameter_reports_every_trigger(tmp_path):
    text = "on: push\npermissions: {}\njobs:\n  j:\n    runs-on: [self-hosted, linux]\n" \
           "    steps:\n      - run: make\n"
    assert _scan(tmp_path, text, ["GHA017"]).findings == []
    audit = _scan(tmp_path, text, ["GHA017"], {"GHA017": {"public_triggers_only": False}})
    assert [f.line for f in audit.findings] == [5]


ODD_SHAPES = [
    "on:\njobs: []\n",
    "on: push\njobs:\n  j: null\n  k: 3\n",
    "on: {push: null}\npermissions: 7\nenv: ${{ fromJSON(x) }}\njobs:\n  j:\n    steps: {a: 1}\n",
    "on: [push]\njobs:\n  j:\n    runs-on: x\n    env: ${{ matrix.env }}\n    steps:\n"
    "      - uses: 5\n      - run: [a, b]\n      - with: text\n        uses: actions/github-script@v7\n"
    "      - uses: ''\n      - uses: docker://\n      - if: 3\n        run: echo\n",
    "on: pull_request_target\njobs:\n  j:\n    container: {image: 5, credentials: x}\n"
    "    services: [a]\n    strategy: {matrix: ${{ fromJSON(x) }}}\n    runs-on: {group: 4}\n"
    "    steps:\n      - uses: actions/checkout@v4\n        with: {ref: 5, token: null}\n",
    "true: push\njobs:\n  j:\n    uses: ./.github/workflows/x.yml\n    with: null\n",
]


@pytest.mark.parametrize("text", ODD_SHAPES, ids=range(len(ODD_SHAPES)))
def test_odd_but_valid_yaml_never_crashes_the_rules(tmp_path, text):
    result = _scan(tmp_path, text)
    assert all(f.rule_id.startswith(("GHA", "IAC")) for f in result.findings)


def test_composite_action_odd_shapes(tmp_path):
    action = tmp_path / "action.yml"
    action.write_text("name: a\nruns:\n  using: composite\n  steps:\n    - run: null\n    - 3\n"
                      "    - uses: ./x\n      with: {a: \"${{ github.event.issue.title }}\"}\n")
    result = scan(ScanOptions(targets=[str(action)], select=["GHA"], force_kind="github-actions"))
    assert [f for f in result.findings if f.rule_id == "IAC001"] == []


def test_fingerprint_survives_a_step_inserted_above(tmp_path):
    step = ("      - name: greet\n"
            "        run: echo ${{ github.event.issue.title }}\n")
    head = "on: issues\npermissions: {}\njobs:\n  j:\n    runs-on: x\n    steps:\n"
    before = _scan(tmp_path, head + step, ["GHA001"]).findings
    after = _scan(tmp_path, head + "      - run: make\n" + step, ["GHA001"]).findings
    assert before[0].resource == 'jobs.j.steps["greet"]'
    assert before[0].fingerprint == after[0].fingerprint
    assert after[0].line == before[0].line + 1


def test_inline_waiver_inside_a_run_block(tmp_path):
    wf = tmp_path / ".github" / "workflows" / "ci.yml"
    wf.parent.mkdir(parents=True)
    wf.write_text("on: issues\npermissions: {}\njobs:\n  j:\n    runs-on: x\n    steps:\n"
                  "      - run: |\n"
                  "          # iacgate:ignore GHA001 title is validated by the issue form\n"
                  "          echo \"${{ github.event.issue.title }}\"\n"
                  "          echo \"${{ github.event.issue.body }}\"\n")
    run = subprocess.run([sys.executable, "-m", "linter.cli", "scan", ".", "--select", "GHA001",
                          "--format", "json"], cwd=tmp_path, capture_output=True, text=True)
    findings = json.loads(run.stdout)["findings"]
    assert [(f["line"], bool(f["waiver"])) for f in findings] == [(9, True), (10, False)]
    assert run.returncode == 1  # the body expansion still fails the gate


@pytest.mark.parametrize("body,flows", [
    (" github.head_ref ", True),
    (" github.head_ref == 'main' ", False),
    (" contains(github.event.issue.title, 'bug') ", False),
    (" github.event.issue.title != '' && 'yes' || 'no' ", False),
    (" format('{0}', github.head_ref) ", True),
    (" !github.event.issue.title ", False),
    (" github.head_ref || 'fallback' ", True),
    (" (github.head_ref == 'a') && 'y' ", False),
])
def test_only_values_that_reach_the_result_flow(body, flows):
    assert [r.flows for r in context_refs(body)] == [flows]


def test_broken_workflow_with_expressions_is_a_parse_error_not_a_skipped_template(tmp_path):
    # `${{ }}` is workflow syntax: a workflow that does not parse must fail the gate.
    result = _scan(tmp_path, """\
on: push
jobs:
  j:
    runs-on: ubuntu-latest
    steps:
      - run: curl -H "Authorization: token ${{ secrets.TOKEN }}" https://example.com
        env: {A: ${{ github.sha }}}
""", ["IAC001"])
    assert [(f.rule_id, f.line) for f in result.findings] == [("IAC001", 6)]

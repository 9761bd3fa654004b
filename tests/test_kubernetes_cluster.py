"""Objects resolved per folder (never last-read-wins), label selectors across objects, and
workload kinds and image placeholders the pack reads."""

from __future__ import annotations

import textwrap
from pathlib import Path

from linter.engine import ScanOptions, scan
from linter.kinds.kubernetes.cluster import ObjectIndex
from linter.kinds.kubernetes.selectors import matches

SA = """\
apiVersion: v1
kind: ServiceAccount
metadata: {name: api, namespace: shop}
"""
POD = """\
apiVersion: v1
kind: Pod
metadata: {name: api, namespace: shop}
spec:
  serviceAccountName: api
  containers:
    - name: api
      image: registry.example.com/api:1.0.0
"""


def _write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))


def _k8s027(root: Path):
    result = scan(ScanOptions(targets=[str(root)], select=["K8S027"]))
    return ({f.path.rsplit("/", 2)[-2] + "/" + f.path.rsplit("/", 1)[-1] for f in result.findings},
            [u for u in result.unknowns if u.rule_id == "K8S027"])


def test_service_account_resolves_in_the_pods_folder_not_the_last_read(tmp_path):
    _write(tmp_path, {"dev/serviceaccount.yaml": SA + "automountServiceAccountToken: false\n",
                      "prod/serviceaccount.yaml": SA, "dev/pod.yaml": POD, "prod/pod.yaml": POD})
    found, unknown = _k8s027(tmp_path)
    assert found == {"prod/pod.yaml"} and not unknown  # dev's pod uses dev's account


def test_nearest_parent_folder_decides_and_siblings_are_ambiguous(tmp_path):
    _write(tmp_path, {"base/serviceaccount.yaml": SA + "automountServiceAccountToken: false\n",
                      "base/overlays/prod/pod.yaml": POD,
                      "other/serviceaccount.yaml": SA,
                      "staging/pod.yaml": POD})
    found, unknown = _k8s027(tmp_path)
    assert "prod/pod.yaml" not in found  # base/ is its nearest parent with a definition
    assert "staging/pod.yaml" not in found  # base/ and other/ are both siblings: unknown
    assert len(unknown) == 1 and "base/serviceaccount.yaml" in unknown[0].expr and "other/" in unknown[0].expr


def test_index_resolution_order():
    index = ObjectIndex()
    index.add("ServiceAccount", "shop", "api", "a/sa.yaml", "A")
    index.add("ServiceAccount", "shop", "api", "a/b/sa.yaml", "AB")
    assert index.resolve("ServiceAccount", "shop", "api", "a/b/c/pod.yaml").obj == "AB"
    assert index.resolve("ServiceAccount", "shop", "api", "a/pod.yaml").obj == "A"
    assert index.resolve("ServiceAccount", "shop", "api", "x/pod.yaml").ambiguous
    index.add("ServiceAccount", "shop", "api", "a/sa2.yaml", "A2")
    assert index.resolve("ServiceAccount", "shop", "api", "a/pod.yaml").ambiguous
    assert index.resolve("ServiceAccount", "", "api", "a/b/pod.yaml").obj == "AB"  # namespace left to -n


def test_label_selectors():
    assert matches({"matchLabels": {"app": "api"}}, {"app": "api", "tier": "x"}) is True
    assert matches({"matchExpressions": [{"key": "tier", "operator": "NotIn", "values": ["x"]}]},
                   {"tier": "x"}) is False
    assert matches({"matchExpressions": [{"key": "tier", "operator": "Exists"}]}, {}) is False
    assert matches({"matchExpressions": [{"key": "tier", "operator": "Bogus"}]}, {}) is None


def test_image_placeholders_anywhere_are_unknown_not_silent(tmp_path):
    _write(tmp_path, {"pod.yaml": POD.replace("registry.example.com/api:1.0.0", "registry.example.com/api:$TAG")})
    result = scan(ScanOptions(targets=[str(tmp_path)], select=["K8S025", "K8S026"]))
    assert [f for f in result.findings if not f.unknown] == []
    assert {u.rule_id for u in result.unknowns} == {"K8S025", "K8S026"}


def test_deployment_config_with_a_partial_template_is_a_workload(tmp_path):
    _write(tmp_path, {"dc.yaml": """\
    apiVersion: apps.openshift.io/v1
    kind: DeploymentConfig
    metadata: {name: web, namespace: shop}
    spec:
      template:
        spec:
          hostNetwork: true  # containers come from a patch applied later
    """})
    result = scan(ScanOptions(targets=[str(tmp_path)], select=["K8S001"]))
    assert [f.rule_id for f in result.findings] == ["K8S001"]


DEPLOY = """\
apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: shop}
spec:
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec:
      containers:
        - {name: api, image: registry.example.com/api:1.0.0}
"""
DENY = """\
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: default-deny, namespace: shop}
spec: {podSelector: {}, policyTypes: [Ingress]}
"""


def test_network_policies_protect_their_folder_tree_only(tmp_path):
    _write(tmp_path, {"base/netpol.yaml": DENY, "base/overlays/dev/deploy.yaml": DEPLOY,
                      "prod/deploy.yaml": DEPLOY, "prod/more/deploy.yaml": DEPLOY})
    result = scan(ScanOptions(targets=[str(tmp_path)], select=["K8S142"]))
    assert sorted(f.path.split(str(tmp_path.name) + "/")[-1] for f in result.findings) == [
        "prod/deploy.yaml", "prod/more/deploy.yaml"]  # one per folder, none under base/

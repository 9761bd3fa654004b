"""Control-plane static pods: recognised, their flags read like the binaries read them,
and judged by the CIS checks instead of the workload rules."""

from __future__ import annotations

import textwrap

from linter.engine import ScanOptions, scan
from linter.kinds.kubernetes.controlplane import parse_flags, static_pod_components


def _scan(tmp_path, text: str, select: list[str] | None = None, name: str = "pod.yaml"):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text))
    return scan(ScanOptions(targets=[str(path)], select=select or []))


APISERVER = """\
apiVersion: v1
kind: Pod
metadata:
  name: kube-apiserver
  namespace: kube-system
spec:
  hostNetwork: true
  containers:
    - name: kube-apiserver
      image: registry.k8s.io/kube-apiserver:v1.30.2
      command: [kube-apiserver]
      args:
        - --anonymous-auth
        - "false"
        - --authorization-mode=Node
        - --authorization-mode=RBAC,AlwaysAllow
        - --enable-admission-plugins=NodeRestriction
        - --enable-admission-plugins=AlwaysAdmit
        - --profiling
      volumeMounts: [{name: pki, mountPath: /etc/kubernetes/pki}]
  volumes:
    - name: pki
      hostPath: {path: /etc/kubernetes/pki}
"""


def test_flags_in_both_forms_repeated_and_as_lists(tmp_path):
    result = _scan(tmp_path, APISERVER)
    ids = {f.rule_id: f for f in result.findings}
    assert "K8S050" not in ids  # --anonymous-auth false (separate value)
    assert ids["K8S054"].line == 16  # the second --authorization-mode holds AlwaysAllow
    assert ids["K8S057"].line == 18  # plugins accumulate across repeated flags
    assert "K8S058" not in ids  # NodeRestriction from the first occurrence counts
    assert ids["K8S061"].line == 19  # a bare boolean flag is true
    assert "K8S061" in ids and "--profiling=true" in ids["K8S061"].message


def test_control_plane_pod_is_not_judged_by_workload_rules(tmp_path):
    result = _scan(tmp_path, APISERVER)
    workload = {f.rule_id for f in result.findings} & {"K8S001", "K8S004", "K8S014", "K8S020", "K8S024"}
    assert workload == set()


def test_same_binary_in_an_application_namespace_is_a_workload(tmp_path):
    text = APISERVER.replace("namespace: kube-system", "namespace: shop")
    ids = {f.rule_id for f in _scan(tmp_path, text).findings}
    assert "K8S001" in ids and "K8S054" not in ids


def test_shell_wrapped_command_is_split_like_a_shell():
    container = {"command": ["/bin/sh", "-c", "exec etcd --client-cert-auth=false --data-dir /var/lib/etcd"]}
    obj = {"kind": "Pod", "metadata": {"name": "etcd"}, "spec": {"containers": [container]}}
    assert [c for c, _ in static_pod_components(obj)] == ["etcd"]
    flags = parse_flags("etcd", container)
    assert flags.get("client-cert-auth").value == "false"
    assert flags.get("data-dir").value == "/var/lib/etcd"
    assert flags.get("client-cert-auth").index == 2


def test_etcd_and_kubelet_configuration_from_the_issue(tmp_path):
    etcd = """\
    apiVersion: v1
    kind: Pod
    metadata: {name: etcd, namespace: kube-system, labels: {component: etcd, tier: control-plane}}
    spec:
      containers:
        - name: etcd
          image: registry.k8s.io/etcd:3.5.12-0
          command:
            - etcd
            - --client-cert-auth=false
            - --peer-auto-tls=true
            - --cert-file=/etc/kubernetes/pki/etcd/server.crt
            - --key-file=/etc/kubernetes/pki/etcd/server.key
    """
    ids = sorted(f.rule_id for f in _scan(tmp_path, etcd, name="etcd.yaml").findings)
    assert "K8S079" in ids and "K8S080" in ids and "K8S078" not in ids


def test_kubeadm_extra_args_are_flags_with_kubeadm_defaults(tmp_path):
    text = """\
    apiVersion: kubeadm.k8s.io/v1beta4
    kind: ClusterConfiguration
    apiServer:
      extraArgs:
        - name: anonymous-auth
          value: "true"
        - name: authorization-mode
          value: AlwaysAllow
    controllerManager:
      extraArgs:
        - {name: profiling, value: "false"}
    etcd:
      local:
        dataDir: /var/lib/etcd
    """
    found = {(f.rule_id, f.line) for f in _scan(tmp_path, text, name="kubeadm.yaml").findings}
    assert ("K8S050", 5) in found and ("K8S054", 7) in found
    ids = {rule for rule, _ in found}
    # kubeadm writes these flags into the static pods it generates: not findings
    assert not ids & {"K8S052", "K8S058", "K8S073", "K8S077", "K8S078", "K8S079", "K8S081"}
    assert "K8S061" not in {r for r, line in found if line >= 9}  # profiling off on the controller manager


def test_kubelet_configuration_defaults_differ_from_flag_defaults(tmp_path):
    text = """\
    apiVersion: kubelet.config.k8s.io/v1beta1
    kind: KubeletConfiguration
    cgroupDriver: systemd
    """
    ids = {f.rule_id for f in _scan(tmp_path, text, name="kubelet.yaml").findings}
    assert not ids & {"K8S090", "K8S091", "K8S093"}  # v1beta1 defaults: no anonymous, Webhook, port 0
    flags = """\
    apiVersion: kubeadm.k8s.io/v1beta3
    kind: InitConfiguration
    nodeRegistration:
      kubeletExtraArgs:
        authorization-mode: AlwaysAllow
        read-only-port: "10255"
    """
    ids = {f.rule_id for f in _scan(tmp_path, flags, name="init.yaml").findings}
    assert {"K8S091", "K8S093"} <= ids and "K8S090" not in ids  # kubeadm's kubelet config turns anonymous off

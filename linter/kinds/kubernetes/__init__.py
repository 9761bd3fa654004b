"""Kubernetes manifests: objects, their pod specs, and their containers.

Every workload shape resolves to its pod spec, so a rule written for `container` sees
the containers of a Pod, a Deployment or a CronJob alike. Levels: `object` (every
object), `pod` (the pod spec of a workload), `container` (containers, initContainers
and ephemeralContainers), `component` (a control-plane static pod's kube-apiserver,
kube-controller-manager, kube-scheduler or etcd container, typed by the component; such a
pod has no `pod`/`container` subjects). Context keys a Python check may read:

- object, namespace, waivers: the object, its namespace (None when unset) and the
  `iacgate.io/ignore` waivers written on it;
- pod_spec, pod_metadata (the pod template's metadata), pod_parent (the mapping and key
  holding the pod spec, to point at `spec:`), cluster (ServiceAccounts and LimitRanges
  seen anywhere in the scan);
- for containers: container_field, container_index, container_seq and
  effective_security_context (pod settings filled in, the container's win).

For Python checks (`rules/kubernetes/*.py`):

- `linter.kinds.kubernetes.pod`: containers of every sort, security contexts as the kubelet
  combines them, capabilities, Windows pods;
- `linter.kinds.kubernetes.rbac`: RBAC policy rules read as the API server reads them;
- `linter.kinds.kubernetes.resources`: requests and limits with Kubernetes' defaults;
- `linter.kinds.kubernetes.controlplane`: control-plane components and their flags
  (`flags` in a component subject's context);
- `linter.kinds.kubernetes.cluster`: objects resolved per folder (`cluster["objects"]`), the
  namespace's pod templates in scope;
- `linter.kinds.kubernetes.selectors`: label selectors as the API server evaluates them;
- `linter.kinds.kubernetes.images`: image references (registry, tag, digest, placeholders).

For the engine: `parse(path, text) -> Parsed` and `subjects(documents, options)`. Objects
refer to each other across files (a Pod's ServiceAccount, a namespace's LimitRange), so
all manifests of a scan are one unit: there is no `units`.
`helm` (findings sent back to chart templates) and `waivers` (object annotations) are
used by `objects` only.
"""

from .objects import parse, subjects

COST_PER_BYTE = 1  # evaluation cost of a byte, relative (about a workflow's); see linter.partition

__all__ = ["COST_PER_BYTE", "parse", "subjects"]

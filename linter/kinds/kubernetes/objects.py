"""Reading manifests into objects, and objects into subjects."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ...model import Document, Map, Subject
from .. import Parsed
from .._yaml import read_yaml
from . import helm as k8s_helm
from .cluster import ObjectIndex, folder_of, related
from .controlplane import KUBEADM_GROUP, component_subjects, kubeadm_subjects, static_pod_components
from .pod import effective_security_context
from .waivers import waivers

# kind -> path from the object to its pod spec
POD_SPEC_PATHS: dict[str, tuple[str, ...]] = {
    "Pod": ("spec",),
    "PodTemplate": ("template", "spec"),
    "Deployment": ("spec", "template", "spec"),
    "StatefulSet": ("spec", "template", "spec"),
    "DaemonSet": ("spec", "template", "spec"),
    "ReplicaSet": ("spec", "template", "spec"),
    "ReplicationController": ("spec", "template", "spec"),
    "Job": ("spec", "template", "spec"),
    "CronJob": ("spec", "jobTemplate", "spec", "template", "spec"),
    "DeploymentConfig": ("spec", "template", "spec"),  # OpenShift
}
CONTAINER_FIELDS = ("containers", "initContainers", "ephemeralContainers")
# custom workloads (Argo Rollout, Knative, ...) found by shape
GENERIC_POD_SPEC_PATHS = (("spec", "template", "spec"),
                          ("spec", "jobTemplate", "spec", "template", "spec"))


def parse(path: str, text: str) -> Parsed:
    docs, problems = read_yaml(path, text, "1.1")
    out = Parsed(problems=problems)
    chunks: list[k8s_helm.Chunk] = []
    sources: dict[str, str] = {}
    if k8s_helm.has_sources(text):
        chunks, sources = k8s_helm.chunks(text)
    for index, root in enumerate(docs):
        if root is None:
            continue
        meta: dict = {}
        chunk = k8s_helm.chunk_for(root.span.line, chunks) if chunks and hasattr(root, "span") else None
        if chunk is not None:
            k8s_helm.relocate(root, chunk)
            meta = {"source": chunk.source, "sources": {chunk.source: sources[chunk.source]}}
        for obj in _objects(root):
            out.documents.append(Document(path, "kubernetes", obj, text, index, dict(meta)))
    return out


def _objects(root: Any) -> Iterator[Map]:
    """Objects of a document; a `kind: List` yields its items."""
    if not isinstance(root, dict) or "kind" not in root:
        return
    if str(root.get("kind", "")).endswith("List") and isinstance(root.get("items"), list):
        for item in root["items"]:
            yield from _objects(item)
        return
    if "apiVersion" in root:
        yield root


def object_name(obj: Map) -> str:
    meta = obj.get("metadata") if isinstance(obj.get("metadata"), dict) else {}
    kind = str(obj.get("kind", "?"))
    name = str(meta.get("name") or meta.get("generateName") or "?")
    ns = meta.get("namespace")
    return f"{kind}/{ns}/{name}" if ns else f"{kind}/{name}"


def _walk(obj: Map, path: tuple[str, ...]) -> list[Any] | None:
    """The chain of mappings along `path` (obj first), or None when it breaks."""
    chain: list[Any] = [obj]
    for key in path:
        node = chain[-1]
        if not isinstance(node, dict) or not isinstance(node.get(key), dict):
            return None
        chain.append(node[key])
    return chain


def _pod_chain(obj: Map) -> tuple[list[Any], tuple[str, ...]] | None:
    path = POD_SPEC_PATHS.get(str(obj.get("kind")))
    if path:
        chain = _walk(obj, path)
        return (chain, path) if chain else None
    for path in GENERIC_POD_SPEC_PATHS:
        chain = _walk(obj, path)
        if chain and isinstance(chain[-1].get("containers"), list):
            return chain, path
    return None


def pod_spec(obj: Map) -> tuple[Any, str] | None:
    """The pod spec of a workload and its attribute path, or None."""
    found = _pod_chain(obj)
    if not found:
        return None
    chain, path = found
    return chain[-1], ".".join(path)


def _metadata(node: Any) -> Any:
    meta = node.get("metadata") if isinstance(node, dict) else None
    return meta if isinstance(meta, dict) else {}


def namespace(obj: Any) -> str | None:
    ns = _metadata(obj).get("namespace")
    return str(ns) if ns not in (None, "") else None


def cluster_index(documents: list[Document]) -> dict:
    """What a pod's settings may depend on elsewhere in the scan: objects by kind,
    namespace and name (resolved per folder, see `cluster`), LimitRanges, the pod
    templates of each namespace, the control-plane static pods with their flags, and the
    namespaces that run workloads without any
    NetworkPolicy (mapped from the object that reports it: the Namespace, else the first
    workload)."""
    service_accounts: dict[tuple[str, str], Map] = {}
    limit_ranges: dict[str, list[Map]] = {}
    objects = ObjectIndex()
    workloads: dict[str, list[tuple[str, Any]]] = {}
    policed: list[tuple[str, str]] = []  # (file, namespace) of every NetworkPolicy
    namespace_objects: dict[tuple[str, str], Map] = {}  # (folder, name)
    first_workload: dict[tuple[str, str], tuple[str, Map]] = {}  # (folder, namespace)
    components: list[tuple[str, str, Any]] = []  # (file, component, flags) of static pods
    for doc in documents:
        obj = doc.root
        kind = obj.get("kind")
        ns = namespace(obj) or ""
        name = str(_metadata(obj).get("name", ""))
        objects.add(str(kind), ns, name, doc.path, obj)
        if kind == "ServiceAccount":
            service_accounts[(ns, name)] = obj
        elif kind == "LimitRange":
            limit_ranges.setdefault(ns, []).append(obj)
        elif kind == "NetworkPolicy":
            policed.append((doc.path, ns))
        elif kind == "Namespace":
            namespace_objects.setdefault((folder_of(doc.path), name), obj)
        for component, _, flags in component_subjects(obj):
            components.append((doc.path, component, flags))
        found = _pod_chain(obj)
        if found and len(found[0]) >= 2:
            spec = found[0][-1]
            labels = _metadata(found[0][-2]).get("labels")
            workloads.setdefault(ns, []).append((doc.path, labels if isinstance(labels, dict) else {}))
            if ns and spec.get("hostNetwork") is not True and not static_pod_components(obj):
                first_workload.setdefault((folder_of(doc.path), ns), (doc.path, obj))
    # per folder: a NetworkPolicy of the namespace in the same folder, a parent or a
    # sub-folder protects it (overlays, per-environment folders deploy apart)
    unprotected = {id(namespace_objects.get((folder, ns), obj)): ns
                   for (folder, ns), (path, obj) in first_workload.items()
                   if not any(pns == ns and related(ppath, path) for ppath, pns in policed)}
    return {"service_accounts": service_accounts, "limit_ranges": limit_ranges,
            "objects": objects, "workloads": workloads, "unprotected_namespaces": unprotected,
            "components": components}


def subjects(documents: list[Document], options: dict) -> Iterator[Subject]:
    cluster = cluster_index(documents)
    notes = options.get("notes")
    # a KubeletConfiguration next to a kubeadm configuration gets kubeadm's enforced settings
    kubeadm_files = {d.path for d in documents
                     if str(d.root.get("apiVersion", "")).startswith(KUBEADM_GROUP)}
    for doc in documents:
        obj = doc.root
        kind = str(obj.get("kind"))
        resource = object_name(obj)
        path = doc.meta.get("source") or doc.path
        found = _pod_chain(obj)
        metas = [_metadata(obj)]
        if found and len(found[0]) >= 2 and found[0][-2] is not obj:
            metas.append(_metadata(found[0][-2]))
        octx = {"object": obj, "namespace": namespace(obj), "cluster": cluster,
                "kubeadm": doc.path in kubeadm_files,
                "waivers": waivers(metas, path, notes, resource, options.get("declared_waivers"))}
        yield Subject("kubernetes", "object", kind, resource, obj, doc.path, octx)
        components = list(component_subjects(obj))
        for component, container, flags in components:
            index = next(i for i, c in enumerate(obj["spec"]["containers"]) if c is container)
            yield Subject("kubernetes", "component", component, resource, container, doc.path,
                          dict(octx, flags=flags, attr=f"spec.containers[{index}]",
                               values={"component": component}))
        for component, holder, flags in kubeadm_subjects(obj):
            yield Subject("kubernetes", "component", component, resource, holder, doc.path,
                          dict(octx, flags=flags, kubeadm=True, values={"component": component}))
        if not found or components:
            continue  # a control-plane static pod is judged by the component checks
        chain, spec_path = found
        spec, spec_attr = chain[-1], ".".join(spec_path)
        ctx = dict(octx, pod_spec=spec, pod_metadata=_metadata(chain[-2]),
                   pod_parent=(chain[-2], spec_path[-1]), attr=spec_attr)
        yield Subject("kubernetes", "pod", kind, resource, spec, doc.path, ctx)
        for field in CONTAINER_FIELDS:
            items = spec.get(field)
            if not isinstance(items, list):
                continue
            for i, container in enumerate(items):
                if not isinstance(container, dict):
                    continue
                cctx = dict(ctx, container_field=field, container_index=i, container_seq=items,
                            effective_security_context=effective_security_context(spec, container),
                            values={"container": str(container.get("name") or f"{field}[{i}]")},
                            attr=f"{spec_attr}.{field}[{i}]")
                yield Subject("kubernetes", "container", kind, resource, container, doc.path, cctx)

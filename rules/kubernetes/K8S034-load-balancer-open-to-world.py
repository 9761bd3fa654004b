"""LoadBalancer Services without source ranges, unless the cloud annotation makes them
internal."""

from __future__ import annotations

from collections.abc import Iterator

from linter.model import Hit, Subject

INTERNAL = {
    "service.beta.kubernetes.io/aws-load-balancer-internal": None,
    "service.beta.kubernetes.io/aws-load-balancer-scheme": "internal",
    "service.beta.kubernetes.io/azure-load-balancer-internal": "true",
    "networking.gke.io/load-balancer-type": "internal",
    "cloud.google.com/load-balancer-type": "internal",
    "service.beta.kubernetes.io/oci-load-balancer-internal": "true",
    "service.beta.kubernetes.io/openstack-internal-load-balancer": "true",
    "service.kubernetes.io/ibm-load-balancer-cloud-provider-ip-type": "private",
    "service.beta.kubernetes.io/alibaba-cloud-loadbalancer-address-type": "intranet",
}
SOURCE_RANGES_ANNOTATION = "service.beta.kubernetes.io/load-balancer-source-ranges"
WORLD = {"0.0.0.0/0", "::/0"}


def _internal(annotations: dict) -> bool:
    for key, expected in INTERNAL.items():
        if key not in annotations:
            continue
        value = str(annotations[key]).strip().lower()
        if expected is None:
            if value not in ("false", "0", ""):
                return True
        elif value == expected:
            return True
    return False


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    obj = subject.node
    spec = obj.get("spec")
    if not isinstance(spec, dict) or spec.get("type") != "LoadBalancer":
        return
    meta = obj.get("metadata") if isinstance(obj.get("metadata"), dict) else {}
    annotations = meta.get("annotations") if isinstance(meta.get("annotations"), dict) else {}
    if _internal(annotations):
        return
    ranges = spec.get("loadBalancerSourceRanges")
    if isinstance(ranges, list) and ranges:
        for i, cidr in enumerate(ranges):
            if str(cidr).strip() in WORLD:
                yield Hit(ranges, i, attr=f"spec.loadBalancerSourceRanges[{i}]", values={
                    "value": str(cidr), "problem": f"LoadBalancer Service allows {cidr}"})
        return
    text = str(annotations.get(SOURCE_RANGES_ANNOTATION, "")).strip()
    if text:
        if not WORLD & {c.strip() for c in text.split(",")}:
            return
        yield Hit(annotations, SOURCE_RANGES_ANNOTATION,
                  attr=f"metadata.annotations.{SOURCE_RANGES_ANNOTATION}",
                  values={"value": text, "problem": f"LoadBalancer Service allows {text}"})
        return
    yield Hit(spec, "type", attr="spec.type", values={
        "value": "LoadBalancer", "missing": "spec.loadBalancerSourceRanges",
        "problem": "LoadBalancer Service has no loadBalancerSourceRanges: any address can reach it"})

"""EMR security configuration documents: at-rest (S3, local disks, EBS) and in-transit
encryption, each off unless the JSON document turns it on."""

from __future__ import annotations

from collections.abc import Iterator

from linter.kinds.terraform.rulekit import truth, unknown_hit
from linter.model import Hit, Subject, Unknown
from linter.rules import load_sibling

policies = load_sibling(__file__, "_policies.py")


def _flag(parent: object, key: str) -> bool | None:
    """A boolean setting of the document: None when written as an unknown value."""
    if not isinstance(parent, dict):
        return False
    value = parent.get(key)
    if isinstance(value, Unknown):
        return None
    return truth(value) is True


def gaps(config: dict) -> tuple[list[str], bool]:
    """What the document leaves unencrypted, and whether some setting is unknown."""
    enc = config.get("EncryptionConfiguration")
    if isinstance(enc, Unknown):
        return [], True
    enc = enc if isinstance(enc, dict) else {}
    found: list[str] = []
    unknown = False
    at_rest, in_transit = _flag(enc, "EnableAtRestEncryption"), _flag(enc, "EnableInTransitEncryption")
    if at_rest is False:
        found.append("data at rest unencrypted (EnableAtRestEncryption is not true)")
    elif at_rest:
        rest = enc.get("AtRestEncryptionConfiguration")
        disks = rest.get("LocalDiskEncryptionConfiguration") if isinstance(rest, dict) else None
        if isinstance(rest, Unknown) or isinstance(disks, Unknown):
            unknown = True
        elif not isinstance(disks, dict):
            found.append("local disks unencrypted (no LocalDiskEncryptionConfiguration)")
        else:
            ebs = _flag(disks, "EnableEbsEncryption")
            unknown = unknown or ebs is None
            if ebs is False:
                found.append("EBS volumes unencrypted (EnableEbsEncryption is not true)")
    unknown = unknown or at_rest is None or in_transit is None
    if in_transit is False:
        found.append("traffic between nodes unencrypted (EnableInTransitEncryption is not true)")
    return found, unknown


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    node = subject.node
    value = node.get("configuration")
    if value is None:
        return
    doc = policies.document(value)
    if not isinstance(doc, dict):
        if isinstance(doc, Unknown) or isinstance(value, Unknown):
            yield unknown_hit(node, "configuration", "configuration")
        return
    found, unknown = gaps(doc)
    if found:
        yield Hit(node, "configuration", attr="configuration", values={"gaps": "; ".join(found)})
    elif unknown:
        yield unknown_hit(node, "configuration", "configuration")

"""Session Manager preference documents (document_type Session, sessionType Standard_Stream)."""

from __future__ import annotations

from collections.abc import Iterator

from linter.kinds.terraform.rulekit import truth, unknown_hit
from linter.model import Hit, Subject, Unknown
from linter.rules import load_sibling

policies = load_sibling(__file__, "_policies.py")


def _set(inputs: dict, key: str) -> bool:
    value = inputs.get(key)
    return value is not None and (isinstance(value, Unknown) or str(value).strip() != "")


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    node = subject.node
    if not isinstance(node, dict) or node.get("document_type") != "Session":
        return
    doc = policies.document(node.get("content"))
    if isinstance(doc, Unknown):
        yield unknown_hit(node, "content", "content")
        return
    if not isinstance(doc, dict) or doc.get("sessionType") not in (None, "Standard_Stream"):
        return
    inputs = doc.get("inputs") if isinstance(doc.get("inputs"), dict) else {}
    gaps = []
    if not _set(inputs, "kmsKeyId"):
        gaps.append("does not encrypt session data with a KMS key (kmsKeyId)")
    s3 = _set(inputs, "s3BucketName")
    cw = _set(inputs, "cloudWatchLogGroupName")
    if not (s3 or cw):
        gaps.append("writes no session logs (s3BucketName, cloudWatchLogGroupName)")
    if s3 and truth(inputs.get("s3EncryptionEnabled")) is False:
        gaps.append("writes session logs to S3 unencrypted (s3EncryptionEnabled)")
    if cw and truth(inputs.get("cloudWatchEncryptionEnabled")) is False:
        gaps.append("writes session logs to CloudWatch unencrypted (cloudWatchEncryptionEnabled)")
    if gaps:
        yield Hit(node, "content", attr="content", values={"what": "; ".join(gaps)})

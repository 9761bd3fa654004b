"""Root and additional EBS volumes of instances and launch templates that are not encrypted."""

from __future__ import annotations

from collections.abc import Iterator

from linter.kinds.terraform.rulekit import blocks, truth
from linter.model import Hit, Subject


def _volumes(subject: Subject) -> Iterator[tuple[object, str]]:
    node = subject.node
    if subject.type == "aws_launch_template":
        for i, mapping in enumerate(blocks(node, "block_device_mappings")):
            if "no_device" in mapping or "virtual_name" in mapping:
                continue
            for j, ebs in enumerate(blocks(mapping, "ebs")):
                yield ebs, f"block_device_mappings[{i}].ebs[{j}]"
        return
    for name in ("root_block_device", "ebs_block_device"):
        for i, device in enumerate(blocks(node, name)):
            yield device, f"{name}[{i}]"


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    for device, attr in _volumes(subject):
        if "encrypted" not in device:
            if "snapshot_id" in device or "kms_key_id" in device:
                continue  # restored from a snapshot (encryption follows it) or a key is named
            if device.tag and len(device.tag) == 2 and "unknown" in tuple(device.tag[1]):
                continue
            yield Hit(device, None, attr=attr, values={"volume": attr.split("[")[0]})
            continue
        state = truth(device["encrypted"])
        if state is not True:
            yield Hit(device, "encrypted", attr=f"{attr}.encrypted", unknown=state is None,
                      values={"volume": attr.split("[")[0], "value": str(device["encrypted"])})

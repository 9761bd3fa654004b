"""World-open ingress on remote administration ports, however the rule is written."""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterator
from pathlib import Path

from linter.model import Hit, Subject


def _lib():
    name = "iacgate_rules_aws_lib"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, Path(__file__).with_name("_aws_lib.py"))
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


lib = _lib()

NAMES = {22: "SSH", 3389: "RDP", 23: "Telnet", 5985: "WinRM", 5986: "WinRM/TLS", 5900: "VNC"}


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    ports = [int(p) for p in params.get("ports", [22, 3389])]
    for opening in lib.ingress_openings(subject, ports, ("tcp",)):
        yield Hit(opening.node, opening.key, attr=opening.attr, unknown=opening.unknown,
                  values={"ports": lib.port_names(opening.ports, NAMES),
                          "cidr": ", ".join(opening.cidrs),
                          "value": "source or ports not known statically"})

"""World-open ingress on remote administration ports, however the rule is written."""

from __future__ import annotations

from collections.abc import Iterator

from linter.model import Hit, Subject
from linter.rules import load_sibling

network = load_sibling(__file__, "_network.py")


NAMES = {22: "SSH", 3389: "RDP", 23: "Telnet", 5985: "WinRM", 5986: "WinRM/TLS", 5900: "VNC"}


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    ports = [int(p) for p in params.get("ports", [22, 23, 3389, 5900, 5985, 5986])]
    for opening in network.ingress_openings(subject, ports, ("tcp",)):
        yield Hit(opening.node, opening.key, attr=opening.attr, unknown=opening.unknown,
                  values={"ports": network.port_names(opening.ports, NAMES),
                          "cidr": ", ".join(opening.cidrs),
                          "value": "source or ports not known statically"})

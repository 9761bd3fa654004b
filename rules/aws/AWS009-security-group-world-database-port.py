"""World-open ingress on database and cache ports, however the rule is written."""

from __future__ import annotations

from collections.abc import Iterator

from linter.model import Hit, Subject
from linter.rules import load_sibling

network = load_sibling(__file__, "_network.py")


NAMES = {3306: "MySQL", 5432: "PostgreSQL", 1433: "SQL Server", 1521: "Oracle",
         27017: "MongoDB", 6379: "Redis", 11211: "Memcached", 9200: "Elasticsearch",
         5439: "Redshift", 9042: "Cassandra", 5984: "CouchDB", 7000: "Cassandra cluster",
         8086: "InfluxDB", 2379: "etcd"}


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    ports = [int(p) for p in params.get("ports", sorted(NAMES))]
    for opening in network.ingress_openings(subject, ports, ("tcp",)):
        shown = opening.ports if len(opening.ports) <= 4 else opening.ports[:4]
        more = "" if len(opening.ports) <= 4 else f" and {len(opening.ports) - 4} more"
        yield Hit(opening.node, opening.key, attr=opening.attr, unknown=opening.unknown,
                  values={"ports": network.port_names(shown, NAMES) + more,
                          "cidr": ", ".join(opening.cidrs),
                          "value": "source or ports not known statically"})

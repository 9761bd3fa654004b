"""SSL enforcement of Cloud SQL, spelled ssl_mode (provider 5.x+) or require_ssl (older)."""

from __future__ import annotations

from collections.abc import Iterator

from linter.model import Hit, Subject, Unknown
from linter.rules import load_sibling

_ENFORCING = ("ENCRYPTED_ONLY", "TRUSTED_CLIENT_CERTIFICATE_REQUIRED")


base = load_sibling(__file__, "_gcp.py")


def _module(node: dict) -> Iterator[Hit]:
    """The sql-db registry module's `ip_configuration` input: only a written ssl_mode or
    require_ssl = false is reported, not the module's defaults."""
    ip = node.get("ip_configuration")
    if not isinstance(ip, dict):
        return
    mode, require = ip.get("ssl_mode"), ip.get("require_ssl")
    if isinstance(mode, str) and not isinstance(mode, Unknown) and mode.upper() not in _ENFORCING:
        yield Hit(ip, "ssl_mode", attr="ip_configuration.ssl_mode",
                  values={"detail": f"ssl_mode {mode} allows unencrypted connections"})
    elif mode is None and base.truth(require) is False:
        yield Hit(ip, "require_ssl", attr="ip_configuration.require_ssl",
                  values={"detail": "require_ssl is false"})


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    if subject.type == "module":
        if base.SQL_MODULE.search(str(subject.node.get("source", ""))):
            yield from _module(subject.node)
        return
    settings = base.first(subject.node, "settings")
    if not isinstance(settings, dict):
        return
    ip = base.first(settings, "ip_configuration")
    if not isinstance(ip, dict):
        yield Hit(subject.node, None, attr="settings.ip_configuration", confidence="medium",
                  values={"detail": "no ip_configuration: SSL is not required"})
        return
    mode = ip.get("ssl_mode", base.MISSING)
    require = ip.get("require_ssl", base.MISSING)
    for key, value in (("ssl_mode", mode), ("require_ssl", require)):
        if isinstance(value, Unknown):
            yield Hit(ip, key, attr=f"settings.ip_configuration.{key}",
                      values={"value": value.expr}, unknown=True)
            return
    if isinstance(mode, str) and mode.upper() in _ENFORCING:
        return
    if base.truth(require) is True and mode is base.MISSING:
        return
    if mode is not base.MISSING:
        yield Hit(ip, "ssl_mode", attr="settings.ip_configuration.ssl_mode",
                  values={"detail": f"ssl_mode {mode} allows unencrypted connections"})
    elif require is not base.MISSING:
        yield Hit(ip, "require_ssl", attr="settings.ip_configuration.require_ssl",
                  values={"detail": "require_ssl is false"})
    else:
        yield Hit(subject.node, None, attr="settings.ip_configuration.ssl_mode", confidence="medium",
                  values={"detail": "neither ssl_mode nor require_ssl enforces SSL"})

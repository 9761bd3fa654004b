"""Master passwords and AUTH tokens whose value is a literal, in the resource or through a variable default or .tfvars. Values from random_password, Secrets Manager, SSM or unset variables are not literals."""

from __future__ import annotations

from collections.abc import Iterator

from linter.kinds.terraform.rulekit import blocks, is_unknown
from linter.model import Hit, Subject

_ATTRIBUTES = ("password", "password_wo", "master_password", "master_password_wo", "auth_token",
               "auth_token_wo")


def _literal(value: object) -> bool:
    if not isinstance(value, str) or is_unknown(value):
        return False
    text = value.strip()
    return bool(text) and not (text.startswith(("{{", "<")) and text.endswith(("}}", ">")))


def _where(subject: Subject, attribute: str) -> str:
    raw = (subject.context.get("block") or {}).get(attribute)
    if isinstance(raw, str) and "var." in raw:
        return "through a variable: its default, a .tfvars file or a module argument"
    return "in the resource"


def _remote_module(node: dict) -> bool:
    """A registry or Git module: not expanded here, so its password inputs are judged on
    the call (a local module's resources are judged themselves)."""
    source = node.get("source")
    return isinstance(source, str) and not source.startswith(("./", "../", "/"))


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    node = subject.node
    if subject.type == "module":
        if _remote_module(node):
            for attribute in _ATTRIBUTES:
                if _literal(node.get(attribute)):
                    yield Hit(node, attribute, attr=attribute,
                              values={"attribute": attribute, "where": "in the module call"})
        return
    for attribute in _ATTRIBUTES:
        if _literal(node.get(attribute)):
            yield Hit(node, attribute, attr=attribute,
                      values={"attribute": attribute, "where": _where(subject, attribute)})
    # OpenSearch fine-grained access control master user
    for index, options in enumerate(blocks(node, "advanced_security_options")):
        for inner in blocks(options, "master_user_options"):
            if _literal(inner.get("master_user_password")):
                yield Hit(inner, "master_user_password",
                          attr=f"advanced_security_options[{index}].master_user_options.master_user_password",
                          values={"attribute": "master_user_password", "where": "in the resource"})
    # Amazon MQ broker users
    for index, user in enumerate(blocks(node, "user")):
        if _literal(user.get("password")):
            yield Hit(user, "password", attr=f"user[{index}].password",
                      values={"attribute": "user.password", "where": "in the resource"})

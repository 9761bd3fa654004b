"""IAM policy documents as the AWS checks read them: JSON strings, heredocs, jsonencode(),
data "aws_iam_policy_document" with its source and override documents, the policies
attached to a resource, and public grants in resource policies.

Loaded by the AWS checks with `linter.rules.load_sibling`. Every question answers True,
False or None (None = not known statically), so a check never passes or fails a value it
could not see.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from linter.kinds.terraform.rulekit import (
    as_list,
    blocks,
    is_dynamic,
    is_every_address,
    is_unknown,
    partial_jsonencode,
    shown,
    unknown_hit,
)
from linter.model import Hit, Map, Unknown

# ---------------------------------------------------------------- policy documents

UNSEEN = Unknown("<unknown>", "interpolation in a policy document")
"""A part of a policy document written as an interpolation (`${...}`)."""

_SENTINEL = "\u2063iacgate-unknown\u2063"


@dataclass
class Statement:
    """One policy statement, with JSON and `aws_iam_policy_document` spellings unified.
    Principals map a type ("AWS", "Service", "*", ...) to identifiers."""

    effect: Any = "Allow"
    actions: list = field(default_factory=list)
    not_actions: list = field(default_factory=list)
    resources: list = field(default_factory=list)
    not_resources: list = field(default_factory=list)
    principals: dict | None = None
    not_principals: dict | None = None
    conditions: list = field(default_factory=list)  # (operator, key) pairs; UNSEEN if unknown
    condition_values: dict = field(default_factory=dict)  # lower-case key -> values tested
    condition_tests: list = field(default_factory=list)  # (operator, key, values) of each test
    node: Any = None  # located container to point at
    key: Any = None
    sid: Any = None


def _interp_end(text: str, start: int) -> int:
    depth = 0
    i = start
    while i < len(text):
        ch = text[i]
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth == 0:
                return i + 1
        elif ch == '"':
            j = i + 1
            while j < len(text) and text[j] != '"':
                j += 2 if text[j] == "\\" else 1
            i = j
        i += 1
    return len(text)


def _strip_interpolations(text: str) -> str:
    out: list[str] = []
    i = 0
    while True:
        j = text.find("${", i)
        if j < 0:
            out.append(text[i:])
            return "".join(out)
        out.append(text[i:j])
        out.append(_SENTINEL)
        i = _interp_end(text, j + 1)


def _mark_unseen(value: Any) -> Any:
    if isinstance(value, str):
        if value == _SENTINEL:
            return UNSEEN
        return value.replace(_SENTINEL, "${...}") if _SENTINEL in value else value
    if isinstance(value, dict):
        return {k: _mark_unseen(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_mark_unseen(v) for v in value]
    return value


def _from_expression(expr: str) -> Any:
    """A document from the expression text of an unknown value: an unresolved
    `jsonencode({...})`, or a JSON heredoc with interpolations (those parts UNSEEN)."""
    doc = partial_jsonencode(expr)
    if doc is not None:
        return doc
    text = _strip_interpolations(expr).strip()
    if len(text) > 1 and text[0] == text[-1] == '"':
        # a template string as written: unescape it when it is a valid string literal
        try:
            text = json.loads(text).strip()
        except ValueError:
            text = text[1:-1].strip()
    if text.startswith("{"):
        try:
            return _mark_unseen(json.loads(text))
        except ValueError:
            return None
    return None


def document(value: Any, raw: Any = None) -> Any:
    """A JSON document (a policy, ECS container definitions) as plain data: a structure,
    the text of `jsonencode()` or a JSON string or heredoc. A partly known value is read
    from its source as written (`raw`, for `jsonencode({...})` with references) or from
    its expression (an unresolved `jsonencode({...})`, a heredoc with interpolations);
    the parts that are not known stay unknown. The unknown value itself when it cannot be
    read; None when the value is not JSON."""
    if isinstance(value, (dict, list)):
        return value
    decoded = getattr(value, "value", None)  # jsonencode() of a known structure
    if isinstance(value, str) and isinstance(decoded, (dict, list)):
        return decoded
    if isinstance(value, Unknown):
        doc = partial_jsonencode(raw) if isinstance(raw, str) else None
        if doc is None:
            doc = _from_expression(value.expr or "")
        return value if doc is None else doc
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            return None
    return None


def readable(doc: Any) -> bool:
    """Whether `document()` could read a value."""
    return doc is not None and not isinstance(doc, Unknown)


def _get(d: dict, name: str) -> Any:
    for k, v in d.items():
        if isinstance(k, str) and k.lower() == name.lower():
            return v
    return None


def _principal_map(value: Any) -> dict | None:
    if value is None:
        return None
    if is_unknown(value):
        return {UNSEEN: [UNSEEN]}
    if isinstance(value, str):
        return {"*": [value]} if value == "*" else {"AWS": [value]}
    if isinstance(value, dict):
        return {k: as_list(v) for k, v in value.items()}
    return {UNSEEN: [UNSEEN]}


def _json_conditions(value: Any) -> list:
    if value is None:
        return []
    if not isinstance(value, dict):
        return [(UNSEEN, UNSEEN)]
    pairs = []
    for op, body in value.items():
        if isinstance(body, dict):
            pairs.extend((op, k) for k in body)
        else:
            pairs.append((op, UNSEEN))
    return pairs


def _json_condition_values(value: Any) -> dict:
    out: dict = {}
    if isinstance(value, dict):
        for body in value.values():
            if isinstance(body, dict):
                for k, v in body.items():
                    out.setdefault(str(k).lower(), []).extend(as_list(v))
    return out


def _json_condition_tests(value: Any) -> list:
    tests = []
    if isinstance(value, dict):
        for op, body in value.items():
            if isinstance(body, dict):
                tests.extend((op, k, as_list(v)) for k, v in body.items())
            else:
                tests.append((op, UNSEEN, [UNSEEN]))
    elif value is not None:
        tests.append((UNSEEN, UNSEEN, [UNSEEN]))
    return tests


def json_statements(doc: Any, node: Any = None, key: Any = None) -> list[Statement] | None:
    """Statements of a JSON policy document; None when the list itself is unknown."""
    if not isinstance(doc, dict):
        return None
    raw = _get(doc, "Statement")
    if raw is None:
        return []
    if is_unknown(raw):
        return None
    out = []
    for item in as_list(raw):
        if not isinstance(item, dict):
            out.append(Statement(effect=UNSEEN, node=node, key=key))
            continue
        out.append(Statement(
            effect=_get(item, "Effect") if _get(item, "Effect") is not None else UNSEEN,
            actions=as_list(_get(item, "Action")),
            not_actions=as_list(_get(item, "NotAction")),
            resources=as_list(_get(item, "Resource")),
            not_resources=as_list(_get(item, "NotResource")),
            principals=_principal_map(_get(item, "Principal")),
            not_principals=_principal_map(_get(item, "NotPrincipal")),
            conditions=_json_conditions(_get(item, "Condition")),
            condition_values=_json_condition_values(_get(item, "Condition")),
            condition_tests=_json_condition_tests(_get(item, "Condition")),
            node=node, key=key, sid=_get(item, "Sid"),
        ))
    return out


def _tf_principals(stmt: Map, name: str) -> dict | None:
    found = list(blocks(stmt, name))
    if not found:
        return None
    out: dict = {}
    for p in found:
        ptype = p.get("type")
        ptype = UNSEEN if is_unknown(ptype) else ptype
        out.setdefault(ptype, []).extend(as_list(p.get("identifiers")))
    return out


def _tf_list(value: Any) -> list:
    return as_list(value)


def document_statements(node: Map) -> list[Statement]:
    """Statements of a `data "aws_iam_policy_document"` block, each pointing at itself."""
    out = []
    for stmt in blocks(node, "statement"):
        effect = stmt.get("effect", "Allow")
        conditions = []
        tests = []
        values: dict = {}
        for cond in blocks(stmt, "condition"):
            test, var = cond.get("test"), cond.get("variable")
            conditions.append((UNSEEN if is_unknown(test) else test,
                               UNSEEN if is_unknown(var) else var))
            tests.append((conditions[-1][0], conditions[-1][1],
                          [UNSEEN] if is_unknown(cond.get("values")) else as_list(cond.get("values"))))
            if not is_unknown(var) and var is not None:
                values.setdefault(str(var).lower(), []).extend(as_list(cond.get("values")))
        out.append(Statement(
            effect=UNSEEN if is_unknown(effect) else effect,
            actions=_tf_list(stmt.get("actions")),
            not_actions=_tf_list(stmt.get("not_actions")),
            resources=_tf_list(stmt.get("resources")),
            not_resources=_tf_list(stmt.get("not_resources")),
            principals=_tf_principals(stmt, "principals"),
            not_principals=_tf_principals(stmt, "not_principals"),
            conditions=conditions, condition_values=values, condition_tests=tests,
            node=stmt, key=None, sid=stmt.get("sid"),
        ))
    return out


def is_allow(stmt: Statement) -> bool | None:
    if is_unknown(stmt.effect):
        return None
    return str(stmt.effect).strip().lower() == "allow"


def matches_any(values: list, pattern: str) -> bool | None:
    """Does any value equal `pattern` (case-insensitive, IAM wildcards in values)?"""
    unknown = False
    for v in values:
        if is_unknown(v):
            unknown = True
            continue
        if isinstance(v, str) and _wild(v, pattern):
            return True
    return None if unknown else False


def _wild(value: str, target: str) -> bool:
    regex = "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in value)
    return re.fullmatch(regex, target, flags=re.IGNORECASE) is not None


def has_star(values: list) -> bool | None:
    """Is one of the values exactly "*" (or "*:*")?"""
    unknown = False
    for v in values:
        if is_unknown(v):
            unknown = True
        elif isinstance(v, str) and v.strip() in ("*", "*:*"):
            return True
    return None if unknown else False


# Condition keys that restrict who the caller is or where the call comes from. Only these
# narrow an Allow to Principal "*": keys about the request (aws:SecureTransport, s3:prefix,
# aws:CurrentTime, ...) or about values any caller controls (sts:ExternalId, aws:PrincipalTag,
# aws:MultiFactorAuthPresent) leave the statement open to every AWS account or to anyone.
NARROWING_KEYS = frozenset({
    "aws:principalorgid", "aws:principalorgpaths", "aws:principalaccount", "aws:principalarn",
    "aws:sourceaccount", "aws:sourcearn", "aws:sourceowner", "aws:sourceorgid", "aws:sourceorgpaths",
    "aws:sourcevpc", "aws:sourcevpce", "aws:sourceip", "aws:vpcsourceip", "aws:userid",
    "aws:username", "aws:principalisawsservice", "aws:principalservicename",
    "aws:principalservicenameslist", "kms:calleraccount", "s3:dataaccesspointaccount",
    "s3:dataaccesspointarn",
})


def _narrowing_value(key: str, value: Any) -> bool:
    """A value that restricts: not a bare wildcard, not the whole Internet for an address
    key, true for aws:PrincipalIsAWSService; an unknown value (a reference) is taken to
    name the organisation, account or network it is written for."""
    if is_unknown(value):
        return True
    text = str(value).strip()
    if key == "aws:principalisawsservice":
        return text.lower() == "true"
    if not text or set(text) <= {"*", "?"}:
        return False
    if key in ("aws:sourceip", "aws:vpcsourceip"):
        return not is_every_address(text)
    return True


def narrowing_test(op: Any, key: Any, values: list) -> bool | None:
    """Does one condition test narrow who may use the statement? Only a positive test
    (not a `Not...` operator, not `...IfExists`, which passes when the key is missing,
    not `ForAllValues:`, which passes on an empty set) of a key in NARROWING_KEYS whose
    every value restricts."""
    if is_unknown(op) or is_unknown(key):
        return None
    name, operator = str(key).strip().lower(), str(op).strip().lower()
    if name not in NARROWING_KEYS:
        return False
    if "not" in operator.split(":")[-1] or operator.endswith("ifexists") or operator.startswith("forallvalues:"):
        return False
    if operator.split(":")[-1] == "null":
        return False
    if operator.split(":")[-1] == "bool" and name != "aws:principalisawsservice":
        return False
    return bool(values) and all(_narrowing_value(name, v) for v in values)


def has_restricting_condition(stmt: Statement) -> bool | None:
    """A condition test narrows who can use the statement (see `narrowing_test`)."""
    unknown = False
    for op, key, values in stmt.condition_tests:
        state = narrowing_test(op, key, values)
        if state:
            return True
        unknown = unknown or state is None
    return None if unknown else False


def public_principal(stmt: Statement) -> bool | None:
    """Principal "*" or {"AWS": "*"}: anyone, including anonymous callers. An Allow with
    NotPrincipal (and no Principal) also reaches everyone but the principals it names."""
    if stmt.principals is None:
        return bool(stmt.not_principals)
    unknown = False
    for ptype, ids in stmt.principals.items():
        if is_unknown(ptype):
            unknown = True
            continue
        if str(ptype) not in ("*", "AWS"):
            continue
        star = has_star(ids)
        if star:
            return True
        if star is None:
            unknown = True
    return None if unknown else False


def grants_public(stmt: Statement) -> bool | None:
    """An Allow to everyone with no condition that narrows it."""
    states = [is_allow(stmt), public_principal(stmt)]
    restricted = has_restricting_condition(stmt)
    states.append(None if restricted is None else not restricted)
    if any(s is False for s in states):
        return False
    if any(s is None for s in states):
        return None
    return True


@dataclass
class PolicySource:
    """Where a policy document is written: the statements (None when unknown) and the
    located entry to point at when a statement has no location of its own."""

    statements: list[Statement] | None
    node: Any
    key: Any
    attr: str
    expr: str = ""

    def unknown_hit(self) -> Hit:
        """The hit for a document that cannot be read (listed by --show-unknown)."""
        return Hit(self.node, self.key, attr=self.attr, unknown=True, values={"value": self.expr})


def known_actions(stmt: Statement) -> str:
    """The actions of a statement that are known, for messages ("*" when none are)."""
    return ", ".join(str(a) for a in stmt.actions if not is_unknown(a)) or "*"


def policy_sources(subject: Any, attributes: tuple[str, ...] = ("policy",)) -> Iterator[PolicySource]:
    """Policy documents of a subject: a JSON attribute (string, jsonencode, heredoc), the
    `inline_policy` blocks of a role, or a `data "aws_iam_policy_document"`. A document
    that only refers to a policy document data source is left to that data source."""
    node = subject.node
    if not isinstance(node, dict):
        return
    if subject.type == "aws_iam_policy_document":
        yield PolicySource(document_statements(node), node, None, "")
        return
    if subject.type == "aws_ssoadmin_permission_set_inline_policy":
        attributes = (*attributes, "inline_policy")  # a JSON string there, not a block
    places: list[tuple[Any, str, str]] = [(node, a, a) for a in attributes if a in node]
    for i, block in enumerate(b for b in blocks(node, "inline_policy") if isinstance(b, dict)):
        if "policy" in block:
            places.append((block, "policy", f"inline_policy[{i}].policy"))
    for container, key, attr in places:
        value = container[key]
        if value is None:
            continue
        doc = document(value)
        if not readable(doc):
            expr = shown(value)
            if "aws_iam_policy_document" in expr:
                continue
            yield PolicySource(None, container, key, attr, expr)
            continue
        yield PolicySource(json_statements(doc, container, key), container, key, attr)


def statement_target(source: PolicySource, stmt: Statement, prefer: tuple[str, ...]) -> tuple[Any, Any, str]:
    """(node, key, attr) to report a statement at: its own block (an attribute of it when
    written) for policy document data sources, else the policy attribute."""
    if stmt.key is None and isinstance(stmt.node, Map):
        for name in prefer:
            if name in stmt.node:
                return stmt.node, name, f"statement.{name}"
        return stmt.node, None, "statement"
    return source.node, source.key, source.attr


def merged_document_statements(node: Map, view: Any, depth: int = 0) -> tuple[list[Statement], bool]:
    """Statements of a policy document data source together with those of its
    `source_policy_documents` / `override_policy_documents`, followed through the module
    view, in the order Terraform renders them (sources, its own, overrides); the flag
    says some of them could not be known."""
    sources, unknown = _linked_statements(node, "source_policy_documents", view, depth)
    overrides, more_unknown = _linked_statements(node, "override_policy_documents", view, depth)
    return sources + document_statements(node) + overrides, unknown or more_unknown


def _linked_statements(node: Map, key: str, view: Any, depth: int) -> tuple[list[Statement], bool]:
    statements: list[Statement] = []
    value = node.get(key)
    if value is None:
        return statements, False
    if is_unknown(value):
        return statements, True
    unknown = False
    for item in as_list(value):
        address = getattr(item, "address", None)
        if address and address.startswith("data.aws_iam_policy_document."):
            other = view.lookup(address) if view is not None and depth < 5 else None
            if other is None:
                unknown = True
                continue
            more, more_unknown = merged_document_statements(other.node, view, depth + 1)
            statements.extend(more)
            unknown = unknown or more_unknown
        elif is_unknown(item):
            unknown = True
        elif isinstance(item, str) and item.strip():
            parsed = json_statements(document(item), node, key)
            if parsed is None:
                unknown = True
            else:
                statements.extend(parsed)
    return statements, unknown


DOCUMENT_REF = re.compile(r"\bdata\.aws_iam_policy_document\.[A-Za-z0-9_-]+")


def referenced_documents(subject: Any, attribute: str) -> tuple[list[Statement], bool] | None:
    """When `attribute` is built from policy document data sources (`data.x.json`, also
    inside replace() or a template), their merged statements and an unknown flag; None
    when it refers to no such data source."""
    node = subject.node
    value = node.get(attribute) if isinstance(node, dict) else None
    address = getattr(value, "address", None)
    addresses = [address] if address and address.startswith("data.aws_iam_policy_document.") else []
    if not addresses and isinstance(value, Unknown):
        addresses = sorted(set(DOCUMENT_REF.findall(value.expr or "")))
    if not addresses:
        return None
    view = subject.context.get("module")
    statements: list[Statement] = []
    unknown = False
    for addr in addresses:
        doc = view.lookup(addr) if view is not None else None
        if doc is None:
            unknown = True
            continue
        more, more_unknown = merged_document_statements(doc.node, view)
        statements.extend(more)
        unknown = unknown or more_unknown
    return statements, unknown


def _refers_to(value: Any, address: str) -> bool:
    if getattr(value, "address", None) == address:
        return True
    if isinstance(value, Unknown):
        return address in (value.expr or "")
    if isinstance(value, dict):
        return any(_refers_to(v, address) for v in value.values())
    if isinstance(value, list):
        return any(_refers_to(v, address) for v in value)
    return False


def document_users(subject: Any) -> list[tuple[Any, str]]:
    """(resource subject, attribute) pairs of the same module that use this policy
    document data source (`policy = data.aws_iam_policy_document.x.json`)."""
    view = subject.context.get("module")
    if view is None:
        return []
    address = view.local_address(subject)
    users = []
    for other in list(view.resources) + list(view.data):
        if other is subject or not isinstance(other.node, dict):
            continue
        for key, value in other.node.items():
            if _refers_to(value, address):
                users.append((other, key))
    return users


def only_guardrail(subject: Any) -> bool:
    """Is this policy (or policy document) used only as a permissions boundary or a
    service control policy? Those cap permissions and grant none: an Allow "*" there is
    the usual starting point, not a grant."""
    users = document_users(subject)
    return bool(users) and all(key == "permissions_boundary" or user.type == "aws_organizations_policy"
                               for user, key in users)


# ---------------------------------------------------------------- resource policies


def public_statements(doc: Any) -> Iterator[tuple[int, dict]]:
    """(index, statement) of the statements of a JSON policy document that certainly
    allow everyone ("*") without a condition that narrows who."""
    if not isinstance(doc, dict):
        return
    items = as_list(_get(doc, "Statement"))
    for index, (item, stmt) in enumerate(zip(items, json_statements(doc) or [])):
        if isinstance(item, dict) and grants_public(stmt) is True:
            yield index, item


def public_policy_hits(node: Any, attr: str, module: Any = None,
                       raw_block: Any = None) -> Iterator[Hit]:
    """A hit on the policy attribute `attr` for each statement that certainly allows
    everyone ("*") without a condition: policies written as JSON, heredocs, jsonencode()
    (also partly known, read from `raw_block`, the block as written) or a
    `data "aws_iam_policy_document"` (through the module view, with its source and
    override documents). An unreadable policy gives an unknown hit."""
    if not isinstance(node, dict) or attr not in node:
        return
    value = node[attr]
    address = getattr(value, "address", "") or ""
    source = module.lookup(address) if (
        module is not None and address.startswith("data.aws_iam_policy_document.")) else None
    if source is not None:
        statements = [s for s in merged_document_statements(source.node, module)[0]
                      if not is_dynamic(s.node)]
    else:
        raw = raw_block.get(attr) if isinstance(raw_block, dict) else None
        doc = document(value, raw)
        if isinstance(doc, Unknown):
            yield unknown_hit(node, attr, attr)
            return
        statements = json_statements(doc, node, attr) or []
    for index, stmt in enumerate(statements):
        if grants_public(stmt) is not True:
            continue
        actions = ", ".join(str(a) for a in stmt.actions) or "all actions"
        label = f"statement {stmt.sid!r}" if stmt.sid else f"statement {index + 1}"
        yield Hit(node, attr, attr=f"{attr}.Statement[{index}]",
                  values={"statement": label, "actions": actions})


# ---------------------------------------------------------------- identities as a whole

# Escalation paths through iam:PassRole: passing any role ("*") to a service that runs code
# under it, together with the action that starts that code (EC2 instance profiles, new
# Lambda functions, Glue endpoints, CloudFormation stacks, Data Pipeline, CodeStar).
PASS_ROLE_PATHS = (
    ("ec2:RunInstances",),
    ("lambda:CreateFunction", "lambda:InvokeFunction"),
    ("lambda:CreateFunction", "lambda:CreateEventSourceMapping"),
    ("glue:CreateDevEndpoint",),
    ("cloudformation:CreateStack",),
    ("datapipeline:CreatePipeline",),
    ("codestar:CreateProject",),
)

# identity type -> (resource type, attribute naming the identity, whether it attaches a
# managed policy by ARN) of the resources that give the identity a policy
_GRANTS = {
    "aws_iam_role": (("aws_iam_role_policy", "role", False), ("aws_iam_role_policy_attachment", "role", True),
                     ("aws_iam_policy_attachment", "roles", True)),
    "aws_iam_user": (("aws_iam_user_policy", "user", False), ("aws_iam_user_policy_attachment", "user", True),
                     ("aws_iam_policy_attachment", "users", True)),
    "aws_iam_group": (("aws_iam_group_policy", "group", False), ("aws_iam_group_policy_attachment", "group", True),
                      ("aws_iam_policy_attachment", "groups", True)),
}


@dataclass
class Grant:
    """One policy an identity holds: where it is written (a resource address, for
    messages) and its statements (None when they cannot be known)."""

    where: str
    statements: list[Statement] | None


def _statements_at(view: Any, container: Any, key: str) -> list[Statement] | None:
    """The statements of a policy attribute: JSON written in place, or the policy
    document data sources it is built from."""
    value = container.get(key) if isinstance(container, dict) else None
    if value is None:
        return []
    address = getattr(value, "address", None) or ""
    addresses = [address] if address.startswith("data.aws_iam_policy_document.") else (
        sorted(set(DOCUMENT_REF.findall(value.expr or ""))) if isinstance(value, Unknown) else [])
    if addresses:
        out: list[Statement] = []
        for addr in addresses:
            doc = view.lookup(addr) if view is not None else None
            if doc is None:
                return None
            more, unknown = merged_document_statements(doc.node, view)
            if unknown:
                return None
            out.extend(s for s in more if not is_dynamic(s.node))
        return out
    doc = document(value)
    return json_statements(doc, container, key) if readable(doc) else None


def _managed(view: Any, arn: Any) -> Grant:
    """A policy attached by ARN: a customer managed policy of the scan, else unknown."""
    policy = view.find(arn) if view is not None and getattr(arn, "address", None) else None
    if policy is None or policy.type != "aws_iam_policy":
        return Grant(shown(arn) if arn is not None else "a managed policy", None)
    return Grant(policy.resource, _statements_at(view, policy.node, "policy"))


def identity_grants(subject: Any, depth: int = 0) -> list[Grant]:
    """Every policy the role, user or group `subject` holds in the scanned configuration:
    its inline policies (blocks and aws_iam_*_policy resources), the customer managed
    policies attached to it (aws_iam_*_policy_attachment, aws_iam_policy_attachment,
    managed_policy_arns), and for a user those of the groups it is a member of. A policy
    whose content is not known has `statements` None."""
    view = subject.context.get("module")
    node = subject.node
    grants: list[Grant] = []
    if not isinstance(node, dict) or view is None:
        return grants
    for i, block in enumerate(blocks(node, "inline_policy")):
        if isinstance(block, dict) and "policy" in block:
            grants.append(Grant(f"{subject.resource} inline_policy[{i}]", _statements_at(view, block, "policy")))
    for arn in as_list(node.get("managed_policy_arns")):
        grants.append(_managed(view, arn))
    for rtype, attribute, attaches in _GRANTS.get(subject.type, ()):
        for other in view.referencing(subject, rtype, attribute):
            if attaches:
                grants.append(_managed(view, other.node.get("policy_arn")))
            else:
                grants.append(Grant(other.resource, _statements_at(view, other.node, "policy")))
    if subject.type == "aws_iam_user" and depth == 0:
        groups = [g for m in view.referencing(subject, "aws_iam_user_group_membership", "user")
                  for g in as_list(m.node.get("groups"))]
        groups += [m.node.get("group") for m in view.referencing(subject, "aws_iam_group_membership", "users")]
        for ref in groups:
            group = view.find(ref) if getattr(ref, "address", None) else None
            if group is not None and group.type == "aws_iam_group":
                grants.extend(identity_grants(group, depth + 1))
    return grants


def identity_allows_on_star(stmt: Statement) -> bool:
    """An identity statement that certainly allows its actions on Resource "*"."""
    return (stmt.principals is None and stmt.not_principals is None
            and is_allow(stmt) is True and has_star(stmt.resources) is True)


def denies_on_star(stmt: Statement, action: str) -> bool:
    """An identity statement that may deny `action` on "*" (an unknown deny counts)."""
    return (stmt.principals is None and is_allow(stmt) is not True and has_star(stmt.resources) is not False
            and matches_any(stmt.actions, action) is not False)

"""Evaluate expression trees (`expr.py`) against a scope, the way Terraform would at
plan time for what is statically known.

A `Scope` answers root references (`var.x`, `local.y`, `module.m.out`, `each.key`,
`aws_s3_bucket.b.id`). Any part that cannot be known gives `Unknown` with a reason; an
operation on an unknown value is unknown, except where the result does not depend on
it (`false && x`, a conditional whose branches agree, `try()` with a known first value).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ...model import Unknown
from .expr import ExprError, parse_template
from .functions import FunctionError, call, to_str
from .values import PartialJson, ResourceRef

MAX_DEPTH = 64


class EvalError(Exception):
    """A known value that Terraform would reject (wrong type, missing key)."""


class Failed(Unknown):
    """An expression Terraform would reject: unknown to rules, but an error that
    `try()` skips and `can()` reports as false."""

    __slots__ = ()


def _derive(text: str, inner: Unknown) -> Unknown:
    """The unknown value of an expression built on `inner` (errors stay errors)."""
    return Failed(text, inner.reason) if isinstance(inner, Failed) else Unknown(text, inner.reason)


class Scope:
    """Root references. Subclasses answer `traverse(root, ops, text)` where ops is a
    list of ("attr", name) / ("index", value) steps already evaluated."""

    def traverse(self, root: str, ops: list[tuple[str, Any]], text: Any) -> Any:
        """`text` gives the expression's source text: a string, or a function returning
        it (computed only when an unknown value needs it)."""
        text = text() if callable(text) else text
        return Unknown(text, f"{root} is not known statically")

    def function(self, name: str, args: list[Any], text: str) -> Any:
        """Functions that read the module's files (`file`, `templatefile`)."""
        return Unknown(text, f"{name}() is not evaluated here")


FILE_FUNCTIONS = {"file", "templatefile", "fileexists"}


def show(node: tuple) -> str:
    """Source-like text of an expression tree, for messages."""
    kind = node[0]
    if kind == "lit":
        v = node[1]
        return '"' + v + '"' if isinstance(v, str) else ("null" if v is None else to_str(v))
    if kind == "name":
        return node[1]
    if kind == "attr":
        return f"{show(node[1])}.{node[2]}"
    if kind == "index":
        return f"{show(node[1])}[{show(node[2])}]"
    if kind == "splat":
        tail = "".join(f".{o[1]}" if o[0] == "attr" else "[*]" if o[0] == "splat"
                       else f"[{show(o[1])}]" for o in node[2])
        return f"{show(node[1])}[*]{tail}"
    if kind == "call":
        return f"{node[1]}({', '.join(show(a) for a in node[2])}{'...' if node[3] else ''})"
    if kind == "tuple":
        return "[" + ", ".join(show(i) for i in node[1]) + "]"
    if kind == "object":
        return "{" + ", ".join(f"{show(k)} = {show(v)}" for k, v in node[1]) + "}"
    if kind == "unop":
        return node[1] + show(node[2])
    if kind == "binop":
        return f"{show(node[2])} {node[1]} {show(node[3])}"
    if kind == "cond":
        return f"{show(node[1])} ? {show(node[2])} : {show(node[3])}"
    if kind == "tmpl":
        return '"' + "".join(p if isinstance(p, str) else show(p) if p[0] in ("tif", "tfor")
                             else "${" + show(p) + "}" for p in node[1]) + '"'
    if kind == "tif":
        return f"%{{if {show(node[1])}}}...%{{endif}}"
    if kind == "tfor":
        return f"%{{for ... in {show(node[3])}}}...%{{endfor}}"
    if kind == "for":
        return "for-expression"
    return kind


def _is_unknown(value: Any) -> bool:
    return isinstance(value, Unknown)


def _contains_unknown(value: Any) -> Unknown | None:
    if isinstance(value, Unknown):
        return value
    if isinstance(value, dict):
        for v in value.values():
            u = _contains_unknown(v)
            if u is not None:
                return u
    elif isinstance(value, (list, tuple)):
        for v in value:
            u = _contains_unknown(v)
            if u is not None:
                return u
    return None


class Evaluator:
    def __init__(self, scope: Scope) -> None:
        self.scope = scope

    def text(self, source: str, env: dict[str, Any] | None = None) -> Any:
        """Value of an attribute as python-hcl2 renders it (`${...}` template text)."""
        try:
            tree = parse_template(source)
        except (ExprError, RecursionError) as exc:
            return Unknown(_short(source), f"expression not evaluated: {exc}")
        return self.eval(tree, env or {})

    def eval(self, node: tuple, env: dict[str, Any], depth: int = 0) -> Any:
        if depth > MAX_DEPTH:
            return Unknown(show(node), "expression nested too deeply")
        try:
            return self._eval(node, env, depth + 1)
        except (EvalError, FunctionError) as exc:
            return Failed(show(node), str(exc))

    def _eval(self, node: tuple, env: dict[str, Any], depth: int) -> Any:
        kind = node[0]
        ev: Callable[[tuple], Any] = lambda n: self.eval(n, env, depth)  # noqa: E731
        if kind == "lit":
            return node[1]
        if kind == "tmpl":
            if len(node[1]) == 1 and not isinstance(node[1][0], str) \
                    and node[1][0][0] not in ("tif", "tfor"):
                return ev(node[1][0])
            return self._render(node[1], env, depth, show(node))
        if kind == "tif":
            cond = ev(node[1])
            if _is_unknown(cond):
                return Unknown(f"%{{if {show(node[1])}}}", f"condition is not known: {cond.reason}")
            if not isinstance(cond, bool):
                raise EvalError("the %{if} condition is not a bool")
            return self._render(node[2] if cond else node[3], env, depth, "%{if}")
        if kind == "tfor":
            coll = ev(node[3])
            if _is_unknown(coll):
                return _derive(f"%{{for ... in {show(node[3])}}}", coll)
            if coll is None:
                raise EvalError("%{for} over null")
            pairs = list(coll.items()) if isinstance(coll, dict) else list(enumerate(coll))
            out: list[str] = []
            for k, v in pairs:
                inner = dict(env)
                inner[node[2]] = v
                if node[1]:
                    inner[node[1]] = k
                text = self._render(node[4], inner, depth, "%{for}")
                if _is_unknown(text):
                    return text
                out.append(text)
            return "".join(out)
        if kind in ("name", "attr", "index"):
            return self._traversal(node, env, depth)
        if kind == "splat":
            base = ev(node[1])
            if isinstance(base, ResourceRef):
                return base
            if _is_unknown(base):
                return _derive(show(node), base)
            if base is None:
                return []
            return self._splat(base, node[2], env, depth, node)
        if kind == "call":
            return self._call(node, env, depth)
        if kind == "tuple":
            return [ev(i) for i in node[1]]
        if kind == "object":
            out_map: dict = {}
            for k, v in node[1]:
                key = ev(k)
                if _is_unknown(key):
                    return _derive(show(node), key)
                out_map[to_str(key)] = ev(v)
            return out_map
        if kind == "unop":
            value = ev(node[2])
            if _is_unknown(value):
                return _derive(show(node), value)
            if node[1] == "!":
                if not isinstance(value, bool):
                    raise EvalError("'!' needs a bool")
                return not value
            return -_num(value)
        if kind == "binop":
            return self._binop(node, env, depth)
        if kind == "cond":
            cond = ev(node[1])
            if isinstance(cond, str) and cond in ("true", "false"):
                cond = cond == "true"
            if _is_unknown(cond):
                if isinstance(cond, Failed):
                    return _derive(show(node), cond)  # an error try() may catch
                yes, no = ev(node[2]), ev(node[3])
                if not _is_unknown(yes) and _same(yes, no):
                    return yes
                return Unknown(show(node), f"condition {show(node[1])} is not known: {cond.reason}")
            if not isinstance(cond, bool):
                raise EvalError("the condition is not a bool")
            return ev(node[2] if cond else node[3])
        if kind == "for":
            return self._for(node, env, depth)
        return Unknown(show(node), f"{kind} expressions are not evaluated")

    def _splat(self, base: Any, ops: list, env: dict[str, Any], depth: int, node: tuple) -> Any:
        """`base[*]` followed by `ops`, applied to every element."""
        if isinstance(base, Unknown):
            return base
        if base is None:
            return []
        out = []
        for item in base if isinstance(base, list) else [base]:
            for i, op in enumerate(ops):
                if op[0] == "splat":
                    item = self._splat(item, ops[i + 1:], env, depth, node)
                    break
                key = op[1] if op[0] == "attr" else self.eval(op[1], env, depth)
                item = _step(item, key, lambda: show(node))
            out.append(item)
        return out

    def _render(self, parts: list, env: dict[str, Any], depth: int, label: str) -> Any:
        """Template parts joined into a string (unknown if any part is)."""
        values = [p if isinstance(p, str) else self.eval(p, env, depth) for p in parts]
        for v in values:
            if _is_unknown(v):
                return _derive(label, v)
        try:
            return "".join(to_str(v) for v in values)
        except FunctionError as exc:
            raise EvalError(f"cannot build the string: {exc}") from None

    def _traversal(self, node: tuple, env: dict[str, Any], depth: int) -> Any:
        ops: list[tuple[str, Any]] = []
        cur = node
        while cur[0] in ("attr", "index"):
            if cur[0] == "attr":
                ops.append(("attr", cur[2]))
            else:
                key = self.eval(cur[2], env, depth)
                if _is_unknown(key):
                    return Unknown(show(node), f"index {show(cur[2])} is not known")
                ops.append(("index", key))
            cur = cur[1]
        ops.reverse()
        if cur[0] != "name":
            value = self.eval(cur, env, depth)
            for op in ops:
                value = _step(value, op[1], lambda: show(node))
            return value
        root = cur[1]
        if root in env:
            value = env[root]
            for op in ops:
                value = _step(value, op[1], lambda: show(node))
            return value
        return self.scope.traverse(root, ops, lambda: show(node))

    def _call(self, node: tuple, env: dict[str, Any], depth: int) -> Any:
        name, arg_nodes, expand = node[1], node[2], node[3]
        if name in ("try", "can"):
            for arg in arg_nodes:
                value = self.eval(arg, env, depth)
                unknown = _contains_unknown(value)
                if unknown is None:
                    return True if name == "can" else value
                if isinstance(unknown, Failed):
                    continue  # an error try() catches
                if name == "try" and isinstance(value, ResourceRef):
                    return value
                return Unknown(show(node), unknown.reason)
            if name == "can":
                return False
            return Failed(show(node), "no argument of try() could be evaluated")
        args = [self.eval(a, env, depth) for a in arg_nodes]
        if expand and args:
            last = args.pop()
            if _is_unknown(last):
                return _derive(show(node), last)
            args.extend(last if isinstance(last, list) else list(last.values()))
        if name == "coalesce":
            for a in args:
                if isinstance(a, ResourceRef):
                    return a  # another resource's attribute: the value Terraform picks
                if _is_unknown(a):
                    return _derive(show(node), a)
                if a is not None and a != "":
                    return a
            raise EvalError("coalesce(): every argument is null or empty")
        if name == "jsonencode" or name in ("merge", "concat", "tolist", "toset", "tomap",
                                           "lookup", "flatten", "compact", "distinct",
                                           "coalescelist", "element", "one", "zipmap",
                                           "values", "reverse", "slice", "setunion", "keys",
                                           "length"):
            # structure-preserving: unknown items stay unknown inside the result
            for a in args:
                if _is_unknown(a):
                    return _derive(show(node), a)
            if name == "jsonencode":
                inner = _contains_unknown(args[0]) if args else None
                if inner is not None:
                    if isinstance(args[0], (dict, list)):
                        return PartialJson(show(node), inner.reason, args[0])
                    return _derive(show(node), inner)
            return call(name, args)
        for a in args:
            inner = _contains_unknown(a)
            if inner is not None:
                return _derive(show(node), inner)
        if name in FILE_FUNCTIONS:
            return self.scope.function(name, args, show(node))
        return call(name, args)

    def render(self, template: str, env: dict[str, Any]) -> Any:
        """A template file's text rendered with `env` (templatefile)."""
        try:
            tree = parse_template(template)
        except (ExprError, RecursionError) as exc:
            return Unknown("templatefile(...)", f"template not evaluated: {exc}")
        return self.eval(tree, env)

    def _binop(self, node: tuple, env: dict[str, Any], depth: int) -> Any:
        op = node[1]
        left = self.eval(node[2], env, depth)
        if op in ("&&", "||"):
            if left is (op == "||"):
                return left
            right = self.eval(node[3], env, depth)
            if right is (op == "||"):
                return right
            if _is_unknown(left) or _is_unknown(right):
                u = left if _is_unknown(left) else right
                return _derive(show(node), u)
            if not isinstance(left, bool) or not isinstance(right, bool):
                raise EvalError(f"'{op}' needs bools")
            return left and right if op == "&&" else left or right
        right = self.eval(node[3], env, depth)
        for v in (left, right):
            inner = _contains_unknown(v)
            if inner is not None:
                return _derive(show(node), inner)
        if op == "==":
            return _same(left, right)
        if op == "!=":
            return not _same(left, right)
        a, b = _num(left), _num(right)
        if op == "+":
            return a + b
        if op == "-":
            return a - b
        if op == "*":
            return a * b
        if op == "/":
            if b == 0:
                raise EvalError("division by zero")
            r = a / b
            return int(r) if r == int(r) else r
        if op == "%":
            if b == 0:
                raise EvalError("division by zero")
            return a % b
        return {"<": a < b, ">": a > b, "<=": a <= b, ">=": a >= b}[op]

    def _for(self, node: tuple, env: dict[str, Any], depth: int) -> Any:
        _, kvar, vvar, coll_node, key_node, value_node, cond_node, is_object, group = node
        coll = self.eval(coll_node, env, depth)
        if _is_unknown(coll):
            return Unknown(show(coll_node), coll.reason)
        if coll is None:
            raise EvalError("for over null")
        pairs = list(coll.items()) if isinstance(coll, dict) else list(enumerate(coll))
        out_list: list = []
        out_map: dict = {}
        for k, v in pairs:
            inner = dict(env)
            inner[vvar] = v
            if kvar:
                inner[kvar] = k
            if cond_node is not None:
                keep = self.eval(cond_node, inner, depth)
                if _is_unknown(keep):
                    return _derive(show(node), keep)
                if not keep:
                    continue
            value = self.eval(value_node, inner, depth)
            if is_object:
                key = self.eval(key_node, inner, depth)
                if _is_unknown(key):
                    return _derive(show(node), key)
                key = to_str(key)
                if group:
                    out_map.setdefault(key, []).append(value)
                else:
                    out_map[key] = value
            else:
                out_list.append(value)
        return out_map if is_object else out_list


def _short(source: str) -> str:
    text = source[2:-1] if source.startswith("${") and source.endswith("}") else source
    return text if len(text) <= 120 else text[:117] + "..."


def _num(value: Any) -> Any:
    if isinstance(value, bool) or value is None:
        raise EvalError("a number is needed")
    if isinstance(value, (int, float)):
        return value
    try:
        f = float(value)
    except (TypeError, ValueError):
        raise EvalError(f"{value!r} is not a number") from None
    return int(f) if f.is_integer() else f


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    return a == b


def _step(value: Any, key: Any, text_of: Any) -> Any:
    """One attribute or index step into a known value (`text_of`: the expression's
    text, or a function giving it, only needed when the step fails)."""
    text = ""
    if isinstance(value, (dict, list, tuple)):
        if isinstance(value, dict):
            k = to_str(key) if not isinstance(key, str) else key
            if k in value:
                return value[k]
        else:
            try:
                return value[int(key)]
            except (ValueError, TypeError, IndexError):
                pass
    text = text_of() if callable(text_of) else text_of
    if isinstance(value, ResourceRef):
        return value
    if isinstance(value, Unknown):
        return _derive(text, value)
    if isinstance(value, dict):
        k = to_str(key) if not isinstance(key, str) else key
        if k in value:
            return value[k]
        raise EvalError(f"no key {k!r} in {text}")
    if isinstance(value, (list, tuple)):
        try:
            return value[int(key)]
        except (ValueError, TypeError, IndexError):
            raise EvalError(f"index {key!r} out of range in {text}") from None
    if value is None:
        raise EvalError(f"no attribute {key!r} on null in {text}")
    raise EvalError(f"no attribute {key!r} in {text}")

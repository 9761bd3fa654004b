"""Pure Terraform functions the evaluator runs on known values.

Each takes already-evaluated arguments; the evaluator never calls one when an argument
is unknown (except the few that tolerate unknown items, marked `LENIENT`). Functions not
listed here make the value unknown.
"""

from __future__ import annotations

import base64
import json
import math
import re
from collections.abc import Callable
from typing import Any

from ...model import Unknown
from .values import JsonText


class FunctionError(Exception):
    pass


def to_str(value: Any) -> str:
    """Terraform's string conversion of a primitive."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (int, float, str)):
        return str(value)
    if value is None:
        raise FunctionError("null cannot be converted to a string")
    raise FunctionError(f"a {type(value).__name__} cannot be converted to a string")


def _plain(value: Any) -> Any:
    """Plain JSON-able Python data (drops located-container types)."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [_plain(v) for v in value]
    if isinstance(value, JsonText):
        return str(value)
    return value


def _jsonencode(value: Any) -> JsonText:
    data = _plain(value)
    return JsonText(json.dumps(data, separators=(",", ":"), sort_keys=True), data)


def _jsondecode(text: str) -> Any:
    try:
        return json.loads(text)
    except (TypeError, ValueError) as exc:
        raise FunctionError(f"invalid JSON: {exc}") from None


def _merge(*maps: Any) -> dict:
    out: dict = {}
    for m in maps:
        if m is None:
            continue
        if not isinstance(m, dict):
            raise FunctionError("merge() takes maps")
        out.update(m)
    return out


def _concat(*lists: Any) -> list:
    out: list = []
    for item in lists:
        if not isinstance(item, (list, tuple)):
            raise FunctionError("concat() takes lists")
        out.extend(item)
    return out


def _lookup(m: Any, key: Any, *default: Any) -> Any:
    if not isinstance(m, dict):
        raise FunctionError("lookup() takes a map")
    if key in m:
        return m[key]
    if default:
        return default[0]
    raise FunctionError(f"lookup(): no key {key!r} and no default")


def _toset(value: Any) -> list:
    out: list = []
    for item in value:
        if item not in out:
            out.append(item)
    return out


def _format(fmt: str, *args: Any) -> str:
    index = 0
    out: list[str] = []

    def repl(m: re.Match) -> str:
        nonlocal index
        verb = m.group(2)
        if verb == "%":
            return "%"
        if index >= len(args):
            raise FunctionError("format(): not enough arguments")
        value = args[index]
        index += 1
        if verb == "q":
            return json.dumps(to_str(value))
        if verb in ("d",):
            return str(int(value))
        if verb in ("f", "e", "g"):
            return ("%" + (m.group(1) or "") + verb) % float(value)
        if verb == "v" and isinstance(value, (dict, list)):
            return json.dumps(_plain(value))
        return to_str(value)

    out.append(re.sub(r"%([-+ 0#]*\d*(?:\.\d+)?)([sdvqfegt%])", repl, fmt))
    return "".join(out)


def _coalesce(*values: Any) -> Any:
    for v in values:
        if isinstance(v, Unknown):
            raise FunctionError("unknown")
        if v is not None and v != "":
            return v
    raise FunctionError("coalesce(): no non-null argument")


def _try(*values: Any) -> Any:
    for v in values:
        if not isinstance(v, Unknown):
            return v
    raise FunctionError("unknown")


def _flatten(value: Any) -> list:
    out: list = []
    for item in value:
        if isinstance(item, (list, tuple)):
            out.extend(_flatten(item))
        else:
            out.append(item)
    return out


def _element(lst: Any, index: Any) -> Any:
    if not lst:
        raise FunctionError("element() of an empty list")
    return lst[int(index) % len(lst)]


def _compact(lst: Any) -> list:
    return [x for x in lst if x is not None and x != ""]


def _tobool(value: Any) -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    if value in ("true", "false"):
        return value == "true"
    raise FunctionError("tobool(): not a boolean")


def _tonumber(value: Any) -> Any:
    if value is None or (isinstance(value, (int, float)) and not isinstance(value, bool)):
        return value
    try:
        f = float(value)
    except (TypeError, ValueError):
        raise FunctionError("tonumber(): not a number") from None
    return int(f) if f.is_integer() else f


def _join(sep: str, *lists: Any) -> str:
    return sep.join(to_str(x) for lst in lists for x in lst)


def _zipmap(keys: Any, values: Any) -> dict:
    return dict(zip(keys, values))


def _length(value: Any) -> int:
    if isinstance(value, (str, list, tuple, dict)):
        return len(value)
    raise FunctionError("length() of a non-collection")


def _contains(lst: Any, value: Any) -> bool:
    return value in lst


def _keys(m: dict) -> list:
    return sorted(m.keys())


def _values(m: dict) -> list:
    return [m[k] for k in sorted(m.keys())]


def _replace(s: str, old: str, new: str) -> str:
    if len(old) > 1 and old.startswith("/") and old.endswith("/"):
        return re.sub(old[1:-1], re.sub(r"\$(\d)", r"\\\1", new), s)
    return s.replace(old, new)


def _one(lst: Any) -> Any:
    if len(lst) == 0:
        return None
    if len(lst) == 1:
        return lst[0]
    raise FunctionError("one() of more than one element")


def _try_number(fn: Callable) -> Callable:
    def wrapper(*args: Any) -> Any:
        return fn(*(float(a) if isinstance(a, str) else a for a in args))
    return wrapper


FUNCTIONS: dict[str, Callable[..., Any]] = {
    "jsonencode": _jsonencode,
    "jsondecode": _jsondecode,
    "merge": _merge,
    "concat": _concat,
    "lookup": _lookup,
    "tolist": lambda v: list(v),
    "toset": _toset,
    "tomap": lambda v: dict(v),
    "tostring": lambda v: v if v is None else to_str(v),
    "tobool": _tobool,
    "tonumber": _tonumber,
    "format": _format,
    "lower": lambda s: s.lower(),
    "upper": lambda s: s.upper(),
    "title": lambda s: s.title(),
    "trimspace": lambda s: s.strip(),
    "trim": lambda s, c: s.strip(c),
    "trimprefix": lambda s, p: s[len(p):] if s.startswith(p) else s,
    "trimsuffix": lambda s, p: s[:-len(p)] if p and s.endswith(p) else s,
    "replace": _replace,
    "split": lambda sep, s: s.split(sep),
    "join": _join,
    "substr": lambda s, o, n: s[int(o):] if int(n) < 0 else s[int(o):int(o) + int(n)],
    "coalesce": _coalesce,
    "coalescelist": lambda *ls: next((x for x in ls if x), []),
    "try": _try,
    "flatten": _flatten,
    "element": _element,
    "compact": _compact,
    "distinct": _toset,
    "zipmap": _zipmap,
    "length": _length,
    "contains": _contains,
    "keys": _keys,
    "values": _values,
    "one": _one,
    "reverse": lambda lst: list(reversed(lst)),
    "sort": lambda lst: sorted(lst, key=to_str),
    "min": _try_number(min),
    "max": _try_number(max),
    "abs": abs,
    "ceil": lambda x: math.ceil(float(x)),
    "floor": lambda x: math.floor(float(x)),
    "base64encode": lambda s: base64.b64encode(s.encode()).decode(),
    "base64decode": lambda s: base64.b64decode(s).decode("utf-8", "replace"),
    "startswith": lambda s, p: s.startswith(p),
    "endswith": lambda s, p: s.endswith(p),
    "strcontains": lambda s, p: p in s,
    "slice": lambda lst, a, b: lst[int(a):int(b)],
    "range": lambda *a: list(range(*(int(x) for x in a))),
    "setunion": lambda *ls: _toset([x for lst in ls for x in lst]),
    "formatlist": lambda fmt, *ls: [_format(fmt, *row) for row in zip(*ls)],
    "regex": lambda p, s: _regex(p, s),
    "regexall": lambda p, s: [m.group(0) if not m.groups() else list(m.groups())
                              for m in re.finditer(p, s)],
    "basename": lambda p: p.rstrip("/").rsplit("/", 1)[-1],
    "dirname": lambda p: p.rstrip("/").rsplit("/", 1)[0] if "/" in p.rstrip("/") else ".",
    "alltrue": lambda lst: all(_tobool(x) for x in lst),
    "anytrue": lambda lst: any(_tobool(x) for x in lst),
    "sum": lambda lst: sum(float(x) if isinstance(x, str) else x for x in lst),
    "index": lambda lst, v: list(lst).index(v),
    "yamldecode": lambda text: _yamldecode(text),
    "cidrsubnet": lambda prefix, bits, num: _cidrsubnet(prefix, int(bits), int(num)),
    "cidrhost": lambda prefix, num: _cidrhost(prefix, int(num)),
    "strrev": lambda s: s[::-1],
    "chomp": lambda s: s.rstrip("\r\n"),
    "indent": lambda n, s: s.replace("\n", "\n" + " " * int(n)),
    "md5": lambda s: __import__("hashlib").md5(s.encode()).hexdigest(),
    "sha256": lambda s: __import__("hashlib").sha256(s.encode()).hexdigest(),
    "sha1": lambda s: __import__("hashlib").sha1(s.encode()).hexdigest(),
}


def _yamldecode(text: str) -> Any:
    import yaml

    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise FunctionError(f"invalid YAML: {exc}") from None


def _cidrsubnet(prefix: str, bits: int, num: int) -> str:
    import ipaddress

    net = ipaddress.ip_network(prefix, strict=False)
    new_prefix = net.prefixlen + bits
    size = 2 ** (net.max_prefixlen - new_prefix)
    base = int(net.network_address) + num * size
    return str(ipaddress.ip_network((base, new_prefix)))


def _cidrhost(prefix: str, num: int) -> str:
    import ipaddress

    net = ipaddress.ip_network(prefix, strict=False)
    base = net.broadcast_address + 1 + num if num < 0 else net.network_address + num
    return str(base)

def _regex(pattern: str, s: str) -> Any:
    m = re.search(pattern, s)
    if not m:
        raise FunctionError("regex(): no match")
    if m.groupdict():
        return m.groupdict()
    if m.groups():
        return list(m.groups())
    return m.group(0)


def call(name: str, args: list[Any]) -> Any:
    fn = FUNCTIONS.get(name)
    if fn is None:
        raise FunctionError(f"function {name}() is not evaluated statically")
    try:
        return fn(*args)
    except FunctionError:
        raise
    except (TypeError, ValueError, KeyError, IndexError, AttributeError, ZeroDivisionError,
            OverflowError, re.error) as exc:
        raise FunctionError(f"{name}(): {exc}") from None

"""GitHub Actions `${{ }}` expressions: where they are in a string, which contexts they read,
and which of those contexts an outside attacker can write.

The expression language is small (literals, context paths, function calls, operators), so a
scanner is enough: we never evaluate, we only need every context path with its offset.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fnmatch import fnmatchcase
from functools import lru_cache

_OPEN = "${{"
_CLOSE = "}}"
_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
_KEYWORDS = {"true", "false", "null", "NaN", "Infinity"}


@dataclass(frozen=True)
class Expr:
    """One `${{ ... }}`: offsets of the whole text in the scanned string, and its body."""

    start: int
    end: int
    body: str
    body_start: int


@dataclass(frozen=True)
class ContextRef:
    """A context path read by an expression, normalised (`a['b'][*]` -> `a.b.*`), lowercase,
    with the offset of its first character in the scanned string."""

    path: str
    offset: int
    text: str
    flows: bool = True  # False when only a test of the value reaches the result (a == 'x')


def find_expressions(text: str) -> list[Expr]:
    """Every `${{ ... }}` in `text`; a `}}` inside a quoted literal does not close it."""
    out: list[Expr] = []
    pos = 0
    while True:
        start = text.find(_OPEN, pos)
        if start < 0:
            return out
        i = start + len(_OPEN)
        end = -1
        while i < len(text):
            ch = text[i]
            if ch == "'":
                close = text.find("'", i + 1)
                while close >= 0 and text.startswith("''", close):
                    close = text.find("'", close + 2)
                if close < 0:
                    break
                i = close + 1
                continue
            if text.startswith(_CLOSE, i):
                end = i + len(_CLOSE)
                break
            i += 1
        if end < 0:
            return out
        body_start = start + len(_OPEN)
        out.append(Expr(start, end, text[body_start:end - len(_CLOSE)], body_start))
        pos = end


def context_refs(body: str, base: int = 0) -> list[ContextRef]:
    """Context paths read by an expression body (function names and literals skipped)."""
    refs: list[ContextRef] = []
    i = 0
    n = len(body)
    while i < n:
        ch = body[i]
        if ch == "'":
            close = body.find("'", i + 1)
            while close >= 0 and body.startswith("''", close):
                close = body.find("'", close + 2)
            i = n if close < 0 else close + 1
            continue
        if ch.isdigit():
            m = re.match(r"[0-9.xXa-fA-FeE+-]+", body[i:])
            i += len(m.group(0)) if m else 1
            continue
        m = _IDENT.match(body, i)
        if not m:
            i += 1
            continue
        start = i
        parts = [m.group(0)]
        i = m.end()
        while i < n:
            if body.startswith(".", i):
                m2 = _IDENT.match(body, i + 1)
                if m2:
                    parts.append(m2.group(0))
                    i = m2.end()
                    continue
                if body.startswith(".*", i):
                    parts.append("*")
                    i += 2
                    continue
                break
            if body.startswith("[", i):
                close = _index_end(body, i)
                inner = body[i + 1:close].strip()
                if len(inner) >= 2 and inner[0] == inner[-1] == "'":
                    parts.append(inner[1:-1].replace("''", "'"))
                else:
                    parts.append("*")
                    refs.extend(ContextRef(r.path, r.offset, r.text, False)  # an index
                                for r in context_refs(inner, base + i + 1))
                i = close + 1
                continue
            break
        rest = body[i:].lstrip()
        if rest.startswith("(") and len(parts) == 1:
            continue  # a function call
        if len(parts) == 1 and parts[0] in _KEYWORDS:
            continue
        refs.append(ContextRef(".".join(parts).lower(), base + start, body[start:i],
                               _flows(body, start, i)))
    return refs


_TESTS_BEFORE = ("==", "!=", "<", ">", "!")
_TESTS_AFTER = ("==", "!=", "<", ">", "&&")
# Functions whose result is a boolean or a hash, whatever their arguments hold.
_NON_VALUE_FUNCTIONS = {"contains", "startswith", "endswith", "hashfiles", "always", "success",
                        "failure", "cancelled"}


def _flows(body: str, start: int, end: int) -> bool:
    """Whether the value read at body[start:end] can reach the expression's result: not when
    it is compared, negated, the left side of `&&`, or an argument of contains()/startsWith()
    and friends (which return booleans)."""
    before = body[:start].rstrip()
    after = body[end:].lstrip()
    if before.endswith(_TESTS_BEFORE) or after.startswith(_TESTS_AFTER):
        return False
    depth = 0
    for k in range(start - 1, -1, -1):
        ch = body[k]
        if ch == ")":
            depth += 1
        elif ch == "(":
            if depth == 0:
                m = re.search(r"([A-Za-z_][A-Za-z0-9_]*)\s*$", body[:k])
                if m and m.group(1).lower() in _NON_VALUE_FUNCTIONS:
                    return False
                if not m:  # a parenthesised group: judge the group as a whole
                    close = _group_end(body, k)
                    return _flows(body, k, close + 1) if close > k else True
            else:
                depth -= 1
    return True


def _group_end(body: str, open_at: int) -> int:
    depth = 0
    for k in range(open_at, len(body)):
        if body[k] == "(":
            depth += 1
        elif body[k] == ")":
            depth -= 1
            if depth == 0:
                return k
    return -1


def _index_end(body: str, open_at: int) -> int:
    depth = 0
    i = open_at
    while i < len(body):
        ch = body[i]
        if ch == "'":
            close = body.find("'", i + 1)
            if close < 0:
                return len(body) - 1
            i = close + 1
            continue
        if ch == "[":
            depth += 1
        elif ch == "]":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return len(body) - 1


# Contexts whose value anyone who can open a pull request, an issue or a comment, or push a
# branch to a fork, chooses freely (free text, branch names, commit messages, e-mails).
ATTACKER_CONTROLLED = (
    "github.event.issue.title", "github.event.issue.body",
    "github.event.pull_request.title", "github.event.pull_request.body",
    "github.event.pull_request.head.ref", "github.event.pull_request.head.label",
    "github.event.pull_request.head.repo.default_branch",
    "github.event.pull_request.head.repo.description",
    "github.event.pull_request.head.repo.homepage",
    "github.event.pull_request.milestone.title",
    "github.event.comment.body", "github.event.review.body", "github.event.review_comment.body",
    "github.event.discussion.title", "github.event.discussion.body",
    "github.event.pages.*.page_name", "github.event.pages.*.title",
    "github.event.commits.*.message", "github.event.commits.*.author.email",
    "github.event.commits.*.author.name", "github.event.commits.*.committer.email",
    "github.event.commits.*.committer.name",
    "github.event.head_commit.message", "github.event.head_commit.author.email",
    "github.event.head_commit.author.name", "github.event.head_commit.committer.email",
    "github.event.head_commit.committer.name",
    "github.event.workflow_run.head_branch", "github.event.workflow_run.display_title",
    "github.event.workflow_run.head_commit.message",
    "github.event.workflow_run.head_commit.author.email",
    "github.event.workflow_run.head_commit.author.name",
    "github.event.workflow_run.head_commit.committer.email",
    "github.event.workflow_run.head_commit.committer.name",
    "github.event.workflow_run.pull_requests.*.head.ref",
    "github.event.workflow_run.head_repository.description",
    "github.event.merge_group.head_commit.message",
    "github.event.merge_group.head_commit.author.email",
    "github.event.merge_group.head_commit.author.name",
    "github.event.check_suite.head_branch", "github.event.check_suite.pull_requests.*.head.ref",
    "github.event.check_suite.head_commit.message",
    "github.event.check_suite.head_commit.author.email",
    "github.event.check_suite.head_commit.author.name",
    "github.event.changes.title.from", "github.event.changes.body.from",
    "github.event.check_run.check_suite.head_branch",
    "github.event.check_run.pull_requests.*.head.ref",
    "github.head_ref",
)

# Values a caller or an earlier step decides: injectable when they carry outside data.
CALLER_CONTROLLED = (
    "inputs.*", "github.event.inputs.*", "steps.*.outputs.*", "needs.*.outputs.*",
    "github.event.client_payload.*", "jobs.*.outputs.*",
)

_ATTACKER_PARTS = [tuple(p.split(".")) for p in ATTACKER_CONTROLLED]


def _matches(path: tuple[str, ...], pattern: tuple[str, ...]) -> bool:
    return len(path) == len(pattern) and all(
        pat == "*" or part == "*" or fnmatchcase(part, pat) for part, pat in zip(path, pattern))


@lru_cache(maxsize=4096)
def is_attacker_controlled(path: str) -> bool:
    """True for a free-text field of an event, or an object that contains one
    (`toJSON(github.event.pull_request)` expands the title and body too)."""
    parts = tuple(path.split("."))
    for pattern in _ATTACKER_PARTS:
        if _matches(parts, pattern):
            return True
        if len(parts) < len(pattern) and _matches(parts, pattern[:len(parts)]):
            return True
    return False


@lru_cache(maxsize=4096)
def is_caller_controlled(path: str) -> bool:
    parts = tuple(path.split("."))
    for pattern in CALLER_CONTROLLED:
        pat = tuple(pattern.split("."))
        if len(parts) >= len(pat) and _matches(parts[:len(pat)], pat):
            return True
    return False

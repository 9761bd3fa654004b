"""The declarative matcher: operators, wildcards, missing entries, unknown values."""

from __future__ import annotations

from linter.conditions import evaluate, parse_path
from linter.model import Unknown
from linter.parsers.yamlpos import load_all

POD = load_all("""\
spec:
  containers:
    - name: app
      image: nginx:latest
      securityContext:
        privileged: true
      ports:
        - containerPort: 80
    - name: sidecar
      image: envoy:1.30
metadata:
  annotations:
    "container.apparmor.security.beta.kubernetes.io/app": unconfined
""").documents[0]


def lines(hits):
    return sorted(h.node.key_spans[h.key].line if h.key is not None else h.node.span.line for h in hits)


def test_path_parsing_handles_wildcards_indexes_and_quotes():
    assert parse_path('a.b[*].c[0]."x.y/z"') == ("a", "b", "*", "c", 0, "x.y/z")


def test_equals_on_wildcard_path_points_at_each_match():
    state, hits = evaluate({"path": "spec.containers[*].securityContext.privileged", "equals": True}, POD)
    assert state is True and lines(hits) == [6]
    assert hits[0].attr == "spec.containers[0].securityContext.privileged"


def test_absent_points_at_the_container_that_lacks_the_key():
    state, hits = evaluate({"path": "spec.containers[*].securityContext", "absent": True}, POD)
    assert state is True
    assert [h.node["name"] for h in hits] == ["sidecar"] and hits[0].key is None


def test_default_applies_to_missing_entries():
    cond = {"path": "spec.containers[*].securityContext.readOnlyRootFilesystem", "equals": False,
            "default": False}
    state, hits = evaluate(cond, POD)
    # app has a securityContext without the key; sidecar has no securityContext at all
    assert state is True
    assert [h.values["missing"] for h in hits] == ["readOnlyRootFilesystem", "securityContext"]
    assert hits[1].node["name"] == "sidecar"


def test_matches_in_and_numbers():
    assert evaluate({"path": "spec.containers[*].image", "matches": ":latest$"}, POD)[0] is True
    assert evaluate({"path": "spec.containers[0].name", "in": ["app", "web"]}, POD)[0] is True
    assert evaluate({"path": "spec.containers[0].ports[*].containerPort", "lt": 1024}, POD)[0] is True
    assert evaluate({"path": "spec.containers[0].ports[*].containerPort", "gt": 1024}, POD)[0] is False


def test_quoted_segment_reaches_annotation():
    cond = {"path": 'metadata.annotations."container.apparmor.security.beta.kubernetes.io/app"',
            "equals": "unconfined"}
    state, hits = evaluate(cond, POD)
    assert state is True and lines(hits) == [13]


def test_all_any_not_each():
    each = {"each": "spec.containers", "match": {"all": [
        {"path": "image", "matches": "latest"}, {"path": "name", "equals": "app"}]}}
    state, hits = evaluate(each, POD)
    assert state is True and lines(hits) == [4]
    state, hits = evaluate({"any": [{"path": "nope", "exists": True},
                                    {"path": "spec.containers[1].name", "equals": "sidecar"}]}, POD)
    assert state is True and lines(hits) == [9]
    state, hits = evaluate({"not": {"path": "metadata", "exists": True}}, POD)
    assert state is False and hits == []


def test_unknown_is_neither_pass_nor_fail():
    node = {"acl": Unknown("var.acl")}
    state, hits = evaluate({"path": "acl", "equals": "public-read"}, node)
    assert state is None and hits and all(h.unknown for h in hits)
    state, _ = evaluate({"not": {"path": "acl", "equals": "public-read"}}, node)
    assert state is None
    # a known failure elsewhere still decides an `any`
    state, hits = evaluate({"any": [{"path": "acl", "equals": "x"}, {"path": "acl", "exists": True}]}, node)
    assert state is True


def test_string_and_boolean_spellings_compare_equal():
    assert evaluate({"path": "a", "equals": True}, {"a": "true"})[0] is True
    assert evaluate({"path": "a", "equals": 22}, {"a": "22"})[0] is True
    assert evaluate({"path": "a", "equals": "22"}, {"a": "022"})[0] is False


def test_missing_parent_makes_the_whole_path_absent():
    node = load_all("kind: Bucket\nname: b\n").documents[0]
    state, hits = evaluate({"path": "versioning.enabled", "absent": True}, node)
    assert state is True and hits[0].node is node and hits[0].values == {"missing": "versioning"}
    state, hits = evaluate({"path": "versioning.enabled", "equals": False, "default": False}, node)
    assert state is True and hits[0].key is None
    assert evaluate({"path": "versioning.enabled", "equals": True}, node)[0] is False
    # a wildcard over a missing list has nothing to iterate: nothing is reported
    assert evaluate({"path": "items[*].name", "absent": True}, node)[0] is False

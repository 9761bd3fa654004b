"""The expression evaluator on its own: what is known comes out as Terraform computes
it, what is not comes out unknown with a reason, never a guess."""

from __future__ import annotations

import pytest

from linter.kinds.terraform.evaluate import Evaluator, Scope, _step
from linter.kinds.terraform.values import JsonText, PartialJson, ResourceRef
from linter.model import Unknown


class Vars(Scope):
    VALUES = {"name": "web", "ports": [22, 443], "tags": {"env": "prod"}, "on": True,
              "items": [{"id": "a", "port": 1}, {"id": "b", "port": 2}], "empty": None,
              "nested": [{"g": [{"n": 1}, {"n": 2}]}, {"g": [{"n": 3}]}]}

    def traverse(self, root, ops, text):
        text = text() if callable(text) else text
        if root == "var" and ops[0][1] in self.VALUES:
            value = self.VALUES[ops[0][1]]
            for op in ops[1:]:
                value = _step(value, op[1], text)
            return value
        if root == "aws_s3_bucket":
            return ResourceRef(text, f"aws_s3_bucket.{ops[0][1]}", "id")
        return Unknown(text, f"{text} is not set")


def ev(text: str):
    return Evaluator(Vars()).text("${" + text + "}")


@pytest.mark.parametrize("text,value", [
    ('"pre-${var.name}-post"', "pre-web-post"),
    ("1 + 2 * 3", 7),
    ("10 / 4", 2.5),
    ("7 % 3", 1),
    ("var.on ? \"a\" : \"b\"", "a"),
    ("!var.on || var.name == \"web\"", True),
    ("var.ports[1]", 443),
    ("var.tags[\"env\"]", "prod"),
    ("var.items[*].id", ["a", "b"]),
    ("var.items.*.port", [1, 2]),
    ("var.nested[*].g[*].n", [[1, 2], [3]]),
    ('"[${join(", ", formatlist("\\"%s\\"", var.ports))}]"', '["22", "443"]'),
    ("[for p in var.ports : p + 1 if p > 100]", [444]),
    ("{for i in var.items : i.id => i.port}", {"a": 1, "b": 2}),
    ("merge(var.tags, {team = \"x\"})", {"env": "prod", "team": "x"}),
    ("concat(var.ports, [80])", [22, 443, 80]),
    ("lookup(var.tags, \"missing\", \"dflt\")", "dflt"),
    ("format(\"%s:%d\", var.name, 8080)", "web:8080"),
    ("upper(lower(\"MiXeD\"))", "MIXED"),
    ("toset([\"a\", \"a\", \"b\"])", ["a", "b"]),
    ("length(var.ports)", 2),
    ("contains(var.ports, 22)", True),
    ("coalesce(var.empty, \"x\")", "x"),
    ("try(var.tags.absent, \"fallback\")", "fallback"),
    ("can(var.tags.absent)", False),
    ("join(\",\", var.ports)", "22,443"),
    ("split(\",\", \"a,b\")", ["a", "b"]),
    ("replace(\"a-b-c\", \"-\", \"_\")", "a_b_c"),
    ("false && var.unset", False),
    ("true || var.unset", True),
    ("var.unset == 1 ? \"same\" : \"same\"", "same"),
    ("flatten([[1], [2, [3]]])", [1, 2, 3]),
])
def test_known_values(text, value):
    assert ev(text) == value


@pytest.mark.parametrize("text,reason", [
    ("var.unset", "var.unset is not set"),
    ("\"x-${var.unset}\"", "var.unset is not set"),
    ("var.unset ? \"a\" : \"b\"", "condition var.unset is not known"),
    ("upper(var.unset)", "var.unset is not set"),
    ("var.unset + 1", "var.unset is not set"),
    ("[for x in var.unset : x]", "var.unset is not set"),
    ("timestamp()", "function timestamp() is not evaluated statically"),
    ("var.tags.absent", "no key 'absent'"),
    ("\"%{ if var.on }x%{ endif }\"", "template directives are not evaluated"),
])
def test_unknown_values_say_why(text, reason):
    value = ev(text)
    assert isinstance(value, Unknown)
    assert reason in value.reason


def test_unknown_items_stay_inside_known_structures():
    value = ev("[var.name, var.unset]")
    assert value[0] == "web" and isinstance(value[1], Unknown)
    policy = ev('jsonencode({Statement = [{Action = "*", Resource = aws_s3_bucket.b.arn}]})')
    assert isinstance(policy, PartialJson)  # the text is unknown ...
    assert policy.value["Statement"][0]["Action"] == "*"  # ... the structure is not
    assert isinstance(policy.value["Statement"][0]["Resource"], ResourceRef)


def test_references_keep_their_resource():
    value = ev("aws_s3_bucket.logs.id")
    assert isinstance(value, ResourceRef) and value.address == "aws_s3_bucket.logs"
    assert ev("[aws_s3_bucket.logs.arn]")[0].address == "aws_s3_bucket.logs"


def test_jsonencode_keeps_the_structure():
    value = ev('jsonencode({Statement = [{Action = "s3:*", Effect = "Allow"}]})')
    assert isinstance(value, JsonText)
    assert value == '{"Statement":[{"Action":"s3:*","Effect":"Allow"}]}'
    assert value.value == {"Statement": [{"Action": "s3:*", "Effect": "Allow"}]}


def test_heredoc_and_escapes_are_plain_text():
    assert ev('"a$${literal}b"') == "a${literal}b"
    assert ev('"tab\\there"') == "tab\there"


@pytest.mark.parametrize("template,value", [
    ("%{ if var.on }yes%{ else }no%{ endif }", "yes"),
    ("ports:%{ for p in var.ports ~}\n  ${p},%{ endfor ~}\n!", "ports:22,443,!"),
    ("%{for k, v in var.tags}${k}=${v}%{endfor}", "env=prod"),
    ("a $${not} %%{not}", "a ${not} %{not}"),
])
def test_template_directives(template, value):
    assert Evaluator(Vars()).text(template) == value


def test_template_directive_on_unknown_is_unknown():
    value = Evaluator(Vars()).text("%{ if var.unset }a%{ endif }")
    assert isinstance(value, Unknown) and "var.unset is not set" in value.reason
    assert isinstance(Evaluator(Vars()).text("%{ if true }a"), Unknown)  # no endif

"""docs/coverage tables: generated from data, current, and naming only real rules."""

from __future__ import annotations

from pathlib import Path

import pytest

from linter import coverage
from linter.rules import load_rules

RULES = load_rules()
DATA_FILES = coverage.data_files()


def _data(**extra) -> dict:
    data = {"title": "Test", "name": "test", "packs": ["kubernetes"], "catalogues": [
        {"id": "checkov", "name": "checkov", "match": "checkov", "id_prefixes": ["CKV_K8S_16", "CKV_K8S_999"],
         "controls": [{"id": "CKV_K8S_16", "title": "Container should not be privileged"}]},
        {"id": "cis", "name": "CIS", "tag_prefix": "cis-test-",
         "controls": [{"id": "9.9.9", "title": "Something", "rules": ["K8S001"]}]}]}
    data.update(extra)
    return data


def _with_checkov(rule_id: str, ids: tuple[str, ...]) -> list:
    import dataclasses

    return [dataclasses.replace(r, checkov=ids) if r.id == rule_id else r for r in RULES]


def test_a_rule_naming_a_checkov_id_covers_it():
    rules = _with_checkov("K8S002", ("CKV_K8S_16",))
    table = coverage.rows(_data(), rules)
    assert [r.rules for r in table if r.id == "CKV_K8S_16"] == [["K8S002"]]
    assert coverage.problems(_data(), rules) == []
    text = coverage.render(_data(), rules)
    assert "| CKV_K8S_16 | Container should not be privileged | K8S002 |  |" in text
    assert "| **all** | 2 | 2 | 0 | 0 | 0 | 0 | 2/2 (100%) |" in text


def test_an_uncovered_control_needs_a_reason_and_counts_against_the_share():
    rules = _with_checkov("K8S002", ())
    assert coverage.problems(_data(), rules) == [
        "checkov:CKV_K8S_16: not covered and no reason in not_covered",
        "checkov:CKV_K8S_16: scope '' is not one of gap, runtime, not-security, superseded"]
    data = _data(not_covered={"CKV_K8S_16": {"scope": "gap", "reason": "not yet"}})
    assert coverage.problems(data, rules) == []
    assert coverage.summary(coverage.rows(data, rules)) == (1, 2, 50.0)
    runtime = _data(not_covered={"CKV_K8S_16": {"scope": "runtime", "reason": "host state"}})
    assert coverage.summary(coverage.rows(runtime, rules)) == (1, 1, 100.0)
    assert "| CKV_K8S_16 | Container should not be privileged | not covered | gap: not yet |" in \
        coverage.render(data, rules)


def test_wrong_data_is_reported():
    rules = _with_checkov("K8S002", ("CKV_K8S_16", "CKV_K8S_999"))
    data = _data(not_covered={"CKV_K8S_16": {"scope": "gap", "reason": "stale"},
                              "CKV_K8S_12345": {"scope": "gap", "reason": "typo"}})
    data["catalogues"][1]["controls"][0]["rules"] = ["K8S998"]
    found = coverage.problems(data, rules)
    assert "cis:9.9.9: rule K8S998 does not exist" in found
    assert "K8S002: checkov id CKV_K8S_999 is not in the checkov catalogue" in found
    assert "not_covered: CKV_K8S_16 is covered by K8S002" in found
    assert "not_covered: CKV_K8S_12345 is not a control of any catalogue" in found


def test_cis_controls_are_covered_by_tags():
    import dataclasses

    rules = [dataclasses.replace(r, tags=r.tags + ("cis-test-9.9.8",)) if r.id == "K8S001" else r
             for r in RULES]
    data = _data()
    data["catalogues"][1]["controls"].append({"id": "9.9.8", "title": "Other"})
    assert [r.rules for r in coverage.rows(data, rules) if r.id == "9.9.8"] == [["K8S001"]]
    data["catalogues"][1]["controls"].pop()
    assert "K8S001: tag cis-test-9.9.8 names no control of the cis catalogue" in coverage.problems(data, rules)


@pytest.mark.parametrize("path", DATA_FILES, ids=[p.stem for p in DATA_FILES])
def test_coverage_table_is_current_and_sound(path: Path):
    data = coverage.load(path)
    data.setdefault("name", path.stem)
    assert coverage.problems(data, RULES) == []
    target = path.with_suffix(".md")
    assert target.is_file() and target.read_text(encoding="utf-8") == coverage.render(data, RULES) + "\n", \
        f"{target} is stale: python -m linter.coverage"


def test_readme_states_the_terraform_figures():
    path = coverage.DOCS / "terraform.yaml"
    table = coverage.rows(coverage.load(path), RULES)
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    for provider in ("aws", "azure", "google"):
        _, _, pct = coverage.summary([r for r in table if r.catalogue == f"checkov-{provider}"])
        assert f"{provider} {pct:.0f}%" in readme, f"README: the {provider} coverage figure should be {pct:.0f}%"


def test_controls_file_and_reason_files_are_read(tmp_path):
    (tmp_path / "data").mkdir()
    coverage.write_controls_file(tmp_path / "data" / "c.json", coverage.parse_checkov_list(
        "| 0 | CKV_K8S_16 | resource | Pod | Container should not be privileged | Kubernetes | x |\n"
        "| 1 | CKV_K8S_16 | resource | Deployment | Container should not be privileged | Kubernetes | x |\n"
        "| 2 | CKV_ALI_1 | resource | alicloud_oss_bucket | OSS public | Terraform | x |\n"), "test")
    (tmp_path / "reasons.yaml").write_text('CKV_K8S_16: {scope: gap, reason: "not yet"}\n')
    (tmp_path / "t.yaml").write_text(
        "title: T\npacks: [kubernetes]\nnot_covered_files: [reasons.yaml]\ncatalogues:\n"
        "  - {id: checkov, name: checkov, match: checkov, id_prefixes: [CKV_K8S_16], controls_file: data/c.json}\n")
    data = coverage.load(tmp_path / "t.yaml")
    assert data["catalogues"][0]["controls"] == [
        {"id": "CKV_K8S_16", "title": "Container should not be privileged", "resources": ["Deployment", "Pod"]}]
    rules = _with_checkov("K8S002", ())
    assert [(r.id, r.scope) for r in coverage.rows(data, rules)] == [("CKV_K8S_16", "gap")]
    assert coverage.problems(data, rules) == []


def test_readme_states_the_kubernetes_coverage():
    data = coverage.load(coverage.DOCS / "kubernetes.yaml")
    table = coverage.rows(data, RULES)
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    for catalogue, label in (("checkov", "kubernetes checkov"), ("cis", "CIS")):
        _, _, pct = coverage.summary([r for r in table if r.catalogue == catalogue])
        assert f"{label} {pct:.0f}%" in readme, f"README: the {label} coverage figure should be {pct:.0f}%"
        assert pct >= 90

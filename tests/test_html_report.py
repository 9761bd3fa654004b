"""The HTML report: one self-contained page with the gate, counts, findings, waivers and
context; checked as a file, and in a real headless Chromium as a person would see it."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from headless import Browser, find_chromium
from test_governance_support import BUCKETS_TF, pack_fixture, run, write  # noqa: F401

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = Path(os.environ.get("IACGATE_TEST_ARTIFACTS") or ROOT / "test-artifacts")

POD = """
    apiVersion: v1
    kind: Pod
    metadata: {name: web}
    spec:
      containers:
        - name: app
          image: nginx
          securityContext: {privileged: true}
"""
WORKFLOW = """
    on: push
    permissions: write-all
    jobs:
      build:
        runs-on: ubuntu-latest
        steps:
          - run: make
"""
# today is 2026-06-15 in these tests: one exception about to end, one ended
REGISTER = """
    - rule: AWS902
      path: infra/buckets.tf
      reason: scratch bucket for load tests
      owner: perf@example.com
      expires: 2026-06-20
    - rule: AWS901
      path: infra/old.tf
      reason: public mirror, until the CDN move
      owner: web@example.com
      expires: 2026-06-01
"""


@pytest.fixture
def project(pack):
    (pack / ".git").mkdir()
    write(pack, {"infra/buckets.tf": BUCKETS_TF.replace("  logging {\n    target_bucket = \"logs\"\n  }\n", "", 1),
                 "infra/old.tf": 'resource "aws_s3_bucket" "old" {\n  acl = "public-read"\n  logging {}\n}\n',
                 "k8s/pod.yaml": POD, ".github/workflows/ci.yml": WORKFLOW,
                 ".iacgate-exceptions.yaml": REGISTER})
    return pack


def _report(*args: str) -> tuple[int, str]:
    code, _, err = run("scan", ".", "-o", "html=out/report.html", *args)
    assert code in (0, 1), err
    return code, Path("out/report.html").read_text(encoding="utf-8")


def test_html_report_is_self_contained(project):
    code, page = _report()
    assert code == 1
    assert page.startswith("<!DOCTYPE html>")
    assert "Content-Security-Policy" in page and "default-src 'none'" in page
    # nothing to fetch: no external scripts, styles, fonts, images or frames
    assert not re.search(r"<(script|img|iframe|link|object|embed|audio|video)\b[^>]*\b(src|href)=", page)
    assert "@import" not in page and "url(" not in page
    for url in re.findall(r"(?:src|href)=\"([^\"]+)\"", page):
        assert url.startswith("#") or re.match(r"https?://", url), url  # anchors and doc links only


def test_html_report_shows_gate_findings_waivers_and_context(project):
    _, page = _report("--fail-on", "high")
    assert '<span id="verdict">FAIL</span>' in page and "--fail-on high" in page
    assert 'id="chart-severity"' in page and 'id="chart-kind"' in page
    assert "K8S901" in page and "Set privileged to false." in page
    assert "line <b class=\"line\">8</b>" in page  # the privileged pod's exact line
    # the exception that ends in 5 days stands out; the expired one too, and its finding counts
    soon = re.search(r'<tr class="soon">(.*?)</tr>', page).group(1)
    assert "AWS902" in soon and "perf@example.com" in soon and "in 5 days" in soon
    expired = re.search(r'<tr class="expired">(.*?)</tr>', page).group(1)
    assert "AWS901" in expired and "web@example.com" in expired and "2026-06-01" in expired


def test_html_report_names_baseline_and_diff_context(project):
    assert run("baseline", "create", ".", "--output", "base.json")[0] == 0
    _, page = _report("--baseline", "base.json")
    assert "<b>Baseline</b> <code>base.json</code>" in page and "only new ones count" in page
    assert '<span id="verdict">PASS</span>' in page


def test_html_report_escapes_what_comes_from_files(pack):
    write(pack, {"evil.yaml": POD.replace("{name: web}", '{name: "<script>alert(1)</script>\\e[2J"}')})
    _, page = _report()
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;\\x1b[2J" in page
    assert "\x1b" not in page


def test_html_format_and_output_options(project):
    code, out, _ = run("scan", ".", "--format", "html", "--output", "r.html")
    assert code == 1 and out == "" and Path("r.html").read_text().startswith("<!DOCTYPE html>")
    write(project, {".iacgate.yaml": "outputs: [html=from-config.html]\n"})
    run("scan", ".")
    assert Path("from-config.html").is_file()


# -- in a real browser ------------------------------------------------------------------


def _chromium() -> str:
    binary = find_chromium()
    if binary is None:
        if os.environ.get("IACGATE_REQUIRE_BROWSER"):
            pytest.fail("IACGATE_REQUIRE_BROWSER is set but no Chromium was found")
        pytest.skip("needs Chromium for the browser test of the HTML report (Debian/Ubuntu: "
                    "apt-get install chromium; or set IACGATE_CHROMIUM to a Chrome binary); "
                    ".ci/run installs it")
    return binary


def test_html_report_in_headless_chromium(project):
    _report("--fail-on", "high")
    page = (project / "out" / "report.html").resolve()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with Browser(_chromium(), width=1200, height=1000) as browser:
        browser.open(page.as_uri())
        assert browser.requests() == [page.as_uri()]  # the page itself, nothing else
        assert browser.visible("#verdict") == ["FAIL"]
        assert "fail the gate" in browser.visible("#gate .why")[0]
        # a finding's exact line, its message and the fix of its rule
        pod = browser.js("document.querySelector('#findings-K8S901').innerText")
        assert "k8s/pod.yaml" in pod and "line 8:" in pod and "Fix: Set privileged to false." in pod
        assert "privileged: true" in pod  # the code excerpt
        browser.screenshot(ARTIFACTS / "html-report.png")
        browser.screenshot(ARTIFACTS / "html-report-full.png", full_page=True)
        every = browser.visible("#findings .finding")
        highs = browser.visible('#findings .finding[data-sev="high"]')
        assert highs and len(every) > len(highs)
        # a person clicks the "high" chip: high findings disappear, nothing else does
        browser.click('.chip[data-filter="sev"][data-value="high"]')
        assert browser.visible('#findings .finding[data-sev="high"]') == []
        assert len(browser.visible("#findings .finding")) == len(every) - len(highs)
        assert browser.visible("#findings-K8S901") == []  # its only finding is high
        assert browser.visible("#shown") == [f"{len(every) - len(highs)} findings shown"]
        # the kind filter hides the GitHub Actions findings; "Show all" brings everything back
        browser.click('.chip[data-filter="kind"][data-value="github-actions"]')
        assert not any("GHA901" in t for t in browser.visible("#findings .rule"))
        browser.click("#reset")
        assert len(browser.visible("#findings .finding")) == len(every)
        # rule filter through the select, as a keyboard user would choose it
        browser.js("(() => {const s = document.getElementById('rule-filter'); s.value = 'AWS903';"
                   " s.dispatchEvent(new Event('change'));})()")
        rules = browser.visible("#findings .rule h3")
        assert len(rules) == 1 and "AWS903" in rules[0]
        assert browser.js("location.hash") == "#rule=AWS903"
        # the waivers table shows the soon-to-expire exception highlighted
        soon = browser.js("getComputedStyle(document.querySelector('tr.soon td')).backgroundColor")
        plain = browser.js("getComputedStyle(document.querySelector('#waivers td')).backgroundColor")
        assert soon != "rgba(0, 0, 0, 0)"
        assert plain is not None
    assert (ARTIFACTS / "html-report.png").stat().st_size > 10_000


def test_html_report_names_diff_mode(project):
    from test_governance_baseline import git

    (project / ".git").rmdir()
    git(project, "init", "-q")
    git(project, "add", "-A")
    git(project, "commit", "-qm", "base")
    write(project, {"k8s/pod.yaml": POD.replace("name: web", "name: web2")})
    _, page = _report("--diff-base", "HEAD")
    assert "<b>Diff mode</b>" in page and "<code>HEAD</code>" in page
    assert "outside the change not shown" in page


def test_html_report_of_bundled_rules_in_chromium(tmp_path: Path, monkeypatch):
    """The page a user gets for a small real-looking repository (bundled rules): the
    README's screenshot is this test's artifact."""
    from fixture_support import FIXTURES

    marker = re.compile(r"^\s*(#|//)\s*expect:.*\n", re.M)
    tree = {"infra/storage.tf": "AWS001/bad.tf", "k8s/deploy.yaml": "K8S002/bad.yaml",
            ".github/workflows/pr.yml": "GHA001/bad.yml", ".gitlab-ci.yml": "GLC001/bad.yml"}
    for dest, source in tree.items():
        path = tmp_path / dest
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(marker.sub("", (FIXTURES / source).read_text()))
    (tmp_path / ".git").mkdir()
    (tmp_path / ".iacgate-exceptions.yaml").write_text(
        "- rule: GLC001\n  path: .gitlab-ci.yml\n  reason: images pinned by the registry mirror\n"
        "  owner: platform@example.com\n  expires: 2026-06-25\n")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("IACGATE_TODAY", "2026-06-15")
    code, _, err = run("scan", ".", "-o", "html=report.html")
    assert code == 1, err
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with Browser(_chromium(), width=1200, height=1400) as browser:
        browser.open((tmp_path / "report.html").as_uri())
        assert browser.visible("#verdict") == ["FAIL"]
        rules = browser.visible("#findings .rule h3")
        assert len(rules) >= 4 and any("AWS001" in r for r in rules)
        assert any("GLC001" in row for row in browser.visible("#waivers tr.soon"))
        browser.screenshot(ARTIFACTS / "html-report-bundled.png")
    readme = (ROOT / "README.md").read_text()
    assert "(docs/img/html-report.png)" in readme and (ROOT / "docs" / "img" / "html-report.png").is_file()

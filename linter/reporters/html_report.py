"""HTML report: one self-contained page for the people who decide whether the gate holds.

Everything is in the file (styles, a small script, the charts as inline SVG), and a
Content-Security-Policy forbids the page to load anything else, so it opens offline from a
CI artifact and can never call out. It shows the gate result and threshold; counts by
severity and by kind; findings grouped by rule and then by file, with the exact line, a
code excerpt, the message and the fix; findings on unknown values apart; the waivers with
kind, reason, owner and expiry (expired and soon-to-expire ones stand out); baseline and
diff-mode context; and filters by severity, kind and rule that work without a server.

The findings are rendered here, not by the script: the page is readable with scripts off,
and the script only hides what the filters exclude.
"""

from __future__ import annotations

import datetime
import html
from collections import Counter, defaultdict

from ..model import Severity
from . import ReportSettings
from .printable import plural, printable
from .summary import decided, failing, fails_gate, undecided, waived

SOON_DAYS = 14  # a waiver that ends within two weeks is flagged, like the scan's warning
EXCERPT_LINES = 1  # lines of context around a finding
MAX_LINE = 160  # characters of a source line shown
SEVERITIES = list(reversed(Severity))  # critical first
COLORS = {"critical": "#7b1fa2", "high": "#c62828", "medium": "#e65100", "low": "#1565c0",
          "info": "#607d8b", "unknown": "#455a64"}
KIND_NAMES = {"terraform": "Terraform", "kubernetes": "Kubernetes", "github-actions": "GitHub Actions",
              "gitlab-ci": "GitLab CI", "iacgate": "iacgate (scan itself)"}


def _e(text: object) -> str:
    """Escaped for HTML, with control characters from scanned files made visible."""
    return html.escape(printable(text), quote=True)


def _kind(f) -> str:
    return f.kind or "iacgate"


def render(result, settings: ReportSettings) -> str:
    today = settings.today or datetime.date.today()
    rules = _rules_by_id(result)
    findings = list(result.findings)
    known, unknown, kept = decided(findings), undecided(findings), waived(findings)
    fails = failing(findings, settings.fail_on)
    ids = {id(f): f"f{i}" for i, f in enumerate(findings, 1)}
    parts = [
        _head(bool(fails)),
        _gate(result, settings, fails, known, unknown, kept),
        _context(result, settings),
        _charts(known, unknown),
        _filters(known + unknown, rules),
        _by_rule("Findings by rule", "findings", known, result, rules, settings, ids,
                 "No findings." if not known else ""),
    ]
    if unknown:
        parts.append(_by_rule(
            "Not decided: values not known statically", "unknown", unknown, result, rules,
            settings, ids, "", note="These never fail the gate: a person should check each one."))
    parts.append(_by_file(known + unknown, ids))
    parts.append(_waivers(result, kept, today))
    parts.append(_notes(result))
    parts.append(f"<footer>iacgate {_e(settings.tool_version)} &middot; generated "
                 f"{_e(today.isoformat())} &middot; this page loads nothing from the network"
                 f"</footer>\n<script>{SCRIPT}</script>\n</body>\n</html>\n")
    return "\n".join(p for p in parts if p)


def _rules_by_id(result) -> dict:
    from ..diagnostics import ENGINE_RULES

    rules = dict(ENGINE_RULES)
    rules.update({r.id: r for r in result.rules})
    return rules


def _head(failed: bool) -> str:
    verdict = "FAIL" if failed else "PASS"
    return (
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
        "style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        f"<title>iacgate: gate {verdict}</title>\n<style>{STYLE}</style>\n</head>\n<body>")


def _gate(result, settings: ReportSettings, fails, known, unknown, kept) -> str:
    verdict = "FAIL" if fails else "PASS"
    why = (f"{plural(len(fails), 'finding')} at or above <b>{_e(settings.fail_on)}</b> fail the gate"
           if fails else f"nothing at or above <b>{_e(settings.fail_on)}</b> fails the gate")
    facts = [plural(len(result.files), "file") + " scanned", plural(len(result.rules), "rule") + " run",
             plural(len(known), "finding"), f"{len(unknown)} not decided", f"{len(kept)} waived",
             plural(sum(1 for f in known if f.rule_id == "IAC001"), "parse error")]
    return (f"<header id=\"gate\" class=\"gate {verdict.lower()}\"><h1>Gate <span id=\"verdict\">"
            f"{verdict}</span></h1><p class=\"why\">{why} (threshold <code>--fail-on "
            f"{_e(settings.fail_on)}</code>).</p><p class=\"facts\">{' &middot; '.join(facts)}</p>"
            "</header>")


def _context(result, settings: ReportSettings) -> str:
    gov = getattr(result, "governance", None)
    items = []
    if gov is not None and gov.diff_base:
        items.append(f"<li><b>Diff mode</b>: only files and blocks changed since "
                     f"<code>{_e(gov.diff_base)}</code>; {plural(gov.out_of_diff, 'finding')} "
                     "outside the change not shown.</li>")
    if gov is not None and gov.baseline_file:
        base = sum(1 for f in result.findings if f.waiver is not None and f.waiver.kind == "baseline")
        stale = (f"; {plural(len(gov.stale), 'entry', 'entries')} no longer match anything "
                 "(re-create the baseline to drop them)") if gov.stale else ""
        items.append(f"<li><b>Baseline</b> <code>{_e(gov.baseline_file)}</code>: "
                     f"{plural(base, 'known finding')} accepted, only new ones count{stale}.</li>")
    if gov is not None and gov.exceptions_file:
        today = settings.today or datetime.date.today()
        by_register = [f.waiver for f in result.findings
                       if f.waiver is not None and f.waiver.kind == "exception"]
        soon = {(w.reason, w.owner, w.expires) for w in by_register
                if w.expires and _days(w.expires, today) is not None
                and 0 <= _days(w.expires, today) <= SOON_DAYS}
        facts = [f"{plural(len(by_register), 'finding')} waived"]
        if soon:
            facts.append(f"{plural(len(soon), 'exception')} ending within {SOON_DAYS} days")
        if gov.expired:
            facts.append(plural(len(gov.expired), "expired exception"))
        items.append(f"<li><b>Exceptions register</b> <code>{_e(gov.exceptions_file)}</code>: "
                     f"{', '.join(facts)} (see Waivers).</li>")
    if not items:
        return ""
    return f"<section id=\"context\"><h2>Context</h2><ul>{''.join(items)}</ul></section>"


def _days(iso: str, today: datetime.date) -> int | None:
    try:
        return (datetime.date.fromisoformat(iso) - today).days
    except ValueError:
        return None


def _bars(title: str, counts: list[tuple[str, str, int, str]], element_id: str) -> str:
    """A horizontal bar chart as inline SVG: (key, label, count, colour) rows."""
    top = max((n for _, _, n, _ in counts), default=0) or 1
    row, width, label_w = 26, 420, 150
    rows = []
    for i, (key, label, n, color) in enumerate(counts):
        y = i * row
        w = max(2, round((width - label_w - 50) * n / top)) if n else 0
        rows.append(
            f"<g data-key=\"{_e(key)}\"><text x=\"0\" y=\"{y + 17}\">{_e(label)}</text>"
            f"<rect x=\"{label_w}\" y=\"{y + 4}\" width=\"{w}\" height=\"18\" rx=\"3\" fill=\"{color}\"/>"
            f"<text x=\"{label_w + w + 6}\" y=\"{y + 17}\" class=\"n\">{n}</text></g>")
    height = max(row, row * len(counts))
    return (f"<figure id=\"{element_id}\"><figcaption>{_e(title)}</figcaption>"
            f"<svg role=\"img\" aria-label=\"{_e(title)}\" width=\"{width}\" height=\"{height}\" "
            f"viewBox=\"0 0 {width} {height}\">{''.join(rows)}</svg></figure>")


def _charts(known, unknown) -> str:
    by_sev = Counter(str(f.severity) for f in known)
    sev_rows = [(str(s), str(s), by_sev.get(str(s), 0), COLORS[str(s)]) for s in SEVERITIES]
    if unknown:
        sev_rows.append(("unknown", "not decided", len(unknown), COLORS["unknown"]))
    by_kind = Counter(_kind(f) for f in known + unknown)
    kind_rows = [(k, KIND_NAMES.get(k, k), n, "#37474f") for k, n in by_kind.most_common()]
    return ("<section id=\"charts\"><h2>Counts</h2><div class=\"charts\">"
            + _bars("Findings by severity", sev_rows, "chart-severity")
            + (_bars("Findings by kind", kind_rows, "chart-kind") if kind_rows else "")
            + "</div></section>")


def _sev_key(f) -> str:
    return "unknown" if f.unknown else str(f.severity)


def _filters(shown, rules) -> str:
    if not shown:
        return ""
    sev = Counter(_sev_key(f) for f in shown)
    kinds = Counter(_kind(f) for f in shown)
    rule_ids = Counter(f.rule_id for f in shown)
    chips = "".join(
        f"<button type=\"button\" class=\"chip\" data-filter=\"sev\" data-value=\"{k}\" "
        f"aria-pressed=\"true\" style=\"--c:{COLORS[k]}\">{k} <b>{sev[k]}</b></button>"
        for k in [str(s) for s in SEVERITIES] + ["unknown"] if sev.get(k))
    kind_chips = "".join(
        f"<button type=\"button\" class=\"chip\" data-filter=\"kind\" data-value=\"{_e(k)}\" "
        f"aria-pressed=\"true\">{_e(KIND_NAMES.get(k, k))} <b>{n}</b></button>"
        for k, n in sorted(kinds.items()))
    options = "".join(
        f"<option value=\"{_e(r)}\">{_e(r)} {_e(getattr(rules.get(r), 'name', ''))} ({n})</option>"
        for r, n in sorted(rule_ids.items()))
    return ("<section id=\"filters\" class=\"filters\"><h2>Filter</h2>"
            f"<div class=\"row\"><span class=\"lbl\">Severity</span>{chips}</div>"
            f"<div class=\"row\"><span class=\"lbl\">Kind</span>{kind_chips}</div>"
            "<div class=\"row\"><label class=\"lbl\" for=\"rule-filter\">Rule</label>"
            f"<select id=\"rule-filter\"><option value=\"\">all rules</option>{options}</select>"
            "<button type=\"button\" id=\"reset\">Show all</button>"
            f"<span id=\"shown\" aria-live=\"polite\">{plural(len(shown), 'finding')} shown</span>"
            "</div></section>")


def _excerpt(result, f) -> str:
    lines = (result.sources.get(f.path) or "").splitlines()
    if not 0 < f.line <= len(lines):
        return ""
    last = min(max(f.location.end_line, f.line), f.line + 4)
    start, end = max(1, f.line - EXCERPT_LINES), min(len(lines), last + EXCERPT_LINES)
    out = []
    for n in range(start, end + 1):
        text = lines[n - 1].rstrip().expandtabs(4)
        if len(text) > MAX_LINE:
            text = text[:MAX_LINE] + " …"
        cls = " class=\"hit\"" if f.line <= n <= last else ""
        out.append(f"<span{cls}><i>{n}</i>{_e(text)}</span>")
    return f"<pre class=\"code\">{''.join(out)}</pre>"


def _finding(f, result, settings: ReportSettings, fid: str) -> str:
    sev = _sev_key(f)
    if f.unknown:
        badge = f"<span class=\"badge unknown\">unknown ({_e(f.severity)} when known)</span>"
    elif fails_gate(f, settings.fail_on):
        badge = "<span class=\"badge fails\">fails the gate</span>"
    else:
        badge = "<span class=\"badge below\">below the gate</span>"
    resource = f" <span class=\"res\">{_e(f.resource)}</span>" if f.resource else ""
    return (f"<div class=\"finding\" id=\"{fid}\" data-sev=\"{sev}\"><p><a class=\"loc\" "
            f"href=\"#{fid}\">line <b class=\"line\">{f.line}</b>:{f.location.column}</a> "
            f"{badge}{resource}</p>"
            f"<p class=\"msg\">{_e(f.message)}</p>{_excerpt(result, f)}</div>")


def _rule_docs(rule, rule_id: str) -> str:
    if rule is None:
        return ""
    refs = "".join(f"<li><a href=\"{_e(r)}\" rel=\"noreferrer\">{_e(r)}</a></li>"
                   for r in rule.references if str(r).startswith(("https://", "http://")))
    tags = f"<p class=\"tags\">tags: {_e(', '.join(rule.tags))}</p>" if rule.tags else ""
    return (f"<details class=\"docs\"><summary>About {_e(rule_id)}: why it matters, references"
            f"</summary><p>{_e(rule.rationale)}</p>{tags}"
            + (f"<ul class=\"refs\">{refs}</ul>" if refs else "")
            + f"<p class=\"hint\">More: <code>iacgate rules explain {_e(rule_id)}</code></p></details>")


def _by_rule(title: str, section: str, findings, result, rules, settings, ids, empty: str,
             note: str = "") -> str:
    groups: dict[str, list] = defaultdict(list)
    for f in findings:
        groups[f.rule_id].append(f)
    order = sorted(groups, key=lambda r: (-max(g.severity for g in groups[r]), r))
    out = [f"<section id=\"{section}\"><h2>{_e(title)}</h2>"]
    if note:
        out.append(f"<p class=\"note\">{_e(note)}</p>")
    if empty:
        out.append(f"<p class=\"empty\">{_e(empty)}</p>")
    for rule_id in order:
        fs = groups[rule_id]
        rule = rules.get(rule_id)
        first = fs[0]
        sev = _sev_key(first) if section == "unknown" else str(max(f.severity for f in fs))
        rule_title = getattr(rule, "title", "") or first.rule_name
        fix = (getattr(rule, "remediation", "") or first.remediation or "").strip()
        out.append(
            f"<article class=\"rule\" id=\"{section}-{_e(rule_id)}\" data-rule=\"{_e(rule_id)}\" "
            f"data-kind=\"{_e(_kind(first))}\">"
            f"<h3><span class=\"sev\" style=\"--c:{COLORS[sev]}\">{sev}</span> {_e(rule_id)} "
            f"<span class=\"name\">{_e(first.rule_name)}</span> <span class=\"count\">"
            f"{plural(len(fs), 'finding')}</span></h3><p class=\"title\">{_e(rule_title)}</p>"
            + (f"<p class=\"fix\"><b>Fix:</b> {_e(fix)}</p>" if fix else "")
            + _rule_docs(rule, rule_id))
        for path, in_file in _group_by_path(fs):
            out.append(f"<div class=\"file\"><h4>{_e(path)}</h4>")
            out.extend(_finding(f, result, settings, ids[id(f)]) for f in in_file)
            out.append("</div>")
        out.append("</article>")
    out.append("</section>")
    return "".join(out)


def _group_by_path(findings) -> list[tuple[str, list]]:
    groups: dict[str, list] = defaultdict(list)
    for f in findings:
        groups[f.path].append(f)
    return [(p, sorted(groups[p], key=lambda f: (f.line, f.location.column))) for p in sorted(groups)]


def _by_file(findings, ids) -> str:
    if not findings:
        return ""
    rows = []
    for path, fs in _group_by_path(findings):
        links = " ".join(
            f"<a href=\"#{ids[id(f)]}\" data-f=\"{ids[id(f)]}\" class=\"sevlink\" "
            f"style=\"--c:{COLORS[_sev_key(f)]}\">{f.line} {_e(f.rule_id)}</a>" for f in fs)
        rows.append(f"<tr class=\"bf\"><td class=\"p\">{_e(path)}</td><td>{len(fs)}</td><td>{links}</td></tr>")
    return ("<section id=\"files\"><h2>Findings by file</h2><table><thead><tr><th>file</th>"
            "<th>findings</th><th>line and rule</th></tr></thead><tbody>"
            + "".join(rows) + "</tbody></table></section>")


def _waivers(result, kept, today: datetime.date) -> str:
    gov = getattr(result, "governance", None)
    expired = list(getattr(gov, "expired", None) or [])
    if not kept and not expired:
        return ""
    groups: dict[tuple, list] = defaultdict(list)
    for f in kept:
        w = f.waiver
        groups[(w.kind, f.rule_id, w.reason, w.owner or "", w.expires or "")].append(f)
    rows = []
    for e in expired:
        rows.append(
            f"<tr class=\"expired\"><td>exception</td><td>{_e(e['rule'])}</td>"
            f"<td>{_e(e['path'])}{' ' + _e(e['resource']) if e.get('resource') else ''}</td>"
            f"<td>expired: no longer waives {plural(e.get('findings', 0), 'finding')}</td>"
            f"<td>{_e(e['owner'])}</td><td><b>expired {_e(e['expires'])}</b></td></tr>")
    order = {"exception": 0, "inline": 1, "baseline": 2}
    for (kind, rule_id, reason, owner, expires), fs in sorted(
            groups.items(), key=lambda kv: (order.get(kv[0][0], 3), kv[0][4] or "9", kv[0][1])):
        status, cls = "", ""
        if expires:
            days = _days(expires, today)
            if days is not None and days < 0:
                status, cls = f"expired {expires}", "expired"
            elif days is not None and days <= SOON_DAYS:
                status, cls = f"{expires} (in {plural(days, 'day')})", "soon"
            else:
                status = expires
        where = sorted({f"{f.path}:{f.line}" for f in fs})
        shown = ", ".join(where[:5]) + (f" and {len(where) - 5} more" if len(where) > 5 else "")
        rows.append(
            f"<tr class=\"{cls}\"><td>{_e(kind)}</td><td>{_e(rule_id)}</td>"
            f"<td>{_e(shown)}</td><td>{_e(reason)}</td><td>{_e(owner)}</td><td>{_e(status)}</td></tr>")
    counts = Counter(f.waiver.kind for f in kept)
    summary = ", ".join(f"{n} {k}" for k, n in sorted(counts.items()))
    return ("<section id=\"waivers\"><h2>Waivers</h2>"
            f"<p>{plural(len(kept), 'waived finding')}" + (f" ({summary})" if summary else "")
            + "; they never count toward the gate. Expired and soon-to-expire exceptions are "
            "marked.</p><table><thead><tr><th>kind</th><th>rule</th><th>where</th><th>reason</th>"
            "<th>owner</th><th>expires</th></tr></thead><tbody>" + "".join(rows)
            + "</tbody></table></section>")


def _notes(result) -> str:
    if not result.notes:
        return ""
    items = "".join(f"<li><code>{_e(n.path)}{':' + str(n.line) if n.line else ''}</code> "
                    f"{_e(n.message)}</li>" for n in result.notes[:200])
    more = f"<p>and {len(result.notes) - 200} more</p>" if len(result.notes) > 200 else ""
    return f"<section id=\"notes\"><h2>Notes</h2><ul>{items}</ul>{more}</section>"


STYLE = """
:root{color-scheme:light;--fg:#1c2430;--muted:#5b6675;--line:#dde3ea;--bg:#f6f8fa}
*{box-sizing:border-box}
body{margin:0 auto;max-width:1100px;padding:0 20px 40px;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:#fff}
h1{margin:0;font-size:28px}h2{font-size:20px;margin:28px 0 10px;border-bottom:1px solid var(--line);padding-bottom:4px}
h3{font-size:16px;margin:0}h4{font:600 13px ui-monospace,SFMono-Regular,Menlo,monospace;margin:12px 0 4px;color:var(--muted)}
code,pre,.loc,.res,.p{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:13px}
.gate{margin:20px 0;padding:18px 22px;border-radius:8px;color:#fff}
.gate.fail{background:#b71c1c}.gate.pass{background:#2e7d32}.gate p{margin:6px 0 0}.gate code{color:#fff}
.facts{opacity:.9;font-size:14px}
.charts{display:flex;flex-wrap:wrap;gap:24px}figure{margin:0}figcaption{font-weight:600;margin-bottom:6px}
svg text{font-size:13px;fill:var(--fg)}svg .n{fill:var(--muted)}
.filters .row{display:flex;flex-wrap:wrap;align-items:center;gap:6px;margin:6px 0}
.lbl{width:70px;color:var(--muted);font-size:13px}
.chip{border:1px solid var(--c,#37474f);background:var(--c,#37474f);color:#fff;border-radius:14px;padding:2px 10px;font-size:13px;cursor:pointer}
.chip[aria-pressed=false]{background:#fff;color:var(--c,#37474f);text-decoration:line-through;opacity:.7}
select,#reset{font-size:13px;padding:3px 6px}#shown{color:var(--muted);font-size:13px;margin-left:8px}
.rule{border:1px solid var(--line);border-radius:8px;padding:12px 16px;margin:12px 0}
.sev{display:inline-block;min-width:64px;text-align:center;background:var(--c);color:#fff;border-radius:4px;font-size:12px;padding:1px 6px;text-transform:uppercase}
.name{color:var(--muted);font-weight:400}.count{float:right;color:var(--muted);font-weight:400;font-size:13px}
.title{margin:4px 0}.fix{margin:4px 0;background:#eef7ee;border-left:3px solid #2e7d32;padding:4px 8px}
.docs summary{cursor:pointer;color:var(--muted);font-size:13px}.docs p,.docs ul{font-size:13px}
.finding{border-top:1px dashed var(--line);padding:6px 0}.finding p{margin:2px 0}
.msg{font-size:14px}.res{color:var(--muted)}
.badge{font-size:11px;border-radius:3px;padding:0 5px;margin-left:6px;border:1px solid}
.badge.fails{color:#b71c1c;border-color:#b71c1c}.badge.below{color:var(--muted)}.badge.unknown{color:#455a64;border-style:dashed}
.code{background:var(--bg);border:1px solid var(--line);border-radius:4px;padding:6px 0;margin:4px 0;overflow-x:auto}
.code span{display:block;padding:0 10px;white-space:pre}.code span.hit{background:#fff3cd}
.code i{display:inline-block;width:42px;color:#8a94a3;font-style:normal;user-select:none}
.note{color:var(--muted)}
table{border-collapse:collapse;width:100%;font-size:13px}th,td{border-bottom:1px solid var(--line);text-align:left;padding:4px 6px;vertical-align:top}
.sevlink{display:inline-block;border-left:3px solid var(--c);padding:0 4px;margin:1px 2px;text-decoration:none;font-family:ui-monospace,monospace}
tr.expired td{background:#fde7e9;color:#8e0000}tr.soon td{background:#fff4d6}
footer{margin-top:30px;color:var(--muted);font-size:12px}
[hidden]{display:none!important}
"""

SCRIPT = """
(function(){
var off={sev:{},kind:{}},rule="";
function q(s){return Array.prototype.slice.call(document.querySelectorAll(s));}
function apply(){
  var n=0;
  q(".finding").forEach(function(el){
    var r=el.closest(".rule").dataset,show=!off.sev[el.dataset.sev]&&!off.kind[r.kind]&&(!rule||rule===r.rule);
    el.hidden=!show;if(show)n++;});
  q(".file,.rule").forEach(function(el){el.hidden=!el.querySelector(".finding:not([hidden])");});
  q(".sevlink").forEach(function(a){var t=document.getElementById(a.dataset.f);a.hidden=!!(t&&t.hidden);});
  q("tr.bf").forEach(function(tr){tr.hidden=!tr.querySelector(".sevlink:not([hidden])");});
  var s=document.getElementById("shown");if(s)s.textContent=n+(n===1?" finding":" findings")+" shown";
  var h=[];["sev","kind"].forEach(function(k){var v=Object.keys(off[k]).filter(function(x){return off[k][x];});
    if(v.length)h.push("hide-"+k+"="+v.join(","));});
  if(rule)h.push("rule="+rule);
  try{history.replaceState(null,"",h.length?"#"+h.join("&"):location.pathname+location.search);}catch(e){}
}
q(".chip").forEach(function(b){b.addEventListener("click",function(){
  var k=b.dataset.filter,v=b.dataset.value,pressed=b.getAttribute("aria-pressed")!=="false";
  b.setAttribute("aria-pressed",pressed?"false":"true");off[k][v]=pressed;apply();});});
var sel=document.getElementById("rule-filter");
if(sel)sel.addEventListener("change",function(){rule=sel.value;apply();});
var reset=document.getElementById("reset");
if(reset)reset.addEventListener("click",function(){off={sev:{},kind:{}};rule="";if(sel)sel.value="";
  q(".chip").forEach(function(b){b.setAttribute("aria-pressed","true");});apply();});
location.hash.replace(/^#/,"").split("&").forEach(function(part){
  var kv=part.split("="),k=kv[0],v=decodeURIComponent(kv[1]||"");
  if(k==="rule"&&sel){rule=v;sel.value=v;}
  var m=/^hide-(sev|kind)$/.exec(k);
  if(m)v.split(",").forEach(function(x){off[m[1]][x]=true;
    q('.chip[data-filter="'+m[1]+'"]').forEach(function(b){if(b.dataset.value===x)b.setAttribute("aria-pressed","false");});});
});
if(location.hash.indexOf("=")>0)apply();
})();
"""

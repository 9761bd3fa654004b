"""Action and reusable-workflow refs that an advisory of the bundled, offline database names:
versions in an affected range, commits of affected releases, and malicious commits."""

from pathlib import Path

from linter.kinds.github_actions.advisories import judge, load
from linter.kinds.github_actions.model import parse_uses, pinned_version
from linter.model import Hit

BUNDLED = Path(__file__).with_name("_advisories.json")


def _database(params):
    return load(params.get("database") or BUNDLED)


def check(subject, params):
    uses = parse_uses(subject.node.get("uses"))
    if uses is None or uses.kind not in ("action", "reusable") or not uses.ref:
        return
    comment = pinned_version(subject.context.get("source"), subject.node) if uses.pinned else None
    db = _database(params)
    slugs = {uses.slug, f"{uses.owner}/{uses.repo}".lower()}
    for slug in sorted(slugs, key=len, reverse=True):
        for adv, why in judge(db, slug, uses.ref, uses.pinned, comment):
            fix = adv.fix
            sha = next((s for v, s in adv.fixed_shas.items() if v.lstrip("v") == fix.lstrip("v")), "")
            advice = (f"upgrade to {fix} or later" + (f" (commit {sha})" if sha else "")
                      if fix else "no fixed release: remove it")
            yield Hit(subject.node, "uses", attr="uses",
                      values={"value": uses.raw, "advisory": f"{why} {adv.name}: {adv.summary}",
                              "fix": advice})
            return


def details(params=None):
    """What `iacgate rules explain GHA033` shows of the database."""
    db = _database(params or {})
    lines = [f"Advisory database: {len(db.advisories)} advisories, data as of {db.date}",
             f"  source: {db.source}"]
    for adv in sorted(db.advisories, key=lambda a: (a.package.lower(), a.id)):
        ranges = ", ".join(
            f">= {r.get('introduced', '0')}, " + (f"< {r['fixed']}" if "fixed" in r else
                                                 f"<= {r.get('last_affected', '?')}")
            for r in adv.ranges)
        shas = len(adv.affected_shas) + len(adv.fixed_shas) + len(adv.malicious_shas)
        lines.append(f"  {adv.package}  {adv.name}  affected {ranges}"
                     + (f"  ({shas} known commits)" if shas else ""))
    return "\n".join(lines)

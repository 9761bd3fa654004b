"""Jobs whose environment is production (by name or `deployment_tier`) that any branch
can run. A job is restricted when every rule that lets it run requires the default
branch, a named branch, a tag or a protected ref, when `only:` lists refs only, when
`except: [branches]`, or when `workflow:rules` restricts the whole pipeline so."""

import re

from linter.kinds.gitlab_ci.checks import expand
from linter.model import Hit

PROD = re.compile(r"^(?:prod|production|prd|live)(?:$|[-_/ .])|[-_/ .](?:prod|production|prd)$",
                  re.IGNORECASE)
NOT_DEPLOY = {"prepare", "verify", "access"}
UNRESTRICTED_ONLY = {"branches", "merge_requests", "pushes", "api", "web", "triggers",
                     "pipelines", "schedules", "external", "chat", "external_pull_requests",
                     "/.*/", "/^.*$/"}
REF = r"\$\{?CI_COMMIT_(?:BRANCH|REF_NAME)\}?"
LITERAL = r"(?:\$\{?CI_DEFAULT_BRANCH\}?|\"[^\"]+\"|'[^']+')"
POSITIVE = [
    re.compile(REF + r"\s*==\s*" + LITERAL),
    re.compile(LITERAL + r"\s*==\s*" + REF),
    re.compile(REF + r"\s*=~\s*/"),
    re.compile(r"\$\{?CI_COMMIT_TAG\}?\s*(?:!=\s*(?:null|\"\"|'')|=~\s*/)"),
    re.compile(r"^\s*\(*\s*\$\{?CI_COMMIT_TAG\}?\s*\)*\s*$"),
    re.compile(r"\$\{?CI_COMMIT_REF_PROTECTED\}?\s*==\s*[\"']?true"),
]


def _environment(job):
    env = job.get("environment")
    if isinstance(env, str):
        return env, job, "environment"
    if isinstance(env, dict):
        if str(env.get("action", "start")).lower() in NOT_DEPLOY:
            return None, None, None
        if str(env.get("deployment_tier", "")).lower() == "production":
            return str(env.get("name", "production")), env, "deployment_tier"
        if isinstance(env.get("name"), str):
            return env["name"], env, "name"
    return None, None, None


def _condition_restricts(cond):
    """Every `||` branch needs a positive ref restriction in one of its `&&` parts."""
    if not isinstance(cond, str):
        return False
    for disjunct in re.split(r"\|\|", cond):
        parts = re.split(r"&&", disjunct)
        if not any(pattern.search(part) for part in parts for pattern in POSITIVE):
            return False
    return True


def _flatten(items):
    for item in items:
        if isinstance(item, list):
            yield from _flatten(item)
        else:
            yield item


NEGATIVE = [
    re.compile(r"^\s*\(*\s*" + REF + r"\s*(?:!=\s*" + LITERAL + r"|!~\s*/.*/)\s*\)*\s*$"),
    re.compile(r"^\s*\(*\s*" + LITERAL + r"\s*!=\s*" + REF + r"\s*\)*\s*$"),
    re.compile(r"^\s*\(*\s*\$\{?CI_COMMIT_REF_PROTECTED\}?\s*(?:!=\s*[\"']?true|==\s*[\"']?false)"
               r"[\"']?\s*\)*\s*$"),
]


def _excludes_other_refs(rule):
    """`- if: $CI_COMMIT_BRANCH != $CI_DEFAULT_BRANCH` + `when: never`: the rules after it
    only see the default branch (or protected refs)."""
    cond = rule.get("if")
    if cond is None:
        return not any(k in rule for k in ("changes", "exists"))  # a bare `when: never`
    return isinstance(cond, str) and any(p.match(cond) for p in NEGATIVE)


def _rules_restrict(rules):
    for rule in _flatten(rules):
        if not isinstance(rule, dict):
            continue
        if str(rule.get("when", "on_success")).lower() == "never":
            if _excludes_other_refs(rule):
                return True  # what is left runs only where earlier rules were checked
            continue
        if not _condition_restricts(rule.get("if")):
            return False
    return True  # never runs, or only on restricted refs


def _only_restricts(only):
    refs = only.get("refs") if isinstance(only, dict) else only
    if isinstance(refs, str):
        refs = [refs]
    if isinstance(only, dict) and isinstance(only.get("variables"), list) and refs is None:
        return all(_condition_restricts(v) for v in only["variables"])
    if not isinstance(refs, list) or not refs:
        return False
    return not any(str(r).strip() in UNRESTRICTED_ONLY for r in refs)


def restricted(job, pipeline):
    if "rules" in job and isinstance(job["rules"], list):
        if _rules_restrict(job["rules"]):
            return True
    elif "only" in job:
        if _only_restricts(job["only"]):
            return True
    except_ = job.get("except")
    refs = except_.get("refs") if isinstance(except_, dict) else except_
    if isinstance(refs, list) and "branches" in refs:
        return True
    workflow = pipeline.get("workflow")
    if isinstance(workflow, dict) and isinstance(workflow.get("rules"), list):
        if _rules_restrict(workflow["rules"]):
            return True
    return False


DEPLOY_NAME = re.compile(r"(?:deploy|release|rollout|publish|ship|promote)[-_: ]*(?:to[-_: ]*)?"
                         r"(?:prod|production|prd|live)\b|\b(?:prod|production)[-_: ]*deploy",
                         re.IGNORECASE)


def _by_name(subject):
    """A job without `environment:` whose name says it deploys to production."""
    job = subject.node
    if "environment" in job or "trigger" in job or not DEPLOY_NAME.search(subject.resource):
        return None
    pipeline = subject.context.get("pipeline")
    if isinstance(pipeline, dict) and subject.resource in pipeline:
        return pipeline, subject.resource
    return job, None


def _matrix_production(name, job):
    """`environment: $TARGET` with `parallel:matrix: [{TARGET: [staging, production]}]`:
    one of the jobs GitLab creates deploys to production."""
    parallel = job.get("parallel")
    matrix = parallel.get("matrix") if isinstance(parallel, dict) else None
    if not isinstance(matrix, list):
        return None
    for entry in matrix:
        if not isinstance(entry, dict):
            continue
        for var, values in entry.items():
            for value in values if isinstance(values, list) else [values]:
                if not isinstance(value, (str, int)):
                    continue
                candidate = re.sub(r"\$\{?" + re.escape(str(var)) + r"\}?(?![A-Za-z0-9_])", str(value), name)
                if candidate != name and PROD.search(candidate):
                    return candidate
    return None


def check(subject, params):
    job = subject.node
    name, node, key = _environment(job)
    if not name:
        where = _by_name(subject)
        if where and job.get("when") != "never" and not restricted(
                job, subject.context.get("pipeline", {})):
            yield Hit(where[0], where[1], attr="name", confidence="low",
                      values={"value": "production (by its name)"})
        return
    shown = expand(name, subject)
    if "$" in shown and not PROD.search(shown):
        shown = _matrix_production(shown, job) or shown
    if "$" in shown and not PROD.search(shown):
        prefix = shown.split("$", 1)[0]
        if re.match(r"^[\w-]+[/ .]", prefix):
            return  # `review/$CI_COMMIT_REF_SLUG`: the written tier is not production
        if key != "deployment_tier" and not restricted(job, subject.context.get("pipeline", {})):
            yield Hit(node, key, attr="environment", unknown=True, values={"value": name})
        return
    if not PROD.search(shown) and key != "deployment_tier":
        return
    if job.get("when") == "never" or restricted(job, subject.context.get("pipeline", {})):
        return
    yield Hit(node, key, attr=f"environment.{key}" if node is not job else "environment",
              values={"value": shown})

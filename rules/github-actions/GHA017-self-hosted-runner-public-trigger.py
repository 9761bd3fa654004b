"""`runs-on` naming self-hosted runners in workflows that public events trigger."""

from linter.kinds.github_actions.model import PUBLIC_TRIGGERS, mapping
from linter.model import Hit


def _labels(runs_on):
    if isinstance(runs_on, str):
        return [runs_on]
    if isinstance(runs_on, list):
        return [x for x in runs_on if isinstance(x, str)]
    if isinstance(runs_on, dict):
        labels = runs_on.get("labels")
        out = _labels(labels) if labels is not None else []
        if runs_on.get("group"):
            out.append(f"group {runs_on['group']}")
        return out
    return []


def _matrix_labels(job, label):
    """Values a `${{ matrix.x }}` runs-on can take (from matrix and include)."""
    name = label.replace("${{", "").replace("}}", "").strip()
    if not name.startswith("matrix."):
        return []
    dim = name.split(".", 1)[1]
    matrix = mapping(mapping(job.get("strategy")).get("matrix"))
    values = matrix.get(dim)
    out = _labels(values) if isinstance(values, (list, str)) else []
    for extra in matrix.get("include") or []:
        if isinstance(extra, dict):
            out += _labels(extra.get(dim))
    return out


def check(subject, params):
    triggers = set(subject.context.get("triggers", {}))
    trig = sorted(PUBLIC_TRIGGERS & triggers)
    if not trig:
        if params.get("public_triggers_only", True):
            return
        trig = sorted(triggers) or ["its callers"]
    job = subject.node
    runs_on = job.get("runs-on")
    labels = _labels(runs_on)
    for label in list(labels):
        labels += _matrix_labels(job, label)
    hosted = [x for x in labels if x.lower() == "self-hosted" or x.startswith("group ")]
    if hosted:
        yield Hit(job, "runs-on", attr="runs-on",
                  values={"value": ", ".join(hosted), "trigger": ", ".join(trig)})

"""actions/checkout without persist-credentials: false, then an upload-artifact whose path
takes in the checkout's `.git` folder (hidden files included), directly or through an
archive (`tar`, `zip`) or a copy (`cp -r .`, `rsync`) of the workspace made in between."""

import re
from fnmatch import fnmatchcase

from linter.kinds.github_actions.model import mapping, parse_uses, pinned_version
from linter.model import Hit

_ROOTS = {".", "./", "*", "**", "./*", "./**", "${{ github.workspace }}",
          "${{ github.workspace }}/", "${{github.workspace}}", "${{github.workspace}}/"}
# upload-artifact before v4.4.0 uploaded hidden files (.git) by default.
_OLD = re.compile(r"^v?([0-3])(\.|$)|^v?4\.[0-3](\.|$)")


def _uses(step, name):
    uses = parse_uses(step.get("uses")) if isinstance(step, dict) else None
    return uses if uses is not None and uses.is_action(name) else None


def _falsy(value):
    return value is False or str(value).strip().lower() == "false"


# The workspace (or the checkout folder) as a source of an archive or a copy: `.`, `./`,
# `./.`, `$GITHUB_WORKSPACE`. A bare `*` leaves hidden files (.git) out.
_SOURCE = r"(?:\.|\./|\./\.|\$\{?GITHUB_WORKSPACE\}?/?|\$\{\{\s*github\.workspace\s*\}\}/?)"
_TAR = re.compile(r"\btar\b(?P<args>[^\n|;&]*)")
_ZIP = re.compile(r"\b(?:zip|7z\s+a)\b(?P<args>[^\n|;&]*)")
_COPY = re.compile(r"\b(?:cp\s+(?:-\w*[rRa]\w*\s+)+|rsync\s+(?:-\S+\s+)*)(?P<args>[^\n|;&]*)")
_EXCLUDES_GIT = re.compile(r"--exclude[= ]['\"]?\.git|--exclude-vcs|-x\s+['\"]?\.git|-xr?!?\.git",
                           re.IGNORECASE)


def _words(args):
    return [w.strip("'\"") for w in args.split()]


def _bundles(steps, checkout_path):
    """{path: "archive" | "copy"} of archives and copies of the workspace that scripts
    between the checkout and an upload make, with the `.git` folder inside."""
    sources = {checkout_path.rstrip("/"), f"./{checkout_path.rstrip('/')}"} if checkout_path else set()
    out = {}
    for step in steps:
        run = step.get("run") if isinstance(step, dict) else None
        if not isinstance(run, str):
            continue
        for line in run.splitlines():
            if _EXCLUDES_GIT.search(line):
                continue
            for m in _TAR.finditer(line):
                words = _words(m.group("args"))
                name = _tar_file(words)
                if name and any(re.fullmatch(_SOURCE, w) or w in sources for w in words):
                    out[name] = "archive"
            for m in _ZIP.finditer(line):
                words = [w for w in _words(m.group("args")) if not w.startswith("-")]
                if len(words) >= 2 and any(re.fullmatch(_SOURCE, w) or w in sources for w in words[1:]):
                    out[words[0]] = "archive"
            for m in _COPY.finditer(line):
                words = [w for w in _words(m.group("args")) if not w.startswith("-")]
                if len(words) >= 2 and any(re.fullmatch(_SOURCE, w) or w in sources
                                           for w in words[:-1]):
                    out[words[-1].rstrip("/")] = "copy"
    return out


def _tar_file(words):
    for i, w in enumerate(words):
        if w.startswith("--file="):
            return w.split("=", 1)[1]
        if w == "--file" or (w.startswith("-") and not w.startswith("--") and w.endswith("f")) \
                or (not w.startswith("-") and i == 0 and "c" in w and w.endswith("f")):
            return words[i + 1] if i + 1 < len(words) else None
    return None


def _covers(path, target):
    """Whether an upload path entry takes in `target` (the file itself, a glob matching
    it, or a folder that holds it)."""
    def plain(p):
        p = p.strip().rstrip("/")
        return p[2:] if p.startswith("./") else p

    path, target = plain(path), plain(target)
    return bool(path) and (path == target or fnmatchcase(target, path)
                           or target.startswith(path + "/"))


def _takes_git(upload, uses, checkout_path, source, bundles=None):
    with_ = mapping(upload.get("with"))
    roots = set(_ROOTS)
    if checkout_path:
        roots |= {checkout_path, checkout_path.rstrip("/") + "/", f"./{checkout_path}"}
    paths = [p.strip() for p in str(with_.get("path", "")).splitlines() if p.strip()]
    for name, kind in (bundles or {}).items():
        if any(_covers(p, name) for p in paths):
            if kind == "archive":  # .git is inside a file: hidden-file rules do not apply
                return "archive", name
            roots.add(name)
            roots.add(name + "/")
    if not any(p in roots or p.rstrip("/").endswith(".git") for p in paths):
        return False
    hidden = with_.get("include-hidden-files")
    if hidden is not None:
        return not _falsy(hidden)
    version = pinned_version(source, upload) if uses.pinned else uses.ref
    if version is None:
        return None  # a commit without a version comment: may predate v4.4
    return bool(_OLD.match(version))


def check(subject, params):
    steps = subject.context.get("steps") or []
    for i, step in enumerate(steps):
        if not _uses(step, "actions/checkout"):
            continue
        with_ = mapping(step.get("with"))
        if _falsy(with_.get("persist-credentials", True)):
            continue
        checkout_path = str(with_.get("path", "")).strip()
        if not params.get("only_with_upload", True):
            yield Hit(step, "uses", attr=f"steps[{i}].with.persist-credentials",
                      values={"upload": "", "risk": "can be read by every later step and tool"})
            continue
        source = subject.context.get("source")
        for j, upload in enumerate(steps[i + 1:], start=i + 1):
            uses = _uses(upload, "actions/upload-artifact")
            takes = _takes_git(upload, uses, checkout_path, source,
                               _bundles(steps[i + 1:j], checkout_path)) if uses else False
            if takes is not False:
                path = mapping(upload.get("with")).get("path", "")
                shown = " ".join(str(path).split())[:60]
                how = "with its .git folder"
                if isinstance(takes, tuple):
                    how = f"with an archive of the workspace ({takes[1]}) that holds the .git folder"
                yield Hit(step, "uses", attr=f"steps[{i}].with.persist-credentials",
                          confidence="low" if takes is None else None,
                          values={"upload": f" and later uploads '{shown}' {how}",
                                  "risk": "leaks to anyone who can download the artifact"
                                          " ('artipacked')"})
                break


_PUSHES = re.compile(r"\bgit\s+(?:push|commit|tag|remote)\b|\bgh\s|\bhub\s|git-auto-commit|"
                     r"create-pull-request|add-and-commit|github-push-action|github-script",
                     re.IGNORECASE)


def fix(subject, hit, params):
    """`persist-credentials: false` on the checkout, unless a later step of the job may
    use the kept credentials (git push, gh, actions that commit)."""
    from linter.fix.edits import Refusal, SetValue

    steps = subject.context.get("steps") or []
    later = steps[steps.index(hit.node) + 1:] if hit.node in steps else steps
    for step in later:
        if isinstance(step, dict) and _PUSHES.search(f"{step.get('run', '')} {step.get('uses', '')}"):
            return Refusal("a later step may push with the checkout's credentials: pass it a "
                           "token explicitly, then set persist-credentials: false")
    return [SetValue(hit.node, ("with", "persist-credentials"), False)]

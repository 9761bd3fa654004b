"""Terraform: files, values, variables, locals, modules, references, plan files.

For the engine: `parse(path, text) -> Parsed` (one file), `subjects(documents,
options)` (every Terraform document of the scan, evaluated module by module) and
`units(files)` (which files must be evaluated together: a folder and the local modules
it calls).
For Python checks (`rules/{aws,gcp,azure}/*.py`): `linter.kinds.terraform.rulekit`
(generic readers of blocks, flags, lists and unknowns), and the contract below.

What Python rule checks can rely on (the cross-resource contract)
-----------------------------------------------------------------
Every Terraform subject (`kind == "terraform"`) keeps the usual shape: `level` is
"resource" | "data" | "module" | "provider", `type` the resource type, `resource` the
address (`aws_s3_bucket.b`, or `module.assets.aws_s3_bucket_acl.this` inside a local
module), `node` the block with every value resolved where Terraform would resolve it
statically (anything else is `linter.model.Unknown`), `path` the file the block is
written in (the module's file for resources of a local module).

`subject.context` holds:

    context["block"]   the block as written (values are `Expr` source texts)
    context["instances"]  how many instances count/for_each create (1 without them),
                          None when that is not known statically
    context["module"]  a `ModuleView` of the module instance the subject belongs to:

        .resources: list[Subject]
            every resource subject of the same module instance, resolved
        .data: list[Subject]
            every data source subject of the same module instance
        .modules: list[Subject]
            the module calls of the instance (local or not; `node["source"]`)
        .referencing(subject, resource_type, attribute="bucket") -> list[Subject]
            resources of `resource_type` whose `attribute` refers to `subject`: by a
            reference (`aws_s3_bucket.b.id`, `.bucket`, `.arn`, `aws_s3_bucket.b[0].id`,
            also through locals, module variables and outputs, so from other module
            instances too) or, in the same instance, by an equal literal name (the
            bucket's `bucket` or `name` value)
        .lookup(address) -> Subject | None
            the resource or data subject of this instance with that local address
            (`aws_s3_bucket.b`, `data.aws_iam_policy_document.p`)
        .find(ref) -> Subject | None
            the subject a `ResourceRef` points at, in whichever instance it was written
        .registry.resources
            every resource subject of the scan (all module instances)

Nested blocks are lists of `Map`s under their type, as written. A `dynamic "x"` block
is replaced by the `x` blocks it generates (its `content`, evaluated per element of a
known `for_each`; none for an empty one); such a block's `tag` is `("x", ("dynamic",))`,
or `("x", ("dynamic", "unknown"))` when the collection is not known and the block may
not exist at all. Each distinct instance of a `count`/`for_each` resource (up to 16,
else one instance with `count.index`/`each.*` unknown) is a subject with the same
address, identical instances once; the engine reports one finding per rule, place,
resource and attribute. `count = 0` and an empty `for_each` create no subject.
Attributes set to `null` are absent.

A reference to another resource's attribute evaluates to `ResourceRef`, an `Unknown`
that also carries `.address` (the referenced address, local to the module it was
written in), `.module` (that module's call path: "" for a root module, else e.g.
"module.assets."), `.full_address` and `.attribute`, so a rule can follow it with
`ModuleView.find(ref)` (or `lookup(ref.address)` within one module).

`jsonencode()` of a known structure evaluates to `JsonText`, a `str` holding the JSON
text with the decoded structure in `.value`; of a structure with unknown parts to
`PartialJson`, an `Unknown` whose `.value` is the structure with `Unknown` leaves.

Plan files (`terraform show -json`) give subjects of the same shape: planned values,
values known only after apply as `Unknown` (`ResourceRef` when the configuration says
which resource they come from), `context["plan"]` the plan's path.

Modules: `files` reads one file, `expr` parses expressions, `evaluate` computes them,
`functions` holds the pure functions, `module` evaluates one module instance, `walk`
turns the scanned folders into subjects, `planfile` reads plan files and `plan` turns
them into subjects, `view` is the `ModuleView`, `values` the value types.
"""

from __future__ import annotations

from collections.abc import Iterator

from ...model import Document, Subject
from .files import parse
from .units import units
from .values import JsonText, PartialJson, ResourceRef
from .view import ModuleView

COST_PER_BYTE = 2  # evaluation cost of a byte, relative (module evaluation); see linter.partition

__all__ = ["COST_PER_BYTE", "JsonText", "ModuleView", "PartialJson", "ResourceRef", "parse", "subjects", "unit_of", "units"]


def unit_of(doc: Document) -> str:
    """What a failure is isolated to: a module is one folder; a plan file stands alone."""
    if doc.meta.get("plan") or doc.path.startswith("<"):
        return doc.path
    import os

    return os.path.dirname(doc.path) or "."


def subjects(documents: list[Document], options: dict) -> Iterator[Subject]:
    from .walk import subjects as config_subjects

    config = [d for d in documents if not d.meta.get("plan")]
    plans = [d for d in documents if d.meta.get("plan")]
    if not plans:
        yield from config_subjects(config, options)
        return
    from .plan import plan_folders, plan_subjects

    yield from config_subjects(config, options, skip=plan_folders(plans, config))
    yield from plan_subjects(plans, config, options)


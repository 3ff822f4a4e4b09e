"""Kinds that name a Keras object: an initializer, regularizer, constraint, optimizer, loss or
metric, written as its string identifier (`he_normal`) or as a call of its class (`l2(1e-4)`,
`keras.regularizers.L2(1e-4)`); and `model.compile`'s list of metrics."""

from __future__ import annotations

from typing import Any

from seqgen import syntax
from seqgen.catalog import Catalog, ParamSpec, normalize
from seqgen.errors import suggest
from seqgen.kinds.base import Kind, Site, article, list_value, show
from seqgen.lookup import resolve_object
from seqgen.model import Lit, ObjV, Value
from seqgen.values import describe


class NamespaceKind(Kind):
    """An object of one Keras namespace (`keras.initializers`, ...)."""

    takes_opaque = True
    checks_choices = False

    def __init__(self, name: str, namespace: str, example: str) -> None:
        self.name = name  # also the singular of the namespace, for messages
        self.namespace = namespace
        self.example = example

    def resolve_syntax(self, expr: syntax.Expr, site: Site) -> Value | None:
        return self.resolve_object(expr, site)

    def resolve_object(self, expr: syntax.Expr, site: Site) -> Value | None:
        """An identifier or a constructor call (list items too: they are never variables)."""
        ns = site.resolver.catalog.namespaces[self.namespace]
        if isinstance(expr, syntax.Paren):
            return self.resolve_object(expr.value, site)
        if isinstance(expr, syntax.Word) and expr.name.lower() == "none":
            return Lit(None)
        if isinstance(expr, (syntax.Word, syntax.String)):
            text = expr.name if isinstance(expr, syntax.Word) else expr.value
            # Keras's get() takes a class name too: kernel_constraint="MaxNorm".
            if text in ns.identifiers or text in ns.concrete:
                return Lit(text)
            close = suggest(text, sorted({*ns.identifiers, *ns.concrete}))
            site.error(f"unknown {self.name} {show(text)} for {site.where}", expr.span,
                       f"did you mean '{close}'?" if close else
                       f"see the {self.namespace} in docs/language.md")  # fmt: skip
            return None
        if isinstance(expr, syntax.ListExpr) and self.name == "loss":
            return list_value([self.resolve_object(i, site) for i in expr.items])
        if isinstance(expr, syntax.Call):
            return self._call(expr, site)
        site.error(f"{site.where} expects {article(self.name)}: a name such as {self.example} or "
                   "a call", expr.span)  # fmt: skip
        return None

    def _call(self, expr: syntax.Call, site: Site) -> Value | None:
        ns_name = self.namespace
        ns = site.resolver.catalog.namespaces[ns_name]
        cls, name = resolve_object(ns, expr.name)
        if cls is None:
            close = suggest(name, sorted({*ns.classes, *ns.identifiers}), key=normalize)
            site.error(f"unknown {self.name} {show(expr.name)} for {site.where}", expr.name_span,
                       f"did you mean '{close}'?" if close else
                       f"the {ns_name} are {', '.join(ns.concrete)}")  # fmt: skip
            return None
        sig = ns.classes[cls]
        assigned = site.resolver.assign(sig, expr.args, site.scope, owner=f"keras.{ns_name}.{cls}",
                                        owner_span=expr.name_span, shorthand=False)  # fmt: skip
        if assigned is None:
            return None
        args, rest = sig.arrange(assigned)
        return ObjV(ns_name, cls, args, tuple(rest))

    def value_problem(self, param: ParamSpec, v: Any, catalog: Catalog) -> str | None:
        if isinstance(v, str):  # an identifier reaching the parameter as a value (`-D`)
            ns = catalog.namespaces[self.namespace]
            if v in ns.identifiers or v in ns.concrete:
                return None
            return f"expects {article(self.name)}, not {describe(v)}"
        if self.name == "loss" and isinstance(v, list):
            return None
        return f"expects {article(self.name)}, not {describe(v)}"


INITIALIZER = NamespaceKind("initializer", "initializers", "he_normal")
REGULARIZER = NamespaceKind("regularizer", "regularizers", "l2")
CONSTRAINT = NamespaceKind("constraint", "constraints", "max_norm")
OPTIMIZER = NamespaceKind("optimizer", "optimizers", "adam")
LOSS = NamespaceKind("loss", "losses", "mse")
METRIC = NamespaceKind("metric", "metrics", "accuracy")


class MetricListKind(Kind):
    """`model.compile`'s metrics: a list of metrics, `[accuracy, auc(curve=pr)]`."""

    name = "metric_list"
    example = "[accuracy]"
    takes_opaque = True

    def resolve_syntax(self, expr: syntax.Expr, site: Site) -> Value | None:
        if isinstance(expr, syntax.ListExpr):
            return list_value([METRIC.resolve_object(i, site) for i in expr.items])
        site.error(f"{site.where} expects a list, e.g. metrics={self.example}", expr.span)
        return None

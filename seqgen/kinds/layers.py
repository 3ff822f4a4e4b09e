"""Kinds whose value is a layer written inside another layer's arguments: a wrapped layer
(`bidirectional (lstm 64)`), an RNN cell or a list of cells (`rnn (lstm_cell 32)`), a list of
layers (`pipeline [(rescaling 1/255), (flatten)]`).  The nested statement is checked by the
checker, as any layer statement; its value is not computed."""

from __future__ import annotations

from seqgen import syntax
from seqgen.kinds.base import Kind, Site, list_value
from seqgen.model import LayerV, Lit, Value


class LayerKind(Kind):
    name = "layer"
    example = "(lstm 64)"
    validated = False
    takes_opaque = True
    #: Whether the nested layer must be an RNN cell.
    cell = False

    def resolve(self, expr: syntax.Expr, site: Site) -> Value | None:
        return self.nested(expr, site)

    def nested(self, expr: syntax.Expr, site: Site) -> Value | None:
        """One nested layer: `(lstm 64)`, `(flatten)`, `lstm(64)`, or the word none."""
        stmt: syntax.LayerStmt | None = None
        if isinstance(expr, syntax.NestedLayer):
            stmt = expr.layer
        elif isinstance(expr, syntax.Paren) and isinstance(expr.value, syntax.Word):
            w = expr.value
            stmt = syntax.LayerStmt(w.name, (), None, False, w.span, w.span)
        elif isinstance(expr, syntax.Paren) and isinstance(expr.value, syntax.Call):
            expr = expr.value
        elif isinstance(expr, syntax.Word) and expr.name.lower() != "none":
            site.error(f"{site.where} takes a layer: write it in parentheses, ({expr.name})",
                       expr.span)  # fmt: skip
            return None
        if isinstance(expr, syntax.Call):
            stmt = syntax.LayerStmt(expr.name, expr.args, None, True, expr.span, expr.name_span)
        if isinstance(expr, syntax.Word):  # none
            return Lit(None)
        if stmt is None:
            what = "an RNN cell" if self.cell else "a layer"
            site.error(f"{site.where} takes {what}, e.g. {self.example}", expr.span)
            return None
        layer = site.resolver.layer(stmt, site.scope, "cell" if self.cell else "stack")
        return LayerV(layer) if layer is not None else None


class CellKind(LayerKind):
    """An RNN cell, or a list of cells (RNN over stacked cells)."""

    name = "cell"
    example = "(lstm_cell 32)"
    cell = True

    def resolve(self, expr: syntax.Expr, site: Site) -> Value | None:
        if isinstance(expr, syntax.ListExpr):
            return list_value([self.nested(i, site) for i in expr.items])
        return self.nested(expr, site)


class LayerListKind(LayerKind):
    name = "layer_list"
    example = "[(rescaling 1/255), (flatten)]"

    def resolve(self, expr: syntax.Expr, site: Site) -> Value | None:
        while isinstance(expr, syntax.Paren):
            expr = expr.value
        if not isinstance(expr, syntax.ListExpr):
            site.error(f"{site.where} expects a list of layers: {self.example}", expr.span)
            return None
        if not expr.items:  # Keras constructs a Pipeline of no layers, but cannot build it
            site.error(f"{site.where} cannot be an empty list", expr.span,
                       f"give at least one layer: {self.example}")  # fmt: skip
            return None
        return list_value([self.nested(i, site) for i in expr.items])

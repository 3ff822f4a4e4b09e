"""Kinds written as a word or a string: plain strings, activations, padding modes, dtypes, and
`any` (what Keras takes that seqgen does not type)."""

from __future__ import annotations

from typing import Any

from seqgen import syntax
from seqgen.catalog import Catalog, ParamSpec
from seqgen.kinds.base import Kind, Site, choice, show
from seqgen.model import Lit, Value
from seqgen.values import describe


class AnyKind(Kind):
    """A parameter seqgen does not type: any plain value, none included."""

    name = "any"
    example = "..."
    takes_opaque = True

    def problem(self, param: ParamSpec, v: Any, catalog: Catalog) -> str | None:
        return None if v is None else super().problem(param, v, catalog)


class StrKind(Kind):
    name = "str"
    example = '"text"'

    def value_problem(self, param: ParamSpec, v: Any, catalog: Catalog) -> str | None:
        if not isinstance(v, str):
            return f"expects a string, not {describe(v)}"
        return None


class _WordKind(StrKind):
    """A string from a known set, written as a bare word or a string; the word none is none."""

    def resolve_syntax(self, expr: syntax.Expr, site: Site) -> Value | None:
        if isinstance(expr, (syntax.Word, syntax.String)):
            text = expr.name if isinstance(expr, syntax.Word) else expr.value
            if text.lower() == "none" and isinstance(expr, syntax.Word):
                return Lit(None)
            return self.word(text, expr, site)
        return super().resolve_syntax(expr, site)

    def word(self, text: str, expr: syntax.Expr, site: Site) -> Value | None:
        raise NotImplementedError


class ActivationKind(_WordKind):
    """An activation function by name: `relu`, case-insensitive."""

    name = "activation"
    example = "relu"

    def word(self, text: str, expr: syntax.Expr, site: Site) -> Value | None:
        return choice(text.lower(), site.resolver.catalog.activations, expr, site, "activation")

    def value_problem(self, param: ParamSpec, v: Any, catalog: Catalog) -> str | None:
        problem = super().value_problem(param, v, catalog)
        if problem is None and v not in catalog.activations:
            return f"expects an activation, not {describe(v)}"
        return problem


class PaddingKind(_WordKind):
    """A padding mode: one of the parameter's choices (`valid`, `same`, `causal`)."""

    name = "padding"
    example = "same"

    def word(self, text: str, expr: syntax.Expr, site: Site) -> Value | None:
        return choice(text.lower(), site.param.choices, expr, site, "padding")


class DtypeKind(_WordKind):
    """A dtype: the parameter's choices, else every dtype a layer accepts."""

    name = "dtype"
    example = "float32"

    def word(self, text: str, expr: syntax.Expr, site: Site) -> Value | None:
        catalog, param = site.resolver.catalog, site.param
        if not param.choices and text in catalog.input.by_name["dtype"].choices \
                and text not in catalog.dtypes:
            site.error(f"{show(text)} is not a layer dtype in Keras 3: there it names a "
                       "quantization policy", expr.span,
                       "an input may have it: input ... dtype=" + text)  # fmt: skip
            return None
        return choice(text, param.choices or catalog.dtypes, expr, site, "dtype")

    def value_problem(self, param: ParamSpec, v: Any, catalog: Catalog) -> str | None:
        """A dtype that reaches the layer as a value (a model parameter, `-D`): the same names
        a written dtype may take."""
        problem = super().value_problem(param, v, catalog)
        if problem is None and not param.choices and v not in catalog.dtypes:
            return f"expects a layer dtype, not {describe(v)}"
        return problem

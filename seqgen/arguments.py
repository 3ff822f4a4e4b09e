"""Arguments → parameters: matching a call's arguments to a signature (positional values,
shorthand words such as `relu` and `same`, key=value), then resolving each by its parameter's
kind (seqgen.kinds) and validating it under every binding of the variables it uses.

The checker owns the statements; it hands an `Arguments` the catalogue, its error sink and the
way it checks a nested layer statement, and `Arguments` is the `Resolver` the kinds call back.
"""

from __future__ import annotations

from typing import Callable, Sequence

from seqgen import syntax
from seqgen.catalog import Catalog, ParamSpec, Signature
from seqgen.errors import suggest
from seqgen.kinds import ACTIVATION, ANY, EXTRA_KEYWORD_KINDS, PADDING, Site, kind_of, show
from seqgen.kinds.base import Scope
from seqgen.lookup import CONSTANTS
from seqgen.model import BinV, LayerCall, LayerV, ListV, Lit, NegV, ObjV, Ref, TupleV, Value
from seqgen.syntax import Span
from seqgen.values import EvalError, evaluate


class Arguments:
    """Matches and resolves the arguments of layers, `input`, `compile` and Keras objects."""

    def __init__(self, catalog: Catalog, error: Callable[..., None],
                 layer: Callable[[syntax.LayerStmt, Scope, str], LayerCall | None]) -> None:
        self.catalog = catalog
        self.error = error
        self.layer = layer

    def assign(
        self,
        sig: Signature,
        args: Sequence[syntax.Argument],
        scope: Scope,
        *,
        owner: str,
        owner_span: Span,
        shorthand: bool,
    ) -> list[tuple[str, Value]] | None:
        """Match arguments to parameters: positional, shorthand words, key=value."""
        ok = True
        given: dict[str, Span] = {}
        out: list[tuple[str, Value]] = []
        positional = list(sig.positional)
        pos_index = 0
        seen_keyword = False
        act = sig.by_name.get("activation")
        has_activation = act is not None and act.kind == ACTIVATION.name
        padding = sig.by_name.get("padding")
        padding_choices = (padding.choices if padding is not None and padding.kind == PADDING.name
                           else ())  # fmt: skip

        def take(name: str, value: Value | None, span: Span) -> None:
            nonlocal ok
            if name in given:
                self.error(f"{owner} got {name} twice", span,
                           related=(("first given here", given[name]),))  # fmt: skip
                ok = False
                return
            given[name] = span
            if value is None:
                ok = False
            else:
                out.append((name, value))

        for arg in args:
            if isinstance(arg, syntax.Keyword):
                seen_keyword = True
                param = sig.by_name.get(arg.name)
                if param is None:
                    if arg.name in sig.extra_kwargs:
                        kind = EXTRA_KEYWORD_KINDS.get(arg.name, ANY.name)
                        param = ParamSpec(arg.name, False, kind, nullable=True)
                    else:
                        self._unknown_keyword(sig, arg, owner)
                        ok = False
                        continue
                take(arg.name, self.value(param, arg.value, scope, owner), arg.span)
                continue
            word = arg.name if isinstance(arg, syntax.Word) else None
            if shorthand and word is not None and word not in scope.vars:
                low = word.lower()
                if has_activation and low in self.catalog.activations:
                    take("activation", Lit(low), arg.span)
                    continue
                if low in padding_choices:
                    take("padding", Lit(low), arg.span)
                    continue
                if low not in CONSTANTS:
                    if has_activation:
                        close = suggest(low, [*self.catalog.activations, *padding_choices])
                        what = "activation or padding" if padding_choices else "activation"
                        self.error(f"unknown {what} {show(word)} for {owner}", arg.span,
                                   f"did you mean '{close}'?" if close else
                                   f"activations are {', '.join(self.catalog.activations)}; "
                                   "quote a word to pass it as a string")  # fmt: skip
                        ok = False
                        continue
                    close = suggest(low, padding_choices) if padding_choices else None
                    if close:
                        self.error(f"unknown padding {show(word)} for {owner}", arg.span,
                                   f"did you mean '{close}'?")  # fmt: skip
                        ok = False
                        continue
            if seen_keyword:
                self.error("a positional value cannot follow key=value", arg.span,
                           "write positional values first, or name this one")  # fmt: skip
                ok = False
                continue
            while pos_index < len(positional) and positional[pos_index].name in given:
                pos_index += 1
            if pos_index >= len(positional):
                n = len(positional)
                self.error(f"too many positional values for {owner} (it takes {n})", arg.span,
                           positional_hint(sig))  # fmt: skip
                ok = False
                continue
            param = positional[pos_index]
            pos_index += 1
            take(param.name, self.value(param, arg, scope, owner), arg.span)

        for p in sig.params:
            if p.required and p.name not in given:
                self.error(f"{owner} needs {p.name}", owner_span, positional_hint(sig))
                ok = False
        return out if ok else None

    def _unknown_keyword(self, sig: Signature, arg: syntax.Keyword, owner: str) -> None:
        if arg.name in ("input_shape", "input_dim", "batch_input_shape", "batch_size"):
            self.error(f"{arg.name}= is not accepted on a layer", arg.name_span,
                       "declare the model's input with an 'input' statement: input 28x28x1")  # fmt: skip
            return
        close = suggest(arg.name, sorted(sig.keywords()))
        self.error(f"{owner} has no parameter {show(arg.name)}", arg.name_span,
                   f"did you mean '{close}'?" if close else
                   f"its parameters are {', '.join(sig.keywords())}")  # fmt: skip

    def value(self, param: ParamSpec, expr: syntax.Expr, scope: Scope, owner: str) -> Value | None:
        """Resolve one argument for `param` by its kind, then validate it under every binding."""
        kind = kind_of(param.kind)
        where = f"{owner} {param.name}"
        value = kind.resolve(expr, Site(param, scope, where, self))
        if value is None or not kind.validated:
            return value
        used = refs(value)
        if used and scope.poisoned(used):
            return value
        for env in scope.envs(used) if used else ({},):
            try:
                computed = evaluate(value, env)
            except EvalError as e:
                self.error(f"{where}: {e}{scope.bindings(env, given_only=True)}", expr.span)
                return None
            problem = kind.problem(param, computed, self.catalog)
            if problem:
                self.error(f"{where} {problem}{scope.bindings(env)}", expr.span,
                           kind.hint(param, computed, expr))  # fmt: skip
                return None
        return value


def positional_hint(sig: Signature) -> str | None:
    """Which parameters positional values fill, for messages about positional values."""
    names = [p.name for p in sig.positional]
    if not names:
        return "it takes only key=value arguments"
    shown = max(len(sig.leading_required) + 2, 3)
    more = ", ..." if len(names) > shown else ""
    return f"positional values fill, in order: {', '.join(names[:shown])}{more}"


def argument_spans(sig: Signature, args: Sequence[syntax.Argument]) -> tuple[tuple[str, Span], ...]:
    """Where each argument was written, by the parameter it fills (key=value, or positional in
    order; no shorthand): `compile`'s `loss` for a warning about it."""
    positional = iter(sig.positional)
    spans = []
    for arg in args:
        if isinstance(arg, syntax.Keyword):
            spans.append((arg.name, arg.span))
        elif (param := next(positional, None)) is not None:
            spans.append((param.name, arg.span))
    return tuple(spans)


def refs(*values: Value) -> set[str]:
    """The variables (parameters, loop variables) values use, nested layers' included."""
    found: set[str] = set()
    for value in values:
        _collect_refs(value, found)
    return found


def _collect_refs(value: Value, found: set[str]) -> None:
    if isinstance(value, Lit):
        return
    if isinstance(value, Ref):
        found.add(value.name)
    elif isinstance(value, (TupleV, ListV)):
        for v in value.items:
            _collect_refs(v, found)
    elif isinstance(value, BinV):
        _collect_refs(value.left, found)
        _collect_refs(value.right, found)
    elif isinstance(value, NegV):
        _collect_refs(value.operand, found)
    elif isinstance(value, ObjV):
        for v in value.args:
            _collect_refs(v, found)
        for _, v in value.kwargs:
            _collect_refs(v, found)
    elif isinstance(value, LayerV):
        for v in (*value.layer.args, *(v for _, v in value.layer.kwargs)):
            _collect_refs(v, found)

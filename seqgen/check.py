"""AST + layer catalogue → checked `seqgen.model.Model`, or every error with its position.

This module owns the statements: their order and limits, blocks and loops, the scope of model
parameters and loop variables, layer names.  Each value is resolved and validated by its
parameter's kind (seqgen.kinds), its arguments matched to parameters by seqgen.arguments.
Errors are collected, not raised one at a time, so one run shows them all.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field, replace
from typing import Any, Callable, Iterable, Mapping, Sequence

from seqgen import syntax
from seqgen.arguments import Arguments, argument_spans, refs
from seqgen.syntax import Span
from seqgen.catalog import Catalog, LayerSpec
from seqgen.errors import Diagnostic, DiagnosticSink, SeqgenError
from seqgen.kinds import literal
from seqgen.kinds import show as _show
from seqgen.layers import rule_for
from seqgen.lookup import layer_for, variable_name_problem
from seqgen.names import name_clashes, name_problem, place
from seqgen.model import (
    ForLoop,
    InputCall,
    Item,
    LayerCall,
    ListV,
    Lit,
    Model,
    ModelParam,
    NestedSequential,
    Ref,
    Repeat,
    Value,
)
from seqgen.values import describe, evaluate, layer_statements


#: Blocks `{ }` nested deeper than this are refused: the add style writes one Python `for` per
#: loop, and Python compiles at most 20 nested blocks (and 100 indentation levels).
MAX_BLOCK_NESTING = 16

#: A model that unrolls to more layers than this is refused before anything is unrolled.
MAX_LAYERS = 1_000_000


_MAX_ENVS = 64

#: Where values given for parameters came from, for messages ("n=2.5 given with -D").
GIVEN_AS_ARGUMENT = "given as an argument"
GIVEN_WITH_DEFINE = "given with -D"

#: Statements that hold layers (a block reports its own emptiness).
_LAYER_STATEMENTS = (syntax.LayerStmt, syntax.SequentialBlock, syntax.RepeatBlock, syntax.ForBlock)


@dataclass(frozen=True)
class _Var:
    kind: str  # "param" | "loop"
    span: Span
    #: The values it is checked at: a parameter's default (or the value given for it), a
    #: loop's items.
    values: tuple[Any, ...]
    # True when its definition had an error: uses are not checked again (no follow-on errors).
    poisoned: bool = False
    #: For a parameter given a value: its default, which the generated code is written at, and
    #: where the value came from for messages ("n=2.5 given with -D").
    default: tuple[Any, ...] | None = None
    given: str | None = None


@dataclass
class _Scope:
    vars: dict[str, _Var] = field(default_factory=dict)
    in_loop: bool = False

    def child(self, **kw: Any) -> _Scope:
        return _Scope(dict(self.vars), **{"in_loop": self.in_loop, **kw})

    def first_env(self) -> dict[str, Any]:
        """Each variable at its first value: parameters at their defaults."""
        return {n: v.values[0] for n, v in self.vars.items() if not v.poisoned}

    def poisoned(self, names: Iterable[str]) -> bool:
        return any(n in self.vars and self.vars[n].poisoned for n in names)

    def written(self, name: str) -> tuple[Any, ...]:
        """The values the generated code is written at: defaults, a loop's items."""
        var = self.vars[name]
        return var.default if var.default is not None else var.values

    def bindings(self, env: Mapping[str, Any], given_only: bool = False) -> str:
        """The variables of `env` for a message: " (with f = 8; n=0 given with -D)"; with
        `given_only`, only the parameters given a value."""
        known = [self.vars[k] for k in env if k in self.vars]
        given = list(dict.fromkeys(v.given for v in known if v.given))
        shown = [f"{k} = {v!r}" for k, v in env.items()
                 if not (given_only or k in self.vars and self.vars[k].kind == "param"
                         and self.vars[k].given)]  # fmt: skip
        parts = ([f"with {', '.join(shown)}"] if shown else []) + given
        return f" ({'; '.join(parts)})" if parts else ""

    def envs(self, names: Iterable[str]) -> list[dict[str, Any]]:
        """Every combination of values of the variables a value uses (capped)."""
        names = sorted({n for n in names if n in self.vars})
        if not names:
            return [{}]
        combos = itertools.islice(
            itertools.product(*(self.vars[n].values for n in names)), _MAX_ENVS
        )
        return [dict(zip(names, combo)) for combo in combos]


class Checker:
    def __init__(self, catalog: Catalog, mode: str, params: Mapping[str, Any] | None = None,
                 origin: str = GIVEN_AS_ARGUMENT, backend: str = "tensorflow") -> None:  # fmt: skip
        self.catalog = catalog
        self.mode = mode
        self.params = dict(params or {})  # values given for parameters, checked instead
        self.origin = origin
        self.backend = backend
        self.sink = DiagnosticSink()
        self.arguments = Arguments(catalog, self.error, self._layer)
        self._depth = 0  # of the block being checked
        self._too_deep = False  # reported once
        self._too_many = False  # a repeat past MAX_LAYERS: nothing may be unrolled

    def error(self, message: str, span: Span | None, hint: str | None = None, **kw: Any) -> None:
        self.sink.error(message, span, hint, **kw)

    # --- program structure ---------------------------------------------------------------

    def check(self, program: syntax.Program) -> Model:
        stmts = list(program.statements)
        scope = _Scope()
        name: str | None = None
        params: list[ModelParam] = []
        input_call: InputCall | None = None
        compile_args: tuple[tuple[str, Value], ...] | None = None
        compile_spans: tuple[tuple[str, Span], ...] = ()

        if stmts and isinstance(stmts[0], syntax.ModelStmt):
            head = stmts.pop(0)
            name = self._layer_name(head.name, head.name_span, what="model name")
            params = self._model_params(head, scope)
        if stmts and isinstance(stmts[0], syntax.InputStmt):
            input_call = self._input(stmts.pop(0), scope)
        if stmts and isinstance(stmts[-1], syntax.CompileStmt):
            compile_stmt = stmts.pop()
            compile_args = self._compile(compile_stmt, scope)
            compile_spans = argument_spans(self.catalog.compile, compile_stmt.args)

        body = self._body(stmts, scope, top=True)
        has_layers = any(True for _ in layer_statements(body))
        if not has_layers and not self.sink.has_errors:
            if program.statements:
                self.error("the model has no layers", program.statements[0].span,
                           "add a layer statement, e.g. dense 10")  # fmt: skip
            else:
                self.error("the file defines no model: it is empty or only comments",
                           Span(1, 1, 1, 1), "write one layer per line, e.g. dense 10")  # fmt: skip
        model = Model(name, tuple(params), input_call, body, compile_args, program.span,
                      compile_spans=compile_spans)  # fmt: skip
        # With other errors some layers are missing, so automatic names cannot be simulated:
        # then only names given twice are reported.
        if not self._too_many:
            placed = place(model, scope.first_env())
            self.sink.items.extend(name_clashes(placed.layers,
                                                automatic=not self.sink.has_errors))  # fmt: skip
            model = replace(model, placed=placed)
        return model

    def _body(self, stmts: Sequence[syntax.Statement], scope: _Scope, top: bool) -> tuple[Item, ...]:
        items: list[Item] = []
        for stmt in stmts:
            item = self._statement(stmt, scope, top)
            if item is not None:
                items.append(item)
        return tuple(items)

    def _statement(self, stmt: syntax.Statement, scope: _Scope, top: bool) -> Item | None:
        if isinstance(stmt, syntax.LayerStmt):
            return self._layer(stmt, scope, context="stack")
        if isinstance(stmt, syntax.SequentialBlock):
            return self._sequential(stmt, scope)
        if isinstance(stmt, syntax.RepeatBlock):
            return self._repeat(stmt, scope)
        if isinstance(stmt, syntax.ForBlock):
            return self._for(stmt, scope)
        if isinstance(stmt, syntax.ModelStmt):
            where = "" if top else ", not inside a block"
            self.error(f"'model' may only be the first statement of the file{where}", stmt.span)
        elif isinstance(stmt, syntax.InputStmt):
            if top:
                self.error("'input' must come before the layers, right after 'model'", stmt.span)
            else:
                self.error("'input' may only open a nested 'sequential { }' block", stmt.span)
        elif isinstance(stmt, syntax.CompileStmt):
            if top:
                self.error("'compile' must be the last statement of the file", stmt.span)
            else:
                self.error("'compile' cannot appear inside a block", stmt.span,
                           "move it to the end of the file, after the closing '}'")  # fmt: skip
        return None

    def _sequential(self, stmt: syntax.SequentialBlock, scope: _Scope) -> NestedSequential:
        body = list(stmt.body)
        nested_input = None
        if body and isinstance(body[0], syntax.InputStmt):
            nested_input = self._input(body.pop(0), scope)
        items = self._block_body(body, stmt.span, scope, "sequential")
        name = None
        if stmt.alias:
            if scope.in_loop:
                self._named_in_loop(stmt.alias.span)
            name = self._layer_name(stmt.alias.name, stmt.alias.span)
        return NestedSequential(nested_input, items, name, stmt.span,
                                stmt.alias.span if stmt.alias else None)  # fmt: skip

    def _repeat(self, stmt: syntax.RepeatBlock, scope: _Scope) -> Repeat:
        count = _loop_source(stmt.count, scope, "repeat count", int, self.error)
        if count is not None:
            n = evaluate(count, scope.first_env())
            if not isinstance(n, int) or isinstance(n, bool) or n < 1:
                self.error(f"a repeat count must be a whole number of at least 1, not {describe(n)}"
                           f"{_bound(scope, count)}", stmt.count.span)  # fmt: skip
                count = None
        body = self._block_body(stmt.body, stmt.span, scope.child(in_loop=True), "repeat")
        if count is not None and body:
            env = scope.first_env()
            if evaluate(count, env) * _count_layers(body, env) > MAX_LAYERS:
                self.error(f"this repeat unrolls to more than {MAX_LAYERS:,} layers, seqgen's "
                           f"limit for a model{_bound(scope, count)}", stmt.count.span)  # fmt: skip
                self._too_many = True
        return Repeat(count if count is not None else Lit(1), body, stmt.span)

    def _for(self, stmt: syntax.ForBlock, scope: _Scope) -> ForLoop:
        source = _loop_source(stmt.values, scope, "for list", list, self.error)
        items: list[Any] = [None]
        if source is not None:
            items = evaluate(source, scope.first_env())
            if not isinstance(items, list) or not items:
                self.error(f"'for' needs a non-empty list, not {describe(items)}"
                           f"{_bound(scope, source)}", stmt.values.span)  # fmt: skip
                items, source = [None], None
        inner = scope.child(in_loop=True)
        if self._valid_variable(stmt.var, stmt.var_span, scope, "loop variable"):
            # Its values come from the list a parameter was given: messages say so.
            given = scope.vars[source.name].given if isinstance(source, Ref) else None
            default = scope.written(source.name)[0] if given else None  # type: ignore[union-attr]
            written = tuple(default) if isinstance(default, list) else None
            inner.vars[stmt.var] = _Var("loop", stmt.var_span, tuple(items), source is None,
                                        default=written, given=given)  # fmt: skip
        body = self._block_body(stmt.body, stmt.span, inner, "for")
        return ForLoop(stmt.var, source if source is not None else ListV(()), body, stmt.span)

    def _block_body(self, stmts: Sequence[syntax.Statement], span: Span, scope: _Scope,
                    what: str) -> tuple[Item, ...]:  # fmt: skip
        """A block's items, refusing an empty block and blocks nested too deeply."""
        if not any(isinstance(s, _LAYER_STATEMENTS) for s in stmts):
            self.error(f"a '{what}' block needs at least one layer", span)
        self._depth += 1
        try:
            if self._depth > MAX_BLOCK_NESTING:
                if not self._too_deep:
                    self._too_deep = True
                    self.error(f"blocks are nested more than {MAX_BLOCK_NESTING} levels deep",
                               span, "Python compiles at most 20 nested loops; flatten the "
                               "blocks")  # fmt: skip
                return ()
            return self._body(stmts, scope, top=False)
        finally:
            self._depth -= 1

    # --- model, input, compile -----------------------------------------------------------

    def _valid_variable(self, name: str, span: Span, scope: _Scope, what: str) -> bool:
        problem = variable_name_problem(name, self.catalog)
        if problem is None and name in scope.vars:
            other = scope.vars[name]
            self.error(f"{what} {_show(name)} is already defined", span,
                       related=(("first defined here", other.span),))  # fmt: skip
            return False
        if problem:
            self.error(f"{what} {_show(name)} {problem}", span, "choose another name")
            return False
        return True

    def _model_params(self, stmt: syntax.ModelStmt, scope: _Scope) -> list[ModelParam]:
        params = []
        for p in stmt.params:
            value = literal(p.value, "parameter default", self.error)
            if value is None:
                if p.name not in scope.vars:
                    scope.vars[p.name] = _Var("param", p.name_span, (None,), poisoned=True)
                continue
            if self._valid_variable(p.name, p.name_span, scope, "parameter"):
                default = evaluate(value, {})
                if p.name in self.params:
                    given = self.params[p.name]
                    text = given_text(p.name, given, self.origin)
                    scope.vars[p.name] = _Var("param", p.name_span, (given,), False, (default,),
                                              text)  # fmt: skip
                else:
                    scope.vars[p.name] = _Var("param", p.name_span, (default,))
                params.append(ModelParam(p.name, value, p.span))
        return params

    def _input(self, stmt: syntax.InputStmt, scope: _Scope) -> InputCall | None:
        sig = self.catalog.input
        assigned = self.arguments.assign(sig, stmt.args, scope, owner="input",
                                         owner_span=stmt.span, shorthand=False)  # fmt: skip
        if assigned is None:
            return None
        names = {k for k, _ in assigned}
        if "shape" not in names and "batch_shape" not in names:
            self.error("'input' needs a shape, e.g. input 28x28x1 or input batch_shape=(32, 8)",
                       stmt.span)  # fmt: skip
        if "shape" in names and "batch_shape" in names:
            self.error("'input' takes a shape or a batch_shape, not both", stmt.span)
        return InputCall(tuple(assigned), stmt.span)

    def _compile(self, stmt: syntax.CompileStmt, scope: _Scope) -> tuple[tuple[str, Value], ...]:
        assigned = self.arguments.assign(self.catalog.compile, stmt.args, scope, owner="compile",
                                         owner_span=stmt.span, shorthand=False)  # fmt: skip
        return tuple(assigned or ())

    # --- layers --------------------------------------------------------------------------

    def _resolve_layer_name(self, name: str, span: Span, context: str) -> LayerSpec | None:
        spec, problem = layer_for(self.catalog, name, context, self.mode, self.backend)
        if problem is not None:
            self.error(problem[0], span, problem[1])
        return spec

    def _layer(self, stmt: syntax.LayerStmt, scope: _Scope, context: str) -> LayerCall | None:
        spec = self._resolve_layer_name(stmt.name, stmt.name_span, context)
        if spec is None:
            self._scan_nested(stmt.args, scope)
            return None
        sig = spec.signature_for(self.mode)
        assigned = self.arguments.assign(sig, stmt.args, scope, owner=spec.cls,
                                         owner_span=stmt.name_span, shorthand=True)  # fmt: skip
        if assigned is None:
            return None
        kwargs = dict(assigned)
        name = None
        given: syntax.Keyword | None = None
        if "name" in kwargs:
            given = next((a for a in stmt.args if isinstance(a, syntax.Keyword) and a.name == "name"),
                         None)  # fmt: skip
            if given is None:  # given positionally (Pipeline's second parameter is name)
                self.error("give a layer's name with 'as NAME' or name=, not positionally",
                           stmt.span)  # fmt: skip
                return None
            if stmt.alias is not None:
                self.error("the layer is named twice, with name= and with 'as'", stmt.alias.span,
                           related=(("name= given here", given.span),))  # fmt: skip
                return None
            value = kwargs["name"]
            if not (isinstance(value, Lit) and isinstance(value.value, str)):
                self.error("name= must be a string", given.value.span)
                return None
            name = self._layer_name(value.value, given.value.span)
            if scope.in_loop:
                self._named_in_loop(given.span)
        elif stmt.alias is not None:
            name = self._layer_name(stmt.alias.name, stmt.alias.span)
            if scope.in_loop:
                self._named_in_loop(stmt.alias.span)
            assigned.append(("name", Lit(stmt.alias.name)))
        args, rest = sig.arrange(assigned)
        name_span = stmt.alias.span if stmt.alias else (given.span if name is not None else None)
        call = LayerCall(spec, args, tuple(rest), stmt.span, name, name_span)
        self._layer_constraints(call, stmt, scope)
        return call

    def _scan_nested(self, args: Sequence[syntax.Argument], scope: _Scope) -> None:
        """Report unknown names inside the arguments of a layer that could not be resolved."""
        for a in args:
            value = a.value if isinstance(a, syntax.Keyword) else a
            if isinstance(value, syntax.NestedLayer):
                self._layer(value.layer, scope, "stack")

    def _named_in_loop(self, span: Span) -> None:
        self.error("a layer inside 'repeat' or 'for' cannot have a name: it would repeat", span,
                   "name the layers outside the loop, or drop the name")  # fmt: skip

    def _layer_name(self, name: str, span: Span, what: str = "layer name") -> str:
        problem = name_problem(name, what, self.backend)
        if problem is not None:
            self.error(problem[0], span, problem[1])
        return name

    def _layer_constraints(self, call: LayerCall, stmt: syntax.LayerStmt, scope: _Scope) -> None:
        """Checks Keras makes when a layer is constructed (its rule's), made before any code
        exists; a problem with a value given for a parameter says where it came from."""
        found = list(rule_for(call.spec.cls).constraints(call, scope.first_env()))
        used = refs(*call.args, *(v for _, v in call.kwargs)) if found and self.params else ()
        origin = scope.bindings(dict.fromkeys(used), given_only=True)
        self.sink.items.extend(replace(d, message=d.message + origin) if d.severity == "error"
                               else d for d in found)  # fmt: skip


def _loop_source(expr: syntax.Expr, scope: _Scope, what: str, kind: type,
                 error: Callable[..., None]) -> Value | None:
    """What a `repeat` count (`kind` int) or a `for` list (`kind` list) may be: a literal, or a
    model parameter whose every value is one."""
    if isinstance(expr, syntax.Word) and expr.name in scope.vars:
        var = scope.vars[expr.name]
        if var.kind != "param":
            error(f"a {what} must be a literal or a model parameter", expr.span)
            return None
        if not all(isinstance(v, kind) and not isinstance(v, bool) for v in var.values):
            want = "a whole number" if kind is int else "a list"
            its, origin = ("value", f" ({var.given})") if var.given else ("default", "")
            error(f"parameter {_show(expr.name)} is used as a {what}, so its {its} must "
                  f"be {want}, not {describe(var.values[0])}{origin}", expr.span,
                  related=(("the parameter is defined here", var.span),))  # fmt: skip
            return None
        return Ref(expr.name)
    if kind is int and not isinstance(expr, syntax.Number):
        error(f"a {what} must be a whole number or a model parameter, not "
              f"{_syntax_kind(expr)}", expr.span)  # fmt: skip
        return None
    if kind is list and not isinstance(expr, syntax.ListExpr):
        error(f"'for' needs a list or a model parameter, not {_syntax_kind(expr)}",
              expr.span, "for example: for filters in [32, 64] { ... }")  # fmt: skip
        return None
    return literal(expr, what, error)


def _position(d: Diagnostic) -> tuple[int, int]:
    return (d.span.line, d.span.column) if d.span else (0, 0)


def _count_layers(items: tuple[Item, ...], env: Mapping[str, Any]) -> int:
    """How many layers `items` unroll to, counted without unrolling them."""
    total = 0
    for item in items:
        if isinstance(item, LayerCall):
            total += 1
        elif isinstance(item, NestedSequential):
            total += _count_layers(item.body, env)
        elif isinstance(item, Repeat):
            n = evaluate(item.count, env)
            total += (n if isinstance(n, int) else 1) * _count_layers(item.body, env)
        elif isinstance(item, ForLoop):
            values = evaluate(item.values, env)
            total += (len(values) if isinstance(values, list) else 1) * _count_layers(item.body, env)
    return total


def given_text(name: str, value: Any, origin: str) -> str:
    """A value given for a parameter, for messages: "n=2.5 given with -D"."""
    return f"{name}={value!r} {origin}"


def _bound(scope: _Scope, value: Value) -> str:
    """Where a loop's count or list came from, when it is a parameter given a value."""
    given = scope.vars[value.name].given if isinstance(value, Ref) else None
    return f" ({given})" if given else ""


def _syntax_kind(expr: syntax.Expr) -> str:
    """What a piece of syntax is, in words, for messages about the wrong kind of syntax."""
    if isinstance(expr, (syntax.BinOp, syntax.UnaryOp)):
        return "an expression"
    if isinstance(expr, syntax.Number):
        return str(expr.value) if isinstance(expr.value, int) else f"the number {expr.value}"
    if isinstance(expr, (syntax.String, syntax.Word)):
        return "a word" if isinstance(expr, syntax.Word) else "a string"
    if isinstance(expr, (syntax.TupleExpr, syntax.Shape)):
        return "a tuple"
    if isinstance(expr, syntax.ListExpr):
        return "a list"
    return "this value"


def check(program: syntax.Program, catalog: Catalog, mode: str = "tensorflow",
          filename: str = "<string>", source: str | None = None, *,
          params: Mapping[str, Any] | None = None, origin: str = GIVEN_AS_ARGUMENT,
          backend: str = "tensorflow") -> Model:  # fmt: skip
    """Check a parsed program against the catalogue for the import `mode` and the Keras
    `backend`; raise `SeqgenError` with every error.

    Every check sees the model's parameters at their defaults, or at the values in `params`
    instead (`origin` says where they came from, for messages); a value is resolved by what the
    generated code is written at (its default) either way, so the model is the same."""
    checker = Checker(catalog, mode, params, origin, backend)
    try:
        model = checker.check(program)
    except RecursionError:
        raise SeqgenError(Diagnostic("the model is nested too deeply to check"),
                          file=filename, source=source) from None  # fmt: skip
    if checker.sink.has_errors:
        unique = sorted(dict.fromkeys(checker.sink.items), key=_position)
        raise SeqgenError(unique, file=filename, source=source)
    return model

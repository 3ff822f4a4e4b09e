"""AST + layer catalogue → checked `seqgen.model.Model`, or every error with its position.

Checking happens in two steps per value: *resolving* turns syntax into a model value according
to the parameter it fills (a bare word becomes an activation, a padding mode, a variable or a
string; a call becomes a layer or a Keras object), then *validating* computes the value under
every binding of the variables in scope and checks its kind (`units` needs an integer,
`use_bias` a boolean).  Errors are collected, not raised one at a time, so one run shows them
all.
"""

from __future__ import annotations

import itertools
import keyword
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping, Sequence

from seqgen import syntax
from seqgen.syntax import Span
from seqgen.catalog import Catalog, LayerSpec, ParamSpec, Signature, normalize
from seqgen.errors import Diagnostic, DiagnosticSink, SeqgenError, suggest
from seqgen.layers import rule_for
from seqgen.names import Placed, place
from seqgen.model import (
    BinV,
    ForLoop,
    InputCall,
    Item,
    LayerCall,
    LayerV,
    ListV,
    Lit,
    Model,
    ModelParam,
    NegV,
    NestedSequential,
    ObjV,
    Ref,
    Repeat,
    TupleV,
    Value,
)
from seqgen.values import (
    EvalError,
    Opaque,
    describe,
    evaluate,
    is_number,
    layer_statements,
)

#: The object namespace a parameter kind draws from.
KIND_NAMESPACE = {
    "initializer": "initializers",
    "regularizer": "regularizers",
    "constraint": "constraints",
    "optimizer": "optimizers",
    "loss": "losses",
    "metric": "metrics",
}

#: Kinds seqgen gives `model.compile` parameters, whatever the catalogue's generic kind says.
COMPILE_KINDS = {
    "optimizer": "optimizer",
    "loss": "loss",
    "metrics": "metric_list",
    "weighted_metrics": "metric_list",
}

#: Names the generated code itself uses; a parameter or loop variable may not take them.
RESERVED_NAMES = frozenset({"model", "layers", "keras", "tf", "build_model", "layer", "_"})

#: Names of Python's builtins that generated code needs (`range`, `print`).
_BUILTINS_USED = frozenset({"range", "print"})

#: Parameters that are sizes: zero or a negative number is always a mistake.
POSITIVE_INTS = frozenset(
    {"units", "filters", "input_dim", "output_dim", "n", "num_bins", "num_tokens", "num_heads",
     "depth_multiplier", "height", "width", "max_tokens"}
)  # fmt: skip

#: Sizes given as a number or a tuple of numbers, each at least 1.
POSITIVE_SIZES = frozenset({"kernel_size", "strides", "pool_size", "dilation_rate", "size"})

#: The largest size or dimension: TensorFlow's tensor dimensions are 64-bit integers.
MAX_SIZE = 2**63 - 1

#: Blocks `{ }` nested deeper than this are refused: the add style writes one Python `for` per
#: loop, and Python compiles at most 20 nested blocks (and 100 indentation levels).
MAX_BLOCK_NESTING = 16

#: A model that unrolls to more layers than this is refused before anything is unrolled.
MAX_LAYERS = 1_000_000

#: Parameters Keras requires to lie in [0, 1], and ones it requires to be at least 0.
UNIT_INTERVAL = frozenset({"rate"})
NON_NEGATIVE = frozenset({"l1", "l2", "stddev", "factor"})

_LAYER_PREFIXES = ("keras.layers.", "layers.", "tf.keras.layers.", "tensorflow.keras.layers.")
_NAMESPACE_PREFIXES = ("keras.", "tf.keras.", "")

_MAX_ENVS = 64

#: Statements that hold layers (a block reports its own emptiness).
_LAYER_STATEMENTS = (syntax.LayerStmt, syntax.SequentialBlock, syntax.RepeatBlock, syntax.ForBlock)


@dataclass(frozen=True)
class _Var:
    kind: str  # "param" | "loop"
    span: Span
    values: tuple[Any, ...]
    # True when its definition had an error: uses are not checked again (no follow-on errors).
    poisoned: bool = False


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

    def envs(self, names: Iterable[str]) -> list[dict[str, Any]]:
        """Every combination of values of the variables a value uses (capped)."""
        names = sorted({n for n in names if n in self.vars})
        if not names:
            return [{}]
        combos = itertools.islice(
            itertools.product(*(self.vars[n].values for n in names)), _MAX_ENVS
        )
        return [dict(zip(names, combo)) for combo in combos]


def _refs(value: Value) -> set[str]:
    """The variables (parameters, loop variables) a value uses."""
    found: set[str] = set()
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


class Checker:
    def __init__(self, catalog: Catalog, mode: str) -> None:
        self.catalog = catalog
        self.mode = mode
        self.sink = DiagnosticSink()
        self._reserved_words = self._words_with_meaning()
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

        if stmts and isinstance(stmts[0], syntax.ModelStmt):
            head = stmts.pop(0)
            name = self._layer_name(head.name, head.name_span, what="model name")
            params = self._model_params(head, scope)
        if stmts and isinstance(stmts[0], syntax.InputStmt):
            input_call = self._input(stmts.pop(0), scope)
        if stmts and isinstance(stmts[-1], syntax.CompileStmt):
            compile_args = self._compile(stmts.pop(), scope)

        body = self._body(stmts, scope, top=True)
        has_layers = any(True for _ in layer_statements(body))
        if not has_layers and not self.sink.has_errors:
            if program.statements:
                self.error("the model has no layers", program.statements[0].span,
                           "add a layer statement, e.g. dense 10")  # fmt: skip
            else:
                self.error("the file defines no model: it is empty or only comments",
                           Span(1, 1, 1, 1), "write one layer per line, e.g. dense 10")  # fmt: skip
        model = Model(name, tuple(params), input_call, body, compile_args, program.span)
        # With other errors some layers are missing, so automatic names cannot be simulated:
        # then only names given twice are reported.
        if not self._too_many:
            self._check_names(model, scope, automatic=not self.sink.has_errors)
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
        count = self._loop_source(stmt.count, scope, "repeat count", int)
        if count is not None:
            n = evaluate(count, scope.first_env())
            if not isinstance(n, int) or isinstance(n, bool) or n < 1:
                self.error(f"a repeat count must be a whole number of at least 1, not {describe(n)}",
                           stmt.count.span)  # fmt: skip
                count = None
        body = self._block_body(stmt.body, stmt.span, scope.child(in_loop=True), "repeat")
        if count is not None and body:
            env = scope.first_env()
            if evaluate(count, env) * _count_layers(body, env) > MAX_LAYERS:
                self.error(f"this repeat unrolls to more than {MAX_LAYERS:,} layers, seqgen's "
                           "limit for a model", stmt.count.span)  # fmt: skip
                self._too_many = True
        return Repeat(count if count is not None else Lit(1), body, stmt.span)

    def _for(self, stmt: syntax.ForBlock, scope: _Scope) -> ForLoop:
        source = self._loop_source(stmt.values, scope, "for list", list)
        items: list[Any] = [None]
        if source is not None:
            items = evaluate(source, scope.first_env())
            if not isinstance(items, list) or not items:
                self.error(f"'for' needs a non-empty list, not {describe(items)}", stmt.values.span)
                items = [None]
        inner = scope.child(in_loop=True)
        if self._valid_variable(stmt.var, stmt.var_span, scope, "loop variable"):
            inner.vars[stmt.var] = _Var("loop", stmt.var_span, tuple(items), source is None)
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

    def _loop_source(self, expr: syntax.Expr, scope: _Scope, what: str, kind: type) -> Value | None:
        if isinstance(expr, syntax.Word) and expr.name in scope.vars:
            var = scope.vars[expr.name]
            if var.kind != "param":
                self.error(f"a {what} must be a literal or a model parameter", expr.span)
                return None
            if not all(isinstance(v, kind) and not isinstance(v, bool) for v in var.values):
                want = "a whole number" if kind is int else "a list"
                self.error(f"parameter {_show(expr.name)} is used as a {what}, so its default must be "
                           f"{want}, not {describe(var.values[0])}", expr.span,
                           related=(("the parameter is defined here", var.span),))  # fmt: skip
                return None
            return Ref(expr.name)
        if kind is int and not isinstance(expr, syntax.Number):
            self.error(f"a {what} must be a whole number or a model parameter, not "
                       f"{_syntax_kind(expr)}", expr.span)  # fmt: skip
            return None
        if kind is list and not isinstance(expr, syntax.ListExpr):
            self.error(f"'for' needs a list or a model parameter, not {_syntax_kind(expr)}",
                       expr.span, "for example: for filters in [32, 64] { ... }")  # fmt: skip
            return None
        return self._literal(expr, what)

    # --- model, input, compile -----------------------------------------------------------

    def _words_with_meaning(self) -> frozenset[str]:
        words: set[str] = {"true", "false", "none"}
        words.update(self.catalog.activations)
        words.update(self.catalog.paddings)
        words.update(self.catalog.dtypes)
        for ns in ("initializers", "regularizers", "constraints", "optimizers", "losses",
                   "metrics"):  # fmt: skip
            words.update(i.lower() for i in self.catalog.namespaces[ns].identifiers)
        return frozenset(words)

    def _valid_variable(self, name: str, span: Span, scope: _Scope, what: str) -> bool:
        problem = None
        if keyword.iskeyword(name) or keyword.issoftkeyword(name):
            problem = "is a Python keyword"
        elif name in RESERVED_NAMES or name in _BUILTINS_USED:
            problem = "is a name the generated code uses"
        elif name.lower() in self._reserved_words:
            problem = "already means something in the language (an activation, padding, " \
                      "dtype, Keras object name or true/false/none)"
        elif name.startswith("_"):
            problem = "starts with an underscore"
        elif name in scope.vars:
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
            value = self._literal(p.value, "parameter default")
            if value is None:
                if p.name not in scope.vars:
                    scope.vars[p.name] = _Var("param", p.name_span, (None,), poisoned=True)
                continue
            if self._valid_variable(p.name, p.name_span, scope, "parameter"):
                scope.vars[p.name] = _Var("param", p.name_span, (evaluate(value, {}),))
                params.append(ModelParam(p.name, value, p.span))
        return params

    def _literal(self, expr: syntax.Expr, what: str) -> Value | None:
        """A literal value: numbers, strings, tuples, lists, true/false/none (no variables)."""
        return self._generic(expr, _Scope(), f"a {what}", literal=True)

    def _input(self, stmt: syntax.InputStmt, scope: _Scope) -> InputCall | None:
        sig = self.catalog.input
        assigned = self._assign(sig, stmt.args, scope, owner="input", owner_span=stmt.span,
                                shorthand=False)  # fmt: skip
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
        params = tuple(
            ParamSpec(p.name, p.required, COMPILE_KINDS.get(p.name, p.kind), p.keyword_only,
                      p.default, p.choices, p.nullable)
            for p in self.catalog.compile.params
        )  # fmt: skip
        sig = Signature(params)
        assigned = self._assign(sig, stmt.args, scope, owner="compile", owner_span=stmt.span,
                                shorthand=False)  # fmt: skip
        return tuple(assigned or ())

    # --- layers --------------------------------------------------------------------------

    def _resolve_layer_name(self, name: str, span: Span, context: str) -> LayerSpec | None:
        bare = name
        if "." in name:
            for prefix in _LAYER_PREFIXES:
                if name.startswith(prefix) and "." not in name[len(prefix):]:
                    bare = name[len(prefix):]
                    break
            else:
                self.error(f"unknown module in {_show(name)}", span,
                           "a layer call may start with layers. or keras.layers.")  # fmt: skip
                return None
        found = self.catalog.lookup(bare)
        if found is None:
            excluded = {normalize(k): (k, v) for k, v in self.catalog.excluded.items()}
            if normalize(bare) in excluded:
                cls, reason = excluded[normalize(bare)]
                self.error(f"{cls} cannot be a layer of a Sequential model: {reason}", span)
                return None
            close = suggest(bare, self.catalog.layer_names(), key=normalize)
            self.error(f"unknown layer {_show(bare)}", span,
                       f"did you mean '{close}'?" if close else
                       "see docs/language.md for the layers seqgen knows")  # fmt: skip
            return None
        kind, spec = found
        if kind == "cell" and context != "cell":
            self.error(f"{spec.cls} is an RNN cell, not a layer", span,
                       f"wrap it: rnn ({spec.auto_name} 32)")  # fmt: skip
            return None
        if kind == "layer" and context == "cell":
            self.error(f"RNN needs a cell here, not the layer {spec.cls}", span,
                       "for example rnn (lstm_cell 32)")  # fmt: skip
            return None
        if not spec.expressible:
            self.error(f"{spec.cls} cannot be written in a .seq file: {spec.reason}", span)
            return None
        if self.mode not in spec.modes:
            other = spec.modes[0] if spec.modes else "?"
            self.error(f"{spec.cls} is not available with --keras {self.mode}", span,
                       f"it exists in {_mode_module(other)}; use --keras {other}")  # fmt: skip
            return None
        return spec

    def _layer(self, stmt: syntax.LayerStmt, scope: _Scope, context: str) -> LayerCall | None:
        spec = self._resolve_layer_name(stmt.name, stmt.name_span, context)
        if spec is None:
            self._scan_nested(stmt.args, scope)
            return None
        sig = spec.signature_for(self.mode)
        assigned = self._assign(sig, stmt.args, scope, owner=spec.cls, owner_span=stmt.name_span,
                                shorthand=True)  # fmt: skip
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
        order = _call_order(sig)
        args = tuple(v for k, v in sorted(assigned, key=lambda kv: order.get(kv[0], 0))
                     if k in sig.leading_required)  # fmt: skip
        rest = sorted(
            ((k, v) for k, v in assigned if k not in sig.leading_required),
            key=lambda kv: order.get(kv[0], 0),
        )
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
        if not name:
            self.error(f"a {what} cannot be empty", span)
        elif "/" in name:
            self.error(f"a {what} cannot contain '/'", span, "Keras uses '/' to separate scopes")
        elif not name.isprintable():
            self.error(f"a {what} cannot contain control characters", span)
        return name

    def _layer_constraints(self, call: LayerCall, stmt: syntax.LayerStmt, scope: _Scope) -> None:
        """Checks Keras makes when a layer is constructed (its rule's), made before any code
        exists."""
        self.sink.items.extend(rule_for(call.spec.cls).constraints(call, scope.first_env()))

    # --- arguments -----------------------------------------------------------------------

    def _assign(
        self,
        sig: Signature,
        args: Sequence[syntax.Argument],
        scope: _Scope,
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
        has_activation = act is not None and act.kind == "activation"
        padding = sig.by_name.get("padding")
        padding_choices = padding.choices if padding is not None and padding.kind == "padding" else ()

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
                        param = ParamSpec(arg.name, False, _EXTRA_KINDS.get(arg.name, "any"),
                                          nullable=True)  # fmt: skip
                    else:
                        self._unknown_keyword(sig, arg, owner)
                        ok = False
                        continue
                take(arg.name, self._value(param, arg.value, scope, owner), arg.span)
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
                if low not in ("true", "false", "none"):
                    if has_activation:
                        close = suggest(low, [*self.catalog.activations, *padding_choices])
                        what = "activation or padding" if padding_choices else "activation"
                        self.error(f"unknown {what} {_show(word)} for {owner}", arg.span,
                                   f"did you mean '{close}'?" if close else
                                   f"activations are {', '.join(self.catalog.activations)}; "
                                   "quote a word to pass it as a string")  # fmt: skip
                        ok = False
                        continue
                    close = suggest(low, padding_choices) if padding_choices else None
                    if close:
                        self.error(f"unknown padding {_show(word)} for {owner}", arg.span,
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
                           _positional_hint(sig))  # fmt: skip
                ok = False
                continue
            param = positional[pos_index]
            pos_index += 1
            take(param.name, self._value(param, arg, scope, owner), _arg_span(arg))

        for p in sig.params:
            if p.required and p.name not in given:
                self.error(f"{owner} needs {p.name}", owner_span, _positional_hint(sig))
                ok = False
        return out if ok else None

    def _unknown_keyword(self, sig: Signature, arg: syntax.Keyword, owner: str) -> None:
        if arg.name in ("input_shape", "input_dim", "batch_input_shape", "batch_size"):
            self.error(f"{arg.name}= is not accepted on a layer", arg.name_span,
                       "declare the model's input with an 'input' statement: input 28x28x1")  # fmt: skip
            return
        close = suggest(arg.name, sorted(sig.keywords()))
        self.error(f"{owner} has no parameter {_show(arg.name)}", arg.name_span,
                   f"did you mean '{close}'?" if close else
                   f"its parameters are {', '.join(sig.keywords())}")  # fmt: skip

    # --- values --------------------------------------------------------------------------

    def _value(self, param: ParamSpec, expr: syntax.Expr, scope: _Scope, owner: str) -> Value | None:
        """Resolve one argument for `param`, then validate it under every binding."""
        kind = param.kind
        where = f"{owner} {param.name}"
        value = self._resolve(kind, expr, scope, where, param)
        if value is None:
            return None
        if kind in ("layer", "cell", "layer_list"):
            return value
        refs = _refs(value)
        if refs and scope.poisoned(refs):
            return value
        for env in scope.envs(refs) if refs else ({},):
            try:
                computed = evaluate(value, env)
            except EvalError as e:
                self.error(f"{where}: {e}", expr.span)
                return None
            problem = self._kind_problem(param, computed)
            if problem:
                at = f" (with {', '.join(f'{k} = {v!r}' for k, v in env.items())})" if env else ""
                self.error(f"{where} {problem}{at}", expr.span, _kind_hint(param, computed, expr))
                return None
        return value

    def _resolve(self, kind: str, expr: syntax.Expr, scope: _Scope, where: str,
                 param: ParamSpec) -> Value | None:  # fmt: skip
        if isinstance(expr, syntax.Paren) and kind not in ("layer", "cell"):
            return self._resolve(kind, expr.value, scope, where, param)
        if kind == "cell" and isinstance(expr, syntax.ListExpr):  # RNN over stacked cells
            cells = [self._nested_layer(i, scope, where, cell=True) for i in expr.items]
            return None if any(c is None for c in cells) else ListV(tuple(cells))  # type: ignore
        if kind in ("layer", "cell"):
            return self._nested_layer(expr, scope, where, cell=kind == "cell")
        if kind == "layer_list":
            if not isinstance(expr, syntax.ListExpr):
                self.error(f"{where} expects a list of layers: [(rescaling 1/255), (flatten)]",
                           expr.span)  # fmt: skip
                return None
            items = [self._nested_layer(i, scope, where, cell=False) for i in expr.items]
            return None if any(i is None for i in items) else ListV(tuple(items))  # type: ignore
        if isinstance(expr, syntax.Word) and expr.name in scope.vars:
            return Ref(expr.name)
        if kind in KIND_NAMESPACE:
            return self._object(KIND_NAMESPACE[kind], expr, scope, where)
        if kind == "metric_list":
            if isinstance(expr, syntax.ListExpr):
                items = [self._object("metrics", i, scope, where) for i in expr.items]
                return None if any(i is None for i in items) else ListV(tuple(items))  # type: ignore
            self.error(f"{where} expects a list, e.g. metrics=[accuracy]", expr.span)
            return None
        if kind == "loss" and isinstance(expr, syntax.ListExpr):  # pragma: no cover - via KIND_NAMESPACE
            return None
        if kind in ("activation", "padding", "dtype") and isinstance(expr, (syntax.Word, syntax.String)):
            text = expr.name if isinstance(expr, syntax.Word) else expr.value
            if text.lower() == "none" and isinstance(expr, syntax.Word):
                return Lit(None)
            if kind == "activation":
                return self._choice(text.lower(), self.catalog.activations, expr, where, "activation")
            if kind == "padding":
                return self._choice(text.lower(), param.choices, expr, where, "padding")
            if not param.choices and text in self.catalog.input.by_name["dtype"].choices \
                    and text not in self.catalog.dtypes:
                self.error(f"{_show(text)} is not a layer dtype in Keras 3: there it names a "
                           "quantization policy", expr.span,
                           "an input may have it: input ... dtype=" + text)  # fmt: skip
                return None
            return self._choice(text, param.choices or self.catalog.dtypes, expr, where, "dtype")
        if kind == "shape":
            return self._shape(expr, scope, where)
        if isinstance(expr, (syntax.Call, syntax.NestedLayer)):
            what = "a layer" if isinstance(expr, syntax.NestedLayer) else f"the call {expr.name}(...)"
            self.error(f"{where} does not take {what}", expr.span,
                       "only parameters that take a layer or a Keras object accept one")  # fmt: skip
            return None
        return self._generic(expr, scope, where)

    def _choice(self, text: str, choices: Sequence[str], expr: syntax.Expr, where: str,
                what: str) -> Value | None:  # fmt: skip
        if text in choices:
            return Lit(text)
        close = suggest(text, sorted(choices))
        self.error(f"unknown {what} {_show(text)} for {where}", expr.span,
                   f"did you mean '{close}'?" if close else
                   f"choose one of {', '.join(sorted(choices))}")  # fmt: skip
        return None

    def _generic(self, expr: syntax.Expr, scope: _Scope, where: str,
                 literal: bool = False) -> Value | None:  # fmt: skip
        """A value whose meaning does not depend on the parameter: numbers, strings, tuples.

        With `literal`, only literals are accepted (parameter defaults, loop lists)."""
        if isinstance(expr, syntax.Word):
            if expr.name in scope.vars:
                return Ref(expr.name)
            low = expr.name.lower()
            if low in ("true", "false", "none"):
                return Lit({"true": True, "false": False, "none": None}[low])
            return Lit(expr.name)
        if isinstance(expr, (syntax.Number, syntax.String)):
            return Lit(expr.value)
        if isinstance(expr, syntax.Shape):
            return TupleV(tuple(Lit(d) for d in expr.dims))
        if isinstance(expr, syntax.Paren):
            return self._generic(expr.value, scope, where, literal)
        if isinstance(expr, (syntax.TupleExpr, syntax.ListExpr)):
            items = [self._generic(i, scope, where, literal) for i in expr.items]
            if any(i is None for i in items):
                return None
            cls = TupleV if isinstance(expr, syntax.TupleExpr) else ListV
            return cls(tuple(items))  # type: ignore[arg-type]
        if isinstance(expr, syntax.UnaryOp) and isinstance(expr.operand, syntax.Number):
            return Lit(-expr.operand.value if expr.op == "-" else expr.operand.value)
        if literal:
            self.error(f"{where} must be a literal (a number, string, tuple, list, true, false "
                       "or none)", expr.span)  # fmt: skip
            return None
        if isinstance(expr, syntax.UnaryOp):
            operand = self._generic(expr.operand, scope, where)
            return None if operand is None else NegV(expr.op, operand)
        if isinstance(expr, syntax.BinOp):
            left = self._generic(expr.left, scope, where)
            right = self._generic(expr.right, scope, where)
            if left is None or right is None:
                return None
            return BinV(expr.op, left, right)
        what = "a layer" if isinstance(expr, syntax.NestedLayer) else "a call"
        self.error(f"{where} does not take {what}", expr.span)
        return None

    def _shape(self, expr: syntax.Expr, scope: _Scope, where: str) -> Value | None:
        value = self._generic(expr, scope, where)
        if value is None:
            return None
        if isinstance(value, ListV):
            value = TupleV(value.items)
        if not isinstance(value, TupleV):
            # An integer where Keras expects a shape is a 1-tuple: `input 784` → shape=(784,).
            value = TupleV((value,))
        return value

    def _nested_layer(self, expr: syntax.Expr, scope: _Scope, where: str, cell: bool) -> Value | None:
        context = "cell" if cell else "stack"
        stmt: syntax.LayerStmt | None = None
        if isinstance(expr, syntax.NestedLayer):
            stmt = expr.layer
        elif isinstance(expr, syntax.Paren) and isinstance(expr.value, syntax.Word):
            w = expr.value
            stmt = syntax.LayerStmt(w.name, (), None, False, w.span, w.span)
        elif isinstance(expr, syntax.Paren) and isinstance(expr.value, syntax.Call):
            expr = expr.value
        elif isinstance(expr, syntax.Word) and expr.name.lower() != "none":
            self.error(f"{where} takes a layer: write it in parentheses, ({expr.name})", expr.span)
            return None
        if isinstance(expr, syntax.Call):
            stmt = syntax.LayerStmt(expr.name, expr.args, None, True, expr.span, expr.name_span)
        if isinstance(expr, syntax.Word):  # none
            return Lit(None)
        if stmt is None:
            example = "an RNN cell, e.g. (lstm_cell 32)" if cell else "a layer, e.g. (lstm 64)"
            self.error(f"{where} takes {example}", expr.span)
            return None
        layer = self._layer(stmt, scope, context)
        return LayerV(layer) if layer is not None else None

    def _object(self, ns_name: str, expr: syntax.Expr, scope: _Scope, where: str) -> Value | None:
        """A Keras object: a string identifier (`he_normal`) or a constructor call (`l2(1e-4)`)."""
        ns = self.catalog.namespaces[ns_name]
        if isinstance(expr, syntax.Paren):
            return self._object(ns_name, expr.value, scope, where)
        if isinstance(expr, syntax.Word) and expr.name.lower() == "none":
            return Lit(None)
        if isinstance(expr, (syntax.Word, syntax.String)):
            text = expr.name if isinstance(expr, syntax.Word) else expr.value
            # Keras's get() takes a class name too: kernel_constraint="MaxNorm".
            if text in ns.identifiers or text in ns.concrete:
                return Lit(text)
            close = suggest(text, sorted({*ns.identifiers, *ns.concrete}))
            self.error(f"unknown {_SINGULAR[ns_name]} {_show(text)} for {where}", expr.span,
                       f"did you mean '{close}'?" if close else
                       f"see the {ns_name} in docs/language.md")  # fmt: skip
            return None
        if isinstance(expr, syntax.ListExpr) and ns_name == "losses":
            items = [self._object(ns_name, i, scope, where) for i in expr.items]
            return None if any(i is None for i in items) else ListV(tuple(items))  # type: ignore
        if isinstance(expr, syntax.Call):
            name = expr.name
            for prefix in _NAMESPACE_PREFIXES:
                if name.startswith(f"{prefix}{ns_name}."):
                    name = name[len(prefix) + len(ns_name) + 1 :]
                    break
            cls = ns.find_class(name) if "." not in name else None
            if cls is None:
                close = suggest(name, sorted({*ns.classes, *ns.identifiers}), key=normalize)
                self.error(f"unknown {_SINGULAR[ns_name]} {_show(expr.name)} for {where}",
                           expr.name_span, f"did you mean '{close}'?" if close else
                           f"the {ns_name} are {', '.join(ns.concrete)}")  # fmt: skip
                return None
            sig = ns.classes[cls]
            assigned = self._assign(sig, expr.args, scope, owner=f"keras.{ns_name}.{cls}",
                                    owner_span=expr.name_span, shorthand=False)  # fmt: skip
            if assigned is None:
                return None
            order = {p.name: i for i, p in enumerate(sig.params)}
            args = tuple(v for k, v in sorted(assigned, key=lambda kv: order.get(kv[0], 0))
                         if k in sig.leading_required)  # fmt: skip
            rest = sorted(((k, v) for k, v in assigned if k not in sig.leading_required),
                          key=lambda kv: order.get(kv[0], 0))  # fmt: skip
            return ObjV(ns_name, cls, args, tuple(rest))
        self.error(f"{where} expects {_a(_SINGULAR[ns_name])}: a name such as "
                   f"{_example_identifier(ns_name)} or a call", expr.span)  # fmt: skip
        return None

    def _kind_problem(self, param: ParamSpec, v: Any) -> str | None:
        """Why a computed value does not fit a parameter's kind, or None when it does."""
        if v is None:
            return None if param.nullable or param.kind == "any" else "cannot be none"
        if isinstance(v, Opaque):
            return None if param.kind in KIND_NAMESPACE or param.kind in ("any", "metric_list") \
                else f"does not take {describe(v)}"
        kind = param.kind
        if kind == "int" or kind == "seed":
            if not (isinstance(v, int) and not isinstance(v, bool)):
                return f"expects a whole number, not {describe(v)}"
            if param.name in POSITIVE_INTS and v < 1:
                return f"must be at least 1, not {v}"
            if abs(v) > MAX_SIZE:
                return f"is too large: {_digits(v)} (the limit is 2**63 - 1)"
        elif kind == "float":
            if not is_number(v):
                return f"expects a number, not {describe(v)}"
            if param.name in UNIT_INTERVAL and not 0 <= v <= 1:
                return f"must be between 0 and 1, not {v}"
            if param.name in NON_NEGATIVE and v < 0:
                return f"cannot be negative: {v}"
        elif kind == "bool":
            if not isinstance(v, bool):
                return f"expects true or false, not {describe(v)}"
        elif kind in ("str", "activation", "padding", "dtype"):
            if not isinstance(v, str):
                return f"expects a string, not {describe(v)}"
            if kind == "activation" and v not in self.catalog.activations:
                return f"expects an activation, not {describe(v)}"
            if kind == "padding" and v not in param.choices:
                return f"expects one of {', '.join(param.choices)}, not {describe(v)}"
        elif kind == "int_or_tuple":
            if not _int_or_tuple(v):
                return f"expects a whole number or a tuple of them, not {describe(v)}"
            if _has_negative(v):
                return f"cannot be negative: {v!r}"
            if param.name in POSITIVE_SIZES and isinstance(v, tuple) and any(
                isinstance(i, (tuple, list)) for i in v
            ):
                return f"expects a whole number or a tuple of whole numbers, not {v!r}"
            if param.name in POSITIVE_SIZES and _smallest(v) < 1:
                return f"must be at least 1, not {v!r}"
            if _largest(v) > MAX_SIZE:
                return "is too large (the limit is 2**63 - 1)"
        elif kind == "shape":
            if not (isinstance(v, tuple) and all(
                    d is None or (isinstance(d, int) and not isinstance(d, bool)) for d in v)):
                return f"expects a shape (a tuple of whole numbers or none), not {describe(v)}"
            if param.name in ("shape", "batch_shape") and any(d is not None and d < 0 for d in v):
                return f"cannot have a negative dimension: {v!r}"  # Reshape's -1 is allowed
            if any(d is not None and d > MAX_SIZE for d in v):
                return "has a dimension that is too large (the limit is 2**63 - 1)"
        elif kind in KIND_NAMESPACE:
            if isinstance(v, str):
                return None
            if kind == "loss" and isinstance(v, list):
                return None
            return f"expects {_a(_SINGULAR[KIND_NAMESPACE[kind]])}, not {describe(v)}"
        if param.choices and isinstance(v, str) and kind not in ("padding",):
            if v not in param.choices:
                return f"expects one of {', '.join(param.choices)}, not {describe(v)}"
        return None

    # --- names ---------------------------------------------------------------------------

    def _check_names(self, model: Model, scope: _Scope, automatic: bool) -> None:
        """Names must be unique within one Sequential, automatic names included."""
        self._check_stack(place(model, scope.first_env()), automatic)

    def _check_stack(self, placed: tuple[Placed, ...], automatic: bool) -> None:
        seen: dict[str, tuple[Span, bool, str]] = {}
        for p in placed:
            layer = p.item
            if isinstance(layer, NestedSequential):
                self._check_stack(p.children, automatic)
                cls = "Sequential"
            else:
                cls = layer.spec.cls
            name, auto = p.name, p.automatic
            span = layer.name_span or layer.span
            if name in seen:
                other_span, other_auto, other_cls = seen[name]
                if other_span == span:  # the same statement, repeated by a loop: said already
                    continue
                if auto and other_auto:  # pragma: no cover - Keras numbers automatic names apart
                    continue
                if (auto or other_auto) and not automatic:
                    continue
                if not auto and not other_auto:
                    self.error(f"layer name {_show(name)} is used twice in one Sequential", span,
                               related=(("first used here", other_span),))  # fmt: skip
                else:
                    named_span = span if not auto else other_span
                    auto_span, auto_cls = (other_span, other_cls) if not auto else (span, cls)
                    self.error(f"layer name {_show(name)} is the automatic name Keras gives the "
                               f"unnamed {auto_cls} at line {auto_span.line}", named_span,
                               "Keras would refuse to build the model; choose another name",
                               related=((f"the unnamed {auto_cls}", auto_span),))  # fmt: skip
            else:
                seen[name] = (span, auto, cls)


#: Per signature (by identity, the signature kept to pin its id): where each keyword goes in
#: the generated call — the signature's order, then its extra keywords, `name` last.
_CALL_ORDERS: dict[int, tuple[Signature, dict[str, int]]] = {}


def _call_order(sig: Signature) -> dict[str, int]:
    known = _CALL_ORDERS.get(id(sig))
    if known is not None and known[0] is sig:
        return known[1]
    params = {p.name: i for i, p in enumerate(sig.params)}
    order = {k: len(params) + i for i, k in enumerate(sig.extra_kwargs)}
    order["name"] = len(params) + len(order) + 1
    order.update(params)  # a parameter of the signature keeps its own place
    _CALL_ORDERS[id(sig)] = (sig, order)
    return order


_EXTRA_KINDS = {"name": "str", "dtype": "dtype", "trainable": "bool", "autocast": "bool",
                "activity_regularizer": "regularizer"}  # fmt: skip


def _position(d: Diagnostic) -> tuple[int, int]:
    return (d.span.line, d.span.column) if d.span else (0, 0)


def _int_or_tuple(v: Any) -> bool:
    if isinstance(v, bool):
        return False
    if isinstance(v, int):
        return True
    if isinstance(v, (tuple, list)) and v:
        return all(_int_or_tuple(i) for i in v)
    return False


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


def _digits(v: int) -> str:
    """An integer for a message, without Python's limit on converting huge ones to text."""
    if v.bit_length() > 200:
        return f"a number of about {int(v.bit_length() * 0.30103) + 1:,} digits"
    return str(v)


def _smallest(v: Any) -> int:
    if isinstance(v, (tuple, list)):
        return min(map(_smallest, v), default=1)
    return v


def _largest(v: Any) -> int:
    if isinstance(v, (tuple, list)):
        return max(map(_largest, v), default=0)
    return v


def _has_negative(v: Any) -> bool:
    if isinstance(v, (tuple, list)):
        return any(_has_negative(i) for i in v)
    return isinstance(v, int) and v < 0


def _show(text: str) -> str:
    """A word from the user's file, quoted and shortened for a message."""
    if len(text) > 40:
        text = text[:37] + "..."
    return repr(text) if not text.isprintable() else f"'{text}'"


def _divides(expr: syntax.Expr) -> bool:
    if isinstance(expr, syntax.BinOp):
        return expr.op == "/" or _divides(expr.left) or _divides(expr.right)
    if isinstance(expr, (syntax.Paren, syntax.UnaryOp)):
        return _divides(expr.value if isinstance(expr, syntax.Paren) else expr.operand)
    return False


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


def _a(noun: str) -> str:
    return f"an {noun}" if noun[0] in "aeiou" else f"a {noun}"


def _arg_span(arg: syntax.Argument) -> Span:
    return arg.span


def _positional_hint(sig: Signature) -> str | None:
    names = [p.name for p in sig.positional]
    if not names:
        return "it takes only key=value arguments"
    shown = max(len(sig.leading_required) + 2, 3)
    more = ", ..." if len(names) > shown else ""
    return f"positional values fill, in order: {', '.join(names[:shown])}{more}"


def _kind_hint(param: ParamSpec, v: Any, expr: syntax.Expr) -> str | None:
    if param.kind == "int" and isinstance(v, float) and _divides(expr):
        return "use // for whole-number division"
    if param.kind == "bool":
        return "write true or false"
    return None


_SINGULAR = {"initializers": "initializer", "regularizers": "regularizer",
             "constraints": "constraint", "optimizers": "optimizer", "losses": "loss",
             "metrics": "metric"}  # fmt: skip


def _example_identifier(ns: str) -> str:
    return {"initializers": "he_normal", "regularizers": "l2", "constraints": "max_norm",
            "optimizers": "adam", "losses": "mse", "metrics": "accuracy"}.get(ns, "...")  # fmt: skip


def _mode_module(mode: str) -> str:
    return "tensorflow.keras" if mode == "tensorflow" else "keras"


def check(program: syntax.Program, catalog: Catalog, mode: str = "tensorflow",
          filename: str = "<string>", source: str | None = None) -> Model:  # fmt: skip
    """Check a parsed program against the catalogue; raise `SeqgenError` with every error."""
    checker = Checker(catalog, mode)
    try:
        model = checker.check(program)
    except RecursionError:
        raise SeqgenError(Diagnostic("the model is nested too deeply to check"),
                          file=filename, source=source) from None  # fmt: skip
    if checker.sink.has_errors:
        unique = sorted(dict.fromkeys(checker.sink.items), key=_position)
        raise SeqgenError(unique, file=filename, source=source)
    return model

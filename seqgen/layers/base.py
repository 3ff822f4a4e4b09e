"""The contract of a layer rule: what seqgen knows about one Keras layer beyond its signature.

The catalogue (seqgen/data/catalog.json) says how a layer is *called*: its parameters, kinds,
defaults, aliases.  Everything else seqgen knows about a layer class is one `Rule`, registered
in the module of the layer's catalogue `family` (`seqgen/layers/<family>.py`)::

    core = Family("core")                       # seqgen/layers/core.py: the family "core"

    @core.layer("Dense", kernel_last=_units, output_warning=_acts_on_last_axis)
    def dense(a: Args, x: Shape) -> Out:
        a.need_rank(x, at_least=2)
        units = a["units"]
        return Out(x[:-1] + (units,), trainable=x[-1] * units + (units if a["use_bias"] else 0))

    core.add("Identity", "Masking", shape=same_shape)   # classes that share a shape function

A rule holds, for one class:

- `shape(a, x) -> Out`: what the layer does to a shape, in pure Python, exactly as Keras 3 does
  (`compute_output_shape` and the weights `build` creates, each in its own dtype: `Out`).
  `x` includes the batch dimension; unknown dimensions are `None`.  `a` (`Args`) holds every
  constructor argument, given or default, evaluated to Python values; nested layers
  (Bidirectional's `layer`, RNN's `cell`) are `NestedLayer` values that a rule infers with
  `a.infer(value, shape)` (a `Result`, whose `weights` go into the wrapper's `Out.nested`).
  The function raises `a.fail(...)` when the layer cannot take its input, `a.invalid(...)`
  when its own arguments do not fit together, and calls `a.note(...)` when a result depends
  on data (a lookup without vocabulary).  `None`: seqgen cannot infer the layer (Lambda).
- `constraints(call, env) -> diagnostics`: checks Keras makes when it *constructs* the layer,
  run by the checker before any code exists (Bidirectional's go_backwards rule).  Whether a
  layer's initializers can make its weights in its dtype is every layer's check, made by the
  stack walk (seqgen/layers/weights.py).
- `training_only`: the layer does nothing at inference, so ending a model with it is probably a
  mistake (a warning).
- `output_warning(shape) -> (message, hint) | None`: a warning when the model ends with this
  layer and outputs `shape` (Dense over a rank-3 output).
- `kernel_last(values, x)`: the last dimension of the layer's `kernel` (or `embeddings`)
  weight, from its arguments and input shape; `None` when it has no such weight
  (SpectralNormalization normalizes it).
- `cell_states`: how many state tensors an RNN cell carries.
- `first_only`: Keras builds the layer only at the start of a Sequential's list, straight after
  its input or after layers of the same class, and never with `model.add()`: its output is
  its input tensor itself (Equalization's `compute_output_spec`), a cycle anywhere else.
- `traced(a, who, layer, x, out) -> shape`: inside a Pipeline Keras traces the layer's call
  instead of asking `compute_output_shape`; the shape it traces to, given the rule's `out`
  (`a` is the Pipeline's arguments, for `a.fail`).  `None`: the same as `out`.

`Family.layer` registers one rule per class it names in `RULES`, and refuses a class named
twice; tests/test_layer_rules.py holds every catalogue layer and cell to exactly one rule, in
the module of its family.  A layer new to the catalogue gets its rule in its family's module; a
new family gets its module, imported by seqgen/layers/__init__.py.  Rules never import
TensorFlow.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Mapping

from seqgen.errors import Diagnostic
# The rules' vocabulary:
from seqgen.summary import NO_WEIGHTS, Shape, Weights, fmt_shape  # noqa: F401
from seqgen.values import evaluate


ShapeFn = Callable[["Args", Shape], "Out"]
#: Constructor checks: (the checked `seqgen.model.LayerCall`, variables at their first values).
ConstraintFn = Callable[[Any, Mapping[str, Any]], Iterable[Diagnostic]]
#: The model's last layer outputs this shape: (message, hint), or None when all is well.
OutputWarningFn = Callable[[Shape], "tuple[str, str] | None"]
#: The last dimension of the kernel, from the layer's argument values and its input shape.
KernelLastFn = Callable[[dict[str, Any], Shape], Any]
#: Inside a Pipeline: (the Pipeline's Args, who for messages, the layer, input, rule's output).
TraceFn = Callable[["Args", str, "NestedLayer", Shape, Shape], Shape]


def _no_constraints(call: Any, env: Mapping[str, Any]) -> Iterable[Diagnostic]:
    return ()


def array_parameters(*names: str) -> ConstraintFn:
    """Constructor checks of parameters that take arrays (Embedding's `weights`): a `.seq` file
    holds no array, and Keras takes no other value there, so any value but none is refused."""

    def check(call: Any, env: Mapping[str, Any]) -> Iterable[Diagnostic]:
        for name, value in call.kwargs:
            if name in names and (v := evaluate(value, env)) is not None:
                yield Diagnostic(
                    f"{call.spec.cls} {name}= takes NumPy arrays, which a .seq file cannot hold "
                    f"(it would get {v!r})", call.span,
                    f"drop {name}=, and set the weights in Python on the built model: "
                    "model.layers[i].set_weights([...])")  # fmt: skip

    return check


def all_of(*checks: ConstraintFn) -> ConstraintFn:
    """One layer's several constructor checks, as its rule's one `constraints`."""

    def check(call: Any, env: Mapping[str, Any]) -> Iterable[Diagnostic]:
        for each in checks:
            yield from each(call, env)

    return check


def _no_output_warning(shape: Shape) -> tuple[str, str] | None:
    return None


@dataclass(frozen=True)
class Rule:
    """Everything seqgen knows about one Keras layer class beyond its signature."""

    cls: str
    family: str
    shape: ShapeFn | None
    constraints: ConstraintFn = _no_constraints
    training_only: bool = False
    output_warning: OutputWarningFn = _no_output_warning
    kernel_last: KernelLastFn | None = None
    cell_states: int | None = None
    first_only: bool = False
    traced: TraceFn | None = None


#: Every rule by class name, filled by the family modules (`seqgen.layers` imports them all).
RULES: dict[str, Rule] = {}


class Family:
    """The rules of one catalogue family; each family module defines one, named after it."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.rules: dict[str, Rule] = {}

    def add(self, *classes: str, shape: ShapeFn | None, **facts: Any) -> None:
        """One rule per class in `classes`, sharing `shape` and the other facts."""
        for cls in classes:
            if cls in RULES:  # pragma: no cover - a programming error
                raise RuntimeError(f"two rules for {cls}")
            RULES[cls] = self.rules[cls] = Rule(cls, self.name, shape, **facts)

    def layer(self, *classes: str, **facts: Any) -> Callable[[ShapeFn], ShapeFn]:
        """Decorate a shape function: the rule of each class in `classes`."""

        def register(fn: ShapeFn) -> ShapeFn:
            self.add(*classes, shape=fn, **facts)
            return fn

        return register


#: Bytes per number of a variable dtype (mixed policies keep float32 variables).
#: Bytes per weight by variable dtype, as Keras's summary counts them
#: (`keras.src.utils.dtype_utils.DTYPE_TO_SIZE`); complex weights, which that table lacks,
#: by their memory (Keras's own summary fails on them).  Any other dtype: 4.
_ITEMSIZE = {"float16": 2, "bfloat16": 2, "float64": 8, "int8": 1, "uint8": 1, "int16": 2,
             "uint16": 2, "int64": 8, "uint64": 8, "complex64": 8, "complex128": 16}  # fmt: skip


def variable_itemsize(dtype: Any) -> int:
    """The bytes of one weight of a layer given `dtype=` (its policy's variable dtype)."""
    return _ITEMSIZE.get(dtype, 4) if isinstance(dtype, str) else 4


@dataclass(frozen=True)
class Out:
    """What a rule returns: output shape (batch first) and the layer's weights.

    `trainable` / `non_trainable` count the layer's own variables, in the layer's variable
    dtype; `own` adds own variables of a dtype of their own (Normalization's int64 `count`,
    LoRA's float32 factors).  A layer built with trainable=False creates all its own variables
    non-trainable.  `nested` holds the variables of the layers it wraps (`a.infer(...).weights`)
    and of sub-layers it builds without passing `trainable` on (ConvLSTM's cell): Keras keeps
    their flags when the wrapper is frozen.

    A layer that returns several tensors (`return_state=True`, Bidirectional's
    `merge_mode=None`) gives the first as `shape` and the others as `more`, with `several`
    saying why: Keras builds such a layer only as the model's last (the stack walk refuses a
    layer after it), and its summary lists all the shapes.
    """

    shape: Shape
    trainable: int = 0
    non_trainable: int = 0
    own: Weights = NO_WEIGHTS
    nested: Weights = NO_WEIGHTS
    more: tuple[Shape, ...] = ()
    several: str = ""

    @property
    def shapes(self) -> tuple[Shape, ...]:
        """Every tensor the layer returns, as Keras lists them."""
        return (self.shape, *self.more)


@dataclass(frozen=True)
class Result:
    """A layer inferred (`Args.infer`): its output shape, its variables, whether it is frozen,
    and the other tensors it returns (`Out.more`, `Out.several`)."""

    shape: Shape
    weights: Weights
    frozen: bool = False
    more: tuple[Shape, ...] = ()
    several: str = ""

    @property
    def shapes(self) -> tuple[Shape, ...]:
        return (self.shape, *self.more)

    @property
    def trainable(self) -> int:
        """Keras's `layer.trainable_weights`: empty for a frozen layer, else by the flags."""
        return 0 if self.frozen else self.weights.trainable

    @property
    def non_trainable(self) -> int:
        return self.weights.total - self.trainable


class ShapeError(Exception):
    """The layer cannot take its input: the message says what it got and what it needs."""


class ArgumentError(ShapeError):
    """The layer's own arguments do not fit together (Keras refuses them when constructing)."""


@dataclass(frozen=True)
class NestedLayer:
    """A layer passed as an argument (`bidirectional (lstm 64)`), for `Args.infer`."""

    call: Any  # seqgen.model.LayerCall
    env: Any  # the variable bindings it is evaluated under

    @property
    def cls(self) -> str:
        return self.call.spec.cls


@dataclass
class Args:
    """The arguments of one layer, evaluated, with defaults filled in."""

    cls: str
    values: dict[str, Any]
    dtype: str  # the layer's dtype policy: "float32", "mixed_float16", ...
    infer_nested: Callable[..., Result]  # (layer, shape, spec_checked=True) -> Result
    notes: list[str] = field(default_factory=list)
    #: False when a wrapper builds the layer itself (TimeDistributed): Keras then checks no
    #: input spec, so a rule whose layer takes other ranks too gives what Keras computes there.
    spec_checked: bool = True

    def __getitem__(self, name: str) -> Any:
        return self.values[name]

    def get(self, name: str, default: Any = None) -> Any:
        return self.values.get(name, default)

    def infer(self, layer: NestedLayer, x: Shape, *, spec_checked: bool = True) -> Result:
        """The result of a nested layer on shape `x` (`spec_checked`: see the field)."""
        return self.infer_nested(layer, x, spec_checked)

    def weights(self, trainable: int = 0, non_trainable: int = 0) -> Weights:
        """Variables in this layer's variable dtype, for `Out.own` or `Out.nested`."""
        size = variable_itemsize(self.dtype)
        return Weights.of(trainable, size) + Weights.of(non_trainable, size, False)

    def fail(self, message: str) -> ShapeError:
        return ShapeError(message)

    def invalid(self, message: str) -> ArgumentError:
        """An argument error found while computing shapes (`filters` not divisible by
        `groups`): reported as the layer's, not as a problem with its input."""
        return ArgumentError(message)

    def note(self, message: str) -> None:
        self.notes.append(message)

    def need_rank(self, x: Shape, rank: int | None = None, *, at_least: int | None = None,
                  what: str | None = None) -> None:  # fmt: skip
        """Fail unless `x` (batch included) has the given rank."""
        detail = "" if not what else f" {what}" if what.startswith("(") else f" ({what})"
        if rank is not None and len(x) != rank:
            raise self.fail(f"expects an input of rank {rank}{detail}, got {fmt_shape(x)}")
        if at_least is not None and len(x) < at_least:
            raise self.fail(f"expects an input of rank {at_least} or more{detail}, got "
                            f"{fmt_shape(x)}")  # fmt: skip

    def need_known(self, x: Shape, axis: int, what: str) -> int:
        """A dimension that must be known (the last axis of a Dense input, ...)."""
        d = x[axis]
        if d is None:
            raise self.fail(f"needs a known {what} dimension, got {fmt_shape(x)}")
        return d


def same_shape(a: Args, x: Shape) -> Out:
    """The rule of a layer without weights that keeps its input's shape."""
    return Out(x)


def tuplify(value: Any, n: int) -> tuple:
    """An int or a sequence as an n-tuple, as Keras's `standardize_tuple` does."""
    if isinstance(value, int):
        return (value,) * n
    return tuple(value)


def conv_output_length(length: int | None, kernel: int, padding: str, stride: int,
                       dilation: int = 1) -> int | None:  # fmt: skip
    """Keras's output length of a convolution or pooling along one axis."""
    if length is None:
        return None
    effective = (kernel - 1) * dilation + 1
    if padding in ("same", "causal"):
        return math.ceil(length / stride)
    return (length - effective) // stride + 1


def prod(dims: Iterable[int | None]) -> int | None:
    total = 1
    for d in dims:
        if d is None:
            return None
        total *= d
    return total

"""What a layer's dtype must allow for Keras to create its weights: a check of every layer,
made by the stack walk (seqgen/layers/__init__.py) at the values the model is summarized at.

Keras creates each weight by calling its initializer in the layer's variable dtype (a mixed
policy keeps float32 variables).  Measured with Keras 3.15.1 on TensorFlow 2.21's CPU build
(tests/test_layer_agreement.py): `zeros` makes any dtype; `ones` and `constant` any but
string; `identity` floats and complex numbers; the random initializers (glorot_uniform,
he_normal, uniform, ...) floats only, except the uniform ones on int32 and int64, where
TensorFlow draws from the range cast to integers, which fails when it holds less than two
(`glorot_uniform` on a Dense of 4 inputs and 4 units) and works on some small weights (a
warning: seqgen does not follow every initializer's range); `orthogonal` floats, and bfloat16 fails on the CPU, which has no
bfloat16 QR decomposition (the default recurrent_initializer of LSTM, GRU, SimpleRNN and the
ConvLSTM layers: a warning, as seqgen cannot know where the model is built).  A layer
without weights takes any dtype.
"""

from __future__ import annotations

from typing import Any, Iterable, Mapping

from seqgen.errors import Diagnostic
from seqgen.model import ObjV
from seqgen.values import evaluate

FLOATS = frozenset({"float16", "bfloat16", "float32", "float64"})
#: Random initializers draw these from their range cast to integers (sometimes empty).
_CAST_RANGE = frozenset({"int", "int32", "int64"})
_COMPLEX = frozenset({"complex64", "complex128"})
#: Initializers (names without underscores, lower case) that make every dtype but these.
_ALL_BUT = {"zeros": frozenset(), "zero": frozenset(),
            "ones": frozenset({"string"}), "one": frozenset({"string"}),
            "constant": frozenset({"string"})}  # fmt: skip
#: Initializers that make only these dtypes (any other is a random one: floats only).
_ONLY = {"identity": FLOATS | _COMPLEX}
#: Layers whose weights start at ones without an initializer parameter (variance, scale).
_STARTS_AT_ONES = frozenset({"Normalization", "RMSNormalization"})
#: Where a weight is not created, its initializer does not matter.
_USED_IF = {"bias_initializer": "use_bias", "beta_initializer": "center",
            "gamma_initializer": "scale"}  # fmt: skip


#: Uniform initializers whose range follows the weight's fans: on int32/int64 they build
#: when it reaches ±1 (glorot_uniform on a (3, 2) kernel, not on (4, 4)).  The normal ones,
#: orthogonal and variance_scaling fail on integers; uniform's default (-0.05, 0.05) too.
_FAN_UNIFORM = frozenset({"glorotuniform", "heuniform", "lecununiform"})
#: Called with their own arguments, these may draw from a range that holds integers.
_RANGED = frozenset({"uniform", "randomuniform", "variancescaling"})


def _name(value: Any, env: Mapping[str, Any]) -> tuple[str | None, bool]:
    """An initializer's name, from a word or string, or the class of a call (True)."""
    if isinstance(value, ObjV):
        return value.cls, True
    v = evaluate(value, env) if not isinstance(value, str) else value
    return (v if isinstance(v, str) else None), False


def weight_dtypes(call: Any, env: Mapping[str, Any]) -> Iterable[Diagnostic]:
    """The layer's initializers can make its weights in its dtype."""
    sig, cls = call.spec.signature, call.spec.cls
    if cls not in _STARTS_AT_ONES and not any(p.name.endswith("_initializer") for p in sig.params):
        return
    given = dict(zip(sig.positional_names, call.args)) | dict(call.kwargs)
    dtype = evaluate(given["dtype"], env) if "dtype" in given else None
    if not isinstance(dtype, str) or dtype.startswith("mixed_") or dtype == "float32":
        return
    if cls in _STARTS_AT_ONES and dtype in _ALL_BUT["ones"]:
        yield Diagnostic(f"{cls} dtype={dtype}: its weights start at ones, which cannot be "
                         f"{dtype} weights, so Keras fails to build the layer", call.span,
                         "give the layer a float dtype (float16, bfloat16, float32, "
                         "float64)")  # fmt: skip
    defaults = sig.defaults()

    def value(name: str) -> Any:
        return evaluate(given[name], env) if name in given else defaults.get(name)

    for p in sig.params:
        if not p.name.endswith("_initializer") or value(_USED_IF.get(p.name, "")) is False:
            continue
        init, called = _name(given[p.name], env) if p.name in given else \
            (defaults.get(p.name), False)  # fmt: skip
        if not isinstance(init, str):
            continue
        key = init.replace("_", "").lower()
        if key in _ALL_BUT:
            bad = dtype in _ALL_BUT[key]
        else:
            bad = dtype not in _ONLY.get(key, FLOATS)
        if bad and dtype in _CAST_RANGE and (key in _FAN_UNIFORM or called and key in _RANGED):
            yield Diagnostic(
                f"{call.spec.cls} dtype={dtype}: its {p.name} {init!r} draws {dtype} weights "
                "from its range cast to integers, and Keras fails to build the layer when that "
                "holds less than two (for most weight shapes)", call.span,
                "give the layer a float dtype (float16, bfloat16, float32, float64), or "
                f"{p.name}=zeros", severity="warning")  # fmt: skip
        elif bad:
            yield Diagnostic(
                f"{call.spec.cls} dtype={dtype}: its {p.name} {init!r} cannot make {dtype} "
                "weights, so Keras fails to build the layer", call.span,
                "give the layer a float dtype (float16, bfloat16, float32, float64); the input "
                "may keep its own: input ... dtype=" + dtype)  # fmt: skip
        elif key == "orthogonal" and dtype == "bfloat16":
            yield Diagnostic(
                f"{call.spec.cls} dtype=bfloat16: its {p.name} 'orthogonal' needs a bfloat16 QR "
                "decomposition, which TensorFlow's CPU build lacks: building the layer on a CPU "
                "fails", call.span,
                "use dtype=mixed_bfloat16 (float32 weights), or another initializer such as "
                f"{p.name}=glorot_uniform", severity="warning")  # fmt: skip

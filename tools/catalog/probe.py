"""Probing the installed Keras: what each layer, object and `Input`/`compile` signature is.

The only part of seqgen that imports Keras and TensorFlow, inside functions, never at import
time.  It constructs every example (tools/catalog/examples.py) to read a layer's automatic
name, the layers it creates and the base-Layer keywords it accepts, reads the constructors'
signatures, and asks `keras.<namespace>.get` which identifiers it accepts; every choice Keras
cannot answer comes from tools/catalog/decisions.py.
"""

from __future__ import annotations

import inspect
import re
import warnings
from typing import Any, Callable, Iterable

from seqgen import kinds
from tools.catalog.decisions import (
    ABSTRACT_BASES,
    COMPILE_KINDS,
    EXCLUDED_LAYERS,
    EXTRA_ID_CANDIDATES,
    EXTRA_KWARG_TRIALS,
    FAMILIES,
    IDENTIFIER_NOTES,
    INPUT_KINDS,
    NEEDS_TENSORFLOW,
    NESTING_KINDS,
    NOT_EXPRESSIBLE,
    NOT_LAST,
    NOTES,
    REQUIRES,
    TF_ONLY_LAYERS,
    also_nullable,
    case_insensitive,
    extra_keywords_without_kind,
    layer_param_choices,
    layer_param_kind,
    object_param_choices,
    object_param_kind,
    param_bounds,
    unknown_kinds,
)
from tools.catalog import ranges
from tools.catalog.examples import (
    CELL_EXAMPLES,
    FUNCTION,
    LAYER_EXAMPLES,
    Example,
    Nested,
    seq_example,
)

#: The catalogue's format, written as its `"format"`.
FORMAT = 1


def _identity(x: Any) -> Any:
    return x


def _materialize(value: Any, namespace: Any) -> Any:
    """Turn an example value into Keras objects (nested layers, functions)."""
    if isinstance(value, Nested):
        return construct(
            getattr(namespace, value.cls), Example(value.args, value.kwargs), namespace
        )
    if value is FUNCTION:
        return _identity
    if isinstance(value, list):
        return [_materialize(v, namespace) for v in value]
    return value


def construct(cls: type, example: Example, namespace: Any, **extra: Any) -> Any:
    """Instantiate ``cls`` from an example; ``namespace`` resolves nested layers."""
    args = [_materialize(a, namespace) for a in example.args]
    kwargs = {k: _materialize(v, namespace) for k, v in example.kwargs.items()}
    kwargs.update(extra)
    return cls(*args, **kwargs)


def _is_literal(value: Any) -> bool:
    """True for values whose repr() is a Python literal (None, numbers, str, tuples ...)."""
    if value is None or type(value) in (bool, int, str, bytes):
        return True
    if type(value) is float:
        return value == value and value not in (float("inf"), float("-inf"))
    if type(value) in (tuple, list, set):
        return all(_is_literal(v) for v in value)
    if type(value) is dict:
        return all(_is_literal(k) and _is_literal(v) for k, v in value.items())
    return False


def _default_repr(value: Any) -> str:
    """repr() of a default if it is a Python literal, else ``"<object>"``."""
    return repr(value) if _is_literal(value) else "<object>"


def _signature_params(func: Callable) -> list[inspect.Parameter]:
    """Parameters of ``func`` without self, *args and **kwargs."""
    params = list(inspect.signature(func).parameters.values())
    if params and params[0].name == "self":
        params = params[1:]
    return [p for p in params if p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)]


def _param_entry(
    p: inspect.Parameter,
    kind: str,
    choices: Iterable[str] | None,
    owner: str = "",
    nullable: bool = False,
) -> dict:
    """One PARAM of the schema (``owner`` is the class name, for the flag tables); ``nullable``
    when it takes none whatever its default."""
    if kind not in kinds.KINDS:
        raise ValueError(f"{owner or '?'}.{p.name}: unknown parameter kind {kind!r}; "
                         f"seqgen.kinds defines {', '.join(sorted(kinds.KINDS))}")  # fmt: skip
    required = p.default is inspect.Parameter.empty
    entry: dict[str, Any] = {"name": p.name, "required": required}
    if not required:
        entry["default"] = _default_repr(p.default)
    entry["kind"] = kind
    entry["keyword_only"] = p.kind is inspect.Parameter.KEYWORD_ONLY
    if choices:
        entry["choices"] = sorted(set(choices))
        if case_insensitive(owner, p.name, kind):
            entry["case_insensitive"] = True
    if (not required and p.default is None) or also_nullable(owner, p.name) or nullable:
        entry["nullable"] = True
    bounds = param_bounds(p.name, kind)
    if bounds:
        entry["bounds"] = dict(bounds)
    return entry



def layer_params(cls: type, cls_name: str) -> list[dict]:
    """PARAM entries of a layer constructor."""
    out = []
    for p in _signature_params(cls.__init__):
        kind = layer_param_kind(cls_name, p)
        out.append(_param_entry(p, kind, layer_param_choices(cls_name, p, kind), cls_name))
    return out


def object_params(func: Callable, cls_name: str) -> list[dict]:
    """PARAM entries of an initializer/optimizer/loss/... constructor."""
    out = []
    for p in _signature_params(func):
        choices, nullable = object_param_choices(cls_name, p.name)
        out.append(_param_entry(p, object_param_kind(cls_name, p), choices, cls_name, nullable))
    return out


def _public_classes(namespace: Any) -> dict[str, tuple[type, list[str]]]:
    """Distinct public classes of a module: canonical name -> (class, aliases)."""
    by_class: dict[type, list[str]] = {}
    for name in sorted(dir(namespace)):
        if name.startswith("_"):
            continue
        obj = getattr(namespace, name)
        if inspect.isclass(obj):
            by_class.setdefault(obj, []).append(name)
    out = {}
    for cls, names in by_class.items():
        canonical = cls.__name__ if cls.__name__ in names else names[0]
        out[canonical] = (cls, sorted(n for n in names if n != canonical))
    return dict(sorted(out.items()))


def _family(cls: type) -> str:
    parts = cls.__module__.split(".")
    if parts[:3] != ["keras", "src", "layers"]:
        raise ValueError(f"cannot derive the family of {cls.__module__}")
    if parts[3] == "preprocessing":
        return "image_preprocessing" if "image_preprocessing" in parts else "preprocessing"
    return FAMILIES[parts[3]]


def _auto_name(keras: Any, cls: type, example: Example, namespace: Any) -> str:
    """Name Keras gives the first instance after clear_session()."""
    keras.backend.clear_session(free_memory=False)  # resets the name counters; no gc pass
    return construct(cls, example, namespace).name


def _constructs(keras: Any, cls: type, example: Example, namespace: Any) -> dict[str, int]:
    """The automatic names a layer uses up by creating layers of its own (AugMix makes 11):
    later layers of those classes are numbered after them."""
    from keras.src.backend.common import global_state

    keras.backend.clear_session(free_memory=False)
    layer = construct(cls, example, namespace)
    used = dict(global_state.get_global_attribute("object_name_uids", {}) or {})
    used[layer.name] = used.get(layer.name, 0) - 1
    used.pop("seed_generator", None)  # random layers' generators are not layers
    return {prefix: n for prefix, n in sorted(used.items()) if n > 0}


def _extra_kwargs(cls: type, example: Example, namespace: Any, params: list[dict]) -> list[str]:
    """Base-Layer keywords the constructor really accepts (tried one by one)."""
    taken = {p["name"] for p in params}
    accepted = []
    for keyword, values in EXTRA_KWARG_TRIALS.items():
        if keyword in taken:
            continue
        for value in values:
            try:
                construct(cls, example, namespace, **{keyword: value})
            except Exception:  # noqa: BLE001 - any failure means "not accepted"
                continue
            accepted.append(keyword)
            break
    return sorted(accepted)


def _usable(cls: type | None, example: Example, namespace: Any) -> bool:
    if cls is None or not inspect.isclass(cls):
        return False
    try:
        construct(cls, example, namespace)
    except Exception:  # noqa: BLE001
        return False
    return True


def _layer_entry(
    keras: Any, tf_layers: Any, name: str, family: str, aliases: list[str], example: Example
) -> dict:
    k_cls = getattr(keras.layers, name, None)
    t_cls = getattr(tf_layers, name, None)
    modes = [
        m
        for m, c, ns in (("keras", k_cls, keras.layers), ("tensorflow", t_cls, tf_layers))
        if _usable(c, example, ns)
    ]
    if not modes:
        raise RuntimeError(f"{name}: example does not construct under any mode")
    main_cls, main_ns = (k_cls, keras.layers) if "keras" in modes else (t_cls, tf_layers)
    params = layer_params(main_cls, name)
    ranges.probe_layer(keras, main_cls, name, example, main_ns, params, construct,
                       cell=family == "cell")
    entry: dict[str, Any] = {
        "class": name,
        "family": family,
        "aliases": aliases,
        "auto_name": _auto_name(keras, main_cls, example, main_ns),
        # Wrappers' example arguments are layers of the example, not of the wrapper itself.
        "constructs": {} if any(p["kind"] in NESTING_KINDS for p in params)
        else _constructs(keras, main_cls, example, main_ns),
        "modes": modes,
        "params": params,
        "extra_kwargs": _extra_kwargs(main_cls, example, main_ns, params),
        "example": seq_example(name, example),
        "example_input": {"shape": list(example.shape), "dtype": example.dtype},
        "requires": REQUIRES.get(name, []),
        "expressible": name not in NOT_EXPRESSIBLE,
    }
    if name in NOT_EXPRESSIBLE:
        entry["reason"] = NOT_EXPRESSIBLE[name]
    if "tensorflow" in modes and t_cls is not main_cls:
        t_params = layer_params(t_cls, name)
        ranges.probe_layer(keras, t_cls, name, example, tf_layers, t_params, construct,
                           cell=family == "cell")
        t_extra = _extra_kwargs(t_cls, example, tf_layers, t_params)
        if t_params != params or t_extra != entry["extra_kwargs"]:
            entry["mode_params"] = {"tensorflow": t_params}
            if t_extra != entry["extra_kwargs"]:
                entry["mode_extra_kwargs"] = {"tensorflow": t_extra}
    if name in NOT_LAST:
        entry["not_last"] = True
    if name in NOTES:
        entry["note"] = NOTES[name]
    if name in NEEDS_TENSORFLOW:
        entry["needs_tensorflow"] = NEEDS_TENSORFLOW[name]
    return entry



def _id_candidates(public: Any, private: Any) -> list[str]:
    names = set(getattr(private, "ALL_OBJECTS_DICT", {})) | {
        n for n in dir(public) if not n.startswith("_")
    }
    names |= {re.sub(r"(?<!^)(?=[A-Z])", "_", n).lower() for n in list(names)}
    names |= set(EXTRA_ID_CANDIDATES)
    return sorted(n for n in names if n == n.lower())


def _class_name(obj: Any, classes: dict[str, tuple[type, list[str]]]) -> str | None:
    cls = obj if inspect.isclass(obj) else type(obj)
    for name, (c, _) in classes.items():
        if c is cls:
            return name
    return None


def _classes_entry(classes: dict[str, tuple[type, list[str]]]) -> dict:
    out = {}
    for name, (cls, aliases) in classes.items():
        entry: dict[str, Any] = {"params": object_params(cls.__init__, name)}
        if aliases:
            entry["aliases"] = aliases
        out[name] = entry
    return out


def _simple_namespace(keras: Any, ns: str) -> dict:
    """Lower-case identifiers accepted by ``keras.<ns>.get`` -> class, and the classes."""
    import importlib

    public = getattr(keras, ns)
    private = importlib.import_module(f"keras.src.{ns}")
    classes = _public_classes(public)
    identifiers = {}
    for ident in _id_candidates(public, private):
        try:
            obj = public.get(ident)
        except Exception:  # noqa: BLE001 - rejected by Keras
            continue
        cls_name = _class_name(obj, classes) if obj is not None else None
        if cls_name is None or cls_name in ABSTRACT_BASES:
            continue
        identifiers[ident] = cls_name
    return {"identifiers": identifiers, "classes": _classes_entry(classes)}


def _activations(keras: Any) -> dict:
    import keras.src.activations as private

    out = []
    for ident in _id_candidates(keras.activations, private):
        try:
            fn = keras.activations.get(ident)
        except Exception:  # noqa: BLE001 - rejected by Keras
            continue
        if callable(fn):
            out.append(ident)
    return {"identifiers": out}


def _losses(keras: Any) -> dict:
    import keras.src.losses as private
    from keras.src.trainers import compile_utils

    classes = _public_classes(keras.losses)
    by_fn = {}
    for name, (cls, _) in classes.items():
        try:
            fn = getattr(cls(), "fn", None)
        except Exception:  # noqa: BLE001
            continue
        if fn is not None:
            by_fn.setdefault(fn, name)
    y = keras.ops.convert_to_tensor([[0.0, 1.0], [1.0, 0.0]])
    identifiers: dict[str, str | None] = {}
    compile_only = []
    for ident in _id_candidates(keras.losses, private):
        try:
            obj = keras.losses.get(ident)
        except Exception:  # noqa: BLE001
            obj = None
        if obj is None:
            try:
                compile_utils.get_loss(ident, y, y)
            except Exception:  # noqa: BLE001
                continue
            identifiers[ident] = None
            compile_only.append(ident)
            continue
        if isinstance(obj, keras.losses.Loss):
            identifiers[ident] = _class_name(obj, classes)
        else:
            identifiers[ident] = by_fn.get(obj)
    return {
        "identifiers": identifiers,
        "classes": _classes_entry(classes),
        "compile_only": compile_only,
        "notes": {
            i: "accepted by Model.compile only (not keras.losses.get): picks binary, "
            "categorical or sparse categorical crossentropy from the targets"
            for i in compile_only
        },
    }


def _metric_probe_data(keras: Any) -> list[tuple[Any, Any]]:
    """(y_true, y_pred) pairs: binary, one-hot categorical, sparse categorical."""
    ops = keras.ops
    return [
        (
            ops.convert_to_tensor([[0.0], [1.0], [1.0], [0.0]]),
            ops.convert_to_tensor([[0.2], [0.7], [0.9], [0.4]]),
        ),
        (
            ops.convert_to_tensor([[0.0, 1.0, 0.0], [1.0, 0.0, 0.0]]),
            ops.convert_to_tensor([[0.2, 0.7, 0.1], [0.6, 0.3, 0.1]]),
        ),
        (
            ops.convert_to_tensor([[1], [0]]),
            ops.convert_to_tensor([[0.2, 0.7, 0.1], [0.6, 0.3, 0.1]]),
        ),
    ]


def _metrics(keras: Any) -> dict:
    """Metric ids Model.compile accepts: resolved as compile does, then updated once."""
    import keras.src.metrics as private
    from keras.src.trainers import compile_utils

    classes = _public_classes(keras.metrics)
    data = _metric_probe_data(keras)
    identifiers: dict[str, str | None] = {}
    dynamic = []
    for ident in _id_candidates(keras.metrics, private):
        ok = False
        for y_true, y_pred in data:
            try:
                metric = compile_utils.get_metric(ident, y_true, y_pred)
                metric.update_state(y_true, y_pred, sample_weight=None)  # as compile does
                metric.result()
            except Exception:  # noqa: BLE001
                continue
            ok = True
            break
        if not ok:
            continue
        if ident in ("accuracy", "acc"):
            identifiers[ident] = None
            dynamic.append(ident)
            continue
        try:
            cls_name = _class_name(keras.metrics.get(ident), classes)
        except Exception:  # noqa: BLE001
            cls_name = None
        if cls_name in ABSTRACT_BASES:
            continue
        identifiers[ident] = cls_name
    return {
        "identifiers": identifiers,
        "classes": _classes_entry(classes),
        "notes": {
            i: "resolved by Model.compile to BinaryAccuracy, CategoricalAccuracy or "
            "SparseCategoricalAccuracy from the targets"
            for i in dynamic
        },
    }




def _objects(keras: Any) -> dict:
    objects = {
        "activations": _activations(keras),
        "initializers": _simple_namespace(keras, "initializers"),
        "regularizers": _simple_namespace(keras, "regularizers"),
        "constraints": _simple_namespace(keras, "constraints"),
        "optimizers": _simple_namespace(keras, "optimizers"),
        "losses": _losses(keras),
        "metrics": _metrics(keras),
    }
    for ns, notes in IDENTIFIER_NOTES.items():
        known = objects[ns]["identifiers"]
        objects[ns]["notes"] = {i: n for i, n in notes.items() if i in known}
    return objects


def _dtypes(keras: Any) -> tuple[list[str], list[str]]:
    """(strings a layer's dtype= accepts, strings keras.Input(dtype=) accepts)."""
    from keras.src.backend.common import dtypes as kdt

    plain = sorted(set(kdt.ALLOWED_DTYPES) | {"int"})
    layer_ok, input_ok = [], []
    for d in plain + ["mixed_float16", "mixed_bfloat16"]:
        try:
            keras.layers.Identity(dtype=d)
            layer_ok.append(d)
        except Exception:  # noqa: BLE001
            pass
        try:
            keras.Input(shape=(1,), dtype=d)
            input_ok.append(d)
        except Exception:  # noqa: BLE001
            pass
    return layer_ok, input_ok


def _signature_entry(
    func: Callable, kinds: dict[str, str], choices: dict[str, list[str]] | None = None
) -> dict:
    params = []
    for p in _signature_params(func):
        params.append(_param_entry(p, kinds.get(p.name, "any"), (choices or {}).get(p.name)))
    return {"params": params}



def build_catalog() -> dict:
    """Introspect the installed Keras and return the JSON-ready catalogue."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # probes trigger harmless Keras warnings
        return _build_catalog()


def _build_catalog() -> dict:
    unknown_kind = unknown_kinds()
    if unknown_kind:
        raise RuntimeError(f"parameter kinds that seqgen.kinds does not define: {unknown_kind}")
    untyped = extra_keywords_without_kind()
    if untyped:
        raise RuntimeError(f"base-Layer keywords tried but not typed (or typed but not tried) "
                           f"in seqgen.kinds.EXTRA_KEYWORD_KINDS: {untyped}")  # fmt: skip

    import keras
    import tensorflow as tf

    tf_layers = tf.keras.layers
    classes = _public_classes(keras.layers)
    known = set(LAYER_EXAMPLES) | set(CELL_EXAMPLES) | set(EXCLUDED_LAYERS)
    unknown = sorted(set(classes) - known)
    if unknown:
        raise RuntimeError(f"keras.layers classes without a catalogue decision: {unknown}")

    layers = []
    for name, example in LAYER_EXAMPLES.items():
        if name in TF_ONLY_LAYERS:
            family, aliases = TF_ONLY_LAYERS[name], []
        else:
            cls, aliases = classes[name]
            family = _family(cls)
        layers.append(_layer_entry(keras, tf_layers, name, family, aliases, example))
    cells = [
        _layer_entry(keras, tf_layers, name, "cell", classes[name][1], example)
        for name, example in CELL_EXAMPLES.items()
    ]
    layer_dtypes, input_dtypes = _dtypes(keras)
    keras.backend.clear_session(free_memory=False)
    return {
        "format": FORMAT,
        "keras_version": keras.__version__,
        "tensorflow_version": tf.__version__,
        "layers": sorted(layers, key=lambda e: e["class"]),
        "cells": sorted(cells, key=lambda e: e["class"]),
        "excluded": dict(sorted(EXCLUDED_LAYERS.items())),
        "objects": _objects(keras),
        "dtypes": layer_dtypes,
        "input": _signature_entry(keras.Input, INPUT_KINDS, {"dtype": input_dtypes}),
        "compile": _signature_entry(keras.Model.compile, COMPILE_KINDS),
    }

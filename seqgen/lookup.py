"""What a name written in a `.seq` file means: the one resolver for calls and words.

A call names the model's input (`keras.Input(...)`), a layer or RNN cell (`layers.Dense(10)`),
or an object of a Keras namespace (`l2(1e-4)`, `keras.initializers.HeNormal()`).  It may be
written with the module it lives in, spelled as Python code spells it after `import keras`,
`from tensorflow import keras`, `import tensorflow as tf` or `from keras import layers`.
`KERAS_ROOTS` is the one list of where Keras is reached from; `split_module` reads every
accepted prefix from it, and `INPUT_MODULES` / `LAYER_MODULES` say where each kind of name
lives:

    Input(...)  keras.Input(...)  tf.keras.Input(...)  tensorflow.keras.Input(...)
    layers.Input(...)  keras.layers.Input(...)  tf.keras.layers.Input(...)  ...
    Dense(...)  layers.Dense(...)  keras.layers.Dense(...)  tf.keras.layers.Dense(...)  ...
    l2(...)  regularizers.l2(...)  keras.regularizers.l2(...)  tf.keras.regularizers.l2(...)  ...

A bare word may not be a parameter or loop variable when it already means something: the
words with a meaning (`words`) and the rule for variable names (`variable_name_problem`) are
defined here too.

Nothing here loads the catalogue JSON unless a function is given a `Catalog`, so the parser
can recognize `keras.Input` without it.
"""

from __future__ import annotations

import keyword
from dataclasses import dataclass
from functools import cached_property, lru_cache

from seqgen.catalog import Catalog, LayerSpec, Namespace, normalize
from seqgen.errors import show, suggest

#: Where Keras is reached from, as a call may spell it (`tf.keras.layers.Dense`).
KERAS_ROOTS = ("keras", "tf.keras", "tensorflow.keras")

#: The module of layers and cells, below a Keras root or imported on its own (`layers.Dense`).
LAYERS = "layers"

#: The module written before a name (see `split_module`): "" when none is written, "keras"
#: for a Keras root itself, else the module below the root (`layers`, `regularizers`, ...).
TOP = ""
ROOT = "keras"

#: Where `Input` may be called from: the top of Keras and its layers module.
INPUT_MODULES = frozenset({TOP, ROOT, LAYERS})
#: Where a layer or cell may be called from.
LAYER_MODULES = frozenset({TOP, LAYERS})

#: The class a call must name to be the model's input statement (case matters, as in Python).
INPUT = "Input"

#: The words that are values in any case: true, false, none (docs/language.md, "Values").
CONSTANTS = ("true", "false", "none")
#: What each of them is as a value.
CONSTANT_VALUES = {"true": True, "false": False, "none": None}

#: Names the generated code itself uses; a parameter or loop variable may not take them.
GENERATED_NAMES = frozenset({"model", "layers", "keras", "tf", "build_model", "layer", "_"})

#: Names of Python's builtins that generated code needs (`range`, `print`).
BUILTINS_USED = frozenset({"range", "print"})


@lru_cache(maxsize=512)
def split_module(written: str) -> tuple[str, str]:
    """(module, name) of a call's name: what is written before the name, and the name.

    `tf.keras.layers.Dense` → ("layers", "Dense"); `keras.Input` → ("keras", "Input");
    `regularizers.l2` → ("regularizers", "l2"); `Dense` → ("", "Dense").  The module is not
    checked here (`foo.Dense` → ("foo", "Dense")), and a name below two modules keeps its dots
    (`keras.layers.core.Dense` → ("layers", "core.Dense")): no Keras class is reached so.
    """
    rest, module = written, TOP
    for root in KERAS_ROOTS:
        if written.startswith(root + "."):
            rest, module = written[len(root) + 1 :], ROOT
            break
    head, dot, name = rest.partition(".")
    return (head, name) if dot else (module, rest)


def is_input_call(written: str) -> bool:
    """Whether a call standing as a statement is the model's input: `keras.Input(...)`,
    `tf.keras.layers.Input(...)`, `Input(...)` (Keras code pasted into a `.seq` file)."""
    module, name = split_module(written)
    return name == INPUT and module in INPUT_MODULES


@dataclass(frozen=True, slots=True)
class LayerName:
    """What a layer or cell name (a shorthand word or a call's name) means.

    `kind` is "layer" or "cell" (with `spec`), "excluded" (a Keras class a Sequential cannot
    hold: `cls`, `reason`), "unknown" or "unknown module"; `name` is the name without its
    module."""

    kind: str
    name: str
    spec: LayerSpec | None = None
    cls: str | None = None
    reason: str | None = None


def resolve_layer(catalog: Catalog, written: str) -> LayerName:
    """The layer or cell a name means, in any accepted spelling (`conv_2d`, `layers.Conv2D`)."""
    module, bare = split_module(written)
    if module not in LAYER_MODULES or "." in bare:
        return LayerName("unknown module", written)
    known = catalog.lookup(bare)
    if known is not None:
        return LayerName(known[0], bare, known[1])
    excluded = catalog.excluded_by_key.get(normalize(bare))
    if excluded is not None:
        return LayerName("excluded", bare, cls=excluded[0], reason=excluded[1])
    return LayerName("unknown", bare)


def layer_for(catalog: Catalog, written: str, context: str, mode: str,
              backend: str) -> tuple[LayerSpec | None, tuple[str, str | None] | None]:  # fmt: skip
    """The layer (or, in the `context` "cell", the RNN cell) a written name means for the
    import `mode` and the Keras `backend`: (spec, None), or (None, (message, hint))."""
    found = resolve_layer(catalog, written)
    if found.kind == "unknown module":
        return None, (f"unknown module in {show(written)}",
                      "a layer call may start with layers. or keras.layers.")  # fmt: skip
    if found.kind == "excluded":
        return None, (f"{found.cls} cannot be a layer of a Sequential model: {found.reason}", None)
    spec = found.spec
    if spec is None:
        close = suggest(found.name, catalog.layer_names(), key=normalize)
        return None, (f"unknown layer {show(found.name)}", f"did you mean '{close}'?" if close
                      else "see docs/language.md for the layers seqgen knows")  # fmt: skip
    if found.kind == "cell" and context != "cell":
        return None, (f"{spec.cls} is an RNN cell, not a layer",
                      f"wrap it: rnn ({spec.auto_name} 32)")  # fmt: skip
    if found.kind == "layer" and context == "cell":
        return None, (f"RNN needs a cell here, not the layer {spec.cls}",
                      "for example rnn (lstm_cell 32)")  # fmt: skip
    if not spec.expressible:
        return None, (f"{spec.cls} cannot be written in a .seq file: {spec.reason}", None)
    if mode not in spec.modes:
        other = spec.modes[0] if spec.modes else "?"
        module = "tensorflow.keras" if other == "tensorflow" else "keras"
        return None, (f"{spec.cls} is not available with --keras {mode}",
                      f"it exists in {module}; use --keras {other}")  # fmt: skip
    if backend != "tensorflow" and spec.needs_tensorflow is not None:
        return None, (f"{spec.cls} needs the TensorFlow backend; Keras on {backend} cannot run "
                      "it", spec.needs_tensorflow)  # fmt: skip
    return spec, None


def resolve_object(namespace: Namespace, written: str) -> tuple[str | None, str]:
    """(class, name) of a call of a Keras object: `keras.regularizers.l2` → ("L2", "l2").

    The class is None when the call names none of the namespace's; the name is then the one
    to suggest a correction for: without its module when that is the namespace's own, else as
    written."""
    module, name = split_module(written)
    if module not in (TOP, namespace.name):
        return None, written
    return (namespace.find_class(name) if "." not in name else None), name


# --- reserved words ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Words:
    """The words that mean something wherever they stand (`relu`, `same`, `he_normal`, `true`),
    by what they mean: what the checker refuses as variable names and the highlighters colour.
    """

    constants: tuple[str, ...]
    activations: tuple[str, ...]
    paddings: tuple[str, ...]
    dtypes: tuple[str, ...]
    object_identifiers: tuple[str, ...]  # `he_normal`, `l2`, `adam`, `accuracy`, ...
    object_classes: tuple[str, ...]  # `HeNormal`, `L2`: a value too, yet free as a variable name

    @cached_property
    def reserved(self) -> frozenset[str]:
        """The words (lower case) a model parameter or loop variable may not be called."""
        words = {*self.constants, *self.activations, *self.paddings, *self.dtypes}
        words.update(i.lower() for i in self.object_identifiers)
        return frozenset(words)


@lru_cache(maxsize=4)
def words(catalog: Catalog) -> Words:
    """The catalogue's words with a meaning (objects: of every namespace but activations)."""
    objects = [ns for key, ns in catalog.namespaces.items() if key != "activations"]
    return Words(
        constants=CONSTANTS,
        activations=catalog.activations,
        paddings=tuple(sorted(catalog.paddings)),
        dtypes=catalog.dtypes,
        object_identifiers=tuple(i for ns in objects for i in ns.identifiers),
        object_classes=tuple(c for ns in objects for c in ns.classes),
    )


def variable_name_problem(name: str, catalog: Catalog) -> str | None:
    """Why a model parameter or loop variable may not be called `name`, or None."""
    if keyword.iskeyword(name) or keyword.issoftkeyword(name):
        return "is a Python keyword"
    if name in GENERATED_NAMES or name in BUILTINS_USED:
        return "is a name the generated code uses"
    if name.lower() in words(catalog).reserved:
        return "already means something in the language (an activation, padding, dtype, " \
               "Keras object name or true/false/none)"  # fmt: skip
    if name.startswith("_"):
        return "starts with an underscore"
    return None

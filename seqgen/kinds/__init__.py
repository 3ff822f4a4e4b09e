"""Parameter kinds: one object per kind of value a parameter takes, each knowing how a value of
the kind is resolved from syntax, what problem a wrong value has, its hint and an example.

The catalogue names each parameter's kind (`"kind": "int"`); `KINDS` is the one list of those
names, so the catalogue builder and the editor snippets take the names from here and a kind
this module does not define fails the build.  To add a kind: write its class in the module of
its family (numbers, words, objects, layers), add it to `KINDS`, and have the builder's
language decisions (tools/catalog/decisions.py) give it to the parameters that take it.

    kinds/base.py     the Kind object, Site, plain values (`generic`, `literal`), messages
    kinds/numbers.py  int, seed, float, bool, int_or_tuple, factor, shape (and their bounds)
    kinds/words.py    str, activation, padding, dtype, any
    kinds/objects.py  initializer, regularizer, constraint, optimizer, loss, metric, metric_list
    kinds/layers.py   layer, cell, layer_list
"""

from __future__ import annotations

from typing import Mapping

from seqgen.kinds.base import Kind, Site, literal, show
from seqgen.kinds.layers import CellKind, LayerKind, LayerListKind
from seqgen.kinds.numbers import (
    BoolKind,
    FactorKind,
    FloatKind,
    IntKind,
    IntOrTupleKind,
    SeedKind,
    ShapeKind,
)
from seqgen.kinds.objects import (
    CONSTRAINT,
    INITIALIZER,
    LOSS,
    METRIC,
    OPTIMIZER,
    REGULARIZER,
    MetricListKind,
)
from seqgen.kinds.words import ActivationKind, AnyKind, DtypeKind, PaddingKind, StrKind

INT = IntKind()
SEED = SeedKind()
FLOAT = FloatKind()
BOOL = BoolKind()
INT_OR_TUPLE = IntOrTupleKind()
FACTOR = FactorKind()
SHAPE = ShapeKind()
STR = StrKind()
ACTIVATION = ActivationKind()
PADDING = PaddingKind()
DTYPE = DtypeKind()
ANY = AnyKind()
METRIC_LIST = MetricListKind()
LAYER = LayerKind()
CELL = CellKind()
LAYER_LIST = LayerListKind()

#: Every kind, by the name the catalogue gives it.
KINDS: Mapping[str, Kind] = {
    kind.name: kind
    for kind in (INT, SEED, FLOAT, BOOL, INT_OR_TUPLE, FACTOR, SHAPE, STR, ACTIVATION, PADDING,
                 DTYPE, INITIALIZER, REGULARIZER, CONSTRAINT, OPTIMIZER, LOSS, METRIC, METRIC_LIST,
                 LAYER, CELL, LAYER_LIST, ANY)  # fmt: skip
}

#: Kinds of the keywords every layer inherits from Keras's base Layer (the catalogue lists
#: which of them each layer accepts, `extra_kwargs`); any other is `any`.
EXTRA_KEYWORD_KINDS: Mapping[str, str] = {
    "name": STR.name,
    "dtype": DTYPE.name,
    "trainable": BOOL.name,
    "autocast": BOOL.name,
    "activity_regularizer": REGULARIZER.name,
}


def kind_of(name: str) -> Kind:
    """The kind the catalogue calls `name`."""
    try:
        return KINDS[name]
    except KeyError:
        raise KeyError(f"unknown parameter kind {name!r}; the kinds are "
                       f"{', '.join(sorted(KINDS))}") from None  # fmt: skip


__all__ = ["EXTRA_KEYWORD_KINDS", "KINDS", "Kind", "Site", "kind_of", "literal", "show"]

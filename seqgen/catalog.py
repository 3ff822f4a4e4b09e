"""The layer catalogue: everything seqgen knows about Keras, read from `seqgen/data/catalog.json`.

The JSON file is generated from the installed Keras by `python -m tools.catalog` and
committed, so that generating code never imports TensorFlow; `tests/test_catalog_drift.py`
fails when it no longer matches the installed Keras.  The validator, the code generator, the
docs and the editor tooling all read this module; nothing else lists layers by hand.

The hand-written knowledge here is seqgen's own short alias table (`ALIASES`) and the values
editor snippets start parameters at (`STARTING_VALUES`, `WINDOW_SIZES`).  What a name written in
a `.seq` file means (module prefixes, `keras.Input`, reserved words) is `seqgen.lookup`.
"""

from __future__ import annotations

import ast
import copy
import json
import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from importlib.resources import files
from typing import Any, Mapping, Sequence

#: Short names seqgen accepts besides Keras's own class names and aliases (docs/language.md).
ALIASES: Mapping[str, str] = {
    "batchnorm": "BatchNormalization",
    "layernorm": "LayerNormalization",
    "groupnorm": "GroupNormalization",
    "unitnorm": "UnitNormalization",
    "spectralnorm": "SpectralNormalization",
    "maxpool1d": "MaxPooling1D",
    "maxpool2d": "MaxPooling2D",
    "maxpool3d": "MaxPooling3D",
    "avgpool1d": "AveragePooling1D",
    "avgpool2d": "AveragePooling2D",
    "avgpool3d": "AveragePooling3D",
    "global_max_pool1d": "GlobalMaxPooling1D",
    "global_max_pool2d": "GlobalMaxPooling2D",
    "global_max_pool3d": "GlobalMaxPooling3D",
    "global_avg_pool1d": "GlobalAveragePooling1D",
    "global_avg_pool2d": "GlobalAveragePooling2D",
    "global_avg_pool3d": "GlobalAveragePooling3D",
    "deconv1d": "Conv1DTranspose",
    "deconv2d": "Conv2DTranspose",
    "deconv3d": "Conv3DTranspose",
    "embed": "Embedding",
}

#: Starting values of parameters, by name: what a tutorial would write (`LayerSpec.starting_value`).
STARTING_VALUES: Mapping[str, str] = {
    "units": "32",
    "filters": "32",
    "input_dim": "1000",
    "output_dim": "64",
    "rate": "0.5",
    "stddev": "0.1",
    "scale": "1/255",
    "height": "224",
    "width": "224",
}

#: Window sizes, written with one entry per spatial dimension of the layer (`3`, `3x3`, `3x3x3`).
WINDOW_SIZES: Mapping[str, int] = {"kernel_size": 3, "pool_size": 2}

#: Import modes: how the generated code imports Keras.
MODES = ("tensorflow", "keras")


def normalize(name: str) -> str:
    """The key names are matched by: case and underscores do not matter (`Conv_2D` = `conv2d`)."""
    return name.replace("_", "").lower()


class Opaque:
    """The value of a Keras object or nested layer: known to exist, not a number."""

    def __init__(self, what: str) -> None:
        self.what = what

    def __repr__(self) -> str:
        return f"<{self.what}>"


@lru_cache(maxsize=None)
def _literal(text: str | None) -> Any:
    """A catalogue default (the repr of a Python literal) as a value, parsed once per text."""
    if text is None or text == "<object>":
        return Opaque("default object")
    try:
        return ast.literal_eval(text)
    except (ValueError, SyntaxError):
        return Opaque("default object")


@dataclass(frozen=True, slots=True)
class ParamSpec:
    name: str
    required: bool
    kind: str
    keyword_only: bool = False
    default: str | None = None  # repr() of the default, when not required
    choices: tuple[str, ...] = ()
    nullable: bool = False
    # The parameter's numeric bounds (`"bounds": {"min": 0, "max": 1}` in the catalogue, probed
    # from Keras by tools/catalog/ranges.py): what a value must lie within beyond what its kind
    # allows; seqgen.kinds says how a kind reads them (`seqgen.kinds.base.bound_problem`).
    minimum: int | float | None = None
    maximum: int | float | None = None
    min_exclusive: bool = False  # the value must be above `minimum`, not equal to it
    max_exclusive: bool = False  # ... below `maximum`
    odd: bool = False  # a size Keras takes odd only (RandomGaussianBlur's kernel_size)
    excluded: tuple[int | float, ...] = ()  # values inside the bounds Keras refuses (groups=0)
    # A factor's (low, high) pairs: True when any pair of numbers, False when Keras takes none,
    # else the bounds of each number (as ParamSpecs) and whether low may not exceed high.
    pairs: bool | tuple[ParamSpec, ParamSpec, bool] = True

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> ParamSpec:
        bounds = d.get("bounds", {})
        return cls(
            name=d["name"],
            required=d["required"],
            kind=d.get("kind", "any"),
            keyword_only=d.get("keyword_only", False),
            default=d.get("default"),
            choices=tuple(d.get("choices", ())),
            nullable=d.get("nullable", d.get("default") == "None"),
            minimum=bounds.get("min"),
            maximum=bounds.get("max"),
            min_exclusive=bounds.get("min_exclusive", False),
            max_exclusive=bounds.get("max_exclusive", False),
            odd=bounds.get("odd", False),
            excluded=tuple(bounds.get("exclude", ())),
            pairs=_pairs(d["name"], bounds.get("pairs", True)),
        )

    @property
    def default_value(self) -> Any:
        """The default as a Python value (`True`, `(1, 1)`, `"valid"`); an `Opaque` "default
        object" when the catalogue shows no literal (`<object>`) or the parameter is required."""
        value = _literal(self.default)
        return copy.deepcopy(value) if isinstance(value, (list, dict, set)) else value


def _pairs(name: str, rule: Any) -> bool | tuple[ParamSpec, ParamSpec, bool]:
    """A factor's catalogue `pairs` rule, each number's bounds read as a ParamSpec."""
    if isinstance(rule, bool):
        return rule
    low, high = (ParamSpec.from_json({"name": name, "required": True, "kind": "float",
                                      "bounds": rule[k]}) for k in ("first", "second"))  # fmt: skip
    return low, high, rule.get("ordered", False)


@dataclass(frozen=True)
class Signature:
    """A constructor's parameters: what seqgen checks arguments against."""

    params: tuple[ParamSpec, ...]
    extra_kwargs: tuple[str, ...] = ()

    @cached_property
    def by_name(self) -> dict[str, ParamSpec]:
        return {p.name: p for p in self.params}

    @cached_property
    def positional(self) -> tuple[ParamSpec, ...]:
        return tuple(p for p in self.params if not p.keyword_only)

    @cached_property
    def leading_required(self) -> frozenset[str]:
        """Parameters the generated code passes positionally: the leading required ones."""
        names = []
        for p in self.positional:
            if not p.required:
                break
            names.append(p.name)
        return frozenset(names)

    @cached_property
    def positional_names(self) -> tuple[str, ...]:
        """The names of `leading_required`, in the signature's order."""
        return tuple(p.name for p in self.params if p.name in self.leading_required)

    @cached_property
    def call_order(self) -> Mapping[str, int]:
        """Where each keyword goes in the generated call: the signature's order, then its
        extra keywords, `name` last."""
        params = {p.name: i for i, p in enumerate(self.params)}
        order = {k: len(params) + i for i, k in enumerate(self.extra_kwargs)}
        order["name"] = len(params) + len(order) + 1
        order.update(params)  # a parameter of the signature keeps its own place
        return order

    def arrange(
        self, assigned: Sequence[tuple[str, Any]]
    ) -> tuple[tuple[Any, ...], list[tuple[str, Any]]]:
        """Matched arguments as the generated call passes them: the values of the leading
        required parameters positionally, the rest as keywords, each in `call_order`."""
        order = self.call_order
        ranked = sorted(assigned, key=lambda kv: order.get(kv[0], 0))
        args = tuple(v for k, v in ranked if k in self.leading_required)
        return args, [(k, v) for k, v in ranked if k not in self.leading_required]

    @cached_property
    def _defaults(self) -> tuple[dict[str, Any], tuple[str, ...]]:
        values = {p.name: p.default_value for p in self.params if not p.required}
        mutable = tuple(k for k, v in values.items() if isinstance(v, (list, dict, set)))
        return values, mutable

    def defaults(self) -> dict[str, Any]:
        """Each optional parameter's default as a value (`ParamSpec.default_value`), in a new
        dict the caller may change (mutable defaults are fresh copies)."""
        values, mutable = self._defaults
        out = dict(values)
        for name in mutable:
            out[name] = copy.deepcopy(values[name])
        return out

    def keywords(self) -> list[str]:
        return [p.name for p in self.params] + list(self.extra_kwargs)

    @classmethod
    def from_json(cls, params: list[Mapping[str, Any]], extra: list[str] = ()) -> Signature:
        return cls(tuple(ParamSpec.from_json(p) for p in params), tuple(extra))


@dataclass(frozen=True, slots=True)
class LayerSpec:
    cls: str
    family: str
    aliases: tuple[str, ...]
    auto_name: str
    modes: tuple[str, ...]
    signature: Signature
    mode_signatures: Mapping[str, Signature]
    example: str
    example_input: Mapping[str, Any]
    requires: tuple[str, ...]
    expressible: bool
    reason: str | None
    note: str | None
    not_last: bool = False  # Keras cannot build it as the last layer of a Sequential
    # Why Keras on jax or torch cannot run it (it needs TensorFlow); None: any backend runs it.
    needs_tensorflow: str | None = None
    # Layers it creates itself (AugMix makes 11), using up their automatic names.
    constructs: Mapping[str, int] = field(default_factory=dict)

    def signature_for(self, mode: str) -> Signature:
        return self.mode_signatures.get(mode, self.signature)

    def starting_value(self, param: str) -> str | None:
        """What a tutorial would write for `param` (editor snippets start there): `32` units,
        a `3x3` kernel for Conv2D; None when seqgen has no such value."""
        if param in WINDOW_SIZES:
            match = re.search(r"([123])D", self.cls)
            dims = int(match.group(1)) if match else 1
            return "x".join([str(WINDOW_SIZES[param])] * dims)
        return STARTING_VALUES.get(param)

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> LayerSpec:
        return cls(
            cls=d["class"],
            family=d["family"],
            aliases=tuple(d.get("aliases", ())),
            auto_name=d["auto_name"],
            modes=tuple(d.get("modes", MODES)),
            signature=Signature.from_json(d["params"], d.get("extra_kwargs", [])),
            mode_signatures={
                mode: Signature.from_json(params, d.get("extra_kwargs", []))
                for mode, params in d.get("mode_params", {}).items()
            },
            example=d.get("example", ""),
            example_input=d.get("example_input", {}),
            requires=tuple(d.get("requires", ())),
            expressible=d.get("expressible", True),
            reason=d.get("reason"),
            note=d.get("note"),
            not_last=d.get("not_last", False),
            needs_tensorflow=d.get("needs_tensorflow"),
            constructs=d.get("constructs", {}),
        )


@dataclass(frozen=True)
class Namespace:
    """A Keras object namespace: initializers, regularizers, optimizers, ..."""

    name: str
    identifiers: Mapping[str, str | None]  # string id → class it means (None: function only)
    classes: Mapping[str, Signature]

    @cached_property
    def concrete(self) -> tuple[str, ...]:
        """Its classes but the abstract base (`Regularizer`, `Loss`, ...), sorted."""
        base = {"losses": "Loss", "metrics": "Metric"}.get(self.name, self.name[:-1].capitalize())
        return tuple(sorted(c for c in self.classes if c != base))

    def find_class(self, name: str) -> str | None:
        """The class a call names: `l2` → `L2`, `RandomNormal` → `RandomNormal`."""
        if name in self.classes:
            return name
        if name in self.identifiers and self.identifiers[name]:
            return self.identifiers[name]
        key = normalize(name)
        for cls in self.classes:
            if normalize(cls) == key:
                return cls
        for ident, cls in self.identifiers.items():
            if cls and normalize(ident) == key:
                return cls
        return None


class Catalog:
    """The parsed catalogue, with the lookups the checker needs."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        self.keras_version: str = data["keras_version"]
        self.tensorflow_version: str = data.get("tensorflow_version", "")
        self.layers: dict[str, LayerSpec] = {}
        for d in data["layers"]:
            spec = LayerSpec.from_json(d)
            self.layers[spec.cls] = spec
        self.cells: dict[str, LayerSpec] = {}
        for d in data.get("cells", []):
            spec = LayerSpec.from_json(d)
            self.cells[spec.cls] = spec
        self.excluded: dict[str, str] = dict(data.get("excluded", {}))
        self.namespaces: dict[str, Namespace] = {}
        self.activations: tuple[str, ...] = ()
        for ns, body in data["objects"].items():
            idents = body["identifiers"]
            if isinstance(idents, list):
                idents = {i: None for i in idents}
            classes = {
                c: Signature.from_json(v["params"]) for c, v in body.get("classes", {}).items()
            }
            self.namespaces[ns] = Namespace(ns, idents, classes)
        self.activations = tuple(sorted(self.namespaces["activations"].identifiers))
        self.dtypes: tuple[str, ...] = tuple(data.get("dtypes", ()))
        self.input = Signature.from_json(data["input"]["params"])
        self.compile = Signature.from_json(data["compile"]["params"])
        self._by_key = self._index()

    def _index(self) -> dict[str, tuple[str, LayerSpec]]:
        index: dict[str, tuple[str, LayerSpec]] = {}
        for table, kind in ((self.cells, "cell"), (self.layers, "layer")):
            for spec in table.values():
                for name in (spec.cls, *spec.aliases):
                    index[normalize(name)] = (kind, spec)
        for alias, cls in ALIASES.items():
            index.setdefault(normalize(alias), ("layer", self.layers[cls]))
        return index

    def lookup(self, name: str) -> tuple[str, LayerSpec] | None:
        """("layer" | "cell", spec) for a name as a user may write it, or None."""
        return self._by_key.get(normalize(name))

    @cached_property
    def excluded_by_key(self) -> dict[str, tuple[str, str]]:
        """Keras classes a Sequential cannot hold, by `normalize`d name: (class, reason)."""
        return {normalize(k): (k, v) for k, v in self.excluded.items()}

    def layer_names(self) -> list[str]:
        """Every name a user may write for a layer or cell, for suggestions."""
        names = set()
        for spec in (*self.layers.values(), *self.cells.values()):
            names.add(spec.cls)
            names.add(spec.auto_name)
            names.update(spec.aliases)
        names.update(ALIASES)
        return sorted(names)

    @cached_property
    def paddings(self) -> frozenset[str]:
        return frozenset(
            c for spec in self.layers.values() for p in spec.signature.params
            if p.kind == "padding" for c in p.choices
        )  # fmt: skip


@lru_cache(maxsize=1)
def load_catalog() -> Catalog:
    text = (files("seqgen") / "data" / "catalog.json").read_text(encoding="utf-8")
    return Catalog(json.loads(text))

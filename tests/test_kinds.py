"""Parameter kinds (seqgen/kinds/): one object per kind the catalogue names, each resolving,
validating and hinting on its own; numeric bounds come from the catalogue, not from code."""

from __future__ import annotations

import dataclasses

import pytest

import seqgen
from seqgen import kinds
from seqgen.catalog import ParamSpec, load_catalog

CATALOG = load_catalog()


def _catalogue_params() -> list[ParamSpec]:
    params = [*CATALOG.input.params, *CATALOG.compile.params]
    for spec in (*CATALOG.layers.values(), *CATALOG.cells.values()):
        params += spec.signature.params
        for sig in spec.mode_signatures.values():
            params += sig.params
    for ns in CATALOG.namespaces.values():
        for sig in ns.classes.values():
            params += sig.params
    return params


def test_every_catalogue_kind_is_one_kind_object() -> None:
    used = {p.kind for p in _catalogue_params()} | set(kinds.EXTRA_KEYWORD_KINDS.values())
    assert used <= set(kinds.KINDS)
    for name, kind in kinds.KINDS.items():
        assert kind.name == name and kind.example, kind
        assert kinds.kind_of(name) is kind
    with pytest.raises(KeyError, match="unknown parameter kind 'integer'"):
        kinds.kind_of("integer")


def test_bounds_are_catalogue_fields_read_by_the_kinds() -> None:
    units = CATALOG.layers["Dense"].signature.by_name["units"]
    rate = CATALOG.layers["Dropout"].signature.by_name["rate"]
    kernel = CATALOG.layers["Conv2D"].signature.by_name["kernel_size"]
    shape = CATALOG.input.by_name["shape"]
    assert (units.minimum, units.maximum) == (1, None)
    assert (rate.minimum, rate.maximum) == (0, 1)
    assert (kernel.minimum, shape.minimum) == (1, 0)
    assert CATALOG.layers["Reshape"].signature.by_name["target_shape"].minimum is None
    assert all(kinds.kind_of(p.kind).bounded for p in _catalogue_params()
               if p.minimum is not None or p.maximum is not None)  # fmt: skip

    int_kind, float_kind = kinds.kind_of("int"), kinds.kind_of("float")
    assert int_kind.problem(units, 0, CATALOG) == "must be at least 1, not 0"
    assert float_kind.problem(rate, 1.5, CATALOG) == "must be between 0 and 1, not 1.5"
    # A bound changed in the catalogue changes the rule, with no code to edit.
    wider = dataclasses.replace(units, minimum=0)
    assert int_kind.problem(wider, 0, CATALOG) is None
    assert int_kind.problem(wider, -1, CATALOG) == "cannot be negative: -1"
    at_most = dataclasses.replace(units, minimum=None, maximum=8)
    assert int_kind.problem(at_most, 9, CATALOG) == "must be at most 8, not 9"
    assert int_kind.problem(dataclasses.replace(units, minimum=None), 0, CATALOG) is None


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("input 4; dense 0", "Dense units must be at least 1, not 0"),
        ("input 4; dense 4; dropout 1.5", "Dropout rate must be between 0 and 1, not 1.5"),
        ("input 4; gaussian_noise -0.1", "GaussianNoise stddev must be between 0 and 1, not -0.1"),
        ("input 8x8x1; conv2d 4 (0, 3)", "Conv2D kernel_size must be at least 1, not (0, 3)"),
        ("input 8x8x1; conv2d 4 (3, -1)", "Conv2D kernel_size cannot be negative: (3, -1)"),
        ("input shape=(4, -1)", "input shape cannot have a negative dimension: (4, -1)"),
        ("input 4; reshape (2, -1)", None),
        ("input 4; dense 10/2", "Dense units expects a whole number, not 5.0"),
        ("input 4; dense 3 use_bias=1", "Dense use_bias expects true or false, not 1"),
        # A name that reaches its parameter through a model parameter is checked as a written
        # one is: Keras would refuse each of these when building.
        ('model m(dt="int3")\ninput 4\ndense 4 dtype=dt',
         "Dense dtype expects a layer dtype, not the string 'int3' (with dt = 'int3')"),
        ('model m(i="he_nromal")\ninput 4\ndense 4 kernel_initializer=i',
         "Dense kernel_initializer expects an initializer, not the string 'he_nromal' "
         "(with i = 'he_nromal')"),
        ('model m(o="adma")\ninput 4\ndense 4\ncompile optimizer=o loss=mse',
         "compile optimizer expects an optimizer, not the string 'adma' (with o = 'adma')"),
        ('model m(dt="float16", i="he_normal", o="adam", l="mse")\ninput 4\n'
         "dense 4 dtype=dt kernel_initializer=i\ncompile optimizer=o loss=l", None),
    ],
)
def test_kind_messages(source: str, message: str | None) -> None:
    if message is None:  # accepted (Reshape's target_shape has no bound: -1 is "the rest")
        seqgen.generate(source)
        return
    with pytest.raises(seqgen.SeqgenError) as info:
        seqgen.generate(source)
    assert info.value.message == message


def test_hints_belong_to_their_kind() -> None:
    with pytest.raises(seqgen.SeqgenError) as info:
        seqgen.generate("input 4; dense 10/2")
    assert info.value.diagnostics[0].hint == "use // for whole-number division"
    with pytest.raises(seqgen.SeqgenError) as info:
        seqgen.generate("input 4; dropout 0.5 seed=10/2")
    assert info.value.diagnostics[0].message == "Dropout seed expects a whole number, not 5.0"
    assert info.value.diagnostics[0].hint is None  # a seed is not a size: no division hint

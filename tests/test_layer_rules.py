"""Every layer of the catalogue has exactly one rule, in the module of its catalogue family.

seqgen/layers/<family>.py holds the rules of one `family` of seqgen/data/catalog.json, and only
those; the catalogue's families are read from the data, so a new family needs its module.
"""

from __future__ import annotations

import importlib
import pkgutil

import pytest

import seqgen.layers
from seqgen.catalog import load_catalog
from seqgen.layers import rule_for
from seqgen.layers.base import RULES, Family

CATALOG = load_catalog()
SPECS = {**CATALOG.layers, **CATALOG.cells}
FAMILIES = sorted({spec.family for spec in SPECS.values()})
#: seqgen/layers/ modules that are not a family's: the driver's helpers, the rule contract and
#: the constraint every rule has (its weights' dtype).
NOT_FAMILIES = {"arguments", "base", "weights"}


def _family_of(module_name: str) -> Family:
    module = importlib.import_module(f"seqgen.layers.{module_name}")
    families = [v for v in vars(module).values() if isinstance(v, Family)]
    assert len(families) == 1, f"seqgen/layers/{module_name}.py defines {len(families)} families"
    return families[0]


def test_every_catalogue_family_has_its_module() -> None:
    modules = {m.name for m in pkgutil.iter_modules(seqgen.layers.__path__)} - NOT_FAMILIES
    assert FAMILIES and modules == set(FAMILIES)
    for name in FAMILIES:
        assert _family_of(name).name == name


@pytest.mark.parametrize("family", FAMILIES)
def test_a_family_module_holds_only_rules_of_its_family(family: str) -> None:
    rules = _family_of(family).rules
    assert rules, f"seqgen/layers/{family}.py has no rules"
    for cls, rule in rules.items():
        assert cls in SPECS, f"{family}.py has a rule for {cls}, which the catalogue does not have"
        assert SPECS[cls].family == family, f"{cls} is of the family {SPECS[cls].family}"
        assert rule.cls == cls and rule.family == family


def test_every_catalogue_layer_and_cell_has_exactly_one_rule() -> None:
    owners: dict[str, list[str]] = {}
    for family in FAMILIES:
        for cls in _family_of(family).rules:
            owners.setdefault(cls, []).append(family)
    assert {cls: fams for cls, fams in owners.items() if len(fams) > 1} == {}
    assert sorted(set(SPECS) - set(owners)) == []
    assert sorted(set(RULES) - set(SPECS)) == []
    assert set(RULES) == set(owners)
    for cls in SPECS:
        assert rule_for(cls).cls == cls


def test_rule_facts_are_on_the_right_layers() -> None:
    # The dropout and noise layers, not ActivityRegularization, do nothing at inference.
    regularization = {c for c, s in SPECS.items() if s.family == "regularization"}
    assert {c for c in regularization if rule_for(c).training_only} == regularization - {
        "ActivityRegularization"
    }
    assert not any(rule_for(c).training_only for c in set(SPECS) - regularization)
    assert {c: rule_for(c).cell_states for c in SPECS if rule_for(c).cell_states} == {
        "LSTMCell": 2, "GRUCell": 1, "SimpleRNNCell": 1}  # fmt: skip
    # Only what cannot be inferred has no shape function.
    assert [c for c in SPECS if rule_for(c).shape is None] == [
        c for c, s in SPECS.items() if not s.expressible
    ]
    # Every image layer traces inside a Pipeline as the image family says.
    image = [c for c, s in SPECS.items() if s.family == "image_preprocessing"]
    assert len({rule_for(c).traced for c in image}) == 1 and rule_for(image[0]).traced

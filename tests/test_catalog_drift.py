"""The committed layer catalogue must match what the installed Keras says.

The builder lives in tools/catalog/ (not in the installed package): tests import it from the
repository root.  Tests marked ``keras`` import TensorFlow (several seconds); the others only
read ``seqgen/data/catalog.json`` and the builder's tables.
"""

from __future__ import annotations

import inspect
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from seqgen import kinds
from seqgen.catalog import ParamSpec
from tests.conftest import ROOT
from tools.catalog import build, decisions, examples, probe

CATALOG = build.CATALOG_PATH
CELLS = ["GRUCell", "LSTMCell", "SimpleRNNCell", "StackedRNNCells"]


@pytest.fixture(scope="module")
def committed() -> dict:
    """The catalogue as committed."""
    return json.loads(CATALOG.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def built() -> dict:
    """A fresh catalogue built from the installed Keras (imports TensorFlow)."""
    return probe.build_catalog()


def _entries(catalog: dict) -> list[dict]:
    return catalog["layers"] + catalog["cells"]


@pytest.mark.keras
def test_committed_catalog_matches_installed_keras(built: dict, committed: dict) -> None:
    diff = build._diff_summary(committed, built)
    assert built == committed, (
        "seqgen/data/catalog.json is stale; run `python -m tools.catalog`:\n  "
        + "\n  ".join(diff)
    )


@pytest.mark.keras
def test_every_layer_resolves_under_each_listed_mode(committed: dict) -> None:
    import keras
    import tensorflow as tf

    namespaces = {"keras": keras.layers, "tensorflow": tf.keras.layers}
    problems = []
    for entry in _entries(committed):
        name = entry["class"]
        assert entry["modes"], name
        for mode in entry["modes"]:
            cls = getattr(namespaces[mode], name, None)
            if not (inspect.isclass(cls) and issubclass(cls, keras.layers.Layer)):
                problems.append(f"{mode}.layers.{name} is not a layer class")
        for alias in entry["aliases"]:
            if getattr(keras.layers, alias, None) is not getattr(keras.layers, name, None):
                problems.append(f"alias {alias} is not keras.layers.{name}")
        if "keras" not in entry["modes"] and hasattr(keras.layers, name):
            problems.append(f"{name} exists in keras.layers but mode 'keras' is missing")
    assert not problems, "\n".join(problems)


def test_catalogue_has_the_sequential_usable_layer_count(committed: dict) -> None:
    in_keras = [e["class"] for e in committed["layers"] if "keras" in e["modes"]]
    tf_only = sorted(e["class"] for e in committed["layers"] if e["modes"] == ["tensorflow"])
    assert len(in_keras) == decisions.SEQUENTIAL_LAYER_COUNT == 119
    assert (
        tf_only
        == sorted(decisions.TF_ONLY_LAYERS)
        == ["RandomHeight", "RandomWidth", "ThresholdedReLU"]
    )
    assert len(committed["layers"]) == 119 + len(tf_only)
    assert [e["class"] for e in committed["cells"]] == CELLS
    assert all(e["family"] == "cell" for e in committed["cells"])
    names = [e["class"] for e in committed["layers"]]
    assert names == sorted(names) and len(set(names)) == len(names)


@pytest.mark.keras
def test_every_other_keras_layers_class_is_excluded_with_a_reason(committed: dict) -> None:
    import keras

    by_class: dict[Any, list[str]] = {}
    for name in dir(keras.layers):
        obj = getattr(keras.layers, name)
        if not name.startswith("_") and inspect.isclass(obj):
            by_class.setdefault(obj, []).append(name)
    in_layers = {n for e in committed["layers"] for n in [e["class"], *e["aliases"]]}
    excluded = decisions.EXCLUDED_LAYERS
    missing = []
    for cls, names in by_class.items():
        if in_layers.intersection(names):
            continue
        if not any(excluded.get(n, "").strip() for n in names):
            missing.append(f"{cls.__name__} ({', '.join(sorted(names))})")
    assert not missing, "keras.layers classes neither catalogued nor excluded: " + ", ".join(
        missing
    )
    stale = sorted(n for n in excluded if not hasattr(keras.layers, n))
    assert not stale, f"excluded names not in keras.layers: {stale}"
    assert not in_layers.intersection(excluded), "a class is both catalogued and excluded"
    assert set(CELLS) <= set(excluded)


def test_examples_use_the_snake_case_class_name(committed: dict) -> None:
    for entry in _entries(committed):
        head = examples.seq_name(entry["class"])
        assert head.replace("_", "") == entry["class"].lower()
        if entry["expressible"]:
            assert entry["example"].split(" ")[0] == head, entry["class"]
        else:
            assert entry["example"] is None and entry["reason"], entry["class"]


def test_param_entries_follow_the_schema(committed: dict) -> None:
    layer_kinds = {
        "int",
        "float",
        "bool",
        "str",
        "seed",
        "dtype",
        "int_or_tuple",
        "factor",
        "shape",
        "activation",
        "padding",
        "initializer",
        "regularizer",
        "constraint",
        "layer",
        "cell",
        "layer_list",
        "any",
    }
    assert layer_kinds <= set(kinds.KINDS)
    for entry in _entries(committed):
        for p in entry["params"]:
            assert p["kind"] in layer_kinds, (entry["class"], p)
            assert isinstance(p["required"], bool) and isinstance(p["keyword_only"], bool)
            assert ("default" in p) is (not p["required"]), (entry["class"], p)
            if p.get("default") == "None":
                assert p.get("nullable") is True, (entry["class"], p)
        param_names = {p["name"] for p in entry["params"]}
        assert not param_names.intersection(entry["extra_kwargs"]), entry["class"]
        assert not {"input_shape", "input_dim", "batch_input_shape", "batch_size"}.intersection(
            entry["extra_kwargs"]
        ), entry["class"]


def test_check_mode_detects_drift(
    tmp_path: Path, committed: dict, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(build, "build_catalog", lambda: committed)
    out = tmp_path / "catalog.json"
    assert build.main(["--output", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == CATALOG.read_text(encoding="utf-8")
    assert build.main(["--check", "--output", str(out)]) == 0
    changed = json.loads(out.read_text(encoding="utf-8"))
    changed["layers"][0]["auto_name"] = "changed"
    out.write_text(build.render(changed), encoding="utf-8")
    assert build.main(["--check", "--output", str(out)]) == 1


def test_importing_the_builder_does_not_import_tensorflow() -> None:
    code = (
        "import sys, tools.catalog.build; "
        "print(any(m in sys.modules for m in ('tensorflow', 'keras')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


def test_the_builder_is_not_in_the_package() -> None:
    assert not (ROOT / "seqgen" / "catalog_build.py").exists()
    assert Path(build.__file__).resolve().parent == ROOT / "tools" / "catalog"


def test_every_kind_the_builder_gives_is_a_kind_of_seqgen_kinds(committed: dict) -> None:
    assert decisions.unknown_kinds() == []
    assert decisions.unbounded_kinds() == []
    assert decisions.extra_keywords_without_kind() == []
    used = {p["kind"] for p in _all_params(committed)}
    assert used <= set(kinds.KINDS)
    assert {"optimizer", "loss", "metric_list"} <= used  # model.compile's own kinds


def test_an_unknown_kind_fails_the_build(monkeypatch: pytest.MonkeyPatch) -> None:
    def units(units: int = 1) -> None: ...

    (param,) = inspect.signature(units).parameters.values()
    assert probe._param_entry(param, "int", None, "Dense")["kind"] == "int"
    with pytest.raises(ValueError, match="Dense.units: unknown parameter kind 'integer'"):
        probe._param_entry(param, "integer", None, "Dense")
    monkeypatch.setitem(decisions.LAYER_NAME_KINDS, "units", "integer")
    assert decisions.unknown_kinds() == ["integer"]
    with pytest.raises(RuntimeError, match="parameter kinds that seqgen.kinds does not define"):
        probe.build_catalog()  # refused before Keras is imported


def test_bounds_are_given_only_to_kinds_that_read_them(committed: dict) -> None:
    bounded = [p for p in _all_params(committed) if "bounds" in p]
    assert bounded
    for p in bounded:
        assert kinds.kind_of(p["kind"]).bounded, p
        assert set(p["bounds"]) <= {"min", "max", "min_exclusive", "max_exclusive", "odd",
                                    "exclude", "checked_at", "pairs"}, p
        spec = ParamSpec.from_json(p)
        assert (spec.minimum, spec.maximum) == (p["bounds"].get("min"), p["bounds"].get("max"))
        assert "pairs" not in p["bounds"] or p["kind"] == "factor", p
    dense = next(e for e in committed["layers"] if e["class"] == "Dense")
    assert next(p for p in dense["params"] if p["name"] == "units")["bounds"] == {"min": 1}
    dropout = next(e for e in committed["layers"] if e["class"] == "Dropout")
    rate = next(p for p in dropout["params"] if p["name"] == "rate")
    assert rate["bounds"] == {"min": 0, "max": 1}


def _all_params(catalog: dict) -> list[dict]:
    """Every parameter entry of the catalogue: layers (each mode), objects, input, compile."""
    params = [*catalog["input"]["params"], *catalog["compile"]["params"]]
    for entry in _entries(catalog):
        params += entry["params"]
        for mode_params in entry.get("mode_params", {}).values():
            params += mode_params
    for body in catalog["objects"].values():
        for cls in body.get("classes", {}).values():
            params += cls["params"]
    return params

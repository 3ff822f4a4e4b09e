"""The seed tutorial: `examples/seed.seq` as a script is the Keras guide's program.

Source: "The Sequential model", https://keras.io/guides/sequential_model/ — the guide defines
the three-layer model in list form and then again with `model.add()`.  The guide names the
layers layer1, layer2, layer3; the seed `.seq` file names them layer_1, layer_2, layer_3, and
the programs below carry the seed's names.
"""

from __future__ import annotations

import ast
import contextlib
import io

import pytest

import seqgen
from tests.conftest import EXAMPLES, exec_module

TUTORIAL_LIST = '''
from tensorflow import keras
from tensorflow.keras import layers

# Define Sequential model with 3 layers
model = keras.Sequential(
    [
        layers.Dense(2, activation="relu", name="layer_1"),
        layers.Dense(3, activation="relu", name="layer_2"),
        layers.Dense(4, name="layer_3"),
    ]
)
'''

TUTORIAL_ADD = '''
from tensorflow import keras
from tensorflow.keras import layers

model = keras.Sequential()
model.add(layers.Dense(2, activation="relu", name="layer_1"))
model.add(layers.Dense(3, activation="relu", name="layer_2"))
model.add(layers.Dense(4, name="layer_3"))
'''


def _statements(code: str) -> list[str]:
    return [ast.dump(node) for node in ast.parse(code).body]


@pytest.mark.parametrize("style,tutorial", [("list", TUTORIAL_LIST), ("add", TUTORIAL_ADD)])
def test_script_is_the_tutorials_program(style: str, tutorial: str) -> None:
    source = (EXAMPLES / "seed.seq").read_text(encoding="utf-8")
    code = seqgen.generate(source, style=style, form="script", filename="seed.seq")
    generated = _statements(code)
    expected = _statements(tutorial)
    # The tutorial's imports and model definition, then one statement that shows the layers.
    assert generated[: len(expected)] == expected
    assert generated[len(expected) :] == _statements("print(model.layers)")


@pytest.mark.keras
@pytest.mark.parametrize("style", ["list", "add"])
def test_running_the_script_prints_the_three_dense_layers(keras, style: str) -> None:
    source = (EXAMPLES / "seed.seq").read_text(encoding="utf-8")
    code = seqgen.generate(source, style=style, form="script", filename="seed.seq")
    keras.backend.clear_session()
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec_module(code, "__main__")
    printed = out.getvalue()
    for name in ("layer_1", "layer_2", "layer_3"):
        assert f"<Dense name={name}, built=False>" in printed
    assert printed.count("<Dense") == 3

"""Properties over generated programs (Hypothesis): output is Python, black-stable, the same on
every run and machine, and text from the input reaches it only as string literals."""

from __future__ import annotations

import ast
import os
import subprocess
import sys

import black
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import seqgen
from tests.conftest import EXAMPLES
from tests.strategies import any_text, layer_names, programs

SETTINGS = settings(max_examples=60, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])  # fmt: skip


@SETTINGS
@given(programs(), st.sampled_from(["list", "add"]), st.sampled_from(["module", "script"]))
def test_output_is_black_stable_python_and_deterministic(source, style, form) -> None:
    code = seqgen.generate(source, style=style, form=form)
    ast.parse(code)
    assert black.format_str(code, mode=black.Mode()) == code
    assert seqgen.generate(source, style=style, form=form) == code
    assert code.endswith("\n") and "\r" not in code


HOSTILE = any_text(30)
LAYER_NAME = layer_names(30)


def _seq_string(text: str) -> str:
    """Write `text` as a .seq string literal (Python's escapes are the language's)."""
    return '"' + text.encode("unicode_escape").decode("ascii").replace('"', '\\"') + '"'


# A vocabulary holds distinct words and not the out-of-vocabulary token (Keras refuses both).
VOCABULARY = st.lists(HOSTILE.filter(lambda s: s != "[UNK]"), min_size=1, max_size=4, unique=True)


@SETTINGS
@given(VOCABULARY, LAYER_NAME, LAYER_NAME)
def test_input_text_only_reaches_the_output_as_literals(vocabulary, layer, model) -> None:
    source = (
        f"model {_seq_string(model)}\n"
        "input 1 dtype=string\n"
        f"string_lookup vocabulary=[{', '.join(map(_seq_string, vocabulary))}] "
        f"as {_seq_string(layer)}\n"
    )
    code = seqgen.generate(source)
    tree = ast.parse(code)
    imports = [n for n in ast.walk(tree) if isinstance(n, (ast.Import, ast.ImportFrom))]
    assert len(imports) == 2
    lookup = next(n for n in ast.walk(tree) if isinstance(n, ast.Call)
                  and ast.unparse(n.func) == "layers.StringLookup")  # fmt: skip
    kwargs = {k.arg: ast.literal_eval(k.value) for k in lookup.keywords}
    assert kwargs == {"vocabulary": vocabulary, "name": layer}
    sequential = next(n for n in ast.walk(tree) if isinstance(n, ast.Call)
                      and ast.unparse(n.func) == "keras.Sequential")  # fmt: skip
    assert ast.literal_eval(sequential.keywords[0].value) == model
    called = {ast.unparse(n.func) for n in ast.walk(tree) if isinstance(n, ast.Call)}
    assert called == {"keras.Sequential", "keras.Input", "layers.StringLookup"}


def test_output_does_not_depend_on_hash_seed() -> None:
    script = (
        "import sys, seqgen\n"
        "for path in sys.argv[1:]:\n"
        "    for style in ('list', 'add'):\n"
        "        sys.stdout.write(seqgen.generate(open(path).read(), style=style))\n"
    )
    paths = sorted(str(p) for p in EXAMPLES.glob("*.seq"))
    outputs = set()
    for seed in ("0", "1", "12345"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        proc = subprocess.run([sys.executable, "-c", script, *paths], env=env,
                              capture_output=True, timeout=120)  # fmt: skip
        assert proc.returncode == 0, proc.stderr.decode()
        outputs.add(proc.stdout)
    assert len(outputs) == 1

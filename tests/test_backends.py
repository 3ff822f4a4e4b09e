"""The Keras backend setting: `--backend tensorflow|jax|torch` and `backend` in [tool.seqgen].

What a backend cannot run is refused at its line (the catalogue's `needs_tensorflow`, names
with '.' on torch: seqgen/names.py); jax and torch imply the import mode `keras`; the backend
is part of the options and so of the cache key; `seqgen check --keras` builds on the backend
and says what to install when a package is missing (exit 2).  The keras-marked test builds every
example and test model with Keras on jax, in one child process (tests/backend_builds.py).
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import seqgen
from seqgen.catalog import load_catalog
from seqgen.cli import main
from seqgen.options import Options
from tests.conftest import EXAMPLES, ROOT

STRING_LOOKUP = 'input 3 dtype=string\nstring_lookup vocabulary=["a", "b"]\n'


def run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(args), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def test_the_backend_is_an_option_and_part_of_the_cache_key() -> None:
    assert Options().backend == "tensorflow" and Options().keras == "tensorflow"
    jax = Options(backend="jax")
    assert jax.keras == "keras"  # standalone Keras 3: tensorflow.keras runs only on TensorFlow
    assert jax.cache_key()["backend"] == "jax" and jax.cache_key() != Options().cache_key()
    with pytest.raises(ValueError, match="runs only on the TensorFlow backend, not on jax"):
        Options(keras="tensorflow", backend="jax")
    with pytest.raises(ValueError, match="backend must be one of tensorflow, jax, torch"):
        Options(backend="mxnet")


def test_a_non_tensorflow_backend_generates_standalone_keras() -> None:
    code, out, err = run("-e", "input 4; dense 2", "--backend", "jax")
    assert code == 0, err
    assert "\nimport keras\n" in out and "tensorflow" not in out
    code, out, err = run("-e", "input 4; dense 2", "--backend", "torch", "--keras", "tensorflow")
    assert code == 2 and out == ""
    assert err.endswith("error: --keras tensorflow (from tensorflow import keras) runs only on "
                        "the TensorFlow backend, not on torch; use --keras keras (the default "
                        "with --backend torch)\n")  # fmt: skip


def test_layers_that_need_tensorflow_are_errors_on_jax_and_torch() -> None:
    needs = sorted(s.cls for s in load_catalog().layers.values() if s.needs_tensorflow)
    assert needs == ["Hashing", "IntegerLookup", "StringLookup", "TextVectorization"]
    assert seqgen.summarize(STRING_LOOKUP).rows[0].cls == "StringLookup"
    for backend in ("jax", "torch"):
        code, out, err = run("summary", "-e", STRING_LOOKUP, "--backend", backend)
        assert code == 2 and out == ""
        assert err.startswith(f"<expr>:2:1: error: StringLookup needs the TensorFlow backend; "
                              f"Keras on {backend} cannot run it\n")  # fmt: skip
        assert "hint: it is built on TensorFlow's own ops" in err
    # Nested layers are checked too.
    with pytest.raises(seqgen.SeqgenError, match="Hashing needs the TensorFlow backend"):
        seqgen.summarize("input 3x2 dtype=int32\ntime_distributed (hashing 4)\n", backend="jax")


@pytest.mark.parametrize("source,column", [
    ('model "mobilenet_1.00_224"\ninput 4\ndense 2\n', 7),
    ('input 4\ndense 2 as "d.1"\n', 1),
])  # fmt: skip
def test_a_dot_in_a_name_is_an_error_on_torch_only(source: str, column: int) -> None:
    for backend in ("tensorflow", "jax"):
        assert seqgen.summarize(source, backend=backend).rows
    with pytest.raises(seqgen.SeqgenError) as info:
        seqgen.summarize(source, backend="torch")
    assert info.value.message.endswith("name cannot contain '.' on the torch backend")
    assert info.value.column >= column


def test_the_backend_key_of_the_pyproject(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "pyproject.toml").write_text('[tool.seqgen]\nbackend = "jax"\n')
    src = tmp_path / "m.seq"
    src.write_text(STRING_LOOKUP)
    code, _, err = run("check", str(src))
    assert code == 2 and "Keras on jax cannot run it" in err
    assert run("check", str(src), "--backend", "tensorflow")[0] == 0  # the flag wins
    (tmp_path / "pyproject.toml").write_text('[tool.seqgen]\nkeras = "tensorflow"\n'
                                             'backend = "torch"\n')  # fmt: skip
    code, _, err = run("check", str(src))
    assert code == 2
    assert err.startswith(f"{tmp_path / 'pyproject.toml'}:3:11: error: 'backend' = 'torch' "
                          "cannot run 'keras' = 'tensorflow'\n")  # fmt: skip


#: A sitecustomize that makes the modules named in SEQGEN_TEST_BLOCK unimportable, in the
#: process and in every child it starts: a missing package without uninstalling anything.
BLOCKER = '''\
import os, sys
class _Block:
    names = set(os.environ.get("SEQGEN_TEST_BLOCK", "").split(","))
    def find_spec(self, name, path=None, target=None):
        if name.partition(".")[0] in self.names:
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return None
sys.meta_path.insert(0, _Block())
'''


@pytest.mark.parametrize("blocked,args,hint", [
    ("tensorflow", [], "pip install 'seqgen[keras]'"),
    ("jax", ["--backend", "jax"], "pip install 'seqgen[jax]' (or pip install jax)"),
    ("torch", ["--backend", "torch"], "pip install 'seqgen[torch]' (or pip install torch)"),
])  # fmt: skip
def test_check_keras_without_its_package_says_what_to_install(
    tmp_path: Path, blocked: str, args: list[str], hint: str
) -> None:
    (tmp_path / "sitecustomize.py").write_text(BLOCKER)
    env = {**os.environ, "SEQGEN_TEST_BLOCK": blocked,
           "PYTHONPATH": os.pathsep.join([str(tmp_path), str(ROOT)])}  # fmt: skip
    env.pop("KERAS_BACKEND", None)
    proc = subprocess.run([sys.executable, "-m", "seqgen", "check",
                           str(EXAMPLES / "mnist_convnet.seq"), "--keras", *args],
                          capture_output=True, text=True, env=env, timeout=300)  # fmt: skip
    backend = args[-1] if args else "tensorflow"
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.endswith(f"mnist_convnet.seq: error: check --keras on the {backend} "
                                f"backend needs {blocked}, which is not installed\n"
                                f"hint: {hint}\n")  # fmt: skip


@pytest.mark.keras
def test_every_example_and_test_model_builds_on_jax(jax_builds) -> None:  # noqa: ANN001
    """In CI jax is installed (the test extra); elsewhere the test is skipped without it.  The
    build runs in a child process started when the session began (conftest.jax_builds)."""
    if jax_builds is None:
        pytest.skip("jax is not installed")
    proc, out = jax_builds
    code = proc.wait(timeout=1200)
    assert code == 0, out.with_suffix(".err").read_text()[-3000:]
    result = json.loads(out.read_text().splitlines()[-1])
    assert result["backend"] == "jax"
    assert result["failed"] == {}
    total = len([*EXAMPLES.glob("*.seq"), *(ROOT / "tests" / "models").glob("*.seq")])
    assert len(result["built"]) + len(result["refused"]) == total
    assert len(result["built"]) >= total - 2


@pytest.mark.keras
def test_check_keras_builds_on_another_backend_in_a_child_process(keras) -> None:
    """This process runs Keras on TensorFlow (the session's fixture), so jax needs a child."""
    if not os.environ.get("CI"):
        pytest.importorskip("jax")
    from seqgen.keras_check import _runs_here

    assert _runs_here("tensorflow") and not _runs_here("jax")
    code, out, err = run("check", str(EXAMPLES / "mnist_convnet.seq"), "--keras", "--backend",
                         "jax")  # fmt: skip
    assert code == 0, err
    assert out.endswith("mnist_convnet.seq: Keras builds the model with the shapes and parameter "
                        "counts seqgen computed (on the jax backend)\n")  # fmt: skip

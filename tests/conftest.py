"""Shared test machinery: TensorFlow imported once per session, and model comparison.

Comparing two models follows docs/testing.md: build each after `keras.backend.clear_session()`
(automatic names come from a process-wide counter), then compare `get_config()`,
`count_params()` and every layer's output shape.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import types
from pathlib import Path
from typing import Any, Callable

import pytest
from hypothesis import settings

# The cache of generated code (seqgen/cache.py) of this test session: a fresh folder, never the
# user's own.  Set before any test runs, so subprocesses inherit it.
os.environ["SEQGEN_CACHE_DIR"] = tempfile.mkdtemp(prefix="seqgen-test-cache-")

# CI runs every property test on a fixed sequence of examples, so that a run cannot fail by
# chance; locally each run draws new ones.
settings.register_profile("ci", derandomize=True, database=None)
if os.environ.get("CI"):
    settings.load_profile("ci")

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
#: What a copy of the checkout leaves out: version control, caches and build output.
NOT_SOURCE = (".git", "__pycache__", "*.egg-info", ".pytest_cache", ".hypothesis", "build", "dist")


def copy_checkout(dest: Path) -> Path:
    """A copy of this checkout as it is (uncommitted and untracked files included) at `dest`."""
    shutil.copytree(ROOT, dest, ignore=shutil.ignore_patterns(*NOT_SOURCE))
    return dest


@pytest.fixture(scope="session")
def keras() -> types.ModuleType:
    """tensorflow.keras, imported once for the whole session (it costs seconds)."""
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    from tensorflow import keras as tf_keras

    return tf_keras


def exec_module(code: str, name: str = "generated") -> dict[str, Any]:
    """Run generated module code in a fresh namespace (tests only: seqgen never executes)."""
    namespace: dict[str, Any] = {"__name__": name}
    exec(compile(code, f"<{name}>", "exec"), namespace)
    return namespace


def model_facts(keras: types.ModuleType, build: Callable[[], Any]) -> dict[str, Any]:
    """What two equal models share: config, parameter count, per-layer output shapes."""
    keras.backend.clear_session()
    model = build()
    facts: dict[str, Any] = {"config": model.get_config()}
    if model.built:
        facts["params"] = model.count_params()
        facts["shapes"] = [tuple(layer.output.shape) for layer in model.layers]
    if getattr(model, "compiled", False) or getattr(model, "optimizer", None) is not None:
        facts["compile"] = model.get_compile_config()
    return facts


def strip_auto_names(config: Any) -> Any:
    """A config with Keras's automatic name numbering removed (`dense_3` → `dense`)."""
    import re

    if isinstance(config, dict):
        return {k: strip_auto_names(v) for k, v in config.items()}
    if isinstance(config, list):
        return [strip_auto_names(v) for v in config]
    if isinstance(config, str):
        return re.sub(r"_\d+$", "", config)
    return config


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty folder to work in, with a private, empty seqgen cache."""
    monkeypatch.setenv("SEQGEN_CACHE_DIR", str(tmp_path / "cache"))
    folder = tmp_path / "work"
    folder.mkdir()
    return folder


#: The test that reads the jax build of every example and test model (tests/backend_builds.py).
JAX_BUILDS_TEST = "test_every_example_and_test_model_builds_on_jax"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The test that waits for the jax build runs last, so the build overlaps everything else."""
    items.sort(key=lambda item: item.name == JAX_BUILDS_TEST)  # stable: the rest keep order


@pytest.fixture(scope="session", autouse=True)
def jax_builds(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The jax build of the corpus, started in a child process as the session begins when its
    test is among those collected: it costs minutes of jax compiling, which then overlap the
    rest of the suite on the second core instead of adding to it.  Yields (process, output
    file), or None when the test does not run or jax is missing outside CI."""
    import importlib.util
    import subprocess
    import sys

    wanted = any(item.name == JAX_BUILDS_TEST for item in request.session.items)
    if not wanted or (not os.environ.get("CI") and importlib.util.find_spec("jax") is None):
        yield None
        return
    out = tmp_path_factory.mktemp("jax") / "builds.json"
    env = {**os.environ, "KERAS_BACKEND": "jax", "TF_CPP_MIN_LOG_LEVEL": "3",
           "PYTHONPATH": str(ROOT)}  # fmt: skip
    with open(out, "w") as stdout, open(out.with_suffix(".err"), "w") as stderr:
        proc = subprocess.Popen([sys.executable, "-m", "tests.backend_builds"], cwd=ROOT,
                                env=env, stdout=stdout, stderr=stderr)  # fmt: skip
    try:
        yield proc, out
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()

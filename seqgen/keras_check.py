"""`seqgen check --keras`: build the generated model with Keras and compare.

The only module of seqgen that imports TensorFlow (or Keras on jax or torch), and only inside
the functions that need it: Keras's own per-layer output shapes and parameter counts must equal
seqgen's.  Keras fixes its backend once per process (`KERAS_BACKEND`, read at the first
`import keras`), so the model is built in this process when it runs on the chosen backend or
has not imported Keras yet, and otherwise in a child process (`python -m seqgen.keras_check`)
started with `KERAS_BACKEND` set.  A package the build needs and cannot import is a
`MissingPackage`, which says what to install (the command line's exit 2, never 123).
"""

from __future__ import annotations

import os
import sys
from typing import Any, Mapping

from seqgen.summary import Summary
from seqgen.summary import fmt_shape

#: What to install when a package the build needs is missing, by its top-level module.
INSTALL = {
    "tensorflow": "pip install 'seqgen[keras]'",
    "keras": "pip install 'seqgen[keras]' (or 'seqgen[jax]', 'seqgen[torch]')",
    "jax": "pip install 'seqgen[jax]' (or pip install jax)",
    "jaxlib": "pip install 'seqgen[jax]' (or pip install jax)",
    "torch": "pip install 'seqgen[torch]' (or pip install torch)",
}

#: The line of the child process's standard output that carries its answer.
_RESULT = "seqgen-keras-check-result: "


class MissingPackage(Exception):
    """The build needs a package that is not installed; `hint` says how to install it."""

    def __init__(self, package: str, backend: str) -> None:
        super().__init__(f"check --keras on the {backend} backend needs {package}, which is "
                         "not installed")  # fmt: skip
        self.package = package
        self.hint = INSTALL[package]


def first_output(layer: Any) -> Any:
    """A layer's output, or the first of several (return_state=True): seqgen's summary row."""
    out = layer.output
    return out[0] if isinstance(out, (list, tuple)) else out


def count_weights(weights: Any) -> int:
    """How many numbers a list of Keras weights holds (`layer.trainable_weights`, ...)."""
    total = 0
    for w in weights:
        n = 1
        for d in w.shape:
            n *= int(d)
        total += n
    return total


def compare_with_keras(source: str, summary: Summary, *, keras: str = "tensorflow",
                       params: Mapping[str, Any] | None = None,
                       style: str = "list", backend: str = "tensorflow") -> list[str]:  # fmt: skip
    """Each difference between Keras's model on `backend` and seqgen's summary, as one line."""
    if _runs_here(backend):
        return _compare(source, summary, keras, params, style, backend)
    return _compare_in_child(source, keras, params, style, backend)


def _runs_here(backend: str) -> bool:
    """Whether this process can build on `backend`: Keras is imported on it, or not yet."""
    loaded = sys.modules.get("keras")
    if loaded is not None:
        try:
            return bool(loaded.backend.backend() == backend)
        except AttributeError:  # pragma: no cover - a half-imported keras
            return False
    return os.environ.get("KERAS_BACKEND", backend) == backend


def _compare(source: str, summary: Summary, keras: str, params: Mapping[str, Any] | None,
             style: str, backend: str) -> list[str]:  # fmt: skip
    import importlib
    import importlib.util
    import tempfile
    from pathlib import Path

    from seqgen.api import generate

    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    if "keras" not in sys.modules:
        os.environ["KERAS_BACKEND"] = backend
    code = generate(source, keras=keras, style=style, backend=backend)
    try:
        keras_module = importlib.import_module("tensorflow.keras" if keras == "tensorflow"
                                               else "keras")  # fmt: skip
    except ImportError as e:
        raise _missing(e, backend) from None
    keras_module.backend.clear_session()
    # Importing the module seqgen just generated (built only from checked values, never from
    # the user's text) is what --keras is for.
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "seqgen_generated_model.py"
        path.write_text(code, encoding="utf-8")
        spec = importlib.util.spec_from_file_location("seqgen_generated_model", path)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        try:
            spec.loader.exec_module(module)
        except ImportError as e:
            raise _missing(e, backend) from None
        model = module.build_model(**(params or {}))
    differences = []
    if len(model.layers) != len(summary.rows):
        return [f"Keras has {len(model.layers)} layers, seqgen {len(summary.rows)}"]
    for layer, row in zip(model.layers, summary.rows):
        theirs = {
            "name": layer.name,
            "output shape": fmt_shape(tuple(first_output(layer).shape)) if model.built else "?",
            "trainable": count_weights(layer.trainable_weights),
            "non-trainable": count_weights(layer.non_trainable_weights),
        }
        ours = {
            "name": row.name,
            "output shape": fmt_shape(row.shape) if row.shape is not None else "?",
            "trainable": row.trainable,
            "non-trainable": row.non_trainable,
        }
        for key in theirs:
            if theirs[key] != ours[key]:
                differences.append(f"line {row.span.line}: {row.cls} {key}: Keras {theirs[key]}, "
                                   f"seqgen {ours[key]}")  # fmt: skip
    return differences


def _missing(error: ImportError, backend: str) -> Exception:
    """A MissingPackage for a package of INSTALL that failed to import; else `error` itself."""
    root = (getattr(error, "name", None) or "").partition(".")[0]
    return MissingPackage(root, backend) if root in INSTALL else error


def _compare_in_child(source: str, keras: str, params: Mapping[str, Any] | None, style: str,
                      backend: str) -> list[str]:  # fmt: skip
    """`_compare` in a child process whose Keras runs on `backend`."""
    import json
    import subprocess

    request = json.dumps({"source": source, "keras": keras, "style": style, "backend": backend,
                          "params": repr(dict(params or {}))})  # fmt: skip
    env = {**os.environ, "KERAS_BACKEND": backend, "TF_CPP_MIN_LOG_LEVEL": "3"}
    done = subprocess.run([sys.executable, "-m", "seqgen.keras_check"], input=request,
                          capture_output=True, text=True, env=env, check=False)  # fmt: skip
    answers = [line[len(_RESULT):] for line in done.stdout.splitlines() if line.startswith(_RESULT)]
    if not answers:
        tail = done.stderr.strip().splitlines()[-1:] or [f"exit status {done.returncode}"]
        raise RuntimeError(f"building on the {backend} backend failed: {tail[0]}")
    answer = json.loads(answers[-1])
    if "missing" in answer:
        raise MissingPackage(answer["missing"], backend)
    return list(answer["differences"])


def _child() -> int:
    """The child process: a request on standard input, the answer as the `_RESULT` line."""
    import ast
    import json

    from seqgen.api import summarize
    from seqgen.options import Options

    request = json.loads(sys.stdin.read())
    params = ast.literal_eval(request["params"])  # -D values: literals only
    style = request["style"]
    summary = summarize(request["source"], keras=request["keras"], backend=request["backend"],
                        options=Options(style=style), **params)  # fmt: skip
    try:
        answer: dict[str, Any] = {"differences": _compare(
            request["source"], summary, request["keras"], params, style, request["backend"])}
    except MissingPackage as e:
        answer = {"missing": e.package}
    sys.stdout.write(_RESULT + json.dumps(answer) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(_child())

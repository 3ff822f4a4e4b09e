"""`seqgen check --keras`: build the generated model with TensorFlow and compare.

The only module of seqgen that imports TensorFlow, and only inside the function that needs
it: Keras's own per-layer output shapes and parameter counts must equal seqgen's.
"""

from __future__ import annotations

import os
from typing import Any, Mapping

from seqgen.summary import Summary
from seqgen.summary import fmt_shape


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
                       style: str = "list") -> list[str]:  # fmt: skip
    """Each difference between Keras's model and seqgen's summary, as one line."""
    import importlib
    import importlib.util
    import tempfile
    from pathlib import Path

    from seqgen.api import generate

    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    code = generate(source, keras=keras, style=style)
    keras_module = importlib.import_module("tensorflow.keras" if keras == "tensorflow" else "keras")
    keras_module.backend.clear_session()
    # Importing the module seqgen just generated (built only from checked values, never from
    # the user's text) is what --keras is for.
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "seqgen_generated_model.py"
        path.write_text(code, encoding="utf-8")
        spec = importlib.util.spec_from_file_location("seqgen_generated_model", path)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
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

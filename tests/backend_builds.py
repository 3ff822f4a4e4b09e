"""Build every example and test model with Keras on another backend: `python -m
tests.backend_builds` in a process whose `KERAS_BACKEND` is jax or torch (tests/test_backends.py
starts it; docs/reliability.md records the torch run).

For each `examples/*.seq` and `tests/models/*.seq`, seqgen checks the model for the process's
backend; a model it accepts is generated (`--keras keras`, list style), built by Keras and
compared layer by layer with seqgen's summary (name, output shape, trainable and non-trainable
counts); a model it refuses must be refused only by the backend's own rules (a layer that
needs TensorFlow, a '.' in a name on torch).
Prints one JSON object: {"backend", "built", "refused", "failed": {file: reason}}.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def files() -> list[Path]:
    return sorted([*ROOT.glob("examples/*.seq"), *ROOT.glob("tests/models/*.seq")])


def main() -> int:
    import keras

    import seqgen
    from seqgen.keras_check import compare_with_keras

    backend = keras.backend.backend()
    own = (f"needs the TensorFlow backend; Keras on {backend} cannot run it",
           f"on the {backend} backend")  # the messages of the backend's own rules
    built, refused, failed = [], [], {}
    start = time.perf_counter()
    for path in files():
        name = str(path.relative_to(ROOT))
        source = path.read_text(encoding="utf-8")
        try:
            summary = seqgen.summarize(source, filename=name, backend=backend)
        except seqgen.SeqgenError as e:
            if all(any(text in d.message for text in own) for d in e.diagnostics):
                refused.append(name)
            else:
                failed[name] = f"refused: {e.message}"
            continue
        try:
            differences = compare_with_keras(source, summary, keras="keras", backend=backend)
        except Exception as e:  # noqa: BLE001 - every failure is reported, not the first
            failed[name] = f"{type(e).__name__}: {str(e)[:300]}"
            continue
        if differences:
            failed[name] = "; ".join(differences[:3])
        else:
            built.append(name)
    print(json.dumps({"backend": backend, "built": built, "refused": refused, "failed": failed,
                      "seconds": round(time.perf_counter() - start, 1)}))  # fmt: skip
    return 0


if __name__ == "__main__":
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    sys.exit(main())

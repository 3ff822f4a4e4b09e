"""seqgen: a compact layer language (`.seq`) → Keras `Sequential` model source.

    >>> import seqgen
    >>> print(seqgen.generate("input 784; dense 10 softmax", form="fragment"))

The API (`generate`, `generate_file`, `parse`, `check_model`, `Options`, `SeqgenError`) is
imported on first use, so `import seqgen` itself costs nothing.
"""

from __future__ import annotations

from seqgen._version import __version__

TYPE_CHECKING = False  # typing itself costs milliseconds; mypy reads the name as typing's

_API = {
    "generate": "seqgen.api",
    "generate_file": "seqgen.api",
    "parse": "seqgen.api",
    "check_model": "seqgen.api",
    "summarize": "seqgen.api",
    "Options": "seqgen.options",
    "SeqgenError": "seqgen.errors",
    "Diagnostic": "seqgen.errors",
    "InternalError": "seqgen.errors",
}

if TYPE_CHECKING:  # pragma: no cover
    from typing import Any

    from seqgen.api import check_model, generate, generate_file, parse, summarize
    from seqgen.errors import Diagnostic, SeqgenError
    from seqgen.errors import InternalError
    from seqgen.options import Options


def __getattr__(name: str) -> Any:
    module = _API.get(name)
    if module is None:
        raise AttributeError(f"module 'seqgen' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_API])


__all__ = ["__version__", *_API]

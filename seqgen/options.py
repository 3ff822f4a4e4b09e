"""The options of one generation, and every setting's allowed values and default, defined once.

`Options` is a frozen value passed down, never global state.  The enumerations (`STYLES`,
`FORMS`, `KERAS_MODES`, `BACKENDS`, `LAYER_CASES`), the accepted line lengths
(`LINE_LENGTHS`) and the defaults (`LINE_LENGTH`, `FMT_LINE_LENGTH`, `LAYER_CASE`) are read
from here by the command line's flags and help, `[tool.seqgen]` (seqgen/config.py) and
`seqgen fmt` (seqgen/fmt.py).

`Options.cache_key()` is what a generation's options contribute to the cache key
(seqgen/cli/cached.py), so a cached answer and a fresh one are decided by the same value.

This module imports only the standard library's cheapest modules: the cached path of the
command line reads it, and `dataclasses` alone would cost it more than Python's own start-up.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:  # pragma: no cover
    from typing import Any

#: `keras.Sequential([...])` or `model.add(...)`.
STYLES = ("list", "add")
#: A module with `build_model()`, a script, or a fragment.
FORMS = ("module", "script", "fragment")
#: Where `keras` is imported from.
KERAS_MODES = ("tensorflow", "keras")
#: The Keras 3 backend the generated model is meant to run on (`KERAS_BACKEND`).
BACKENDS = ("tensorflow", "jax", "torch")
#: The default backend.
BACKEND = BACKENDS[0]
#: How `seqgen fmt` spells shorthand layer names: as written, Keras's snake case, Keras classes.
LAYER_CASES = ("preserve", "lower", "keras")
#: The line lengths seqgen accepts, for generated Python and for `seqgen fmt`.
LINE_LENGTHS = range(20, 1001)
#: black's line length for generated Python.
LINE_LENGTH = 88
#: The longest line of a formatted `.seq` file.
FMT_LINE_LENGTH = 100
#: The layer case of `seqgen fmt`.
LAYER_CASE = "preserve"


def keras_mode(keras: str | None, backend: str) -> str:
    """The import mode of a generation on `backend`: `keras` when given, else `tensorflow` on
    the TensorFlow backend and standalone `keras` on the others (`from tensorflow import keras`
    always runs on TensorFlow).  ValueError for the import mode tensorflow on another backend.
    """
    if backend not in BACKENDS:
        raise ValueError(f"backend must be one of {', '.join(BACKENDS)}, not {backend!r}")
    if keras is None:
        return KERAS_MODES[0] if backend == "tensorflow" else "keras"
    if keras == "tensorflow" and backend != "tensorflow":
        raise ValueError(f"the import mode tensorflow (from tensorflow import keras) runs only on "
                         f"the TensorFlow backend, not on {backend}; use the import mode keras "
                         f"(the default with backend {backend})")  # fmt: skip
    return keras


def line_length_problem(what: str, value: int) -> str | None:
    """`"{what} must be between 20 and 1000"` when `value` is outside `LINE_LENGTHS`."""
    if value in LINE_LENGTHS:
        return None
    return f"{what} must be between {LINE_LENGTHS[0]} and {LINE_LENGTHS[-1]}"


class Record:
    """An immutable value with named fields (`__slots__`), compared, hashed and shown by them.

    A small stand-in for a frozen dataclass: importing `dataclasses` costs several milliseconds,
    more than a run answered from the cache may spend in all.
    """

    __slots__: tuple[str, ...] = ()

    def _init(self, **values: Any) -> None:
        for name, value in values.items():
            object.__setattr__(self, name, value)

    def _values(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in self.__slots__)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._values() == other._values()  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash(self._values())

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.__slots__)
        return f"{self.__class__.__qualname__}({fields})"

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"cannot delete field {name!r}")

    def __reduce__(self) -> tuple[Any, ...]:
        return self.__class__, self._values()

    def replace(self, **changes: Any) -> Any:
        """A copy with some fields changed (as `dataclasses.replace`)."""
        return self.__class__(**{**dict(zip(self.__slots__, self._values())), **changes})

    __replace__ = replace  # copy.replace (Python 3.13)


class Options(Record):
    """How to generate: `style` list|add, `form` module|script|fragment, `keras` import mode,
    `templates` a folder whose templates override seqgen's own, black's `line_length`, and the
    `backend` the model must run on (`keras` None: the backend's import mode, `keras_mode`)."""

    __slots__ = ("style", "form", "keras", "templates", "line_length", "backend")
    style: str
    form: str
    keras: str
    templates: str | None
    line_length: int
    backend: str

    def __init__(self, style: str = STYLES[0], form: str = FORMS[0], keras: str | None = None,
                 templates: str | None = None, line_length: int = LINE_LENGTH,
                 backend: str = BACKEND) -> None:  # fmt: skip
        for field, value, allowed in (("style", style, STYLES), ("form", form, FORMS),
                                      ("keras", keras, (*KERAS_MODES, None))):  # fmt: skip
            if value not in allowed:
                named = ", ".join(a for a in allowed if a is not None)
                raise ValueError(f"{field} must be one of {named}, not {value!r}")
        keras = keras_mode(keras, backend)
        problem = line_length_problem("line_length", line_length)
        if problem is not None:
            raise ValueError(problem)
        self._init(style=style, form=form, keras=keras, templates=templates,
                   line_length=line_length, backend=backend)  # fmt: skip

    def cache_key(self) -> dict[str, Any]:
        """Every option as plain data, for the key of a cached generation (seqgen/cache.py)."""
        return dict(zip(self.__slots__, self._values()))

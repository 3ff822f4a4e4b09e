"""The options of one generation: a frozen value passed down, never global state."""

from __future__ import annotations

from dataclasses import dataclass

STYLES = ("list", "add")
FORMS = ("module", "script", "fragment")
KERAS_MODES = ("tensorflow", "keras")


@dataclass(frozen=True)
class Options:
    """How to generate: `style` list|add, `form` module|script|fragment, `keras` import mode."""

    style: str = "list"
    form: str = "module"
    keras: str = "tensorflow"
    templates: str | None = None  # a folder whose templates override seqgen's own
    line_length: int = 88

    def __post_init__(self) -> None:
        for field, allowed in (("style", STYLES), ("form", FORMS), ("keras", KERAS_MODES)):
            value = getattr(self, field)
            if value not in allowed:
                raise ValueError(f"{field} must be one of {', '.join(allowed)}, not {value!r}")
        if not 20 <= self.line_length <= 1000:
            raise ValueError("line_length must be between 20 and 1000")

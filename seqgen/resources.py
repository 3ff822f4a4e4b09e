"""Where seqgen finds its grammar and templates, installed or in a source checkout.

The user's layout keeps them in the top-level `grammar/` and `templates/` folders.  A wheel
carries them inside the package (`pyproject.toml` force-includes them as `seqgen/grammar` and
`seqgen/templates`); an editable install or a checkout finds them beside the package.
"""

from __future__ import annotations

from functools import lru_cache
from importlib.resources import files
from pathlib import Path


@lru_cache(maxsize=None)
def resource_dir(name: str) -> Path:
    """The folder `grammar` or `templates`, wherever this installation keeps it."""
    inside = Path(str(files("seqgen"))) / name
    if inside.is_dir():
        return inside
    beside = Path(__file__).resolve().parent.parent / name
    if beside.is_dir():
        return beside
    raise FileNotFoundError(f"seqgen is installed without its {name}/ folder")  # pragma: no cover


def read_text(folder: str, name: str) -> str:
    return (resource_dir(folder) / name).read_text(encoding="utf-8")

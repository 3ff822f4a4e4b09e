"""Reading `.seq` files and writing generated files safely.

Writes are atomic (a temporary file in the same folder, then a rename), keep the permissions of
the file they replace (a new file gets the usual umask mode), and skip a file whose content
would not change, so its modification time stays.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from seqgen.errors import SeqgenError

# seqgen.errors and seqgen.syntax are imported only to report a problem: a run answered from the
# cache writes its file without them.


def _fail(message: str, name: str, **kw: object) -> SeqgenError:
    from seqgen.errors import Diagnostic, SeqgenError

    span, hint, source = kw.get("span"), kw.get("hint"), kw.get("source")
    return SeqgenError(Diagnostic(message, span, hint), file=name, source=source)  # type: ignore[arg-type]


def read_source(path: Path) -> str:
    """The text of a `.seq` file; an unreadable or non-UTF-8 file is a `SeqgenError`."""
    name = str(path)
    try:
        data = path.read_bytes()
    except IsADirectoryError:
        raise _fail("is a directory, not a .seq file", name) from None
    except FileNotFoundError:
        raise _fail("no such file", name) from None
    except OSError as e:
        raise _fail(f"cannot read the file: {e.strerror}", name) from None
    return decode_source(data, name)


def decode_source(data: bytes, name: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        before = data[: e.start]
        line = before.count(b"\n") + 1
        col = len(before.rsplit(b"\n", 1)[-1].decode("utf-8", "replace")) + 1
        from seqgen.syntax import Span

        raise _fail(
            f"the file is not valid UTF-8 (byte 0x{data[e.start]:02x})",
            name,
            span=Span(line, col, line, col + 1),
            hint="save the file as UTF-8",
            source=data.decode("utf-8", "replace"),
        ) from None


def _umask_mode() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def write_if_changed(path: Path, text: str) -> bool:
    """Write `text` to `path` atomically unless it already holds exactly that; True if written."""
    data = text.encode("utf-8")
    name = str(path)
    try:
        existing = path.read_bytes()
    except FileNotFoundError:
        existing = None
    except IsADirectoryError:
        raise _fail("the output path is a directory", name) from None
    except OSError as e:
        raise _fail(f"cannot read the output file: {e.strerror}", name) from None  # fmt: skip
    if existing == data:
        return False
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise _fail(f"the output folder {str(folder)!r} does not exist", name)  # fmt: skip
    if existing is not None:
        st = path.stat()
        mode = stat.S_IMODE(st.st_mode)
        # Root may write anywhere: a file without its owner's write bit is read-only by intent.
        if not st.st_mode & stat.S_IWUSR or not os.access(path, os.W_OK):
            raise _fail("the output file is read-only; not replacing it", name)  # fmt: skip
    else:
        mode = _umask_mode()
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as e:
        raise _fail(f"cannot write to the output folder: {e.strerror}", name) from None  # fmt: skip
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException as e:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(e, OSError):
            raise _fail(f"cannot write the output file: {e.strerror}", name) from None  # fmt: skip
        raise
    return True


#: Folders never searched for `.seq` files (besides hidden ones such as `.git`).
SKIPPED_FOLDERS = frozenset(
    {"__pycache__", "node_modules", "venv", "site-packages", "build", "dist"}
)


def collect_sources(paths: list[str]) -> list[tuple[Path, Path]]:
    """(file, its path relative to the folder named) for the files named and every `*.seq`
    file under the folders named, in order (sorted within a folder; hidden and build folders
    skipped).  Missing paths are kept: reading them reports the error."""
    found: dict[Path, Path] = {}
    for name in paths:
        path = Path(name)
        if not path.is_dir():
            found.setdefault(path, Path(path.name))
            continue
        for root, folders, names in os.walk(path):
            folders[:] = sorted(
                f for f in folders if not f.startswith(".") and f not in SKIPPED_FOLDERS
            )
            for n in sorted(names):
                if n.endswith(".seq"):
                    file = Path(root) / n
                    found.setdefault(file, file.relative_to(path))
    return list(found.items())

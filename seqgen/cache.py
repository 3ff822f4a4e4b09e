"""A content-addressed cache of generation results, so that a warm run skips lark, Jinja2, black.

When neither the input, the options, `[tool.seqgen]`, the templates nor the generator changed,
the code seqgen would write is already known.  The command line asks this module first::

    key = make_key(source=data, options={...every option...}, config=pyproject_bytes,
                   templates=options_templates, extra={"file": filename})
    hit = load(key)          # {"code": str, "diagnostics": [dict, ...]} or None
    ... on a miss: generate, then store(key, {"code": code, "diagnostics": [...]}) ...

API:

- `cache_dir()` — the checked cache folder (created with mode 0700), or None: do not cache.
- `fingerprint()` — identifies the generator: seqgen's version and files, black, lark, Jinja2.
- `make_key(...)` — the sha256 of everything that decides the output.
- `load(key)` — the stored payload, or None on any problem (a miss).
- `store(key, payload)` — save a payload; never fails a run (OS errors are swallowed).
- `diagnostic_to_dict(d)`, `diagnostic_from_dict(data)` — a `Diagnostic` as plain data.
- `prune(max_entries)` — drop the oldest entries; `store` calls it for one key in 256.

Where: `$SEQGEN_CACHE_DIR`, else `$XDG_CACHE_HOME/seqgen` or `~/.cache/seqgen` (Linux, BSD),
`~/Library/Caches/seqgen` (macOS), `%LOCALAPPDATA%\\seqgen\\Cache` (Windows); entries live in
`v1/<key[:2]>/<key>.json`.  The `v1` folder changes with the entry format.

What the key covers: the input's bytes, every option the caller passes (plain data only; tuples
and lists, ints, floats and bools stay distinct), the bytes of the `pyproject.toml` the settings
came from, and `fingerprint()`.  A user's template folder is hashed by content (every file under
it, symlinks followed); seqgen's own files (package, grammar, templates) only by their stat
(path, size, mtime, ctime), which is cheap and changes with every install or edit; black, lark
and Jinja2 by the version of their installed distribution and the stat of their `__init__`.
The fingerprint is computed without importing any of them, and this module imports only the
standard library (a `Diagnostic` is rebuilt, importing `seqgen.errors`, only when there is one).

Threat model.  The cache is private to one user: its folder must be a real folder (not a
symlink) owned by that user with no group or other permissions (group and other bits are
removed if we own it); otherwise nothing is cached.  Nobody else can then create, replace or
link anything inside it.  Its parent folders are trusted like the home folder (a symlinked
`~/.cache` is fine); pointing `$SEQGEN_CACHE_DIR` into a folder that others may write without
the sticky bit is unsafe, as it would be for any program.  Still, as defence in depth and
against corruption:

- an entry is plain JSON, read with `json.loads` only; a hit never executes anything (no
  pickle, marshal or eval), and the code it holds is only ever compared or written out;
- an entry is opened with O_NOFOLLOW (a symlink is a miss, its target never read) and
  O_NONBLOCK (a FIFO cannot hang a run), must be a regular file of at most 64 MB owned by the
  user, valid UTF-8 JSON of the expected shape, for this very key, with a matching sha256 —
  anything else is a miss and the entry is rewritten after the run;
- writes are atomic: a new file (mode 0600, O_EXCL) in the entry's folder, renamed over the
  entry, so a reader sees the old entry, the new one or none; concurrent writers of one key
  write identical bytes.  Entries are not fsynced: a crash may leave an empty or partial file,
  which the checks above turn into a miss (fsync costs 0.3 ms per entry on an SSD, tens of
  milliseconds on a busy disk, and durability buys nothing for a cache);
- any OSError while storing is swallowed: a cache never makes a run fail.

The checksum catches corruption, not forgery: anyone who can write the folder can run code as
its user anyway.  Pruning removes the oldest-written entries, not the least recently used ones:
an entry pruned while still in use is simply written again on its next miss.
"""

from __future__ import annotations

import json
import os
import stat
import sys
from collections.abc import Mapping

try:  # CPython's own SHA-256: `hashlib` loads OpenSSL first, 2-3 ms of a cached run
    from _sha2 import sha256  # Python 3.12 and later
except ImportError:  # pragma: no cover - depends on the Python version
    try:
        from _sha256 import sha256  # Python 3.11
    except ImportError:
        from hashlib import sha256

TYPE_CHECKING = False  # typing and pathlib cost milliseconds: this module is on the cached path
if TYPE_CHECKING:  # pragma: no cover - seqgen.errors imports seqgen.syntax, which costs ~12 ms
    from pathlib import Path
    from typing import Any

    from seqgen.errors import Diagnostic

#: The version of the entry format; also the name of the cache's subfolder (`v1`).
FORMAT = 1
#: An entry larger than this is never read.
MAX_ENTRY_BYTES = 64 * 1024 * 1024
#: The distributions whose versions decide the generated code, besides seqgen itself.
TOOLS = ("black", "lark", "jinja2")

_POSIX = os.name == "posix"
_HEX = frozenset("0123456789abcdef")
_SEVERITIES = ("error", "warning", "note")
_DIAGNOSTIC_FIELDS = frozenset({"message", "span", "hint", "severity", "related"})
# Flags that exist only on some platforms are 0 elsewhere.
_O_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_O_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_O_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_O_DIRECTORY = getattr(os, "O_DIRECTORY", 0)
_O_BINARY = getattr(os, "O_BINARY", 0)
_O_CREATE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _O_NOFOLLOW | _O_CLOEXEC | _O_BINARY
#: A temporary file older than this was left by a crashed writer; `prune` removes it.
_STALE_TEMP_NS = 3600 * 10**9

_fingerprint: str | None = None  # memoized per process by fingerprint()


# --- the folder -----------------------------------------------------------------------------


def cache_dir() -> Path | None:
    """The versioned cache folder, created if needed, or None when it is unsafe or unusable."""
    from pathlib import Path

    folder = _folder()
    return Path(folder) if folder is not None else None


def _base() -> str | None:
    """The platform's cache folder for seqgen (not yet checked)."""
    override = os.environ.get("SEQGEN_CACHE_DIR")
    if override:
        return os.path.abspath(override)
    if sys.platform == "win32":
        local = os.environ.get("LOCALAPPDATA") or os.path.expanduser(r"~\AppData\Local")
        return os.path.join(local, "seqgen", "Cache")
    home = os.path.expanduser("~")
    if home == "~":  # no home folder known: nowhere safe to cache
        return None
    if sys.platform == "darwin":
        return os.path.join(home, "Library", "Caches", "seqgen")
    xdg = os.environ.get("XDG_CACHE_HOME")
    root = xdg if xdg and os.path.isabs(xdg) else os.path.join(home, ".cache")
    return os.path.join(root, "seqgen")


def _folder() -> str | None:
    base = _base()
    if base is None:
        return None
    try:
        os.makedirs(os.path.dirname(base), exist_ok=True)
    except OSError:
        return None
    versioned = os.path.join(base, f"v{FORMAT}")
    if _private_dir(base, create=True) and _private_dir(versioned, create=True):
        return versioned
    return None


def _private_dir(path: str, *, create: bool) -> bool:
    """Whether `path` is a real folder, ours alone (group and other bits are removed if we own
    it); with `create`, made first with mode 0700 if missing."""
    try:
        if create:
            try:
                os.mkdir(path, 0o700)
            except FileExistsError:
                pass
        if not _POSIX:  # no owners or modes to check; still no symlinks
            st = os.lstat(path)
            return stat.S_ISDIR(st.st_mode) and not stat.S_ISLNK(st.st_mode)
        # Check and fix the folder through one descriptor, so a swap between the check and the
        # chmod cannot redirect the chmod.  A symlink fails with ELOOP, a file with ENOTDIR.
        fd = os.open(path, os.O_RDONLY | _O_DIRECTORY | _O_NOFOLLOW | _O_CLOEXEC)
        try:
            st = os.fstat(fd)
            if not stat.S_ISDIR(st.st_mode) or st.st_uid != os.geteuid():
                return False
            if st.st_mode & 0o077:
                os.fchmod(fd, stat.S_IMODE(st.st_mode) & 0o700)
                return not os.fstat(fd).st_mode & 0o077
            return True
        finally:
            os.close(fd)
    except OSError:
        return False


# --- the key --------------------------------------------------------------------------------


def fingerprint() -> str:
    """A hash identifying the generator: seqgen's version and installed files, the Python
    implementation, and the installed black, lark and Jinja2 — none of them imported."""
    global _fingerprint
    if _fingerprint is None:
        from seqgen._version import __version__

        facts = {
            "seqgen": __version__,
            "python": sys.implementation.cache_tag,
            "files": _seqgen_files(),
            "tools": _tool_versions(),
        }
        _fingerprint = _sha256(_dumps(facts))
    return _fingerprint


def _seqgen_files() -> list[list[Any]]:
    """(path, size, mtime, ctime) of seqgen's package files and its grammar and templates,
    found as seqgen.resources finds them (inside the package, else beside it)."""
    package = os.path.dirname(os.path.abspath(__file__))
    rows: list[list[Any]] = []
    _stat_tree(package, "seqgen", rows)
    for name in ("grammar", "templates"):
        if not os.path.isdir(os.path.join(package, name)):
            beside = os.path.join(os.path.dirname(os.path.realpath(__file__)), os.pardir, name)
            _stat_tree(os.path.normpath(beside), name, rows)
    rows.sort()
    return rows


def _stat_tree(folder: str, label: str, rows: list[list[Any]]) -> None:
    try:
        entries = list(os.scandir(folder))
    except OSError:
        rows.append([label, "missing"])
        return
    for entry in entries:
        name = entry.name
        if name.startswith(".") or name == "__pycache__" or name.endswith(".pyc"):
            continue
        try:
            if entry.is_dir():
                _stat_tree(entry.path, f"{label}/{name}", rows)
                continue
            st = entry.stat()
        except OSError:
            continue
        rows.append([f"{label}/{name}", st.st_size, st.st_mtime_ns, st.st_ctime_ns])


def _tool_versions() -> dict[str, Any]:
    """Each tool's distribution versions and the stat of its module, found with `find_spec`
    (which locates a top-level package without importing it) and the `*.dist-info` folders
    beside it."""
    from importlib.util import find_spec

    listings: dict[str, list[str]] = {}
    found: dict[str, Any] = {}
    for tool in TOOLS:
        try:
            spec = find_spec(tool)
        except (ImportError, ValueError):
            spec = None
        if spec is None or not spec.origin:
            found[tool] = None
            continue
        try:
            st = os.stat(spec.origin)
            origin = [spec.origin, st.st_size, st.st_mtime_ns]
        except OSError:
            origin = [spec.origin]
        locations = list(spec.submodule_search_locations or [])
        module_dir = locations[0] if locations else spec.origin
        site = os.path.dirname(os.path.abspath(module_dir))
        if site not in listings:
            try:
                listings[site] = sorted(e.name for e in os.scandir(site))
            except OSError:
                listings[site] = []
        found[tool] = [origin, [n for n in listings[site] if _distribution_of(n) == tool]]
    return found


def _distribution_of(folder_name: str) -> str | None:
    """`black` for `black-26.10.1.dist-info` (names normalized as packaging does)."""
    for suffix in (".dist-info", ".egg-info"):
        if folder_name.endswith(suffix):
            # The name's own dashes are escaped as underscores, so the first dash ends it.
            name = folder_name[: -len(suffix)].partition("-")[0]
            return name.lower().replace("-", "_").replace(".", "_")
    return None


def make_key(
    *,
    source: bytes,
    options: Mapping[str, object],
    config: bytes | None,
    templates: str | None,
    extra: Mapping[str, object] | None = None,
) -> str:
    """The cache key (64 hex digits) of one generation.

    `source` is the input's bytes; `options` every option that may change the result (plain
    data: None, bool, int, float, str, lists, tuples and str-keyed dicts of them, else
    TypeError); `config` the bytes of the `pyproject.toml` the settings came from, or None;
    `templates` the user's template folder, hashed by content; `extra` anything else the caller
    wants in the key (e.g. the file name the generated header shows).
    """
    if not isinstance(source, bytes):
        raise TypeError(f"source must be bytes, not {type(source).__name__}")
    if config is not None and not isinstance(config, bytes):
        raise TypeError(f"config must be bytes or None, not {type(config).__name__}")
    if templates is not None and not isinstance(templates, str):
        raise TypeError(f"templates must be a str or None, not {type(templates).__name__}")
    facts = {
        "format": FORMAT,
        "generator": fingerprint(),
        "source": _sha256(source),
        "options": _canonical(options, "options"),
        "config": None if config is None else _sha256(config),
        "templates": None if templates is None else _template_contents(templates),
        "extra": _canonical(extra or {}, "extra"),
    }
    return _sha256(_dumps(facts))


def _canonical(value: object, where: str) -> Any:
    """`value` as JSON that tells types apart (a tuple is not a list, 1 is not 1.0 or True)."""
    if value is None or isinstance(value, (bool, int, str)):
        return [type(value).__name__, value]
    if isinstance(value, float):
        return ["float", repr(value)]  # also nan, inf and -0.0
    if isinstance(value, (list, tuple)):
        return [type(value).__name__, [_canonical(v, where) for v in value]]
    if isinstance(value, Mapping):
        items = {}
        for k, v in value.items():
            if not isinstance(k, str):
                raise TypeError(f"{where}: keys must be str, not {type(k).__name__} ({k!r})")
            items[k] = _canonical(v, f"{where}[{k!r}]")
        return ["dict", items]
    raise TypeError(f"{where}: {type(value).__name__} is not plain data ({value!r})")


def _template_contents(folder: str) -> Any:
    """[relative path, sha256] of every file under `folder`, sorted, following symlinks as
    Jinja2's loader does (each folder once, so a symlink loop ends)."""
    root = os.path.abspath(folder)
    if not os.path.isdir(root):
        return ["not a folder", root]
    files: list[list[str]] = []
    seen: set[tuple[int, int]] = set()
    for path, folders, names in os.walk(root, followlinks=True):
        try:
            st = os.stat(path)
        except OSError:
            continue
        if (st.st_dev, st.st_ino) in seen:
            folders[:] = []
            continue
        seen.add((st.st_dev, st.st_ino))
        for name in names:
            full = os.path.join(path, name)
            relative = os.path.relpath(full, root).replace(os.sep, "/")
            try:
                with open(full, "rb") as f:
                    files.append([relative, sha256(f.read()).hexdigest()])
            except OSError as e:
                files.append([relative, f"unreadable: {e.errno}"])
    files.sort()
    return files


# --- entries --------------------------------------------------------------------------------


def load(key: str) -> dict[str, Any] | None:
    """The payload stored under `key` (`code`, `diagnostics` and any other field given to
    `store`), or None: missing, unsafe, unreadable, corrupt or written for another key."""
    _check_key(key)
    folder = _folder()
    if folder is None:
        return None
    shard = os.path.join(folder, key[:2])
    if not _private_dir(shard, create=False):
        return None
    data = _read_entry(os.path.join(shard, key + ".json"))
    if data is None:
        return None
    try:
        entry = json.loads(data.decode("utf-8"))
    except (ValueError, RecursionError):  # not UTF-8, not JSON, or absurdly nested
        return None
    return _valid_entry(entry, key)


def _read_entry(path: str) -> bytes | None:
    try:
        fd = os.open(path, os.O_RDONLY | _O_NOFOLLOW | _O_CLOEXEC | _O_NONBLOCK | _O_BINARY)
    except OSError:  # missing, or a symlink (ELOOP)
        return None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or st.st_size > MAX_ENTRY_BYTES:
            return None
        if _POSIX and st.st_uid != os.geteuid():
            return None
        chunks = []
        size = 0
        while size <= MAX_ENTRY_BYTES:
            chunk = os.read(fd, max(st.st_size + 1 - size, 65536))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        return b"".join(chunks) if size <= MAX_ENTRY_BYTES else None
    except OSError:
        return None
    finally:
        os.close(fd)


def _valid_entry(entry: object, key: str) -> dict[str, Any] | None:
    if not isinstance(entry, dict):
        return None
    checksum = entry.pop("sha256", None)
    if type(entry.get("format")) is not int or entry["format"] != FORMAT:
        return None
    if entry.get("key") != key or not isinstance(checksum, str):
        return None
    if _sha256(_dumps(entry)) != checksum:
        return None
    payload = {k: v for k, v in entry.items() if k not in ("format", "key")}
    if not _valid_payload(payload):
        return None
    return payload


def _valid_payload(payload: Mapping[str, Any]) -> bool:
    diagnostics = payload.get("diagnostics")
    return (
        isinstance(payload.get("code"), str)
        and isinstance(diagnostics, list)
        and all(_valid_diagnostic(d) for d in diagnostics)
    )


def store(key: str, payload: Mapping[str, Any]) -> None:
    """Save `payload` under `key` atomically: `code` (str), `diagnostics` (dicts from
    `diagnostic_to_dict`) and optionally more plain fields.  A payload that is not plain data
    is a TypeError; a failure to write is silently no cache."""
    _check_key(key)
    if not isinstance(payload, Mapping) or not _valid_payload(payload):
        raise TypeError("payload needs 'code' (str) and 'diagnostics' (diagnostic dicts)")
    if {"format", "key", "sha256"} & set(payload):
        raise TypeError("payload fields 'format', 'key' and 'sha256' are the cache's own")
    entry: dict[str, Any] = {**payload, "format": FORMAT, "key": key}
    try:
        entry["sha256"] = _sha256(_dumps(entry))
    except ValueError as e:  # nan or inf, or a circular structure
        raise TypeError(f"payload is not plain data: {e}") from None
    data = _dumps(entry)
    folder = _folder()
    if folder is None:
        return
    shard = os.path.join(folder, key[:2])
    if not _private_dir(shard, create=True):
        return
    try:
        _write_atomically(shard, key, data)
    except OSError:
        return
    if key.startswith("00"):  # about one store in 256 keeps the cache bounded
        prune()


def _write_atomically(folder: str, key: str, data: bytes) -> None:
    for _ in range(10):
        temp = os.path.join(folder, f".{key[:16]}.{os.getpid()}.{os.urandom(6).hex()}.tmp")
        try:
            fd = os.open(temp, _O_CREATE, 0o600)
        except FileExistsError:  # pragma: no cover - 48 random bits
            continue
        break
    else:  # pragma: no cover
        return
    try:
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
        finally:
            os.close(fd)
        os.replace(temp, os.path.join(folder, key + ".json"))
    except BaseException:
        try:
            os.unlink(temp)
        except OSError:
            pass
        raise


def prune(max_entries: int = 5000) -> None:
    """Keep the `max_entries` most recently written entries; remove the rest and the temporary
    files of crashed writers.  Errors are ignored."""
    folder = _folder()
    if folder is None:
        return
    entries: list[tuple[int, str]] = []
    now = _now_ns()
    try:
        shards = [e for e in os.scandir(folder) if e.is_dir(follow_symlinks=False)]
    except OSError:
        return
    for shard in shards:
        try:
            for e in os.scandir(shard.path):
                if not e.is_file(follow_symlinks=False):
                    continue
                mtime = e.stat(follow_symlinks=False).st_mtime_ns
                if e.name.endswith(".json"):
                    entries.append((mtime, e.path))
                elif e.name.endswith(".tmp") and now - mtime > _STALE_TEMP_NS:
                    os.unlink(e.path)
        except OSError:
            continue
    entries.sort(reverse=True)
    for _, path in entries[max(max_entries, 0) :]:
        try:
            os.unlink(path)
        except OSError:
            pass


def _now_ns() -> int:
    import time

    return time.time_ns()


# --- diagnostics as plain data --------------------------------------------------------------


def diagnostic_to_dict(d: Diagnostic) -> dict[str, Any]:
    """A `Diagnostic` as JSON-ready data: spans become [line, column, end_line, end_column]."""
    return {
        "message": d.message,
        "span": _span_list(d.span),
        "hint": d.hint,
        "severity": d.severity,
        "related": [[text, _span_list(span)] for text, span in d.related],
    }


def diagnostic_from_dict(data: Mapping[str, Any]) -> Diagnostic:
    """The `Diagnostic` that `diagnostic_to_dict` made `data` from; ValueError if malformed."""
    if not _valid_diagnostic(data):
        raise ValueError(f"not a stored diagnostic: {data!r}")
    from seqgen.syntax import Span
    from seqgen.errors import Diagnostic

    span = data["span"]
    return Diagnostic(
        data["message"],
        Span(*span) if span is not None else None,
        data["hint"],
        data["severity"],
        tuple((text, Span(*where)) for text, where in data["related"]),
    )


def _span_list(span: Any) -> list[int] | None:
    if span is None:
        return None
    return [span.line, span.column, span.end_line, span.end_column]


def _valid_diagnostic(data: object) -> bool:
    if not isinstance(data, Mapping) or set(data) != _DIAGNOSTIC_FIELDS:
        return False
    related = data["related"]
    return (
        isinstance(data["message"], str)
        and (data["span"] is None or _valid_span(data["span"]))
        and (data["hint"] is None or isinstance(data["hint"], str))
        and data["severity"] in _SEVERITIES
        and isinstance(related, list)
        and all(
            isinstance(r, list) and len(r) == 2 and isinstance(r[0], str) and _valid_span(r[1])
            for r in related
        )
    )


def _valid_span(span: object) -> bool:
    return (
        isinstance(span, list) and len(span) == 4 and all(type(n) is int and n >= 0 for n in span)
    )


# --- helpers --------------------------------------------------------------------------------


def _check_key(key: str) -> None:
    if not (isinstance(key, str) and len(key) == 64 and _HEX.issuperset(key)):
        raise ValueError(f"not a cache key (64 lowercase hex digits): {key!r}")


def _dumps(value: Any) -> bytes:
    """The one canonical JSON encoding: sorted keys, ASCII, no spaces, no nan."""
    return json.dumps(
        value, sort_keys=True, ensure_ascii=True, separators=(",", ":"), allow_nan=False
    ).encode("ascii")


def _sha256(data: bytes) -> str:
    return sha256(data).hexdigest()

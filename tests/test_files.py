"""Writing output files: atomic, permission-keeping, never partial, never when refused.

tests/test_cli.py already shows that an unchanged file is not rewritten (its mtime stays), that
a new file gets the umask mode and an existing one keeps its 0640, that `--check` and `--diff`
write nothing, that a read-only file or a missing folder is refused, and that bad input leaves
the output as it was.  This file adds what those leave open: several processes writing one file
at once, a write that fails half-way, other modes and umasks, every kind of failed run, and the
cached path of the command line (a second run is answered from the cache and writes through the
same code).
"""

from __future__ import annotations

import errno
import io
import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

import seqgen
import seqgen.files
from seqgen.cli import main
from seqgen.files import write_if_changed

MODEL = b"input 4\ndense 4 relu\ndense 2\n"
OLD = b"# an older output, complete\n"


def run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(args), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def folder(workdir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """conftest's empty working folder, as the current one."""
    monkeypatch.chdir(workdir)
    return workdir


def listing(path: Path) -> list[str]:
    return sorted(p.name for p in path.iterdir())


def snapshot(path: Path) -> tuple[bytes, int, int, int]:
    st = path.stat()
    return path.read_bytes(), st.st_mtime_ns, st.st_ino, stat.S_IMODE(st.st_mode)


def expected_code(source: bytes, name: str) -> str:
    return seqgen.generate(source.decode(), filename=name)


# --- several writers at once ------------------------------------------------------------------


def _big_model(width: int) -> bytes:
    lines = [f"dense {width + i % 7} relu as layer_{i}" for i in range(1500)]
    return ("input 64\n" + "\n".join(lines) + "\n").encode()


def _writers(args: list[list[str]], cwd: Path) -> list[subprocess.Popen]:
    return [subprocess.Popen([sys.executable, "-m", "seqgen", *a], cwd=cwd,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE) for a in args]  # fmt: skip


def _watch(path: Path, allowed: set[bytes], stop: threading.Event, seen: list[bytes]) -> None:
    """Read `path` over and over until stopped; record anything not in `allowed`."""
    while not stop.is_set():
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            data = b"<missing>"
        if data not in allowed:
            seen.append(data)


@pytest.mark.slow
@pytest.mark.parametrize("writers", [2, 4])
def test_concurrent_writers_leave_a_complete_file(folder: Path, writers: int) -> None:
    big = _big_model(64)
    (folder / "big.seq").write_bytes(big)
    expected = expected_code(big, "big.seq").encode()
    same = folder / "same.py"
    for round_ in range(6):  # the first round generates, later ones answer from the cache
        same.write_bytes(OLD + bytes([round_]))  # stale: every process has to write
        stop, torn = threading.Event(), []
        reader = threading.Thread(target=_watch, args=(same, {OLD + bytes([round_]), expected},
                                                       stop, torn))  # fmt: skip
        reader.start()
        procs = _writers([["big.seq", "-o", "same.py"]] * writers, folder)
        results = [(p.wait(timeout=120), p.stderr.read()) for p in procs]  # type: ignore[union-attr]
        stop.set()
        reader.join()
        for p in procs:
            p.stdout.close()  # type: ignore[union-attr]
            p.stderr.close()  # type: ignore[union-attr]
        assert results == [(0, b"")] * writers
        assert same.read_bytes() == expected
        assert torn == [], "a reader saw a partial or missing file"
        assert listing(folder) == ["big.seq", "same.py"], "temporary files were left"


@pytest.mark.slow
def test_concurrent_writers_of_different_models_leave_one_of_them(folder: Path) -> None:
    sources = {"a.seq": _big_model(32), "b.seq": _big_model(48)}
    outputs = set()
    for name, data in sources.items():
        (folder / name).write_bytes(data)
        outputs.add(expected_code(data, name).encode())
    same = folder / "same.py"
    finals = set()
    for _ in range(5):
        same.write_bytes(OLD)
        stop, torn = threading.Event(), []
        reader = threading.Thread(target=_watch, args=(same, outputs | {OLD}, stop, torn))
        reader.start()
        procs = _writers([["a.seq", "-o", "same.py"], ["b.seq", "-o", "same.py"]] * 2, folder)
        codes = [p.wait(timeout=120) for p in procs]
        stop.set()
        reader.join()
        for p in procs:
            p.stdout.close()  # type: ignore[union-attr]
            p.stderr.close()  # type: ignore[union-attr]
        assert codes == [0, 0, 0, 0]
        assert same.read_bytes() in outputs and torn == []
        finals.add(same.read_bytes())
        assert listing(folder) == ["a.seq", "b.seq", "same.py"]


# --- a write that fails half-way --------------------------------------------------------------


@pytest.mark.parametrize("failing", ["fsync", "replace", "chmod"])
def test_a_failed_write_leaves_the_old_file_and_no_temporary(folder: Path, monkeypatch,
                                                           failing: str) -> None:  # fmt: skip
    out = folder / "model.py"
    out.write_bytes(OLD)
    before = snapshot(out)

    def fail(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(seqgen.files.os, failing, fail)
    with pytest.raises(seqgen.SeqgenError, match="cannot write the output file: No space left"):
        write_if_changed(out, "new = 1\n")
    monkeypatch.undo()
    assert snapshot(out) == before
    assert listing(folder) == ["model.py"]


def test_an_interrupted_write_leaves_the_old_file_and_no_temporary(folder: Path,
                                                                   monkeypatch) -> None:  # fmt: skip
    out = folder / "model.py"
    out.write_bytes(OLD)

    def interrupt(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(seqgen.files.os, "fsync", interrupt)
    with pytest.raises(KeyboardInterrupt):
        write_if_changed(out, "new = 1\n")
    monkeypatch.undo()
    assert out.read_bytes() == OLD and listing(folder) == ["model.py"]


def test_a_rewrite_replaces_the_file_rather_than_writing_into_it(folder: Path) -> None:
    (folder / "m.seq").write_bytes(MODEL)
    out = folder / "model.py"
    out.write_bytes(OLD)
    inode = out.stat().st_ino
    held = out.open("rb")  # a reader that opened the old file keeps reading the old file
    try:
        assert run("m.seq", "-o", "model.py")[0] == 0
        assert held.read() == OLD
    finally:
        held.close()
    assert out.stat().st_ino != inode
    assert out.read_text() == expected_code(MODEL, "m.seq")


# --- permissions ------------------------------------------------------------------------------


@pytest.mark.parametrize("umask", [0o022, 0o077, 0o002, 0o027])
def test_a_new_file_gets_the_umask_mode(folder: Path, umask: int) -> None:
    (folder / "m.seq").write_bytes(MODEL)
    old = os.umask(umask)
    try:
        assert run("m.seq", "-o", "model.py")[0] == 0
        assert seqgen.generate_file(folder / "m.seq", folder / "api.py")
    finally:
        os.umask(old)
    for name in ("model.py", "api.py"):
        assert stat.S_IMODE((folder / name).stat().st_mode) == 0o666 & ~umask


@pytest.mark.parametrize("mode", [0o600, 0o644, 0o664, 0o755, 0o700])
def test_a_rewritten_file_keeps_its_mode(folder: Path, mode: int) -> None:
    (folder / "m.seq").write_bytes(MODEL)
    out = folder / "model.py"
    out.write_bytes(OLD)
    out.chmod(mode)
    old = os.umask(0o077)  # the umask applies to new files only
    try:
        assert run("m.seq", "-o", "model.py")[0] == 0
    finally:
        os.umask(old)
    assert out.read_text() == expected_code(MODEL, "m.seq")
    assert stat.S_IMODE(out.stat().st_mode) == mode


@pytest.mark.parametrize("mode", [0o444, 0o400, 0o555])
def test_a_read_only_file_is_refused_not_replaced(folder: Path, mode: int) -> None:
    (folder / "m.seq").write_bytes(MODEL)
    out = folder / "model.py"
    out.write_bytes(OLD)
    out.chmod(mode)
    before = snapshot(out)
    for attempt in range(2):  # cold, then with the cache warm from a run to another file
        code, stdout, err = run("m.seq", "-o", "model.py")
        assert (code, stdout) == (2, "")
        assert err == "model.py: error: the output file is read-only; not replacing it\n"
        assert snapshot(out) == before
        run("m.seq", "-o", "other.py")
    with pytest.raises(seqgen.SeqgenError, match="read-only"):
        seqgen.generate_file(folder / "m.seq", out)
    assert snapshot(out) == before


def test_a_read_only_file_that_is_up_to_date_is_left_alone(folder: Path) -> None:
    (folder / "m.seq").write_bytes(MODEL)
    out = folder / "model.py"
    out.write_text(expected_code(MODEL, "m.seq"))
    out.chmod(0o444)
    before = snapshot(out)
    for _ in range(2):
        assert run("m.seq", "-o", "model.py") == (0, "", "")
    assert snapshot(out) == before


def test_unchanged_output_is_not_touched_cold_or_warm(folder: Path) -> None:
    (folder / "m.seq").write_bytes(MODEL)
    out = folder / "model.py"
    assert run("m.seq", "-o", "model.py")[0] == 0
    os.utime(out, ns=(1_000_000_000, 1_000_000_000))
    before = snapshot(out)
    for _ in range(2):
        assert run("m.seq", "-o", "model.py") == (0, "", "")
        assert run("m.seq", "-o", "model.py", "--check") == (0, "", "")
    assert seqgen.generate_file(folder / "m.seq", out) is False
    assert snapshot(out) == before


# --- --check never writes ---------------------------------------------------------------------


def test_check_never_writes(folder: Path) -> None:
    (folder / "m.seq").write_bytes(MODEL)
    for _ in range(2):  # cold, then warm from the runs that wrote other.py
        code, _, err = run("m.seq", "-o", "sub/model.py", "--check")
        assert code == 1 and "is missing" in err
        assert not (folder / "sub").exists()
        (folder / "stale.py").write_bytes(OLD)
        (folder / "stale.py").chmod(0o444)
        before = snapshot(folder / "stale.py")
        assert run("m.seq", "-o", "stale.py", "--check")[0] == 1
        assert run("m.seq", "-o", "stale.py", "--check", "--diff")[0] == 1
        assert snapshot(folder / "stale.py") == before
        (folder / "stale.py").chmod(0o644)
        (folder / "stale.py").unlink()
        assert run("m.seq", "-o", "other.py")[0] == 0
    assert listing(folder) == ["m.seq", "other.py"]


# --- every kind of failed run leaves the output as it was -------------------------------------

#: A failure: (the .seq text, the input to name, more options, text of the message).
FAILURES = {
    "syntax error": (b"dense 4 (\n", "m.seq", [], "m.seq:1:9: error: '(' was never closed"),
    "unknown layer": (b"input 4\ndense2 4\n", "m.seq", [], "m.seq:2:1: error: unknown layer"),
    "shape error": (b"input 4\nconv2d 4 3\n", "m.seq", [], "m.seq:2:1: error: Conv2D cannot"),
    "warning as error": (b"input 4\ndense 4\ndropout 0.5\n", "m.seq", ["-W", "error"],
                         "m.seq:3:1: error: "),
    "not UTF-8": (b"input 4\ndense 4 as \"caf\xe9\"\n", "m.seq", [],
                  "m.seq:2:16: error: the file is not valid UTF-8"),
    "missing input": (MODEL, "missing.seq", [], "missing.seq: error: no such file"),
    "input is a folder": (MODEL, ".", [], "is a folder"),
    "usage error": (MODEL, "m.seq", ["--templates", "/no/such/folder"], "--templates"),
    "unknown -D parameter": (MODEL, "m.seq", ["-D", "width=4"], "no parameter width"),
}  # fmt: skip


@pytest.mark.parametrize("failure", list(FAILURES))
def test_a_failed_run_leaves_the_output_byte_for_byte(folder: Path, failure: str) -> None:
    data, src, options, message = FAILURES[failure]
    (folder / "m.seq").write_bytes(data)
    out = folder / "model.py"
    out.write_bytes(OLD)
    os.utime(out, ns=(1_000_000_000, 1_000_000_000))
    before = snapshot(out)
    names = listing(folder)
    for _ in range(2):  # cold, then with whatever the cache holds
        code, stdout, err = run(src, "-o", "model.py", *options)
        assert (code, stdout) == (2, "") and message in err, err
        assert "Traceback" not in err
        assert snapshot(out) == before
        assert listing(folder) == names


def test_the_output_path_is_a_folder(folder: Path) -> None:
    (folder / "m.seq").write_bytes(MODEL)
    (folder / "model.py").mkdir()
    code, _, err = run("m.seq", "-o", "model.py")
    assert code == 2 and err == "model.py: error: the output path is a directory\n"
    assert listing(folder / "model.py") == []


@pytest.mark.parametrize("output", ["m.seq", "./m.seq", "link.seq"])
def test_the_output_file_is_not_the_input(folder: Path, output: str) -> None:
    (folder / "m.seq").write_bytes(MODEL)
    (folder / "link.seq").symlink_to("m.seq")
    code, _, err = run("m.seq", "-o", output)
    assert code == 2 and err.endswith(f"-o {output} is the input file itself: choose another "
                                      "output\n")  # fmt: skip
    assert (folder / "m.seq").read_bytes() == MODEL and (folder / "link.seq").is_symlink()


def test_a_hard_link_to_the_input_is_replaced_not_written_through(folder: Path) -> None:
    (folder / "m.seq").write_bytes(MODEL)
    os.link(folder / "m.seq", folder / "hard.seq")
    assert run("m.seq", "-o", "hard.seq")[0] == 0
    assert (folder / "m.seq").read_bytes() == MODEL  # the atomic rename only replaces the link
    assert (folder / "hard.seq").read_text() == expected_code(MODEL, "m.seq")

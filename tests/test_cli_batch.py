"""Several inputs at once: `seqgen a.seq b.seq --out-dir DIR`, folders, and `--beside`."""

from __future__ import annotations

import io
import os
import shutil
from pathlib import Path

import seqgen
from seqgen.cli import main
from tests.conftest import EXAMPLES


def run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(args), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def project(tmp_path: Path) -> Path:
    src = tmp_path / "models"
    (src / "vision").mkdir(parents=True)
    (src / ".hidden").mkdir()
    shutil.copy(EXAMPLES / "mnist_convnet.seq", src / "mnist.seq")
    shutil.copy(EXAMPLES / "3dcnn.seq", src / "vision" / "cnn3d.seq")
    (src / ".hidden" / "skip.seq").write_text("dense (\n")
    (src / "notes.txt").write_text("not a model")
    return src


def expected(path: Path) -> str:
    return seqgen.generate(path.read_text(), filename=str(path))


def test_folder_to_out_dir_keeps_sub_folders(tmp_path: Path) -> None:
    src = project(tmp_path)
    out = tmp_path / "gen"
    out.mkdir()
    code, stdout, err = run(str(src), "--out-dir", str(out))
    assert (code, stdout, err) == (0, "", "")
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*")) == [
        "mnist.py", "vision", "vision/cnn3d.py"
    ]  # fmt: skip
    assert (out / "mnist.py").read_text() == expected(src / "mnist.seq")
    assert (out / "vision" / "cnn3d.py").read_text() == expected(src / "vision" / "cnn3d.seq")


def test_every_failure_is_reported_and_the_rest_written(tmp_path: Path) -> None:
    src = project(tmp_path)
    (src / "bad.seq").write_text("input 4\ndense2 3\nconv2d (\n")
    (src / "worse.seq").write_text("dense 3 relu relu\n")
    out = tmp_path / "gen"
    out.mkdir()
    code, _, err = run(str(src), "--out-dir", str(out))
    assert code == 2
    assert f"{src / 'bad.seq'}:3:8: error: '(' was never closed" in err
    assert f"{src / 'worse.seq'}:1:" in err and "error:" in err
    assert err.endswith("2 of 4 files failed\n")
    assert "Traceback" not in err
    assert (out / "mnist.py").read_text() == expected(src / "mnist.seq")
    assert not (out / "bad.py").exists() and not (out / "worse.py").exists()


def test_beside_and_check(tmp_path: Path) -> None:
    src = project(tmp_path)
    files = [str(src / "mnist.seq"), str(src / "vision" / "cnn3d.seq")]
    assert run(*files, "--beside", "--check")[0] == 1  # missing outputs
    assert not (src / "mnist.py").exists()  # --check never writes
    assert run(*files, "--beside") == (0, "", "")
    assert (src / "vision" / "cnn3d.py").read_text() == expected(src / "vision" / "cnn3d.seq")
    os.utime(src / "mnist.py", (1_000_000, 1_000_000))
    assert run(*files, "--beside", "--check") == (0, "", "")
    assert run(*files, "--beside") == (0, "", "")
    assert (src / "mnist.py").stat().st_mtime == 1_000_000  # unchanged: not rewritten
    (src / "mnist.py").write_text("stale\n")
    code, _, err = run(*files, "--beside", "--check")
    assert code == 1 and f"{src / 'mnist.py'}: would change" in err


def test_options_apply_to_every_file(tmp_path: Path) -> None:
    src = project(tmp_path)
    out = tmp_path / "gen"
    out.mkdir()
    assert run(str(src), "--out-dir", str(out), "--style", "add", "--form", "fragment")[0] == 0
    text = (out / "mnist.py").read_text()
    assert text == seqgen.generate((src / "mnist.seq").read_text(), style="add", form="fragment",
                                   filename=str(src / "mnist.seq"))  # fmt: skip


def test_usage_errors(tmp_path: Path) -> None:
    src = project(tmp_path)
    a, b = str(src / "mnist.seq"), str(src / "vision" / "cnn3d.seq")
    for args, message in [
        ((a, b), "several inputs need --out-dir DIR or --beside"),
        ((str(src),), "is a folder: add --out-dir DIR or --beside"),
        ((a, "--out-dir", str(tmp_path / "nowhere")), "does not exist"),
        ((a, "--out-dir", str(tmp_path), "--beside"), "not both"),
        ((a, b, "--beside", "-o", "x.py"), "-o names one output file"),
        (("-", "--beside"), "not -e TEXT or '-'"),
        ((a, str(src / "mnist.seq"), "--out-dir", str(tmp_path)), ""),  # the same file twice
    ]:
        code, _, err = run(*args)
        if message:
            assert code == 2 and message in err, (args, err)
        else:
            assert code == 0, err
    (src / "vision" / "mnist.seq").write_text("dense 3\n")
    code, _, err = run(a, str(src / "vision" / "mnist.seq"), "--out-dir", str(tmp_path))
    assert code == 2 and "two inputs would write" in err


def test_worker_processes_give_the_same_files_and_messages_in_order(tmp_path: Path) -> None:
    src = tmp_path / "many"
    src.mkdir()
    base = (EXAMPLES / "mnist_convnet.seq").read_text()
    for i in range(24):
        text = base.replace("dense 10", f"dense {i + 1}") if i % 5 else "input 4\ndense (\n"
        (src / f"m{i:02d}.seq").write_text(text)
    results = {}
    for jobs in ("1", "2"):
        out = tmp_path / f"out{jobs}"
        out.mkdir()
        code, stdout, err = run(str(src), "--out-dir", str(out), "--jobs", jobs)
        files = {p.name: p.read_text() for p in sorted(out.iterdir())}
        results[jobs] = (code, stdout, err, files)
    assert results["1"] == results["2"]
    code, _, err, files = results["2"]
    assert code == 2 and len(files) == 19 and err.endswith("5 of 24 files failed\n")
    assert [line.split(":")[0] for line in err.splitlines() if ": error:" in line] == [
        str(src / f"m{i:02d}.seq") for i in range(0, 24, 5)
    ]

"""The cache of generated code through the command line: a warm run answers exactly as a cold
one, without importing lark, Jinja2 or black, and anything that changes the output misses."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from seqgen.cli import main
from tests.conftest import EXAMPLES, ROOT


@pytest.fixture
def cache(tmp_path: Path, monkeypatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("SEQGEN_CACHE_DIR", str(folder))
    return folder


def run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(args), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def entries(cache: Path) -> list[Path]:
    return sorted(cache.rglob("*.json"))


PROBE = (
    "import json, sys\n"
    "from seqgen.cli import main\n"
    "code = main(sys.argv[1:])\n"
    "heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('lark', 'jinja2', 'black'))\n"
    "print('IMPORTED', json.dumps(heavy), file=sys.stderr)\n"
    "raise SystemExit(code)\n"
)


def probe(*args: str, cwd: Path) -> tuple[int, str, str, list[str]]:
    proc = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True,
                          cwd=cwd, env=os.environ.copy(), timeout=120)  # fmt: skip
    *err, last = proc.stderr.splitlines()
    assert last.startswith("IMPORTED ")
    return proc.returncode, proc.stdout, "\n".join(err), json.loads(last[len("IMPORTED ") :])


def test_a_warm_run_answers_without_the_pipeline(cache: Path, tmp_path: Path) -> None:
    src = tmp_path / "m.seq"
    shutil.copy(EXAMPLES / "mnist_convnet.seq", src)
    out = tmp_path / "m.py"
    cold = probe(str(src), "-o", str(out), cwd=tmp_path)
    assert cold[0] == 0 and cold[3] != []  # generated: the pipeline was imported
    assert len(entries(cache)) == 1
    text = out.read_text()
    os.utime(out, (1_000_000, 1_000_000))
    warm = probe(str(src), "-o", str(out), cwd=tmp_path)
    assert warm == (0, "", "", [])
    assert out.read_text() == text and out.stat().st_mtime == 1_000_000
    assert probe(str(src), "-o", str(out), "--check", cwd=tmp_path) == (0, "", "", [])
    # Standard output, and a missing output file, are answered from the cache too.
    assert probe(str(src), cwd=tmp_path) == (0, text, "", [])
    out.unlink()
    assert probe(str(src), "-o", str(out), cwd=tmp_path)[0] == 0 and out.read_text() == text


def test_warm_and_cold_runs_print_the_same_notes(cache: Path, tmp_path: Path) -> None:
    src = tmp_path / "aug.seq"
    shutil.copy(EXAMPLES / "augmented_cnn.seq", src)  # ends under mixed_float16: a warning
    cold = run(str(src), "-o", str(tmp_path / "a.py"))
    warm = run(str(src), "-o", str(tmp_path / "a.py"))
    assert cold == warm and "warning: the model's output is float16" in warm[2]
    assert run(str(src), "-o", str(tmp_path / "a.py"), "-W", "error")[0] == 2
    assert run(str(src), "-o", str(tmp_path / "a.py"), "-W", "ignore") == (0, "", "")


def test_everything_that_decides_the_output_is_in_the_key(cache: Path, tmp_path: Path) -> None:
    src = tmp_path / "m.seq"
    shutil.copy(EXAMPLES / "mnist_convnet.seq", src)
    (tmp_path / ".git").mkdir()
    seen = set()
    for args in [(), ("--style", "add"), ("--form", "script"), ("--keras", "keras"),
                 ("--line-length", "60"), ("-D", "nothing=1")]:  # fmt: skip
        code, out, err = run(str(src), *args)
        if args == ("-D", "nothing=1"):
            assert code == 2  # an unknown parameter: not cached
            continue
        assert code == 0, err
        assert run(str(src), *args) == (code, out, err)
        seen.add(out)
    assert len(seen) == 5 and len(entries(cache)) == 5
    (tmp_path / "pyproject.toml").write_text('[tool.seqgen]\nstyle = "add"\n')
    assert "model.add(" in run(str(src))[1]
    templates = tmp_path / "tpl"
    templates.mkdir()
    module = (ROOT / "templates" / "module.py.jinja").read_text()
    (templates / "module.py.jinja").write_text(module.replace("# {{ header }}", "# {{ header }}!"))
    assert "DO NOT EDIT.!" in run(str(src), "--templates", str(templates))[1]
    (templates / "module.py.jinja").write_text(module.replace("# {{ header }}", "# {{ header }}?"))
    assert "DO NOT EDIT.?" in run(str(src), "--templates", str(templates))[1]
    src.write_text(src.read_text().replace("dense 10", "dense 11"))
    assert "Dense(11" in run(str(src))[1]


def test_no_cache_and_damaged_entries(cache: Path, tmp_path: Path) -> None:
    src = tmp_path / "m.seq"
    shutil.copy(EXAMPLES / "mnist_convnet.seq", src)
    code, expected, _ = run(str(src), "--no-cache")
    assert code == 0 and entries(cache) == []
    assert run(str(src)) == (0, expected, "")
    (entry,) = entries(cache)
    data = json.loads(entry.read_text())
    data["code"] = "import os\n"  # tampered: the checksum no longer matches
    entry.write_text(json.dumps(data))
    assert run(str(src)) == (0, expected, "")
    entry.write_text("{not json")
    assert run(str(src)) == (0, expected, "")


def test_check_from_the_cache_never_writes(cache: Path, tmp_path: Path) -> None:
    src = tmp_path / "m.seq"
    shutil.copy(EXAMPLES / "mnist_convnet.seq", src)
    out = tmp_path / "m.py"
    assert run(str(src), "-o", str(out))[0] == 0
    out.write_text("stale\n")
    code, _, err = run(str(src), "-o", str(out), "--check")
    assert code == 1 and "would change" in err and out.read_text() == "stale\n"
    code, diff, _ = run(str(src), "-o", str(out), "--diff")
    assert code == 0 and "-stale" in diff and out.read_text() == "stale\n"


def test_batches_use_the_cache(cache: Path, tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    for name in ("a", "b"):
        shutil.copy(EXAMPLES / "mnist_convnet.seq", src / f"{name}.seq")
    out = tmp_path / "out"
    out.mkdir()
    first = run(str(src), "--out-dir", str(out))
    assert first == (0, "", "") and len(entries(cache)) == 2
    generated = {p.name: p.read_text() for p in out.iterdir()}
    shutil.rmtree(out)
    out.mkdir()
    assert run(str(src), "--out-dir", str(out)) == first
    assert {p.name: p.read_text() for p in out.iterdir()} == generated


#: Besides the pipeline, what the plain warm run leaves alone: each costs it milliseconds.
SLOW = ("argparse", "dataclasses", "pathlib", "typing", "tomllib", "hashlib", "difflib",
        "seqgen.errors", "seqgen.syntax", "seqgen.files")  # fmt: skip


@pytest.mark.parametrize("pyproject", [None, '[tool.seqgen]\nstyle = "add"\n'])
def test_the_plain_warm_run_imports_only_what_it_needs(cache: Path, tmp_path: Path,
                                                       pyproject: str | None) -> None:  # fmt: skip
    src = tmp_path / "m.seq"
    shutil.copy(EXAMPLES / "mnist_convnet.seq", src)
    out = tmp_path / "m.py"
    (tmp_path / ".git").mkdir()
    if pyproject is not None:  # read back from the cache: its TOML is parsed once
        (tmp_path / "pyproject.toml").write_text(pyproject)
    assert run(str(src), "-o", str(out)) == (0, "", "")
    assert ("model.add(" in out.read_text()) == (pyproject is not None)
    probe = ("import sys\nbefore = set(sys.modules)  # what the interpreter's start-up imported\n"
             "from seqgen.cli import main\ncode = main(sys.argv[1:])\n"
             f"print(sorted(m for m in {SLOW!r} if m in set(sys.modules) - before))\n"
             "raise SystemExit(code)\n")  # fmt: skip
    for args in (["-o", str(out)], ["-o", str(out), "--check"], ["--check", "-o", str(out)]):
        proc = subprocess.run([sys.executable, "-c", probe, str(src), *args], cwd=tmp_path,
                              capture_output=True, text=True, env=os.environ.copy(),
                              timeout=120)  # fmt: skip
        assert (proc.returncode, proc.stdout, proc.stderr) == (0, "[]\n", ""), args


@pytest.mark.parametrize("argv", [
    ["m.seq"], ["m.seq", "-o", "m.py"], ["-o", "m.py", "m.seq"], ["m.seq", "--output", "m.py"],
    ["m.seq", "-o", "m.py", "--check"], ["--check", "m.seq", "-o", "m.py"],
])  # fmt: skip
def test_the_plain_form_reads_as_argparse_reads_it(argv: list[str]) -> None:
    from seqgen.cli.arguments import parser
    from seqgen.cli.quick import plain_gen

    plain = plain_gen(argv)
    assert plain is not None and vars(plain) == vars(parser("gen").parse_args(argv))


@pytest.mark.parametrize("argv", [
    [], ["-"], ["a.seq", "b.seq"], ["m.seq", "-o"], ["m.seq", "-o", "-x"], ["m.seq", "--diff"],
    ["m.seq", "-o", "a.py", "-o", "b.py"], ["m.seq", "--check", "--check"], ["m.seq", "--out", "a"],
    ["m.seq", "--output=m.py"], ["m.seq", "--", "x"], ["m.seq", "--style", "add"], ["-e", "dense 1"],
])  # fmt: skip
def test_any_other_form_goes_the_long_way(argv: list[str]) -> None:
    from seqgen.cli.quick import plain_gen

    assert plain_gen(argv) is None


def test_settings_read_back_from_the_cache_follow_the_bytes(cache: Path, tmp_path: Path) -> None:
    src = tmp_path / "m.seq"
    shutil.copy(EXAMPLES / "mnist_convnet.seq", src)
    (tmp_path / ".git").mkdir()
    pyproject = tmp_path / "pyproject.toml"
    outputs = []
    for style in ("add", "list", "add"):
        pyproject.write_text(f'[tool.seqgen]\nstyle = "{style}"\n')
        for _ in range(2):  # cold, then warm with the settings read back
            code, out, err = run(str(src))
            assert (code, err) == (0, "") and ("model.add(" in out) == (style == "add")
            outputs.append(out)
    assert outputs[0] == outputs[1] == outputs[4] == outputs[5] != outputs[2] == outputs[3]
    pyproject.write_text('[tool.seqgen]\nstyle = "fancy"\n')  # broken: the long way says so
    code, out, err = run(str(src))
    assert code == 2 and out == "" and "'style' must be one of 'list', 'add'" in err

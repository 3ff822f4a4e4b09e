"""A wheel built from the repository, installed in a fresh virtual environment, generates code:
the grammar and templates travel inside the wheel, not only in the source tree."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, ROOT


@pytest.mark.slow
def test_wheel_in_a_fresh_venv(tmp_path: Path) -> None:
    source = tmp_path / "src"
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(
        ".git", "__pycache__", "*.egg-info", ".pytest_cache", ".hypothesis", "build", "dist"))  # fmt: skip
    wheels = tmp_path / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels),
                    str(source)], check=True, timeout=600)  # fmt: skip
    (wheel,) = wheels.glob("seqgen-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "seqgen/data/catalog.json" in names and "seqgen/kinds/__init__.py" in names
    # The catalogue builder (tools/catalog/) is a maintainer tool: it imports TensorFlow and
    # stays out of the installed package.
    assert not [n for n in names if n.startswith("tools/") or "catalog_build" in n
                or n.startswith("seqgen/tools/")], names  # fmt: skip

    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    # The venv sees only what the wheel installed, not a source tree on PYTHONPATH.
    clean = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    subprocess.run([str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check",
                    str(wheel)], check=True, timeout=600, env=clean)  # fmt: skip

    work = tmp_path / "elsewhere"
    work.mkdir()
    shutil.copy(EXAMPLES / "mnist_convnet.seq", work)
    proc = subprocess.run([str(env_dir / "bin" / "seqgen"), "mnist_convnet.seq", "-o", "m.py"],
                          cwd=work, capture_output=True, timeout=120, env=clean)  # fmt: skip
    assert proc.returncode == 0, proc.stderr.decode()
    assert "layers.Conv2D(32, (3, 3)" in (work / "m.py").read_text()

    where = subprocess.run(
        [str(python), "-c", "import seqgen.resources as r; print(r.resource_dir('grammar')); "
         "print(r.resource_dir('templates'))"],
        cwd=work, capture_output=True, text=True, check=True, timeout=60, env=clean,
    ).stdout.split()  # fmt: skip
    assert all(str(env_dir) in path for path in where), where

    builder = subprocess.run(
        [str(python), "-c", "import importlib.util as u; "
         "print(u.find_spec('tools'), u.find_spec('seqgen.catalog_build'))"],
        cwd=work, capture_output=True, text=True, check=True, timeout=60, env=clean,
    ).stdout.split()  # fmt: skip
    assert builder == ["None", "None"], builder

    # A plain install has no TensorFlow: `check --keras` says what to install (exit 2).
    proc = subprocess.run([str(env_dir / "bin" / "seqgen"), "check", "mnist_convnet.seq",
                           "--keras"], cwd=work, capture_output=True, text=True, timeout=120,
                          env=clean)  # fmt: skip
    assert proc.returncode == 2 and proc.stderr == (
        "mnist_convnet.seq: error: check --keras on the tensorflow backend needs tensorflow, "
        "which is not installed\nhint: pip install 'seqgen[keras]'\n")  # fmt: skip

"""The pre-commit hooks in `.pre-commit-hooks.yaml`, run by pre-commit itself on a fresh git
repository (`pre-commit try-repo` installs seqgen from this checkout into its own venv)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from tests.conftest import EXAMPLES, ROOT


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)


def try_repo(repo: Path, *files: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), "--files", *files],
        cwd=repo, capture_output=True, text=True, timeout=600,
    )  # fmt: skip


def test_the_hooks_file_declares_both_hooks() -> None:
    hooks = {h["id"]: h for h in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())}
    assert set(hooks) == {"seqgen-fmt", "seqgen-check"}
    assert hooks["seqgen-fmt"]["entry"] == "seqgen fmt"
    assert hooks["seqgen-check"]["entry"] == "seqgen gen"
    assert hooks["seqgen-check"]["args"] == ["--beside"]
    assert all(h["files"] == r"\.seq$" and h["language"] == "python" for h in hooks.values())


def test_hooks_format_regenerate_and_fail_on_stale_files(tmp_path: Path) -> None:
    repo = tmp_path / "project"
    repo.mkdir()
    git(repo, "init", "-q")
    git(repo, "config", "user.email", "ci@example.com")
    git(repo, "config", "user.name", "ci")
    shutil.copy(EXAMPLES / "mnist_convnet.seq", repo / "mnist.seq")
    (repo / "messy.seq").write_text("input 4;dense  3   relu\n")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "models")

    first = try_repo(repo, "mnist.seq", "messy.seq")
    assert first.returncode == 1, first.stdout + first.stderr
    assert "seqgen fmt" in first.stdout and "files were modified by this hook" in first.stdout
    assert (repo / "messy.seq").read_text() == "input 4\ndense 3 relu\n"
    expected = subprocess.run(
        [sys.executable, "-m", "seqgen", "mnist.seq"], cwd=repo, capture_output=True, text=True
    ).stdout
    assert (repo / "mnist.py").read_text() == expected  # generated beside its .seq file
    assert (repo / "messy.py").exists()

    git(repo, "add", ".")
    second = try_repo(repo, "mnist.seq", "messy.seq")
    assert second.returncode == 0, second.stdout + second.stderr
    assert second.stdout.count("Passed") == 2

    # A stale generated file is rewritten and fails the hook; the .seq error is positioned.
    (repo / "mnist.seq").write_text((repo / "mnist.seq").read_text().replace("0.5", "0.25"))
    (repo / "messy.seq").write_text("input 4\ndense 3 relu\nconv2d (\n")
    third = try_repo(repo, "mnist.seq", "messy.seq")
    assert third.returncode == 1
    assert "Dropout(0.25)" in (repo / "mnist.py").read_text()
    assert "messy.seq:3:8: error: '(' was never closed" in third.stdout
    assert "Traceback" not in third.stdout

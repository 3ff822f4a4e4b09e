"""The pre-commit hooks in `.pre-commit-hooks.yaml`, run by pre-commit itself on a fresh git
repository.  As `pre-commit try-repo` does, the hooks come from a commit of this checkout as it
is and pre-commit installs seqgen from it into a venv of its own; unlike try-repo, which starts
from an empty store every time, the three runs here share one store, so seqgen is installed once.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import EXAMPLES, ROOT, copy_checkout


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-c", "user.email=ci@example.com", "-c", "user.name=ci", *args],
                          cwd=repo, check=True, capture_output=True, text=True).stdout  # fmt: skip


def hooks_config(folder: Path) -> Path:
    """A config that takes every hook of this checkout, in try-repo's order (by id), from a git
    repository holding one commit of the checkout."""
    hooks_repo = copy_checkout(folder / "hooks")
    git(hooks_repo, "init", "-q")
    git(hooks_repo, "add", "-A")
    git(hooks_repo, "commit", "-qm", "checkout")
    manifest = yaml.safe_load((hooks_repo / ".pre-commit-hooks.yaml").read_text())
    repo = {"repo": str(hooks_repo), "rev": git(hooks_repo, "rev-parse", "HEAD").strip(),
            "hooks": [{"id": hook_id} for hook_id in sorted(h["id"] for h in manifest)]}  # fmt: skip
    config = folder / "pre-commit-config.yaml"
    config.write_text(yaml.safe_dump({"repos": [repo]}))
    return config


def run_hooks(repo: Path, config: Path, *files: str) -> subprocess.CompletedProcess[str]:
    """`pre-commit run` on the files; its store is beside the config, so the hooks' venv is
    made by the first run and used by the next."""
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "run", "--config", str(config), "--files", *files],
        cwd=repo, env={**os.environ, "PRE_COMMIT_HOME": str(config.parent / "store")},
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip


def test_the_hooks_file_declares_both_hooks() -> None:
    hooks = {h["id"]: h for h in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())}
    assert set(hooks) == {"seqgen-fmt", "seqgen-check"}
    assert hooks["seqgen-fmt"]["entry"] == "seqgen fmt"
    assert hooks["seqgen-check"]["entry"] == "seqgen gen"
    assert hooks["seqgen-check"]["args"] == ["--beside"]
    assert all(h["files"] == r"\.seq$" and h["language"] == "python" for h in hooks.values())


@pytest.mark.slow
def test_hooks_format_regenerate_and_fail_on_stale_files(tmp_path: Path) -> None:
    config = hooks_config(tmp_path)
    repo = tmp_path / "project"
    repo.mkdir()
    git(repo, "init", "-q")
    shutil.copy(EXAMPLES / "mnist_convnet.seq", repo / "mnist.seq")
    (repo / "messy.seq").write_text("input 4;dense  3   relu\n")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "models")

    first = run_hooks(repo, config, "mnist.seq", "messy.seq")
    assert first.returncode == 1, first.stdout + first.stderr
    assert "seqgen fmt" in first.stdout and "files were modified by this hook" in first.stdout
    assert (repo / "messy.seq").read_text() == "input 4\ndense 3 relu\n"
    expected = subprocess.run(
        [sys.executable, "-m", "seqgen", "mnist.seq"], cwd=repo, capture_output=True, text=True
    ).stdout
    assert (repo / "mnist.py").read_text() == expected  # generated beside its .seq file
    assert (repo / "messy.py").exists()

    git(repo, "add", ".")
    second = run_hooks(repo, config, "mnist.seq", "messy.seq")
    assert second.returncode == 0, second.stdout + second.stderr
    assert second.stdout.count("Passed") == 2

    # A stale generated file is rewritten and fails the hook; the .seq error is positioned.
    (repo / "mnist.seq").write_text((repo / "mnist.seq").read_text().replace("0.5", "0.25"))
    (repo / "messy.seq").write_text("input 4\ndense 3 relu\nconv2d (\n")
    third = run_hooks(repo, config, "mnist.seq", "messy.seq")
    assert third.returncode == 1
    assert "Dropout(0.25)" in (repo / "mnist.py").read_text()
    assert "messy.seq:3:8: error: '(' was never closed" in third.stdout
    assert "Traceback" not in third.stdout

"""`[tool.seqgen]` through the command line: found from the input, flags win, mistakes shown."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import seqgen
from seqgen.cli import main
from tests.conftest import EXAMPLES, ROOT

MNIST = EXAMPLES / "mnist_convnet.seq"


def run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(args), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def project(tmp_path: Path, table: str) -> Path:
    (tmp_path / ".git").mkdir()
    (tmp_path / "pyproject.toml").write_text(f"[project]\nname = 'x'\n\n[tool.seqgen]\n{table}")
    models = tmp_path / "models" / "deep"
    models.mkdir(parents=True)
    shutil.copy(MNIST, models / "mnist.seq")
    return models / "mnist.seq"


def test_generation_settings_come_from_the_nearest_pyproject(tmp_path: Path) -> None:
    src = project(tmp_path, 'style = "add"\nform = "script"\nkeras = "keras"\nline-length = 60\n')
    code, out, err = run(str(src))
    assert code == 0, err
    source = src.read_text()
    assert out == seqgen.generate(source, style="add", form="script", keras="keras",
                                  line_length=60, filename=str(src))  # fmt: skip
    assert "model.add(" in out and "\nimport keras\n" in out
    # A flag wins over the file.
    code, out, _ = run(str(src), "--style", "list", "--form", "module")
    assert out == seqgen.generate(source, style="list", form="module", keras="keras",
                                  line_length=60, filename=str(src))  # fmt: skip


def test_template_folder_is_relative_to_the_pyproject(tmp_path: Path) -> None:
    src = project(tmp_path, 'templates = "tpl"\n')
    (tmp_path / "tpl").mkdir()
    header = (ROOT / "templates" / "module.py.jinja").read_text()
    (tmp_path / "tpl" / "module.py.jinja").write_text(header.replace("# {{ header }}",
                                                                      "# {{ header }} (custom)"))  # fmt: skip
    code, out, err = run(str(src))
    assert code == 0, err
    assert out.splitlines()[0].endswith("DO NOT EDIT. (custom)")


def test_mistakes_in_the_table_are_positioned_and_nothing_is_written(tmp_path: Path) -> None:
    src = project(tmp_path, 'stlye = "add"\nline-length = 5\n')
    out_file = tmp_path / "out.py"
    code, out, err = run(str(src), "-o", str(out_file))
    assert code == 2 and out == ""
    config = tmp_path / "pyproject.toml"
    assert f"{config}:5:1: error: unknown key 'stlye' in [tool.seqgen]" in err
    assert "did you mean 'style'?" in err
    assert f"{config}:6:" in err
    assert not out_file.exists()


def test_summary_and_check_take_the_import_mode(tmp_path: Path) -> None:
    # ThresholdedReLU exists in tf.keras only: an error in the keras mode the file selects.
    src = project(tmp_path, 'keras = "keras"\n')
    src.write_text("input 4\nthresholded_re_lu\n")
    for command in ("check", "summary"):
        code, _, err = run(command, str(src))
        assert code == 2 and f"{src}:2:1: error:" in err, err
    assert run("check", str(src), "--keras-import", "tensorflow") == (0, "", "")
    assert run("summary", str(src), "--keras", "tensorflow")[0] == 0


def test_fmt_settings(tmp_path: Path) -> None:
    src = project(tmp_path, 'layer-case = "keras"\nfmt-line-length = 40\n')
    src.write_text("conv2d 64 kernel_size=(3, 3) activation=relu padding=same\n")
    assert run("fmt", str(src))[0] == 0
    assert src.read_text() == (
        "Conv2D 64 kernel_size=(\n    3, 3\n) activation=relu padding=same\n"
    )
    src.write_text("conv2d 64 kernel_size=(3, 3) activation=relu padding=same\n")
    assert run("fmt", str(src), "--layer-case", "preserve", "--line-length", "100")[0] == 0
    assert src.read_text() == "conv2d 64 kernel_size=(3, 3) activation=relu padding=same\n"


def test_a_project_root_stops_the_search(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.seqgen]\nstyle = "add"\n')
    inner = tmp_path / "repo"
    (inner / ".git").mkdir(parents=True)
    shutil.copy(MNIST, inner / "m.seq")
    code, out, _ = run(str(inner / "m.seq"))
    assert code == 0 and "model.add(" not in out  # the pyproject above the root is not used

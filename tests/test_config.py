"""`[tool.seqgen]` in pyproject.toml: lookup, parsing, positioned errors, precedence, caching."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from seqgen import config as config_module
from seqgen.config import (
    DEFAULTS,
    LAYER_CASES,
    Config,
    config_for,
    find_pyproject,
    load_config,
    merge,
)
from seqgen.errors import SeqgenError
from seqgen.options import Options


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    config_module._load_cached.cache_clear()


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project root (it holds .git) with a nested folder of models."""
    (tmp_path / ".git").mkdir()
    (tmp_path / "models" / "vision").mkdir(parents=True)
    return tmp_path


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def error_of(text: str, tmp_path: Path) -> str:
    path = write(tmp_path / "pyproject.toml", text)
    with pytest.raises(SeqgenError) as info:
        load_config(path)
    assert info.value.file == str(path)
    return info.value.render().replace(str(path), "pyproject.toml")


# --- lookup ---------------------------------------------------------------------------------


def test_lookup_walks_up_from_a_nested_folder(project: Path) -> None:
    pyproject = write(project / "pyproject.toml", "[tool.seqgen]\nstyle = 'add'\n")
    model = project / "models" / "vision" / "convnet.seq"
    assert find_pyproject(model) == pyproject
    assert find_pyproject(model.parent) == pyproject  # a folder works as well as a file
    assert config_for(model) == Config(style="add", path=pyproject)


def test_lookup_finds_the_file_relative_to_the_current_folder(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pyproject = write(project / "pyproject.toml", "[tool.seqgen]\nform = 'script'\n")
    monkeypatch.chdir(project / "models")
    assert find_pyproject(Path("vision/convnet.seq")) == pyproject
    assert config_for(None) == Config(form="script", path=pyproject)  # stdin and -e


@pytest.mark.parametrize("marker", [".git", ".hg"])
def test_lookup_stops_at_the_project_root(tmp_path: Path, marker: str) -> None:
    write(tmp_path / "pyproject.toml", "[tool.seqgen]\nstyle = 'add'\n")
    root = tmp_path / "repo"
    (root / marker).mkdir(parents=True)
    model = root / "models" / "m.seq"
    assert find_pyproject(model) is None
    assert config_for(model) == Config()
    # The root's own pyproject.toml is still used.
    pyproject = write(root / "pyproject.toml", "[tool.seqgen]\nstyle = 'list'\n")
    assert find_pyproject(model) == pyproject


def test_a_git_file_marks_the_root_too(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", "[tool.seqgen]\nstyle = 'add'\n")
    write(tmp_path / "worktree" / ".git", "gitdir: /elsewhere\n")
    assert find_pyproject(tmp_path / "worktree" / "m.seq") is None


def test_the_nearest_file_wins(project: Path) -> None:
    write(project / "pyproject.toml", "[tool.seqgen]\nstyle = 'add'\n")
    nearer = write(project / "models" / "pyproject.toml", "[tool.seqgen]\nform = 'fragment'\n")
    config = config_for(project / "models" / "vision" / "m.seq")
    assert config == Config(form="fragment", path=nearer)  # no merging of the two files


def test_no_file_gives_an_empty_config(project: Path) -> None:
    assert find_pyproject(project / "models" / "m.seq") is None
    assert config_for(project / "models" / "m.seq") == Config()


def test_a_pyproject_without_the_table_counts_and_means_defaults(project: Path) -> None:
    write(project / "pyproject.toml", "[tool.seqgen]\nstyle = 'add'\n")
    nearer = write(project / "models" / "pyproject.toml", "[project]\nname = 'models'\n")
    config = config_for(project / "models" / "m.seq")
    assert config == Config(path=nearer)
    assert merge(config, style=None)["style"] == "list"


# --- parsing --------------------------------------------------------------------------------


def test_every_key_is_read_with_its_type(project: Path) -> None:
    (project / "tpl").mkdir()
    pyproject = write(
        project / "pyproject.toml",
        """
        [tool.black]
        line-length = 100

        [tool.seqgen]
        style = "add"
        form = "script"
        keras = "keras"
        line-length = 100
        templates = "tpl"
        layer-case = "lower"
        fmt-line-length = 120
        """,
    )
    assert load_config(pyproject) == Config(
        style="add",
        form="script",
        keras="keras",
        line_length=100,
        templates=str((project / "tpl").resolve()),
        layer_case="lower",
        fmt_line_length=120,
        path=pyproject,
    )


def test_templates_are_relative_to_the_pyproject_folder(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (project / "config" / "templates").mkdir(parents=True)
    write(project / "config" / "pyproject.toml", "[tool.seqgen]\ntemplates = 'templates'\n")
    monkeypatch.chdir(project / "models")  # not where the templates are
    config = config_for(project / "config" / "m.seq")
    assert config.templates == str((project / "config" / "templates").resolve())
    assert Path(config.templates).is_absolute()


def test_templates_may_be_an_absolute_path(tmp_path: Path) -> None:
    (tmp_path / "shared" / "templates").mkdir(parents=True)
    where = (tmp_path / "shared" / "templates").resolve()
    path = write(tmp_path / "project" / "pyproject.toml", f"[tool.seqgen]\ntemplates = '{where}'\n")
    assert load_config(path).templates == str(where)


def test_a_missing_templates_folder_says_where_it_was_looked_for(tmp_path: Path) -> None:
    text = error_of("[tool.seqgen]\ntemplates = 'tpl'\n", tmp_path)
    assert "error: the templates folder 'tpl' does not exist\n" in text
    assert text.endswith(f"hint: relative paths start at {tmp_path.resolve()}\n")
    text = error_of('[tool.seqgen]\ntemplates = "a\\u0000b"\n', tmp_path)  # no crash
    assert "error: the templates folder 'a\\x00b' does not exist\n" in text


def test_dotted_keys_and_inline_tables_are_read(tmp_path: Path) -> None:
    dotted = write(tmp_path / "a" / "pyproject.toml", "[tool]\nseqgen.style = 'add'\n")
    inline = write(tmp_path / "b" / "pyproject.toml", "tool.seqgen = {form = 'script'}\n")
    assert load_config(dotted) == Config(style="add", path=dotted)
    assert load_config(inline) == Config(form="script", path=inline)


def test_underscores_are_accepted(tmp_path: Path) -> None:
    path = write(tmp_path / "pyproject.toml", "[tool.seqgen]\nline_length = 79\nlayer_case = 'keras'\n")  # fmt: skip
    assert load_config(path) == Config(line_length=79, layer_case="keras", path=path)


def test_a_key_given_with_both_spellings_is_an_error(tmp_path: Path) -> None:
    text = error_of(
        """
        [tool.seqgen]
        line_length = 79
        line-length = 100
        """,
        tmp_path,
    )
    assert text == (
        "pyproject.toml:3:1: error: 'line-length' and 'line_length' are the same key\n"
        " 3 | line-length = 100\n"
        "   | ^^^^^^^^^^^\n"
        "pyproject.toml:2:1: note: first given here\n"
        " 2 | line_length = 79\n"
        "   | ^^^^^^^^^^^\n"
        "hint: keep one of them\n"
    )


# --- errors ---------------------------------------------------------------------------------


def test_an_unknown_key_is_placed_and_a_close_key_suggested(tmp_path: Path) -> None:
    text = error_of(
        """
        [project]
        name = "models"

        [tool.seqgen]
        form = "module"
          stlye = "add"  # a typo
        """,
        tmp_path,
    )
    assert text == (
        "pyproject.toml:6:3: error: unknown key 'stlye' in [tool.seqgen]\n"
        ' 6 |   stlye = "add"  # a typo\n'
        "   |   ^^^^^\n"
        "hint: did you mean 'style'? known keys: style, form, keras, backend, line-length, templates, "
        "layer-case, fmt-line-length\n"
    )


def test_an_unknown_key_without_a_close_one_lists_the_keys(tmp_path: Path) -> None:
    text = error_of("[tool.seqgen]\ncolour = 'red'\n", tmp_path)
    assert "pyproject.toml:2:1: error: unknown key 'colour' in [tool.seqgen]\n" in text
    assert "hint: known keys: style, form, keras, backend, line-length," in text
    assert "did you mean" not in text


def test_every_problem_is_reported_in_file_order(tmp_path: Path) -> None:
    path = write(
        tmp_path / "pyproject.toml",
        """
        [tool.seqgen]
        keras = "torch"
        form = "module"
        linelength = 88
        templates = "missing"

        [tool.seqgen.extra]
        x = 1
        """,
    )
    with pytest.raises(SeqgenError) as info:
        load_config(path)
    error = info.value
    assert [(d.span.line, d.span.column) for d in error.diagnostics] == [
        (2, 9),
        (4, 1),
        (5, 13),
        (7, 14),
    ]
    assert [d.message for d in error.diagnostics] == [
        "'keras' must be one of 'tensorflow', 'keras', not 'torch'",
        "unknown key 'linelength' in [tool.seqgen]",
        "the templates folder 'missing' does not exist",
        "unknown key 'extra' in [tool.seqgen]",
    ]
    assert error.diagnostics[1].hint.startswith("did you mean 'line-length'?")
    assert (error.file, error.line, error.column) == (str(path), 2, 9)
    assert str(error).splitlines()[0] == f"{path}:2:9: error: {error.diagnostics[0].message}"


@pytest.mark.parametrize(
    "text, where, message",
    [
        ("[tool.seqgen]\nstyle = \n", "2:9", "invalid TOML: invalid value"),
        ("[tool.seqgen\nstyle = 'add'\n", "1:13", "invalid TOML: expected ']' at the end of"),
        ("[tool.seqgen]\nstyle = 'add'\nstyle = 'list'\n", "3:15", "cannot overwrite a value"),
        ('[tool.seqgen]\nstyle = """add\n', "2:15", "invalid TOML: unterminated string"),
    ],
)
def test_a_toml_syntax_error_is_placed(tmp_path: Path, text: str, where: str, message: str) -> None:
    rendered = error_of(text, tmp_path)
    headline = rendered.splitlines()[0]
    assert headline.startswith(f"pyproject.toml:{where}: error: ")
    assert message in headline
    assert "(at line" not in headline and "(at end of document)" not in headline


@pytest.mark.parametrize(
    "line, column, message",
    [
        ("style = 'lsit'", 9, "'style' must be one of 'list', 'add', not 'lsit'"),
        ("form = 3", 8, "'form' must be one of 'module', 'script', 'fragment', not 3"),
        ("keras = ['keras']", 9, "'keras' must be one of 'tensorflow', 'keras', not an array"),
        ("layer-case = 'upper'", 14, "'layer-case' must be one of 'preserve', 'lower', 'keras'"),
        ("line-length = 19", 15, "'line-length' must be a whole number from 20 to 1000, not 19"),
        ("line-length = 1001", 15, "from 20 to 1000, not 1001"),
        ("line-length = 88.0", 15, "must be a whole number from 20 to 1000, not 88.0"),
        ("line-length = '88'", 15, "must be a whole number from 20 to 1000, not '88'"),
        ("fmt-line-length = true", 19, "'fmt-line-length' must be a whole number"),
        ("templates = 7", 13, "'templates' must name a folder, not 7"),
        ("templates = ''", 13, "'templates' must name a folder, not ''"),
        ("templates = 'pyproject.toml'", 13, "folder 'pyproject.toml' is not a folder"),
        ("style = {a = 1}  # note", 9, "not a table"),
    ],
)
def test_a_wrong_value_is_placed(tmp_path: Path, line: str, column: int, message: str) -> None:
    text = error_of(f"[tool.seqgen]\n# one mistake\n{line}\n", tmp_path)
    assert text.startswith(f"pyproject.toml:3:{column}: error: ")
    assert message in text.splitlines()[0]
    # The caret sits under the whole value and nothing after it.
    value = line.split("=", 1)[1].split("  #")[0].strip()
    assert f"   | {' ' * (column - 1)}{'^' * len(value)}\n" in text


def test_a_misspelt_choice_gets_a_suggestion(tmp_path: Path) -> None:
    text = error_of("[tool.seqgen]\nstyle = 'lsit'\n", tmp_path)
    assert text.endswith("hint: did you mean 'list'?\n")


def test_the_table_itself_must_be_a_table(tmp_path: Path) -> None:
    text = error_of("[tool]\nseqgen = 'add'\n", tmp_path)
    assert text.startswith("pyproject.toml:2:10: error: [tool.seqgen] must be a table, not 'add'")
    text = error_of("[[tool.seqgen]]\nstyle = 'add'\n", tmp_path)
    assert text.startswith("pyproject.toml:1:8: error: [tool.seqgen] must be a table, not an array")


def test_errors_in_dotted_keys_and_inline_tables_are_placed(tmp_path: Path) -> None:
    text = error_of("tool.seqgen = {form = 'module', stlye = 'add'}\n", tmp_path)
    assert text.startswith("pyproject.toml:1:33: error: unknown key 'stlye'")
    text = error_of("[tool]\nseqgen.form = 'x'\n", tmp_path)
    assert text.startswith("pyproject.toml:2:15: error: 'form' must be one of")
    text = error_of("tool.seqgen.stlye = 'add'\n", tmp_path)
    assert text.startswith("pyproject.toml:1:13: error: unknown key 'stlye'")


def test_multi_line_strings_elsewhere_do_not_confuse_positions(tmp_path: Path) -> None:
    text = error_of(
        '''
        [project]
        description = """
        [tool.seqgen]
        stlye = 1
        """

        [tool.seqgen]
        stlye = "add"
        ''',
        tmp_path,
    )
    assert text.startswith("pyproject.toml:8:1: error: unknown key 'stlye'")


def test_a_file_that_is_not_utf8_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "pyproject.toml"
    path.write_bytes(b"[tool.seqgen]\nstyle = '\xff'\n")
    with pytest.raises(SeqgenError) as info:
        load_config(path)
    assert (info.value.line, info.value.column) == (2, 10)
    assert "not valid UTF-8" in info.value.message


# --- precedence -----------------------------------------------------------------------------


def test_flags_beat_the_config_which_beats_the_defaults() -> None:
    config = Config(style="add", line_length=100, layer_case="keras", fmt_line_length=80)
    settings = merge(
        config, style="list", form=None, keras="keras", line_length=None, templates=None
    )
    assert settings == {
        "style": "list",  # flag over config
        "form": "module",  # default: neither flag nor config
        "keras": "keras",  # flag over default
        "line_length": 100,  # config over default
        "templates": None,
    }
    assert Options(**settings) == Options(style="list", keras="keras", line_length=100)
    fmt = merge(config, fmt_line_length=None, layer_case="lower")
    assert fmt == {"fmt_line_length": 80, "layer_case": "lower"}
    assert merge(Config(), fmt_line_length=None, layer_case=None) == {
        "fmt_line_length": 100,
        "layer_case": "preserve",
    }


def test_merge_rejects_a_setting_it_does_not_know() -> None:
    with pytest.raises(TypeError, match="'colour'"):
        merge(Config(), colour="red")


def test_the_defaults_are_seqgens_own() -> None:
    from seqgen.fmt import LAYER_CASES as FMT_LAYER_CASES
    from seqgen.fmt import LINE_LENGTH

    options = Options()
    for name in ("style", "form", "keras", "line_length", "templates"):
        assert DEFAULTS[name] == getattr(options, name)
    assert DEFAULTS["fmt_line_length"] == LINE_LENGTH
    assert DEFAULTS["layer_case"] == "preserve"
    assert LAYER_CASES == FMT_LAYER_CASES
    assert set(DEFAULTS) | {"path"} == set(Config.__slots__)


@pytest.mark.parametrize("length, ok", [(19, False), (20, True), (1000, True), (1001, False)])
def test_line_length_bounds_match_options(tmp_path: Path, length: int, ok: bool) -> None:
    path = write(tmp_path / "pyproject.toml", f"[tool.seqgen]\nline-length = {length}\n")
    if ok:
        assert Options(line_length=load_config(path).line_length).line_length == length
    else:
        with pytest.raises(ValueError):
            Options(line_length=length)
        with pytest.raises(SeqgenError):
            load_config(path)


# --- caching --------------------------------------------------------------------------------


def count_loads(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    loads: list[Path] = []
    real = config_module.load_config

    def counting(path: Path) -> Config:
        loads.append(path)
        return real(path)

    monkeypatch.setattr(config_module, "load_config", counting)
    return loads


def test_a_batch_of_files_parses_the_config_once(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    loads = count_loads(monkeypatch)
    write(project / "pyproject.toml", "[tool.seqgen]\nstyle = 'add'\n")
    folder = project / "models" / "vision"
    configs = [config_for(folder / f"m{i}.seq") for i in range(5)]
    assert len(loads) == 1
    assert all(c.style == "add" for c in configs)


def test_the_cache_sees_a_changed_file(project: Path) -> None:
    pyproject = write(project / "pyproject.toml", "[tool.seqgen]\nstyle = 'add'\n")
    model = project / "m.seq"
    assert config_for(model).style == "add"
    write(pyproject, "[tool.seqgen]\nstyle = 'list'\nform = 'script'\n")
    stat = pyproject.stat()
    os.utime(pyproject, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert config_for(model) == Config(style="list", form="script", path=pyproject)


def test_a_broken_config_is_parsed_once_and_raised_for_every_file(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    loads = count_loads(monkeypatch)
    write(project / "pyproject.toml", "[tool.seqgen]\nstlye = 'add'\n")
    errors = []
    for name in ("a.seq", "b.seq"):
        with pytest.raises(SeqgenError) as info:
            config_for(project / name)
        errors.append(info.value)
    assert len(loads) == 1
    assert errors[0] is not errors[1]
    assert errors[0].render() == errors[1].render()


# --- cost -----------------------------------------------------------------------------------


def test_importing_the_module_is_cheap() -> None:
    code = (
        "import sys, seqgen.config; "
        "print(sorted(m for m in ('tomllib', 'seqgen.errors', 'seqgen.syntax') if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"


def test_the_backend_key_and_the_import_mode_it_implies(tmp_path: Path) -> None:
    path = write(tmp_path / "pyproject.toml", '[tool.seqgen]\nbackend = "torch"\n')
    config = load_config(path)
    assert config.backend == "torch"
    # Without a keras setting, the import mode follows the backend: standalone Keras 3.
    assert merge(config, keras=None, backend=None) == {"keras": "keras", "backend": "torch"}
    assert merge(config, keras=None, backend="tensorflow")["keras"] == "tensorflow"
    assert DEFAULTS["backend"] == Options().backend == "tensorflow"
    message = error_of('[tool.seqgen]\nbackend = "tourch"\n', tmp_path)
    assert "'backend' must be one of 'tensorflow', 'jax', 'torch', not 'tourch'" in message
    assert "hint: did you mean 'torch'?" in message
    message = error_of('[tool.seqgen]\nkeras = "tensorflow"\nbackend = "jax"\n', tmp_path)
    assert ":3:11: error: 'backend' = 'jax' cannot run 'keras' = 'tensorflow'" in message

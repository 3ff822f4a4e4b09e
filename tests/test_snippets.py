"""`seqgen snippets`: each format read back as its editor reads it, escaping, tab stops, errors.

Every output is parsed with a real parser of its format (JSON, XML, a strict UltiSnips block
reader below), and every snippet body is expanded by a small reader of the TextMate-style snippet
syntax that accepts only what the editor documents (`$1`, `${1:text}`, `${1|a,b|}`, `$0` and the
format's backslash escapes) and rejects any other `$`, stray backslash or unescaped special.
A body expanded with every tab stop at its default must be the generated code, byte for byte.
"""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

import pytest

import seqgen
from seqgen.catalog import load_catalog
from seqgen.cli import main
from seqgen.snippets import (
    FIRST_ACTIVATION,
    SKIPPED_LAYERS,
    Snippet,
    TabStop,
    leading_comment,
    render_sublime,
    render_ultisnips,
    render_vscode,
)
from tests.conftest import EXAMPLES, ROOT

CATALOG = load_catalog()
COMMITTED = ROOT / "editors" / "vscode" / "snippets" / "seq-layers.code-snippets"

HOSTILE = r"""# Hostile "quotes" $HOME ${x} ]]> <b>&amp; `cmd` \ back
# second line
#
# another paragraph
model "a$b}c\\d"(label="ünï $HOME ${x} \\ ]]> `cmd` \"", width=16, sizes=[100000, 200000, 300000])
input (width,)
dense 4 as "$HOME ${x} \\ ]]> \" `x` {y} |a,b|"
dense 2
"""
HOSTILE_NAME = "a$b}c\\d"
HOSTILE_DESCRIPTION = 'a$b}c\\d: Hostile "quotes" $HOME ${x} ]]> <b>&amp; `cmd` \\ back second line'


def run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(args), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


# --- reading snippet bodies back --------------------------------------------------------------


@dataclass(frozen=True)
class Syntax:
    """What a backslash escapes: in literal text, in `${1:...}`, in `${1|...|}` (None: none)."""

    text: str
    placeholder: str
    choice: str | None


VSCODE = Syntax(text="$}\\", placeholder="$}\\", choice=",|\\")
SUBLIME = Syntax(text="$\\", placeholder="$}\\", choice=None)
ULTISNIPS = Syntax(text="$`\\", placeholder="$`\\{}", choice=None)


@dataclass(frozen=True)
class Stop:
    number: int
    default: str
    choices: tuple[str, ...] = ()


def expand(body: str, syntax: Syntax) -> tuple[str, list[Stop]]:
    """The text a body inserts with every tab stop at its default, and its tab stops in order."""
    out: list[str] = []
    stops: list[Stop] = []
    i = 0
    while i < len(body):
        char = body[i]
        if char == "\\":
            assert body[i + 1 : i + 2] and body[i + 1] in syntax.text, f"stray \\ at {i}: {body!r}"
            out.append(body[i + 1])
            i += 2
        elif char == "$":
            m = re.compile(r"\$(\d+)|\$\{(\d+)([:|])").match(body, i)
            assert m, f"a $ that is no tab stop at {i}: {body[i:i + 20]!r}"
            if m.group(1) is not None:
                stops.append(Stop(int(m.group(1)), ""))
                i = m.end()
            elif m.group(3) == ":":
                default, i = _read(body, m.end(), syntax.placeholder, "}")
                stops.append(Stop(int(m.group(2)), default))
                out.append(default)
            else:
                assert syntax.choice is not None, "this format has no choices"
                choices: list[str] = []
                end = ""
                i = m.end()
                while end != "|":
                    item, i = _read(body, i, syntax.choice, ",|")
                    end = body[i - 1]
                    choices.append(item)
                assert body[i] == "}", f"a choice must end with |}} at {i}"
                i += 1
                stops.append(Stop(int(m.group(2)), choices[0], tuple(choices)))
                out.append(choices[0])
        else:
            assert char not in syntax.text, f"unescaped {char!r} at {i}: {body!r}"
            out.append(char)
            i += 1
    return "".join(out), stops


def _read(body: str, i: int, escapes: str, ends: str) -> tuple[str, int]:
    """Text up to an unescaped end character; the index after it."""
    out = []
    while True:
        assert i < len(body), "unterminated tab stop"
        char = body[i]
        if char == "\\":
            assert body[i + 1 : i + 2] and body[i + 1] in escapes, f"stray \\ at {i}: {body!r}"
            out.append(body[i + 1])
            i += 2
        elif char in ends:
            return "".join(out), i + 1
        else:
            assert char not in escapes, f"unescaped {char!r} in a tab stop at {i}: {body!r}"
            out.append(char)
            i += 1


def assert_numbered(stops: list[Stop], body: str) -> None:
    """Tab stops 1..n in order, then `$0` once, as the last thing in the body."""
    assert [s.number for s in stops] == [*range(1, len(stops)), 0]
    assert body.endswith("$0")


# --- reading each format ----------------------------------------------------------------------


@dataclass(frozen=True)
class Read:
    prefix: str
    description: str
    scope: str
    text: str  # expanded: every tab stop at its default
    stops: list[Stop]


def read_vscode(output: str) -> dict[str, Read]:
    data = json.loads(output)
    assert output == json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    snippets = {}
    for name, entry in data.items():
        assert set(entry) == {"prefix", "body", "description", "scope"}
        assert isinstance(entry["body"], list)
        body = "\n".join(entry["body"])
        text, stops = expand(body, VSCODE)
        assert_numbered(stops, body)
        snippets[name] = Read(entry["prefix"], entry["description"], entry["scope"], text, stops)
    return snippets


def read_sublime(folder: Path) -> dict[str, Read]:
    snippets = {}
    for path in sorted(folder.iterdir()):
        assert path.suffix == ".sublime-snippet"
        root = ElementTree.parse(path).getroot()
        assert root.tag == "snippet"
        assert [child.tag for child in root] == ["content", "tabTrigger", "scope", "description"]
        fields = {child.tag: child.text or "" for child in root}
        assert path.name == f"{fields['tabTrigger']}.sublime-snippet"
        text, stops = expand(fields["content"], SUBLIME)
        assert_numbered(stops, fields["content"])
        scope = fields["scope"].removeprefix("source.")
        snippets[fields["tabTrigger"]] = Read(
            fields["tabTrigger"], fields["description"], scope, text, stops
        )
    return snippets


ULTISNIPS_HEADER = re.compile(r'snippet (\S+) "([^"]*)" b')


def read_ultisnips(output: str) -> dict[str, Read]:
    """Blocks `snippet TRIGGER "DESCRIPTION" b` ... `endsnippet`; outside them only comments."""
    assert output.endswith("\n")
    lines = output[:-1].split("\n")
    snippets: dict[str, Read] = {}
    i = 0
    while i < len(lines):
        if not lines[i] or lines[i].startswith("#"):
            i += 1
            continue
        header = ULTISNIPS_HEADER.fullmatch(lines[i])
        assert header, f"line {i + 1} is not a snippet header: {lines[i]!r}"
        body_lines = []
        i += 1
        while lines[i].rstrip() != "endsnippet":  # UltiSnips ends a body at this line
            assert not lines[i].startswith("snippet "), f"line {i + 1}: a missing endsnippet"
            body_lines.append(lines[i])
            i += 1
        i += 1
        body = "\n".join(body_lines)
        text, stops = expand(body, ULTISNIPS)
        assert_numbered(stops, body)
        prefix, description = header.groups()
        assert prefix not in snippets
        snippets[prefix] = Read(prefix, description, "", text, stops)
    return snippets


def read_all(*args: str, tmp_path: Path) -> dict[str, dict[str, Read]]:
    """The snippets of every format for one set of arguments, by prefix."""
    found = {}
    for editor in ("vscode", "ultisnips"):
        code, out, err = run("snippets", *args, "--editor", editor)
        assert code == 0, err
        read = read_vscode(out) if editor == "vscode" else read_ultisnips(out)
        found[editor] = {r.prefix: r for r in read.values()}
    folder = tmp_path / f"sublime{len(list(tmp_path.iterdir()))}"
    code, out, err = run("snippets", *args, "--editor", "sublime", "-o", str(folder))
    assert code == 0 and out == "", err
    found["sublime"] = read_sublime(folder)
    return found


# --- model snippets ---------------------------------------------------------------------------


@pytest.mark.parametrize("style", ["list", "add"])
@pytest.mark.parametrize("line_length", ["88", "30"])
def test_hostile_model_expands_to_the_fragment_byte_for_byte(tmp_path, style, line_length):
    src = tmp_path / "hostile.seq"
    src.write_text(HOSTILE, encoding="utf-8")
    options = ["--style", style, "--line-length", line_length]
    code, fragment, err = run(str(src), "--form", "fragment", *options)
    assert code == 0, err
    assert "]]>" in fragment and "${x}" in fragment and "`" in fragment  # really hostile
    found = read_all(str(src), *options, tmp_path=tmp_path)
    for editor, snippets in found.items():
        (snippet,) = snippets.values()
        assert snippet.prefix == "a_b_c_d"
        assert snippet.text == fragment, editor
        assert [s.number for s in snippet.stops] == [1, 2, 3, 0]
        assert all(not s.choices for s in snippet.stops)
        # The tab stops hold the parameters' values exactly as the fragment assigns them.
        for stop, name in zip(snippet.stops, ["label", "width", "sizes"]):
            assert f"\n{name} = {stop.default}\n" in f"\n{fragment}"
        expected = (
            HOSTILE_DESCRIPTION.replace('"', "'")
            if editor == "ultisnips"
            else (HOSTILE_DESCRIPTION)
        )
        assert snippet.description == expected, editor
        if editor != "ultisnips":
            assert snippet.scope == "python"
        # At 30 columns black wraps the list: then one tab stop spans several lines.
        assert ("\n" in snippet.stops[2].default) == (line_length == "30")


def test_vscode_model_snippet_layout(tmp_path) -> None:
    code, out, err = run("snippets", str(EXAMPLES / "3dcnn.seq"), "--editor", "vscode")
    assert code == 0 and err == ""
    entry = json.loads(out)["3dcnn"]
    assert entry["body"][:3] == ["width = ${1:128}", "height = ${2:128}", "depth = ${3:64}"]
    assert entry["body"][3] == "model = keras.Sequential("
    assert entry["body"][-1] == "$0"
    assert entry["prefix"] == "3dcnn" and entry["scope"] == "python"
    assert entry["description"].startswith("3dcnn: A 3D convolutional network for CT scans,")


def test_model_without_name_uses_the_file_stem_and_first_comment_paragraph(tmp_path) -> None:
    src = tmp_path / "my-net.seq"
    src.write_text("\n# First line\n#   second line\n#\n# later paragraph\ninput 4\ndense 2\n")
    code, out, _ = run("snippets", str(src), "--editor", "vscode")
    assert code == 0
    (entry,) = json.loads(out).values()
    assert list(json.loads(out)) == ["my-net"]
    assert entry["description"] == "my-net: First line second line"
    assert entry["prefix"] == "my-net" and entry["scope"] == "python"
    bare = tmp_path / "bare.seq"
    bare.write_text("model 'my model'\ndense 2  # not a leading comment\n")
    assert json.loads(run("snippets", str(bare), "--editor", "vscode")[1])["my model"] == {
        "body": [
            "model = keras.Sequential(",
            "    [",
            "        layers.Dense(2),",
            "    ],",
            '    name="my model",',
            ")",
            "$0",
        ],
        "description": "my model",
        "prefix": "my_model",
        "scope": "python",
    }


@pytest.mark.parametrize(
    "source, comment",
    [
        ("# a\n# b\ninput 4", "a b"),
        ("\n\n  # indented\ninput 4", "indented"),
        ("# a\n\n# b\ninput 4", "a"),
        ("#\n# after an empty comment\n#\n# no", "after an empty comment"),
        ("input 4 # trailing\n# later", ""),
        ("", ""),
    ],
)
def test_leading_comment(source: str, comment: str) -> None:
    assert leading_comment(source) == comment


def test_several_models_sorted_into_one_file(tmp_path) -> None:
    files = [str(EXAMPLES / name) for name in ("seed.seq", "mnist_convnet.seq", "3dcnn.seq")]
    code, out, err = run("snippets", *files, "--editor", "ultisnips")
    assert code == 0
    assert "seed.seq: note: the model has no input" in err  # warnings and notes are shown
    assert list(read_ultisnips(out)) == ["3dcnn", "mnist_convnet", "seed"]
    assert out.startswith("# Code generated by seqgen snippets. DO NOT EDIT.\n")


def test_style_and_import_mode_reach_the_model_snippets(tmp_path) -> None:
    args = ["snippets", str(EXAMPLES / "mnist_convnet.seq"), "--editor", "vscode"]
    body = "\n".join(json.loads(run(*args, "--style", "add")[1])["mnist_convnet"]["body"])
    assert 'model.add(layers.Conv2D(32, (3, 3), activation="relu"))' in body
    legacy = tmp_path / "legacy.seq"
    legacy.write_text("input 8x8x3\nrandom_height 0.2\n")
    assert run("snippets", str(legacy), "--editor", "vscode")[0] == 0
    code, out, err = run("snippets", str(legacy), "--editor", "vscode", "--keras", "keras")
    assert code == 2 and out == "" and f"{legacy}:2:1: error:" in err


# --- layer snippets ---------------------------------------------------------------------------


def layer_output(mode: str) -> dict[str, Read]:
    code, out, err = run("snippets", "--layers", "--editor", "vscode", "--keras", mode)
    assert code == 0 and err == ""
    return read_vscode(out)


LAYERS = {mode: layer_output(mode) for mode in ("tensorflow", "keras")}
CASES = [(mode, cls) for mode in LAYERS for cls in sorted(LAYERS[mode])]


def test_one_snippet_per_expressible_layer_of_the_mode() -> None:
    for mode, snippets in LAYERS.items():
        expected = {spec.cls for spec in CATALOG.layers.values()
                    if spec.expressible and mode in spec.modes} - set(SKIPPED_LAYERS)  # fmt: skip
        assert set(snippets) == expected
    assert {"RandomHeight", "RandomWidth", "ThresholdedReLU"} <= set(LAYERS["tensorflow"])
    assert not {"RandomHeight", "RandomWidth", "ThresholdedReLU"} & set(LAYERS["keras"])
    assert "Lambda" not in LAYERS["tensorflow"]


def test_the_skip_list_stays_tiny_and_names_real_layers() -> None:
    assert len(SKIPPED_LAYERS) <= 3
    for cls, reason in SKIPPED_LAYERS.items():
        assert cls in CATALOG.layers and CATALOG.layers[cls].expressible and reason


@pytest.mark.parametrize("mode, cls", CASES, ids=[f"{cls}-{mode}" for mode, cls in CASES])
def test_layer_snippet_at_its_defaults_is_a_valid_statement(mode: str, cls: str) -> None:
    """`input <the catalogue example's input>` + the snippet's line checks, shapes included."""
    snippet = LAYERS[mode][cls]
    spec = CATALOG.layers[cls]
    assert snippet.prefix == spec.auto_name
    assert snippet.description == f"keras.layers.{cls}"
    assert snippet.scope == "seq"
    assert snippet.text.startswith(spec.auto_name) and "\n" not in snippet.text
    dims = ", ".join("none" if d is None else str(d) for d in spec.example_input["shape"])
    dtype = spec.example_input.get("dtype", "float32")
    after = "identity\n" if spec.not_last else ""  # Keras cannot build these last
    source = f"input ({dims},) dtype={dtype}\n{snippet.text}\n{after}"
    summary = seqgen.summarize(source, keras=mode, filename=f"{cls}.seq")
    assert summary.rows[0].cls == cls and summary.rows[0].shape is not None


def test_conv2d_snippet_exactly() -> None:
    activations = ",".join(
        [FIRST_ACTIVATION, *(a for a in CATALOG.activations if a != FIRST_ACTIVATION)]
    )
    body = json.loads(run("snippets", "--layers", "--editor", "vscode")[1])["Conv2D"]["body"]
    assert body == [f"conv2d ${{1:32}} ${{2:3x3}} ${{3|valid,same|}} ${{4|{activations}|}}$0"]
    assert LAYERS["tensorflow"]["Conv2D"].text == "conv2d 32 3x3 valid relu"


@pytest.mark.parametrize(
    "cls, text",
    [
        ("Conv1D", "conv1d 32 3 valid relu"),  # 1D windows are one number; causal is offered
        ("Conv3D", "conv3d 32 3x3x3 valid relu"),
        ("AveragePooling2D", "average_pooling2d 2x2 valid"),
        ("MaxPooling2D", "max_pooling2d valid"),  # pool_size is optional: only padding
        ("Dense", "dense 32 relu"),
        ("Dropout", "dropout 0.5"),
        ("Embedding", "embedding 1000 64"),
        ("Rescaling", "rescaling 1/255"),
        ("Flatten", "flatten"),
        ("Activation", "activation relu"),
        ("STFTSpectrogram", "stft_spectrogram padding=valid"),  # not a shorthand padding
        ("IntegerLookup", "integer_lookup vocabulary=[1, 2, 3]"),  # the example's argument
        ("Bidirectional", "bidirectional (lstm 4)"),  # a wrapper: the example's layer
    ],
)
def test_layer_snippet_defaults(cls: str, text: str) -> None:
    assert LAYERS["tensorflow"][cls].text == text


def test_choices_of_padding_and_activation() -> None:
    conv1d = LAYERS["tensorflow"]["Conv1D"].stops
    assert conv1d[2].choices == ("valid", "causal", "same")  # Keras's default first
    assert conv1d[3].choices[0] == "relu"
    assert sorted(conv1d[3].choices) == sorted(CATALOG.activations)


def test_sublime_and_ultisnips_use_the_first_choice_as_a_placeholder(tmp_path) -> None:
    code, out, _ = run("snippets", "--layers", "--editor", "ultisnips")
    assert code == 0
    ultisnips = read_ultisnips(out)
    assert 'snippet conv2d "keras.layers.Conv2D" b\n' in out
    assert "\nconv2d ${1:32} ${2:3x3} ${3:valid} ${4:relu}$0\nendsnippet\n" in out
    assert run("snippets", "--layers", "--editor", "sublime", "-o", str(tmp_path))[0] == 0
    sublime = read_sublime(tmp_path)
    vscode = {r.prefix: r for r in LAYERS["tensorflow"].values()}
    assert set(sublime) == set(ultisnips) == set(vscode)
    for prefix, snippet in vscode.items():
        for other in (sublime[prefix], ultisnips[prefix]):
            assert other.text == snippet.text
            assert [s.default for s in other.stops] == [s.default for s in snippet.stops]
            assert not any(s.choices for s in other.stops)
        assert sublime[prefix].scope == "seq"
        assert sublime[prefix].description == snippet.description


def test_choices_and_placeholders_with_special_characters_round_trip(tmp_path) -> None:
    choices = ("x,y", "a|b", "c\\d", "$}{`", "]]>")
    snippet = Snippet(
        name="n",
        prefix="p",
        description="d",
        scope="seq",
        body=("a$}{`\\ ]]> ", TabStop(1, "x,y", choices), " ", TabStop(2, "$}{`\\]]>"), TabStop(0)),
    )
    expected = "a$}{`\\ ]]> x,y $}{`\\]]>"
    vscode = read_vscode(render_vscode([snippet]))["n"]
    assert vscode.text == expected and vscode.stops[0].choices == choices
    (tmp_path / "p.sublime-snippet").write_text(render_sublime([snippet])["p.sublime-snippet"])
    for read in (read_sublime(tmp_path)["p"], read_ultisnips(render_ultisnips([snippet]))["p"]):
        assert read.text == expected
        assert [s.default for s in read.stops] == ["x,y", "$}{`\\]]>", ""]


def test_committed_vscode_layer_snippets_are_current() -> None:
    code, out, _ = run("snippets", "--layers", "--editor", "vscode")
    assert code == 0
    assert COMMITTED.read_text(encoding="utf-8") == out, (
        "editors/vscode/snippets/seq-layers.code-snippets is stale; regenerate it with "
        "python -m seqgen snippets --layers --editor vscode "
        "-o editors/vscode/snippets/seq-layers.code-snippets"
    )


# --- output, determinism, errors --------------------------------------------------------------


@pytest.mark.parametrize("editor", ["vscode", "ultisnips"])
def test_output_file_equals_stdout_and_runs_are_identical(tmp_path, editor) -> None:
    args = ["snippets", str(EXAMPLES / "3dcnn.seq"), str(EXAMPLES / "seed.seq"), "--editor", editor]
    first, second = run(*args)[1], run(*args)[1]
    assert first == second
    out = tmp_path / "out.snippets"
    assert run(*args, "-o", str(out))[0] == 0
    assert out.read_text(encoding="utf-8") == first
    os.utime(out, (1_000_000, 1_000_000))
    assert run(*args, "-o", str(out))[0] == 0
    assert out.stat().st_mtime == 1_000_000  # unchanged: not rewritten


def test_sublime_folder_has_one_well_formed_file_per_snippet(tmp_path) -> None:
    src = tmp_path / "hostile.seq"
    src.write_text(HOSTILE, encoding="utf-8")
    folder = tmp_path / "new" / "folder"  # made when missing
    args = ["snippets", str(src), str(EXAMPLES / "3dcnn.seq"), "--editor", "sublime"]
    assert run(*args, "-o", str(folder)) == (0, "", "")
    names = sorted(p.name for p in folder.iterdir())
    assert names == ["3dcnn.sublime-snippet", "a_b_c_d.sublime-snippet"]
    first = {name: (folder / name).read_bytes() for name in names}
    hostile = (folder / "a_b_c_d.sublime-snippet").read_text(encoding="utf-8")
    assert "]]]]><![CDATA[>" in hostile  # `]]>` in the body is split across CDATA sections
    assert read_sublime(folder)["a_b_c_d"].description == HOSTILE_DESCRIPTION
    assert run(*args, "-o", str(folder))[0] == 0
    assert {name: (folder / name).read_bytes() for name in names} == first


def test_layer_output_is_deterministic_in_every_format(tmp_path) -> None:
    for editor in ("vscode", "ultisnips"):
        assert run("snippets", "--layers", "--editor", editor) == run(
            "snippets", "--layers", "--editor", editor
        )
    a, b = tmp_path / "a", tmp_path / "b"
    run("snippets", "--layers", "--editor", "sublime", "-o", str(a))
    run("snippets", "--layers", "--editor", "sublime", "-o", str(b))
    files = sorted(p.name for p in a.iterdir())
    assert files == sorted(p.name for p in b.iterdir()) and len(files) == len(LAYERS["tensorflow"])
    assert all((a / f).read_bytes() == (b / f).read_bytes() for f in files)


@pytest.mark.parametrize(
    "args, message",
    [
        (["--editor", "vscode"], "no input"),
        (["x.seq", "--layers", "--editor", "vscode"], "not both"),
        (["x.seq", "--editor", "sublime"], "add -o FOLDER"),
        (["--layers", "--editor", "sublime"], "add -o FOLDER"),
        (["-", "--editor", "vscode"], "standard input"),
        (["--layers", "--editor", "vscode", "--line-length", "5"], "line_length"),
        (["--layers", "--editor", "emacs"], "invalid choice"),
        (["--layers"], "--editor"),
    ],
)
def test_usage_errors_exit_2_with_a_message(args: list[str], message: str, capsys) -> None:
    code, out, err = run("snippets", *args)
    err += capsys.readouterr().err  # argparse's own errors go to sys.stderr
    assert code == 2 and out == ""
    assert message in err and "usage: seqgen snippets" in err


@pytest.mark.parametrize("editor", ["vscode", "sublime", "ultisnips"])
def test_a_bad_file_is_a_positioned_error_and_nothing_is_written(tmp_path, editor) -> None:
    bad = tmp_path / "bad.seq"
    bad.write_text("input 784\ndense2 10\n")
    out = tmp_path / "out"
    code, stdout, err = run("snippets", str(EXAMPLES / "seed.seq"), str(bad), str(tmp_path / "no.seq"),
                            "--editor", editor, "-o", str(out))  # fmt: skip
    assert code == 2 and stdout == ""
    assert f"{bad}:2:1: error: unknown layer 'dense2'\n 2 | dense2 10\n" in err
    assert f"{tmp_path / 'no.seq'}: error: no such file" in err  # every file is reported
    assert not out.exists()


def test_two_models_making_one_prefix_is_an_error(tmp_path) -> None:
    (tmp_path / "a.seq").write_text("model net\ndense 2\n")
    (tmp_path / "b.seq").write_text("model NET\ndense 3\n")
    code, out, err = run("snippets", str(tmp_path / "a.seq"), str(tmp_path / "b.seq"),
                         "--editor", "vscode")  # fmt: skip
    assert code == 2 and out == ""
    assert f"{tmp_path / 'b.seq'}: error: makes the snippet 'NET', as {tmp_path / 'a.seq'}" in err


def test_importing_snippets_imports_no_heavy_package() -> None:
    code = ("import sys, seqgen.snippets; "
            "print(sorted({m.split('.')[0] for m in sys.modules} & "
            "{'tensorflow', 'keras', 'black', 'jinja2', 'lark'}))")  # fmt: skip
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            cwd=ROOT, timeout=60, check=True)  # fmt: skip
    assert result.stdout.strip() == "[]"

"""A differential test of seqgen against Keras: random stacks drawn from the catalogue.

The stacks come from tests/random_stacks.py, each written as `.seq` and, independently of
seqgen's renderer, as Keras code.  Then, in one TensorFlow session
(`keras.backend.clear_session()` before each build):

- **accepted** by seqgen (`seqgen.build`): Keras builds the generated code (one style × import
  mode in rotation) and every figure of seqgen's summary must be Keras's: per layer (nested
  blocks too) the automatic name, class, output shape, trainable and non-trainable counts and
  weight bytes; the model's name, output shape, totals and weight bytes as `model.summary()`
  computes them (`count_params` and `weight_memory_size` over `model.trainable_weights` and
  `model.non_trainable_weights`).  Every `CALL_EVERY`-th model is also called on a batch; for
  every `CONFIG_EVERY`-th, the four generated codes (list/add × tensorflow/keras) must build
  to identical `get_config()`s.
- **refused** (a `SeqgenError`, exit 2): the direct Keras code must fail to build or to run on
  a batch; if it builds and runs, the refusal is a false error.
- anything else seqgen raises is a crash (exit 123).

Every difference is filed under a class by its cause (`CAUSES`), with the shortest source
that shows it.  `python -m tests.differential --stacks N --seed S` prints the tally.
"""

from __future__ import annotations

import argparse
import faulthandler
import gc
import os
import random
import re
import sys
import time
import warnings
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any, Iterator

import seqgen
from seqgen.api import build
from seqgen.keras_check import count_weights
from seqgen.options import Options
from tests.random_stacks import CATALOG, SPECS, Stack, accepts, draw_stack

__all__ = ["CATALOG", "SPECS", "Stack", "Session", "case", "cause", "draw_stack", "run"]
STYLES = ("list", "add")
MODES = ("tensorflow", "keras")
CALL_EVERY = 4
CONFIG_EVERY = 20


# --- comparing with Keras --------------------------------------------------------------------


@dataclass
class Outcome:
    """What one stack showed: its outcome and, for a disagreement, its class."""

    outcome: str  # "agree: built", "agree: both refuse", "disagree", "crash"
    classes: list[str] = field(default_factory=list)
    detail: str = ""


def _culprit(message: str, default: str) -> str:
    """The catalogue class a Keras message names as the one it was calling, else `default`."""
    for name in re.findall(r"calling (\w+)\.call\(\)", message):
        if name in CATALOG.layers and name != "Sequential":
            return name
    return default


def _normalized(message: str) -> str:
    text = re.sub(r"\d+", "N", message.splitlines()[0] if message else "")
    return re.sub(r"'[^']*'|\"[^\"]*\"", "'…'", text)[:90]


class Session:
    """One TensorFlow session for a whole run."""

    def __init__(self) -> None:
        os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
        warnings.simplefilter("ignore")
        import numpy
        import tensorflow
        from tensorflow import keras

        from keras.src.utils.summary_utils import weight_memory_size

        keras.utils.disable_interactive_logging()
        # TensorFlow's millions of objects live for the whole run: out of the collector's way.
        gc.collect()
        gc.freeze()
        self.builds = 0
        self.np, self.tf, self.keras = numpy, tensorflow, keras
        def memory(weights: list[Any]) -> Any:
            try:
                return int(weight_memory_size(weights))
            except ValueError as error:  # model.summary() itself fails on these dtypes
                return f"summary fails: {error}"

        self.memory = memory
        self.layers = keras.layers

    def close(self) -> None:
        gc.unfreeze()

    def run_code(self, code: str, params: dict[str, Any]) -> Any:
        namespace: dict[str, Any] = {"__name__": "differential", "keras": self.keras,
                                     "layers": self.layers}  # fmt: skip
        # Without Python's collection at each clear (5 s of 7 here); every 50 builds instead.
        self.keras.backend.clear_session(free_memory=False)
        self.builds += 1
        if self.builds % 50 == 0:
            gc.collect()
        exec(compile(code, "<differential>", "exec"), namespace)
        if "build_model" in namespace:
            return namespace["build_model"](**params)
        return namespace["model"]

    def call(self, model: Any, shape: tuple[int, ...], dtype: str) -> None:
        if dtype == "string":
            batch = self.tf.constant([[["a"]] * 0 or "a"] * 2) if not shape else \
                self.tf.fill((2, *shape), "a")  # fmt: skip
        else:
            batch = self.np.ones((2, *shape), dtype="int32" if dtype == "int" else dtype)
        model(batch)

    # -- rows -------------------------------------------------------------------------------

    def _layer_rows(self, layers: list[Any], prefix: str = "") -> list[tuple[str, str, Any]]:
        rows = []
        for layer in layers:
            where = f"{prefix}{type(layer).__name__}"
            rows.append((where, "name", layer.name))
            rows.append((where, "class", type(layer).__name__))
            rows.append((where, "output shape", _output_shape(layer)))
            rows.append((where, "trainable", _count(layer.trainable_weights)))
            rows.append((where, "non-trainable", _count(layer.non_trainable_weights)))
            rows.append((where, "weight bytes", self.memory(layer.weights)))
            if type(layer).__name__ == "Sequential":
                rows.extend(self._layer_rows(layer.layers, where + " > "))
        return rows

    def keras_figures(self, model: Any) -> list[tuple[str, str, Any]]:
        rows = self._layer_rows(model.layers)
        rows.append(("model", "name", model.name))
        rows.append(("model", "output shape", _output_shape(model.layers[-1])))
        rows.append(("model", "trainable", _count(model.trainable_weights)))
        rows.append(("model", "non-trainable", _count(model.non_trainable_weights)))
        trainable = self.memory(model.trainable_weights)
        non_trainable = self.memory(model.non_trainable_weights)
        both = trainable + non_trainable if isinstance(trainable, int) and \
            isinstance(non_trainable, int) else f"{trainable} / {non_trainable}"  # fmt: skip
        rows.append(("model", "weight bytes", both))
        return rows


def _output_shape(layer: Any) -> Any:
    try:
        output = layer.output
    except (AttributeError, ValueError):
        return None
    if isinstance(output, (list, tuple)):  # several tensors: seqgen's row shows the first
        output = output[0]
    return tuple(output.shape)


def _count(weights: list[Any]) -> int:
    """How many numbers the weights hold, each weight once (a shared one is listed twice)."""
    return count_weights({id(w): w for w in weights}.values())


def seqgen_figures(summary: Any) -> list[tuple[str, str, Any]]:
    def walk(rows: Any, prefix: str = "") -> Iterator[tuple[str, str, Any]]:
        for r in rows:
            where = f"{prefix}{r.cls}"
            yield where, "name", r.name
            yield where, "class", r.cls
            yield where, "output shape", r.shape
            yield where, "trainable", r.trainable
            yield where, "non-trainable", r.non_trainable
            yield where, "weight bytes", r.weight_bytes
            if r.children:
                yield from walk(r.children, where + " > ")

    rows = list(walk(summary.rows))
    rows.append(("model", "name", summary.name if summary.name is not None else "sequential"))
    rows.append(("model", "output shape", summary.output_shape))
    rows.append(("model", "trainable", summary.trainable))
    rows.append(("model", "non-trainable", summary.non_trainable))
    rows.append(("model", "weight bytes", summary.weight_bytes))
    return rows


def compare_figures(ours: list[tuple[str, str, Any]], theirs: list[tuple[str, str, Any]],
                    focus: str) -> list[str]:  # fmt: skip
    """The disagreement classes between two lists of figures."""
    if [r[:2] for r in ours] != [r[:2] for r in theirs]:
        return [f"layers differ: {focus}"]
    classes = []
    for (where, what, mine), (_, _, keras_value) in zip(ours, theirs):
        if mine != keras_value:
            layer = where.rsplit(" > ", 1)[-1]
            cls = focus if layer == "model" else layer
            if layer == "model" and what in ("trainable", "non-trainable", "weight bytes"):
                cls = f"model totals, {focus}"
            classes.append(f"{what} differs: {cls}")
    return sorted(set(classes))


def run_stack(session: Session, stack: Stack, index: int) -> Outcome:
    style = STYLES[index % 2]
    mode = "tensorflow" if stack.tf_only else MODES[(index // 2) % 2]
    source = stack.source
    try:
        built = build(source, Options(style=style, keras=mode), params=stack.defines)
    except seqgen.SeqgenError as error:
        return _refused(session, stack, error)
    except Exception as error:  # exit 123
        return Outcome("crash", [f"seqgen crash: {type(error).__name__}: {stack.focus}"],
                       f"{type(error).__name__}: {error}")  # fmt: skip
    classes = _defines_checked_as_defaults(stack, accepted=True)
    if classes:  # what Keras then does follows from the unchecked value
        return Outcome("disagree", classes)
    stage = "accepted, Keras refuses"
    try:
        model = session.run_code(built.code, stack.defines)
        if index % CALL_EVERY == 0 and _grows_adaptively(model):
            # TensorFlow dies of SIGFPE on such a batch (a whole run would die with it).
            return Outcome("disagree", classes + ["accepted, crashes TensorFlow on a batch: "
                                                  "adaptive pooling to a larger size"])
        if index % CALL_EVERY == 0:
            stage = "accepted, fails on a batch"
            session.call(model, stack.input_shape, stack.input_dtype)
    except Exception as error:
        message = f"{type(error).__name__}: {error}"
        cls = _culprit(message, stack.focus)
        return Outcome("disagree", classes + [f"{stage}: {cls}: {_normalized(message)}"],
                       message[:300])  # fmt: skip
    try:
        theirs = session.keras_figures(model)
    except Exception as error:  # the harness cannot read the model: say so, do not stop
        return Outcome("disagree", [f"unreadable model: {stack.focus}: {type(error).__name__}"],
                       f"{type(error).__name__}: {error}")  # fmt: skip
    classes += compare_figures(seqgen_figures(built.summary), theirs, stack.focus)
    if index % CONFIG_EVERY == 0:
        classes += _four_codes_agree(session, stack)
    if classes:
        return Outcome("disagree", classes)
    return Outcome("agree: built")


def _grows_adaptively(model: Any) -> bool:
    """An adaptive pooling layer whose output is larger than its input somewhere."""
    for layer in model.layers:
        if isinstance(getattr(layer, "layers", None), list) and _grows_adaptively(layer):
            return True
        inner = getattr(layer, "layer", None)  # TimeDistributed, Bidirectional, ...
        if type(layer).__name__.startswith("Adaptive") or \
                type(inner).__name__.startswith("Adaptive"):  # fmt: skip
            pairs = zip(layer.input.shape[1:], layer.output.shape[1:])
            if any(i is not None and o is not None and o > i for i, o in pairs):
                return True
    return False


def _defines_checked_as_defaults(stack: Stack, accepted: bool) -> list[str]:
    """A `-D` value must meet the checks the same value meets as the parameter's default."""
    if not stack.defines:
        return []
    value = stack.defines["n"]
    as_default = stack.source.replace(f"model m(n={stack.params['n']})", f"model m(n={value!r})")
    if accepts(as_default, {}) == accepted:
        return []
    verdict = "accepted" if accepted else "refused"
    return [f"-D value {verdict}, the same default not: n={value!r}"]


def _four_codes_agree(session: Session, stack: Stack) -> list[str]:
    configs = []
    for style in STYLES:
        for mode in MODES if not stack.tf_only else ("tensorflow",):
            code = build(stack.source, Options(style=style, keras=mode),
                                params=stack.defines).code  # fmt: skip
            configs.append(session.run_code(code, stack.defines).get_config())
    if any(c != configs[0] for c in configs):
        return [f"styles or import modes give different configs: {stack.focus}"]
    return []


#: Refusals that are rules of the language, not claims about Keras: Python would run a
#: `range(-1)` loop zero times, but a `repeat` or `for` block that adds no layer is refused.
LANGUAGE_RULES = re.compile(r"a repeat count must be a whole number of at least 1|'for' needs a "
                            r"non-empty list")


def _refused(session: Session, stack: Stack, error: seqgen.SeqgenError) -> Outcome:
    if LANGUAGE_RULES.search(str(error)):
        return Outcome("agree: both refuse")  # a rule of the language (see LANGUAGE_RULES)
    classes = _defines_checked_as_defaults(stack, accepted=False)
    if classes:
        return Outcome("disagree", classes, str(error))
    if stack.defines and accepts(stack.source, stack.defines):
        return Outcome("refused at the parameters' defaults")  # the generated file's defaults
    try:
        model = session.run_code(stack.keras_code(), {})
        session.call(model, stack.input_shape, stack.input_dtype)
    except Exception:
        return Outcome("agree: both refuse")
    message = str(error).splitlines()[0].split("error: ", 1)[-1]
    cls = _culprit(message, stack.focus)
    return Outcome("disagree", [f"false error: {cls}: {_normalized(message)}"], str(error))


def case(session: Session, source: str, keras_layers: list[str], shape: tuple[int, ...],
         dtype: str = "float32", *, params: dict[str, Any] | None = None,
         defines: dict[str, Any] | None = None, index: int = 0) -> list[str]:  # fmt: skip
    """The disagreement classes of one written case: `source` and the same stack in Keras."""
    lines = source.strip().splitlines()
    name = re.match(r"model (\w+)", lines[0])
    stack = Stack("case", "case", lines, keras_layers, shape, dtype,
                  model_name=name.group(1) if name else None, params=params or {},
                  defines=defines or {})  # fmt: skip
    return run_stack(session, stack, index).classes


#: Disagreement classes by their cause: (name, pattern over "class\nsource\ndetail"), the
#: first match naming it.  A class no pattern names keeps its raw key (outcome, layer, message).
CAUSES: tuple[tuple[str, str], ...] = (
    ("crash on a zero value", r"^seqgen crash: ZeroDivisionError"),
    ("adaptive pooling to a larger size crashes TensorFlow on a batch",
     r"^accepted, crashes TensorFlow"),
    ("crash on a -D repeat count", r"^seqgen crash: TypeError(.|\n)*repeat n"),
    ("-D value skips a check", r"^-D value accepted"),
    ("-D value checked, the same default not", r"^-D value refused"),
    ("identity or orthogonal initializer on a weight of another rank",
     r"^accepted, Keras refuses.*(Identity matrix|at least two-dimensional)"),
    ("Keras constructor range: SpectralNormalization power_iterations",
     r"^accepted, Keras refuses.*power_iterations"),
    ("Keras constructor range: augmentation factors",
     r"^accepted, Keras refuses.*(`factor` argument|addition_factor|threshold_factor)"),
    ("Keras constructor range: activation layers",
     r"^accepted, Keras refuses.*(negative_slope|theta value|max_value)"),
    ("LoRA with a constraint", r"^accepted, Keras refuses.*Lora is incompatible"),
    ("layer dtype Keras cannot build or run",
     r'^accepted, (Keras refuses|fails on a batch)(.|\n)*\n(?!input)[^\n]*'
     r'dtype="(u?int|bool|complex|string|bfloat)'),
    ("Equalization not straight after the input", r"^accepted, Keras refuses(.|\n)*(?<!_)equalization"),
    ("Bidirectional of a go_backwards layer", r"^accepted, Keras refuses.*go_backwards"),
    ("accepted, Keras refuses to build", r"^accepted, Keras refuses"),
    ("channels_first image layer fails on a batch", r"^accepted, fails on a batch(.|\n)*channels_first"),
    ("layer on an input of another rank fails on a batch",
     r"^accepted, fails on a batch: (ContrastLimitedAdaptiveHistogramEqualization|MelSpectrogram)"),
    ("lookup layer on an input of another dtype fails on a batch",
     r"^accepted, fails on a batch(: (StringLookup|IntegerLookup|TextVectorization|Hashing)|"
     r"(.|\n)*\n(string_lookup|integer_lookup|text_vectorization|hashing|    string_lookup))"),
    ("orthogonal_regularizer on an activity of rank > 2 fails on a batch",
     r'^accepted, fails on a batch(.|\n)*activity_regularizer="orthogonal_regularizer"'),
    ("RNN of a cell on an input of rank > 3 fails on a batch",
     r"^accepted, fails on a batch: \w+: \w+: Exception encountered when calling "
     r"(LSTMCell|GRUCell|SimpleRNNCell|StackedRNNCells)"),
    ("EinsumDense equation of another rank than its input fails on a batch",
     r"^accepted, fails on a batch: EinsumDense"),
    ("sparse output into a layer that cannot take it fails on a batch",
     r"^accepted, fails on a batch(.|\n)*sparse=true"),
    ("accepted, fails on a batch", r"^accepted, fails on a batch"),
    ("false error: TimeDistributed of a layer seqgen cannot slice", r"^false error.*time slice"),
    ("false error: return_state as the last layer", r"^false error.*return_state=True makes"),
    ("false error: PReLU shared_axes", r"^false error.*shared_axes"),
    ("false error: pooling a zero-size input", r"^false error.*larger than the input's N"),
    ("false error: adaptive pooling of another rank",
     r"^false error: \w+: Adaptive\w+ cannot take its input: expects an input of rank"),
    ("import modes build different layers: AlphaDropout",
     r"^styles or import modes(.|\n)*alpha_dropout"),
    ("frozen RNN cell counts",
     r"^(non-)?trainable differs(.|\n)*\brnn \(stacked_rnn_cells[^\n]*trainable=false"),
    ("frozen wrapper counts", r"^(non-)?trainable differs(.|\n)*trainable=false"),
    ("weight bytes: complex weights (model.summary() fails)", r"^weight bytes(.|\n)*complex"),
    ("weight bytes: LoRA factors", r"^weight bytes(.|\n)*lora_rank"),
    ("weight bytes: Normalization's count", r"^weight bytes(.|\n)*\bnormalization\b"),
    ("weight bytes: a nested layer's dtype", r"^weight bytes(.|\n)*\([^\n]*dtype="),
    ("weight bytes", r"^weight bytes differs"),
    ("automatic names", r"^name differs"),
    ("output shape: Pipeline", r"^output shape differs(.|\n)*pipeline"),
    ("output shape", r"^output shape differs"),
)


def cause(raw: str, source: str, detail: str) -> str:
    text = f"{raw}\n{source}\n{detail}"
    for name, pattern in CAUSES:
        if re.search(pattern, text):
            return name
    return raw


# --- a run -----------------------------------------------------------------------------------


@dataclass
class Tally:
    stacks: int = 0
    families: Counter = field(default_factory=Counter)
    features: Counter = field(default_factory=Counter)
    varied: Counter = field(default_factory=Counter)
    outcomes: Counter = field(default_factory=Counter)
    classes: Counter = field(default_factory=Counter)
    smallest: dict[str, str] = field(default_factory=dict)
    raw: defaultdict = field(default_factory=lambda: defaultdict(set))
    details: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0

    def add(self, stack: Stack, outcome: Outcome) -> None:
        self.stacks += 1
        self.families[stack.family] += 1
        self.features.update(stack.features)
        self.varied.update(stack.varied)
        self.outcomes[outcome.outcome] += 1
        source = stack.source + (f"# -D {stack.defines}\n" if stack.defines else "")
        for raw in outcome.classes:
            cls = cause(raw, source, outcome.detail)
            self.classes[cls] += 1
            self.raw[cls].add(raw)
            if cls not in self.smallest or len(source) < len(self.smallest[cls]):
                self.smallest[cls] = source
                self.details[cls] = outcome.detail

    def report(self) -> str:
        out = [f"{self.stacks} stacks in {self.seconds:.0f} s", "", "stacks per family:"]
        out += [f"  {k}: {v}" for k, v in sorted(self.families.items())]
        out += ["", "stacks with:"] + [f"  {k}: {v}" for k, v in sorted(self.features.items())]
        out += ["", "outcomes:"] + [f"  {k}: {v}" for k, v in sorted(self.outcomes.items())]
        out += ["", f"disagreement classes ({len(self.classes)}):"]
        for cls, n in sorted(self.classes.items()):
            out.append(f"  [{n}] {cls}  ({len(self.raw[cls])} raw keys)")
            out += ["      " + line for line in self.smallest[cls].splitlines()]
            if self.details[cls]:
                out.append("      => " + self.details[cls].splitlines()[0][:200])
            if cls in self.raw[cls] or len(self.raw[cls]) == 1:
                continue
            out += [f"      - {raw}" for raw in sorted(self.raw[cls])[:6]]
        return "\n".join(out)


def run(stacks: int, seed: int, session: Session | None = None, progress: bool = False,
        start_index: int = 0) -> Tally:  # fmt: skip
    session = session or Session()
    tally = Tally()
    start = time.perf_counter()
    for index in range(start_index, start_index + stacks):
        rng = random.Random(f"{seed}:{index}")
        stack = draw_stack(rng, index)
        if progress:
            print(f"stack {index}:\n{stack.source}", file=sys.stderr, flush=True)
        tally.add(stack, run_stack(session, stack, index))
        if progress and (index - start_index) % 500 == 499:
            print(f"... {index + 1} stacks, {time.perf_counter() - start:.0f} s", flush=True)
        if progress and (index - start_index) % 2000 == 1999:  # a tally so far, should the run be cut short
            tally.seconds = time.perf_counter() - start
            print(tally.report(), flush=True)
    tally.seconds = time.perf_counter() - start
    return tally


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.differential")
    parser.add_argument("--stacks", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=10)
    parser.add_argument("--start", type=int, default=0, help="the first stack's index")
    args = parser.parse_args(argv)
    faulthandler.enable()  # a crash of TensorFlow itself shows the stack it was building
    tally = run(args.stacks, args.seed, progress=True, start_index=args.start)
    print(tally.report())
    return 0


if __name__ == "__main__":
    sys.exit(main())

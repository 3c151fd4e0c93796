"""Keras 1/2 code, as the course material writes it, and its Keras 3 form.

The lecture notes the course grew from use Keras 1 and 2 (``Dense(output_dim=500)``,
``nb_epoch=20``, ``SGD(lr=0.1)``). Keras 3 removed those forms: some now raise an
error, some only warn, and one (``decay=``) is *ignored with a warning*, so old code
trains differently without failing.

- :data:`FORMS` lists every old form the material uses with its Keras 3 replacement
  and a runnable example of each (chapter 02 prints them as a table);
- :func:`keras3_outcome` runs an old example under the installed Keras and reports
  what happens (an error, a warning, or nothing);
- :func:`find_removed_forms` finds the removed forms in Python source, by its syntax
  tree (so a name inside a string or a comment is not a finding);
  :func:`find_removed_forms_in_notebook` does it for a notebook's code cells. The
  test suite runs it on every chapter and module of the course.
"""

import ast
import json
import warnings
from dataclasses import dataclass

from dlcourse.core.validation import lookup

OPTIMIZERS = ("SGD", "Adam", "AdamW", "Adamax", "Adagrad", "Adadelta", "Adafactor",
              "RMSprop", "Nadam", "Ftrl", "Lion", "Lamb", "LossScaleOptimizer")


@dataclass(frozen=True)
class Form:
    """One Keras 1/2 form and its Keras 3 replacement.

    Attributes
    ----------
    name : str
        Short name (the keyword, attribute or module).
    old, new : str
        Example code, Keras 1/2 and Keras 3; both run in a namespace with ``keras``,
        ``np``, a compiled ``model`` and data ``x`` (4 examples of 3 features), ``y``.
    note : str
        What changed, in a few words.
    kind : str
        How :func:`find_removed_forms` finds it: ``"keyword"`` (a keyword argument),
        ``"attribute"``, ``"module"`` (an import), or ``"style"`` (still works in
        Keras 3; never a finding).
    callees : tuple of str or None
        For keywords: the called names it applies to (``None``: any call;
        a leading ``!`` excludes a name).
    """

    name: str
    old: str
    new: str
    note: str
    kind: str
    callees: tuple = None


FORMS = (
    Form("output_dim", "keras.layers.Dense(output_dim=500)", "keras.layers.Dense(500)",
         "the width is `units`, the first argument", "keyword", ("Dense",)),
    Form("input_dim",
         "keras.Sequential([keras.layers.Dense(500, input_dim=784)])",
         "keras.Sequential([keras.Input(shape=(784,)), keras.layers.Dense(500)])",
         "the input is a `keras.Input(shape=...)`, first in the list",
         "keyword", ("!Input", "!InputLayer", "!Embedding")),
    Form("input_shape",
         "keras.Sequential([keras.layers.Dense(500, input_shape=(784,))])",
         "keras.Sequential([keras.Input(shape=(784,)), keras.layers.Dense(500)])",
         "as `input_dim`: shapes go to `keras.Input`",
         "keyword", ("!Input", "!InputLayer")),
    Form("nb_epoch", "model.fit(x, y, nb_epoch=2, verbose=0)",
         "model.fit(x, y, epochs=2, verbose=0)", "renamed `epochs` (Keras 2)", "keyword"),
    Form("lr", "keras.optimizers.SGD(lr=0.1)", "keras.optimizers.SGD(learning_rate=0.1)",
         "spelled out: `learning_rate`", "keyword", OPTIMIZERS),
    Form("decay", "keras.optimizers.SGD(learning_rate=0.1, decay=1e-6)",
         "keras.optimizers.SGD(learning_rate=keras.optimizers.schedules.InverseTimeDecay("
         "0.1, decay_steps=1, decay_rate=1e-6))",
         "a learning-rate schedule; `decay=` is ignored, so old code trains differently",
         "keyword", OPTIMIZERS),
    Form("init", "keras.layers.Dense(500, init='uniform')",
         "keras.layers.Dense(500, kernel_initializer='random_uniform')",
         "`kernel_initializer` (Keras 2)", "keyword", ("Dense",)),
    Form("predict_classes", "model.predict_classes(x)", "model.predict(x, verbose=0).argmax(axis=1)",
         "removed (TensorFlow 2.6): take the argmax of `predict`", "attribute"),
    Form("fit_generator", "model.fit_generator", "model.fit",
         "`fit` takes generators and datasets itself", "attribute"),
    Form("keras.layers.core", "import keras.layers.core", "import keras.layers",
         "layers live in `keras.layers`", "module"),
    Form("keras.utils.np_utils", "import keras.utils.np_utils",
         "keras.utils.to_categorical([0, 2], 3)", "`keras.utils.to_categorical`", "module"),
    Form("Activation layer",
         "keras.Sequential([keras.Input(shape=(784,)), keras.layers.Dense(500), "
         "keras.layers.Activation('sigmoid')])",
         "keras.Sequential([keras.Input(shape=(784,)), "
         "keras.layers.Dense(500, activation='sigmoid')])",
         "still works and computes the same; `activation=` is shorter", "style"),
    Form("from keras.models import",
         "from keras.models import Sequential", "keras.Sequential",
         "still works (the same class); the course writes `keras.Sequential`", "style"),
)

_ATTRIBUTES = {f.name: f for f in FORMS if f.kind == "attribute"}
_ATTRIBUTES.update({name: _ATTRIBUTES["fit_generator"]
                    for name in ("evaluate_generator", "predict_generator", "predict_proba")})
_MODULES = {f.name: f for f in FORMS if f.kind == "module"}
_KEYWORDS = {f.name: f for f in FORMS if f.kind == "keyword"}


def form(name):
    """The :class:`Form` called ``name``."""
    return lookup({item.name: item for item in FORMS}, name, "form")


def _namespace(code):
    import keras
    import numpy as np

    namespace = {"keras": keras, "np": np,
                 "x": np.zeros((4, 3), "float32"), "y": np.zeros((4, 2), "float32")}
    if "model" in code:  # build the small model only for code that uses it
        namespace["model"] = keras.Sequential([keras.Input(shape=(3,)), keras.layers.Dense(2)])
        namespace["model"].compile(loss="mse")
    return namespace


def keras3_outcome(code):
    """Run ``code`` under the installed Keras and say what happens.

    Parameters
    ----------
    code : str
        A statement or expression, e.g. ``Form.old``; it runs in a namespace with
        ``keras``, ``np``, a small compiled ``model`` and data ``x``, ``y``.

    Returns
    -------
    (str, str)
        ``("error", "TypeError: ...")``, ``("warning", "...")`` or ``("runs", "")``.
    """
    if not isinstance(code, str) or not code.strip():
        raise ValueError(f"code must be a non-empty string of Python, got {code!r}")
    namespace = _namespace(code)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            exec(compile(code, "<keras3_outcome>", "exec"), namespace)
        except Exception as error:  # noqa: BLE001 - reporting what Keras does is the point
            return "error", f"{type(error).__name__}: {error}".splitlines()[0]
    messages = [str(w.message).splitlines()[0] for w in caught
                if issubclass(w.category, (UserWarning, DeprecationWarning, FutureWarning))]
    if messages:
        return "warning", messages[0]
    return "runs", ""


@dataclass(frozen=True)
class Finding:
    """A removed Keras form found in source code."""

    line: int
    form: str
    found: str
    replacement: str


def _callee_name(call):
    func = call.func
    if isinstance(func, ast.Attribute):
        return func.attr
    if isinstance(func, ast.Name):
        return func.id
    return None


def _is_course_optimizer(call):
    """``optim.SGD(...)`` and the like: the course's NumPy optimizers, not Keras's."""
    func = call.func
    return (isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name)
            and func.value.id == "optim")


def _applies(form_, callee):
    if form_.callees is None:
        return True
    included = [c for c in form_.callees if not c.startswith("!")]
    excluded = [c[1:] for c in form_.callees if c.startswith("!")]
    if callee in excluded:
        return False
    if included:
        return callee in included
    return callee is not None and callee[:1].isupper()  # a class: a layer, a model


# A line that shows an old form to demonstrate what Keras 3 does with it says so.
ON_PURPOSE = "# old form, on purpose"


def find_removed_forms(source):
    """Removed Keras 1/2 forms in Python ``source``, found by its syntax tree.

    Finds keyword arguments (``nb_epoch=``, ``lr=`` and ``decay=`` in optimizers,
    ``output_dim=`` and ``init=`` in ``Dense``, ``input_dim=``/``input_shape=`` in
    layers), removed methods (``predict_classes``, ``fit_generator``, ...) and
    removed modules (``keras.layers.core``, ``keras.utils.np_utils``). Names in
    strings and comments are not findings, and neither are the forms that still work
    (an ``Activation`` layer, ``from keras.models import``), nor lines marked
    ``# old form, on purpose`` (a chapter showing what Keras 3 does with them).

    Parameters
    ----------
    source : str
        Python code. IPython lines starting with ``%`` or ``!`` are skipped.

    Returns
    -------
    list of Finding
        In the order of the source lines.

    Raises
    ------
    SyntaxError
        If ``source`` is not valid Python.

    Example
    -------
    >>> [f.form for f in find_removed_forms("model.fit(x, y, nb_epoch=20)")]
    ['nb_epoch']
    """
    lines = [("" if line.lstrip().startswith(("%", "!")) else line)
             for line in source.splitlines()]
    tree = ast.parse("\n".join(lines))
    findings = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            callee = _callee_name(node)
            if _is_course_optimizer(node):
                continue  # dlcourse.references.optim's NumPy optimizers take decay= on purpose
            for keyword in node.keywords:
                form_ = _KEYWORDS.get(keyword.arg)
                if form_ is not None and _applies(form_, callee):
                    findings.append(Finding(node.lineno, form_.name,
                                            f"{callee}({keyword.arg}=...)", form_.new))
        elif isinstance(node, ast.Attribute) and node.attr in _ATTRIBUTES:
            form_ = _ATTRIBUTES[node.attr]
            findings.append(Finding(node.lineno, form_.name, f".{node.attr}", form_.new))
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names = [alias.name for alias in node.names]
            if isinstance(node, ast.ImportFrom) and node.module:
                # `from keras.layers.core import Dense` or `from keras.utils import np_utils`
                names = [node.module] + [f"{node.module}.{n}" for n in names]
            for name in names:
                matches = [f for m, f in _MODULES.items()
                           if name == m or name.startswith(m + ".")]
                if matches:
                    findings.append(Finding(node.lineno, matches[0].name, name,
                                            matches[0].new))
                    break  # one finding per import statement
    unique = {(f.line, f.form, f.found): f for f in findings
              if ON_PURPOSE not in lines[f.line - 1]}
    return sorted(unique.values(), key=lambda f: (f.line, f.form))


def find_removed_forms_in_notebook(path):
    """:func:`find_removed_forms` over a notebook's code cells: ``[(cell, Finding)]``.

    ``cell`` counts code cells from 1. A cell that is not valid Python is reported as
    a finding with form ``"syntax error"`` rather than stopping the scan.
    """
    with open(path, encoding="utf-8") as handle:
        notebook = json.load(handle)
    results = []
    code_cells = [c for c in notebook.get("cells", []) if c.get("cell_type") == "code"]
    for number, cell in enumerate(code_cells, start=1):
        source = cell.get("source", "")
        source = "".join(source) if isinstance(source, list) else source
        try:
            found = find_removed_forms(source)
        except SyntaxError as error:
            found = [Finding(error.lineno or 0, "syntax error", str(error.msg), "")]
        results.extend((number, f) for f in found)
    return results

"""The graph of a Keras model: which layers it has and which feeds which.

Keras draws model graphs with ``keras.utils.plot_model``, which needs pydot and the
Graphviz programs. The course draws them with matplotlib instead
(:func:`dlcourse.presentation.plots.plot_model_graph`); this module does the part that is not
drawing, so it can be tested on its own:

- :func:`model_graph` reads a built model into a :class:`ModelGraph`: one
  :class:`GraphNode` per layer (or operation such as ``keras.ops.abs``), and the
  edges "the output of A is an input of B";
- :func:`graph_ranks` places every node on a row, inputs at the top, so that every
  edge points down.

A layer called twice (a *shared* layer) is one node with ``calls == 2``; a model used
as a layer is one node (its inside is not expanded). Left out: expanding nested
models, and subclassed models (they have no graph until called, and are one box).
Keras is never imported here: the functions only read attributes of the model given.
"""

from dataclasses import dataclass

from dlcourse.core.validation import lookup


@dataclass(frozen=True)
class GraphNode:
    """One layer (or operation) of a model graph.

    Attributes
    ----------
    name : str
        The layer's name, unique in the model.
    type : str
        Its class name (``"Dense"``, ``"InputLayer"``, ``"Sequential"``, ...).
    output_shape : str
        The shape of its output, e.g. ``"(None, 500)"`` (``None`` is the batch).
    params : int
        Number of weights (0 for inputs and weightless operations).
    calls : int
        How many times the model calls it (2 or more for a shared layer).
    is_output : bool
        Whether it produces one of the model's outputs.
    """

    name: str
    type: str
    output_shape: str
    params: int
    calls: int
    is_output: bool = False

    @property
    def is_input(self):
        return self.type == "InputLayer"


@dataclass(frozen=True)
class ModelGraph:
    """The layers of a model (in Keras's order) and the edges between them."""

    name: str
    nodes: tuple
    edges: tuple

    def node(self, name):
        """The :class:`GraphNode` called ``name``."""
        return lookup({item.name: item for item in self.nodes}, name, "node")

    def predecessors(self, name):
        """Names of the nodes whose output feeds ``name``."""
        self.node(name)
        return [a for a, b in self.edges if b == name]

    def successors(self, name):
        """Names of the nodes that ``name`` feeds."""
        self.node(name)
        return [b for a, b in self.edges if a == name]


def _functional_of(model):
    """The functional graph behind ``model`` (a Sequential model keeps one inside)."""
    if hasattr(model, "_nodes_by_depth"):
        return model
    inner = getattr(model, "_functional", None)  # a built keras.Sequential
    if inner is not None and hasattr(inner, "_nodes_by_depth"):
        return inner
    if hasattr(model, "layers") and hasattr(model, "built"):
        if not model.built or not getattr(model, "layers", None):
            raise ValueError(
                f"model {model.name!r} is not built, so it has no graph yet: start a "
                f"Sequential model with keras.Input(shape=...), or call model.build(...)"
            )
    raise TypeError(
        f"model_graph needs a functional or Sequential Keras model, got "
        f"{type(model).__name__}; a subclassed model has no graph to read"
    )


def _shape_text(operation, node):
    shapes = [tuple(t.shape) for t in node.output_tensors]
    text = ", ".join(str(s) for s in shapes)
    return text if len(shapes) == 1 else f"[{text}]"


def _params(operation):
    try:
        return int(operation.count_params())
    except (AttributeError, ValueError):
        return 0


def model_graph(model):
    """Read the layers of a built Keras model and which feeds which.

    Parameters
    ----------
    model : keras.Model
        A functional model, or a Sequential model that knows its input shape (built
        with ``keras.Input`` first, or already called on data).

    Returns
    -------
    ModelGraph
        ``nodes`` in Keras's order (inputs first), ``edges`` as ``(source, target)``
        name pairs, each pair once even when a layer feeds another twice (as a shared
        encoder feeds a ``Subtract`` layer in a siamese network).

    Raises
    ------
    TypeError
        For anything that is not a functional or Sequential model.
    ValueError
        For a Sequential model that is not built yet.

    Example
    -------
    >>> graph = model_graph(model)                     # doctest: +SKIP
    >>> graph.predecessors("output")                   # doctest: +SKIP
    ['hidden_2']
    """
    functional = _functional_of(model)
    nodes_by_depth = functional._nodes_by_depth  # depth -> the call events (Nodes)
    calls, shapes, edges = {}, {}, []
    # Keras numbers depth from the outputs (0) to the inputs (largest).
    for depth in sorted(nodes_by_depth, reverse=True):
        for call in nodes_by_depth[depth]:
            operation = call.operation
            calls[operation.name] = calls.get(operation.name, 0) + 1
            shapes.setdefault(operation.name, _shape_text(operation, call))
            for parent in call.parent_nodes:
                edge = (parent.operation.name, operation.name)
                if edge not in edges:
                    edges.append(edge)
    outputs = {t._keras_history.operation.name for t in functional.outputs}
    nodes = []
    for operation in functional.operations:
        if operation.name not in calls:
            continue
        nodes.append(GraphNode(name=operation.name, type=type(operation).__name__,
                               output_shape=shapes[operation.name],
                               params=_params(operation), calls=calls[operation.name],
                               is_output=operation.name in outputs))
    return ModelGraph(name=model.name, nodes=tuple(nodes), edges=tuple(edges))


def graph_ranks(graph):
    """The row of every node, so that every edge points from a row to a later one.

    A node's row is the length of the longest path from an input to it; then every
    node without a successor stays put and every other node moves down to just above
    its first successor, so that an extra input (such as an auxiliary input) sits next
    to the layer it feeds rather than at the top.

    Returns
    -------
    dict of str -> int
        Node name -> row (0 is the top).
    """
    names = [n.name for n in graph.nodes]
    rank = {name: 0 for name in names}
    for _ in names:  # longest path; a DAG settles within len(names) passes
        changed = False
        for source, target in graph.edges:
            if rank[target] < rank[source] + 1:
                rank[target] = rank[source] + 1
                changed = True
        if not changed:
            break
    else:
        raise ValueError(f"graph {graph.name!r} has a cycle")
    for name in sorted(names, key=lambda n: -rank[n]):  # from the bottom up
        below = [rank[t] for s, t in graph.edges if s == name]
        if below:
            rank[name] = min(below) - 1
    return rank


def graph_positions(graph):
    """Row and column of every node, columns ordered to keep edges short.

    Returns
    -------
    dict of str -> (int, float)
        Node name -> ``(row, column)``; the columns of a row are centred on 0.
    """
    rank = graph_ranks(graph)
    rows = {}
    for node in graph.nodes:
        rows.setdefault(rank[node.name], []).append(node.name)
    column = {}
    for row in sorted(rows):
        members = rows[row]
        if row > 0:  # order by the mean column of the predecessors (barycentre)
            first = {name: index for index, name in enumerate(members)}

            def key(name, first=first):
                above = [column[p] for p in graph.predecessors(name) if p in column]
                return (sum(above) / len(above), first[name]) if above else (first[name], 0)
            members.sort(key=key)
        for index, name in enumerate(members):
            column[name] = index - (len(members) - 1) / 2
    return {name: (rank[name], column[name]) for name in rank}

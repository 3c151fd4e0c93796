import pytest

from dlcourse.keras_helpers import graph


def _sum_model(keras):
    image = keras.Input(shape=(6,), name="image")
    typed = keras.Input(shape=(2,), name="typed")
    features = keras.layers.Dense(4, name="encoder")(image)
    digit = keras.layers.Dense(3, name="digit")(features)
    merged = keras.layers.Concatenate(name="merge")([digit, typed])
    total = keras.layers.Dense(5, name="sum")(merged)
    return keras.Model({"image": image, "typed": typed}, {"sum": total, "digit": digit},
                       name="sum_model")


def _siamese(keras):
    encoder = keras.Sequential([keras.Input(shape=(6,)), keras.layers.Dense(4)], name="encoder")
    a, b = keras.Input(shape=(6,), name="a"), keras.Input(shape=(6,), name="b")
    distance = keras.ops.abs(encoder(a) - encoder(b))
    return keras.Model([a, b], keras.layers.Dense(1, name="same")(distance), name="siamese")


def test_sequential_is_a_chain_from_its_input(keras):
    model = keras.Sequential([keras.Input(shape=(5,)), keras.layers.Dense(3, name="h"),
                              keras.layers.Dense(2, name="out")], name="stack")
    g = graph.model_graph(model)
    names = [n.name for n in g.nodes]
    assert names[1:] == ["h", "out"] and g.nodes[0].is_input
    assert g.edges == ((names[0], "h"), ("h", "out"))
    assert [n.params for n in g.nodes] == [0, 18, 8]
    assert g.node("out").output_shape == "(None, 2)" and g.node("out").is_output
    assert not g.node("h").is_output


def test_two_inputs_two_outputs(keras):
    g = graph.model_graph(_sum_model(keras))
    assert set(g.edges) == {("image", "encoder"), ("encoder", "digit"), ("digit", "merge"),
                            ("typed", "merge"), ("merge", "sum")}
    assert set(g.predecessors("merge")) == {"digit", "typed"}
    assert {n.name for n in g.nodes if n.is_output} == {"sum", "digit"}
    assert g.successors("digit") == ["merge"]
    ranks = graph.graph_ranks(g)
    assert ranks["image"] == 0 and ranks["merge"] == 3
    assert ranks["typed"] == 2  # moved down next to the layer it feeds


def test_shared_encoder_is_one_node_called_twice(keras):
    g = graph.model_graph(_siamese(keras))
    encoder = g.node("encoder")
    assert encoder.type == "Sequential" and encoder.calls == 2 and encoder.params == 28
    assert set(g.predecessors("encoder")) == {"a", "b"}
    assert sum(1 for edge in g.edges if edge[0] == "encoder") == 1  # both calls feed one op, once
    assert all(n.calls == 1 for n in g.nodes if n.name != "encoder")


def test_positions_put_every_edge_downwards_and_rows_centred(keras):
    for model in (_sum_model(keras), _siamese(keras)):
        g = graph.model_graph(model)
        positions = graph.graph_positions(g)
        assert all(positions[a][0] < positions[b][0] for a, b in g.edges)
        for row in {r for r, _ in positions.values()}:
            columns = sorted(c for r, c in positions.values() if r == row)
            assert sum(columns) == pytest.approx(0)
            assert all(b - a == 1 for a, b in zip(columns, columns[1:]))


def test_ranks_reject_a_cycle():
    nodes = tuple(graph.GraphNode(n, "Dense", "(None, 1)", 2, 1) for n in "abc")
    cyclic = graph.ModelGraph("loop", nodes, (("a", "b"), ("b", "c"), ("c", "a")))
    with pytest.raises(ValueError, match="cycle"):
        graph.graph_ranks(cyclic)
    chain = graph.ModelGraph("chain", nodes, (("a", "b"), ("b", "c")))
    assert graph.graph_ranks(chain) == {"a": 0, "b": 1, "c": 2}


def test_errors_name_the_problem(keras):
    with pytest.raises(ValueError, match="not built"):
        graph.model_graph(keras.Sequential([keras.layers.Dense(2)]))
    with pytest.raises(TypeError, match="list"):
        graph.model_graph([1, 2])
    g = graph.model_graph(_siamese(keras))
    with pytest.raises(ValueError, match="unknown node 'nope'; choose one of '"):
        g.node("nope")

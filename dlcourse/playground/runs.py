"""Many playground runs at once: settings x seeds, trained side by side, and compared.

For experiments (chapter 00's exercises): :func:`train_runs` trains many
:class:`~dlcourse.playground.engine.Config` at once and returns :class:`Runs`;
:func:`compare` trains named settings over the same seeds and returns a
:class:`Comparison` (tables, medians, each run as a trained
:class:`~dlcourse.playground.engine.Playground`;
:func:`dlcourse.playground.figures.plot_comparison` draws it).

Runs that share the depth, activation, batch size and data size are packed side by side
into one wider :class:`dlcourse.references.nn.Network` with block-diagonal weights (each
block is one run; the blocks never mix because the off-block weights stay exactly
zero), which costs little more than training one of them.

Example
-------
>>> from dlcourse.playground import Config
>>> result = compare({"linear": {"hidden_layers": ()}}, base=Config(), seeds=[0], num_epochs=2)
>>> result.test_loss["linear"].shape
(1, 3)
"""

import numpy as np

from dlcourse.core.validation import check_int
from dlcourse.playground.engine import (
    Config,
    Playground,
    PlaygroundSGD,
    batch_plan,
    half_squared_errors,
    one_blas_thread,
)
from dlcourse.playground.inputs import targets
from dlcourse.references import nn

__all__ = ["Comparison", "Runs", "compare", "total_rise", "train_runs"]


class Runs:
    """Results of :func:`train_runs`, one row per configuration.

    Attributes
    ----------
    configs : list of Config
    train_loss, test_loss : numpy.ndarray of shape (runs, epochs + 1)
        Losses after every epoch, epoch 0 (the initial weights) first. A run whose
        weights overflowed holds NaN from then on.
    """

    def __init__(self, configs, train_loss, test_loss, weights, dead):
        self.configs = list(configs)
        self.train_loss = train_loss
        self.test_loss = test_loss
        self._weights = weights
        self._dead = dead

    def __len__(self):
        return len(self.configs)

    @property
    def final_train_loss(self):
        return self.train_loss[:, -1]

    @property
    def final_test_loss(self):
        return self.test_loss[:, -1]

    def weights(self, index):
        """Run ``index``'s trained ``[(W0, b0), (W1, b1), ...]`` (without rebuilding it)."""
        w = self._weights[index]
        return [(w[2 * l], w[2 * l + 1]) for l in range(len(w) // 2)]

    def dead_links(self, index):
        """Run ``index``'s links frozen at zero by L1, one boolean mask per weight matrix."""
        return list(self._dead[index])

    def playground(self, index):
        """Run ``index`` as a :class:`Playground`, with its trained weights and history."""
        pg = Playground(self.configs[index])
        pg.network.set_weights(self._weights[index])
        pg.optimizer.dead = [mask.copy() for mask in self._dead[index]]
        num_epochs = self.train_loss.shape[1] - 1
        pg.epoch = num_epochs
        pg.history = {"epoch": list(range(num_epochs + 1)),
                      "train_loss": self.train_loss[index].tolist(),
                      "test_loss": self.test_loss[index].tolist()}
        return pg


def _pack_key(config):
    return (len(config.hidden_layers), config.activation, config.output_activation,
            config.batch_size, config.problem, config.train_percent)


def _train_pack(configs, num_epochs):
    """Train runs that share a pack key side by side in one block-diagonal nn.Network.

    Returns the losses, each run's weights and dead links, and whether a value became
    inf or NaN in a pack of several runs (then the runs may have mixed, since
    ``0 * nan`` is nan, and the pack stops early; a single run just goes on).
    """
    depth = len(configs[0].hidden_layers)
    widths = [[c.num_inputs, *c.hidden_layers, 1] for c in configs]  # per run, per layer
    offsets = np.zeros((len(configs) + 1, depth + 2), dtype=int)
    offsets[1:] = np.cumsum(widths, axis=0)  # where each run's units start, per layer
    net = nn.Network([int(s) for s in offsets[-1]], activation=configs[0].activation,
                     output_activation=configs[0].output_activation,
                     loss="half_squared_error", seed=0)

    def block(k, l):  # run k's rows and columns of weight matrix l
        return (slice(offsets[k, l], offsets[k + 1, l]),
                slice(offsets[k, l + 1], offsets[k + 1, l + 1]))

    X_train, Y_train, X_test, Y_test = [], [], [], []
    params = [np.zeros_like(p) for p in net.params]
    eta = [np.zeros_like(p) for p in net.params]  # 0 off the blocks: never updated
    l1 = [np.zeros_like(W) for W in net.W]
    l2 = [np.zeros_like(W) for W in net.W]
    for k, cfg in enumerate(configs):
        alone = Playground(cfg)  # the run's data, inputs and initial weights
        X_train.append(alone.train_inputs)
        X_test.append(alone.test_inputs)
        Y_train.append(targets(alone.train_labels))
        Y_test.append(targets(alone.test_labels))
        initial = alone.network.get_weights()
        for l in range(depth + 1):
            rows, cols = block(k, l)
            params[2 * l][rows, cols] = initial[2 * l]
            params[2 * l + 1][cols] = initial[2 * l + 1]
            eta[2 * l][rows, cols] = cfg.learning_rate
            eta[2 * l + 1][cols] = cfg.learning_rate
            if cfg.regularization == "L1":
                l1[l][rows, cols] = cfg.regularization_rate
            elif cfg.regularization == "L2":
                l2[l][rows, cols] = cfg.regularization_rate
    net.set_weights(params)
    X_train, X_test = np.hstack(X_train), np.hstack(X_test)  # (m, all runs' features)
    Y_train, Y_test = np.column_stack(Y_train), np.column_stack(Y_test)  # (m, runs)
    optimizer = PlaygroundSGD(eta, l1, l2)
    plan = batch_plan(X_train, Y_train, configs[0].batch_size)

    train_loss = np.empty((len(configs), num_epochs + 1))
    test_loss = np.empty((len(configs), num_epochs + 1))
    params = net.params
    with np.errstate(over="ignore", invalid="ignore"):
        for epoch in range(num_epochs + 1):
            if epoch:
                for X, Y in plan[epoch > 1]:
                    net.forward(X)
                    optimizer.step(params, net.backward(Y))
            train_loss[:, epoch] = half_squared_errors(net.forward(X_train), Y_train)
            test_loss[:, epoch] = half_squared_errors(net.forward(X_test), Y_test)
            if len(configs) > 1 and not np.all(np.isfinite(train_loss[:, epoch])):
                return train_loss, test_loss, None, None, True

    weights, dead = [], []
    for k in range(len(configs)):
        run_weights, run_dead = [], []
        for l in range(depth + 1):
            rows, cols = block(k, l)
            run_weights += [net.W[l][rows, cols].copy(), net.b[l][cols].copy()]
            run_dead.append(optimizer.dead[l][rows, cols].copy())
        weights.append(run_weights)
        dead.append(run_dead)
    return train_loss, test_loss, weights, dead, False


def _train_alone(config, num_epochs):
    pg = Playground(config).step(num_epochs)
    return (np.array(pg.history["train_loss"]), np.array(pg.history["test_loss"]),
            [p.copy() for p in pg.network.params], pg.dead_links())


def train_runs(configs, num_epochs, max_pack=32, max_units=64):
    """Train many configurations (e.g. settings x seeds) for ``num_epochs`` epochs each.

    Each run is trained exactly as a :class:`Playground` with its config would be
    (the same data, initial weights and update rule; results agree up to rounding).
    Runs with the same depth, activation, batch size, problem type and train ratio are
    trained together in one block-diagonal network, up to ``max_pack`` runs and
    ``max_units`` units per layer at a time: small matrix products cost about as much
    as tiny ones, so a pack of eight 7-8-1 networks trains in about twice the time of
    one.

    Parameters
    ----------
    configs : iterable of Config
    num_epochs : int
    max_pack : int
        Most runs per packed network (1 trains them one by one).
    max_units : int
        Most units per layer of a packed network (inputs and hidden layers).

    Returns
    -------
    Runs

    Example
    -------
    >>> base = Config(dataset="spiral", features=ALL_FEATURES, hidden_layers=(8,))
    >>> runs = train_runs([base.replace(seed=s) for s in range(3)], num_epochs=5)
    >>> runs.test_loss.shape
    (3, 6)
    """
    configs = list(configs)
    for i, cfg in enumerate(configs):
        if not isinstance(cfg, Config):
            raise TypeError(f"configs[{i}] must be a playground.Config, got {type(cfg).__name__}")
    num_epochs = check_int("num_epochs", num_epochs, minimum=0, maximum=10**7)
    max_pack = check_int("max_pack", max_pack, minimum=1, maximum=1024)
    max_units = check_int("max_units", max_units, minimum=1, maximum=10**5)
    groups = {}
    for i, cfg in enumerate(configs):
        groups.setdefault(_pack_key(cfg), []).append(i)
    packs = []
    for members in groups.values():
        pack, units = [], None
        for i in members:
            widths = np.array([configs[i].num_inputs, *configs[i].hidden_layers])
            if pack and (len(pack) == max_pack or np.any(units + widths > max_units)):
                packs.append(pack)
                pack, units = [], None
            pack.append(i)
            units = widths if units is None else units + widths
        packs.append(pack)

    train_loss = np.empty((len(configs), num_epochs + 1))
    test_loss = np.empty((len(configs), num_epochs + 1))
    weights, dead = [None] * len(configs), [None] * len(configs)
    for pack in packs:
        with one_blas_thread():
            tr, te, w, d, overflowed = _train_pack([configs[i] for i in pack], num_epochs)
        if overflowed:
            # A run overflowed and may have spread NaN to its pack: train them one by one.
            for i in pack:
                train_loss[i], test_loss[i], weights[i], dead[i] = _train_alone(
                    configs[i], num_epochs)
            continue
        train_loss[pack], test_loss[pack] = tr, te
        for j, i in enumerate(pack):
            weights[i], dead[i] = w[j], d[j]
    return Runs(configs, train_loss, test_loss, weights, dead)


def total_rise(losses):
    """How much a loss curve goes *up* on its way: the sum of its epoch-to-epoch increases.

    0 for a curve that only falls; large for a noisy one. NaN (an overflowed run) counts
    as no change. Works on one curve or on rows of curves (the last axis is the epoch).
    """
    steps = np.diff(np.asarray(losses, dtype=float), axis=-1)
    return np.nansum(np.maximum(steps, 0.0), axis=-1)


class Comparison:
    """Several settings, each trained over the same seeds: what an exercise compares.

    Made by :func:`compare`. For each setting name, ``test_loss[name]`` and
    ``train_loss[name]`` are arrays of shape ``(seeds, epochs + 1)``.
    :func:`dlcourse.playground.figures.plot_comparison` draws the median curves.
    """

    def __init__(self, names, seeds, runs):
        self.names = list(names)
        self.seeds = list(seeds)
        self.runs = runs
        k = len(self.seeds)
        self._rows = {name: range(i * k, (i + 1) * k) for i, name in enumerate(self.names)}
        self.test_loss = {name: runs.test_loss[list(r)] for name, r in self._rows.items()}
        self.train_loss = {name: runs.train_loss[list(r)] for name, r in self._rows.items()}

    def config(self, name, seed_index=0):
        return self.runs.configs[self._rows[name][seed_index]]

    def median(self, name, epoch=-1, kind="test"):
        """Median over the seeds of the test (or train) loss after ``epoch`` epochs."""
        losses = self.test_loss if kind == "test" else self.train_loss
        return float(np.median(losses[name][:, epoch]))

    def final(self, name):
        """Each seed's test loss after the last epoch."""
        return self.test_loss[name][:, -1]

    def rise(self, name):
        """Median over the seeds of :func:`total_rise` of the test loss."""
        return float(np.median(total_rise(self.test_loss[name])))

    def playground(self, name, seed_index=0):
        """That run as a trained :class:`Playground` (for its pictures)."""
        return self.runs.playground(self._rows[name][seed_index])

    def weights(self, name):
        """Each seed's trained ``[(W0, b0), ...]``, in the order of the seeds."""
        return [self.runs.weights(i) for i in self._rows[name]]

    def dead_fraction(self, name):
        """Median over the seeds of the fraction of links that L1 froze at zero."""
        return float(np.median([np.mean(np.concatenate([d.ravel() for d in self.runs.dead_links(i)]))
                                for i in self._rows[name]]))

    def table(self, at=None):
        """One row per setting: median, lowest and highest final test loss, and the rise.

        ``at``: also the median test loss after that many epochs.
        """
        from dlcourse.core.tables import Table

        rows = []
        for name in self.names:
            final = self.final(name)
            row = {"setting": name, "median test loss": self.median(name),
                   "lowest test loss": float(np.nanmin(final)),
                   "highest test loss": float(np.nanmax(final))}
            if at is not None:
                row[f"median test loss at epoch {at}"] = self.median(name, at)
            row["median rise"] = round(self.rise(name), 3)
            rows.append(row)
        return Table(rows)


def compare(settings, base, seeds, num_epochs):
    """Train every setting over every seed (packed, see :func:`train_runs`).

    Parameters
    ----------
    settings : dict
        Setting name -> changes to ``base``, e.g. ``{"batch 1": {"batch_size": 1}}``.
    base : Config
    seeds : iterable of int
    num_epochs : int

    Returns
    -------
    Comparison

    Example
    -------
    >>> result = compare({"no hidden layer": {"hidden_layers": ()},
    ...                   "one of 4": {"hidden_layers": (4,)}},
    ...                  base=Config(), seeds=[0, 1], num_epochs=3)
    >>> result.test_loss["one of 4"].shape
    (2, 4)
    """
    if not isinstance(base, Config):
        raise TypeError(f"base must be a playground.Config, got {type(base).__name__}")
    seeds = list(seeds)
    if not seeds:
        raise ValueError("seeds is empty; give at least one seed")
    configs = [base.replace(**changes, seed=seed) for changes in settings.values()
               for seed in seeds]
    return Comparison(settings, seeds, train_runs(configs, num_epochs))

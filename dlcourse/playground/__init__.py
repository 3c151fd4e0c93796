"""TensorFlow Playground in a notebook, one module per role:

- ``inputs``: its six data sets (made by ``dlcourse.data.toy``), the train/test split,
  the seven input features;
- ``engine``: the settings (``Config``), the update rule (``PlaygroundSGD``) and one
  network with its data (``Playground``);
- ``runs``: many settings and seeds trained at once (``train_runs``, ``compare``);
- ``figures``: matplotlib figures (``plot_data``, ``plot_output``, ``plot_network``,
  ``plot_loss_history``, ``plot_comparison``, ``plot_playground``);
- ``svg`` and ``ui``: the interactive page (SVG frames; the ipywidgets app and Voila).

The public names of ``inputs``, ``engine``, ``runs`` and ``figures`` are offered here
too, each defined in one of them: ``from dlcourse.playground import Config, compare``.
It imports ``dlcourse.core``, ``dlcourse.data`` and ``dlcourse.references``, never
``dlcourse.presentation`` (the playground draws its own figures).
"""

from dlcourse.core.lazy import lazy_package

__getattr__, __dir__ = lazy_package(__name__, __path__,
                                    main=("inputs", "engine", "runs", "figures"))

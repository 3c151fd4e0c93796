"""What a learner sees: figures and thin widgets, one module per topic.

- figures, each ``plot_*(..., ax=None)`` returning its Axes (or Figure): ``plots``
  (images, predictions, histories; and ``ensure_axes``), ``plots_losses``,
  ``plots_networks`` (diagrams, graphs, decision regions), ``plots_training``
  (activations, gradients, weights, schedules), ``plots_optimization``; the live
  training plot callback (``live_plot``);
- widgets over pure functions: ``widgets`` (data and models: chapters 00-04, 12) and
  ``widgets_training`` (chapters 05-11), all wired by ``wiring.interactive_figure``.

May import every layer above; no other layer imports it (the playground draws its own
figures).
"""

from dlcourse.core.lazy import lazy_package

__getattr__, __dir__ = lazy_package(__name__, __path__)

"""Benchmark: 500 epochs of the playground exercises' network, one run and eight at once.

Run from the repository root (a script, not collected by pytest)::

    python tests/benchmarks/bench_playground.py [--repeats 3]

The configuration of the course material's exercises 5-8: the spiral, all seven
features, one hidden layer of 8 tanh neurons, batch size 10, learning rate 0.03; 250
training points, so 25 updates per epoch and 12,500 in 500 epochs.

1. ``Playground(config).step(500)``: one network (what the widget trains). Target: < 2 s.
2. ``train_runs`` of the same configuration over 8 seeds (packed into one network).

Wall-clock and CPU time are both printed: on a machine busy with other work the wall
clock can be several times the CPU time. The best of ``--repeats`` counts.
"""

import argparse
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))

from dlcourse import playground as P  # noqa: E402

TARGET_SECONDS = 2.0


def timed(function):
    wall, cpu = time.perf_counter(), time.process_time()
    result = function()
    return time.perf_counter() - wall, time.process_time() - cpu, result


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--epochs", type=int, default=500)
    args = parser.parse_args()
    config = P.Config(dataset="spiral", features=P.ALL_FEATURES, hidden_layers=(8,),
                      batch_size=10, learning_rate=0.03)
    print(f"{args.epochs} epochs of: {config.describe()}")
    single = [timed(lambda: P.Playground(config).step(args.epochs)) for _ in range(args.repeats)]
    wall, cpu, pg = min(single, key=lambda r: r[0])
    print(f"one run:          {wall:.2f} s wall, {cpu:.2f} s CPU "
          f"(test loss {pg.test_loss:.3f}); target < {TARGET_SECONDS:.0f} s: "
          f"{'met' if wall < TARGET_SECONDS else 'MISSED'}")
    configs = [config.replace(seed=s) for s in range(8)]
    packed = [timed(lambda: P.train_runs(configs, args.epochs)) for _ in range(args.repeats)]
    wall, cpu, runs = min(packed, key=lambda r: r[0])
    print(f"8 seeds, packed:  {wall:.2f} s wall, {cpu:.2f} s CPU "
          f"({wall / 8:.2f} s per run; mean test loss {runs.final_test_loss.mean():.3f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())

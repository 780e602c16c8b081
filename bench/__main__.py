"""python -m bench [--requests N] [--repeat R] [--only NAME]: time the registered benchmarks."""
import argparse
import importlib
import sys

from bench import BENCHMARKS
from bench.database import bench_app

BENCHMARK_MODULES = ["bench.reports", "bench.queue"]


def parse(argv):
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--requests", type=int, default=1_000_000,
                        help="size of the generated history (default 1,000,000; cached by size)")
    parser.add_argument("--repeat", type=int, default=5, help="timed repetitions (median shown)")
    parser.add_argument("--only", action="append", help="run only this benchmark (repeatable)")
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse(argv if argv is not None else sys.argv[1:])
    for module in BENCHMARK_MODULES:
        importlib.import_module(module)
    app = bench_app(args.requests)
    names = args.only or list(BENCHMARKS)
    print(f"\n{'benchmark':<46}{'median':>10}{'min':>10}{'max':>10}   ({args.repeat} runs, "
          f"{args.requests:,} requests)")
    for name in names:
        measurements, ratios = BENCHMARKS[name](app, args.repeat)
        for m in measurements:
            print(f"{m.name:<46}{m.median:>9.3f}s{min(m.samples):>9.3f}s{max(m.samples):>9.3f}s")
        for ratio in ratios:
            verdict = "" if ratio.aim is None else (
                f"   (aim ≤ {ratio.aim}x: {'met' if ratio.value <= ratio.aim else 'NOT met'})")
            print(f"{ratio.name:<46}{ratio.value:>9.2f}x{verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
